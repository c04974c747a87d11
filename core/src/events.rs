//! One typed stream of what changed, for the app to observe.

use tokio::sync::broadcast;

use crate::{ChatEvent, OutboxItem};

/// What changed. Grows with the SDK: keep a catch-all arm.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// The list of tickets changed (a refresh landed, a ticket was created or removed).
    TicketsChanged,
    /// One ticket or its comments changed; `ticket_id` is the local id.
    TicketChanged { ticket_id: String },
    /// A queued write moved between pending, sent and failed.
    OutboxChanged { item: OutboxItem },
    /// Help-center content changed (a sync brought new, edited or deleted articles).
    HelpCenterChanged,
    /// The user changed: cached data of the previous one is gone.
    IdentityChanged,
    /// A user signed in where there was none, and nothing was wiped: what needs a user (the
    /// tickets, the chat) may be offered now.
    SignedIn,
    /// The local database was unreadable; it was moved aside and is rebuilt from the helpdesk.
    StoreRecovered,
    /// Live chat: a message, typing, a read receipt, an agent, the queue, the connection.
    Chat(ChatEvent),
    /// The helpdesk's remote settings changed (`Helpline::settings` has the new ones).
    SettingsChanged,
    /// A push said a live-messaging conversation has a new message.
    PushMessage { conversation_id: i64 },
    /// A queued write's file is being uploaded: `target_id` is the write's target (a ticket's,
    /// a comment's or a chat message's local id). Sent at 0, then every 64 KiB or 1% (whichever
    /// is larger), and when the last byte went out.
    UploadProgress { target_id: String, file_name: String, sent_bytes: i64, total_bytes: i64 },
}

/// A receiver of [`Event`]s. Slow receivers skip the oldest events (and can re-read state).
pub type EventStream = broadcast::Receiver<Event>;

#[derive(Clone)]
pub(crate) struct EventBus {
    tx: broadcast::Sender<Event>,
}

impl EventBus {
    pub(crate) fn new() -> Self {
        Self { tx: broadcast::channel(1024).0 }
    }

    pub(crate) fn emit(&self, event: Event) {
        // No receiver is fine: nobody is listening right now.
        let _ = self.tx.send(event);
    }

    pub(crate) fn subscribe(&self) -> EventStream {
        self.tx.subscribe()
    }
}
