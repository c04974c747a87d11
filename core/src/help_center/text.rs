//! Text for the full-text index, and user input turned into FTS5 queries.
//!
//! Extracting indexable text is not a security boundary (what is shown goes through the
//! sanitizer), so a small tag stripper is enough here, and it keeps a 10,000-article sync fast.

/// The readable text of an HTML body: block tags become spaces (inline ones vanish, so
/// "<b>link</b>." stays "link."), entities are decoded, `<script>`/`<style>` content is
/// dropped.
pub(crate) fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        push_decoded(&mut text, &rest[..open]);
        let tag = &rest[open..];
        let Some(close) = tag.find('>') else { return text };
        let name =
            tag[1..close].trim_start_matches('/').split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
        if !INLINE_TAGS.iter().any(|inline| name.eq_ignore_ascii_case(inline)) {
            text.push(' ');
        }
        rest = &tag[close + 1..];
        if !tag[1..].starts_with('/') && (name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style")) {
            let end = format!("</{}", name.to_ascii_lowercase());
            match rest.to_ascii_lowercase().find(&end) {
                Some(at) => rest = &rest[at..],
                None => return text,
            }
        }
    }
    push_decoded(&mut text, rest);
    text
}

/// Tags inside a line of text: no word boundary at their edges.
const INLINE_TAGS: &[&str] =
    &["a", "b", "strong", "em", "i", "u", "code", "span", "small", "sub", "sup", "mark", "abbr", "kbd"];

/// Appends `s` with its character references decoded (every named entity of HTML, and
/// numeric ones), by html-escape: characters, never byte offsets, whatever the script.
fn push_decoded(out: &mut String, s: &str) {
    html_escape::decode_html_entities_to_string(s, out);
}

/// The words of a user's query: letters and digits, whatever the script.
pub(crate) fn words(query: &str) -> Vec<&str> {
    query.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect()
}

/// An FTS5 query matching every word, the last one (or all, with `all_prefix`) as a prefix,
/// so results follow the user as they type. Words are quoted: no input is FTS5 syntax.
pub(crate) fn all_words_query(words: &[&str]) -> Option<String> {
    let last = words.len().checked_sub(1)?;
    Some(
        words
            .iter()
            .enumerate()
            .map(|(i, w)| if i == last || w.chars().count() >= 3 { format!("\"{w}\"*") } else { format!("\"{w}\"") })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// An FTS5 query matching any of the words: bm25 ranks articles with more (and rarer) of
/// them first. Used when not every word matches, and for ticket-draft suggestions. Short
/// words match whole (a prefix "add" would match "address"), longer ones as prefixes
/// ("crash" finds "crashes").
pub(crate) fn any_word_query(words: &[&str]) -> Option<String> {
    if words.is_empty() {
        return None;
    }
    let term = |w: &&str| if w.chars().count() >= 5 { format!("\"{w}\"*") } else { format!("\"{w}\"") };
    Some(words.iter().map(term).collect::<Vec<_>>().join(" OR "))
}

/// The words of a ticket draft worth searching for: no stop words, no very short words.
pub(crate) fn keywords(text: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    words(text)
        .into_iter()
        .map(str::to_lowercase)
        .filter(|w| {
            w.chars().count() >= 3 && !STOP_WORDS.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit())
        })
        .filter(|w| seen.insert(w.clone()))
        .take(24)
        .collect()
}

/// Whether a word says nothing about what is searched ("your", "with", "pour").
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word.to_lowercase().as_str())
}

/// Frequent English and French words that say nothing about a problem.
const STOP_WORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "are",
    "but",
    "not",
    "you",
    "all",
    "any",
    "can",
    "had",
    "her",
    "was",
    "one",
    "our",
    "out",
    "has",
    "have",
    "with",
    "this",
    "that",
    "from",
    "they",
    "will",
    "would",
    "there",
    "their",
    "what",
    "when",
    "which",
    "your",
    "about",
    "into",
    "than",
    "then",
    "them",
    "these",
    "some",
    "does",
    "did",
    "doesn",
    "don",
    "just",
    "also",
    "been",
    "being",
    "were",
    "how",
    "why",
    "who",
    "its",
    "it's",
    "get",
    "got",
    "please",
    "help",
    "hello",
    "thanks",
    "thank",
    "hi",
    "les",
    "des",
    "une",
    "est",
    "pas",
    "que",
    "qui",
    "pour",
    "dans",
    "sur",
    "avec",
    "par",
    "mais",
    "mon",
    "mes",
    "vous",
    "nous",
    "elle",
    "ils",
    "cette",
    "ces",
    "aux",
    "sont",
    "bonjour",
    "merci",
    "comment",
    "quand",
    "plus",
    "tout",
    "tous",
    "fait",
    "faire",
    "être",
    "avoir",
    "j'ai",
    "peux",
    "pouvez",
    // Words every ticket uses: they would rank any article mentioning them.
    "app",
    "application",
    "add",
    "every",
    "time",
    "times",
    "always",
    "never",
    "still",
    "use",
    "using",
    "try",
    "tried",
    "want",
    "need",
    "like",
    "work",
    "works",
    "working",
    "thing",
    "way",
    "day",
    "today",
    "now",
    "again",
    "cannot",
    "can't",
    "won't",
    "keep",
    "keeps",
    "happens",
    "happen",
    "problem",
    "issue",
    "something",
    "anything",
    "toujours",
    "jamais",
    "encore",
    "chaque",
    "fois",
    "problème",
    "marche",
    "fonctionne",
    "veux",
    "besoin",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_html_has_words_not_tags() {
        let text =
            html_to_text("<h2>Reset</h2><p>Tap&nbsp;<b>Forgot</b>. &amp; wait&#33;</p><script>alert(1)</script>end");
        assert_eq!(text.split_whitespace().collect::<Vec<_>>(), ["Reset", "Tap", "Forgot.", "&", "wait!", "end"]);
        assert_eq!(html_to_text("<td>a</td><td>b</td>").split_whitespace().count(), 2);
        assert_eq!(html_to_text("a < b and &bogus; &"), "a ");
    }

    /// A `&` then text of any script: a byte index into a multibyte character used to panic,
    /// and with it every sync of the locale.
    #[test]
    fn entities_next_to_any_script_decode_by_characters() {
        assert_eq!(html_to_text("<p>Prix & 日本語のテキスト</p>").trim(), "Prix & 日本語のテキスト");
        assert_eq!(html_to_text("&日本語テキストです;").trim(), "&日本語テキストです;");
        assert_eq!(html_to_text("Ça coûte 5&euro; &eacute;t&eacute; &#x1F600;"), "Ça coûte 5€ été 😀");
        assert_eq!(
            html_to_text("مرحبا&amp;שלום &nbsp;Привет").split_whitespace().collect::<Vec<_>>(),
            ["مرحبا&שלום", "Привет"]
        );
    }

    proptest::proptest! {
        /// Whatever the helpdesk sends, extraction never panics, and plain text stays as it is.
        #[test]
        fn html_to_text_never_panics(html in ".{0,300}") {
            let _ = html_to_text(&html);
        }

        #[test]
        fn text_without_markup_is_kept(text in "[^<>&]{0,200}") {
            proptest::prop_assert_eq!(html_to_text(&text), text);
        }
    }

    #[test]
    fn queries_quote_every_word() {
        assert_eq!(all_words_query(&words("reset pa")).unwrap(), "\"reset\"* \"pa\"*");
        assert_eq!(all_words_query(&words("\" AND (")).unwrap(), "\"AND\"*");
        assert_eq!(any_word_query(&words("app crash")).unwrap(), "\"app\" OR \"crash\"*");
        assert_eq!(all_words_query(&words("  ")), None);
    }

    #[test]
    fn draft_keywords_skip_noise() {
        assert_eq!(keywords("Hi, the app crashes when I pay with PayPal 2024 app"), ["crashes", "pay", "paypal"]);
    }
}
