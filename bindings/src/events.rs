//! Event observation: a foreign listener, fed from the core's event stream, and the handle
//! that stops it.
//!
//! Every subscription first delivers `Snapshot` (the tickets, the unread count and the outbox:
//! what a support screen or a badge renders at once), then each change in order. A listener
//! that fell too far behind misses the oldest events and gets a fresh `Snapshot` instead.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::thread::ThreadId;

use helpline_core::{self as core, ChatEvent, OutboxItem, Result, Ticket};
use tokio::sync::broadcast::error::RecvError;
use tokio::task::AbortHandle;

use crate::runtime::runtime;

/// What changed. The first event of every subscription is `Snapshot`.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum HelplineEvent {
    /// The current state, delivered first (and again after skipped events).
    Snapshot { tickets: Vec<Ticket>, unread_count: i32, outbox: Vec<OutboxItem> },
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
    /// A user signed in where there was none (nothing was wiped).
    SignedIn,
    /// The local database was unreadable; it was moved aside and is rebuilt by `sync`.
    StoreRecovered,
    /// Live chat: a message, typing, a read receipt, an agent, the queue, the connection.
    Chat { event: ChatEvent },
    /// The helpdesk's remote settings changed (`settings()` has the new ones).
    SettingsChanged,
    /// A push said a live-chat conversation has a new message.
    PushMessage { conversation_id: i64 },
    /// A queued write's file is being uploaded (`target_id`: the ticket's, comment's or chat
    /// message's local id); at 0, every 64 KiB or 1%, and at the end.
    UploadProgress { target_id: String, file_name: String, sent_bytes: i64, total_bytes: i64 },
}

/// Implemented by the app. Called on an SDK thread, one event at a time per subscription: hand
/// the event over (to a channel, a main-thread handler) and return; never block, never throw.
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

struct Shared {
    listener: Mutex<Option<Arc<dyn HelplineListener>>>,
    closed: AtomicBool,
    /// The thread running this subscription's `on_event`, while it runs.
    delivering_on: Mutex<Option<ThreadId>>,
}

impl Shared {
    fn new(listener: Arc<dyn HelplineListener>) -> Self {
        Self { listener: Mutex::new(Some(listener)), closed: AtomicBool::new(false), delivering_on: Mutex::new(None) }
    }

    /// Calls the listener unless the subscription was closed; false once it is.
    fn deliver(&self, event: HelplineEvent) -> bool {
        let listener = lock(&self.listener);
        match listener.as_ref() {
            Some(listener) if !self.closed.load(Ordering::SeqCst) => {
                *lock(&self.delivering_on) = Some(std::thread::current().id());
                listener.on_event(event);
                *lock(&self.delivering_on) = None;
                true
            }
            _ => false,
        }
    }

    fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        // Inside its own `on_event`, the flag stops the next delivery (the listener's lock is
        // held by this very call); elsewhere, wait for a delivery in flight to end.
        if *lock(&self.delivering_on) != Some(std::thread::current().id()) {
            lock(&self.listener).take();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

pub(crate) fn subscribe(
    helpline: &Arc<core::Helpline>,
    listener: Arc<dyn HelplineListener>,
) -> Result<Arc<Subscription>> {
    // Subscribe before reading the state, so that no change falls in between.
    let stream = helpline.subscribe();
    let first = snapshot(helpline)?;
    let shared = Arc::new(Shared::new(listener));
    let task = runtime()?.spawn(forward(stream, first, Arc::downgrade(helpline), Arc::clone(&shared)));
    Ok(Arc::new(Subscription { shared, task: task.abort_handle() }))
}

fn snapshot(helpline: &core::Helpline) -> Result<HelplineEvent> {
    let service = helpline.tickets();
    Ok(HelplineEvent::Snapshot {
        tickets: service.list()?,
        unread_count: service.unread_count()?,
        outbox: helpline.outbox()?,
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
        next = loop {
            match stream.recv().await {
                Ok(event) => match foreign(event) {
                    Some(event) => break Some(event),
                    // A kind of event these bindings do not carry yet: wait for the next.
                    None => continue,
                },
                // Fell behind: the skipped changes are in a fresh snapshot.
                Err(RecvError::Lagged(_)) => break helpline.upgrade().and_then(|h| snapshot(&h).ok()),
                Err(RecvError::Closed) => break None,
            }
        };
    }
}

/// The event as the app's listener gets it; `None` for one these bindings do not carry.
fn foreign(e: core::Event) -> Option<HelplineEvent> {
    Some(match e {
        core::Event::TicketsChanged => HelplineEvent::TicketsChanged,
        core::Event::TicketChanged { ticket_id } => HelplineEvent::TicketChanged { ticket_id },
        core::Event::OutboxChanged { item } => HelplineEvent::OutboxChanged { item },
        core::Event::IdentityChanged => HelplineEvent::IdentityChanged,
        core::Event::SignedIn => HelplineEvent::SignedIn,
        core::Event::HelpCenterChanged => HelplineEvent::HelpCenterChanged,
        core::Event::StoreRecovered => HelplineEvent::StoreRecovered,
        core::Event::Chat(event) => HelplineEvent::Chat { event },
        core::Event::SettingsChanged => HelplineEvent::SettingsChanged,
        core::Event::PushMessage { conversation_id } => HelplineEvent::PushMessage { conversation_id },
        core::Event::UploadProgress { target_id, file_name, sent_bytes, total_bytes } => {
            HelplineEvent::UploadProgress { target_id, file_name, sent_bytes, total_bytes }
        }
        _ => return None,
    })
}
