//! The FTS5 index of article translations (`hc_article_fts`: title, labels, body; rowid =
//! translation id) and the one place that writes FTS5 query syntax. Queries are built by
//! `helpline-text`, as the SDK's offline index builds them: quoted words with their
//! inflections and synonyms, so no character a user types can make a query fail.

use helpline_text::{Index, Language, Synonyms, Term};
use rusqlite::{Connection, params};

use super::text::{escape_html, strip_html};

/// bm25 weights of the `title`, `labels` and `body` columns: a word in the title counts 5
/// times more than in the body, in a label 4 times.
pub(crate) const BM25_WEIGHTS: (f64, f64, f64) = (5.0, 4.0, 1.0);
/// Marks snippet() puts around matches; control characters never found in article text, so
/// the snippet can be HTML-escaped before they become `<em>` and `</em>`.
pub(crate) const MARK_OPEN: &str = "\u{2}";
pub(crate) const MARK_CLOSE: &str = "\u{3}";
/// The index and its vocabulary (misspellings, the relevance floor).
pub(crate) const INDEX: Index = Index { table: "hc_article_fts", vocabulary: "hc_article_vocab" };

const MAX_TERMS: usize = 16;
const MAX_TERM_CHARS: usize = 64;

/// (Re)indexes one translation: its title, its article's labels, and its body's text (see
/// `text::strip_html`).
pub(crate) fn index(conn: &Connection, translation_id: i64, title: &str, body_text: &str) -> rusqlite::Result<()> {
    unindex(conn, translation_id)?;
    let labels: String = conn
        .prepare_cached(
            "SELECT COALESCE((SELECT group_concat(value, ' ') FROM json_each(a.label_names)), '')
             FROM hc_article_translations t JOIN hc_articles a ON a.id = t.article_id WHERE t.id = ?1",
        )?
        .query_row(params![translation_id], |r| r.get(0))?;
    conn.prepare_cached("INSERT INTO hc_article_fts (rowid, title, labels, body) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![translation_id, title, labels, body_text])?;
    Ok(())
}

/// Indexes every translation of an article again (its labels changed).
pub(crate) fn reindex_article(conn: &Connection, article_id: i64) -> rusqlite::Result<()> {
    let translations: Vec<(i64, String, String)> = conn
        .prepare_cached("SELECT id, title, body FROM hc_article_translations WHERE article_id = ?1")?
        .query_map(params![article_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, title, body) in translations {
        index(conn, id, &title, &strip_html(&body))?;
    }
    Ok(())
}

pub(crate) fn unindex(conn: &Connection, translation_id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM hc_article_fts WHERE rowid = ?1")?.execute(params![translation_id])?;
    Ok(())
}

/// What a user typed, as FTS5 expressions in `locale`'s language: every word (stop words
/// dropped when others remain) with its inflections and synonyms, all of them first (`all`),
/// any of them if that finds nothing (`any`, only with several words).
#[derive(Debug, PartialEq)]
pub(crate) struct MatchQuery {
    /// The words, folded (for misspellings).
    pub words: Vec<String>,
    pub terms: Vec<Term>,
    pub all: String,
    pub any: Option<String>,
}

/// `None` when the input holds no word at all (only punctuation or spaces). `typing`: the
/// last word may be cut short (a search box), so it matches as a prefix even when short.
pub(crate) fn match_query(input: &str, locale: &str, synonyms: &Synonyms, typing: bool) -> Option<MatchQuery> {
    let language = Language::of(locale);
    let words: Vec<String> =
        language.query_words(input, MAX_TERMS).into_iter().map(|w| w.chars().take(MAX_TERM_CHARS).collect()).collect();
    match_words(&language, words, synonyms, typing)
}

/// The same for a sentence (a chat message): its keywords only, a misspelt one replaced by
/// the closest indexed word (it would count against every article).
pub(crate) fn match_keywords(
    conn: &Connection,
    input: &str,
    locale: &str,
    synonyms: &Synonyms,
) -> rusqlite::Result<Option<MatchQuery>> {
    let language = Language::of(locale);
    let words: Vec<String> =
        language.keywords(input, MAX_TERMS).into_iter().map(|w| w.chars().take(MAX_TERM_CHARS).collect()).collect();
    let words = INDEX.spelled(conn, &words)?.unwrap_or(words);
    Ok(match_words(&language, words, synonyms, false))
}

fn match_words(language: &Language, words: Vec<String>, synonyms: &Synonyms, typing: bool) -> Option<MatchQuery> {
    let last = words.len().checked_sub(1)?;
    let terms: Vec<Term> =
        words.iter().enumerate().map(|(i, w)| Term::new(language, w, typing && i == last, synonyms)).collect();
    let all = Term::all(&terms)?;
    let any = (terms.len() > 1).then(|| Term::any(&terms)).flatten();
    Some(MatchQuery { words, terms, all, any })
}

/// A snippet with its marks, as safe HTML whose matches are inside `<em>`.
pub(crate) fn render_snippet(marked: &str) -> String {
    escape_html(marked).replace(MARK_OPEN, "<em>").replace(MARK_CLOSE, "</em>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(input: &str) -> Option<MatchQuery> {
        match_query(input, "en-us", &Synonyms::new(), true)
    }

    #[test]
    fn user_input_becomes_quoted_words_with_their_inflections() {
        let q = query("reset my pass-word").unwrap();
        assert_eq!(q.all, r#""reset"* AND "pass"* AND "word"*"#);
        assert_eq!(q.any.as_deref(), Some(r#""reset"* OR "pass"* OR "word"*"#));
        assert_eq!(query("invoices").unwrap().all, "\"invoic\"*");
        assert_eq!(match_query("résiliation", "fr", &Synonyms::new(), false).unwrap().all, "\"resili\"*");
        assert_eq!(query("AND (").unwrap().all, "\"and\"*");
        for nothing in ["", "  ", "\"", "()*:^-+", "\"\""] {
            assert_eq!(query(nothing), None, "{nothing:?}");
        }
        assert_eq!(query(&"word ".repeat(100)).unwrap().all.matches('*').count(), MAX_TERMS);
    }

    #[test]
    fn every_expression_is_valid_fts5() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE hc_article_fts USING fts5(title, labels, body, tokenize = 'unicode61 remove_diacritics 2');
             INSERT INTO hc_article_fts (rowid, title, labels, body) VALUES (1, 'Ticket résolu', '', 'Votre ticket est résolu');",
        )
        .unwrap();
        let hostile =
            ["\"", "AND (", "NEAR(a b", "title:x", "^start", "a*b", "x' OR 1=1 --", "e\u{301}te", "{title}: a", "NOT"];
        for input in hostile {
            if let Some(q) = query(input) {
                for expr in std::iter::once(&q.all).chain(q.any.as_ref()) {
                    let sql = "SELECT count(*) FROM hc_article_fts WHERE hc_article_fts MATCH ?1";
                    conn.query_row(sql, [expr], |r| r.get::<_, i64>(0))
                        .unwrap_or_else(|e| panic!("{input:?} -> {expr:?}: {e}"));
                }
            }
        }
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM hc_article_fts WHERE hc_article_fts MATCH ?1",
                [query("resolu").unwrap().all],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "accents fold both ways");
    }

    #[test]
    fn snippets_are_escaped_html() {
        assert_eq!(render_snippet("a <b> \u{2}word\u{3} & c"), "a &lt;b&gt; <em>word</em> &amp; c");
    }
}
