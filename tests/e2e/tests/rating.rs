//! The rating prompt end to end, on a clock the tests move by hand: every threshold, the
//! helpdesk switching prompts off, each outcome, a recent error, and feedback as a ticket.

use std::sync::Arc;
use std::time::Duration;

use helpline_core::{DeliveryState, Error, Event, Helpline, Identity, ManualClock, Outcome, PromptReason, TicketDraft};
use helpline_e2e::{Harness, wait_for};
use helpline_server::Fault;
use serde_json::json;

const DAY: Duration = Duration::from_secs(24 * 3600);
/// 2026-09-21: any fixed time works, the clock is the test's.
const T0_MS: i64 = 1_790_000_000_000;

/// The helpdesk's rules for these tests: 3 launches, 2 days, 1 event, remind after 5 days.
async fn rules(h: &Harness) {
    h.agent_set_settings(json!({"rating": {
        "enabled": true, "min_launches": 3, "min_days_installed": 2, "min_events": 1, "remind_after_days": 5
    }}))
    .await;
}

/// An SDK on a manual clock (platform android), signed in, with the settings fetched.
async fn sdk(h: &Harness, clock: &Arc<ManualClock>) -> Helpline {
    let mut config = h.config("Ana");
    config.platform = "android".into();
    let sdk = Helpline::open_with_clock(config, clock.clone()).expect("SDK opens");
    let mut events = sdk.subscribe();
    sdk.set_identity(Identity::Anonymous { name: Some("Ana".into()), email: Some("ana@example.com".into()) })
        .await
        .unwrap();
    wait_for(&mut events, |e| *e == Event::SettingsChanged).await;
    sdk
}

fn reason(sdk: &Helpline) -> PromptReason {
    let decision = sdk.rating().should_prompt().unwrap();
    assert_eq!(decision.should_prompt, decision.reason == PromptReason::Ready, "{decision:?}");
    decision.reason
}

/// Three launches of 1.0, two days, one event: every rule met.
async fn make_ready(sdk: &Helpline, clock: &ManualClock) {
    for _ in 0..3 {
        sdk.rating().record_launch("1.0").await.unwrap();
    }
    clock.advance(2 * DAY);
    sdk.rating().record_event().await.unwrap();
    assert_eq!(reason(sdk), PromptReason::Ready);
}

#[tokio::test]
async fn each_threshold_holds_the_prompt_back_until_it_is_met() {
    let h = Harness::start().await;
    rules(&h).await;
    let clock = Arc::new(ManualClock::new(T0_MS));
    let sdk = sdk(&h, &clock).await;
    let rating = sdk.rating();

    assert_eq!(reason(&sdk), PromptReason::NoLaunchRecorded);
    rating.record_launch("1.0").await.unwrap();
    rating.record_launch("1.0").await.unwrap();
    assert_eq!(reason(&sdk), PromptReason::NotEnoughLaunches { launches: 2, needed: 3 });
    rating.record_launch("1.0").await.unwrap();
    assert_eq!(reason(&sdk), PromptReason::TooSoonAfterInstall { days: 0, needed: 2 });
    clock.advance(2 * DAY - Duration::from_millis(1));
    assert_eq!(reason(&sdk), PromptReason::TooSoonAfterInstall { days: 1, needed: 2 });
    clock.advance(Duration::from_millis(1));
    assert_eq!(reason(&sdk), PromptReason::NotEnoughEvents { events: 0, needed: 1 });
    rating.record_event().await.unwrap();
    let decision = rating.should_prompt().unwrap();
    assert!(decision.should_prompt);
    assert_eq!(decision.reason, PromptReason::Ready);

    let status = rating.status().unwrap();
    assert_eq!((status.launches, status.events, status.app_version.as_deref()), (3, 1, Some("1.0")));
    let installed = status.installed_at.map(|t| t.duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64);
    assert_eq!(installed, Some(T0_MS), "the first launch's time");
    assert!(matches!(rating.record_launch(" ").await, Err(Error::Validation { field, .. }) if field == "app_version"));
}

#[tokio::test]
async fn the_helpdesk_can_switch_prompts_off() {
    let h = Harness::start().await;
    rules(&h).await;
    let clock = Arc::new(ManualClock::new(T0_MS));
    let sdk = sdk(&h, &clock).await;
    make_ready(&sdk, &clock).await;

    h.agent_set_settings(json!({"rating": {"enabled": false}})).await;
    sdk.refresh_settings().await.unwrap();
    assert_eq!(reason(&sdk), PromptReason::Disabled);

    // Before any fetch, prompts are off too: the built-in default.
    let fresh = Helpline::open_with_clock(h.config("Bob"), clock.clone()).unwrap();
    fresh.rating().record_launch("1.0").await.unwrap();
    assert!(!fresh.settings().rating.enabled);
    assert_eq!(reason(&fresh), PromptReason::Disabled);
}

#[tokio::test]
async fn remind_later_waits_the_helpdesks_days() {
    let h = Harness::start().await;
    rules(&h).await;
    let clock = Arc::new(ManualClock::new(T0_MS));
    let sdk = sdk(&h, &clock).await;
    assert!(
        matches!(sdk.rating().record_outcome(Outcome::RemindLater).await, Err(Error::Validation { field, .. }) if field == "app_version")
    );
    make_ready(&sdk, &clock).await;

    assert_eq!(sdk.rating().record_outcome(Outcome::RemindLater).await.unwrap(), None);
    assert_eq!(reason(&sdk), PromptReason::RemindLater { days_left: 5 });
    clock.advance(5 * DAY - Duration::from_millis(1));
    assert_eq!(reason(&sdk), PromptReason::RemindLater { days_left: 1 });
    clock.advance(Duration::from_millis(1));
    assert_eq!(reason(&sdk), PromptReason::Ready);
}

#[tokio::test]
async fn declined_is_forever_even_for_a_new_version() {
    let h = Harness::start().await;
    rules(&h).await;
    let clock = Arc::new(ManualClock::new(T0_MS));
    let sdk = sdk(&h, &clock).await;
    make_ready(&sdk, &clock).await;

    sdk.rating().record_outcome(Outcome::Declined).await.unwrap();
    assert_eq!(reason(&sdk), PromptReason::Declined);
    clock.advance(1000 * DAY);
    sdk.rating().record_launch("2.0").await.unwrap();
    assert_eq!(reason(&sdk), PromptReason::Declined);
    // It outlives the user too: the memory is the install's.
    sdk.clear_identity().await.unwrap();
    assert_eq!(reason(&sdk), PromptReason::Declined);
}

#[tokio::test]
async fn rated_holds_for_this_version_and_a_new_version_waits_a_year() {
    let h = Harness::start().await;
    rules(&h).await;
    let clock = Arc::new(ManualClock::new(T0_MS));
    let sdk = sdk(&h, &clock).await;
    make_ready(&sdk, &clock).await;

    sdk.rating().record_outcome(Outcome::Rated).await.unwrap();
    assert_eq!(reason(&sdk), PromptReason::RatedThisVersion);
    clock.advance(400 * DAY);
    assert_eq!(reason(&sdk), PromptReason::RatedThisVersion, "the same version is never asked again");

    // Rated again on 1.0 today; 1.1 comes out tomorrow.
    sdk.rating().record_outcome(Outcome::Rated).await.unwrap();
    clock.advance(DAY);
    sdk.rating().record_launch("1.1").await.unwrap();
    assert_eq!(reason(&sdk), PromptReason::RatedRecently { days_left: 364 });
    clock.advance(364 * DAY);
    assert_eq!(reason(&sdk), PromptReason::Ready, "a new version, a year after rating");
    let status = sdk.rating().status().unwrap();
    assert_eq!((status.last_outcome.as_deref(), status.last_outcome_version.as_deref()), (Some("rated"), Some("1.0")));
}

#[tokio::test]
async fn an_error_the_user_met_silences_the_prompt_for_a_day() {
    let h = Harness::start().await;
    rules(&h).await;
    let clock = Arc::new(ManualClock::new(T0_MS));
    let sdk = sdk(&h, &clock).await;
    make_ready(&sdk, &clock).await;

    // A refused input.
    let blank = TicketDraft { description: " ".into(), ..Default::default() };
    assert!(matches!(sdk.tickets().create(blank).await, Err(Error::Validation { .. })));
    assert_eq!(reason(&sdk), PromptReason::RecentError { hours_left: 24 });
    clock.advance(DAY);
    assert_eq!(reason(&sdk), PromptReason::Ready);

    // A write the helpdesk refused for good.
    h.faults().push("/api/v2/requests.json", Fault::Status(400));
    let ticket = sdk.tickets().create(TicketDraft { description: "Crash".into(), ..Default::default() }).await.unwrap();
    sdk.flush_outbox().await.unwrap();
    assert!(matches!(sdk.tickets().get(&ticket.id).unwrap().ticket.delivery, DeliveryState::Failed { .. }));
    assert_eq!(reason(&sdk), PromptReason::RecentError { hours_left: 24 });
    clock.advance(DAY);
    assert_eq!(reason(&sdk), PromptReason::Ready);

    // One the app reports.
    clock.advance(Duration::from_secs(3600));
    sdk.rating().record_error().await.unwrap();
    clock.advance(Duration::from_secs(3600));
    assert_eq!(reason(&sdk), PromptReason::RecentError { hours_left: 23 });
}

#[tokio::test]
async fn feedback_becomes_a_ticket_tagged_app_feedback() {
    let h = Harness::start().await;
    rules(&h).await;
    // A required contact-form field does not stand in the way of feedback.
    h.agent_set_settings(json!({"support": {"ticket_form": {"fields": [
        {"id": 7, "type": "text", "title": "Order", "required": true}]}}}))
        .await;
    let clock = Arc::new(ManualClock::new(T0_MS));
    let sdk = sdk(&h, &clock).await;
    make_ready(&sdk, &clock).await;

    let blank = sdk.rating().record_outcome(Outcome::Feedback { text: "  ".into() }).await;
    assert!(matches!(blank, Err(Error::Validation { field, .. }) if field == "text"));
    assert_eq!(reason(&sdk), PromptReason::Ready, "nothing recorded");

    let text = "The new layout hides the search.";
    let ticket = sdk.rating().record_outcome(Outcome::Feedback { text: text.into() }).await.unwrap().expect("a ticket");
    assert_eq!(ticket.tags, vec!["app_feedback"]);
    assert!(ticket.description.starts_with(text));
    assert!(ticket.description.contains("App version: 1.0") && ticket.description.contains("Platform: android"));
    assert_eq!(reason(&sdk), PromptReason::FeedbackThisVersion);

    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let agent_view = h.agent_tickets().await;
    assert_eq!(agent_view.len(), 1);
    assert_eq!(agent_view[0].tags, vec!["app_feedback"]);
    assert!(agent_view[0].description.contains("App version: 1.0"));

    // A plain ticket still needs the field (an error met: a day of quiet); a new version may ask again.
    let plain = TicketDraft { description: "Hi".into(), ..Default::default() };
    assert!(
        matches!(sdk.tickets().create(plain).await, Err(Error::Validation { field, .. }) if field == "custom_fields.7")
    );
    clock.advance(DAY);
    sdk.rating().record_launch("1.1").await.unwrap();
    assert_eq!(reason(&sdk), PromptReason::Ready);
}
