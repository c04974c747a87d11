//! The store-rating prompt (`Rating`), and where a push leads (`PushTarget`).

use std::sync::Arc;

use helpline_core as core;

use crate::Ticket;
use crate::error::Result;

/// What the user answered to the prompt.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Outcome {
    /// They went to the store to rate the app.
    Rated,
    /// "Not now" (or they dismissed the prompt).
    RemindLater,
    /// "No, thanks": never asked again.
    Declined,
    /// Unhappy: they wrote to support instead; creates a ticket tagged `app_feedback`.
    Feedback { text: String },
}

/// Why the prompt should (`Ready`) or should not be shown now.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum PromptReason {
    /// Every rule is met: ask.
    Ready,
    /// The helpdesk switched rating prompts off (or the settings were never fetched).
    Disabled,
    /// `recordLaunch` was never called: the app version is unknown.
    NoLaunchRecorded,
    /// The user declined: never again.
    Declined,
    /// The user rated this version.
    RatedThisVersion,
    /// The user rated an older version less than a year ago.
    RatedRecently {
        days_left: u32,
    },
    /// The user wrote feedback instead, on this version.
    FeedbackThisVersion,
    /// The user asked to be reminded later.
    RemindLater {
        days_left: u32,
    },
    NotEnoughLaunches {
        launches: u32,
        needed: u32,
    },
    TooSoonAfterInstall {
        days: u32,
        needed: u32,
    },
    NotEnoughEvents {
        events: u32,
        needed: u32,
    },
    /// The user met an error lately.
    RecentError {
        hours_left: u32,
    },
}

/// Whether to show the prompt now, and why (not); `description` says it in English.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PromptDecision {
    pub should_prompt: bool,
    pub reason: PromptReason,
    pub description: String,
}

/// What the device remembers, for a settings or debug screen.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RatingStatus {
    /// When the first launch was recorded (ms since the Unix epoch).
    pub installed_at_ms: Option<i64>,
    pub launches: u32,
    pub events: u32,
    pub app_version: Option<String>,
    /// `rated`, `remind_later`, `declined` or `feedback`.
    pub last_outcome: Option<String>,
    pub last_outcome_version: Option<String>,
    pub decision: PromptDecision,
}

/// Where a push leads the app.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum PushTarget {
    /// A ticket was answered or changed: open it. `ticket_id` is the local id; `synced` says
    /// it was brought from the helpdesk just now (false offline).
    Ticket { remote_id: u64, ticket_id: Option<String>, synced: bool },
    /// A live-chat message arrived in this conversation; `synced` says its new messages were
    /// brought just now (it is the active conversation, and the helpdesk answered).
    Conversation { conversation_id: u64, ticket_id: Option<u64>, synced: bool },
}

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
        Ok(self.inner.record_launch(&app_version).await?)
    }

    /// Records one significant event (what the app counts as a happy moment).
    pub async fn record_event(&self) -> Result<()> {
        Ok(self.inner.record_event().await?)
    }

    /// Records that the user met an error the app knows of: no prompt for 24 hours.
    pub async fn record_error(&self) -> Result<()> {
        Ok(self.inner.record_error().await?)
    }

    /// Whether to ask now. Offline and fast.
    pub fn should_prompt(&self) -> Result<PromptDecision> {
        Ok(self.inner.should_prompt()?.into())
    }

    pub fn status(&self) -> Result<RatingStatus> {
        Ok(self.inner.status()?.into())
    }

    /// Records the user's answer; `Feedback` returns the ticket it created.
    pub async fn record_outcome(&self, outcome: Outcome) -> Result<Option<Ticket>> {
        Ok(self.inner.record_outcome(outcome.into()).await?.map(Into::into))
    }
}

impl From<Outcome> for core::Outcome {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Rated => Self::Rated,
            Outcome::RemindLater => Self::RemindLater,
            Outcome::Declined => Self::Declined,
            Outcome::Feedback { text } => Self::Feedback { text },
        }
    }
}

impl From<core::PromptReason> for PromptReason {
    fn from(r: core::PromptReason) -> Self {
        use core::PromptReason as R;
        match r {
            R::Ready => Self::Ready,
            R::Disabled => Self::Disabled,
            R::NoLaunchRecorded => Self::NoLaunchRecorded,
            R::Declined => Self::Declined,
            R::RatedThisVersion => Self::RatedThisVersion,
            R::RatedRecently { days_left } => Self::RatedRecently { days_left },
            R::FeedbackThisVersion => Self::FeedbackThisVersion,
            R::RemindLater { days_left } => Self::RemindLater { days_left },
            R::NotEnoughLaunches { launches, needed } => Self::NotEnoughLaunches { launches, needed },
            R::TooSoonAfterInstall { days, needed } => Self::TooSoonAfterInstall { days, needed },
            R::NotEnoughEvents { events, needed } => Self::NotEnoughEvents { events, needed },
            R::RecentError { hours_left } => Self::RecentError { hours_left },
        }
    }
}

impl From<core::PromptDecision> for PromptDecision {
    fn from(d: core::PromptDecision) -> Self {
        Self { should_prompt: d.should_prompt, description: d.reason.to_string(), reason: d.reason.into() }
    }
}

impl From<core::RatingStatus> for RatingStatus {
    fn from(s: core::RatingStatus) -> Self {
        Self {
            installed_at_ms: s.installed_at_ms,
            launches: s.launches,
            events: s.events,
            app_version: s.app_version,
            last_outcome: s.last_outcome,
            last_outcome_version: s.last_outcome_version,
            decision: s.decision.into(),
        }
    }
}

impl From<core::PushTarget> for PushTarget {
    fn from(t: core::PushTarget) -> Self {
        match t {
            core::PushTarget::Ticket { remote_id, ticket_id, synced } => Self::Ticket { remote_id, ticket_id, synced },
            core::PushTarget::Conversation { conversation_id, ticket_id, synced } => {
                Self::Conversation { conversation_id, ticket_id, synced }
            }
        }
    }
}
