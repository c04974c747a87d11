//! Rich messages end to end: the bot's greeting offers quick replies (one tapped offline goes
//! away at once and is sent once later), its order form is checked field by field then
//! submitted once, the agent sends buttons and a carousel whose URLs pass the SDK's policy, and
//! a kind from a newer helpdesk is kept with its fallback text.

use std::collections::HashMap;

use helpline_core::{
    ChatButtonAction, ChatFormFieldKind, ChatMessage, ChatMessageKind, DeliveryState, Error, Helpline,
};
use helpline_e2e::{Harness, eventually};
use helpline_protocol as wire;

fn find(sdk: &Helpline, wanted: impl Fn(&ChatMessage) -> bool) -> Option<ChatMessage> {
    sdk.messaging().messages().unwrap().into_iter().find(wanted)
}

fn field_of(result: helpline_core::Result<ChatMessage>) -> String {
    match result {
        Err(Error::Validation { field, .. }) => field,
        other => panic!("expected a Validation, got {other:?}"),
    }
}

fn values(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[tokio::test]
async fn a_quick_reply_tapped_offline_goes_away_at_once_and_is_sent_once() {
    let mut h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let chat = sdk.messaging();
    let conversation = chat.start().await.unwrap();
    let greeting = find(&sdk, |m| m.kind == ChatMessageKind::QuickReplies).expect("the greeting");
    assert_eq!(greeting.text, "Hi! How can we help?", "the text stays the fallback");
    let titles: Vec<_> = greeting.quick_replies.iter().map(|q| q.title.as_str()).collect();
    assert_eq!(titles, ["Track my order", "Talk to a person"]);

    h.stop_server().await;
    let mine = chat.choose(&greeting.local_id, "talk_to_agent").await.unwrap();
    assert_eq!((mine.text.as_str(), &mine.delivery), ("Talk to a person", &DeliveryState::Pending));
    let after = find(&sdk, |m| m.local_id == greeting.local_id).unwrap();
    assert!(after.quick_replies.is_empty(), "the choices are gone at once, offline");
    let again = chat.choose(&greeting.local_id, "talk_to_agent").await;
    assert_eq!(field_of(again), "payload", "no longer offered: nothing queued twice");
    let unknown = chat.choose(&greeting.local_id, "nothing-like-it").await;
    assert_eq!(field_of(unknown), "payload");
    assert!(matches!(chat.choose("no-such-message", "x").await, Err(Error::NotFound { .. })));

    h.restart_server().await;
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    chat.refresh().await.unwrap();
    let texts: Vec<String> = chat.messages().unwrap().into_iter().map(|m| m.text).collect();
    assert_eq!(
        texts,
        ["Hi! How can we help?", "Talk to a person", "Someone from the team will be with you shortly."],
        "sent once, and the bot got its payload"
    );
    assert_eq!(h.agent_conversation(conversation.id).await.last_seq, 3);
    assert!(find(&sdk, |m| m.local_id == greeting.local_id).unwrap().quick_replies.is_empty());
}

#[tokio::test]
async fn the_bots_form_is_checked_field_by_field_then_submitted_once() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let chat = sdk.messaging();
    chat.start().await.unwrap();
    let greeting = find(&sdk, |m| m.kind == ChatMessageKind::QuickReplies).unwrap();
    chat.choose(&greeting.local_id, "track_order").await.unwrap();
    sdk.flush_outbox().await.unwrap();
    eventually("the bot's form", || find(&sdk, |m| m.kind == ChatMessageKind::Form).is_some()).await;
    let asked = find(&sdk, |m| m.kind == ChatMessageKind::Form).unwrap();
    let form = asked.form.clone().expect("a form");
    let kinds: Vec<_> = form.fields.iter().map(|f| (f.name.as_str(), f.kind, f.required)).collect();
    assert_eq!(
        kinds,
        [
            ("order_number", ChatFormFieldKind::Text, true),
            ("email", ChatFormFieldKind::Email, true),
            ("delivery", ChatFormFieldKind::Select, false)
        ]
    );
    assert!(!form.submitted);

    let id = asked.local_id.as_str();
    assert_eq!(field_of(chat.submit_form(id, values(&[("order_number", "1042")])).await), "form.email");
    let bad_email = values(&[("order_number", "1042"), ("email", "ana@example")]);
    assert_eq!(field_of(chat.submit_form(id, bad_email).await), "form.email");
    let bad_choice = values(&[("order_number", "1042"), ("email", "ana@example.com"), ("delivery", "drone")]);
    assert_eq!(field_of(chat.submit_form(id, bad_choice).await), "form.delivery");
    let stranger = values(&[("order_number", "1042"), ("email", "ana@example.com"), ("pet", "cat")]);
    assert_eq!(field_of(chat.submit_form(id, stranger).await), "form.pet");
    assert!(sdk.outbox().unwrap().is_empty(), "nothing stored for a refused form");

    let good = values(&[("order_number", "1042"), ("email", "ana@example.com"), ("delivery", "express")]);
    let sent = chat.submit_form(id, good.clone()).await.unwrap();
    assert_eq!(sent.text, "Order number: 1042\nEmail: ana@example.com\nDelivery: Express");
    let answered = find(&sdk, |m| m.local_id == asked.local_id).unwrap().form.unwrap();
    assert!(answered.submitted, "shown as answered at once");
    assert!(answered.values.iter().any(|v| v.name == "order_number" && v.value == "1042"));
    assert_eq!(field_of(chat.submit_form(id, good).await), "form", "submitted once");

    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    eventually("the bot's thanks", || {
        find(&sdk, |m| m.text == "Thanks! We are looking for order 1042 and will write to ana@example.com.").is_some()
    })
    .await;
    let mine: Vec<_> = chat.messages().unwrap().into_iter().filter(|m| m.is_mine).collect();
    assert_eq!(mine.len(), 2, "the tapped choice and the form, once each: {mine:#?}");
}

#[tokio::test]
async fn the_agents_buttons_and_carousel_pass_the_url_policy() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let chat = sdk.messaging();
    let conversation = chat.start().await.unwrap();
    let link = |title: &str, url: &str| wire::Button {
        kind: wire::ButtonType::Link,
        title: title.into(),
        url: Some(url.into()),
        payload: None,
    };
    let postback = |title: &str, payload: &str| wire::Button {
        kind: wire::ButtonType::Postback,
        title: title.into(),
        url: None,
        payload: Some(payload.into()),
    };
    let ours = format!("{}/hc/en-us/articles/1", h.base_url());
    let buttons = wire::AgentMessage {
        text: "Was this helpful?".into(),
        buttons: vec![
            postback("Yes", "helpful_yes"),
            link("Our guide", &ours),
            link("Tracker", "http://tracker.example/x"),
        ],
        ..Default::default()
    };
    h.agent_send(conversation.id, buttons).await;
    let card = |title: &str, image: &str| wire::Card {
        title: title.into(),
        text: "A card".into(),
        image_url: Some(image.into()),
        buttons: vec![link("Open", "https://shop.example/item")].into(),
    };
    let carousel = wire::AgentMessage {
        text: "Our picks".into(),
        cards: vec![
            card("Local", &format!("{}/images/a.png", h.base_url())),
            card("Remote", "https://cdn.example/b.png"),
        ],
        ..Default::default()
    };
    h.agent_send(conversation.id, carousel).await;
    eventually("both", || find(&sdk, |m| m.kind == ChatMessageKind::Carousel && m.text == "Our picks").is_some()).await;

    let with_buttons = find(&sdk, |m| m.kind == ChatMessageKind::Buttons).unwrap();
    let actions: Vec<_> = with_buttons.buttons.iter().map(|b| b.action.clone()).collect();
    assert_eq!(
        actions,
        [ChatButtonAction::Postback { payload: "helpful_yes".into() }, ChatButtonAction::Link { url: ours.clone() }],
        "a plain-http link to elsewhere is dropped"
    );
    let cards = find(&sdk, |m| m.kind == ChatMessageKind::Carousel && m.text == "Our picks").unwrap().cards;
    assert!(cards[0].image_url.is_some(), "the helpdesk's own image");
    assert_eq!(cards[1].image_url, None, "a remote image without the app's consent");
    assert_eq!(cards[1].buttons.len(), 1, "an https link to elsewhere stays");

    let tapped = chat.choose(&with_buttons.local_id, "helpful_yes").await.unwrap();
    assert_eq!(tapped.text, "Yes");
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0, "the helpdesk took the postback");
    assert_eq!(h.agent_conversation(conversation.id).await.last_seq, 4);
}

#[tokio::test]
async fn a_kind_from_a_newer_helpdesk_keeps_its_fallback_text() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let chat = sdk.messaging();
    let conversation = chat.start().await.unwrap();
    let frame = serde_json::json!({"type": "message", "message": {
        "id": 900001, "conversation_id": conversation.id, "seq": 2, "client_id": null,
        "author": {"type": "bot", "id": null, "name": "Helpline Bot", "avatar_url": null},
        "kind": "poll", "text": "Which day suits you? (open the app to vote)",
        "poll": {"options": ["Mon", "Tue"]},
        "quick_replies": "not a list", "cards": [{"title": 7}, {"title": "Kept"}],
        "form": {"fields": "broken"},
        "created_at": "2026-11-24T19:22:00Z"
    }});
    assert!(h.inject_frame(conversation.id, &frame.to_string()) > 0);
    eventually("the newer message", || find(&sdk, |m| m.text.starts_with("Which day")).is_some()).await;
    let kept = find(&sdk, |m| m.text.starts_with("Which day")).unwrap();
    assert_eq!(kept.kind, ChatMessageKind::Other, "kept, as its fallback text");
    assert_eq!(kept.seq, Some(2));
    assert!(kept.quick_replies.is_empty() && kept.form.is_none(), "broken parts taken as absent");
    assert_eq!(kept.cards.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(), ["Kept"], "a bad card set aside");
}
