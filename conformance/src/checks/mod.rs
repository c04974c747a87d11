//! The groups of checks, one file each, run in order: identity first (it signs in the two
//! users the others act as), then what Zendesk's API offers, then Helpline's additions.

mod comments;
mod context;
mod csat;
mod help_center;
mod identity;
mod messaging;
mod push;
mod realtime;
mod settings;
mod several;
mod tickets;
mod uploads;

use helpline_protocol::{Request, RequestEnvelope, paths};
use serde_json::json;

use crate::Options;
use crate::client::{Answer, Client};
use crate::report::{Failure, Group, Report};

/// A signed-in end user.
pub(crate) struct User {
    pub token: String,
    pub id: u64,
}

/// What every group shares.
pub(crate) struct Ctx<'a> {
    pub client: Client,
    pub options: &'a Options,
    /// Two users (`a` acts, `b` must not see `a`'s things); `None` when sign-in failed.
    pub users: Option<(User, User)>,
}

impl Ctx<'_> {
    pub(crate) fn agent(&self) -> Option<&str> {
        self.options.agent_token.as_deref()
    }

    /// The users, or the group says why it cannot run.
    pub(crate) fn users_or_skip(&self, group: &mut Group) -> Option<(&User, &User)> {
        match &self.users {
            Some((a, b)) => Some((a, b)),
            None => {
                group.skip("every check of the group", "needs a signed-in user, and the identity checks failed");
                None
            }
        }
    }
}

pub(crate) async fn run(options: &Options) -> anyhow::Result<Report> {
    let client = Client::new(&options.server, options.timeout)?;
    let mut ctx = Ctx { client, options, users: None };
    let mut groups = vec![identity::run(&mut ctx).await];
    groups.push(tickets::run(&ctx).await);
    groups.push(comments::run(&ctx).await);
    groups.push(uploads::run(&ctx).await);
    groups.push(help_center::run(&ctx).await);
    groups.push(settings::run(&ctx).await);
    groups.push(messaging::run(&ctx).await);
    groups.push(realtime::run(&ctx).await);
    groups.push(push::run(&ctx).await);
    groups.push(csat::run(&ctx).await);
    groups.push(context::run(&ctx).await);
    Ok(Report { server: options.server.to_string(), groups })
}

/// A 404 to the probe of a capability: it is absent (`Some(why)`).
pub(crate) fn absent(answer: &Answer) -> Option<String> {
    (answer.status == 404).then(|| format!("{} answered 404", answer.what))
}

/// A name no earlier run used.
pub(crate) fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::new_v4())
}

/// The user files a request; its `Request` as the helpdesk answered.
pub(crate) async fn create_request(ctx: &Ctx<'_>, user: &User, subject: &str) -> Result<Request, Failure> {
    let body = json!({"request": {
        "subject": subject,
        "comment": {"body": format!("{subject}: written by the conformance kit.")},
        "tags": ["helpline_conformance"],
    }});
    let answer = ctx
        .client
        .post(paths::REQUESTS)
        .token(&user.token)
        .header("idempotency-key", &uuid::Uuid::new_v4().to_string())
        .json(body)
        .send()
        .await;
    Ok(answer.json::<RequestEnvelope>(201, "RequestEnvelope")?.request)
}
