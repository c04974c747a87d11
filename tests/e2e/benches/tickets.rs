//! Tickets benchmark, 1,000 tickets against the reference server on loopback.
//! Prints figures; asserts nothing about time. Run: `cargo bench -p helpline-e2e --bench tickets`.

use std::time::{Duration, Instant};

use helpline_core::{Helpline, TicketDraft};
use helpline_e2e::Harness;

/// `cargo bench` passes `--bench`; under `cargo test` the benchmark only smoke-runs at a small size.
fn ticket_count() -> usize {
    if std::env::args().any(|a| a == "--bench") { 1_000 } else { 20 }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

#[tokio::main]
async fn main() {
    let count = ticket_count();
    let h = Harness::start().await;
    let sdk = h.sdk("Bench").await;

    // 1. create returns once the ticket and its outbox row are durable (WAL commit).
    let mut creates = Vec::with_capacity(count);
    for i in 0..count {
        let draft = TicketDraft {
            subject: format!("Ticket {i}: the app crashes when I open my orders"),
            description: format!("Steps: open the app, tap Orders, wait. Device #{i}. ").repeat(4),
            tags: vec!["mobile".into(), "bench".into()],
            ..Default::default()
        };
        let started = Instant::now();
        sdk.tickets().create(draft).await.unwrap();
        creates.push(started.elapsed());
    }
    creates.sort();
    println!(
        "create (durable, returns)    p50 {}  p95 {}  max {}",
        ms(percentile(&creates, 0.5)),
        ms(percentile(&creates, 0.95)),
        ms(*creates.last().unwrap())
    );

    let started = Instant::now();
    // A transient failure (a loaded machine's timeout) keeps writes pending: flush again.
    let mut pending = sdk.flush_outbox().await.unwrap();
    for _ in 0..5 {
        if pending == 0 {
            break;
        }
        pending = sdk.flush_outbox().await.unwrap();
    }
    assert_eq!(pending, 0, "{:?}", sdk.outbox().unwrap().first());
    println!(
        "outbox drain of {count} creates  {} ({:.0} tickets/s)",
        ms(started.elapsed()),
        count as f64 / started.elapsed().as_secs_f64()
    );

    // 2. listing the cached tickets.
    let mut lists = Vec::new();
    for _ in 0..50 {
        let started = Instant::now();
        let tickets = sdk.tickets().list().unwrap();
        lists.push(started.elapsed());
        assert_eq!(tickets.len(), count);
    }
    lists.sort();
    println!(
        "list {count} cached tickets     p50 {}  p95 {}",
        ms(percentile(&lists, 0.5)),
        ms(percentile(&lists, 0.95))
    );

    // 3. cold open with the cache: drop, then open and read the list.
    let config = h.config("Bench");
    drop(sdk);
    let mut opens = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let sdk = Helpline::open(config.clone()).unwrap();
        let n = sdk.tickets().list().unwrap().len();
        opens.push(started.elapsed());
        assert_eq!(n, count);
    }
    opens.sort();
    println!("cold open + first list        p50 {}  p95 {}", ms(percentile(&opens, 0.5)), ms(percentile(&opens, 0.95)));

    // 4. full sync into an empty cache, same user (same install id), over loopback.
    let fresh = h.data_dir("Bench-fresh");
    std::fs::create_dir_all(&fresh).unwrap();
    // The identity, and the secrets that make it the same user (the install id).
    for file in ["identity.json", "secrets.json"] {
        std::fs::copy(h.data_dir("Bench").join(file), fresh.join(file)).unwrap();
    }
    let mut fresh_config = config.clone();
    fresh_config.data_dir = fresh;
    let sdk = Helpline::open(fresh_config).unwrap();
    let started = Instant::now();
    let report = sdk.sync().await.unwrap();
    let full = started.elapsed();
    assert_eq!(sdk.tickets().list().unwrap().len(), count);
    println!("full sync of {count} tickets + comments  {} (changed {})", ms(full), report.tickets_changed);

    let started = Instant::now();
    sdk.sync().await.unwrap();
    println!("sync with nothing changed     {}", ms(started.elapsed()));
}
