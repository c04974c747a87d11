//! Tickets and comments as the app shows them.

use std::collections::HashMap;
use std::path::PathBuf;

use helpline_protocol::Status;
use serde::{Deserialize, Serialize};

use crate::{Attachment, AttributeValue, DeliveryState, Satisfaction};

/// Where a ticket stands at the helpdesk. `Unknown` covers statuses newer than this SDK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum TicketStatus {
    New,
    Open,
    Pending,
    Hold,
    Solved,
    Closed,
    Unknown,
}

impl From<Status> for TicketStatus {
    fn from(s: Status) -> Self {
        match s {
            Status::New => TicketStatus::New,
            Status::Open => TicketStatus::Open,
            Status::Pending => TicketStatus::Pending,
            Status::Hold => TicketStatus::Hold,
            Status::Solved => TicketStatus::Solved,
            Status::Closed => TicketStatus::Closed,
            Status::Unknown => TicketStatus::Unknown,
        }
    }
}

impl TicketStatus {
    pub(crate) fn parse(s: &str) -> Self {
        Status::parse(s).into()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::New => "new",
            TicketStatus::Open => "open",
            TicketStatus::Pending => "pending",
            TicketStatus::Hold => "hold",
            TicketStatus::Solved => "solved",
            TicketStatus::Closed => "closed",
            TicketStatus::Unknown => "unknown",
        }
    }
}

/// The value of one contact-form field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum FieldValue {
    Text(String),
    Number(i64),
    Bool(bool),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CustomFieldValue {
    pub id: i64,
    pub value: FieldValue,
}

/// What the user typed into the contact form.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TicketDraft {
    /// Optional; the helpdesk derives one from the description when empty.
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub subject: String,
    pub description: String,
    #[cfg_attr(feature = "uniffi", uniffi(default = []))]
    pub tags: Vec<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default = []))]
    pub custom_fields: Vec<CustomFieldValue>,
    /// Files to attach to the description (paths on the device). They are copied into the
    /// SDK's data dir when the ticket is created: the app may delete its own files at once.
    #[cfg_attr(feature = "uniffi", uniffi(default = []))]
    pub attachments: Vec<PathBuf>,
    /// The app's own values for this ticket, for the agent (an order number, the screen): named
    /// like user attributes (1 to 64 of `[a-z0-9_]`), at most 50. They go with the device's
    /// facts and the user's breadcrumbs as the ticket's `metadata`; the user does not see them.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub metadata: HashMap<String, AttributeValue>,
    /// Attaches the SDK's recent log (`helpline-sdk-log.txt`, no tokens nor what the user
    /// wrote), for the agent to debug with.
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub attach_log: bool,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Ticket {
    /// Local id: stable from the moment the ticket is created on the device.
    pub id: String,
    /// The helpdesk's id, once the ticket reached it.
    pub remote_id: Option<i64>,
    pub subject: String,
    pub description: String,
    pub status: TicketStatus,
    pub tags: Vec<String>,
    pub custom_fields: Vec<CustomFieldValue>,
    /// The closed ticket this one follows up, if any.
    pub followup_source_id: Option<i64>,
    pub can_be_solved_by_me: bool,
    pub created_at: std::time::SystemTime,
    pub updated_at: std::time::SystemTime,
    /// Whether the ticket itself reached the helpdesk.
    pub delivery: DeliveryState,
    /// An agent wrote something the user has not seen yet.
    pub unread: bool,
    /// Whether the user may rate it (solved), and their rating (see `Tickets::rate`).
    pub satisfaction: Satisfaction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Author {
    pub id: Option<i64>,
    pub name: String,
    pub is_agent: bool,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TicketComment {
    pub id: String,
    pub remote_id: Option<i64>,
    pub ticket_id: String,
    pub body: String,
    pub author: Author,
    /// Written by the signed-in user.
    pub is_mine: bool,
    pub created_at: std::time::SystemTime,
    pub delivery: DeliveryState,
    /// Its files: with their URL once the helpdesk has them (a refresh brings them), without
    /// while they wait on the device.
    pub attachments: Vec<Attachment>,
}

/// A ticket with its conversation, oldest comment first; unsent comments last.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TicketDetail {
    pub ticket: Ticket,
    pub comments: Vec<TicketComment>,
}
