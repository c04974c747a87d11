//! Several conversations per user over real HTTP: starting another one when the app's settings
//! allow it (422 when they allow one), the user's list with each last message, and another
//! user's conversations neither listed nor readable.

mod common;

use common::{AGENT, Harness, body, start};
use helpline_protocol::{ConversationEnvelope, ConversationStatus, ConversationsPage, ErrorBody, paths};
use serde_json::{Value, json};

/// `POST /api/v2/conversations.json` as the SDK of `app` sends it.
async fn create(h: &Harness, token: &str, app: &str, new: bool) -> reqwest::Response {
    let request = h.http.post(h.url(paths::CONVERSATIONS)).bearer_auth(token).header("App-Identifier", app);
    request.json(&json!({"conversation": {"new": new, "metadata": null}})).send().await.unwrap()
}

async fn created(h: &Harness, token: &str, app: &str, new: bool, status: u16) -> u64 {
    let v = body(create(h, token, app, new).await, status).await;
    serde_json::from_value::<ConversationEnvelope>(v).unwrap().conversation.id
}

async fn list(h: &Harness, token: &str) -> ConversationsPage {
    serde_json::from_value(body(h.get(token, paths::CONVERSATIONS).await, 200).await).unwrap()
}

async fn allow_several(h: &Harness, app: &str, allowed: bool) {
    let change = json!({"settings": {"messaging": {"multiple_conversations": allowed}}});
    body(h.put(AGENT, &paths::agent_sdk_settings(app), change).await, 200).await;
}

#[tokio::test]
async fn a_user_starts_several_conversations_and_lists_them_with_their_last_messages() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let first = created(&h, &ana, "shop", false, 201).await;
    assert_eq!(created(&h, &ana, "shop", false, 200).await, first, "without `new`: the active one is resumed");
    let second = created(&h, &ana, "shop", true, 201).await;
    assert_ne!(second, first, "the reference server's default allows several");
    assert_eq!(created(&h, &ana, "shop", false, 200).await, second, "the newest active one is resumed");
    let said = json!({"message": {"text": "Your parcel left today."}});
    body(h.post(AGENT, &paths::agent_conversation_messages(first), said).await, 201).await;

    let page = list(&h, &ana).await;
    let ids: Vec<u64> = page.conversations.iter().map(|c| c.id).collect();
    assert_eq!(ids, [second, first], "newest first");
    let last_of_first = page.conversations[1].last_message.as_deref().expect("a last message");
    assert_eq!((last_of_first.text.as_str(), last_of_first.seq), ("Your parcel left today.", 2));
    let greeting = page.conversations[0].last_message.as_deref().expect("the greeting");
    assert_eq!(greeting.seq, 1);
    assert!(page.conversations.iter().all(|c| c.status == ConversationStatus::Active));

    let bo = h.anon("bo").await;
    assert!(list(&h, &bo).await.conversations.is_empty(), "Ana's conversations are not Bo's");
    let theirs = h.get(&bo, &paths::conversation_messages(first)).await;
    assert_eq!(theirs.status(), 404, "another user's conversation is as unknown as a missing one");
}

#[tokio::test]
async fn a_new_conversation_beside_an_active_one_is_refused_when_the_app_allows_one() {
    let h = start().await;
    allow_several(&h, "single", false).await;
    let ana = h.anon("ana").await;
    let id = created(&h, &ana, "single", true, 201).await;
    let refused = create(&h, &ana, "single", true).await;
    assert_eq!(refused.status(), 422);
    let error: ErrorBody = refused.json().await.unwrap();
    assert_eq!(error.details["conversation"][0].error, "MultipleConversationsDisabled", "{error:?}");
    assert_eq!(list(&h, &ana).await.conversations.len(), 1, "nothing was started");

    body(h.post(AGENT, &format!("/api/v2/agent/conversations/{id}/end.json"), Value::Null).await, 200).await;
    let after = created(&h, &ana, "single", true, 201).await;
    assert_ne!(after, id, "once the active one ended, a new one may start");
}
