//! Per-access-token rate limiting (fixed window), so the SDK's 429 / Retry-After handling
//! meets a real limiter. The agent token and unauthenticated calls are exempt.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::auth::bearer;
use crate::config::RateLimit;
use crate::errors::too_many_requests;
use crate::state::AppState;

/// Past this many tracked tokens, expired windows are swept.
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

    /// Counts one request; `Err(seconds)` until the window reopens (at least 1) when over.
    fn check(&self, token: &str, now: Instant) -> Result<(), u64> {
        let per = self.limit.per;
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() >= SWEEP_AT {
            windows.retain(|_, w| now.duration_since(w.started) < per);
        }
        let window = windows.entry(token.to_owned()).or_insert(Window { started: now, count: 0 });
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
        (Some(limiter), Some(token)) if token != &*state.agent_token => limiter.check(token, Instant::now()).err(),
        _ => None,
    };
    match over {
        Some(retry_after) => too_many_requests(retry_after),
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
