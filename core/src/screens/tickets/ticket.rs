//! The ticket screen: one ticket's conversation as a timeline, the reply being written (kept on
//! the device), what the user may do, and the user's writes on their way. While the screen is
//! visible, an agent's answer that arrives is marked read, and the ticket is brought from the
//! helpdesk every `Config::open_ticket_refresh` for apps without push.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use time::UtcOffset;
use tokio::sync::OwnedMutexGuard;

use super::draft::{self, ReplyDraft};
use super::model::{ReplyComposer, TicketScreenState};
use super::refreshing::{Refreshes, Refreshing};
use super::{follow, view};
use crate::kernel::Kernel;
use crate::outbox::{self, OutboxItem, Worker};
use crate::screens::contact_form::{add_once, stage, staged};
use crate::screens::{FileUpload, ScreenListener, ScreenState, ScreenSubscription, TimelineItem, offset_of};
use crate::screens::{Tasks, lock};
use crate::settings::{self, Feature};
use crate::{
    DeliveryState, Error, Result, SatisfactionScore, Ticket, TicketComment, TicketDetail, TicketStatus, Tickets,
};

/// The ticket screen (`Helpline::ticket_screen`). Cheap to clone; the screen lives while a
/// clone or a subscription's source does.
#[derive(Clone)]
pub struct TicketScreen {
    inner: Arc<TicketInner>,
}

pub(super) struct TicketInner {
    pub(super) kernel: Arc<Kernel>,
    tickets: Tickets,
    pub(super) ticket_id: String,
    /// The user's time zone, for the timeline's days.
    offset: UtcOffset,
    state: ScreenState<TicketScreenState>,
    /// On screen now: an agent's answer arriving is marked read.
    visible: AtomicBool,
    /// A reply is being stored.
    sending: AtomicBool,
    refreshes: AtomicUsize,
    /// One re-read at a time, so an older read never lands after a newer one.
    reading: tokio::sync::Mutex<()>,
    /// One draft write at a time, each of the composer as it is then; held by the first read
    /// until the reply the user left is shown (an edit waits for it, never lost under it).
    saving: Arc<tokio::sync::Mutex<()>>,
    /// Files on their way, by write target (a comment's id, the ticket's for its description).
    uploads: Mutex<HashMap<String, Vec<FileUpload>>>,
    tasks: Tasks,
}

/// What one read of the device gives.
struct Read {
    detail: TicketDetail,
    writes: Vec<OutboxItem>,
    support: bool,
}

impl Refreshes for TicketInner {
    fn refreshes(&self) -> &AtomicUsize {
        &self.refreshes
    }

    fn show_refreshing(&self, refreshing: bool) {
        self.update(|s| s.refreshing = refreshing);
    }
}

impl TicketScreen {
    /// Returns at once (`loaded` false): the ticket as the device has it follows, with the reply
    /// the user left (a ticket the device does not have shows `removed`); then a refresh from the
    /// helpdesk. `utc_offset_seconds`: the user's offset from UTC now, for the timeline's days.
    pub(crate) fn open(
        kernel: Arc<Kernel>,
        tickets: Tickets,
        ticket_id: String,
        utc_offset_seconds: i32,
    ) -> Result<Self> {
        if kernel.is_closed() {
            return Err(Error::Shutdown);
        }
        // Before the first read: nothing that changes after it is missed.
        let events = kernel.events.subscribe();
        let saving = Arc::new(tokio::sync::Mutex::new(()));
        let draft_read = Arc::clone(&saving).try_lock_owned().map_err(|e| Error::Internal { reason: e.to_string() })?;
        let state = TicketScreenState {
            loaded: false,
            ticket: not_read_yet(&ticket_id),
            timeline: vec![],
            reply: ReplyComposer::default(),
            actions: Default::default(),
            writes: vec![],
            followup_ticket_id: None,
            refreshing: false,
            refresh_error: None,
            error: None,
            removed: false,
        };
        let inner = Arc::new(TicketInner {
            kernel,
            tickets,
            ticket_id,
            offset: offset_of(utc_offset_seconds),
            state: ScreenState::new(state),
            visible: AtomicBool::new(false),
            sending: AtomicBool::new(false),
            refreshes: AtomicUsize::new(0),
            reading: tokio::sync::Mutex::new(()),
            saving,
            uploads: Mutex::new(HashMap::new()),
            tasks: Tasks::default(),
        });
        inner.tasks.spawn(&inner.kernel.runtime, follow::ticket(Arc::downgrade(&inner), events, draft_read));
        let counted = Refreshing::start(&inner);
        let weak = Arc::downgrade(&inner);
        // The outcome is in the state (`refresh_error`).
        inner.tasks.spawn(&inner.kernel.runtime, async move {
            let _ = refresh(&weak, counted).await;
        });
        let every = inner.kernel.config.open_ticket_refresh;
        if !every.is_zero() {
            inner.tasks.spawn(&inner.kernel.runtime, watch(Arc::downgrade(&inner), every));
        }
        Ok(Self { inner })
    }

    /// Delivers the whole state now, then each new one, on an SDK thread (see `ScreenListener`).
    pub fn subscribe(&self, listener: Arc<dyn ScreenListener<TicketScreenState>>) -> ScreenSubscription {
        self.inner.state.subscribe(&self.inner.kernel.runtime, listener)
    }

    /// The state as it is now.
    pub fn state(&self) -> TicketScreenState {
        self.inner.state.get()
    }

    /// The screen is on screen (true) or not (false, the default): while it is, the ticket is
    /// marked read, now and whenever an agent's answer arrives.
    pub async fn set_visible(&self, visible: bool) -> Result<()> {
        self.inner.visible.store(visible, Ordering::SeqCst);
        if visible { self.inner.reload().await } else { Ok(()) }
    }

    /// Brings the ticket and its conversation from the helpdesk: `refreshing` meanwhile, then
    /// `refresh_error` if it failed (the device's conversation still shown).
    pub async fn refresh(&self) -> Result<()> {
        refresh(&Arc::downgrade(&self.inner), Refreshing::start(&self.inner)).await
    }

    /// The reply's text, kept on the device as it is typed.
    pub async fn set_reply(&self, body: String) -> Result<()> {
        self.edit(|r| r.body = body).await
    }

    /// Adds a file (a path on the device) to the reply; the state says whether it will be taken.
    pub async fn add_reply_attachment(&self, path: String) -> Result<()> {
        let checked = stage(&self.inner.kernel, path).await?;
        self.edit(|r| add_once(&mut r.attachments, checked)).await
    }

    pub async fn remove_reply_attachment(&self, path: String) -> Result<()> {
        self.edit(|r| r.attachments.retain(|a| a.path != path)).await
    }

    /// Sends the reply: stored at once (durable, shown pending in the timeline, then sent by the
    /// outbox) and the composer emptied; on a closed ticket it opens a follow-up ticket
    /// (`followup_ticket_id`). A blank reply or a refused file -> `Validation`, shown in `error`,
    /// the composer kept. A second send while one is stored is refused (`Validation` on `reply`):
    /// a double tap sends once.
    pub async fn send_reply(&self) -> Result<TicketComment> {
        // The reply the user left, read first.
        drop(self.inner.saving.lock().await);
        if self.inner.sending.swap(true, Ordering::SeqCst) {
            return Err(Error::validation("reply", "a reply is already being sent"));
        }
        let _done = Sending(&self.inner);
        let reply = self.inner.state.with(|s| s.reply.clone());
        self.inner.update(|s| s.reply.sending = true);
        let paths: Vec<PathBuf> = reply.attachments.iter().map(|a| PathBuf::from(&a.path)).collect();
        let sent = self.inner.tickets.add_comment_with_attachments(&self.inner.ticket_id, &reply.body, &paths).await;
        let comment = match sent {
            Ok(comment) => comment,
            Err(error) => {
                self.inner.update(|s| {
                    s.reply.sending = false;
                    s.error = Some(error.clone());
                });
                return Err(error);
            }
        };
        self.inner.update(|s| {
            // What was sent goes; what the user changed meanwhile is theirs and stays.
            if s.reply.body == reply.body {
                s.reply.body.clear();
            }
            s.reply.attachments.retain(|a| !reply.attachments.iter().any(|sent| sent.path == a.path));
            s.reply.sending = false;
            s.error = None;
            if comment.ticket_id != self.inner.ticket_id {
                s.followup_ticket_id = Some(comment.ticket_id.clone());
            }
        });
        self.save().await?;
        self.inner.reload().await?;
        Ok(comment)
    }

    /// Marks the ticket solved (queued like any write; `actions.solve` goes meanwhile).
    pub async fn solve(&self) -> Result<()> {
        let result = self.inner.tickets.solve(&self.inner.ticket_id).await.map(drop);
        self.settle(result).await
    }

    /// Rates the solved ticket, or changes its rating (the Satisfaction API: shown pending, then
    /// sent; a comment up to 1,000 characters).
    pub async fn rate(&self, score: SatisfactionScore, comment: Option<String>) -> Result<()> {
        let result = self.inner.tickets.rate(&self.inner.ticket_id, score, comment.as_deref()).await.map(drop);
        self.settle(result).await
    }

    /// Queues a failed write of this ticket again (one of `writes`, or a comment's
    /// `send.outbox_item`).
    pub async fn retry(&self, outbox_item: i64) -> Result<()> {
        let result = match self.own_write(outbox_item) {
            Ok(()) => {
                let kernel = Arc::clone(&self.inner.kernel);
                self.inner.kernel.blocking(move || Worker::retry(&kernel, outbox_item)).await.map(drop)
            }
            Err(e) => Err(e),
        };
        self.settle(result).await
    }

    /// Drops a failed write of this ticket and what it left (the unsent reply; the ticket itself
    /// if its creation is dropped, and `removed` follows).
    pub async fn discard(&self, outbox_item: i64) -> Result<()> {
        let result = match self.own_write(outbox_item) {
            Ok(()) => {
                let kernel = Arc::clone(&self.inner.kernel);
                self.inner.kernel.blocking(move || outbox::discard_and_announce(&kernel, outbox_item)).await
            }
            Err(e) => Err(e),
        };
        self.settle(result).await
    }

    /// Only this screen's writes are this screen's to retry or discard.
    fn own_write(&self, outbox_item: i64) -> Result<()> {
        if self.inner.state.with(|s| s.writes.iter().any(|w| w.id == outbox_item)) {
            Ok(())
        } else {
            Err(Error::validation("outbox_item", format!("{outbox_item} is not a write of this ticket")))
        }
    }

    /// Shows an action's outcome (its error, or none) and the ticket as it is now.
    async fn settle(&self, result: Result<()>) -> Result<()> {
        self.inner.update(|s| s.error = result.as_ref().err().cloned());
        let read = self.inner.reload().await;
        result.and(read)
    }

    /// Applies a user's edit of the reply and keeps it on the device.
    async fn edit(&self, change: impl FnOnce(&mut ReplyComposer)) -> Result<()> {
        // Applied to the reply the user left, once it is read.
        drop(self.inner.saving.lock().await);
        self.inner.update(|s| change(&mut s.reply));
        self.save().await
    }

    /// Writes the reply's draft as it is now, off the caller's thread.
    async fn save(&self) -> Result<()> {
        let _one_at_a_time = self.inner.saving.lock().await;
        let inner = Arc::clone(&self.inner);
        self.inner
            .kernel
            .blocking(move || {
                let reply = inner.state.with(|s| s.reply.clone());
                let draft = ReplyDraft {
                    body: reply.body,
                    attachments: reply.attachments.into_iter().map(|a| a.path).collect(),
                };
                inner.kernel.store.write(|tx| draft::save(tx, &inner.ticket_id, &draft))
            })
            .await
    }
}

/// One refresh of the ticket: the screen is not held while the helpdesk answers.
async fn refresh(screen: &Weak<TicketInner>, _counted: Refreshing<TicketInner>) -> Result<()> {
    let (tickets, id) = {
        let inner = screen.upgrade().ok_or(Error::Shutdown)?;
        (inner.tickets.clone(), inner.ticket_id.clone())
    };
    let result = tickets.refresh_ticket(&id).await.map(drop);
    let Some(inner) = screen.upgrade() else { return result };
    let read = inner.reload().await;
    inner.update(|s| s.refresh_error = result.as_ref().err().cloned());
    match result {
        // Gone from the device meanwhile: `removed` says it.
        Err(Error::NotFound { .. }) => read,
        other => other.and(read),
    }
}

/// For apps without push: while the screen is visible, its ticket is brought from the helpdesk
/// every `every`, so an agent's answer shows (and is marked read) without the user pulling.
/// Quiet: no `refreshing`, a failure only logged, and a success clears an earlier refresh's
/// error. A closed ticket never changes again, and a refresh under way is not doubled.
async fn watch(screen: Weak<TicketInner>, every: Duration) {
    // An interval past what the clock can hold means never.
    let Some(first) = tokio::time::Instant::now().checked_add(every) else { return };
    let mut ticks = tokio::time::interval_at(first, every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let (tickets, id) = {
            let Some(inner) = screen.upgrade() else { return };
            let idle = inner.visible.load(Ordering::SeqCst) && inner.refreshes.load(Ordering::SeqCst) == 0;
            if !idle || inner.state.get().ticket.status == TicketStatus::Closed {
                continue;
            }
            (inner.tickets.clone(), inner.ticket_id.clone())
        };
        match tickets.refresh_ticket(&id).await {
            Ok(_) => {
                if let Some(inner) = screen.upgrade() {
                    inner.update(|s| s.refresh_error = None);
                }
            }
            Err(e) => tracing::debug!("ticket screen: not brought in the background: {e}"),
        }
    }
}

impl TicketInner {
    /// Changes the state, then what follows from it: whether the reply can be sent.
    fn update(&self, change: impl FnOnce(&mut TicketScreenState)) {
        self.state.update(|s| {
            change(s);
            let reply = &s.reply;
            let writable = s.actions.reply || s.actions.follow_up;
            s.reply.can_send = writable
                && !reply.sending
                && !reply.body.trim().is_empty()
                && reply.body.len() <= crate::tickets::MAX_BODY_BYTES;
        });
    }

    /// The first read: the reply the user left (its files checked again), then the ticket.
    /// `draft_read` keeps edits waiting until the reply is shown.
    pub(super) async fn first_read(&self, draft_read: OwnedMutexGuard<()>) -> Result<()> {
        let (kernel, id) = (Arc::clone(&self.kernel), self.ticket_id.clone());
        let reply = self
            .kernel
            .blocking(move || {
                let saved = kernel.store.read(|c| draft::load(c, &id))?;
                let attachments = saved.attachments.iter().map(|path| staged(&kernel, path)).collect();
                Ok(ReplyComposer { body: saved.body, attachments, sending: false, can_send: false })
            })
            .await;
        match reply {
            Ok(reply) => self.update(|s| s.reply = reply),
            Err(e) => tracing::info!("ticket screen: the reply left not read: {e}"),
        }
        drop(draft_read);
        self.reload().await
    }

    /// Reads the ticket from the device again; marks it read if it is on screen and an agent's
    /// answer is unread.
    pub(super) async fn reload(&self) -> Result<()> {
        let _one_at_a_time = self.reading.lock().await;
        let (kernel, tickets, id) = (Arc::clone(&self.kernel), self.tickets.clone(), self.ticket_id.clone());
        let read = match self.kernel.blocking(move || read_now(&kernel, &tickets, &id)).await {
            Ok(read) => read,
            Err(Error::NotFound { .. }) => return self.gone().await,
            Err(e) => return Err(e),
        };
        let unread = read.detail.ticket.unread;
        let timeline = {
            let mut uploads = lock(&self.uploads);
            // The files of writes that are done (sent, discarded) are no longer on their way.
            uploads.retain(|target, _| read.writes.iter().any(|w| &w.target_id == target));
            view::timeline(&read.detail, &read.writes, &uploads, self.offset)
        };
        self.update(|s| {
            s.loaded = true;
            s.actions = view::actions(&read.detail, &read.writes, read.support);
            s.timeline = timeline;
            s.ticket = read.detail.ticket;
            s.writes = read.writes;
            s.removed = false;
        });
        if unread && self.visible.load(Ordering::SeqCst) {
            self.tickets.mark_read(&self.ticket_id).await?;
            self.update(|s| s.ticket.unread = false);
        }
        Ok(())
    }

    /// The ticket left the device: the screen says so, and its reply goes with it.
    async fn gone(&self) -> Result<()> {
        self.update(|s| {
            s.loaded = true;
            s.removed = true;
            s.reply = ReplyComposer::default();
            s.actions = Default::default();
            s.writes.clear();
        });
        let (kernel, id) = (Arc::clone(&self.kernel), self.ticket_id.clone());
        self.kernel.blocking(move || kernel.store.write(|tx| draft::save(tx, &id, &ReplyDraft::default()))).await
    }

    /// Records a file's progress; whether it is one of this ticket's writes.
    pub(super) fn note_upload(&self, target: &str, file_name: &str, sent_bytes: i64, total_bytes: i64) -> bool {
        let ours = self.state.with(|s| s.writes.iter().any(|w| w.target_id == target));
        if ours {
            let mut uploads = lock(&self.uploads);
            view::note_upload(&mut uploads, target, file_name, sent_bytes, total_bytes);
        }
        ours
    }

    /// Shows the files' progress on their comments, without reading the device again.
    pub(super) fn show_uploads(&self) {
        let uploads = lock(&self.uploads).clone();
        self.update(|s| {
            let targets: HashMap<i64, &str> = s.writes.iter().map(|w| (w.id, w.target_id.as_str())).collect();
            for item in &mut s.timeline {
                if let TimelineItem::Comment { comment, send } = item
                    && let Some(target) = send.outbox_item.and_then(|id| targets.get(&id))
                {
                    send.uploads = view::uploads_of(comment, target, &uploads);
                }
            }
        });
    }
}

/// The ticket, its writes and whether support is on, from the device.
fn read_now(kernel: &Kernel, tickets: &Tickets, ticket_id: &str) -> Result<Read> {
    let detail = tickets.get(ticket_id)?;
    let writes = view::writes_of(&detail, kernel.store.read(outbox::all)?);
    let support = settings::require(kernel, Feature::Support).is_ok();
    Ok(Read { detail, writes, support })
}

/// The ticket as far as it is known before the first read: its id.
fn not_read_yet(ticket_id: &str) -> Ticket {
    Ticket {
        id: ticket_id.to_owned(),
        remote_id: None,
        subject: String::new(),
        description: String::new(),
        status: TicketStatus::New,
        tags: vec![],
        custom_fields: vec![],
        followup_source_id: None,
        can_be_solved_by_me: false,
        created_at: std::time::SystemTime::UNIX_EPOCH,
        updated_at: std::time::SystemTime::UNIX_EPOCH,
        delivery: DeliveryState::Sent,
        unread: false,
        satisfaction: Default::default(),
    }
}

/// Ends a send however it ends (an error, or the caller's future dropped): the composer is no
/// longer `sending`, and another send may start.
struct Sending<'a>(&'a TicketInner);

impl Drop for Sending<'_> {
    fn drop(&mut self) {
        self.0.update(|s| s.reply.sending = false);
        self.0.sending.store(false, Ordering::SeqCst);
    }
}
