//! Live chat: the conversation, its messages, typing, read receipts and the realtime link.

use std::collections::HashMap;
use std::sync::Arc;

use helpline_core::{self as core, ChatMessage, ConnectionState, Conversation, Result, SatisfactionScore};

use crate::runtime::run;

/// Live chat with the support team (`helpline.messaging()`).
#[derive(uniffi::Object)]
pub struct Messaging {
    inner: core::Messaging,
}

impl Messaging {
    pub(crate) fn new(inner: core::Messaging) -> Arc<Self> {
        Arc::new(Self { inner })
    }
}

#[uniffi::export]
impl Messaging {
    /// Resumes (or starts) the conversation and connects the realtime link.
    pub async fn start(&self) -> Result<Conversation> {
        let inner = self.inner.clone();
        run(async move { inner.start().await }).await
    }

    /// Connects the realtime link (`start` does it too); it reconnects by itself until `stop`.
    pub fn connect(&self) {
        self.inner.connect()
    }

    pub fn stop(&self) {
        self.inner.stop()
    }

    pub fn connection_state(&self) -> ConnectionState {
        self.inner.connection_state()
    }

    pub fn conversation(&self) -> Result<Option<Conversation>> {
        self.inner.conversation()
    }

    /// Every conversation on the device, the active ones first, the most recently written to
    /// first, each with its last message and unread count: an ended one is offered a
    /// satisfaction rating.
    pub fn conversations(&self) -> Result<Vec<Conversation>> {
        self.inner.conversations()
    }

    /// Brings the user's conversations from the helpdesk, then lists them.
    pub async fn refresh_conversations(&self) -> Result<Vec<Conversation>> {
        let inner = self.inner.clone();
        run(async move { inner.refresh_conversations().await }).await
    }

    /// Starts another conversation beside the active ones (when the settings allow several)
    /// and opens it.
    pub async fn start_new(&self) -> Result<Conversation> {
        let inner = self.inner.clone();
        run(async move { inner.start_new().await }).await
    }

    /// Opens a conversation: `messages`, `send` and the realtime link are about it from now on.
    pub async fn open(&self, conversation_id: i64) -> Result<Conversation> {
        let inner = self.inner.clone();
        run(async move { inner.open(conversation_id).await }).await
    }

    /// The messages of any conversation on the device, in order.
    pub fn messages_of(&self, conversation_id: i64) -> Result<Vec<ChatMessage>> {
        self.inner.messages_of(conversation_id)
    }

    /// The unread messages of one conversation (`unread_count` is the total).
    pub fn unread_count_of(&self, conversation_id: i64) -> Result<i32> {
        self.inner.unread_count_of(conversation_id)
    }

    /// Rates an ended conversation (or changes its rating): shown at once, sent by the outbox.
    pub async fn rate(
        &self,
        conversation_id: i64,
        score: SatisfactionScore,
        comment: Option<String>,
    ) -> Result<Conversation> {
        let inner = self.inner.clone();
        run(async move { inner.rate(conversation_id, score, comment.as_deref()).await }).await
    }

    /// The open conversation's messages in order, from the device: offline and after a restart too.
    pub fn messages(&self) -> Result<Vec<ChatMessage>> {
        self.inner.messages()
    }

    /// Stored at once (pending), sent in order when the network allows.
    pub async fn send(&self, text: String) -> Result<ChatMessage> {
        let inner = self.inner.clone();
        run(async move { inner.send(&text).await }).await
    }

    /// Sends a file (a path on the device) with optional text; copied by the SDK at once.
    pub async fn send_file(&self, path: String, text: Option<String>) -> Result<ChatMessage> {
        let inner = self.inner.clone();
        run(async move { inner.send_file(std::path::Path::new(&path), text.as_deref()).await }).await
    }

    /// Taps a quick reply or a postback button of a message (`local_id`) by its payload: its
    /// title is sent as the user's answer; quick replies go away at once, offline too.
    pub async fn choose(&self, message_id: String, payload: String) -> Result<ChatMessage> {
        let inner = self.inner.clone();
        run(async move { inner.choose(&message_id, &payload).await }).await
    }

    /// Submits a message's form once, values by field name; checked first (`Validation` naming
    /// `form.<name>`), then sent like any message.
    pub async fn submit_form(&self, message_id: String, values: HashMap<String, String>) -> Result<ChatMessage> {
        let inner = self.inner.clone();
        run(async move { inner.submit_form(&message_id, values).await }).await
    }

    /// Call on every keystroke; "typing" and "stopped" are debounced.
    pub fn typing(&self) {
        self.inner.typing()
    }

    pub fn stop_typing(&self) {
        self.inner.stop_typing()
    }

    /// The user has seen every message so far: the agent is told.
    pub async fn mark_read(&self) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.mark_read().await }).await
    }

    /// The unread messages of every conversation on the device, for a badge.
    pub fn unread_count(&self) -> Result<i32> {
        self.inner.unread_count()
    }

    pub fn agent_read_seq(&self) -> Result<i64> {
        self.inner.agent_read_seq()
    }

    /// Brings the messages written since the last one held, over HTTP; returns how many.
    pub async fn refresh(&self) -> Result<i32> {
        let inner = self.inner.clone();
        run(async move { inner.refresh().await }).await
    }
}
