//! Article bodies made safe for a WebView, with ammonia (an allow-list HTML sanitizer).
//!
//! Sanitizing happens when an article is read, not when it is stored: a stricter policy in
//! a newer SDK then applies to everything already cached.

use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use url::Url;

/// Keeps structure, links, images and tables; drops scripts, styles, event handlers, and
/// any URL whose scheme is not web, mail or phone. Relative URLs resolve against the helpdesk.
pub(crate) fn sanitize(html: &str, base: &Url) -> String {
    static SCHEMES: LazyLock<std::collections::HashSet<&'static str>> =
        LazyLock::new(|| ["http", "https", "mailto", "tel"].into_iter().collect());
    Builder::default()
        .url_schemes(SCHEMES.clone())
        .url_relative(UrlRelative::RewriteWithBase(base.clone()))
        .link_rel(Some("noopener noreferrer"))
        .clean(html)
        .to_string()
}

/// A search snippet from the helpdesk: text with the matched words in `<em>`, nothing else.
pub(crate) fn snippet(html: &str) -> String {
    Builder::empty().add_tags(["em"]).clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_javascript_urls_go_links_and_images_stay() {
        let base = Url::parse("https://help.example.com/").unwrap();
        let dirty = r#"<h2>Hi</h2><script>steal()</script><img src="/hc/a.png" onerror="steal()" alt="shot">
            <a href="javascript:steal()">bad</a><a href="https://example.com/x">good</a>
            <table><tr><td onclick="x()">1</td></tr></table><p style="color:red">p</p>"#;
        let clean = sanitize(dirty, &base);
        for gone in ["<script", "steal", "onerror", "onclick", "javascript:", "style="] {
            assert!(!clean.contains(gone), "{gone} left in {clean}");
        }
        assert_eq!(snippet(r#"<em>x</em><img src=x onerror=y()>"#), "<em>x</em>");
        for kept in [r#"src="https://help.example.com/hc/a.png""#, r#"href="https://example.com/x""#, "<table>", "<h2>"]
        {
            assert!(clean.contains(kept), "{kept} missing from {clean}");
        }
    }
}
