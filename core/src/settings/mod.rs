//! Remote SDK settings: what the helpdesk switches on or off for this app, the contact form's
//! fields, the help center's locales and the rating prompt's rules.
//!
//! They are fetched in the background when the SDK opens, then every ten minutes and on
//! `Helpline::sync`, with `If-None-Match` so that an unchanged document costs a 304 and no
//! body. The helpdesk's JSON is kept in SQLite as it came (a newer SDK reading an older
//! cache sees every field), so the SDK starts offline with the last known settings; before
//! the first fetch it uses the defaults: every feature on, no form fields, no rating prompt.
//!
//! Applied: a feature switched off makes its calls fail with [`Error::FeatureDisabled`]
//! (ticket writes for `support`, the help center's calls for `help_center`); the form's
//! fields are checked when a ticket is created; `help_center.default_locale` is where the
//! help center falls back when the app's locale is not among `locales`. Writes already in
//! the outbox are still sent: the user made them while the feature was on.
//!
//! A helpdesk without settings (404: a stock Zendesk account) is no error: the defaults
//! apply. One found to have no live messaging (see `mark_chat_unavailable`) reads as having
//! switched chat off, until a settings document of its own says otherwise.

mod db;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use helpline_protocol::{self as wire, paths};

use crate::kernel::Kernel;
use crate::numbers::{count, signed};
use crate::store::{Key, Store};
use crate::transport::Fetched;
use crate::{Error, Event, Result};

/// How often the settings are asked for while the SDK runs.
pub(crate) const REFRESH_EVERY: Duration = Duration::from_secs(10 * 60);
/// The first retry after a failed fetch; it doubles up to [`REFRESH_EVERY`].
const FIRST_RETRY: Duration = Duration::from_secs(30);

/// A part of the SDK the helpdesk can switch off for an app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Feature {
    /// Tickets: the contact form, comments, follow-ups.
    Support,
    HelpCenter,
    /// Live chat.
    Messaging,
    /// Files attached to tickets, comments and chat messages.
    Attachments,
    /// Satisfaction ratings of solved tickets and ended conversations.
    SatisfactionRatings,
}

impl Feature {
    /// The settings key: `support`, `help_center`, `messaging`, `attachments`,
    /// `satisfaction_ratings`.
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::Support => "support",
            Feature::HelpCenter => "help_center",
            Feature::Messaging => "messaging",
            Feature::Attachments => "attachments",
            Feature::SatisfactionRatings => "satisfaction_ratings",
        }
    }
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The app's remote settings, as the helpdesk last sent them (or the defaults).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record), uniffi(name = "HelplineSettings"))]
pub struct Settings {
    /// When they last changed on the helpdesk; `None` for the defaults.
    pub updated_at: Option<std::time::SystemTime>,
    pub support: SupportSettings,
    pub help_center: HelpCenterSettings,
    pub messaging: MessagingSettings,
    pub rating: RatingSettings,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SupportSettings {
    /// Tickets may be created and answered.
    pub enabled: bool,
    /// The contact form should not ask for an email address.
    pub never_request_email: bool,
    /// Closed tickets should be listed.
    pub show_closed_requests: bool,
    pub attachments: AttachmentSettings,
    /// The contact form's custom fields, checked by `Tickets::create`.
    pub ticket_fields: Vec<TicketField>,
    /// The user may rate solved tickets and ended conversations (`Tickets::rate`,
    /// `Messaging::rate`). Off when a settings document does not name it (a helpdesk older
    /// than ratings); on without any document (the defaults: a stock Zendesk takes them).
    pub satisfaction_ratings_enabled: bool,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AttachmentSettings {
    pub enabled: bool,
    /// The largest file the helpdesk takes, in bytes.
    pub max_attachment_size: i64,
}

/// One custom field of the contact form. Its value goes in `TicketDraft::custom_fields`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TicketField {
    pub id: i64,
    pub kind: TicketFieldKind,
    pub title: String,
    pub required: bool,
    /// The choices of a `Tagger` field; its value is one option's `value`.
    pub options: Vec<FieldOption>,
}

/// What a field holds, and the `FieldValue` it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum TicketFieldKind {
    /// Free text (`FieldValue::Text`).
    Text,
    /// One of the field's options (`FieldValue::Text` of the option's value).
    Tagger,
    /// `FieldValue::Bool`; a required checkbox must be checked.
    Checkbox,
    /// A whole number (`FieldValue::Number`, or text holding one).
    Integer,
    /// A type newer than this SDK: only `required` is checked.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FieldOption {
    /// What the user sees.
    pub name: String,
    /// What is sent.
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HelpCenterSettings {
    pub enabled: bool,
    /// Where the help center falls back when the app's locale is not in `locales`.
    pub default_locale: String,
    /// The help center's languages; empty when the helpdesk did not say.
    pub locales: Vec<String>,
    /// Query expansions per language (`en`, `fr`), from the helpdesk: a word -> words or
    /// phrases that mean the same to a reader. They widen a search, never add results.
    pub synonyms: HashMap<String, HashMap<String, Vec<String>>>,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MessagingSettings {
    pub enabled: bool,
    /// The first words of a new conversation.
    pub greeting: String,
    /// The user may have several conversations at once (`Messaging::start_new` beside an
    /// active one). Off when the helpdesk does not say (one conversation, as before).
    pub multiple_conversations: bool,
}

/// The rules of the store-rating prompt (see `Rating`).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RatingSettings {
    pub enabled: bool,
    pub min_launches: i32,
    pub min_days_installed: i32,
    pub min_events: i32,
    pub remind_after_days: i32,
    pub store_url_android: Option<String>,
    pub store_url_ios: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        let mut settings: Settings = wire::SdkSettings::default().into();
        settings.support.satisfaction_ratings_enabled = true;
        settings
    }
}

impl From<wire::SdkSettings> for Settings {
    fn from(s: wire::SdkSettings) -> Self {
        Settings {
            updated_at: s.updated_at.as_deref().map(crate::clock::time_of),
            support: SupportSettings {
                enabled: s.support.enabled,
                never_request_email: s.support.never_request_email,
                show_closed_requests: s.support.show_closed_requests,
                attachments: AttachmentSettings {
                    enabled: s.support.attachments.enabled,
                    max_attachment_size: signed(s.support.attachments.max_attachment_size),
                },
                ticket_fields: s.support.ticket_form.fields.into_iter().map(Into::into).collect(),
                satisfaction_ratings_enabled: s.support.satisfaction_ratings_enabled.unwrap_or(false),
            },
            help_center: HelpCenterSettings {
                enabled: s.help_center.enabled,
                default_locale: normalize_locale(&s.help_center.default_locale),
                locales: s.help_center.locales.iter().map(|l| normalize_locale(l)).filter(|l| !l.is_empty()).collect(),
                synonyms: synonyms(s.help_center.synonyms),
            },
            messaging: MessagingSettings {
                enabled: s.messaging.enabled,
                greeting: s.messaging.greeting,
                multiple_conversations: s.messaging.multiple_conversations.unwrap_or(false),
            },
            rating: RatingSettings {
                enabled: s.rating.enabled,
                min_launches: count(s.rating.min_launches),
                min_days_installed: count(s.rating.min_days_installed),
                min_events: count(s.rating.min_events),
                remind_after_days: count(s.rating.remind_after_days),
                store_url_android: s.rating.store_url_android,
                store_url_ios: s.rating.store_url_ios,
            },
        }
    }
}

impl From<wire::TicketField> for TicketField {
    fn from(f: wire::TicketField) -> Self {
        TicketField {
            id: signed(f.id),
            kind: match f.kind {
                wire::FieldType::Text => TicketFieldKind::Text,
                wire::FieldType::Tagger => TicketFieldKind::Tagger,
                wire::FieldType::Checkbox => TicketFieldKind::Checkbox,
                wire::FieldType::Integer => TicketFieldKind::Integer,
                wire::FieldType::Unknown => TicketFieldKind::Unknown,
            },
            title: f.title,
            required: f.required,
            options: f.options.into_iter().map(|o| FieldOption { name: o.name, value: o.value }).collect(),
        }
    }
}

/// `fr_CA` -> `fr-ca`: the help center's spelling.
pub(crate) fn normalize_locale(locale: &str) -> String {
    locale.trim().to_lowercase().replace('_', "-")
}

/// What a fetch of the settings found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum SettingsRefresh {
    /// The helpdesk answered 304: the cached settings are current (no body was sent).
    NotModified,
    /// A new document came, saying the same as before.
    Unchanged,
    /// The settings changed; `Event::SettingsChanged` was emitted.
    Changed,
    /// The helpdesk serves no settings (404: a stock Zendesk account, or a backend without
    /// them): the defaults apply; `Event::SettingsChanged` follows if that changed them.
    Unavailable,
}

/// The settings in memory, loaded from the cache on first use.
#[derive(Default)]
pub(crate) struct State {
    current: RwLock<Option<Arc<Settings>>>,
    /// One fetch at a time: a second caller waits, then gets a 304.
    fetch_lock: tokio::sync::Mutex<()>,
}

impl State {
    fn get(&self) -> Option<Arc<Settings>> {
        self.current.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn set(&self, settings: Settings) {
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(settings));
    }
}

/// Synonyms as the search wants them: keys folded ("Résilier" -> "resilier"), and bounded,
/// as anything from the network (languages, words per language, alternatives per word).
fn synonyms(
    by_language: BTreeMap<String, BTreeMap<String, Vec<String>>>,
) -> HashMap<String, HashMap<String, Vec<String>>> {
    const MAX_LANGUAGES: usize = 32;
    const MAX_WORDS: usize = 2_000;
    const MAX_ALTERNATIVES: usize = 8;
    const MAX_CHARS: usize = 64;
    let short = |w: &String| !w.trim().is_empty() && w.chars().count() <= MAX_CHARS;
    by_language
        .into_iter()
        .take(MAX_LANGUAGES)
        .map(|(language, words)| {
            let words = words
                .into_iter()
                .filter(|(word, _)| short(word))
                .take(MAX_WORDS)
                .map(|(word, alternatives)| {
                    let alternatives = alternatives.into_iter().filter(short).take(MAX_ALTERNATIVES).collect();
                    (helpline_text::fold(word.trim()), alternatives)
                })
                .collect();
            (language.to_ascii_lowercase(), words)
        })
        .collect()
}

/// The settings in force: fetched, cached, or the defaults. Never waits on the network.
pub(crate) fn current(kernel: &Kernel) -> Arc<Settings> {
    if let Some(settings) = kernel.settings.get() {
        return settings;
    }
    let settings = load(&kernel.store, &kernel.config.app_id);
    kernel.settings.set(settings);
    kernel.settings.get().unwrap_or_default()
}

/// The cached document (or the defaults), with chat off if the helpdesk was found to lack it.
fn load(store: &Store, app_id: &str) -> Settings {
    let mut settings = load_document(store, app_id);
    if store.read(|c| Key::ChatUnavailable.get(c)).ok().flatten().is_some() {
        settings.messaging.enabled = false;
    }
    settings
}

fn load_document(store: &Store, app_id: &str) -> Settings {
    match store.read(|c| db::cached(c, app_id)) {
        Ok(Some(cached)) => match decode(cached.body.as_bytes()) {
            Ok(settings) => settings,
            Err(e) => {
                tracing::warn!("cached settings unreadable ({e}); using the defaults until the next fetch");
                Settings::default()
            }
        },
        Ok(None) => Settings::default(),
        Err(e) => {
            tracing::warn!("cannot read the cached settings ({e}); using the defaults");
            Settings::default()
        }
    }
}

fn decode(body: &[u8]) -> Result<Settings> {
    let envelope: wire::SettingsEnvelope =
        serde_json::from_slice(body).map_err(|e| Error::InvalidResponse { reason: format!("settings: {e}") })?;
    Ok(envelope.settings.into())
}

/// Fails with `FeatureDisabled` when the helpdesk switched `feature` off.
pub(crate) fn require(kernel: &Kernel, feature: Feature) -> Result<()> {
    let settings = current(kernel);
    let enabled = match feature {
        Feature::Support => settings.support.enabled,
        Feature::HelpCenter => settings.help_center.enabled,
        Feature::Messaging => settings.messaging.enabled,
        Feature::Attachments => settings.support.attachments.enabled,
        Feature::SatisfactionRatings => settings.support.satisfaction_ratings_enabled,
    };
    if enabled { Ok(()) } else { Err(Error::FeatureDisabled { feature }) }
}

/// Asks the helpdesk for the settings (304 when the cached ones are current), caches and
/// applies what changed. A 404 means the helpdesk has none: the defaults apply.
pub(crate) async fn refresh(kernel: &Kernel) -> Result<SettingsRefresh> {
    let _one_at_a_time = kernel.settings.fetch_lock.lock().await;
    let app_id = kernel.config.app_id.clone();
    let etag = kernel.store.read(|c| Ok(db::cached(c, &app_id)?.and_then(|cached| cached.etag)))?;
    let mut url = kernel.session.transport.url(&paths::sdk_settings("x"));
    if let Ok(mut segments) = url.path_segments_mut() {
        // The app id as one percent-encoded segment, whatever it holds.
        segments.pop().push(&format!("{app_id}.json"));
    }
    let now = kernel.clock.now_ms();
    // Read before anything is saved: loading lazily afterwards would find the new document.
    let before = current(kernel);
    match kernel.session.transport.get_if_none_match(url, etag.as_deref()).await {
        Ok(Fetched::NotModified) => {
            // A helpdesk with settings of its own decides about chat from now on.
            let chat_was_unavailable = kernel.store.write(|tx| {
                db::touch(tx, &app_id, now)?;
                let flagged = Key::ChatUnavailable.get(tx)?.is_some();
                Key::ChatUnavailable.delete(tx)?;
                Ok(flagged)
            })?;
            if chat_was_unavailable {
                apply(kernel, &before, load(&kernel.store, &app_id));
            }
            Ok(SettingsRefresh::NotModified)
        }
        Ok(Fetched::Fresh { body, etag }) => {
            let settings = decode(&body)?;
            let text =
                String::from_utf8(body).map_err(|e| Error::InvalidResponse { reason: format!("settings: {e}") })?;
            kernel.store.write(|tx| {
                db::save(tx, &app_id, &text, etag.as_deref(), now)?;
                Key::ChatUnavailable.delete(tx)
            })?;
            Ok(if apply(kernel, &before, settings) { SettingsRefresh::Changed } else { SettingsRefresh::Unchanged })
        }
        Err(Error::NotFound { .. }) => {
            tracing::info!("settings: the helpdesk has none (404); the defaults apply");
            kernel.store.write(|tx| db::forget(tx, &app_id))?;
            apply(kernel, &before, load(&kernel.store, &app_id));
            Ok(SettingsRefresh::Unavailable)
        }
        Err(e) => Err(e),
    }
}

/// Puts `after` in force; emits `SettingsChanged` and returns true if it differs from `before`.
fn apply(kernel: &Kernel, before: &Settings, after: Settings) -> bool {
    let changed = *before != after;
    kernel.settings.set(after);
    if changed {
        kernel.events.emit(Event::SettingsChanged);
    }
    changed
}

/// The helpdesk has no live messaging (its conversations answered 404: a stock Zendesk):
/// remembered, chat reads as switched off (`FeatureDisabled`) until a settings document of
/// the helpdesk's own is fetched again.
pub(crate) fn mark_chat_unavailable(kernel: &Kernel) -> Result<()> {
    kernel.store.write(|tx| Key::ChatUnavailable.set(tx, "1"))?;
    let before = current(kernel);
    let mut after = before.as_ref().clone();
    after.messaging.enabled = false;
    apply(kernel, &before, after);
    Ok(())
}

/// The background loop: a fetch at once, then every ten minutes; after a failure, again in
/// 30 s, doubling up to ten minutes. Ends when the SDK is dropped (the task is aborted).
pub(crate) async fn run(kernel: Arc<Kernel>) {
    let mut failures = 0u32;
    loop {
        let wait = match refresh(&kernel).await {
            Ok(_) => {
                failures = 0;
                REFRESH_EVERY
            }
            Err(e) => {
                tracing::info!("settings: {e}; keeping the cached ones");
                failures = failures.saturating_add(1);
                retry_delay(failures)
            }
        };
        tokio::time::sleep(wait).await;
    }
}

fn retry_delay(failures: u32) -> Duration {
    FIRST_RETRY.saturating_mul(1 << failures.saturating_sub(1).min(10)).min(REFRESH_EVERY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_keep_features_on_and_prompts_off() {
        let s = Settings::default();
        assert!(s.support.enabled && s.help_center.enabled && s.messaging.enabled);
        assert!(!s.rating.enabled);
        assert!(s.support.ticket_fields.is_empty());
        assert_eq!(s.updated_at, None);
        assert_eq!(s.support.attachments.max_attachment_size, 20 * 1024 * 1024);
    }

    #[test]
    fn satisfaction_ratings_are_on_without_settings_and_off_unless_a_document_names_them() {
        assert!(Settings::default().support.satisfaction_ratings_enabled, "no document: a stock Zendesk takes them");
        let older = decode(br#"{"settings": {"support": {"enabled": true}}}"#).unwrap();
        assert!(!older.support.satisfaction_ratings_enabled, "a helpdesk older than ratings does not take them");
        let on = decode(br#"{"settings": {"support": {"satisfaction_ratings_enabled": true}}}"#).unwrap();
        assert!(on.support.satisfaction_ratings_enabled);
    }

    #[test]
    fn locales_are_normalized_and_retries_back_off() {
        let body = br#"{"settings": {"help_center": {"default_locale": "FR_ca", "locales": ["en-US", " ", "fr_CA"]}}}"#;
        let s = decode(body).unwrap();
        assert_eq!(s.help_center.default_locale, "fr-ca");
        assert_eq!(s.help_center.locales, vec!["en-us", "fr-ca"]);
        assert!(matches!(decode(b"{\"settings\": 3}"), Err(Error::InvalidResponse { .. })));
        assert_eq!(retry_delay(1), Duration::from_secs(30));
        assert_eq!(retry_delay(2), Duration::from_secs(60));
        assert_eq!(retry_delay(50), REFRESH_EVERY);
    }
}
