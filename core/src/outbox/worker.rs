//! Sends the outbox, in order, whenever the network allows.
//!
//! One background task waits for new writes, for the time of the next retry, or for a
//! nudge (`sync`, the app coming to the foreground). Sending is serialized by a lock, so a
//! flush asked for by the app and the background task never send the same row twice.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, Notify};

use super::{DeliveryState, Entry, OutboxItem, WriteHandler};
use crate::clock::now_unix_ms;
use crate::kernel::Kernel;
use crate::{Error, Event, Result};

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
    pub(crate) async fn run(kernel: Arc<Kernel>) {
        loop {
            let next = match Self::drain(&kernel, false).await {
                Ok(Drained::Empty) => None,
                Ok(Drained::Blocked { until_ms }) => Some(until_ms),
                Err(e) => {
                    tracing::warn!("outbox: {e}");
                    Some(now_unix_ms() + 5_000)
                }
            };
            // Never longer than any delay the outbox sets, whatever the device's clock did.
            let wait = next.map(|until| {
                Duration::from_millis(until.saturating_sub(now_unix_ms()).clamp(0, super::MAX_DELAY_MS) as u64)
            });
            match wait {
                Some(wait) => {
                    let _ = tokio::time::timeout(wait, kernel.outbox.wake.notified()).await;
                }
                None => kernel.outbox.wake.notified().await,
            }
        }
    }

    /// Sends due writes in order until the queue is empty or its head must wait.
    /// `force` ignores the retry schedule (the app asked to sync now).
    pub(crate) async fn drain(kernel: &Kernel, force: bool) -> Result<Drained> {
        let _sending = kernel.outbox.send_lock.lock().await;
        let known = kernel.handlers.known();
        loop {
            let Some(entry) = kernel.store.read(|c| super::head(c, &known))? else { return Ok(Drained::Empty) };
            if !force && !super::is_due(entry.not_before_ms, now_unix_ms()) {
                return Ok(Drained::Blocked { until_ms: entry.not_before_ms });
            }
            let handler = handler(kernel, &entry.item)?;
            match handler.deliver(&entry).await {
                // What was sent, never what it said: the log may go to a ticket (see `logs`).
                Ok(()) => tracing::info!("outbox #{} ({}): sent", entry.item.id, entry.item.kind.as_str()),
                Err(error) => {
                    if let Some(until_ms) = Self::settle_failure(kernel, handler.as_ref(), &entry, &error)? {
                        return Ok(Drained::Blocked { until_ms });
                    }
                }
            }
        }
    }

    /// Reschedules a transient failure (returning when to try again) or fails the write. A write
    /// replaced while it was in flight (see `enqueue_latest`) is neither: its newer self goes next.
    fn settle_failure(
        kernel: &Kernel,
        handler: &dyn WriteHandler,
        entry: &Entry,
        error: &Error,
    ) -> Result<Option<i64>> {
        match super::retry_plan(error, entry.item.attempts) {
            Some(delay) => {
                tracing::info!("outbox #{}: {error}; retrying in {delay:?}", entry.item.id);
                let item = kernel.store.write(|tx| {
                    if !super::is_current(tx, entry)? {
                        return Ok(None);
                    }
                    super::reschedule(tx, entry.item.id, error, delay).map(Some)
                })?;
                let Some(item) = item else { return Ok(None) };
                kernel.events.emit(Event::OutboxChanged { item });
                Ok(Some(now_unix_ms().saturating_add(super::millis(delay))))
            }
            None => {
                tracing::warn!("outbox #{}: failed for good: {error}", entry.item.id);
                let reason = error.to_string();
                let failed = kernel.store.write(|tx| {
                    if !super::is_current(tx, entry)? {
                        return Ok(None);
                    }
                    handler.set_delivery(tx, entry, &DeliveryState::Failed { reason: reason.clone() })?;
                    let item = super::fail(tx, entry.item.id, &reason)?;
                    Ok(Some((item.clone(), handler.changed(tx, &item)?)))
                })?;
                let Some((item, events)) = failed else { return Ok(None) };
                events.into_iter().for_each(|event| kernel.events.emit(event));
                if handler.user_visible() {
                    kernel.user_met_error();
                }
                kernel.events.emit(Event::OutboxChanged { item });
                Ok(None)
            }
        }
    }

    /// Queues a failed write again.
    pub(crate) fn retry(kernel: &Kernel, id: i64) -> Result<OutboxItem> {
        let (entry, events) = kernel
            .store
            .write(|tx| {
                let Some(entry) = super::requeue(tx, id)? else { return Ok(None) };
                let handler = handler(kernel, &entry.item)?;
                handler.set_delivery(tx, &entry, &DeliveryState::Pending)?;
                let events = handler.changed(tx, &entry.item)?;
                Ok(Some((entry, events)))
            })?
            .ok_or_else(|| Error::not_found(format!("failed outbox item {id}")))?;
        events.into_iter().for_each(|event| kernel.events.emit(event));
        kernel.events.emit(Event::OutboxChanged { item: entry.item.clone() });
        kernel.outbox.nudge();
        Ok(entry.item)
    }
}

/// The capability that sends `item`'s kind. Only known kinds reach the worker (see `head`).
pub(super) fn handler(kernel: &Kernel, item: &OutboxItem) -> Result<Arc<dyn WriteHandler>> {
    kernel
        .handlers
        .get(item.kind)
        .ok_or_else(|| Error::Internal { reason: format!("outbox #{}: {}", item.id, super::UNKNOWN_KIND) })
}
