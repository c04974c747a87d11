//! Reading the help center: categories, sections and article translations as stored, and
//! their wire form. Archived articles are never read here; drafts are, callers decide.

use helpline_protocol::{Article, Category, Section};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::errors::ApiError;
use crate::pagination::SortKey;
use crate::time::rfc3339;

/// The page a browser opens for a record: `<base>/hc/<locale>/<kind>/<id>`, like Zendesk.
pub(crate) fn html_url(base_url: &str, locale: &str, kind: &str, id: i64) -> String {
    format!("{base_url}/hc/{locale}/{kind}/{id}")
}

pub(crate) struct CategoryRow {
    pub id: i64,
    pub locale: String,
    pub name: String,
    pub description: String,
    pub position: i64,
    pub updated_at: i64,
}

impl CategoryRow {
    pub(crate) fn to_wire(&self, base_url: &str) -> Category {
        Category {
            id: self.id as u64,
            name: self.name.clone(),
            description: self.description.clone(),
            locale: self.locale.clone(),
            position: self.position,
            updated_at: rfc3339(self.updated_at),
            html_url: html_url(base_url, &self.locale, "categories", self.id),
        }
    }
}

/// Every category translated into `locale`.
pub(crate) fn categories(conn: &Connection, locale: &str) -> Result<Vec<CategoryRow>, ApiError> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, t.locale, t.name, t.description, c.position, t.updated_at
         FROM hc_category_translations t JOIN hc_categories c ON c.id = t.category_id WHERE t.locale = ?1",
    )?;
    let rows = stmt.query_map(params![locale], |r| {
        Ok(CategoryRow {
            id: r.get(0)?,
            locale: r.get(1)?,
            name: r.get(2)?,
            description: r.get(3)?,
            position: r.get(4)?,
            updated_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn category_exists(conn: &Connection, id: i64, locale: &str) -> Result<bool, ApiError> {
    let sql = "SELECT 1 FROM hc_category_translations WHERE category_id = ?1 AND locale = ?2";
    Ok(conn.query_row(sql, params![id, locale], |_| Ok(())).optional()?.is_some())
}

pub(crate) struct SectionRow {
    pub id: i64,
    pub locale: String,
    pub name: String,
    pub description: String,
    pub position: i64,
    pub updated_at: i64,
    pub category_id: i64,
    pub parent_section_id: Option<i64>,
}

impl SectionRow {
    pub(crate) fn to_wire(&self, base_url: &str) -> Section {
        Section {
            id: self.id as u64,
            name: self.name.clone(),
            description: self.description.clone(),
            locale: self.locale.clone(),
            position: self.position,
            updated_at: rfc3339(self.updated_at),
            html_url: html_url(base_url, &self.locale, "sections", self.id),
            category_id: self.category_id as u64,
            parent_section_id: self.parent_section_id.map(|id| id as u64),
        }
    }
}

/// Every section translated into `locale`, or only those of one category.
pub(crate) fn sections(conn: &Connection, locale: &str, category_id: Option<i64>) -> Result<Vec<SectionRow>, ApiError> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, t.locale, t.name, t.description, s.position, t.updated_at, s.category_id, s.parent_section_id
         FROM hc_section_translations t JOIN hc_sections s ON s.id = t.section_id
         WHERE t.locale = ?1 AND (?2 IS NULL OR s.category_id = ?2)",
    )?;
    let rows = stmt.query_map(params![locale, category_id], |r| {
        Ok(SectionRow {
            id: r.get(0)?,
            locale: r.get(1)?,
            name: r.get(2)?,
            description: r.get(3)?,
            position: r.get(4)?,
            updated_at: r.get(5)?,
            category_id: r.get(6)?,
            parent_section_id: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Whether the section exists; with `locale`, whether it is translated into it.
pub(crate) fn section_exists(conn: &Connection, id: i64, locale: Option<&str>) -> Result<bool, ApiError> {
    let sql = "SELECT 1 FROM hc_sections s WHERE s.id = ?1 AND (?2 IS NULL OR EXISTS
               (SELECT 1 FROM hc_section_translations t WHERE t.section_id = s.id AND t.locale = ?2))";
    Ok(conn.query_row(sql, params![id, locale], |_| Ok(())).optional()?.is_some())
}

/// One article translation with its article's fields and live vote totals.
#[derive(Debug, Clone)]
pub(crate) struct ArticleRow {
    pub id: i64,
    pub locale: String,
    pub title: String,
    pub body: String,
    pub section_id: i64,
    pub author_id: Option<i64>,
    pub position: i64,
    pub promoted: bool,
    pub draft: bool,
    pub vote_sum: i64,
    pub vote_count: i64,
    pub label_names: Vec<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub edited_at: Option<i64>,
    pub outdated: bool,
}

/// Columns read by [`ArticleRow::from_row`], over `ARTICLE_FROM` (`t` translation, `a` article).
/// Vote totals are computed, not stored, so they can never drift from the votes.
pub(crate) const ARTICLE_COLUMNS: &str = "a.id, t.locale, t.title, t.body, a.section_id, a.author_id, a.position, \
    a.promoted, t.draft, (SELECT COALESCE(SUM(v.value), 0) FROM hc_votes v WHERE v.article_id = a.id), \
    (SELECT COUNT(*) FROM hc_votes v WHERE v.article_id = a.id), a.label_names, t.created_at, t.updated_at, \
    t.edited_at, t.outdated";
pub(crate) const ARTICLE_COLUMN_COUNT: usize = 16;
pub(crate) const ARTICLE_FROM: &str =
    "hc_article_translations t JOIN hc_articles a ON a.id = t.article_id AND a.archived_at IS NULL";

impl ArticleRow {
    pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        let labels: String = r.get(11)?;
        Ok(ArticleRow {
            id: r.get(0)?,
            locale: r.get(1)?,
            title: r.get(2)?,
            body: r.get(3)?,
            section_id: r.get(4)?,
            author_id: r.get(5)?,
            position: r.get(6)?,
            promoted: r.get(7)?,
            draft: r.get(8)?,
            vote_sum: r.get(9)?,
            vote_count: r.get(10)?,
            label_names: serde_json::from_str(&labels).unwrap_or_default(),
            created_at: r.get(12)?,
            updated_at: r.get(13)?,
            edited_at: r.get(14)?,
            outdated: r.get(15)?,
        })
    }

    pub(crate) fn to_wire(&self, base_url: &str) -> Article {
        Article {
            id: self.id as u64,
            title: self.title.clone(),
            body: self.body.clone(),
            locale: self.locale.clone(),
            section_id: self.section_id as u64,
            author_id: self.author_id.map(|id| id as u64),
            position: self.position,
            promoted: self.promoted,
            draft: self.draft,
            vote_sum: self.vote_sum,
            vote_count: self.vote_count,
            label_names: self.label_names.clone(),
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
            edited_at: self.edited_at.map(rfc3339),
            html_url: html_url(base_url, &self.locale, "articles", self.id),
            outdated: self.outdated,
            attachments: None,
        }
    }
}

/// The `locale` translation of a live (not archived) article, draft or not.
pub(crate) fn article(conn: &Connection, id: i64, locale: &str) -> Result<Option<ArticleRow>, ApiError> {
    let sql = format!("SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE t.article_id = ?1 AND t.locale = ?2");
    Ok(conn.prepare_cached(&sql)?.query_row(params![id, locale], ArticleRow::from_row).optional()?)
}

/// The same, only if end users may see it (published).
pub(crate) fn published_article(conn: &Connection, id: i64, locale: &str) -> Result<Option<ArticleRow>, ApiError> {
    Ok(article(conn, id, locale)?.filter(|a| !a.draft))
}

/// What article lists sort by (Zendesk's `sort_by`), ties broken by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArticleOrder {
    Position,
    CreatedAt,
    UpdatedAt,
}

impl ArticleOrder {
    fn column(self) -> &'static str {
        match self {
            ArticleOrder::Position => "a.position",
            ArticleOrder::CreatedAt => "t.created_at",
            ArticleOrder::UpdatedAt => "t.updated_at",
        }
    }
}

/// Sort keys (value, id) of the published articles in `locale` (of one section, if given):
/// cheap to page through, the page's rows are then read one by one.
pub(crate) fn published_article_keys(
    conn: &Connection,
    locale: &str,
    section_id: Option<i64>,
    order: ArticleOrder,
) -> Result<Vec<SortKey>, ApiError> {
    let sql = format!(
        "SELECT {}, a.id FROM {ARTICLE_FROM} WHERE t.locale = ?1 AND t.draft = 0 AND (?2 IS NULL OR a.section_id = ?2)",
        order.column()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![locale, section_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
