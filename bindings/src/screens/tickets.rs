//! The ticket list and ticket screens.

use std::sync::Arc;

use helpline_core::{
    self as core, Result, SatisfactionScore, ScreenSubscription, TicketComment, TicketListState, TicketScreenState,
};

use crate::runtime::run;

/// Implemented by the app (the Kotlin `stateIn` and the Swift models do it for you). Called on
/// an SDK thread with the latest state, one at a time: hand it over and return.
#[uniffi::export(foreign)]
pub trait TicketListListener: Send + Sync {
    fn on_state(&self, state: TicketListState);
}

/// Implemented by the app, as `TicketListListener` is, for one ticket's screen.
#[uniffi::export(foreign)]
pub trait TicketScreenListener: Send + Sync {
    fn on_state(&self, state: TicketScreenState);
}

struct ListForeign(Arc<dyn TicketListListener>);

impl core::ScreenListener<TicketListState> for ListForeign {
    fn on_state(&self, state: TicketListState) {
        self.0.on_state(state);
    }
}

struct TicketForeign(Arc<dyn TicketScreenListener>);

impl core::ScreenListener<TicketScreenState> for TicketForeign {
    fn on_state(&self, state: TicketScreenState) {
        self.0.on_state(state);
    }
}

/// The "my tickets" screen (`helpline.ticketListScreen()`): the device's list at once, then
/// the helpdesk's.
#[derive(uniffi::Object)]
pub struct TicketListScreen {
    inner: core::TicketListScreen,
}

impl TicketListScreen {
    pub(crate) fn new(inner: core::TicketListScreen) -> Arc<Self> {
        Arc::new(Self { inner })
    }
}

#[uniffi::export]
impl TicketListScreen {
    /// The whole state now, then each new one until the subscription is cancelled or released.
    pub fn subscribe(&self, listener: Arc<dyn TicketListListener>) -> Arc<ScreenSubscription> {
        Arc::new(self.inner.subscribe(Arc::new(ListForeign(listener))))
    }

    pub fn state(&self) -> TicketListState {
        self.inner.state()
    }

    /// Pull to refresh: `refreshing` meanwhile, then the list or `refreshError`.
    pub async fn refresh(&self) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.refresh().await }).await
    }
}

/// One ticket's screen (`helpline.ticketScreen(id)`): its timeline, the reply being written,
/// what the user may do.
#[derive(uniffi::Object)]
pub struct TicketScreen {
    inner: core::TicketScreen,
}

impl TicketScreen {
    pub(crate) fn new(inner: core::TicketScreen) -> Arc<Self> {
        Arc::new(Self { inner })
    }
}

#[uniffi::export]
impl TicketScreen {
    /// The whole state now, then each new one until the subscription is cancelled or released.
    pub fn subscribe(&self, listener: Arc<dyn TicketScreenListener>) -> Arc<ScreenSubscription> {
        Arc::new(self.inner.subscribe(Arc::new(TicketForeign(listener))))
    }

    pub fn state(&self) -> TicketScreenState {
        self.inner.state()
    }

    /// On screen (resumed, appeared) or not: while it is, an agent's answer is marked read.
    pub async fn set_visible(&self, visible: bool) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.set_visible(visible).await }).await
    }

    pub async fn refresh(&self) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.refresh().await }).await
    }

    /// The reply's text, kept on the device as it is typed.
    pub async fn set_reply(&self, body: String) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.set_reply(body).await }).await
    }

    /// Adds a file (a path on the device) to the reply; the state says whether it will be taken.
    pub async fn add_reply_attachment(&self, path: String) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.add_reply_attachment(path).await }).await
    }

    pub async fn remove_reply_attachment(&self, path: String) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.remove_reply_attachment(path).await }).await
    }

    /// Sends the reply (pending in the timeline, then sent); on a closed ticket, a follow-up.
    pub async fn send_reply(&self) -> Result<TicketComment> {
        let inner = self.inner.clone();
        run(async move { inner.send_reply().await }).await
    }

    pub async fn solve(&self) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.solve().await }).await
    }

    /// Rates the solved ticket, or changes its rating.
    pub async fn rate(&self, score: SatisfactionScore, comment: Option<String>) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.rate(score, comment).await }).await
    }

    /// Queues a failed write of this ticket again.
    pub async fn retry(&self, outbox_item: i64) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.retry(outbox_item).await }).await
    }

    /// Drops a failed write of this ticket and what it left on the device.
    pub async fn discard(&self, outbox_item: i64) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.discard(outbox_item).await }).await
    }
}
