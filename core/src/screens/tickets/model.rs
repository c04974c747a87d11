//! The ticket list and ticket screens' states: plain immutable records, a whole screen in one
//! value.

use crate::screens::{StagedAttachment, TimelineItem};
use crate::{DeliveryState, Error, OutboxItem, Ticket};

/// Everything the "my tickets" screen shows.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TicketListState {
    /// The list was read from the device at least once (before, it is empty because it was not
    /// read yet, not because there is nothing).
    pub loaded: bool,
    /// The user's tickets, the newest activity first (an agent's answer, a reply of theirs).
    pub tickets: Vec<TicketListItem>,
    /// How many tickets have an agent's answer the user has not seen (a tab's badge).
    pub unread_count: i32,
    /// A refresh from the helpdesk is under way (the list shown is the device's meanwhile).
    pub refreshing: bool,
    /// Why the last refresh failed (offline, say); gone once one succeeds.
    pub refresh_error: Option<Error>,
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TicketListItem {
    /// The ticket: its subject, `status`, `unread` (the badge) and its own `delivery`.
    pub ticket: Ticket,
    /// When something last happened on it: its last comment, or its update.
    pub last_activity_at: std::time::SystemTime,
    /// Its last comment, shortened for a row (at most `PREVIEW_CHARS` characters).
    pub preview: String,
    /// Where the user's writes on it stand, the ticket's and its replies': `Failed` if one was
    /// refused, else `Pending` while one waits, else `Sent`.
    pub delivery: DeliveryState,
}

/// Everything the ticket screen shows.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TicketScreenState {
    /// The ticket was read from the device (before, only `ticket.id` is known and nothing is
    /// offered; `removed` follows for a ticket the device does not have).
    pub loaded: bool,
    /// The ticket as the device has it (the last known, once `removed`).
    pub ticket: Ticket,
    /// Its conversation, oldest first, a `Day` before each of the user's days; the user's own
    /// comments carry their `SendState` (the outbox item of a pending or failed one, the files
    /// uploading).
    pub timeline: Vec<TimelineItem>,
    pub reply: ReplyComposer,
    /// What the user may do now.
    pub actions: TicketActions,
    /// The user's writes about this ticket the helpdesk has not confirmed: its creation, replies,
    /// a solve, a rating; pending, or failed (`retry` and `discard` take their `id`).
    pub writes: Vec<OutboxItem>,
    /// The follow-up ticket the last reply opened, the ticket being closed: the UI may go there.
    pub followup_ticket_id: Option<String>,
    /// A refresh from the helpdesk is under way.
    pub refreshing: bool,
    /// Why the last refresh failed; gone once one succeeds.
    pub refresh_error: Option<Error>,
    /// Why the user's last action here failed (a blank reply, a refused file); gone with the next
    /// that succeeds.
    pub error: Option<Error>,
    /// The ticket is no longer on the device (another user signed in, its unsent creation was
    /// discarded, the helpdesk deleted it): the UI leaves the screen.
    pub removed: bool,
}

/// The reply being written, kept on the device across a kill of the app.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReplyComposer {
    pub body: String,
    /// The files picked for it, each checked as sending it will check them.
    pub attachments: Vec<StagedAttachment>,
    /// Being stored (for a moment: the reply then shows pending in the timeline).
    pub sending: bool,
    /// Something written, not too long, not being stored, and the ticket takes a reply (or a
    /// follow-up): the send button's state.
    pub can_send: bool,
}

/// What the ticket screen offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TicketActions {
    /// Write a reply (the ticket is not closed).
    pub reply: bool,
    /// The ticket is closed: the composer's reply opens a follow-up ticket.
    pub follow_up: bool,
    /// Mark it solved (the helpdesk lets this user, it is not solved yet, no solve is queued).
    pub solve: bool,
    /// Rate it good or bad (solved, ratings on); `ticket.satisfaction.rating` is the last given.
    pub rate: bool,
}
