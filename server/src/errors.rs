//! Every failure the API reports, and its JSON body (CONTRACT.md "Errors").

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use helpline_protocol::ErrorBody;

/// The 401 body, exactly as Zendesk words it.
pub(crate) const UNAUTHORIZED: &str = "Couldn't authenticate you";

#[derive(Debug)]
pub(crate) enum ApiError {
    /// Missing, unknown or wrong kind of token; bad JWT.
    Unauthorized,
    /// Unknown record, or one the caller may not see.
    NotFound,
    /// No route for this path.
    InvalidEndpoint,
    /// 403: a valid caller without the role the endpoint needs (an end user on an agent-only
    /// endpoint); signing in again would not help.
    Forbidden,
    /// A route exists, but not for this method.
    MethodNotAllowed,
    /// 422 naming one field.
    Invalid { field: &'static str, error: &'static str, description: String },
    /// 422, naming a field the client named (`user_fields.<name>`).
    InvalidNamed { field: String, error: &'static str, description: String },
    /// 422: the request is closed and takes no more updates.
    Closed,
    /// 400: unreadable body or query.
    BadRequest { error: &'static str, description: String },
    /// 409: an Idempotency-Key reused for a different call.
    Conflict(String),
    /// 413: the body exceeds the server's limit.
    PayloadTooLarge,
    /// 413: an uploaded file exceeds the app's attachment limit, in bytes.
    FileTooLarge { limit: u64 },
    /// 500; the detail goes to the log, not to the client.
    Internal(String),
}

impl ApiError {
    pub(crate) fn invalid(field: &'static str, error: &'static str, description: impl Into<String>) -> Self {
        ApiError::Invalid { field, error, description: description.into() }
    }

    pub(crate) fn bad_param(description: impl Into<String>) -> Self {
        ApiError::BadRequest { error: "InvalidParameter", description: description.into() }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::Internal(format!("sqlite: {e}"))
    }
}

/// A JSON error response; also used by the fault injector.
pub(crate) fn error_response(status: StatusCode, body: &ErrorBody) -> Response {
    let json = serde_json::to_vec(body).unwrap_or_else(|_| b"{\"error\":\"InternalError\"}".to_vec());
    let mut resp = (status, json).into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    resp
}

/// A 429 with its `Retry-After` (at least one second).
pub(crate) fn too_many_requests(retry_after_secs: u64) -> Response {
    let secs = retry_after_secs.max(1);
    let body = ErrorBody::new("TooManyRequests", format!("Rate limit exceeded, retry after {secs} seconds"));
    let mut resp = error_response(StatusCode::TOO_MANY_REQUESTS, &body);
    resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    resp
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                ErrorBody { error: UNAUTHORIZED.into(), description: None, details: Default::default() },
            ),
            ApiError::NotFound => (StatusCode::NOT_FOUND, ErrorBody::new("RecordNotFound", "Not found")),
            ApiError::InvalidEndpoint => (StatusCode::NOT_FOUND, ErrorBody::new("InvalidEndpoint", "Not found")),
            ApiError::Forbidden => {
                (StatusCode::FORBIDDEN, ErrorBody::new("Forbidden", "You do not have access to this endpoint"))
            }
            ApiError::MethodNotAllowed => {
                (StatusCode::METHOD_NOT_ALLOWED, ErrorBody::new("MethodNotAllowed", "Method not allowed"))
            }
            ApiError::Invalid { field, error, description } => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorBody::invalid(field, error, description))
            }
            ApiError::InvalidNamed { field, error, description } => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorBody::invalid(&field, error, description))
            }
            ApiError::Closed => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorBody::invalid("base", "closed", "Request is closed"))
            }
            ApiError::BadRequest { error, description } => {
                (StatusCode::BAD_REQUEST, ErrorBody::new(error, description))
            }
            ApiError::Conflict(description) => (StatusCode::CONFLICT, ErrorBody::new("Conflict", description)),
            ApiError::PayloadTooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, ErrorBody::new("PayloadTooLarge", "Request body too large"))
            }
            ApiError::FileTooLarge { limit } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorBody::new("PayloadTooLarge", format!("File: is larger than the limit of {limit} bytes")),
            ),
            ApiError::Internal(detail) => {
                tracing::error!("internal error: {detail}");
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorBody::new("InternalError", "Something went wrong"))
            }
        };
        error_response(status, &body)
    }
}
