//! Access tokens over real HTTP: kept in the database as SHA-256 digests only, expiring (401
//! like an unknown token), and revoked by their holder (`DELETE /access/sdk/token`).

mod common;

use std::time::Duration;

use common::{AGENT, body, start, start_with};
use helpline_protocol::paths;
use helpline_server::ServerConfig;
use reqwest::Method;
use sha2::{Digest, Sha256};

const UNAUTHORIZED: &str = r#"{"error":"Couldn't authenticate you"}"#;

/// Every byte the server's SQLite files hold (the database and its write-ahead log).
fn database_bytes(dir: &std::path::Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("helpline.sqlite3")) {
            bytes.extend(std::fs::read(path).unwrap());
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn access_tokens_are_stored_as_sha256_digests_only() {
    let h = start().await;
    let token = h.anon("ana").await;
    h.me(&token).await;

    let conn = rusqlite::Connection::open(h.dir.db()).unwrap();
    let stored: Vec<String> = conn
        .prepare("SELECT token_sha256 FROM access_tokens")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(stored, vec![format!("{:x}", Sha256::digest(token.as_bytes()))]);
    drop(conn);
    assert!(!contains(&database_bytes(&h.dir.0), token.as_bytes()), "the token is nowhere in the database files");
    h.server.stop().await;
}

#[tokio::test]
async fn an_expired_access_token_answers_401_like_an_unknown_one() {
    let h = start_with(|c| ServerConfig { token_ttl: Duration::from_secs(2), ..c }).await;
    let token = h.anon("ana").await;
    h.me(&token).await;
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    let resp = h.get(&token, paths::ME).await;
    assert_eq!(resp.status(), 401);
    assert_eq!(resp.text().await.unwrap(), UNAUTHORIZED);
    // Signing in again gives a working token.
    h.me(&h.anon("ana").await).await;
    h.server.stop().await;
}

async fn revoke(h: &common::Harness, token: Option<&str>) -> reqwest::Response {
    h.call(Method::DELETE, token, paths::ACCESS_TOKEN, None).await
}

#[tokio::test]
async fn revoking_a_token_signs_out_that_token_only() {
    let h = start().await;
    let (phone, tablet) = (h.anon("ana").await, h.anon("ana").await);

    let resp = revoke(&h, Some(&phone)).await;
    assert_eq!(resp.status(), 204);
    assert!(resp.text().await.unwrap().is_empty());
    assert_eq!(h.get(&phone, paths::ME).await.status(), 401, "the revoked token");
    h.me(&tablet).await;

    // Revoked already, unknown, missing, or the agent's: 401.
    for (who, token) in [("revoked", Some(phone.as_str())), ("unknown", Some("nope")), ("none", None)] {
        let resp = revoke(&h, token).await;
        assert_eq!(resp.status(), 401, "{who}");
        assert_eq!(resp.text().await.unwrap(), UNAUTHORIZED, "{who}");
    }
    assert_eq!(revoke(&h, Some(AGENT)).await.status(), 401, "the agent token is no user token");
    assert_eq!(body(h.get(AGENT, paths::AGENT_TICKETS).await, 200).await["tickets"], serde_json::json!([]));
    h.server.stop().await;
}
