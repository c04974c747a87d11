//! The SQL side of matching, over an FTS5 index whose columns are `title, labels, body` and
//! its `fts5vocab` table of indexed words: misspellings and the relevance floor. The SDK's
//! offline index and the reference helpdesk's each name theirs.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, params};

use crate::spelling::closest;
use crate::terms::Term;

/// The share of the weight of the query's strongest words a suggestion must cover (see
/// [`Index::above_floor`]).
const FLOOR: f64 = 0.35;
/// How many of the query's words judge a suggestion: its strongest (rarest) ones.
const STRONGEST_WORDS: usize = 3;
/// What a word found only in the body counts, against 1 in the title or labels.
const BODY_WEIGHT: f64 = 0.6;
/// Indexed words read when looking for the closest to a misspelt one (same first letter).
const MAX_VOCABULARY: i64 = 20_000;

/// An FTS5 table (`title, labels, body`) and its `fts5vocab` ('row') table. The names are the
/// caller's constants, never input.
#[derive(Debug, Clone, Copy)]
pub struct Index {
    pub table: &'static str,
    pub vocabulary: &'static str,
}

impl Index {
    /// Knowing when nothing fits: which `candidates` (rowids) say enough about the query to be
    /// suggested. A candidate needs one of the query's words in its title or labels, and to
    /// cover over a third of the weight of the query's three strongest words: each word weighs as much as
    /// it is rare in the index (bm25's idf), fully in the title or labels, a little less in the
    /// body; a word found in no article weighs as much as an average one, against every
    /// candidate. "Has my order shipped?" then suggests nothing in a help center that never
    /// speaks of shipping, while a long ticket description is judged by its strongest words.
    pub fn above_floor(&self, conn: &Connection, terms: &[Term], candidates: &[i64]) -> rusqlite::Result<HashSet<i64>> {
        if candidates.is_empty() || terms.is_empty() {
            return Ok(HashSet::new());
        }
        let table = self.table;
        let articles = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get::<_, i64>(0))? as f64;
        let rowids = format!("[{}]", candidates.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
        let mut covered: HashMap<i64, f64> = HashMap::new();
        let mut in_titles: HashSet<i64> = HashSet::new();
        let (mut weights, mut unknown) = (Vec::new(), 0usize);
        for term in terms {
            let expression = term.expression();
            let found = conn
                .prepare_cached(&format!("SELECT count(*) FROM {table} WHERE {table} MATCH ?1"))?
                .query_row([&expression], |r| r.get::<_, i64>(0))? as f64;
            if found == 0.0 {
                unknown += 1;
                continue;
            }
            let idf = ((articles - found + 0.5) / (found + 0.5) + 1.0).ln();
            weights.push(idf);
            let in_title = self.matching(conn, &format!("{{title labels}} : {expression}"), &rowids)?;
            for rowid in self.matching(conn, &expression, &rowids)? {
                let weight = if in_title.contains(&rowid) { 1.0 } else { BODY_WEIGHT };
                *covered.entry(rowid).or_default() += idf * weight;
            }
            in_titles.extend(in_title);
        }
        if weights.is_empty() {
            return Ok(HashSet::new());
        }
        let average = weights.iter().sum::<f64>() / weights.len() as f64;
        weights.extend(std::iter::repeat_n(average, unknown));
        weights.sort_by(|a, b| b.total_cmp(a));
        let strongest: f64 = weights.iter().take(STRONGEST_WORDS).sum();
        Ok(covered
            .into_iter()
            .filter(|(rowid, weight)| in_titles.contains(rowid) && *weight >= FLOOR * strongest)
            .map(|(rowid, _)| rowid)
            .collect())
    }

    /// Which of `rowids` (a JSON array) match `expression`.
    fn matching(&self, conn: &Connection, expression: &str, rowids: &str) -> rusqlite::Result<HashSet<i64>> {
        let table = self.table;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT rowid FROM {table} WHERE {table} MATCH ?1 AND +rowid IN (SELECT value FROM json_each(?2))"
        ))?;
        let rows = stmt.query_map(params![expression, rowids], |r| r.get(0))?;
        rows.collect()
    }

    /// The (folded) words with each one the index holds nowhere replaced by the closest
    /// indexed word of the same first letter; `None` when no word was replaced.
    pub fn spelled(&self, conn: &Connection, words: &[String]) -> rusqlite::Result<Option<Vec<String>>> {
        let vocabulary = self.vocabulary;
        let mut corrected = Vec::with_capacity(words.len());
        let mut changed = false;
        for word in words {
            let Some(first) = word.chars().next() else { continue };
            if self.holds(conn, word)? {
                corrected.push(word.clone());
                continue;
            }
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT term FROM {vocabulary} WHERE term >= ?1 AND term < ?1 || char(1114111) LIMIT ?2"
            ))?;
            let known: Vec<String> =
                stmt.query_map(params![first.to_string(), MAX_VOCABULARY], |r| r.get(0))?.collect::<Result<_, _>>()?;
            match closest(word, known.iter().map(String::as_str)) {
                Some(better) => {
                    corrected.push(better.to_owned());
                    changed = true;
                }
                None => corrected.push(word.clone()),
            }
        }
        Ok(changed.then_some(corrected))
    }

    /// Whether some indexed word starts with `word` (a range read of the vocabulary).
    fn holds(&self, conn: &Connection, word: &str) -> rusqlite::Result<bool> {
        let vocabulary = self.vocabulary;
        let sql = format!("SELECT 1 FROM {vocabulary} WHERE term >= ?1 AND term < ?1 || char(1114111) LIMIT 1");
        Ok(conn.prepare_cached(&sql)?.query_row([word], |_| Ok(())).optional()?.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Language, Synonyms};

    const INDEX: Index = Index { table: "fts", vocabulary: "fts_vocab" };

    fn index() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE fts USING fts5(title, labels, body, tokenize = 'unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE fts_vocab USING fts5vocab(fts, 'row');
             INSERT INTO fts(rowid, title, labels, body) VALUES
               (1, 'Resetting your password', 'account security', 'Tap Forgot password on the sign-in screen.'),
               (2, 'Adding attachments to a request', 'screenshots photos', 'Attach files to a ticket.'),
               (3, 'Installing the iOS SDK', 'developers', 'Add the package to your project.');",
        )
        .unwrap();
        conn
    }

    fn terms(words: &[&str]) -> Vec<Term> {
        let en = Language::of("en");
        words.iter().map(|w| Term::new(&en, w, false, &Synonyms::new())).collect()
    }

    #[test]
    fn suggestions_need_to_cover_the_query() {
        let conn = index();
        let all = [1, 2, 3];
        assert_eq!(INDEX.above_floor(&conn, &terms(&["screenshot", "ticket"]), &all).unwrap(), HashSet::from([2]));
        assert!(INDEX.above_floor(&conn, &terms(&["order", "shipped"]), &all).unwrap().is_empty());
        assert!(INDEX.above_floor(&conn, &terms(&["password"]), &[]).unwrap().is_empty());
    }

    #[test]
    fn misspelt_words_become_indexed_ones() {
        let conn = index();
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(INDEX.spelled(&conn, &words(&["pasword", "reset"])).unwrap(), Some(words(&["password", "reset"])));
        assert_eq!(INDEX.spelled(&conn, &words(&["password"])).unwrap(), None);
        assert_eq!(INDEX.spelled(&conn, &words(&["zzzz"])).unwrap(), None);
    }
}
