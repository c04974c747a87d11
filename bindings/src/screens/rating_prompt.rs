//! The rating prompt screen.

use std::sync::Arc;

use helpline_core::{self as core, RatingPromptState, Result, ScreenSubscription, Ticket};

use crate::runtime::run;

/// Implemented by the app (the Kotlin `stateIn` and the Swift model do it for you). Called on
/// an SDK thread with the latest state, one at a time: hand it over and return.
#[uniffi::export(foreign)]
pub trait RatingPromptListener: Send + Sync {
    fn on_state(&self, state: RatingPromptState);
}

struct Foreign(Arc<dyn RatingPromptListener>);

impl core::ScreenListener<RatingPromptState> for Foreign {
    fn on_state(&self, state: RatingPromptState) {
        self.0.on_state(state);
    }
}

/// The rating prompt screen (`helpline.ratingPrompt()`): whether to ask now, and the answers.
#[derive(uniffi::Object)]
pub struct RatingPrompt {
    inner: core::RatingPrompt,
}

impl RatingPrompt {
    pub(crate) fn new(inner: core::RatingPrompt) -> Arc<Self> {
        Arc::new(Self { inner })
    }
}

#[uniffi::export]
impl RatingPrompt {
    /// The whole state now, then each new one until the subscription is cancelled or released.
    pub fn subscribe(&self, listener: Arc<dyn RatingPromptListener>) -> Arc<ScreenSubscription> {
        Arc::new(self.inner.subscribe(Arc::new(Foreign(listener))))
    }

    pub fn state(&self) -> RatingPromptState {
        self.inner.state()
    }

    /// Decides again (after `recordLaunch` or `recordEvent`).
    pub async fn refresh(&self) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.refresh().await }).await
    }

    /// The user went to the store to rate the app.
    pub async fn rate(&self) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.rate().await }).await
    }

    /// "Not now".
    pub async fn later(&self) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.later().await }).await
    }

    /// "No, thanks": never asked again.
    pub async fn decline(&self) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.decline().await }).await
    }

    /// The user wrote to support instead: the ticket tagged `app_feedback`.
    pub async fn feedback(&self, text: String) -> Result<Ticket> {
        let inner = self.inner.clone();
        run(async move { inner.feedback(text).await }).await
    }
}
