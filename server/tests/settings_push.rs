//! SDK settings (defaults, ETag / 304, the agent's merge) and push devices (register, move,
//! unregister, idempotency, validation) over real HTTP.

mod common;

use common::{AGENT, body, start};
use helpline_protocol::{DeviceType, PushDevicesPage, PushKind, SentPushesPage, SettingsEnvelope, paths};
use helpline_server::ServerConfig;
use reqwest::{Method, header};
use serde_json::{Value, json};

async fn settings(h: &common::Harness, app: &str, etag: Option<&str>) -> reqwest::Response {
    let mut req = h.http.get(h.url(&paths::sdk_settings(app)));
    if let Some(etag) = etag {
        req = req.header(header::IF_NONE_MATCH, etag);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn settings_are_public_per_app_and_answer_304_when_unchanged() {
    let h = start().await;
    let first = settings(&h, "app-a", None).await;
    assert_eq!(first.status(), 200);
    let etag = first.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"') && etag.ends_with('"'), "a strong tag: {etag}");
    let defaults: SettingsEnvelope = first.json().await.unwrap();
    assert!(defaults.settings.support.enabled && defaults.settings.help_center.enabled);
    assert_eq!(defaults.settings.help_center.default_locale, "en-us");
    assert!(defaults.settings.rating.enabled);

    let again = settings(&h, "app-a", Some(&etag)).await;
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()[header::ETAG].to_str().unwrap(), etag);
    assert!(again.bytes().await.unwrap().is_empty(), "no body on 304");

    assert_eq!(settings(&h, "app-a", Some("\"stale\"")).await.status(), 200);
    assert_eq!(settings(&h, "app-a", Some("*")).await.status(), 304);
    let unknown = body(settings(&h, "x".repeat(300).as_str(), None).await, 404).await;
    assert_eq!(unknown["error"], "RecordNotFound");
    h.server.stop().await;
}

#[tokio::test]
async fn the_agent_merges_a_change_into_one_app_and_the_tag_changes() {
    let h = start().await;
    let before = settings(&h, "app-a", None).await;
    let old_tag = before.headers()[header::ETAG].to_str().unwrap().to_owned();

    let change = json!({"settings": {
        "support": {"enabled": false, "ticket_form": {"fields": [
            {"id": 360001, "type": "text", "title": "Order number", "required": true},
            {"id": 360002, "type": "tagger", "title": "Topic", "options": [{"name": "Bug", "value": "bug"}]}
        ]}},
        "help_center": {"default_locale": "fr"}
    }});
    let path = paths::agent_sdk_settings("app-a");
    let changed: SettingsEnvelope = serde_json::from_value(body(h.put(AGENT, &path, change).await, 200).await).unwrap();
    let s = changed.settings;
    assert!(!s.support.enabled);
    assert_eq!(s.support.ticket_form.fields.len(), 2);
    assert_eq!(s.help_center.default_locale, "fr");
    assert_eq!(s.help_center.locales, vec!["en-us", "fr"], "untouched keys keep their value");
    assert!(s.support.attachments.enabled, "untouched parts keep their value");
    assert!(s.updated_at.is_some());

    let now = settings(&h, "app-a", Some(&old_tag)).await;
    assert_eq!(now.status(), 200, "the old tag no longer matches");
    let served: SettingsEnvelope = now.json().await.unwrap();
    assert_eq!(served.settings, s);
    let other: SettingsEnvelope = settings(&h, "app-b", None).await.json().await.unwrap();
    assert!(other.settings.support.enabled, "another app keeps its own settings");

    // `null` brings a default back.
    let reset = json!({"settings": {"support": {"enabled": null}}});
    let reset: SettingsEnvelope = serde_json::from_value(body(h.put(AGENT, &path, reset).await, 200).await).unwrap();
    assert!(reset.settings.support.enabled);
    assert_eq!(reset.settings.support.ticket_form.fields.len(), 2);
    h.server.stop().await;
}

#[tokio::test]
async fn only_the_agent_changes_settings_and_bad_documents_are_refused() {
    let h = start().await;
    let path = paths::agent_sdk_settings("app-a");
    let user = h.anon("guid-1").await;
    body(h.put(&user, &path, json!({"settings": {}})).await, 401).await;
    body(h.call(Method::PUT, None, &path, Some(json!({"settings": {}}))).await, 401).await;

    for bad in [
        json!({"nope": {}}),
        json!({"settings": "off"}),
        json!({"settings": {"support": {"enabled": "no"}}}),
        json!({"settings": {"support": {"ticket_form": {"fields": [{"id": 1, "type": "tagger", "options": []}]}}}}),
        json!({"settings": {"support": {"ticket_form": {"fields": [{"id": 1}, {"id": 1}]}}}}),
        json!({"settings": {"support": {"attachments": {"max_attachment_size": 0}}}}),
    ] {
        let err = body(h.put(AGENT, &path, bad.clone()).await, 422).await;
        assert!(err["details"]["settings"].is_array(), "{bad}: {err}");
    }
    let unchanged: SettingsEnvelope = settings(&h, "app-a", None).await.json().await.unwrap();
    assert!(unchanged.settings.updated_at.is_none(), "refused changes store nothing");
    h.server.stop().await;
}

async fn devices(h: &common::Harness) -> Vec<helpline_protocol::PushDevice> {
    let page: PushDevicesPage =
        serde_json::from_value(body(h.get(AGENT, paths::AGENT_PUSH_DEVICES).await, 200).await).unwrap();
    page.push_notification_devices
}

fn device(token: &str, kind: &str) -> Value {
    json!({"push_notification_device": {"identifier": token, "device_type": kind, "locale": "fr"}})
}

#[tokio::test]
async fn push_devices_register_idempotently_move_between_users_and_unregister() {
    let h = start().await;
    let ana = h.anon("guid-ana").await;
    let bob = h.anon("guid-bob").await;
    let ana_id = h.me(&ana).await["user"]["id"].as_u64().unwrap();
    let bob_id = h.me(&bob).await["user"]["id"].as_u64().unwrap();

    let first = body(h.post(&ana, paths::PUSH_DEVICES, device("tok-1", "android")).await, 201).await;
    let again = body(h.post(&ana, paths::PUSH_DEVICES, device("tok-1", "android")).await, 201).await;
    assert_eq!(first["push_notification_device"]["id"], again["push_notification_device"]["id"]);
    assert_eq!(first["push_notification_device"]["identifier"], "tok-1");
    let listed = devices(&h).await;
    assert_eq!(listed.len(), 1, "registering twice keeps one device");
    assert_eq!(
        (listed[0].user_id, listed[0].device_type, listed[0].locale.as_deref()),
        (Some(ana_id), DeviceType::Android, Some("fr"))
    );

    // The same device, now signed in as Bob: the token is his.
    body(h.post(&bob, paths::PUSH_DEVICES, device("tok-1", "android")).await, 201).await;
    let listed = devices(&h).await;
    assert_eq!((listed.len(), listed[0].user_id), (1, Some(bob_id)));

    // Ana cannot remove Bob's device; Bob can, twice.
    let path = paths::push_device("tok-1");
    assert_eq!(h.call(Method::DELETE, Some(&ana), &path, None).await.status(), 204);
    assert_eq!(devices(&h).await.len(), 1);
    assert_eq!(h.call(Method::DELETE, Some(&bob), &path, None).await.status(), 204);
    assert_eq!(h.call(Method::DELETE, Some(&bob), &path, None).await.status(), 204);
    assert!(devices(&h).await.is_empty());
    h.server.stop().await;
}

async fn sent_pushes(h: &common::Harness) -> Vec<helpline_protocol::SentPush> {
    let page: SentPushesPage =
        serde_json::from_value(body(h.get(AGENT, paths::AGENT_SENT_PUSHES).await, 200).await).unwrap();
    page.push_notifications
}

#[tokio::test]
async fn agent_answers_and_status_changes_are_pushed_to_the_requesters_devices_but_internal_notes_are_not() {
    let h = start().await;
    let ana = h.anon("guid-ana").await;
    let bob = h.anon("guid-bob").await;
    body(h.post(&ana, paths::PUSH_DEVICES, device("ana-phone", "android")).await, 201).await;
    body(h.post(&ana, paths::PUSH_DEVICES, device("ana-tablet", "ios")).await, 201).await;
    body(h.post(&bob, paths::PUSH_DEVICES, device("bob-phone", "ios")).await, 201).await;
    let ticket = h.create(&ana, "Late parcel", "Where is it?").await;

    body(
        h.agent_update(ticket.id, json!({"comment": {"body": "Checking with the carrier.", "public": false}})).await,
        200,
    )
    .await;
    assert!(sent_pushes(&h).await.is_empty(), "an internal note is not pushed");

    body(h.agent_update(ticket.id, json!({"comment": {"body": "It ships today.", "public": true}})).await, 200).await;
    let sent = sent_pushes(&h).await;
    let tokens: Vec<&str> = sent.iter().map(|p| p.identifier.as_str()).collect();
    assert_eq!(tokens, ["ana-phone", "ana-tablet"], "each of Ana's devices, none of Bob's");
    let data = &sent[0].payload.helpline;
    assert_eq!((data.kind, data.ticket_id, data.conversation_id), (PushKind::TicketUpdated, Some(ticket.id), None));

    body(h.agent_update(ticket.id, json!({"status": "solved"})).await, 200).await;
    assert_eq!(sent_pushes(&h).await.len(), 4, "a status change is pushed too");
    body(h.agent_update(ticket.id, json!({"status": "solved"})).await, 200).await;
    assert_eq!(sent_pushes(&h).await.len(), 4, "the same status again is no news");
}

#[tokio::test]
async fn push_devices_need_a_user_and_a_valid_token() {
    let h = start().await;
    body(h.call(Method::POST, None, paths::PUSH_DEVICES, Some(device("tok", "ios"))).await, 401).await;
    body(h.post(AGENT, paths::PUSH_DEVICES, device("tok", "ios")).await, 401).await;
    let user = h.anon("guid-1").await;
    body(h.get(&user, paths::AGENT_PUSH_DEVICES).await, 401).await;
    for (bad, field) in [
        (device("  ", "ios"), "identifier"),
        (device("two words", "ios"), "identifier"),
        (device(&"x".repeat(5000), "ios"), "identifier"),
        (device("tok", "windows"), "device_type"),
    ] {
        let err = body(h.post(&user, paths::PUSH_DEVICES, bad).await, 422).await;
        assert!(err["details"][field].is_array(), "{field}: {err}");
    }
    body(h.post(&user, paths::PUSH_DEVICES, json!({"identifier": "tok"})).await, 400).await;
    assert!(devices(&h).await.is_empty());
    h.server.stop().await;
}

#[tokio::test]
async fn the_demo_seed_gives_the_demo_app_a_contact_form_and_reachable_rating_rules() {
    let h = common::start_with(|c| ServerConfig { seed_demo: true, ..c }).await;
    let demo: SettingsEnvelope = settings(&h, "demo-app", None).await.json().await.unwrap();
    let fields = &demo.settings.support.ticket_form.fields;
    assert_eq!(fields.iter().map(|f| f.title.as_str()).collect::<Vec<_>>(), vec!["Order number", "Topic"]);
    assert!(fields.iter().all(|f| !f.required), "the demo's tickets need no field");
    assert_eq!((demo.settings.rating.min_launches, demo.settings.rating.min_days_installed), (1, 0));
    let other: SettingsEnvelope = settings(&h, "other-app", None).await.json().await.unwrap();
    assert!(other.settings.support.ticket_form.fields.is_empty(), "only the demo app is seeded");
    h.server.stop().await;
}
