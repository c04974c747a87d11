//! Offset and cursor pagination (Zendesk): a page says which one it uses, the client follows it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Pagination {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_page: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<CursorMeta>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<CursorLinks>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CursorMeta {
    #[serde(default)]
    pub has_more: bool,
    #[serde(default)]
    pub after_cursor: Option<String>,
    #[serde(default)]
    pub before_cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CursorLinks {
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub prev: Option<String>,
}

impl Pagination {
    /// The URL of the next page, whichever style the server used; `None` on the last page.
    pub fn next_url(&self) -> Option<&str> {
        if let Some(meta) = &self.meta {
            if !meta.has_more {
                return None;
            }
            return self.links.as_ref().and_then(|l| l.next.as_deref());
        }
        self.next_page.as_deref()
    }
}
