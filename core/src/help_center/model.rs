//! The help center as the app sees it: plain values, read from the cache.

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub position: i64,
    pub html_url: String,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Section {
    pub id: i64,
    pub category_id: i64,
    pub parent_section_id: Option<i64>,
    pub name: String,
    pub description: String,
    pub position: i64,
    pub html_url: String,
}

/// An article in a list or a search result: enough to show a row.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ArticleSummary {
    pub id: i64,
    pub section_id: i64,
    pub title: String,
    pub promoted: bool,
    pub vote_sum: i64,
    pub vote_count: i64,
    pub updated_at: std::time::SystemTime,
    pub html_url: String,
    /// Whether the body is on the device (readable offline).
    pub body_cached: bool,
}

/// One article, ready for a WebView.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Article {
    pub summary: ArticleSummary,
    /// Sanitized HTML: no scripts, event handlers or `javascript:` URLs; links and images
    /// kept. `None` when the cache budget dropped it: `fetch_article` brings it back.
    pub body_html: Option<String>,
    pub label_names: Vec<String>,
    pub outdated: bool,
    pub created_at: std::time::SystemTime,
    pub attachments: Vec<ArticleAttachment>,
    /// The user's own vote, once cast (queued or sent).
    pub my_vote: Option<VoteValue>,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ArticleAttachment {
    pub id: i64,
    pub file_name: String,
    pub content_url: String,
    pub content_type: String,
    pub size: i64,
    /// Shown inside the body (an image) rather than listed under it.
    pub inline: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum VoteValue {
    Up,
    Down,
}

impl VoteValue {
    pub(crate) fn as_i64(self) -> i64 {
        match self {
            VoteValue::Up => 1,
            VoteValue::Down => -1,
        }
    }

    pub(crate) fn from_i64(value: i64) -> Option<Self> {
        match value {
            1 => Some(VoteValue::Up),
            -1 => Some(VoteValue::Down),
            _ => None,
        }
    }
}

/// Where a search result (or a fetched article) came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum SearchSource {
    /// The helpdesk's search.
    Online,
    /// The device's full-text index.
    Offline,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SearchHit {
    pub article: ArticleSummary,
    /// Plain text around the match with the matched words inside `<em>…</em>`; the rest is
    /// HTML-escaped, so it can be shown as HTML as is.
    pub snippet: String,
    pub source: SearchSource,
}

/// The answer of `search`: the hits, and why the helpdesk was not used when it was not.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    pub source: SearchSource,
    /// Set when an online search failed and the offline index answered instead.
    pub fallback_reason: Option<String>,
}

/// The answer of `fetch_article`: the article, and whether the helpdesk or the cache gave it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FetchedArticle {
    pub article: Article,
    pub source: SearchSource,
    /// Set when the helpdesk could not be reached and the cached copy answered instead.
    pub fallback_reason: Option<String>,
}

/// What a help-center sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HelpCenterSyncReport {
    /// The locale synced: the app's, or the fallback when the helpdesk lacks it.
    pub locale: String,
    /// Whether it was a full sync (first time, or after a locale change).
    pub full: bool,
    /// Articles added or changed.
    pub articles_changed: i32,
    /// Articles removed (deleted or archived on the helpdesk).
    pub articles_deleted: i32,
    /// HTTP requests made.
    pub requests: i32,
    /// Malformed records of the helpdesk set aside (each logged); the rest of their pages
    /// synced.
    pub records_skipped: i32,
}

/// Progress of a running sync, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SyncProgress {
    /// Articles received so far.
    pub articles: i64,
    /// Export pages received so far.
    pub pages: i32,
}

/// How much of the cache budget the help center uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CacheUsage {
    pub articles: i64,
    /// Articles whose body is on the device.
    pub bodies_cached: i64,
    /// Bytes of article bodies kept (HTML); the budget applies to this.
    pub body_bytes: i64,
    pub budget_bytes: i64,
}
