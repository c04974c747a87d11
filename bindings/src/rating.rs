//! The store-rating prompt.

use std::sync::Arc;

use helpline_core::{self as core, Outcome, PromptDecision, RatingStatus, Result, Ticket};

use crate::runtime::run;

/// The rating prompt: record launches, significant events and answers; ask `shouldPrompt`.
#[derive(uniffi::Object)]
pub struct Rating {
    inner: core::Rating,
}

impl Rating {
    pub(crate) fn new(inner: core::Rating) -> Arc<Self> {
        Arc::new(Self { inner })
    }
}

#[uniffi::export]
impl Rating {
    /// Records one launch of the app, at `app_version` (once per launch).
    pub async fn record_launch(&self, app_version: String) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.record_launch(&app_version).await }).await
    }

    /// Records one significant event (what the app counts as a happy moment).
    pub async fn record_event(&self) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.record_event().await }).await
    }

    /// Records that the user met an error the app knows of: no prompt for 24 hours.
    pub async fn record_error(&self) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.record_error().await }).await
    }

    /// Whether to ask now. Offline and fast: one small read.
    pub fn should_prompt(&self) -> Result<PromptDecision> {
        self.inner.should_prompt()
    }

    pub fn status(&self) -> Result<RatingStatus> {
        self.inner.status()
    }

    /// Records the user's answer; `Feedback` returns the ticket it created.
    pub async fn record_outcome(&self, outcome: Outcome) -> Result<Option<Ticket>> {
        let inner = self.inner.clone();
        run(async move { inner.record_outcome(outcome).await }).await
    }
}
