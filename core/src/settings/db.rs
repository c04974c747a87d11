//! The cached settings document: one row per app id.

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;

pub(super) struct Cached {
    /// The helpdesk's JSON, as it came.
    pub body: String,
    pub etag: Option<String>,
}

pub(super) fn cached(conn: &Connection, app_id: &str) -> Result<Option<Cached>> {
    Ok(conn
        .query_row("SELECT body, etag FROM settings_cache WHERE app_id = ?1", [app_id], |r| {
            Ok(Cached { body: r.get(0)?, etag: r.get(1)? })
        })
        .optional()?)
}

pub(super) fn save(conn: &Connection, app_id: &str, body: &str, etag: Option<&str>, now_ms: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO settings_cache (app_id, body, etag, fetched_ms) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(app_id) DO UPDATE SET body = excluded.body, etag = excluded.etag, fetched_ms = excluded.fetched_ms",
        params![app_id, body, etag, now_ms],
    )?;
    Ok(())
}

/// A 304: the cached document is current as of now.
pub(super) fn touch(conn: &Connection, app_id: &str, now_ms: i64) -> Result<()> {
    conn.execute("UPDATE settings_cache SET fetched_ms = ?2 WHERE app_id = ?1", params![app_id, now_ms])?;
    Ok(())
}

/// The helpdesk serves no settings (404): the cached document goes, the defaults apply.
pub(super) fn forget(conn: &Connection, app_id: &str) -> Result<()> {
    conn.execute("DELETE FROM settings_cache WHERE app_id = ?1", [app_id])?;
    Ok(())
}
