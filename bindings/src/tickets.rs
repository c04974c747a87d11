//! The `Tickets` service.

use std::path::PathBuf;
use std::sync::Arc;

use helpline_core::{
    self as core, OutboxItem, Result, SatisfactionScore, Ticket, TicketComment, TicketDetail, TicketDraft,
};

use crate::runtime::run;

/// The tickets of the signed-in user (`helpline.tickets()`). Reads are served from the device
/// at once; writes return as soon as they are durable, pending, and are sent by the outbox.
#[derive(uniffi::Object)]
pub struct Tickets {
    inner: core::Tickets,
}

impl Tickets {
    pub(crate) fn new(inner: core::Tickets) -> Arc<Self> {
        Arc::new(Self { inner })
    }
}

#[uniffi::export]
impl Tickets {
    /// Creates a ticket on the device and queues it; durable when this returns.
    pub async fn create(&self, draft: TicketDraft) -> Result<Ticket> {
        let inner = self.inner.clone();
        run(async move { inner.create(draft).await }).await
    }

    /// Opens a follow-up of a closed ticket, with `body` as its first message.
    pub async fn create_followup(&self, closed_ticket_id: String, body: String) -> Result<Ticket> {
        let inner = self.inner.clone();
        run(async move { inner.create_followup(&closed_ticket_id, &body).await }).await
    }

    /// Every cached ticket, most recently updated first. Never waits on the network.
    pub fn list(&self) -> Result<Vec<Ticket>> {
        self.inner.list()
    }

    /// Brings the helpdesk's list (and the conversations that changed), then returns it.
    pub async fn refresh(&self) -> Result<Vec<Ticket>> {
        let inner = self.inner.clone();
        run(async move { inner.refresh().await }).await
    }

    /// A cached ticket with its comments. Never waits on the network.
    pub fn get(&self, id: String) -> Result<TicketDetail> {
        self.inner.get(&id)
    }

    /// Brings one ticket and its conversation from the helpdesk.
    pub async fn refresh_ticket(&self, id: String) -> Result<TicketDetail> {
        let inner = self.inner.clone();
        run(async move { inner.refresh_ticket(&id).await }).await
    }

    /// The cached ticket the helpdesk knows as `remote_id` (from a push payload, a deep link).
    pub fn find_by_remote_id(&self, remote_id: i64) -> Result<Option<Ticket>> {
        self.inner.find_by_remote_id(remote_id)
    }

    /// Adds the user's comment. On a closed ticket it opens a follow-up instead (the returned
    /// comment's `ticket_id` names the new ticket).
    pub async fn add_comment(&self, ticket_id: String, body: String) -> Result<TicketComment> {
        let inner = self.inner.clone();
        run(async move { inner.add_comment(&ticket_id, &body).await }).await
    }

    /// `add_comment` with files (paths on the device), copied by the SDK and uploaded when the
    /// comment is sent.
    pub async fn add_comment_with_attachments(
        &self,
        ticket_id: String,
        body: String,
        attachments: Vec<String>,
    ) -> Result<TicketComment> {
        let inner = self.inner.clone();
        let attachments: Vec<PathBuf> = attachments.into_iter().map(PathBuf::from).collect();
        run(async move { inner.add_comment_with_attachments(&ticket_id, &body, &attachments).await }).await
    }

    /// Marks the ticket solved (queued like any write).
    pub async fn solve(&self, ticket_id: String) -> Result<OutboxItem> {
        let inner = self.inner.clone();
        run(async move { inner.solve(&ticket_id).await }).await
    }

    /// Rates a solved ticket good or bad with an optional comment (up to 1,000 characters), or
    /// changes its rating: shown at once (pending), sent by the outbox; a rating not sent yet is
    /// replaced. Not solved -> `Validation` on `status`; switched off -> `FeatureDisabled`.
    pub async fn rate(&self, ticket_id: String, score: SatisfactionScore, comment: Option<String>) -> Result<Ticket> {
        let inner = self.inner.clone();
        run(async move { inner.rate(&ticket_id, score, comment.as_deref()).await }).await
    }

    /// The user saw the ticket's latest agent comment.
    pub async fn mark_read(&self, ticket_id: String) -> Result<()> {
        let inner = self.inner.clone();
        run(async move { inner.mark_read(&ticket_id).await }).await
    }

    /// How many tickets have an agent comment the user has not seen (for a badge).
    pub fn unread_count(&self) -> Result<i32> {
        self.inner.unread_count()
    }
}
