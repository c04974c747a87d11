//! The chat screen's state read from the device, with what only the screen knows (notices of
//! agents joining and leaving, the queue, uploads) woven into the timeline.

use std::collections::HashMap;

use super::{ChatState, ChatStatus, ConnectionBanner, Inner};
use crate::outbox::{self, OutboxKind};
use crate::screens::{FileUpload, Notice, SendState, TimelineItem, with_days};
use crate::{ChatMessage, Conversation, DeliveryState, Result, settings};

/// What the screen learns from live events and the store does not keep.
#[derive(Default)]
pub(super) struct Live {
    /// Agents joining and leaving, each after the message that was last when it happened.
    pub notices: Vec<PlacedNotice>,
    /// The place in the queue, while waiting for an agent.
    pub queued: Option<(i64, Notice)>,
    /// Files of the user's messages being uploaded, by message.
    pub uploads: HashMap<String, Vec<FileUpload>>,
    /// The link was up once, or has been trying for a while: down means offline now, not
    /// "connecting".
    pub down_is_offline: bool,
    /// The newest message's `seq` when someone started typing: a later one of theirs ends it.
    pub typing_after_seq: i64,
}

pub(super) struct PlacedNotice {
    pub conversation_id: i64,
    /// The `seq` of the message before it (0: before any).
    pub after_seq: i64,
    pub at: std::time::SystemTime,
    pub notice: Notice,
}

impl Live {
    /// Another conversation shows: what was live about the previous one is gone.
    pub fn conversation_changed(&mut self) {
        self.queued = None;
    }
}

/// The state's parts that are read from the device.
pub(super) struct Snapshot {
    conversation: Option<Conversation>,
    timeline: Vec<TimelineItem>,
    unread_count: i32,
    agent_read_seq: i64,
    pending: i32,
    conversations: Vec<Conversation>,
    can_start_new: bool,
    enabled: bool,
}

impl Snapshot {
    pub fn apply(self, s: &mut ChatState) {
        if let Some(conversation) = &self.conversation {
            // Starting or failed stays until the opening says otherwise.
            if matches!(s.status, ChatStatus::Open | ChatStatus::Ended) {
                s.status = if conversation.active { ChatStatus::Open } else { ChatStatus::Ended };
            }
        }
        if !self.enabled {
            s.status =
                ChatStatus::Failed { error: crate::Error::FeatureDisabled { feature: settings::Feature::Messaging } };
        }
        s.conversation = self.conversation;
        s.timeline = self.timeline;
        s.unread_count = self.unread_count;
        s.agent_read_seq = self.agent_read_seq;
        s.conversations = self.conversations;
        s.can_start_new = self.can_start_new;
        if let ConnectionBanner::Offline { pending } = &mut s.banner {
            *pending = self.pending;
        }
    }
}

/// Reads the chat as the device holds it now (a blocking read: call it off the async workers).
pub(super) fn read(inner: &Inner) -> Result<Snapshot> {
    let messaging = &inner.messaging;
    let conversation = messaging.shown_conversation()?;
    let messages = messaging.messages()?;
    let writes: Vec<_> =
        inner.kernel.store.read(outbox::all)?.into_iter().filter(|item| item.kind == OutboxKind::SendMessage).collect();
    let pending = crate::numbers::count(writes.iter().filter(|w| w.state == DeliveryState::Pending).count());
    let items: HashMap<&str, i64> = writes.iter().map(|w| (w.target_id.as_str(), w.id)).collect();
    // Uploads of messages no longer on their way (sent, failed, discarded) are over.
    let on_their_way: std::collections::HashSet<&str> =
        writes.iter().filter(|w| w.state == DeliveryState::Pending).map(|w| w.target_id.as_str()).collect();
    super::lock(&inner.live).uploads.retain(|id, _| on_their_way.contains(id.as_str()));
    let settings = settings::current(&inner.kernel);
    let several = settings.messaging.multiple_conversations;
    let conversations = if several { messaging.conversations()? } else { vec![] };
    let unread_count = match &conversation {
        Some(c) => messaging.unread_count_of(c.id)?,
        None => 0,
    };
    let live = super::lock(&inner.live);
    let timeline = timeline(&messages, conversation.as_ref(), &live, &items, inner.offset);
    Ok(Snapshot {
        can_start_new: several || !conversation.as_ref().is_some_and(|c| c.active),
        agent_read_seq: messaging.agent_read_seq()?,
        enabled: settings.messaging.enabled,
        conversation,
        timeline,
        unread_count,
        pending,
        conversations,
    })
}

/// The messages, with each notice after the message it followed, then the queue or the end.
fn timeline(
    messages: &[ChatMessage],
    conversation: Option<&Conversation>,
    live: &Live,
    items: &HashMap<&str, i64>,
    offset: time::UtcOffset,
) -> Vec<TimelineItem> {
    let shown = conversation.map(|c| c.id);
    let mut notices = live.notices.iter().filter(|n| Some(n.conversation_id) == shown).peekable();
    let mut rows: Vec<(Option<std::time::SystemTime>, TimelineItem)> = Vec::with_capacity(messages.len() + 2);
    for message in messages {
        let seq = message.seq.unwrap_or(i64::MAX);
        while let Some(placed) = notices.next_if(|n| n.after_seq < seq) {
            rows.push((Some(placed.at), TimelineItem::Notice { notice: placed.notice.clone() }));
        }
        let send = SendState {
            outbox_item: items.get(message.local_id.as_str()).copied(),
            uploads: live.uploads.get(&message.local_id).cloned().unwrap_or_default(),
        };
        rows.push((Some(message.created_at), TimelineItem::Message { message: message.clone(), send }));
    }
    rows.extend(notices.map(|n| (Some(n.at), TimelineItem::Notice { notice: n.notice.clone() })));
    match conversation {
        Some(c) if !c.active => rows.push((None, TimelineItem::Notice { notice: Notice::Ended })),
        Some(c) => {
            if let Some((_, queued)) = live.queued.as_ref().filter(|(id, _)| *id == c.id) {
                rows.push((None, TimelineItem::Notice { notice: queued.clone() }));
            }
        }
        None => {}
    }
    with_days(rows, offset)
}
