//! The user's messages sent over the realtime link, each waiting for its echo: the helpdesk
//! stored it. Whatever does not come back (the link drops, the helpdesk answers an error
//! frame, the wait runs out) is sent again over HTTP with the same client id, which the
//! helpdesk keeps once: a message is never lost and never doubled.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::oneshot;

/// The outbox sends one message at a time; a few more would mean waits that were not cleared.
const MAX_WAITING: usize = 8;

#[derive(Default)]
pub(super) struct Acks {
    /// By client id.
    waiting: Mutex<HashMap<String, Waiting>>,
}

struct Waiting {
    /// The message's outbox row, completed with the echo.
    outbox_id: i64,
    echoed: oneshot::Sender<()>,
    /// Kept for the outbox when the message was sent ahead of it.
    ahead: Option<oneshot::Receiver<()>>,
}

impl Acks {
    /// The message was just stored and goes out on the link ahead of the outbox, which will
    /// only wait for its echo (see `expect`). `false` if too many already wait.
    pub(super) fn send_ahead(&self, client_id: &str, outbox_id: i64) -> bool {
        let mut waiting = super::lock(&self.waiting);
        if waiting.len() >= MAX_WAITING {
            return false;
        }
        let (echoed, rx) = oneshot::channel();
        waiting.insert(client_id.to_owned(), Waiting { outbox_id, echoed, ahead: Some(rx) });
        true
    }

    /// Waits for the echo of `client_id`, queued as outbox row `outbox_id`, and whether it was
    /// sent ahead already (else the caller sends it now); `None` if too many already wait (send
    /// over HTTP).
    pub(super) fn expect(&self, client_id: &str, outbox_id: i64) -> Option<(oneshot::Receiver<()>, bool)> {
        let mut waiting = super::lock(&self.waiting);
        if let Some(ahead) = waiting.get_mut(client_id).and_then(|w| w.ahead.take()) {
            return Some((ahead, true));
        }
        if waiting.len() >= MAX_WAITING {
            return None;
        }
        let (echoed, rx) = oneshot::channel();
        waiting.insert(client_id.to_owned(), Waiting { outbox_id, echoed, ahead: None });
        Some((rx, false))
    }

    /// The outbox row of `client_id`, if its echo is awaited: the link completes it in the
    /// transaction that stores the echo.
    pub(super) fn outbox_id(&self, client_id: &str) -> Option<i64> {
        super::lock(&self.waiting).get(client_id).map(|w| w.outbox_id)
    }

    /// The echo of `client_id` came back and is stored, its outbox row completed.
    pub(super) fn echoed(&self, client_id: &str) {
        if let Some(waiting) = super::lock(&self.waiting).remove(client_id) {
            let _ = waiting.echoed.send(());
        }
    }

    /// No echo is awaited for `client_id` any more.
    pub(super) fn forget(&self, client_id: &str) {
        super::lock(&self.waiting).remove(client_id);
    }

    /// The link dropped, or the helpdesk answered an error: every wait ends at once, and its
    /// message goes over HTTP, whose answer says what was wrong.
    pub(super) fn give_up_all(&self) {
        super::lock(&self.waiting).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_echo_ends_its_wait_and_giving_up_ends_the_others() {
        let acks = Acks::default();
        let (first, sent) = acks.expect("a", 1).unwrap();
        assert!(!sent);
        let (second, _) = acks.expect("b", 2).unwrap();
        assert_eq!((acks.outbox_id("a"), acks.outbox_id("c")), (Some(1), None));
        acks.echoed("a");
        assert!(first.await.is_ok(), "echoed");
        acks.give_up_all();
        assert!(second.await.is_err(), "given up: the sender is gone");
    }

    #[test]
    fn waits_are_bounded() {
        let acks = Acks::default();
        let held: Vec<_> = (0..MAX_WAITING).map(|i| acks.expect(&i.to_string(), i as i64).unwrap()).collect();
        assert!(acks.expect("one more", 99).is_none());
        acks.forget("0");
        assert!(acks.expect("one more", 99).is_some());
        drop(held);
    }

    #[tokio::test]
    async fn a_message_sent_ahead_is_awaited_not_sent_again() {
        let acks = Acks::default();
        assert!(acks.send_ahead("a", 7));
        assert_eq!(acks.outbox_id("a"), Some(7));
        let (echo, sent) = acks.expect("a", 7).unwrap();
        assert!(sent, "the outbox only waits");
        acks.echoed("a");
        assert!(echo.await.is_ok());
        let (_, sent) = acks.expect("a", 7).unwrap();
        assert!(!sent, "echoed: a later attempt sends again");
    }
}
