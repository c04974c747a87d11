//! Satisfaction ratings (Zendesk's; docs/CONTRACT.md "Next": not served by the reference
//! server yet). The requester of a solved ticket rates it `good` or `bad`, with a comment.

use serde::{Deserialize, Serialize};

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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SatisfactionRating {
    pub id: u64,
    pub score: Score,
    #[serde(default)]
    pub comment: Option<String>,
    pub ticket_id: u64,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SatisfactionRatingEnvelope {
    pub satisfaction_rating: SatisfactionRating,
}
