//! Live messaging: the user's conversation with the support team, in real time.
//!
//! Messages live in SQLite (readable offline and after a restart). The user's messages go
//! through the outbox: stored first, sent in order exactly once (the client id), over the
//! WebSocket while it is up (confirmed by their echo, see `acks`), else over HTTP.
//! Everything else arrives over one WebSocket (see `realtime`), or by polling when
//! WebSockets cannot get through.

mod acks;
mod answers;
mod conversations;
mod db;
mod model;
mod poll;
pub(crate) mod realtime;
mod rich;
mod send;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use helpline_protocol as wire;
use tokio::sync::mpsc::{self, Sender};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::clock::now_rfc3339;
use crate::kernel::Kernel;
use crate::numbers::{signed, unsigned};
use crate::outbox::{self, Entry, OutboxKind};
use crate::satisfaction::{self, Rated, SatisfactionScore};
use crate::store::{Owned, Scope};
use crate::uploads;
use crate::{DeliveryState, Error, Event, Result};

pub use model::{
    ChatAuthor, ChatAuthorKind, ChatEvent, ChatMessage, ChatMessageKind, ConnectionState, Conversation,
    SuggestedArticle,
};
pub use rich::{
    ChatButton, ChatButtonAction, ChatCard, ChatForm, ChatFormField, ChatFormFieldKind, ChatFormOption, ChatFormValue,
    ChatQuickReply,
};

/// Longest message accepted, in bytes (as for ticket comments).
pub(crate) const MAX_MESSAGE_BYTES: usize = 64 * 1024;
/// Frames waiting for the realtime link (typing, read, subscribe): a bounded queue.
const OUTGOING_FRAMES: usize = 64;
/// Typing stops being shown this long after the last keystroke.
const TYPING_PAUSE: Duration = Duration::from_secs(3);

/// The user's conversations and messages.
const TABLES: Owned = Owned {
    owner: "messaging",
    scope: Scope::User { before_sign_in: false },
    tables: &["chat_conversations", "chat_messages"],
};

/// Makes live messaging part of the SDK: the user's messages, its tables.
pub(crate) fn register(chat: &Arc<ChatCore>) {
    chat.handlers.register(&[OutboxKind::SendMessage], Arc::new(MessageWrites(Arc::clone(chat))));
    chat.store.tables.declare(TABLES);
}

/// Live messaging's own part of the SDK: the kernel, and the state of the realtime link.
/// Derefs to the kernel, which its every function uses.
pub(crate) struct ChatCore {
    kernel: Arc<Kernel>,
    state: State,
}

impl ChatCore {
    pub(crate) fn new(kernel: Arc<Kernel>) -> Arc<Self> {
        Arc::new(Self { kernel, state: State::default() })
    }

    /// The SDK is dropped: the realtime link goes with it.
    pub(crate) fn shut_down(&self) {
        self.state.stop();
    }
}

impl std::ops::Deref for ChatCore {
    type Target = Kernel;

    fn deref(&self) -> &Kernel {
        &self.kernel
    }
}

/// The chat's side of the outbox: the user's messages.
pub(crate) struct MessageWrites(pub(crate) Arc<ChatCore>);

#[async_trait::async_trait]
impl crate::outbox::WriteHandler for MessageWrites {
    async fn deliver(&self, entry: &Entry) -> Result<()> {
        send::deliver(&self.0, entry).await
    }

    fn set_delivery(&self, conn: &rusqlite::Connection, entry: &Entry, state: &DeliveryState) -> Result<()> {
        db::set_delivery(conn, &entry.item.target_id, state)
    }

    fn discard(&self, conn: &rusqlite::Connection, item: &crate::OutboxItem) -> Result<Vec<Event>> {
        conn.execute("DELETE FROM chat_messages WHERE local_id = ?1 AND remote_id IS NULL", [&item.target_id])?;
        Ok(vec![Event::Chat(ChatEvent::MessagesChanged { conversation_id: None })])
    }

    fn changed(&self, _conn: &rusqlite::Connection, _item: &crate::OutboxItem) -> Result<Vec<Event>> {
        Ok(vec![Event::Chat(ChatEvent::MessagesChanged { conversation_id: None })])
    }
}

/// What live messaging keeps between calls.
#[derive(Default)]
struct State {
    /// Frames for the realtime session; `None` until `start`.
    outgoing: Mutex<Option<Sender<wire::ClientFrame>>>,
    task: Mutex<Option<JoinHandle<()>>>,
    connection: Mutex<Option<ConnectionState>>,
    typing: Mutex<Typing>,
    /// The conversation the live session is subscribed to, once the helpdesk answered the
    /// subscription (its replay or state frame came back).
    subscribed: Subscribed,
    /// Messages sent over the link, waiting for their echo.
    acks: acks::Acks,
    /// The conversations the link's session subscribed to: the helpdesk bounds them.
    followed: Mutex<std::collections::HashSet<i64>>,
}

struct Subscribed(tokio::sync::watch::Sender<Option<i64>>);

impl Default for Subscribed {
    fn default() -> Self {
        Self(tokio::sync::watch::channel(None).0)
    }
}

/// How long `start` waits for the live subscription before returning anyway.
const SUBSCRIBE_WAIT: Duration = Duration::from_secs(5);

#[derive(Default)]
struct Typing {
    /// Whether the helpdesk was told the user is typing.
    active: bool,
    last_keystroke: Option<Instant>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl State {
    /// Queues a frame for the link. Typing and read frames say a state the next one repeats:
    /// when the queue is full (the link is stuck), dropping one loses nothing.
    fn send_frame(&self, frame: wire::ClientFrame) {
        let _ = self.try_send_frame(frame);
    }

    /// Queues a frame for the link; whether it was taken (a link is running, with room).
    fn try_send_frame(&self, frame: wire::ClientFrame) -> bool {
        lock(&self.outgoing).as_ref().is_some_and(|tx| tx.try_send(frame).is_ok())
    }

    /// Stops the realtime link (the SDK is dropped, or the app asked).
    pub(crate) fn stop(&self) {
        lock(&self.outgoing).take();
        // Sent on the link and not echoed: over HTTP now, not after the echo's wait.
        self.acks.give_up_all();
        if let Some(task) = lock(&self.task).take() {
            task.abort();
        }
    }
}

pub(super) fn set_connection(chat: &ChatCore, state: ConnectionState) {
    let changed = lock(&chat.state.connection).replace(state) != Some(state);
    if changed {
        chat.events.emit(Event::Chat(ChatEvent::Connection { state }));
    }
}

/// Live chat with the support team. Cheap to clone.
#[derive(Clone)]
pub struct Messaging {
    chat: Arc<ChatCore>,
}

impl Messaging {
    pub(crate) fn new(chat: Arc<ChatCore>) -> Self {
        Self { chat }
    }

    /// Opens the chat: resumes the conversation open in it (the one opened or started last,
    /// while active; else the newest active one, or starts one) and connects the realtime
    /// link, which then stays up, reconnecting by itself, until `stop`. Offline, the cached
    /// conversation is returned and the link connects when it can.
    pub async fn start(&self) -> Result<Conversation> {
        crate::settings::require(&self.chat, crate::settings::Feature::Messaging)?;
        self.connect();
        let mut cached = self.conversation()?;
        if cached.is_some() {
            // It may have ended while the app was away: the helpdesk's list says (offline, the
            // cache does). Any other failure leaves it to the helpdesk's answer below.
            match conversations::refresh(&self.chat).await {
                Ok(_) => cached = self.conversation()?,
                Err(e) if e.is_transient() => {}
                Err(e) => {
                    tracing::info!("chat: the conversations could not be listed ({e})");
                    cached = None;
                }
            }
        }
        if let Some(open) = &cached {
            return self.open(open.id).await;
        }
        match send::start_conversation(&self.chat, &uuid::Uuid::new_v4().to_string(), false).await {
            Ok(started) => {
                self.chat.store.write(|tx| db::set_open(tx, signed(started.id)))?;
                // The history is there when `start` returns (the greeting, what was missed),
                // rather than whenever the WebSocket's replay lands.
                if let Err(e) = poll::once(&self.chat).await {
                    tracing::info!("chat history not brought now ({e}); the realtime link will");
                }
                let conversation = self.conversation()?.ok_or_else(|| Error::not_found("conversation"))?;
                self.await_subscription(conversation.id).await;
                Ok(conversation)
            }
            Err(e) if e.is_transient() => self.conversation()?.ok_or(e),
            Err(e) => {
                if matches!(e, Error::FeatureDisabled { .. }) {
                    // No live messaging on this helpdesk: no link to keep up either.
                    self.stop();
                }
                Err(e)
            }
        }
    }

    /// Waits until live events of the conversation flow (an agent typing right after `start`
    /// must not be missed), unless the link is polling or does not come up in time.
    async fn await_subscription(&self, conversation_id: i64) {
        let mut subscribed = self.chat.state.subscribed.0.subscribe();
        let wait = async {
            loop {
                if *subscribed.borrow_and_update() == Some(conversation_id)
                    || self.connection_state() == ConnectionState::Polling
                {
                    return;
                }
                // Polling is not announced on this channel: look again now and then.
                let _ = tokio::time::timeout(Duration::from_millis(100), subscribed.changed()).await;
            }
        };
        if tokio::time::timeout(SUBSCRIBE_WAIT, wait).await.is_err() {
            tracing::info!("live subscription to conversation {conversation_id} not confirmed yet");
        }
    }

    /// Connects the realtime link if it is not running (no network call waits here).
    pub fn connect(&self) {
        let mut task = lock(&self.chat.state.task);
        if task.as_ref().is_some_and(|t| !t.is_finished()) {
            return;
        }
        let (tx, rx) = mpsc::channel(OUTGOING_FRAMES);
        *lock(&self.chat.state.outgoing) = Some(tx);
        *task = Some(self.chat.runtime.spawn(realtime::run(Arc::clone(&self.chat), rx)));
    }

    /// Closes the realtime link. Queued messages are still sent by the outbox.
    pub fn stop(&self) {
        self.chat.state.stop();
        set_connection(&self.chat, ConnectionState::Disconnected);
    }

    pub fn connection_state(&self) -> ConnectionState {
        lock(&self.chat.state.connection).unwrap_or(ConnectionState::Disconnected)
    }

    /// The conversation open in the chat while it is active (the one opened or started last,
    /// else the newest active one), from the cache; `None` once it ended.
    pub fn conversation(&self) -> Result<Option<Conversation>> {
        Ok(self.chat.store.read(db::current_conversation)?.filter(|c| c.active))
    }

    /// The conversation open in the chat, ended or not (the chat screen shows an ended one
    /// until another is opened), as the app sees it.
    pub(crate) fn shown_conversation(&self) -> Result<Option<Conversation>> {
        Ok(self.chat.store.read(db::current_conversation)?.map(|c| self.shown(c)))
    }

    /// `conversation`'s id alone: what a send or a keystroke needs, cheaply.
    fn open_id(&self) -> Result<Option<i64>> {
        Ok(self.chat.store.read(db::current_id)?.filter(|(_, active)| *active).map(|(id, _)| id))
    }

    /// Every conversation cached on the device, the active ones first, each the most recently
    /// written to first, with its last message and unread count (`refresh_conversations`
    /// brings those the helpdesk has): an ended one is offered a satisfaction rating (see `rate`).
    pub fn conversations(&self) -> Result<Vec<Conversation>> {
        Ok(self.chat.store.read(db::conversations)?.into_iter().map(|c| self.shown(c)).collect())
    }

    /// Messages as the app sees them: links and images that pass the URL policy only.
    fn polished(&self, mut messages: Vec<ChatMessage>) -> Vec<ChatMessage> {
        let helpdesk = self.chat.session.transport.url("/");
        for message in &mut messages {
            rich::police_message(message, &helpdesk, self.chat.config.remote_images);
        }
        messages
    }

    /// Rates an ended conversation good or bad, with an optional comment (up to 1,000
    /// characters), or changes its rating: as `Tickets::rate` (the helpdesk rates the request
    /// behind it). Returns the conversation as now shown. Unknown -> `NotFound`; still active ->
    /// `Validation` on `status`; ratings switched off -> `FeatureDisabled`.
    pub async fn rate(
        &self,
        conversation_id: i64,
        score: SatisfactionScore,
        comment: Option<&str>,
    ) -> Result<Conversation> {
        let (this, comment) = (self.clone(), comment.map(str::to_owned));
        self.chat
            .blocking(move || {
                let find = || {
                    let conversation = this.cached(conversation_id)?;
                    if conversation.active {
                        return Err(satisfaction::not_rateable("conversation that ended"));
                    }
                    Ok((Rated::Conversation { conversation_id }, unsigned(conversation.request_id)))
                };
                satisfaction::rate(&this.chat, score, comment.as_deref(), find)?;
                this.cached(conversation_id).map(|c| this.shown(c))
            })
            .await
    }

    fn cached(&self, conversation_id: i64) -> Result<Conversation> {
        self.chat
            .store
            .read(|c| db::conversation(c, conversation_id))?
            .ok_or_else(|| Error::not_found(format!("conversation {conversation_id}")))
    }

    /// The conversation as the app sees it: offered a rating once ended, if ratings are on.
    fn shown(&self, mut conversation: Conversation) -> Conversation {
        conversation.satisfaction.offered = satisfaction::offered(&self.chat, !conversation.active);
        conversation.last_message = conversation.last_message.take().and_then(|m| self.polished(vec![m]).pop());
        conversation
    }

    /// The open conversation's messages in order (confirmed ones by seq, then the user's
    /// pending ones, those still waiting for a conversation too), from the cache: offline and
    /// after a restart too. An ended one's stay readable until another is opened.
    pub fn messages(&self) -> Result<Vec<ChatMessage>> {
        let messages = self.chat.store.read(|c| {
            let conversation = db::current_conversation(c)?;
            db::messages(c, conversation.map(|c| c.id), true)
        })?;
        Ok(self.polished(messages))
    }

    /// Writes a message: stored at once (pending), sent in order when the network allows,
    /// exactly once; a conversation is started first if there is none.
    pub async fn send(&self, text: &str) -> Result<ChatMessage> {
        if text.trim().is_empty() {
            return Err(Error::validation("text", "cannot be empty"));
        }
        self.queue(text, vec![]).await
    }

    /// Sends a file (a path on the device), with optional text: a `File` message without text.
    /// The file is checked and copied into the SDK's data dir as for a ticket's attachments
    /// (`AttachmentTooLarge`, or `Validation` on `attachments`, naming it), then uploaded and
    /// sent through the outbox like any message (see `Event::UploadProgress`).
    pub async fn send_file(&self, path: &Path, text: Option<&str>) -> Result<ChatMessage> {
        self.queue(text.unwrap_or(""), vec![path.to_path_buf()]).await
    }

    /// `queue_now`, off the caller's thread.
    async fn queue(&self, text: &str, attachments: Vec<PathBuf>) -> Result<ChatMessage> {
        let (this, text) = (self.clone(), text.to_owned());
        self.chat.blocking(move || this.queue_now(&text, &attachments, None)).await
    }

    /// Stores the user's message (and its staged files) with its outbox row; an `answer` to a
    /// rich message goes to that message's conversation, checked again in the same write.
    fn queue_now(&self, text: &str, attachments: &[PathBuf], answer: Option<&answers::Answer>) -> Result<ChatMessage> {
        crate::settings::require(&self.chat, crate::settings::Feature::Messaging)?;
        let text = text.trim();
        if text.len() > MAX_MESSAGE_BYTES {
            return Err(Error::validation("text", format!("longer than {MAX_MESSAGE_BYTES} bytes")));
        }
        if self.chat.session.identity().is_none() {
            return Err(Error::NoIdentity);
        }
        let conversation_id = match answer {
            Some(answer) => Some(answer.conversation_id),
            None => self.open_id()?,
        };
        // Last of the checks: once copied, the files are deleted again if the write fails.
        let files = uploads::stage(&self.chat, attachments)?;
        self.stop_typing();
        let client_id = uuid::Uuid::new_v4().to_string();
        let author = self.chat.session.display_name();
        let stored = self.chat.store.write(|tx| {
            if let Some(answer) = answer {
                answers::still_open(tx, answer)?;
            }
            db::insert_mine(tx, &client_id, conversation_id, text, &author, &now_rfc3339())?;
            if let Some(answer) = answer {
                db::set_reply(tx, &client_id, &answer.reply)?;
            }
            if !files.is_empty() {
                let kind = if text.is_empty() { wire::MessageKind::File } else { wire::MessageKind::Text };
                db::set_files(tx, &client_id, kind, &uploads::pending_column(&files)?)?;
            }
            let reply = answer.map(|a| a.reply.clone());
            let payload = send::MessagePayload { text: text.to_owned(), files: files.clone(), reply };
            let item = outbox::enqueue(tx, OutboxKind::SendMessage, &client_id, &payload)?;
            let first_in_line = outbox::nothing_before(tx, item.id)?;
            // Read back in the same transaction: the caller sees the message as committed
            // (pending), not whatever the outbox worker has made of it since.
            let message = db::message_by_id(tx, &client_id)?
                .ok_or_else(|| Error::Internal { reason: "the message just stored is missing".into() })?;
            Ok((item, message, first_in_line))
        });
        let (item, message, first_in_line) = stored.inspect_err(|_| uploads::discard(&self.chat, &files))?;
        // A plain text goes out on the link now; a file or an answer waits for the outbox (HTTP).
        if let (true, true, None, Some(conversation_id)) = (first_in_line, files.is_empty(), answer, conversation_id) {
            send::send_ahead(&self.chat, item.id, conversation_id, &client_id, text);
        }
        self.chat.events.emit(Event::OutboxChanged { item });
        self.chat.events.emit(Event::Chat(ChatEvent::MessagesChanged { conversation_id }));
        self.chat.outbox.nudge();
        Ok(message)
    }

    /// Call on every keystroke: the helpdesk hears "typing" once, then "stopped" after a
    /// pause, however many keystrokes come in between.
    pub fn typing(&self) {
        let Ok(Some(conversation_id)) = self.open_id() else { return };
        let start = {
            let mut typing = lock(&self.chat.state.typing);
            typing.last_keystroke = Some(Instant::now());
            !std::mem::replace(&mut typing.active, true)
        };
        if !start {
            return;
        }
        self.chat
            .state
            .send_frame(wire::ClientFrame::Typing { conversation_id: unsigned(conversation_id), active: true });
        let chat = Arc::clone(&self.chat);
        self.chat.runtime.spawn(async move {
            loop {
                let due = match lock(&chat.state.typing).last_keystroke {
                    Some(last) => last + TYPING_PAUSE,
                    None => return,
                };
                if Instant::now() >= due {
                    break;
                }
                tokio::time::sleep_until(due).await;
            }
            Messaging::new(chat).stop_typing();
        });
    }

    /// Tells the helpdesk the user stopped typing (sending a message does it too).
    pub fn stop_typing(&self) {
        let was_active = {
            let mut typing = lock(&self.chat.state.typing);
            typing.last_keystroke = None;
            std::mem::replace(&mut typing.active, false)
        };
        if let (true, Ok(Some(conversation_id))) = (was_active, self.open_id()) {
            self.chat
                .state
                .send_frame(wire::ClientFrame::Typing { conversation_id: unsigned(conversation_id), active: false });
        }
    }

    /// The user has seen every message of the open conversation so far: the agent is told
    /// (now, or on reconnect).
    pub async fn mark_read(&self) -> Result<()> {
        let Some((conversation_id, _)) = self.chat.store.read(db::current_id)? else { return Ok(()) };
        let chat = Arc::clone(&self.chat);
        let (seq, moved) = self
            .chat
            .blocking(move || {
                chat.store.write(|tx| {
                    // The end of the unbroken run: messages of a gap not brought yet were not
                    // seen, and count as unread when they come.
                    let seq = db::resume_seq(tx, conversation_id)?;
                    Ok((seq, db::set_my_read_seq(tx, conversation_id, seq)?))
                })
            })
            .await?;
        if seq > 0 {
            let frame = wire::ClientFrame::Read { conversation_id: unsigned(conversation_id), seq: unsigned(seq) };
            self.chat.state.send_frame(frame);
        }
        if moved {
            // The unread counts changed: badges follow (only then: a screen that marks read
            // on every change would otherwise never stop).
            self.chat.events.emit(Event::Chat(ChatEvent::MessagesChanged { conversation_id: Some(conversation_id) }));
        }
        Ok(())
    }

    /// The agent's and the bot's messages the user has not seen (see `mark_read`), in every
    /// conversation on the device, for a badge on the chat button (`unread_count_of` for one).
    pub fn unread_count(&self) -> Result<i32> {
        self.chat.store.read(db::total_unread)
    }

    /// How far the agent has read (the highest seq), for "seen" marks.
    pub fn agent_read_seq(&self) -> Result<i64> {
        let Some(conversation_id) = self.open_id()? else { return Ok(0) };
        self.chat.store.read(|c| db::agent_read_seq(c, conversation_id))
    }

    /// Brings the messages written since the last one held, over HTTP. Returns how many.
    pub async fn refresh(&self) -> Result<i32> {
        poll::once(&self.chat).await
    }
}

/// Another user signs in (or nobody): the previous user's realtime link closes; the new
/// user's opens with their next `start`.
pub(crate) fn stop_for_new_user(chat: &ChatCore) {
    if lock(&chat.state.task).is_some() {
        chat.state.stop();
        set_connection(chat, ConnectionState::Disconnected);
    }
}

/// A push named `conversation_id`: if the device holds that conversation (open or not), its
/// new messages are brought now (`MessagesChanged` follows, and `unread_count` grows). Whether
/// they were: offline, or for a conversation not on the device, the next `start`, `open` or
/// `refresh_conversations` brings them.
pub(crate) async fn sync_pushed(chat: &ChatCore, conversation_id: i64) -> Result<bool> {
    if chat.store.read(|c| db::conversation(c, conversation_id))?.is_none() {
        return Ok(false);
    }
    match poll::conversation(chat, conversation_id).await {
        Ok(_) => Ok(true),
        Err(e) if e.is_transient() => Ok(false),
        Err(e) => Err(e),
    }
}

/// The helpdesk answered a subscription (or the session ended: `None`).
pub(super) fn set_subscribed(chat: &ChatCore, conversation_id: Option<i64>) {
    chat.state.subscribed.0.send_replace(conversation_id);
}

/// Subscribes the running realtime session to a conversation the SDK just learnt about.
pub(super) fn subscribe(chat: &ChatCore, conversation_id: i64) -> Result<()> {
    let after_seq = chat.store.read(|c| db::resume_seq(c, conversation_id))?;
    lock(&chat.state.followed).insert(conversation_id);
    chat.state.send_frame(wire::ClientFrame::Subscribe {
        conversation_id: unsigned(conversation_id),
        after_seq: unsigned(after_seq),
    });
    Ok(())
}

/// The helpdesk bounds the conversations one link follows (the reference one at 64); past
/// this many, opening another starts a new session, which follows the open one alone.
const MAX_FOLLOWED: usize = 32;

/// Whether the link follows `conversation_id` among more than `MAX_FOLLOWED`, or could not
/// follow it without going past them.
pub(super) fn following_too_many(chat: &ChatCore, conversation_id: i64) -> bool {
    let followed = lock(&chat.state.followed);
    let after = followed.len() + usize::from(!followed.contains(&conversation_id));
    after > MAX_FOLLOWED
}

/// A new session of the link: it follows what it subscribes to from now on.
pub(super) fn session_started(chat: &ChatCore, subscribed: Option<i64>) {
    let mut followed = lock(&chat.state.followed);
    followed.clear();
    followed.extend(subscribed);
}
