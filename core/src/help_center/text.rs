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
}
