//! Satisfaction ratings over real HTTP: the requester rates a solved ticket (or an ended
//! conversation's request) and changes it; nobody else may, nor an unsolved ticket; the request,
//! the agent's ticket and the agent's list show it.

mod common;

use common::{AGENT, Harness, body, start, start_with};
use helpline_protocol::{
    ConversationEnvelope, RequestEnvelope, SatisfactionRatingEnvelope, SatisfactionRatingsPage, Score,
    SettingsEnvelope, TicketEnvelope, paths,
};
use reqwest::Method;
use serde_json::{Value, json};

async fn rate(h: &Harness, token: &str, ticket: u64, rating: Value) -> reqwest::Response {
    h.post(token, &paths::satisfaction_rating(ticket), json!({ "satisfaction_rating": rating })).await
}

/// A request of `token`'s user, solved by the agent.
async fn solved(h: &Harness, token: &str, subject: &str) -> u64 {
    let id = h.create(token, subject, "Please help").await.id;
    assert_eq!(h.agent_update(id, json!({"status": "solved"})).await.status(), 200);
    id
}

async fn ratings(h: &Harness, query: &str) -> SatisfactionRatingsPage {
    let v = body(h.get(AGENT, &format!("{}{query}", paths::SATISFACTION_RATINGS)).await, 200).await;
    serde_json::from_value(v).unwrap()
}

#[tokio::test]
async fn the_requester_rates_a_solved_ticket_then_changes_it_and_everyone_sees_it() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let id = solved(&h, &ana, "Rate me").await;
    let before = body(h.get(&ana, &paths::request(id)).await, 200).await;
    assert_eq!(before["request"].get("satisfaction_rating"), Some(&Value::Null), "null until rated: {before}");

    let v = body(rate(&h, &ana, id, json!({"score": "good", "comment": "  Quick and kind.  "})).await, 200).await;
    let first = serde_json::from_value::<SatisfactionRatingEnvelope>(v).unwrap().satisfaction_rating;
    assert_eq!((first.score, first.comment.as_deref(), first.ticket_id), (Score::Good, Some("Quick and kind."), id));

    let request: RequestEnvelope =
        serde_json::from_value(body(h.get(&ana, &paths::request(id)).await, 200).await).unwrap();
    let shown = request.request.satisfaction_rating.flatten().expect("the request carries the rating");
    assert_eq!((shown.score, shown.comment.as_deref()), (Score::Good, Some("Quick and kind.")));
    assert!(request.request.updated_at >= first.updated_at, "rating counts as an update of the ticket");

    let v = body(rate(&h, &ana, id, json!({"score": "bad"})).await, 200).await;
    let changed = serde_json::from_value::<SatisfactionRatingEnvelope>(v).unwrap().satisfaction_rating;
    assert_eq!((changed.id, changed.score, changed.comment), (first.id, Score::Bad, None), "changed in place");
    assert_eq!(changed.created_at, first.created_at);

    let ticket: TicketEnvelope =
        serde_json::from_value(body(h.get(AGENT, &paths::agent_ticket(id)).await, 200).await).unwrap();
    assert_eq!(ticket.ticket.satisfaction_rating.map(|s| s.score), Some(Score::Bad), "the agent's ticket shows it");
    let listed = ratings(&h, "").await;
    assert_eq!(listed.satisfaction_ratings.len(), 1, "one rating per ticket");
    let me = h.me(&ana).await["user"]["id"].as_u64().unwrap();
    assert_eq!(listed.satisfaction_ratings[0].requester_id, Some(me));
    assert_eq!(listed.satisfaction_ratings[0].score, Score::Bad);
}

#[tokio::test]
async fn only_the_requester_rates_only_a_solved_ticket_with_a_valid_body() {
    let h = start().await;
    let (ana, bob) = (h.anon("ana").await, h.anon("bob").await);
    let id = solved(&h, &ana, "Mine").await;
    let good = json!({"score": "good"});
    body(rate(&h, &bob, id, good.clone()).await, 404).await;
    body(rate(&h, &ana, 999_999, good.clone()).await, 404).await;
    assert_eq!(rate(&h, AGENT, id, good.clone()).await.status(), 401, "an agent token is not a requester");
    assert_eq!(h.call(Method::POST, None, &paths::satisfaction_rating(id), Some(good.clone())).await.status(), 401);

    let open = h.create(&ana, "Still open", "Not solved yet").await.id;
    let refused = body(rate(&h, &ana, open, good.clone()).await, 422).await;
    assert_eq!(refused["details"]["status"][0]["error"], "NotSolved", "{refused}");
    let closed = solved(&h, &ana, "Closed").await;
    assert_eq!(h.agent_update(closed, json!({"status": "closed"})).await.status(), 200);
    body(rate(&h, &ana, closed, good.clone()).await, 422).await;

    let score = body(rate(&h, &ana, id, json!({"score": "offered"})).await, 422).await;
    assert_eq!(score["details"]["score"][0]["error"], "InvalidValue", "{score}");
    body(rate(&h, &ana, id, json!({"score": "great"})).await, 422).await;
    let long = "é".repeat(1_001);
    let comment = body(rate(&h, &ana, id, json!({"score": "bad", "comment": long})).await, 422).await;
    assert_eq!(comment["details"]["comment"][0]["error"], "TooLong", "{comment}");
    body(rate(&h, &ana, id, json!({"score": "bad", "comment": "é".repeat(1_000)})).await, 200).await;

    assert_eq!(h.get(&ana, paths::SATISFACTION_RATINGS).await.status(), 401, "the list is the agents'");
    assert_eq!(ratings(&h, "").await.satisfaction_ratings.len(), 1, "nothing refused was stored");
}

#[tokio::test]
async fn reopening_a_rated_ticket_refuses_a_new_rating_and_keeps_the_old_one() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let id = solved(&h, &ana, "Reopened").await;
    body(rate(&h, &ana, id, json!({"score": "good"})).await, 200).await;
    assert_eq!(h.agent_update(id, json!({"status": "open"})).await.status(), 200);
    body(rate(&h, &ana, id, json!({"score": "bad"})).await, 422).await;
    let request: RequestEnvelope =
        serde_json::from_value(body(h.get(&ana, &paths::request(id)).await, 200).await).unwrap();
    assert_eq!(request.request.satisfaction_rating.flatten().map(|s| s.score), Some(Score::Good));
}

#[tokio::test]
async fn an_ended_conversation_is_rated_through_its_request() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let v = body(h.post(&ana, paths::CONVERSATIONS, json!({"conversation": {}})).await, 201).await;
    let conversation = serde_json::from_value::<ConversationEnvelope>(v).unwrap().conversation;
    body(rate(&h, &ana, conversation.request_id, json!({"score": "good"})).await, 422).await;
    body(h.post(AGENT, &paths::agent_conversation_end(conversation.id), json!({})).await, 200).await;
    let v =
        body(rate(&h, &ana, conversation.request_id, json!({"score": "good", "comment": "Thanks"})).await, 200).await;
    let rating = serde_json::from_value::<SatisfactionRatingEnvelope>(v).unwrap().satisfaction_rating;
    assert_eq!(rating.ticket_id, conversation.request_id);
    let request: RequestEnvelope =
        serde_json::from_value(body(h.get(&ana, &paths::request(conversation.request_id)).await, 200).await).unwrap();
    assert_eq!(request.request.via.channel, "native_messaging");
    assert_eq!(request.request.satisfaction_rating.flatten().map(|s| s.score), Some(Score::Good));
}

#[tokio::test]
async fn a_replayed_rating_is_answered_once_and_pages_follow_either_style() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let mut ids = Vec::new();
    for subject in ["One", "Two", "Three"] {
        let id = solved(&h, &ana, subject).await;
        body(rate(&h, &ana, id, json!({"score": "good"})).await, 200).await;
        ids.push(id);
    }
    let send = || {
        h.http
            .post(h.url(&paths::satisfaction_rating(ids[0])))
            .bearer_auth(&ana)
            .header("Idempotency-Key", "rate-once")
            .json(&json!({"satisfaction_rating": {"score": "bad", "comment": "Changed my mind"}}))
            .send()
    };
    let first = body(send().await.unwrap(), 200).await;
    let again = body(send().await.unwrap(), 200).await;
    assert_eq!(first, again, "the replay answers the first result");

    let offset = ratings(&h, "?per_page=2").await;
    assert_eq!(offset.satisfaction_ratings.iter().map(|r| r.ticket_id).collect::<Vec<_>>(), ids[..2]);
    assert!(offset.pagination.next_url().unwrap().contains("page=2"));
    let cursor = ratings(&h, "?page[size]=2").await;
    let next = cursor.pagination.next_url().unwrap().to_owned();
    let rest: SatisfactionRatingsPage = serde_json::from_value(body(h.get(AGENT, &next).await, 200).await).unwrap();
    assert_eq!(rest.satisfaction_ratings.iter().map(|r| r.ticket_id).collect::<Vec<_>>(), ids[2..]);
}

/// Satisfaction ratings are Zendesk's API: a stock-Zendesk server serves them too; the settings
/// switch is Helpline's, and the reference helpdesk's default is on.
#[tokio::test]
async fn served_in_stock_zendesk_mode_and_switched_on_by_default() {
    let h = start_with(|c| helpline_server::ServerConfig { zendesk_only: true, ..c }).await;
    let ana = h.anon("ana").await;
    let id = solved(&h, &ana, "Zendesk").await;
    body(rate(&h, &ana, id, json!({"score": "good"})).await, 200).await;

    let h = start().await;
    let v = body(h.call(Method::GET, None, &paths::sdk_settings("any-app"), None).await, 200).await;
    let settings: SettingsEnvelope = serde_json::from_value(v).unwrap();
    assert_eq!(settings.settings.support.satisfaction_ratings_enabled, Some(true));
}
