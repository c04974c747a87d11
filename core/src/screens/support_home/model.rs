//! The support home screen's state: plain immutable records, the whole screen in one value.

use crate::{ArticleSummary, ConnectionState, Error, Ticket};

/// Everything the support home shows: the first screen of support in the app.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SupportHomeState {
    /// The lists below were read from the device at least once (before, they are empty because
    /// they were not read yet, not because there is nothing).
    pub loaded: bool,
    /// The helpdesk's greeting (its messaging settings), for the screen's title; `None` when
    /// it has none.
    pub greeting: Option<String>,
    /// A user is set (`set_identity`): tickets and chat need one. Signing in, out, or as
    /// another user shows at once.
    pub signed_in: bool,
    /// Browsing and searching help articles (no user needed).
    pub help_center: HomeEntry,
    /// The contact form and the user's tickets.
    pub tickets: HomeEntry,
    /// Live chat.
    pub chat: HomeEntry,
    /// A few articles the support team promotes, from the device (offline too); empty while
    /// the help center is off or not synced yet.
    pub promoted_articles: Vec<ArticleSummary>,
    /// The user's most recently updated tickets that are not solved nor closed (a few; each
    /// with `unread` for its badge and `delivery` while it waits to be sent).
    pub open_tickets: Vec<Ticket>,
    /// How many tickets are open in all (`open_tickets` holds the first few).
    pub open_ticket_count: i32,
    /// Tickets with an agent's answer the user has not seen (`Tickets::unread_count`).
    pub unread_tickets: i32,
    /// Chat messages the user has not seen, in every conversation (`Messaging::unread_count`).
    pub chat_unread: i32,
    /// A conversation is going on: "continue the chat" rather than "start a chat".
    pub chat_active: bool,
    /// The chat's realtime link.
    pub connection: ConnectionState,
    /// The user's writes on the device the helpdesk does not have yet (tickets, replies,
    /// messages, votes): sent when it can be reached.
    pub pending_writes: i32,
    /// Writes the helpdesk refused for good (`Helpline::retry` or `discard` them).
    pub failed_writes: i32,
    /// The helpdesk could not be reached lately: a pending write failed its last try and waits
    /// to try again, or this screen's last refresh found it unreachable (offline, no answer).
    pub unreachable: bool,
    /// A `refresh` is under way.
    pub refreshing: bool,
    /// What the last `refresh` could not bring, each part with its error (empty: all of it).
    pub refresh_failures: Vec<RefreshFailure>,
}

impl Default for SupportHomeState {
    fn default() -> Self {
        Self {
            loaded: false,
            greeting: None,
            signed_in: false,
            help_center: HomeEntry::Off,
            tickets: HomeEntry::Off,
            chat: HomeEntry::Off,
            promoted_articles: vec![],
            open_tickets: vec![],
            open_ticket_count: 0,
            unread_tickets: 0,
            chat_unread: 0,
            chat_active: false,
            connection: ConnectionState::Disconnected,
            pending_writes: 0,
            failed_writes: 0,
            unreachable: false,
            refreshing: false,
            refresh_failures: vec![],
        }
    }
}

/// Whether an entry of the home is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum HomeEntry {
    /// The user may open it.
    Available,
    /// Switched on, but it needs a user (`set_identity`): ask them to sign in, or hide it.
    NeedsIdentity,
    /// Switched off by the helpdesk (remote settings): hide it.
    Off,
}

/// A part of `SupportHome::refresh` that failed, and why.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RefreshFailure {
    pub part: RefreshPart,
    pub error: Error,
}

/// What a refresh brings from the helpdesk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum RefreshPart {
    /// The remote settings (what is switched on).
    Settings,
    /// The user's tickets and their answers.
    Tickets,
    /// The help center's articles (the promoted ones among them).
    HelpCenter,
}
