//! Identity: anonymous and JWT sign-in exchanged for opaque access tokens (kept hashed, with
//! an expiry: `tokens`), their revocation (sign-out), and the extractors that tell an end user
//! from the agent.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{delete, post};
use axum::{Json, Router};
use helpline_protocol::{AccessToken, AnonymousAuthRequest, AuthResponse, JwtAuthRequest, JwtClaims, paths};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use rusqlite::{OptionalExtension, params};
use subtle::ConstantTimeEq;

use crate::errors::ApiError;
use crate::json::JsonBody;
use crate::state::AppState;
use crate::time::{now_micros, now_unix};
use crate::tokens;
use crate::users::{is_valid_email, non_blank};

/// A JWT issued longer ago than this is refused, even without `exp`.
const JWT_MAX_AGE_SECS: i64 = 10 * 60;
/// Tolerated clock skew for an `iat` in the future.
const JWT_MAX_SKEW_SECS: i64 = 60;

/// Sign-in, as the Zendesk Support SDK does it.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route(paths::ANONYMOUS_AUTH, post(anonymous)).route(paths::JWT_AUTH, post(jwt))
}

/// Sign-out (Helpline): the revocation of the caller's token.
pub(crate) fn revoke_routes() -> Router<AppState> {
    Router::new().route(paths::ACCESS_TOKEN, delete(revoke))
}

/// Who a request comes from, as its bearer token says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Principal {
    /// No `Authorization` header at all.
    Nobody,
    /// A header whose token is unknown, expired or revoked.
    Invalid,
    Agent,
    User(u64),
}

/// The token of `Authorization: Bearer <token>`, if any.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

/// Whether `token` is the agent token, compared in constant time: no answer's timing may leak
/// the secret byte by byte. Every comparison with the agent token goes through here.
pub(crate) fn is_agent_token(state: &AppState, token: &str) -> bool {
    bool::from(token.as_bytes().ct_eq(state.agent_token.as_bytes()))
}

/// Resolves the caller once per request; the result is cached in the request's extensions.
pub(crate) async fn principal(state: &AppState, parts_headers: &HeaderMap) -> Result<Principal, ApiError> {
    let Some(token) = bearer(parts_headers) else {
        return Ok(if parts_headers.contains_key(header::AUTHORIZATION) {
            Principal::Invalid
        } else {
            Principal::Nobody
        });
    };
    if is_agent_token(state, token) {
        return Ok(Principal::Agent);
    }
    let token = token.to_owned();
    let user = state.db.call(move |conn| tokens::user_for(conn, &token, now_micros())).await?;
    Ok(user.map_or(Principal::Invalid, Principal::User))
}

async fn cached_principal(parts: &mut Parts, state: &AppState) -> Result<Principal, ApiError> {
    if let Some(p) = parts.extensions.get::<Principal>() {
        return Ok(*p);
    }
    let p = principal(state, &parts.headers).await?;
    parts.extensions.insert(p);
    Ok(p)
}

/// An end user holding a valid access token (the agent token is not one).
#[derive(Debug, Clone, Copy)]
pub(crate) struct AuthUser {
    pub id: u64,
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match cached_principal(parts, state).await? {
            Principal::User(id) => Ok(AuthUser { id }),
            _ => Err(ApiError::Unauthorized),
        }
    }
}

/// The agent (bearer agent token); user tokens are refused.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Agent;

impl FromRequestParts<AppState> for Agent {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match cached_principal(parts, state).await? {
            Principal::Agent => Ok(Agent),
            _ => Err(ApiError::Unauthorized),
        }
    }
}

/// `POST /access/sdk/anonymous`: the same sdk_guid is always the same end user.
async fn anonymous(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<AnonymousAuthRequest>,
) -> Result<(StatusCode, Json<AuthResponse>), ApiError> {
    let auth = req.authentication;
    let guid = auth.sdk_guid.trim().to_owned();
    if guid.is_empty() {
        return Err(ApiError::invalid("sdk_guid", "BlankValue", "Sdk guid: cannot be blank"));
    }
    if guid.len() > 255 {
        return Err(ApiError::invalid("sdk_guid", "TooLong", "Sdk guid: is too long (maximum is 255 characters)"));
    }
    let identifier = auth.identifier.unwrap_or_default();
    let name = non_blank(identifier.name);
    let email = non_blank(identifier.email);
    if email.as_deref().is_some_and(|e| !is_valid_email(e)) {
        return Err(ApiError::invalid("email", "InvalidValue", "Email: is invalid"));
    }
    let ttl = state.token_ttl;
    let token = state
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            let now = now_micros();
            let existing: Option<i64> =
                tx.query_row("SELECT id FROM users WHERE sdk_guid = ?1", params![guid], |r| r.get(0)).optional()?;
            let user_id = match existing {
                Some(id) => {
                    tx.execute(
                        "UPDATE users SET name = COALESCE(?2, name), email = COALESCE(?3, email) WHERE id = ?1",
                        params![id, name, email],
                    )?;
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO users (sdk_guid, name, email, created_at) VALUES (?1, ?2, ?3, ?4)",
                        params![guid, name.as_deref().unwrap_or("Anonymous"), email, now],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            let token = tokens::issue(&tx, user_id, now, ttl)?;
            tx.commit()?;
            Ok(token)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(AuthResponse { authentication: AccessToken { access_token: token } })))
}

/// `POST /access/sdk/jwt`: a JWT signed by the app's backend; users are keyed by
/// `external_id`, else by `email`. Bad signature, expired, stale or replayed -> 401.
async fn jwt(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<JwtAuthRequest>,
) -> Result<(StatusCode, Json<AuthResponse>), ApiError> {
    let claims = verify_jwt(&req.authentication.token, &state.jwt_secret, now_unix()).ok_or(ApiError::Unauthorized)?;
    let external_id = non_blank(claims.external_id);
    let email = non_blank(claims.email);
    let name = non_blank(claims.name);
    if external_id.is_none() && email.is_none() {
        return Err(ApiError::Unauthorized);
    }
    let jti = claims.jti;
    let ttl = state.token_ttl;
    let token = state
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            let now = now_micros();
            if tx.execute("INSERT OR IGNORE INTO used_jtis (jti, used_at) VALUES (?1, ?2)", params![jti, now])? == 0 {
                tracing::info!("refused a replayed JWT");
                return Err(ApiError::Unauthorized);
            }
            let existing: Option<i64> = match &external_id {
                Some(ext) => tx
                    .query_row("SELECT id FROM users WHERE external_id = ?1", params![ext], |r| r.get(0))
                    .optional()?,
                None => tx
                    .query_row(
                        "SELECT id FROM users WHERE email = ?1 AND external_id IS NULL AND sdk_guid IS NULL
                         AND is_agent = 0 ORDER BY id LIMIT 1",
                        params![email],
                        |r| r.get(0),
                    )
                    .optional()?,
            };
            let user_id = match existing {
                Some(id) => {
                    tx.execute(
                        "UPDATE users SET name = COALESCE(?2, name), email = COALESCE(?3, email) WHERE id = ?1",
                        params![id, name, email],
                    )?;
                    id
                }
                None => {
                    let shown = name.clone().or_else(|| email.clone()).unwrap_or_else(|| "User".into());
                    tx.execute(
                        "INSERT INTO users (external_id, name, email, created_at) VALUES (?1, ?2, ?3, ?4)",
                        params![external_id, shown, email, now],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            let token = tokens::issue(&tx, user_id, now, ttl)?;
            tx.commit()?;
            Ok(token)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(AuthResponse { authentication: AccessToken { access_token: token } })))
}

/// Checks signature (HS256 only), `exp` if present, and that `iat` is recent.
fn verify_jwt(token: &str, secret: &str, now: i64) -> Option<JwtClaims> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.leeway = 0;
    let claims = jsonwebtoken::decode::<JwtClaims>(token, &DecodingKey::from_secret(secret.as_bytes()), &validation)
        .map_err(|e| tracing::info!("refused a JWT: {e}"))
        .ok()?
        .claims;
    let fresh = claims.exp.is_none_or(|exp| exp > now)
        && claims.iat >= now - JWT_MAX_AGE_SECS
        && claims.iat <= now + JWT_MAX_SKEW_SECS;
    (fresh && !claims.jti.trim().is_empty()).then_some(claims)
}

/// `DELETE /access/sdk/token` (Helpline): sign-out. The caller's access token, and only that
/// one, stops working at once -> 204; the user's other tokens (other devices) stay.
async fn revoke(State(state): State<AppState>, _user: AuthUser, headers: HeaderMap) -> Result<StatusCode, ApiError> {
    let token = bearer(&headers).ok_or(ApiError::Unauthorized)?.to_owned();
    state.db.call(move |conn| tokens::revoke(conn, &token)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{EncodingKey, Header};

    fn sign(claims: &JwtClaims, secret: &str) -> String {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(secret.as_bytes()))
            .unwrap()
    }

    #[test]
    fn jwt_rules() {
        let now = 1_800_000_000;
        let good = JwtClaims {
            email: Some("ana@example.com".into()),
            name: None,
            external_id: None,
            iat: now,
            jti: "j1".into(),
            exp: None,
        };
        assert!(verify_jwt(&sign(&good, "s"), "s", now).is_some());
        assert!(verify_jwt(&sign(&good, "other"), "s", now).is_none());
        assert!(verify_jwt(&sign(&JwtClaims { exp: Some(now - 1), ..good.clone() }, "s"), "s", now).is_none());
        assert!(verify_jwt(&sign(&JwtClaims { iat: now - 601, ..good.clone() }, "s"), "s", now).is_none());
        assert!(verify_jwt(&sign(&JwtClaims { iat: now + 61, ..good.clone() }, "s"), "s", now).is_none());
        assert!(verify_jwt(&sign(&JwtClaims { jti: " ".into(), ..good.clone() }, "s"), "s", now).is_none());
        assert!(verify_jwt("not.a.jwt", "s", now).is_none());
    }

    #[test]
    fn bearer_parsing() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer(&h), None);
        h.insert(header::AUTHORIZATION, "bearer abc".parse().unwrap());
        assert_eq!(bearer(&h), Some("abc"));
        h.insert(header::AUTHORIZATION, "Basic abc".parse().unwrap());
        assert_eq!(bearer(&h), None);
    }
}
