//! When to ask the user for an app-store rating, and what they answered.
//!
//! The app records each launch (with its version) and each significant event (a purchase,
//! a level finished...); `should_prompt` then answers at once, offline, from one small SQLite
//! read and the remote settings' `rating` rules (see [`rules::decide`] for the order). The
//! memory is per install: it survives sign-outs and user switches, and a rebuilt database
//! starts it afresh (the install looks new: the prompt waits again, the safe side).
//!
//! Choices, after Apple's and Google's guidance not to ask often:
//! - "Declined" is final, for every later version too.
//! - "Rated" is final for that version; a newer version may ask again, but not within a year
//!   of the rating (Apple shows its prompt at most three times a year anyway).
//! - "Feedback" (unhappy, wrote to support instead) is final for that version.
//! - "Remind later" waits `remind_after_days` (a dismissed prompt is a "remind later").
//! - An error the user met (a Validation error of a ticket or comment, a write that failed
//!   for good, or one the app reports with `record_error`) silences the prompt for 24 hours
//!   by the clock, across restarts; a session-only rule would forget an error met just
//!   before the app was killed.
//! - Launches and events count since install, across versions.

mod db;
pub(crate) mod rules;

use std::fmt;
use std::sync::Arc;

use crate::kernel::Kernel;
use crate::settings::{self, Feature};
use crate::store::{Owned, Scope};
use crate::tickets::{Ticket, TicketDraft, Tickets};
use crate::{Error, Result};

use rules::{LastOutcome, OutcomeKind};

/// The prompt's memory: the install's, it outlives users.
const TABLES: Owned = Owned { owner: "rating", scope: Scope::Install, tables: &["rating_state"] };

/// Makes the rating prompt part of the SDK: its table, and it hears of the user's errors.
pub(crate) fn register(kernel: &Kernel) {
    kernel.store.tables.declare(TABLES);
    kernel.on_user_error(note_error);
}

/// The tag of the ticket a "Feedback" outcome creates.
pub const FEEDBACK_TAG: &str = "app_feedback";
const MAX_VERSION_CHARS: usize = 64;

/// What the user answered to the prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Outcome {
    /// They went to the store to rate the app.
    Rated,
    /// "Not now" (or they dismissed the prompt).
    RemindLater,
    /// "No, thanks": never asked again.
    Declined,
    /// Unhappy: they wrote to support instead. Creates a ticket tagged `app_feedback`.
    Feedback { text: String },
}

/// Whether to show the prompt now, and why (not); `description` says it in English (logs,
/// a debug screen).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PromptDecision {
    pub should_prompt: bool,
    pub reason: PromptReason,
    pub description: String,
}

impl PromptDecision {
    pub(crate) fn new(should_prompt: bool, reason: PromptReason) -> Self {
        Self { should_prompt, description: reason.to_string(), reason }
    }
}

/// Why the prompt should (`Ready`) or should not be shown now.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[non_exhaustive]
pub enum PromptReason {
    /// Every rule is met: ask.
    Ready,
    /// The helpdesk switched rating prompts off (or the settings were never fetched).
    Disabled,
    /// `record_launch` was never called: the app version is unknown.
    NoLaunchRecorded,
    /// The user declined: never again.
    Declined,
    /// The user rated this version.
    RatedThisVersion,
    /// The user rated an older version less than a year ago.
    RatedRecently {
        days_left: i32,
    },
    /// The user wrote feedback instead, on this version.
    FeedbackThisVersion,
    /// The user asked to be reminded later.
    RemindLater {
        days_left: i32,
    },
    NotEnoughLaunches {
        launches: i32,
        needed: i32,
    },
    TooSoonAfterInstall {
        days: i32,
        needed: i32,
    },
    NotEnoughEvents {
        events: i32,
        needed: i32,
    },
    /// The user met an error lately.
    RecentError {
        hours_left: i32,
    },
}

impl fmt::Display for PromptReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PromptReason::Ready => write!(f, "every rule is met"),
            PromptReason::Disabled => write!(f, "rating prompts are switched off by the helpdesk"),
            PromptReason::NoLaunchRecorded => write!(f, "no launch recorded yet"),
            PromptReason::Declined => write!(f, "the user declined to rate the app"),
            PromptReason::RatedThisVersion => write!(f, "the user rated this version"),
            PromptReason::RatedRecently { days_left } => {
                write!(f, "the user rated an earlier version; {days_left} day(s) to wait")
            }
            PromptReason::FeedbackThisVersion => write!(f, "the user sent feedback on this version"),
            PromptReason::RemindLater { days_left } => write!(f, "remind later: {days_left} day(s) to wait"),
            PromptReason::NotEnoughLaunches { launches, needed } => write!(f, "{launches} of {needed} launches"),
            PromptReason::TooSoonAfterInstall { days, needed } => write!(f, "installed {days} of {needed} days ago"),
            PromptReason::NotEnoughEvents { events, needed } => write!(f, "{events} of {needed} significant events"),
            PromptReason::RecentError { hours_left } => {
                write!(f, "the user met an error lately; {hours_left} hour(s) to wait")
            }
        }
    }
}

/// What the device remembers, for a settings or debug screen.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RatingStatus {
    /// When the first launch was recorded; `None` before.
    pub installed_at: Option<std::time::SystemTime>,
    pub launches: i32,
    pub events: i32,
    pub app_version: Option<String>,
    /// The last answer (`rated`, `remind_later`, `declined`, `feedback`).
    pub last_outcome: Option<String>,
    /// The app version of the last answer.
    pub last_outcome_version: Option<String>,
    pub decision: PromptDecision,
}

/// The rating prompt. Cheap to clone.
#[derive(Clone)]
pub struct Rating {
    kernel: Arc<Kernel>,
}

impl Rating {
    pub(crate) fn new(kernel: Arc<Kernel>) -> Self {
        Self { kernel }
    }

    /// Records one launch of the app, at `app_version` (call it once per launch). The first
    /// launch recorded is the install time.
    pub async fn record_launch(&self, app_version: &str) -> Result<()> {
        let version = app_version.trim().to_owned();
        if version.is_empty() || version.chars().count() > MAX_VERSION_CHARS || version.chars().any(char::is_control) {
            return Err(Error::validation(
                "app_version",
                format!("must be 1 to {MAX_VERSION_CHARS} printable characters"),
            ));
        }
        self.write(move |tx, now| db::record_launch(tx, &version, now)).await
    }

    /// One small write of the prompt's memory, at the clock's now, off the caller's thread.
    async fn write(&self, f: impl FnOnce(&rusqlite::Connection, i64) -> Result<()> + Send + 'static) -> Result<()> {
        let (kernel, now) = (Arc::clone(&self.kernel), self.kernel.clock.now_ms());
        self.kernel.blocking(move || kernel.store.write(|tx| f(tx, now))).await
    }

    /// Records one significant event (what the app counts as a happy moment).
    pub async fn record_event(&self) -> Result<()> {
        self.write(db::record_event).await
    }

    /// Records that the user met an error the app knows of: no prompt for 24 hours.
    pub async fn record_error(&self) -> Result<()> {
        self.write(db::record_error).await
    }

    /// Whether to ask now. Offline and fast: one small read, no network.
    pub fn should_prompt(&self) -> Result<PromptDecision> {
        let rules = settings::current(&self.kernel).rating.clone();
        let memory = self.kernel.store.read(db::memory)?;
        Ok(rules::decide(memory.as_ref(), &rules, self.kernel.clock.now_ms()))
    }

    /// The counters, the last answer and the current decision.
    pub fn status(&self) -> Result<RatingStatus> {
        let memory = self.kernel.store.read(db::memory)?;
        let decision = self.should_prompt()?;
        Ok(RatingStatus {
            installed_at: memory.as_ref().map(|m| crate::clock::time_of_ms(m.installed_ms)),
            launches: memory.as_ref().map_or(0, |m| m.launches),
            events: memory.as_ref().map_or(0, |m| m.events),
            app_version: memory.as_ref().and_then(|m| m.app_version.clone()),
            last_outcome: memory.as_ref().and_then(|m| m.outcome.as_ref()).map(|o| o.kind.as_str().to_owned()),
            last_outcome_version: memory.and_then(|m| m.outcome).map(|o| o.version),
            decision,
        })
    }

    /// Records the user's answer, for the app version of the last launch. `Feedback` first
    /// creates a ticket tagged `app_feedback` (app version and platform in its description)
    /// and returns it; if that fails (no identity, support switched off, blank text),
    /// nothing is recorded.
    pub async fn record_outcome(&self, outcome: Outcome) -> Result<Option<Ticket>> {
        let this = self.clone();
        self.kernel.blocking(move || this.record_outcome_now(outcome)).await
    }

    fn record_outcome_now(&self, outcome: Outcome) -> Result<Option<Ticket>> {
        let version = self
            .kernel
            .store
            .read(db::memory)?
            .and_then(|m| m.app_version)
            .ok_or_else(|| Error::validation("app_version", "unknown: call record_launch(app_version) first"))?;
        let ticket = match &outcome {
            Outcome::Feedback { text } => Some(self.feedback_ticket(text, &version)?),
            _ => None,
        };
        let last = LastOutcome { kind: OutcomeKind::of(&outcome), version, at_ms: self.kernel.clock.now_ms() };
        self.kernel.store.write(|tx| db::record_outcome(tx, &last))?;
        Ok(ticket)
    }

    fn feedback_ticket(&self, text: &str, version: &str) -> Result<Ticket> {
        if text.trim().is_empty() {
            return Err(Error::validation("text", "cannot be blank"));
        }
        settings::require(&self.kernel, Feature::Support)?;
        let platform = &self.kernel.config.platform;
        let draft = TicketDraft {
            subject: format!("App feedback (version {version})"),
            description: format!("{}\n\n--\nApp version: {version}\nPlatform: {platform}", text.trim()),
            tags: vec![FEEDBACK_TAG.to_owned()],
            ..Default::default()
        };
        Tickets::new(Arc::clone(&self.kernel)).create_feedback_now(draft)
    }
}

/// The user met an error (a refused input, a write that failed for good): remembered so that
/// no prompt follows it. Never fails the caller.
fn note_error(kernel: &Kernel) {
    let now = kernel.clock.now_ms();
    if let Err(e) = kernel.store.write(|tx| db::record_error(tx, now)) {
        tracing::warn!("rating: cannot record an error: {e}");
    }
}
