//! HTTP to the helpdesk: headers, timeouts, retries and the mapping of answers to [`Error`].
//!
//! Transient failures (5xx, timeouts, dropped connections) are retried a few times with
//! exponential backoff and full jitter; a 429 waits what `Retry-After` says when that is
//! short, and otherwise surfaces as `RateLimited` so the caller (the outbox) reschedules.
//! A refused connection is not retried here: it means offline, and the outbox waits.

use std::sync::Mutex;
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use helpline_protocol::ErrorBody;
use reqwest::{Method, StatusCode, header};
use serde::de::DeserializeOwned;
use url::Url;

use crate::{Config, Error, Result};

/// How hard one call tries before giving up.
#[derive(Debug, Clone)]
pub(crate) struct RetryPolicy {
    pub max_attempts: usize,
    pub min_delay: Duration,
    pub max_delay: Duration,
    /// A `Retry-After` up to this long is waited out inline; longer ones are returned.
    pub max_inline_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            min_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_inline_retry_after: Duration::from_secs(10),
        }
    }
}

/// One call to make: method, URL, optional JSON body and idempotency key.
#[derive(Debug, Clone)]
pub(crate) struct ApiRequest {
    pub method: Method,
    pub url: Url,
    pub body: Option<serde_json::Value>,
    pub idempotency_key: Option<String>,
}

impl ApiRequest {
    pub fn get(url: Url) -> Self {
        Self { method: Method::GET, url, body: None, idempotency_key: None }
    }

    /// A write: it carries a JSON body and the key that makes a replay harmless.
    pub fn write(method: Method, url: Url, body: serde_json::Value, idempotency_key: &str) -> Self {
        Self { method, url, body: Some(body), idempotency_key: Some(idempotency_key.to_owned()) }
    }
}

pub(crate) struct Transport {
    /// Built on first use, or by `warm_up` in the background after open: loading the
    /// platform's certificate verifier takes tens of milliseconds, which `open` must not wait.
    /// Only a client that was built is kept: a failed set-up is tried again next time.
    http: Mutex<Option<reqwest::Client>>,
    user_agent: String,
    app_id: header::HeaderValue,
    base: Url,
    client_id: String,
    policy: RetryPolicy,
    /// The client's timeout for one exchange (an upload gets more).
    timeout: Duration,
    /// The user's locale in force (`Helpline::set_locale` changes it): `Accept-Language`, so
    /// that a helpdesk may word its answers (its errors' descriptions) in it.
    locale: std::sync::RwLock<String>,
}

/// The most an answer of the helpdesk may weigh: an export page of 1,000 long articles fits
/// many times over. Past it the answer is refused, whatever its Content-Length said.
pub(crate) const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;
/// Redirects followed within the helpdesk's origin before giving up.
const MAX_REDIRECTS: usize = 5;
/// Of an error answer, only its message is used: the rest is not read.
const MAX_ERROR_BYTES: usize = 64 * 1024;

/// Why a body was not read.
enum Unread {
    TooLarge,
    Broken(reqwest::Error),
}

/// Reads a body as it streams in, never holding more than the cap: a success answer over
/// `MAX_ANSWER_BYTES` is refused (before reading, when it announces its size), an error
/// answer is cut at `MAX_ERROR_BYTES`.
async fn read_capped(mut response: reqwest::Response) -> std::result::Result<Vec<u8>, Unread> {
    let success = response.status().is_success();
    let cap = if success { MAX_ANSWER_BYTES } else { MAX_ERROR_BYTES };
    let announced = response.content_length().unwrap_or(0);
    if success && announced > cap as u64 {
        return Err(Unread::TooLarge);
    }
    // The announced size is a hint, never trusted for more than a first allocation.
    let mut body = Vec::with_capacity(announced.min(1024 * 1024) as usize);
    while let Some(chunk) = response.chunk().await.map_err(Unread::Broken)? {
        let room = cap - body.len();
        if chunk.len() > room {
            if success {
                return Err(Unread::TooLarge);
            }
            body.extend_from_slice(&chunk[..room]);
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// `read_capped`, its failure as the SDK's error.
async fn read_body(response: reqwest::Response) -> Result<Vec<u8>> {
    read_capped(response).await.map_err(|unread| match unread {
        Unread::TooLarge => too_large(),
        Unread::Broken(e) => unpack(classify_send_error(e)),
    })
}

fn too_large() -> Error {
    Error::InvalidResponse { reason: format!("the answer is larger than {} MiB", MAX_ANSWER_BYTES >> 20) }
}

/// Bytes per second an upload is given time for, beyond the usual timeout (a slow 3G link).
pub(crate) const MIN_UPLOAD_RATE: u64 = 32 * 1024;

/// The answer to a conditional GET.
#[derive(Debug)]
pub(crate) enum Fetched {
    /// 304: what the caller holds is current.
    NotModified,
    Fresh {
        body: Vec<u8>,
        etag: Option<String>,
    },
}

/// What one exchange came to: a final answer, or an error worth another try.
enum Attempt {
    Done(Result<Vec<u8>>),
    Retry { error: Error, wait: Option<Duration> },
}

impl Transport {
    pub(crate) fn new(config: &Config) -> Result<Self> {
        let base = config.validated_base_url()?;
        // reqwest is built without a crypto provider so that HTTP and WebSocket share one:
        // ring (see `tls`). Installing it as the process default too is idempotent, leaves an
        // app's own choice in place, and lets an app's own reqwest client work.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let user_agent = format!("Helpline/{} ({})", env!("CARGO_PKG_VERSION"), config.platform);
        // Every request names the app, so the helpdesk applies its settings (the bot's
        // greeting, the attachment limit).
        let app_id = header::HeaderValue::from_str(&config.app_id)
            .map_err(|_| Error::validation("app_id", "must be printable ASCII (it is sent in a header)"))?;
        Ok(Self {
            http: Mutex::new(None),
            user_agent,
            app_id,
            base,
            client_id: config.client_id.clone(),
            policy: RetryPolicy::default(),
            timeout: config.request_timeout,
            locale: std::sync::RwLock::new(crate::config::normalized_locale(&config.locale).unwrap_or_default()),
        })
    }

    /// The user's locale in force (lowercase, `-`; empty when the configured one was not one).
    pub(crate) fn locale(&self) -> String {
        self.locale.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Takes a locale checked by `config::normalized_locale`.
    pub(crate) fn set_locale(&self, locale: String) {
        *self.locale.write().unwrap_or_else(|p| p.into_inner()) = locale;
    }

    /// `Accept-Language: <locale>` on `builder`, when there is one.
    fn with_locale(&self, builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match header::HeaderValue::from_str(&self.locale()) {
            Ok(value) if !value.is_empty() => builder.header(header::ACCEPT_LANGUAGE, value),
            _ => builder,
        }
    }

    /// The HTTP client, built once (TLS set-up included).
    fn http(&self) -> Result<reqwest::Client> {
        let mut slot = self.http.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(client) = slot.as_ref() {
            return Ok(client.clone());
        }
        let mut app = header::HeaderMap::new();
        app.insert(helpline_protocol::APP_IDENTIFIER, self.app_id.clone());
        let origin = self.base.origin();
        let client = reqwest::Client::builder()
            // A redirect is followed only within the helpdesk's own origin (scheme included:
            // never down to http), a few times at most; elsewhere, the answer is refused.
            .redirect(reqwest::redirect::Policy::custom(move |attempt| {
                if attempt.previous().len() >= MAX_REDIRECTS {
                    attempt.error("too many redirects")
                } else if attempt.url().origin() == origin {
                    attempt.follow()
                } else {
                    attempt.stop()
                }
            }))
            .user_agent(&self.user_agent)
            .default_headers(app)
            .connect_timeout(Duration::from_secs(10).min(self.timeout))
            .timeout(self.timeout)
            .tls_backend_preconfigured(crate::tls::client_config()?)
            .build()
            .map_err(|e| Error::Tls { reason: format!("HTTP client: {e}") })?;
        Ok(slot.insert(client).clone())
    }

    /// Builds the HTTP client now (off the app's thread, right after open).
    pub(crate) fn warm_up(&self) {
        if let Err(e) = self.http() {
            tracing::warn!("{e}");
        }
    }

    /// A URL on the helpdesk. `path` is absolute (`/api/v2/...`), with an optional query.
    pub(crate) fn url(&self, path: &str) -> Url {
        // Joining an absolute path onto a parsed http(s) URL cannot fail.
        self.base.join(path).unwrap_or_else(|_| self.base.clone())
    }

    /// Accepts a pagination URL only if it points at our helpdesk: a page must not send
    /// the user's token elsewhere.
    pub(crate) fn same_origin(&self, url: &str) -> Result<Url> {
        let url = Url::parse(url).map_err(|e| Error::InvalidResponse { reason: format!("bad next page URL: {e}") })?;
        if url.origin() != self.base.origin() {
            return Err(Error::InvalidResponse { reason: format!("next page on another host: {url}") });
        }
        Ok(url)
    }

    /// Sends `request` and decodes the JSON answer into `T`.
    pub(crate) async fn send<T: DeserializeOwned>(&self, request: &ApiRequest, token: Option<&str>) -> Result<T> {
        let body = self.send_raw(request, token).await?;
        // A 204 has no body: it reads as `null`, which `()` accepts and a struct refuses.
        let body = if body.is_empty() { b"null".to_vec() } else { body };
        serde_json::from_slice(&body)
            .map_err(|e| Error::InvalidResponse { reason: format!("{} {}: {e}", request.method, request.url.path()) })
    }

    /// One conditional GET, without a token (public content): `If-None-Match: etag` when
    /// given. A 304 is `NotModified`; a 2xx is the raw body with its `ETag`. Not retried
    /// inline: its callers run again later anyway.
    pub(crate) async fn get_if_none_match(&self, url: Url, etag: Option<&str>) -> Result<Fetched> {
        let mut builder = self.with_locale(
            self.http()?
                .get(url)
                .header("Client-Identifier", &self.client_id)
                .header(header::ACCEPT, "application/json"),
        );
        if let Some(etag) = etag {
            builder = builder.header(header::IF_NONE_MATCH, etag);
        }
        let response = builder.send().await.map_err(|e| unpack(classify_send_error(e)))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        let etag = response.headers().get(header::ETAG).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let retry_after = retry_after(&response);
        let body = read_body(response).await?;
        if !status.is_success() {
            return Err(error_for(status, &body, retry_after));
        }
        Ok(Fetched::Fresh { body, etag })
    }

    /// One streamed upload (`POST`, the body a stream of the file), tried once: a stream cannot
    /// be replayed, so the caller (the outbox) retries with a fresh one. It may take as long as
    /// the file needs at a slow mobile rate ([`MIN_UPLOAD_RATE`]) on top of the usual timeout.
    /// Returns the raw 2xx body.
    pub(crate) async fn upload(
        &self,
        url: Url,
        token: &str,
        idempotency_key: &str,
        headers: header::HeaderMap,
        size: u64,
        body: reqwest::Body,
    ) -> Result<Vec<u8>> {
        let timeout = self.timeout + Duration::from_secs(size / MIN_UPLOAD_RATE);
        let response = self
            .http()?
            .post(url)
            .timeout(timeout)
            .header("Client-Identifier", &self.client_id)
            .header(header::ACCEPT, "application/json")
            .header(helpline_protocol::IDEMPOTENCY_KEY, idempotency_key)
            .header(header::CONTENT_LENGTH, size)
            .headers(headers)
            .bearer_auth(token)
            .body(body)
            .send()
            .await
            .map_err(|e| unpack(classify_send_error(e)))?;
        let status = response.status();
        let retry_after = retry_after(&response);
        let body = read_body(response).await?;
        if status.is_success() { Ok(body) } else { Err(error_for(status, &body, retry_after)) }
    }

    /// One streamed download (`GET` of a file of `size` bytes, given time as an upload is):
    /// the 2xx response, whose body the caller reads as a stream. Not retried here.
    pub(crate) async fn download(&self, url: Url, token: &str, size: u64) -> Result<reqwest::Response> {
        let response = self
            .http()?
            .get(url)
            .timeout(self.timeout + Duration::from_secs(size / MIN_UPLOAD_RATE))
            .header("Client-Identifier", &self.client_id)
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| unpack(classify_send_error(e)))?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let retry_after = retry_after(&response);
        let body = read_body(response).await?;
        Err(error_for(status, &body, retry_after))
    }

    /// The error of a broken exchange (for callers reading a body themselves).
    pub(crate) fn broken(e: reqwest::Error) -> Error {
        unpack(classify_send_error(e))
    }

    async fn send_raw(&self, request: &ApiRequest, token: Option<&str>) -> Result<Vec<u8>> {
        let mut backoff = ExponentialBuilder::default()
            .with_min_delay(self.policy.min_delay)
            .with_max_delay(self.policy.max_delay)
            .with_jitter()
            .without_max_times()
            .build();
        let mut attempt = 1;
        loop {
            match self.attempt(request, token).await {
                Attempt::Done(result) => return result,
                Attempt::Retry { error, wait } => {
                    if attempt >= self.policy.max_attempts {
                        return Err(error);
                    }
                    let delay = wait.or_else(|| backoff.next()).unwrap_or(self.policy.max_delay);
                    // Info: a ticket's log file tells of the helpdesk's failures (a path, never a query).
                    tracing::info!("{} {}: {error}; retry {attempt} in {delay:?}", request.method, request.url.path());
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
            }
        }
    }

    async fn attempt(&self, request: &ApiRequest, token: Option<&str>) -> Attempt {
        let http = match self.http() {
            Ok(http) => http,
            Err(e) => return Attempt::Done(Err(e)),
        };
        let mut builder = self.with_locale(
            http.request(request.method.clone(), request.url.clone())
                .header("Client-Identifier", &self.client_id)
                .header(header::ACCEPT, "application/json"),
        );
        if let Some(token) = token {
            builder = builder.bearer_auth(token);
        }
        if let Some(key) = &request.idempotency_key {
            builder = builder.header(helpline_protocol::IDEMPOTENCY_KEY, key);
        }
        if let Some(body) = &request.body {
            builder = builder.json(body);
        }
        let response = match builder.send().await {
            Ok(response) => response,
            Err(e) => return classify_send_error(e),
        };
        let status = response.status();
        let retry_after = retry_after(&response);
        let body = match read_capped(response).await {
            Ok(body) => body,
            Err(Unread::TooLarge) => return Attempt::Done(Err(too_large())),
            Err(Unread::Broken(e)) => return classify_send_error(e),
        };
        if status.is_success() {
            return Attempt::Done(Ok(body));
        }
        let error = error_for(status, &body, retry_after);
        match &error {
            Error::RateLimited { retry_after } if *retry_after <= self.policy.max_inline_retry_after => {
                Attempt::Retry { wait: Some(*retry_after), error }
            }
            Error::Server { status: 500.., .. } => Attempt::Retry { error, wait: None },
            _ => Attempt::Done(Err(error)),
        }
    }
}

/// The error of an exchange that is not retried here.
fn unpack(attempt: Attempt) -> Error {
    match attempt {
        Attempt::Done(Err(error)) | Attempt::Retry { error, .. } => error,
        Attempt::Done(Ok(_)) => Error::InvalidResponse { reason: "unexpected success".into() },
    }
}

fn classify_send_error(e: reqwest::Error) -> Attempt {
    if e.is_timeout() {
        Attempt::Retry { error: Error::Timeout, wait: None }
    } else if e.is_connect() {
        Attempt::Done(Err(Error::Offline { reason: root_cause(&e) }))
    } else {
        // The connection broke mid-exchange. Writes carry an idempotency key, so
        // trying again cannot create anything twice.
        Attempt::Retry { error: Error::Offline { reason: root_cause(&e) }, wait: None }
    }
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// The longest wait a helpdesk can ask for: past it, a queued write would seem lost.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// `Retry-After` in seconds, clamped to `MAX_RETRY_AFTER` (a buggy or hostile helpdesk
/// must not park the outbox for years).
fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let value = response.headers().get(header::RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value)
}

pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(|secs| Duration::from_secs(secs).min(MAX_RETRY_AFTER))
}

/// Maps a non-2xx answer to the public error, reading the contract's error body if any.
pub(crate) fn error_for(status: StatusCode, body: &[u8], retry_after: Option<Duration>) -> Error {
    let parsed: Option<ErrorBody> = serde_json::from_slice(body).ok();
    let message = parsed
        .as_ref()
        .map(|b| b.description.clone().unwrap_or_else(|| b.error.clone()))
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_owned());
    match status.as_u16() {
        300..=399 => Error::InvalidResponse {
            reason: format!("redirected ({status}) away from the helpdesk's origin, which the SDK never follows"),
        },
        401 => Error::Unauthorized { reason: message },
        // A role the user lacks, not a stale token: signing in again would not help.
        403 => Error::Forbidden { reason: message },
        404 => Error::not_found(message),
        422 => match parsed.as_ref().and_then(|b| b.first_invalid_field()) {
            Some(("base", _)) if is_closed(parsed.as_ref()) => Error::TicketClosed,
            Some((field, reason)) => Error::validation(field, reason),
            None => Error::validation("request", message),
        },
        429 => Error::RateLimited {
            retry_after: retry_after.unwrap_or(Duration::from_secs(1)).max(Duration::from_secs(1)),
        },
        code => Error::Server { status: code.into(), reason: message },
    }
}

fn is_closed(body: Option<&ErrorBody>) -> bool {
    body.and_then(|b| b.details.get("base")).is_some_and(|problems| problems.iter().any(|p| p.error == "closed"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn requests_ask_for_the_locale_in_force() {
        let config = Config { locale: "fr_CA".into(), ..Config::new("http://127.0.0.1:9", "app", "client", "/tmp/x") };
        let transport = Transport::new(&config).unwrap();
        let language = |t: &Transport| {
            let request = t.with_locale(reqwest::Client::new().get("http://127.0.0.1:9/")).build().unwrap();
            request.headers().get(header::ACCEPT_LANGUAGE).map(|v| v.to_str().unwrap().to_owned())
        };
        assert_eq!(language(&transport).as_deref(), Some("fr-ca"), "the configured locale, normalized");
        transport.set_locale("de-at".into());
        assert_eq!(language(&transport).as_deref(), Some("de-at"), "a change applies to the next request");
        let odd = Config { locale: "not a locale".into(), ..config };
        assert_eq!(language(&Transport::new(&odd).unwrap()), None, "no header rather than a bad one");
    }

    #[test]
    fn retry_after_is_clamped_and_only_seconds_are_read() {
        assert_eq!(parse_retry_after(" 30 "), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after("18446744073709551615"), Some(MAX_RETRY_AFTER));
        assert_eq!(parse_retry_after("-5"), None);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    use super::*;

    #[test]
    fn error_bodies_map_to_typed_errors() {
        let closed =
            br#"{"error":"RecordInvalid","details":{"base":[{"description":"Request is closed","error":"closed"}]}}"#;
        assert_eq!(error_for(StatusCode::UNPROCESSABLE_ENTITY, closed, None), Error::TicketClosed);
        let invalid =
            br#"{"error":"RecordInvalid","details":{"subject":[{"description":"too long","error":"TooLong"}]}}"#;
        assert_eq!(
            error_for(StatusCode::UNPROCESSABLE_ENTITY, invalid, None),
            Error::validation("subject", "too long")
        );
        assert!(matches!(error_for(StatusCode::UNAUTHORIZED, b"", None), Error::Unauthorized { .. }));
        assert!(matches!(error_for(StatusCode::FORBIDDEN, b"{}", None), Error::Forbidden { .. }));
        assert!(matches!(error_for(StatusCode::NOT_FOUND, b"{}", None), Error::NotFound { .. }));
        assert_eq!(
            error_for(StatusCode::TOO_MANY_REQUESTS, b"", Some(Duration::from_secs(7))),
            Error::RateLimited { retry_after: Duration::from_secs(7) }
        );
        assert!(matches!(error_for(StatusCode::BAD_GATEWAY, b"<html>", None), Error::Server { status: 502, .. }));
    }

    proptest::proptest! {
        /// Any `Retry-After` and any error answer: a typed error, a wait within the clamp.
        #[test]
        fn any_error_answer_maps_within_bounds(
            status in 300u16..600,
            retry_after in "\\PC{0,24}|[0-9]{1,30}",
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256),
        ) {
            let wait = parse_retry_after(&retry_after);
            proptest::prop_assert!(wait.is_none_or(|w| w <= MAX_RETRY_AFTER));
            let status = StatusCode::from_u16(status).unwrap();
            let error = error_for(status, &body, wait);
            if let Error::RateLimited { retry_after } = error {
                proptest::prop_assert!(retry_after >= Duration::from_secs(1) && retry_after <= MAX_RETRY_AFTER);
            }
        }
    }
}
