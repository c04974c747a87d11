//! `GET /api/v2/realtime`: the live-messaging WebSocket of an end user (Bearer token in the
//! upgrade request; a bad or missing one is a 401 and no upgrade). JSON text frames as in
//! `helpline_protocol::{ClientFrame, ServerFrame}`.
//!
//! One task per connection, which owns its socket and reads two things: the client's frames,
//! answered in order, and the frames the hub queued for the conversations it subscribed to.
//! A frame the server cannot read gets `error {code: "bad_frame"}` and the connection stays.
//!
//! Nothing waits on a client forever: the hub's queue per connection is bounded (a client too
//! slow to follow is closed, 1013), each send gives up after `ws_send_timeout` (a client that
//! stopped reading is dropped), a connection without a frame from its client, not even a ping,
//! for `ws_idle_timeout` is closed (1000), and a user's connections past `ws_max_per_user` close
//! their oldest (1008).

use axum::Router;
use axum::extract::State;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code};
use axum::http::HeaderMap;
use std::time::Duration;

use axum::response::{IntoResponse, Response};
use axum::routing::get;
use helpline_protocol::{ClientFrame, ErrorBody, FrameError, ServerFrame, paths};

use super::actions::{self, Env};
use super::conversations::validate_message;
use super::hub::{CloseReason, Connection};
use crate::auth::{Principal, principal};
use crate::errors::{ApiError, error_response};
use crate::state::AppState;

/// Bigger client frames end the connection (a message's text is at most 64 KiB).
const MAX_FRAME_BYTES: usize = 128 * 1024;
/// Conversations one connection may follow at once.
const MAX_SUBSCRIPTIONS: usize = 64;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route(paths::REALTIME, get(upgrade))
}

async fn upgrade(
    State(state): State<AppState>,
    headers: HeaderMap,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    // Realtime off: as if the route did not exist, so clients fall back to polling.
    if !state.realtime.enabled() {
        return ApiError::InvalidEndpoint.into_response();
    }
    let user_id = match principal(&state, &headers).await {
        Ok(Principal::User(id)) => id,
        Ok(_) => return ApiError::Unauthorized.into_response(),
        Err(e) => return e.into_response(),
    };
    let ws = match ws {
        Ok(ws) => ws,
        Err(rejection) => {
            let body = ErrorBody::new("InvalidUpgrade", rejection.body_text());
            return error_response(rejection.status(), &body);
        }
    };
    ws.max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES)
        .on_upgrade(move |socket| serve(socket, state, user_id))
}

async fn serve(mut socket: WebSocket, state: AppState, user_id: u64) {
    let mut conn = state.realtime.connect(user_id);
    let env = Env::of(&state);
    let (idle_timeout, send_timeout) = (state.ws_idle_timeout, state.ws_send_timeout);
    let idle = tokio::time::sleep(idle_timeout);
    tokio::pin!(idle);
    tracing::debug!(user_id, "realtime connection open");
    loop {
        tokio::select! {
            incoming = socket.recv() => {
                idle.as_mut().reset(tokio::time::Instant::now() + idle_timeout);
                let frames = match incoming {
                    Some(Ok(Message::Text(text))) => answer(&state, &env, &mut conn, user_id, text.as_str()).await,
                    Some(Ok(Message::Binary(_))) => {
                        vec![ServerFrame::error("bad_frame", "Frames are JSON text").to_text()]
                    }
                    // WebSocket pings are answered by the library.
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => vec![],
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                };
                for frame in frames {
                    if !send(&mut socket, Message::Text(frame.into()), send_timeout, user_id).await {
                        return;
                    }
                }
            }
            Some(out) = conn.rx.recv() => {
                if conn.admit(&out)
                    && !send(&mut socket, Message::Text(out.text.as_ref().into()), send_timeout, user_id).await
                {
                    return;
                }
            }
            why = conn.close.closed() => {
                let close = match why {
                    CloseReason::Reconnect => {
                        CloseFrame { code: close_code::AGAIN, reason: "reconnect and subscribe again".into() }
                    }
                    CloseReason::Replaced => {
                        CloseFrame { code: close_code::POLICY, reason: "too many connections for this user".into() }
                    }
                };
                send(&mut socket, Message::Close(Some(close)), send_timeout, user_id).await;
                break;
            }
            () = &mut idle => {
                tracing::debug!(user_id, "realtime connection idle: closing it");
                let close = CloseFrame { code: close_code::NORMAL, reason: "idle for too long".into() };
                send(&mut socket, Message::Close(Some(close)), send_timeout, user_id).await;
                break;
            }
        }
    }
    tracing::debug!(user_id, "realtime connection closed");
}

/// Sends one frame; false if the connection failed or the client did not take the frame within
/// `timeout` (it stopped reading: it is dropped rather than waited for).
async fn send(socket: &mut WebSocket, message: Message, timeout: Duration, user_id: u64) -> bool {
    match tokio::time::timeout(timeout, socket.send(message)).await {
        Ok(sent) => sent.is_ok(),
        Err(_) => {
            tracing::info!(user_id, "realtime client stopped reading: dropping its connection");
            false
        }
    }
}

/// The frames answering one client frame, to send at once (before anything queued).
async fn answer(state: &AppState, env: &Env, conn: &mut Connection, user_id: u64, text: &str) -> Vec<String> {
    let frame = match ClientFrame::parse(text) {
        Ok(frame) => frame,
        Err(FrameError::UnknownType(kind)) => {
            return vec![ServerFrame::error("bad_frame", format!("Unknown frame type {kind:?}")).to_text()];
        }
        Err(FrameError::Malformed(why)) => return vec![ServerFrame::error("bad_frame", why).to_text()],
    };
    let result = match frame {
        ClientFrame::Ping => Ok(vec![ServerFrame::Pong.to_text()]),
        ClientFrame::Subscribe { conversation_id, after_seq } => {
            subscribe(state, env, conn, user_id, conversation_id, after_seq).await
        }
        ClientFrame::Message { conversation_id, client_id, text } => {
            send_message(state, env, conn, user_id, conversation_id, client_id, text).await
        }
        ClientFrame::Typing { conversation_id, active } => {
            let owned = conn.is_subscribed(conversation_id);
            let id = record_id(conversation_id);
            let checked = if owned { Ok(()) } else { state.db.call(move |c| actions::check_own(c, user_id, id)).await };
            checked.map(|()| {
                env.hub.set_user_typing(conversation_id, active);
                vec![]
            })
        }
        ClientFrame::Read { conversation_id, seq } => {
            let id = record_id(conversation_id);
            state.db.call(move |c| actions::user_read(c, user_id, id, seq)).await.map(|_| vec![])
        }
    };
    result.unwrap_or_else(|e| vec![error_frame(e).to_text()])
}

async fn subscribe(
    state: &AppState,
    env: &Env,
    conn: &mut Connection,
    user_id: u64,
    conversation_id: u64,
    after_seq: u64,
) -> Result<Vec<String>, ApiError> {
    if !conn.is_subscribed(conversation_id) && conn.subscription_count() >= MAX_SUBSCRIPTIONS {
        return Ok(vec![
            ServerFrame::error("too_many_subscriptions", format!("At most {MAX_SUBSCRIPTIONS} conversations"))
                .to_text(),
        ]);
    }
    let (env, pending, id) = (env.clone(), conn.subscriber(), record_id(conversation_id));
    let replay = state.db.call(move |c| actions::subscribe(c, &env, user_id, id, after_seq, pending)).await?;
    conn.subscribed(conversation_id, replay.last_seq);
    let mut frames: Vec<String> =
        replay.messages.iter().map(|m| ServerFrame::Message { message: m.to_wire() }.to_text()).collect();
    frames.push(replay.state.to_text());
    Ok(frames)
}

/// Stores the message; its echo reaches every subscriber, this connection included. A resent
/// `client_id`, or a sender not subscribed to the conversation, gets the echo directly.
async fn send_message(
    state: &AppState,
    env: &Env,
    conn: &mut Connection,
    user_id: u64,
    conversation_id: u64,
    client_id: String,
    text: String,
) -> Result<Vec<String>, ApiError> {
    validate_message(&client_id, &text)?;
    let (env, id) = (env.clone(), record_id(conversation_id));
    let posted = state
        .db
        .call(move |c| actions::post_user_message(c, &env, user_id, id, client_id.trim(), &text, &[], None))
        .await?;
    if posted.created && conn.is_subscribed(conversation_id) {
        Ok(vec![])
    } else {
        Ok(vec![ServerFrame::Message { message: posted.message }.to_text()])
    }
}

/// Ids beyond SQLite's range name no conversation.
fn record_id(id: u64) -> i64 {
    i64::try_from(id).unwrap_or(-1)
}

fn error_frame(e: ApiError) -> ServerFrame {
    match e {
        ApiError::NotFound => ServerFrame::error("not_found", "Conversation not found"),
        ApiError::Invalid { error: "closed", description, .. } => ServerFrame::error("conversation_ended", description),
        ApiError::Invalid { description, .. } => ServerFrame::error("invalid", description),
        ApiError::Internal(detail) => {
            tracing::error!("realtime: {detail}");
            ServerFrame::error("internal", "Something went wrong")
        }
        other => ServerFrame::error("error", format!("{other:?}")),
    }
}
