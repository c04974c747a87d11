//! The realtime link: one WebSocket per SDK, kept alive with pings, re-established with
//! exponential backoff and full jitter (so a helpdesk restart is not met by every client at
//! once), resubscribed from the last seq held so the helpdesk replays exactly what was
//! missed. When the upgrade itself is refused (a proxy that blocks WebSockets), it polls the
//! messages over HTTP for a while, then tries the WebSocket again.

use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use helpline_protocol::{self as wire, FrameError, paths};
use rand::Rng;
use tokio::sync::mpsc::Receiver;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::{self, Message as WsMessage, client::IntoClientRequest, http::header};
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};

use super::ChatCore;
use super::model::{ChatEvent, ConnectionState};
use super::{db, poll, signed, unsigned};
use crate::outbox;
use crate::{Error, Event, Result};

/// A ping this often; no frame at all for three periods means the link is dead.
const PING_EVERY: Duration = Duration::from_secs(15);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// First reconnection delay (before jitter), doubled per failure up to the cap.
const RECONNECT_BASE: Duration = Duration::from_millis(250);
const RECONNECT_CAP: Duration = Duration::from_secs(30);
/// How long to poll over HTTP after a refused upgrade before trying the WebSocket again.
const POLLING_SPELL: Duration = Duration::from_secs(60);
pub(super) const POLL_EVERY: Duration = Duration::from_secs(1);

type Ws = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

enum ConnectError {
    /// The helpdesk refused our token: sign in again, then retry.
    Unauthorized(String),
    /// The upgrade was answered with a plain HTTP status: WebSockets do not get through.
    Refused(u16),
    /// Offline, timed out, or the SDK could not get a token.
    Failed(String),
}

pub(super) async fn run(chat: Arc<ChatCore>, mut outgoing: Receiver<wire::ClientFrame>) {
    let mut failures = 0u32;
    loop {
        super::set_connection(&chat, ConnectionState::Connecting);
        match connect(&chat).await {
            Ok(ws) => {
                failures = 0;
                super::set_connection(&chat, ConnectionState::Connected);
                match session(&chat, ws, &mut outgoing).await {
                    Ok(()) => return,
                    Err(e) => tracing::info!("realtime link lost: {e}"),
                }
                super::set_connection(&chat, ConnectionState::Connecting);
            }
            Err(ConnectError::Unauthorized(stale)) => {
                failures += 1;
                if let Err(e) = chat.session.refresh_token(&stale).await {
                    tracing::info!("realtime: cannot sign in again: {e}");
                }
            }
            Err(ConnectError::Refused(status)) => {
                tracing::info!("realtime: WebSocket upgrade refused ({status}); polling over HTTP");
                super::set_connection(&chat, ConnectionState::Polling);
                if poll::spell(&chat, &mut outgoing, POLLING_SPELL).await.is_break() {
                    return;
                }
                continue;
            }
            Err(ConnectError::Failed(e)) => {
                failures += 1;
                tracing::debug!("realtime: cannot connect: {e}");
            }
        }
        tokio::time::sleep(full_jitter(failures)).await;
    }
}

/// A random delay between zero and the exponential bound: spreads a crowd of clients.
fn full_jitter(failures: u32) -> Duration {
    let bound = RECONNECT_BASE.saturating_mul(1 << failures.min(16)).min(RECONNECT_CAP);
    Duration::from_millis(rand::rng().random_range(0..=bound.as_millis() as u64))
}

/// The largest frame the helpdesk may send: a chat message of 64 KiB with its attachments and
/// suggestions fits many times; tungstenite's default (64 MiB) would let one frame take a phone's memory.
const MAX_FRAME_BYTES: usize = 1024 * 1024;

fn frame_limits() -> tungstenite::protocol::WebSocketConfig {
    tungstenite::protocol::WebSocketConfig::default()
        .max_message_size(Some(MAX_FRAME_BYTES))
        .max_frame_size(Some(MAX_FRAME_BYTES))
}

async fn connect(chat: &ChatCore) -> Result<Ws, ConnectError> {
    let token = chat.session.access_token().await.map_err(|e| ConnectError::Failed(e.to_string()))?;
    let mut url = chat.session.transport.url(paths::REALTIME);
    let secure = url.scheme() == "https";
    // http -> ws and https -> wss are allowed scheme changes for a parsed URL.
    let _ = url.set_scheme(if secure { "wss" } else { "ws" });
    let mut request = url.as_str().into_client_request().map_err(|e| ConnectError::Failed(e.to_string()))?;
    let bearer =
        format!("Bearer {token}").parse().map_err(|_| ConnectError::Failed("token is not a header value".into()))?;
    request.headers_mut().insert(header::AUTHORIZATION, bearer);
    if let Ok(client) = chat.config.client_id.parse() {
        request.headers_mut().insert(helpline_protocol::CLIENT_IDENTIFIER, client);
    }
    if let Ok(app) = chat.config.app_id.parse() {
        request.headers_mut().insert(helpline_protocol::APP_IDENTIFIER, app);
    }
    let connector = if secure {
        let tls = crate::tls::client_config().map_err(|e| ConnectError::Failed(e.to_string()))?;
        Some(Connector::Rustls(Arc::new(tls)))
    } else {
        None
    };
    let attempt = tokio_tungstenite::connect_async_tls_with_config(request, Some(frame_limits()), true, connector);
    match tokio::time::timeout(CONNECT_TIMEOUT, attempt).await {
        Ok(Ok((ws, _))) => Ok(ws),
        Ok(Err(tungstenite::Error::Http(response))) => match response.status().as_u16() {
            401 | 403 => Err(ConnectError::Unauthorized(token)),
            status @ 400..=499 => Err(ConnectError::Refused(status)),
            status => Err(ConnectError::Failed(format!("upgrade answered {status}"))),
        },
        Ok(Err(e)) => Err(ConnectError::Failed(e.to_string())),
        Err(_) => Err(ConnectError::Failed("connection timed out".into())),
    }
}

/// One connected session, until the link drops (`Err`) or the SDK stops (`Ok`).
async fn session(chat: &ChatCore, ws: Ws, outgoing: &mut Receiver<wire::ClientFrame>) -> Result<(), String> {
    let (mut sink, mut stream) = ws.split();
    // Typing and read frames queued while disconnected are stale; the state below is not.
    while outgoing.try_recv().is_ok() {}
    // The subscription is confirmed by the first frame of that conversation coming back (the
    // helpdesk replays, then always sends its state: queue, agent joined or ended).
    let mut awaiting: Option<i64> = None;
    let frames = resume_frames(chat).map_err(|e| e.to_string())?;
    for frame in &frames {
        if let wire::ClientFrame::Subscribe { conversation_id, .. } = frame {
            awaiting = Some(signed(*conversation_id));
        }
    }
    super::session_started(chat, awaiting);
    for frame in frames {
        sink.send(WsMessage::text(frame.to_text())).await.map_err(|e| e.to_string())?;
    }
    let result = run_session(chat, &mut sink, &mut stream, outgoing, awaiting).await;
    super::set_subscribed(chat, None);
    // What was sent on this link and not echoed goes over HTTP now.
    chat.state.acks.give_up_all();
    result
}

async fn run_session(
    chat: &ChatCore,
    sink: &mut futures_util::stream::SplitSink<Ws, WsMessage>,
    stream: &mut futures_util::stream::SplitStream<Ws>,
    outgoing: &mut Receiver<wire::ClientFrame>,
    mut awaiting: Option<i64>,
) -> Result<(), String> {
    let mut ping = tokio::time::interval_at(Instant::now() + PING_EVERY, PING_EVERY);
    let mut last_heard = Instant::now();
    loop {
        tokio::select! {
            incoming = stream.next() => match incoming {
                Some(Ok(WsMessage::Text(text))) => {
                    last_heard = Instant::now();
                    let conversation = handle(chat, &text);
                    if awaiting.is_some() && conversation == awaiting {
                        super::set_subscribed(chat, conversation);
                        awaiting = None;
                    }
                }
                Some(Ok(WsMessage::Close(_))) | None => return Err("closed by the helpdesk".into()),
                Some(Ok(_)) => last_heard = Instant::now(),
                Some(Err(e)) => return Err(e.to_string()),
            },
            frame = outgoing.recv() => match frame {
                Some(frame) => {
                    if let wire::ClientFrame::Subscribe { conversation_id, .. } = &frame {
                        awaiting = Some(signed(*conversation_id));
                    }
                    sink.send(WsMessage::text(frame.to_text())).await.map_err(|e| e.to_string())?
                }
                None => {
                    let _ = sink.close().await;
                    return Ok(());
                }
            },
            _ = ping.tick() => {
                if last_heard.elapsed() > PING_EVERY * 3 {
                    return Err("no answer to pings".into());
                }
                sink.send(WsMessage::text(wire::ClientFrame::Ping.to_text())).await.map_err(|e| e.to_string())?;
            }
        }
    }
}

/// On every (re)connect: subscribe from the last seq held (the helpdesk replays the rest),
/// and say again how far the user has read.
fn resume_frames(chat: &ChatCore) -> Result<Vec<wire::ClientFrame>> {
    chat.store.read(|c| {
        let Some((conversation_id, _)) = db::current_id(c)? else { return Ok(vec![]) };
        let after_seq = db::resume_seq(c, conversation_id)?;
        let mut frames = vec![wire::ClientFrame::Subscribe {
            conversation_id: unsigned(conversation_id),
            after_seq: unsigned(after_seq),
        }];
        let read = db::my_read_seq(c, conversation_id)?;
        if read > 0 {
            frames.push(wire::ClientFrame::Read { conversation_id: unsigned(conversation_id), seq: unsigned(read) });
        }
        Ok(frames)
    })
}

/// Applies one frame from the helpdesk; returns the conversation it belongs to. Frames of
/// unknown types (a newer helpdesk) and broken frames are logged and skipped: they never end
/// the session.
pub(crate) fn handle(chat: &ChatCore, text: &str) -> Option<i64> {
    match wire::ServerFrame::parse(text) {
        Ok(frame) => {
            let conversation = frame.conversation_id().map(signed);
            if let Err(e) = apply(chat, frame) {
                tracing::warn!("realtime frame not applied: {e}");
            }
            conversation
        }
        Err(FrameError::UnknownType(kind)) => {
            tracing::info!("ignoring a realtime frame of unknown type {kind:?}");
            None
        }
        Err(FrameError::Malformed(why)) => {
            tracing::warn!("ignoring a malformed realtime frame: {why}");
            None
        }
    }
}

fn apply(chat: &ChatCore, frame: wire::ServerFrame) -> Result<()> {
    let event = match frame {
        wire::ServerFrame::Message { message } => {
            let conversation_id = signed(message.conversation_id);
            // The echo of a message sent on the link: its outbox row is done in the same step.
            let awaited = message.client_id.as_deref().and_then(|id| chat.state.acks.outbox_id(id));
            let (changed, sent) = chat.store.write(|tx| {
                let changed = db::apply_message(tx, &message)?;
                Ok((changed, awaited.map(|id| outbox::complete_if_queued(tx, id)).transpose()?.flatten()))
            })?;
            if let Some(item) = sent {
                chat.events.emit(Event::OutboxChanged { item });
            }
            if let Some(client_id) = &message.client_id {
                chat.state.acks.echoed(client_id);
            }
            if !changed {
                return Ok(());
            }
            ChatEvent::MessagesChanged { conversation_id: Some(conversation_id) }
        }
        wire::ServerFrame::Typing { conversation_id, author, active } => {
            if author.kind == wire::AuthorType::User {
                return Ok(());
            }
            ChatEvent::Typing { conversation_id: signed(conversation_id), author: db::author(&author), active }
        }
        wire::ServerFrame::Read { conversation_id, author, seq } => {
            if author.kind == wire::AuthorType::User {
                return Ok(());
            }
            let (conversation_id, seq) = (signed(conversation_id), signed(seq));
            chat.store.write(|tx| db::set_agent_read_seq(tx, conversation_id, seq))?;
            ChatEvent::Read { conversation_id, seq }
        }
        wire::ServerFrame::AgentJoined { conversation_id, author } => {
            ChatEvent::AgentJoined { conversation_id: signed(conversation_id), agent: db::author(&author) }
        }
        wire::ServerFrame::AgentLeft { conversation_id, author } => {
            ChatEvent::AgentLeft { conversation_id: signed(conversation_id), agent: db::author(&author) }
        }
        wire::ServerFrame::Queue { conversation_id, position, wait_seconds } => ChatEvent::Queue {
            conversation_id: signed(conversation_id),
            position: signed(position),
            wait_seconds: signed(wait_seconds),
        },
        wire::ServerFrame::ConversationEnded { conversation_id } => {
            let conversation_id = signed(conversation_id);
            chat.store.write(|tx| db::end_conversation(tx, conversation_id))?;
            ChatEvent::Ended { conversation_id }
        }
        wire::ServerFrame::Error { code, message } => {
            tracing::warn!("realtime error from the helpdesk: {code}: {message}");
            // It may be about a message sent on the link: HTTP's answer will say which.
            chat.state.acks.give_up_all();
            return Ok(());
        }
        wire::ServerFrame::Pong => return Ok(()),
    };
    chat.events.emit(Event::Chat(event));
    Ok(())
}

impl From<ConnectError> for Error {
    fn from(e: ConnectError) -> Self {
        match e {
            ConnectError::Unauthorized(_) => Error::Unauthorized { reason: "realtime link refused the token".into() },
            ConnectError::Refused(status) => {
                Error::Server { status: i32::from(status), reason: "WebSocket upgrade refused".into() }
            }
            ConnectError::Failed(e) => Error::Offline { reason: e },
        }
    }
}
