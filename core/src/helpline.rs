//! The entry object: opens the store, signs in lazily, runs the outbox.

use std::sync::Arc;

use tokio::runtime::{Handle, Runtime};
use tokio::task::JoinHandle;

use crate::clock::{Clock, SystemClock};
use crate::events::EventBus;
use crate::help_center::{self, HelpCenter};
use crate::identity::{IdentityChange, Session};
use crate::messaging::{self, Messaging};
use crate::outbox::{self, Drained, OutboxItem, Worker};
use crate::push::{self, PushTarget};
use crate::rating::Rating;
use crate::settings::{self, Settings, SettingsRefresh};
use crate::store::Store;
use crate::tickets::{self, Tickets};
use crate::transport::Transport;
use crate::{Config, Error, Event, EventStream, Identity, JwtProvider, Result};

/// What the SDK's parts share.
pub(crate) struct Core {
    pub(crate) config: Config,
    pub(crate) store: Arc<Store>,
    pub(crate) session: Session,
    pub(crate) events: EventBus,
    pub(crate) outbox: Worker,
    pub(crate) help_center: help_center::State,
    pub(crate) messaging: messaging::State,
    /// Where background work (outbox, realtime link) runs.
    pub(crate) runtime: Handle,
    /// The time of day-long rules (the rating prompt); a test may move it by hand.
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) settings: settings::State,
}

/// The Helpline SDK. Open one per app process; drop it to stop its background work.
pub struct Helpline {
    core: Arc<Core>,
    recovered: bool,
    worker: JoinHandle<()>,
    /// Fetches the remote settings at open, then every ten minutes.
    settings_task: JoinHandle<()>,
    /// Our own runtime, when opened outside of one (a foreign thread).
    _runtime: Option<Runtime>,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// Tickets whose content changed.
    pub tickets_changed: u32,
    /// Writes still waiting for the helpdesk.
    pub outbox_pending: u32,
}

impl Helpline {
    /// Opens the SDK on `config.data_dir`. Never touches the network: the cache is
    /// served at once, offline too. An unreadable database is moved aside and rebuilt
    /// (see [`Helpline::was_recovered`]).
    pub fn open(config: Config) -> Result<Self> {
        Self::open_with_clock(config, Arc::new(SystemClock))
    }

    /// `open`, with the clock of the rating prompt's rules given: for tests (see `ManualClock`).
    #[doc(hidden)]
    pub fn open_with_clock(config: Config, clock: Arc<dyn Clock>) -> Result<Self> {
        let transport = Transport::new(&config)?;
        let opened = Store::open(&config.data_dir)?;
        let store = Arc::new(opened.store);
        let session = Session::open(transport, Arc::clone(&store), &config.data_dir)?;
        let (handle, runtime) = match Handle::try_current() {
            Ok(handle) => (handle, None),
            Err(_) => {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .thread_name("helpline")
                    .enable_all()
                    .build()
                    .map_err(|e| Error::Storage(format!("cannot start a runtime: {e}")))?;
                (runtime.handle().clone(), Some(runtime))
            }
        };
        let core = Arc::new(Core {
            config,
            store,
            session,
            events: EventBus::new(),
            outbox: Worker::default(),
            help_center: Default::default(),
            messaging: Default::default(),
            runtime: handle.clone(),
            clock,
            settings: Default::default(),
        });
        let worker = handle.spawn(Worker::run(Arc::clone(&core)));
        let settings_task = handle.spawn(settings::run(Arc::clone(&core)));
        crate::uploads::sweep_later(&core);
        if opened.recovered {
            core.events.emit(Event::StoreRecovered);
        }
        Ok(Self { core, recovered: opened.recovered, worker, settings_task, _runtime: runtime })
    }

    /// Whether opening found the database unreadable and started afresh: call `sync` to
    /// bring the user's tickets back.
    pub fn was_recovered(&self) -> bool {
        self.recovered
    }

    /// Sets who the user is. Needs no network. A different user than before wipes the
    /// previous one's cached tickets and queued writes.
    pub fn set_identity(&self, identity: Identity) -> Result<()> {
        if self.core.session.set_identity(identity)? == IdentityChange::Switched {
            // The realtime link speaks for the previous user: it goes with their chat.
            messaging::stop_for_new_user(&self.core);
            self.core.events.emit(Event::IdentityChanged);
            self.core.events.emit(Event::TicketsChanged);
        }
        // The device's push token follows the user (queued again after a switch).
        push::ensure_registered(&self.core)?;
        self.core.outbox.nudge();
        Ok(())
    }

    pub fn identity(&self) -> Option<Identity> {
        self.core.session.identity()
    }

    /// Signs the user out: their cached data and queued writes are deleted, and the device's
    /// push token is removed from their account (best effort, at once).
    pub fn clear_identity(&self) -> Result<()> {
        // The device stops getting the leaving user's pushes (sent now, before the wipe).
        push::before_sign_out(&self.core)?;
        self.core.session.clear_identity()?;
        messaging::stop_for_new_user(&self.core);
        self.core.events.emit(Event::IdentityChanged);
        self.core.events.emit(Event::TicketsChanged);
        Ok(())
    }

    /// Where JWT identities get their tokens from.
    pub fn set_jwt_provider(&self, provider: Arc<dyn JwtProvider>) {
        self.core.session.set_jwt_provider(provider);
        self.core.outbox.nudge();
    }

    pub fn tickets(&self) -> Tickets {
        Tickets::new(Arc::clone(&self.core))
    }

    /// Help articles: browse and search offline, sync, vote, suggestions for a ticket draft.
    pub fn help_center(&self) -> HelpCenter {
        HelpCenter::new(Arc::clone(&self.core))
    }

    /// Live chat with the support team: messages, typing, read receipts, realtime link.
    pub fn messaging(&self) -> Messaging {
        Messaging::new(Arc::clone(&self.core))
    }

    /// Every change the SDK makes, as it happens.
    pub fn subscribe(&self) -> EventStream {
        self.core.events.subscribe()
    }

    /// The queued writes not yet confirmed (pending) or refused (failed).
    pub fn outbox(&self) -> Result<Vec<OutboxItem>> {
        self.core.store.read(outbox::all)
    }

    /// Queues a failed write again, at its place in the order.
    pub fn retry(&self, item_id: i64) -> Result<OutboxItem> {
        Worker::retry(&self.core, item_id)
    }

    /// Drops a failed write and what it left on the device (the unsent ticket and the writes
    /// queued on it, the unsent comment, chat message or vote). Pending writes cannot go.
    pub fn discard(&self, item_id: i64) -> Result<()> {
        let (_, removed) = self.core.store.write(|tx| outbox::discard(tx, item_id))?;
        match removed {
            outbox::Removed::Ticket => self.core.events.emit(Event::TicketsChanged),
            outbox::Removed::Comment { ticket_id } => self.core.events.emit(Event::TicketChanged { ticket_id }),
            outbox::Removed::ChatMessage => {
                self.core.events.emit(Event::Chat(crate::ChatEvent::MessagesChanged { conversation_id: None }))
            }
            outbox::Removed::Other => {}
        }
        Ok(())
    }

    /// Tries every pending write now, in order; returns how many are still pending.
    pub async fn flush_outbox(&self) -> Result<u32> {
        self.core.store.write(|tx| outbox::make_due(tx))?;
        if let Drained::Blocked { .. } = Worker::drain(&self.core, true).await? {
            self.core.outbox.nudge();
        }
        Ok(self.core.store.read(outbox::pending_count)? as u32)
    }

    /// Sends what is queued, then brings the helpdesk's view of the user's tickets.
    pub async fn sync(&self) -> Result<SyncReport> {
        let pending = self.flush_outbox().await?;
        // The remote settings too; failing, the cached ones stay (the tickets report offline).
        if let Err(e) = settings::refresh(&self.core).await {
            tracing::info!("settings: {e}");
        }
        let changed = self.tickets_refresh().await?;
        Ok(SyncReport { tickets_changed: changed as u32, outbox_pending: pending })
    }

    async fn tickets_refresh(&self) -> Result<usize> {
        tickets::refresh_list(&self.core).await
    }

    /// The helpdesk's remote settings for this app: the last fetched (kept on the device), or
    /// the defaults before the first fetch. Never waits on the network.
    pub fn settings(&self) -> Settings {
        settings::current(&self.core).as_ref().clone()
    }

    /// Fetches the remote settings now (they are also fetched at open, every ten minutes and
    /// by `sync`); an unchanged document costs a 304. `SettingsChanged` follows a change.
    pub async fn refresh_settings(&self) -> Result<SettingsRefresh> {
        settings::refresh(&self.core).await
    }

    /// The store-rating prompt: when to ask, and what the user answered.
    pub fn rating(&self) -> Rating {
        Rating::new(Arc::clone(&self.core))
    }

    /// Registers the device's push token (FCM or APNs) for the signed-in user, through the
    /// outbox; needs `Config::platform` `android` or `ios`. The same token again is a no-op;
    /// after `set_identity` switches user it is registered again for the new one.
    pub fn register_push_token(&self, token: &str) -> Result<()> {
        push::register(&self.core, token)
    }

    /// Forgets the push token and queues its removal from the helpdesk.
    pub fn unregister_push_token(&self) -> Result<()> {
        push::unregister(&self.core)
    }

    /// The push token registered on this device, if any.
    pub fn push_token(&self) -> Result<Option<String>> {
        push::token(&self.core)
    }

    /// Reads a push's payload (its JSON: `{"helpline": {...}, ...}`) and syncs what it names:
    /// for `ticket_updated`, that ticket and its comments (emitting `TicketChanged`); for
    /// `message`, the active conversation's new messages (`MessagesChanged`), and an
    /// `Event::PushMessage`. Returns where the app should lead the user. A
    /// payload that is not a well-formed Helpline push -> `InvalidPush`; a ticket that is not
    /// the user's -> `NotFound`; offline, the target comes back with `synced: false`.
    pub async fn handle_push(&self, payload_json: &str) -> Result<PushTarget> {
        push::handle(&self.core, payload_json).await
    }

    /// Downloads an attachment of a comment or chat message (it needs the user's access token)
    /// into the file `to`, streamed; returns its size. Not yet on the helpdesk -> `Validation`;
    /// not the user's to see -> `NotFound`.
    pub async fn download_attachment(&self, attachment: &crate::Attachment, to: &std::path::Path) -> Result<u64> {
        crate::uploads::download(&self.core, attachment, to).await
    }

    /// The database file, for diagnostics.
    pub fn database_path(&self) -> std::path::PathBuf {
        self.core.store.path().to_path_buf()
    }

    pub fn config(&self) -> &Config {
        &self.core.config
    }
}

impl Drop for Helpline {
    fn drop(&mut self) {
        // Like a killed app: whatever was being sent is abandoned mid-flight; the outbox
        // row is still there and is sent (once) by the next `open`.
        self.worker.abort();
        self.settings_task.abort();
        self.core.messaging.stop();
        if let Some(runtime) = self._runtime.take() {
            runtime.shutdown_background();
        }
    }
}
