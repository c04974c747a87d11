//! helpline-conformance: the Helpline wire contract (docs/CONTRACT.md) as checks a backend team
//! runs against its own helpdesk, a Zendesk account or the reference server.
//!
//! Checks are grouped by capability (identity, tickets, comments, uploads, help center,
//! settings, messaging, realtime, push, CSAT). Each asserts something the SDK relies on and, when
//! it fails, says what the contract expects and what came. A capability the helpdesk does not
//! offer (its endpoint answers 404) is reported as absent, its group skipped: a stock Zendesk
//! has none of Helpline's additions, and the SDK degrades without them. Everything goes over the
//! wire: the kit knows nothing of any server's internals.
//!
//! It creates what it needs (anonymous users, tickets, with `--agent-token` an article it then
//! archives): run it against a sandbox, not a production account.

mod checks;
mod client;
mod report;

use std::time::Duration;

pub use report::{Check, Failure, Group, Origin, Outcome, Report};
use url::Url;

/// What a run needs to know.
#[derive(Debug, Clone)]
pub struct Options {
    /// The helpdesk's base URL (`https://support.example.com`).
    pub server: Url,
    /// An agent's Bearer token: unlocks the checks that need an agent (closing a ticket,
    /// answering it, writing and archiving an article, the agent's article export).
    pub agent_token: Option<String>,
    /// The secret that signs the JWTs of `/access/sdk/jwt` (HS256): unlocks the JWT checks.
    pub jwt_secret: Option<String>,
    /// The app id whose SDK settings are read, sent as `App-Identifier`.
    pub app_id: String,
    /// The help-center locale checked.
    pub locale: String,
    /// One call's timeout.
    pub timeout: Duration,
}

impl Options {
    pub fn new(server: Url) -> Self {
        Self {
            server,
            agent_token: None,
            jwt_secret: None,
            app_id: "helpline-conformance".into(),
            locale: "en-us".into(),
            timeout: Duration::from_secs(20),
        }
    }
}

/// Runs every group against `options.server`. Fails only when the kit itself cannot start
/// (no TLS set-up); whatever the helpdesk does is in the report.
pub async fn run(options: &Options) -> anyhow::Result<Report> {
    // reqwest is built without a crypto provider in this workspace: ring, as in the SDK.
    let _ = rustls::crypto::ring::default_provider().install_default();
    checks::run(options).await
}
