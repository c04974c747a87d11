//! Failures: offline, app killed, rate limits, server errors, malformed answers, a corrupt
//! database. The user's writes are never lost and never sent twice.

use std::time::{Duration, Instant};

use helpline_core::{Config, DeliveryState, Error, Helpline, Identity, TicketDraft};
use helpline_e2e::Harness;
use helpline_server::Fault;

fn draft(subject: &str) -> TicketDraft {
    TicketDraft { subject: subject.into(), description: format!("{subject}: details"), ..Default::default() }
}

#[tokio::test]
async fn offline_writes_wait_and_are_sent_in_order_when_back() {
    let mut h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let ticket = sdk.tickets().create(draft("Before")).await.unwrap();
    sdk.flush_outbox().await.unwrap();

    h.stop_server().await;
    let c1 = sdk.tickets().add_comment(&ticket.id, "first while offline").await.unwrap();
    let c2 = sdk.tickets().add_comment(&ticket.id, "second while offline").await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 2, "both stay pending");
    let outbox = sdk.outbox().unwrap();
    assert_eq!(outbox.len(), 2);
    assert!(outbox.iter().all(|i| i.state == DeliveryState::Pending));
    assert!(outbox[0].last_error.as_deref().unwrap_or("").contains("offline"), "{:?}", outbox[0]);
    assert!(matches!(sdk.tickets().refresh().await, Err(Error::Offline { .. })));
    assert_eq!(sdk.tickets().list().unwrap().len(), 1, "the cache still answers");

    h.restart_server().await;
    let report = sdk.sync().await.unwrap();
    assert_eq!(report.outbox_pending, 0);
    let detail = sdk.tickets().get(&ticket.id).unwrap();
    let bodies: Vec<_> = detail.comments.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(bodies, vec!["Before: details", "first while offline", "second while offline"]);
    assert!(detail.comments.iter().all(|c| c.delivery == DeliveryState::Sent));
    let _ = (c1, c2);
}

#[tokio::test]
async fn the_outbox_survives_an_app_kill_and_sends_exactly_once() {
    let mut h = Harness::start().await;
    h.stop_server().await;
    let ticket_id = {
        let sdk = h.sdk("Ana").await;
        let ticket = sdk.tickets().create(draft("Written offline")).await.unwrap();
        sdk.tickets().add_comment(&ticket.id, "and a comment").await.unwrap();
        ticket.id
        // Dropped here with both writes pending: the app is killed.
    };

    h.restart_server().await;
    let sdk = h.sdk("Ana").await;
    assert_eq!(sdk.outbox().unwrap().len(), 2, "still queued after the restart");
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let detail = sdk.tickets().refresh_ticket(&ticket_id).await.unwrap();
    assert_eq!(detail.comments.len(), 2);
    let tickets = h.agent_tickets().await;
    assert_eq!(tickets.len(), 1, "the helpdesk sees one ticket");
    assert_eq!(h.faults().served("/api/v2/requests.json"), 1, "one create reached the helpdesk");
}

#[tokio::test]
async fn a_lost_answer_is_replayed_with_the_same_key_and_creates_nothing_twice() {
    let h = Harness::start().await;
    let mut config = h.config("Ana");
    config.request_timeout = Duration::from_millis(300);
    let sdk = Helpline::open(config).unwrap();
    sdk.set_identity(Identity::Anonymous { name: None, email: None }).await.unwrap();
    sdk.tickets().refresh().await.unwrap(); // signed in, so only the create is slowed

    // The helpdesk processes the create but answers too late, twice: the client gives up.
    h.faults().push("/api/v2/requests.json", Fault::Delay(Duration::from_millis(600)));
    h.faults().push("/api/v2/requests.json", Fault::Delay(Duration::from_millis(600)));
    h.faults().push("/api/v2/requests.json", Fault::Delay(Duration::from_millis(600)));
    let reached_before = h.faults().served("/api/v2/requests.json");
    let ticket = sdk.tickets().create(draft("Slow")).await.unwrap();
    // Whichever drain meets the slow answers (the background worker's, woken by the create, or
    // a flush), the client gives up on them and sends the same write again, with the same key.
    let mut pending = sdk.flush_outbox().await.unwrap();
    for _ in 0..10 {
        if pending == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(700)).await;
        pending = sdk.flush_outbox().await.unwrap();
    }
    assert_eq!(pending, 0);
    assert_eq!(sdk.tickets().get(&ticket.id).unwrap().ticket.delivery, DeliveryState::Sent);
    assert_eq!(h.faults().queued(), 0, "all three slow answers were met, and given up on");
    let reached = h.faults().served("/api/v2/requests.json") - reached_before;
    assert_eq!(reached, 1, "the create ran once; the sends after it were replays");
    assert_eq!(h.agent_tickets().await.len(), 1, "replays answered with the first result");
}

#[tokio::test]
async fn rate_limits_are_waited_out_as_retry_after_says() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    sdk.tickets().refresh().await.unwrap();
    h.faults().push("/api/v2/requests.json", Fault::RateLimited { retry_after_secs: 1 });
    let started = Instant::now();
    sdk.tickets().refresh().await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "retried before Retry-After");

    // A long Retry-After is not waited out inline: the caller is told, the write waits.
    h.faults().push("/api/v2/requests.json", Fault::RateLimited { retry_after_secs: 120 });
    assert!(
        matches!(sdk.tickets().refresh().await, Err(Error::RateLimited { retry_after }) if retry_after == Duration::from_secs(120))
    );
}

#[tokio::test]
async fn the_servers_own_rate_limit_answers_429_and_the_sdk_recovers() {
    let h = Harness::start_with(|c| {
        c.rate_limit = Some(helpline_server::RateLimit { max_requests: 3, per: Duration::from_secs(1) })
    })
    .await;
    let sdk = h.sdk("Ana").await;
    for _ in 0..5 {
        sdk.tickets().refresh().await.expect("429s are waited out");
    }
}

#[tokio::test]
async fn a_500_is_retried_and_a_422_is_not() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    sdk.tickets().refresh().await.unwrap();
    let served_before = h.faults().served("/api/v2/requests.json");
    h.faults().push("/api/v2/requests.json", Fault::Status(500));
    sdk.tickets().refresh().await.expect("the retry succeeds");
    assert_eq!(h.faults().served("/api/v2/requests.json"), served_before + 1, "one retry reached the handler");

    h.faults().push("/api/v2/requests.json", Fault::Status(422));
    h.faults().push("/api/v2/requests.json", Fault::Status(422));
    let ticket = sdk.tickets().create(draft("Refused")).await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let item = &sdk.outbox().unwrap()[0];
    assert!(matches!(item.state, DeliveryState::Failed { .. }), "{item:?}");
    assert_eq!(item.attempts, 1, "a 422 is final");
    assert!(matches!(sdk.tickets().get(&ticket.id).unwrap().ticket.delivery, DeliveryState::Failed { .. }));

    // The app retries: the second 422 was still queued, so one more try fails, then one succeeds.
    sdk.retry(item.id).await.unwrap();
    sdk.flush_outbox().await.unwrap();
    assert!(matches!(sdk.outbox().unwrap()[0].state, DeliveryState::Failed { .. }));
    sdk.retry(item.id).await.unwrap();
    sdk.flush_outbox().await.unwrap();
    assert!(sdk.outbox().unwrap().is_empty());
    assert_eq!(sdk.tickets().get(&ticket.id).unwrap().ticket.delivery, DeliveryState::Sent);
    assert_eq!(h.agent_tickets().await.len(), 1);
}

#[tokio::test]
async fn malformed_json_is_a_typed_error_and_loses_nothing() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    sdk.tickets().create(draft("Kept")).await.unwrap();
    sdk.flush_outbox().await.unwrap();

    h.faults().push("/api/v2/requests.json", Fault::MalformedJson);
    assert!(matches!(sdk.tickets().refresh().await, Err(Error::InvalidResponse { .. })));
    assert_eq!(sdk.tickets().list().unwrap().len(), 1, "the cache is untouched");

    // A malformed answer to a write: it stays pending and the replay lands it once. The
    // background worker or the flush, whichever sends first, meets the malformed answer.
    h.faults().push("/api/v2/requests.json", Fault::MalformedJson);
    let ticket = sdk.tickets().create(draft("Second")).await.unwrap();
    helpline_e2e::eventually("the malformed answer met and the write kept pending", || {
        let outbox = sdk.outbox().unwrap();
        outbox.len() == 1 && outbox[0].last_error.as_deref().is_some_and(|e| e.contains("unexpected answer"))
    })
    .await;
    assert_eq!(sdk.outbox().unwrap()[0].state, DeliveryState::Pending);
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert_eq!(sdk.tickets().get(&ticket.id).unwrap().ticket.delivery, DeliveryState::Sent);
    assert_eq!(h.agent_tickets().await.len(), 2);
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    sdk.tickets().refresh().await.unwrap();
    h.faults().push("/api/v2/requests.json", Fault::Drop);
    sdk.tickets().create(draft("Through a flaky network")).await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert_eq!(h.agent_tickets().await.len(), 1);
}

#[tokio::test]
async fn a_revoked_token_is_renewed_once() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    sdk.tickets().refresh().await.unwrap();
    h.faults().push("/api/v2/requests.json", Fault::Status(401));
    sdk.tickets().refresh().await.expect("signed in again, then retried");
    assert_eq!(h.faults().served("/access/sdk/anonymous"), 2);

    h.faults().push("/api/v2/requests.json", Fault::Status(401));
    h.faults().push("/api/v2/requests.json", Fault::Status(401));
    assert!(matches!(sdk.tickets().refresh().await, Err(Error::Unauthorized { .. })), "only one renewal per call");
}

#[tokio::test]
async fn a_corrupt_database_is_moved_aside_and_rebuilt_from_the_helpdesk() {
    let h = Harness::start().await;
    let db_path = {
        let sdk = h.sdk("Ana").await;
        sdk.tickets().create(draft("Survives")).await.unwrap();
        sdk.flush_outbox().await.unwrap();
        sdk.database_path()
    };
    std::fs::write(&db_path, b"this is not a database at all, just garbage bytes........").unwrap();
    let _ = std::fs::remove_file(format!("{}-wal", db_path.display()));

    let sdk = Helpline::open(h.config("Ana")).expect("opens anyway");
    assert!(sdk.was_recovered());
    assert!(sdk.tickets().list().unwrap().is_empty());
    let aside = std::fs::read_dir(db_path.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains("corrupt"));
    assert!(aside, "the unreadable file is kept for diagnosis");

    // The install id survived in its own file: the same user, whose tickets come back.
    let tickets = sdk.tickets().refresh().await.unwrap();
    assert_eq!(tickets.iter().map(|t| t.subject.as_str()).collect::<Vec<_>>(), vec!["Survives"]);
}

#[tokio::test]
async fn opening_never_waits_on_the_network_and_serves_the_cache() {
    let mut h = Harness::start().await;
    {
        let sdk = h.sdk("Ana").await;
        sdk.tickets().create(draft("Cached")).await.unwrap();
        sdk.flush_outbox().await.unwrap();
    }
    h.stop_server().await;
    let sdk = Helpline::open(h.config("Ana")).unwrap();
    assert_eq!(sdk.tickets().list().unwrap()[0].subject, "Cached");
    assert_eq!(sdk.identity().map(|i| matches!(i, Identity::Anonymous { .. })), Some(true));
}

#[tokio::test]
async fn plain_http_is_refused_except_on_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::new("http://help.example.com", "app", "client", dir.path());
    assert!(matches!(Helpline::open(config), Err(Error::Validation { field, .. }) if field == "base_url"));
}

#[tokio::test]
async fn an_app_id_that_cannot_go_in_a_header_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::new("http://127.0.0.1:9", "shop\napp", "client", dir.path());
    assert!(matches!(Helpline::open(config), Err(Error::Validation { field, .. }) if field == "app_id"));
}

#[tokio::test]
async fn a_failed_write_can_be_discarded_with_what_it_left_on_the_device() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    h.faults().push("/api/v2/requests.json", helpline_server::Fault::Status(422));
    let ticket = sdk
        .tickets()
        .create(helpline_core::TicketDraft { description: "Refused by the helpdesk".into(), ..Default::default() })
        .await
        .unwrap();
    let comment = sdk.tickets().add_comment(&ticket.id, "queued on a ticket that will fail").await.unwrap();
    sdk.flush_outbox().await.unwrap();
    let outbox = sdk.outbox().unwrap();
    let failed = outbox.iter().find(|i| i.target_id == ticket.id).expect("the create is in the outbox");
    assert!(matches!(failed.state, helpline_core::DeliveryState::Failed { .. }), "{outbox:?}");

    assert!(outbox.iter().any(|i| i.target_id == comment.id), "the comment waits behind its ticket");
    sdk.discard(failed.id).await.unwrap();
    assert!(sdk.outbox().unwrap().is_empty(), "the create and the writes queued on its ticket are gone");
    assert!(sdk.tickets().list().unwrap().is_empty(), "so is the ticket that never reached the helpdesk");
    assert!(matches!(sdk.discard(failed.id).await, Err(helpline_core::Error::NotFound { .. })));
    assert_eq!(h.agent_tickets().await.len(), 0);

    // A pending write is on its way: it cannot be discarded.
    let mut h = h;
    h.stop_server().await;
    sdk.tickets()
        .create(helpline_core::TicketDraft { description: "offline".into(), ..Default::default() })
        .await
        .unwrap();
    let pending = sdk.outbox().unwrap()[0].clone();
    assert!(
        matches!(sdk.discard(pending.id).await, Err(helpline_core::Error::Validation { ref field, .. }) if field == "item")
    );
}
