//! Screen-state benchmark on loopback: from an agent's message to the chat screen's new state
//! in a listener, with a short timeline and with one of 1,000 messages. Prints figures;
//! asserts nothing about time. (`cargo xtask bench-kotlin` measures the same into a Kotlin
//! collector.) Run: `cargo bench -p helpline-e2e --bench screens`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use helpline_core::{ChatState, TimelineItem};
use helpline_e2e::Harness;
use tokio::sync::watch;

/// `cargo bench` passes `--bench`; under `cargo test` the benchmark only smoke-runs small.
fn full() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn has(state: &ChatState, text: &str) -> bool {
    state.timeline.iter().rev().any(|i| matches!(i, TimelineItem::Message { message, .. } if message.text == text))
}

#[tokio::main]
async fn main() {
    let (runs, fill) = if full() { (200, 1_000) } else { (10, 60) };
    let h = Harness::start().await;
    let sdk = h.sdk("Bench").await;
    let screen = sdk.chat_screen(0).unwrap();
    let (tx, mut states) = watch::channel(screen.state());
    let _subscription = screen.subscribe(Arc::new(move |s: ChatState| {
        tx.send_replace(s);
    }));
    let conversation = screen.start().await.unwrap().id;
    let mut said = 0;
    let mut round_trip = async || {
        let text = format!("agent message {said}");
        said += 1;
        let started = Instant::now();
        h.agent_say(conversation, &text).await;
        while !has(&states.borrow_and_update(), &text) {
            states.changed().await.unwrap();
        }
        started.elapsed()
    };
    for _ in 0..10 {
        round_trip().await;
    }
    let mut short: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs {
        short.push(round_trip().await);
    }
    let items_short = screen.state().timeline.len();
    for _ in short.len() + 10..fill {
        round_trip().await;
    }
    let mut long: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs {
        long.push(round_trip().await);
    }
    let items_long = screen.state().timeline.len();
    short.sort();
    long.sort();
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1e3);
    println!("chat screen: agent message (HTTP to the helpdesk) -> WebSocket -> SQLite -> state in a listener");
    for (what, times, items) in [("short timeline", &short, items_short), ("long timeline", &long, items_long)] {
        println!(
            "  {what:<15} (~{items} items at the end): p50 {}, p99 {} ({} runs)",
            ms(percentile(times, 0.5)),
            ms(percentile(times, 0.99)),
            times.len()
        );
    }
}
