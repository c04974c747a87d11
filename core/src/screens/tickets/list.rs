//! The "my tickets" screen: the user's tickets from the device (read off the caller's thread as
//! it opens), the newest activity first, with their unread badge and where the user's writes
//! stand; refreshed from the helpdesk when opened and on `refresh`, and following every change
//! the SDK makes to them.

use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Weak};

use super::model::{TicketListItem, TicketListState};
use super::refreshing::{Refreshes, Refreshing};
use super::{follow, view};
use crate::kernel::Kernel;
use crate::screens::Tasks;
use crate::screens::{ScreenListener, ScreenState, ScreenSubscription};
use crate::{Error, Result, Tickets};

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
    tasks: Tasks,
}

impl Refreshes for ListInner {
    fn refreshes(&self) -> &AtomicUsize {
        &self.refreshes
    }

    fn show_refreshing(&self, refreshing: bool) {
        self.state.update(|s| s.refreshing = refreshing);
    }
}

impl TicketListScreen {
    /// Returns at once (`loaded` false): the device's list follows, then a refresh from the
    /// helpdesk.
    pub(crate) fn open(kernel: Arc<Kernel>, tickets: Tickets) -> Result<Self> {
        if kernel.is_closed() {
            return Err(Error::Shutdown);
        }
        // Before the first read: nothing that changes after it is missed.
        let events = kernel.events.subscribe();
        let inner = Arc::new(ListInner {
            kernel,
            tickets,
            state: ScreenState::new(TicketListState::default()),
            refreshes: AtomicUsize::new(0),
            reading: tokio::sync::Mutex::new(()),
            tasks: Tasks::default(),
        });
        inner.tasks.spawn(&inner.kernel.runtime, follow::list(Arc::downgrade(&inner), events));
        let counted = Refreshing::start(&inner);
        let weak = Arc::downgrade(&inner);
        // The outcome is in the state (`refresh_error`).
        inner.tasks.spawn(&inner.kernel.runtime, async move {
            let _ = refresh(&weak, counted).await;
        });
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
        refresh(&Arc::downgrade(&self.inner), Refreshing::start(&self.inner)).await
    }
}

/// One refresh: the screen is not held while the helpdesk answers.
async fn refresh(screen: &Weak<ListInner>, _counted: Refreshing<ListInner>) -> Result<()> {
    let tickets = screen.upgrade().ok_or(Error::Shutdown)?.tickets.clone();
    let result = tickets.refresh().await.map(drop);
    let Some(inner) = screen.upgrade() else { return result };
    let read = inner.reload().await;
    inner.state.update(|s| s.refresh_error = result.as_ref().err().cloned());
    result.and(read)
}

impl ListInner {
    /// Reads the list from the device again.
    pub(super) async fn reload(&self) -> Result<()> {
        let _one_at_a_time = self.reading.lock().await;
        let tickets = self.tickets.clone();
        let (items, unread_count) = self.kernel.blocking(move || read(&tickets)).await?;
        self.state.update(|s| {
            s.tickets = items;
            s.unread_count = unread_count;
            s.loaded = true;
        });
        Ok(())
    }
}

/// The rows and the unread count, from the device.
fn read(tickets: &Tickets) -> Result<(Vec<TicketListItem>, i32)> {
    Ok((view::list_items(tickets.list_with_comments_summaries()?), tickets.unread_count()?))
}
