//! Rich messages over real HTTP: the agent sends each kind (bounded, one kind at a time), the
//! bot greets with quick replies and answers them (a form for an order), and a user's answer is
//! checked against the message it answers (an offered payload; a form's fields, once).

mod common;

use common::{AGENT, Harness, body, start};
use helpline_protocol::{
    ButtonType, ConversationEnvelope, ErrorBody, FormFieldType, Message, MessageEnvelope, MessageKind, MessagesPage,
    paths,
};
use serde_json::{Value, json};

async fn conversation(h: &Harness, token: &str) -> u64 {
    let v = body(h.post(token, paths::CONVERSATIONS, json!({"conversation": {}})).await, 201).await;
    serde_json::from_value::<ConversationEnvelope>(v).unwrap().conversation.id
}

async fn history(h: &Harness, token: &str, id: u64) -> Vec<Message> {
    let v = body(h.get(token, &paths::conversation_messages(id)).await, 200).await;
    serde_json::from_value::<MessagesPage>(v).unwrap().messages.items
}

async fn agent_send(h: &Harness, id: u64, message: Value) -> reqwest::Response {
    h.post(AGENT, &paths::agent_conversation_messages(id), json!({ "message": message })).await
}

async fn reply(h: &Harness, token: &str, id: u64, client_id: &str, text: &str, reply: Value) -> reqwest::Response {
    let message = json!({"message": {"client_id": client_id, "text": text, "reply": reply}});
    h.post(token, &paths::conversation_messages(id), message).await
}

async fn refused_field(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 422);
    let error: ErrorBody = response.json().await.unwrap();
    error.first_invalid_field().map(|(field, _)| field.to_owned()).unwrap_or_default()
}

#[tokio::test]
async fn the_agent_sends_each_kind_and_the_history_carries_them() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let id = conversation(&h, &ana).await;
    let sent = [
        json!({"text": "Pick one", "quick_replies": [{"title": "A", "payload": "a"}]}),
        json!({"text": "See", "buttons": [{"type": "link", "title": "Guide", "url": "https://help.example.com/g"},
                                           {"type": "postback", "title": "Yes", "payload": "yes"}]}),
        json!({"text": "Picks", "cards": [{"title": "Card", "text": "t", "image_url": "https://help.example.com/i.png",
                                            "buttons": [{"type": "postback", "title": "This", "payload": "this"}]}]}),
        json!({"text": "Tell us", "form": {"fields": [{"name": "email", "type": "email", "label": "Email", "required": true}]}}),
    ];
    for message in sent {
        body(agent_send(&h, id, message).await, 201).await;
    }
    let kinds: Vec<MessageKind> = history(&h, &ana, id).await.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [
            MessageKind::QuickReplies,
            MessageKind::QuickReplies,
            MessageKind::Buttons,
            MessageKind::Carousel,
            MessageKind::Form
        ],
        "the greeting, then one of each"
    );
    let all = history(&h, &ana, id).await;
    assert_eq!(all[2].buttons[1].kind, ButtonType::Postback);
    assert_eq!(all[3].cards[0].image_url.as_deref(), Some("https://help.example.com/i.png"));
    assert_eq!(all[4].form.as_ref().unwrap().fields[0].kind, FormFieldType::Email);

    let two_kinds = json!({"text": "x", "buttons": [{"type": "postback", "title": "Y", "payload": "y"}],
                           "quick_replies": [{"title": "A", "payload": "a"}]});
    assert_eq!(refused_field(agent_send(&h, id, two_kinds).await).await, "message");
    let many: Vec<Value> = (0..11).map(|i| json!({"title": "A", "payload": format!("p{i}")})).collect();
    assert_eq!(
        refused_field(agent_send(&h, id, json!({"text": "x", "quick_replies": many})).await).await,
        "quick_replies"
    );
    let script = json!({"text": "x", "buttons": [{"type": "link", "title": "Go", "url": "javascript:alert(1)"}]});
    assert_eq!(refused_field(agent_send(&h, id, script).await).await, "buttons.0.url");
    let untitled = json!({"text": "x", "cards": [{"title": "  "}]});
    assert_eq!(refused_field(agent_send(&h, id, untitled).await).await, "cards.0.title");
    assert_eq!(history(&h, &ana, id).await.len(), 5, "nothing refused was stored");
}

#[tokio::test]
async fn answers_are_checked_against_the_message_they_answer() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let id = conversation(&h, &ana).await;
    let greeting = history(&h, &ana, id).await.remove(0);
    assert_eq!(
        greeting.quick_replies.iter().map(|q| q.payload.as_str()).collect::<Vec<_>>(),
        ["track_order", "talk_to_agent"]
    );

    let stranger = json!({"message_id": greeting.id, "payload": "free_money"});
    assert_eq!(refused_field(reply(&h, &ana, id, "c0", "Free money", stranger).await).await, "reply.payload");
    let nowhere = json!({"message_id": 999_999, "payload": "track_order"});
    assert_eq!(refused_field(reply(&h, &ana, id, "c0", "Track", nowhere).await).await, "reply.message_id");

    let tapped = json!({"message_id": greeting.id, "payload": "track_order"});
    let mine = body(reply(&h, &ana, id, "c1", "Track my order", tapped.clone()).await, 201).await;
    let mine = serde_json::from_value::<MessageEnvelope>(mine).unwrap().message;
    assert_eq!(mine.reply.as_ref().and_then(|r| r.payload.as_deref()), Some("track_order"), "kept on the message");
    body(reply(&h, &ana, id, "c1", "Track my order", tapped).await, 200).await;
    let all = history(&h, &ana, id).await;
    let form = all.last().unwrap();
    assert_eq!((form.kind, all.len()), (MessageKind::Form, 3), "the bot asks with a form, once");

    let answer = |values: Value| json!({"message_id": form.id, "values": values});
    let missing = answer(json!({"order_number": "1042"}));
    assert_eq!(refused_field(reply(&h, &ana, id, "c2", "1042", missing).await).await, "form.email");
    let bad = answer(json!({"order_number": "1042", "email": "ana@", "delivery": "express"}));
    assert_eq!(refused_field(reply(&h, &ana, id, "c2", "1042", bad).await).await, "form.email");
    let good = answer(json!({"order_number": "1042", "email": "ana@example.com"}));
    body(reply(&h, &ana, id, "c2", "Order number: 1042", good.clone()).await, 201).await;
    assert_eq!(refused_field(reply(&h, &ana, id, "c3", "Again", good).await).await, "form", "answered once");
    let thanks = history(&h, &ana, id).await.pop().unwrap();
    assert_eq!(thanks.text, "Thanks! We are looking for order 1042 and will write to ana@example.com.");
}
