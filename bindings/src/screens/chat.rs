//! The chat screen.

use std::collections::HashMap;
use std::sync::Arc;

use helpline_core::{
    self as core, ChatMessage, ChatState, Conversation, Result, SatisfactionScore, ScreenSubscription,
};

use crate::runtime::run;

/// Implemented by the app (the Kotlin `stateIn` and the Swift models do it for you). Called on
/// an SDK thread with the latest state, one at a time: hand it over and return.
#[uniffi::export(foreign)]
pub trait ChatListener: Send + Sync {
    fn on_state(&self, state: ChatState);
}

struct Foreign(Arc<dyn ChatListener>);

impl core::ScreenListener<ChatState> for Foreign {
    fn on_state(&self, state: ChatState) {
        self.0.on_state(state);
    }
}

/// The chat screen (`helpline.chatScreen(offset)`): its state to observe and its actions;
/// `start` opens the chat.
#[derive(uniffi::Object)]
pub struct ChatScreen {
    inner: core::ChatScreen,
}

impl ChatScreen {
    pub(crate) fn new(inner: core::ChatScreen) -> Arc<Self> {
        Arc::new(Self { inner })
    }
}

#[uniffi::export]
impl ChatScreen {
    /// The whole state now, then each new one until the subscription is cancelled or released.
    pub fn subscribe(&self, listener: Arc<dyn ChatListener>) -> Arc<ScreenSubscription> {
        Arc::new(self.inner.subscribe(Arc::new(Foreign(listener))))
    }

    pub fn state(&self) -> ChatState {
        self.inner.state()
    }

    /// Opens the chat: the conversation open in it, else a new one (again after a failure
    /// shown in `status`). Offline, the cached one shows and the user may write.
    pub async fn start(&self) -> Result<Conversation> {
        let inner = self.inner.clone();
        run(async move { inner.start().await }).await
    }

    /// Shows another of the user's conversations.
    pub async fn open_conversation(&self, conversation_id: i64) -> Result<Conversation> {
        let inner = self.inner.clone();
        run(async move { inner.open_conversation(conversation_id).await }).await
    }

    pub async fn start_new(&self) -> Result<Conversation> {
        let inner = self.inner.clone();
        run(async move { inner.start_new().await }).await
    }

    /// Reads everything again and brings what the helpdesk has (back to the foreground).
    pub async fn refresh(&self) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.refresh().await }).await
    }

    /// Shown: arriving messages are read. Hidden: they add up in `unreadCount`.
    pub async fn set_visible(&self, visible: bool) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.set_visible(visible).await }).await
    }

    /// Call on every edit of the composer: kept as a draft; the agent sees the user typing.
    pub async fn set_composer(&self, text: String) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.set_composer(text).await }).await
    }

    /// Sends the composer's text; it empties, and the message shows pending, then sent.
    pub async fn send(&self) -> Result<ChatMessage> {
        let inner = self.inner.clone();
        run(async move { inner.send().await }).await
    }

    /// Sends a file (a path on the device).
    pub async fn send_file(&self, path: String) -> Result<ChatMessage> {
        let inner = self.inner.clone();
        run(async move { inner.send_file(path).await }).await
    }

    /// Taps a quick reply or a postback button.
    pub async fn choose(&self, message_id: String, payload: String) -> Result<ChatMessage> {
        let inner = self.inner.clone();
        run(async move { inner.choose(message_id, payload).await }).await
    }

    /// Answers a message's form.
    pub async fn submit_form(&self, message_id: String, values: HashMap<String, String>) -> Result<ChatMessage> {
        let inner = self.inner.clone();
        run(async move { inner.submit_form(message_id, values).await }).await
    }

    /// Sends a failed message again (its `send.outboxItem`).
    pub async fn retry(&self, outbox_item: i64) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.retry(outbox_item).await }).await
    }

    /// Drops a failed message.
    pub async fn discard(&self, outbox_item: i64) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.discard(outbox_item).await }).await
    }

    /// Rates the ended conversation shown.
    pub async fn rate(&self, score: SatisfactionScore, comment: Option<String>) -> Result<Conversation> {
        let inner = self.inner.clone();
        run(async move { inner.rate(score, comment).await }).await
    }
}
