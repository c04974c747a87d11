//! Remote settings end to end: cached for offline starts, the contact form's fields checked,
//! features switched off refused, 304 when unchanged, the help center's default locale.

use helpline_core::{
    CustomFieldValue, Error, Event, Feature, FieldValue, Helpline, Settings, SettingsRefresh, TicketDraft,
    TicketFieldKind,
};
use helpline_e2e::{Harness, wait_for};
use serde_json::json;

/// Opens `name`'s SDK (a fresh data directory) and waits for its first background fetch of
/// the settings: the server's differ from the built-in defaults, so it always changes them.
async fn sdk_with_settings(h: &Harness, name: &str) -> Helpline {
    let sdk = Helpline::open(h.config(name)).expect("SDK opens");
    let mut events = sdk.subscribe();
    sdk.set_identity(helpline_core::Identity::Anonymous { name: Some(name.into()), email: None }).await.unwrap();
    wait_for(&mut events, |e| *e == Event::SettingsChanged).await;
    sdk
}

fn draft(fields: Vec<(i64, FieldValue)>) -> TicketDraft {
    TicketDraft {
        subject: "Order problem".into(),
        description: "It never arrived.".into(),
        custom_fields: fields.into_iter().map(|(id, value)| CustomFieldValue { id, value }).collect(),
        ..Default::default()
    }
}

fn invalid_field(result: Result<impl std::fmt::Debug, Error>) -> String {
    match result {
        Err(Error::Validation { field, .. }) => field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn order_form() -> serde_json::Value {
    json!({"support": {
        "attachments": {"max_attachment_size": 1048576},
        "ticket_form": {"fields": [
            {"id": 360001, "type": "text", "title": "Order number", "required": true},
            {"id": 360002, "type": "tagger", "title": "Topic", "options": [
                {"name": "Bug", "value": "bug"}, {"name": "Question", "value": "question"}]},
            {"id": 360003, "type": "integer", "title": "Quantity"},
            {"id": 360004, "type": "checkbox", "title": "Gift"}
        ]}
    }})
}

#[tokio::test]
async fn the_sdk_starts_offline_with_the_last_settings_it_fetched() {
    let mut h = Harness::start().await;
    h.agent_set_settings(order_form()).await;
    h.agent_set_settings(json!({"help_center": {"default_locale": "fr"}})).await;
    {
        let sdk = sdk_with_settings(&h, "Ana").await;
        assert_eq!(sdk.settings().support.ticket_fields.len(), 4);
    }

    h.stop_server().await;
    let never_fetched = Helpline::open(h.config("Bob")).unwrap();
    assert_eq!(never_fetched.settings(), Settings::default(), "the defaults before any fetch");
    assert!(matches!(never_fetched.refresh_settings().await, Err(Error::Offline { .. })));

    let sdk = h.sdk("Ana").await;
    let cached = sdk.settings();
    assert_eq!(cached.support.ticket_fields[0].title, "Order number");
    assert_eq!(cached.help_center.default_locale, "fr");
    assert_eq!(cached.support.attachments.max_attachment_size, 1048576);
    assert!(cached.updated_at.is_some());
    assert!(matches!(sdk.refresh_settings().await, Err(Error::Offline { .. })));
    assert_eq!(sdk.settings(), cached, "a failed fetch keeps the cached settings");
    // Applied offline too: the required field is asked for.
    assert_eq!(invalid_field(sdk.tickets().create(draft(vec![])).await), "custom_fields.360001");
    sdk.tickets().create(draft(vec![(360001, FieldValue::Text("A-1".into()))])).await.unwrap();
}

#[tokio::test]
async fn the_contact_forms_fields_are_exposed_and_checked_by_name() {
    let h = Harness::start().await;
    h.agent_set_settings(order_form()).await;
    let sdk = sdk_with_settings(&h, "Ana").await;
    let settings = sdk.settings();
    let kinds: Vec<_> = settings.support.ticket_fields.iter().map(|f| (f.id, f.kind, f.required)).collect();
    assert_eq!(
        kinds,
        vec![
            (360001, TicketFieldKind::Text, true),
            (360002, TicketFieldKind::Tagger, false),
            (360003, TicketFieldKind::Integer, false),
            (360004, TicketFieldKind::Checkbox, false)
        ]
    );
    assert_eq!(settings.support.ticket_fields[1].options[1].value, "question");
    assert_eq!(settings.support.attachments.max_attachment_size, 1048576);

    let order = || (360001, FieldValue::Text("A-1001".into()));
    assert_eq!(invalid_field(sdk.tickets().create(draft(vec![])).await), "custom_fields.360001");
    assert_eq!(
        invalid_field(sdk.tickets().create(draft(vec![(360001, FieldValue::Text(" ".into()))])).await),
        "custom_fields.360001"
    );
    let bad_topic = draft(vec![order(), (360002, FieldValue::Text("complaint".into()))]);
    assert_eq!(invalid_field(sdk.tickets().create(bad_topic).await), "custom_fields.360002");
    let bad_quantity = draft(vec![order(), (360003, FieldValue::Text("two".into()))]);
    assert_eq!(invalid_field(sdk.tickets().create(bad_quantity).await), "custom_fields.360003");
    let bad_gift = draft(vec![order(), (360004, FieldValue::Text("yes".into()))]);
    assert_eq!(invalid_field(sdk.tickets().create(bad_gift).await), "custom_fields.360004");
    assert!(sdk.tickets().list().unwrap().is_empty() && sdk.outbox().unwrap().is_empty(), "nothing stored");

    let good = draft(vec![
        order(),
        (360002, FieldValue::Text("bug".into())),
        (360003, FieldValue::Text("2".into())),
        (360004, FieldValue::Bool(true)),
    ]);
    let ticket = sdk.tickets().create(good).await.unwrap();
    assert!(ticket.custom_fields.contains(&CustomFieldValue { id: 360003, value: FieldValue::Number(2) }));
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let sent = sdk.tickets().refresh().await.unwrap();
    let fields = &sent[0].custom_fields;
    assert!(fields.contains(&CustomFieldValue { id: 360001, value: FieldValue::Text("A-1001".into()) }), "{fields:?}");
    assert!(
        fields.contains(&CustomFieldValue { id: 360003, value: FieldValue::Number(2) }),
        "the helpdesk got a number"
    );
    assert!(fields.contains(&CustomFieldValue { id: 360004, value: FieldValue::Bool(true) }));
}

#[tokio::test]
async fn a_feature_switched_off_on_the_helpdesk_is_refused_after_the_next_fetch() {
    let h = Harness::start_with(|c| c.seed_demo = true).await;
    let sdk = sdk_with_settings(&h, "Ana").await;
    let ticket = sdk.tickets().create(draft(vec![])).await.unwrap();
    sdk.help_center().sync().await.unwrap();
    assert!(!sdk.help_center().search_offline("password", 5).unwrap().is_empty());

    h.agent_set_settings(json!({"support": {"enabled": false}, "help_center": {"enabled": false}})).await;
    let mut events = sdk.subscribe();
    sdk.sync().await.unwrap();
    wait_for(&mut events, |e| *e == Event::SettingsChanged).await;

    let support = Err(Error::FeatureDisabled { feature: Feature::Support });
    let help_center = Err::<(), _>(Error::FeatureDisabled { feature: Feature::HelpCenter });
    assert_eq!(sdk.tickets().create(draft(vec![])).await.map(|_| ()), support);
    assert_eq!(sdk.tickets().add_comment(&ticket.id, "More").await.map(|_| ()), support);
    assert_eq!(sdk.help_center().sync().await.map(|_| ()), help_center);
    assert_eq!(sdk.help_center().search("password", 5).await.map(|_| ()), help_center);
    assert_eq!(sdk.help_center().search_offline("password", 5).map(|_| ()), help_center);
    assert_eq!(sdk.help_center().articles(None).map(|_| ()), help_center);
    assert!(sdk.help_center().suggestions("password", "reset", 3).unwrap().is_empty(), "no suggestions, no error");
    assert_eq!(sdk.tickets().list().unwrap().len(), 1, "the user's tickets stay readable");
    // Live chat follows its own switch.
    h.agent_set_settings(json!({"messaging": {"enabled": false}})).await;
    sdk.sync().await.unwrap();
    wait_for(&mut events, |e| *e == Event::SettingsChanged).await;
    let messaging = Err::<(), _>(Error::FeatureDisabled { feature: Feature::Messaging });
    assert_eq!(sdk.messaging().start().await.map(|_| ()), messaging);
    assert_eq!(sdk.messaging().send("hello?").await.map(|_| ()), messaging);
    h.agent_set_settings(json!({"messaging": {"enabled": null}})).await;
    let message = Error::FeatureDisabled { feature: Feature::HelpCenter }.to_string();
    assert!(message.contains("help_center"), "{message}");

    // Switched on again: `null` brings the default (on) back.
    h.agent_set_settings(json!({"support": {"enabled": null}, "help_center": {"enabled": null}})).await;
    assert_eq!(sdk.refresh_settings().await.unwrap(), SettingsRefresh::Changed);
    sdk.tickets().add_comment(&ticket.id, "More").await.unwrap();
    sdk.help_center().sync().await.unwrap();
}

#[tokio::test]
async fn unchanged_settings_cost_a_304_and_no_body() {
    let h = Harness::start().await;
    let sdk = sdk_with_settings(&h, "Ana").await;
    let path = "/api/private/mobile_sdk/settings/";
    let before = sdk.settings();
    let served = h.faults().served(path);
    assert_eq!(served, 1, "the background fetch at open");

    assert_eq!(sdk.refresh_settings().await.unwrap(), SettingsRefresh::NotModified);
    assert_eq!(h.faults().served(path), served + 1, "the request went, a 304 came back");
    assert_eq!(sdk.settings(), before);

    let mut events = sdk.subscribe();
    h.agent_set_settings(json!({"messaging": {"greeting": "Hello!"}})).await;
    assert_eq!(sdk.refresh_settings().await.unwrap(), SettingsRefresh::Changed);
    assert_eq!(sdk.settings().messaging.greeting, "Hello!");
    assert_eq!(events.try_recv().unwrap(), Event::SettingsChanged);
    assert_eq!(sdk.refresh_settings().await.unwrap(), SettingsRefresh::NotModified);
    assert!(events.try_recv().is_err(), "no event without a change");
}

#[tokio::test]
async fn the_help_center_falls_back_to_the_settings_default_locale() {
    let h = Harness::start_with(|c| c.seed_demo = true).await;
    let mut config = h.config("Ana");
    config.locale = "de-at".into();
    let sdk = Helpline::open(config).unwrap();
    sdk.refresh_settings().await.unwrap();
    assert_eq!(sdk.help_center().sync().await.unwrap().locale, "en-us", "the server's default locale");

    h.agent_set_settings(json!({"help_center": {"default_locale": "fr"}})).await;
    sdk.refresh_settings().await.unwrap();
    let report = sdk.help_center().sync().await.unwrap();
    assert_eq!((report.locale.as_str(), report.full), ("fr", true));
    assert_eq!(sdk.help_center().locale().unwrap(), "fr");
    assert!(sdk.help_center().articles(None).unwrap().iter().any(|a| a.html_url.contains("/fr/")));
}
