//! Sending the tickets' queued writes, and recording what the helpdesk answered.

use std::sync::Arc;

use async_trait::async_trait;
use helpline_protocol::{self as wire, paths};
use reqwest::Method;
use rusqlite::{Connection, OptionalExtension};
use serde_json::json;

use super::{CommentPayload, CreatePayload, TicketStatus, db, description_comment_id};
use crate::kernel::Kernel;
use crate::numbers::unsigned;
use crate::outbox::{self, Entry, OutboxItem, OutboxKind, WriteHandler};
use crate::transport::ApiRequest;
use crate::uploads;
use crate::{DeliveryState, Error, Event, Result};

/// The tickets' side of the outbox: new tickets, comments, solves.
pub(crate) struct TicketWrites(pub(crate) Arc<Kernel>);

impl TicketWrites {
    pub(crate) const KINDS: &[OutboxKind] =
        &[OutboxKind::CreateTicket, OutboxKind::AddComment, OutboxKind::SolveTicket];
}

#[async_trait]
impl WriteHandler for TicketWrites {
    async fn deliver(&self, entry: &Entry) -> Result<()> {
        let kernel = self.0.as_ref();
        match entry.item.kind {
            OutboxKind::CreateTicket => create(kernel, entry).await,
            OutboxKind::AddComment => comment(kernel, entry).await,
            _ => solve(kernel, entry).await,
        }
    }

    fn set_delivery(&self, conn: &Connection, entry: &Entry, state: &DeliveryState) -> Result<()> {
        let target = &entry.item.target_id;
        match entry.item.kind {
            OutboxKind::CreateTicket => {
                db::set_ticket_delivery(conn, target, state)?;
                db::set_comment_delivery(conn, &description_comment_id(target), state)
            }
            OutboxKind::AddComment => db::set_comment_delivery(conn, target, state),
            _ => Ok(()),
        }
    }

    fn discard(&self, conn: &Connection, item: &OutboxItem) -> Result<Vec<Event>> {
        let target = item.target_id.as_str();
        match item.kind {
            OutboxKind::CreateTicket => {
                // The ticket never reached the helpdesk: the writes queued on it go with it.
                conn.execute(
                    "DELETE FROM outbox WHERE id != ?2 AND kind IN ('add_comment', 'solve_ticket')
                     AND (target = ?1 OR target IN (SELECT id FROM comments WHERE ticket_id = ?1))",
                    rusqlite::params![target, item.id],
                )?;
                conn.execute("DELETE FROM tickets WHERE id = ?1 AND remote_id IS NULL", [target])?;
                Ok(vec![Event::TicketsChanged])
            }
            OutboxKind::AddComment => {
                let ticket_id: Option<String> = conn
                    .query_row("SELECT ticket_id FROM comments WHERE id = ?1", [target], |r| r.get(0))
                    .optional()?;
                conn.execute("DELETE FROM comments WHERE id = ?1 AND remote_id IS NULL", [target])?;
                Ok(ticket_id.map(|ticket_id| Event::TicketChanged { ticket_id }).into_iter().collect())
            }
            _ => Ok(vec![]),
        }
    }

    fn changed(&self, conn: &Connection, item: &OutboxItem) -> Result<Vec<Event>> {
        let ticket_id = match item.kind {
            OutboxKind::AddComment => db::comment(conn, &item.target_id)?.map(|c| c.ticket_id),
            _ => Some(item.target_id.clone()),
        };
        Ok(ticket_id.map(|ticket_id| Event::TicketChanged { ticket_id }).into_iter().collect())
    }
}

async fn create(kernel: &Kernel, entry: &Entry) -> Result<()> {
    let CreatePayload { request, mut files } = entry.payload()?;
    let answer: wire::RequestEnvelope = uploads::deliver_with(kernel, entry, &mut files, |tokens| {
        let request = wire::NewRequest {
            comment: wire::NewComment { uploads: tokens, ..request.comment.clone() },
            ..request.clone()
        };
        let url = kernel.session.transport.url(paths::REQUESTS);
        let call = ApiRequest::write(Method::POST, url, json!({ "request": request }), &entry.idempotency_key);
        async move { kernel.session.call(&call).await }
    })
    .await?;
    let ticket_id = entry.item.target_id.clone();
    let item = kernel.store.write(|tx| {
        db::apply_request(tx, Some(&ticket_id), &answer.request)?;
        db::set_ticket_delivery(tx, &ticket_id, &DeliveryState::Sent)?;
        db::set_comment_delivery(tx, &description_comment_id(&ticket_id), &DeliveryState::Sent)?;
        outbox::complete(tx, entry.item.id)
    })?;
    kernel.events.emit(Event::OutboxChanged { item });
    kernel.events.emit(Event::TicketChanged { ticket_id });
    kernel.events.emit(Event::TicketsChanged);
    Ok(())
}

async fn comment(kernel: &Kernel, entry: &Entry) -> Result<()> {
    let mut payload: CommentPayload = entry.payload()?;
    let (comment, ticket) = kernel.store.read(|c| {
        let comment = db::comment(c, &entry.item.target_id)?
            .ok_or_else(|| Error::not_found(format!("comment {}", entry.item.target_id)))?;
        let ticket = db::ticket(c, &comment.ticket_id)?
            .ok_or_else(|| Error::not_found(format!("ticket {}", comment.ticket_id)))?;
        Ok((comment, ticket))
    })?;
    let Some(remote_id) = ticket.remote_id.map(unsigned) else {
        return Err(Error::validation("ticket", "its ticket could not be created; retry the ticket first"));
    };
    let closed = ticket.status == TicketStatus::Closed;
    let (body, mut files) = (payload.body.clone(), std::mem::take(&mut payload.files));
    let answer = uploads::deliver_with(kernel, entry, &mut files, |tokens| {
        let url = kernel.session.transport.url(&paths::request(remote_id));
        let comment = wire::NewComment { body: body.clone(), uploads: tokens };
        let call =
            ApiRequest::write(Method::PUT, url, json!({ "request": { "comment": comment } }), &entry.idempotency_key);
        async move {
            if closed {
                return Err(Error::TicketClosed);
            }
            kernel.session.call::<wire::RequestEnvelope>(&call).await
        }
    })
    .await;
    payload.files = files;
    match answer {
        Ok(answer) => {
            let item = kernel.store.write(|tx| {
                db::apply_request(tx, Some(&ticket.id), &answer.request)?;
                db::set_comment_delivery(tx, &comment.id, &DeliveryState::Sent)?;
                outbox::complete(tx, entry.item.id)
            })?;
            kernel.events.emit(Event::OutboxChanged { item });
            kernel.events.emit(Event::TicketChanged { ticket_id: ticket.id });
            Ok(())
        }
        Err(Error::TicketClosed) => followup(kernel, entry, &payload, &ticket, remote_id, &comment.id).await,
        Err(e) => Err(e),
    }
}

/// The ticket closed before the comment reached it: the comment opens a follow-up.
async fn followup(
    kernel: &Kernel,
    entry: &Entry,
    payload: &CommentPayload,
    closed: &super::Ticket,
    closed_remote_id: u64,
    comment_id: &str,
) -> Result<()> {
    let mut files = payload.files.clone();
    let answer: wire::RequestEnvelope = uploads::deliver_with(kernel, entry, &mut files, |tokens| {
        let request = wire::NewRequest {
            subject: closed.subject.clone(),
            comment: wire::NewComment { body: payload.body.clone(), uploads: tokens },
            tags: closed.tags.clone(),
            via_followup_source_id: Some(closed_remote_id),
            ..Default::default()
        };
        let url = kernel.session.transport.url(paths::REQUESTS);
        // A key of its own, derived from the comment's: a replay finds the same follow-up.
        let key = format!("{}-followup", entry.idempotency_key);
        let call = ApiRequest::write(Method::POST, url, json!({ "request": request }), &key);
        async move { kernel.session.call(&call).await }
    })
    .await?;
    let (item, followup_id) = kernel.store.write(|tx| {
        tx.execute("UPDATE tickets SET status = 'closed' WHERE id = ?1", [&closed.id])?;
        let applied = db::apply_request(tx, None, &answer.request)?;
        db::move_comment(tx, comment_id, &applied.local_id)?;
        db::set_comment_delivery(tx, comment_id, &DeliveryState::Sent)?;
        Ok((outbox::complete(tx, entry.item.id)?, applied.local_id))
    })?;
    tracing::info!("ticket {} is closed; comment sent as follow-up {}", closed_remote_id, answer.request.id);
    kernel.events.emit(Event::OutboxChanged { item });
    kernel.events.emit(Event::TicketChanged { ticket_id: closed.id.clone() });
    kernel.events.emit(Event::TicketChanged { ticket_id: followup_id });
    kernel.events.emit(Event::TicketsChanged);
    Ok(())
}

async fn solve(kernel: &Kernel, entry: &Entry) -> Result<()> {
    let ticket = kernel
        .store
        .read(|c| db::ticket(c, &entry.item.target_id))?
        .ok_or_else(|| Error::not_found(format!("ticket {}", entry.item.target_id)))?;
    let Some(remote_id) = ticket.remote_id.map(unsigned) else {
        return Err(Error::validation("ticket", "its ticket could not be created; retry the ticket first"));
    };
    let url = kernel.session.transport.url(&paths::request(remote_id));
    let call = ApiRequest::write(Method::PUT, url, json!({ "request": { "solved": true } }), &entry.idempotency_key);
    let answer: wire::RequestEnvelope = kernel.session.call(&call).await?;
    let item = kernel.store.write(|tx| {
        db::apply_request(tx, Some(&ticket.id), &answer.request)?;
        outbox::complete(tx, entry.item.id)
    })?;
    kernel.events.emit(Event::OutboxChanged { item });
    kernel.events.emit(Event::TicketChanged { ticket_id: ticket.id });
    Ok(())
}
