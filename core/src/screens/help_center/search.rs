//! Search as the user types: the device's index answers at once, the helpdesk once the user
//! paused typing (one request per pause, as the contact form's suggestions). Every query has a
//! number; an answer is shown only while its query is still the latest, so a slow answer to
//! an older query never replaces a newer one's.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::Inner;
use super::model::{HelpCenterLoad, HelpCenterSearch};
use crate::screens::contact_form::SUGGEST_AFTER as SEARCH_AFTER;
use crate::{DEFAULT_SEARCH_LIMIT, Error, Result, SearchResults, SearchSource};

/// Shows the device's results for `query` now and asks the helpdesk after a pause. An empty
/// query clears the search. A query that cannot be searched says so in the state.
pub(super) async fn set_query(inner: &Arc<Inner>, query: String) -> Result<()> {
    if query.trim().is_empty() {
        set_blank(inner, query);
        return Ok(());
    }
    let generation = inner.searches.fetch_add(1, Ordering::SeqCst) + 1;
    cancel_online(inner);
    latest(inner, generation, |s| {
        s.query = query.clone();
        s.load = HelpCenterLoad::Loading;
    });
    let help_center = inner.help_center.clone();
    let searched = query.clone();
    let offline = inner.kernel.blocking(move || help_center.search_offline(&searched, DEFAULT_SEARCH_LIMIT)).await;
    match offline {
        Ok(hits) => latest(inner, generation, |s| {
            s.results = Some(SearchResults { hits, source: SearchSource::Offline, fallback_reason: None })
        }),
        Err(error) => {
            latest(inner, generation, |s| {
                s.results = None;
                s.load = HelpCenterLoad::Failed { error: error.clone() };
            });
            // Typing is not a mistake: a query without words is shown as such, not thrown.
            return if matches!(error, Error::Validation { .. }) { Ok(()) } else { Err(error) };
        }
    }
    search_online_later(inner, generation, query);
    Ok(())
}

/// Ends the search (back from its results): no query, no results, nothing still coming.
pub(super) fn clear(inner: &Inner) {
    set_blank(inner, String::new());
}

/// A query without words: shown as typed, with no results; any search under way is dropped.
fn set_blank(inner: &Inner, query: String) {
    let generation = inner.searches.fetch_add(1, Ordering::SeqCst) + 1;
    cancel_online(inner);
    latest(inner, generation, |s| *s = HelpCenterSearch { query, ..Default::default() });
}

/// The helpdesk's results after the pause, shown if the query is still the latest.
fn search_online_later(inner: &Arc<Inner>, generation: u64, query: String) {
    let weak = Arc::downgrade(inner);
    let task = inner.kernel.runtime.spawn(async move {
        tokio::time::sleep(SEARCH_AFTER).await;
        let Some(help_center) = weak.upgrade().map(|inner| inner.help_center.clone()) else { return };
        let found = help_center.search(&query, DEFAULT_SEARCH_LIMIT).await;
        let Some(inner) = weak.upgrade() else { return };
        latest(&inner, generation, |s| match found {
            Ok(results) => {
                s.results = Some(results);
                s.load = HelpCenterLoad::Ready;
            }
            // The device's results stay; the failure is said.
            Err(error) => s.load = HelpCenterLoad::Failed { error },
        });
    });
    let mut searching = crate::screens::lock(&inner.searching);
    // A newer query came meanwhile: its own search (or none, if it was cleared) stands.
    if inner.searches.load(Ordering::SeqCst) != generation {
        task.abort();
        return;
    }
    if let Some(previous) = searching.replace(task.abort_handle()) {
        previous.abort();
    }
}

/// Stops the helpdesk's search under way, if any.
pub(super) fn cancel_online(inner: &Inner) {
    if let Some(task) = crate::screens::lock(&inner.searching).take() {
        task.abort();
    }
}

/// Changes the search only while `generation` is the latest query's.
fn latest(inner: &Inner, generation: u64, change: impl FnOnce(&mut HelpCenterSearch)) {
    inner.state.update(|s| {
        if inner.searches.load(Ordering::SeqCst) == generation {
            change(&mut s.search);
        }
    });
}
