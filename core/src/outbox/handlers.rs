//! Who sends each kind of queued write: an open registry the capabilities fill at open.
//!
//! The outbox knows rows, order and retries; what a row means is its capability's business.
//! A row whose kind nobody registered (a database written by a newer SDK) is never sent, nor
//! handed to another capability: it stays pending, with a reason, until an SDK that knows it
//! opens the database.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use async_trait::async_trait;
use rusqlite::Connection;

use super::{Entry, OutboxItem, OutboxKind};
use crate::{DeliveryState, Event, Result};

/// A capability's side of the outbox, for the kinds it registered.
#[async_trait]
pub(crate) trait WriteHandler: Send + Sync {
    /// Sends one queued write. `Ok` means it landed and is recorded (its row completed).
    async fn deliver(&self, entry: &Entry) -> Result<()>;

    /// Mirrors the write's state onto what it is about (a pending ticket, a chat message).
    fn set_delivery(&self, _conn: &Connection, _entry: &Entry, _state: &DeliveryState) -> Result<()> {
        Ok(())
    }

    /// Deletes what a discarded (failed) write left on the device; returns what to announce.
    /// The outbox row itself is the outbox's to delete.
    fn discard(&self, _conn: &Connection, _item: &OutboxItem) -> Result<Vec<Event>> {
        Ok(vec![])
    }

    /// What to announce when the write's state changes (it failed, or is retried).
    fn changed(&self, _conn: &Connection, _item: &OutboxItem) -> Result<Vec<Event>> {
        Ok(vec![])
    }

    /// Whether the user sees this write fail: an error they met, which holds back the rating
    /// prompt. Housekeeping writes (a push token) are not.
    fn user_visible(&self) -> bool {
        true
    }
}

#[derive(Default)]
pub(crate) struct Handlers {
    by_kind: RwLock<HashMap<OutboxKind, Arc<dyn WriteHandler>>>,
}

impl Handlers {
    /// Makes `handler` the one for `kinds`. Called at open, before the worker starts.
    pub(crate) fn register(&self, kinds: &[OutboxKind], handler: Arc<dyn WriteHandler>) {
        let mut by_kind = self.by_kind.write().unwrap_or_else(|p| p.into_inner());
        for kind in kinds {
            let previous = by_kind.insert(*kind, Arc::clone(&handler));
            debug_assert!(previous.is_none(), "{kind:?} registered twice");
        }
    }

    /// Forgets every handler (the SDK is closing): they hold the capabilities, which hold
    /// the kernel, which holds this registry; clearing it breaks the cycle.
    pub(crate) fn clear(&self) {
        self.by_kind.write().unwrap_or_else(|p| p.into_inner()).clear();
    }

    pub(crate) fn get(&self, kind: OutboxKind) -> Option<Arc<dyn WriteHandler>> {
        self.by_kind.read().unwrap_or_else(|p| p.into_inner()).get(&kind).cloned()
    }

    /// The stored names of the kinds someone sends.
    pub(crate) fn known(&self) -> Vec<&'static str> {
        self.by_kind.read().unwrap_or_else(|p| p.into_inner()).keys().map(|k| k.as_str()).collect()
    }
}
