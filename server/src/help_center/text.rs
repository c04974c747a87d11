//! Article HTML as search sees it: the text without its tags (so `<strong>` never matches
//! "strong"), entities decoded, and escaping for the snippets handed back as HTML.

/// The visible text of an HTML fragment: tags dropped (each one a word break, so block
/// elements never glue words together), `<script>`/`<style>` content dropped, common entities
/// decoded, whitespace collapsed. Forgiving: malformed HTML gives text, never an error.
pub(crate) fn strip_html(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_decoded(&mut text, &rest[..lt]);
        let tag = &rest[lt + 1..];
        // `a < b` is text: only `<` followed by a name, `/`, `!` or `?` opens a tag.
        if !tag.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?')) {
            text.push('<');
            rest = tag;
            continue;
        }
        text.push(' ');
        let Some(gt) = tag.find('>') else {
            rest = "";
            break;
        };
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        rest = &tag[gt + 1..];
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
            // ASCII lowercasing keeps byte offsets, so the index applies to `rest`.
            let close = format!("</{}", name.to_ascii_lowercase());
            rest = rest.to_ascii_lowercase().find(&close).map_or("", |end| &rest[end..]);
        }
    }
    push_decoded(&mut text, rest);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `&`, `<`, `>` and `"` as entities, for text placed inside HTML.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Appends `s` with its entities decoded (every named entity of HTML, and numeric ones) by
/// html-escape: by characters, whatever the script; an unknown entity stays as written.
fn push_decoded(out: &mut String, s: &str) {
    html_escape::decode_html_entities_to_string(s, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_decodes() {
        assert_eq!(
            strip_html("<h2>Reset</h2><p>Tap <strong>Save</strong> &amp; wait&hellip;</p>"),
            "Reset Tap Save & wait…"
        );
        assert_eq!(strip_html("a<script>var x = '<p>';</script>b<style>p{}</STYLE>c"), "a b c");
        assert_eq!(strip_html("x < y & z &unknown; &#233;t&#xE9;"), "x < y & z &unknown; été");
        assert_eq!(strip_html("broken <p unclosed"), "broken");
        assert_eq!(strip_html(""), "");
    }

    #[test]
    fn escapes() {
        assert_eq!(escape_html("<a href=\"x\">&</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    }
}
