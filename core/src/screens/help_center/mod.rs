//! The help center screen: categories and their sections, the section and the article the user
//! opened (the device's copy at once, then the helpdesk's), search as the user types, votes,
//! and where the device's copy stands (its size, this screen's sync). Reads are the device's
//! first; opening the screen and `refresh` sync with the helpdesk.

mod follow;
mod load;
mod model;
mod search;

use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, Weak};

use tokio::task::AbortHandle;

use self::load::Place;
use super::{ScreenListener, ScreenState, ScreenSubscription, Tasks};
use crate::kernel::Kernel;
use crate::{Error, HelpCenter, HelpCenterSyncReport, Result, VoteValue};

pub use model::{
    CategoryEntry, HelpCenterCache, HelpCenterLoad, HelpCenterSearch, HelpCenterState, HelpCenterStatus,
    HelpCenterSync, OpenArticle, OpenSection,
};

/// The help center screen (`Helpline::help_center_screen`). Cheap to clone; the screen lives
/// while a clone or a subscription's source does.
#[derive(Clone)]
pub struct HelpCenterScreen {
    inner: Arc<Inner>,
}

struct Inner {
    kernel: Arc<Kernel>,
    help_center: HelpCenter,
    state: ScreenState<HelpCenterState>,
    /// The number of the latest query typed (see `search`).
    searches: AtomicU64,
    /// The helpdesk's search waiting for a pause, or under way.
    searching: Mutex<Option<AbortHandle>>,
    /// The first read and sync, and the events followed.
    tasks: Tasks,
}

impl Drop for Inner {
    fn drop(&mut self) {
        search::cancel_online(self);
    }
}

impl HelpCenterScreen {
    /// Returns at once (`Loading`); the device's help center follows, then a sync.
    pub(crate) fn open(kernel: Arc<Kernel>, help_center: HelpCenter) -> Self {
        let inner = Arc::new(Inner {
            kernel,
            help_center,
            state: ScreenState::new(HelpCenterState::default()),
            searches: AtomicU64::new(0),
            searching: Mutex::new(None),
            tasks: Tasks::default(),
        });
        let weak = Arc::downgrade(&inner);
        let first = async move {
            let Some(inner) = weak.upgrade() else { return };
            reload(&inner).await;
            let ready = inner.state.get().status == HelpCenterStatus::Ready;
            drop(inner);
            if ready {
                let _ = sync(&weak).await;
            }
        };
        inner.tasks.spawn(&inner.kernel.runtime, first);
        inner.tasks.spawn(&inner.kernel.runtime, follow::run(Arc::downgrade(&inner)));
        Self { inner }
    }

    /// Delivers the whole state now, then each new one, on an SDK thread (see `ScreenListener`).
    pub fn subscribe(&self, listener: Arc<dyn ScreenListener<HelpCenterState>>) -> ScreenSubscription {
        self.inner.state.subscribe(&self.inner.kernel.runtime, listener)
    }

    /// The state as it is now.
    pub fn state(&self) -> HelpCenterState {
        self.inner.state.get()
    }

    /// Opens a category: its sections are shown; what was open below it closes.
    pub async fn open_category(&self, id: i64) -> Result<()> {
        let entry = self.find(move |hc| load::category(hc, id)).await?;
        self.inner.state.update(|s| {
            s.category = Some(entry);
            s.section = None;
            s.article = None;
        });
        Ok(())
    }

    /// Opens a section (and its category): its articles, from the device.
    pub async fn open_section(&self, id: i64) -> Result<()> {
        let category = self.find(move |hc| load::category_of_section(hc, id)).await?;
        let Some(section) = category.sections.iter().find(|s| s.id == id).cloned() else {
            return Err(Error::not_found(format!("section {id}")));
        };
        self.inner.state.update(|s| {
            s.category = Some(category);
            s.section = Some(OpenSection { section, articles: vec![], load: HelpCenterLoad::Loading });
            s.article = None;
        });
        reload(&self.inner).await;
        Ok(())
    }

    /// Opens an article: the device's copy at once when it has one, then the helpdesk's. An
    /// article the device lacks while the helpdesk cannot be reached fails in the state
    /// (`Offline`, naming it), as does one gone from the helpdesk (`NotFound`).
    pub async fn open_article(&self, id: i64) -> Result<()> {
        self.enabled()?;
        let title = self.known_title(id);
        self.inner.state.update(|s| {
            s.article = Some(OpenArticle {
                id,
                title,
                article: None,
                source: None,
                fallback_reason: None,
                load: HelpCenterLoad::Loading,
                related: vec![],
            })
        });
        let help_center = self.inner.help_center.clone();
        let cached = self
            .inner
            .kernel
            .blocking(move || {
                let article = help_center.article(id)?;
                let related = load::related(&help_center, &article.summary);
                Ok((article, related))
            })
            .await;
        if let Ok((article, related)) = cached {
            self.update_article(id, |open| load::show_cached(open, article, related));
        }
        let fetched = self.inner.help_center.fetch_article(id).await;
        let related = match &fetched {
            Ok(fetched) => {
                let (help_center, summary) = (self.inner.help_center.clone(), fetched.article.summary.clone());
                self.inner.kernel.blocking(move || Ok(load::related(&help_center, &summary))).await.unwrap_or_default()
            }
            Err(_) => vec![],
        };
        self.update_article(id, |open| match fetched {
            Ok(fetched) => {
                open.title = fetched.article.summary.title.clone();
                open.article = Some(fetched.article);
                open.source = Some(fetched.source);
                open.fallback_reason = fetched.fallback_reason;
                open.related = related;
                open.load = HelpCenterLoad::Ready;
            }
            Err(error) => {
                open.article = None;
                open.source = None;
                open.load = HelpCenterLoad::Failed { error: not_on_device(id, error) };
            }
        });
        Ok(())
    }

    /// Closes what is open, the innermost first: the article, then the search it was found by,
    /// then the section, then the category. False when nothing was open (the app may leave the
    /// screen).
    pub fn back(&self) -> bool {
        let searching = self.inner.state.with(|s| s.article.is_none() && !s.search.query.is_empty());
        if searching {
            search::clear(&self.inner);
            return true;
        }
        let mut closed = false;
        self.inner.state.update(|s| {
            closed = s.article.take().is_some() || s.section.take().is_some() || s.category.take().is_some();
        });
        closed
    }

    /// Searches as the user types: the device's results in the state when this returns, the
    /// helpdesk's after a pause in typing. An empty query clears the search.
    pub async fn set_query(&self, query: String) -> Result<()> {
        self.enabled()?;
        search::set_query(&self.inner, query).await
    }

    /// "Was this article helpful?" on the open article: in the state when this returns, kept
    /// on the device and sent to the helpdesk (later if offline). Voting again replaces it.
    pub async fn vote(&self, value: VoteValue) -> Result<()> {
        let id = self.state().article.map(|a| a.id);
        let id = id.ok_or_else(|| Error::validation("article", "no article is open to vote on"))?;
        self.inner.help_center.vote(id, value).await?;
        let help_center = self.inner.help_center.clone();
        let article = self.inner.kernel.blocking(move || help_center.article(id)).await?;
        self.update_article(id, |open| {
            let related = std::mem::take(&mut open.related);
            load::show_cached(open, article, related);
        });
        Ok(())
    }

    /// Syncs with the helpdesk now (as opening the screen does), then shows what changed.
    pub async fn refresh(&self) -> Result<HelpCenterSyncReport> {
        sync(&Arc::downgrade(&self.inner)).await
    }

    /// Looks something up on the device (the screen may still be loading its lists).
    async fn find<T: Send + 'static>(
        &self,
        lookup: impl FnOnce(&HelpCenter) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.enabled()?;
        let help_center = self.inner.help_center.clone();
        self.inner.kernel.blocking(move || lookup(&help_center)).await
    }

    fn enabled(&self) -> Result<()> {
        match self.state().status {
            HelpCenterStatus::Disabled => Err(Error::FeatureDisabled { feature: crate::settings::Feature::HelpCenter }),
            _ => Ok(()),
        }
    }

    /// The title of article `id` as the screen lists it (a section, the search, related).
    fn known_title(&self, id: i64) -> String {
        let state = self.state();
        let listed = state.section.iter().flat_map(|s| s.articles.iter());
        let found = state.search.results.iter().flat_map(|r| r.hits.iter().map(|h| &h.article));
        let related = state.article.iter().flat_map(|a| a.related.iter());
        listed.chain(found).chain(related).find(|a| a.id == id).map(|a| a.title.clone()).unwrap_or_default()
    }

    /// Changes the open article, if it is still `id` (the user may have opened another).
    fn update_article(&self, id: i64, change: impl FnOnce(&mut OpenArticle)) {
        self.inner.state.update(|s| {
            if let Some(open) = s.article.as_mut().filter(|a| a.id == id) {
                change(open);
            }
        });
    }
}

/// Reads again from the device everything the screen shows.
async fn reload(inner: &Inner) {
    reload_and(inner, |_| {}).await;
}

/// `reload`, with `change` in the same new state (a sync ended shows with what it brought).
async fn reload_and(inner: &Inner, change: impl FnOnce(&mut HelpCenterState)) {
    let place = Place::of(&inner.state.get());
    let help_center = inner.help_center.clone();
    let read = inner.kernel.blocking(move || Ok(load::read(&help_center, place))).await;
    inner.state.update(|s| {
        match read {
            Ok(read) => load::apply(s, read),
            Err(e) => tracing::debug!("help center screen: not read again: {e}"),
        }
        change(s);
    });
}

/// A sync, shown as it goes; what it brought is read again. The screen is not held while the
/// helpdesk answers: dropped meanwhile, it goes at once.
async fn sync(screen: &Weak<Inner>) -> Result<HelpCenterSyncReport> {
    let help_center = match screen.upgrade() {
        Some(inner) => {
            inner.state.update(|s| s.cache.sync = HelpCenterSync::Syncing);
            inner.help_center.clone()
        }
        None => return Err(Error::Shutdown),
    };
    let synced = help_center.sync().await;
    let shown = match &synced {
        Ok(report) => HelpCenterSync::Synced { report: report.clone() },
        Err(error) => HelpCenterSync::Failed { error: error.clone() },
    };
    if let Some(inner) = screen.upgrade() {
        reload_and(&inner, |s| s.cache.sync = shown).await;
    }
    synced
}

/// The error shown for an article the helpdesk could not give: naming it when the device had
/// no copy to fall back on.
fn not_on_device(id: i64, error: Error) -> Error {
    if error.is_transient() {
        Error::Offline {
            reason: format!("article {id} is not on this device, and the helpdesk could not be reached ({error})"),
        }
    } else {
        error
    }
}
