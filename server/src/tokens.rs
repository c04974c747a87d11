//! Access tokens as stored. Only a token's SHA-256 (hex) is kept, so a copy of the database
//! holds no usable credential; each token has an expiry, after which it is as unknown as a
//! wrong one (401), and its holder signs in again. Plain SQL over the one connection.

use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::errors::ApiError;

/// What the database keeps of a token: its SHA-256, hex. The token is 256 random bits, so the
/// digest needs no salt and a lookup by digest leaks nothing useful through its timing.
pub(crate) fn digest(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

/// A new random opaque token (256 bits, hex) for the user, valid for `ttl`; a user may hold
/// several (one per device or sign-in). Returns the token, which is never stored.
pub(crate) fn issue(conn: &Connection, user_id: i64, now: i64, ttl: Duration) -> Result<String, ApiError> {
    let bytes: [u8; 32] = rand::random();
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let expires_at = now.saturating_add(i64::try_from(ttl.as_micros()).unwrap_or(i64::MAX));
    conn.execute(
        "INSERT INTO access_tokens (token_sha256, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![digest(&token), user_id, now, expires_at],
    )?;
    Ok(token)
}

/// The end user holding `token`, if it is known and not expired at `now`.
pub(crate) fn user_for(conn: &Connection, token: &str, now: i64) -> Result<Option<u64>, ApiError> {
    let id: Option<i64> = conn
        .prepare_cached(
            "SELECT t.user_id FROM access_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.token_sha256 = ?1 AND t.expires_at > ?2 AND u.is_agent = 0",
        )?
        .query_row(params![digest(token), now], |r| r.get(0))
        .optional()?;
    Ok(id.and_then(|id| u64::try_from(id).ok()))
}

/// Forgets `token`; true if it was known.
pub(crate) fn revoke(conn: &Connection, token: &str) -> Result<bool, ApiError> {
    Ok(conn.execute("DELETE FROM access_tokens WHERE token_sha256 = ?1", params![digest(token)])? > 0)
}

/// Forgets every token expired at `now`; returns how many.
pub(crate) fn sweep_expired(conn: &Connection, now: i64) -> Result<usize, ApiError> {
    Ok(conn.execute("DELETE FROM access_tokens WHERE expires_at <= ?1", params![now])?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE users (id INTEGER PRIMARY KEY, is_agent INTEGER NOT NULL DEFAULT 0);
             INSERT INTO users (id, is_agent) VALUES (1, 0), (2, 1);
             CREATE TABLE access_tokens (token_sha256 TEXT PRIMARY KEY, user_id INTEGER NOT NULL,
                 created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);",
        )
        .unwrap();
        conn
    }

    #[test]
    fn digest_is_sha256_hex() {
        assert_eq!(digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn stored_hashed_expire_and_revoke() {
        let conn = conn();
        let token = issue(&conn, 1, 1_000, Duration::from_micros(500)).unwrap();
        assert_eq!(token.len(), 64);
        let stored: String = conn.query_row("SELECT token_sha256 FROM access_tokens", [], |r| r.get(0)).unwrap();
        assert_eq!(stored, digest(&token));
        assert_ne!(stored, token);
        assert_eq!(user_for(&conn, &token, 1_499).unwrap(), Some(1));
        assert_eq!(user_for(&conn, &token, 1_500).unwrap(), None, "expired");
        assert_eq!(user_for(&conn, "other", 1_000).unwrap(), None);
        let agents = issue(&conn, 2, 1_000, Duration::from_secs(60)).unwrap();
        assert_eq!(user_for(&conn, &agents, 1_000).unwrap(), None, "the agent holds no user token");
        assert_eq!(sweep_expired(&conn, 1_500).unwrap(), 1);
        assert!(revoke(&conn, &agents).unwrap());
        assert!(!revoke(&conn, &agents).unwrap());
    }
}
