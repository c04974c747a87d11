//! Live chat as the app sees it: plain values, read from the cache.

use super::rich::{ChatButton, ChatCard, ChatForm, ChatQuickReply};
use crate::{Attachment, DeliveryState, Satisfaction};

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Conversation {
    /// The helpdesk's id.
    pub id: i64,
    pub active: bool,
    pub created_at: std::time::SystemTime,
    /// The helpdesk's id of the request behind it (a conversation is a request).
    pub request_id: i64,
    /// Once it ended, the user may rate it (see `Messaging::rate`).
    pub satisfaction: Satisfaction,
    /// Its newest message on the device (the user's pending one included), for a list.
    pub last_message: Option<ChatMessage>,
    /// The agent's and the bot's messages the user has not seen in it (see `mark_read`).
    pub unread_count: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ChatAuthorKind {
    /// The app's user: this device or another of theirs.
    User,
    Agent,
    Bot,
    System,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChatAuthor {
    pub kind: ChatAuthorKind,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ChatMessageKind {
    Text,
    File,
    /// The bot suggests help-center articles (`articles`).
    ArticleSuggestions,
    /// Something happened in the conversation (an agent joined, it ended).
    Event,
    /// Choices under the text (`quick_replies`, while nothing followed): see `Messaging::choose`.
    QuickReplies,
    /// Link or postback `buttons` under the text.
    Buttons,
    /// A row of `cards`.
    Carousel,
    /// A small `form`: see `Messaging::submit_form`.
    Form,
    /// A kind newer than this SDK: show its `text`, the helpdesk's fallback.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SuggestedArticle {
    pub id: i64,
    pub title: String,
    pub html_url: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChatMessage {
    /// Stable on the device: the client id of the user's own messages, derived from the
    /// helpdesk's id for the others.
    pub local_id: String,
    /// The position in the conversation; `None` while the user's message is not confirmed.
    pub seq: Option<i64>,
    pub author: ChatAuthor,
    pub kind: ChatMessageKind,
    pub text: String,
    pub articles: Vec<SuggestedArticle>,
    pub created_at: std::time::SystemTime,
    /// Whether this device's user wrote it.
    pub is_mine: bool,
    pub delivery: DeliveryState,
    /// Its files: with their URL once the helpdesk has them, without while they wait.
    pub attachments: Vec<Attachment>,
    /// Choices to tap, while nothing followed the message (gone at once once one is tapped).
    pub quick_replies: Vec<ChatQuickReply>,
    pub buttons: Vec<ChatButton>,
    pub cards: Vec<ChatCard>,
    /// A form to fill once, or the answer given to it.
    pub form: Option<ChatForm>,
}

/// The realtime link to the helpdesk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ConnectionState {
    /// Not started, or stopped.
    Disconnected,
    /// Connecting, or waiting before the next try.
    Connecting,
    /// The WebSocket is up: messages arrive as they are written.
    Connected,
    /// The WebSocket cannot be established (a proxy refuses upgrades): polling over HTTP.
    Polling,
}

/// What happens in a live conversation, as it happens.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[non_exhaustive]
pub enum ChatEvent {
    /// Messages were added or changed state: read `messages()`.
    MessagesChanged {
        conversation_id: Option<i64>,
    },
    /// Someone (an agent, the bot) started or stopped typing.
    Typing {
        conversation_id: i64,
        author: ChatAuthor,
        active: bool,
    },
    /// The agent read every message up to `seq`.
    Read {
        conversation_id: i64,
        seq: i64,
    },
    AgentJoined {
        conversation_id: i64,
        agent: ChatAuthor,
    },
    AgentLeft {
        conversation_id: i64,
        agent: ChatAuthor,
    },
    /// While waiting for an agent: the place in the queue.
    Queue {
        conversation_id: i64,
        position: i64,
        wait_seconds: i64,
    },
    Ended {
        conversation_id: i64,
    },
    Connection {
        state: ConnectionState,
    },
    /// The user's satisfaction rating of this (ended) conversation changed: given, sent,
    /// refused. Read it on `Messaging::conversations`.
    SatisfactionChanged {
        conversation_id: i64,
    },
}
