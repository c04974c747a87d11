//! Live messaging (Helpline; modelled on Sunshine Conversations): conversations, their
//! messages numbered by a per-conversation `seq`, and the WebSocket frames of `/api/v2/realtime`.
//!
//! Frames are JSON text, each with a `"type"`. A client must survive frames it does not know:
//! [`ServerFrame::parse`] tells an unknown type ([`FrameError::UnknownType`], to be ignored)
//! apart from a broken frame ([`FrameError::Malformed`]).

use crate::tolerant::Tolerant;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Attachment;
use crate::rich::{Button, Card, Form, MessageReply, QuickReply};

/// Conversation status. Unknown values decode as `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConversationStatus {
    Active,
    Ended,
    #[serde(other)]
    Unknown,
}

impl ConversationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationStatus::Active => "active",
            ConversationStatus::Ended => "ended",
            ConversationStatus::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> ConversationStatus {
        serde_json::from_value(serde_json::Value::String(s.to_owned())).unwrap_or(ConversationStatus::Unknown)
    }
}

/// A live conversation: a request whose `via.channel` is `native_messaging`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: u64,
    #[serde(default)]
    pub request_id: u64,
    pub status: ConversationStatus,
    #[serde(default)]
    pub created_at: String,
    /// Helpline, in `GET /api/v2/conversations.json`: the conversation's last message, so that
    /// a list shows it (and a client knows whether it holds everything) without reading each
    /// conversation. Absent: no message yet, or a helpdesk that does not say; a malformed one
    /// is taken as absent, never costing the conversation.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::tolerant::or_none")]
    pub last_message: Option<Box<Message>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationEnvelope {
    pub conversation: Conversation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationsPage {
    /// A malformed conversation is set aside, never costing the list.
    pub conversations: Tolerant<Conversation>,
}

/// Body of `POST /api/v2/conversations.json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewConversation {
    /// Helpline: `true` starts another conversation beside the active ones (refused with 422
    /// on `conversation` when the app's settings allow only one); `false` (the default)
    /// resumes the newest active conversation, or starts one if there is none.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub new: bool,
    /// Free-form data from the app (screen, app version, ...); `null` when none.
    #[serde(default)]
    pub metadata: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewConversationEnvelope {
    pub conversation: NewConversation,
}

/// Who wrote a message. Unknown values decode as `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthorType {
    User,
    Agent,
    Bot,
    System,
    #[serde(other)]
    Unknown,
}

impl AuthorType {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthorType::User => "user",
            AuthorType::Agent => "agent",
            AuthorType::Bot => "bot",
            AuthorType::System => "system",
            AuthorType::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> AuthorType {
        serde_json::from_value(serde_json::Value::String(s.to_owned())).unwrap_or(AuthorType::Unknown)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageAuthor {
    #[serde(rename = "type")]
    pub kind: AuthorType,
    /// The user's or agent's id; none for the bot and the system.
    #[serde(default)]
    pub id: Option<u64>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub avatar_url: Option<String>,
}

/// What a message carries. Unknown values decode as `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    Text,
    File,
    ArticleSuggestions,
    Event,
    /// Helpline: choices under the text (`quick_replies`); one tapped is the user's answer.
    QuickReplies,
    /// Helpline: link or postback `buttons` under the text.
    Buttons,
    /// Helpline: a row of `cards` (title, text, image, buttons).
    Carousel,
    /// Helpline: a small `form`, answered once.
    Form,
    #[serde(other)]
    Unknown,
}

impl MessageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Text => "text",
            MessageKind::File => "file",
            MessageKind::ArticleSuggestions => "article_suggestions",
            MessageKind::Event => "event",
            MessageKind::QuickReplies => "quick_replies",
            MessageKind::Buttons => "buttons",
            MessageKind::Carousel => "carousel",
            MessageKind::Form => "form",
            MessageKind::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> MessageKind {
        serde_json::from_value(serde_json::Value::String(s.to_owned())).unwrap_or(MessageKind::Unknown)
    }
}

/// A help-center article suggested in an `article_suggestions` message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRef {
    pub id: u64,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub html_url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub id: u64,
    pub conversation_id: u64,
    /// Position in the conversation, from 1, only growing.
    pub seq: u64,
    /// The sender's own id for the message (user messages only): what makes a resend harmless.
    #[serde(default)]
    pub client_id: Option<String>,
    pub author: MessageAuthor,
    pub kind: MessageKind,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    #[serde(default)]
    pub articles: Vec<ArticleRef>,
    /// Helpline: the rich parts (see `rich`), each absent when empty. `text` is their fallback.
    #[serde(default, skip_serializing_if = "Tolerant::is_empty", deserialize_with = "crate::tolerant::or_default")]
    pub quick_replies: Tolerant<QuickReply>,
    #[serde(default, skip_serializing_if = "Tolerant::is_empty", deserialize_with = "crate::tolerant::or_default")]
    pub buttons: Tolerant<Button>,
    #[serde(default, skip_serializing_if = "Tolerant::is_empty", deserialize_with = "crate::tolerant::or_default")]
    pub cards: Tolerant<Card>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::tolerant::or_none")]
    pub form: Option<Form>,
    /// Helpline: on a user's message, the rich message it answers and how.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::tolerant::or_none")]
    pub reply: Option<MessageReply>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageEnvelope {
    pub message: Message,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessagesPage {
    pub messages: Tolerant<Message>,
    #[serde(default)]
    pub has_more: bool,
}

/// Body of `POST /api/v2/conversations/{id}/messages.json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewMessage {
    #[serde(default)]
    pub client_id: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub uploads: Vec<String>,
    /// Helpline: the rich message this one answers (a quick reply or postback tapped, a form
    /// submitted); `text` is the answer as the user would have typed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<MessageReply>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewMessageEnvelope {
    pub message: NewMessage,
}

// WebSocket frames.

/// Client -> server frames.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    /// Replays every message with `seq > after_seq`, then streams new ones.
    Subscribe {
        conversation_id: u64,
        #[serde(default)]
        after_seq: u64,
    },
    Message {
        conversation_id: u64,
        client_id: String,
        #[serde(default)]
        text: String,
    },
    Typing {
        conversation_id: u64,
        active: bool,
    },
    Read {
        conversation_id: u64,
        seq: u64,
    },
    Ping,
}

impl ClientFrame {
    /// Every `"type"` a client frame may carry.
    pub const TYPES: &'static [&'static str] = &["subscribe", "message", "typing", "read", "ping"];

    pub fn kind(&self) -> &'static str {
        match self {
            ClientFrame::Subscribe { .. } => "subscribe",
            ClientFrame::Message { .. } => "message",
            ClientFrame::Typing { .. } => "typing",
            ClientFrame::Read { .. } => "read",
            ClientFrame::Ping => "ping",
        }
    }

    /// Decodes a text frame; an unknown `"type"` is told apart from a broken frame.
    pub fn parse(text: &str) -> Result<ClientFrame, FrameError> {
        parse_tagged(text, Self::TYPES)
    }

    pub fn to_text(&self) -> String {
        to_text(self)
    }
}

/// Server -> client frames. (A `message` frame is much larger than the others; frames live for
/// one read, so boxing it would buy nothing but noise at every match.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    /// A new message, or a replayed one; also the echo that acks the user's own `client_id`.
    Message {
        message: Message,
    },
    Typing {
        conversation_id: u64,
        author: MessageAuthor,
        active: bool,
    },
    /// `author` has read every message up to `seq`.
    Read {
        conversation_id: u64,
        author: MessageAuthor,
        seq: u64,
    },
    AgentJoined {
        conversation_id: u64,
        author: MessageAuthor,
    },
    AgentLeft {
        conversation_id: u64,
        author: MessageAuthor,
    },
    /// While no agent has joined: the user's place in the queue and the expected wait.
    Queue {
        conversation_id: u64,
        position: u64,
        wait_seconds: u64,
    },
    ConversationEnded {
        conversation_id: u64,
    },
    Error {
        code: String,
        #[serde(default)]
        message: String,
    },
    Pong,
}

impl ServerFrame {
    /// Every `"type"` a server frame may carry (as of this version of the protocol).
    pub const TYPES: &'static [&'static str] =
        &["message", "typing", "read", "agent_joined", "agent_left", "queue", "conversation_ended", "error", "pong"];

    pub fn kind(&self) -> &'static str {
        match self {
            ServerFrame::Message { .. } => "message",
            ServerFrame::Typing { .. } => "typing",
            ServerFrame::Read { .. } => "read",
            ServerFrame::AgentJoined { .. } => "agent_joined",
            ServerFrame::AgentLeft { .. } => "agent_left",
            ServerFrame::Queue { .. } => "queue",
            ServerFrame::ConversationEnded { .. } => "conversation_ended",
            ServerFrame::Error { .. } => "error",
            ServerFrame::Pong => "pong",
        }
    }

    /// The conversation a frame belongs to, if any.
    pub fn conversation_id(&self) -> Option<u64> {
        match self {
            ServerFrame::Message { message } => Some(message.conversation_id),
            ServerFrame::Typing { conversation_id, .. }
            | ServerFrame::Read { conversation_id, .. }
            | ServerFrame::AgentJoined { conversation_id, .. }
            | ServerFrame::AgentLeft { conversation_id, .. }
            | ServerFrame::Queue { conversation_id, .. }
            | ServerFrame::ConversationEnded { conversation_id } => Some(*conversation_id),
            ServerFrame::Error { .. } | ServerFrame::Pong => None,
        }
    }

    /// Decodes a text frame. `Err(FrameError::UnknownType)` is a frame from a newer server:
    /// the client ignores it. `Err(FrameError::Malformed)` is a broken frame.
    pub fn parse(text: &str) -> Result<ServerFrame, FrameError> {
        parse_tagged(text, Self::TYPES)
    }

    pub fn error(code: impl Into<String>, message: impl Into<String>) -> ServerFrame {
        ServerFrame::Error { code: code.into(), message: message.into() }
    }

    pub fn to_text(&self) -> String {
        to_text(self)
    }
}

/// Why a text frame could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    /// Valid JSON with a `"type"` this version does not know: ignore the frame.
    UnknownType(String),
    /// Not JSON, no `"type"`, or a known type with missing or ill-typed fields.
    Malformed(String),
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::UnknownType(kind) => write!(f, "unknown frame type {kind:?}"),
            FrameError::Malformed(why) => write!(f, "malformed frame: {why}"),
        }
    }
}

impl std::error::Error for FrameError {}

fn parse_tagged<T: serde::de::DeserializeOwned>(text: &str, known: &[&str]) -> Result<T, FrameError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| FrameError::Malformed(e.to_string()))?;
    let kind = match value.get("type") {
        Some(serde_json::Value::String(kind)) => kind.clone(),
        Some(_) => return Err(FrameError::Malformed("\"type\" is not a string".into())),
        None if value.is_object() => return Err(FrameError::Malformed("no \"type\"".into())),
        None => return Err(FrameError::Malformed("not a JSON object".into())),
    };
    if !known.contains(&kind.as_str()) {
        return Err(FrameError::UnknownType(kind));
    }
    serde_json::from_value(value).map_err(|e| FrameError::Malformed(format!("{kind}: {e}")))
}

fn to_text<T: Serialize>(frame: &T) -> String {
    // These types hold only strings, numbers and JSON values: encoding cannot fail.
    serde_json::to_string(frame)
        .unwrap_or_else(|_| r#"{"type":"error","code":"internal","message":"unencodable frame"}"#.into())
}

// Agent side (reference server only; for tests and the demo).

/// One conversation as the agent sees it: who is in it and how far it went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentConversation {
    #[serde(flatten)]
    pub conversation: Conversation,
    /// The end user in the conversation.
    pub user: crate::User,
    /// The seq of the conversation's last message (0: none yet).
    #[serde(default)]
    pub last_seq: u64,
    /// The last seq the user said they read (0: none).
    #[serde(default)]
    pub user_read_seq: u64,
    /// Whether an agent has joined.
    #[serde(default)]
    pub agent_joined: bool,
    /// Whether the user is typing (said so over the WebSocket in the last few seconds).
    #[serde(default)]
    pub user_typing: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentConversationsPage {
    pub conversations: Vec<AgentConversation>,
}

/// Body of `POST /api/v2/agent/conversations/{id}/messages.json`: text, and optionally one
/// kind of rich part (the message's kind follows from which: form, carousel, quick replies,
/// buttons, else text).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AgentMessage {
    #[serde(default)]
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quick_replies: Vec<QuickReply>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<Button>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<Card>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<Form>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AgentMessageEnvelope {
    pub message: AgentMessage,
}

/// Body of `POST /api/v2/agent/conversations/{id}/typing.json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TypingUpdate {
    #[serde(default)]
    pub active: bool,
}

/// Body of `POST /api/v2/agent/conversations/{id}/read.json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReadUpdate {
    #[serde(default)]
    pub seq: u64,
}
