//! Satisfaction ratings (Zendesk's): the requester of a solved ticket rates it `good` or `bad`,
//! with an optional comment, and may change it while the ticket stays solved (one rating per
//! ticket, changed in place). An ended conversation's request is solved, so it is rated the same
//! way. Someone else's ticket is as unknown as a missing one (404); a ticket not solved -> 422
//! naming `status`. Agents list every rating.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use helpline_protocol::{
    MAX_SATISFACTION_COMMENT_CHARS, NewSatisfactionRatingEnvelope, SatisfactionRating, SatisfactionRatingEnvelope,
    SatisfactionRatingsPage, Score, Status, TicketSatisfaction, paths,
};
use rusqlite::{Connection, Row, params};

use crate::auth::{Agent, AuthUser};
use crate::errors::ApiError;
use crate::json::JsonBody;
use crate::pagination::{LinkBase, PageRequest, paginate};
use crate::query::QueryParams;
use crate::record_id::RecordId;
use crate::requests::own;
use crate::state::AppState;
use crate::time::{now_micros, rfc3339};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v2/tickets/{id}/satisfaction_rating.json", post(rate))
        .route(paths::SATISFACTION_RATINGS, get(list))
}

/// The `satisfaction_rating` a request or ticket shows, from its joined columns.
pub(crate) fn summary(score: Option<String>, comment: Option<String>) -> Option<TicketSatisfaction> {
    score.map(|score| TicketSatisfaction { score: Score::parse(&score), comment })
}

const COLUMNS: &str = "id, score, comment, ticket_id, requester_id, created_at, updated_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<SatisfactionRating> {
    Ok(SatisfactionRating {
        id: r.get::<_, i64>(0)? as u64,
        score: Score::parse(&r.get::<_, String>(1)?),
        comment: r.get(2)?,
        ticket_id: r.get::<_, i64>(3)? as u64,
        requester_id: Some(r.get::<_, i64>(4)? as u64),
        created_at: rfc3339(r.get(5)?),
        updated_at: rfc3339(r.get(6)?),
    })
}

/// `POST /api/v2/tickets/{id}/satisfaction_rating.json` -> 200 with the rating, new or changed.
async fn rate(
    State(state): State<AppState>,
    user: AuthUser,
    RecordId(id): RecordId,
    JsonBody(envelope): JsonBody<NewSatisfactionRatingEnvelope>,
) -> Result<Json<SatisfactionRatingEnvelope>, ApiError> {
    let new = envelope.satisfaction_rating;
    if !matches!(new.score, Score::Good | Score::Bad) {
        return Err(ApiError::invalid("score", "InvalidValue", "Score: must be good or bad"));
    }
    let comment = new.comment.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    if comment.as_ref().is_some_and(|c| c.chars().count() > MAX_SATISFACTION_COMMENT_CHARS) {
        return Err(ApiError::invalid(
            "comment",
            "TooLong",
            format!("Comment: is too long (maximum is {MAX_SATISFACTION_COMMENT_CHARS} characters)"),
        ));
    }
    let rating = state
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            let ticket = own(&tx, id, user)?;
            if ticket.status != Status::Solved {
                return Err(ApiError::invalid("status", "NotSolved", "Status: only a solved ticket can be rated"));
            }
            let rating = save(&tx, ticket.id, user.id, new.score, comment.as_deref(), now_micros())?;
            tx.commit()?;
            Ok(rating)
        })
        .await?;
    Ok(Json(SatisfactionRatingEnvelope { satisfaction_rating: rating }))
}

/// Creates the ticket's rating or changes it; the ticket counts as updated.
fn save(
    conn: &Connection,
    ticket_id: i64,
    requester_id: u64,
    score: Score,
    comment: Option<&str>,
    now: i64,
) -> Result<SatisfactionRating, ApiError> {
    let sql = format!(
        "INSERT INTO satisfaction_ratings (ticket_id, requester_id, score, comment, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)
         ON CONFLICT(ticket_id) DO UPDATE SET score = excluded.score, comment = excluded.comment,
            updated_at = MAX(updated_at, excluded.updated_at)
         RETURNING {COLUMNS}"
    );
    let rating =
        conn.query_row(&sql, params![ticket_id, requester_id as i64, score.as_str(), comment, now], from_row)?;
    conn.execute("UPDATE requests SET updated_at = MAX(updated_at, ?2) WHERE id = ?1", params![ticket_id, now])?;
    Ok(rating)
}

/// `GET /api/v2/satisfaction_ratings.json` (agent): every rating, oldest first, offset or
/// cursor pages.
async fn list(
    State(state): State<AppState>,
    _: Agent,
    query: QueryParams,
) -> Result<Json<SatisfactionRatingsPage>, ApiError> {
    let page = PageRequest::from_query(&query)?;
    let ratings = state
        .db
        .call(|conn| {
            let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM satisfaction_ratings"))?;
            let rows = stmt.query_map([], from_row)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    let links = LinkBase { base_url: &state.base_url, path: paths::SATISFACTION_RATINGS, query: &query };
    let (ratings, pagination) = paginate(ratings, |r| (r.id as i64, r.id as i64), false, &page, &links);
    Ok(Json(SatisfactionRatingsPage { satisfaction_ratings: ratings, pagination }))
}
