//! Satisfaction ratings as the app shows them on a ticket or a conversation.

use serde::{Deserialize, Serialize};

use crate::DeliveryState;

/// The user's verdict (Zendesk's end-user scores).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum SatisfactionScore {
    Good,
    Bad,
}

impl SatisfactionScore {
    pub fn as_str(self) -> &'static str {
        match self {
            SatisfactionScore::Good => "good",
            SatisfactionScore::Bad => "bad",
        }
    }

    /// A stored or received score; anything but good or bad is none.
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "good" => Some(SatisfactionScore::Good),
            "bad" => Some(SatisfactionScore::Bad),
            _ => None,
        }
    }
}

/// A rating given: the helpdesk's (`Sent`), or the user's newer one on its way (`Pending`) or
/// refused (`Failed`, with the reason: the ticket was reopened, say).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SatisfactionRating {
    pub score: SatisfactionScore,
    pub comment: Option<String>,
    pub delivery: DeliveryState,
}

/// Where a ticket or a conversation stands on satisfaction: whether the user may rate it now
/// (`offered`: a solved ticket or an ended conversation, ratings switched on by the helpdesk),
/// and their rating if they gave one (they may change it while it is offered).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Satisfaction {
    pub offered: bool,
    pub rating: Option<SatisfactionRating>,
}

/// What a rating is about: where its events go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Rated {
    /// A ticket, by its local id.
    Ticket {
        ticket_id: String,
    },
    Conversation {
        conversation_id: i64,
    },
}
