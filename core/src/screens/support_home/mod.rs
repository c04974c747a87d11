//! The support home screen: the first screen of support in an app. What the helpdesk switches
//! on (help center, tickets, chat) and whether they need a user, a few promoted articles, the
//! open tickets with their unread badges, the chat's unread count and link, and the writes
//! still on the device while the helpdesk is out of reach. Everything is read from the device
//! (offline too) and follows the SDK's events; `refresh` brings the helpdesk's news.

mod follow;
mod model;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{ScreenListener, ScreenState, ScreenSubscription, Tasks};
use crate::kernel::Kernel;
use crate::settings::{self, Feature};
use crate::{
    ArticleSummary, DeliveryState, Error, HelpCenter, Messaging, OutboxKind, Result, Ticket, TicketStatus, Tickets,
    outbox,
};

pub use model::{HomeEntry, RefreshFailure, RefreshPart, SupportHomeState};

/// At most this many promoted articles: the home shows a few, the help center the rest.
const MAX_PROMOTED: usize = 5;
/// At most this many open tickets: the ticket list shows them all.
const MAX_OPEN_TICKETS: usize = 10;
/// A greeting longer than this (characters) is cut: it is a title.
const MAX_GREETING_CHARS: usize = 200;

/// The support home screen (`Helpline::support_home`). Cheap to clone; the screen lives while
/// a clone does.
#[derive(Clone)]
pub struct SupportHome {
    inner: Arc<Inner>,
}

struct Inner {
    kernel: Arc<Kernel>,
    tickets: Tickets,
    help_center: HelpCenter,
    messaging: Messaging,
    state: ScreenState<SupportHomeState>,
    /// The next write to send failed its last try and waits (read from the outbox).
    writes_retrying: AtomicBool,
    /// One refresh at a time: a second waits for the first, then goes.
    refreshing: tokio::sync::Mutex<()>,
    /// One read shown at a time, in the order they were read: an older never hides a newer.
    showing: tokio::sync::Mutex<()>,
    /// Follows the SDK's events.
    following: Tasks,
}

impl SupportHome {
    /// What the settings offer at once (they are in memory); the lists follow from the device,
    /// read off the caller's thread.
    pub(crate) fn open(
        kernel: Arc<Kernel>,
        tickets: Tickets,
        help_center: HelpCenter,
        messaging: Messaging,
    ) -> Result<Self> {
        if kernel.is_closed() {
            return Err(Error::Shutdown);
        }
        let mut state = SupportHomeState { connection: messaging.connection_state(), ..Default::default() };
        offer(&kernel).apply(&mut state);
        let inner = Arc::new(Inner {
            kernel,
            tickets,
            help_center,
            messaging,
            state: ScreenState::new(state),
            writes_retrying: AtomicBool::new(false),
            refreshing: tokio::sync::Mutex::new(()),
            showing: tokio::sync::Mutex::new(()),
            following: Tasks::default(),
        });
        inner.following.spawn(&inner.kernel.runtime, follow::run(Arc::downgrade(&inner)));
        Ok(Self { inner })
    }

    /// Delivers the whole state now, then each new one, on an SDK thread (see `ScreenListener`).
    pub fn subscribe(&self, listener: Arc<dyn ScreenListener<SupportHomeState>>) -> ScreenSubscription {
        self.inner.state.subscribe(&self.inner.kernel.runtime, listener)
    }

    /// The state as it is now.
    pub fn state(&self) -> SupportHomeState {
        self.inner.state.get()
    }

    /// Sends the pending writes now, then brings the helpdesk's news: the settings, then the
    /// user's tickets and the help center (each only where it is on, tickets only for a user).
    /// Every part is tried; those that failed are in `refresh_failures`, each with its error,
    /// and the first is returned. What did land shows as it lands.
    pub async fn refresh(&self) -> Result<()> {
        let _one_at_a_time = self.inner.refreshing.lock().await;
        let inner = &self.inner;
        inner.state.update(|s| s.refreshing = true);
        send_pending_now(inner).await;
        let mut failures = vec![];
        if let Err(error) = settings::refresh(&inner.kernel).await {
            failures.push(RefreshFailure { part: RefreshPart::Settings, error });
        }
        let offered = offer(&inner.kernel);
        let tickets = async {
            if offered.tickets != HomeEntry::Available {
                return Ok(());
            }
            inner.tickets.refresh().await.map(drop)
        };
        let help_center = async {
            if offered.help_center != HomeEntry::Available {
                return Ok(());
            }
            inner.help_center.sync().await.map(drop)
        };
        let (tickets, help_center) = tokio::join!(tickets, help_center);
        for (part, result) in [(RefreshPart::Tickets, tickets), (RefreshPart::HelpCenter, help_center)] {
            if let Err(error) = result {
                failures.push(RefreshFailure { part, error });
            }
        }
        let first = failures.first().map(|f| f.error.clone());
        inner.state.update(|s| {
            s.refreshing = false;
            s.refresh_failures = failures;
        });
        // Everything again, with what no event announces (a first sign-in).
        show(inner, Parts::ALL).await;
        first.map_or(Ok(()), Err)
    }
}

/// Sends the pending writes now, before the tickets are asked for (as `Helpline::sync`): a
/// ticket whose creation lands while the list is on its way would be missing from that list.
/// What cannot go yet stays pending (and shows so).
async fn send_pending_now(inner: &Inner) {
    let kernel = Arc::clone(&inner.kernel);
    let due = inner.kernel.blocking(move || kernel.store.write(|tx| outbox::make_due(tx))).await;
    let sent = match due {
        Ok(()) => outbox::Worker::drain(&inner.kernel, true).await,
        Err(e) => Err(e),
    };
    match sent {
        Ok(outbox::Drained::Empty) => {}
        Ok(outbox::Drained::Blocked { .. }) => inner.kernel.outbox.nudge(),
        Err(e) => tracing::info!("support home: pending writes not sent now: {e}"),
    }
}

/// Whether the helpdesk looks out of reach: a write waits after a failed try, or the last
/// refresh could not reach it.
fn unreachable(writes_retrying: bool, failures: &[RefreshFailure]) -> bool {
    writes_retrying || failures.iter().any(|f| matches!(f.error, Error::Offline { .. } | Error::Timeout))
}

/// What the settings and the identity offer.
#[derive(Debug, Clone, PartialEq)]
struct Offer {
    greeting: Option<String>,
    signed_in: bool,
    help_center: HomeEntry,
    tickets: HomeEntry,
    chat: HomeEntry,
}

impl Offer {
    fn apply(self, state: &mut SupportHomeState) {
        state.greeting = self.greeting;
        state.signed_in = self.signed_in;
        state.help_center = self.help_center;
        state.tickets = self.tickets;
        state.chat = self.chat;
    }
}

/// The settings in force and the identity: both in memory (the settings are read from the
/// device the first time only).
fn offer(kernel: &Kernel) -> Offer {
    let settings = settings::current(kernel);
    let signed_in = kernel.session.identity().is_some();
    let entry = |feature: Feature, needs_user: bool| match settings::require(kernel, feature) {
        Err(_) => HomeEntry::Off,
        Ok(()) if needs_user && !signed_in => HomeEntry::NeedsIdentity,
        Ok(()) => HomeEntry::Available,
    };
    let greeting = settings.messaging.greeting.trim();
    Offer {
        greeting: (!greeting.is_empty()).then(|| greeting.chars().take(MAX_GREETING_CHARS).collect()),
        signed_in,
        help_center: if cfg!(feature = "help-center") { entry(Feature::HelpCenter, false) } else { HomeEntry::Off },
        tickets: entry(Feature::Support, true),
        // Not offered where this build left messaging out, whatever the helpdesk says.
        chat: if cfg!(feature = "messaging") { entry(Feature::Messaging, true) } else { HomeEntry::Off },
    }
}

/// The parts of the screen to read again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Parts {
    offer: bool,
    tickets: bool,
    promoted: bool,
    outbox: bool,
    chat: bool,
    connection: bool,
}

impl Parts {
    const ALL: Parts = Parts { offer: true, tickets: true, promoted: true, outbox: true, chat: true, connection: true };

    fn any(self) -> bool {
        self != Parts::default()
    }

    fn with(self, other: Parts) -> Parts {
        Parts {
            offer: self.offer || other.offer,
            tickets: self.tickets || other.tickets,
            promoted: self.promoted || other.promoted,
            outbox: self.outbox || other.outbox,
            chat: self.chat || other.chat,
            connection: self.connection || other.connection,
        }
    }
}

/// What was read. A part not asked for, or that could not be read, is `None`: the screen
/// keeps what it showed.
#[derive(Default)]
struct Read {
    offer: Option<Offer>,
    /// The first open tickets, how many are open, how many unread.
    tickets: Option<(Vec<Ticket>, i32, i32)>,
    promoted: Option<Vec<ArticleSummary>>,
    /// Pending, failed, and whether the next one waits after a failed try.
    outbox: Option<(i32, i32, bool)>,
    /// Unread messages, and whether a conversation is going on.
    chat: Option<(i32, bool)>,
}

/// Reads `parts` from the device (off the async workers) and shows them.
async fn show(inner: &Arc<Inner>, parts: Parts) {
    let _in_order = inner.showing.lock().await;
    let reader = Arc::clone(inner);
    let read = inner.kernel.blocking(move || Ok(read(&reader, parts))).await;
    let Ok(read) = read else { return };
    if let Some((_, _, retrying)) = read.outbox {
        inner.writes_retrying.store(retrying, Ordering::SeqCst);
    }
    let retrying = inner.writes_retrying.load(Ordering::SeqCst);
    let connection = parts.connection.then(|| inner.messaging.connection_state());
    inner.state.update(|s| {
        if let Some(offer) = read.offer {
            offer.apply(s);
        }
        if let Some((open, count, unread)) = read.tickets {
            (s.open_tickets, s.open_ticket_count, s.unread_tickets) = (open, count, unread);
        }
        if let Some(promoted) = read.promoted {
            s.promoted_articles = promoted;
        }
        if let Some((pending, failed, _)) = read.outbox {
            (s.pending_writes, s.failed_writes) = (pending, failed);
        }
        if let Some((unread, active)) = read.chat {
            (s.chat_unread, s.chat_active) = (unread, active);
        }
        if let Some(connection) = connection {
            s.connection = connection;
        }
        s.unreachable = unreachable(retrying, &s.refresh_failures);
        s.loaded = true;
    });
}

fn read(inner: &Inner, parts: Parts) -> Read {
    let kept = |part: &str, e: Error| tracing::info!("support home: {part} not read again: {e}");
    let mut read = Read { offer: parts.offer.then(|| offer(&inner.kernel)), ..Default::default() };
    if parts.tickets {
        read.tickets = open_tickets(&inner.tickets).map_err(|e| kept("tickets", e)).ok();
    }
    if parts.promoted {
        read.promoted = match inner.help_center.promoted_articles() {
            Ok(mut articles) => {
                articles.truncate(MAX_PROMOTED);
                Some(articles)
            }
            Err(Error::FeatureDisabled { .. }) => Some(vec![]),
            Err(e) => {
                kept("promoted articles", e);
                None
            }
        };
    }
    if parts.outbox {
        read.outbox =
            inner.kernel.store.read(outbox::all).map(|items| writes(&items)).map_err(|e| kept("outbox", e)).ok();
    }
    if parts.chat {
        let chat = || Ok((count(inner.messaging.unread_count()? as usize), inner.messaging.conversation()?.is_some()));
        read.chat = chat().map_err(|e| kept("chat", e)).ok();
    }
    read
}

fn open_tickets(tickets: &Tickets) -> Result<(Vec<Ticket>, i32, i32)> {
    let mut open: Vec<Ticket> = tickets
        .list()?
        .into_iter()
        .filter(|t| !matches!(t.status, TicketStatus::Solved | TicketStatus::Closed))
        .collect();
    let total = count(open.len());
    open.truncate(MAX_OPEN_TICKETS);
    Ok((open, total, count(tickets.unread_count()? as usize)))
}

/// Pending and failed writes (a newer SDK's, kept aside, are not the user's to see), and
/// whether one waits after a failed try.
fn writes(items: &[crate::OutboxItem]) -> (i32, i32, bool) {
    let mine = items.iter().filter(|i| i.kind != OutboxKind::Unknown);
    let pending: Vec<_> = mine.clone().filter(|i| i.state == DeliveryState::Pending).collect();
    let failed = mine.filter(|i| matches!(i.state, DeliveryState::Failed { .. })).count();
    let retrying = pending.iter().any(|i| i.last_error.is_some());
    (count(pending.len()), count(failed), retrying)
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OutboxItem;

    fn item(kind: OutboxKind, state: DeliveryState, last_error: Option<&str>) -> OutboxItem {
        OutboxItem {
            id: 1,
            kind,
            target_id: "t".into(),
            state,
            attempts: 0,
            last_error: last_error.map(Into::into),
            created_at: std::time::SystemTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_newer_sdks_write_is_not_counted_and_a_failed_try_shows_the_helpdesk_unreachable() {
        let failed = DeliveryState::Failed { reason: "refused".into() };
        let queued = [
            item(OutboxKind::CreateTicket, DeliveryState::Pending, None),
            item(OutboxKind::Unknown, DeliveryState::Pending, Some("written by a newer SDK")),
            item(OutboxKind::AddComment, failed, None),
        ];
        assert_eq!(writes(&queued), (1, 1, false), "waiting its turn is not unreachable");
        let tried = [item(OutboxKind::CreateTicket, DeliveryState::Pending, Some("offline: refused"))];
        assert_eq!(writes(&tried), (1, 0, true));
        assert!(unreachable(true, &[]));
        let timed_out = RefreshFailure { part: RefreshPart::Tickets, error: Error::Timeout };
        let refused = RefreshFailure { part: RefreshPart::Settings, error: Error::Forbidden { reason: "no".into() } };
        assert!(unreachable(false, &[refused.clone(), timed_out]));
        assert!(!unreachable(false, &[refused]), "an answer, even a refusal, is the helpdesk reached");
    }
}
