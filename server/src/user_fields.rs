//! A user's fields (Zendesk's `user_fields`): the end user sets theirs on `users/me`, agents
//! read anyone's on `users/{id}`.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use helpline_protocol::{UserEnvelope, UserFields, UserFieldsUpdateEnvelope};
use rusqlite::{Connection, OptionalExtension, params};

use crate::auth::{Agent, AuthUser};
use crate::context::{check_fields, merge_user_fields};
use crate::errors::ApiError;
use crate::json::JsonBody;
use crate::record_id::RecordId;
use crate::state::AppState;
use crate::users::load_user;

/// `PUT users/me.json` sits beside `GET` in `users::routes`; the agent's view is here.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/api/v2/users/{id}", get(show))
}

/// `PUT /api/v2/users/me.json` `{"user": {"user_fields": {...}}}`: merged in, `null` removes.
pub(crate) async fn update(
    State(state): State<AppState>,
    user: AuthUser,
    JsonBody(envelope): JsonBody<UserFieldsUpdateEnvelope>,
) -> Result<Json<UserEnvelope>, ApiError> {
    let update = envelope.user.user_fields;
    check_fields(&update, "user_fields", true)?;
    let user = state
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            let merged = merge_user_fields(stored(&tx, user.id)?, update)?;
            let json = serde_json::to_string(&merged).map_err(|e| ApiError::Internal(e.to_string()))?;
            tx.execute("UPDATE users SET user_fields = ?2 WHERE id = ?1", params![user.id as i64, json])?;
            let user = load_user(&tx, user.id)?.ok_or(ApiError::Unauthorized)?;
            tx.commit()?;
            Ok(user)
        })
        .await?;
    Ok(Json(UserEnvelope { user }))
}

/// `GET /api/v2/users/{id}.json` (agents): the user with their fields.
async fn show(State(state): State<AppState>, _: Agent, RecordId(id): RecordId) -> Result<Json<UserEnvelope>, ApiError> {
    let user = state.db.call(move |conn| load_user(conn, id as u64)?.ok_or(ApiError::NotFound)).await?;
    Ok(Json(UserEnvelope { user }))
}

/// The user's fields as stored (a damaged value reads as none).
pub(crate) fn stored(conn: &Connection, user_id: u64) -> Result<UserFields, ApiError> {
    let json: Option<String> =
        conn.query_row("SELECT user_fields FROM users WHERE id = ?1", [user_id as i64], |r| r.get(0)).optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default())
}
