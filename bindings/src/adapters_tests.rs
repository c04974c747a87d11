//! The bindings' own behaviour, in Rust: the config's defaults, async calls that need no
//! runtime of the caller's, and the subscription contract (a snapshot first, nothing after
//! cancel). The foreign side is tested in tests/kotlin.

use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use crate::{Helpline, HelplineConfig, HelplineEvent, HelplineListener};
use helpline_core::{self as core, Error, Identity, TicketDraft};

/// Polls `future` on this thread, parked between wake-ups: an executor with no tokio in it,
/// as a Kotlin dispatcher or a Swift executor is.
fn block_on<T>(future: impl Future<Output = T>) -> T {
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut future = pin!(future);
    loop {
        match future.as_mut().poll(&mut Context::from_waker(&waker)) {
            Poll::Ready(value) => return value,
            Poll::Pending => std::thread::park(),
        }
    }
}

/// A ticket with `subject` and nothing else the user may add.
fn draft(subject: &str) -> TicketDraft {
    TicketDraft { subject: subject.into(), description: "d".into(), ..Default::default() }
}

static DIRS: AtomicUsize = AtomicUsize::new(0);

fn config() -> HelplineConfig {
    let n = DIRS.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("helpline-ffi-test-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    HelplineConfig {
        // Nothing listens there; these tests never need the helpdesk.
        base_url: "http://127.0.0.1:9".into(),
        app_id: "app".into(),
        client_id: "client".into(),
        data_dir: dir.to_string_lossy().into_owned(),
        locale: None,
        platform: Some("test".into()),
        fallback_locale: None,
        help_center_cache_bytes: None,
        request_timeout_ms: Some(2_000),
        open_ticket_refresh_ms: None,
        remote_images: None,
        app_version: Some("3.2.1".into()),
        os_version: None,
        send_device_info: None,
    }
}

struct Listener(Mutex<Sender<HelplineEvent>>);

impl HelplineListener for Listener {
    fn on_event(&self, event: HelplineEvent) {
        let _ = self.0.lock().unwrap().send(event);
    }
}

fn listener() -> (Arc<Listener>, Receiver<HelplineEvent>) {
    let (tx, rx) = channel();
    (Arc::new(Listener(Mutex::new(tx))), rx)
}

#[test]
fn unset_options_keep_the_core_defaults() {
    let given = config();
    let helpline = Helpline::open(given.clone()).unwrap();
    let used = helpline.config();
    let defaults = core::Config::new("x", "y", "z", "/tmp");
    assert_eq!(used.locale.as_deref(), Some(defaults.locale.as_str()));
    assert_eq!(used.fallback_locale.as_deref(), Some(defaults.fallback_locale.as_str()));
    assert_eq!(used.help_center_cache_bytes, Some(defaults.help_center_cache_bytes as i64));
    assert_eq!(used.platform.as_deref(), Some("test"));
    assert_eq!(used.request_timeout_ms, Some(2_000));
    assert_eq!(used.open_ticket_refresh_ms, Some(30_000), "an open ticket is brought every 30 s");
    assert_eq!(used.remote_images, Some(false), "remote images are off unless the app allows them");
    assert_eq!(used.app_version.as_deref(), Some("3.2.1"));
    assert_eq!(used.send_device_info, Some(true), "device facts go unless the app says no");
    assert_eq!(used.data_dir, given.data_dir);
}

#[test]
fn a_subscription_starts_with_a_snapshot_and_stops_when_cancelled() {
    let helpline = Helpline::open(config()).unwrap();
    block_on(helpline.set_identity(Identity::Anonymous { name: Some("Ana".into()), email: None })).unwrap();
    let tickets = helpline.tickets();
    let first = block_on(tickets.create(draft("First"))).unwrap();

    let (stopped, stopped_rx) = listener();
    let (running, running_rx) = listener();
    let subscription = helpline.subscribe(stopped).unwrap();
    let _other = helpline.subscribe(running).unwrap();
    match stopped_rx.recv_timeout(Duration::from_secs(10)).unwrap() {
        HelplineEvent::Snapshot { tickets, outbox, unread_count } => {
            assert_eq!(tickets.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), vec![first.id.as_str()]);
            assert_eq!(outbox.len(), 1, "the ticket waits in the outbox (the helpdesk is unreachable)");
            assert_eq!(unread_count, 0);
        }
        other => panic!("first event: {other:?}"),
    }
    assert!(matches!(running_rx.recv_timeout(Duration::from_secs(10)).unwrap(), HelplineEvent::Snapshot { .. }));

    subscription.cancel();
    let second = block_on(tickets.create(draft("Second"))).unwrap();
    let seen = loop {
        match running_rx.recv_timeout(Duration::from_secs(10)).unwrap() {
            HelplineEvent::TicketsChanged => break true,
            _ => continue,
        }
    };
    assert!(seen);
    // The outbox may have reported the first ticket's failed try before the cancel; nothing
    // that happened after it (the second ticket) may arrive.
    let late: Vec<HelplineEvent> = stopped_rx
        .try_iter()
        .filter(|e| match e {
            HelplineEvent::TicketsChanged => true,
            HelplineEvent::TicketChanged { ticket_id } => *ticket_id == second.id,
            HelplineEvent::OutboxChanged { item } => item.target_id == second.id,
            _ => false,
        })
        .collect();
    assert!(late.is_empty(), "events after cancel: {late:?}");
}

#[test]
fn settings_rating_and_push_answer_through_the_objects() {
    let helpline = Helpline::open(config()).unwrap();
    let settings = helpline.settings();
    assert!(settings.support.enabled && settings.updated_at.is_none(), "the defaults before any fetch");
    assert_eq!(settings.support.attachments.max_attachment_size, 20 * 1024 * 1024);
    let rating = helpline.rating();
    block_on(rating.record_launch("1.0".into())).unwrap();
    let decision = rating.should_prompt().unwrap();
    assert_eq!(decision.reason, core::PromptReason::Disabled);
    assert!(!decision.should_prompt && decision.description.contains("switched off"), "{decision:?}");
    assert_eq!(rating.status().unwrap().launches, 1);
    // The test config's platform is neither android nor ios.
    let refused = block_on(helpline.register_push_token("tok".into())).unwrap_err();
    assert!(matches!(refused, Error::Validation { ref field, .. } if field == "platform"), "{refused}");
}

#[test]
fn an_async_call_needs_no_runtime_of_the_callers_and_a_second_open_is_refused() {
    let given = config();
    let helpline = Helpline::open(given.clone()).unwrap();
    // Polled by a plain executor: the work runs on the SDK's own runtime.
    block_on(helpline.set_identity(Identity::Anonymous { name: Some("Ana".into()), email: None })).unwrap();
    let ticket = block_on(
        helpline.tickets().create(TicketDraft { description: "From a plain thread".into(), ..Default::default() }),
    )
    .unwrap();
    assert_eq!(helpline.tickets().list().unwrap()[0].id, ticket.id);
    assert!(matches!(Helpline::open(given.clone()), Err(Error::DataDirInUse { .. })));
    drop(helpline);
    assert!(Helpline::open(given).is_ok(), "closing the SDK frees its directory");
}
