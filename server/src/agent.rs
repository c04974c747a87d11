//! Agent side (reference server only): every ticket in Zendesk's Tickets shape, and replies
//! or status changes as the demo agent, so tests and the demo can answer the end user.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use helpline_protocol::{PushKind, Status, TicketEnvelope, TicketUpdateEnvelope, TicketsPage, paths};

use crate::auth::Agent;
use crate::comments::{self, validate_body};
use crate::errors::ApiError;
use crate::json::JsonBody;
use crate::pagination::{LinkBase, PageRequest, paginate};
use crate::push;
use crate::query::QueryParams;
use crate::record_id::RecordId;
use crate::requests::{load, load_all, save_state};
use crate::state::AppState;
use crate::time::now_micros;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route(paths::AGENT_TICKETS, get(list)).route("/api/v2/tickets/{id}", get(show).put(update))
}

/// `GET /api/v2/tickets.json`: every ticket, oldest first, offset or cursor pages.
async fn list(State(state): State<AppState>, _: Agent, query: QueryParams) -> Result<Json<TicketsPage>, ApiError> {
    let page = PageRequest::from_query(&query)?;
    let rows = state.db.call(|conn| load_all(conn, None)).await?;
    let links = LinkBase { base_url: &state.base_url, path: paths::AGENT_TICKETS, query: &query };
    let (rows, pagination) = paginate(rows, |r| (r.id, r.id), false, &page, &links);
    Ok(Json(TicketsPage { tickets: rows.iter().map(|r| r.to_ticket()).collect(), pagination }))
}

async fn show(
    State(state): State<AppState>,
    _: Agent,
    RecordId(id): RecordId,
) -> Result<Json<TicketEnvelope>, ApiError> {
    let row = state.db.call(move |conn| load(conn, id)?.ok_or(ApiError::NotFound)).await?;
    Ok(Json(TicketEnvelope { ticket: row.to_ticket() }))
}

/// `PUT /api/v2/tickets/{id}.json`: a comment by the demo agent (who becomes the assignee;
/// a new ticket becomes open) and/or any status, "closed" included. Closed is final.
async fn update(
    State(state): State<AppState>,
    _: Agent,
    RecordId(id): RecordId,
    JsonBody(envelope): JsonBody<TicketUpdateEnvelope>,
) -> Result<Json<TicketEnvelope>, ApiError> {
    let update = envelope.ticket;
    if update.status == Some(Status::Unknown) {
        return Err(ApiError::invalid("status", "InvalidValue", "Status: is invalid"));
    }
    if let Some(comment) = &update.comment {
        validate_body(&comment.body, "comment", "Comment")?;
    }
    let agent_id = state.agent_id;
    let row = state
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            let mut row = load(&tx, id)?.ok_or(ApiError::NotFound)?;
            if row.status == Status::Closed {
                return Err(ApiError::Closed);
            }
            let now = now_micros();
            let (mut changed, mut tell_the_user) = (false, false);
            if let Some(comment) = &update.comment {
                comments::insert(&tx, row.id, agent_id, &comment.body, comment.public, now)?;
                row.assignee_id = Some(agent_id as i64);
                if row.status == Status::New {
                    row.status = Status::Open;
                }
                changed = true;
                // An internal note is the agents' business: no push about it.
                tell_the_user |= comment.public;
            }
            if let Some(status) = update.status {
                tell_the_user |= status != row.status;
                row.status = status;
                changed = true;
            }
            if changed {
                row.updated_at = now.max(row.updated_at);
                save_state(&tx, &row)?;
            }
            if tell_the_user {
                push::notify(&tx, row.requester_id, PushKind::TicketUpdated, row.id, None, now)?;
            }
            tx.commit()?;
            Ok(row)
        })
        .await?;
    Ok(Json(TicketEnvelope { ticket: row.to_ticket() }))
}
