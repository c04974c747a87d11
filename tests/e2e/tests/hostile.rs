//! A buggy or hostile helpdesk: answers of any size, waits of any length. The SDK stays within
//! its bounds and keeps the user's data. Its own test binary: the memory figures are this
//! process's alone.

use std::time::{Duration, Instant};

use helpline_core::{Error, TicketDraft};
use helpline_e2e::Harness;
use helpline_server::Fault;

/// This process's peak resident memory (Linux `VmHWM`), in bytes.
fn peak_memory() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_of_any_size_are_refused_past_the_cap_without_growing_memory() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let draft = TicketDraft { description: "Kept whatever happens".into(), ..Default::default() };
    let ticket = sdk.tickets().create(draft).await.unwrap();
    sdk.flush_outbox().await.unwrap();
    sdk.tickets().refresh().await.unwrap();
    let before = peak_memory();

    // 300 MB streamed without a size: read up to the cap, then refused.
    h.faults().push("/api/v2/requests.json", Fault::HugeBody { bytes: 300 << 20, announced: false });
    let err = sdk.tickets().refresh().await.unwrap_err();
    assert!(matches!(&err, Error::InvalidResponse { reason } if reason.contains("larger than")), "{err}");
    let grown = peak_memory().saturating_sub(before);
    assert!(grown < 40 << 20, "peak memory grew by {} MB for a 300 MB answer", grown >> 20);

    // 2 GB announced: refused before a byte of it is read.
    h.faults().push("/api/v2/requests.json", Fault::HugeBody { bytes: 2 << 30, announced: true });
    let started = Instant::now();
    let err = sdk.tickets().refresh().await.unwrap_err();
    assert!(matches!(&err, Error::InvalidResponse { .. }), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5), "an announced 2 GB answer was read");

    // The user's ticket is still there, and the next good answer is read as usual.
    let listed = sdk.tickets().refresh().await.unwrap();
    assert_eq!(listed.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), [ticket.id.as_str()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_after_of_years_is_clamped_to_an_hour() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    h.faults().push("/api/v2/requests.json", Fault::RateLimited { retry_after_secs: u64::MAX / 2 });
    match sdk.tickets().refresh().await {
        Err(Error::RateLimited { retry_after }) => assert_eq!(retry_after, Duration::from_secs(3600)),
        other => panic!("expected RateLimited, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_next_link_that_repeats_a_page_ends_the_walk_instead_of_looping() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let first = format!("{}/api/v2/requests.json?sort_by=updated_at&sort_order=desc&per_page=100", h.base_url());
    let looping = serde_json::json!({ "requests": [], "next_page": first }).to_string();
    h.faults().push("/api/v2/requests.json", Fault::Json(looping));
    let started = Instant::now();
    match sdk.tickets().refresh().await {
        Err(Error::InvalidResponse { reason }) => assert!(reason.contains("repeats"), "{reason}"),
        other => panic!("expected InvalidResponse, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(sdk.tickets().refresh().await.is_ok(), "the next walk starts afresh");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_are_followed_only_within_the_helpdesks_origin() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    sdk.tickets().refresh().await.unwrap();
    // Within the origin: followed.
    let same = format!("{}/api/v2/requests.json?per_page=100", h.base_url());
    h.faults().push("/api/v2/requests.json", Fault::Redirect(same));
    sdk.tickets().refresh().await.expect("a redirect within the helpdesk is followed");
    // Elsewhere (here, a port nobody listens on): refused, never contacted.
    h.faults().push("/api/v2/requests.json", Fault::Redirect("http://127.0.0.1:9/steal".into()));
    match sdk.tickets().refresh().await {
        Err(Error::InvalidResponse { reason }) => assert!(reason.contains("redirected"), "{reason}"),
        other => panic!("expected InvalidResponse, got {other:?}"),
    }
}

/// One record with a null where a string belongs, one with an id past 2^64, one of a wrong
/// type, among the helpdesk's good ones: each is set aside and counted, the user's tickets all
/// arrive, and none is removed from the device.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_record_is_set_aside_and_the_rest_of_the_page_arrives() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    for subject in ["First", "Second"] {
        let draft = TicketDraft { subject: subject.into(), description: "Details".into(), ..Default::default() };
        sdk.tickets().create(draft).await.unwrap();
    }
    sdk.flush_outbox().await.unwrap();
    assert_eq!(sdk.tickets().refresh().await.unwrap().len(), 2);

    let junk = vec![
        serde_json::json!({ "id": 77, "subject": null, "status": "open" }),
        serde_json::from_str(r#"{ "id": 18446744073709551616, "subject": "Too big an id" }"#).unwrap(),
        serde_json::json!("not a request at all"),
    ];
    h.faults().push("/api/v2/requests.json", Fault::AppendItems { field: "requests".into(), items: junk });
    let report = sdk.sync().await.expect("the page is read despite its broken records");
    assert_eq!(report.records_skipped, 3, "{report:?}");
    let subjects: Vec<String> = sdk.tickets().list().unwrap().into_iter().map(|t| t.subject).collect();
    assert_eq!(subjects.len(), 2, "nothing was removed or added: {subjects:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_article_is_set_aside_and_the_others_sync() {
    let h = Harness::start_with(|c| c.seed_demo = true).await;
    let sdk = h.sdk("Ana").await;
    let junk = vec![serde_json::json!({ "id": 5, "title": 42, "body": null })];
    h.faults().push(
        helpline_protocol::paths::INCREMENTAL_ARTICLES,
        Fault::AppendItems { field: "articles".into(), items: junk },
    );
    let report = sdk.help_center().sync().await.expect("the export is read despite its broken record");
    assert_eq!(report.records_skipped, 1, "{report:?}");
    assert!(report.articles_changed > 50, "{report:?}");
    assert!(!sdk.help_center().search_offline("password", 5).unwrap().is_empty());
}

/// Schedules are wall-clock (they survive restarts): a device clock set back a day must not
/// hold a queued write for that day.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_clock_moved_back_does_not_stall_the_outbox() {
    let mut h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    h.stop_server().await;
    let draft = TicketDraft { subject: "Written offline".into(), description: "Details".into(), ..Default::default() };
    sdk.tickets().create(draft).await.unwrap();
    sdk.flush_outbox().await.unwrap();
    // As if the clock had gone back a day after the retry was scheduled.
    let in_a_day = (std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64)
        + 24 * 3600 * 1000;
    rusqlite::Connection::open(sdk.database_path())
        .unwrap()
        .execute("UPDATE outbox SET not_before_ms = ?1", [in_a_day])
        .unwrap();
    h.restart_server().await;
    // Any new write wakes the background worker: the old one goes too, not a day later.
    let draft = TicketDraft { subject: "Written online".into(), description: "Details".into(), ..Default::default() };
    sdk.tickets().create(draft).await.unwrap();
    helpline_e2e::eventually("the outbox to drain", || sdk.outbox().map(|o| o.is_empty()).unwrap_or(false)).await;
    assert_eq!(h.agent_tickets().await.len(), 2);
}
