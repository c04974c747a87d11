//! Rate limiting (fixed windows), answered 429 with `Retry-After`. Per access token, so the
//! SDK's 429 handling meets a real limiter (the agent token and unauthenticated calls are
//! exempt); and sign-in per client address, since each sign-in mints a token (an anonymous one
//! may create a user) and a JWT sign-in checks a signature: a client looping on them is slowed.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use helpline_protocol::paths;

use crate::auth::{bearer, is_agent_token};
use crate::config::RateLimit;
use crate::conn::ConnHandle;
use crate::errors::too_many_requests;
use crate::state::AppState;

/// Past this many tracked keys (tokens, addresses), expired windows are swept.
const SWEEP_AT: usize = 10_000;

pub(crate) struct RateLimiter {
    limit: RateLimit,
    windows: Mutex<HashMap<String, Window>>,
}

struct Window {
    started: Instant,
    count: u32,
}

impl RateLimiter {
    pub(crate) fn new(limit: RateLimit) -> Self {
        Self { limit, windows: Mutex::new(HashMap::new()) }
    }

    /// Counts one request of `key`; `Err(seconds)` until the window reopens (at least 1) when over.
    fn check(&self, key: &str, now: Instant) -> Result<(), u64> {
        let per = self.limit.per;
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() >= SWEEP_AT {
            windows.retain(|_, w| now.duration_since(w.started) < per);
        }
        let window = windows.entry(key.to_owned()).or_insert(Window { started: now, count: 0 });
        if now.duration_since(window.started) >= per {
            *window = Window { started: now, count: 0 };
        }
        if window.count >= self.limit.max_requests {
            let left = per.saturating_sub(now.duration_since(window.started));
            return Err(left.as_secs_f64().ceil().max(1.0) as u64);
        }
        window.count += 1;
        Ok(())
    }
}

pub(crate) async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let over = match (&state.rate_limiter, bearer(req.headers())) {
        (Some(limiter), Some(token)) if !is_agent_token(&state, token) => limiter.check(token, Instant::now()).err(),
        _ => None,
    };
    match over {
        Some(retry_after) => too_many_requests(retry_after),
        None => next.run(req).await,
    }
}

/// Sign-in (`/access/sdk/anonymous`, `/access/sdk/jwt`), per client IP address.
pub(crate) async fn sign_in(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let over = match &state.sign_in_limiter {
        Some(limiter) if path == paths::ANONYMOUS_AUTH || path == paths::JWT_AUTH => {
            let client = req.extensions().get::<ConnectInfo<ConnHandle>>().map(|ConnectInfo(c)| c.peer().ip());
            let key = client.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
            limiter.check(&key, Instant::now()).err()
        }
        _ => None,
    };
    match over {
        Some(retry_after) => {
            tracing::info!(path, "sign-in rate limit reached");
            too_many_requests(retry_after)
        }
        None => next.run(req).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn fixed_window() {
        let limiter = RateLimiter::new(RateLimit { max_requests: 2, per: Duration::from_secs(10) });
        let t0 = Instant::now();
        assert!(limiter.check("a", t0).is_ok());
        assert!(limiter.check("a", t0).is_ok());
        assert_eq!(limiter.check("a", t0 + Duration::from_millis(2500)), Err(8));
        assert!(limiter.check("b", t0).is_ok());
        assert!(limiter.check("a", t0 + Duration::from_secs(10)).is_ok());
        assert!(limiter.check("a", t0 + Duration::from_millis(19_999)).is_ok());
        assert_eq!(limiter.check("a", t0 + Duration::from_millis(19_999)), Err(1));
    }
}
