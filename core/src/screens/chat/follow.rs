//! What changes the chat screen without the user: messages arriving and being confirmed, the
//! agent typing, joining, leaving or ending, the queue, the link, uploads, the settings,
//! another user. Events that arrive together make one new state, not one each.

use std::sync::{Arc, Weak};
use std::time::Duration;

use super::snapshot::PlacedNotice;
use super::{ChatState, ChatStatus, ConnectionBanner, Inner, lock, snapshot};
use crate::screens::{FileUpload, Notice, TimelineItem};
use crate::screens::{drafts, next_batch};
use crate::{ChatEvent, ConnectionState, Event, EventStream, Result};

/// A link that is not up this long after the screen opened is shown as offline.
const OFFLINE_AFTER: Duration = Duration::from_secs(3);
/// Agents joining and leaving kept for the timeline: a screen left open for days stays small.
const MAX_NOTICES: usize = 50;

pub(super) async fn run(screen: Weak<Inner>, mut events: EventStream) {
    if let Some(inner) = screen.upgrade() {
        if let Err(e) = first_read(&inner).await {
            tracing::info!("chat screen: the device's copy not read: {e}");
        }
        show_connection(&inner, inner.messaging.connection_state());
        let weak = Weak::clone(&screen);
        let timer = async move {
            tokio::time::sleep(OFFLINE_AFTER).await;
            if let Some(inner) = weak.upgrade() {
                lock(&inner.live).down_is_offline = true;
                show_connection(&inner, inner.messaging.connection_state());
            }
        };
        inner.tasks.spawn(&inner.kernel.runtime, timer);
    }
    while let Some(batch) = next_batch(&mut events).await {
        let Some(inner) = screen.upgrade() else { return };
        // Fell behind: read everything again.
        let mut reread = batch.lagged;
        for event in batch.events {
            reread |= apply(&inner, event);
        }
        if reread && let Err(e) = refresh(&inner).await {
            tracing::debug!("chat screen: not read again: {e}");
        }
    }
}

/// Applies what an event says by itself; whether the store must be read again.
fn apply(inner: &Inner, event: Event) -> bool {
    let shown = inner.state.with(|s| s.conversation.as_ref().map(|c| c.id));
    let here = |id: i64| shown.is_none_or(|shown| shown == id);
    match event {
        Event::Chat(ChatEvent::Typing { conversation_id, author, active }) if here(conversation_id) => {
            let after_seq = inner.state.with(|s| last_seq(&s.timeline));
            lock(&inner.live).typing_after_seq = after_seq;
            inner.state.update(|s| s.typing = active.then_some(author));
            false
        }
        Event::Chat(ChatEvent::Connection { state }) => {
            show_connection(inner, state);
            false
        }
        Event::Chat(ChatEvent::AgentJoined { conversation_id, agent }) => {
            place(inner, conversation_id, Notice::AgentJoined { agent });
            lock(&inner.live).queued.take_if(|(queued_in, _)| *queued_in == conversation_id);
            true
        }
        Event::Chat(ChatEvent::AgentLeft { conversation_id, agent }) => {
            if here(conversation_id) {
                inner.state.update(|s| _ = s.typing.take_if(|typing| *typing == agent));
            }
            place(inner, conversation_id, Notice::AgentLeft { agent });
            true
        }
        Event::Chat(ChatEvent::Queue { conversation_id, position, wait_seconds }) => {
            lock(&inner.live).queued = Some((conversation_id, Notice::Queued { position, wait_seconds }));
            true
        }
        Event::UploadProgress { target_id, file_name, sent_bytes, total_bytes } => {
            let mut live = lock(&inner.live);
            let files = live.uploads.entry(target_id).or_default();
            files.retain(|f| f.file_name != file_name);
            if sent_bytes < total_bytes {
                files.push(FileUpload { file_name, sent_bytes, total_bytes });
            }
            live.uploads.retain(|_, files| !files.is_empty());
            true
        }
        Event::IdentityChanged => {
            // Another user (or none): nothing of the previous one's chat stays on screen.
            *lock(&inner.live) = snapshot::Live::default();
            inner.state.update(|s| *s = ChatState::default());
            true
        }
        Event::SignedIn => {
            // Refused for want of a user: `start` may now succeed.
            inner.state.update(|s| {
                if matches!(s.status, ChatStatus::Failed { error: crate::Error::NoIdentity }) {
                    s.status = ChatStatus::Starting;
                }
            });
            true
        }
        Event::Chat(_) | Event::OutboxChanged { .. } | Event::SettingsChanged | Event::StoreRecovered => true,
        _ => false,
    }
}

/// Notes what happened in the conversation shown now, after its last message. Of the others
/// the place is unknown (their notices are not kept), and the last `MAX_NOTICES` are enough.
fn place(inner: &Inner, conversation_id: i64, notice: Notice) {
    let after_seq = inner.state.with(|s| {
        let shown = s.conversation.as_ref().is_some_and(|c| c.id == conversation_id);
        let last_seq = last_seq(&s.timeline);
        shown.then_some(last_seq)
    });
    let Some(after_seq) = after_seq else { return };
    let at = std::time::SystemTime::now();
    let mut live = lock(&inner.live);
    live.notices.push(PlacedNotice { conversation_id, after_seq, at, notice });
    let excess = live.notices.len().saturating_sub(MAX_NOTICES);
    live.notices.drain(..excess);
}

/// The `seq` of the newest message confirmed by the helpdesk (0: none yet).
fn last_seq(timeline: &[TimelineItem]) -> i64 {
    timeline
        .iter()
        .rev()
        .find_map(|item| match item {
            TimelineItem::Message { message, .. } => message.seq,
            _ => None,
        })
        .unwrap_or(0)
}

/// Typing is over once the typist's message came (after `after_seq`, the newest message when
/// they started) or the conversation ended, even if the helpdesk never says they stopped.
fn typing_over(s: &mut ChatState, after_seq: i64) {
    let answered = s.typing.as_ref().is_some_and(|typing| {
        s.timeline.iter().any(|item| {
            matches!(item, TimelineItem::Message { message, .. }
                if !message.is_mine && message.author == *typing && message.seq.is_some_and(|seq| seq > after_seq))
        })
    });
    if answered || s.status == ChatStatus::Ended {
        s.typing = None;
    }
}

fn show_connection(inner: &Inner, state: ConnectionState) {
    let down_is_offline = {
        let mut live = lock(&inner.live);
        live.down_is_offline |= state == ConnectionState::Connected;
        live.down_is_offline
    };
    inner.state.update(|s| {
        let pending = match s.banner {
            ConnectionBanner::Offline { pending } => pending,
            _ => 0,
        };
        s.banner = match state {
            ConnectionState::Connected => ConnectionBanner::Online,
            ConnectionState::Polling => ConnectionBanner::Polling,
            ConnectionState::Connecting | ConnectionState::Disconnected if down_is_offline => {
                ConnectionBanner::Offline { pending }
            }
            ConnectionState::Connecting | ConnectionState::Disconnected => ConnectionBanner::Connecting,
        };
        if s.banner == ConnectionBanner::Online {
            // Whoever was typing when the link dropped may not be any more.
            return;
        }
        s.typing = None;
    });
}

/// The composer's draft and the device's copy of the chat, once, as the screen opens.
async fn first_read(inner: &Arc<Inner>) -> Result<()> {
    let kernel = Arc::clone(&inner.kernel);
    let text: String = inner.kernel.blocking(move || kernel.store.read(|c| drafts::load(c, super::DRAFT))).await?;
    inner.state.update(|s| {
        // What the user may have typed already wins over the draft.
        if s.composer.text.is_empty() {
            s.composer.text = text;
        }
    });
    refresh(inner).await
}

/// Reads the state again from the device (one read at a time: an older one never lands over
/// a newer one); while the screen is visible, what arrived is read.
pub(super) async fn refresh(inner: &Arc<Inner>) -> Result<()> {
    let one_at_a_time = inner.reading.lock().await;
    let reading = Arc::clone(inner);
    let snapshot = inner.kernel.blocking(move || snapshot::read(&reading)).await?;
    let typing_after_seq = lock(&inner.live).typing_after_seq;
    inner.state.update(|s| {
        snapshot.apply(s);
        typing_over(s, typing_after_seq);
        s.composer = super::composer(&s.composer.text, &s.status);
    });
    drop(one_at_a_time);
    if inner.visible.load(std::sync::atomic::Ordering::SeqCst) && inner.state.with(|s| s.unread_count > 0) {
        super::mark_read(inner).await?;
    }
    Ok(())
}
