//! Shared by the integration tests: a real server on 127.0.0.1:0 over a temp SQLite file,
//! and a reqwest client speaking to it.
#![allow(dead_code)]

use std::path::PathBuf;

use helpline_protocol::{Request, RequestEnvelope};
use helpline_server::{RunningServer, ServerConfig};
use reqwest::{Method, Response};
use serde_json::{Value, json};

pub const AGENT: &str = "agent-secret";
pub const JWT_SECRET: &str = "jwt-secret";

/// A temp directory removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("helpline-server-test-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn db(&self) -> PathBuf {
        self.0.join("helpline.sqlite3")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub struct Harness {
    pub server: RunningServer,
    pub http: reqwest::Client,
    pub dir: TempDir,
}

pub async fn start() -> Harness {
    start_with(|c| c).await
}

pub async fn start_with(tune: impl FnOnce(ServerConfig) -> ServerConfig) -> Harness {
    let dir = TempDir::new();
    let server = RunningServer::start(tune(ServerConfig::new(dir.db()))).await.expect("server starts");
    Harness { server, http: client(), dir }
}

/// A plain HTTP client (the workspace's reqwest needs a rustls provider even for http://).
pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

impl Harness {
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") { path.to_owned() } else { format!("{}{path}", self.server.base_url()) }
    }

    pub async fn call(&self, method: Method, token: Option<&str>, path: &str, body: Option<Value>) -> Response {
        let mut req = self.http.request(method, self.url(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        req.send().await.expect("request sent")
    }

    pub async fn get(&self, token: &str, path: &str) -> Response {
        self.call(Method::GET, Some(token), path, None).await
    }

    pub async fn post(&self, token: &str, path: &str, body: Value) -> Response {
        self.call(Method::POST, Some(token), path, Some(body)).await
    }

    pub async fn put(&self, token: &str, path: &str, body: Value) -> Response {
        self.call(Method::PUT, Some(token), path, Some(body)).await
    }

    /// Signs in anonymously; returns the access token.
    pub async fn anon(&self, guid: &str) -> String {
        let body = json!({"authentication": {"sdk_guid": guid}});
        let resp = self.call(Method::POST, None, "/access/sdk/anonymous", Some(body)).await;
        assert_eq!(resp.status(), 201);
        let v: Value = resp.json().await.unwrap();
        v["authentication"]["access_token"].as_str().unwrap().to_owned()
    }

    pub async fn me(&self, token: &str) -> Value {
        let resp = self.get(token, "/api/v2/users/me.json").await;
        assert_eq!(resp.status(), 200);
        resp.json().await.unwrap()
    }

    pub async fn create(&self, token: &str, subject: &str, body: &str) -> Request {
        let resp = self
            .post(token, "/api/v2/requests.json", json!({"request": {"subject": subject, "comment": {"body": body}}}))
            .await;
        assert_eq!(resp.status(), 201);
        resp.json::<RequestEnvelope>().await.unwrap().request
    }

    pub async fn agent_update(&self, id: u64, ticket: Value) -> Response {
        self.put(AGENT, &format!("/api/v2/tickets/{id}.json"), json!({"ticket": ticket})).await
    }
}

/// The JSON body of a response, asserting its status first.
pub async fn body(resp: Response, status: u16) -> Value {
    let got = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    assert_eq!(got, status, "body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}
