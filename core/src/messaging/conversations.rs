//! Several conversations: the user's list (brought from the helpdesk, kept on the device),
//! starting another one when the app's settings allow it, and opening any of them, which
//! makes it the one `Messaging::messages` reads, `send` writes to and the realtime link follows.

use helpline_protocol::{self as wire, paths};

use super::model::{ChatEvent, Conversation};
use super::{ChatCore, Messaging, db, poll, send, signed};
use crate::settings::{self, Feature};
use crate::transport::ApiRequest;
use crate::{Error, Event, Result};

/// Conversations taken from one list: a helpdesk's answer is bounded like anything else.
const MAX_LISTED: usize = 200;
/// Conversations whose new messages one refresh brings, the most recent first (the others'
/// come when they are opened).
const MAX_POLLED: usize = 20;

/// Brings the user's conversations: each one cached (its status too), its last message
/// recorded, and the new messages of those that have some, so that the list's last messages
/// and unread counts are right. Returns how many conversations the helpdesk listed.
pub(super) async fn refresh(chat: &ChatCore) -> Result<i32> {
    let url = chat.session.transport.url(paths::CONVERSATIONS);
    let page: wire::ConversationsPage = match chat.session.call(&ApiRequest::get(url)).await {
        Err(Error::NotFound { .. }) => return Err(Error::FeatureDisabled { feature: Feature::Messaging }),
        other => other?,
    };
    let listed = crate::paging::keep("chat conversation", page.conversations, &mut 0);
    let listed: Vec<wire::Conversation> = listed.into_iter().take(MAX_LISTED).collect();
    let behind = chat.store.write(|tx| {
        let mut behind = Vec::new();
        for conversation in &listed {
            db::upsert_conversation(tx, conversation)?;
            let Some(last) = conversation.last_message.as_deref() else { continue };
            if last.conversation_id != conversation.id {
                continue;
            }
            if db::resume_seq(tx, signed(conversation.id))? < signed(last.seq) {
                behind.push(signed(conversation.id));
            }
            db::apply_message(tx, last)?;
        }
        Ok(behind)
    })?;
    for id in behind.into_iter().take(MAX_POLLED) {
        poll::conversation(chat, id).await?;
    }
    chat.events.emit(Event::Chat(ChatEvent::MessagesChanged { conversation_id: None }));
    Ok(listed.len() as i32)
}

/// The first queued message without a conversation is being sent: it starts one (or resumes
/// the newest active one), which takes every message waiting with it, and becomes the one open
/// in the chat if that one had ended (the user wrote from there).
pub(super) async fn start_for_unassigned(chat: &ChatCore, idempotency_key: &str) -> Result<i64> {
    let conversation = send::start_conversation(chat, idempotency_key, false).await?;
    chat.store.write(|tx| {
        db::assign_unassigned(tx, signed(conversation.id))?;
        if !db::current_conversation(tx)?.is_some_and(|c| c.active) {
            db::set_open(tx, signed(conversation.id))?;
        }
        Ok(())
    })?;
    Ok(signed(conversation.id))
}

impl Messaging {
    /// Brings the user's conversations from the helpdesk (their statuses, last messages and
    /// unread messages), then lists them as `conversations` does. Offline: `Offline`, and
    /// `conversations` still lists what the device holds.
    pub async fn refresh_conversations(&self) -> Result<Vec<Conversation>> {
        settings::require(&self.chat, Feature::Messaging)?;
        refresh(&self.chat).await?;
        self.conversations()
    }

    /// Starts another conversation beside the user's active ones and opens it (the bot greets
    /// first). A new conversation needs the helpdesk (its id, its greeting): offline this
    /// fails with `Offline` and nothing is stored. When the app's settings allow one
    /// conversation only (`messaging.multiple_conversations` off) and one is active:
    /// `Validation` on `conversation` (the helpdesk refuses it the same way).
    pub async fn start_new(&self) -> Result<Conversation> {
        settings::require(&self.chat, Feature::Messaging)?;
        if !settings::current(&self.chat).messaging.multiple_conversations
            && self.chat.store.read(db::active_conversation)?.is_some()
        {
            return Err(Error::validation("conversation", "only one conversation at a time: continue the active one"));
        }
        self.connect();
        let started = send::start_conversation(&self.chat, &uuid::Uuid::new_v4().to_string(), true).await?;
        self.open(signed(started.id)).await
    }

    /// Opens one of the user's conversations: `messages`, `send`, `typing` and `mark_read` are
    /// about it from now on (after a restart too), and the realtime link follows it. Its new
    /// messages are brought when the helpdesk can be reached; offline, a cached one opens
    /// as it is. One not on the device is looked for on the helpdesk; another user's, or
    /// none: `NotFound`.
    pub async fn open(&self, conversation_id: i64) -> Result<Conversation> {
        settings::require(&self.chat, Feature::Messaging)?;
        if self.chat.store.read(|c| db::conversation(c, conversation_id))?.is_none() {
            refresh(&self.chat).await?;
        }
        let chat = &self.chat;
        if chat.store.read(|c| db::conversation(c, conversation_id))?.is_none() {
            return Err(Error::not_found(format!("conversation {conversation_id}")));
        }
        self.stop_typing();
        chat.store.write(|tx| db::set_open(tx, conversation_id))?;
        chat.events.emit(Event::Chat(ChatEvent::MessagesChanged { conversation_id: Some(conversation_id) }));
        if super::following_too_many(chat, conversation_id) {
            // A new session follows the open conversation alone (`resume_frames`).
            tracing::info!("realtime: many conversations followed; a new session follows the open one");
            self.stop();
        }
        self.connect();
        super::subscribe(chat, conversation_id)?;
        match poll::conversation(chat, conversation_id).await {
            Ok(_) => self.await_subscription(conversation_id).await,
            Err(e) if e.is_transient() => tracing::info!("conversation {conversation_id} opened offline: {e}"),
            Err(e) => return Err(e),
        }
        self.cached(conversation_id).map(|c| self.shown(c))
    }

    /// The messages of any conversation on the device, in order (as `messages` for the open one).
    pub fn messages_of(&self, conversation_id: i64) -> Result<Vec<super::ChatMessage>> {
        let messages = self.chat.store.read(|c| {
            let open = db::current_conversation(c)?.is_some_and(|o| o.id == conversation_id);
            db::messages(c, Some(conversation_id), open)
        })?;
        Ok(self.polished(messages))
    }

    /// The agent's and the bot's messages the user has not seen in one conversation.
    pub fn unread_count_of(&self, conversation_id: i64) -> Result<i32> {
        self.chat.store.read(|c| db::unread_count(c, conversation_id))
    }
}
