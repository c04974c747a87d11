//! The chat screen, as a user sees it: its state delivered whole, then each change.

use helpline_core::{
    ChatAuthorKind, ChatScreen, ChatState, ChatStatus, ConnectionBanner, DeliveryState, Helpline, Notice,
    SatisfactionScore, TimelineItem,
};
use helpline_e2e::{Harness, Seen};

/// Paris in winter: the timeline's days are Paris days.
const PARIS: i32 = 3600;

fn messages(s: &ChatState) -> Vec<&helpline_core::ChatMessage> {
    s.timeline
        .iter()
        .filter_map(|item| match item {
            TimelineItem::Message { message, .. } => Some(message),
            _ => None,
        })
        .collect()
}

fn said(s: &ChatState, text: &str) -> usize {
    messages(s).iter().filter(|m| m.text == text).count()
}

/// Ana's chat screen once the chat is open, the bot's greeting shown and the link up.
async fn open_chat(h: &Harness) -> (Helpline, ChatScreen, Seen<ChatState>) {
    let sdk = h.sdk("Ana").await;
    let screen = sdk.chat_screen(PARIS).unwrap();
    let seen = Seen::watch(|l| screen.subscribe(l));
    screen.start().await.unwrap();
    seen.until("the chat open, greeted, online", |s| {
        s.status == ChatStatus::Open
            && s.banner == ConnectionBanner::Online
            && messages(s).iter().any(|m| m.author.kind == ChatAuthorKind::Bot)
    })
    .await;
    (sdk, screen, seen)
}

#[tokio::test]
async fn opening_the_chat_shows_the_bots_greeting_under_todays_date() {
    let h = Harness::start().await;
    let (_sdk, _screen, seen) = open_chat(&h).await;
    let shown = seen.until("the greeting", |s| !s.timeline.is_empty()).await;
    let TimelineItem::Day { day } = &shown.timeline[0] else { panic!("a day first: {:?}", shown.timeline) };
    assert_eq!(day.len(), 10, "YYYY-MM-DD: {day}");
    assert!(shown.conversation.as_ref().is_some_and(|c| c.active));
    assert!(shown.typing.is_none());
    assert!(!shown.composer.can_send, "nothing typed, nothing to send");
}

#[tokio::test]
async fn an_agent_typing_then_answering_shows_typing_then_the_answer_after_a_joined_notice() {
    let h = Harness::start().await;
    let (_sdk, screen, seen) = open_chat(&h).await;
    let conversation = screen.state().conversation.unwrap().id;

    h.agent_typing(conversation, true).await;
    let typing = seen.until("the agent typing", |s| s.typing.is_some()).await;
    assert_eq!(typing.typing.unwrap().kind, ChatAuthorKind::Agent);
    h.agent_say(conversation, "Hi Ana, let me check.").await;
    h.agent_typing(conversation, false).await;
    let answered =
        seen.until("the answer, typing over", |s| said(s, "Hi Ana, let me check.") == 1 && s.typing.is_none()).await;
    let joined = answered
        .timeline
        .iter()
        .position(|i| matches!(i, TimelineItem::Notice { notice: Notice::AgentJoined { .. } }))
        .expect("the agent's joining is shown");
    let answer = answered
        .timeline
        .iter()
        .position(|i| matches!(i, TimelineItem::Message { message, .. } if message.text == "Hi Ana, let me check."))
        .unwrap();
    assert!(joined < answer, "joined, then spoke: {:?}", answered.timeline);
}

#[tokio::test]
async fn an_agent_who_answers_or_ends_without_saying_they_stopped_typing_is_not_shown_typing() {
    let h = Harness::start().await;
    let (_sdk, screen, seen) = open_chat(&h).await;
    let conversation = screen.state().conversation.unwrap().id;

    h.agent_typing(conversation, true).await;
    seen.until("the agent typing", |s| s.typing.is_some()).await;
    h.agent_say(conversation, "Found it.").await;
    seen.until("the answer ends the typing", |s| said(s, "Found it.") == 1 && s.typing.is_none()).await;

    h.agent_typing(conversation, true).await;
    let typing = seen.until("typing again, after their own message", |s| s.typing.is_some()).await;
    assert_eq!(said(&typing, "Found it."), 1, "their earlier message does not end the new typing");
    h.agent_end(conversation).await;
    seen.until("ended, nobody typing", |s| s.status == ChatStatus::Ended && s.typing.is_none()).await;
}

#[tokio::test]
async fn a_message_written_offline_shows_pending_then_sent_when_back_never_twice() {
    let mut h = Harness::start().await;
    let (_sdk, screen, seen) = open_chat(&h).await;

    h.stop_server().await;
    seen.until("offline", |s| matches!(s.banner, ConnectionBanner::Offline { .. })).await;
    screen.set_composer("Written in a tunnel".into()).await.unwrap();
    assert!(screen.state().composer.can_send);
    screen.send().await.unwrap();
    let pending = seen
        .until("pending, counted in the banner", |s| {
            s.banner == ConnectionBanner::Offline { pending: 1 } && said(s, "Written in a tunnel") == 1
        })
        .await;
    assert_eq!(pending.composer.text, "", "the composer empties at once");
    let (message, send) = pending
        .timeline
        .iter()
        .find_map(|i| match i {
            TimelineItem::Message { message, send } if message.is_mine => Some((message, send)),
            _ => None,
        })
        .unwrap();
    assert_eq!(message.delivery, DeliveryState::Pending);
    assert!(send.outbox_item.is_some(), "a pending message names its outbox item");

    h.restart_server().await;
    let sent = seen
        .until("sent once back", |s| {
            s.banner == ConnectionBanner::Online
                && messages(s).iter().any(|m| m.text == "Written in a tunnel" && m.delivery == DeliveryState::Sent)
        })
        .await;
    assert_eq!(said(&sent, "Written in a tunnel"), 1, "never twice");
    let last_seq = h.agent_conversation(sent.conversation.unwrap().id).await.last_seq as i64;
    let whole =
        seen.until("everything the helpdesk has", |s| messages(s).iter().any(|m| m.seq == Some(last_seq))).await;
    assert_eq!(said(&whole, "Written in a tunnel"), 1, "the helpdesk has it once too");
}

#[tokio::test]
async fn answers_add_up_while_the_screen_is_hidden_and_are_read_while_it_is_shown() {
    let h = Harness::start().await;
    let (_sdk, screen, seen) = open_chat(&h).await;
    let conversation = screen.state().conversation.unwrap().id;
    assert!(screen.state().unread_count >= 1, "the greeting is unread until seen");

    screen.set_visible(true).await.unwrap();
    seen.until("seen", |s| s.unread_count == 0).await;
    h.agent_say(conversation, "Are you still there?").await;
    let shown = seen.until("the answer", |s| said(s, "Are you still there?") == 1).await;
    seen.until("read as it came", |s| s.unread_count == 0).await;
    assert!(shown.unread_count <= 1);

    screen.set_visible(false).await.unwrap();
    h.agent_say(conversation, "Ana?").await;
    h.agent_say(conversation, "I'll close this then.").await;
    seen.until("two unread while hidden", |s| s.unread_count == 2).await;
    screen.set_visible(true).await.unwrap();
    seen.until("read once shown", |s| s.unread_count == 0).await;
}

#[tokio::test]
async fn what_the_user_was_writing_survives_the_app_being_killed() {
    let h = Harness::start().await;
    let (sdk, screen, _seen) = open_chat(&h).await;
    screen.set_composer("My order #1042 is".into()).await.unwrap();
    drop((screen, _seen, sdk));

    let sdk = h.sdk("Ana").await;
    let screen = sdk.chat_screen(PARIS).unwrap();
    let seen = Seen::watch(|l| screen.subscribe(l));
    seen.until("the draft, from the device", |s| s.composer.text == "My order #1042 is").await;
}

#[tokio::test]
async fn an_ended_conversation_shows_its_end_and_is_rated_and_a_new_one_can_start() {
    let h = Harness::start().await;
    let (_sdk, screen, seen) = open_chat(&h).await;
    let conversation = screen.state().conversation.unwrap().id;

    h.agent_end(conversation).await;
    let ended = seen.until("ended", |s| s.status == ChatStatus::Ended).await;
    assert!(matches!(ended.timeline.last(), Some(TimelineItem::Notice { notice: Notice::Ended })));
    screen.set_composer("one more thing".into()).await.unwrap();
    assert!(!screen.state().composer.can_send, "nothing more to an ended conversation");
    assert!(ended.can_start_new);

    let rated = screen.rate(SatisfactionScore::Good, Some("Quick.".into())).await.unwrap();
    assert_eq!(rated.satisfaction.rating.map(|r| r.score), Some(SatisfactionScore::Good));

    let next = screen.start_new().await.unwrap();
    assert_ne!(next.id, conversation);
    let fresh = seen.until("the new one open", |s| s.status == ChatStatus::Open).await;
    assert_eq!(fresh.conversation.unwrap().id, next.id);
    assert!(!fresh.timeline.iter().any(|i| matches!(i, TimelineItem::Notice { notice: Notice::Ended })));
}

#[tokio::test]
async fn chat_switched_off_by_the_helpdesk_says_so() {
    let h = Harness::start().await;
    h.agent_set_settings(serde_json::json!({"messaging": {"enabled": false}})).await;
    let sdk = h.sdk("Ana").await;
    sdk.refresh_settings().await.unwrap();
    let screen = sdk.chat_screen(0).unwrap();
    let seen = Seen::watch(|l| screen.subscribe(l));
    assert!(matches!(screen.start().await, Err(helpline_core::Error::FeatureDisabled { .. })));
    let off = seen.until("failed", |s| matches!(s.status, ChatStatus::Failed { .. })).await;
    assert!(
        matches!(off.status, ChatStatus::Failed { error: helpline_core::Error::FeatureDisabled { .. } }),
        "{:?}",
        off.status
    );
}

#[tokio::test]
async fn a_double_tap_on_send_sends_one_message_and_a_ticket_write_is_not_the_chats_to_retry() {
    let h = Harness::start().await;
    let (sdk, screen, seen) = open_chat(&h).await;
    screen.set_composer("Only once".into()).await.unwrap();
    let (first, second) = tokio::join!(screen.send(), screen.send());
    assert!(first.is_ok() != second.is_ok(), "one sent, one refused: {first:?} {second:?}");
    let refused = if first.is_err() { first } else { second };
    assert!(matches!(&refused, Err(helpline_core::Error::Validation { field, .. }) if field == "text"), "{refused:?}");
    let sent = seen
        .until("sent", |s| messages(s).iter().any(|m| m.text == "Only once" && m.delivery == DeliveryState::Sent))
        .await;
    assert_eq!(said(&sent, "Only once"), 1);

    let ticket = sdk
        .tickets()
        .create(helpline_core::TicketDraft { description: "A ticket".into(), ..Default::default() })
        .await
        .unwrap();
    let write = sdk.outbox().unwrap().into_iter().find(|i| i.target_id == ticket.id).unwrap();
    assert!(matches!(screen.discard(write.id).await, Err(helpline_core::Error::NotFound { .. })));
}

#[tokio::test]
async fn before_signing_in_the_chat_says_it_needs_a_user_then_opens_once_signed_in() {
    let h = Harness::start().await;
    let sdk = Helpline::open(h.config("Ana")).unwrap();
    let screen = sdk.chat_screen(0).unwrap();
    let seen = Seen::watch(|l| screen.subscribe(l));
    let refused = screen.start().await;
    assert!(matches!(refused, Err(helpline_core::Error::NoIdentity)), "{refused:?}");
    seen.until("needs a user", |s| s.status == ChatStatus::Failed { error: helpline_core::Error::NoIdentity }).await;

    sdk.set_identity(helpline_core::Identity::Anonymous { name: Some("Ana".into()), email: None }).await.unwrap();
    seen.until("ready to start again", |s| s.status == ChatStatus::Starting).await;
    screen.start().await.unwrap();
    seen.until("open", |s| s.status == ChatStatus::Open).await;
}
