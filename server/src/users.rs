//! End users and agents: `users/me`, side-loaded users, and the rules for their fields.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use helpline_protocol::{User, UserEnvelope, paths};
use rusqlite::{Connection, OptionalExtension, params};

use crate::auth::AuthUser;
use crate::errors::ApiError;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route(paths::ME, get(me).put(crate::user_fields::update))
}

/// `GET /api/v2/users/me.json`: the caller, with their email.
async fn me(State(state): State<AppState>, user: AuthUser) -> Result<Json<UserEnvelope>, ApiError> {
    let user = state.db.call(move |conn| load_user(conn, user.id)?.ok_or(ApiError::Unauthorized)).await?;
    Ok(Json(UserEnvelope { user }))
}

/// One user as the owner sees it (email included).
pub(crate) fn load_user(conn: &Connection, id: u64) -> Result<Option<User>, ApiError> {
    Ok(conn
        .query_row("SELECT id, name, email, is_agent, user_fields FROM users WHERE id = ?1", params![id as i64], |r| {
            let fields: String = r.get(4)?;
            Ok(User {
                id: r.get::<_, i64>(0)? as u64,
                name: r.get(1)?,
                email: r.get(2)?,
                photo: None,
                agent: r.get(3)?,
                user_fields: Some(serde_json::from_str(&fields).unwrap_or_default()),
            })
        })
        .optional()?)
}

/// Users as side-loaded next to comments: no email, no fields, with the agent flag. Unknown ids
/// are skipped.
pub(crate) fn sideload_users(conn: &Connection, ids: &[u64]) -> Result<Vec<User>, ApiError> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut users = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(user) = load_user(conn, id)? {
            users.push(User { email: None, user_fields: None, ..user });
        }
    }
    Ok(users)
}

/// Deliberately simple: one `@`, something before it, a dotted domain after it, no spaces.
pub(crate) fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
        && email.len() <= 254
}

/// Trims; blank becomes `None`.
pub(crate) fn non_blank(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_rules() {
        assert!(is_valid_email("ana@example.com"));
        for bad in ["ana", "@example.com", "ana@example", "ana@@example.com", "a na@example.com", "ana@.com"] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }
}
