//! The realtime WebSocket (Helpline): the Bearer token at the upgrade, ping and pong, the
//! replay after a subscribe, the echo that acknowledges a message, refusals as error frames.

use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use helpline_protocol::{ClientFrame, ConversationEnvelope, FrameError, ServerFrame, paths};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::{self, Message, client::IntoClientRequest};
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};

use super::messaging::start;
use super::{Ctx, User};
use crate::client::ensure;
use crate::report::{Failure, Group, Origin};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How long a frame the contract promises may take to come.
const FRAME_WAIT: Duration = Duration::from_secs(5);

pub(crate) async fn run(ctx: &Ctx<'_>) -> Group {
    let mut group = Group::new("realtime", Origin::Helpline);
    let Some((ana, bob)) = ctx.users_or_skip(&mut group) else { return group };
    let mut ws = match connect(ctx, Some(&ana.token)).await {
        Ok(ws) => ws,
        Err(Refused(404, _)) => {
            group.absent = Some(format!("GET {} answered 404 (the SDK polls over REST instead)", paths::REALTIME));
            return group;
        }
        Err(Refused(_, why)) => {
            group.record("the upgrade with a user's token answers 101", Err(Failure::new("HTTP 101", why)));
            return group;
        }
    };
    group.record("the upgrade with a user's token answers 101", Ok(()));
    let anonymous = connect(ctx, None).await;
    group.record(
        "the upgrade without a token answers 401",
        match anonymous {
            Err(Refused(401, _)) => Ok(()),
            Err(Refused(_, why)) => Err(Failure::new("HTTP 401", why)),
            Ok(_) => Err(Failure::new("HTTP 401", "HTTP 101: upgraded")),
        },
    );
    group.record("ping answers pong", exchange(&mut ws, &ClientFrame::Ping, |f| *f == ServerFrame::Pong).await);
    let conversation = match start(ctx, ana)
        .await
        .expect_any(&[200, 201])
        .and_then(|a| a.decode::<ConversationEnvelope>("ConversationEnvelope"))
    {
        Ok(envelope) => envelope.conversation.id,
        Err(_) => {
            group.skip("the conversation checks", "needs a conversation, and REST gave none");
            return group;
        }
    };
    let subscribe = ClientFrame::Subscribe { conversation_id: conversation, after_seq: 0 };
    group.record(
        "subscribe replays the conversation, then its state",
        exchange(&mut ws, &subscribe, |f| f.conversation_id() == Some(conversation)).await,
    );
    let client_id = uuid::Uuid::new_v4().to_string();
    let message = ClientFrame::Message {
        conversation_id: conversation,
        client_id: client_id.clone(),
        text: "Over the socket.".into(),
    };
    group.record(
        "a message frame is acknowledged by its echo, same client id",
        exchange(&mut ws, &message, |f| {
            matches!(f, ServerFrame::Message { message } if message.client_id.as_deref() == Some(client_id.as_str()))
        })
        .await,
    );
    let unknown = r#"{"type": "conformance_probe"}"#;
    let survived = async {
        send_text(&mut ws, unknown).await?;
        exchange(&mut ws, &ClientFrame::Ping, |f| *f == ServerFrame::Pong).await
    };
    group.record("an unknown frame type leaves the connection up", survived.await);
    group.record(
        "subscribing to another user's conversation answers an error frame",
        foreign(ctx, bob, conversation).await,
    );
    group
}

struct Refused(u16, String);

async fn connect(ctx: &Ctx<'_>, token: Option<&str>) -> Result<Ws, Refused> {
    let mut url = ctx.client.url(paths::REALTIME);
    let secure = url.scheme() == "https";
    let _ = url.set_scheme(if secure { "wss" } else { "ws" });
    let mut request = url.as_str().into_client_request().map_err(|e| Refused(0, e.to_string()))?;
    if let Some(token) = token
        && let Ok(value) = format!("Bearer {token}").parse()
    {
        request.headers_mut().insert("authorization", value);
    }
    if let Ok(app) = ctx.options.app_id.parse() {
        request.headers_mut().insert("app-identifier", app);
    }
    let connector = secure.then(|| Connector::Rustls(Arc::clone(&ctx.client.tls)));
    let attempt = tokio_tungstenite::connect_async_tls_with_config(request, None, false, connector);
    match tokio::time::timeout(FRAME_WAIT, attempt).await {
        Ok(Ok((ws, _))) => Ok(ws),
        Ok(Err(tungstenite::Error::Http(response))) => {
            let status = response.status().as_u16();
            Err(Refused(status, format!("HTTP {status}")))
        }
        Ok(Err(e)) => Err(Refused(0, format!("no upgrade: {e}"))),
        Err(_) => Err(Refused(0, "no answer to the upgrade".into())),
    }
}

async fn send_text(ws: &mut Ws, text: &str) -> Result<(), Failure> {
    ws.send(Message::Text(text.into())).await.map_err(|e| Failure::new("the frame sent", e.to_string()))
}

/// Sends `frame`, then reads frames until one satisfies `wanted`.
async fn exchange(
    ws: &mut Ws,
    frame: &ClientFrame,
    mut wanted: impl FnMut(&ServerFrame) -> bool,
) -> Result<(), Failure> {
    send_text(ws, &frame.to_text()).await?;
    let expected = format!("after {}: the frame the contract answers", frame.kind());
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + FRAME_WAIT;
    loop {
        let next = tokio::time::timeout_at(deadline, ws.next()).await;
        let text = match next {
            Err(_) => return Err(Failure::new(expected, format!("within {FRAME_WAIT:?}, only {seen:?}"))),
            Ok(None) | Ok(Some(Err(_))) => {
                return Err(Failure::new(expected, format!("the connection closed after {seen:?}")));
            }
            Ok(Some(Ok(Message::Text(text)))) => text,
            Ok(Some(Ok(Message::Close(close)))) => return Err(Failure::new(expected, format!("closed: {close:?}"))),
            Ok(Some(Ok(_))) => continue,
        };
        match ServerFrame::parse(text.as_str()) {
            Ok(frame) if wanted(&frame) => return Ok(()),
            Ok(frame) => seen.push(frame.kind().to_owned()),
            Err(FrameError::UnknownType(kind)) => seen.push(kind),
            Err(FrameError::Malformed(why)) => {
                return Err(Failure::new("frames as in the contract", format!("a malformed frame ({why}): {text}")));
            }
        }
    }
}

/// Another user subscribes to the conversation: an error frame, and none of its messages.
async fn foreign(ctx: &Ctx<'_>, other: &User, conversation: u64) -> Result<(), Failure> {
    let mut ws = connect(ctx, Some(&other.token)).await.map_err(|Refused(_, why)| Failure::new("HTTP 101", why))?;
    let subscribe = ClientFrame::Subscribe { conversation_id: conversation, after_seq: 0 };
    let mut leaked = false;
    let result = exchange(&mut ws, &subscribe, |f| {
        leaked |= matches!(f, ServerFrame::Message { .. });
        matches!(f, ServerFrame::Error { .. })
    })
    .await;
    ensure(!leaked, "none of its messages", "a message of the conversation")?;
    result
}
