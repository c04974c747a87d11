//! Several conversations and rich answers (Helpline), in the messaging group: the list's last
//! messages, nobody else's conversations listed, another conversation started (or refused by
//! the app's settings, 422 naming `conversation`), and an answer to nothing refused.

use helpline_protocol::{ConversationEnvelope, ConversationsPage, ErrorBody, Message, paths};
use serde_json::json;

use super::{Ctx, User};
use crate::client::ensure;
use crate::report::Group;

pub(crate) async fn run(ctx: &Ctx<'_>, group: &mut Group, ana: &User, bob: &User, message: &Message) {
    let list = ctx.client.get(paths::CONVERSATIONS).token(&ana.token).send().await;
    group.record(
        "the list carries each conversation's last message",
        list.json::<ConversationsPage>(200, "ConversationsPage").and_then(|page| {
            let ours = page.conversations.iter().find(|c| c.id == message.conversation_id);
            let last = ours.and_then(|c| c.last_message.as_deref()).map(|m| m.seq);
            ensure(last == Some(message.seq), format!("last_message seq {}", message.seq), format!("{last:?}"))
        }),
    );
    let theirs = ctx.client.get(paths::CONVERSATIONS).token(&bob.token).send().await;
    group.record(
        "another user's conversations are not listed",
        theirs.json::<ConversationsPage>(200, "ConversationsPage").and_then(|page| {
            let ids: Vec<u64> = page.conversations.iter().map(|c| c.id).collect();
            ensure(!ids.contains(&message.conversation_id), "not Ana's", format!("{ids:?}"))
        }),
    );
    let body = json!({"conversation": {"new": true, "metadata": {"source": "helpline-conformance"}}});
    let call = ctx.client.post(paths::CONVERSATIONS).token(&ana.token).header("app-identifier", &ctx.options.app_id);
    let another = call.json(body).send().await;
    group.record(
        "\"new\": true starts another conversation, or 422 naming conversation when one is allowed",
        another.expect_any(&[201, 422]).and_then(|a| {
            if a.status == 422 {
                let error: ErrorBody = a.decode("ErrorBody")?;
                let field = error.first_invalid_field().map(|(f, _)| f.to_owned());
                return ensure(field.as_deref() == Some("conversation"), "conversation", format!("{field:?}"));
            }
            let started: ConversationEnvelope = a.decode("ConversationEnvelope")?;
            let id = started.conversation.id;
            ensure(id != message.conversation_id, "another id", id.to_string())
        }),
    );
    let reply = json!({"message": {"client_id": uuid::Uuid::new_v4().to_string(), "text": "Yes",
                                   "reply": {"message_id": message.id, "payload": "not-offered"}}});
    let path = paths::conversation_messages(message.conversation_id);
    let refused = ctx.client.post(&path).token(&ana.token).json(reply).send().await;
    group.record(
        "an answer to a choice no message offers is refused (422 naming reply)",
        refused.expect(422).and_then(|a| {
            let error: ErrorBody = a.decode("ErrorBody")?;
            let field = error.first_invalid_field().map(|(f, _)| f.to_owned()).unwrap_or_default();
            ensure(field.starts_with("reply"), "reply.*", field)
        }),
    );
}
