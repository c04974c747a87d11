//! Remote settings, as far as errors need them: the feature the helpdesk switched off.

use helpline_core as core;

/// A part of the SDK the helpdesk can switch off for the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Feature {
    /// Tickets: the contact form, comments, follow-ups.
    Support,
    HelpCenter,
    /// Live chat.
    Messaging,
}

impl From<core::Feature> for Feature {
    fn from(f: core::Feature) -> Self {
        match f {
            core::Feature::Support => Self::Support,
            core::Feature::HelpCenter => Self::HelpCenter,
            core::Feature::Messaging => Self::Messaging,
        }
    }
}

impl std::fmt::Display for Feature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let core: core::Feature = match self {
            Feature::Support => core::Feature::Support,
            Feature::HelpCenter => core::Feature::HelpCenter,
            Feature::Messaging => core::Feature::Messaging,
        };
        write!(f, "{core}")
    }
}
