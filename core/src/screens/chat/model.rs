//! The chat screen's state: plain values the UI draws.

use crate::screens::TimelineItem;
use crate::{ChatAuthor, Conversation, Error};

#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChatState {
    /// Where the chat stands: starting, open, ended, unavailable.
    pub status: ChatStatus,
    /// The conversation shown, once started or opened.
    pub conversation: Option<Conversation>,
    /// Its messages and what happened in it, oldest first, a `Day` before each new day.
    pub timeline: Vec<TimelineItem>,
    /// Who is typing now (an agent, the bot), for "Ana is typing…".
    pub typing: Option<ChatAuthor>,
    /// What to say about the connection above the timeline.
    pub banner: ConnectionBanner,
    /// Messages of the agent and the bot the user has not seen: while the screen is not
    /// visible they add up; while visible they are marked read as they come.
    pub unread_count: i32,
    /// How far the agent has read (a message's `seq`), for "seen" marks.
    pub agent_read_seq: i64,
    /// What the user is writing (kept across a kill of the app), and whether it can be sent.
    pub composer: Composer,
    /// The user's conversations, newest first, when the helpdesk allows several
    /// (`messaging.multiple_conversations`); empty otherwise.
    pub conversations: Vec<Conversation>,
    /// Whether a new conversation may be started beside the shown one.
    pub can_start_new: bool,
}

/// Where the chat stands.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ChatStatus {
    /// Not open yet: until `start`, `open_conversation` or `start_new` returns.
    #[default]
    Starting,
    /// The conversation is open: the user may write.
    Open,
    /// The agent ended it: the user may rate it and start a new one.
    Ended,
    /// The chat could not be opened: `error` says why (switched off by the helpdesk, no user
    /// signed in, the helpdesk refused). Offline is not an error: the cache shows.
    Failed { error: Error },
}

/// What the connection banner says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ConnectionBanner {
    /// Connecting for the first time: a quiet spinner at most.
    #[default]
    Connecting,
    /// Messages arrive as they are written: no banner.
    Online,
    /// The link is down (and trying again): the user's messages wait on the device.
    Offline { pending: i32 },
    /// WebSockets cannot get through: messages arrive every few seconds.
    Polling,
}

/// The message being written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Composer {
    pub text: String,
    /// Not empty, not too long, and the chat open or startable.
    pub can_send: bool,
}
