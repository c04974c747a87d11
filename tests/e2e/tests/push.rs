//! Push end to end: the token registered through the outbox (offline first, once), again for
//! a new user, replaced and removed; payloads refused unless well formed; a ticket push
//! bringing the agent's answer into the cache. Each test runs against a Helpline helpdesk and
//! a stock Zendesk (push devices are Zendesk's; only the chat part needs Helpline).

use std::sync::Arc;

use async_trait::async_trait;
use helpline_core::{
    DeliveryState, Error, Event, Helpline, Identity, JwtProvider, OutboxKind, PushTarget, TicketDraft,
};
use helpline_e2e::{Harness, Mode, both_modes, sign_jwt, wait_for};
use helpline_protocol as wire;

both_modes!(
    a_token_registered_offline_is_sent_once_when_back,
    a_new_user_on_the_device_gets_the_token_registered_again,
    signing_out_stops_the_users_pushes_and_the_next_user_gets_the_token,
    a_new_token_replaces_the_old_one_and_unregistering_removes_it,
    bad_tokens_and_platforms_are_refused_by_name,
    forged_or_truncated_pushes_are_refused_and_change_nothing,
    a_ticket_push_brings_the_agents_answer_into_the_cache,
    a_message_push_names_its_conversation,
    the_helpdesk_pushes_an_agents_answer_and_the_push_brings_it_in,
);

const DEVICES: &str = "/api/mobile/push_notification_devices";

struct Backend;

#[async_trait]
impl JwtProvider for Backend {
    async fn jwt(&self, user_token: &str) -> Result<String, String> {
        Ok(sign_jwt(user_token, &format!("{user_token}@example.com")))
    }
}

/// `name`'s SDK on an Android device.
async fn phone(h: &Harness, name: &str) -> Helpline {
    let mut config = h.config(name);
    config.platform = "android".into();
    let sdk = Helpline::open(config).expect("SDK opens");
    sdk.set_identity(Identity::Anonymous { name: Some(name.into()), email: None }).await.unwrap();
    sdk
}

fn push_items(sdk: &Helpline) -> Vec<(OutboxKind, DeliveryState)> {
    sdk.outbox()
        .unwrap()
        .into_iter()
        .filter(|i| matches!(i.kind, OutboxKind::RegisterPush | OutboxKind::UnregisterPush))
        .map(|i| (i.kind, i.state))
        .collect()
}

/// The helpdesk's id of the SDK's user, learned from a ticket of theirs.
async fn user_id(h: &Harness, sdk: &Helpline, subject: &str) -> u64 {
    sdk.tickets()
        .create(TicketDraft { subject: subject.into(), description: "hi".into(), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    h.agent_tickets().await.into_iter().find(|t| t.subject == subject).expect("the ticket").requester_id
}

async fn a_token_registered_offline_is_sent_once_when_back(mode: Mode) {
    let mut h = Harness::start_in(mode).await;
    let sdk = phone(&h, "Ana").await;
    h.stop_server().await;

    sdk.register_push_token("fcm-token-1").await.unwrap();
    sdk.register_push_token(" fcm-token-1 ").await.unwrap();
    assert_eq!(push_items(&sdk), vec![(OutboxKind::RegisterPush, DeliveryState::Pending)], "queued once");
    assert_eq!(sdk.flush_outbox().await.unwrap(), 1, "offline: still pending");
    assert_eq!(sdk.push_token().unwrap().as_deref(), Some("fcm-token-1"));

    h.restart_server().await;
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let ana = user_id(&h, &sdk, "Ana's").await;
    let devices = h.agent_push_devices().await;
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].identifier, "fcm-token-1");
    assert_eq!(
        (devices[0].user_id, devices[0].device_type.as_str(), devices[0].locale.as_deref()),
        (Some(ana), "android", Some("en-us"))
    );
    assert_eq!(h.faults().served(DEVICES), 1);

    // The same token again, even after a restart of the app: nothing to send.
    drop(sdk);
    let sdk = phone(&h, "Ana").await;
    sdk.register_push_token("fcm-token-1").await.unwrap();
    assert!(push_items(&sdk).is_empty());
    sdk.flush_outbox().await.unwrap();
    assert_eq!(h.faults().served(DEVICES), 1, "sent exactly once");
}

async fn a_new_user_on_the_device_gets_the_token_registered_again(mode: Mode) {
    let h = Harness::start_in(mode).await;
    let sdk = phone(&h, "Ana").await;
    sdk.set_jwt_provider(Arc::new(Backend));
    sdk.register_push_token("apns-token").await.unwrap();
    let ana = user_id(&h, &sdk, "Ana's").await;
    assert_eq!(h.agent_push_devices().await[0].user_id, Some(ana));

    sdk.set_identity(Identity::Jwt { user_token: "bo".into() }).await.unwrap();
    assert_eq!(push_items(&sdk), vec![(OutboxKind::RegisterPush, DeliveryState::Pending)], "queued for Bo");
    let bo = user_id(&h, &sdk, "Bo's").await;
    assert_ne!(ana, bo);
    let devices = h.agent_push_devices().await;
    assert_eq!(devices.len(), 1, "one device");
    assert_eq!(devices[0].user_id, Some(bo), "now Bo's");

    // Bo again (a new name, the same user): nothing to send.
    sdk.set_identity(Identity::Jwt { user_token: "bo".into() }).await.unwrap();
    assert!(push_items(&sdk).is_empty());
}

async fn signing_out_stops_the_users_pushes_and_the_next_user_gets_the_token(mode: Mode) {
    let h = Harness::start_in(mode).await;
    let sdk = phone(&h, "Ana").await;
    sdk.register_push_token("shared-phone").await.unwrap();
    let ana = user_id(&h, &sdk, "Ana's").await;
    assert_eq!(h.agent_push_devices().await[0].user_id, Some(ana));

    sdk.clear_identity().await.unwrap();
    eventually_async("the device leaves Ana's account", || async { h.agent_push_devices().await.is_empty() }).await;
    assert_eq!(sdk.push_token().unwrap().as_deref(), Some("shared-phone"), "the device keeps its token");

    sdk.set_identity(Identity::Anonymous { name: Some("Cy".into()), email: None }).await.unwrap();
    let cy = user_id(&h, &sdk, "Cy's").await;
    assert_ne!(cy, ana);
    let devices = h.agent_push_devices().await;
    assert_eq!((devices.len(), devices[0].user_id), (1, Some(cy)));
}

/// Polls an async `check` until it holds, failing after a few seconds.
async fn eventually_async<F: std::future::Future<Output = bool>>(what: &str, check: impl Fn() -> F) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while !check().await {
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for: {what}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

async fn a_new_token_replaces_the_old_one_and_unregistering_removes_it(mode: Mode) {
    let h = Harness::start_in(mode).await;
    let sdk = phone(&h, "Ana").await;
    sdk.register_push_token("token-1").await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);

    sdk.register_push_token("token-2").await.unwrap();
    let kinds: Vec<_> = push_items(&sdk).into_iter().map(|(k, _)| k).collect();
    assert_eq!(kinds, vec![OutboxKind::UnregisterPush, OutboxKind::RegisterPush]);
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let devices = h.agent_push_devices().await;
    assert_eq!(devices.iter().map(|d| d.identifier.as_str()).collect::<Vec<_>>(), vec!["token-2"]);

    sdk.unregister_push_token().await.unwrap();
    sdk.unregister_push_token().await.unwrap();
    assert_eq!(push_items(&sdk).len(), 1, "removed once");
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert!(h.agent_push_devices().await.is_empty());
    assert_eq!(sdk.push_token().unwrap(), None);
}

async fn bad_tokens_and_platforms_are_refused_by_name(mode: Mode) {
    let h = Harness::start_in(mode).await;
    let sdk = phone(&h, "Ana").await;
    for bad in ["", "two words", "a/b", "é"] {
        assert!(
            matches!(sdk.register_push_token(bad).await, Err(Error::Validation { field, .. }) if field == "token"),
            "{bad:?}"
        );
    }
    let desktop = h.sdk("Bob").await;
    assert!(
        matches!(desktop.register_push_token("tok").await, Err(Error::Validation { field, .. }) if field == "platform")
    );
    assert!(sdk.outbox().unwrap().is_empty() && desktop.outbox().unwrap().is_empty());
}

async fn forged_or_truncated_pushes_are_refused_and_change_nothing(mode: Mode) {
    let h = Harness::start_in(mode).await;
    let ana = phone(&h, "Ana").await;
    let bob = phone(&h, "Bob").await;
    bob.tickets().create(TicketDraft { description: "Bob's secret".into(), ..Default::default() }).await.unwrap();
    bob.flush_outbox().await.unwrap();
    let bobs = bob.tickets().list().unwrap()[0].remote_id.unwrap();

    let refused = [
        r#"{"helpline": {"kind": "ticket_updated", "ticket_id": 4"#.to_owned(),
        r#"{"aps": {"alert": "Hello"}}"#.to_owned(),
        r#"{"helpline": {"kind": "erase_all", "ticket_id": 1}}"#.to_owned(),
        r#"{"helpline": {"kind": "ticket_updated"}}"#.to_owned(),
        r#"{"helpline": {"kind": "ticket_updated", "ticket_id": "1; DROP TABLE tickets"}}"#.to_owned(),
        r#"{"helpline": {"kind": "message", "ticket_id": 1}}"#.to_owned(),
        "\u{0}\u{ffff}".to_owned(),
    ];
    for payload in &refused {
        match ana.handle_push(payload).await {
            Err(Error::InvalidPush { reason }) => assert!(!reason.is_empty()),
            other => panic!("{payload:?}: expected InvalidPush, got {other:?}"),
        }
    }
    // Well formed, but someone else's ticket: the helpdesk does not show it.
    let forged = format!(r#"{{"helpline": {{"kind": "ticket_updated", "ticket_id": {bobs}}}}}"#);
    assert!(matches!(ana.handle_push(&forged).await, Err(Error::NotFound { .. })));
    assert!(ana.tickets().list().unwrap().is_empty(), "nothing cached");
    assert!(ana.outbox().unwrap().is_empty());
}

async fn a_ticket_push_brings_the_agents_answer_into_the_cache(mode: Mode) {
    let mut h = Harness::start_in(mode).await;
    let sdk = phone(&h, "Ana").await;
    let ticket = sdk
        .tickets()
        .create(TicketDraft { description: "Where is my parcel?".into(), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let remote_id = sdk.tickets().get(&ticket.id).unwrap().ticket.remote_id.unwrap();

    h.agent_update(remote_id, Some("It left the warehouse today."), None).await;
    let mut events = sdk.subscribe();
    let payload = format!(
        r#"{{"aps": {{"alert": "New reply"}}, "helpline": {{"kind": "ticket_updated", "ticket_id": {remote_id}}}}}"#
    );
    let target = sdk.handle_push(&payload).await.unwrap();
    assert_eq!(target, PushTarget::Ticket { remote_id, ticket_id: Some(ticket.id.clone()), synced: true });
    let detail = sdk.tickets().get(&ticket.id).unwrap();
    assert!(detail.comments.iter().any(|c| c.body == "It left the warehouse today." && c.author.is_agent));
    assert_eq!(sdk.tickets().unread_count().unwrap(), 1, "the badge");
    wait_for(&mut events, |e| *e == Event::TicketChanged { ticket_id: ticket.id.clone() }).await;

    // FCM data messages carry the payload as a string.
    let fcm = format!(r#"{{"helpline": "{{\"kind\": \"ticket_updated\", \"ticket_id\": {remote_id}}}"}}"#);
    assert!(matches!(sdk.handle_push(&fcm).await, Ok(PushTarget::Ticket { synced: true, .. })));

    // Offline, the push still says where to go; the next sync brings the rest.
    h.stop_server().await;
    let target = sdk.handle_push(&payload).await.unwrap();
    assert_eq!(target, PushTarget::Ticket { remote_id, ticket_id: Some(ticket.id), synced: false });
}

async fn a_message_push_names_its_conversation(mode: Mode) {
    let h = Harness::start_in(mode).await;
    let sdk = phone(&h, "Ana").await;
    let mut events = sdk.subscribe();
    let target =
        sdk.handle_push(r#"{"helpline": {"kind": "message", "conversation_id": 5, "ticket_id": 42}}"#).await.unwrap();
    assert_eq!(
        target,
        PushTarget::Conversation { conversation_id: 5, ticket_id: Some(42), synced: false },
        "not a conversation of this device: the next start brings it"
    );
    wait_for(&mut events, |e| *e == Event::PushMessage { conversation_id: 5 }).await;
}

async fn the_helpdesk_pushes_an_agents_answer_and_the_push_brings_it_in(mode: Mode) {
    let h = Harness::start_in(mode).await;
    let sdk = phone(&h, "Ana").await;
    let bo = phone(&h, "Bo").await;
    sdk.register_push_token("fcm-token-of-ana").await.unwrap();
    bo.register_push_token("fcm-token-of-bo").await.unwrap();
    let ticket = sdk
        .tickets()
        .create(TicketDraft { description: "Where is my parcel?".into(), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert_eq!(bo.flush_outbox().await.unwrap(), 0);
    let remote_id = sdk.tickets().get(&ticket.id).unwrap().ticket.remote_id.unwrap();
    assert!(h.agent_sent_pushes().await.is_empty(), "nothing to tell yet");

    h.agent_update(remote_id, Some("It left the warehouse today."), None).await;
    let sent = h.agent_sent_pushes().await;
    assert_eq!(sent.len(), 1, "one push, to Ana's device only: {sent:?}");
    assert_eq!((sent[0].identifier.as_str(), sent[0].device_type), ("fcm-token-of-ana", wire::DeviceType::Android));
    let delivered = serde_json::to_string(&sent[0].payload).unwrap();
    let target = sdk.handle_push(&delivered).await.unwrap();
    assert_eq!(target, PushTarget::Ticket { remote_id, ticket_id: Some(ticket.id.clone()), synced: true });
    let detail = sdk.tickets().get(&ticket.id).unwrap();
    assert!(detail.comments.iter().any(|c| c.body == "It left the warehouse today." && c.author.is_agent));

    // A chat message from the agent is pushed too, naming the conversation; with the app in
    // the background (no realtime link), the push brings the message. A stock Zendesk has no
    // live messaging: chat is switched off, and says so.
    let chat = sdk.messaging();
    if mode == Mode::Zendesk {
        let off = chat.start().await;
        assert!(matches!(off, Err(Error::FeatureDisabled { feature: helpline_core::Feature::Messaging })), "{off:?}");
        return;
    }
    let conversation = chat.start().await.unwrap();
    chat.stop();
    chat.mark_read().await.unwrap();
    h.agent_say(conversation.id, "Hello Ana, an agent here.").await;
    let sent = h.agent_sent_pushes().await;
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(chat.messages().unwrap().iter().all(|m| m.text != "Hello Ana, an agent here."), "not there yet");
    let delivered = serde_json::to_string(&sent[1].payload).unwrap();
    let target = sdk.handle_push(&delivered).await.unwrap();
    assert!(
        matches!(target, PushTarget::Conversation { conversation_id, ticket_id: Some(_), synced: true } if conversation_id == conversation.id),
        "{target:?}"
    );
    assert!(chat.messages().unwrap().iter().any(|m| m.text == "Hello Ana, an agent here."));
    assert_eq!(chat.unread_count().unwrap(), 1, "the badge");
}
