//! Writing the help center, shared by the seed, the generator and agent authoring: every
//! article translation written here is indexed for search in the same transaction.

use rusqlite::{Connection, OptionalExtension, params};

use super::fts;
use super::text::strip_html;

/// The id of the row of `table` (`hc_categories`, `hc_sections`, `hc_articles`) seeded as `key`.
pub(crate) fn seeded_id(conn: &Connection, table: &str, key: &str) -> rusqlite::Result<Option<i64>> {
    let sql = format!("SELECT id FROM {table} WHERE seed_key = ?1");
    conn.prepare_cached(&sql)?.query_row(params![key], |r| r.get(0)).optional()
}

pub(crate) fn insert_category(
    conn: &Connection,
    seed_key: Option<&str>,
    position: i64,
    created_at: i64,
) -> rusqlite::Result<i64> {
    conn.prepare_cached("INSERT INTO hc_categories (seed_key, position, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![seed_key, position, created_at])?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn put_category_translation(
    conn: &Connection,
    id: i64,
    locale: &str,
    name: &str,
    description: &str,
    updated_at: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO hc_category_translations (category_id, locale, name, description, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, locale, name, description, updated_at])?;
    Ok(())
}

pub(crate) fn insert_section(
    conn: &Connection,
    category_id: i64,
    seed_key: Option<&str>,
    position: i64,
    created_at: i64,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO hc_sections (category_id, seed_key, position, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![category_id, seed_key, position, created_at])?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn put_section_translation(
    conn: &Connection,
    id: i64,
    locale: &str,
    name: &str,
    description: &str,
    updated_at: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO hc_section_translations (section_id, locale, name, description, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, locale, name, description, updated_at])?;
    Ok(())
}

/// The locale-independent part of an article.
pub(crate) struct NewArticle<'a> {
    pub section_id: i64,
    pub author_id: Option<i64>,
    pub position: i64,
    pub promoted: bool,
    pub label_names: &'a [String],
    pub seed_key: Option<&'a str>,
    pub created_at: i64,
}

pub(crate) fn insert_article(conn: &Connection, a: &NewArticle<'_>) -> rusqlite::Result<i64> {
    let labels = serde_json::to_string(a.label_names).unwrap_or_else(|_| "[]".into());
    conn.prepare_cached(
        "INSERT INTO hc_articles (section_id, author_id, position, promoted, label_names, seed_key, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![a.section_id, a.author_id, a.position, a.promoted, labels, a.seed_key, a.created_at])?;
    Ok(conn.last_insert_rowid())
}

/// One locale's text of an article.
pub(crate) struct NewTranslation<'a> {
    pub locale: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    /// The body's text for the search index, if the caller has it; else the HTML is stripped.
    pub body_text: Option<&'a str>,
    pub draft: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub edited_at: Option<i64>,
}

/// Adds a translation and indexes it; returns the translation's id.
pub(crate) fn insert_translation(conn: &Connection, article_id: i64, t: &NewTranslation<'_>) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO hc_article_translations (article_id, locale, title, body, draft, created_at, updated_at, edited_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![article_id, t.locale, t.title, t.body, t.draft, t.created_at, t.updated_at, t.edited_at])?;
    let id = conn.last_insert_rowid();
    match t.body_text {
        Some(text) => fts::index(conn, id, t.title, text)?,
        None => fts::index(conn, id, t.title, &strip_html(t.body))?,
    }
    Ok(id)
}

pub(crate) fn insert_attachment(
    conn: &Connection,
    article_id: i64,
    file_name: &str,
    content_type: &str,
    size: u64,
    inline: bool,
    created_at: i64,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO hc_article_attachments (article_id, file_name, content_type, size, inline, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![article_id, file_name, content_type, size as i64, inline, created_at])?;
    Ok(conn.last_insert_rowid())
}

/// Archives a live article: gone from reads and search, a tombstone per translation for the
/// incremental export. `false` if there was no live article with this id.
pub(crate) fn archive(conn: &Connection, article_id: i64, now: i64) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        "UPDATE hc_articles SET archived_at = ?2 WHERE id = ?1 AND archived_at IS NULL",
        params![article_id, now],
    )?;
    if changed == 0 {
        return Ok(false);
    }
    let translations: Vec<(i64, String)> = conn
        .prepare("SELECT id, locale FROM hc_article_translations WHERE article_id = ?1")?
        .query_map(params![article_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (translation_id, locale) in translations {
        fts::unindex(conn, translation_id)?;
        conn.execute(
            "INSERT OR REPLACE INTO hc_article_tombstones (article_id, locale, deleted_at) VALUES (?1, ?2, ?3)",
            params![article_id, locale, now],
        )?;
    }
    Ok(true)
}
