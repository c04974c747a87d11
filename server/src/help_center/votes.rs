//! Votes on articles (end users only): one per user and article. Voting again replaces the
//! value (200, same vote id); the first vote creates it (201). Totals are computed from the
//! votes when an article is read, so they always agree with them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, post};
use axum::{Json, Router};
use helpline_protocol::{Vote, VoteEnvelope};
use rusqlite::{OptionalExtension, params};

use crate::auth::AuthUser;
use crate::errors::ApiError;
use crate::record_id::RecordId;
use crate::state::AppState;
use crate::time::{now_micros, rfc3339};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v2/help_center/articles/{id}/up.json", post(up))
        .route("/api/v2/help_center/articles/{id}/down.json", post(down))
        .route("/api/v2/help_center/votes/{id}", delete(remove))
}

/// `POST /api/v2/help_center/articles/{id}/up.json`
async fn up(
    State(state): State<AppState>,
    user: AuthUser,
    RecordId(id): RecordId,
) -> Result<(StatusCode, Json<VoteEnvelope>), ApiError> {
    cast(state, user, id, 1).await
}

/// `POST /api/v2/help_center/articles/{id}/down.json`
async fn down(
    State(state): State<AppState>,
    user: AuthUser,
    RecordId(id): RecordId,
) -> Result<(StatusCode, Json<VoteEnvelope>), ApiError> {
    cast(state, user, id, -1).await
}

async fn cast(
    state: AppState,
    user: AuthUser,
    article_id: i64,
    value: i8,
) -> Result<(StatusCode, Json<VoteEnvelope>), ApiError> {
    let user_id = user.id as i64;
    let (created, vote) = state
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            // Only articles an end user can read take votes.
            let votable = tx
                .query_row(
                    "SELECT 1 FROM hc_articles a WHERE a.id = ?1 AND a.archived_at IS NULL AND EXISTS
                     (SELECT 1 FROM hc_article_translations t WHERE t.article_id = a.id AND t.draft = 0)",
                    params![article_id],
                    |_| Ok(()),
                )
                .optional()?;
            votable.ok_or(ApiError::NotFound)?;
            let existing: Option<(i64, i64)> = tx
                .query_row(
                    "SELECT id, created_at FROM hc_votes WHERE article_id = ?1 AND user_id = ?2",
                    params![article_id, user_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (created, id, created_at) = match existing {
                Some((id, created_at)) => {
                    tx.execute("UPDATE hc_votes SET value = ?2 WHERE id = ?1", params![id, value])?;
                    (false, id, created_at)
                }
                None => {
                    let now = now_micros();
                    tx.execute(
                        "INSERT INTO hc_votes (article_id, user_id, value, created_at) VALUES (?1, ?2, ?3, ?4)",
                        params![article_id, user_id, value, now],
                    )?;
                    (true, tx.last_insert_rowid(), now)
                }
            };
            tx.commit()?;
            let vote = Vote {
                id: id as u64,
                value,
                item_id: article_id as u64,
                item_type: "Article".into(),
                user_id: user_id as u64,
                created_at: rfc3339(created_at),
            };
            Ok((created, vote))
        })
        .await?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(VoteEnvelope { vote })))
}

/// `DELETE /api/v2/help_center/votes/{id}.json`: someone else's vote is as unknown as a missing one.
async fn remove(State(state): State<AppState>, user: AuthUser, RecordId(id): RecordId) -> Result<StatusCode, ApiError> {
    let deleted = state
        .db
        .call(move |conn| {
            Ok(conn.execute("DELETE FROM hc_votes WHERE id = ?1 AND user_id = ?2", params![id, user.id as i64])?)
        })
        .await?;
    if deleted == 0 { Err(ApiError::NotFound) } else { Ok(StatusCode::NO_CONTENT) }
}
