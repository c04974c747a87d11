//! The SDK against a stock Zendesk account (the reference server's `zendesk_only`): degraded,
//! never broken. No settings: the defaults, no error. No live messaging: chat switched off
//! with `FeatureDisabled`, and on again once a Helpline helpdesk answers. (Tickets, help
//! center and push, sign-out included, run in both modes in their own files.)

use helpline_core::{DeliveryState, Error, Event, Feature, Settings, SettingsRefresh};
use helpline_e2e::{Harness, Mode, wait_for};
use serde_json::json;

fn chat_off(result: Result<impl std::fmt::Debug, Error>) -> bool {
    matches!(result, Err(Error::FeatureDisabled { feature: Feature::Messaging }))
}

#[tokio::test]
async fn without_a_settings_endpoint_the_defaults_apply_and_nothing_fails() {
    let mut h = Harness::start().await;
    h.agent_set_settings(
        json!({"support": {"ticket_form": {"fields": [{"id": 7, "type": "text", "title": "Order"}]}}}),
    )
    .await;
    let sdk = h.sdk("Ana").await;
    sdk.refresh_settings().await.unwrap();
    assert_eq!(sdk.settings().support.ticket_fields.len(), 1, "the Helpline helpdesk's form");

    // The same data, now behind a stock Zendesk: no settings endpoint.
    h.restart_server_in(Mode::Zendesk).await;
    let mut events = sdk.subscribe();
    assert_eq!(sdk.refresh_settings().await, Ok(SettingsRefresh::Unavailable));
    wait_for(&mut events, |e| *e == Event::SettingsChanged).await;
    assert_eq!(sdk.settings(), Settings::default(), "the defaults, not a form the helpdesk no longer has");
    assert_eq!(sdk.refresh_settings().await, Ok(SettingsRefresh::Unavailable), "again: no error either");
    sdk.sync().await.expect("a sync is no error either");

    // A fresh install never had settings: the defaults from the start, and after a fetch.
    let fresh = h.sdk("Bob").await;
    assert_eq!(fresh.refresh_settings().await, Ok(SettingsRefresh::Unavailable));
    assert_eq!(fresh.settings(), Settings::default());
}

#[tokio::test]
async fn without_live_messaging_chat_is_switched_off_until_a_helpline_helpdesk_answers() {
    let mut h = Harness::start_in(Mode::Zendesk).await;
    let sdk = h.sdk("Ana").await;
    assert!(sdk.settings().messaging.enabled, "on by default, until the helpdesk is asked");
    let chat = sdk.messaging();
    let mut events = sdk.subscribe();
    assert!(chat_off(chat.start().await));
    wait_for(&mut events, |e| *e == Event::SettingsChanged).await;
    assert!(!sdk.settings().messaging.enabled, "the app can hide its chat button now");
    assert!(chat_off(chat.send("Anyone there?").await), "refused at once, nothing queued");
    assert!(sdk.outbox().unwrap().is_empty());
    assert_eq!(chat.connection_state(), helpline_core::ConnectionState::Disconnected, "no link kept up");

    // Remembered across a restart of the app.
    drop(chat);
    drop(sdk);
    let sdk = h.sdk("Ana").await;
    assert!(!sdk.settings().messaging.enabled);
    assert!(chat_off(sdk.messaging().start().await));

    // The app's helpdesk now speaks Helpline: its settings switch chat back on.
    h.restart_server_in(Mode::Helpline).await;
    assert_eq!(sdk.refresh_settings().await, Ok(SettingsRefresh::Changed));
    assert!(sdk.settings().messaging.enabled);
    let conversation = sdk.messaging().start().await.expect("chat works against a Helpline helpdesk");
    assert!(conversation.id > 0);
}

#[tokio::test]
async fn a_message_queued_before_the_helpdesk_said_no_fails_with_feature_disabled() {
    let h = Harness::start_in(Mode::Zendesk).await;
    let sdk = h.sdk("Ana").await;
    let chat = sdk.messaging();
    let queued = chat.send("Hello?").await.expect("queued: the SDK does not know yet");
    assert_eq!(queued.delivery, DeliveryState::Pending);
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0, "not pending any more");
    let item = sdk.outbox().unwrap().into_iter().next().expect("the failed write is listed");
    let DeliveryState::Failed { reason } = &item.state else { panic!("{item:?}") };
    assert!(reason.contains("messaging"), "{reason}");
    assert!(!sdk.settings().messaging.enabled);
}
