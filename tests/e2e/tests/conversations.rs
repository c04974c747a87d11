//! Several conversations end to end: started, listed with their last messages and unread
//! counts (the total is their sum), opened in turn (what `messages` reads and `send` writes to,
//! across a restart and offline), gap-free each; another user's are never listed nor opened;
//! an app allowed one conversation is refused a second one; a push brings one that is not open.

use helpline_core::{ChatAuthorKind, DeliveryState, Error, Helpline, Identity, PushTarget};
use helpline_e2e::{Harness, eventually};

/// Every confirmed message of the conversation held once, seqs 1..n.
fn assert_gap_free(sdk: &Helpline, conversation_id: i64) {
    let messages = sdk.messaging().messages_of(conversation_id).unwrap();
    let seqs: Vec<i64> = messages.iter().filter_map(|m| m.seq).collect();
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>(), "conversation {conversation_id}: {messages:#?}");
}

#[tokio::test]
async fn several_conversations_are_listed_with_their_unread_counts_and_opened_in_turn() {
    let mut h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    sdk.refresh_settings().await.unwrap();
    assert!(sdk.settings().messaging.multiple_conversations, "the reference helpdesk allows several");
    let chat = sdk.messaging();
    let first = chat.start().await.unwrap();
    let second = chat.start_new().await.unwrap();
    assert_ne!(first.id, second.id);
    assert_eq!(chat.conversation().unwrap().map(|c| c.id), Some(second.id), "the new one is open");
    eventually("the second greeting", || !chat.messages().unwrap().is_empty()).await;
    assert!(chat.messages().unwrap().iter().all(|m| m.author.kind == ChatAuthorKind::Bot));

    h.agent_say(first.id, "About your first question: it shipped.").await;
    h.agent_say(first.id, "Anything else?").await;
    let listed = chat.refresh_conversations().await.unwrap();
    let by_id = |id: i64| listed.iter().find(|c| c.id == id).cloned().unwrap();
    let (one, two) = (by_id(first.id), by_id(second.id));
    assert_eq!(one.unread_count, 3, "the greeting and the agent's two messages");
    assert_eq!(two.unread_count, 1, "the greeting");
    assert_eq!(one.last_message.as_ref().map(|m| m.text.as_str()), Some("Anything else?"));
    assert_eq!(listed[0].id, first.id, "the one written to last comes first");
    assert_eq!(chat.unread_count().unwrap(), 4, "the total is the sum");
    assert_eq!(chat.unread_count_of(first.id).unwrap(), 3);

    chat.mark_read().await.unwrap();
    assert_eq!(chat.unread_count().unwrap(), 3, "reading the open one leaves the other's unread");
    let opened = chat.open(first.id).await.unwrap();
    assert_eq!((opened.id, opened.unread_count), (first.id, 3));
    assert_eq!(chat.messages().unwrap().last().map(|m| m.text.clone()), Some("Anything else?".into()));
    let mine = chat.send("No, thank you!").await.unwrap();
    sdk.flush_outbox().await.unwrap();
    assert_eq!(h.agent_conversation(first.id).await.last_seq, 4, "sent to the open conversation");
    assert_eq!(h.agent_conversation(second.id).await.last_seq, 1, "not to the other one");
    assert!(chat.messages().unwrap().iter().any(|m| m.local_id == mine.local_id && m.delivery == DeliveryState::Sent));
    assert_gap_free(&sdk, first.id);
    assert_gap_free(&sdk, second.id);

    // Reopened offline: the open conversation is still the first, readable, and a message to it waits.
    drop(chat);
    drop(sdk);
    h.stop_server().await;
    let sdk = Helpline::open(h.config("Ana")).unwrap();
    let chat = sdk.messaging();
    assert_eq!(chat.conversation().unwrap().map(|c| c.id), Some(first.id), "kept across a restart");
    assert_eq!(chat.conversations().unwrap().len(), 2);
    assert_eq!(chat.open(second.id).await.unwrap().id, second.id, "a cached one opens offline");
    let waiting = chat.send("Sent from the second, offline").await.unwrap();
    assert_eq!(chat.messages().unwrap().last().map(|m| m.local_id.clone()), Some(waiting.local_id.clone()));
    h.restart_server().await;
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert_eq!(h.agent_conversation(second.id).await.last_seq, 2, "it went to the second one, once");
    assert_gap_free(&sdk, second.id);
}

#[tokio::test]
async fn another_users_conversations_are_never_listed_nor_opened() {
    let h = Harness::start().await;
    let ana = h.sdk("Ana").await;
    let hers = ana.messaging().start().await.unwrap();
    ana.messaging().send("private words").await.unwrap();
    assert_eq!(ana.flush_outbox().await.unwrap(), 0);

    let bob = h.sdk("Bob").await;
    let listed = bob.messaging().refresh_conversations().await.unwrap();
    assert!(listed.iter().all(|c| c.id != hers.id), "{listed:?}");
    let opened = bob.messaging().open(hers.id).await;
    assert!(matches!(opened, Err(Error::NotFound { .. })), "{opened:?}");
    assert!(bob.messaging().messages_of(hers.id).unwrap().is_empty(), "nothing of hers on his device");
    assert_eq!(bob.messaging().conversation().unwrap(), None);
}

#[tokio::test]
async fn an_app_allowed_one_conversation_is_refused_a_second() {
    let h = Harness::start().await;
    h.agent_set_settings(serde_json::json!({"messaging": {"multiple_conversations": false}})).await;
    let sdk = h.sdk("Ana").await;
    sdk.refresh_settings().await.unwrap();
    assert!(!sdk.settings().messaging.multiple_conversations);
    let chat = sdk.messaging();
    let only = chat.start().await.unwrap();
    let refused = chat.start_new().await;
    assert!(matches!(&refused, Err(Error::Validation { field, .. }) if field == "conversation"), "{refused:?}");
    assert_eq!(h.agent_conversations().await.len(), 1, "nothing was started on the helpdesk");
    assert_eq!(chat.conversation().unwrap().map(|c| c.id), Some(only.id));

    h.agent_end(only.id).await;
    eventually("the end heard", || chat.conversation().unwrap().is_none()).await;
    let next = chat.start().await.unwrap();
    assert_ne!(next.id, only.id, "once the first ended, start begins another");
}

#[tokio::test]
async fn a_push_brings_a_conversation_that_is_not_open_and_the_total_grows() {
    let h = Harness::start().await;
    let mut config = h.config("Ana");
    config.platform = "android".into();
    let sdk = Helpline::open(config).unwrap();
    sdk.set_identity(Identity::Anonymous { name: Some("Ana".into()), email: None }).await.unwrap();
    sdk.refresh_settings().await.unwrap();
    sdk.register_push_token("fcm-token-of-ana").await.unwrap();
    let chat = sdk.messaging();
    let first = chat.start().await.unwrap();
    let second = chat.start_new().await.unwrap();
    chat.stop();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert_eq!(chat.unread_count().unwrap(), 2, "the two greetings");

    h.agent_say(first.id, "About your first question: it shipped.").await;
    let sent = h.agent_sent_pushes().await;
    let delivered = serde_json::to_string(&sent.last().expect("a push").payload).unwrap();
    let target = sdk.handle_push(&delivered).await.unwrap();
    assert!(
        matches!(target, PushTarget::Conversation { conversation_id, synced: true, .. } if conversation_id == first.id),
        "{target:?}"
    );
    assert!(chat.messages_of(first.id).unwrap().iter().any(|m| m.text.starts_with("About your first")));
    assert!(
        chat.messages().unwrap().iter().all(|m| !m.text.starts_with("About your first")),
        "the open one is the second"
    );
    assert_eq!(chat.conversation().unwrap().map(|c| c.id), Some(second.id));
    assert_eq!((chat.unread_count_of(first.id).unwrap(), chat.unread_count().unwrap()), (2, 3));
}

#[tokio::test]
async fn a_conversation_ended_while_the_app_was_away_is_not_resumed_by_start() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let chat = sdk.messaging();
    let first = chat.start().await.unwrap();
    chat.stop();
    h.agent_end(first.id).await;
    assert_eq!(chat.conversation().unwrap().map(|c| c.id), Some(first.id), "the device does not know yet");
    let next = chat.start().await.unwrap();
    assert_ne!(next.id, first.id, "start begins another, as the helpdesk's list said the first ended");
    assert!(next.active);
    let listed = chat.conversations().unwrap();
    assert!(listed.iter().any(|c| c.id == first.id && !c.active), "{listed:?}");
}

/// The helpdesk bounds the conversations one link follows (64 on the reference one): opening
/// many in one session still leaves the open one live.
#[tokio::test]
async fn after_opening_many_conversations_the_open_one_is_still_live() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    sdk.refresh_settings().await.unwrap();
    let chat = sdk.messaging();
    chat.start().await.unwrap();
    let mut last = None;
    for _ in 0..70 {
        last = Some(chat.start_new().await.unwrap());
    }
    let last = last.unwrap();
    h.agent_say(last.id, "Still live after seventy").await;
    eventually("the agent's words, live", || {
        chat.messages().unwrap().iter().any(|m| m.text == "Still live after seventy")
    })
    .await;
}
