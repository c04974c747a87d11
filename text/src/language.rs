//! What a help center's language changes about matching: its stemmer and its stop words.

use rust_stemmers::{Algorithm, Stemmer};

use crate::fold::fold;

/// The matching rules of one locale (`en-us`, `fr`, `pt-br`): by its language alone.
pub struct Language {
    stemmer: Option<Stemmer>,
    stop_words: &'static [&'static str],
}

impl Language {
    pub fn of(locale: &str) -> Self {
        let code = locale.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        let algorithm = match code.as_str() {
            "en" => Some(Algorithm::English),
            "fr" => Some(Algorithm::French),
            "de" => Some(Algorithm::German),
            "es" => Some(Algorithm::Spanish),
            "it" => Some(Algorithm::Italian),
            "pt" => Some(Algorithm::Portuguese),
            "nl" => Some(Algorithm::Dutch),
            "sv" => Some(Algorithm::Swedish),
            "no" | "nb" | "nn" => Some(Algorithm::Norwegian),
            "da" => Some(Algorithm::Danish),
            "fi" => Some(Algorithm::Finnish),
            "ru" => Some(Algorithm::Russian),
            "ro" => Some(Algorithm::Romanian),
            "hu" => Some(Algorithm::Hungarian),
            "tr" => Some(Algorithm::Turkish),
            "ar" => Some(Algorithm::Arabic),
            "el" => Some(Algorithm::Greek),
            "ta" => Some(Algorithm::Tamil),
            _ => None,
        };
        let stop_words = match code.as_str() {
            "en" => ENGLISH_STOP_WORDS,
            "fr" => FRENCH_STOP_WORDS,
            _ => &[],
        };
        Self { stemmer: algorithm.map(Stemmer::create), stop_words }
    }

    /// The word's stem, folded: "Résiliation" -> "resili". The word itself without a stemmer.
    pub(crate) fn stem(&self, word: &str) -> String {
        let lower = word.to_lowercase();
        match &self.stemmer {
            Some(stemmer) => fold(&stemmer.stem(&lower)),
            None => fold(&lower),
        }
    }

    /// Whether a word says nothing about what is asked ("the", "with", "pour", "problème").
    pub fn is_stop_word(&self, word: &str) -> bool {
        let folded = fold(word);
        self.stop_words.contains(&folded.as_str())
    }

    /// The words of what a user types: letters and digits, whatever the script, folded.
    pub fn words(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(fold).collect()
    }

    /// The words of a search query: stop words go when others remain (they match nearly every
    /// article, so they rank nothing and only cost time); at most `limit`.
    pub fn query_words(&self, text: &str, limit: usize) -> Vec<String> {
        let mut words = Self::words(text);
        if words.iter().any(|w| !self.is_stop_word(w)) {
            words.retain(|w| !self.is_stop_word(w));
        }
        words.truncate(limit);
        words
    }

    /// The words worth searching for in a sentence (a ticket draft, a chat message): no stop
    /// words, no one-letter words, no bare numbers, each once; at most `limit`.
    pub fn keywords(&self, text: &str, limit: usize) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        Self::words(text)
            .into_iter()
            .filter(|w| w.chars().count() >= 2 && !self.is_stop_word(w) && !w.chars().all(|c| c.is_ascii_digit()))
            .filter(|w| seen.insert(w.clone()))
            .take(limit)
            .collect()
    }
}

/// Frequent English words that say nothing about a problem, folded. Words every ticket uses
/// ("app", "problem", "work") are here too: they would rank any article mentioning them.
/// Negations stay ("not getting emails" is "Not receiving our emails?").
const ENGLISH_STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "all",
    "also",
    "always",
    "am",
    "an",
    "and",
    "any",
    "anything",
    "app",
    "application",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "but",
    "by",
    "can",
    "cannot",
    "cant",
    "could",
    "did",
    "do",
    "does",
    "doesn",
    "doing",
    "don",
    "dont",
    "each",
    "even",
    "every",
    "for",
    "from",
    "get",
    "gets",
    "getting",
    "got",
    "had",
    "happen",
    "happens",
    "has",
    "have",
    "having",
    "hello",
    "help",
    "her",
    "here",
    "hey",
    "hi",
    "his",
    "how",
    "i",
    "if",
    "im",
    "in",
    "into",
    "is",
    "issue",
    "it",
    "its",
    "just",
    "keep",
    "keeps",
    "know",
    "let",
    "like",
    "ll",
    "many",
    "me",
    "mine",
    "more",
    "much",
    "my",
    "need",
    "never",
    "now",
    "of",
    "on",
    "one",
    "only",
    "or",
    "our",
    "out",
    "please",
    "problem",
    "re",
    "really",
    "s",
    "should",
    "so",
    "some",
    "something",
    "still",
    "t",
    "than",
    "thank",
    "thanks",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "this",
    "those",
    "time",
    "times",
    "to",
    "today",
    "too",
    "tried",
    "try",
    "trying",
    "up",
    "us",
    "use",
    "using",
    "ve",
    "very",
    "want",
    "was",
    "way",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "won",
    "work",
    "working",
    "works",
    "would",
    "yet",
    "you",
    "your",
];

/// Frequent French words that say nothing about a problem, folded.
const FRENCH_STOP_WORDS: &[&str] = &[
    "a",
    "ai",
    "aide",
    "ainsi",
    "alors",
    "application",
    "appli",
    "au",
    "aucun",
    "aussi",
    "autre",
    "aux",
    "avec",
    "avez",
    "avoir",
    "bonjour",
    "ca",
    "ce",
    "cela",
    "celle",
    "celui",
    "ces",
    "cet",
    "cette",
    "chaque",
    "comme",
    "comment",
    "d",
    "dans",
    "de",
    "des",
    "deja",
    "depuis",
    "donc",
    "du",
    "elle",
    "en",
    "encore",
    "est",
    "et",
    "etre",
    "eu",
    "fait",
    "faire",
    "fois",
    "fonctionne",
    "il",
    "ils",
    "j",
    "jamais",
    "je",
    "l",
    "la",
    "le",
    "les",
    "leur",
    "lui",
    "m",
    "ma",
    "mais",
    "marche",
    "me",
    "merci",
    "mes",
    "moi",
    "mon",
    "n",
    "ne",
    "ni",
    "nos",
    "notre",
    "nous",
    "on",
    "ou",
    "par",
    "peut",
    "peux",
    "plus",
    "pour",
    "pourquoi",
    "pouvez",
    "probleme",
    "qu",
    "quand",
    "que",
    "quel",
    "quelle",
    "qui",
    "s",
    "sa",
    "sans",
    "se",
    "ses",
    "si",
    "son",
    "sont",
    "sur",
    "t",
    "ta",
    "te",
    "tes",
    "toi",
    "ton",
    "toujours",
    "tous",
    "tout",
    "tres",
    "tu",
    "un",
    "une",
    "veux",
    "voudrais",
    "vos",
    "votre",
    "vous",
    "y",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_folded_and_by_language() {
        assert_eq!(Language::of("en-us").stem("Invoices"), "invoic");
        assert_eq!(Language::of("fr").stem("résiliation"), Language::of("fr").stem("résilier"));
        assert_eq!(Language::of("xx").stem("Résumé"), "resume");
    }

    #[test]
    fn sentences_keep_their_meaningful_words() {
        let en = Language::of("en-us");
        assert_eq!(en.keywords("My ticket was closed but the problem is back!", 24), ["ticket", "closed", "back"]);
        assert_eq!(en.query_words("the", 32), ["the"], "a query of stop words alone stays");
        let fr = Language::of("fr-FR");
        assert_eq!(fr.keywords("J'ai oublié mon mot de passe", 24), ["oublie", "mot", "passe"]);
    }
}
