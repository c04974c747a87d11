//! What bounds the realtime WebSocket, over real connections: a client that stops reading is
//! dropped (sends time out), an idle one is closed, and a user's connections past the cap close
//! their oldest.

mod common;

use std::time::{Duration, Instant};

use common::{Harness, body, start_with};
use futures_util::{SinkExt, StreamExt};
use helpline_protocol::{ConversationEnvelope, paths};
use helpline_server::ServerConfig;
use serde_json::json;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as Ws;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Client = WebSocketStream<MaybeTlsStream<TcpStream>>;

const WAIT: Duration = Duration::from_secs(5);

async fn connect(h: &Harness, token: &str) -> Client {
    let mut req = format!("ws://{}{}", h.server.addr(), paths::REALTIME).into_client_request().unwrap();
    req.headers_mut().insert("Authorization", format!("Bearer {token}").parse().unwrap());
    tokio::time::timeout(WAIT, tokio_tungstenite::connect_async(req)).await.expect("in time").expect("upgraded").0
}

/// The next frame that is not a WebSocket ping or pong, within `WAIT`.
async fn next(ws: &mut Client) -> Option<Ws> {
    loop {
        match tokio::time::timeout(WAIT, ws.next()).await.expect("a frame in time") {
            Some(Ok(Ws::Ping(_) | Ws::Pong(_))) => continue,
            Some(Ok(frame)) => return Some(frame),
            Some(Err(_)) | None => return None,
        }
    }
}

/// The close code the server sent, once it closes.
async fn closed_with(ws: &mut Client) -> Option<CloseCode> {
    loop {
        match next(ws).await {
            Some(Ws::Close(frame)) => return frame.map(|f| f.code),
            Some(_) => continue,
            None => return None,
        }
    }
}

/// Sends `ping`, and reads up to its `pong`: the connection is alive.
async fn ping(ws: &mut Client) {
    ws.send(Ws::text(r#"{"type":"ping"}"#)).await.expect("ping sent");
    loop {
        match next(ws).await {
            Some(Ws::Text(text)) if text.contains("pong") => return,
            Some(Ws::Text(_)) => continue,
            other => panic!("no pong: {other:?}"),
        }
    }
}

async fn wait_for_connections(h: &Harness, count: usize) {
    let started = Instant::now();
    while h.server.realtime_connections() != count {
        assert!(started.elapsed() < WAIT, "{} connections, not {count}", h.server.realtime_connections());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_client_that_stops_reading_is_dropped() {
    let h = start_with(|c| ServerConfig { ws_send_timeout: Duration::from_millis(300), ..c }).await;
    let ana = h.anon("ana").await;
    let v = body(h.post(&ana, paths::CONVERSATIONS, json!({"conversation": {}})).await, 201).await;
    let conversation = serde_json::from_value::<ConversationEnvelope>(v).unwrap().conversation.id;
    let mut ws = connect(&h, &ana).await;
    ws.send(Ws::text(json!({"type": "subscribe", "conversation_id": conversation, "after_seq": 0}).to_string()))
        .await
        .unwrap();
    ping(&mut ws).await;

    // The client reads nothing more, but stays connected. Frames are published to it a few at
    // a time, so that the server's task moves them into the socket until its buffers are full
    // and a send blocks; then the hub's queue fills up and it stops queueing for it.
    let frame = format!(r#"{{"type":"news","padding":"{}"}}"#, "x".repeat(16 * 1024));
    let mut published = 0;
    'publish: loop {
        for _ in 0..8 {
            if h.server.inject_frame(conversation, &frame) == 0 {
                break 'publish;
            }
            published += 1;
        }
        assert!(published < 20_000, "the queue is bounded");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    // The task stuck sending to it gives up and drops the connection.
    wait_for_connections(&h, 0).await;
    drop(ws);
    h.server.stop().await;
}

#[tokio::test]
async fn an_idle_connection_is_closed_and_one_that_pings_stays() {
    let h = start_with(|c| ServerConfig { ws_idle_timeout: Duration::from_millis(500), ..c }).await;
    let ana = h.anon("ana").await;
    let (mut idle, mut pinging) = (connect(&h, &ana).await, connect(&h, &ana).await);
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(1_500) {
        ping(&mut pinging).await;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    assert_eq!(closed_with(&mut idle).await, Some(CloseCode::Normal));
    ping(&mut pinging).await;
    wait_for_connections(&h, 1).await;
    h.server.stop().await;
}

#[tokio::test]
async fn past_the_cap_of_a_user_the_oldest_connection_is_closed() {
    let h = start_with(|c| ServerConfig { ws_max_per_user: 2, ..c }).await;
    let (ana, bo) = (h.anon("ana").await, h.anon("bo").await);
    let mut first = connect(&h, &ana).await;
    let mut second = connect(&h, &ana).await;
    let mut bos = connect(&h, &bo).await;
    ping(&mut first).await;
    wait_for_connections(&h, 3).await;

    let mut third = connect(&h, &ana).await;
    assert_eq!(closed_with(&mut first).await, Some(CloseCode::Policy));
    for ws in [&mut second, &mut third, &mut bos] {
        ping(ws).await;
    }
    wait_for_connections(&h, 3).await;
    h.server.stop().await;
}
