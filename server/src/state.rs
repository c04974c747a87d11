//! What every handler shares: the store, the server's identity and its protective layers.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRef;

use crate::db::Db;
use crate::faults::Faults;
use crate::idempotency::KeyLocks;
use crate::messaging::Hub;
use crate::rate_limit::RateLimiter;

#[derive(Clone)]
pub(crate) struct AppState {
    pub db: Db,
    /// `http://127.0.0.1:PORT`: prefix of every absolute URL the server hands out.
    pub base_url: Arc<str>,
    pub agent_token: Arc<str>,
    pub jwt_secret: Arc<str>,
    /// The demo agent ("Sam (Support)"): author of every agent-side comment.
    pub agent_id: u64,
    pub faults: Faults,
    /// Per access token.
    pub rate_limiter: Option<Arc<RateLimiter>>,
    /// Sign-in calls, per client address.
    pub sign_in_limiter: Option<Arc<RateLimiter>>,
    pub idempotency_locks: Arc<KeyLocks>,
    /// Live messaging: open WebSockets and their subscriptions.
    pub realtime: Arc<Hub>,
    /// Where uploaded files are kept: `uploads/` beside the database.
    pub uploads_dir: Arc<Path>,
    /// How long an upload's token stays valid.
    pub upload_ttl: Duration,
    /// How long an access token stays valid after its sign-in.
    pub token_ttl: Duration,
    /// Bytes of files one user may have stored.
    pub upload_quota_bytes: u64,
    /// A realtime connection without a frame from its client for this long is closed.
    pub ws_idle_timeout: Duration,
    /// A frame the client does not take within this long drops its connection.
    pub ws_send_timeout: Duration,
    /// Stock-Zendesk mode: Helpline's additions are off (`ServerConfig::zendesk_only`).
    pub zendesk_only: bool,
}

impl FromRef<AppState> for Faults {
    fn from_ref(state: &AppState) -> Faults {
        state.faults.clone()
    }
}
