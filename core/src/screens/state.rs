//! One screen's state as a latest-value channel: `subscribe` delivers the whole current state
//! first, then each new one. A slow listener gets the latest state when it is ready again,
//! never a backlog (a `tokio::sync::watch` keeps one value), and it runs on the runtime's
//! blocking pool: never on the app's thread, never on an async worker the network needs.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::runtime::Handle;
use tokio::sync::watch;
use tokio::task::AbortHandle;

/// Hears a screen's states. Called on an SDK thread, one state at a time per subscription:
/// hand it over (to a flow, the main actor) and return.
pub trait ScreenListener<S>: Send + Sync {
    fn on_state(&self, state: S);
}

impl<S, F: Fn(S) + Send + Sync> ScreenListener<S> for F {
    fn on_state(&self, state: S) {
        self(state)
    }
}

/// The state of one screen object, and who hears it.
pub(crate) struct ScreenState<S> {
    tx: watch::Sender<S>,
}

impl<S: Clone + PartialEq + Send + Sync + 'static> ScreenState<S> {
    pub(crate) fn new(initial: S) -> Self {
        Self { tx: watch::Sender::new(initial) }
    }

    /// The current state.
    pub(crate) fn get(&self) -> S {
        self.tx.borrow().clone()
    }

    /// Reads a part of the state without copying the whole (a long timeline).
    pub(crate) fn with<R>(&self, read: impl FnOnce(&S) -> R) -> R {
        read(&self.tx.borrow())
    }

    /// Changes the state; listeners hear of it only if it really changed.
    pub(crate) fn update(&self, change: impl FnOnce(&mut S)) {
        self.tx.send_if_modified(|state| {
            let before = state.clone();
            change(state);
            *state != before
        });
    }

    /// Delivers the current state, then each new one, until the subscription is dropped.
    pub(crate) fn subscribe(&self, runtime: &Handle, listener: Arc<dyn ScreenListener<S>>) -> ScreenSubscription {
        let rx = self.tx.subscribe();
        let closed = Arc::new(AtomicBool::new(false));
        // Boxed, like the delivery below: tokio's task code once for every screen's state type.
        let task: Pin<Box<dyn Future<Output = ()> + Send>> = Box::pin(deliver(rx, listener, Arc::clone(&closed)));
        let task = runtime.spawn(task);
        ScreenSubscription { closed, task: Mutex::new(Some(task.abort_handle())) }
    }
}

async fn deliver<S: Clone + Send + Sync + 'static>(
    mut rx: watch::Receiver<S>,
    listener: Arc<dyn ScreenListener<S>>,
    closed: Arc<AtomicBool>,
) {
    loop {
        // The latest value: states set while the listener was busy are skipped, not queued.
        let state = rx.borrow_and_update().clone();
        let (listener, closed) = (Arc::clone(&listener), Arc::clone(&closed));
        let delivery: Box<dyn FnOnce() + Send> = Box::new(move || {
            if !closed.load(Ordering::SeqCst) {
                listener.on_state(state);
            }
        });
        let delivered = tokio::task::spawn_blocking(delivery).await;
        if delivered.is_err() || rx.changed().await.is_err() {
            return;
        }
    }
}

/// A running subscription to a screen: `cancel()`, `close()` (Kotlin), releasing it (Swift) or
/// dropping it stops the states (a call already under way ends; no other starts).
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct ScreenSubscription {
    closed: Arc<AtomicBool>,
    task: Mutex<Option<AbortHandle>>,
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl ScreenSubscription {
    /// Stops the states. Idempotent; may be called from inside `on_state`.
    pub fn cancel(&self) {
        self.closed.store(true, Ordering::SeqCst);
        if let Some(task) = self.task.lock().unwrap_or_else(|p| p.into_inner()).take() {
            task.abort();
        }
    }
}

impl Drop for ScreenSubscription {
    fn drop(&mut self) {
        self.cancel();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_slow_listener_gets_the_latest_state_not_a_backlog() {
        let state = ScreenState::new(0u32);
        let (seen_tx, seen) = mpsc::channel();
        let (release_tx, release) = mpsc::channel::<()>();
        let release = Mutex::new(release);
        let listener = move |n: u32| {
            seen_tx.send(n).ok();
            if n == 0 {
                // Busy with the first state while a hundred more are set.
                release.lock().unwrap().recv().ok();
            }
        };
        let _subscription = state.subscribe(&Handle::current(), Arc::new(listener));
        assert_eq!(seen.recv_timeout(Duration::from_secs(5)).unwrap(), 0, "the current state first");
        for n in 1..=100 {
            state.update(|s| *s = n);
        }
        release_tx.send(()).unwrap();
        assert_eq!(seen.recv_timeout(Duration::from_secs(5)).unwrap(), 100, "the latest, the others skipped");
        assert!(seen.recv_timeout(Duration::from_millis(200)).is_err(), "no backlog follows");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn cancelling_stops_delivery_and_unchanged_states_are_not_sent() {
        let state = ScreenState::new(0u32);
        let (seen_tx, seen) = mpsc::channel();
        let subscription = state.subscribe(
            &Handle::current(),
            Arc::new(move |n: u32| {
                seen_tx.send(n).ok();
            }),
        );
        assert_eq!(seen.recv_timeout(Duration::from_secs(5)).unwrap(), 0);
        state.update(|s| *s = 0);
        state.update(|s| *s = 1);
        assert_eq!(seen.recv_timeout(Duration::from_secs(5)).unwrap(), 1, "a state equal to the last is not sent");
        subscription.cancel();
        state.update(|s| *s = 2);
        assert!(seen.recv_timeout(Duration::from_millis(200)).is_err(), "closed: nothing more");
    }
}
