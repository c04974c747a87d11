//! What bounds the uploads a server keeps, over real HTTP: the per-user quota (counted on the
//! bytes received, chunked bodies included), the size limit on a body without a length, and the
//! sweep of expired uploads, at start and periodically while running.

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::{Harness, TempDir, body, client, start_with};
use helpline_protocol::{UploadEnvelope, paths};
use helpline_server::{RunningServer, ServerConfig};
use reqwest::{Method, Response};
use serde_json::json;

fn upload_url(base: &str, file_name: &str) -> String {
    let mut url = reqwest::Url::parse(&format!("{base}{}", paths::UPLOADS)).unwrap();
    url.query_pairs_mut().append_pair("filename", file_name);
    url.into()
}

async fn post(http: &reqwest::Client, base: &str, user: &str, body: reqwest::Body) -> Response {
    http.post(upload_url(base, "f.bin")).bearer_auth(user).body(body).send().await.expect("upload sent")
}

/// A body sent chunked, without a `Content-Length`: only the bytes received can be counted.
fn chunked(len: usize) -> reqwest::Body {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![7u8; len].chunks(1000).map(|c| Ok(c.to_vec())).collect();
    reqwest::Body::wrap_stream(futures_util::stream::iter(chunks))
}

fn stored(dir: &TempDir) -> Vec<PathBuf> {
    std::fs::read_dir(dir.0.join("uploads")).unwrap().map(|e| e.unwrap().path()).collect()
}

fn token_of(v: serde_json::Value) -> String {
    serde_json::from_value::<UploadEnvelope>(v).unwrap().upload.token
}

#[tokio::test]
async fn a_users_stored_files_are_held_to_a_quota_counted_on_the_bytes_received() {
    let h: Harness = start_with(|c| ServerConfig { upload_quota_bytes: 10_000, ..c }).await;
    let base = h.server.base_url();
    let (ana, bo) = (h.anon("ana").await, h.anon("bo").await);
    let first = token_of(body(post(&h.http, &base, &ana, vec![1u8; 6_000].into()).await, 201).await);

    // Declared too much, or sent chunked past what is left: 422 naming the file, nothing kept.
    for (how, bytes) in [("declared", reqwest::Body::from(vec![1u8; 5_000])), ("chunked", chunked(5_000))] {
        let err = body(post(&h.http, &base, &ana, bytes).await, 422).await;
        assert_eq!(err["details"]["file"][0]["error"], "OverQuota", "{how}: {err}");
        assert!(err["description"].as_str().unwrap().contains("10000 bytes"), "{how}: {err}");
    }
    assert_eq!(stored(&h.dir).len(), 1, "no partial file left");

    // Up to the quota exactly; then not one byte more. Others have their own.
    let second = token_of(body(post(&h.http, &base, &ana, chunked(4_000)).await, 201).await);
    body(post(&h.http, &base, &ana, vec![1u8].into()).await, 422).await;
    body(post(&h.http, &base, &bo, vec![1u8; 9_000].into()).await, 201).await;
    // An attached file still counts; deleting an unclaimed upload frees its bytes.
    let created = json!({"request": {"subject": "Crash", "comment": {"body": "See", "uploads": [first]}}});
    body(h.post(&ana, paths::REQUESTS, created).await, 201).await;
    body(post(&h.http, &base, &ana, vec![1u8].into()).await, 422).await;
    assert_eq!(h.call(Method::DELETE, Some(&ana), &paths::upload(&second), None).await.status(), 204);
    body(post(&h.http, &base, &ana, chunked(4_000)).await, 201).await;
    h.server.stop().await;
}

#[tokio::test]
async fn a_chunked_body_past_the_size_limit_is_refused_with_413() {
    let h = start_with(|c| c).await;
    let ana = h.anon("ana").await;
    let limit = json!({"settings": {"support": {"attachments": {"max_attachment_size": 5_000}}}});
    body(h.put(common::AGENT, &paths::agent_sdk_settings("app"), limit).await, 200).await;
    let resp = h
        .http
        .post(upload_url(&h.server.base_url(), "big.bin"))
        .bearer_auth(&ana)
        .header(helpline_protocol::APP_IDENTIFIER, "app")
        .body(chunked(5_001))
        .send()
        .await
        .unwrap();
    assert_eq!(body(resp, 413).await["error"], "PayloadTooLarge");
    assert!(stored(&h.dir).is_empty());
    h.server.stop().await;
}

#[tokio::test]
async fn expired_uploads_are_swept_at_start_and_while_running() {
    let dir = TempDir::new();
    let http = client();
    let config = |sweep_interval: Duration| ServerConfig {
        upload_ttl: Duration::ZERO,
        upload_grace: Duration::ZERO,
        sweep_interval,
        ..ServerConfig::new(dir.db())
    };
    let anon = |base: String| {
        let http = http.clone();
        async move {
            let resp = http
                .post(format!("{base}{}", paths::ANONYMOUS_AUTH))
                .json(&json!({"authentication": {"sdk_guid": "ana"}}))
                .send()
                .await
                .unwrap();
            body(resp, 201).await["authentication"]["access_token"].as_str().unwrap().to_owned()
        }
    };

    // No sweep while this one runs: the expired upload stays, until the next start.
    let server = RunningServer::start(config(Duration::from_secs(3600))).await.unwrap();
    let ana = anon(server.base_url()).await;
    body(post(&http, &server.base_url(), &ana, vec![1u8; 10].into()).await, 201).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(stored(&dir).len(), 1);
    server.stop().await;
    let server = RunningServer::start(config(Duration::from_secs(3600))).await.unwrap();
    assert!(stored(&dir).is_empty(), "swept at start");

    // A running server sweeps every interval.
    server.stop().await;
    let server = RunningServer::start(config(Duration::from_millis(100))).await.unwrap();
    let ana = anon(server.base_url()).await;
    let token = token_of(body(post(&http, &server.base_url(), &ana, vec![1u8; 10].into()).await, 201).await);
    let started = Instant::now();
    while !stored(&dir).is_empty() {
        assert!(started.elapsed() < Duration::from_secs(5), "not swept while running");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Its token is now unknown, and deleting it finds nothing.
    let delete = http.request(Method::DELETE, format!("{}{}", server.base_url(), paths::upload(&token)));
    assert_eq!(delete.bearer_auth(&ana).send().await.unwrap().status(), 404);
    server.stop().await;
}
