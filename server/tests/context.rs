//! App context over real HTTP: a user sets their fields (merged, `null` removes, bounded and
//! named when refused) and agents read them; a new ticket's metadata, and a conversation's,
//! reach the agent's ticket, never the end user's request.

mod common;

use common::{AGENT, body, start};
use helpline_protocol::{ConversationEnvelope, RequestEnvelope, TicketEnvelope, UserEnvelope, paths};
use serde_json::{Value, json};

fn fields(v: &Value) -> Value {
    v["user"]["user_fields"].clone()
}

#[tokio::test]
async fn a_user_sets_their_fields_and_an_agent_reads_them() {
    let h = start().await;
    let ana = h.anon("ana").await;
    assert_eq!(fields(&h.me(&ana).await), json!({}), "none yet");
    let set = json!({"user": {"user_fields": {"plan": "pro", "seats": 3, "beta": true, "ref": "ad"}}});
    body(h.put(&ana, paths::ME, set).await, 200).await;
    let change = json!({"user": {"user_fields": {"plan": "team", "ref": null}}});
    let answer = body(h.put(&ana, paths::ME, change).await, 200).await;
    assert_eq!(fields(&answer), json!({"plan": "team", "seats": 3, "beta": true}), "merged, null removes");
    assert_eq!(fields(&h.me(&ana).await), fields(&answer));

    let id = serde_json::from_value::<UserEnvelope>(answer).unwrap().user.id;
    let seen = body(h.get(AGENT, &paths::agent_user(id)).await, 200).await;
    assert_eq!(fields(&seen), json!({"plan": "team", "seats": 3, "beta": true}));
    body(h.get(&ana, &paths::agent_user(id)).await, 401).await;
    body(h.get(AGENT, &paths::agent_user(999_999)).await, 404).await;
}

#[tokio::test]
async fn bad_fields_are_refused_by_name_and_change_nothing() {
    let h = start().await;
    let ana = h.anon("ana").await;
    body(h.put(&ana, paths::ME, json!({"user": {"user_fields": {"plan": "pro"}}})).await, 200).await;
    for (bad, field) in [
        (json!({"Plan-Type": "x"}), "user_fields.Plan-Type"),
        (json!({"plan": ["a", "b"]}), "user_fields.plan"),
        (json!({"note": "x".repeat(1025)}), "user_fields.note"),
    ] {
        let v = body(h.put(&ana, paths::ME, json!({"user": {"user_fields": bad}})).await, 422).await;
        assert!(v["details"].get(field).is_some(), "{field}: {v}");
    }
    let many: serde_json::Map<String, Value> = (0..51).map(|i| (format!("f{i}"), json!(i))).collect();
    let v = body(h.put(&ana, paths::ME, json!({"user": {"user_fields": many}})).await, 422).await;
    assert!(v["details"].get("user_fields").is_some(), "{v}");
    assert_eq!(fields(&h.me(&ana).await), json!({"plan": "pro"}), "nothing changed");
    body(h.call(reqwest::Method::PUT, None, paths::ME, Some(json!({"user": {"user_fields": {}}}))).await, 401).await;
}

#[tokio::test]
async fn a_tickets_metadata_is_the_agents_to_see() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let metadata = json!({
        "custom": {"order_id": "A-1042", "cart_items": 3},
        "device": {"os": "android", "os_version": "14", "app_version": "3.2.1", "sdk_version": "0.1.0", "locale": "fr"},
        "breadcrumbs": [{"text": "Tapped Pay", "at": "2026-11-24T19:21:05Z"}]
    });
    let new = json!({"request": {"subject": "Card", "comment": {"body": "Refused"}, "metadata": metadata}});
    let v = body(h.post(&ana, paths::REQUESTS, new).await, 201).await;
    assert!(v["request"].get("metadata").is_none(), "the end user's request does not carry it: {v}");
    let id = serde_json::from_value::<RequestEnvelope>(v).unwrap().request.id;
    let ticket = body(h.get(AGENT, &paths::agent_ticket(id)).await, 200).await;
    assert_eq!(ticket["ticket"]["metadata"], metadata);
    let plain = h.create(&ana, "Plain", "No context").await;
    let ticket = body(h.get(AGENT, &paths::agent_ticket(plain.id)).await, 200).await;
    assert!(ticket["ticket"].get("metadata").is_none(), "none sent, none shown: {ticket}");

    let crumbs: Vec<Value> = (0..21).map(|i| json!({"text": format!("step {i}"), "at": ""})).collect();
    for (bad, field) in [
        (json!({"custom": {"Order": 1}}), "metadata.custom.Order"),
        (json!({"custom": {"order": {"id": 1}}}), "metadata.custom.order"),
        (json!({"breadcrumbs": crumbs}), "metadata"),
    ] {
        let new = json!({"request": {"comment": {"body": "x"}, "metadata": bad}});
        let v = body(h.post(&ana, paths::REQUESTS, new).await, 422).await;
        assert!(v["details"].get(field).is_some(), "{field}: {v}");
    }
}

#[tokio::test]
async fn a_conversations_context_shows_on_its_request_for_the_agent() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let metadata = json!({
        "platform": "ios", "locale": "fr",
        "device": {"os": "ios", "sdk_version": "0.1.0", "locale": "fr"},
        "breadcrumbs": [{"text": "Opened orders", "at": "2026-11-24T19:20:41Z"}]
    });
    let v = body(h.post(&ana, paths::CONVERSATIONS, json!({"conversation": {"metadata": metadata}})).await, 201).await;
    let conversation = serde_json::from_value::<ConversationEnvelope>(v).unwrap().conversation;
    let v = body(h.get(AGENT, &paths::agent_ticket(conversation.request_id)).await, 200).await;
    let ticket = serde_json::from_value::<TicketEnvelope>(v).unwrap().ticket;
    let seen = ticket.metadata.expect("the conversation's context");
    assert_eq!(seen.breadcrumbs[0].text, "Opened orders");
    assert_eq!(seen.device.map(|d| d.os), Some("ios".into()));
}
