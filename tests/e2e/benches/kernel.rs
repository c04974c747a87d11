//! What an app's main thread sees of the kernel, with 1,000 tickets and 10,000 help-center
//! articles cached: the time from `open` to the first cached list, and the synchronous reads a
//! screen makes (ticket list, unread counts, chat messages) while a full help-center sync
//! writes in the background. Prints figures; asserts nothing about time.
//! Run: `cargo bench -p helpline-e2e --bench kernel`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use helpline_core::{Helpline, TicketDraft};
use helpline_e2e::Harness;

/// `cargo bench` passes `--bench`; under `cargo test` it only smoke-runs at a small size.
fn sizes() -> (usize, usize) {
    if std::env::args().any(|a| a == "--bench") { (1_000, 10_000) } else { (20, 200) }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{what:<44} n {:>6}  p50 {}  p99 {}  max {}",
        samples.len(),
        ms(percentile(&samples, 0.5)),
        ms(percentile(&samples, 0.99)),
        ms(*samples.last().unwrap())
    );
}

/// The three reads a support screen makes on the main thread, timed one by one.
fn screen_reads(sdk: &Helpline, into: &mut [Vec<Duration>; 3]) {
    let tickets = sdk.tickets();
    let chat = sdk.messaging();
    let timed = |f: &dyn Fn()| {
        let started = Instant::now();
        f();
        started.elapsed()
    };
    into[0].push(timed(&|| assert!(!tickets.list().unwrap().is_empty())));
    into[1].push(timed(&|| {
        tickets.unread_count().unwrap();
        chat.unread_count().unwrap();
    }));
    into[2].push(timed(&|| assert!(!chat.messages().unwrap().is_empty())));
}

/// Asks the kernel to forget the file's cached pages (root only); says whether it could.
fn drop_page_cache() -> bool {
    std::process::Command::new("sync").status().is_ok_and(|s| s.success())
        && std::fs::write("/proc/sys/vm/drop_caches", "1").is_ok()
}

#[tokio::main]
async fn main() {
    let (ticket_count, article_count) = sizes();
    let h = Harness::start_with(|c| c.generated_articles = article_count).await;
    let sdk = Arc::new(h.sdk("Bench").await);

    for i in 0..ticket_count {
        let draft = TicketDraft {
            subject: format!("Ticket {i}: the app crashes when I open my orders"),
            description: format!("Steps: open the app, tap Orders, wait. Device #{i}."),
            ..Default::default()
        };
        sdk.tickets().create(draft).await.unwrap();
    }
    while sdk.flush_outbox().await.unwrap() > 0 {}
    let chat = sdk.messaging();
    chat.start().await.unwrap();
    for i in 0..20 {
        chat.send(&format!("message {i}")).await.unwrap();
    }
    sdk.flush_outbox().await.unwrap();
    println!(
        "cached: {} tickets, {} chat messages",
        sdk.tickets().list().unwrap().len(),
        chat.messages().unwrap().len()
    );

    // 1. The screen's reads while nothing else runs.
    let mut idle: [Vec<Duration>; 3] = Default::default();
    for _ in 0..200 {
        screen_reads(&sdk, &mut idle);
    }

    // 2. The same reads, from a "main thread", while the first full help-center sync writes.
    let syncing = Arc::new(AtomicBool::new(true));
    let reader = {
        let (sdk, syncing) = (Arc::clone(&sdk), Arc::clone(&syncing));
        std::thread::spawn(move || {
            let mut during: [Vec<Duration>; 3] = Default::default();
            while syncing.load(Ordering::SeqCst) {
                screen_reads(&sdk, &mut during);
                std::thread::sleep(Duration::from_millis(2));
            }
            during
        })
    };
    let started = Instant::now();
    let synced = sdk.help_center().sync().await.unwrap();
    let sync_time = started.elapsed();
    syncing.store(false, Ordering::SeqCst);
    let during = reader.join().unwrap();
    println!("full help-center sync: {} articles in {:.2} s", synced.articles_changed, sync_time.as_secs_f64());
    let [list, unread, messages] = idle;
    report("idle: tickets.list (all cached)", list);
    report("idle: unread counts (tickets + chat)", unread);
    report("idle: chat.messages", messages);
    let [list, unread, messages] = during;
    report("during sync: tickets.list (all cached)", list);
    report("during sync: unread counts (tickets + chat)", unread);
    report("during sync: chat.messages", messages);

    // 3. `open` to the first cached list, with everything cached (the file's size says how much).
    let path = sdk.database_path();
    let config = sdk.config().clone();
    drop(chat);
    drop(Arc::into_inner(sdk).expect("the reader thread is done"));
    let size_mb = std::fs::metadata(&path).map(|m| m.len() as f64 / 1e6).unwrap_or_default();
    let open_and_list = || {
        let started = Instant::now();
        let sdk = Helpline::open(config.clone()).unwrap();
        let listed = sdk.tickets().list().unwrap().len();
        let took = started.elapsed();
        assert_eq!(listed, ticket_count);
        took
    };
    let warm: Vec<Duration> = (0..30).map(|_| open_and_list()).collect();
    report(&format!("open -> first list, warm ({size_mb:.1} MB file)"), warm);
    let mut cold = Vec::new();
    for _ in 0..10 {
        if !drop_page_cache() {
            break;
        }
        cold.push(open_and_list());
    }
    if cold.is_empty() {
        println!("open -> first list, cold: not measured (the page cache cannot be dropped here)");
    } else {
        report("open -> first list, page cache dropped", cold);
    }
}
