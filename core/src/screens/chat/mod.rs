//! The chat screen: the open conversation's timeline (messages, rich messages, what happened,
//! day separators), who is typing, the connection banner, unread messages while the screen is
//! not visible, the composer (kept across a kill of the app, typing sent for it), and the
//! user's conversations when the helpdesk allows several.

mod follow;
mod model;
mod snapshot;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use time::UtcOffset;

pub use self::model::{ChatState, ChatStatus, Composer, ConnectionBanner};
use self::snapshot::Live;
use super::{ScreenListener, ScreenState, ScreenSubscription, Tasks, drafts, lock};
use crate::kernel::Kernel;
use crate::outbox::OutboxKind;
use crate::{ChatMessage, Conversation, Error, Messaging, Result, SatisfactionScore, outbox};

/// The composer's draft in `screen_drafts`.
const DRAFT: &str = "chat";

/// The chat screen (`Helpline::chat_screen`). Cheap to clone; the screen lives while a clone
/// does. Made, it shows what the device holds; `start` (or `open_conversation`,
/// `start_new`) opens the chat.
#[derive(Clone)]
pub struct ChatScreen {
    inner: Arc<Inner>,
}

struct Inner {
    kernel: Arc<Kernel>,
    messaging: Messaging,
    /// The user's time zone, for the timeline's days.
    offset: UtcOffset,
    state: ScreenState<ChatState>,
    /// What the store does not keep: notices, uploads, the queue, the link's history.
    live: Mutex<Live>,
    /// The screen is on the user's screen: what arrives is read.
    visible: AtomicBool,
    /// One draft write at a time, each of the composer as it is then.
    saving: tokio::sync::Mutex<()>,
    /// One read of the device at a time: an older read never lands over a newer one.
    reading: tokio::sync::Mutex<()>,
    /// Follows the SDK's events; the wait before saying "offline".
    tasks: Tasks,
}

impl ChatScreen {
    /// The chat screen, `Starting` until the device's copy is read (off the caller's thread,
    /// at once): `utc_offset_seconds` is the user's offset from UTC now (for the timeline's days).
    pub(crate) fn open(kernel: Arc<Kernel>, messaging: Messaging, utc_offset_seconds: i32) -> Result<Self> {
        // Before the first read: nothing that changes after it is missed.
        let events = kernel.events.subscribe();
        let inner = Arc::new(Inner {
            kernel,
            messaging,
            offset: super::offset_of(utc_offset_seconds),
            state: ScreenState::new(ChatState::default()),
            live: Mutex::new(Live::default()),
            visible: AtomicBool::new(false),
            saving: tokio::sync::Mutex::new(()),
            reading: tokio::sync::Mutex::new(()),
            tasks: Tasks::default(),
        });
        let screen = Self { inner };
        let follower = follow::run(Arc::downgrade(&screen.inner), events);
        screen.inner.tasks.spawn(&screen.inner.kernel.runtime, follower);
        Ok(screen)
    }

    /// Delivers the whole state now, then each new one, on an SDK thread (see `ScreenListener`).
    pub fn subscribe(&self, listener: Arc<dyn ScreenListener<ChatState>>) -> ScreenSubscription {
        self.inner.state.subscribe(&self.inner.kernel.runtime, listener)
    }

    pub fn state(&self) -> ChatState {
        self.inner.state.get()
    }

    /// Opens the chat (again, after a failure): the conversation open in it, or a new one.
    /// Offline, the cached one shows and the user may write; messages wait on the device.
    pub async fn start(&self) -> Result<Conversation> {
        self.inner.state.update(|s| s.status = ChatStatus::Starting);
        let started = self.inner.messaging.start().await;
        self.after_opening(started).await
    }

    /// Opens another of the user's conversations (from `conversations`).
    pub async fn open_conversation(&self, conversation_id: i64) -> Result<Conversation> {
        let opened = self.inner.messaging.open(conversation_id).await;
        lock(&self.inner.live).conversation_changed();
        self.after_opening(opened).await
    }

    /// Starts a new conversation and shows it.
    pub async fn start_new(&self) -> Result<Conversation> {
        let started = self.inner.messaging.start_new().await;
        lock(&self.inner.live).conversation_changed();
        self.after_opening(started).await
    }

    async fn after_opening(&self, opened: Result<Conversation>) -> Result<Conversation> {
        let failed = match &opened {
            Ok(_) => None,
            // Offline: the cache shows, and what the user writes waits for the helpdesk. Without
            // a user (or refused theirs), there is nothing to wait for: that shows.
            Err(e) if e.is_transient() && !matches!(e, Error::NoIdentity | Error::Unauthorized { .. }) => None,
            Err(e) => Some(e.clone()),
        };
        // Open, or ended: the conversation read next says which.
        self.inner.state.update(|s| s.status = ChatStatus::Open);
        let read = self.refresh_now().await;
        if let Some(error) = failed {
            self.inner.state.update(|s| s.status = ChatStatus::Failed { error });
        }
        let opened = opened?;
        read.map(|()| opened)
    }

    /// Reads everything again (the app came back to the foreground), and brings what the
    /// helpdesk has.
    pub async fn refresh(&self) -> Result<()> {
        let brought = self.inner.messaging.refresh().await;
        self.refresh_now().await?;
        brought.map(|_| ())
    }

    /// The screen is shown (`true`) or hidden: while shown, the agent's messages are read as
    /// they arrive; hidden, they add up in `unread_count`.
    pub async fn set_visible(&self, visible: bool) -> Result<()> {
        self.inner.visible.store(visible, Ordering::SeqCst);
        if visible && self.inner.state.with(|s| s.unread_count > 0) {
            mark_read(&self.inner).await?;
        }
        Ok(())
    }

    /// What the user typed: kept as a draft, and the agent sees them typing.
    pub async fn set_composer(&self, text: String) -> Result<()> {
        if text.trim().is_empty() {
            self.inner.messaging.stop_typing();
        } else {
            self.inner.messaging.typing();
        }
        self.inner.state.update(|s| s.composer = composer(&text, &s.status));
        self.save_draft().await
    }

    /// Sends what the composer holds: it empties at once (a second tap has nothing to send)
    /// and the message shows pending, then sent (offline, it waits on the device). Empty or too
    /// long: `Validation` on `text`, and the text stays in the composer.
    pub async fn send(&self) -> Result<ChatMessage> {
        let mut text = String::new();
        self.inner.state.update(|s| {
            text = std::mem::take(&mut s.composer.text);
            s.composer = composer("", &s.status);
        });
        let sent = self.inner.messaging.send(&text).await;
        if sent.is_err() {
            // Given back, unless the user typed on meanwhile.
            self.inner.state.update(|s| {
                if s.composer.text.is_empty() {
                    s.composer = composer(&text, &s.status);
                }
            });
        }
        let sent = sent?;
        self.save_draft().await?;
        self.refresh_now().await?;
        Ok(sent)
    }

    /// Sends a file (a path on the device), as `Messaging::send_file`.
    pub async fn send_file(&self, path: String) -> Result<ChatMessage> {
        let sent = self.inner.messaging.send_file(&PathBuf::from(path), None).await?;
        self.refresh_now().await?;
        Ok(sent)
    }

    /// Taps a quick reply or a postback button of a message (`Messaging::choose`).
    pub async fn choose(&self, message_id: String, payload: String) -> Result<ChatMessage> {
        let chosen = self.inner.messaging.choose(&message_id, &payload).await?;
        self.refresh_now().await?;
        Ok(chosen)
    }

    /// Answers a message's form (`Messaging::submit_form`).
    pub async fn submit_form(&self, message_id: String, values: HashMap<String, String>) -> Result<ChatMessage> {
        let answered = self.inner.messaging.submit_form(&message_id, values).await?;
        self.refresh_now().await?;
        Ok(answered)
    }

    /// Sends a failed message again (its `SendState::outbox_item`).
    pub async fn retry(&self, outbox_item: i64) -> Result<()> {
        let kernel = Arc::clone(&self.inner.kernel);
        self.inner
            .kernel
            .blocking(move || {
                a_message(&kernel, outbox_item)?;
                outbox::Worker::retry(&kernel, outbox_item)
            })
            .await?;
        self.refresh_now().await
    }

    /// Drops a failed message from the timeline and the device.
    pub async fn discard(&self, outbox_item: i64) -> Result<()> {
        let kernel = Arc::clone(&self.inner.kernel);
        self.inner
            .kernel
            .blocking(move || {
                a_message(&kernel, outbox_item)?;
                outbox::discard_and_announce(&kernel, outbox_item)
            })
            .await?;
        self.refresh_now().await
    }

    /// Rates the ended conversation shown (`Messaging::rate`).
    pub async fn rate(&self, score: SatisfactionScore, comment: Option<String>) -> Result<Conversation> {
        let Some(shown) = self.inner.state.with(|s| s.conversation.clone()) else {
            return Err(Error::not_found("conversation"));
        };
        let rated = self.inner.messaging.rate(shown.id, score, comment.as_deref()).await?;
        self.refresh_now().await?;
        Ok(rated)
    }

    /// Reads the state again from the device, at once.
    async fn refresh_now(&self) -> Result<()> {
        follow::refresh(&self.inner).await
    }

    async fn save_draft(&self) -> Result<()> {
        let _one_at_a_time = self.inner.saving.lock().await;
        let inner = Arc::clone(&self.inner);
        self.inner
            .kernel
            .blocking(move || {
                let text = inner.state.with(|s| s.composer.text.clone());
                inner.kernel.store.write(|tx| drafts::save(tx, DRAFT, &text))
            })
            .await
    }
}

/// The composer for `text`, in a chat that is `status`.
fn composer(text: &str, status: &ChatStatus) -> Composer {
    let open = matches!(status, ChatStatus::Open | ChatStatus::Starting);
    let can_send = open && !text.trim().is_empty() && text.len() <= crate::messaging::MAX_MESSAGE_BYTES;
    Composer { text: text.to_owned(), can_send }
}

/// The user saw every message so far (the counts follow from the next read).
async fn mark_read(inner: &Inner) -> Result<()> {
    inner.messaging.mark_read().await
}

/// Refuses an outbox item that is not one of the chat's messages (a ticket's write, say).
fn a_message(kernel: &Kernel, outbox_item: i64) -> Result<()> {
    let item = kernel.store.read(|c| outbox::get(c, outbox_item))?;
    match item {
        Some(entry) if entry.item.kind == OutboxKind::SendMessage => Ok(()),
        _ => Err(Error::not_found(format!("chat message write {outbox_item}"))),
    }
}
