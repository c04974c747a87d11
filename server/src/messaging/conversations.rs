//! The end user's REST side of live messaging: start (or resume) a conversation, list them,
//! page through a conversation's messages by seq, and post a message (once per `client_id`).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use helpline_protocol::{
    ConversationEnvelope, ConversationsPage, MessageEnvelope, MessagesPage, NewConversationEnvelope,
    NewMessageEnvelope, paths,
};

use super::actions::{self, Env};
use super::store::{conversations, last_message, messages_after, own_conversation, with_attachments};
use crate::auth::AuthUser;
use crate::comments::{MAX_BODY_BYTES, validate_body};
use crate::errors::ApiError;
use crate::json::JsonBody;
use crate::query::QueryParams;
use crate::record_id::RecordId;
use crate::settings;
use crate::state::AppState;

/// Messages in a page when the client names no `limit`, and at most.
const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 500;
const MAX_METADATA_BYTES: usize = 16 * 1024;
const MAX_CLIENT_ID_CHARS: usize = 255;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(paths::CONVERSATIONS, get(list).post(create))
        .route("/api/v2/conversations/{id}/messages.json", get(messages).post(post_message))
}

/// `POST /api/v2/conversations.json`: 201 with a new conversation (the bot greets first), or
/// 200 with the user's newest active one; with `"new": true`, 201 with another one when the
/// app's settings allow several, else 422 while one is active.
async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
    JsonBody(envelope): JsonBody<NewConversationEnvelope>,
) -> Result<(StatusCode, Json<ConversationEnvelope>), ApiError> {
    let metadata =
        serde_json::to_string(&envelope.conversation.metadata).map_err(|e| ApiError::Internal(e.to_string()))?;
    if metadata.len() > MAX_METADATA_BYTES {
        return Err(ApiError::invalid(
            "metadata",
            "TooLong",
            format!("Metadata: is too long (maximum is {MAX_METADATA_BYTES} bytes)"),
        ));
    }
    let app_id = settings::requesting_app(&headers);
    let new = envelope.conversation.new;
    let (row, created) =
        state.db.call(move |conn| actions::start(conn, user.id, app_id.as_deref(), &metadata, new)).await?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(ConversationEnvelope { conversation: row.to_wire() })))
}

/// `GET /api/v2/conversations.json`: the user's conversations (never another user's), newest
/// first, each with its last message.
async fn list(State(state): State<AppState>, user: AuthUser) -> Result<Json<ConversationsPage>, ApiError> {
    let base_url = state.base_url.clone();
    let listed = state
        .db
        .call(move |conn| {
            let mut listed = Vec::new();
            for row in conversations(conn, Some(user.id))? {
                let last = last_message(conn, row.id)?.map(|m| with_attachments(conn, &base_url, vec![m]));
                let mut conversation = row.to_wire();
                conversation.last_message = match last.transpose()? {
                    Some(mut rows) => rows.pop().map(|m| Box::new(m.to_wire())),
                    None => None,
                };
                listed.push(conversation);
            }
            Ok(listed)
        })
        .await?;
    Ok(Json(ConversationsPage { conversations: listed.into() }))
}

/// `GET /api/v2/conversations/{id}/messages.json?after_seq=N&limit=M`: messages with
/// `seq > N` in seq order, `has_more` when more follow.
async fn messages(
    State(state): State<AppState>,
    user: AuthUser,
    RecordId(id): RecordId,
    query: QueryParams,
) -> Result<Json<MessagesPage>, ApiError> {
    let after_seq = number(&query, "after_seq")?.unwrap_or(0);
    let limit = match number(&query, "limit")? {
        None => DEFAULT_LIMIT,
        Some(0) => return Err(ApiError::bad_param("limit must be at least 1")),
        Some(n) => usize::try_from(n).unwrap_or(MAX_LIMIT).min(MAX_LIMIT),
    };
    let base_url = state.base_url.clone();
    let (rows, has_more) = state
        .db
        .call(move |conn| {
            let c = own_conversation(conn, id, user.id)?;
            let mut rows = messages_after(conn, c.id, after_seq, limit + 1)?;
            let has_more = rows.len() > limit;
            rows.truncate(limit);
            Ok((with_attachments(conn, &base_url, rows)?, has_more))
        })
        .await?;
    Ok(Json(MessagesPage { messages: rows.iter().map(|m| m.to_wire()).collect(), has_more }))
}

/// `POST /api/v2/conversations/{id}/messages.json`: 201 with the new message, or 200 with
/// the one already stored under this `client_id`. With `uploads`, the text may be blank.
async fn post_message(
    State(state): State<AppState>,
    user: AuthUser,
    RecordId(id): RecordId,
    JsonBody(envelope): JsonBody<NewMessageEnvelope>,
) -> Result<(StatusCode, Json<MessageEnvelope>), ApiError> {
    let new = envelope.message;
    if new.uploads.is_empty() {
        validate_message(&new.client_id, &new.text)?;
    } else {
        validate_client_id(&new.client_id)?;
        if new.text.len() > MAX_BODY_BYTES {
            return Err(ApiError::invalid(
                "text",
                "TooLong",
                format!("Text: is too long (maximum is {MAX_BODY_BYTES} bytes)"),
            ));
        }
    }
    let env = Env::of(&state);
    let posted = state
        .db
        .call(move |conn| {
            actions::post_user_message(
                conn,
                &env,
                user.id,
                id,
                new.client_id.trim(),
                &new.text,
                &new.uploads,
                new.reply,
            )
        })
        .await?;
    let status = if posted.created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(MessageEnvelope { message: posted.message })))
}

/// The rules of a user's message, REST or WebSocket: a client id, and text (like a comment).
pub(crate) fn validate_message(client_id: &str, text: &str) -> Result<(), ApiError> {
    validate_client_id(client_id)?;
    validate_body(text, "text", "Text")
}

fn validate_client_id(client_id: &str) -> Result<(), ApiError> {
    let client_id = client_id.trim();
    if client_id.is_empty() {
        return Err(ApiError::invalid("client_id", "BlankValue", "Client id: cannot be blank"));
    }
    if client_id.chars().count() > MAX_CLIENT_ID_CHARS {
        return Err(ApiError::invalid(
            "client_id",
            "TooLong",
            format!("Client id: is too long (maximum is {MAX_CLIENT_ID_CHARS} characters)"),
        ));
    }
    Ok(())
}

/// A non-negative integer parameter, if present (empty counts as absent).
fn number(query: &QueryParams, name: &str) -> Result<Option<u64>, ApiError> {
    match query.get(name).map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => {
            v.parse().map(Some).map_err(|_| ApiError::bad_param(format!("{name} must be a non-negative integer")))
        }
    }
}
