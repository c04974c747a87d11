//! Article bodies made safe for a WebView, with ammonia (an allow-list HTML sanitizer).
//!
//! Sanitizing happens when an article is read, not when it is stored: a stricter policy in
//! a newer SDK then applies to everything already cached.

use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use url::Url;

/// Keeps structure, links, images and tables; drops scripts, styles, event handlers, and
/// any URL whose scheme is not web, mail or phone. Relative URLs resolve against the helpdesk.
/// Links leave the helpdesk over https only; images come from the helpdesk alone, or also from
/// other https sites when the app allows `remote_images` (a remote image tracks its reader).
pub(crate) fn sanitize(html: &str, base: &Url, remote_images: bool) -> String {
    static SCHEMES: LazyLock<std::collections::HashSet<&'static str>> =
        LazyLock::new(|| ["http", "https", "mailto", "tel"].into_iter().collect());
    let helpdesk = base.clone();
    Builder::default()
        .url_schemes(SCHEMES.clone())
        .url_relative(UrlRelative::RewriteWithBase(base.clone()))
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(move |element, attribute, value| {
            allowed(element, attribute, value, &helpdesk, remote_images).then(|| value.into())
        })
        .clean(html)
        .to_string()
}

/// The policy below for a URL outside an article: a chat message's link (`"a", "href"`) or
/// image (`"img", "src"`). Unlike an attribute the sanitizer may leave out, one it cannot read
/// is refused.
pub(crate) fn url_allowed(element: &str, attribute: &str, value: &str, helpdesk: &Url, remote_images: bool) -> bool {
    helpdesk.join(value.trim()).is_ok() && allowed(element, attribute, value, helpdesk, remote_images)
}

/// Whether a URL attribute may stay, judged on the URL a browser would load: resolved
/// against the helpdesk, so a scheme-relative `//elsewhere/x.png` is elsewhere, not ours.
fn allowed(element: &str, attribute: &str, value: &str, helpdesk: &Url, remote_images: bool) -> bool {
    let Ok(url) = helpdesk.join(value.trim()) else { return true };
    if url.origin() == helpdesk.origin() {
        return true;
    }
    match (element, attribute) {
        ("a", "href") => matches!(url.scheme(), "https" | "mailto" | "tel"),
        ("img", "src" | "srcset") => remote_images && url.scheme() == "https",
        (_, "src" | "srcset" | "href" | "cite" | "longdesc" | "poster") => url.scheme() == "https",
        _ => true,
    }
}

/// Checks sanitized HTML against the URL policy above, reading it as a browser's parser does
/// (html5ever, through ammonia's attribute filter): for the property tests and fuzz targets.
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) fn check_url_policy(clean: &str, helpdesk: &Url, remote_images: bool) -> Result<(), String> {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<(String, String, String)>::new()));
    let record = std::sync::Arc::clone(&seen);
    Builder::default()
        .attribute_filter(move |element, attribute, value| {
            if matches!(attribute, "src" | "srcset" | "href" | "cite" | "longdesc" | "poster") {
                record.lock().expect("not poisoned").push((element.into(), attribute.into(), value.into()));
            }
            Some(value.into())
        })
        .clean(clean);
    let found = std::mem::take(&mut *seen.lock().expect("not poisoned"));
    for (element, attribute, value) in found {
        let Ok(url) = helpdesk.join(value.trim()) else { continue };
        let ours = url.origin() == helpdesk.origin();
        let allowed = match (element.as_str(), attribute.as_str()) {
            ("a", "href") => ours || matches!(url.scheme(), "https" | "mailto" | "tel"),
            ("img", "src") => ours || (remote_images && url.scheme() == "https"),
            _ => ours || url.scheme() == "https",
        };
        if !allowed {
            return Err(format!(
                "<{element} {attribute}={value:?}> left the sanitizer (remote images {remote_images})"
            ));
        }
    }
    Ok(())
}

/// A search snippet from the helpdesk: text with the matched words in `<em>`, nothing else.
pub(crate) fn snippet(html: &str) -> String {
    Builder::empty().add_tags(["em"]).clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn scripts_handlers_and_javascript_urls_go_links_and_images_stay() {
        let base = Url::parse("https://help.example.com/").unwrap();
        let dirty = r#"<h2>Hi</h2><script>steal()</script><img src="/hc/a.png" onerror="steal()" alt="shot">
            <a href="javascript:steal()">bad</a><a href="https://example.com/x">good</a>
            <table><tr><td onclick="x()">1</td></tr></table><p style="color:red">p</p>"#;
        let clean = sanitize(dirty, &base, false);
        for gone in ["<script", "steal", "onerror", "onclick", "javascript:", "style="] {
            assert!(!clean.contains(gone), "{gone} left in {clean}");
        }
        assert_eq!(snippet(r#"<em>x</em><img src=x onerror=y()>"#), "<em>x</em>");
        for kept in [r#"src="https://help.example.com/hc/a.png""#, r#"href="https://example.com/x""#, "<table>", "<h2>"]
        {
            assert!(clean.contains(kept), "{kept} missing from {clean}");
        }
    }

    #[test]
    fn links_leave_over_https_only_and_remote_images_need_the_apps_consent() {
        let base = Url::parse("https://help.example.com/").unwrap();
        let html = r#"<a href="http://evil.example/x">plain</a><a href="https://docs.example/y">secure</a>
            <a href="mailto:help@example.com">mail</a><img src="https://tracker.example/pixel.gif">
            <img src="http://cdn.example/a.png"><img src="/hc/own.png"><img src="https://help.example.com/b.png">
            <img src="//pixel.example/p.gif"><img src=" //pixel.example/q.gif">"#;
        let strict = sanitize(html, &base, false);
        for gone in ["evil.example", "tracker.example", "cdn.example", "pixel.example"] {
            assert!(!strict.contains(gone), "{gone} left in {strict}");
        }
        for kept in [
            "https://docs.example/y",
            "mailto:help@example.com",
            "https://help.example.com/hc/own.png",
            "https://help.example.com/b.png",
        ] {
            assert!(strict.contains(kept), "{kept} missing from {strict}");
        }
        let consenting = sanitize(html, &base, true);
        check_url_policy(&strict, &base, false).unwrap();
        check_url_policy(&consenting, &base, true).unwrap();
        assert!(consenting.contains("https://tracker.example/pixel.gif"), "{consenting}");
        assert!(!consenting.contains("http://cdn.example"), "never over plain http: {consenting}");
    }

    fn url() -> impl Strategy<Value = String> {
        let scheme = prop::sample::select(vec![
            "",
            "//",
            " //",
            "\t//",
            "/\\",
            "http://",
            "https://",
            "HTTPS://",
            "https:",
            "javascript:",
            "data:",
            "mailto:",
        ]);
        let host = prop::sample::select(vec!["help.example.com", "evil.example", "help.example.com.evil.example", ""]);
        (scheme, host, "[a-z/.?#%@:]{0,12}").prop_map(|(s, h, p)| format!("{s}{h}/{p}"))
    }

    proptest! {
        /// Whatever URL an article names, what survives keeps to the policy.
        #[test]
        fn any_url_keeps_to_the_policy(urls in prop::collection::vec(url(), 1..6), remote in any::<bool>()) {
            let base = Url::parse("https://help.example.com/").unwrap();
            let html: String = urls
                .iter()
                .enumerate()
                .map(|(i, u)| if i % 2 == 0 { format!("<img src=\"{u}\">") } else { format!("<a href=\"{u}\">x</a>") })
                .collect();
            let clean = sanitize(&html, &base, remote);
            prop_assert!(check_url_policy(&clean, &base, remote).is_ok(), "{html} -> {clean}");
        }
    }
}
