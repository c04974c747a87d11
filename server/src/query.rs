//! Query strings: decoded parameters in their order, and links that keep them (pagination).

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;

use crate::errors::ApiError;

/// The decoded `?a=b&c=d` pairs of a request, first occurrence wins on lookup.
#[derive(Debug, Clone, Default)]
pub(crate) struct QueryParams(Vec<(String, String)>);

impl QueryParams {
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// `base + path` with the current parameters minus `drop`, plus `add`.
    pub(crate) fn link(&self, base: &str, path: &str, drop: &[&str], add: &[(&str, String)]) -> String {
        let kept = self.0.iter().filter(|(k, _)| !drop.contains(&k.as_str())).map(|(k, v)| (k.as_str(), v.as_str()));
        let added = add.iter().map(|(k, v)| (*k, v.as_str()));
        let query: Vec<String> = kept.chain(added).map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
        if query.is_empty() { format!("{base}{path}") } else { format!("{base}{path}?{}", query.join("&")) }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map(|Query(pairs)| QueryParams(pairs))
            .map_err(|e| ApiError::bad_param(format!("Invalid query string: {e}")))
    }
}

/// Percent-encodes all but unreserved characters; `[ ] ,` stay readable as in Zendesk's links.
pub(crate) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'[' | b']' | b',' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_other_parameters() {
        let q = QueryParams(vec![
            ("status".into(), "open,pending".into()),
            ("page".into(), "1".into()),
            ("since".into(), "2026-01-01T00:00:00+01:00".into()),
        ]);
        assert_eq!(
            q.link("http://h", "/p.json", &["page"], &[("page", "2".into())]),
            "http://h/p.json?status=open,pending&since=2026-01-01T00%3A00%3A00%2B01%3A00&page=2"
        );
        assert_eq!(QueryParams::default().link("http://h", "/p", &[], &[]), "http://h/p");
    }
}
