//! The help center screen.

use std::sync::Arc;

use helpline_core::{self as core, HelpCenterState, HelpCenterSyncReport, Result, ScreenSubscription, VoteValue};

use crate::runtime::run;

/// Implemented by the app (the Kotlin `stateIn` and the Swift model do it for you). Called on
/// an SDK thread with the latest state, one at a time: hand it over and return.
#[uniffi::export(foreign)]
pub trait HelpCenterListener: Send + Sync {
    fn on_state(&self, state: HelpCenterState);
}

struct Foreign(Arc<dyn HelpCenterListener>);

impl core::ScreenListener<HelpCenterState> for Foreign {
    fn on_state(&self, state: HelpCenterState) {
        self.0.on_state(state);
    }
}

/// The help center screen (`helpline.helpCenterScreen()`): categories, sections, the open
/// article, search as the user types, votes, the device's copy and its sync.
#[derive(uniffi::Object)]
pub struct HelpCenterScreen {
    inner: core::HelpCenterScreen,
}

impl HelpCenterScreen {
    pub(crate) fn new(inner: core::HelpCenterScreen) -> Arc<Self> {
        Arc::new(Self { inner })
    }
}

#[uniffi::export]
impl HelpCenterScreen {
    /// The whole state now, then each new one (the latest, never a backlog) until the returned
    /// subscription is closed or released.
    pub fn subscribe(&self, listener: Arc<dyn HelpCenterListener>) -> Arc<ScreenSubscription> {
        Arc::new(self.inner.subscribe(Arc::new(Foreign(listener))))
    }

    /// The state as it is now.
    pub fn state(&self) -> HelpCenterState {
        self.inner.state()
    }

    /// Opens a category: its sections are shown.
    pub async fn open_category(&self, id: i64) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.open_category(id).await }).await
    }

    /// Opens a section and lists its articles.
    pub async fn open_section(&self, id: i64) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.open_section(id).await }).await
    }

    /// Opens an article: the device's copy at once, then the helpdesk's.
    pub async fn open_article(&self, id: i64) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.open_article(id).await }).await
    }

    /// Closes the article, else the section, else the category; false when nothing was open.
    pub fn back(&self) -> bool {
        self.inner.back()
    }

    /// Searches as the user types: the device's results at once, the helpdesk's after a pause.
    pub async fn set_query(&self, query: String) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.set_query(query).await }).await
    }

    /// Votes on the open article (kept on the device, sent to the helpdesk).
    pub async fn vote(&self, value: VoteValue) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.vote(value).await }).await
    }

    /// Syncs with the helpdesk now, then shows what changed.
    pub async fn refresh(&self) -> Result<HelpCenterSyncReport> {
        let inner = self.inner.clone();
        run(async move { inner.refresh().await }).await
    }
}
