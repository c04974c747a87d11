//! Live messaging end to end: the SDK against the reference helpdesk over a real WebSocket
//! and HTTP on loopback, with a real SQLite cache.

use futures_util::{SinkExt, StreamExt};
use helpline_core::{ChatAuthorKind, ChatEvent, ConnectionState, DeliveryState, Event, Helpline};
use helpline_e2e::{Harness, eventually, wait_for};
use helpline_protocol as wire;
use tokio_tungstenite::tungstenite::{Message as WsMessage, client::IntoClientRequest};

fn connected(event: &Event) -> bool {
    matches!(event, Event::Chat(ChatEvent::Connection { state: ConnectionState::Connected }))
}

fn texts(sdk: &Helpline) -> Vec<String> {
    sdk.messaging().messages().unwrap().into_iter().map(|m| m.text).collect()
}

/// Every message is held once, confirmed ones in strictly growing seq order.
fn assert_gap_free(sdk: &Helpline) {
    let messages = sdk.messaging().messages().unwrap();
    let seqs: Vec<i64> = messages.iter().filter_map(|m| m.seq).collect();
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>(), "seqs 1..n, no gap, no double: {messages:#?}");
}

#[tokio::test]
async fn a_conversation_with_an_agent_typing_reading_and_answering() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let mut events = sdk.subscribe();
    let chat = sdk.messaging();
    let conversation = chat.start().await.unwrap();
    wait_for(&mut events, connected).await;
    eventually("the bot's greeting", || chat.messages().unwrap().iter().any(|m| m.author.kind == ChatAuthorKind::Bot))
        .await;

    let mine = chat.send("Hello, my order #1042 is late").await.unwrap();
    assert_eq!(mine.delivery, DeliveryState::Pending);
    assert!(mine.is_mine && mine.seq.is_none());
    eventually("my message confirmed", || {
        chat.messages()
            .unwrap()
            .iter()
            .any(|m| m.local_id == mine.local_id && m.delivery == DeliveryState::Sent && m.seq.is_some())
    })
    .await;

    h.agent_typing(conversation.id, true).await;
    wait_for(&mut events, |e| matches!(e, Event::Chat(ChatEvent::Typing { active: true, author, .. }) if author.kind == ChatAuthorKind::Agent)).await;
    h.agent_say(conversation.id, "Hi Ana, let me check.").await;
    wait_for(&mut events, |e| matches!(e, Event::Chat(ChatEvent::AgentJoined { .. }))).await;
    eventually("the agent's answer", || texts(&sdk).iter().any(|t| t == "Hi Ana, let me check.")).await;
    let answer = chat.messages().unwrap().into_iter().find(|m| m.text == "Hi Ana, let me check.").unwrap();
    assert_eq!(answer.author.kind, ChatAuthorKind::Agent);
    assert!(!answer.is_mine);
    assert_eq!(chat.unread_count().unwrap(), 2, "the bot's greeting and the agent's answer, not mine");

    chat.mark_read().await.unwrap();
    assert_eq!(chat.unread_count().unwrap(), 0);
    let last = answer.seq.unwrap();
    let mut read = 0;
    for _ in 0..200 {
        read = h.agent_conversation(conversation.id).await.user_read_seq as i64;
        if read == last {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(read, last, "the agent sees how far the user read");

    h.agent_read(conversation.id, last).await;
    wait_for(&mut events, |e| matches!(e, Event::Chat(ChatEvent::Read { seq, .. }) if *seq == last)).await;
    assert_eq!(chat.agent_read_seq().unwrap(), last);

    assert_gap_free(&sdk);
    h.agent_end(conversation.id).await;
    wait_for(&mut events, |e| matches!(e, Event::Chat(ChatEvent::Ended { .. }))).await;
    assert_eq!(chat.conversation().unwrap(), None, "an ended conversation is no longer the active one");
}

#[tokio::test]
async fn a_helpdesk_restart_mid_conversation_loses_and_doubles_nothing() {
    let mut h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let mut events = sdk.subscribe();
    let chat = sdk.messaging();
    let conversation = chat.start().await.unwrap();
    wait_for(&mut events, connected).await;
    for i in 0..3 {
        chat.send(&format!("user before {i}")).await.unwrap();
        h.agent_say(conversation.id, &format!("agent before {i}")).await;
    }
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);

    h.stop_server().await;
    for i in 0..3 {
        chat.send(&format!("user during {i}")).await.unwrap();
    }
    h.restart_server().await;
    for i in 0..3 {
        h.agent_say(conversation.id, &format!("agent after {i}")).await;
    }
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    for i in 0..2 {
        chat.send(&format!("user after {i}")).await.unwrap();
    }
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);

    let server_last = || async { h.agent_conversation(conversation.id).await.last_seq };
    let total = server_last().await;
    eventually("every message, once", || {
        chat.messages().unwrap().iter().filter(|m| m.seq.is_some()).count() as u64 == total
    })
    .await;
    assert_gap_free(&sdk);
    let all = texts(&sdk);
    for expected in
        ["user before 2", "agent before 2", "user during 0", "user during 2", "agent after 2", "user after 1"]
    {
        assert_eq!(all.iter().filter(|t| *t == expected).count(), 1, "{expected} exactly once in {all:?}");
    }
    let during: Vec<&String> = all.iter().filter(|t| t.starts_with("user during")).collect();
    assert_eq!(during, ["user during 0", "user during 1", "user during 2"], "sent in the order written");
}

#[tokio::test]
async fn messages_written_offline_and_then_killed_are_sent_once_after_reopening() {
    let mut h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let conversation = sdk.messaging().start().await.unwrap();
    h.stop_server().await;
    for i in 0..4 {
        let m = sdk.messaging().send(&format!("offline {i}")).await.unwrap();
        assert_eq!(m.delivery, DeliveryState::Pending);
    }
    assert_eq!(sdk.flush_outbox().await.unwrap(), 4);
    drop(sdk); // the app is killed with four messages pending

    h.restart_server().await;
    let sdk = h.sdk("Ana").await;
    assert_eq!(texts(&sdk).iter().filter(|t| t.starts_with("offline")).count(), 4, "still on the device");
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let sent: Vec<_> =
        sdk.messaging().messages().unwrap().into_iter().filter(|m| m.text.starts_with("offline")).collect();
    assert!(sent.iter().all(|m| m.delivery == DeliveryState::Sent));
    assert_eq!(
        sent.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(),
        ["offline 0", "offline 1", "offline 2", "offline 3"]
    );
    let on_server = h.agent_conversation(conversation.id).await;
    let seqs: Vec<i64> = sent.iter().map(|m| m.seq.unwrap()).collect();
    assert_eq!(*seqs.last().unwrap(), on_server.last_seq as i64, "the helpdesk holds them once: nothing after them");
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "consecutive, in order: {seqs:?}");
}

#[tokio::test]
async fn a_first_message_offline_starts_the_conversation_when_back() {
    let mut h = Harness::start().await;
    h.stop_server().await;
    let sdk = h.sdk("Ana").await;
    let chat = sdk.messaging();
    let m = chat.send("Is anyone there?").await.unwrap();
    assert_eq!(chat.messages().unwrap()[0].local_id, m.local_id, "listed before any conversation exists");
    h.restart_server().await;
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let conversation = chat.conversation().unwrap().expect("started by the delivery");
    assert!(chat.messages().unwrap().iter().any(|x| x.local_id == m.local_id && x.delivery == DeliveryState::Sent));
    assert_eq!(h.agent_conversations().await[0].conversation.id as i64, conversation.id);
}

#[tokio::test]
async fn another_user_cannot_subscribe_to_the_conversation() {
    let h = Harness::start().await;
    let ana = h.sdk("Ana").await;
    let conversation = ana.messaging().start().await.unwrap();
    ana.messaging().send("private words").await.unwrap();
    assert_eq!(ana.flush_outbox().await.unwrap(), 0);

    // Bob signs in on his own device, then asks for Ana's conversation.
    let bob = h.anonymous_token().await;
    let url = h.realtime_url();
    let mut request = url.as_str().into_client_request().unwrap();
    let bearer = format!("Bearer {bob}");
    request.headers_mut().insert("Authorization", bearer.parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    let subscribe = wire::ClientFrame::Subscribe { conversation_id: conversation.id as u64, after_seq: 0 };
    ws.send(WsMessage::text(subscribe.to_text())).await.unwrap();
    let answer = tokio::time::timeout(std::time::Duration::from_secs(5), ws.next()).await.unwrap().unwrap().unwrap();
    let frame = wire::ServerFrame::parse(answer.to_text().unwrap()).unwrap();
    assert!(matches!(frame, wire::ServerFrame::Error { .. }), "{frame:?}");
    assert!(!answer.to_text().unwrap().contains("private words"));

    // Without a valid token there is no WebSocket at all.
    let mut forged = url.as_str().into_client_request().unwrap();
    forged.headers_mut().insert("Authorization", "Bearer forged".parse().unwrap());
    assert!(tokio_tungstenite::connect_async(forged).await.is_err());
}

#[tokio::test]
async fn malformed_frames_and_unknown_types_are_skipped_not_fatal() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let mut events = sdk.subscribe();
    let conversation = sdk.messaging().start().await.unwrap();
    wait_for(&mut events, connected).await;
    eventually("subscribed", || h.inject_frame(conversation.id, r#"{"type":"pong"}"#) == 1).await;

    assert_eq!(h.inject_frame(conversation.id, "{not json"), 1);
    assert_eq!(h.inject_frame(conversation.id, r#"{"type":"sparkles","glitter":true}"#), 1);
    assert_eq!(h.inject_frame(conversation.id, r#"{"type":"message","message":{"id":"x"}}"#), 1);
    h.agent_say(conversation.id, "still here?").await;
    eventually("the next real message", || texts(&sdk).iter().any(|t| t == "still here?")).await;
    assert_eq!(sdk.messaging().connection_state(), ConnectionState::Connected);
    while let Ok(event) = events.try_recv() {
        assert!(
            !matches!(event, Event::Chat(ChatEvent::Connection { state: ConnectionState::Connecting })),
            "the link never dropped"
        );
    }
}

#[tokio::test]
async fn without_websockets_the_sdk_polls_over_http() {
    let h = Harness::start_with(|c| c.realtime_enabled = false).await;
    let sdk = h.sdk("Ana").await;
    let mut events = sdk.subscribe();
    let chat = sdk.messaging();
    let conversation = chat.start().await.unwrap();
    wait_for(&mut events, |e| matches!(e, Event::Chat(ChatEvent::Connection { state: ConnectionState::Polling })))
        .await;

    chat.send("hello over plain HTTP").await.unwrap();
    h.agent_say(conversation.id, "polled answer").await;
    eventually("the answer, polled", || texts(&sdk).iter().any(|t| t == "polled answer")).await;
    assert!(
        chat.messages().unwrap().iter().any(|m| m.text == "hello over plain HTTP" && m.delivery == DeliveryState::Sent)
    );
    assert_gap_free(&sdk);
}

#[tokio::test]
async fn a_conversation_is_not_listed_among_the_tickets() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    sdk.messaging().start().await.unwrap();
    sdk.messaging().send("chatting, not filing a ticket").await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert!(
        sdk.tickets().refresh().await.unwrap().is_empty(),
        "the helpdesk's request behind the chat stays out of the list"
    );
}

#[tokio::test]
async fn typing_shows_to_the_agent_then_stops_by_itself_after_a_pause() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let mut events = sdk.subscribe();
    let chat = sdk.messaging();
    let conversation = chat.start().await.unwrap();
    wait_for(&mut events, connected).await;
    let typing_on_server = || async { h.agent_conversation(conversation.id).await.user_typing };

    for _ in 0..20 {
        chat.typing(); // keystrokes
    }
    let mut seen = false;
    for _ in 0..100 {
        seen = typing_on_server().await;
        if seen {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(seen, "the agent sees the user typing");
    // Keystrokes keep it on; a pause of a few seconds turns it off by itself.
    let mut stopped = false;
    for _ in 0..300 {
        stopped = !typing_on_server().await;
        if stopped {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(stopped, "typing stopped after the pause");
}

#[tokio::test]
async fn signing_in_as_someone_else_closes_the_chat_and_its_link() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let mut events = sdk.subscribe();
    sdk.messaging().start().await.unwrap();
    wait_for(&mut events, connected).await;
    sdk.messaging().send("Ana's words").await.unwrap();

    // Anonymous users of one install are one user; a JWT identity is someone else.
    sdk.set_identity(helpline_core::Identity::Jwt { user_token: "bob".into() }).await.unwrap();
    assert_eq!(sdk.messaging().connection_state(), ConnectionState::Disconnected);
    assert!(sdk.messaging().messages().unwrap().is_empty(), "Bob never sees Ana's chat");
    assert_eq!(sdk.messaging().conversation().unwrap(), None);
}

#[tokio::test]
async fn the_bot_opens_with_the_greeting_the_helpdesk_set_for_this_app() {
    let h = Harness::start().await;
    h.agent_set_settings(serde_json::json!({"messaging": {"greeting": "Bonjour! The shop team reads this."}})).await;
    let sdk = h.sdk("Ana").await;
    let chat = sdk.messaging();
    chat.start().await.unwrap();
    eventually("the greeting", || !chat.messages().unwrap().is_empty()).await;
    let first = &chat.messages().unwrap()[0];
    assert_eq!((first.author.kind, first.text.as_str()), (ChatAuthorKind::Bot, "Bonjour! The shop team reads this."));
}
