//! Refreshes under way on a tickets screen, counted so that `refreshing` shows while any runs
//! (a pull while the opening one runs) and goes however each ends: an error, or its future
//! dropped by the app.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Weak};

/// A screen that shows its refreshes.
pub(super) trait Refreshes: Send + Sync {
    fn refreshes(&self) -> &AtomicUsize;
    fn show_refreshing(&self, refreshing: bool);
}

/// One refresh, counted while this lives. Holds the screen weakly: a refresh under way does not
/// keep a dropped screen alive.
pub(super) struct Refreshing<T: Refreshes>(Weak<T>);

impl<T: Refreshes> Refreshing<T> {
    pub(super) fn start(screen: &Arc<T>) -> Self {
        screen.refreshes().fetch_add(1, Ordering::SeqCst);
        screen.show_refreshing(true);
        Self(Arc::downgrade(screen))
    }
}

impl<T: Refreshes> Drop for Refreshing<T> {
    fn drop(&mut self) {
        if let Some(screen) = self.0.upgrade() {
            let left = screen.refreshes().fetch_sub(1, Ordering::SeqCst) - 1;
            screen.show_refreshing(left > 0);
        }
    }
}
