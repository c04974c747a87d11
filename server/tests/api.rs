//! The contract over real HTTP: identity, requests, comments, the agent side, errors, pages.

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use common::{AGENT, JWT_SECRET, body, start};
use helpline_protocol::{CommentsPage, JwtClaims, RequestEnvelope, RequestsPage, Status, TicketEnvelope};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::Method;
use serde_json::{Value, json};

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

fn jwt(claims: &JwtClaims, secret: &str) -> String {
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}

fn claims(jti: &str) -> JwtClaims {
    JwtClaims {
        email: Some("bo@example.com".into()),
        name: Some("Bo".into()),
        external_id: Some("ext-bo".into()),
        iat: now(),
        jti: jti.into(),
        exp: Some(now() + 300),
    }
}

const UNAUTHORIZED: &str = r#"{"error":"Couldn't authenticate you"}"#;

#[tokio::test]
async fn anonymous_sign_in_maps_a_guid_to_one_user() {
    let h = start().await;
    let first = h.anon("guid-1").await;
    let second = h.anon("guid-1").await;
    assert_ne!(first, second, "every sign-in gets its own token");
    let (a, b) = (h.me(&first).await, h.me(&second).await);
    assert_eq!(a["user"]["id"], b["user"]["id"]);
    assert_ne!(h.me(&h.anon("guid-2").await).await["user"]["id"], a["user"]["id"]);

    let named =
        json!({"authentication": {"sdk_guid": "guid-1", "identifier": {"name": "Ana", "email": "ana@example.com"}}});
    let token = body(h.call(Method::POST, None, "/access/sdk/anonymous", Some(named)).await, 201).await;
    let token = token["authentication"]["access_token"].as_str().unwrap();
    let me = h.me(token).await;
    assert_eq!(me["user"]["id"], a["user"]["id"]);
    assert_eq!((me["user"]["name"].as_str(), me["user"]["email"].as_str()), (Some("Ana"), Some("ana@example.com")));

    let blank = json!({"authentication": {"sdk_guid": " "}});
    let err = body(h.call(Method::POST, None, "/access/sdk/anonymous", Some(blank)).await, 422).await;
    assert!(err["details"]["sdk_guid"].is_array());
    h.server.stop().await;
}

#[tokio::test]
async fn jwt_sign_in_accepts_good_tokens_only() {
    let h = start().await;
    let sign_in = |token: String| {
        let h = &h;
        async move {
            let req = json!({"authentication": {"sdk_guid": "g", "token": token}});
            h.call(Method::POST, None, "/access/sdk/jwt", Some(req)).await
        }
    };
    let good = body(sign_in(jwt(&claims("j1"), JWT_SECRET)).await, 201).await;
    let token = good["authentication"]["access_token"].as_str().unwrap();
    let me = h.me(token).await;
    assert_eq!((me["user"]["name"].as_str(), me["user"]["email"].as_str()), (Some("Bo"), Some("bo@example.com")));

    // Same external_id, new jti: the same user.
    let again = body(sign_in(jwt(&claims("j2"), JWT_SECRET)).await, 201).await;
    assert_eq!(h.me(again["authentication"]["access_token"].as_str().unwrap()).await["user"]["id"], me["user"]["id"]);

    let refused = [
        ("bad signature", jwt(&claims("j3"), "wrong-secret")),
        ("expired", jwt(&JwtClaims { exp: Some(now() - 5), ..claims("j4") }, JWT_SECRET)),
        ("stale iat", jwt(&JwtClaims { iat: now() - 3600, exp: None, ..claims("j5") }, JWT_SECRET)),
        ("replayed jti", jwt(&claims("j1"), JWT_SECRET)),
        ("garbage", "not-a-jwt".to_owned()),
    ];
    for (why, token) in refused {
        let resp = sign_in(token).await;
        assert_eq!(resp.status(), 401, "{why}");
        assert_eq!(resp.text().await.unwrap(), UNAUTHORIZED, "{why}");
    }
    h.server.stop().await;
}

#[tokio::test]
async fn endpoints_need_the_right_token() {
    let h = start().await;
    let user = h.anon("g").await;
    let resp = h.call(Method::GET, None, "/api/v2/requests.json", None).await;
    assert_eq!(resp.status(), 401);
    assert_eq!(resp.text().await.unwrap(), UNAUTHORIZED);
    assert_eq!(h.get("nope", "/api/v2/users/me.json").await.status(), 401);
    assert_eq!(h.get(AGENT, "/api/v2/users/me.json").await.status(), 401, "the agent token is no user token");
    assert_eq!(h.get(&user, "/api/v2/tickets.json").await.status(), 401, "a user token is no agent token");
    assert_eq!(h.get(AGENT, "/api/v2/tickets.json").await.status(), 200);
    h.server.stop().await;
}

#[tokio::test]
async fn errors_are_json() {
    let h = start().await;
    let user = h.anon("g").await;
    let e = body(h.get(&user, "/api/v2/nothing-here.json").await, 404).await;
    assert_eq!(e["error"], "InvalidEndpoint");
    let e = body(h.get(&user, "/api/v2/requests/abc.json").await, 404).await;
    assert_eq!(e, json!({"error": "RecordNotFound", "description": "Not found"}));
    let e = body(h.call(Method::DELETE, Some(&user), "/api/v2/requests.json", None).await, 405).await;
    assert_eq!(e["error"], "MethodNotAllowed");
    let resp = h
        .http
        .post(h.url("/api/v2/requests.json"))
        .bearer_auth(&user)
        .header("content-type", "application/json")
        .body("{\"request\": {")
        .send()
        .await
        .unwrap();
    assert_eq!(body(resp, 400).await["error"], "InvalidJSON");
    let e = body(h.get(&user, "/api/v2/requests.json?sort_by=mood").await, 400).await;
    assert_eq!(e["error"], "InvalidParameter");
    h.server.stop().await;
}

#[tokio::test]
async fn create_list_show_update() {
    let h = start().await;
    let user = h.anon("g").await;
    let me = h.me(&user).await["user"]["id"].as_u64().unwrap();
    let create = json!({"request": {"subject": "App crashes on login", "comment": {"body": "It closes right after I tap Sign in."},
        "tags": ["mobile"], "custom_fields": [{"id": 360001, "value": "A-1001"}]}});
    let created: RequestEnvelope =
        serde_json::from_value(body(h.post(&user, "/api/v2/requests.json", create).await, 201).await).unwrap();
    let r = created.request;
    assert_eq!((r.status, r.requester_id, r.via.channel.as_str()), (Status::New, me, "mobile_sdk"));
    assert_eq!(r.description, "It closes right after I tap Sign in.");
    assert_eq!(r.url, h.url(&format!("/api/v2/requests/{}.json", r.id)));
    assert_eq!(r.tags, vec!["mobile"]);
    assert_eq!(r.custom_fields[0].value, json!("A-1001"));
    assert!(r.created_at.ends_with('Z') && r.created_at.len() == 20, "{}", r.created_at);

    let list: RequestsPage =
        serde_json::from_value(body(h.get(&user, "/api/v2/requests.json").await, 200).await).unwrap();
    assert_eq!(list.requests.len(), 1);
    assert_eq!(list.pagination.count, Some(1));
    let shown: RequestEnvelope =
        serde_json::from_value(body(h.get(&user, &format!("/api/v2/requests/{}.json", r.id)).await, 200).await)
            .unwrap();
    assert_eq!(shown.request, r);

    let path = format!("/api/v2/requests/{}.json", r.id);
    let upd =
        body(h.put(&user, &path, json!({"request": {"comment": {"body": "Still happening on 2.3.1."}}})).await, 200)
            .await;
    assert_eq!(upd["request"]["status"], "new");
    let solved = body(h.put(&user, &path, json!({"request": {"solved": true}})).await, 200).await;
    assert_eq!(
        (solved["request"]["status"].as_str(), solved["request"]["can_be_solved_by_me"].as_bool()),
        (Some("solved"), Some(false))
    );

    let comments: CommentsPage = serde_json::from_value(
        body(h.get(&user, &format!("/api/v2/requests/{}/comments.json?sort_order=asc&include=users", r.id)).await, 200)
            .await,
    )
    .unwrap();
    let bodies: Vec<&str> = comments.comments.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(bodies, vec!["It closes right after I tap Sign in.", "Still happening on 2.3.1."]);
    assert_eq!(comments.comments[0].html_body, "<p>It closes right after I tap Sign in.</p>");
    assert_eq!(comments.users.len(), 1);
    assert!(!comments.users[0].agent);
    h.server.stop().await;
}

#[tokio::test]
async fn another_users_request_is_not_found() {
    let h = start().await;
    let (ana, bo) = (h.anon("ana").await, h.anon("bo").await);
    let r = h.create(&ana, "Mine", "Only mine").await;
    let not_found = json!({"error": "RecordNotFound", "description": "Not found"});
    assert_eq!(body(h.get(&bo, &format!("/api/v2/requests/{}.json", r.id)).await, 404).await, not_found);
    assert_eq!(body(h.get(&bo, &format!("/api/v2/requests/{}/comments.json", r.id)).await, 404).await, not_found);
    let put = h.put(&bo, &format!("/api/v2/requests/{}.json", r.id), json!({"request": {"solved": true}})).await;
    assert_eq!(body(put, 404).await, not_found);
    assert_eq!(body(h.get(&bo, "/api/v2/requests/999999.json").await, 404).await, not_found);
    let theirs: RequestsPage =
        serde_json::from_value(body(h.get(&bo, "/api/v2/requests.json").await, 200).await).unwrap();
    assert!(theirs.requests.is_empty());
    h.server.stop().await;
}

#[tokio::test]
async fn agent_replies_and_user_sees_public_comments() {
    let h = start().await;
    let user = h.anon("g").await;
    let r = h.create(&user, "Refund", "Please refund order A-1001.").await;

    let t: TicketEnvelope = serde_json::from_value(
        body(
            h.agent_update(
                r.id,
                json!({"comment": {"body": "Fixed in 2.3.2, please update.", "public": true}, "status": "pending"}),
            )
            .await,
            200,
        )
        .await,
    )
    .unwrap();
    assert_eq!(t.ticket.status, Status::Pending);
    let agent_id = t.ticket.assignee_id.expect("the commenting agent is assigned");
    body(h.agent_update(r.id, json!({"comment": {"body": "internal note", "public": false}})).await, 200).await;

    let path = format!("/api/v2/requests/{}.json", r.id);
    let seen = body(h.get(&user, &path).await, 200).await;
    assert_eq!(
        (seen["request"]["status"].as_str(), seen["request"]["assignee_id"].as_u64()),
        (Some("pending"), Some(agent_id))
    );
    let reopened =
        body(h.put(&user, &path, json!({"request": {"comment": {"body": "Still broken"}}})).await, 200).await;
    assert_eq!(reopened["request"]["status"], "open", "an end-user comment reopens a pending request");

    let url = format!("/api/v2/requests/{}/comments.json?sort_order=desc&include=users", r.id);
    let page: CommentsPage = serde_json::from_value(body(h.get(&user, &url).await, 200).await).unwrap();
    let bodies: Vec<&str> = page.comments.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(bodies, vec!["Still broken", "Fixed in 2.3.2, please update.", "Please refund order A-1001."]);
    let sam = page.users.iter().find(|u| u.id == agent_id).expect("agent side-loaded");
    assert!(sam.agent);
    assert_eq!(sam.name, "Sam (Support)");
    assert_eq!(page.users.len(), 2);

    let future = format!("/api/v2/requests/{}/comments.json?since=2999-01-01T00:00:00Z", r.id);
    let none: CommentsPage = serde_json::from_value(body(h.get(&user, &future).await, 200).await).unwrap();
    assert!(none.comments.is_empty());
    let past = format!("/api/v2/requests/{}/comments.json?since=2000-01-01T00:00:00Z", r.id);
    let all: CommentsPage = serde_json::from_value(body(h.get(&user, &past).await, 200).await).unwrap();
    assert_eq!(all.comments.len(), 3);
    assert!(all.users.is_empty(), "users only when asked for");

    let tickets = body(h.get(AGENT, "/api/v2/tickets.json").await, 200).await;
    assert_eq!(tickets["tickets"].as_array().unwrap().len(), 1);
    assert_eq!(tickets["count"], 1);
    assert_eq!(body(h.get(AGENT, "/api/v2/tickets/424242.json").await, 404).await["error"], "RecordNotFound");
    let bad = h.agent_update(r.id, json!({"status": "sleeping"})).await;
    assert_eq!(body(bad, 422).await["details"]["status"][0]["error"], "InvalidValue");
    h.server.stop().await;
}

#[tokio::test]
async fn closed_requests_take_no_comments_but_a_follow_up() {
    let h = start().await;
    let (user, other) = (h.anon("g").await, h.anon("other").await);
    let r = h.create(&user, "Old", "Old problem").await;
    let open = h.create(&user, "Open", "Still open").await;
    let theirs = h.create(&other, "Theirs", "Not yours").await;
    for id in [r.id, theirs.id] {
        body(h.agent_update(id, json!({"status": "closed"})).await, 200).await;
    }

    let resp = h
        .put(&user, &format!("/api/v2/requests/{}.json", r.id), json!({"request": {"comment": {"body": "Again!"}}}))
        .await;
    let expected = json!({"error": "RecordInvalid", "description": "Request is closed",
        "details": {"base": [{"description": "Request is closed", "error": "closed"}]}});
    assert_eq!(body(resp, 422).await, expected);
    assert_eq!(
        body(h.agent_update(r.id, json!({"status": "open"})).await, 422).await["details"]["base"][0]["error"],
        "closed"
    );

    let follow = |source: u64| json!({"request": {"subject": "", "comment": {"body": "It is back"}, "via_followup_source_id": source}});
    let created = body(h.post(&user, "/api/v2/requests.json", follow(r.id)).await, 201).await;
    assert_eq!(created["request"]["followup_source_id"], r.id);
    assert_eq!(created["request"]["status"], "new");
    for bad in [open.id, theirs.id, 987654] {
        let e = body(h.post(&user, "/api/v2/requests.json", follow(bad)).await, 422).await;
        assert!(e["details"]["via_followup_source_id"].is_array(), "{bad}: {e}");
    }
    h.server.stop().await;
}

#[tokio::test]
async fn validation_names_the_field() {
    let h = start().await;
    let user = h.anon("g").await;
    let field_of = |e: &Value| e["details"].as_object().unwrap().keys().next().unwrap().clone();
    let cases = [
        (json!({"subject": "Hi", "comment": {"body": "   "}}), "description"),
        (json!({"subject": "x".repeat(256), "comment": {"body": "b"}}), "subject"),
        (json!({"subject": "Big", "comment": {"body": "x".repeat(65_537)}}), "description"),
        (json!({"subject": "Hi", "comment": {"body": "b"}, "requester": {"email": "not-an-email"}}), "email"),
    ];
    for (request, field) in cases {
        let e = body(h.post(&user, "/api/v2/requests.json", json!({"request": request})).await, 422).await;
        assert_eq!(e["error"], "RecordInvalid");
        assert_eq!(field_of(&e), field, "{e}");
    }
    let path = format!("/api/v2/requests/{}.json", h.create(&user, "s", "b").await.id);
    let e = body(h.put(&user, &path, json!({"request": {"comment": {"body": ""}}})).await, 422).await;
    assert_eq!(field_of(&e), "comment");

    let long = "Word ".repeat(30);
    let r = h.create(&user, "", &long).await;
    assert_eq!(r.subject.chars().count(), 50);
    assert!(long.starts_with(&r.subject));
    let e = body(h.get(&user, "/api/v2/requests.json").await, 200).await;
    assert_eq!(e["count"], 2, "nothing was created by the invalid calls");
    h.server.stop().await;
}

#[tokio::test]
async fn pagination_offset_and_cursor() {
    let h = start().await;
    let user = h.anon("g").await;
    let mut ids = vec![];
    for i in 0..5 {
        ids.push(h.create(&user, &format!("r{i}"), "b").await.id);
    }
    ids.reverse(); // default order: updated_at desc

    let mut seen = vec![];
    let mut next = Some("/api/v2/requests.json?per_page=2".to_owned());
    let mut pages = 0;
    while let Some(url) = next {
        let page: RequestsPage = serde_json::from_value(body(h.get(&user, &url).await, 200).await).unwrap();
        assert_eq!(page.pagination.count, Some(5));
        assert!(page.requests.len() <= 2);
        if pages == 0 {
            assert!(page.pagination.previous_page.is_none());
        }
        seen.extend(page.requests.iter().map(|r| r.id));
        next = page.pagination.next_url().map(str::to_owned);
        pages += 1;
    }
    assert_eq!((seen.clone(), pages), (ids.clone(), 3));

    let mut seen = vec![];
    let mut next = Some("/api/v2/requests.json?page[size]=2".to_owned());
    let mut last = None;
    while let Some(url) = next {
        let page: RequestsPage = serde_json::from_value(body(h.get(&user, &url).await, 200).await).unwrap();
        assert!(page.pagination.meta.is_some() && page.pagination.count.is_none());
        seen.extend(page.requests.iter().map(|r| r.id));
        next = page.pagination.next_url().map(str::to_owned);
        last = Some(page);
    }
    assert_eq!(seen, ids);
    let prev = last.unwrap().pagination.links.unwrap().prev.expect("last page links back");
    let page: RequestsPage = serde_json::from_value(body(h.get(&user, &prev).await, 200).await).unwrap();
    assert_eq!(page.requests.iter().map(|r| r.id).collect::<Vec<_>>(), ids[2..4].to_vec());

    let asc: RequestsPage = serde_json::from_value(
        body(h.get(&user, "/api/v2/requests.json?sort_by=created_at&sort_order=asc").await, 200).await,
    )
    .unwrap();
    let mut expected = ids.clone();
    expected.reverse();
    assert_eq!(asc.requests.iter().map(|r| r.id).collect::<Vec<_>>(), expected);

    body(h.agent_update(ids[4], json!({"status": "pending"})).await, 200).await;
    body(h.agent_update(ids[3], json!({"status": "solved"})).await, 200).await;
    let filtered: RequestsPage =
        serde_json::from_value(body(h.get(&user, "/api/v2/requests.json?status=open,pending").await, 200).await)
            .unwrap();
    assert_eq!(filtered.requests.iter().map(|r| r.id).collect::<Vec<_>>(), vec![ids[4]]);
    let bad = h.get(&user, "/api/v2/requests.json?page[size]=2&page[after]=zz").await;
    assert_eq!(body(bad, 400).await["error"], "InvalidParameter");
    h.server.stop().await;
}
