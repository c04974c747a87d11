//! App context (CONTRACT.md "App context"): the user's fields (Zendesk's `user_fields` on
//! `users/me`) and a new ticket's `metadata`. A Zendesk account keeps only the fields an admin
//! created and shows a ticket's metadata in its first audit: those checks are skipped, with
//! why, when the answer does not carry them.

use helpline_protocol::{RequestEnvelope, TicketEnvelope, UserEnvelope, paths};
use serde_json::json;

use super::{Ctx, User, unique};
use crate::client::ensure;
use crate::report::{Failure, Group, Origin};

const FIELD: &str = "helpline_conformance";

pub(crate) async fn run(ctx: &Ctx<'_>) -> Group {
    let mut group = Group::new("context", Origin::Zendesk);
    let Some((ana, _)) = ctx.users_or_skip(&mut group) else { return group };
    let set = put_fields(ctx, ana, json!({FIELD: "yes", "helpline_conformance_n": 3})).await;
    group.record(
        "PUT users/me.json with user_fields answers 200 with the caller",
        set.as_ref().map_err(Clone::clone).and_then(|u| ensure(u.id == ana.id, ana.id.to_string(), u.id.to_string())),
    );
    const MERGED: &str = "user_fields come back merged, null removing one";
    const NAMED: &str = "a field name outside [a-z0-9_] answers 422 naming it";
    match set.ok().and_then(|u| u.user_fields).filter(|f| f.contains_key(FIELD)) {
        Some(_) => {
            let changed = put_fields(ctx, ana, json!({"helpline_conformance_n": null, "helpline_conformance_b": true}));
            group.record(
                MERGED,
                changed.await.and_then(|u| {
                    let fields = u.user_fields.unwrap_or_default();
                    let got = serde_json::to_string(&fields).unwrap_or_default();
                    let kept =
                        fields.get(FIELD) == Some(&json!("yes")) && fields.contains_key("helpline_conformance_b");
                    ensure(
                        kept && !fields.contains_key("helpline_conformance_n"),
                        "the first kept, n removed, b added",
                        got,
                    )
                }),
            );
            let bad = json!({"user": {"user_fields": {"Not-A-Name": 1}}});
            let refused = ctx.client.put(paths::ME).token(&ana.token).json(bad).send().await;
            group.record(
                NAMED,
                refused.json::<serde_json::Value>(422, "an error").and_then(|v| {
                    let named = v["details"].get("user_fields.Not-A-Name").is_some();
                    ensure(named, "details naming user_fields.Not-A-Name", v.to_string())
                }),
            );
        }
        None => {
            let why = "the answer does not carry the fields set (a Zendesk account keeps only those an admin created)";
            group.skip(MERGED, why);
            group.skip(NAMED, why);
        }
    }
    metadata(ctx, ana, &mut group).await;
    group
}

async fn put_fields(ctx: &Ctx<'_>, user: &User, fields: serde_json::Value) -> Result<helpline_protocol::User, Failure> {
    let body = json!({"user": {"user_fields": fields}});
    let answer = ctx.client.put(paths::ME).token(&user.token).json(body).send().await;
    Ok(answer.json::<UserEnvelope>(200, "UserEnvelope")?.user)
}

/// A request with `metadata` is taken; the agent's ticket shows it (when the helpdesk does).
async fn metadata(ctx: &Ctx<'_>, user: &User, group: &mut Group) {
    let metadata = json!({
        "custom": {"order_id": "A-1042"},
        "device": {"os": "conformance", "sdk_version": "0", "locale": "en-us"},
        "breadcrumbs": [{"text": "Opened the kit", "at": "2026-11-24T19:20:41Z"}]
    });
    let body = json!({"request": {
        "subject": unique("With context"),
        "comment": {"body": "Written by the conformance kit, with metadata."},
        "metadata": metadata,
    }});
    let created = ctx.client.post(paths::REQUESTS).token(&user.token).json(body).send().await;
    let created = created.json::<RequestEnvelope>(201, "RequestEnvelope").map(|r| r.request.id);
    group.record("a request with metadata answers 201", created.as_ref().map(|_| ()).map_err(Clone::clone));
    const SHOWN: &str = "the agent's ticket carries the metadata";
    let (Ok(id), Some(agent)) = (created, ctx.agent()) else {
        return group.skip(SHOWN, "needs --agent-token and the request above");
    };
    let ticket = ctx.client.get(&paths::agent_ticket(id)).token(agent).send().await;
    match ticket.json::<TicketEnvelope>(200, "TicketEnvelope") {
        Ok(t) => match t.ticket.metadata {
            Some(seen) => group.record(
                SHOWN,
                ensure(
                    serde_json::to_value(&seen).ok() == Some(metadata.clone()),
                    metadata.to_string(),
                    serde_json::to_string(&seen).unwrap_or_default(),
                ),
            ),
            None => group.skip(SHOWN, "not on the ticket (a Zendesk account shows it in the ticket's first audit)"),
        },
        Err(e) => group.record(SHOWN, Err(e)),
    }
}
