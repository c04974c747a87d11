//! The rating prompt screen: whether to ask for a store rating now, and the user's answers
//! (rate, later, decline, feedback) over `Rating`. The decision follows the helpdesk's
//! settings as they change, every answer, and `refresh` (after `record_launch` or
//! `record_event`, which the app calls elsewhere).

mod model;

use std::sync::{Arc, Weak};

use tokio::sync::broadcast::error::RecvError;

use super::{ScreenListener, ScreenState, ScreenSubscription, Tasks};
use crate::kernel::Kernel;
use crate::{Event, Outcome, PromptDecision, Rating, Result, Ticket};

pub use model::{PromptAnswer, RatingPromptState};

/// The rating prompt screen (`Helpline::rating_prompt`). Cheap to clone.
#[derive(Clone)]
pub struct RatingPrompt {
    inner: Arc<Inner>,
}

struct Inner {
    kernel: Arc<Kernel>,
    rating: Rating,
    state: ScreenState<RatingPromptState>,
    /// Re-decides when the helpdesk's settings change.
    following: Tasks,
}

impl RatingPrompt {
    pub(crate) fn open(kernel: Arc<Kernel>, rating: Rating) -> Result<Self> {
        let decision = rating.should_prompt()?;
        let state = ScreenState::new(RatingPromptState { decision, answer: PromptAnswer::Open });
        let inner = Arc::new(Inner { kernel, rating, state, following: Tasks::default() });
        inner.following.spawn(&inner.kernel.runtime, follow_settings(Arc::downgrade(&inner)));
        Ok(Self { inner })
    }

    /// Delivers the whole state now, then each new one, on an SDK thread (see `ScreenListener`).
    pub fn subscribe(&self, listener: Arc<dyn ScreenListener<RatingPromptState>>) -> ScreenSubscription {
        self.inner.state.subscribe(&self.inner.kernel.runtime, listener)
    }

    pub fn state(&self) -> RatingPromptState {
        self.inner.state.get()
    }

    /// Decides again (after a launch or a significant event was recorded, or time passed).
    pub async fn refresh(&self) -> Result<()> {
        refresh(&self.inner).await
    }

    /// The user went to the store to rate the app.
    pub async fn rate(&self) -> Result<()> {
        self.answer(Outcome::Rated).await.map(drop)
    }

    /// "Not now": asked again after the helpdesk's `remind_after_days`.
    pub async fn later(&self) -> Result<()> {
        self.answer(Outcome::RemindLater).await.map(drop)
    }

    /// "No, thanks": never asked again.
    pub async fn decline(&self) -> Result<()> {
        self.answer(Outcome::Declined).await.map(drop)
    }

    /// The user wrote to support instead: a ticket tagged `app_feedback`, returned.
    pub async fn feedback(&self, text: String) -> Result<Ticket> {
        let ticket = self.answer(Outcome::Feedback { text }).await?;
        ticket.ok_or_else(|| crate::Error::Internal { reason: "feedback recorded without its ticket".into() })
    }

    async fn answer(&self, outcome: Outcome) -> Result<Option<Ticket>> {
        self.inner.state.update(|s| s.answer = PromptAnswer::Recording);
        match self.inner.rating.record_outcome(outcome.clone()).await {
            Ok(ticket) => {
                // The answer and the decision it brings, in one state.
                let decision = decide(&self.inner).await;
                let answered = PromptAnswer::Answered { outcome, ticket: ticket.clone() };
                self.inner.state.update(|s| {
                    s.answer = answered;
                    s.decision = decision.unwrap_or_else(|_| s.decision.clone());
                });
                Ok(ticket)
            }
            Err(error) => {
                self.inner.state.update(|s| s.answer = PromptAnswer::Failed { error: error.clone() });
                Err(error)
            }
        }
    }
}

async fn refresh(inner: &Inner) -> Result<()> {
    let decision = decide(inner).await?;
    inner.state.update(|s| s.decision = decision);
    Ok(())
}

async fn decide(inner: &Inner) -> Result<PromptDecision> {
    let rating = inner.rating.clone();
    inner.kernel.blocking(move || rating.should_prompt()).await
}

async fn follow_settings(prompt: Weak<Inner>) {
    let Some(mut events) = prompt.upgrade().map(|inner| inner.kernel.events.subscribe()) else { return };
    loop {
        match events.recv().await {
            Ok(Event::SettingsChanged) | Err(RecvError::Lagged(_)) => {}
            Ok(_) => continue,
            Err(RecvError::Closed) => return,
        }
        let Some(inner) = prompt.upgrade() else { return };
        if let Err(e) = refresh(&inner).await {
            tracing::debug!("rating prompt: not decided again: {e}");
        }
    }
}
