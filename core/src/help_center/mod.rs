//! The help center: categories, sections and articles kept on the device, browsable and
//! searchable offline, synchronized incrementally, with votes and ticket-draft suggestions.
//!
//! Everything reads the cache at once; only `sync`, `search` and `fetch_article` use the
//! network, and each falls back to the cache when it cannot.

mod db;
mod model;
pub(crate) mod sanitize;
pub(crate) mod search;
pub(crate) mod sync;
pub(crate) mod text;
mod votes;

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, RwLock};

use helpline_protocol::{self as wire, paths};

use crate::clock::now_unix_ms;
use crate::kernel::Kernel;
use crate::outbox::{OutboxItem, OutboxKind};
use crate::settings::{self, Feature, HelpCenterSettings};
use crate::store::{Owned, Scope};
use crate::transport::ApiRequest;
use crate::{Config, Error, Result};

pub use model::{
    Article, ArticleAttachment, ArticleSummary, CacheUsage, Category, FetchedArticle, HelpCenterSyncReport, SearchHit,
    SearchResults, SearchSource, Section, SyncProgress, VoteValue,
};
pub(crate) use votes::VoteWrites;

/// Results a search returns when the app does not say.
pub const DEFAULT_SEARCH_LIMIT: i32 = 20;

/// Public content, kept across users; the votes are the user's.
const TABLES: [Owned; 2] = [
    Owned {
        owner: "help_center",
        scope: Scope::Install,
        tables: &[
            "hc_categories",
            "hc_sections",
            "hc_articles",
            "hc_articles_fts",
            "hc_articles_vocab",
            "hc_attachments",
            "hc_sync",
        ],
    },
    Owned { owner: "help_center", scope: Scope::User { before_sign_in: true }, tables: &["hc_votes"] },
];

/// Makes the help center part of the SDK: its votes, its tables.
pub(crate) fn register(hc: &Arc<HelpCenterCore>) {
    hc.handlers.register(&[OutboxKind::Vote], Arc::new(VoteWrites(Arc::clone(&hc.kernel))));
    TABLES.into_iter().for_each(|owned| hc.store.tables.declare(owned));
}

/// The help center's own part of the SDK: the kernel, and what it keeps between calls.
/// Derefs to the kernel, which its every function uses.
pub(crate) struct HelpCenterCore {
    kernel: Arc<Kernel>,
    state: State,
}

impl HelpCenterCore {
    pub(crate) fn new(kernel: Arc<Kernel>) -> Arc<Self> {
        Arc::new(Self { kernel, state: State::default() })
    }
}

impl std::ops::Deref for HelpCenterCore {
    type Target = Kernel;

    fn deref(&self) -> &Kernel {
        &self.kernel
    }
}

/// What the help center keeps between calls.
#[derive(Default)]
struct State {
    /// One sync at a time: a second caller waits, then finds little left to do.
    sync_lock: tokio::sync::Mutex<()>,
    /// The locale the cache holds, once known.
    locale: RwLock<Option<String>>,
    /// The helpdesk refused the article export (it is an agent's, on Zendesk): later syncs
    /// list the articles at once, until the SDK is opened again.
    export_refused: AtomicBool,
}

impl State {
    /// The app's locale, its language alone, then the fallback: lowercase, no repeats. When
    /// the remote settings list the help center's locales, the app's are kept only if listed,
    /// and the settings' default locale comes before the configured fallback.
    fn candidate_locales(&self, locale: &str, config: &Config, settings: &HelpCenterSettings) -> Vec<String> {
        let locale = locale.trim().to_lowercase().replace('_', "-");
        let language = locale.split('-').next().unwrap_or_default().to_owned();
        let listed = |l: &String| settings.locales.is_empty() || settings.locales.contains(l);
        let app_locales = [locale, language].into_iter().filter(listed);
        let fallbacks = [settings.default_locale.clone(), config.fallback_locale.trim().to_lowercase()];
        let mut candidates: Vec<String> = Vec::new();
        for candidate in app_locales.chain(fallbacks) {
            if !candidate.is_empty() && !candidates.contains(&candidate) {
                candidates.push(candidate);
            }
        }
        candidates
    }

    fn set_locale(&self, locale: &str) {
        *self.locale.write().unwrap_or_else(|p| p.into_inner()) = Some(locale.to_owned());
    }
}

/// The app's locale changed (`Helpline::set_locale`): the cache's locale is worked out again
/// (the one synced stays in use until the new one is), and a sync brings the new locale's help
/// center in the background (`HelpCenterChanged` when it lands). Offline, the next sync does.
pub(crate) fn locale_changed(hc: &Arc<HelpCenterCore>) {
    *hc.state.locale.write().unwrap_or_else(|p| p.into_inner()) = None;
    if settings::require(hc, Feature::HelpCenter).is_err() {
        return;
    }
    let hc = Arc::clone(hc);
    hc.runtime.clone().spawn(async move {
        if let Err(e) = sync::sync(&hc, &|_| {}).await {
            tracing::info!("help center not synced in the new locale yet: {e}");
        }
    });
}

/// The help center, from the cache first. Cheap to clone.
#[derive(Clone)]
pub struct HelpCenter {
    hc: Arc<HelpCenterCore>,
}

impl HelpCenter {
    pub(crate) fn new(hc: Arc<HelpCenterCore>) -> Self {
        Self { hc }
    }

    /// The locale the cached help center is in (the app's, or the fallback).
    pub fn locale(&self) -> Result<String> {
        let state = &self.hc.state;
        if let Some(locale) = state.locale.read().unwrap_or_else(|p| p.into_inner()).clone() {
            return Ok(locale);
        }
        let candidates =
            state.candidate_locales(&self.hc.locale(), &self.hc.config, &settings::current(&self.hc).help_center);
        // Another language's cached help center beats an empty one (the app's locale changed,
        // offline): it answers until the new locale's sync lands.
        let synced = self.hc.store.read(|c| Ok(db::synced_locale(c, &candidates)?.or(db::any_synced_locale(c)?)))?;
        let locale = synced.unwrap_or_else(|| candidates[0].clone());
        state.set_locale(&locale);
        Ok(locale)
    }

    /// Brings what changed on the helpdesk: everything the first time, then only changes.
    pub async fn sync(&self) -> Result<HelpCenterSyncReport> {
        settings::require(&self.hc, Feature::HelpCenter)?;
        sync::sync(&self.hc, &|_| {}).await
    }

    /// `sync`, reporting progress after every page (for a progress bar).
    pub async fn sync_with_progress(
        &self,
        progress: impl Fn(SyncProgress) + Send + Sync,
    ) -> Result<HelpCenterSyncReport> {
        settings::require(&self.hc, Feature::HelpCenter)?;
        sync::sync(&self.hc, &progress).await
    }

    pub fn categories(&self) -> Result<Vec<Category>> {
        let locale = self.enabled_locale()?;
        self.hc.store.read(|c| db::categories(c, &locale))
    }

    /// The sections of one category, or all of them.
    pub fn sections(&self, category_id: Option<i64>) -> Result<Vec<Section>> {
        let locale = self.enabled_locale()?;
        self.hc.store.read(|c| db::sections(c, &locale, category_id))
    }

    /// The articles of one section, or all of them, in the helpdesk's order.
    pub fn articles(&self, section_id: Option<i64>) -> Result<Vec<ArticleSummary>> {
        let locale = self.enabled_locale()?;
        self.hc.store.read(|c| db::articles(c, &locale, section_id))
    }

    /// Articles the support team promotes, for a help center's front page.
    pub fn promoted_articles(&self) -> Result<Vec<ArticleSummary>> {
        let locale = self.enabled_locale()?;
        self.hc.store.read(|c| db::promoted(c, &locale))
    }

    /// A cached article, its body sanitized for a WebView. Never waits on the network.
    pub fn article(&self, id: i64) -> Result<Article> {
        let locale = self.enabled_locale()?;
        let id = remote_article_id(id)?;
        let article = self.hc.store.read(|c| self.assemble(c, &locale, id))?;
        // When it was read (the cache budget drops the least recently read bodies first):
        // written in the background, so a screen never waits behind a sync's transaction.
        let (hc, now) = (Arc::clone(&self.hc), now_unix_ms());
        self.hc.runtime.spawn_blocking(move || {
            if let Err(e) = hc.store.write(|tx| db::touch(tx, &locale, id, now)) {
                tracing::info!("help center: article {id} read time not kept: {e}");
            }
        });
        Ok(article)
    }

    /// The article from the helpdesk, with its attachments, refreshing the cache (and
    /// bringing back a body the cache budget dropped). Offline, the cached copy answers, and
    /// the answer says so.
    pub async fn fetch_article(&self, id: i64) -> Result<FetchedArticle> {
        let locale = self.enabled_locale()?;
        let remote_id = remote_article_id(id)?;
        let transport = &self.hc.session.transport;
        let article_call = ApiRequest::get(transport.url(&paths::article(&locale, remote_id)));
        let attachments_call = ApiRequest::get(transport.url(&paths::article_attachments(&locale, remote_id)));
        let article = self.hc.session.call_public::<wire::ArticleEnvelope>(&article_call);
        let attachments = self.hc.session.call_public::<wire::ArticleAttachmentsPage>(&attachments_call);
        match tokio::try_join!(article, attachments) {
            Ok((article, attachments)) => {
                self.hc.store.write(|tx| {
                    db::restore_body(tx, &locale, &article.article)?;
                    db::replace_attachments(tx, &locale, remote_id, &attachments.article_attachments)?;
                    // Read now: the budget must not drop the body just fetched.
                    db::touch(tx, &locale, remote_id, now_unix_ms())?;
                    db::enforce_budget(tx, self.hc.config.help_center_cache_bytes)?;
                    Ok(())
                })?;
                Ok(FetchedArticle { article: self.article(id)?, source: SearchSource::Online, fallback_reason: None })
            }
            Err(Error::NotFound { .. }) => {
                // Gone from the helpdesk: gone from the cache too.
                self.hc.store.write(|tx| db::delete_article(tx, &locale, remote_id))?;
                Err(Error::not_found(format!("article {id}")))
            }
            Err(e) if e.is_transient() => match self.article(id) {
                Ok(cached) => Ok(FetchedArticle {
                    article: cached,
                    source: SearchSource::Offline,
                    fallback_reason: Some(e.to_string()),
                }),
                Err(_) => Err(e),
            },
            Err(e) => Err(e),
        }
    }

    /// Searches the device's index: instant, offline, ranked, with highlighted snippets.
    pub fn search_offline(&self, query: &str, limit: i32) -> Result<Vec<SearchHit>> {
        let locale = self.enabled_locale()?;
        let matching = search::Matching::new(&locale, settings::current(&self.hc));
        self.hc.store.read(|c| search::offline(c, &locale, query, search_limit(limit), &matching))
    }

    /// Searches on the helpdesk, or offline when it cannot be reached; each hit and the
    /// results say where they came from.
    pub async fn search(&self, query: &str, limit: i32) -> Result<SearchResults> {
        let locale = self.enabled_locale()?;
        let matching = search::Matching::new(&locale, settings::current(&self.hc));
        search::online(&self.hc, &locale, query, search_limit(limit), &matching).await
    }

    /// Articles that may answer a ticket before it is sent (offline, best first).
    /// None while the help center is switched off (the contact form still works).
    pub fn suggestions(&self, subject: &str, description: &str, limit: i32) -> Result<Vec<SearchHit>> {
        if !settings::current(&self.hc).help_center.enabled {
            return Ok(Vec::new());
        }
        let locale = self.locale()?;
        let matching = search::Matching::new(&locale, settings::current(&self.hc));
        self.hc.store.read(|c| search::suggestions(c, &locale, subject, description, search_limit(limit), &matching))
    }

    /// Records the user's vote at once and queues it for the helpdesk (sent once, even
    /// if the app is offline or killed now). Voting again replaces the vote.
    pub async fn vote(&self, article_id: i64, value: VoteValue) -> Result<OutboxItem> {
        let locale = self.enabled_locale()?;
        let article_id = remote_article_id(article_id)?;
        if self.hc.store.read(|c| db::article(c, &locale, article_id))?.is_none() {
            return Err(Error::not_found(format!("article {article_id}")));
        }
        let hc = Arc::clone(&self.hc);
        self.hc.blocking(move || votes::cast(&hc, article_id, value)).await
    }

    /// The cache's locale, if the helpdesk has not switched the help center off.
    fn enabled_locale(&self) -> Result<String> {
        settings::require(&self.hc, Feature::HelpCenter)?;
        self.locale()
    }

    /// How much room the cached articles take, against the configured budget.
    pub fn cache_usage(&self) -> Result<CacheUsage> {
        let usage = self.hc.store.read(db::usage)?;
        Ok(CacheUsage {
            articles: usage.articles,
            bodies_cached: usage.bodies_cached,
            body_bytes: usage.body_bytes,
            budget_bytes: i64::try_from(self.hc.config.help_center_cache_bytes).unwrap_or(i64::MAX),
        })
    }

    fn assemble(&self, conn: &rusqlite::Connection, locale: &str, id: u64) -> Result<Article> {
        let stored = db::article(conn, locale, id)?.ok_or_else(|| Error::not_found(format!("article {id}")))?;
        let base = self.hc.session.transport.url("/");
        Ok(Article {
            summary: stored.summary,
            body_html: stored.body.as_deref().map(|html| sanitize::sanitize(html, &base, self.hc.config.remote_images)),
            label_names: stored.label_names,
            outdated: stored.outdated,
            created_at: crate::clock::time_of(&stored.created_at),
            attachments: db::attachments(conn, locale, id)?,
            my_vote: db::vote(conn, id)?,
        })
    }
}

/// An article id from the app: the helpdesk's ids are never negative, so a negative one is
/// not found.
fn remote_article_id(id: i64) -> Result<u64> {
    u64::try_from(id).map_err(|_| Error::not_found(format!("article {id}")))
}

/// A search limit from the app: a negative one finds nothing, like 0.
fn search_limit(limit: i32) -> u32 {
    u32::try_from(limit).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(app_locale: &str, locales: &[&str], default_locale: &str) -> Vec<String> {
        let config = Config { locale: app_locale.into(), ..Config::new("https://h.example", "a", "c", "/tmp/x") };
        let settings = HelpCenterSettings {
            enabled: true,
            default_locale: default_locale.into(),
            locales: locales.iter().map(|l| l.to_string()).collect(),
            synonyms: Default::default(),
        };
        State::default().candidate_locales(&config.locale, &config, &settings)
    }

    #[test]
    fn the_settings_default_locale_is_the_fallback_for_unlisted_locales() {
        assert_eq!(candidates("fr-CA", &[], ""), vec!["fr-ca", "fr", "en-us"], "no settings: as configured");
        assert_eq!(candidates("fr_CA", &["en-us", "fr"], "en-us"), vec!["fr", "en-us"]);
        assert_eq!(candidates("de", &["en-us", "fr"], "fr"), vec!["fr", "en-us"]);
        assert_eq!(candidates("de-at", &["en-us", "de-at"], "en-us"), vec!["de-at", "en-us"]);
    }
}
