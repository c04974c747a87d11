//! The FTS5 index of article translations (`hc_article_fts`, rowid = translation id) and the
//! one place that writes FTS5 query syntax: user input only ever reaches FTS5 as quoted
//! prefix terms, so no character a user types can make a query fail.

use rusqlite::{Connection, params};

use super::text::escape_html;

/// bm25 weights of the `title` and `body` columns: a word in the title counts 5 times more.
pub(crate) const BM25_WEIGHTS: (f64, f64) = (5.0, 1.0);
/// Marks snippet() puts around matches; control characters never found in article text, so
/// the snippet can be HTML-escaped before they become `<em>` and `</em>`.
pub(crate) const MARK_OPEN: &str = "\u{2}";
pub(crate) const MARK_CLOSE: &str = "\u{3}";

const MAX_TERMS: usize = 16;
const MAX_TERM_CHARS: usize = 64;

/// (Re)indexes one translation: its title, and its body's text (see `text::strip_html`).
pub(crate) fn index(conn: &Connection, translation_id: i64, title: &str, body_text: &str) -> rusqlite::Result<()> {
    unindex(conn, translation_id)?;
    conn.prepare_cached("INSERT INTO hc_article_fts (rowid, title, body) VALUES (?1, ?2, ?3)")?.execute(params![
        translation_id,
        title,
        body_text
    ])?;
    Ok(())
}

pub(crate) fn unindex(conn: &Connection, translation_id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM hc_article_fts WHERE rowid = ?1")?.execute(params![translation_id])?;
    Ok(())
}

/// The FTS5 expressions for what a user typed: every word as a prefix, all of them first
/// (`all`), any of them if that finds nothing (`any`, only with several words).
#[derive(Debug, PartialEq)]
pub(crate) struct MatchQuery {
    pub all: String,
    pub any: Option<String>,
}

/// `None` when the input holds no word at all (only punctuation or spaces).
pub(crate) fn match_query(input: &str) -> Option<MatchQuery> {
    let terms: Vec<String> = input
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .take(MAX_TERMS)
        // Words only hold letters, digits and marks, so the quotes need no escaping.
        .map(|w| format!("\"{}\"*", w.chars().take(MAX_TERM_CHARS).collect::<String>()))
        .collect();
    if terms.is_empty() {
        return None;
    }
    let any = (terms.len() > 1).then(|| terms.join(" OR "));
    Some(MatchQuery { all: terms.join(" "), any })
}

/// A snippet with its marks, as safe HTML whose matches are inside `<em>`.
pub(crate) fn render_snippet(marked: &str) -> String {
    escape_html(marked).replace(MARK_OPEN, "<em>").replace(MARK_CLOSE, "</em>")
}

/// Letters, digits, and combining marks (so a decomposed "é" stays inside its word).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_input_becomes_quoted_prefixes() {
        let q = match_query("reset my pass-word").unwrap();
        assert_eq!(q.all, r#""reset"* "my"* "pass"* "word"*"#);
        assert_eq!(q.any.as_deref(), Some(r#""reset"* OR "my"* OR "pass"* OR "word"*"#));
        assert_eq!(match_query("résolu").unwrap(), MatchQuery { all: "\"résolu\"*".into(), any: None });
        assert_eq!(match_query("AND (").unwrap().all, "\"AND\"*");
        for nothing in ["", "  ", "\"", "()*:^-+", "\"\""] {
            assert_eq!(match_query(nothing), None, "{nothing:?}");
        }
        assert_eq!(match_query(&"w ".repeat(100)).unwrap().all.matches('*').count(), MAX_TERMS);
    }

    #[test]
    fn every_expression_is_valid_fts5() {
        let conn = Connection::open_in_memory().unwrap();
        let schema =
            "CREATE VIRTUAL TABLE hc_article_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')";
        conn.execute_batch(schema).unwrap();
        index(&conn, 1, "Ticket résolu", "Votre ticket est résolu").unwrap();
        let hostile =
            ["\"", "AND (", "NEAR(a b", "title:x", "^start", "a*b", "x' OR 1=1 --", "e\u{301}te", "{title}: a", "NOT"];
        for input in hostile {
            if let Some(q) = match_query(input) {
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
                [match_query("resolu").unwrap().all],
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
