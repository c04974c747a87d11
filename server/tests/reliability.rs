//! What the SDK's failure handling leans on: idempotent writes, rate limits, injected faults,
//! a graceful stop and a restart that keeps everything.

mod common;

use std::time::{Duration, Instant};

use common::{AGENT, TempDir, body, start, start_with};
use helpline_protocol::RequestsPage;
use helpline_server::{Fault, RateLimit, RunningServer, ServerConfig};
use serde_json::{Value, json};

fn new_request(subject: &str) -> Value {
    json!({"request": {"subject": subject, "comment": {"body": "body"}}})
}

async fn post_with_key(h: &common::Harness, token: &str, key: &str, req: Value) -> reqwest::Response {
    h.http
        .post(h.url("/api/v2/requests.json"))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(&req)
        .send()
        .await
        .unwrap()
}

async fn count(h: &common::Harness, token: &str) -> u64 {
    body(h.get(token, "/api/v2/requests.json").await, 200).await["count"].as_u64().unwrap()
}

#[tokio::test]
async fn idempotent_replay_returns_the_first_result() {
    let h = start().await;
    let (ana, bo) = (h.anon("ana").await, h.anon("bo").await);
    let first = post_with_key(&h, &ana, "key-1", new_request("once")).await;
    assert!(first.headers().get("Idempotent-Replayed").is_none());
    let first = body(first, 201).await;
    let again = post_with_key(&h, &ana, "key-1", new_request("once")).await;
    assert_eq!(again.headers().get("Idempotent-Replayed").unwrap(), "true");
    assert_eq!(body(again, 201).await, first);
    assert_eq!(h.server.faults().served("/api/v2/requests.json"), 1, "the replay never reached the handler");
    assert_eq!(count(&h, &ana).await, 1);

    // Keys belong to their caller.
    body(post_with_key(&h, &bo, "key-1", new_request("theirs")).await, 201).await;
    assert_eq!(count(&h, &bo).await, 1);

    // A failure is not remembered: the corrected retry with the same key goes through.
    let invalid = json!({"request": {"subject": "x", "comment": {"body": ""}}});
    body(post_with_key(&h, &ana, "key-2", invalid).await, 422).await;
    body(post_with_key(&h, &ana, "key-2", new_request("fixed")).await, 201).await;
    assert_eq!(count(&h, &ana).await, 2);

    // Same key, other endpoint: refused rather than answered with the wrong body.
    let put = h
        .http
        .put(h.url(&format!("/api/v2/requests/{}.json", first["request"]["id"])))
        .bearer_auth(&ana)
        .header("Idempotency-Key", "key-1")
        .json(&json!({"request": {"solved": true}}))
        .send()
        .await
        .unwrap();
    assert_eq!(body(put, 409).await["error"], "Conflict");

    // Same key and endpoint, another body: refused, never answered with the first result.
    let other = body(post_with_key(&h, &ana, "key-1", new_request("something else")).await, 422).await;
    assert_eq!(other["details"]["idempotency_key"][0]["error"], "reused", "{other}");
    assert_eq!(count(&h, &ana).await, 2);
    h.server.stop().await;
}

/// A sign-in's answer is an access token: it is never kept to be replayed, so the table of
/// idempotent answers holds no credential.
#[tokio::test]
async fn sign_in_answers_are_not_kept_for_replay() {
    let h = start().await;
    let sign_in = |key: &'static str| {
        h.http
            .post(h.url("/access/sdk/anonymous"))
            .header("Idempotency-Key", key)
            .json(&json!({"authentication": {"sdk_guid": "same-install"}}))
            .send()
    };
    let first = sign_in("sign-in-1").await.unwrap();
    let again = sign_in("sign-in-1").await.unwrap();
    assert!(again.headers().get("Idempotent-Replayed").is_none(), "a sign-in is never a replay");
    let (first, again) = (body(first, 201).await, body(again, 201).await);
    assert_ne!(first["authentication"]["access_token"], again["authentication"]["access_token"]);
    h.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_with_one_key_create_once() {
    let h = start().await;
    let token = h.anon("g").await;
    let results = futures_join(&h, &token).await;
    let ids: Vec<&Value> = results.iter().map(|v| &v["request"]["id"]).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(count(&h, &token).await, 1);
    assert_eq!(h.server.faults().served("/api/v2/requests.json"), 2, "one create, one list");
    h.server.stop().await;
}

async fn futures_join(h: &common::Harness, token: &str) -> Vec<Value> {
    let mut tasks = vec![];
    for _ in 0..8 {
        let (http, url, token) = (h.http.clone(), h.url("/api/v2/requests.json"), token.to_owned());
        tasks.push(tokio::spawn(async move {
            let resp = http
                .post(url)
                .bearer_auth(token)
                .header("Idempotency-Key", "same")
                .json(&new_request("race"))
                .send()
                .await
                .unwrap();
            body(resp, 201).await
        }));
    }
    let mut out = vec![];
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

#[tokio::test]
async fn a_retry_after_a_server_error_succeeds() {
    let h = start().await;
    let token = h.anon("g").await;
    h.server.faults().push("/api/v2/requests.json", Fault::Status(503));
    let e = body(post_with_key(&h, &token, "k", new_request("retry")).await, 503).await;
    assert!(e["error"].is_string());
    body(post_with_key(&h, &token, "k", new_request("retry")).await, 201).await;
    body(post_with_key(&h, &token, "k", new_request("retry")).await, 201).await;
    assert_eq!(h.server.faults().served("/api/v2/requests.json"), 1);
    assert_eq!(count(&h, &token).await, 1);
    h.server.stop().await;
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let h = start_with(|c| ServerConfig {
        rate_limit: Some(RateLimit { max_requests: 3, per: Duration::from_secs(60) }),
        ..c
    })
    .await;
    let (ana, bo) = (h.anon("ana").await, h.anon("bo").await);
    for _ in 0..3 {
        assert_eq!(h.get(&ana, "/api/v2/users/me.json").await.status(), 200);
    }
    let limited = h.get(&ana, "/api/v2/users/me.json").await;
    let retry: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(body(limited, 429).await["error"], "TooManyRequests");
    assert_eq!(h.get(&bo, "/api/v2/users/me.json").await.status(), 200, "limits are per token");
    for _ in 0..5 {
        assert_eq!(h.get(AGENT, "/api/v2/tickets.json").await.status(), 200, "the agent is exempt");
    }
    h.server.stop().await;
}

#[tokio::test]
async fn injected_faults() {
    let h = start().await;
    let token = h.anon("g").await;
    let faults = h.server.faults();
    let me = "/api/v2/users/me.json";

    faults.push("users/me", Fault::Status(500));
    assert_eq!(body(h.get(&token, me).await, 500).await["error"], "InjectedFault");
    faults.push("users/me", Fault::Status(429));
    assert_eq!(h.get(&token, me).await.headers()["retry-after"], "1");
    faults.push("users/me", Fault::RateLimited { retry_after_secs: 7 });
    let resp = h.get(&token, me).await;
    assert_eq!((resp.status().as_u16(), resp.headers()["retry-after"].to_str().unwrap()), (429, "7"));

    faults.push("users/me", Fault::MalformedJson);
    let resp = h.get(&token, me).await;
    assert_eq!(resp.status(), 200);
    assert!(resp.json::<Value>().await.is_err());

    faults.push("users/me", Fault::Drop);
    assert!(h.http.get(h.url(me)).bearer_auth(&token).send().await.is_err(), "no answer at all");

    faults.push("users/me", Fault::Delay(Duration::from_millis(300)));
    let started = Instant::now();
    assert_eq!(h.get(&token, me).await.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(300));

    // Only the matching path consumes a fault, and each fault only once.
    faults.push("requests.json", Fault::Status(502));
    assert_eq!(h.get(&token, me).await.status(), 200);
    assert_eq!(h.get(&token, "/api/v2/requests.json").await.status(), 502);
    assert_eq!(h.get(&token, "/api/v2/requests.json").await.status(), 200);
    assert_eq!(faults.served("users/me"), 2, "the delayed call and the last one");
    h.server.stop().await;
}

#[tokio::test]
async fn data_survives_stop_and_restart_on_the_same_port() {
    let dir = TempDir::new();
    let server = RunningServer::start(ServerConfig::new(dir.db())).await.unwrap();
    let port = server.addr().port();
    let h = common::Harness { server, http: common::client(), dir };
    let token = h.anon("g").await;
    let created = h.create(&token, "Persist me", "Across restarts").await;
    let common::Harness { server, dir, .. } = h;
    server.stop().await;

    let server = RunningServer::start(ServerConfig { port, ..ServerConfig::new(dir.db()) }).await.unwrap();
    assert_eq!(server.addr().port(), port);
    let h = common::Harness { server, http: common::client(), dir };
    let page: RequestsPage =
        serde_json::from_value(body(h.get(&token, "/api/v2/requests.json").await, 200).await).unwrap();
    assert_eq!(page.requests.items, vec![created.clone()], "the old token and the request are still there");
    assert!(h.create(&token, "Next", "b").await.id > created.id);
    h.server.stop().await;
}

#[tokio::test]
async fn stop_does_not_wait_forever_for_slow_requests() {
    let h = start().await;
    let token = h.anon("g").await;
    h.server.faults().push("users/me", Fault::Delay(Duration::from_secs(30)));
    let slow = {
        let req = h.http.get(h.url("/api/v2/users/me.json")).bearer_auth(&token);
        tokio::spawn(async move { req.send().await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    let port = h.server.addr().port();
    h.server.stop().await;
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(slow.await.unwrap().is_err(), "the slow request was cut");
    // The port is free again.
    drop(tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap());
}
