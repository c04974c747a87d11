//! Satisfaction ratings end to end against the reference helpdesk: a solved ticket rated at once
//! and sent once, offline and across a killed process, changed before it was sent (one send,
//! the latest), refused when not solved or not the user's, switched off by the settings, a 5xx
//! retried, a 422 failing visibly, and an ended conversation rated through its request. The
//! ticket tests run against a Helpline helpdesk and a stock Zendesk (no settings document: on).

use helpline_core::{
    ChatEvent, DeliveryState, Error, Event, Feature, Helpline, OutboxKind, SatisfactionScore, TicketDraft, TicketStatus,
};
use helpline_e2e::{AGENT_TOKEN, Harness, Mode, both_modes, wait_for};
use helpline_protocol::{self as wire, Status};
use helpline_server::Fault;

both_modes!(
    a_solved_ticket_is_rated_at_once_then_sent_once,
    a_rating_given_offline_is_sent_once_later_even_after_the_app_was_killed,
    not_solved_unknown_and_too_long_are_refused_by_type_and_nothing_is_queued,
    another_users_ticket_cannot_be_rated,
    a_server_error_is_retried_and_a_refusal_fails_visibly,
);

/// What a rating's POST path ends with (the agent's list is `satisfaction_ratings.json`).
const RATE_PATH: &str = "/satisfaction_rating.json";

/// The agent's list of every rating.
async fn agent_ratings(h: &Harness) -> Vec<wire::SatisfactionRating> {
    let url = format!("{}{}", h.base_url(), wire::paths::SATISFACTION_RATINGS);
    let response = reqwest::Client::new().get(url).bearer_auth(AGENT_TOKEN).send().await.expect("agent ratings");
    assert!(response.status().is_success(), "agent ratings: {}", response.status());
    response.json::<wire::SatisfactionRatingsPage>().await.expect("ratings JSON").satisfaction_ratings
}

/// A ticket of the SDK's user that the agent solved, synced: its local and remote ids.
async fn solved_ticket(h: &Harness, sdk: &Helpline, subject: &str) -> (String, i64) {
    let draft = TicketDraft { subject: subject.into(), description: "Please help".into(), ..Default::default() };
    let ticket = sdk.tickets().create(draft).await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let remote_id = sdk.tickets().get(&ticket.id).unwrap().ticket.remote_id.expect("on the helpdesk");
    h.agent_update(remote_id, Some("Fixed in 2.3.2."), Some(Status::Solved)).await;
    sdk.sync().await.unwrap();
    (ticket.id, remote_id)
}

fn rating_items(sdk: &Helpline) -> Vec<DeliveryState> {
    sdk.outbox().unwrap().into_iter().filter(|i| i.kind == OutboxKind::RateSatisfaction).map(|i| i.state).collect()
}

async fn a_solved_ticket_is_rated_at_once_then_sent_once(mode: Mode) {
    let h = Harness::start_in(mode).await;
    let sdk = h.sdk("Ana").await;
    let (ticket_id, remote_id) = solved_ticket(&h, &sdk, "Rate me").await;
    let before = sdk.tickets().get(&ticket_id).unwrap().ticket;
    assert_eq!(before.status, TicketStatus::Solved);
    assert!(before.satisfaction.offered && before.satisfaction.rating.is_none(), "{:?}", before.satisfaction);

    let mut events = sdk.subscribe();
    let shown = sdk.tickets().rate(&ticket_id, SatisfactionScore::Good, Some("  Quick and kind.  ")).await.unwrap();
    let rating = shown.satisfaction.rating.expect("shown at once");
    assert_eq!((rating.score, rating.comment.as_deref()), (SatisfactionScore::Good, Some("Quick and kind.")));
    assert_eq!(rating.delivery, DeliveryState::Pending);
    let listed = sdk.tickets().list().unwrap();
    assert_eq!(listed[0].satisfaction.rating.as_ref().map(|r| r.score), Some(SatisfactionScore::Good), "in the list");
    wait_for(&mut events, |e| matches!(e, Event::TicketChanged { ticket_id: t } if *t == ticket_id)).await;

    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let sent = sdk.tickets().get(&ticket_id).unwrap().ticket.satisfaction;
    assert_eq!(sent.rating.map(|r| r.delivery), Some(DeliveryState::Sent), "the helpdesk's now");
    assert!(sent.offered, "still offered: the user may change it");
    let ratings = agent_ratings(&h).await;
    assert_eq!(ratings.len(), 1);
    assert_eq!((ratings[0].ticket_id as i64, ratings[0].score), (remote_id, wire::Score::Good));
    assert_eq!(ratings[0].comment.as_deref(), Some("Quick and kind."));
    let agent_ticket = h.agent_tickets().await.into_iter().find(|t| t.id as i64 == remote_id).unwrap();
    assert_eq!(agent_ticket.satisfaction_rating.map(|s| s.score), Some(wire::Score::Good));
    assert_eq!(h.faults().served(RATE_PATH), 1, "sent once");

    // Changed later: the same rating at the helpdesk, the new value.
    sdk.tickets().rate(&ticket_id, SatisfactionScore::Bad, None).await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let ratings = agent_ratings(&h).await;
    assert_eq!(ratings.len(), 1, "one rating per ticket");
    assert_eq!((ratings[0].score, ratings[0].comment.as_deref()), (wire::Score::Bad, None));
    sdk.sync().await.unwrap();
    let synced = sdk.tickets().get(&ticket_id).unwrap().ticket.satisfaction.rating.unwrap();
    assert_eq!((synced.score, synced.delivery), (SatisfactionScore::Bad, DeliveryState::Sent));
}

async fn a_rating_given_offline_is_sent_once_later_even_after_the_app_was_killed(mode: Mode) {
    let mut h = Harness::start_in(mode).await;
    let sdk = h.sdk("Ana").await;
    let (ticket_id, remote_id) = solved_ticket(&h, &sdk, "Offline").await;
    h.stop_server().await;

    sdk.tickets().rate(&ticket_id, SatisfactionScore::Good, Some("first thought")).await.unwrap();
    let changed = sdk.tickets().rate(&ticket_id, SatisfactionScore::Bad, Some("second thought")).await.unwrap();
    let rating = changed.satisfaction.rating.unwrap();
    assert_eq!((rating.score, rating.delivery), (SatisfactionScore::Bad, DeliveryState::Pending));
    assert_eq!(rating_items(&sdk), vec![DeliveryState::Pending], "the queued rating was replaced, not added");
    assert_eq!(sdk.flush_outbox().await.unwrap(), 1, "offline: still pending");
    drop(sdk); // the app is killed

    h.restart_server().await;
    let sdk = Helpline::open(h.config("Ana")).unwrap();
    let kept = sdk.tickets().get(&ticket_id).unwrap().ticket.satisfaction.rating.unwrap();
    assert_eq!((kept.score, kept.delivery), (SatisfactionScore::Bad, DeliveryState::Pending), "kept on the device");
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert_eq!(h.faults().served(RATE_PATH), 1, "one send, the latest value");
    let ratings = agent_ratings(&h).await;
    assert_eq!(ratings.len(), 1);
    assert_eq!(ratings[0].ticket_id as i64, remote_id);
    assert_eq!((ratings[0].score, ratings[0].comment.as_deref()), (wire::Score::Bad, Some("second thought")));
    assert!(rating_items(&sdk).is_empty());
}

async fn not_solved_unknown_and_too_long_are_refused_by_type_and_nothing_is_queued(mode: Mode) {
    let h = Harness::start_in(mode).await;
    let sdk = h.sdk("Ana").await;
    let draft = TicketDraft { description: "Still broken".into(), ..Default::default() };
    let open = sdk.tickets().create(draft).await.unwrap();
    let not_yet = sdk.tickets().rate(&open.id, SatisfactionScore::Good, None).await;
    assert!(matches!(&not_yet, Err(Error::Validation { field, .. }) if field == "status"), "{not_yet:?}");
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let on_helpdesk = sdk.tickets().get(&open.id).unwrap().ticket;
    assert!(!on_helpdesk.satisfaction.offered, "an open ticket is not offered a rating");
    let open_refused = sdk.tickets().rate(&open.id, SatisfactionScore::Good, None).await;
    assert!(matches!(&open_refused, Err(Error::Validation { field, .. }) if field == "status"), "{open_refused:?}");

    let unknown = sdk.tickets().rate("no-such-ticket", SatisfactionScore::Good, None).await;
    assert!(matches!(unknown, Err(Error::NotFound { .. })), "{unknown:?}");

    let (solved, _) = solved_ticket(&h, &sdk, "Solved").await;
    let long = "é".repeat(1_001);
    let too_long = sdk.tickets().rate(&solved, SatisfactionScore::Bad, Some(&long)).await;
    assert!(matches!(&too_long, Err(Error::Validation { field, .. }) if field == "comment"), "{too_long:?}");
    assert!(rating_items(&sdk).is_empty(), "nothing refused was queued");
    assert_eq!(sdk.tickets().get(&solved).unwrap().ticket.satisfaction.rating, None, "nor shown");
    let longest = "é".repeat(1_000);
    sdk.tickets().rate(&solved, SatisfactionScore::Bad, Some(&longest)).await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert_eq!(agent_ratings(&h).await[0].comment.as_ref().map(|c| c.chars().count()), Some(1_000));
}

/// Bob's device does not have Ana's ticket (NotFound); Ana's rating queued offline is wiped when
/// she signs out, never sent under the next user's name; and the helpdesk refuses others anyway.
async fn another_users_ticket_cannot_be_rated(mode: Mode) {
    let mut h = Harness::start_in(mode).await;
    let ana = h.sdk("Ana").await;
    let (ana_ticket, remote_id) = solved_ticket(&h, &ana, "Ana's").await;
    let bob = h.sdk("Bob").await;
    bob.sync().await.unwrap();
    let not_his = bob.tickets().rate(&ana_ticket, SatisfactionScore::Bad, None).await;
    assert!(matches!(not_his, Err(Error::NotFound { .. })), "{not_his:?}");
    assert_eq!(bob.tickets().find_by_remote_id(remote_id).unwrap(), None);

    h.stop_server().await;
    ana.tickets().rate(&ana_ticket, SatisfactionScore::Good, None).await.unwrap();
    ana.clear_identity().await.unwrap();
    assert!(rating_items(&ana).is_empty(), "the signed-out user's rating goes with their data");
    assert!(ana.tickets().list().unwrap().is_empty());
    h.restart_server().await;
    ana.set_identity(helpline_core::Identity::Anonymous { name: Some("Cy".into()), email: None }).await.unwrap();
    ana.sync().await.unwrap();
    assert_eq!(h.faults().served(RATE_PATH), 0, "never sent");

    let stranger = h.anonymous_token().await;
    let url = format!("{}{}", h.base_url(), wire::paths::satisfaction_rating(remote_id as u64));
    let body = serde_json::json!({"satisfaction_rating": {"score": "bad"}});
    let refused = reqwest::Client::new().post(url).bearer_auth(stranger).json(&body).send().await.unwrap();
    assert_eq!(refused.status(), 404, "not the requester");
    assert!(agent_ratings(&h).await.is_empty());
}

async fn a_server_error_is_retried_and_a_refusal_fails_visibly(mode: Mode) {
    let h = Harness::start_in(mode).await;
    let sdk = h.sdk("Ana").await;
    let (ticket_id, remote_id) = solved_ticket(&h, &sdk, "Flaky").await;
    h.faults().push(RATE_PATH, Fault::Status(503));
    sdk.tickets().rate(&ticket_id, SatisfactionScore::Good, None).await.unwrap();
    helpline_e2e::eventually("the 503 met", || h.faults().queued() == 0).await;
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0, "retried after the 5xx");
    assert_eq!(agent_ratings(&h).await.len(), 1);

    // Reopened before the change reached the helpdesk: 422, failed with its reason.
    h.agent_update(remote_id, Some("One more question"), Some(Status::Open)).await;
    let mut events = sdk.subscribe();
    sdk.tickets().rate(&ticket_id, SatisfactionScore::Bad, Some("Reopened?")).await.unwrap();
    let failed = wait_for(
        &mut events,
        |e| matches!(e, Event::OutboxChanged { item } if matches!(item.state, DeliveryState::Failed { .. })),
    )
    .await;
    let Event::OutboxChanged { item } = failed else { unreachable!() };
    assert_eq!((item.kind, item.target_id.as_str()), (OutboxKind::RateSatisfaction, ticket_id.as_str()));
    let DeliveryState::Failed { reason } = &item.state else { unreachable!() };
    assert!(reason.contains("status"), "the reason names the field: {reason}");
    let shown = sdk.tickets().get(&ticket_id).unwrap().ticket.satisfaction.rating.unwrap();
    assert_eq!(shown.score, SatisfactionScore::Bad);
    assert!(matches!(shown.delivery, DeliveryState::Failed { .. }), "visible on the ticket: {:?}", shown.delivery);
    assert_eq!(agent_ratings(&h).await[0].score, wire::Score::Good, "the helpdesk kept the first");

    // Discarded: the helpdesk's rating shows again. Solved again and rated: it goes.
    sdk.discard(item.id).await.unwrap();
    let back = sdk.tickets().get(&ticket_id).unwrap().ticket.satisfaction.rating.unwrap();
    assert_eq!((back.score, back.delivery), (SatisfactionScore::Good, DeliveryState::Sent));
    h.agent_update(remote_id, None, Some(Status::Solved)).await;
    sdk.sync().await.unwrap();
    sdk.tickets().rate(&ticket_id, SatisfactionScore::Bad, None).await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert_eq!(agent_ratings(&h).await[0].score, wire::Score::Bad);
}

#[tokio::test]
async fn the_helpdesk_switches_ratings_off_and_an_older_one_never_offers_them() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let (ticket_id, _) = solved_ticket(&h, &sdk, "Switch").await;
    assert!(sdk.settings().support.satisfaction_ratings_enabled);

    h.agent_set_settings(serde_json::json!({"support": {"satisfaction_ratings_enabled": false}})).await;
    sdk.refresh_settings().await.unwrap();
    assert!(!sdk.tickets().get(&ticket_id).unwrap().ticket.satisfaction.offered);
    let off = sdk.tickets().rate(&ticket_id, SatisfactionScore::Good, None).await;
    assert_eq!(off.unwrap_err(), Error::FeatureDisabled { feature: Feature::SatisfactionRatings });

    // A settings document without the field (a helpdesk older than ratings): not offered.
    h.agent_set_settings(serde_json::json!({"support": {"satisfaction_ratings_enabled": null}})).await;
    sdk.refresh_settings().await.unwrap();
    assert!(!sdk.settings().support.satisfaction_ratings_enabled);
    assert!(sdk.tickets().rate(&ticket_id, SatisfactionScore::Good, None).await.is_err());

    h.agent_set_settings(serde_json::json!({"support": {"satisfaction_ratings_enabled": true}})).await;
    sdk.refresh_settings().await.unwrap();
    assert!(sdk.tickets().get(&ticket_id).unwrap().ticket.satisfaction.offered);
    sdk.tickets().rate(&ticket_id, SatisfactionScore::Good, None).await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert_eq!(agent_ratings(&h).await.len(), 1);
}

#[tokio::test]
async fn an_ended_conversation_is_rated_through_its_request() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let mut events = sdk.subscribe();
    let chat = sdk.messaging();
    let conversation = chat.start().await.unwrap();
    assert!(!conversation.satisfaction.offered, "an active conversation is not rated");
    let active = chat.rate(conversation.id, SatisfactionScore::Good, None).await;
    assert!(matches!(&active, Err(Error::Validation { field, .. }) if field == "status"), "{active:?}");

    h.agent_end(conversation.id).await;
    wait_for(&mut events, |e| matches!(e, Event::Chat(ChatEvent::Ended { .. }))).await;
    let ended = chat.conversations().unwrap().into_iter().find(|c| c.id == conversation.id).unwrap();
    assert!(!ended.active && ended.satisfaction.offered, "{ended:?}");

    let rated = chat.rate(conversation.id, SatisfactionScore::Good, Some("Thanks, Sam")).await.unwrap();
    assert_eq!(rated.satisfaction.rating.as_ref().map(|r| r.delivery.clone()), Some(DeliveryState::Pending));
    let id = conversation.id;
    wait_for(
        &mut events,
        |e| matches!(e, Event::Chat(ChatEvent::SatisfactionChanged { conversation_id }) if *conversation_id == id),
    )
    .await;
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let ratings = agent_ratings(&h).await;
    assert_eq!(ratings.len(), 1);
    assert_eq!(ratings[0].ticket_id as i64, conversation.request_id, "the conversation's request is rated");

    sdk.sync().await.unwrap();
    assert!(sdk.tickets().list().unwrap().is_empty(), "a conversation is no ticket");
    let synced = chat.conversations().unwrap().into_iter().find(|c| c.id == id).unwrap();
    let rating = synced.satisfaction.rating.unwrap();
    assert_eq!((rating.score, rating.comment.as_deref()), (SatisfactionScore::Good, Some("Thanks, Sam")));
    assert_eq!(rating.delivery, DeliveryState::Sent);
    let unknown = chat.rate(id + 1000, SatisfactionScore::Good, None).await;
    assert!(matches!(unknown, Err(Error::NotFound { .. })), "{unknown:?}");
}
