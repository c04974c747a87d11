//! `Idempotency-Key` on every write (POST/PUT/PATCH/DELETE): the first successful (2xx) answer for a (caller, key)
//! is stored in SQLite and replayed for later requests with that key, which then create
//! nothing. Failures are not stored, so a retry after a 5xx can still succeed. A per-key lock
//! makes concurrent requests with the same key run one after the other: one creates, the
//! others replay.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use helpline_protocol::{IDEMPOTENCY_KEY, paths};
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};
use tokio::sync::OwnedMutexGuard;

use crate::auth::{Principal, principal};
use crate::errors::ApiError;
use crate::state::AppState;
use crate::time::now_micros;

/// Set on a replayed answer, so a client (or a test) can tell.
pub(crate) const REPLAYED_HEADER: &str = "Idempotent-Replayed";
const MAX_KEY_LEN: usize = 255;

/// One async lock per key in use; entries vanish when nobody holds or awaits them.
#[derive(Default)]
pub(crate) struct KeyLocks {
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

pub(crate) struct KeyGuard {
    owner: Arc<KeyLocks>,
    key: String,
    lock: Arc<tokio::sync::Mutex<()>>,
    guard: Option<OwnedMutexGuard<()>>,
}

impl KeyLocks {
    pub(crate) async fn lock(self: &Arc<Self>, key: String) -> KeyGuard {
        let lock = {
            let mut map = self.locks.lock().unwrap_or_else(|e| e.into_inner());
            map.entry(key.clone()).or_default().clone()
        };
        let guard = lock.clone().lock_owned().await;
        KeyGuard { owner: self.clone(), key, lock, guard: Some(guard) }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.locks.lock().unwrap().len()
    }
}

impl Drop for KeyGuard {
    fn drop(&mut self) {
        self.guard.take();
        let mut map = self.owner.locks.lock().unwrap_or_else(|e| e.into_inner());
        // Held by the map and by us only: no one else waits for this key.
        if Arc::strong_count(&self.lock) == 2 {
            map.remove(&self.key);
        }
    }
}

struct Stored {
    method: String,
    path: String,
    /// A digest of the request's JSON body (empty for bodies not read, such as file uploads).
    request_hash: String,
    status: u16,
    body: Vec<u8>,
}

/// JSON bodies up to this size are read to be compared with a replay's.
const MAX_HASHED_BODY: usize = 1024 * 1024;

/// Reads a JSON request body (small, by construction) to digest it, and puts it back.
async fn digest_body(req: Request) -> Result<(Request, String), Response> {
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    if !json {
        return Ok((req, String::new()));
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, MAX_HASHED_BODY).await.map_err(|_| ApiError::PayloadTooLarge.into_response())?;
    let digest = format!("{:x}", Sha256::digest(&bytes));
    Ok((Request::from_parts(parts, Body::from(bytes)), digest))
}

pub(crate) async fn middleware(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH | Method::DELETE) {
        return next.run(req).await;
    }
    let Some(key) = req.headers().get(IDEMPOTENCY_KEY).map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned())
    else {
        return next.run(req).await;
    };
    if key.is_empty() || key.len() > MAX_KEY_LEN {
        return ApiError::bad_param(format!("{IDEMPOTENCY_KEY} must have 1 to {MAX_KEY_LEN} characters"))
            .into_response();
    }
    let who = match principal(&state, req.headers()).await {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    req.extensions_mut().insert(who);
    let scope = match who {
        Principal::User(id) => format!("user:{id}"),
        Principal::Agent => "agent".to_owned(),
        // Sign-in calls carry no token yet.
        Principal::Nobody => "public".to_owned(),
        // The handler answers 401; nothing to remember.
        Principal::Invalid => return next.run(req).await,
    };
    let (method, path) = (req.method().to_string(), req.uri().path().to_owned());
    // A sign-in's answer is a fresh access token: never kept to be replayed.
    if path == paths::ANONYMOUS_AUTH || path == paths::JWT_AUTH {
        return next.run(req).await;
    }
    let (req, request_hash) = match digest_body(req).await {
        Ok(digested) => digested,
        Err(refused) => return refused,
    };

    let _guard = state.idempotency_locks.lock(format!("{scope}\n{key}")).await;
    match lookup(&state, &scope, &key).await {
        Err(e) => return e.into_response(),
        Ok(Some(stored)) if stored.method == method && stored.path == path => {
            if stored.request_hash != request_hash {
                let description = format!("{IDEMPOTENCY_KEY} {key:?} was already used with another body");
                return ApiError::invalid("idempotency_key", "reused", description).into_response();
            }
            return replay(stored);
        }
        Ok(Some(_)) => {
            return ApiError::Conflict(format!("{IDEMPOTENCY_KEY} {key:?} was already used for another request"))
                .into_response();
        }
        Ok(None) => {}
    }

    let response = next.run(req).await;
    if !response.status().is_success() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = match to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(e) => return ApiError::Internal(format!("buffering a response: {e}")).into_response(),
    };
    let stored = Stored { method, path, request_hash, status: parts.status.as_u16(), body: bytes.to_vec() };
    if let Err(e) = store(&state, scope, key, stored).await {
        // The write happened; only its replay is lost. Answer it anyway.
        tracing::error!("storing an idempotent response failed: {e:?}");
    }
    Response::from_parts(parts, Body::from(bytes))
}

async fn lookup(state: &AppState, scope: &str, key: &str) -> Result<Option<Stored>, ApiError> {
    let (scope, key) = (scope.to_owned(), key.to_owned());
    state
        .db
        .call(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT method, path, request_hash, status, body FROM idempotency WHERE scope = ?1 AND key = ?2",
                    params![scope, key],
                    |r| {
                        Ok(Stored {
                            method: r.get(0)?,
                            path: r.get(1)?,
                            request_hash: r.get(2)?,
                            status: r.get(3)?,
                            body: r.get(4)?,
                        })
                    },
                )
                .optional()?)
        })
        .await
}

async fn store(state: &AppState, scope: String, key: String, s: Stored) -> Result<(), ApiError> {
    state
        .db
        .call(move |conn| {
            conn.execute(
                "INSERT OR REPLACE INTO idempotency (scope, key, method, path, request_hash, status, body, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![scope, key, s.method, s.path, s.request_hash, s.status, s.body, now_micros()],
            )?;
            Ok(())
        })
        .await
}

fn replay(stored: Stored) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let typed = !stored.body.is_empty();
    let mut response = (status, stored.body).into_response();
    let headers = response.headers_mut();
    // An empty body (a 204) has no type.
    if typed {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    headers.insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn same_key_waits_and_the_map_empties() {
        let locks = Arc::new(KeyLocks::default());
        let first = locks.lock("k".into()).await;
        let waiter = {
            let locks = locks.clone();
            tokio::spawn(async move { drop(locks.lock("k".into()).await) })
        };
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        let other = locks.lock("other".into()).await;
        drop(first);
        waiter.await.unwrap();
        assert_eq!(locks.len(), 1);
        drop(other);
        assert_eq!(locks.len(), 0);
    }
}
