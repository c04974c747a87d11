//! Live chat: the conversation, its messages, typing, read receipts and the realtime link.

use std::sync::Arc;

use helpline_core as core;

use crate::error::Result;
use crate::uploads::attachments;
use crate::{Attachment, DeliveryState};

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Conversation {
    pub id: u64,
    pub active: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ChatAuthorKind {
    User,
    Agent,
    Bot,
    System,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ChatAuthor {
    pub kind: ChatAuthorKind,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ChatMessageKind {
    Text,
    File,
    ArticleSuggestions,
    Event,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SuggestedArticle {
    pub id: u64,
    pub title: String,
    pub html_url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ChatMessage {
    pub local_id: String,
    pub seq: Option<u64>,
    pub author: ChatAuthor,
    pub kind: ChatMessageKind,
    pub text: String,
    pub articles: Vec<SuggestedArticle>,
    pub created_at: String,
    pub is_mine: bool,
    pub delivery: DeliveryState,
    /// Its files: with their URL once the helpdesk has them, without while they wait.
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ConnectionState {
    Disconnected,
    Connecting,
    Connected,
    /// WebSockets do not get through: polling over HTTP.
    Polling,
}

/// What happens in a live conversation, as it happens.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum ChatEvent {
    MessagesChanged { conversation_id: Option<u64> },
    Typing { conversation_id: u64, author: ChatAuthor, active: bool },
    Read { conversation_id: u64, seq: u64 },
    AgentJoined { conversation_id: u64, agent: ChatAuthor },
    AgentLeft { conversation_id: u64, agent: ChatAuthor },
    Queue { conversation_id: u64, position: u64, wait_seconds: u64 },
    Ended { conversation_id: u64 },
    Connection { state: ConnectionState },
}

/// Live chat with the support team. Messages are cached (offline, after a restart); the
/// user's go through the outbox (pending, then sent exactly once).
#[derive(uniffi::Object)]
pub struct Messaging {
    inner: core::Messaging,
}

impl Messaging {
    pub(crate) fn new(inner: core::Messaging) -> Arc<Self> {
        Arc::new(Self { inner })
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Messaging {
    /// Resumes (or starts) the conversation and connects the realtime link.
    pub async fn start(&self) -> Result<Conversation> {
        Ok(self.inner.start().await?.into())
    }

    pub fn connect(&self) {
        self.inner.connect()
    }

    pub fn stop(&self) {
        self.inner.stop()
    }

    pub fn connection_state(&self) -> ConnectionState {
        self.inner.connection_state().into()
    }

    pub fn conversation(&self) -> Result<Option<Conversation>> {
        Ok(self.inner.conversation()?.map(Into::into))
    }

    pub fn messages(&self) -> Result<Vec<ChatMessage>> {
        Ok(self.inner.messages()?.into_iter().map(Into::into).collect())
    }

    /// Stored at once (pending), sent in order when the network allows.
    pub async fn send(&self, text: String) -> Result<ChatMessage> {
        Ok(self.inner.send(&text).await?.into())
    }

    /// Sends a file (a path on the device) with optional text; copied by the SDK at once.
    pub async fn send_file(&self, path: String, text: Option<String>) -> Result<ChatMessage> {
        Ok(self.inner.send_file(std::path::Path::new(&path), text.as_deref()).await?.into())
    }

    /// Call on every keystroke; "typing" and "stopped" are debounced.
    pub fn typing(&self) {
        self.inner.typing()
    }

    pub fn stop_typing(&self) {
        self.inner.stop_typing()
    }

    pub async fn mark_read(&self) -> Result<()> {
        Ok(self.inner.mark_read().await?)
    }

    pub fn unread_count(&self) -> Result<u32> {
        Ok(self.inner.unread_count()?)
    }

    pub fn agent_read_seq(&self) -> Result<u64> {
        Ok(self.inner.agent_read_seq()?)
    }

    pub async fn refresh(&self) -> Result<u32> {
        Ok(self.inner.refresh().await?)
    }
}

impl From<core::Conversation> for Conversation {
    fn from(c: core::Conversation) -> Self {
        Self { id: c.id, active: c.active, created_at: c.created_at }
    }
}

impl From<core::ChatAuthorKind> for ChatAuthorKind {
    fn from(k: core::ChatAuthorKind) -> Self {
        match k {
            core::ChatAuthorKind::User => Self::User,
            core::ChatAuthorKind::Agent => Self::Agent,
            core::ChatAuthorKind::Bot => Self::Bot,
            core::ChatAuthorKind::System => Self::System,
            core::ChatAuthorKind::Other => Self::Other,
        }
    }
}

impl From<core::ChatAuthor> for ChatAuthor {
    fn from(a: core::ChatAuthor) -> Self {
        Self { kind: a.kind.into(), name: a.name }
    }
}

impl From<core::ChatMessageKind> for ChatMessageKind {
    fn from(k: core::ChatMessageKind) -> Self {
        match k {
            core::ChatMessageKind::Text => Self::Text,
            core::ChatMessageKind::File => Self::File,
            core::ChatMessageKind::ArticleSuggestions => Self::ArticleSuggestions,
            core::ChatMessageKind::Event => Self::Event,
            core::ChatMessageKind::Other => Self::Other,
        }
    }
}

impl From<core::ChatMessage> for ChatMessage {
    fn from(m: core::ChatMessage) -> Self {
        Self {
            local_id: m.local_id,
            seq: m.seq,
            author: m.author.into(),
            kind: m.kind.into(),
            text: m.text,
            articles: m
                .articles
                .into_iter()
                .map(|a| SuggestedArticle { id: a.id, title: a.title, html_url: a.html_url })
                .collect(),
            created_at: m.created_at,
            is_mine: m.is_mine,
            delivery: m.delivery.into(),
            attachments: attachments(m.attachments),
        }
    }
}

impl From<core::ConnectionState> for ConnectionState {
    fn from(s: core::ConnectionState) -> Self {
        match s {
            core::ConnectionState::Disconnected => Self::Disconnected,
            core::ConnectionState::Connecting => Self::Connecting,
            core::ConnectionState::Connected => Self::Connected,
            core::ConnectionState::Polling => Self::Polling,
        }
    }
}

impl From<core::ChatEvent> for ChatEvent {
    fn from(e: core::ChatEvent) -> Self {
        match e {
            core::ChatEvent::MessagesChanged { conversation_id } => Self::MessagesChanged { conversation_id },
            core::ChatEvent::Typing { conversation_id, author, active } => {
                Self::Typing { conversation_id, author: author.into(), active }
            }
            core::ChatEvent::Read { conversation_id, seq } => Self::Read { conversation_id, seq },
            core::ChatEvent::AgentJoined { conversation_id, agent } => {
                Self::AgentJoined { conversation_id, agent: agent.into() }
            }
            core::ChatEvent::AgentLeft { conversation_id, agent } => {
                Self::AgentLeft { conversation_id, agent: agent.into() }
            }
            core::ChatEvent::Queue { conversation_id, position, wait_seconds } => {
                Self::Queue { conversation_id, position, wait_seconds }
            }
            core::ChatEvent::Ended { conversation_id } => Self::Ended { conversation_id },
            core::ChatEvent::Connection { state } => Self::Connection { state: state.into() },
        }
    }
}
