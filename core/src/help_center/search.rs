//! Offline search over the device's FTS5 index, and the helpdesk's search with a fallback.

use helpline_protocol::{self as wire, paths};
use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::HelpCenterCore;
use super::db;
use super::model::{ArticleSummary, SearchHit, SearchResults, SearchSource};
use super::text::{all_words_query, any_word_query, is_stop_word, keywords, words};
use crate::transport::ApiRequest;
use crate::{Error, Result};

/// At most this many words of a query are used: a pasted paragraph stays fast.
const MAX_QUERY_WORDS: usize = 32;
/// Snippet markers no article text contains; replaced by `<em>` after HTML-escaping.
const MARK_OPEN: &str = "\u{1}";
const MARK_CLOSE: &str = "\u{2}";

/// Ranked by bm25 (title weighted above body), best first. Every word must match, the last
/// one as a prefix; when that finds nothing, any word may match.
pub(crate) fn offline(conn: &Connection, locale: &str, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let words = query_words(query)?;
    let hits = run(conn, locale, &all_words_query(&words).unwrap_or_default(), limit, Tiers::TitleFirst)?;
    if !hits.is_empty() || words.len() < 2 {
        return Ok(hits);
    }
    run(conn, locale, &any_word_query(&words).unwrap_or_default(), limit, Tiers::One)
}

/// The best articles for a ticket draft, to show before it is sent: offline, any keyword.
pub(super) fn suggestions(
    conn: &Connection,
    locale: &str,
    subject: &str,
    description: &str,
    limit: u32,
) -> Result<Vec<SearchHit>> {
    let keywords = keywords(&format!("{subject} {description}"));
    let words: Vec<&str> = keywords.iter().map(String::as_str).collect();
    match any_word_query(&words) {
        Some(query) => run(conn, locale, &query, limit, Tiers::One),
        None => Ok(Vec::new()),
    }
}

/// The FTS5 query an offline search runs first, for benchmarks that time the same SQL without
/// the SDK (see `helpline_core::bench_support`).
pub fn strict_fts_query(query: &str) -> Result<String> {
    Ok(all_words_query(&query_words(query)?).unwrap_or_default())
}

/// The words to search for: stop words go when others remain (they match nearly every
/// article, so they rank nothing and only cost time).
fn query_words(query: &str) -> Result<Vec<&str>> {
    let mut words = words(query);
    if words.is_empty() {
        return Err(Error::validation("query", "must contain at least one letter or digit"));
    }
    if words.iter().any(|w| !is_stop_word(w)) {
        words.retain(|w| !is_stop_word(w));
    }
    words.truncate(MAX_QUERY_WORDS);
    Ok(words)
}

/// How a query's matches are ranked.
#[derive(Clone, Copy, PartialEq)]
enum Tiers {
    /// For a query needing every word: articles with every word in their title come first,
    /// ranked by bm25 on the title; the rest follow in bm25(10, 1) order over title and body.
    /// The title tier usually fills the page alone, and cheaply: ranking every article that
    /// mentions a common word is what makes a search slow, and it cannot beat a title match.
    TitleFirst,
    /// For any-word queries, where one common word in a title says little: bm25(10, 1) only.
    One,
}

fn run(conn: &Connection, locale: &str, fts_query: &str, limit: u32, tiers: Tiers) -> Result<Vec<SearchHit>> {
    let limit = limit as usize;
    let mut ranked = match tiers {
        Tiers::TitleFirst => ranked_rowids(conn, &format!("{{title}} : ({fts_query})"), limit)?,
        Tiers::One => Vec::new(),
    };
    if ranked.len() < limit {
        // The title hits rank high here too: ask for enough to fill the page without them.
        for rowid in ranked_rowids(conn, fts_query, limit + ranked.len())? {
            if ranked.len() < limit && !ranked.contains(&rowid) {
                ranked.push(rowid);
            }
        }
    }
    if ranked.is_empty() {
        return Ok(Vec::new());
    }
    let mut page = page(conn, locale, fts_query, &ranked)?;
    Ok(ranked.iter().filter_map(|rowid| page.remove(rowid)).collect())
}

/// The best `limit` matches, best first; FTS5 ranks by its configured `rank`, bm25(10, 1).
fn ranked_rowids(conn: &Connection, fts_query: &str, limit: usize) -> Result<Vec<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT rowid FROM hc_articles_fts WHERE hc_articles_fts MATCH ?1 ORDER BY rank LIMIT ?2")?;
    let rows = stmt.query_map(params![fts_query, limit as i64], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The hits of `rowids` with their highlighted snippets, in one pass over the matches: the
/// `+` keeps the rowid test out of FTS5's plan, which would otherwise run the query once per
/// rowid. The index holds one locale (a full sync of another one replaces it): the locale
/// test is a safeguard.
fn page(conn: &Connection, locale: &str, fts_query: &str, rowids: &[i64]) -> Result<HashMap<i64, SearchHit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.section_id, a.title, a.promoted, a.vote_sum, a.vote_count, a.updated_at, a.html_url,
                a.body IS NOT NULL, snippet(hc_articles_fts, -1, char(1), char(2), '…', 16), a.rowid
         FROM hc_articles_fts CROSS JOIN hc_articles a ON a.rowid = hc_articles_fts.rowid
         WHERE hc_articles_fts MATCH ?1 AND +hc_articles_fts.rowid IN (SELECT value FROM json_each(?2))
           AND a.locale = ?3",
    )?;
    let rowids = format!("[{}]", rowids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
    let rows = stmt.query_map(params![fts_query, rowids, locale], |r| {
        let hit = SearchHit {
            article: db::summary(r)?,
            snippet: highlight(&r.get::<_, String>(9)?),
            source: SearchSource::Offline,
        };
        Ok((r.get(10)?, hit))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// HTML-escapes the snippet text, then turns the match markers into `<em>`.
fn highlight(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out.replace(MARK_OPEN, "<em>").replace(MARK_CLOSE, "</em>")
}

/// The helpdesk's search; on any failure to get it (offline, timeout, 5xx, a malformed
/// answer, rate limiting), the offline index answers and says why.
pub(super) async fn online(hc: &HelpCenterCore, locale: &str, query: &str, limit: u32) -> Result<SearchResults> {
    let words = query_words(query)?;
    let mut url = hc.session.transport.url(paths::ARTICLE_SEARCH);
    url.query_pairs_mut()
        .append_pair("query", &words.join(" "))
        .append_pair("locale", locale)
        .append_pair("per_page", &limit.clamp(1, 100).to_string());
    match hc.session.call_public::<wire::SearchResultsPage>(&ApiRequest::get(url)).await {
        Ok(page) => {
            let hits = hc
                .store
                .read(|c| page.results.into_iter().take(limit as usize).map(|r| online_hit(c, locale, r)).collect())?;
            Ok(SearchResults { hits, source: SearchSource::Online, fallback_reason: None })
        }
        Err(e @ Error::Validation { .. }) => Err(e),
        Err(e) => {
            tracing::info!("online search failed ({e}); answering from the offline index");
            let hits = hc.store.read(|c| offline(c, locale, query, limit))?;
            Ok(SearchResults { hits, source: SearchSource::Offline, fallback_reason: Some(e.to_string()) })
        }
    }
}

fn online_hit(conn: &Connection, locale: &str, result: wire::SearchResult) -> Result<SearchHit> {
    let a = result.article;
    let body_cached = db::article(conn, locale, a.id)?.is_some_and(|stored| stored.body.is_some());
    Ok(SearchHit {
        article: ArticleSummary {
            id: a.id,
            section_id: a.section_id,
            title: a.title,
            promoted: a.promoted,
            vote_sum: a.vote_sum,
            vote_count: a.vote_count,
            updated_at: a.updated_at,
            html_url: a.html_url,
            body_cached,
        },
        snippet: super::sanitize::snippet(&result.snippet),
        source: SearchSource::Online,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_escaped_but_highlighted() {
        assert_eq!(highlight("a <b> & \u{1}word\u{2}"), "a &lt;b&gt; &amp; <em>word</em>");
    }
}
