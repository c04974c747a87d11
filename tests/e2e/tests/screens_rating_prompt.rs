//! The rating prompt screen, as a user sees it: asked when every rule is met, then never again
//! after "no, thanks"; "not now" waits; feedback becomes a ticket; a failed answer says why.

use std::sync::Arc;
use std::time::Duration;

use helpline_core::{Error, Event, Helpline, Identity, ManualClock, Outcome, PromptAnswer, PromptReason};
use helpline_e2e::{Harness, Seen, wait_for};
use serde_json::json;

const DAY: Duration = Duration::from_secs(24 * 3600);
const T0_MS: i64 = 1_790_000_000_000;

/// An SDK on a manual clock whose rules (1 launch, 1 day, 1 event, remind after 5 days) are met.
async fn ready(h: &Harness, clock: &Arc<ManualClock>) -> Helpline {
    h.agent_set_settings(json!({"rating": {
        "enabled": true, "min_launches": 1, "min_days_installed": 1, "min_events": 1, "remind_after_days": 5
    }}))
    .await;
    let sdk = Helpline::open_with_clock(h.config("Ana"), clock.clone()).expect("SDK opens");
    let mut events = sdk.subscribe();
    sdk.set_identity(Identity::Anonymous { name: Some("Ana".into()), email: None }).await.unwrap();
    wait_for(&mut events, |e| *e == Event::SettingsChanged).await;
    sdk.rating().record_launch("2.0").await.unwrap();
    clock.advance(DAY);
    sdk.rating().record_event().await.unwrap();
    sdk
}

#[tokio::test]
async fn the_prompt_shows_when_every_rule_is_met_and_never_again_after_no_thanks() {
    let h = Harness::start().await;
    let clock = Arc::new(ManualClock::new(T0_MS));
    let sdk = Helpline::open_with_clock(h.config("Ana"), clock.clone()).unwrap();
    let prompt = sdk.rating_prompt().unwrap();
    assert!(!prompt.state().decision.should_prompt, "switched off until the helpdesk says otherwise");
    drop((prompt, sdk));

    let sdk = ready(&h, &clock).await;
    let prompt = sdk.rating_prompt().unwrap();
    let seen = Seen::watch(|l| prompt.subscribe(l));
    let asked = seen.until("asked", |s| s.decision.should_prompt).await;
    assert_eq!((asked.decision.reason, asked.answer), (PromptReason::Ready, PromptAnswer::Open));

    prompt.decline().await.unwrap();
    let declined = seen.until("declined", |s| !s.decision.should_prompt).await;
    assert_eq!(declined.decision.reason, PromptReason::Declined);
    assert_eq!(declined.answer, PromptAnswer::Answered { outcome: Outcome::Declined, ticket: None });
    clock.advance(400 * DAY);
    prompt.refresh().await.unwrap();
    assert_eq!(prompt.state().decision.reason, PromptReason::Declined, "never again");
}

#[tokio::test]
async fn not_now_waits_and_the_prompt_follows_the_helpdesk_switching_it_off() {
    let h = Harness::start().await;
    let clock = Arc::new(ManualClock::new(T0_MS));
    let sdk = ready(&h, &clock).await;
    let prompt = sdk.rating_prompt().unwrap();
    let seen = Seen::watch(|l| prompt.subscribe(l));

    prompt.later().await.unwrap();
    let later = seen.until("remind later", |s| !s.decision.should_prompt).await;
    assert_eq!(later.decision.reason, PromptReason::RemindLater { days_left: 5 });
    clock.advance(5 * DAY);
    prompt.refresh().await.unwrap();
    seen.until("asked again", |s| s.decision.should_prompt).await;

    h.agent_set_settings(json!({"rating": {"enabled": false}})).await;
    sdk.refresh_settings().await.unwrap();
    let off = seen.until("switched off", |s| !s.decision.should_prompt).await;
    assert_eq!(off.decision.reason, PromptReason::Disabled);
}

#[tokio::test]
async fn feedback_becomes_a_ticket_and_blank_feedback_shows_the_error() {
    let h = Harness::start().await;
    let clock = Arc::new(ManualClock::new(T0_MS));
    let sdk = ready(&h, &clock).await;
    let prompt = sdk.rating_prompt().unwrap();
    let seen = Seen::watch(|l| prompt.subscribe(l));

    let blank = prompt.feedback("  ".into()).await;
    assert!(matches!(&blank, Err(Error::Validation { field, .. }) if field == "text"), "{blank:?}");
    let failed = seen.until("failed", |s| matches!(s.answer, PromptAnswer::Failed { .. })).await;
    assert!(failed.decision.should_prompt, "nothing recorded: still asked");

    let ticket = prompt.feedback("The new menu is confusing".into()).await.unwrap();
    let answered = seen.until("feedback", |s| matches!(s.answer, PromptAnswer::Answered { .. })).await;
    let PromptAnswer::Answered { outcome: Outcome::Feedback { text }, ticket: Some(shown) } = answered.answer else {
        panic!("not feedback: {answered:?}")
    };
    assert_eq!((text.as_str(), shown.id.as_str()), ("The new menu is confusing", ticket.id.as_str()));
    assert_eq!(answered.decision.reason, PromptReason::FeedbackThisVersion);
    assert!(sdk.tickets().list().unwrap().iter().any(|t| t.id == ticket.id && t.tags.contains(&"app_feedback".into())));
}
