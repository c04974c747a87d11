//! The kernel's promises: one instance per data directory, writes of a newer SDK kept and never
//! misrouted, a downgrade that loses nothing, and a user switch that wipes every capability.

use helpline_core::{DeliveryState, Error, Helpline, Identity, OutboxKind, TicketDraft, VoteValue};
use helpline_e2e::Harness;
use rusqlite::Connection;

fn draft(subject: &str) -> TicketDraft {
    TicketDraft { subject: subject.into(), description: format!("{subject}: details"), ..Default::default() }
}

fn db(sdk: &Helpline) -> Connection {
    Connection::open(sdk.database_path()).unwrap()
}

#[tokio::test]
async fn a_second_open_on_the_same_directory_is_refused_until_the_first_is_dropped() {
    let h = Harness::start().await;
    let first = h.sdk("Ana").await;
    match Helpline::open(h.config("Ana")) {
        Err(Error::DataDirInUse { path }) => assert!(path.ends_with("app-Ana"), "{path}"),
        other => panic!("expected DataDirInUse, got {:?}", other.map(|_| "an SDK")),
    }
    drop(first);
    let again = Helpline::open(h.config("Ana")).expect("the directory is free once the first SDK is dropped");
    assert_eq!(again.identity().map(|i| matches!(i, Identity::Anonymous { .. })), Some(true));
}

#[tokio::test]
async fn a_write_of_a_newer_sdk_stays_pending_and_is_never_sent_as_something_else() {
    let h = Harness::start().await;
    let path = {
        let sdk = h.sdk("Ana").await;
        sdk.database_path()
    };
    // A newer SDK queued a write this one does not know, then the app was downgraded.
    Connection::open(&path)
        .unwrap()
        .execute(
            "INSERT INTO outbox(kind, target, payload, idempotency_key, state, created_at)
             VALUES ('csat_rating', 'ticket-1', '{\"score\":\"good\"}', 'key-newer', 'pending', '2026-12-01T10:00:00Z')",
            [],
        )
        .unwrap();

    let sdk = h.sdk("Ana").await;
    let ticket = sdk.tickets().create(draft("After the downgrade")).await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0, "everything this SDK can send is sent");

    let outbox = sdk.outbox().unwrap();
    assert_eq!(outbox.len(), 1);
    let kept = &outbox[0];
    assert_eq!((kept.kind, &kept.state), (OutboxKind::Unknown, &DeliveryState::Pending));
    assert!(kept.last_error.as_deref().unwrap_or_default().contains("newer version"), "{kept:?}");
    // Nothing was sent in its place: the helpdesk has exactly the one real ticket.
    let on_server = h.agent_tickets().await;
    assert_eq!(on_server.iter().map(|t| t.subject.as_str()).collect::<Vec<_>>(), vec!["After the downgrade"]);
    assert_eq!(sdk.tickets().get(&ticket.id).unwrap().ticket.delivery, DeliveryState::Sent);
    let row: (String, String) = db(&sdk)
        .query_row("SELECT kind, payload FROM outbox WHERE idempotency_key = 'key-newer'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(row, ("csat_rating".into(), "{\"score\":\"good\"}".into()), "kept as written");
}

#[tokio::test]
async fn a_downgrade_is_refused_with_the_database_and_its_pending_writes_kept() {
    let mut h = Harness::start().await;
    h.stop_server().await;
    let path = {
        let sdk = h.sdk("Ana").await;
        sdk.tickets().create(draft("Written offline")).await.unwrap();
        sdk.database_path()
    };
    let version: i64 = Connection::open(&path).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    // A newer SDK migrated the file further; then the app went back to this version.
    Connection::open(&path).unwrap().pragma_update(None, "user_version", version + 3).unwrap();

    match Helpline::open(h.config("Ana")) {
        Err(Error::SchemaTooNew { found, supported }) => {
            assert_eq!((i64::from(found), i64::from(supported)), (version + 3, version));
        }
        other => panic!("expected SchemaTooNew, got {:?}", other.map(|_| "an SDK")),
    }
    let pending: i64 =
        Connection::open(&path).unwrap().query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0)).unwrap();
    assert_eq!(pending, 1, "the unsent ticket is still in the file");
    let aside = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains("corrupt"));
    assert!(!aside, "nothing was moved aside");

    // The newer version (here: the schema put back) sends it, once.
    Connection::open(&path).unwrap().pragma_update(None, "user_version", version).unwrap();
    h.restart_server().await;
    let sdk = h.sdk("Ana").await;
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert_eq!(h.agent_tickets().await.len(), 1);
}

/// Tables kept across users: public help-center content and the install's own memory.
const INSTALL_TABLES: &[&str] = &[
    "kv",
    "settings_cache",
    "rating_state",
    "push_device",
    "hc_categories",
    "hc_sections",
    "hc_articles",
    "hc_articles_fts",
    "hc_articles_vocab",
    "hc_attachments",
    "hc_sync",
];

#[tokio::test]
async fn switching_user_wipes_what_every_capability_kept_of_the_previous_one() {
    let mut h = Harness::start_with(|c| c.seed_demo = true).await;
    let sdk = h.sdk("Ana").await;
    sdk.help_center().sync().await.unwrap();
    let article = sdk.help_center().articles(None).unwrap()[0].id;
    let chat = sdk.messaging();
    chat.start().await.unwrap();
    chat.send("Hello from Ana").await.unwrap();
    let ticket = sdk.tickets().create(draft("Ana's ticket")).await.unwrap();
    sdk.flush_outbox().await.unwrap();
    let remote_id = sdk.tickets().get(&ticket.id).unwrap().ticket.remote_id.unwrap();
    h.agent_update(remote_id, None, Some(helpline_protocol::Status::Solved)).await;
    sdk.sync().await.unwrap();
    h.stop_server().await;
    // Queued, not sent: the switch must drop these too.
    sdk.tickets().rate(&ticket.id, helpline_core::SatisfactionScore::Good, None).await.unwrap();
    sdk.tickets().add_comment(&ticket.id, "Ana's comment").await.unwrap();
    sdk.help_center().vote(article, VoteValue::Up).await.unwrap();
    chat.send("Ana again").await.unwrap();
    sdk.register_push_token("ana-device-token").await.ok();
    let plan = helpline_core::AttributeValue::Text("pro".into());
    sdk.set_user_attributes([("plan".to_owned(), plan)].into()).await.unwrap();
    sdk.leave_breadcrumb("Ana opened her orders").await.unwrap();
    sdk.contact_form().unwrap().set_description("Ana's unsent question".into()).await.unwrap();

    let conn = db(&sdk);
    let tables: Vec<String> = {
        let mut stmt = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                 AND sql NOT LIKE 'CREATE TABLE ''%'",
            )
            .unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let rows =
        |table: &str| -> i64 { conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).unwrap() };
    let users: Vec<&String> = tables.iter().filter(|t| !INSTALL_TABLES.contains(&t.as_str())).collect();
    for table in &users {
        assert!(rows(table) > 0, "the test must give {table} a row of Ana's before the switch");
    }

    // Another person signs in (an anonymous name change would be the same helpdesk user).
    sdk.set_identity(Identity::Jwt { user_token: "bob".into() }).await.unwrap();
    for table in &users {
        assert_eq!(rows(table), 0, "{table} still holds Ana's rows after Bob signed in");
    }
    assert!(rows("hc_articles") > 0, "public articles stay");
}

#[tokio::test]
async fn a_file_damaged_inside_is_found_by_the_background_check_and_rebuilt_at_the_next_open() {
    let h = Harness::start_with(|c| c.seed_demo = true).await;
    let path = {
        let sdk = h.sdk("Ana").await;
        sdk.help_center().sync().await.unwrap();
        sdk.database_path()
    };
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute("DELETE FROM kv WHERE key = 'integrity_checked_ms'", []).unwrap();
        conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
    }
    // Garbage in the middle of the file: the schema (page 1) still reads, so `open` succeeds.
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2 / 4096 * 4096;
    bytes[middle..middle + 8192].fill(0xA5);
    std::fs::write(&path, bytes).unwrap();

    let damaged = path.with_extension("db.damaged");
    {
        let sdk = Helpline::open(h.config("Ana")).expect("a damage deep inside does not stop open");
        assert!(!sdk.was_recovered());
        helpline_e2e::eventually("the background check to find the damage", || damaged.exists()).await;
    }
    let sdk = Helpline::open(h.config("Ana")).unwrap();
    assert!(sdk.was_recovered(), "the damaged file is replaced at the next open");
    assert!(!damaged.exists());
    sdk.help_center().sync().await.unwrap();
    assert!(!sdk.help_center().articles(None).unwrap().is_empty(), "the help center comes back from the helpdesk");
}

/// Signing out leaves nothing of the user's beside the database either: the copies of their
/// unsent attachments and any database once moved aside go too.
#[tokio::test]
async fn signing_out_deletes_the_users_staged_files_and_set_aside_databases() {
    let mut h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    h.stop_server().await;
    let dir = h.data_dir("Ana");
    let shot = dir.join("shot.txt");
    std::fs::write(&shot, b"the user's private notes").unwrap();
    let draft =
        TicketDraft { description: "See the file".into(), attachments: vec![shot.clone()], ..Default::default() };
    sdk.tickets().create(draft).await.unwrap();
    let staged = dir.join("outbox-files");
    assert_eq!(std::fs::read_dir(&staged).unwrap().count(), 1, "a copy waits to be sent");
    let aside = dir.join("helpline.db.corrupt-1700000000000");
    std::fs::write(&aside, b"an old database of the user's").unwrap();

    sdk.clear_identity().await.unwrap();
    assert!(!staged.exists() || std::fs::read_dir(&staged).unwrap().count() == 0, "staged copies are gone");
    assert!(!aside.exists(), "the set-aside database is gone");
    assert!(shot.exists(), "the app's own file is not the SDK's to delete");
}
