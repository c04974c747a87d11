//! Tickets and comments, and the `Tickets` service.

use std::sync::Arc;

use helpline_core as core;

use crate::error::Result;
use crate::uploads::attachments;
use crate::{Attachment, DeliveryState, OutboxItem};

/// Where a ticket stands at the helpdesk. `Unknown` covers statuses newer than this SDK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum TicketStatus {
    New,
    Open,
    Pending,
    Hold,
    Solved,
    Closed,
    Unknown,
}

/// The value of one contact-form field.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum FieldValue {
    Text { value: String },
    Number { value: i64 },
    Bool { value: bool },
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CustomFieldValue {
    pub id: u64,
    pub value: FieldValue,
}

/// What the user typed into the contact form.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TicketDraft {
    /// Optional; the helpdesk derives one from the description when empty.
    #[uniffi(default = "")]
    pub subject: String,
    pub description: String,
    #[uniffi(default = [])]
    pub tags: Vec<String>,
    #[uniffi(default = [])]
    pub custom_fields: Vec<CustomFieldValue>,
    /// Files to attach (paths on the device); copied by the SDK when the ticket is created.
    #[uniffi(default = [])]
    pub attachments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Ticket {
    /// Local id: stable from the moment the ticket is created on the device.
    pub id: String,
    /// The helpdesk's id, once the ticket reached it.
    pub remote_id: Option<u64>,
    pub subject: String,
    pub description: String,
    pub status: TicketStatus,
    pub tags: Vec<String>,
    pub custom_fields: Vec<CustomFieldValue>,
    /// The closed ticket this one follows up, if any.
    pub followup_source_id: Option<u64>,
    pub can_be_solved_by_me: bool,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// Whether the ticket itself reached the helpdesk.
    pub delivery: DeliveryState,
    /// An agent wrote something the user has not seen yet.
    pub unread: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Author {
    pub id: Option<u64>,
    pub name: String,
    pub is_agent: bool,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TicketComment {
    pub id: String,
    pub remote_id: Option<u64>,
    pub ticket_id: String,
    pub body: String,
    pub author: Author,
    /// Written by the signed-in user.
    pub is_mine: bool,
    pub created_at: String,
    pub delivery: DeliveryState,
    /// Its files: with their URL once the helpdesk has them, without while they wait.
    pub attachments: Vec<Attachment>,
}

/// A ticket with its conversation, oldest comment first; unsent comments last.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TicketDetail {
    pub ticket: Ticket,
    pub comments: Vec<TicketComment>,
}

/// The tickets of the signed-in user (`helpline.tickets()`). Reads are served from the device
/// at once; writes return at once, pending, and are sent by the outbox.
#[derive(uniffi::Object)]
pub struct Tickets {
    inner: core::Tickets,
}

impl Tickets {
    pub(crate) fn new(inner: core::Tickets) -> Arc<Self> {
        Arc::new(Self { inner })
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Tickets {
    /// Creates a ticket on the device and queues it; durable when this returns.
    pub async fn create(&self, draft: TicketDraft) -> Result<Ticket> {
        Ok(self.inner.create(draft.into()).await?.into())
    }

    /// Opens a follow-up of a closed ticket, with `body` as its first message.
    pub async fn create_followup(&self, closed_ticket_id: String, body: String) -> Result<Ticket> {
        Ok(self.inner.create_followup(&closed_ticket_id, &body).await?.into())
    }

    /// Every cached ticket, most recently updated first. Never waits on the network.
    pub fn list(&self) -> Result<Vec<Ticket>> {
        Ok(tickets(self.inner.list()?))
    }

    /// Brings the helpdesk's list (and the conversations that changed), then returns it.
    pub async fn refresh(&self) -> Result<Vec<Ticket>> {
        Ok(tickets(self.inner.refresh().await?))
    }

    /// A cached ticket with its comments. Never waits on the network.
    pub fn get(&self, id: String) -> Result<TicketDetail> {
        Ok(self.inner.get(&id)?.into())
    }

    /// Brings one ticket and its conversation from the helpdesk.
    pub async fn refresh_ticket(&self, id: String) -> Result<TicketDetail> {
        Ok(self.inner.refresh_ticket(&id).await?.into())
    }

    /// The cached ticket the helpdesk knows as `remote_id` (from a push payload, a deep link).
    pub fn find_by_remote_id(&self, remote_id: u64) -> Result<Option<Ticket>> {
        Ok(self.inner.find_by_remote_id(remote_id)?.map(Into::into))
    }

    /// Adds the user's comment. On a closed ticket it opens a follow-up instead (the returned
    /// comment's `ticket_id` names the new ticket).
    pub async fn add_comment(&self, ticket_id: String, body: String) -> Result<TicketComment> {
        Ok(self.inner.add_comment(&ticket_id, &body).await?.into())
    }

    /// `add_comment` with files (paths on the device), copied by the SDK and uploaded when the
    /// comment is sent.
    pub async fn add_comment_with_attachments(
        &self,
        ticket_id: String,
        body: String,
        attachments: Vec<String>,
    ) -> Result<TicketComment> {
        let paths: Vec<std::path::PathBuf> = attachments.into_iter().map(Into::into).collect();
        Ok(self.inner.add_comment_with_attachments(&ticket_id, &body, &paths).await?.into())
    }

    /// Marks the ticket solved (queued like any write).
    pub async fn solve(&self, ticket_id: String) -> Result<OutboxItem> {
        Ok(self.inner.solve(&ticket_id).await?.into())
    }

    /// The user saw the ticket's latest agent comment.
    pub async fn mark_read(&self, ticket_id: String) -> Result<()> {
        Ok(self.inner.mark_read(&ticket_id).await?)
    }

    /// How many tickets have an agent comment the user has not seen (for a badge).
    pub fn unread_count(&self) -> Result<u32> {
        Ok(self.inner.unread_count()?)
    }
}

pub(crate) fn tickets(list: Vec<core::Ticket>) -> Vec<Ticket> {
    list.into_iter().map(Into::into).collect()
}

impl From<core::TicketStatus> for TicketStatus {
    fn from(s: core::TicketStatus) -> Self {
        use core::TicketStatus as S;
        match s {
            S::New => Self::New,
            S::Open => Self::Open,
            S::Pending => Self::Pending,
            S::Hold => Self::Hold,
            S::Solved => Self::Solved,
            S::Closed => Self::Closed,
            S::Unknown => Self::Unknown,
        }
    }
}

impl From<core::FieldValue> for FieldValue {
    fn from(v: core::FieldValue) -> Self {
        match v {
            core::FieldValue::Text(value) => Self::Text { value },
            core::FieldValue::Number(value) => Self::Number { value },
            core::FieldValue::Bool(value) => Self::Bool { value },
        }
    }
}

impl From<FieldValue> for core::FieldValue {
    fn from(v: FieldValue) -> Self {
        match v {
            FieldValue::Text { value } => Self::Text(value),
            FieldValue::Number { value } => Self::Number(value),
            FieldValue::Bool { value } => Self::Bool(value),
        }
    }
}

impl From<core::CustomFieldValue> for CustomFieldValue {
    fn from(f: core::CustomFieldValue) -> Self {
        Self { id: f.id, value: f.value.into() }
    }
}

impl From<CustomFieldValue> for core::CustomFieldValue {
    fn from(f: CustomFieldValue) -> Self {
        Self { id: f.id, value: f.value.into() }
    }
}

impl From<TicketDraft> for core::TicketDraft {
    fn from(d: TicketDraft) -> Self {
        Self {
            subject: d.subject,
            description: d.description,
            tags: d.tags,
            custom_fields: d.custom_fields.into_iter().map(Into::into).collect(),
            attachments: d.attachments.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<core::Ticket> for Ticket {
    fn from(t: core::Ticket) -> Self {
        Self {
            id: t.id,
            remote_id: t.remote_id,
            subject: t.subject,
            description: t.description,
            status: t.status.into(),
            tags: t.tags,
            custom_fields: t.custom_fields.into_iter().map(Into::into).collect(),
            followup_source_id: t.followup_source_id,
            can_be_solved_by_me: t.can_be_solved_by_me,
            created_at: t.created_at,
            updated_at: t.updated_at,
            delivery: t.delivery.into(),
            unread: t.unread,
        }
    }
}

impl From<core::Author> for Author {
    fn from(a: core::Author) -> Self {
        Self { id: a.id, name: a.name, is_agent: a.is_agent }
    }
}

impl From<core::TicketComment> for TicketComment {
    fn from(c: core::TicketComment) -> Self {
        Self {
            id: c.id,
            remote_id: c.remote_id,
            ticket_id: c.ticket_id,
            body: c.body,
            author: c.author.into(),
            is_mine: c.is_mine,
            created_at: c.created_at,
            delivery: c.delivery.into(),
            attachments: attachments(c.attachments),
        }
    }
}

impl From<core::TicketDetail> for TicketDetail {
    fn from(d: core::TicketDetail) -> Self {
        Self { ticket: d.ticket.into(), comments: d.comments.into_iter().map(Into::into).collect() }
    }
}
