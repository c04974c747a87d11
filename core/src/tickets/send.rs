//! Sending the tickets' queued writes, and recording what the helpdesk answered.

use helpline_protocol::{self as wire, paths};
use reqwest::Method;
use serde_json::json;

use super::{CommentPayload, CreatePayload, TicketStatus, db};
use crate::helpline::Core;
use crate::outbox::{self, Entry, OutboxKind};
use crate::transport::ApiRequest;
use crate::uploads;
use crate::{DeliveryState, Error, Event, Result};

/// Sends one outbox row of the tickets' kinds (the worker routes the others elsewhere). `Ok` means it landed and is recorded.
pub(crate) async fn deliver(core: &Core, entry: &Entry) -> Result<()> {
    match entry.item.kind {
        OutboxKind::CreateTicket => create(core, entry).await,
        OutboxKind::AddComment => comment(core, entry).await,
        OutboxKind::SolveTicket => solve(core, entry).await,
        OutboxKind::Vote | OutboxKind::SendMessage => Err(Error::Storage("not a ticket write".into())),
        OutboxKind::RegisterPush | OutboxKind::UnregisterPush => {
            Err(Error::Storage("a push registration is not a ticket write".into()))
        }
    }
}

async fn create(core: &Core, entry: &Entry) -> Result<()> {
    let CreatePayload { request, mut files } = entry.payload()?;
    let answer: wire::RequestEnvelope = uploads::deliver_with(core, entry, &mut files, |tokens| {
        let request = wire::NewRequest {
            comment: wire::NewComment { uploads: tokens, ..request.comment.clone() },
            ..request.clone()
        };
        let url = core.session.transport.url(paths::REQUESTS);
        let call = ApiRequest::write(Method::POST, url, json!({ "request": request }), &entry.idempotency_key);
        async move { core.session.call(&call).await }
    })
    .await?;
    let ticket_id = entry.item.target_id.clone();
    let item = core.store.write(|tx| {
        db::apply_request(tx, Some(&ticket_id), &answer.request)?;
        super::set_delivery(tx, entry, &DeliveryState::Sent)?;
        outbox::complete(tx, entry.item.id)
    })?;
    core.events.emit(Event::OutboxChanged { item });
    core.events.emit(Event::TicketChanged { ticket_id });
    core.events.emit(Event::TicketsChanged);
    Ok(())
}

async fn comment(core: &Core, entry: &Entry) -> Result<()> {
    let mut payload: CommentPayload = entry.payload()?;
    let (comment, ticket) = core.store.read(|c| {
        let comment = db::comment(c, &entry.item.target_id)?
            .ok_or_else(|| Error::not_found(format!("comment {}", entry.item.target_id)))?;
        let ticket = db::ticket(c, &comment.ticket_id)?
            .ok_or_else(|| Error::not_found(format!("ticket {}", comment.ticket_id)))?;
        Ok((comment, ticket))
    })?;
    let Some(remote_id) = ticket.remote_id else {
        return Err(Error::validation("ticket", "its ticket could not be created; retry the ticket first"));
    };
    let closed = ticket.status == TicketStatus::Closed;
    let (body, mut files) = (payload.body.clone(), std::mem::take(&mut payload.files));
    let answer = uploads::deliver_with(core, entry, &mut files, |tokens| {
        let url = core.session.transport.url(&paths::request(remote_id));
        let comment = wire::NewComment { body: body.clone(), uploads: tokens };
        let call =
            ApiRequest::write(Method::PUT, url, json!({ "request": { "comment": comment } }), &entry.idempotency_key);
        async move {
            if closed {
                return Err(Error::TicketClosed);
            }
            core.session.call::<wire::RequestEnvelope>(&call).await
        }
    })
    .await;
    payload.files = files;
    match answer {
        Ok(answer) => {
            let item = core.store.write(|tx| {
                db::apply_request(tx, Some(&ticket.id), &answer.request)?;
                db::set_comment_delivery(tx, &comment.id, &DeliveryState::Sent)?;
                outbox::complete(tx, entry.item.id)
            })?;
            core.events.emit(Event::OutboxChanged { item });
            core.events.emit(Event::TicketChanged { ticket_id: ticket.id });
            Ok(())
        }
        Err(Error::TicketClosed) => followup(core, entry, &payload, &ticket, remote_id, &comment.id).await,
        Err(e) => Err(e),
    }
}

/// The ticket closed before the comment reached it: the comment opens a follow-up.
async fn followup(
    core: &Core,
    entry: &Entry,
    payload: &CommentPayload,
    closed: &super::Ticket,
    closed_remote_id: u64,
    comment_id: &str,
) -> Result<()> {
    let mut files = payload.files.clone();
    let answer: wire::RequestEnvelope = uploads::deliver_with(core, entry, &mut files, |tokens| {
        let request = wire::NewRequest {
            subject: closed.subject.clone(),
            comment: wire::NewComment { body: payload.body.clone(), uploads: tokens },
            tags: closed.tags.clone(),
            via_followup_source_id: Some(closed_remote_id),
            ..Default::default()
        };
        let url = core.session.transport.url(paths::REQUESTS);
        // A key of its own, derived from the comment's: a replay finds the same follow-up.
        let key = format!("{}-followup", entry.idempotency_key);
        let call = ApiRequest::write(Method::POST, url, json!({ "request": request }), &key);
        async move { core.session.call(&call).await }
    })
    .await?;
    let (item, followup_id) = core.store.write(|tx| {
        tx.execute("UPDATE tickets SET status = 'closed' WHERE id = ?1", [&closed.id])?;
        let applied = db::apply_request(tx, None, &answer.request)?;
        db::move_comment(tx, comment_id, &applied.local_id)?;
        db::set_comment_delivery(tx, comment_id, &DeliveryState::Sent)?;
        Ok((outbox::complete(tx, entry.item.id)?, applied.local_id))
    })?;
    tracing::info!("ticket {} is closed; comment sent as follow-up {}", closed_remote_id, answer.request.id);
    core.events.emit(Event::OutboxChanged { item });
    core.events.emit(Event::TicketChanged { ticket_id: closed.id.clone() });
    core.events.emit(Event::TicketChanged { ticket_id: followup_id });
    core.events.emit(Event::TicketsChanged);
    Ok(())
}

async fn solve(core: &Core, entry: &Entry) -> Result<()> {
    let ticket = core
        .store
        .read(|c| db::ticket(c, &entry.item.target_id))?
        .ok_or_else(|| Error::not_found(format!("ticket {}", entry.item.target_id)))?;
    let Some(remote_id) = ticket.remote_id else {
        return Err(Error::validation("ticket", "its ticket could not be created; retry the ticket first"));
    };
    let url = core.session.transport.url(&paths::request(remote_id));
    let call = ApiRequest::write(Method::PUT, url, json!({ "request": { "solved": true } }), &entry.idempotency_key);
    let answer: wire::RequestEnvelope = core.session.call(&call).await?;
    let item = core.store.write(|tx| {
        db::apply_request(tx, Some(&ticket.id), &answer.request)?;
        outbox::complete(tx, entry.item.id)
    })?;
    core.events.emit(Event::OutboxChanged { item });
    core.events.emit(Event::TicketChanged { ticket_id: ticket.id });
    Ok(())
}
