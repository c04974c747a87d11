//! The help center: browse and search offline, sync, vote, suggestions for a ticket draft.

use std::sync::Arc;

use helpline_core::{
    self as core, Article, ArticleSummary, CacheUsage, Category, DEFAULT_SEARCH_LIMIT, FetchedArticle,
    HelpCenterSyncReport, OutboxItem, Result, SearchHit, SearchResults, Section, SyncProgress, VoteValue,
};

use crate::runtime::run;

/// Implemented by the app to follow a long sync; called after every page, on an SDK thread.
/// Return at once.
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

#[uniffi::export]
impl HelpCenter {
    /// The locale the cached help center is in (the app's, or the fallback).
    pub fn locale(&self) -> Result<String> {
        self.inner.locale()
    }

    /// Brings what changed on the helpdesk: everything the first time, then only changes.
    pub async fn sync(&self) -> Result<HelpCenterSyncReport> {
        let inner = self.inner.clone();
        run(async move { inner.sync().await }).await
    }

    /// `sync`, telling `listener` after every page.
    pub async fn sync_with_progress(&self, listener: Arc<dyn SyncProgressListener>) -> Result<HelpCenterSyncReport> {
        let inner = self.inner.clone();
        run(async move { inner.sync_with_progress(move |p| listener.on_progress(p)).await }).await
    }

    pub fn categories(&self) -> Result<Vec<Category>> {
        self.inner.categories()
    }

    /// The sections of one category, or all of them.
    #[uniffi::method(default(category_id = None))]
    pub fn sections(&self, category_id: Option<i64>) -> Result<Vec<Section>> {
        self.inner.sections(category_id)
    }

    /// The articles of one section, or all of them, in the helpdesk's order.
    #[uniffi::method(default(section_id = None))]
    pub fn articles(&self, section_id: Option<i64>) -> Result<Vec<ArticleSummary>> {
        self.inner.articles(section_id)
    }

    /// Articles the support team promotes, for a help center's front page.
    pub fn promoted_articles(&self) -> Result<Vec<ArticleSummary>> {
        self.inner.promoted_articles()
    }

    /// A cached article, its body sanitized for a WebView. Never waits on the network.
    pub fn article(&self, id: i64) -> Result<Article> {
        self.inner.article(id)
    }

    /// The article from the helpdesk, refreshing the cache; offline, the cached copy answers
    /// and the answer says so.
    pub async fn fetch_article(&self, id: i64) -> Result<FetchedArticle> {
        let inner = self.inner.clone();
        run(async move { inner.fetch_article(id).await }).await
    }

    /// Searches the device's index: instant, offline, ranked, with highlighted snippets.
    /// `limit` defaults to the core's `DEFAULT_SEARCH_LIMIT`.
    #[uniffi::method(default(limit = None))]
    pub fn search_offline(&self, query: String, limit: Option<i32>) -> Result<Vec<SearchHit>> {
        self.inner.search_offline(&query, limit.unwrap_or(DEFAULT_SEARCH_LIMIT))
    }

    /// Searches on the helpdesk, or offline when it cannot be reached.
    #[uniffi::method(default(limit = None))]
    pub async fn search(&self, query: String, limit: Option<i32>) -> Result<SearchResults> {
        let inner = self.inner.clone();
        run(async move { inner.search(&query, limit.unwrap_or(DEFAULT_SEARCH_LIMIT)).await }).await
    }

    /// Articles that may answer a ticket before it is sent (offline, best first).
    #[uniffi::method(default(limit = None))]
    pub fn suggestions(&self, subject: String, description: String, limit: Option<i32>) -> Result<Vec<SearchHit>> {
        self.inner.suggestions(&subject, &description, limit.unwrap_or(DEFAULT_SEARCH_LIMIT))
    }

    /// Records the user's vote at once and queues it; voting again replaces the vote.
    pub async fn vote(&self, article_id: i64, value: VoteValue) -> Result<OutboxItem> {
        let inner = self.inner.clone();
        run(async move { inner.vote(article_id, value).await }).await
    }

    /// How much room the cached articles take, against the configured budget.
    pub fn cache_usage(&self) -> Result<CacheUsage> {
        self.inner.cache_usage()
    }
}
