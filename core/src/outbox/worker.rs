//! Sends the outbox, in order, whenever the network allows.
//!
//! One background task waits for new writes, for the time of the next retry, or for a
//! nudge (`sync`, the app coming to the foreground). Sending is serialized by a lock, so a
//! flush asked for by the app and the background task never send the same row twice.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, Notify};

use super::{DeliveryState, Entry, OutboxItem, OutboxKind};
use crate::clock::now_unix_ms;
use crate::helpline::Core;
use crate::{Error, Event, Result, help_center, messaging, push, rating, tickets};

#[derive(Default)]
pub(crate) struct Worker {
    wake: Notify,
    send_lock: Mutex<()>,
}

/// How far a pass through the outbox got.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Drained {
    /// Nothing left to send.
    Empty,
    /// The head write must wait (offline, rate limited...) until this Unix time in ms.
    Blocked { until_ms: i64 },
}

impl Worker {
    /// A new write was queued, or the network may be back.
    pub(crate) fn nudge(&self) {
        self.wake.notify_one();
    }

    /// The background loop. Ends when the SDK is dropped (the task is aborted).
    pub(crate) async fn run(core: Arc<Core>) {
        loop {
            let next = match Self::drain(&core, false).await {
                Ok(Drained::Empty) => None,
                Ok(Drained::Blocked { until_ms }) => Some(until_ms),
                Err(e) => {
                    tracing::warn!("outbox: {e}");
                    Some(now_unix_ms() + 5_000)
                }
            };
            let wait = next.map(|until| Duration::from_millis((until - now_unix_ms()).max(0) as u64));
            match wait {
                Some(wait) => {
                    let _ = tokio::time::timeout(wait, core.outbox.wake.notified()).await;
                }
                None => core.outbox.wake.notified().await,
            }
        }
    }

    /// Sends due writes in order until the queue is empty or its head must wait.
    /// `force` ignores the retry schedule (the app asked to sync now).
    pub(crate) async fn drain(core: &Core, force: bool) -> Result<Drained> {
        let _sending = core.outbox.send_lock.lock().await;
        loop {
            let Some(entry) = core.store.read(super::head)? else { return Ok(Drained::Empty) };
            if !force && entry.not_before_ms > now_unix_ms() {
                return Ok(Drained::Blocked { until_ms: entry.not_before_ms });
            }
            let sent = match entry.item.kind {
                OutboxKind::Vote => help_center::deliver(core, &entry).await,
                OutboxKind::SendMessage => messaging::deliver(core, &entry).await,
                OutboxKind::RegisterPush | OutboxKind::UnregisterPush => push::deliver(core, &entry).await,
                _ => tickets::deliver(core, &entry).await,
            };
            match sent {
                Ok(()) => {}
                Err(error) => {
                    if let Some(until_ms) = Self::settle_failure(core, &entry, &error)? {
                        return Ok(Drained::Blocked { until_ms });
                    }
                }
            }
        }
    }

    /// Reschedules a transient failure (returning when to try again) or fails the write.
    fn settle_failure(core: &Core, entry: &Entry, error: &Error) -> Result<Option<i64>> {
        match super::retry_plan(error, entry.item.attempts) {
            Some(delay) => {
                tracing::info!("outbox #{}: {error}; retrying in {delay:?}", entry.item.id);
                let item = core.store.write(|tx| super::reschedule(tx, entry.item.id, error, delay))?;
                core.events.emit(Event::OutboxChanged { item });
                Ok(Some(now_unix_ms() + delay.as_millis() as i64))
            }
            None => {
                tracing::warn!("outbox #{}: failed for good: {error}", entry.item.id);
                let reason = error.to_string();
                let item = core.store.write(|tx| {
                    tickets::set_delivery(tx, entry, &DeliveryState::Failed { reason: reason.clone() })?;
                    super::fail(tx, entry.item.id, &reason)
                })?;
                if let Some(ticket_id) = tickets::ticket_of(core, &entry.item)? {
                    core.events.emit(Event::TicketChanged { ticket_id });
                }
                // The user sees a write of theirs fail: no rating prompt for a while.
                if !matches!(entry.item.kind, OutboxKind::RegisterPush | OutboxKind::UnregisterPush) {
                    rating::note_error(core);
                }
                core.events.emit(Event::OutboxChanged { item });
                Ok(None)
            }
        }
    }

    /// Queues a failed write again.
    pub(crate) fn retry(core: &Core, id: i64) -> Result<OutboxItem> {
        let entry = core
            .store
            .write(|tx| {
                let entry = super::requeue(tx, id)?;
                if let Some(entry) = &entry {
                    tickets::set_delivery(tx, entry, &DeliveryState::Pending)?;
                }
                Ok(entry)
            })?
            .ok_or_else(|| Error::not_found(format!("failed outbox item {id}")))?;
        core.events.emit(Event::OutboxChanged { item: entry.item.clone() });
        core.outbox.nudge();
        Ok(entry.item)
    }
}
