//! The router: each feature module contributes `routes()`, then the cross-cutting layers wrap
//! them all. Order, outermost first: the host check (development mode), fault injection,
//! logging, the sign-in rate limit, the rate limit, idempotency, the served counter, the handlers.
//! In stock-Zendesk mode (`ServerConfig::zendesk_only`) the routes of Helpline's additions are
//! not merged: they answer 404 `InvalidEndpoint`, as a Zendesk account does.

use std::time::Instant;

use axum::Router;
use axum::extract::Request;
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};

use crate::errors::ApiError;
use crate::state::AppState;
use crate::{
    agent, auth, comments, faults, help_center, host_check, idempotency, messaging, push, rate_limit, requests,
    satisfaction, settings, uploads, user_fields, users,
};

/// `dev`: only requests naming a loopback host are served (see `host_check`).
pub(crate) fn router(state: AppState, dev: bool) -> Router {
    let zendesk = Router::new()
        .merge(auth::routes())
        .merge(users::routes())
        .merge(user_fields::routes())
        .merge(requests::routes())
        .merge(comments::routes())
        .merge(agent::routes())
        .merge(help_center::routes())
        .merge(push::routes())
        .merge(satisfaction::routes())
        .merge(uploads::routes());
    let router = if state.zendesk_only { zendesk } else { zendesk.merge(helpline_additions()) };
    let router = router
        .fallback(|| async { ApiError::InvalidEndpoint })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(from_fn_with_state(state.faults.clone(), faults::count_served))
        .layer(from_fn_with_state(state.clone(), idempotency::middleware))
        .layer(from_fn_with_state(state.clone(), rate_limit::middleware))
        .layer(from_fn_with_state(state.clone(), rate_limit::sign_in))
        .layer(from_fn(log))
        .layer(from_fn_with_state(state.faults.clone(), faults::inject))
        .with_state(state);
    if dev { router.layer(from_fn(host_check::loopback_only)) } else { router }
}

/// The routes Helpline adds to Zendesk's API: sign-out, live messaging, SDK settings.
fn helpline_additions() -> Router<AppState> {
    Router::new().merge(auth::revoke_routes()).merge(messaging::routes()).merge(settings::routes())
}

/// One debug line per request (RUST_LOG=helpline_server=debug).
async fn log(req: Request, next: Next) -> Response {
    let (method, path, started) = (req.method().clone(), req.uri().path().to_owned(), Instant::now());
    let response = next.run(req).await.into_response();
    tracing::debug!(%method, path, status = response.status().as_u16(), elapsed_ms = started.elapsed().as_millis() as u64);
    response
}
