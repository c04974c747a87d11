//! Queued writes and their delivery state.

use helpline_core as core;

/// Where a queued write (or the ticket or comment it carries) stands.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum DeliveryState {
    /// Stored on the device, not yet confirmed by the helpdesk.
    Pending,
    /// Confirmed by the helpdesk.
    Sent,
    /// Refused for good; `reason` says why. `Helpline.retry(id)` queues it again.
    Failed { reason: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum OutboxKind {
    CreateTicket,
    AddComment,
    SolveTicket,
    /// A vote on a help-center article.
    Vote,
    /// A live-chat message.
    SendMessage,
    /// The device's push token, registered for the signed-in user.
    RegisterPush,
    /// The device's push token, removed.
    UnregisterPush,
    /// Written by a newer SDK: kept, never sent, until an SDK that knows it opens the database.
    Unknown,
}

/// One queued write.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OutboxItem {
    pub id: i64,
    pub kind: OutboxKind,
    /// Local id of what the write is about (a ticket or a comment).
    pub target_id: String,
    pub state: DeliveryState,
    pub attempts: u32,
    /// The last transient error, while the write waits to be tried again.
    pub last_error: Option<String>,
    pub created_at: String,
}

impl From<core::DeliveryState> for DeliveryState {
    fn from(s: core::DeliveryState) -> Self {
        match s {
            core::DeliveryState::Pending => Self::Pending,
            core::DeliveryState::Sent => Self::Sent,
            core::DeliveryState::Failed { reason } => Self::Failed { reason },
        }
    }
}

impl From<core::OutboxKind> for OutboxKind {
    fn from(k: core::OutboxKind) -> Self {
        match k {
            core::OutboxKind::CreateTicket => Self::CreateTicket,
            core::OutboxKind::AddComment => Self::AddComment,
            core::OutboxKind::SolveTicket => Self::SolveTicket,
            core::OutboxKind::Vote => Self::Vote,
            core::OutboxKind::SendMessage => Self::SendMessage,
            core::OutboxKind::RegisterPush => Self::RegisterPush,
            core::OutboxKind::UnregisterPush => Self::UnregisterPush,
            _ => Self::Unknown,
        }
    }
}

impl From<core::OutboxItem> for OutboxItem {
    fn from(i: core::OutboxItem) -> Self {
        Self {
            id: i.id,
            kind: i.kind.into(),
            target_id: i.target_id,
            state: i.state.into(),
            attempts: i.attempts,
            last_error: i.last_error,
            created_at: i.created_at,
        }
    }
}

pub(crate) fn items(items: Vec<core::OutboxItem>) -> Vec<OutboxItem> {
    items.into_iter().map(Into::into).collect()
}
