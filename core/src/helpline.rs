//! The entry object: opens the store, signs in lazily, runs the outbox.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::runtime::{Handle, Runtime};
use tokio::task::JoinHandle;

use crate::clock::{Clock, SystemClock};
use crate::context::{self, AttributeValue, UserAttribute};
use crate::help_center::{self, HelpCenter, HelpCenterCore};
use crate::identity::{IdentityChange, Session};
use crate::kernel::Kernel;
use crate::messaging::{self, ChatCore, Messaging};
use crate::numbers::count;
use crate::outbox::{self, Drained, OutboxItem, Worker};
use crate::push;
#[cfg(feature = "push")]
use crate::push::PushTarget;
use crate::rating;
#[cfg(feature = "rating")]
use crate::rating::Rating;
use crate::satisfaction;
#[cfg(feature = "messaging")]
use crate::screens::ChatScreen;
#[cfg(feature = "rating")]
use crate::screens::RatingPrompt;
use crate::screens::{self, ContactForm};
use crate::settings::{self, Settings, SettingsRefresh};
use crate::store::Store;
use crate::tickets::{self, Tickets};
use crate::transport::{ApiRequest, Transport};
use crate::{Config, Error, Event, EventStream, FileSecretStore, Identity, JwtProvider, Result};

/// The Helpline SDK. Open one per app process; drop it to stop its background work.
pub struct Helpline {
    kernel: Arc<Kernel>,
    help_center: Arc<HelpCenterCore>,
    chat: Arc<ChatCore>,
    recovered: bool,
    worker: JoinHandle<()>,
    /// Fetches the remote settings at open, then every ten minutes.
    settings_task: JoinHandle<()>,
    /// Our own runtime, when opened outside of one (a foreign thread).
    _runtime: Option<Runtime>,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SyncReport {
    /// Tickets whose content changed.
    pub tickets_changed: i32,
    /// Writes still waiting for the helpdesk.
    pub outbox_pending: i32,
    /// Malformed records of the helpdesk (tickets, comments) set aside and logged; the others
    /// were applied.
    pub records_skipped: i32,
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
        // The SDK's records reach the app's logger and a ticket's log file from now on.
        crate::logs::install();
        let transport = Transport::new(&config)?;
        let opened = Store::open(&config.data_dir)?;
        let store = Arc::new(opened.store);
        let vault = match &config.secret_store {
            Some(vault) => Arc::clone(vault),
            None => Arc::new(FileSecretStore::new(&config.data_dir)),
        };
        let session = Session::open(transport, Arc::clone(&store), &config.data_dir, vault)?;
        let (handle, runtime) = match Handle::try_current() {
            Ok(handle) => (handle, None),
            Err(_) => {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .thread_name("helpline")
                    .enable_all()
                    .build()
                    .map_err(|e| Error::Internal { reason: format!("cannot start a runtime: {e}") })?;
                (runtime.handle().clone(), Some(runtime))
            }
        };
        let kernel = Arc::new(Kernel::new(config, store, session, handle.clone(), clock));
        let help_center = HelpCenterCore::new(Arc::clone(&kernel));
        let chat = ChatCore::new(Arc::clone(&kernel));
        // Each capability registers its writes, its tables and its hooks: one line each.
        tickets::register(&kernel);
        help_center::register(&help_center);
        messaging::register(&chat);
        push::register(&kernel);
        rating::register(&kernel);
        satisfaction::register(&kernel);
        context::register(&kernel);
        screens::register(&kernel);
        let parked = kernel.store.write(|tx| outbox::park_unknown(tx, &kernel.handlers.known())).inspect_err(|_| {
            // The handlers hold the kernel: without this, the store (and its lock) would live on.
            kernel.close();
        })?;
        if parked > 0 {
            tracing::warn!("outbox: {parked} writes of a newer SDK are kept, not sent");
        }
        // The HTTP client first (TLS set-up), off the async workers the tasks below run on.
        let warming = Arc::clone(&kernel);
        handle.spawn_blocking(move || warming.session.transport.warm_up());
        let worker = handle.spawn(Worker::run(Arc::clone(&kernel)));
        let settings_task = handle.spawn(settings::run(Arc::clone(&kernel)));
        crate::uploads::sweep_later(&kernel);
        crate::store::check_later(&kernel.store, &handle);
        crate::store::when_writes_pause(&kernel.store, &handle);
        if opened.recovered {
            kernel.events.emit(Event::StoreRecovered);
        }
        Ok(Self { kernel, help_center, chat, recovered: opened.recovered, worker, settings_task, _runtime: runtime })
    }

    /// The chat capability's state, for the fuzz targets' realtime path.
    #[cfg(feature = "fuzzing")]
    pub(crate) fn chat_core(&self) -> &Arc<ChatCore> {
        &self.chat
    }

    /// Whether opening found the database unreadable and started afresh: call `sync` to
    /// bring the user's tickets back.
    pub fn was_recovered(&self) -> bool {
        self.recovered
    }

    /// Sets who the user is. Needs no network. A different user than before wipes the
    /// previous one's cached tickets and queued writes.
    pub async fn set_identity(&self, identity: Identity) -> Result<()> {
        let (kernel, chat) = (Arc::clone(&self.kernel), Arc::clone(&self.chat));
        self.kernel
            .blocking_alone(move || {
                // The realtime link speaks for the previous user: it goes before their chat.
                let stop_link = || messaging::stop_for_new_user(&chat);
                match kernel.session.set_identity(identity, stop_link)? {
                    IdentityChange::Switched => {
                        forget_files_of_previous_user(&kernel);
                        kernel.events.emit(Event::IdentityChanged);
                        kernel.events.emit(Event::TicketsChanged);
                    }
                    IdentityChange::First => kernel.events.emit(Event::SignedIn),
                    IdentityChange::Same => {}
                }
                // The device's push token follows the user (queued again after a switch).
                push::ensure_registered(&kernel)?;
                kernel.outbox.nudge();
                Ok(())
            })
            .await
    }

    pub fn identity(&self) -> Option<Identity> {
        self.kernel.session.identity()
    }

    /// Signs the user out: their cached data, queued writes and credentials are deleted; the
    /// device's push token is removed from their account and their access token revoked at
    /// the helpdesk (best effort, at once: offline, the token expires on its own).
    pub async fn clear_identity(&self) -> Result<()> {
        let (kernel, chat) = (Arc::clone(&self.kernel), Arc::clone(&self.chat));
        self.kernel
            .blocking_alone(move || {
                let token = kernel.session.stored_token()?;
                let unregister_push = push::before_sign_out(&kernel)?;
                messaging::stop_for_new_user(&chat);
                kernel.session.clear_identity()?;
                forget_files_of_previous_user(&kernel);
                kernel.events.emit(Event::IdentityChanged);
                kernel.events.emit(Event::TicketsChanged);
                if let Some(token) = token {
                    kernel.runtime.spawn(farewell(Arc::clone(&kernel), token, unregister_push));
                }
                Ok(())
            })
            .await
    }

    /// Where JWT identities get their tokens from.
    pub fn set_jwt_provider(&self, provider: Arc<dyn JwtProvider>) {
        self.kernel.session.set_jwt_provider(provider);
        self.kernel.outbox.nudge();
    }

    pub fn tickets(&self) -> Tickets {
        Tickets::new(Arc::clone(&self.kernel))
    }

    /// Help articles: browse and search offline, sync, vote, suggestions for a ticket draft.
    #[cfg(feature = "help-center")]
    pub fn help_center(&self) -> HelpCenter {
        HelpCenter::new(Arc::clone(&self.help_center))
    }

    /// Live chat with the support team: messages, typing, read receipts, realtime link.
    #[cfg(feature = "messaging")]
    pub fn messaging(&self) -> Messaging {
        Messaging::new(Arc::clone(&self.chat))
    }

    /// Keeps a file the app holds as bytes (an Android content URI's stream, an iOS
    /// PhotosPicker item) as `file_name` in the SDK's data dir, and returns its path for any
    /// call or screen taking files. Empty: `Validation` on `attachments`; over the helpdesk's
    /// limit: `AttachmentTooLarge`. The copy goes after a day, or when the user changes.
    pub async fn import_file(&self, file_name: String, bytes: Vec<u8>) -> Result<std::path::PathBuf> {
        let kernel = Arc::clone(&self.kernel);
        self.kernel.blocking(move || crate::uploads::import(&kernel, &file_name, &bytes)).await
    }

    /// The contact form screen: its state to observe, its actions. Opens on the draft the
    /// user left (kept on the device across a kill of the app).
    pub fn contact_form(&self) -> Result<ContactForm> {
        ContactForm::open(Arc::clone(&self.kernel), self.tickets(), HelpCenter::new(Arc::clone(&self.help_center)))
    }

    /// The chat screen: the open conversation's timeline, typing, the connection, the
    /// composer and the user's conversations (`start` opens the chat). `utc_offset_seconds` is
    /// the user's offset from UTC now, for the timeline's days.
    #[cfg(feature = "messaging")]
    pub fn chat_screen(&self, utc_offset_seconds: i32) -> Result<ChatScreen> {
        ChatScreen::open(Arc::clone(&self.kernel), self.messaging(), utc_offset_seconds)
    }

    /// The rating prompt screen: whether to ask now, and the user's answers.
    #[cfg(feature = "rating")]
    pub fn rating_prompt(&self) -> Result<RatingPrompt> {
        RatingPrompt::open(Arc::clone(&self.kernel), self.rating())
    }

    /// The "my tickets" screen: returns at once; the device's list, then the helpdesk's.
    pub fn ticket_list_screen(&self) -> Result<screens::TicketListScreen> {
        screens::TicketListScreen::open(Arc::clone(&self.kernel), self.tickets())
    }

    /// One ticket's screen: its timeline (days in the user's `utc_offset_seconds`), the reply
    /// the user left, what they may do. Returns at once; an unknown ticket shows `removed`.
    pub fn ticket_screen(&self, ticket_id: String, utc_offset_seconds: i32) -> Result<screens::TicketScreen> {
        screens::TicketScreen::open(Arc::clone(&self.kernel), self.tickets(), ticket_id, utc_offset_seconds)
    }

    /// The support home screen: what the helpdesk offers, promoted articles, open tickets,
    /// unread counts, the chat, and the writes waiting for the helpdesk.
    pub fn support_home(&self) -> Result<screens::SupportHome> {
        screens::SupportHome::open(
            Arc::clone(&self.kernel),
            self.tickets(),
            HelpCenter::new(Arc::clone(&self.help_center)),
            Messaging::new(Arc::clone(&self.chat)),
        )
    }

    /// The help center screen: categories, sections, the article open, search as the user
    /// types, votes; the device's copy at once, synced with the helpdesk as it opens.
    #[cfg(feature = "help-center")]
    pub fn help_center_screen(&self) -> screens::HelpCenterScreen {
        screens::HelpCenterScreen::open(Arc::clone(&self.kernel), HelpCenter::new(Arc::clone(&self.help_center)))
    }

    /// Every change the SDK makes, as it happens.
    pub fn subscribe(&self) -> EventStream {
        self.kernel.events.subscribe()
    }

    /// The queued writes not yet confirmed (pending) or refused (failed).
    pub fn outbox(&self) -> Result<Vec<OutboxItem>> {
        self.kernel.store.read(outbox::all)
    }

    /// Queues a failed write again, at its place in the order.
    pub async fn retry(&self, item_id: i64) -> Result<OutboxItem> {
        let kernel = Arc::clone(&self.kernel);
        self.kernel.blocking(move || Worker::retry(&kernel, item_id)).await
    }

    /// Drops a failed write and what it left on the device (the unsent ticket and the writes
    /// queued on it, the unsent comment, chat message or vote). Pending writes cannot go.
    pub async fn discard(&self, item_id: i64) -> Result<()> {
        let kernel = Arc::clone(&self.kernel);
        self.kernel.blocking(move || outbox::discard_and_announce(&kernel, item_id)).await
    }

    /// Tries every pending write now, in order; returns how many are still pending (a newer
    /// SDK's writes, kept aside and listed by `outbox`, are not counted).
    pub async fn flush_outbox(&self) -> Result<i32> {
        self.kernel.store.write(|tx| outbox::make_due(tx))?;
        if let Drained::Blocked { .. } = Worker::drain(&self.kernel, true).await? {
            self.kernel.outbox.nudge();
        }
        Ok(count(self.kernel.store.read(|c| outbox::pending_count(c, &self.kernel.handlers.known()))?))
    }

    /// Sends what is queued, then brings the helpdesk's view of the user's tickets.
    pub async fn sync(&self) -> Result<SyncReport> {
        let pending = self.flush_outbox().await?;
        // The remote settings too; failing, the cached ones stay (the tickets report offline).
        if let Err(e) = settings::refresh(&self.kernel).await {
            tracing::info!("settings: {e}");
        }
        let refreshed = tickets::refresh_list(&self.kernel).await?;
        Ok(SyncReport {
            tickets_changed: count(refreshed.changed),
            outbox_pending: pending,
            records_skipped: count(refreshed.skipped),
        })
    }

    /// The helpdesk's remote settings for this app: the last fetched (kept on the device), or
    /// the defaults before the first fetch. Never waits on the network.
    pub fn settings(&self) -> Settings {
        settings::current(&self.kernel).as_ref().clone()
    }

    /// Fetches the remote settings now (they are also fetched at open, every ten minutes and
    /// by `sync`); an unchanged document costs a 304. `SettingsChanged` follows a change.
    pub async fn refresh_settings(&self) -> Result<SettingsRefresh> {
        settings::refresh(&self.kernel).await
    }

    /// The store-rating prompt: when to ask, and what the user answered.
    #[cfg(feature = "rating")]
    pub fn rating(&self) -> Rating {
        Rating::new(Arc::clone(&self.kernel))
    }

    /// Registers the device's push token (FCM or APNs) for the signed-in user, through the
    /// outbox; needs `Config::platform` `android` or `ios`. The same token again is a no-op;
    /// after `set_identity` switches user it is registered again for the new one.
    #[cfg(feature = "push")]
    pub async fn register_push_token(&self, token: &str) -> Result<()> {
        let (kernel, token) = (Arc::clone(&self.kernel), token.to_owned());
        self.kernel.blocking(move || push::register_token(&kernel, &token)).await
    }

    /// Forgets the push token and queues its removal from the helpdesk.
    #[cfg(feature = "push")]
    pub async fn unregister_push_token(&self) -> Result<()> {
        let kernel = Arc::clone(&self.kernel);
        self.kernel.blocking(move || push::unregister(&kernel)).await
    }

    /// The push token registered on this device, if any.
    #[cfg(feature = "push")]
    pub fn push_token(&self) -> Result<Option<String>> {
        push::token(&self.kernel)
    }

    /// Reads a push's payload (its JSON: `{"helpline": {...}, ...}`) and syncs what it names:
    /// for `ticket_updated`, that ticket and its comments (emitting `TicketChanged`); for
    /// `message`, the active conversation's new messages (`MessagesChanged`), and an
    /// `Event::PushMessage`. Returns where the app should lead the user. A
    /// payload that is not a well-formed Helpline push -> `InvalidPush`; a ticket that is not
    /// the user's -> `NotFound`; offline, the target comes back with `synced: false`.
    #[cfg(feature = "push")]
    pub async fn handle_push(&self, payload_json: &str) -> Result<PushTarget> {
        push::handle(&self.kernel, &self.chat, payload_json).await
    }

    /// Downloads an attachment of a comment or chat message (it needs the user's access token)
    /// into the file `to`, streamed; returns its size. Not yet on the helpdesk -> `Validation`;
    /// not the user's to see -> `NotFound`.
    pub async fn download_attachment(&self, attachment: &crate::Attachment, to: &std::path::Path) -> Result<i64> {
        crate::uploads::download(&self.kernel, attachment, to).await.map(crate::numbers::signed)
    }

    /// Sets attributes of the user for the helpdesk (Zendesk's user fields: a plan, a number of
    /// seats, a flag), merged into those already set. Stored at once, then sent by the outbox,
    /// all of them in one write: a change made before the last was sent replaces it, and values
    /// the helpdesk already has send nothing. A name is 1 to 64 of `[a-z0-9_]`, text is up to
    /// 1,024 characters, a number finite, 50 attributes at most: else `Validation` naming
    /// `user_fields.<name>` (or `user_fields`), and nothing is stored. They are the signed-in
    /// user's: another user's sign-in wipes them.
    pub async fn set_user_attributes(&self, attributes: HashMap<String, AttributeValue>) -> Result<()> {
        let kernel = Arc::clone(&self.kernel);
        self.kernel.blocking(move || context::set_user_attributes(&kernel, &attributes)).await
    }

    /// The user's attributes, by name, each with whether the helpdesk has it yet.
    pub fn user_attributes(&self) -> Result<Vec<UserAttribute>> {
        context::user_attributes(&self.kernel)
    }

    /// Notes a step of the user's in the app ("Opened checkout"), for the agent: the latest 20
    /// go with each new ticket and conversation. Kept on the device (across restarts, so the
    /// steps before a crash go with the report made after it), one line of up to 200
    /// characters (longer is cut); blank -> `Validation` on `text`. Never name secrets in them.
    pub async fn leave_breadcrumb(&self, text: &str) -> Result<()> {
        let (kernel, text) = (Arc::clone(&self.kernel), text.to_owned());
        self.kernel.blocking(move || context::leave_breadcrumb(&kernel, &text)).await
    }

    /// Changes the user's locale (`fr`, `de-at`) without reopening the SDK: the help center
    /// follows (a sync in the new locale starts in the background; the one synced is served
    /// until it lands), a conversation started from now on greets and suggests articles in it,
    /// new tickets report it, and requests ask the helpdesk for it (`Accept-Language`). Not a
    /// locale -> `Validation` on `locale`. Kept until the SDK is opened again (the app passes
    /// its locale in `Config` then).
    pub fn set_locale(&self, locale: &str) -> Result<()> {
        let locale = crate::config::normalized_locale(locale)?;
        if locale == self.kernel.locale() {
            return Ok(());
        }
        self.kernel.session.transport.set_locale(locale);
        help_center::locale_changed(&self.help_center);
        Ok(())
    }

    /// The user's locale in force (normalized: `fr-ca`).
    pub fn locale(&self) -> String {
        self.kernel.locale()
    }

    /// The database file, for diagnostics.
    pub fn database_path(&self) -> std::path::PathBuf {
        self.kernel.store.path().to_path_buf()
    }

    pub fn config(&self) -> &Config {
        &self.kernel.config
    }
}

/// Beyond the database: the files the previous user left (staged attachments, databases
/// moved aside), gone with their data.
fn forget_files_of_previous_user(kernel: &Kernel) {
    crate::uploads::discard_all(kernel);
    kernel.store.remove_set_aside();
}

impl Drop for Helpline {
    fn drop(&mut self) {
        // Like a killed app: whatever was being sent is abandoned mid-flight; the outbox
        // row is still there and is sent (once) by the next `open`.
        self.worker.abort();
        self.settings_task.abort();
        self.chat.shut_down();
        // Objects the app still holds answer `Shutdown`; the handlers let go of the kernel.
        self.kernel.close();
        // The next instance may open the directory now, even before the aborted tasks let go.
        self.kernel.store.unlock();
        if let Some(runtime) = self._runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// A signed-out user's last calls, in order, with their token: the push removal (it needs
/// the token), then the token's revocation.
async fn farewell(kernel: Arc<Kernel>, token: String, unregister_push: Option<ApiRequest>) {
    let transport = &kernel.session.transport;
    if let Some(call) = unregister_push
        && let Err(e) = transport.send::<serde::de::IgnoredAny>(&call, Some(&token)).await
    {
        tracing::info!("push: could not unregister the signed-out user's device: {e}");
    }
    let revoke = ApiRequest::write(
        reqwest::Method::DELETE,
        transport.url(helpline_protocol::paths::ACCESS_TOKEN),
        serde_json::json!({}),
        &uuid::Uuid::new_v4().to_string(),
    );
    if let Err(e) = transport.send::<serde::de::IgnoredAny>(&revoke, Some(&token)).await {
        tracing::info!("sign-out: the access token was not revoked (it expires on its own): {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table no capability declares would keep one user's rows for the next: every table
    /// of the schema must be declared, once (FTS5's own shadow tables aside).
    #[test]
    fn every_table_has_one_declared_owner() {
        let dir = std::env::temp_dir().join(format!("helpline-tables-{}", uuid::Uuid::new_v4()));
        let config = Config::new("http://127.0.0.1:9", "app", "client", &dir);
        let sdk = Helpline::open(config).unwrap();
        let declared = sdk.kernel.store.tables.declared();
        let schema: Vec<String> = sdk
            .kernel
            .store
            .read(|c| {
                let mut stmt = c.prepare(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                     AND sql NOT LIKE 'CREATE TABLE ''%'",
                )?;
                Ok(stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
            })
            .unwrap();
        for table in &schema {
            let owners: Vec<_> = declared.iter().filter(|o| o.tables.contains(&table.as_str())).collect();
            assert_eq!(owners.len(), 1, "table {table} must be declared by exactly one capability: {owners:?}");
        }
        for owned in &declared {
            for table in owned.tables {
                assert!(schema.iter().any(|t| t == table), "{} declares {table}, which does not exist", owned.owner);
            }
        }
        drop(sdk);
        let _ = std::fs::remove_dir_all(dir);
    }

    /// The capabilities' handlers hold the kernel, which holds them: dropping the SDK must
    /// still free it (its connections, its lock, its event stream).
    #[test]
    fn dropping_the_sdk_frees_its_kernel_and_objects_still_held_answer_shutdown() {
        let dir = std::env::temp_dir().join(format!("helpline-drop-{}", uuid::Uuid::new_v4()));
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let _inside = runtime.enter();
        let sdk = Helpline::open(Config::new("http://127.0.0.1:9", "app", "client", &dir)).unwrap();
        let tickets = sdk.tickets();
        let kernel = Arc::downgrade(&sdk.kernel);
        drop(sdk);
        let draft = crate::TicketDraft { description: "After the close".into(), ..Default::default() };
        assert_eq!(runtime.block_on(tickets.create(draft)), Err(Error::Shutdown));
        drop(tickets);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while kernel.strong_count() > 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(kernel.strong_count(), 0, "something still holds the kernel after the SDK was dropped");
        let _ = std::fs::remove_dir_all(dir);
    }
}
