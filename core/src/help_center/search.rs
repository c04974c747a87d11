//! Offline search over the device's FTS5 index, and the helpdesk's search with a fallback.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use helpline_protocol::{self as wire, paths};
use helpline_text::{Index, Language, Synonyms, Term};
use rusqlite::{Connection, params};

use super::HelpCenterCore;
use super::db;
use super::model::{ArticleSummary, SearchHit, SearchResults, SearchSource};
use crate::settings::Settings;
use crate::transport::ApiRequest;
use crate::{Error, Result};

/// At most this many words of a query are used: a pasted paragraph stays fast.
const MAX_QUERY_WORDS: usize = 32;
/// At most this many words of a ticket draft are searched for.
const MAX_KEYWORDS: usize = 24;
/// The device's index (see the store's migrations) and its vocabulary.
const INDEX: Index = Index { table: "hc_articles_fts", vocabulary: "hc_articles_vocab" };
/// Snippet markers no article text contains; replaced by `<em>` after HTML-escaping.
const MARK_OPEN: &str = "\u{1}";
const MARK_CLOSE: &str = "\u{2}";

/// How a query's words may match: the help center's language, and the helpdesk's synonyms
/// for it (from the settings in force).
pub(crate) struct Matching {
    language: Language,
    language_code: String,
    settings: Arc<Settings>,
}

impl Matching {
    /// For `locale` (`fr-ca`), with the synonyms of its language (`fr`) in `settings`.
    pub(crate) fn new(locale: &str, settings: Arc<Settings>) -> Self {
        let language_code = locale.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        Self { language: Language::of(locale), language_code, settings }
    }

    fn synonyms(&self) -> &Synonyms {
        static NONE: LazyLock<Synonyms> = LazyLock::new(Synonyms::new);
        self.settings.help_center.synonyms.get(&self.language_code).unwrap_or(&NONE)
    }

    fn terms(&self, words: &[String], typing: bool) -> Vec<Term> {
        let last = words.len().saturating_sub(1);
        let synonyms = self.synonyms();
        words.iter().enumerate().map(|(i, w)| Term::new(&self.language, w, typing && i == last, synonyms)).collect()
    }
}

/// Ranked by bm25 (title, then labels, above the body), best first. Every word must match,
/// as itself, an inflection or a synonym, the last one as a prefix (the user may still be
/// typing); when that finds nothing, any word may; when that finds nothing either, misspelt
/// words (found nowhere in the index) are replaced by the closest indexed word.
pub(crate) fn offline(
    conn: &Connection,
    locale: &str,
    query: &str,
    limit: u32,
    matching: &Matching,
) -> Result<Vec<SearchHit>> {
    let words = query_words(query, matching)?;
    let terms = matching.terms(&words, true);
    let found = run(conn, locale, &Term::all(&terms).unwrap_or_default(), limit, Tiers::TitleFirst)?;
    if !found.is_empty() {
        return Ok(hits(found));
    }
    if words.len() > 1 {
        let found = run(conn, locale, &Term::any(&terms).unwrap_or_default(), limit, Tiers::One)?;
        if !found.is_empty() {
            return Ok(hits(found));
        }
    }
    let Some(corrected) = INDEX.spelled(conn, &words)? else { return Ok(Vec::new()) };
    let terms = matching.terms(&corrected, false);
    let mut found = run(conn, locale, &Term::all(&terms).unwrap_or_default(), limit, Tiers::TitleFirst)?;
    if found.is_empty() && corrected.len() > 1 {
        found = run(conn, locale, &Term::any(&terms).unwrap_or_default(), limit, Tiers::One)?;
    }
    Ok(hits(found))
}

/// The best articles for a ticket draft, to show before it is sent: offline, any keyword,
/// and only those that cover enough of what the draft says (see `relevance`): no suggestion
/// beats a wrong one.
pub(super) fn suggestions(
    conn: &Connection,
    locale: &str,
    subject: &str,
    description: &str,
    limit: u32,
    matching: &Matching,
) -> Result<Vec<SearchHit>> {
    let keywords = matching.language.keywords(&format!("{subject} {description}"), MAX_KEYWORDS);
    // A misspelt word would count against every article: the closest indexed one stands in.
    let keywords = INDEX.spelled(conn, &keywords)?.unwrap_or(keywords);
    let terms = matching.terms(&keywords, false);
    let Some(query) = Term::any(&terms) else { return Ok(Vec::new()) };
    // More candidates than shown: some fall under the floor.
    let candidates = run(conn, locale, &query, limit.saturating_mul(3).max(10), Tiers::One)?;
    let rowids: Vec<i64> = candidates.iter().map(|h| h.rowid).collect();
    let kept = INDEX.above_floor(conn, &terms, &rowids)?;
    Ok(candidates.into_iter().filter(|h| kept.contains(&h.rowid)).take(limit as usize).map(|h| h.hit).collect())
}

/// The FTS5 query an offline search runs first, for benchmarks that time the same SQL without
/// the SDK (see `helpline_core::bench_support`).
pub fn strict_fts_query(query: &str, locale: &str) -> Result<String> {
    let matching = Matching::new(locale, Arc::new(Settings::default()));
    Ok(Term::all(&matching.terms(&query_words(query, &matching)?, true)).unwrap_or_default())
}

/// The words to search for (stop words go when others remain).
fn query_words(query: &str, matching: &Matching) -> Result<Vec<String>> {
    let words = matching.language.query_words(query, MAX_QUERY_WORDS);
    if words.is_empty() {
        return Err(Error::validation("query", "must contain at least one letter or digit"));
    }
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

/// A hit and its row in the index.
struct Found {
    rowid: i64,
    hit: SearchHit,
}

fn hits(found: Vec<Found>) -> Vec<SearchHit> {
    found.into_iter().map(|f| f.hit).collect()
}

fn run(conn: &Connection, locale: &str, fts_query: &str, limit: u32, tiers: Tiers) -> Result<Vec<Found>> {
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
    Ok(ranked.iter().filter_map(|rowid| page.remove(rowid).map(|hit| Found { rowid: *rowid, hit })).collect())
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
pub(super) async fn online(
    hc: &HelpCenterCore,
    locale: &str,
    query: &str,
    limit: u32,
    matching: &Matching,
) -> Result<SearchResults> {
    let words = query_words(query, matching)?;
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
            let hits = hc.store.read(|c| offline(c, locale, query, limit, matching))?;
            Ok(SearchResults { hits, source: SearchSource::Offline, fallback_reason: Some(e.to_string()) })
        }
    }
}

fn online_hit(conn: &Connection, locale: &str, result: wire::SearchResult) -> Result<SearchHit> {
    let a = result.article;
    let body_cached = db::article(conn, locale, a.id)?.is_some_and(|stored| stored.body.is_some());
    Ok(SearchHit {
        article: ArticleSummary {
            id: a.id as i64,
            section_id: a.section_id as i64,
            title: a.title,
            promoted: a.promoted,
            vote_sum: a.vote_sum,
            vote_count: a.vote_count,
            updated_at: crate::clock::time_of(&a.updated_at),
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
