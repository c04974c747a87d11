//! Live-messaging benchmark on loopback: send -> confirmation round trip beside a raw
//! tokio-tungstenite echo, a burst of 1,000 messages, and 500 clients through a helpdesk
//! restart. Prints figures; asserts nothing about time.
//! Run: `cargo bench -p helpline-e2e --bench messaging`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use helpline_core::{ChatEvent, ConnectionState, DeliveryState, Event, Helpline, Identity};
use helpline_e2e::Harness;
use helpline_protocol as wire;
use tokio_tungstenite::tungstenite::{Message as WsMessage, client::IntoClientRequest};

/// `cargo bench` passes `--bench`; under `cargo test` the benchmark only smoke-runs small.
fn full() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

#[tokio::main]
async fn main() {
    let (round_trips, burst, clients) = if full() { (300, 1_000, 500) } else { (20, 50, 20) };
    let mut h = Harness::start().await;

    // 1. Send -> confirmed, through the SDK (outbox, HTTP, SQLite, events).
    let sdk = h.sdk("Bench").await;
    let chat = sdk.messaging();
    chat.start().await.unwrap();
    let mut events = sdk.subscribe();
    let mut sdk_times = Vec::with_capacity(round_trips);
    for i in 0..round_trips + 20 {
        let started = Instant::now();
        let sent = chat.send(&format!("round trip {i}")).await.unwrap();
        loop {
            match events.recv().await.unwrap() {
                Event::OutboxChanged { item }
                    if item.target_id == sent.local_id && item.state == DeliveryState::Sent =>
                {
                    break;
                }
                _ => {}
            }
        }
        if i >= 20 {
            sdk_times.push(started.elapsed());
        }
    }
    sdk_times.sort();

    // The same round trip with a bare tokio-tungstenite client: message frame -> echo.
    let raw_times = raw_echo(&h, round_trips).await;
    let (sdk_p50, sdk_p99) = (percentile(&sdk_times, 0.5), percentile(&sdk_times, 0.99));
    let (raw_p50, raw_p99) = (percentile(&raw_times, 0.5), percentile(&raw_times, 0.99));
    println!("send -> confirmed (SDK)         p50 {}  p99 {}", ms(sdk_p50), ms(sdk_p99));
    println!("raw tokio-tungstenite echo      p50 {}  p99 {}", ms(raw_p50), ms(raw_p99));
    println!(
        "SDK / raw ratio                 p50 {:.2}x  p99 {:.2}x",
        sdk_p50.as_secs_f64() / raw_p50.as_secs_f64(),
        sdk_p99.as_secs_f64() / raw_p99.as_secs_f64()
    );

    // 2. A burst: every message stored at once, then all acknowledged, in order.
    let started = Instant::now();
    for i in 0..burst {
        chat.send(&format!("burst {i:04}")).await.unwrap();
    }
    let stored = started.elapsed();
    while sdk.flush_outbox().await.unwrap() > 0 {}
    let acked = started.elapsed();
    let burst_msgs: Vec<_> = chat.messages().unwrap().into_iter().filter(|m| m.text.starts_with("burst")).collect();
    assert_eq!(burst_msgs.len(), burst);
    assert!(burst_msgs.iter().all(|m| m.delivery == DeliveryState::Sent));
    assert!(burst_msgs.windows(2).all(|w| w[0].text < w[1].text && w[0].seq < w[1].seq), "in order");
    println!(
        "burst of {burst}: stored in {}, all acknowledged in order in {} ({:.0} msg/s)",
        ms(stored),
        ms(acked),
        burst as f64 / acked.as_secs_f64()
    );
    drop(chat);
    drop(sdk);

    // 3. Many clients, one helpdesk restart.
    let mut sdks: Vec<Helpline> = Vec::new();
    for i in 0..clients {
        let sdk = Helpline::open(h.config(&format!("client-{i}"))).unwrap();
        sdk.set_identity(Identity::Anonymous { name: Some(format!("Client {i}")), email: None }).await.unwrap();
        sdks.push(sdk);
    }
    let reconnects = Arc::new(Mutex::new(Vec::new()));
    let mut watchers = Vec::new();
    for sdk in &sdks {
        sdk.messaging().start().await.unwrap();
        let mut events = sdk.subscribe();
        let reconnects = Arc::clone(&reconnects);
        watchers.push(tokio::spawn(async move {
            while let Ok(event) = events.recv().await {
                if let Event::Chat(ChatEvent::Connection { state: ConnectionState::Connected }) = event {
                    reconnects.lock().unwrap().push(Instant::now());
                }
            }
        }));
    }
    wait_until(|| sdks.iter().all(|s| s.messaging().connection_state() == ConnectionState::Connected)).await;
    reconnects.lock().unwrap().clear();

    let restart = Instant::now();
    h.restart_server().await;
    wait_until(|| reconnects.lock().unwrap().len() >= clients).await;
    let all_back = restart.elapsed();
    let times = reconnects.lock().unwrap().clone();
    let mut per_100ms = std::collections::HashMap::<u128, usize>::new();
    for t in &times {
        *per_100ms.entry(t.duration_since(restart).as_millis() / 100).or_default() += 1;
    }
    let peak = per_100ms.values().max().copied().unwrap_or(0);
    println!(
        "{clients} clients, helpdesk restarted: all reconnected in {}; peak {} reconnects/s (busiest 100 ms x 10)",
        ms(all_back),
        peak * 10
    );
    for w in watchers {
        w.abort();
    }
}

async fn wait_until(done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !done() {
        assert!(Instant::now() < deadline, "timed out");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Round trips of a bare WebSocket client: a `message` frame, until its echo comes back.
async fn raw_echo(h: &Harness, n: usize) -> Vec<Duration> {
    let http = reqwest::Client::new();
    let token = h.anonymous_token().await;
    let conversation: wire::ConversationEnvelope = http
        .post(format!("{}{}", h.base_url(), wire::paths::CONVERSATIONS))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "conversation": { "metadata": null } }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = conversation.conversation.id;
    let mut request = h.realtime_url().into_client_request().unwrap();
    request.headers_mut().insert("Authorization", format!("Bearer {token}").parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    ws.send(WsMessage::text(wire::ClientFrame::Subscribe { conversation_id: id, after_seq: u64::MAX / 2 }.to_text()))
        .await
        .unwrap();
    let mut times = Vec::with_capacity(n);
    for i in 0..n + 20 {
        let client_id = uuid::Uuid::new_v4().to_string();
        let frame =
            wire::ClientFrame::Message { conversation_id: id, client_id: client_id.clone(), text: format!("raw {i}") };
        let started = Instant::now();
        ws.send(WsMessage::text(frame.to_text())).await.unwrap();
        loop {
            let Some(Ok(WsMessage::Text(text))) = ws.next().await else { continue };
            if let Ok(wire::ServerFrame::Message { message }) = wire::ServerFrame::parse(&text)
                && message.client_id.as_deref() == Some(client_id.as_str())
            {
                break;
            }
        }
        if i >= 20 {
            times.push(started.elapsed());
        }
    }
    times.sort();
    times
}
