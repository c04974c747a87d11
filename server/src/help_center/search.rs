//! `GET /api/v2/help_center/articles/search.json?query=...[&locale=...]`: full-text search of
//! the published articles of one locale (FTS5, accents folded, each word with its inflections
//! and the app's synonyms, see `fts`), ranked by bm25 with the title and labels above the
//! body, offset pages. All the words must match; if no article has them all, any of them
//! will do; if none matches, misspelt words are replaced by the closest indexed ones.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use helpline_protocol::{ArticleRef, SearchResult, SearchResultsPage, paths};
use rusqlite::{Connection, params};

use super::DEFAULT_PAGE_SIZE;
use super::fts::{BM25_WEIGHTS, INDEX, MARK_CLOSE, MARK_OPEN, match_keywords, match_query, render_snippet};
use super::locale::locale_param;
use super::rows::{ARTICLE_COLUMN_COUNT, ARTICLE_COLUMNS, ARTICLE_FROM, ArticleRow, html_url};
use crate::errors::ApiError;
use crate::pagination::{LinkBase, offset_from_query, offset_pagination};
use crate::query::QueryParams;
use crate::settings;
use crate::state::AppState;

/// Words of context a snippet shows around the matches.
const SNIPPET_TOKENS: u32 = 24;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route(paths::ARTICLE_SEARCH, get(search))
}

async fn search(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: QueryParams,
) -> Result<Json<SearchResultsPage>, ApiError> {
    let text = query.get("query").unwrap_or_default().to_owned();
    if text.trim().is_empty() {
        return Err(ApiError::invalid("query", "BlankValue", "Query: cannot be blank"));
    }
    let locale = locale_param(query.get("locale"))?;
    let (page, per_page) = offset_from_query(&query, DEFAULT_PAGE_SIZE)?;
    let offset = (page - 1).saturating_mul(per_page);
    let app_id = settings::requesting_app(&headers);

    let (total, found) = state
        .db
        .call(move |conn| {
            let synonyms = settings::synonyms(conn, app_id.as_deref(), locale)?;
            let Some(expressions) = match_query(&text, locale, &synonyms, true) else {
                return Err(ApiError::invalid("query", "InvalidValue", "Query: has no word to search for"));
            };
            let mut expr = expressions.all;
            let mut total = count(conn, &expr, locale)?;
            if let (0, Some(any)) = (total, expressions.any) {
                total = count(conn, &any, locale)?;
                expr = any;
            }
            if total == 0
                && let Some(corrected) = INDEX.spelled(conn, &expressions.words)?
                && let Some(spelled) = match_query(&corrected.join(" "), locale, &synonyms, false)
            {
                total = count(conn, &spelled.all, locale)?;
                expr = spelled.all;
                if let (0, Some(any)) = (total, spelled.any) {
                    total = count(conn, &any, locale)?;
                    expr = any;
                }
            }
            let sql = format!(
                "SELECT {ARTICLE_COLUMNS}, snippet(hc_article_fts, -1, ?5, ?6, '…', {SNIPPET_TOKENS})
                 FROM hc_article_fts JOIN {ARTICLE_FROM}
                 WHERE hc_article_fts MATCH ?1 AND t.id = hc_article_fts.rowid AND t.locale = ?2 AND t.draft = 0
                 ORDER BY bm25(hc_article_fts, {}, {}, {}), a.id LIMIT ?3 OFFSET ?4",
                BM25_WEIGHTS.0, BM25_WEIGHTS.1, BM25_WEIGHTS.2
            );
            let offset = i64::try_from(offset).unwrap_or(i64::MAX);
            let found = conn
                .prepare_cached(&sql)?
                .query_map(params![expr, locale, per_page as i64, offset, MARK_OPEN, MARK_CLOSE], |r| {
                    Ok((ArticleRow::from_row(r)?, r.get::<_, String>(ARTICLE_COLUMN_COUNT)?))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok((total, found))
        })
        .await?;

    let links = LinkBase { base_url: &state.base_url, path: paths::ARTICLE_SEARCH, query: &query };
    let pagination = offset_pagination(page, per_page, total, &links);
    let results = found
        .into_iter()
        .map(|(row, snippet)| SearchResult {
            article: row.to_wire(&state.base_url),
            snippet: render_snippet(&snippet),
            result_type: "article".into(),
        })
        .collect();
    Ok(Json(SearchResultsPage { results, pagination }))
}

fn count(conn: &Connection, expr: &str, locale: &str) -> Result<usize, ApiError> {
    let sql = format!(
        "SELECT count(*) FROM hc_article_fts JOIN {ARTICLE_FROM}
         WHERE hc_article_fts MATCH ?1 AND t.id = hc_article_fts.rowid AND t.locale = ?2 AND t.draft = 0"
    );
    let n: i64 = conn.prepare_cached(&sql)?.query_row(params![expr, locale], |r| r.get(0))?;
    Ok(n.max(0) as usize)
}

/// The `limit` best published `locale` articles for a chat message, as references (id,
/// title, page): its keywords all in an article first, else any of them; either way only the
/// articles that cover enough of the message (the relevance floor, see `helpline-text`): the
/// bot says nothing rather than suggest noise.
pub(crate) fn best_matches(
    conn: &Connection,
    base_url: &str,
    text: &str,
    locale: &str,
    synonyms: &helpline_text::Synonyms,
    limit: usize,
) -> Result<Vec<ArticleRef>, ApiError> {
    let Some(expressions) = match_keywords(conn, text, locale, synonyms)? else { return Ok(vec![]) };
    let sql = format!(
        "SELECT a.id, t.title, hc_article_fts.rowid FROM hc_article_fts JOIN {ARTICLE_FROM}
         WHERE hc_article_fts MATCH ?1 AND t.id = hc_article_fts.rowid AND t.locale = ?2 AND t.draft = 0
         ORDER BY bm25(hc_article_fts, {}, {}, {}), a.id LIMIT ?3",
        BM25_WEIGHTS.0, BM25_WEIGHTS.1, BM25_WEIGHTS.2
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut run = |expr: &str, limit: usize| -> Result<Vec<(i64, String, i64)>, ApiError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        Ok(stmt
            .query_map(params![expr, locale, limit], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<Vec<_>, _>>()?)
    };
    // All the keywords first; else any of them, with more candidates (some fall under the floor).
    let mut candidates = run(&expressions.all, limit)?;
    if candidates.is_empty()
        && let Some(any) = &expressions.any
    {
        candidates = run(any, limit.saturating_mul(3).max(10))?;
    }
    let rowids: Vec<i64> = candidates.iter().map(|(_, _, rowid)| *rowid).collect();
    let kept = INDEX.above_floor(conn, &expressions.terms, &rowids)?;
    let found: Vec<_> = candidates.into_iter().filter(|(_, _, rowid)| kept.contains(rowid)).take(limit).collect();
    Ok(found
        .into_iter()
        .map(|(id, title, _)| ArticleRef { id: id as u64, title, html_url: html_url(base_url, locale, "articles", id) })
        .collect())
}
