//! The SQLite store: one connection (WAL) behind a mutex, numbered migrations via
//! `PRAGMA user_version`, and a `call` that runs queries off the async threads.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, params};

use crate::errors::ApiError;
use crate::time::now_micros;

/// Name of the agent every agent-side action is authored by.
pub(crate) const DEMO_AGENT_NAME: &str = "Sam (Support)";

/// Each entry moves the schema one version up; never edit a released one, append.
const MIGRATIONS: &[&str] = &[
    // 1: identity, requests, comments, idempotency, JWT replay protection.
    "CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        sdk_guid TEXT UNIQUE,
        external_id TEXT UNIQUE,
        email TEXT,
        name TEXT NOT NULL DEFAULT '',
        is_agent INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX users_email ON users(email);
    CREATE TABLE tokens (
        token TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL
    );
    CREATE TABLE requests (
        id INTEGER PRIMARY KEY,
        subject TEXT NOT NULL,
        description TEXT NOT NULL,
        status TEXT NOT NULL,
        requester_id INTEGER NOT NULL REFERENCES users(id),
        assignee_id INTEGER REFERENCES users(id),
        followup_source_id INTEGER REFERENCES requests(id),
        tags TEXT NOT NULL DEFAULT '[]',
        custom_fields TEXT NOT NULL DEFAULT '[]',
        via_channel TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE INDEX requests_requester ON requests(requester_id);
    CREATE TABLE comments (
        id INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES requests(id),
        author_id INTEGER NOT NULL REFERENCES users(id),
        body TEXT NOT NULL,
        public INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX comments_request ON comments(request_id);
    CREATE TABLE idempotency (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        status INTEGER NOT NULL,
        body BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (scope, key)
    );
    CREATE TABLE used_jtis (
        jti TEXT PRIMARY KEY,
        used_at INTEGER NOT NULL
    );",
    // 2: help center. Categories, sections and articles keep one row per id and one per
    // (id, locale) translation, like Zendesk; archived articles leave per-locale tombstones for
    // the incremental export; `hc_article_fts` indexes each translation (rowid = its id).
    "CREATE TABLE hc_categories (
        id INTEGER PRIMARY KEY,
        position INTEGER NOT NULL DEFAULT 0,
        seed_key TEXT UNIQUE,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE hc_category_translations (
        category_id INTEGER NOT NULL REFERENCES hc_categories(id),
        locale TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (category_id, locale)
    );
    CREATE TABLE hc_sections (
        id INTEGER PRIMARY KEY,
        category_id INTEGER NOT NULL REFERENCES hc_categories(id),
        parent_section_id INTEGER REFERENCES hc_sections(id),
        position INTEGER NOT NULL DEFAULT 0,
        seed_key TEXT UNIQUE,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX hc_sections_category ON hc_sections(category_id);
    CREATE TABLE hc_section_translations (
        section_id INTEGER NOT NULL REFERENCES hc_sections(id),
        locale TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (section_id, locale)
    );
    CREATE TABLE hc_articles (
        id INTEGER PRIMARY KEY,
        section_id INTEGER NOT NULL REFERENCES hc_sections(id),
        author_id INTEGER REFERENCES users(id),
        position INTEGER NOT NULL DEFAULT 0,
        promoted INTEGER NOT NULL DEFAULT 0,
        label_names TEXT NOT NULL DEFAULT '[]',
        seed_key TEXT UNIQUE,
        created_at INTEGER NOT NULL,
        archived_at INTEGER
    );
    CREATE INDEX hc_articles_section ON hc_articles(section_id);
    CREATE TABLE hc_article_translations (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES hc_articles(id),
        locale TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        draft INTEGER NOT NULL DEFAULT 0,
        outdated INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        edited_at INTEGER,
        UNIQUE (article_id, locale)
    );
    CREATE INDEX hc_article_translations_export ON hc_article_translations(locale, updated_at, article_id);
    CREATE TABLE hc_article_tombstones (
        article_id INTEGER NOT NULL,
        locale TEXT NOT NULL,
        deleted_at INTEGER NOT NULL,
        PRIMARY KEY (article_id, locale)
    );
    CREATE INDEX hc_article_tombstones_time ON hc_article_tombstones(locale, deleted_at);
    CREATE TABLE hc_article_attachments (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES hc_articles(id),
        file_name TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL DEFAULT 0,
        inline INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX hc_article_attachments_article ON hc_article_attachments(article_id);
    CREATE TABLE hc_votes (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES hc_articles(id),
        user_id INTEGER NOT NULL REFERENCES users(id),
        value INTEGER NOT NULL CHECK (value IN (-1, 1)),
        created_at INTEGER NOT NULL,
        UNIQUE (article_id, user_id)
    );
    CREATE VIRTUAL TABLE hc_article_fts USING fts5(
        title, body, tokenize = 'unicode61 remove_diacritics 2'
    );",
    // SDK settings per app id (the defaults until an agent changes them), and the users'
    // push devices: a token names one device, which gets the pushes of one user.
    "CREATE TABLE sdk_settings (
        app_id TEXT PRIMARY KEY,
        settings TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE TABLE push_devices (
        id INTEGER PRIMARY KEY,
        identifier TEXT NOT NULL UNIQUE,
        user_id INTEGER NOT NULL REFERENCES users(id),
        device_type TEXT NOT NULL,
        locale TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE INDEX push_devices_user ON push_devices(user_id);",
    // 4: live messaging. A conversation is a request (via_channel "native_messaging"); its
    // messages are numbered by `seq` from 1 within it; `client_id` makes a resent message the
    // same one. At most one active conversation per user.
    "CREATE TABLE conversations (
        id INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES requests(id),
        user_id INTEGER NOT NULL REFERENCES users(id),
        status TEXT NOT NULL,
        metadata TEXT NOT NULL DEFAULT 'null',
        agent_joined_at INTEGER,
        user_read_seq INTEGER NOT NULL DEFAULT 0,
        agent_read_seq INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        ended_at INTEGER
    );
    CREATE INDEX conversations_user ON conversations(user_id);
    CREATE UNIQUE INDEX conversations_one_active ON conversations(user_id) WHERE status = 'active';
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id),
        seq INTEGER NOT NULL,
        client_id TEXT,
        author_type TEXT NOT NULL,
        author_id INTEGER,
        author_name TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        articles TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        UNIQUE (conversation_id, seq),
        UNIQUE (conversation_id, client_id)
    );",
    // 5: uploads. A token holds one or more files of one user until it expires or a comment
    // (or chat message) claims it; each file is one `attachments` row, its bytes a file named
    // `stored_as` in the uploads directory beside the database.
    "CREATE TABLE uploads (
        token TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        claimed_at INTEGER
    );
    CREATE INDEX uploads_unclaimed ON uploads(expires_at) WHERE claimed_at IS NULL;
    CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        upload_token TEXT NOT NULL REFERENCES uploads(token),
        user_id INTEGER NOT NULL REFERENCES users(id),
        comment_id INTEGER REFERENCES comments(id),
        message_id INTEGER REFERENCES messages(id),
        file_name TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        stored_as TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX attachments_upload ON attachments(upload_token);
    CREATE INDEX attachments_comment ON attachments(comment_id);
    CREATE INDEX attachments_message ON attachments(message_id);",
    // 6: pushes sent (to FCM or APNs in production; kept here for tests and the demo).
    "CREATE TABLE push_notifications (
        id INTEGER PRIMARY KEY,
        identifier TEXT NOT NULL,
        device_type TEXT NOT NULL,
        user_id INTEGER NOT NULL REFERENCES users(id),
        payload TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );",
    // 7: what an idempotent call carried, so that a key reused with another body is refused.
    "ALTER TABLE idempotency ADD COLUMN request_hash TEXT NOT NULL DEFAULT '';",
    // 8: access tokens kept as their SHA-256 only, with an expiry (see `tokens`). The tokens of
    // version 1 were kept in clear: they are dropped, and their holders sign in again on the 401.
    "DROP TABLE tokens;
    CREATE TABLE access_tokens (
        token_sha256 TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    );
    CREATE INDEX access_tokens_expiry ON access_tokens(expires_at);",
    // 9: article labels searched like titles, and the index's words listed (fts5vocab) so a
    // misspelt query word can be matched to the closest indexed one; rebuilt from the old index.
    "ALTER TABLE hc_article_fts RENAME TO hc_article_fts_v1;
    CREATE VIRTUAL TABLE hc_article_fts USING fts5(
        title, labels, body, tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO hc_article_fts (rowid, title, labels, body)
        SELECT f.rowid, f.title, COALESCE((SELECT group_concat(value, ' ') FROM json_each(a.label_names)), ''), f.body
        FROM hc_article_fts_v1 f
        JOIN hc_article_translations t ON t.id = f.rowid JOIN hc_articles a ON a.id = t.article_id;
    DROP TABLE hc_article_fts_v1;
    CREATE VIRTUAL TABLE hc_article_vocab USING fts5vocab(hc_article_fts, 'row');",
    // 10: satisfaction ratings (Zendesk's): one per ticket, by its requester, changed in place.
    "CREATE TABLE satisfaction_ratings (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER NOT NULL UNIQUE REFERENCES requests(id),
        requester_id INTEGER NOT NULL REFERENCES users(id),
        score TEXT NOT NULL CHECK (score IN ('good', 'bad')),
        comment TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );",
    // 11: app context: a user's fields (Zendesk's `user_fields`, a JSON object) and what came with
    // a new ticket (`metadata`, JSON, shown to agents).
    "ALTER TABLE users ADD COLUMN user_fields TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE requests ADD COLUMN metadata TEXT;",
    // 12: several conversations per user (when the app's settings allow it): no more than one
    // active one is no longer the store's rule but the settings' (`messaging.multiple_conversations`).
    "DROP INDEX conversations_one_active;
    CREATE INDEX conversations_user_status ON conversations(user_id, status);",
    // 13: rich messages: quick replies, buttons, cards, a form, or the user's answer to one of
    // them, as one JSON object beside the text (their fallback).
    "ALTER TABLE messages ADD COLUMN rich TEXT NOT NULL DEFAULT '{}';",
];

/// Cheap to clone; every clone shares the one connection.
#[derive(Clone)]
pub(crate) struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    /// Opens (or creates) the file, migrates it and makes sure the demo agent exists.
    /// Returns the store and the agent's user id.
    pub(crate) fn open(path: &Path) -> anyhow::Result<(Db, u64)> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn)?;
        let agent_id = ensure_agent(&conn)?;
        Ok((Db { conn: Arc::new(Mutex::new(conn)) }, agent_id))
    }

    /// Runs `f` with the connection on the blocking pool: SQLite calls never stall the
    /// async workers, and the mutex makes each `f` atomic with respect to the others.
    pub(crate) async fn call<R, F>(&self, f: F) -> Result<R, ApiError>
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<R, ApiError> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| ApiError::Internal(format!("database task failed: {e}")))?
    }

    /// Runs `f` on the calling thread: for startup work (seeding), never from a handler.
    pub(crate) fn blocking<R>(&self, f: impl FnOnce(&mut Connection) -> anyhow::Result<R>) -> anyhow::Result<R> {
        let mut guard = self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut guard)
    }
}

fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
        tracing::info!("database migrated to version {}", i + 1);
    }
    Ok(())
}

fn ensure_agent(conn: &Connection) -> anyhow::Result<u64> {
    let existing: Option<i64> =
        conn.query_row("SELECT id FROM users WHERE is_agent = 1 ORDER BY id LIMIT 1", [], |r| r.get(0)).optional()?;
    if let Some(id) = existing {
        return Ok(id as u64);
    }
    conn.execute(
        "INSERT INTO users (name, email, is_agent, created_at) VALUES (?1, 'sam@support.example', 1, ?2)",
        params![DEMO_AGENT_NAME, now_micros()],
    )?;
    Ok(conn.last_insert_rowid() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_keeps_the_agent() {
        let dir = std::env::temp_dir().join(format!("helpline-db-{}", uuid::Uuid::new_v4()));
        let path = dir.join("t.sqlite3");
        let (_, agent) = Db::open(&path).unwrap();
        let (db, again) = Db::open(&path).unwrap();
        assert_eq!(agent, again);
        let conn = db.conn.lock().unwrap();
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        drop(conn);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn clear_text_tokens_of_version_7_are_dropped() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..7] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 7).unwrap();
        conn.execute("INSERT INTO users (id, name, created_at) VALUES (1, 'Ana', 0)", []).unwrap();
        conn.execute("INSERT INTO tokens (token, user_id, created_at) VALUES ('clear', 1, 0)", []).unwrap();
        migrate(&mut conn).unwrap();
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'tokens'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 0, "the clear-text tokens are gone");
        let left: i64 = conn.query_row("SELECT count(*) FROM access_tokens", [], |r| r.get(0)).unwrap();
        assert_eq!(left, 0);
    }
}
