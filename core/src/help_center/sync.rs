//! Bringing the helpdesk's help center into the cache.
//!
//! The first sync of a locale is full: categories, sections, then every article through the
//! incremental export from time 0; articles the helpdesk no longer has are swept at the end.
//! Later syncs ask the export only for what changed since the last one (one request when
//! nothing did), and refetch the small category/section tree only when an article points
//! at an unknown section or the tree is a day old. The export position is saved only once
//! every page has landed, so a sync cut short (or fed a malformed page) is simply redone;
//! the articles already cached stay readable and searchable throughout.
//!
//! A helpdesk that keeps its export for agents (Zendesk: 403) or has none (404) is synced by
//! listing every article of the locale instead, each time: a full sync, whose sweep removes
//! what the helpdesk no longer lists. Attachments are then known once an article is fetched.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use helpline_protocol::{self as wire, paths};
use serde::de::DeserializeOwned;

use super::HelpCenterCore;
use super::db::{self, SyncState};
use super::model::{HelpCenterSyncReport, SyncProgress};
use crate::paging::Walk;
use crate::store::Key;
use crate::transport::ApiRequest;
use crate::{Error, Event, Result};

/// Articles per export page: large pages keep a 10,000-article sync to a few requests.
const EXPORT_PAGE_SIZE: u32 = 1000;
/// Structure pages (categories, sections) are small; 100 is the contract's maximum.
const STRUCTURE_PAGE_SIZE: u32 = 100;
/// Articles per page when the export is refused and they are listed: Zendesk's maximum.
const LIST_PAGE_SIZE: u32 = 100;
/// Categories and sections are refreshed at least this often, even when nothing points
/// at an unknown section.
const STRUCTURE_MAX_AGE_MS: i64 = 24 * 3600 * 1000;
/// How often a help center synced in a fallback locale asks for the preferred ones again.
const PROBE_EVERY_MS: i64 = 24 * 3600 * 1000;

pub(super) async fn sync(
    hc: &HelpCenterCore,
    progress: &(dyn Fn(SyncProgress) + Send + Sync),
) -> Result<HelpCenterSyncReport> {
    let _one_at_a_time = hc.state.sync_lock.lock().await;
    let mut run = Run { hc, requests: 0, skipped: 0 };
    let (locale, mut probed) = run.resolve_locale().await?;
    let mut state = hc.store.read(|c| db::sync_state(c, &locale))?;
    let mut full = state.start_time.is_none();
    if full {
        state.generation += 1;
    }
    let mut report = HelpCenterSyncReport {
        locale: locale.clone(),
        full,
        articles_changed: 0,
        articles_deleted: 0,
        requests: 0,
        records_skipped: 0,
    };

    if full || hc.clock.now_ms() - state.structure_synced_ms > STRUCTURE_MAX_AGE_MS {
        run.sync_structure(&locale, &mut state, probed.take()).await?;
    }
    let exported = match hc.state.export_refused.load(Ordering::Relaxed) {
        true => None,
        false => match run.sync_articles(&locale, &state, &mut report, progress).await {
            Ok(end_time) => Some(end_time),
            Err(e) if run.export_refused(&e) => {
                tracing::info!("help center: the article export is refused ({e}); listing the articles instead");
                hc.state.export_refused.store(true, Ordering::Relaxed);
                None
            }
            Err(e) => return Err(e),
        },
    };
    // Without the export, every sync lists everything: a full one, swept at the end.
    let end_time = match exported {
        Some(end_time) => end_time,
        None => {
            if !full {
                state.generation += 1;
                full = true;
            }
            report.full = true;
            run.list_articles(&locale, &state, &mut report, progress).await?;
            // An export from the start, should the helpdesk allow it one day.
            0
        }
    };
    if report.articles_changed > 0 && hc.store.read(|c| db::has_orphans(c, &locale))? {
        run.sync_structure(&locale, &mut state, None).await?;
    }
    state.start_time = Some(end_time);
    hc.store.write(|tx| {
        if full {
            report.articles_deleted += db::sweep(tx, &locale, state.generation)?;
            db::drop_other_locales(tx, &locale)?;
        }
        db::save_sync_state(tx, &locale, &state)?;
        db::enforce_budget(tx, hc.config.help_center_cache_bytes)?;
        Ok(())
    })?;
    hc.state.set_locale(&locale);
    report.requests = run.requests;
    report.records_skipped = i32::try_from(run.skipped).unwrap_or(i32::MAX);
    if report.articles_changed + report.articles_deleted > 0 || full {
        hc.events.emit(Event::HelpCenterChanged);
    }
    Ok(report)
}

/// One sync's requests and the malformed records it set aside, counted.
struct Run<'a> {
    hc: &'a HelpCenterCore,
    requests: i32,
    skipped: usize,
}

impl Run<'_> {
    /// The good items of a list; each malformed one is logged and counted.
    fn keep<T>(&mut self, what: &str, list: wire::Tolerant<T>) -> Vec<T> {
        crate::paging::keep(what, list, &mut self.skipped)
    }

    async fn get<T: DeserializeOwned>(&mut self, url: url::Url) -> Result<T> {
        self.requests += 1;
        self.hc.session.call_public(&ApiRequest::get(url)).await
    }

    /// The locale to sync: the one already synced, else the first the helpdesk serves among
    /// the app's locale, its language alone (`fr-ca` -> `fr`) and the fallback. Probing
    /// reads the locale's categories; when they fit one page they are returned for reuse.
    /// Synced in a fallback, the preferred locales are asked for again once a day (the help
    /// center may have been translated since), not on every sync.
    async fn resolve_locale(&mut self) -> Result<(String, Option<Vec<wire::Category>>)> {
        let settings = crate::settings::current(self.hc);
        let candidates = self.hc.state.candidate_locales(&self.hc.locale(), &self.hc.config, &settings.help_center);
        let now_ms = self.hc.clock.now_ms();
        // The probe is remembered for these candidates only: another app locale probes at once.
        let asked = candidates.join(",");
        let synced = self.hc.store.read(|c| db::synced_locale(c, &candidates))?;
        if let Some(synced) = &synced {
            let last_probe = self.hc.store.read(|c| Key::LocaleProbe.get(c))?.unwrap_or_default();
            let probed_lately = match last_probe.split_once(' ') {
                Some((at, what)) => {
                    what == asked && at.parse().is_ok_and(|at: i64| (at..at + PROBE_EVERY_MS).contains(&now_ms))
                }
                None => false,
            };
            if *synced == candidates[0] || probed_lately {
                return Ok((synced.clone(), None));
            }
        }
        match self.probe(&candidates).await {
            Ok(found) => {
                self.hc.store.write(|tx| Key::LocaleProbe.set(tx, &format!("{now_ms} {asked}")))?;
                Ok(found)
            }
            Err(e) => match synced {
                // Offline or failing: keep to the locale already synced.
                Some(synced) if !matches!(e, Error::NotFound { .. }) => Ok((synced, None)),
                _ => Err(e),
            },
        }
    }

    /// The first of `candidates` the helpdesk serves, with its categories when they fit a page.
    async fn probe(&mut self, candidates: &[String]) -> Result<(String, Option<Vec<wire::Category>>)> {
        for locale in candidates {
            let mut url = self.hc.session.transport.url(&paths::categories(locale));
            url.query_pairs_mut().append_pair("per_page", &STRUCTURE_PAGE_SIZE.to_string());
            match self.get::<wire::CategoriesPage>(url).await {
                Ok(page) => {
                    let complete = page.pagination.next_url().is_none();
                    let categories = self.keep("category", page.categories);
                    let complete = complete.then_some(categories);
                    return Ok((locale.clone(), complete));
                }
                Err(Error::NotFound { .. }) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(Error::not_found(format!("help center in {}", candidates.join(" or "))))
    }

    async fn sync_structure(
        &mut self,
        locale: &str,
        state: &mut SyncState,
        categories: Option<Vec<wire::Category>>,
    ) -> Result<()> {
        let categories = match categories {
            Some(categories) => categories,
            None => {
                let page = |p: wire::CategoriesPage| (p.categories, p.pagination);
                self.all_pages("category", &paths::categories(locale), page).await?
            }
        };
        let sections: Vec<wire::Section> = self
            .all_pages("section", &paths::sections(locale), |p: wire::SectionsPage| (p.sections, p.pagination))
            .await?;
        state.structure_synced_ms = self.hc.clock.now_ms();
        self.hc.store.write(|tx| db::replace_structure(tx, locale, &categories, &sections))
    }

    /// Every page of a list endpoint, following whichever pagination the helpdesk uses.
    async fn all_pages<P: DeserializeOwned, T>(
        &mut self,
        what: &str,
        path: &str,
        split: impl Fn(P) -> (wire::Tolerant<T>, wire::Pagination),
    ) -> Result<Vec<T>> {
        let mut url = self.hc.session.transport.url(path);
        url.query_pairs_mut().append_pair("per_page", &STRUCTURE_PAGE_SIZE.to_string());
        let mut items = Vec::new();
        let mut walk = Walk::default();
        loop {
            walk.next(&url)?;
            let (page, pagination) = split(self.get::<P>(url).await?);
            let got = page.len() + page.skipped.len();
            let mut page = self.keep(what, page);
            items.append(&mut page);
            match pagination.next_url() {
                Some(next) if got > 0 => url = self.hc.session.transport.same_origin(next)?,
                _ => return Ok(items),
            }
        }
    }

    /// Whether `error` says the export is not for this user (Zendesk keeps it for agents: 403)
    /// or does not exist (404), rather than that the helpdesk failed.
    fn export_refused(&self, error: &Error) -> bool {
        match error {
            Error::Forbidden { .. } | Error::NotFound { .. } => true,
            // Without an identity the call had no token to refuse: the export needs one.
            Error::Unauthorized { .. } => self.hc.session.identity().is_none(),
            _ => false,
        }
    }

    /// Lists every published article of `locale` page by page (the export refused), each
    /// stamped with `state.generation` so that the sweep removes the others.
    async fn list_articles(
        &mut self,
        locale: &str,
        state: &SyncState,
        report: &mut HelpCenterSyncReport,
        progress: &(dyn Fn(SyncProgress) + Send + Sync),
    ) -> Result<()> {
        let mut url = self.hc.session.transport.url(&paths::articles(locale));
        url.query_pairs_mut().append_pair("per_page", &LIST_PAGE_SIZE.to_string());
        let mut seen = SyncProgress { articles: 0, pages: 0 };
        let mut walk = Walk::default();
        loop {
            walk.next(&url)?;
            let page: wire::ArticlesPage = self.get(url).await?;
            let count = page.articles.len() + page.articles.skipped.len();
            let next = page.pagination.next_url().map(str::to_owned);
            let articles = self.keep("article", page.articles);
            let listed = wire::IncrementalArticlesPage {
                articles: articles.into(),
                end_time: 0,
                next_page: None,
                count: None,
                deleted_article_ids: None,
            };
            self.write_page(locale, listed, state.generation, report).await?;
            seen.articles += count as i64;
            seen.pages += 1;
            progress(seen);
            match next {
                Some(next) if count > 0 => url = self.hc.session.transport.same_origin(&next)?,
                _ => return Ok(()),
            }
        }
    }

    /// Writes one page of articles and counts what it changed. A page is up to 1,000 articles
    /// and their index: written off the async workers.
    async fn write_page(
        &self,
        locale: &str,
        page: wire::IncrementalArticlesPage,
        generation: i64,
        report: &mut HelpCenterSyncReport,
    ) -> Result<()> {
        let (store, locale) = (Arc::clone(&self.hc.store), locale.to_owned());
        let (changed, deleted) =
            self.hc.blocking(move || store.write(|tx| apply_export_page(tx, &locale, &page, generation))).await?;
        report.articles_changed += changed;
        report.articles_deleted += deleted;
        Ok(())
    }

    /// Applies the export since `state.start_time` page by page; returns the new position.
    async fn sync_articles(
        &mut self,
        locale: &str,
        state: &SyncState,
        report: &mut HelpCenterSyncReport,
        progress: &(dyn Fn(SyncProgress) + Send + Sync),
    ) -> Result<i64> {
        let mut url = self.hc.session.transport.url(paths::INCREMENTAL_ARTICLES);
        url.query_pairs_mut()
            .append_pair("start_time", &state.start_time.unwrap_or(0).to_string())
            .append_pair("locale", locale)
            .append_pair("per_page", &EXPORT_PAGE_SIZE.to_string());
        let mut seen = SyncProgress { articles: 0, pages: 0 };
        let mut walk = Walk::default();
        loop {
            walk.next(&url)?;
            let mut page: wire::IncrementalArticlesPage = self.get(url).await?;
            let count = page.articles.len() + page.articles.skipped.len();
            let (next_page, end_time) = (page.next_page.clone(), page.end_time);
            page.articles = self.keep("article", std::mem::take(&mut page.articles)).into();
            self.write_page(locale, page, state.generation, report).await?;
            seen.articles += count as i64;
            seen.pages += 1;
            progress(seen);
            match next_page.as_deref() {
                Some(next) if count > 0 => url = self.hc.session.transport.same_origin(next)?,
                _ => return Ok(end_time),
            }
        }
    }
}

/// Writes one page of the article export: drafts and deleted ids leave the cache, the rest
/// is inserted or updated with its index entry. Returns (changed, deleted).
pub(crate) fn apply_export_page(
    tx: &rusqlite::Connection,
    locale: &str,
    page: &wire::IncrementalArticlesPage,
    generation: i64,
) -> Result<(i32, i32)> {
    let (mut changed, mut deleted) = (0, 0);
    for article in &page.articles {
        if article.draft {
            deleted += db::delete_article(tx, locale, article.id)? as i32;
        } else {
            changed += db::upsert_article(tx, locale, article, generation)? as i32;
        }
    }
    // An id past i64 was never cached (SQLite's integers are i64): nothing to delete.
    for id in page.deleted_article_ids.iter().flatten().filter(|id| i64::try_from(**id).is_ok()) {
        deleted += db::delete_article(tx, locale, *id)? as i32;
    }
    Ok((changed, deleted))
}
