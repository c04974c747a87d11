//! The "my tickets" screen: the user's tickets from the device at once, the newest activity
//! first, with their unread badge and where the user's writes stand; refreshed from the helpdesk
//! when opened and on `refresh`, and following every change the SDK makes to them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::task::AbortHandle;

use super::model::{TicketListItem, TicketListState};
use super::{follow, view};
use crate::kernel::Kernel;
use crate::screens::{ScreenListener, ScreenState, ScreenSubscription};
use crate::{Result, Tickets};

/// The ticket list screen (`Helpline::ticket_list_screen`). Cheap to clone; the screen lives
/// while a clone or a subscription's source does.
#[derive(Clone)]
pub struct TicketListScreen {
    inner: Arc<ListInner>,
}

pub(super) struct ListInner {
    pub(super) kernel: Arc<Kernel>,
    tickets: Tickets,
    pub(super) state: ScreenState<TicketListState>,
    /// Refreshes under way (a pull while the opening one runs).
    refreshes: AtomicUsize,
    /// One re-read at a time, so an older read never lands after a newer one.
    reading: tokio::sync::Mutex<()>,
    tasks: Mutex<Vec<AbortHandle>>,
}

impl Drop for ListInner {
    fn drop(&mut self) {
        for task in self.tasks.lock().unwrap_or_else(|p| p.into_inner()).drain(..) {
            task.abort();
        }
    }
}

impl TicketListScreen {
    /// The list as the device has it, then a refresh from the helpdesk.
    pub(crate) fn open(kernel: Arc<Kernel>, tickets: Tickets) -> Result<Self> {
        let (items, unread_count) = read(&tickets)?;
        let state = TicketListState { tickets: items, unread_count, ..Default::default() };
        let inner = Arc::new(ListInner {
            kernel,
            tickets,
            state: ScreenState::new(state),
            refreshes: AtomicUsize::new(0),
            reading: tokio::sync::Mutex::new(()),
            tasks: Mutex::new(vec![]),
        });
        let following = inner.kernel.runtime.spawn(follow::list(Arc::downgrade(&inner)));
        let weak = Arc::downgrade(&inner);
        inner.refreshes.fetch_add(1, Ordering::SeqCst);
        inner.state.update(|s| s.refreshing = true);
        let refreshing = inner.kernel.runtime.spawn(async move {
            if let Some(inner) = weak.upgrade() {
                // The outcome is in the state (`refresh_error`).
                let _ = inner.refresh_counted().await;
            }
        });
        inner
            .tasks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend([following.abort_handle(), refreshing.abort_handle()]);
        Ok(Self { inner })
    }

    /// Delivers the whole state now, then each new one, on an SDK thread (see `ScreenListener`).
    pub fn subscribe(&self, listener: Arc<dyn ScreenListener<TicketListState>>) -> ScreenSubscription {
        self.inner.state.subscribe(&self.inner.kernel.runtime, listener)
    }

    /// The state as it is now.
    pub fn state(&self) -> TicketListState {
        self.inner.state.get()
    }

    /// Brings the helpdesk's list (pull to refresh): `refreshing` meanwhile, then the list, or
    /// `refresh_error` (and the error returned) with the device's list still shown.
    pub async fn refresh(&self) -> Result<()> {
        self.inner.refreshes.fetch_add(1, Ordering::SeqCst);
        self.inner.state.update(|s| s.refreshing = true);
        self.inner.refresh_counted().await
    }
}

impl ListInner {
    /// A refresh already counted in `refreshes`.
    async fn refresh_counted(&self) -> Result<()> {
        let result = self.tickets.refresh().await.map(drop);
        let read = self.reload().await;
        let left = self.refreshes.fetch_sub(1, Ordering::SeqCst) - 1;
        self.state.update(|s| {
            s.refreshing = left > 0;
            s.refresh_error = result.as_ref().err().cloned();
        });
        result.and(read)
    }

    /// Reads the list from the device again.
    pub(super) async fn reload(&self) -> Result<()> {
        let _one_at_a_time = self.reading.lock().await;
        let tickets = self.tickets.clone();
        let (items, unread_count) = self.kernel.blocking(move || read(&tickets)).await?;
        self.state.update(|s| {
            s.tickets = items;
            s.unread_count = unread_count;
        });
        Ok(())
    }
}

/// The rows and the unread count, from the device.
fn read(tickets: &Tickets) -> Result<(Vec<TicketListItem>, i32)> {
    let mut details = Vec::new();
    for ticket in tickets.list()? {
        match tickets.get(&ticket.id) {
            Ok(detail) => details.push(detail),
            // Removed between the two reads: the next event brings the list without it.
            Err(crate::Error::NotFound { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok((view::list_items(details), tickets.unread_count()?))
}
