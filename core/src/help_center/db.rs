//! The help center's tables: the cached structure, articles with their full-text index,
//! attachments, sync positions and the user's votes.

use helpline_protocol as wire;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::model::{ArticleAttachment, ArticleSummary, Category, Section, VoteValue};
use super::text::html_to_text;
use crate::Result;

const SUMMARY_COLUMNS: &str =
    "id, section_id, title, promoted, vote_sum, vote_count, updated_at, html_url, body IS NOT NULL";

pub(super) fn summary(row: &Row<'_>) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: row.get(0)?,
        section_id: row.get(1)?,
        title: row.get(2)?,
        promoted: row.get(3)?,
        vote_sum: row.get(4)?,
        vote_count: row.get(5)?,
        updated_at: crate::clock::time_column(row, 6)?,
        html_url: row.get(7)?,
        body_cached: row.get(8)?,
    })
}

// --- structure -------------------------------------------------------------------------

pub(super) fn replace_structure(
    conn: &Connection,
    locale: &str,
    categories: &[wire::Category],
    sections: &[wire::Section],
) -> Result<()> {
    conn.execute("DELETE FROM hc_categories WHERE locale = ?1", [locale])?;
    conn.execute("DELETE FROM hc_sections WHERE locale = ?1", [locale])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO hc_categories(id, locale, name, description, position, updated_at, html_url)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for c in categories {
        insert.execute(params![c.id, locale, c.name, c.description, c.position, c.updated_at, c.html_url])?;
    }
    let mut insert = conn.prepare_cached(
        "INSERT INTO hc_sections(id, locale, category_id, parent_section_id, name, description, position, updated_at, html_url)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for s in sections {
        insert.execute(params![
            s.id,
            locale,
            s.category_id,
            s.parent_section_id,
            s.name,
            s.description,
            s.position,
            s.updated_at,
            s.html_url
        ])?;
    }
    Ok(())
}

pub(super) fn categories(conn: &Connection, locale: &str) -> Result<Vec<Category>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, description, position, html_url FROM hc_categories WHERE locale = ?1 ORDER BY position, id",
    )?;
    let rows = stmt.query_map([locale], |r| {
        Ok(Category {
            id: r.get(0)?,
            name: r.get(1)?,
            description: r.get(2)?,
            position: r.get(3)?,
            html_url: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn sections(conn: &Connection, locale: &str, category_id: Option<i64>) -> Result<Vec<Section>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, category_id, parent_section_id, name, description, position, html_url FROM hc_sections
         WHERE locale = ?1 AND (?2 IS NULL OR category_id = ?2) ORDER BY category_id, position, id",
    )?;
    let rows = stmt.query_map(params![locale, category_id], |r| {
        Ok(Section {
            id: r.get(0)?,
            category_id: r.get(1)?,
            parent_section_id: r.get(2)?,
            name: r.get(3)?,
            description: r.get(4)?,
            position: r.get(5)?,
            html_url: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether an article points at a section the cache does not know (the structure changed).
pub(super) fn has_orphans(conn: &Connection, locale: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM hc_articles a WHERE a.locale = ?1
           AND NOT EXISTS (SELECT 1 FROM hc_sections s WHERE s.locale = a.locale AND s.id = a.section_id))",
        [locale],
        |r| r.get(0),
    )?)
}

// --- articles --------------------------------------------------------------------------

/// Inserts or updates an article and its index entry. Returns whether anything changed.
pub(super) fn upsert_article(conn: &Connection, locale: &str, a: &wire::Article, generation: i64) -> Result<bool> {
    let existing: Option<(i64, String)> = conn
        .prepare_cached("SELECT rowid, updated_at FROM hc_articles WHERE locale = ?1 AND id = ?2")?
        .query_row(params![locale, a.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((rowid, updated_at)) = &existing
        && *updated_at == a.updated_at
    {
        // Unchanged (an export may repeat the edge of its window): only mark it as seen.
        conn.prepare_cached("UPDATE hc_articles SET generation = ?2 WHERE rowid = ?1")?
            .execute(params![rowid, generation])?;
        return Ok(false);
    }
    write_article(conn, locale, a, generation, existing.is_some())?;
    // The export names the attachments (a Helpline addition): known offline from now on.
    if let Some(attachments) = &a.attachments {
        replace_attachments(conn, locale, a.id, attachments)?;
    }
    Ok(true)
}

/// Stores an article as given, replacing its index entry when it was cached already.
fn write_article(conn: &Connection, locale: &str, a: &wire::Article, generation: i64, cached: bool) -> Result<()> {
    let labels = serde_json::to_string(&a.label_names)?;
    let rowid: i64 = conn
        .prepare_cached(
            "INSERT INTO hc_articles(id, locale, section_id, title, body, body_size, position, promoted, vote_sum,
                vote_count, label_names, created_at, updated_at, html_url, outdated, generation)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
             ON CONFLICT(locale, id) DO UPDATE SET section_id = excluded.section_id, title = excluded.title,
                body = excluded.body, body_size = excluded.body_size, position = excluded.position,
                promoted = excluded.promoted, vote_sum = excluded.vote_sum, vote_count = excluded.vote_count,
                label_names = excluded.label_names, created_at = excluded.created_at,
                updated_at = excluded.updated_at, html_url = excluded.html_url, outdated = excluded.outdated,
                generation = excluded.generation
             RETURNING rowid",
        )?
        .query_row(
            params![
                a.id,
                locale,
                a.section_id,
                a.title,
                a.body,
                a.body.len() as i64,
                a.position,
                a.promoted,
                a.vote_sum,
                a.vote_count,
                labels,
                a.created_at,
                a.updated_at,
                a.html_url,
                a.outdated,
                generation
            ],
            |r| r.get(0),
        )?;
    if cached {
        conn.prepare_cached("DELETE FROM hc_articles_fts WHERE rowid = ?1")?.execute([rowid])?;
    }
    conn.prepare_cached("INSERT INTO hc_articles_fts(rowid, title, labels, body) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![rowid, a.title, a.label_names.join(" "), html_to_text(&a.body)])?;
    Ok(())
}

/// Removes an article, its index entry and attachments. Returns whether it was cached.
pub(super) fn delete_article(conn: &Connection, locale: &str, id: u64) -> Result<bool> {
    let rowid: Option<i64> = conn
        .prepare_cached("DELETE FROM hc_articles WHERE locale = ?1 AND id = ?2 RETURNING rowid")?
        .query_row(params![locale, id], |r| r.get(0))
        .optional()?;
    let Some(rowid) = rowid else { return Ok(false) };
    conn.prepare_cached("DELETE FROM hc_articles_fts WHERE rowid = ?1")?.execute([rowid])?;
    conn.prepare_cached("DELETE FROM hc_attachments WHERE locale = ?1 AND article_id = ?2")?
        .execute(params![locale, id])?;
    Ok(true)
}

/// After a full sync: removes what the helpdesk no longer lists. Returns how many went.
pub(super) fn sweep(conn: &Connection, locale: &str, generation: i64) -> Result<i32> {
    let stale: Vec<u64> = conn
        .prepare("SELECT id FROM hc_articles WHERE locale = ?1 AND generation < ?2")?
        .query_map(params![locale, generation], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in &stale {
        delete_article(conn, locale, *id)?;
    }
    Ok(i32::try_from(stale.len()).unwrap_or(i32::MAX))
}

/// After a full sync of `locale`: the cache keeps one locale, so that search ranks only
/// what the user can read (and stays fast).
pub(super) fn drop_other_locales(conn: &Connection, locale: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM hc_articles_fts WHERE rowid IN (SELECT rowid FROM hc_articles WHERE locale != ?1)",
        [locale],
    )?;
    for table in ["hc_articles", "hc_attachments", "hc_sections", "hc_categories", "hc_sync"] {
        conn.execute(&format!("DELETE FROM {table} WHERE locale != ?1"), [locale])?;
    }
    Ok(())
}

pub(super) fn articles(conn: &Connection, locale: &str, section_id: Option<i64>) -> Result<Vec<ArticleSummary>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM hc_articles WHERE locale = ?1 AND (?2 IS NULL OR section_id = ?2)
         ORDER BY section_id, position, id"
    ))?;
    let rows = stmt.query_map(params![locale, section_id], summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn promoted(conn: &Connection, locale: &str) -> Result<Vec<ArticleSummary>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM hc_articles WHERE locale = ?1 AND promoted ORDER BY position, id"
    ))?;
    let rows = stmt.query_map([locale], summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The cached article: its summary, raw HTML body, labels, outdated flag and creation time.
pub(super) struct StoredArticle {
    pub summary: ArticleSummary,
    pub body: Option<String>,
    pub label_names: Vec<String>,
    pub outdated: bool,
    pub created_at: String,
}

pub(super) fn article(conn: &Connection, locale: &str, id: u64) -> Result<Option<StoredArticle>> {
    let found = conn
        .prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS}, body, label_names, outdated, created_at FROM hc_articles WHERE locale = ?1 AND id = ?2"
        ))?
        .query_row(params![locale, id], |r| {
            Ok((summary(r)?, r.get::<_, Option<String>>(9)?, r.get::<_, String>(10)?, r.get(11)?, r.get(12)?))
        })
        .optional()?;
    let Some((summary, body, labels, outdated, created_at)) = found else { return Ok(None) };
    let label_names = serde_json::from_str(&labels).unwrap_or_default();
    Ok(Some(StoredArticle { summary, body, label_names, outdated, created_at }))
}

/// Remembers the read, so the cache budget drops the least recently read bodies first.
pub(super) fn touch(conn: &Connection, locale: &str, id: u64, now_ms: i64) -> Result<()> {
    conn.prepare_cached("UPDATE hc_articles SET last_read_ms = ?3 WHERE locale = ?1 AND id = ?2")?
        .execute(params![locale, id, now_ms])?;
    Ok(())
}

/// Puts a body fetched on demand back (after the budget dropped it).
/// Unlike a sync's upsert, the body is written even when `updated_at` did not change.
pub(super) fn restore_body(conn: &Connection, locale: &str, a: &wire::Article) -> Result<()> {
    let generation: Option<i64> = conn
        .query_row("SELECT generation FROM hc_articles WHERE locale = ?1 AND id = ?2", params![locale, a.id], |r| {
            r.get(0)
        })
        .optional()?;
    write_article(conn, locale, a, generation.unwrap_or(0), generation.is_some())
}

// --- cache budget ----------------------------------------------------------------------

pub(super) struct Usage {
    pub articles: i64,
    pub bodies_cached: i64,
    pub body_bytes: i64,
}

pub(super) fn usage(conn: &Connection) -> Result<Usage> {
    Ok(conn.query_row(
        "SELECT COUNT(*), COUNT(body), COALESCE(SUM(CASE WHEN body IS NULL THEN 0 ELSE body_size END), 0) FROM hc_articles",
        [],
        |r| Ok(Usage { articles: r.get(0)?, bodies_cached: r.get(1)?, body_bytes: r.get(2)? }),
    )?)
}

/// Drops the least recently read bodies until the kept ones fit `budget` bytes. Titles stay,
/// and so does their index entry, so a dropped article is still found by search.
pub(super) fn enforce_budget(conn: &Connection, budget: u64) -> Result<u32> {
    let mut over = usage(conn)?.body_bytes.saturating_sub(i64::try_from(budget).unwrap_or(i64::MAX));
    if over <= 0 {
        return Ok(0);
    }
    let mut victims = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT rowid, body_size, title, label_names FROM hc_articles WHERE body IS NOT NULL
             ORDER BY last_read_ms, updated_at, rowid",
        )?;
        let mut rows = stmt.query([])?;
        while over > 0 {
            let Some(row) = rows.next()? else { break };
            let (rowid, size, title, labels): (i64, i64, String, String) =
                (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
            over -= size;
            victims.push((rowid, title, serde_json::from_str::<Vec<String>>(&labels).unwrap_or_default().join(" ")));
        }
    }
    for (rowid, title, labels) in &victims {
        conn.prepare_cached("UPDATE hc_articles SET body = NULL WHERE rowid = ?1")?.execute([rowid])?;
        conn.prepare_cached("DELETE FROM hc_articles_fts WHERE rowid = ?1")?.execute([rowid])?;
        conn.prepare_cached("INSERT INTO hc_articles_fts(rowid, title, labels, body) VALUES (?1, ?2, ?3, '')")?
            .execute(params![rowid, title, labels])?;
    }
    Ok(victims.len() as u32)
}

// --- attachments -----------------------------------------------------------------------

pub(super) fn replace_attachments(
    conn: &Connection,
    locale: &str,
    article_id: u64,
    attachments: &[wire::ArticleAttachment],
) -> Result<()> {
    conn.execute("DELETE FROM hc_attachments WHERE locale = ?1 AND article_id = ?2", params![locale, article_id])?;
    let mut insert = conn.prepare_cached(
        "INSERT OR REPLACE INTO hc_attachments(id, locale, article_id, file_name, content_url, content_type, size, inline)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for a in attachments {
        insert.execute(params![
            a.id,
            locale,
            article_id,
            a.file_name,
            a.content_url,
            a.content_type,
            a.size,
            a.inline
        ])?;
    }
    Ok(())
}

pub(super) fn attachments(conn: &Connection, locale: &str, article_id: u64) -> Result<Vec<ArticleAttachment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, file_name, content_url, content_type, size, inline FROM hc_attachments
         WHERE locale = ?1 AND article_id = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![locale, article_id], |r| {
        Ok(ArticleAttachment {
            id: r.get(0)?,
            file_name: r.get(1)?,
            content_url: r.get(2)?,
            content_type: r.get(3)?,
            size: r.get(4)?,
            inline: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// --- sync positions --------------------------------------------------------------------

/// Where a locale's sync stands: `start_time` is `None` until a full sync completed.
pub(super) struct SyncState {
    pub start_time: Option<i64>,
    pub generation: i64,
    pub structure_synced_ms: i64,
}

pub(super) fn sync_state(conn: &Connection, locale: &str) -> Result<SyncState> {
    Ok(conn
        .query_row("SELECT start_time, generation, structure_synced_ms FROM hc_sync WHERE locale = ?1", [locale], |r| {
            Ok(SyncState { start_time: r.get(0)?, generation: r.get(1)?, structure_synced_ms: r.get(2)? })
        })
        .optional()?
        .unwrap_or(SyncState { start_time: None, generation: 0, structure_synced_ms: 0 }))
}

pub(super) fn save_sync_state(conn: &Connection, locale: &str, state: &SyncState) -> Result<()> {
    conn.execute(
        "INSERT INTO hc_sync(locale, start_time, generation, structure_synced_ms) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(locale) DO UPDATE SET start_time = excluded.start_time, generation = excluded.generation,
            structure_synced_ms = excluded.structure_synced_ms",
        params![locale, state.start_time, state.generation, state.structure_synced_ms],
    )?;
    Ok(())
}

/// The locale a completed full sync stored, preferring `candidates` in order.
pub(super) fn synced_locale(conn: &Connection, candidates: &[String]) -> Result<Option<String>> {
    for locale in candidates {
        if sync_state(conn, locale)?.start_time.is_some() {
            return Ok(Some(locale.clone()));
        }
    }
    Ok(None)
}

/// A locale whose help center is cached, whichever: the newest synced.
pub(super) fn any_synced_locale(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT locale FROM hc_sync WHERE start_time IS NOT NULL ORDER BY start_time DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

// --- votes -----------------------------------------------------------------------------

/// Records the user's vote and counts it in the cached totals at once (the helpdesk's
/// export does not resend an article when only its votes change).
pub(super) fn set_vote(conn: &Connection, article_id: u64, value: VoteValue) -> Result<()> {
    let (sum_delta, count_delta) = match vote(conn, article_id)? {
        None => (value.as_i64(), 1),
        Some(previous) if previous == value => (0, 0),
        Some(_) => (2 * value.as_i64(), 0),
    };
    conn.execute(
        "UPDATE hc_articles SET vote_sum = vote_sum + ?2, vote_count = vote_count + ?3 WHERE id = ?1",
        params![article_id, sum_delta, count_delta],
    )?;
    conn.execute(
        "INSERT INTO hc_votes(article_id, value) VALUES (?1, ?2)
         ON CONFLICT(article_id) DO UPDATE SET value = excluded.value",
        params![article_id, value.as_i64()],
    )?;
    Ok(())
}

pub(super) fn vote(conn: &Connection, article_id: u64) -> Result<Option<VoteValue>> {
    let value: Option<i64> =
        conn.query_row("SELECT value FROM hc_votes WHERE article_id = ?1", [article_id], |r| r.get(0)).optional()?;
    Ok(value.and_then(VoteValue::from_i64))
}

pub(super) fn record_remote_vote(conn: &Connection, vote: &wire::Vote) -> Result<()> {
    conn.execute("UPDATE hc_votes SET remote_id = ?2 WHERE article_id = ?1", params![vote.item_id, vote.id])?;
    Ok(())
}
