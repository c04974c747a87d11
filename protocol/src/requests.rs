//! Requests (tickets as the end user sees them) and their comments: Zendesk's Requests API.

use crate::tolerant::Tolerant;
use serde::{Deserialize, Serialize};

use crate::{Attachment, Pagination, TicketSatisfaction, User};

/// Ticket status. Unknown values decode as `Unknown` so a new status never breaks old apps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    New,
    Open,
    Pending,
    Hold,
    Solved,
    Closed,
    #[serde(other)]
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Open => "open",
            Status::Pending => "pending",
            Status::Hold => "hold",
            Status::Solved => "solved",
            Status::Closed => "closed",
            Status::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Status {
        serde_json::from_value(serde_json::Value::String(s.to_owned())).unwrap_or(Status::Unknown)
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Via {
    #[serde(default)]
    pub channel: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomField {
    pub id: u64,
    /// Text, number, bool or tag value, as the field's type wants.
    #[serde(default)]
    pub value: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub id: u64,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub description: String,
    pub status: Status,
    #[serde(default)]
    pub priority: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub requester_id: u64,
    #[serde(default)]
    pub assignee_id: Option<u64>,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default)]
    pub can_be_solved_by_me: bool,
    #[serde(default)]
    pub followup_source_id: Option<u64>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub custom_fields: Vec<CustomField>,
    #[serde(default)]
    pub via: Via,
    /// The requester's rating (Zendesk's satisfaction rating): `Some(None)` for `null`, not
    /// rated yet; `None` when the field is absent, a helpdesk that does not say (then what the
    /// device knows stands).
    #[serde(default, deserialize_with = "crate::csat::present", skip_serializing_if = "Option::is_none")]
    pub satisfaction_rating: Option<Option<TicketSatisfaction>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestEnvelope {
    pub request: Request,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestsPage {
    pub requests: Tolerant<Request>,
    #[serde(flatten)]
    pub pagination: Pagination,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewComment {
    pub body: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uploads: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Requester {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// Body of `POST /api/v2/requests.json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewRequest {
    #[serde(default)]
    pub subject: String,
    pub comment: NewComment,
    /// Anonymous identities only: who the requester is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester: Option<Requester>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_fields: Vec<CustomField>,
    /// Set when this request follows up a closed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via_followup_source_id: Option<u64>,
    /// What the app tells the agent about the user's situation (see `RequestMetadata`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<crate::RequestMetadata>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRequestEnvelope {
    pub request: NewRequest,
}

/// Body of `PUT /api/v2/requests/{id}.json`: add a comment and/or mark solved.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RequestUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<NewComment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solved: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestUpdateEnvelope {
    pub request: RequestUpdate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub id: u64,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub request_id: u64,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub html_body: String,
    #[serde(default)]
    pub plain_body: String,
    #[serde(default = "default_true")]
    pub public: bool,
    pub author_id: u64,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    pub created_at: String,
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentsPage {
    pub comments: Tolerant<Comment>,
    #[serde(default)]
    pub users: Vec<User>,
    #[serde(flatten)]
    pub pagination: Pagination,
}

/// Agent view of a ticket (Zendesk's Tickets API shape); reference server only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: u64,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub description: String,
    pub status: Status,
    #[serde(default)]
    pub requester_id: u64,
    #[serde(default)]
    pub assignee_id: Option<u64>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub via: Via,
    pub created_at: String,
    pub updated_at: String,
    /// The requester's rating, `null` until given.
    #[serde(default)]
    pub satisfaction_rating: Option<TicketSatisfaction>,
    /// What the app sent with the ticket, or with the conversation behind it (reference
    /// server; Zendesk shows it in the ticket's first audit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<crate::RequestMetadata>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketEnvelope {
    pub ticket: Ticket,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketsPage {
    pub tickets: Vec<Ticket>,
    #[serde(flatten)]
    pub pagination: Pagination,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AgentComment {
    pub body: String,
    #[serde(default = "default_true")]
    pub public: bool,
}

/// Body of the agent's `PUT /api/v2/tickets/{id}.json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TicketUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<AgentComment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketUpdateEnvelope {
    pub ticket: TicketUpdate,
}
