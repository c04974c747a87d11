//! Sending the user's queued messages, in order, exactly once (the client id makes a resend
//! return the first message), and starting the conversation if there is none yet.

use helpline_protocol::{self as wire, paths};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{ChatEvent, db};
use crate::helpline::Core;
use crate::outbox::{self, Entry};
use crate::transport::ApiRequest;
use crate::uploads::{self, QueuedFile};
use crate::{Error, Event, Result};

/// Outbox payload of a message; the target is its client id.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct MessagePayload {
    pub text: String,
    /// Files to upload before the message is sent (their tokens saved as they come).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<QueuedFile>,
}

pub(crate) async fn deliver(core: &Core, entry: &Entry) -> Result<()> {
    let client_id = entry.item.target_id.as_str();
    let pending = core
        .store
        .read(|c| db::pending(c, client_id))?
        .ok_or_else(|| Error::not_found(format!("chat message {client_id}")))?;
    let conversation_id = match pending.conversation_id {
        Some(id) => id,
        None => {
            let conversation = start_conversation(core, &format!("{}-conversation", entry.idempotency_key)).await?;
            core.store.write(|tx| db::set_conversation_of(tx, client_id, conversation.id))?;
            conversation.id
        }
    };
    let MessagePayload { mut files, .. } = entry.payload()?;
    let answer: wire::MessageEnvelope = uploads::deliver_with(core, entry, &mut files, |tokens| {
        let message = wire::NewMessage { client_id: client_id.to_owned(), text: pending.text.clone(), uploads: tokens };
        let body = serde_json::to_value(wire::NewMessageEnvelope { message });
        let url = core.session.transport.url(&paths::conversation_messages(conversation_id));
        async move { core.session.call(&ApiRequest::write(Method::POST, url, body?, &entry.idempotency_key)).await }
    })
    .await?;
    let item = core.store.write(|tx| {
        db::apply_message(tx, &answer.message)?;
        outbox::complete(tx, entry.item.id)
    })?;
    core.events.emit(Event::OutboxChanged { item });
    core.events.emit(Event::Chat(ChatEvent::MessagesChanged { conversation_id: Some(conversation_id) }));
    Ok(())
}

/// Starts a conversation, or resumes the user's active one (the helpdesk keeps one), and
/// caches it.
pub(super) async fn start_conversation(core: &Core, idempotency_key: &str) -> Result<wire::Conversation> {
    let url = core.session.transport.url(paths::CONVERSATIONS);
    let body = json!({ "conversation": { "metadata": { "platform": core.config.platform } } });
    let answer: wire::ConversationEnvelope =
        core.session.call(&ApiRequest::write(Method::POST, url, body, idempotency_key)).await?;
    core.store.write(|tx| db::upsert_conversation(tx, &answer.conversation))?;
    super::subscribe(core, answer.conversation.id)?;
    Ok(answer.conversation)
}
