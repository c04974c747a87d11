//! The user's chat messages go over the WebSocket while it is up (HTTP otherwise), in the
//! order written and exactly once, against the reference helpdesk on loopback.

use helpline_core::{ChatEvent, ConnectionState, DeliveryState, Event, Helpline};
use helpline_e2e::{Harness, eventually, wait_for};
use helpline_protocol::paths;

fn connected(event: &Event) -> bool {
    matches!(event, Event::Chat(ChatEvent::Connection { state: ConnectionState::Connected }))
}

/// Ana in a started chat whose link is up, and how many requests its messages' HTTP path had.
async fn chatting(h: &Harness) -> (Helpline, i64, usize) {
    let sdk = h.sdk("Ana").await;
    let mut events = sdk.subscribe();
    let conversation = sdk.messaging().start().await.unwrap();
    wait_for(&mut events, connected).await;
    let over_http = h.faults().served(&paths::conversation_messages(conversation.id as u64));
    (sdk, conversation.id, over_http)
}

#[tokio::test]
async fn while_the_link_is_up_messages_go_over_it_and_not_over_http() {
    let h = Harness::start().await;
    let (sdk, conversation_id, before) = chatting(&h).await;
    let chat = sdk.messaging();
    let over_http = || h.faults().served(&paths::conversation_messages(conversation_id as u64));

    for i in 0..5 {
        chat.send(&format!("over the link {i}")).await.unwrap();
    }
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0, "all sent");
    let mine: Vec<_> = chat.messages().unwrap().into_iter().filter(|m| m.is_mine).collect();
    assert_eq!(mine.len(), 5);
    assert!(mine.iter().all(|m| m.delivery == DeliveryState::Sent && m.seq.is_some()), "{mine:#?}");
    assert!(mine.windows(2).all(|w| w[0].seq < w[1].seq), "in the order written");
    assert_eq!(over_http(), before, "no message went over HTTP while the link was up");
    assert_eq!(h.agent_conversation(conversation_id).await.last_seq as i64, mine[4].seq.unwrap(), "each once");
}

#[tokio::test]
async fn a_file_between_two_texts_goes_over_http_and_the_order_holds() {
    let h = Harness::start().await;
    let (sdk, conversation_id, before) = chatting(&h).await;
    let chat = sdk.messaging();
    let over_http = || h.faults().served(&paths::conversation_messages(conversation_id as u64));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("screenshot.png");
    std::fs::write(&file, [137, 80, 78, 71, 13, 10, 26, 10]).unwrap();
    chat.send("first, a text").await.unwrap();
    chat.send_file(&file, None).await.unwrap();
    chat.send("then another text").await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0, "all sent");

    let mine: Vec<_> = chat.messages().unwrap().into_iter().filter(|m| m.is_mine).collect();
    let order: Vec<_> = mine.iter().map(|m| (m.text.as_str(), m.attachments.len())).collect();
    assert_eq!(order, [("first, a text", 0), ("", 1), ("then another text", 0)]);
    assert!(mine.windows(2).all(|w| w[0].seq < w[1].seq), "seqs in the order written: {mine:#?}");
    assert_eq!(over_http(), before + 1, "only the file's message went over HTTP");
}

#[tokio::test]
async fn a_message_written_while_the_helpdesk_is_down_is_sent_once_when_it_is_back() {
    let mut h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let mut events = sdk.subscribe();
    let chat = sdk.messaging();
    let conversation = chat.start().await.unwrap();
    wait_for(&mut events, connected).await;

    h.stop_server().await;
    chat.send("written while the helpdesk was down").await.unwrap();
    h.restart_server().await;
    wait_for(&mut events, connected).await;
    chat.send("written once it was back").await.unwrap();
    eventually("both sent", || {
        chat.messages().unwrap().iter().filter(|m| m.is_mine && m.delivery == DeliveryState::Sent).count() == 2
    })
    .await;
    let mine: Vec<_> = chat.messages().unwrap().into_iter().filter(|m| m.is_mine).map(|m| m.text).collect();
    assert_eq!(mine, ["written while the helpdesk was down", "written once it was back"]);
    let agent_side = h.agent_conversation(conversation.id).await;
    let confirmed = chat.messages().unwrap().iter().filter(|m| m.seq.is_some()).count() as u64;
    assert_eq!(agent_side.last_seq, confirmed, "the helpdesk holds each message once");
}
