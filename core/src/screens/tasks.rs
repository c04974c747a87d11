//! The tasks a screen runs beside its state (following the SDK's events, its first read, a
//! wait before saying "offline"): they end with the screen, never outliving it.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, MutexGuard};

use tokio::runtime::Handle;
use tokio::task::AbortHandle;

/// A screen's tasks, aborted when the screen is dropped.
#[derive(Default)]
pub(crate) struct Tasks(Mutex<Vec<AbortHandle>>);

impl Tasks {
    /// Runs `task` on `runtime` until it ends or the screen goes. Boxed: one task type for
    /// every screen's tasks, so tokio's task code is compiled once, not once per future.
    pub(crate) fn spawn(&self, runtime: &Handle, task: impl Future<Output = ()> + Send + 'static) {
        let task: Pin<Box<dyn Future<Output = ()> + Send>> = Box::pin(task);
        let handle = runtime.spawn(task).abort_handle();
        lock(&self.0).push(handle);
    }
}

impl Drop for Tasks {
    fn drop(&mut self) {
        for task in lock(&self.0).drain(..) {
            task.abort();
        }
    }
}

/// A screen's lock, even if a panicking holder poisoned it: what it guards is re-read from the
/// store anyway.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
