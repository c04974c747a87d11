//! The agent's side of live messaging (agent token): every conversation with its user and
//! progress, and answering, typing, reading and ending as the demo agent.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use helpline_protocol::{
    AgentConversation, AgentConversationsPage, AgentMessageEnvelope, ConversationEnvelope, MessageEnvelope, ReadUpdate,
    TypingUpdate, User, paths,
};

use super::actions::{self, Env};
use super::rich;
use super::store::conversations;
use crate::auth::Agent;
use crate::comments::validate_body;
use crate::errors::ApiError;
use crate::json::JsonBody;
use crate::record_id::RecordId;
use crate::state::AppState;
use crate::users::load_user;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(paths::AGENT_CONVERSATIONS, get(list))
        .route("/api/v2/agent/conversations/{id}/messages.json", post(message))
        .route("/api/v2/agent/conversations/{id}/typing.json", post(typing))
        .route("/api/v2/agent/conversations/{id}/read.json", post(read))
        .route("/api/v2/agent/conversations/{id}/end.json", post(end))
}

/// `GET /api/v2/agent/conversations.json`: every conversation, oldest first, with its user,
/// last seq, what the user read and whether they are typing.
async fn list(State(state): State<AppState>, _: Agent) -> Result<Json<AgentConversationsPage>, ApiError> {
    let rows = state
        .db
        .call(|conn| {
            let rows = conversations(conn, None)?;
            let mut out = Vec::with_capacity(rows.len());
            for row in rows {
                let user = load_user(conn, row.user_id as u64)?.unwrap_or(User {
                    id: row.user_id as u64,
                    name: String::new(),
                    email: None,
                    photo: None,
                    agent: false,
                    user_fields: None,
                });
                out.push((row, user));
            }
            Ok(out)
        })
        .await?;
    let conversations = rows
        .into_iter()
        .map(|(row, user)| AgentConversation {
            conversation: row.to_wire(),
            user,
            last_seq: row.last_seq,
            user_read_seq: row.user_read_seq,
            agent_joined: row.agent_joined,
            user_typing: row.is_active() && state.realtime.user_typing(row.id as u64),
        })
        .collect();
    Ok(Json(AgentConversationsPage { conversations }))
}

/// `POST .../messages.json {"message": {"text", and optionally "quick_replies" | "buttons" |
/// "cards" | "form"}}` -> 201; the first one also sends `agent_joined`.
async fn message(
    State(state): State<AppState>,
    _: Agent,
    RecordId(id): RecordId,
    JsonBody(envelope): JsonBody<AgentMessageEnvelope>,
) -> Result<(StatusCode, Json<MessageEnvelope>), ApiError> {
    // Rich parts come with a text, their fallback for whoever cannot show them.
    let rich = rich::from_agent(&envelope.message)?;
    let text = envelope.message.text;
    validate_body(&text, "text", "Text")?;
    let env = Env::of(&state);
    let message = state.db.call(move |conn| actions::post_agent_message(conn, &env, id, &text, rich)).await?;
    Ok((StatusCode::CREATED, Json(MessageEnvelope { message })))
}

/// `POST .../typing.json {"active": bool}` -> 204; the user's subscribers get `typing`.
async fn typing(
    State(state): State<AppState>,
    _: Agent,
    RecordId(id): RecordId,
    JsonBody(update): JsonBody<TypingUpdate>,
) -> Result<StatusCode, ApiError> {
    let env = Env::of(&state);
    state.db.call(move |conn| actions::agent_typing(conn, &env, id, update.active)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST .../read.json {"seq": n}` -> 204; the user's subscribers get `read`.
async fn read(
    State(state): State<AppState>,
    _: Agent,
    RecordId(id): RecordId,
    JsonBody(update): JsonBody<ReadUpdate>,
) -> Result<StatusCode, ApiError> {
    let env = Env::of(&state);
    state.db.call(move |conn| actions::agent_read(conn, &env, id, update.seq)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST .../end.json` -> 200 with the ended conversation (again: same answer, no frames).
async fn end(
    State(state): State<AppState>,
    _: Agent,
    RecordId(id): RecordId,
) -> Result<Json<ConversationEnvelope>, ApiError> {
    let env = Env::of(&state);
    let row = state.db.call(move |conn| actions::end(conn, &env, id)).await?;
    Ok(Json(ConversationEnvelope { conversation: row.to_wire() }))
}
