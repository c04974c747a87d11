//! Event observation: a foreign listener, fed from the core's event stream, and the handle
//! that stops it.
//!
//! Every subscription first delivers `Snapshot` (the tickets, the unread count and the outbox:
//! what a support screen or a badge renders at once), then each change in order. A listener
//! that fell too far behind misses the oldest events and gets a fresh `Snapshot` instead.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, Mutex, Weak};

use helpline_core as core;
use tokio::runtime::Runtime;
use tokio::sync::broadcast::error::RecvError;
use tokio::task::AbortHandle;

use crate::error::{HelplineError, Result};
use crate::outbox::items;
use crate::tickets::tickets;
use crate::{ChatEvent, OutboxItem, Ticket};

/// What changed. The first event of every subscription is `Snapshot`.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum HelplineEvent {
    /// The current state, delivered first (and again after skipped events).
    Snapshot { tickets: Vec<Ticket>, unread_count: u32, outbox: Vec<OutboxItem> },
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
    /// The local database was unreadable; it was moved aside and is rebuilt by `sync`.
    StoreRecovered,
    /// Live chat: a message, typing, a read receipt, an agent, the queue, the connection.
    Chat { event: ChatEvent },
    /// The helpdesk's remote settings changed (`settings()` has the new ones).
    SettingsChanged,
    /// A push said a live-chat conversation has a new message.
    PushMessage { conversation_id: u64 },
    /// A queued write's file is being uploaded (`target_id`: the ticket's, comment's or chat
    /// message's local id); at 0, every 64 KiB or 1%, and at the end.
    UploadProgress { target_id: String, file_name: String, sent_bytes: u64, total_bytes: u64 },
}

/// Implemented by the app. Called on an SDK thread, one event at a time: hand the event over
/// (to a channel, a main-thread handler) and return; never block, never throw.
#[uniffi::export(foreign)]
pub trait HelplineListener: Send + Sync {
    fn on_event(&self, event: HelplineEvent);
}

/// A running subscription. `cancel()`, `close()` (Kotlin) or releasing it (Swift) stops it:
/// once that returns, the listener is never called again.
#[derive(uniffi::Object)]
pub struct Subscription {
    shared: Arc<Shared>,
    task: AbortHandle,
}

#[uniffi::export]
impl Subscription {
    /// Stops the events. Idempotent; may be called from inside `on_event`.
    pub fn cancel(&self) {
        self.shared.close();
        self.task.abort();
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// The one thread that calls every listener (or why the system would not start it).
static EVENTS: LazyLock<std::io::Result<Runtime>> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread().worker_threads(1).thread_name("helpline-events").build()
});

thread_local! {
    /// Set while this thread runs a listener's `on_event`.
    static DELIVERING: Cell<bool> = const { Cell::new(false) };
}

struct Shared {
    listener: Mutex<Option<Arc<dyn HelplineListener>>>,
    closed: AtomicBool,
}

impl Shared {
    /// Calls the listener unless the subscription was closed; false once it is.
    fn deliver(&self, event: HelplineEvent) -> bool {
        let listener = self.listener.lock().unwrap_or_else(|p| p.into_inner());
        match listener.as_ref() {
            Some(listener) if !self.closed.load(Ordering::SeqCst) => {
                DELIVERING.set(true);
                listener.on_event(event);
                DELIVERING.set(false);
                true
            }
            _ => false,
        }
    }

    fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        // Inside `on_event` (on the one events thread) no other delivery runs, and the
        // flag stops the next one; elsewhere, wait for a delivery in flight to end.
        if !DELIVERING.get() {
            self.listener.lock().unwrap_or_else(|p| p.into_inner()).take();
        }
    }
}

pub(crate) fn subscribe(
    helpline: &Arc<core::Helpline>,
    listener: Arc<dyn HelplineListener>,
) -> Result<Arc<Subscription>> {
    // Subscribe before reading the state, so that no change falls in between.
    let stream = helpline.subscribe();
    let first = snapshot(helpline)?;
    let shared = Arc::new(Shared { listener: Mutex::new(Some(listener)), closed: AtomicBool::new(false) });
    let events = EVENTS
        .as_ref()
        .map_err(|e| HelplineError::Internal { reason: format!("cannot start the helpline-events thread: {e}") })?;
    let task = events.spawn(forward(stream, first, Arc::downgrade(helpline), Arc::clone(&shared)));
    Ok(Arc::new(Subscription { shared, task: task.abort_handle() }))
}

fn snapshot(helpline: &core::Helpline) -> Result<HelplineEvent> {
    let service = helpline.tickets();
    Ok(HelplineEvent::Snapshot {
        tickets: tickets(service.list()?),
        unread_count: service.unread_count()?,
        outbox: items(helpline.outbox()?),
    })
}

async fn forward(
    mut stream: core::EventStream,
    first: HelplineEvent,
    helpline: Weak<core::Helpline>,
    shared: Arc<Shared>,
) {
    let mut next = Some(first);
    while let Some(event) = next.take() {
        if !shared.deliver(event) {
            return;
        }
        next = match stream.recv().await {
            Ok(event) => Some(event.into()),
            // Fell behind: the skipped changes are in a fresh snapshot.
            Err(RecvError::Lagged(_)) => helpline.upgrade().and_then(|h| snapshot(&h).ok()),
            Err(RecvError::Closed) => None,
        };
    }
}

impl From<core::Event> for HelplineEvent {
    fn from(e: core::Event) -> Self {
        match e {
            core::Event::TicketsChanged => Self::TicketsChanged,
            core::Event::TicketChanged { ticket_id } => Self::TicketChanged { ticket_id },
            core::Event::OutboxChanged { item } => Self::OutboxChanged { item: item.into() },
            core::Event::IdentityChanged => Self::IdentityChanged,
            core::Event::HelpCenterChanged => Self::HelpCenterChanged,
            core::Event::StoreRecovered => Self::StoreRecovered,
            core::Event::Chat(event) => Self::Chat { event: event.into() },
            core::Event::SettingsChanged => Self::SettingsChanged,
            core::Event::PushMessage { conversation_id } => Self::PushMessage { conversation_id },
            core::Event::UploadProgress { target_id, file_name, sent_bytes, total_bytes } => {
                Self::UploadProgress { target_id, file_name, sent_bytes, total_bytes }
            }
        }
    }
}
