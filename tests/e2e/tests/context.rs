//! App context end to end against the reference helpdesk: the user's attributes (set offline,
//! kept across a killed app, sent once, the latest; refused by field; the user's alone), a
//! ticket's metadata (the app's values, the breadcrumbs, the device's facts) and a
//! conversation's as the agent sees them, the locale changed without a restart, and the SDK's
//! log reaching the app's logger and a ticket without a token or what the user wrote.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use helpline_core::{
    AttributeValue, DeliveryState, Error, Event, Helpline, Identity, LOG_FILE_NAME, LogLevel, LogRecord, Logger,
    OutboxKind, TicketDraft,
};
use helpline_e2e::{AGENT_TOKEN, Harness, eventually, wait_for};
use helpline_protocol as wire;

/// The path of the user's own record (its `PUT` sends the attributes).
const ME: &str = "/users/me.json";

fn text(s: &str) -> AttributeValue {
    AttributeValue::Text(s.into())
}

fn attributes(pairs: &[(&str, AttributeValue)]) -> HashMap<String, AttributeValue> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
}

fn attribute_writes(sdk: &Helpline) -> Vec<DeliveryState> {
    sdk.outbox().unwrap().into_iter().filter(|i| i.kind == OutboxKind::SetUserAttributes).map(|i| i.state).collect()
}

/// A user as the agent sees them, with their fields.
async fn agent_user(h: &Harness, id: u64) -> wire::User {
    let url = format!("{}{}", h.base_url(), wire::paths::agent_user(id));
    let response = reqwest::Client::new().get(url).bearer_auth(AGENT_TOKEN).send().await.expect("agent user");
    assert!(response.status().is_success(), "agent user: {}", response.status());
    response.json::<wire::UserEnvelope>().await.expect("user JSON").user
}

/// A ticket of the SDK's user, sent: the helpdesk's view of it as the agent sees it.
async fn sent_ticket(h: &Harness, sdk: &Helpline, draft: TicketDraft) -> wire::Ticket {
    let ticket = sdk.tickets().create(draft).await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let remote_id = sdk.tickets().get(&ticket.id).unwrap().ticket.remote_id.expect("on the helpdesk");
    h.agent_tickets().await.into_iter().find(|t| t.id as i64 == remote_id).expect("the agent sees it")
}

#[tokio::test]
async fn attributes_set_offline_are_sent_once_later_even_after_the_app_was_killed() {
    let mut h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let me =
        sent_ticket(&h, &sdk, TicketDraft { description: "Hello".into(), ..Default::default() }).await.requester_id;
    h.stop_server().await;

    sdk.set_user_attributes(attributes(&[("plan", text("free")), ("seats", AttributeValue::Number(1.0))]))
        .await
        .unwrap();
    let change = attributes(&[
        ("plan", text("pro")),
        ("seats", AttributeValue::Number(3.0)),
        ("beta", AttributeValue::Bool(true)),
    ]);
    sdk.set_user_attributes(change).await.unwrap();
    let shown = sdk.user_attributes().unwrap();
    assert_eq!(shown.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["beta", "plan", "seats"], "stored at once");
    assert!(shown.iter().all(|a| a.delivery == DeliveryState::Pending), "{shown:?}");
    assert_eq!(attribute_writes(&sdk), vec![DeliveryState::Pending], "one write, replaced: not two");
    assert_eq!(sdk.flush_outbox().await.unwrap(), 1, "offline: still pending");
    drop(sdk); // the app is killed

    h.restart_server().await;
    let sdk = Helpline::open(h.config("Ana")).unwrap();
    assert_eq!(sdk.user_attributes().unwrap().len(), 3, "kept on the device");
    let before = h.faults().served(ME);
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert_eq!(h.faults().served(ME) - before, 1, "sent once, the latest values");
    let fields = agent_user(&h, me).await.user_fields.expect("the agent sees the fields");
    assert_eq!(serde_json::json!(fields), serde_json::json!({"plan": "pro", "seats": 3, "beta": true}));
    assert!(sdk.user_attributes().unwrap().iter().all(|a| a.delivery == DeliveryState::Sent));
    assert!(attribute_writes(&sdk).is_empty());

    let mut events = sdk.subscribe();
    sdk.set_user_attributes(attributes(&[("plan", text("pro"))])).await.unwrap();
    assert!(attribute_writes(&sdk).is_empty(), "values the helpdesk has send nothing");
    sdk.set_user_attributes(attributes(&[("seats", AttributeValue::Number(2.5))])).await.unwrap();
    wait_for(&mut events, |e| matches!(e, Event::OutboxChanged { item } if item.kind == OutboxKind::SetUserAttributes))
        .await;
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let fields = agent_user(&h, me).await.user_fields.unwrap();
    assert_eq!(fields["seats"], serde_json::json!(2.5));
    assert_eq!(fields["plan"], serde_json::json!("pro"), "merged, not replaced");
}

#[tokio::test]
async fn bad_attributes_are_refused_by_field_and_nothing_is_stored() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    for (bad, field) in [
        (attributes(&[("Plan-Type", text("pro"))]), "user_fields.Plan-Type"),
        (attributes(&[("ratio", AttributeValue::Number(f64::INFINITY))]), "user_fields.ratio"),
        (attributes(&[("note", text(&"é".repeat(1_025)))]), "user_fields.note"),
        (attributes(&[("ok", text("fine")), ("", text("x"))]), "user_fields."),
    ] {
        let refused = sdk.set_user_attributes(bad).await;
        assert!(matches!(&refused, Err(Error::Validation { field: f, .. }) if f == field), "{refused:?}");
    }
    let many: HashMap<String, AttributeValue> =
        (0..51).map(|i| (format!("field_{i}"), AttributeValue::Number(f64::from(i)))).collect();
    let refused = sdk.set_user_attributes(many).await;
    assert!(matches!(&refused, Err(Error::Validation { field, .. }) if field == "user_fields"), "{refused:?}");
    assert!(sdk.user_attributes().unwrap().is_empty(), "nothing refused was stored");
    assert!(attribute_writes(&sdk).is_empty(), "nor queued");
    sdk.set_user_attributes(attributes(&[("note", text(&"é".repeat(1_024)))])).await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0, "the longest text is taken");
}

#[tokio::test]
async fn attributes_are_the_users_another_sign_in_neither_sends_nor_keeps_them() {
    let mut h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let ana =
        sent_ticket(&h, &sdk, TicketDraft { description: "Ana's".into(), ..Default::default() }).await.requester_id;
    sdk.set_user_attributes(attributes(&[("plan", text("pro"))])).await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    h.stop_server().await;
    sdk.set_user_attributes(attributes(&[("plan", text("team"))])).await.unwrap();
    sdk.leave_breadcrumb("Ana's private step").await.unwrap();

    // Another person on the device: Ana signs out (offline: her token simply expires), Bob comes.
    sdk.clear_identity().await.unwrap();
    sdk.set_identity(Identity::Anonymous { name: Some("Bob".into()), email: None }).await.unwrap();
    assert!(sdk.user_attributes().unwrap().is_empty(), "Ana's attributes went with her");
    assert!(attribute_writes(&sdk).is_empty(), "her unsent change too");
    h.restart_server().await;
    let bob_ticket = sent_ticket(&h, &sdk, TicketDraft { description: "Bob's".into(), ..Default::default() }).await;
    assert_ne!(bob_ticket.requester_id, ana);
    let bob = agent_user(&h, bob_ticket.requester_id).await;
    assert_eq!(bob.user_fields.map(|f| f.len()), Some(0), "nothing of Ana's reached Bob");
    let trail = bob_ticket.metadata.map(|m| m.breadcrumbs).unwrap_or_default();
    assert!(trail.is_empty(), "nor her breadcrumbs: {trail:?}");
    let fields = agent_user(&h, ana).await.user_fields.unwrap();
    assert_eq!(fields["plan"], serde_json::json!("pro"), "Ana keeps what was sent for her");
}

#[tokio::test]
async fn a_ticket_carries_the_apps_values_the_breadcrumbs_and_the_device_to_the_agent() {
    let mut h = Harness::start().await;
    let mut config = h.config("Ana");
    config.app_version = Some("3.2.1".into());
    config.os_version = Some("14".into());
    config.platform = "android".into();
    let sdk = Helpline::open(config).unwrap();
    sdk.set_identity(Identity::Anonymous { name: Some("Ana".into()), email: None }).await.unwrap();
    for i in 0..25 {
        sdk.leave_breadcrumb(&format!("step {i}")).await.unwrap();
    }
    let blank = sdk.leave_breadcrumb(" \n ").await;
    assert!(matches!(&blank, Err(Error::Validation { field, .. }) if field == "text"), "{blank:?}");
    sdk.leave_breadcrumb(&format!("Tapped Pay\n{}", "x".repeat(300))).await.unwrap();

    let bad = TicketDraft {
        description: "Refused".into(),
        metadata: attributes(&[("Order", text("A-1042"))]),
        ..Default::default()
    };
    let refused = sdk.tickets().create(bad).await;
    assert!(matches!(&refused, Err(Error::Validation { field, .. }) if field == "metadata.Order"), "{refused:?}");
    assert!(sdk.tickets().list().unwrap().is_empty(), "nothing stored");

    h.stop_server().await;
    let draft = TicketDraft {
        description: "My card is refused".into(),
        metadata: attributes(&[("order_id", text("A-1042")), ("cart_items", AttributeValue::Number(3.0))]),
        ..Default::default()
    };
    let ticket = sdk.tickets().create(draft).await.unwrap();
    sdk.leave_breadcrumb("after the ticket").await.unwrap();
    h.restart_server().await;
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let remote_id = sdk.tickets().get(&ticket.id).unwrap().ticket.remote_id.unwrap();
    let seen = h.agent_tickets().await.into_iter().find(|t| t.id as i64 == remote_id).unwrap();
    let metadata = seen.metadata.expect("the agent sees the context");
    assert_eq!(serde_json::json!(metadata.custom), serde_json::json!({"order_id": "A-1042", "cart_items": 3}));
    let trail: Vec<&str> = metadata.breadcrumbs.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(trail.len(), 20, "the latest 20");
    assert_eq!(trail[0], "step 6");
    assert_eq!(trail[19].chars().count(), 200, "one line, cut to 200 characters");
    assert!(trail[19].starts_with("Tapped Pay xxx"), "{}", trail[19]);
    assert!(!trail.contains(&"after the ticket"), "the trail as it was when the ticket was created");
    let device = metadata.device.expect("device facts by default");
    assert_eq!(
        (device.os.as_str(), device.os_version.as_deref(), device.app_version.as_deref(), device.locale.as_str()),
        ("android", Some("14"), Some("3.2.1"), "en-us")
    );
    assert_eq!(device.sdk_version, helpline_core::SDK_VERSION);
}

#[tokio::test]
async fn device_facts_are_left_out_when_the_app_says_so() {
    let h = Harness::start().await;
    let mut config = h.config("Ana");
    config.send_device_info = false;
    let sdk = Helpline::open(config).unwrap();
    sdk.set_identity(Identity::Anonymous { name: Some("Ana".into()), email: None }).await.unwrap();
    let plain = sent_ticket(&h, &sdk, TicketDraft { description: "No context".into(), ..Default::default() }).await;
    assert_eq!(plain.metadata, None, "no values, no trail, no device: no metadata");
    sdk.leave_breadcrumb("Opened help").await.unwrap();
    let with_trail = sent_ticket(&h, &sdk, TicketDraft { description: "A trail".into(), ..Default::default() }).await;
    let metadata = with_trail.metadata.unwrap();
    assert_eq!((metadata.device, metadata.breadcrumbs.len()), (None, 1));
}

#[tokio::test]
async fn a_conversation_starts_with_the_trail_and_the_locale_in_force() {
    let h = Harness::start_with(|c| c.seed_demo = true).await;
    let sdk = h.sdk("Ana").await;
    sdk.leave_breadcrumb("Opened orders").await.unwrap();
    sdk.set_locale("fr_FR").unwrap();
    assert_eq!(sdk.locale(), "fr-fr");
    let conversation = sdk.messaging().start().await.unwrap();
    let seen =
        h.agent_tickets().await.into_iter().find(|t| t.id as i64 == conversation.request_id).expect("its request");
    let metadata = seen.metadata.expect("the conversation's context");
    assert_eq!(metadata.breadcrumbs.iter().map(|b| b.text.as_str()).collect::<Vec<_>>(), ["Opened orders"]);
    assert_eq!(metadata.device.map(|d| d.locale), Some("fr-fr".into()), "the locale set, not the configured one");
    let greeting = sdk.messaging().messages().unwrap().into_iter().next().expect("the bot's greeting");
    assert_eq!(greeting.text, "Bonjour ! Comment pouvons-nous vous aider ?", "greeted in the locale set");
    let choices: Vec<_> = greeting.quick_replies.iter().map(|q| q.title.as_str()).collect();
    assert_eq!(choices, ["Suivre ma commande", "Parler à quelqu'un"]);
}

#[tokio::test]
async fn the_help_center_follows_a_new_locale_without_a_restart() {
    let h = Harness::start_with(|c| c.seed_demo = true).await;
    let sdk = Helpline::open(h.config("reader")).unwrap();
    let hc = sdk.help_center();
    hc.sync().await.unwrap();
    assert_eq!(hc.locale().unwrap(), "en-us");
    assert!(!hc.search_offline("resetting", 5).unwrap().is_empty());

    let refused = sdk.set_locale("not a locale");
    assert!(matches!(&refused, Err(Error::Validation { field, .. }) if field == "locale"), "{refused:?}");
    let mut events = sdk.subscribe();
    sdk.set_locale("fr").unwrap();
    wait_for(&mut events, |e| matches!(e, Event::HelpCenterChanged)).await;
    eventually("the French help center", || hc.locale().is_ok_and(|l| l == "fr")).await;
    assert!(!hc.search_offline("mot de passe", 5).unwrap().is_empty(), "French articles, offline");
    assert!(hc.search_offline("resetting", 5).unwrap().is_empty(), "the English ones are gone");
}

/// The app's logger: what it heard.
#[derive(Default)]
struct Heard(Mutex<Vec<LogRecord>>);

impl Logger for Heard {
    fn log(&self, record: LogRecord) {
        self.0.lock().unwrap().push(record);
    }
}

#[tokio::test]
async fn the_sdk_log_reaches_the_app_and_a_ticket_without_tokens_or_what_the_user_wrote() {
    let h = Harness::start().await;
    let heard = Arc::new(Heard::default());
    helpline_core::set_logger(Some(heard.clone()), LogLevel::Debug);
    let sdk = h.sdk("Ana").await;
    let secret_body = "SECRET-BODY my card 4111 1111 1111 1111 is refused";
    let first = TicketDraft { description: secret_body.into(), ..Default::default() };
    sent_ticket(&h, &sdk, first).await;
    // A failure the log should tell about: a 503 on the next comment, retried (by the
    // background worker or by the flush, whichever meets it).
    h.faults().push("/requests/", helpline_server::Fault::Status(503));
    let ticket = sdk.tickets().list().unwrap().remove(0);
    sdk.tickets().add_comment(&ticket.id, "SECRET-COMMENT the code is 0042").await.unwrap();
    sdk.flush_outbox().await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert_eq!(h.faults().queued(), 0, "the 503 was met");

    let with_log = TicketDraft { description: "Logs attached".into(), attach_log: true, ..Default::default() };
    let remote = sent_ticket(&h, &sdk, with_log).await.id;
    let description = h.agent_ticket_comments(remote as i64).await.remove(0);
    let file = description.attachments.iter().find(|a| a.file_name == LOG_FILE_NAME).expect("the log file");
    assert_eq!(file.content_type, "text/plain");
    let log = String::from_utf8(h.agent_download(&file.content_url).await).expect("UTF-8 text");
    assert!(log.starts_with("Helpline SDK "), "{log}");
    assert!(log.contains("(create_ticket): sent"), "what was sent: {log}");
    assert!(log.contains("helpdesk error 503"), "what failed: {log}");

    let vault: serde_json::Value =
        serde_json::from_slice(&std::fs::read(h.data_dir("Ana").join("secrets.json")).unwrap()).unwrap();
    let secrets = [vault["access_token"].as_str().unwrap(), vault["install_id"].as_str().unwrap()];
    let heard: Vec<String> = heard.0.lock().unwrap().iter().map(LogRecord::line).collect();
    assert!(heard.iter().any(|l| l.contains("(add_comment): sent")), "the app heard the SDK: {heard:?}");
    for text in std::iter::once(log.as_str()).chain(heard.iter().map(String::as_str)) {
        for secret in secrets.iter().copied().chain(["SECRET-BODY", "SECRET-COMMENT", "4111"]) {
            assert!(!text.contains(secret), "{secret:?} in the log: {text}");
        }
    }
    helpline_core::set_logger(None, LogLevel::Error);
}

/// The start of a conversation is retried with the context of its time: a step left between
/// two attempts must not make the helpdesk refuse the retry (same key, other body) for good.
#[tokio::test]
async fn a_conversation_start_retried_after_a_new_step_still_sends_the_message_once() {
    let h = Harness::start().await;
    let mut config = h.config("Ana");
    config.request_timeout = std::time::Duration::from_millis(300);
    let sdk = Helpline::open(config).unwrap();
    sdk.set_identity(Identity::Anonymous { name: None, email: None }).await.unwrap();
    sdk.tickets().refresh().await.unwrap(); // signed in, so only the start is slowed

    // The helpdesk starts the conversation but its answers come too late: the send fails.
    for _ in 0..3 {
        h.faults().push(
            wire::paths::CONVERSATIONS,
            helpline_server::Fault::AnswerLate(std::time::Duration::from_millis(600)),
        );
    }
    let mut events = sdk.subscribe();
    let message = sdk.messaging().send("Hello from the checkout").await.unwrap();
    let target = message.local_id.clone();
    wait_for(
        &mut events,
        |e| matches!(e, Event::OutboxChanged { item } if item.target_id == target && item.last_error.is_some()),
    )
    .await;
    // The helpdesk did start it; the user moves on before the retry.
    sdk.leave_breadcrumb("Opened the checkout again").await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    let mut pending = sdk.flush_outbox().await.unwrap();
    for _ in 0..10 {
        if pending == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        pending = sdk.flush_outbox().await.unwrap();
    }
    assert_eq!(pending, 0);
    let sent = sdk.messaging().messages().unwrap().into_iter().find(|m| m.local_id == message.local_id).unwrap();
    assert_eq!(sent.delivery, DeliveryState::Sent, "not refused for a changed context");
    assert_eq!(h.agent_conversations().await.len(), 1, "one conversation on the helpdesk");
}

/// Offline, a new locale whose help center is not cached leaves the one that is: the user
/// keeps articles to read (in French) rather than an empty help center.
#[tokio::test]
async fn offline_a_locale_not_cached_keeps_the_help_center_that_is() {
    let mut h = Harness::start_with(|c| c.seed_demo = true).await;
    let mut config = h.config("reader");
    config.locale = "fr".into();
    let sdk = Helpline::open(config).unwrap();
    let hc = sdk.help_center();
    hc.sync().await.unwrap();
    assert_eq!(hc.locale().unwrap(), "fr");

    h.stop_server().await;
    sdk.set_locale("de-DE").unwrap();
    assert_eq!(hc.locale().unwrap(), "fr", "German is not cached, nor the fallback: French stays");
    assert!(!hc.search_offline("mot de passe", 5).unwrap().is_empty(), "still articles to read");
}

/// The log is the SDK's file: a draft with as many files as the user may attach still takes it.
#[tokio::test]
async fn the_log_file_does_not_count_against_the_users_files() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let dir = h.data_dir("Ana").join("user-files");
    std::fs::create_dir_all(&dir).unwrap();
    let files: Vec<_> = (0..10)
        .map(|i| {
            let path = dir.join(format!("shot-{i}.png"));
            std::fs::write(&path, [137, 80, 78, 71, i]).unwrap();
            path
        })
        .collect();
    let draft = TicketDraft {
        description: "Ten screenshots".into(),
        attachments: files,
        attach_log: true,
        ..Default::default()
    };
    let remote = sent_ticket(&h, &sdk, draft).await.id;
    let description = h.agent_ticket_comments(remote as i64).await.remove(0);
    assert_eq!(description.attachments.len(), 11, "the user's ten and the log");
    assert!(description.attachments.iter().any(|a| a.file_name == LOG_FILE_NAME));
}
