//! Stock-Zendesk mode (`ServerConfig::zendesk_only`, `--zendesk-only`): every Helpline addition
//! answers as a Zendesk account does, and what Zendesk offers keeps working.

mod common;

use common::{AGENT, body, start_with};
use helpline_protocol::{IncrementalArticlesPage, paths};
use helpline_server::{RunningServer, ServerConfig};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn helpline_additions_answer_404_and_zendesks_api_still_works() {
    let h = start_with(|c| ServerConfig { zendesk_only: true, seed_demo: true, ..c }).await;
    let token = h.anon("guid-1").await;
    for (method, path) in [
        (Method::GET, paths::sdk_settings("demo-app")),
        (Method::PUT, paths::agent_sdk_settings("demo-app")),
        (Method::POST, paths::CONVERSATIONS.to_owned()),
        (Method::GET, paths::CONVERSATIONS.to_owned()),
        (Method::GET, paths::REALTIME.to_owned()),
        (Method::GET, paths::AGENT_CONVERSATIONS.to_owned()),
        (Method::DELETE, paths::ACCESS_TOKEN.to_owned()),
    ] {
        let resp = h.call(method.clone(), Some(&token), &path, Some(json!({}))).await;
        let got = body(resp, 404).await;
        assert_eq!(got["error"], "InvalidEndpoint", "{method} {path}");
    }
    // Not revoked: the token still works, and Zendesk's own endpoints answer.
    assert_eq!(h.me(&token).await["user"]["name"], "Anonymous");
    let created = h.create(&token, "Hello", "It works").await;
    assert_eq!(h.get(&token, &paths::request(created.id)).await.status(), 200);
    assert_eq!(h.get(&token, &paths::categories("en-us")).await.status(), 200);
}

#[tokio::test]
async fn the_article_export_is_the_agents_and_carries_no_helpline_fields() {
    let h = start_with(|c| ServerConfig { zendesk_only: true, seed_demo: true, ..c }).await;
    let token = h.anon("guid-1").await;
    let export = format!("{}?start_time=0&locale=en-us", paths::INCREMENTAL_ARTICLES);
    for who in [Some(token.as_str()), None] {
        let got = body(h.call(Method::GET, who, &export, None).await, 403).await;
        assert_eq!(got["error"], "Forbidden");
    }
    let resp = h.get(AGENT, &export).await;
    let page: IncrementalArticlesPage = serde_json::from_value(body(resp, 200).await).unwrap();
    assert!(!page.articles.is_empty());
    assert!(page.articles.iter().all(|a| a.attachments.is_none()), "no attachments: a Helpline addition");
    assert_eq!(page.deleted_article_ids, None, "no deleted_article_ids: a Helpline addition");

    // The full server carries both, to anyone.
    let full = start_with(|c| ServerConfig { seed_demo: true, ..c }).await;
    let token = full.anon("guid-1").await;
    let page: IncrementalArticlesPage =
        serde_json::from_value(body(full.get(&token, &export).await, 200).await).unwrap();
    assert!(page.articles.iter().all(|a| a.attachments.is_some()));
    assert_eq!(page.deleted_article_ids, Some(vec![]));
}

#[tokio::test]
async fn app_identifier_is_ignored_so_the_default_upload_limit_applies() {
    // An app's settings lower its limit to 1 MiB; then the same data is served as a stock Zendesk.
    let full = start_with(|c| c).await;
    let limit = json!({"settings": {"support": {"attachments": {"max_attachment_size": 1048576}}}});
    body(full.put(AGENT, &paths::agent_sdk_settings("small-app"), limit).await, 200).await;
    let token = full.anon("guid-1").await;
    let upload = |h: &common::Harness, token: &str| {
        h.http
            .post(h.url(&format!("{}?filename=big.bin", paths::UPLOADS)))
            .bearer_auth(token)
            .header(helpline_protocol::APP_IDENTIFIER, "small-app")
            .body(vec![7u8; 2 * 1024 * 1024])
            .send()
    };
    assert_eq!(upload(&full, &token).await.unwrap().status(), 413, "the app's own limit");
    let common::Harness { server, http, dir } = full;
    server.stop().await;
    let config = ServerConfig { zendesk_only: true, ..ServerConfig::new(dir.db()) };
    let stock = common::Harness { server: RunningServer::start(config).await.unwrap(), http, dir };
    let got = body(upload(&stock, &token).await.unwrap(), 201).await;
    assert_eq!(got["upload"]["attachment"]["size"], 2 * 1024 * 1024, "Zendesk's default limit, 20 MiB");
}
