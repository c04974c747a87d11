//! Satisfaction ratings (Zendesk's end-user satisfaction rating): the requester of a solved
//! ticket (an ended conversation's request counts as solved) rates it `good` or `bad`, with an
//! optional comment, and may change it while the ticket stays solved.

use serde::{Deserialize, Serialize};

use crate::Pagination;

/// The longest comment a rating takes, in characters (the reference helpdesk's bound; the SDK
/// checks it before anything is stored).
pub const MAX_SATISFACTION_COMMENT_CHARS: usize = 1_000;

/// A rating's score. Zendesk also reports `offered` and `unoffered` (asked, not answered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Score {
    Good,
    Bad,
    Offered,
    Unoffered,
    #[serde(other)]
    Unknown,
}

impl Score {
    pub fn as_str(self) -> &'static str {
        match self {
            Score::Good => "good",
            Score::Bad => "bad",
            Score::Offered => "offered",
            Score::Unoffered => "unoffered",
            Score::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Score {
        serde_json::from_value(serde_json::Value::String(s.to_owned())).unwrap_or(Score::Unknown)
    }
}

/// Body of `POST /api/v2/tickets/{id}/satisfaction_rating.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewSatisfactionRating {
    pub score: Score,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewSatisfactionRatingEnvelope {
    pub satisfaction_rating: NewSatisfactionRating,
}

/// A rating as the helpdesk keeps it (the answer to the `POST`; the agent's list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SatisfactionRating {
    pub id: u64,
    pub score: Score,
    #[serde(default)]
    pub comment: Option<String>,
    pub ticket_id: u64,
    /// Who rated (the agent's list; Zendesk sends it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester_id: Option<u64>,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SatisfactionRatingEnvelope {
    pub satisfaction_rating: SatisfactionRating,
}

/// A field that may be absent (`None`) or `null` (`Some(None)`): with `#[serde(default)]`.
pub(crate) fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// `"satisfaction_rating"` of a request (end-user view) or a ticket (agent view): `null` until
/// the requester rates it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketSatisfaction {
    pub score: Score,
    #[serde(default)]
    pub comment: Option<String>,
}

/// Agent: `GET /api/v2/satisfaction_ratings.json`, oldest first, offset or cursor pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SatisfactionRatingsPage {
    pub satisfaction_ratings: Vec<SatisfactionRating>,
    #[serde(flatten)]
    pub pagination: Pagination,
}
