//! Fault injection over real HTTP, for the SDK's tests of failure handling: a test queues
//! faults for paths, the next matching requests get them instead of (or before) the real
//! answer. Also counts what reached the handlers, so a test can assert "exactly one create".

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use helpline_protocol::ErrorBody;

use crate::conn::ConnHandle;
use crate::errors::{ApiError, error_response, too_many_requests};

/// What a matching request gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// This status with a generic JSON error body (`Retry-After: 1` on 429).
    Status(u16),
    /// 429 with `Retry-After: retry_after_secs`.
    RateLimited { retry_after_secs: u64 },
    /// 200 whose body is truncated, invalid JSON.
    MalformedJson,
    /// Waits, then serves the request normally.
    Delay(Duration),
    /// Serves the request, then holds its answer this long: a client that gives up first never
    /// sees it, though the work is done (an answer lost on the way).
    AnswerLate(Duration),
    /// Closes the connection without answering.
    Drop,
    /// 200 with a JSON body of `bytes` bytes that never closes its array, streamed (a buggy
    /// or hostile helpdesk); `announced` sends its Content-Length, else it is chunked.
    HugeBody { bytes: u64, announced: bool },
    /// 200 with this JSON body, whatever the request (a page whose `next` loops, a record of a
    /// newer helpdesk...).
    Json(String),
    /// 302 to this location.
    Redirect(String),
    /// Serves the request, then appends `items` to the JSON array `field` of its answer (a
    /// page with malformed records among the good ones).
    AppendItems { field: String, items: Vec<serde_json::Value> },
}

#[derive(Default)]
struct Inner {
    queue: VecDeque<(String, Fault)>,
    served: HashMap<String, usize>,
}

/// Cheap to clone; every clone drives the same server.
#[derive(Clone, Default)]
pub struct Faults {
    inner: Arc<Mutex<Inner>>,
}

impl Faults {
    /// Queues `fault` for the next request whose path contains `path_contains` (any method).
    /// Faults are consumed one per request, first queued first.
    pub fn push(&self, path_contains: &str, fault: Fault) {
        self.lock().queue.push_back((path_contains.to_owned(), fault));
    }

    /// How many requests whose path contains `path_contains` reached the real handlers
    /// (not those answered by a fault, the rate limiter or an idempotent replay).
    pub fn served(&self, path_contains: &str) -> usize {
        self.lock().served.iter().filter(|(path, _)| path.contains(path_contains)).map(|(_, n)| n).sum()
    }

    /// How many queued faults no request has met yet.
    pub fn queued(&self) -> usize {
        self.lock().queue.len()
    }

    /// Forgets every queued fault.
    pub fn clear(&self) {
        self.lock().queue.clear();
    }

    fn take(&self, path: &str) -> Option<Fault> {
        let mut inner = self.lock();
        let at = inner.queue.iter().position(|(needle, _)| path.contains(needle.as_str()))?;
        inner.queue.remove(at).map(|(_, fault)| fault)
    }

    fn count_served(&self, path: &str) {
        *self.lock().served.entry(path.to_owned()).or_default() += 1;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Outermost layer: applies the first queued fault matching the path, if any.
pub(crate) async fn inject(State(faults): State<Faults>, req: Request, next: Next) -> Response {
    let Some(fault) = faults.take(req.uri().path()) else {
        return next.run(req).await;
    };
    tracing::debug!(path = req.uri().path(), ?fault, "injecting fault");
    match fault {
        Fault::Status(code) => status_response(code),
        Fault::RateLimited { retry_after_secs } => too_many_requests(retry_after_secs),
        Fault::MalformedJson => {
            let mut resp = (StatusCode::OK, "{\"request\": {\"id\": 1, \"subj").into_response();
            resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            resp
        }
        Fault::HugeBody { bytes, announced } => huge_body(bytes, announced),
        Fault::AppendItems { field, items } => append_items(next.run(req).await, &field, items).await,
        Fault::Redirect(location) => match HeaderValue::from_str(&location) {
            Ok(location) => (StatusCode::FOUND, [(header::LOCATION, location)]).into_response(),
            Err(_) => ApiError::Internal("Fault::Redirect: not a header value".into()).into_response(),
        },
        Fault::Json(body) => {
            let mut resp = (StatusCode::OK, body).into_response();
            resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            resp
        }
        Fault::Delay(delay) => {
            tokio::time::sleep(delay).await;
            next.run(req).await
        }
        Fault::AnswerLate(delay) => {
            let answer = next.run(req).await;
            tokio::time::sleep(delay).await;
            answer
        }
        Fault::Drop => match req.extensions().get::<ConnectInfo<ConnHandle>>() {
            // The response below is never written: the connection fails first.
            Some(ConnectInfo(conn)) => {
                conn.kill();
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
            None => ApiError::Internal("Fault::Drop without a connection handle".into()).into_response(),
        },
    }
}

/// Innermost layer: counts the requests that reach the handlers.
pub(crate) async fn count_served(State(faults): State<Faults>, req: Request, next: Next) -> Response {
    faults.count_served(req.uri().path());
    next.run(req).await
}

async fn append_items(response: Response, field: &str, items: Vec<serde_json::Value>) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 << 20).await else {
        return ApiError::Internal("Fault::AppendItems: unreadable answer".into()).into_response();
    };
    let mut json: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    if let Some(list) = json.get_mut(field).and_then(|v| v.as_array_mut()) {
        list.extend(items);
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(json.to_string()))
}

fn huge_body(bytes: u64, announced: bool) -> Response {
    const CHUNK: usize = 64 * 1024;
    static SPACES: [u8; CHUNK] = [b' '; CHUNK];
    let head = axum::body::Bytes::from_static(b"{\"requests\": [");
    let chunks = (bytes.saturating_sub(head.len() as u64)).div_ceil(CHUNK as u64);
    let body = futures_util::stream::iter(
        std::iter::once(head)
            .chain((0..chunks).map(|_| axum::body::Bytes::from_static(&SPACES)))
            .map(Ok::<_, std::convert::Infallible>),
    );
    let mut resp = axum::body::Body::from_stream(body).into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if announced {
        let total = 15 + chunks * CHUNK as u64;
        resp.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(total));
    }
    resp
}

fn status_response(code: u16) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match status {
        StatusCode::TOO_MANY_REQUESTS => too_many_requests(1),
        StatusCode::UNAUTHORIZED => ApiError::Unauthorized.into_response(),
        StatusCode::NOT_FOUND => ApiError::NotFound.into_response(),
        _ => {
            let body = ErrorBody::new("InjectedFault", format!("Injected fault: HTTP {}", status.as_u16()));
            error_response(status, &body)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_fifo_per_matching_path() {
        let f = Faults::default();
        f.push("/requests", Fault::Status(500));
        f.push("/users", Fault::Drop);
        f.push("/requests", Fault::MalformedJson);
        assert_eq!(f.take("/api/v2/users/me.json"), Some(Fault::Drop));
        assert_eq!(f.take("/api/v2/requests.json"), Some(Fault::Status(500)));
        assert_eq!(f.take("/api/v2/users/me.json"), None);
        assert_eq!(f.take("/api/v2/requests/1.json"), Some(Fault::MalformedJson));
        f.count_served("/api/v2/requests.json");
        f.count_served("/api/v2/requests/1.json");
        assert_eq!(f.served("/requests"), 2);
        assert_eq!(f.served("requests.json"), 1);
    }

    #[test]
    fn unused_status_is_still_json() {
        assert_eq!(status_response(99).status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(status_response(429).headers().get(header::RETRY_AFTER).is_some());
    }
}
