//! One word of a query as an FTS5 expression: the word, its inflections, its synonyms.

use std::collections::HashMap;

use crate::fold::fold;
use crate::language::Language;

/// Query expansions of one language: a folded word -> words or phrases that mean the same to
/// the reader ("person" -> ["agent"]). From the helpdesk's settings.
pub type Synonyms = HashMap<String, Vec<String>>;

/// Stems shorter than this match too much as prefixes ("don"* for "données"): the word
/// itself is used instead.
const MIN_STEM_CHARS: usize = 4;

/// One word of a query and what may match it.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The word, folded.
    pub word: String,
    /// FTS5 expressions, any of which matches the word.
    alternatives: Vec<String>,
}

impl Term {
    /// `word` (as typed) with its inflections and synonyms. `typing`: the query's last word
    /// while the user types, which may be cut short, so even a short one is a prefix.
    pub fn new(language: &Language, word: &str, typing: bool, synonyms: &Synonyms) -> Self {
        let folded = fold(word);
        let mut alternatives = vec![inflections(language, word, typing)];
        let stem = language.stem(word);
        for key in [&folded, &stem] {
            for synonym in synonyms.get(key.as_str()).into_iter().flatten() {
                let expression = synonym_expression(language, synonym);
                if !expression.is_empty() && !alternatives.contains(&expression) {
                    alternatives.push(expression);
                }
            }
        }
        Self { word: folded, alternatives }
    }

    /// The expression matching any alternative: `"invoic"*` or `("person"* OR "agent"*)`.
    pub fn expression(&self) -> String {
        match self.alternatives.as_slice() {
            [one] => one.clone(),
            many => format!("({})", many.join(" OR ")),
        }
    }

    /// Every term, in one expression (an explicit AND: FTS5's implicit one does not join a
    /// parenthesized group).
    pub fn all(terms: &[Term]) -> Option<String> {
        (!terms.is_empty()).then(|| terms.iter().map(Term::expression).collect::<Vec<_>>().join(" AND "))
    }

    /// Any of the terms: bm25 ranks articles with more, and rarer, of them first.
    pub fn any(terms: &[Term]) -> Option<String> {
        (!terms.is_empty()).then(|| terms.iter().map(Term::expression).collect::<Vec<_>>().join(" OR "))
    }
}

/// The word and its inflections: the common start of the folded word and its stem, as a
/// prefix ("invoices" -> `"invoic"*`); a word too short to stem whole, or as a prefix when it
/// is long enough to say something (3 letters) or still being typed.
fn inflections(language: &Language, word: &str, typing: bool) -> String {
    let folded = fold(word);
    let stem = language.stem(word);
    let common: String = folded.chars().zip(stem.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a).collect();
    if common.chars().count() >= MIN_STEM_CHARS {
        format!("\"{common}\"*")
    } else if typing || folded.chars().count() >= 3 {
        format!("\"{folded}\"*")
    } else {
        format!("\"{folded}\"")
    }
}

/// A synonym: a word with its inflections, or a phrase of words (its last one a prefix).
fn synonym_expression(language: &Language, synonym: &str) -> String {
    let words = Language::words(synonym);
    match words.as_slice() {
        [] => String::new(),
        [word] => inflections(language, word, false),
        // The last word as a prefix: "e-mail" also finds "e-mails".
        phrase => format!("\"{}\"*", phrase.join(" ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_their_inflections() {
        let en = Language::of("en");
        let none = Synonyms::new();
        assert_eq!(Term::new(&en, "Invoices", false, &none).expression(), "\"invoic\"*");
        assert_eq!(Term::new(&en, "company", false, &none).expression(), "\"compan\"*");
        assert_eq!(Term::new(&en, "tv", false, &none).expression(), "\"tv\"");
        assert_eq!(Term::new(&en, "tv", true, &none).expression(), "\"tv\"*");
        let fr = Language::of("fr");
        assert_eq!(Term::new(&fr, "Résilier", false, &none).expression(), "\"resili\"*");
        assert_eq!(Term::new(&fr, "pièces", false, &none).expression(), "\"piec\"*");
        assert_eq!(Term::new(&fr, "données", false, &none).expression(), "\"donnees\"*", "a stem too short");
    }

    #[test]
    fn synonyms_widen_a_word() {
        let en = Language::of("en");
        let synonyms: Synonyms = [
            ("person".to_owned(), vec!["agent".to_owned(), "human being".to_owned()]),
            ("screenshot".to_owned(), vec!["attachment".to_owned()]),
        ]
        .into();
        let person = Term::new(&en, "person", false, &synonyms);
        assert_eq!(person.expression(), "(\"person\"* OR \"agent\"* OR \"human being\"*)");
        // Found through the stem too: "screenshots" -> "screenshot".
        let screenshots = Term::new(&en, "screenshots", false, &synonyms);
        assert_eq!(screenshots.expression(), "(\"screenshot\"* OR \"attach\"*)");
        let terms = [person, screenshots];
        assert!(Term::all(&terms).unwrap().contains(") AND ("));
        assert!(Term::any(&terms).unwrap().contains(") OR ("));
        assert_eq!(Term::all(&[]), None);
    }
}
