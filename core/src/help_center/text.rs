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

/// Appends `s` with its character references decoded as a browser decodes them in text:
/// every named reference of HTML (the standard's table, which the sanitizer's parser already
/// carries) and numeric ones. Characters, never byte offsets, whatever the script.
fn push_decoded(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let used = match rest.strip_prefix('#') {
            Some(number) => numeric_reference(number).map(|(c, used)| {
                out.push(c);
                used + 1
            }),
            None => named_reference(rest).map(|(chars, used)| {
                out.extend(chars);
                used
            }),
        };
        match used {
            Some(used) => rest = &rest[used..],
            None => out.push('&'),
        }
    }
    out.push_str(rest);
}

/// `s` follows "&": the longest entity name it starts with (with its ";", or one of the old
/// names browsers also take without), as its one or two characters, and the bytes used.
fn named_reference(s: &str) -> Option<(impl Iterator<Item = char>, usize)> {
    // Names are ASCII letters and digits; the longest has 31 bytes before its ";".
    let name = s.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(s.len()).min(31);
    let with_semicolon = name + usize::from(s[name..].starts_with(';'));
    (1..=with_semicolon).rev().find_map(|len| {
        let &(first, second) = markup5ever::data::NAMED_ENTITIES.get(&s[..len])?;
        // The table also lists every prefix of a name, as (0, 0).
        let chars = [first, second].into_iter().filter(|&c| c != 0).filter_map(char::from_u32);
        (first != 0).then_some((chars, len))
    })
}

/// `s` follows "&#": the character of a decimal or `x` hexadecimal reference, and the bytes
/// used. What names no character (zero, a surrogate, past U+10FFFF) is U+FFFD, and most C1
/// codes are read as Windows-1252, as browsers do.
fn numeric_reference(s: &str) -> Option<(char, usize)> {
    let (digits, radix, prefix) = match s.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16, 1),
        None => (s, 10, 0),
    };
    let len = digits.find(|c: char| !c.is_digit(radix)).unwrap_or(digits.len());
    if len == 0 {
        return None;
    }
    let value = u32::from_str_radix(&digits[..len], radix).unwrap_or(u32::MAX);
    let windows_1252 = match value {
        0x80..=0x9f => markup5ever::data::C1_REPLACEMENTS[value as usize - 0x80],
        _ => None,
    };
    let c = windows_1252.or_else(|| char::from_u32(value).filter(|&c| c != '\0')).unwrap_or('\u{FFFD}');
    Some((c, prefix + len + usize::from(digits[len..].starts_with(';'))))
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
        assert_eq!(html_to_text("&notit; &amp &ampx &NotEqualTilde; &fjlig;"), "¬it; & &x \u{2242}\u{338} fj");
        assert_eq!(
            html_to_text("&#128;&#x81;&#0;&#xD800;&#99999999999;&#; &#x;"),
            "€\u{81}\u{FFFD}\u{FFFD}\u{FFFD}&#; &#x;"
        );
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
