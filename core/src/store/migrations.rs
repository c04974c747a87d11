//! Numbered schema migrations, tracked by SQLite's `user_version`.
//!
//! Each entry runs once, in order, in its own transaction. Never edit a shipped entry:
//! add a new one.

use rusqlite::Connection;

use crate::{Error, Result};

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
    // 2: help center cache, its full-text index, and the user's votes.
    r#"
    CREATE TABLE hc_categories (
        id INTEGER NOT NULL,
        locale TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        position INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        html_url TEXT NOT NULL,
        PRIMARY KEY (locale, id)
    );

    CREATE TABLE hc_sections (
        id INTEGER NOT NULL,
        locale TEXT NOT NULL,
        category_id INTEGER NOT NULL,
        parent_section_id INTEGER,
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        position INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        html_url TEXT NOT NULL,
        PRIMARY KEY (locale, id)
    );

    -- `body` is the helpdesk's HTML, NULL once dropped by the cache budget (the title and
    -- the search index stay). `rowid` is shared with the full-text index.
    CREATE TABLE hc_articles (
        rowid INTEGER PRIMARY KEY,
        id INTEGER NOT NULL,
        locale TEXT NOT NULL,
        section_id INTEGER NOT NULL,
        title TEXT NOT NULL,
        body TEXT,
        body_size INTEGER NOT NULL,
        position INTEGER NOT NULL,
        promoted INTEGER NOT NULL,
        vote_sum INTEGER NOT NULL,
        vote_count INTEGER NOT NULL,
        label_names TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        html_url TEXT NOT NULL,
        outdated INTEGER NOT NULL,
        last_read_ms INTEGER NOT NULL DEFAULT 0,
        generation INTEGER NOT NULL,
        UNIQUE (locale, id)
    );
    CREATE INDEX hc_articles_by_section ON hc_articles(locale, section_id, position);
    CREATE INDEX hc_articles_by_read ON hc_articles(locale, last_read_ms) WHERE body IS NOT NULL;

    -- Title weighted above body (see `rank`); diacritics folded so "resolu" finds "résolu";
    -- prefix indexes make search-as-you-type cheap.
    CREATE VIRTUAL TABLE hc_articles_fts USING fts5(
        title, body,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
    );
    INSERT INTO hc_articles_fts(hc_articles_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)');

    CREATE TABLE hc_attachments (
        id INTEGER NOT NULL,
        locale TEXT NOT NULL,
        article_id INTEGER NOT NULL,
        file_name TEXT NOT NULL,
        content_url TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        inline INTEGER NOT NULL,
        PRIMARY KEY (locale, id)
    );
    CREATE INDEX hc_attachments_by_article ON hc_attachments(locale, article_id);

    -- Where each locale's incremental export resumes, and which full sync wrote a row last.
    CREATE TABLE hc_sync (
        locale TEXT PRIMARY KEY,
        start_time INTEGER,
        generation INTEGER NOT NULL DEFAULT 0,
        structure_synced_ms INTEGER NOT NULL DEFAULT 0
    );

    -- The user's vote per article; per user, wiped with the identity.
    CREATE TABLE hc_votes (
        article_id INTEGER PRIMARY KEY,
        value INTEGER NOT NULL,
        remote_id INTEGER
    );
    "#,
    // Live chat: conversations and their messages (the user's own keyed by client id).
    r#"
    CREATE TABLE chat_conversations (
        id INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        my_read_seq INTEGER NOT NULL DEFAULT 0,
        agent_read_seq INTEGER NOT NULL DEFAULT 0
    );

    -- `local_id` is the client id of the user's own messages, `remote-<id>` for the others;
    -- `seq` is NULL until the helpdesk confirms; `position` orders the user's pending ones.
    CREATE TABLE chat_messages (
        local_id TEXT PRIMARY KEY,
        remote_id INTEGER UNIQUE,
        conversation_id INTEGER,
        seq INTEGER,
        author_type TEXT NOT NULL,
        author_id INTEGER,
        author_name TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        articles TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        delivery TEXT NOT NULL,
        delivery_reason TEXT,
        position INTEGER NOT NULL
    );
    CREATE INDEX chat_messages_by_seq ON chat_messages(conversation_id, seq);
    "#,
    // Remote settings (the helpdesk's JSON as sent, with its ETag), the rating prompt's memory
    // (per install: it outlives identities), and the device's push token.
    r#"
    CREATE TABLE settings_cache (
        app_id TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        etag TEXT,
        fetched_ms INTEGER NOT NULL
    );

    CREATE TABLE rating_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        installed_ms INTEGER NOT NULL,
        launches INTEGER NOT NULL DEFAULT 0,
        events INTEGER NOT NULL DEFAULT 0,
        app_version TEXT,
        outcome TEXT,
        outcome_version TEXT,
        outcome_ms INTEGER,
        last_error_ms INTEGER
    );

    -- `queued_for` names the user a registration was queued for; `sent` says it landed.
    CREATE TABLE push_device (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        token TEXT NOT NULL,
        device_type TEXT NOT NULL,
        queued_for TEXT,
        sent INTEGER NOT NULL DEFAULT 0
    );
    "#,
    // The files of chat messages (the helpdesk's attachments as JSON, or those waiting to be sent).
    r#"
    ALTER TABLE chat_messages ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';
    "#,
    // Article labels searched like titles (a helpdesk's words for what an article is about:
    // "screenshots" on the attachments article); the index's words listed (fts5vocab), so a
    // misspelt query word can be matched to the closest indexed one. Rebuilt from the old index.
    r#"
    ALTER TABLE hc_articles_fts RENAME TO hc_articles_fts_v1;
    CREATE VIRTUAL TABLE hc_articles_fts USING fts5(
        title, labels, body,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
    );
    INSERT INTO hc_articles_fts(hc_articles_fts, rank) VALUES ('rank', 'bm25(10.0, 8.0, 1.0)');
    INSERT INTO hc_articles_fts(rowid, title, labels, body)
        SELECT f.rowid, f.title, COALESCE((SELECT group_concat(value, ' ') FROM json_each(a.label_names)), ''), f.body
        FROM hc_articles_fts_v1 f JOIN hc_articles a ON a.rowid = f.rowid;
    DROP TABLE hc_articles_fts_v1;
    CREATE VIRTUAL TABLE hc_articles_vocab USING fts5vocab(hc_articles_fts, 'row');
    "#,
    // Satisfaction ratings, per request (a ticket, or a conversation's request): the helpdesk's
    // (`score`, `comment`) and the user's not confirmed yet (`mine_*`, with its delivery).
    r#"
    CREATE TABLE satisfaction_ratings (
        request_id INTEGER PRIMARY KEY,
        score TEXT,
        comment TEXT,
        mine_score TEXT,
        mine_comment TEXT,
        delivery TEXT NOT NULL DEFAULT 'sent',
        delivery_reason TEXT
    );
    "#,
    // App context: the user's attributes (their JSON value, and whether the helpdesk has it) and
    // the app's breadcrumbs (the latest 20 kept).
    r#"
    CREATE TABLE user_attributes (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        delivery TEXT NOT NULL DEFAULT 'pending',
        delivery_reason TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE breadcrumbs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        text TEXT NOT NULL,
        at TEXT NOT NULL
    );
    "#,
    // Rich chat messages: the helpdesk's quick replies, buttons, cards or form (bounded), or the
    // user's answer to one of them, as one JSON object beside the text (their fallback).
    r#"
    ALTER TABLE chat_messages ADD COLUMN rich TEXT NOT NULL DEFAULT '{}';
    "#,
    // The next position of a message written is read at each send: indexed, not a scan of the
    // whole history (a send took 35 to 70 µs more with 1,500 messages held).
    r#"
    CREATE INDEX chat_messages_by_position ON chat_messages(position);
    "#,
    // 11: what the user typed in a screen (the contact form), kept across a kill of the app.
    r#"
    CREATE TABLE screen_drafts (
        screen TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    "#,
];

/// Refuses a schema newer than this SDK knows (the app was downgraded): the file and its
/// unsent writes stay as they are, for the newer version to pick up again.
pub(super) fn check_not_newer(conn: &Connection) -> Result<()> {
    let found = conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))?;
    if found > MIGRATIONS.len() as i64 {
        return Err(Error::SchemaTooNew { found: found as i32, supported: MIGRATIONS.len() as i32 });
    }
    Ok(())
}

pub(super) fn migrate(conn: &Connection) -> Result<()> {
    let current: usize = conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))?.max(0) as usize;
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
        let err = check_not_newer(&conn).unwrap_err();
        assert_eq!(err, Error::SchemaTooNew { found: 999, supported: MIGRATIONS.len() as i32 });
    }
}
