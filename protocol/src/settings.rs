//! Remote SDK settings (Helpline): what the helpdesk turns on or off for one app, the contact
//! form's fields, the help center's locales and the rules of the store-rating prompt.
//!
//! Every part and every field may be missing: a missing part or field takes the value of
//! [`Default`], so an older helpdesk that knows nothing of, say, `rating` leaves the SDK in a
//! safe state (features on, rating prompts off).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Body of `GET /api/private/mobile_sdk/settings/{app_id}.json` (and of the agent's `PUT`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SettingsEnvelope {
    pub settings: SdkSettings,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SdkSettings {
    /// When the settings last changed on the helpdesk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    pub support: SupportSettings,
    pub help_center: HelpCenterSettings,
    pub messaging: MessagingSettings,
    pub rating: RatingSettings,
}

/// Tickets: whether the app may open them, and the contact form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SupportSettings {
    pub enabled: bool,
    pub never_request_email: bool,
    pub show_closed_requests: bool,
    pub attachments: AttachmentSettings,
    pub ticket_form: TicketForm,
    /// Helpline: whether the requester may rate a solved ticket or an ended conversation
    /// (Zendesk's satisfaction ratings). Missing (`None`): a helpdesk that predates them; the
    /// SDK then does not offer them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub satisfaction_ratings_enabled: Option<bool>,
}

impl Default for SupportSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            never_request_email: false,
            show_closed_requests: true,
            attachments: AttachmentSettings::default(),
            ticket_form: TicketForm::default(),
            satisfaction_ratings_enabled: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AttachmentSettings {
    pub enabled: bool,
    /// Bytes.
    pub max_attachment_size: u64,
}

/// Zendesk's default attachment limit: 20 MiB.
pub const DEFAULT_MAX_ATTACHMENT_SIZE: u64 = 20 * 1024 * 1024;

impl Default for AttachmentSettings {
    fn default() -> Self {
        Self { enabled: true, max_attachment_size: DEFAULT_MAX_ATTACHMENT_SIZE }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TicketForm {
    pub fields: Vec<TicketField>,
}

/// One custom field of the contact form; its value goes into the request's `custom_fields`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketField {
    pub id: u64,
    #[serde(rename = "type", default)]
    pub kind: FieldType,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub required: bool,
    /// The choices of a `tagger` field.
    #[serde(default)]
    pub options: Vec<FieldOption>,
}

/// A field type. Types newer than this SDK decode as `Unknown` (their value is not checked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    #[default]
    Text,
    /// One choice among `options` (a drop-down).
    Tagger,
    Checkbox,
    Integer,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldOption {
    #[serde(default)]
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HelpCenterSettings {
    pub enabled: bool,
    /// The locale to show when the app's locale is not among `locales`; empty: unknown.
    pub default_locale: String,
    /// The locales the help center is written in; empty: unknown.
    pub locales: Vec<String>,
    /// Helpline: query expansions per language (`en`, `fr`): a word -> words or phrases that
    /// mean the same to a reader (`"person": ["agent"]`). They widen a search; they never add
    /// results of their own.
    pub synonyms: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

impl Default for HelpCenterSettings {
    fn default() -> Self {
        Self { enabled: true, default_locale: String::new(), locales: Vec::new(), synonyms: BTreeMap::new() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MessagingSettings {
    pub enabled: bool,
    pub greeting: String,
    /// Helpline: the greeting in other languages, by locale (`fr`, `pt-br`). A conversation
    /// started in one of them (its metadata's `locale`) opens with it; else with `greeting`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub greetings: BTreeMap<String, String>,
    /// Helpline: whether a user may have several conversations at once (start a new one beside
    /// the active ones). Missing (`None`): a helpdesk that predates it keeps one active
    /// conversation per user, so the SDK offers one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multiple_conversations: Option<bool>,
}

impl Default for MessagingSettings {
    fn default() -> Self {
        Self { enabled: true, greeting: String::new(), greetings: BTreeMap::new(), multiple_conversations: None }
    }
}

impl MessagingSettings {
    /// The greeting for a conversation in `locale`: its own (`pt-br`), its language's (`pt`),
    /// else the default one.
    pub fn greeting_for(&self, locale: Option<&str>) -> &str {
        let Some(locale) = locale.map(|l| l.trim().to_ascii_lowercase().replace('_', "-")) else {
            return &self.greeting;
        };
        let language = locale.split('-').next().unwrap_or_default();
        let find = |wanted: &str| self.greetings.iter().find(|(k, _)| k.eq_ignore_ascii_case(wanted)).map(|(_, v)| v);
        find(&locale).or_else(|| find(language)).unwrap_or(&self.greeting)
    }
}

/// When the SDK may suggest asking the user for a store rating. Off unless the helpdesk says so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RatingSettings {
    pub enabled: bool,
    pub min_launches: u32,
    pub min_days_installed: u32,
    pub min_events: u32,
    pub remind_after_days: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_url_android: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_url_ios: Option<String>,
}

impl Default for RatingSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            min_launches: 5,
            min_days_installed: 3,
            min_events: 2,
            remind_after_days: 7,
            store_url_android: None,
            store_url_ios: None,
        }
    }
}
