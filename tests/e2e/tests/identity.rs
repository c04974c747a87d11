//! Identity: the same install keeps its user; JWT sign-in; switching users wipes the cache.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use helpline_core::{Error, Event, Helpline, Identity, JwtProvider, TicketDraft};
use helpline_e2e::Harness;
use helpline_server::Fault;

struct Backend {
    jwt: Box<dyn Fn(&str) -> String + Send + Sync>,
    calls: AtomicUsize,
}

#[async_trait]
impl JwtProvider for Backend {
    async fn jwt(&self, user_token: &str) -> Result<String, String> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Ok((self.jwt)(user_token))
    }
}

fn draft(subject: &str) -> TicketDraft {
    TicketDraft { subject: subject.into(), description: "details".into(), ..Default::default() }
}

#[tokio::test]
async fn the_same_install_keeps_its_user_and_tickets_across_restarts() {
    let h = Harness::start().await;
    {
        let sdk = h.sdk("Ana").await;
        sdk.tickets().create(draft("Mine")).await.unwrap();
        sdk.flush_outbox().await.unwrap();
    }
    // A fresh database (reinstall of the cache) but the same install id file.
    std::fs::remove_file(h.data_dir("Ana").join("helpline.db")).unwrap();
    let sdk = h.sdk("Ana").await;
    let tickets = sdk.tickets().refresh().await.unwrap();
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0].subject, "Mine");
}

/// A damaged identity file (a crash mid-write on an old filesystem, a bad sector) must not
/// make the user someone new: its backup answers, and their tickets come back.
#[tokio::test]
async fn a_damaged_identity_file_is_answered_by_its_backup() {
    let h = Harness::start().await;
    {
        let sdk = h.sdk("Ana").await;
        sdk.tickets().create(draft("Still mine")).await.unwrap();
        sdk.flush_outbox().await.unwrap();
    }
    std::fs::write(h.data_dir("Ana").join("identity.json"), b"{\"install_id\": \"half").unwrap();
    std::fs::remove_file(h.data_dir("Ana").join("helpline.db")).unwrap();
    let sdk = h.sdk("Ana").await;
    let tickets = sdk.tickets().refresh().await.unwrap();
    assert_eq!(tickets.iter().map(|t| t.subject.as_str()).collect::<Vec<_>>(), ["Still mine"]);
}

#[tokio::test]
async fn jwt_sign_in_uses_a_fresh_token_each_time_and_switching_user_wipes_the_cache() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    sdk.tickets().create(draft("Anonymous ticket")).await.unwrap();
    sdk.flush_outbox().await.unwrap();
    let mut events = sdk.subscribe();

    let signer = |_: &str| helpline_e2e::sign_jwt("user-42", "carla@example.com");
    let backend = Arc::new(Backend { jwt: Box::new(signer), calls: AtomicUsize::new(0) });
    sdk.set_jwt_provider(backend.clone());
    sdk.set_identity(Identity::Jwt { user_token: "session-of-carla".into() }).await.unwrap();
    assert!(matches!(events.try_recv(), Ok(Event::IdentityChanged)));
    assert!(sdk.tickets().list().unwrap().is_empty(), "the anonymous user's tickets are gone");

    sdk.tickets().create(draft("Carla's ticket")).await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert_eq!(backend.calls.load(Ordering::SeqCst), 1);

    // A refused token: the provider is asked for a new JWT (a replayed one would be refused).
    h.faults().push("/api/v2/requests.json", Fault::Status(401));
    let tickets = sdk.tickets().refresh().await.unwrap();
    assert_eq!(backend.calls.load(Ordering::SeqCst), 2);
    assert_eq!(tickets.iter().map(|t| t.subject.as_str()).collect::<Vec<_>>(), vec!["Carla's ticket"]);
}

#[tokio::test]
async fn a_jwt_identity_without_provider_keeps_writes_pending() {
    let h = Harness::start().await;
    let sdk = Helpline::open(h.config("Dan")).unwrap();
    sdk.set_identity(Identity::Jwt { user_token: "dan".into() }).await.unwrap();
    sdk.tickets().create(draft("Waiting for sign-in")).await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 1);
    assert!(matches!(sdk.tickets().refresh().await, Err(Error::Unauthorized { .. })));
}

#[tokio::test]
async fn no_identity_no_write() {
    let h = Harness::start().await;
    let sdk = Helpline::open(h.config("Eve")).unwrap();
    assert!(matches!(sdk.tickets().create(draft("x")).await, Err(Error::NoIdentity)));
}
