//! Who listens to what: every open WebSocket, the conversations each one subscribed to, and the
//! fan-out of frames to them. Small per connection: one bounded queue and a close signal.
//!
//! Publishing never waits: a frame goes into each subscriber's queue with `try_send`. A
//! connection whose queue is full is too slow to follow: it is unsubscribed and told to close,
//! and its client reconnects and subscribes again with the last seq it holds (nothing is lost,
//! the store replays it). Frames of a conversation are published while the store's connection is
//! held (see `actions`), so they reach every subscriber in seq order.
//!
//! A user holds at most `max_per_user` connections: a new one past it closes that user's oldest
//! (usually one whose network went away unnoticed, the app having reconnected over another).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::{Notify, mpsc};

/// Frames a connection may have queued before it counts as too slow.
const QUEUE_CAPACITY: usize = 1024;
/// A user who said "typing" and then nothing for this long is no longer typing.
const TYPING_TTL: Duration = Duration::from_secs(10);

/// One frame on its way to a connection.
#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    pub conversation_id: u64,
    /// Set on `message` frames: lets a connection drop what its replay already sent.
    pub seq: Option<u64>,
    pub text: Arc<str>,
}

/// Why the hub closed a connection; it tells the client in the close frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CloseReason {
    /// Too slow to follow, or realtime switched off: reconnect (and subscribe again) later.
    Reconnect = 0,
    /// The user opened more connections than allowed; this was the oldest.
    Replaced = 1,
}

/// What the hub can do to a connection from outside its task: ask it to close.
#[derive(Default)]
pub(crate) struct CloseSignal {
    notify: Notify,
    reason: AtomicU8,
}

impl CloseSignal {
    /// Waits until the hub asks for the close; returns why.
    pub(crate) async fn closed(&self) -> CloseReason {
        self.notify.notified().await;
        match self.reason.load(Ordering::SeqCst) {
            1 => CloseReason::Replaced,
            _ => CloseReason::Reconnect,
        }
    }

    fn close(&self, reason: CloseReason) {
        self.reason.store(reason as u8, Ordering::SeqCst);
        // Stores a permit if the connection is busy: it closes as soon as it looks.
        self.notify.notify_one();
    }
}

/// One open connection, as the hub knows it.
struct Open {
    user_id: u64,
    close: Arc<CloseSignal>,
}

struct Subscriber {
    conn: u64,
    tx: mpsc::Sender<Outgoing>,
    close: Arc<CloseSignal>,
}

#[derive(Default)]
struct Inner {
    next_conn: u64,
    connections: HashMap<u64, Open>,
    subscribers: HashMap<u64, Vec<Subscriber>>,
    user_typing: HashMap<u64, Instant>,
}

/// Shared by the server's handlers and its [`crate::RunningServer`].
pub(crate) struct Hub {
    inner: Mutex<Inner>,
    enabled: AtomicBool,
    /// Connections one user may hold at once (at least 1).
    max_per_user: usize,
}

impl Hub {
    pub(crate) fn new(enabled: bool, max_per_user: usize) -> Hub {
        Hub { inner: Mutex::default(), enabled: AtomicBool::new(enabled), max_per_user: max_per_user.max(1) }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn enabled(&self) -> bool {
        self.enabled.load(Ordering::SeqCst)
    }

    /// Turning realtime off also closes every open connection.
    pub(crate) fn set_enabled(&self, enabled: bool) {
        self.enabled.store(enabled, Ordering::SeqCst);
        if !enabled {
            for open in self.lock().connections.values() {
                open.close.close(CloseReason::Reconnect);
            }
        }
    }

    pub(crate) fn connection_count(&self) -> usize {
        self.lock().connections.len()
    }

    /// Registers a new connection of the user, closing their oldest ones past the cap;
    /// dropping the returned [`Connection`] forgets it.
    pub(crate) fn connect(self: &Arc<Self>, user_id: u64) -> Connection {
        let (tx, rx) = mpsc::channel(QUEUE_CAPACITY);
        let close = Arc::new(CloseSignal::default());
        let id = {
            let mut inner = self.lock();
            let mut theirs: Vec<u64> =
                inner.connections.iter().filter(|(_, open)| open.user_id == user_id).map(|(id, _)| *id).collect();
            theirs.sort_unstable();
            let excess = (theirs.len() + 1).saturating_sub(self.max_per_user);
            for oldest in theirs.into_iter().take(excess) {
                if let Some(open) = inner.connections.remove(&oldest) {
                    tracing::info!(user_id, conn = oldest, "too many realtime connections: closing the oldest");
                    open.close.close(CloseReason::Replaced);
                }
            }
            inner.next_conn += 1;
            let id = inner.next_conn;
            inner.connections.insert(id, Open { user_id, close: close.clone() });
            id
        };
        Connection { hub: self.clone(), id, tx, rx, close, subscriptions: HashMap::new() }
    }

    /// Sends `text` to every subscriber of the conversation; returns how many got it.
    pub(crate) fn publish(&self, conversation_id: u64, seq: Option<u64>, text: Arc<str>) -> usize {
        let mut inner = self.lock();
        let Some(subscribers) = inner.subscribers.get_mut(&conversation_id) else { return 0 };
        let out = Outgoing { conversation_id, seq, text };
        let mut delivered = 0;
        subscribers.retain(|s| match s.tx.try_send(out.clone()) {
            Ok(()) => {
                delivered += 1;
                true
            }
            Err(mpsc::error::TrySendError::Full(_)) => {
                tracing::info!(conversation_id, conn = s.conn, "realtime connection too slow: closing it");
                s.close.close(CloseReason::Reconnect);
                false
            }
            Err(mpsc::error::TrySendError::Closed(_)) => false,
        });
        if subscribers.is_empty() {
            inner.subscribers.remove(&conversation_id);
        }
        delivered
    }

    pub(crate) fn has_subscribers(&self, conversation_id: u64) -> bool {
        self.lock().subscribers.contains_key(&conversation_id)
    }

    pub(crate) fn set_user_typing(&self, conversation_id: u64, active: bool) {
        let mut inner = self.lock();
        if active {
            inner.user_typing.insert(conversation_id, Instant::now());
        } else {
            inner.user_typing.remove(&conversation_id);
        }
    }

    pub(crate) fn user_typing(&self, conversation_id: u64) -> bool {
        self.lock().user_typing.get(&conversation_id).is_some_and(|at| at.elapsed() < TYPING_TTL)
    }
}

/// One WebSocket's registration: its queue, its close signal, and what it subscribed to
/// (conversation -> highest message seq already sent, to drop doubles after a replay).
pub(crate) struct Connection {
    hub: Arc<Hub>,
    id: u64,
    tx: mpsc::Sender<Outgoing>,
    pub rx: mpsc::Receiver<Outgoing>,
    pub close: Arc<CloseSignal>,
    subscriptions: HashMap<u64, u64>,
}

impl Connection {
    pub(crate) fn is_subscribed(&self, conversation_id: u64) -> bool {
        self.subscriptions.contains_key(&conversation_id)
    }

    pub(crate) fn subscription_count(&self) -> usize {
        self.subscriptions.len()
    }

    /// Adds this connection to the conversation's subscribers (once). Call it while holding
    /// the store, then read the replay: no message can fall between the two.
    pub(crate) fn subscriber(&self) -> PendingSubscription {
        PendingSubscription { hub: self.hub.clone(), conn: self.id, tx: self.tx.clone(), close: self.close.clone() }
    }

    /// Records that everything up to `last_seq` has been sent.
    pub(crate) fn subscribed(&mut self, conversation_id: u64, last_seq: u64) {
        self.subscriptions.insert(conversation_id, last_seq);
    }

    /// Whether a queued frame should go out: `message` frames a replay already sent do not.
    pub(crate) fn admit(&mut self, out: &Outgoing) -> bool {
        match (out.seq, self.subscriptions.get_mut(&out.conversation_id)) {
            (Some(seq), Some(sent)) => {
                if seq <= *sent {
                    return false;
                }
                *sent = seq;
                true
            }
            _ => true,
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        let mut inner = self.hub.lock();
        inner.connections.remove(&self.id);
        for conversation_id in self.subscriptions.keys() {
            if let Some(subscribers) = inner.subscribers.get_mut(conversation_id) {
                subscribers.retain(|s| s.conn != self.id);
                if subscribers.is_empty() {
                    inner.subscribers.remove(conversation_id);
                }
            }
        }
    }
}

/// A subscription to register from inside a store call (it is `Send + 'static`).
pub(crate) struct PendingSubscription {
    hub: Arc<Hub>,
    conn: u64,
    tx: mpsc::Sender<Outgoing>,
    close: Arc<CloseSignal>,
}

impl PendingSubscription {
    pub(crate) fn register(self, conversation_id: u64) {
        let mut inner = self.hub.lock();
        let subscribers = inner.subscribers.entry(conversation_id).or_default();
        if !subscribers.iter().any(|s| s.conn == self.conn) {
            subscribers.push(Subscriber { conn: self.conn, tx: self.tx, close: self.close });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn fan_out_dedupe_and_cleanup() {
        let hub = Arc::new(Hub::new(true, 8));
        let mut a = hub.connect(1);
        let mut b = hub.connect(2);
        a.subscriber().register(5);
        a.subscriber().register(5);
        b.subscriber().register(5);
        a.subscribed(5, 2);
        b.subscribed(5, 0);
        assert_eq!(hub.publish(5, Some(2), "old".into()), 2);
        assert_eq!(hub.publish(5, Some(3), "new".into()), 2);
        assert_eq!(hub.publish(6, None, "x".into()), 0);
        let first = a.rx.recv().await.unwrap();
        assert!(!a.admit(&first), "seq 2 was replayed already");
        let second = a.rx.recv().await.unwrap();
        assert!(a.admit(&second));
        assert!(a.rx.try_recv().is_err(), "subscribed twice, delivered once");
        assert_eq!(hub.connection_count(), 2);
        drop(a);
        drop(b);
        assert_eq!(hub.connection_count(), 0);
        assert!(!hub.has_subscribers(5));
    }

    #[tokio::test]
    async fn a_full_queue_closes_the_slow_connection() {
        let hub = Arc::new(Hub::new(true, 8));
        let slow = hub.connect(1);
        slow.subscriber().register(1);
        for seq in 0..QUEUE_CAPACITY as u64 {
            assert_eq!(hub.publish(1, Some(seq), "m".into()), 1);
        }
        assert_eq!(hub.publish(1, None, "one too many".into()), 0);
        let why = tokio::time::timeout(Duration::from_secs(1), slow.close.closed()).await.expect("told to close");
        assert_eq!(why, CloseReason::Reconnect);
        assert!(!hub.has_subscribers(1));
    }

    #[tokio::test]
    async fn past_the_cap_a_users_oldest_connection_is_closed() {
        let hub = Arc::new(Hub::new(true, 2));
        let first = hub.connect(1);
        let _second = hub.connect(1);
        let _other = hub.connect(2);
        assert_eq!(hub.connection_count(), 3);
        let third = hub.connect(1);
        let why = tokio::time::timeout(Duration::from_secs(1), first.close.closed()).await.expect("oldest closed");
        assert_eq!(why, CloseReason::Replaced);
        assert_eq!(hub.connection_count(), 3, "the oldest no longer counts");
        let quiet = tokio::time::timeout(Duration::from_millis(50), third.close.closed()).await;
        assert!(quiet.is_err(), "the newest stays");
        drop(first);
        assert_eq!(hub.connection_count(), 3);
    }

    #[test]
    fn typing_expires_and_clears() {
        let hub = Hub::new(true, 8);
        hub.set_user_typing(1, true);
        assert!(hub.user_typing(1));
        hub.set_user_typing(1, false);
        assert!(!hub.user_typing(1));
    }
}
