//! The kit's HTTP side: calls to the helpdesk under test, and their answers read into what a
//! check compares. A call that gets no answer is an answer too (status 0, the reason in its
//! body), so that every check fails with what happened instead of stopping the run.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::report::Failure;

/// Answers are read up to this size (the SDK's own cap); past it, the rest is left unread.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// How much of a body a report shows.
const EXCERPT_CHARS: usize = 300;

/// One TLS set-up for HTTP and the WebSocket: ring, the platform's certificate verifier.
pub(crate) fn tls_config() -> anyhow::Result<rustls::ClientConfig> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_platform_verifier()?
        .with_no_client_auth())
}

pub(crate) struct Client {
    http: reqwest::Client,
    base: Url,
    pub(crate) tls: Arc<rustls::ClientConfig>,
}

impl Client {
    pub(crate) fn new(base: &Url, timeout: Duration) -> anyhow::Result<Self> {
        let tls = tls_config()?;
        let http = reqwest::Client::builder()
            .user_agent(concat!("helpline-conformance/", env!("CARGO_PKG_VERSION")))
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .tls_backend_preconfigured(tls.clone())
            .build()?;
        Ok(Self { http, base: base.clone(), tls: Arc::new(tls) })
    }

    /// A URL on the helpdesk: `path` absolute (`/api/v2/...`, with a query if any), or a full
    /// URL the helpdesk handed out (a next page, a file's `content_url`).
    pub(crate) fn url(&self, path_or_url: &str) -> Url {
        Url::parse(path_or_url).or_else(|_| self.base.join(path_or_url)).unwrap_or_else(|_| self.base.clone())
    }

    pub(crate) fn call(&self, method: Method, path_or_url: &str) -> Call<'_> {
        Call {
            client: self,
            method,
            url: self.url(path_or_url),
            token: None,
            json: None,
            bytes: None,
            headers: HeaderMap::new(),
        }
    }

    pub(crate) fn get(&self, path: &str) -> Call<'_> {
        self.call(Method::GET, path)
    }

    pub(crate) fn post(&self, path: &str) -> Call<'_> {
        self.call(Method::POST, path)
    }

    pub(crate) fn put(&self, path: &str) -> Call<'_> {
        self.call(Method::PUT, path)
    }

    pub(crate) fn delete(&self, path: &str) -> Call<'_> {
        self.call(Method::DELETE, path)
    }
}

/// A call being built.
pub(crate) struct Call<'a> {
    client: &'a Client,
    method: Method,
    url: Url,
    token: Option<String>,
    json: Option<serde_json::Value>,
    bytes: Option<Vec<u8>>,
    headers: HeaderMap,
}

impl Call<'_> {
    pub(crate) fn token(mut self, token: &str) -> Self {
        self.token = Some(token.to_owned());
        self
    }

    pub(crate) fn json(mut self, body: serde_json::Value) -> Self {
        self.json = Some(body);
        self
    }

    /// A raw body (an upload).
    pub(crate) fn bytes(mut self, body: Vec<u8>) -> Self {
        self.bytes = Some(body);
        self
    }

    pub(crate) fn header(mut self, name: &'static str, value: &str) -> Self {
        if let Ok(value) = HeaderValue::from_str(value) {
            self.headers.insert(HeaderName::from_static(name), value);
        }
        self
    }

    pub(crate) async fn send(self) -> Answer {
        let what = format!("{} {}", self.method, path_of(&self.url));
        let mut request = self.client.http.request(self.method, self.url).headers(self.headers);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(json) = &self.json {
            request = request.json(json);
        }
        if let Some(bytes) = self.bytes {
            request = request.body(bytes);
        }
        match request.send().await {
            Ok(response) => Answer::read(what, response).await,
            Err(e) => Answer {
                what,
                status: 0,
                headers: HeaderMap::new(),
                body: format!("no answer: {}", causes(&e)).into_bytes(),
            },
        }
    }
}

/// The error and what caused it ("error sending request" alone does not say a reset from a
/// timeout).
fn causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// `/path?query` of a URL, for reports.
fn path_of(url: &Url) -> String {
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

/// What the helpdesk answered (status 0: no answer, the reason in `body`).
pub(crate) struct Answer {
    /// `METHOD /path`, for reports.
    pub what: String,
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    async fn read(what: String, mut response: reqwest::Response) -> Answer {
        let (status, headers) = (response.status().as_u16(), response.headers().clone());
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) if body.len() + chunk.len() <= MAX_BODY_BYTES => body.extend_from_slice(&chunk),
                Ok(Some(_)) => break,
                Ok(None) => break,
                Err(e) => return Answer { what, status: 0, headers, body: format!("body cut: {e}").into_bytes() },
            }
        }
        Answer { what, status, headers, body }
    }

    /// `HTTP 404: {"error": ...}`, or `no answer: ...`: the "got" of a failure.
    pub(crate) fn describe(&self) -> String {
        let text = String::from_utf8_lossy(&self.body);
        let mut excerpt: String = text.chars().take(EXCERPT_CHARS).collect();
        if text.chars().count() > EXCERPT_CHARS {
            excerpt.push_str("...");
        }
        match self.status {
            0 => excerpt,
            status => {
                let reason = StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("");
                if excerpt.is_empty() {
                    format!("HTTP {status} {reason} (no body)")
                } else {
                    format!("HTTP {status} {reason}: {excerpt}")
                }
            }
        }
    }

    /// The status must be `status`.
    pub(crate) fn expect(&self, status: u16) -> Result<&Self, Failure> {
        self.expect_any(&[status])
    }

    /// The status must be one of `statuses`.
    pub(crate) fn expect_any(&self, statuses: &[u16]) -> Result<&Self, Failure> {
        if statuses.contains(&self.status) {
            return Ok(self);
        }
        let wanted: Vec<String> = statuses.iter().map(|s| format!("HTTP {s}")).collect();
        Err(Failure::new(format!("{} answers {}", self.what, wanted.join(" or ")), self.describe()))
    }

    /// The body, decoded as the contract's `T` (named `type_name` in reports).
    pub(crate) fn decode<T: DeserializeOwned>(&self, type_name: &str) -> Result<T, Failure> {
        serde_json::from_slice(&self.body).map_err(|e| {
            Failure::new(format!("{}: a body decoding as {type_name}", self.what), format!("{e}; {}", self.describe()))
        })
    }

    /// `expect(status)`, then `decode`.
    pub(crate) fn json<T: DeserializeOwned>(&self, status: u16, type_name: &str) -> Result<T, Failure> {
        self.expect(status)?.decode(type_name)
    }

    /// The contract's error body, with the field its `details` name first, if any.
    pub(crate) fn error(&self) -> Option<helpline_protocol::ErrorBody> {
        serde_json::from_slice(&self.body).ok()
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Fails with `expected` / `got` unless `holds`.
pub(crate) fn ensure(holds: bool, expected: impl Into<String>, got: impl Into<String>) -> Result<(), Failure> {
    if holds { Ok(()) } else { Err(Failure::new(expected, got)) }
}
