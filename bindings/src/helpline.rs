//! The entry object.

use std::sync::Arc;

use std::collections::HashMap;

#[cfg(feature = "push")]
use helpline_core::PushTarget;
use helpline_core::{
    self as core, Attachment, AttributeValue, Identity, OutboxItem, Result, Settings, SettingsRefresh, SyncReport,
    UserAttribute,
};

#[cfg(feature = "help-center")]
use crate::HelpCenter;
use crate::events::{self, HelplineListener, Subscription};
use crate::identity::{ForeignJwtProvider, JwtProvider};
use crate::runtime::{run, runtime};
use crate::secrets::{ForeignSecretStore, SecretStore};
#[cfg(feature = "messaging")]
use crate::{ChatScreen, Messaging};
use crate::{ContactForm, HelplineConfig, Tickets};
#[cfg(feature = "rating")]
use crate::{Rating, RatingPrompt};

/// The Helpline SDK. Open one per data directory, on any thread: it never waits on the
/// network. Closing it (Kotlin `close()`, or releasing it in Swift) stops its background work
/// and frees the directory; queued writes stay on the device and are sent by the next `open`.
#[derive(uniffi::Object)]
pub struct Helpline {
    inner: Arc<core::Helpline>,
}

#[uniffi::export]
impl Helpline {
    /// Opens the SDK on `config.data_dir`. The cache is served at once, offline too. Another
    /// open instance on the same directory (this process or another) -> `DataDirInUse`.
    #[uniffi::constructor]
    pub fn open(config: HelplineConfig) -> Result<Arc<Self>> {
        // Opened inside the SDK's runtime, the core runs its background work there too.
        let _inside = runtime()?.enter();
        Ok(Arc::new(Self { inner: Arc::new(core::Helpline::open(config.into())?) }))
    }

    /// `open`, with the access token and the install id kept in the app's vault (Android:
    /// `KeystoreSecretStore(context)`; iOS: `KeychainSecretStore()`).
    #[uniffi::constructor]
    pub fn open_with_secret_store(config: HelplineConfig, secret_store: Arc<dyn SecretStore>) -> Result<Arc<Self>> {
        let _inside = runtime()?.enter();
        let config = core::Config { secret_store: Some(Arc::new(ForeignSecretStore(secret_store))), ..config.into() };
        Ok(Arc::new(Self { inner: Arc::new(core::Helpline::open(config)?) }))
    }

    /// Whether opening found the database unreadable and started afresh: call `sync`.
    pub fn was_recovered(&self) -> bool {
        self.inner.was_recovered()
    }

    /// Sets who the user is (no network). A different user than before wipes the previous
    /// one's cached tickets, chat and queued writes.
    pub async fn set_identity(&self, identity: Identity) -> Result<()> {
        let inner = Arc::clone(&self.inner);
        run(async move { inner.set_identity(identity).await }).await
    }

    pub fn identity(&self) -> Option<Identity> {
        self.inner.identity()
    }

    /// Signs the user out: their cached data, queued writes and credentials are deleted, and
    /// their access token is revoked at the helpdesk.
    pub async fn clear_identity(&self) -> Result<()> {
        let inner = Arc::clone(&self.inner);
        run(async move { inner.clear_identity().await }).await
    }

    /// Where `Identity.Jwt` gets its tokens from.
    pub fn set_jwt_provider(&self, provider: Arc<dyn JwtProvider>) {
        self.inner.set_jwt_provider(Arc::new(ForeignJwtProvider(provider)));
    }

    pub fn tickets(&self) -> Arc<Tickets> {
        Tickets::new(self.inner.tickets())
    }

    /// Calls `listener.on_event` with a `Snapshot` of the current state first, then with every
    /// change, in order, on a background thread of the SDK, until the returned subscription
    /// is cancelled or closed.
    pub fn subscribe(&self, listener: Arc<dyn HelplineListener>) -> Result<Arc<Subscription>> {
        events::subscribe(&self.inner, listener)
    }

    /// The queued writes not yet confirmed (pending) or refused (failed), oldest first.
    pub fn outbox(&self) -> Result<Vec<OutboxItem>> {
        self.inner.outbox()
    }

    /// Drops a failed write and what it left on the device (pending writes cannot go).
    pub async fn discard(&self, item_id: i64) -> Result<()> {
        let inner = Arc::clone(&self.inner);
        run(async move { inner.discard(item_id).await }).await
    }

    /// Queues a failed write again, at its place in the order.
    pub async fn retry(&self, item_id: i64) -> Result<OutboxItem> {
        let inner = Arc::clone(&self.inner);
        run(async move { inner.retry(item_id).await }).await
    }

    /// Tries every pending write now, in order; returns how many are still pending (a newer
    /// SDK's writes, kept aside and listed by `outbox`, are not counted).
    pub async fn flush_outbox(&self) -> Result<i32> {
        let inner = Arc::clone(&self.inner);
        run(async move { inner.flush_outbox().await }).await
    }

    /// Sends what is queued, then brings the helpdesk's view of the user's tickets.
    pub async fn sync(&self) -> Result<SyncReport> {
        let inner = Arc::clone(&self.inner);
        run(async move { inner.sync().await }).await
    }

    /// The helpdesk's remote settings for the app: the last fetched (kept on the device), or
    /// the defaults before the first fetch. No network.
    pub fn settings(&self) -> Settings {
        self.inner.settings()
    }

    /// Fetches the remote settings now (also done at open, every ten minutes and by `sync`).
    pub async fn refresh_settings(&self) -> Result<SettingsRefresh> {
        let inner = Arc::clone(&self.inner);
        run(async move { inner.refresh_settings().await }).await
    }

    /// The contact form screen, on the draft the user left.
    pub fn contact_form(&self) -> Result<Arc<ContactForm>> {
        Ok(ContactForm::new(self.inner.contact_form()?))
    }

    /// The support home screen: what the helpdesk offers, promoted articles, open tickets,
    /// unread counts, the chat and the writes waiting for the helpdesk.
    pub fn support_home(&self) -> Result<Arc<crate::SupportHome>> {
        Ok(crate::SupportHome::new(self.inner.support_home()?))
    }

    /// The "my tickets" screen: returns at once; the device's list, then the helpdesk's.
    pub fn ticket_list_screen(&self) -> Result<Arc<crate::TicketListScreen>> {
        Ok(crate::TicketListScreen::new(self.inner.ticket_list_screen()?))
    }

    /// One ticket's screen. `utcOffsetSeconds`: the user's offset from UTC now, for the
    /// timeline's days (the Kotlin and Swift `ticketScreen(id)` pass it). Returns at once; an
    /// unknown ticket shows `removed`.
    pub fn ticket_screen(&self, ticket_id: String, utc_offset_seconds: i32) -> Result<Arc<crate::TicketScreen>> {
        Ok(crate::TicketScreen::new(self.inner.ticket_screen(ticket_id, utc_offset_seconds)?))
    }

    /// Downloads an attachment (it needs the user's access token) into the file `to`,
    /// streamed; returns its size.
    pub async fn download_attachment(&self, attachment: Attachment, to: String) -> Result<i64> {
        let inner = Arc::clone(&self.inner);
        run(async move { inner.download_attachment(&attachment, std::path::Path::new(&to)).await }).await
    }

    /// Keeps a file the app holds as bytes (a content URI's stream, a PhotosPicker item) as
    /// `fileName` in the SDK's data dir; returns its path for `addAttachment`, `sendFile` and
    /// the drafts. The copy goes after a day, or when the user changes.
    pub async fn import_file(&self, file_name: String, bytes: Vec<u8>) -> Result<String> {
        let inner = Arc::clone(&self.inner);
        run(async move { inner.import_file(file_name, bytes).await.map(|p| p.display().to_string()) }).await
    }

    /// Sets attributes of the user for the helpdesk (its user fields), merged into those set
    /// before: stored at once, sent by the outbox (the latest only; values it has send nothing).
    /// A bad name (1 to 64 of a-z, 0-9, _) or value -> `Validation` naming `user_fields.<name>`.
    pub async fn set_user_attributes(&self, attributes: HashMap<String, AttributeValue>) -> Result<()> {
        let inner = Arc::clone(&self.inner);
        run(async move { inner.set_user_attributes(attributes).await }).await
    }

    /// The user's attributes, by name, each with whether the helpdesk has it yet.
    pub fn user_attributes(&self) -> Result<Vec<UserAttribute>> {
        self.inner.user_attributes()
    }

    /// Notes a step of the user's ("Opened checkout"): the latest 20 go with each new ticket and
    /// chat, for the agent. Blank -> `Validation` on `text`; longer than 200 characters is cut.
    pub async fn leave_breadcrumb(&self, text: String) -> Result<()> {
        let inner = Arc::clone(&self.inner);
        run(async move { inner.leave_breadcrumb(&text).await }).await
    }

    /// Changes the user's locale without reopening: the help center syncs in it (in the
    /// background), new chats greet in it. Not a locale -> `Validation` on `locale`.
    pub fn set_locale(&self, locale: String) -> Result<()> {
        self.inner.set_locale(&locale)
    }

    /// The user's locale in force (`fr-ca`).
    pub fn locale(&self) -> String {
        self.inner.locale()
    }

    /// The database file, for diagnostics.
    pub fn database_path(&self) -> String {
        self.inner.database_path().to_string_lossy().into_owned()
    }

    pub fn config(&self) -> HelplineConfig {
        self.inner.config().into()
    }
}

/// Live chat, in builds with the `messaging` feature.
#[cfg(feature = "messaging")]
#[uniffi::export]
impl Helpline {
    /// Live chat with the support team.
    pub fn messaging(&self) -> Arc<Messaging> {
        Messaging::new(self.inner.messaging())
    }

    /// The chat screen, showing what the device holds; `start` opens the chat. `utcOffsetSeconds`: the user's offset from
    /// UTC now, for the timeline's days (the Kotlin and Swift `chatScreen()` pass it).
    pub fn chat_screen(&self, utc_offset_seconds: i32) -> Result<Arc<ChatScreen>> {
        Ok(ChatScreen::new(self.inner.chat_screen(utc_offset_seconds)?))
    }
}

/// The store-rating prompt, in builds with the `rating` feature.
#[cfg(feature = "rating")]
#[uniffi::export]
impl Helpline {
    /// The rating prompt screen: whether to ask now, and the user's answers.
    pub fn rating_prompt(&self) -> Result<Arc<RatingPrompt>> {
        Ok(RatingPrompt::new(self.inner.rating_prompt()?))
    }

    /// The store-rating prompt: when to ask, and what the user answered.
    pub fn rating(&self) -> Arc<Rating> {
        Rating::new(self.inner.rating())
    }
}

/// Push notifications, in builds with the `push` feature.
#[cfg(feature = "push")]
#[uniffi::export]
impl Helpline {
    /// Registers the device's push token (FCM, APNs) for the signed-in user, through the
    /// outbox; needs the platform `android` or `ios`. The same token again is a no-op.
    pub async fn register_push_token(&self, token: String) -> Result<()> {
        let inner = Arc::clone(&self.inner);
        run(async move { inner.register_push_token(&token).await }).await
    }

    /// Forgets the push token and queues its removal from the helpdesk.
    pub async fn unregister_push_token(&self) -> Result<()> {
        let inner = Arc::clone(&self.inner);
        run(async move { inner.unregister_push_token().await }).await
    }

    /// The push token registered on this device, if any.
    pub fn push_token(&self) -> Result<Option<String>> {
        self.inner.push_token()
    }

    /// Reads a push's payload (its JSON) and syncs what it names; returns where to lead the
    /// user. Not a well-formed Helpline push -> `InvalidPush`.
    pub async fn handle_push(&self, payload_json: String) -> Result<PushTarget> {
        let inner = Arc::clone(&self.inner);
        run(async move { inner.handle_push(&payload_json).await }).await
    }
}

/// Help articles, in builds with the `help-center` feature.
#[cfg(feature = "help-center")]
#[uniffi::export]
impl Helpline {
    /// Help articles: browse and search offline, sync, vote, suggestions for a ticket draft.
    pub fn help_center(&self) -> Arc<HelpCenter> {
        HelpCenter::new(self.inner.help_center())
    }

    /// The help center screen: categories, sections, the open article, search as the user
    /// types, votes; the device's copy at once, synced with the helpdesk as it opens.
    pub fn help_center_screen(&self) -> Arc<crate::HelpCenterScreen> {
        crate::HelpCenterScreen::new(self.inner.help_center_screen())
    }
}
