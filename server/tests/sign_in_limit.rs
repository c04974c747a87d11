//! Sign-in is rate-limited per client address, over real HTTP: anonymous and JWT sign-ins
//! share the address's window, past it 429 with `Retry-After`; tokens already held still work.

mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::{JWT_SECRET, body, start_with};
use helpline_protocol::{JwtClaims, paths};
use helpline_server::{DEFAULT_SIGN_IN_LIMIT, RateLimit, ServerConfig};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::Method;
use serde_json::json;

fn jwt(jti: &str) -> String {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    let claims = JwtClaims {
        email: Some("bo@example.com".into()),
        name: None,
        external_id: Some("bo".into()),
        iat: now,
        jti: jti.into(),
        exp: None,
    };
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(JWT_SECRET.as_bytes()))
        .unwrap()
}

#[tokio::test]
async fn sign_in_past_the_limit_of_an_address_is_429_with_retry_after() {
    let limit = RateLimit { max_requests: 3, per: Duration::from_secs(60) };
    let h = start_with(|c| ServerConfig { sign_in_limit: Some(limit), ..c }).await;
    let anonymous = |guid: &str| {
        let req = json!({"authentication": {"sdk_guid": guid}});
        h.call(Method::POST, None, paths::ANONYMOUS_AUTH, Some(req))
    };
    let ana = h.anon("ana").await;
    body(anonymous("bo").await, 201).await;
    let signed = json!({"authentication": {"sdk_guid": "g", "token": jwt("j1")}});
    body(h.call(Method::POST, None, paths::JWT_AUTH, Some(signed)).await, 201).await;

    let refused = anonymous("cy").await;
    assert_eq!(refused.status(), 429);
    let retry_after: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(body(refused, 429).await["error"], "TooManyRequests");
    let signed = json!({"authentication": {"sdk_guid": "g", "token": jwt("j2")}});
    assert_eq!(h.call(Method::POST, None, paths::JWT_AUTH, Some(signed)).await.status(), 429, "the same window");

    // Only sign-in is limited: the tokens held keep working.
    h.me(&ana).await;
    body(h.get(&ana, paths::REQUESTS).await, 200).await;
    h.server.stop().await;
}

#[tokio::test]
async fn the_default_limit_is_generous_and_none_lifts_it() {
    assert_eq!(ServerConfig::new("db").sign_in_limit, Some(DEFAULT_SIGN_IN_LIMIT));
    // The suites and benchmarks sign in hundreds of times from 127.0.0.1.
    const { assert!(DEFAULT_SIGN_IN_LIMIT.max_requests >= 500) };
    let h = start_with(|c| ServerConfig { sign_in_limit: None, ..c }).await;
    for i in 0..20 {
        h.anon(&format!("user-{i}")).await;
    }
    h.server.stop().await;
}
