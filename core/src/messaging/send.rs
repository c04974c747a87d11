//! Sending the user's queued messages, in order, exactly once (the client id makes a resend
//! return the first message): over the realtime link when it is up, else over HTTP; and
//! starting the conversation if there is none yet.

use helpline_protocol::{self as wire, paths};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

use std::time::Duration;

use tokio::time::timeout;

use super::ChatCore;
use super::{ChatEvent, ConnectionState, db};
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
    /// The rich message it answers (a choice tapped, a form submitted): sent over HTTP, which
    /// carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<wire::MessageReply>,
}

pub(crate) async fn deliver(chat: &ChatCore, entry: &Entry) -> Result<()> {
    let client_id = entry.item.target_id.as_str();
    let pending = chat
        .store
        .read(|c| db::pending(c, client_id))?
        .ok_or_else(|| Error::not_found(format!("chat message {client_id}")))?;
    let conversation_id = match pending.conversation_id {
        Some(id) => id,
        None => {
            super::conversations::start_for_unassigned(chat, &format!("{}-conversation", entry.idempotency_key)).await?
        }
    };
    let MessagePayload { mut files, reply, .. } = entry.payload()?;
    if files.is_empty()
        && reply.is_none()
        && entry.item.attempts == 0
        && over_link(chat, entry, conversation_id, &pending.text).await
    {
        return Ok(());
    }
    let answer: wire::MessageEnvelope = uploads::deliver_with(chat, entry, &mut files, |tokens| {
        let (text, reply) = (pending.text.clone(), reply.clone());
        let message = wire::NewMessage { client_id: client_id.to_owned(), text, uploads: tokens, reply };
        let body = serde_json::to_value(wire::NewMessageEnvelope { message });
        let url = chat.session.transport.url(&paths::conversation_messages(super::unsigned(conversation_id)));
        async move { chat.session.call(&ApiRequest::write(Method::POST, url, body?, &entry.idempotency_key)).await }
    })
    .await?;
    // The row may be done already: an echo on the link that came as this answer did.
    let item = chat.store.write(|tx| {
        db::apply_message(tx, &answer.message)?;
        outbox::complete_if_queued(tx, entry.item.id)
    })?;
    if let Some(item) = item {
        chat.events.emit(Event::OutboxChanged { item });
    }
    chat.events.emit(Event::Chat(ChatEvent::MessagesChanged { conversation_id: Some(conversation_id) }));
    Ok(())
}

/// How long a message sent over the realtime link waits for its echo before going over HTTP.
const ECHO_WAIT: Duration = Duration::from_secs(4);

/// Sends a message over the realtime link when it is up, and waits for its echo, which the
/// link stores with its outbox row completed (see `realtime::apply`). `false`: it may not
/// have arrived (no link, no echo in time, an error frame); the caller sends it over HTTP,
/// where the same client id makes the helpdesk keep it once. Only a first attempt goes this
/// way: a retry's error needs HTTP's typed answer.
async fn over_link(chat: &ChatCore, entry: &Entry, conversation_id: i64, text: &str) -> bool {
    if super::lock(&chat.state.connection).as_ref() != Some(&ConnectionState::Connected) {
        return false;
    }
    let client_id = entry.item.target_id.as_str();
    let Some((echo, sent)) = chat.state.acks.expect(client_id, entry.item.id) else { return false };
    let sent = sent || chat.state.try_send_frame(message_frame(conversation_id, client_id, text));
    let echoed = sent && matches!(timeout(ECHO_WAIT, echo).await, Ok(Ok(())));
    if !echoed {
        chat.state.acks.forget(client_id);
        tracing::debug!("chat message {client_id}: no echo on the realtime link; sending over HTTP");
    }
    echoed
}

/// Sends a message just stored on the link at once, ahead of the outbox, when nothing is queued
/// before it (its order holds): the outbox then only waits for its echo, or, if it never comes,
/// sends it over HTTP. Saves the outbox's turn on the way out.
pub(super) fn send_ahead(chat: &ChatCore, outbox_id: i64, conversation_id: i64, client_id: &str, text: &str) {
    if super::lock(&chat.state.connection).as_ref() != Some(&ConnectionState::Connected)
        || !chat.state.acks.send_ahead(client_id, outbox_id)
    {
        return;
    }
    if !chat.state.try_send_frame(message_frame(conversation_id, client_id, text)) {
        chat.state.acks.forget(client_id);
    }
}

fn message_frame(conversation_id: i64, client_id: &str, text: &str) -> wire::ClientFrame {
    wire::ClientFrame::Message {
        conversation_id: super::unsigned(conversation_id),
        client_id: client_id.to_owned(),
        text: text.to_owned(),
    }
}

/// A digest of a request body, to tell two bodies apart in an idempotency key.
fn body_digest(body: &serde_json::Value) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.to_string().hash(&mut hasher);
    hasher.finish()
}

/// Starts a conversation, or resumes the user's active one (the helpdesk keeps one), and
/// caches it. A 404 means the helpdesk has no live messaging (a stock Zendesk, whose API has
/// no conversations): chat is then switched off, `FeatureDisabled`, rather than failing.
/// With `new`, another conversation beside the active ones (`Messaging::start_new`).
pub(super) async fn start_conversation(
    chat: &ChatCore,
    idempotency_key: &str,
    new: bool,
) -> Result<wire::Conversation> {
    let url = chat.session.transport.url(paths::CONVERSATIONS);
    // The locale in force lets the helpdesk answer in the user's language (its bot); the app
    // context (device, breadcrumbs) is the agent's (see `context`).
    let mut body = json!({ "conversation": { "metadata": crate::context::conversation_metadata(chat) } });
    let key = if new {
        body["conversation"]["new"] = true.into();
        idempotency_key.to_owned()
    } else {
        // The context may change between attempts (a step left, the locale set): the same key
        // with another body would be refused for good. A start that is not `new` resumes the
        // active conversation, so a new key for a new body can never make a second one.
        format!("{idempotency_key}-{:016x}", body_digest(&body))
    };
    let request = ApiRequest::write(Method::POST, url, body, &key);
    let answer = match chat.session.call::<wire::ConversationEnvelope>(&request).await {
        Err(Error::NotFound { .. }) => {
            tracing::info!("chat: the helpdesk has no live messaging (404); switched off");
            crate::settings::mark_chat_unavailable(chat)?;
            return Err(Error::FeatureDisabled { feature: crate::settings::Feature::Messaging });
        }
        other => other?,
    };
    chat.store.write(|tx| db::upsert_conversation(tx, &answer.conversation))?;
    super::subscribe(chat, super::signed(answer.conversation.id))?;
    Ok(answer.conversation)
}
