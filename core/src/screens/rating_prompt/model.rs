//! The rating prompt screen's state: a plain immutable record.

use crate::{Error, Outcome, PromptDecision, Ticket};

/// Whether to ask for a store rating now, and what the user answered.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RatingPromptState {
    /// Whether to show the prompt now, and why (not): `Rating::should_prompt`.
    pub decision: PromptDecision,
    pub answer: PromptAnswer,
}

/// Where the user's answer stands, in this screen. (The ticket is held inline: a record crossing
/// the FFI as is.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum PromptAnswer {
    /// Not answered yet.
    #[default]
    Open,
    /// Being recorded (feedback: its ticket being created).
    Recording,
    /// Recorded; `ticket` is the one a `Feedback` answer created.
    Answered { outcome: Outcome, ticket: Option<Ticket> },
    /// Not recorded (no launch recorded yet, blank feedback, support switched off): ask again.
    Failed { error: Error },
}
