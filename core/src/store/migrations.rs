//! Numbered schema migrations, tracked by SQLite's `user_version`.
//!
//! Each entry runs once, in order, in its own transaction. Never edit a shipped entry:
//! add a new one.

use rusqlite::{Connection, ffi};

pub(super) const TOO_NEW: &str = "database schema is newer than this SDK";

const MIGRATIONS: &[&str] = &[
    // 1: identity, tickets, comments, outbox.
    r#"
    CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    CREATE TABLE tickets (
        id TEXT PRIMARY KEY,
        remote_id INTEGER UNIQUE,
        subject TEXT NOT NULL,
        description TEXT NOT NULL,
        status TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        custom_fields TEXT NOT NULL DEFAULT '[]',
        followup_source_id INTEGER,
        can_be_solved_by_me INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        delivery TEXT NOT NULL,
        delivery_reason TEXT,
        last_agent_comment_id INTEGER NOT NULL DEFAULT 0,
        last_read_comment_id INTEGER NOT NULL DEFAULT 0,
        comments_synced_at TEXT
    );
    CREATE INDEX tickets_by_update ON tickets(updated_at DESC);

    CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        remote_id INTEGER UNIQUE,
        ticket_id TEXT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        html_body TEXT,
        author_id INTEGER,
        author_name TEXT NOT NULL DEFAULT '',
        author_is_agent INTEGER NOT NULL DEFAULT 0,
        is_mine INTEGER NOT NULL,
        attachments TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        delivery TEXT NOT NULL,
        delivery_reason TEXT
    );
    CREATE INDEX comments_by_ticket ON comments(ticket_id, created_at);

    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        payload TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL,
        reason TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before_ms INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    "#,
];

pub(super) fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let current: usize = conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? as usize;
    if current > MIGRATIONS.len() {
        return Err(rusqlite::Error::SqliteFailure(
            ffi::Error::new(ffi::SQLITE_CORRUPT),
            Some(format!("{TOO_NEW}: version {current}, known {}", MIGRATIONS.len())),
        ));
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (index + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_run_once_and_record_the_version() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        migrate(&conn).unwrap();
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v as usize, MIGRATIONS.len());
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
        let err = migrate(&conn).unwrap_err();
        assert!(err.to_string().contains(TOO_NEW) || format!("{err:?}").contains(TOO_NEW));
    }
}
