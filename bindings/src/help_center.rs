//! The help center: browse and search offline, sync, vote, suggestions for a ticket draft.

use std::sync::Arc;

use helpline_core as core;

use crate::OutboxItem;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Category {
    pub id: u64,
    pub name: String,
    pub description: String,
    pub position: i64,
    pub html_url: String,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Section {
    pub id: u64,
    pub category_id: u64,
    pub parent_section_id: Option<u64>,
    pub name: String,
    pub description: String,
    pub position: i64,
    pub html_url: String,
}

/// An article in a list or a search result: enough to show a row.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ArticleSummary {
    pub id: u64,
    pub section_id: u64,
    pub title: String,
    pub promoted: bool,
    pub vote_sum: i64,
    pub vote_count: i64,
    pub updated_at: String,
    pub html_url: String,
    /// Whether the body is on the device (readable offline).
    pub body_cached: bool,
}

/// One article, ready for a WebView.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Article {
    pub summary: ArticleSummary,
    /// Sanitized HTML (no scripts, event handlers or `javascript:` URLs). `null`/`nil` when the
    /// cache budget dropped it: `fetch_article` brings it back.
    pub body_html: Option<String>,
    pub label_names: Vec<String>,
    pub outdated: bool,
    pub created_at: String,
    pub attachments: Vec<ArticleAttachment>,
    /// The user's own vote, once cast (queued or sent).
    pub my_vote: Option<VoteValue>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ArticleAttachment {
    pub id: u64,
    pub file_name: String,
    pub content_url: String,
    pub content_type: String,
    pub size: u64,
    /// Shown inside the body (an image) rather than listed under it.
    pub inline: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum VoteValue {
    Up,
    Down,
}

/// Where a search result came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SearchSource {
    /// The helpdesk's search.
    Online,
    /// The device's full-text index.
    Offline,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SearchHit {
    pub article: ArticleSummary,
    /// Plain text around the match, matched words inside `<em>…</em>`, the rest HTML-escaped.
    pub snippet: String,
    pub source: SearchSource,
}

/// The answer of `search`: the hits, and why the helpdesk was not used when it was not.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    pub source: SearchSource,
    /// Set when an online search failed and the offline index answered instead.
    pub fallback_reason: Option<String>,
}

/// The answer of `fetch_article`: the article, and whether the helpdesk or the cache gave it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FetchedArticle {
    pub article: Article,
    pub source: SearchSource,
    /// Set when the helpdesk could not be reached and the cached copy answered instead.
    pub fallback_reason: Option<String>,
}

/// What a help-center sync did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HelpCenterSyncReport {
    /// The locale synced: the app's, or the fallback when the helpdesk lacks it.
    pub locale: String,
    /// Whether it was a full sync (first time, or after a locale change).
    pub full: bool,
    pub articles_changed: u32,
    pub articles_deleted: u32,
    /// HTTP requests made.
    pub requests: u32,
}

/// Progress of a running sync, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct SyncProgress {
    pub articles: u64,
    pub pages: u32,
}

/// How much of the cache budget the help center uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct CacheUsage {
    pub articles: u64,
    pub bodies_cached: u64,
    /// Bytes of article bodies kept (HTML); the budget applies to this.
    pub body_bytes: u64,
    pub budget_bytes: u64,
}

/// Implemented by the app to follow a long sync; called after every page, on the thread
/// that awaits the sync. Return at once.
#[uniffi::export(foreign)]
pub trait SyncProgressListener: Send + Sync {
    fn on_progress(&self, progress: SyncProgress);
}

/// The help center (`helpline.helpCenter()`), from the device's cache first: only `sync`,
/// `search` and `fetch_article` use the network, and fall back to the cache when they cannot.
#[derive(uniffi::Object)]
pub struct HelpCenter {
    inner: core::HelpCenter,
}

impl HelpCenter {
    pub(crate) fn new(inner: core::HelpCenter) -> Arc<Self> {
        Arc::new(Self { inner })
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl HelpCenter {
    /// The locale the cached help center is in (the app's, or the fallback).
    pub fn locale(&self) -> Result<String> {
        Ok(self.inner.locale()?)
    }

    /// Brings what changed on the helpdesk: everything the first time, then only changes.
    pub async fn sync(&self) -> Result<HelpCenterSyncReport> {
        Ok(self.inner.sync().await?.into())
    }

    /// `sync`, telling `listener` after every page.
    pub async fn sync_with_progress(&self, listener: Arc<dyn SyncProgressListener>) -> Result<HelpCenterSyncReport> {
        let report = self.inner.sync_with_progress(move |p| listener.on_progress(p.into())).await?;
        Ok(report.into())
    }

    pub fn categories(&self) -> Result<Vec<Category>> {
        Ok(all(self.inner.categories()?))
    }

    /// The sections of one category, or all of them.
    #[uniffi::method(default(category_id = None))]
    pub fn sections(&self, category_id: Option<u64>) -> Result<Vec<Section>> {
        Ok(all(self.inner.sections(category_id)?))
    }

    /// The articles of one section, or all of them, in the helpdesk's order.
    #[uniffi::method(default(section_id = None))]
    pub fn articles(&self, section_id: Option<u64>) -> Result<Vec<ArticleSummary>> {
        Ok(all(self.inner.articles(section_id)?))
    }

    /// Articles the support team promotes, for a help center's front page.
    pub fn promoted_articles(&self) -> Result<Vec<ArticleSummary>> {
        Ok(all(self.inner.promoted_articles()?))
    }

    /// A cached article, its body sanitized for a WebView. Never waits on the network.
    pub fn article(&self, id: u64) -> Result<Article> {
        Ok(self.inner.article(id)?.into())
    }

    /// The article from the helpdesk, refreshing the cache; offline, the cached copy answers
    /// and the answer says so.
    pub async fn fetch_article(&self, id: u64) -> Result<FetchedArticle> {
        Ok(self.inner.fetch_article(id).await?.into())
    }

    /// Searches the device's index: instant, offline, ranked, with highlighted snippets.
    /// `limit` defaults to the core's `DEFAULT_SEARCH_LIMIT`.
    #[uniffi::method(default(limit = None))]
    pub fn search_offline(&self, query: String, limit: Option<u32>) -> Result<Vec<SearchHit>> {
        Ok(all(self.inner.search_offline(&query, limit.unwrap_or(core::DEFAULT_SEARCH_LIMIT))?))
    }

    /// Searches on the helpdesk, or offline when it cannot be reached.
    #[uniffi::method(default(limit = None))]
    pub async fn search(&self, query: String, limit: Option<u32>) -> Result<SearchResults> {
        Ok(self.inner.search(&query, limit.unwrap_or(core::DEFAULT_SEARCH_LIMIT)).await?.into())
    }

    /// Articles that may answer a ticket before it is sent (offline, best first).
    #[uniffi::method(default(limit = None))]
    pub fn suggestions(&self, subject: String, description: String, limit: Option<u32>) -> Result<Vec<SearchHit>> {
        let limit = limit.unwrap_or(core::DEFAULT_SEARCH_LIMIT);
        Ok(all(self.inner.suggestions(&subject, &description, limit)?))
    }

    /// Records the user's vote at once and queues it; voting again replaces the vote.
    pub async fn vote(&self, article_id: u64, value: VoteValue) -> Result<OutboxItem> {
        Ok(self.inner.vote(article_id, value.into()).await?.into())
    }

    /// How much room the cached articles take, against the configured budget.
    pub fn cache_usage(&self) -> Result<CacheUsage> {
        Ok(self.inner.cache_usage()?.into())
    }
}

fn all<T, U: From<T>>(items: Vec<T>) -> Vec<U> {
    items.into_iter().map(Into::into).collect()
}

impl From<core::Category> for Category {
    fn from(c: core::Category) -> Self {
        Self { id: c.id, name: c.name, description: c.description, position: c.position, html_url: c.html_url }
    }
}

impl From<core::Section> for Section {
    fn from(s: core::Section) -> Self {
        Self {
            id: s.id,
            category_id: s.category_id,
            parent_section_id: s.parent_section_id,
            name: s.name,
            description: s.description,
            position: s.position,
            html_url: s.html_url,
        }
    }
}

impl From<core::ArticleSummary> for ArticleSummary {
    fn from(a: core::ArticleSummary) -> Self {
        Self {
            id: a.id,
            section_id: a.section_id,
            title: a.title,
            promoted: a.promoted,
            vote_sum: a.vote_sum,
            vote_count: a.vote_count,
            updated_at: a.updated_at,
            html_url: a.html_url,
            body_cached: a.body_cached,
        }
    }
}

impl From<core::Article> for Article {
    fn from(a: core::Article) -> Self {
        Self {
            summary: a.summary.into(),
            body_html: a.body_html,
            label_names: a.label_names,
            outdated: a.outdated,
            created_at: a.created_at,
            attachments: all(a.attachments),
            my_vote: a.my_vote.map(Into::into),
        }
    }
}

impl From<core::FetchedArticle> for FetchedArticle {
    fn from(f: core::FetchedArticle) -> Self {
        Self { article: f.article.into(), source: f.source.into(), fallback_reason: f.fallback_reason }
    }
}

impl From<core::ArticleAttachment> for ArticleAttachment {
    fn from(a: core::ArticleAttachment) -> Self {
        Self {
            id: a.id,
            file_name: a.file_name,
            content_url: a.content_url,
            content_type: a.content_type,
            size: a.size,
            inline: a.inline,
        }
    }
}

impl From<core::VoteValue> for VoteValue {
    fn from(v: core::VoteValue) -> Self {
        match v {
            core::VoteValue::Up => Self::Up,
            core::VoteValue::Down => Self::Down,
        }
    }
}

impl From<VoteValue> for core::VoteValue {
    fn from(v: VoteValue) -> Self {
        match v {
            VoteValue::Up => Self::Up,
            VoteValue::Down => Self::Down,
        }
    }
}

impl From<core::SearchSource> for SearchSource {
    fn from(s: core::SearchSource) -> Self {
        match s {
            core::SearchSource::Online => Self::Online,
            core::SearchSource::Offline => Self::Offline,
        }
    }
}

impl From<core::SearchHit> for SearchHit {
    fn from(h: core::SearchHit) -> Self {
        Self { article: h.article.into(), snippet: h.snippet, source: h.source.into() }
    }
}

impl From<core::SearchResults> for SearchResults {
    fn from(r: core::SearchResults) -> Self {
        Self { hits: all(r.hits), source: r.source.into(), fallback_reason: r.fallback_reason }
    }
}

impl From<core::HelpCenterSyncReport> for HelpCenterSyncReport {
    fn from(r: core::HelpCenterSyncReport) -> Self {
        Self {
            locale: r.locale,
            full: r.full,
            articles_changed: r.articles_changed,
            articles_deleted: r.articles_deleted,
            requests: r.requests,
        }
    }
}

impl From<core::SyncProgress> for SyncProgress {
    fn from(p: core::SyncProgress) -> Self {
        Self { articles: p.articles, pages: p.pages }
    }
}

impl From<core::CacheUsage> for CacheUsage {
    fn from(u: core::CacheUsage) -> Self {
        Self {
            articles: u.articles,
            bodies_cached: u.bodies_cached,
            body_bytes: u.body_bytes,
            budget_bytes: u.budget_bytes,
        }
    }
}
