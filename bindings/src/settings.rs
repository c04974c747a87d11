//! Remote settings: what the helpdesk switches on or off for the app, the contact form's
//! fields, the help center's locales and the rating prompt's rules.

use helpline_core as core;

/// A part of the SDK the helpdesk can switch off for the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Feature {
    /// Tickets: the contact form, comments, follow-ups.
    Support,
    HelpCenter,
    /// Live chat.
    Messaging,
    /// Files attached to tickets, comments and chat messages.
    Attachments,
}

impl From<core::Feature> for Feature {
    fn from(f: core::Feature) -> Self {
        match f {
            core::Feature::Support => Self::Support,
            core::Feature::HelpCenter => Self::HelpCenter,
            core::Feature::Messaging => Self::Messaging,
            core::Feature::Attachments => Self::Attachments,
        }
    }
}

impl std::fmt::Display for Feature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let core: core::Feature = match self {
            Feature::Support => core::Feature::Support,
            Feature::HelpCenter => core::Feature::HelpCenter,
            Feature::Messaging => core::Feature::Messaging,
            Feature::Attachments => core::Feature::Attachments,
        };
        write!(f, "{core}")
    }
}

/// The app's remote settings, as the helpdesk last sent them (or the defaults before the
/// first fetch: every feature on, no form field, no rating prompt).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct HelplineSettings {
    /// When they last changed on the helpdesk; null for the defaults.
    pub updated_at: Option<String>,
    pub support: SupportSettings,
    pub help_center: HelpCenterSettings,
    pub messaging: MessagingSettings,
    pub rating: RatingSettings,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SupportSettings {
    /// Tickets may be created and answered.
    pub enabled: bool,
    /// The contact form should not ask for an email address.
    pub never_request_email: bool,
    /// Closed tickets should be listed.
    pub show_closed_requests: bool,
    pub attachments_enabled: bool,
    /// The largest file the helpdesk takes, in bytes.
    pub max_attachment_size: u64,
    /// The contact form's custom fields, checked by `Tickets.create`.
    pub ticket_fields: Vec<TicketField>,
}

/// One custom field of the contact form; its value goes in `TicketDraft.customFields`.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TicketField {
    pub id: u64,
    pub kind: TicketFieldKind,
    pub title: String,
    pub required: bool,
    /// The choices of a `Tagger` field; its value is one option's `value`.
    pub options: Vec<FieldOption>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum TicketFieldKind {
    /// Free text (`FieldValue.Text`).
    Text,
    /// One of the options (`FieldValue.Text` of the option's value).
    Tagger,
    /// `FieldValue.Bool`; a required checkbox must be checked.
    Checkbox,
    /// A whole number (`FieldValue.Number`, or text holding one).
    Integer,
    /// A type newer than this SDK: only `required` is checked.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FieldOption {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct HelpCenterSettings {
    pub enabled: bool,
    /// Where the help center falls back when the app's locale is not in `locales`.
    pub default_locale: String,
    pub locales: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct MessagingSettings {
    pub enabled: bool,
    pub greeting: String,
}

/// The rules of the store-rating prompt (see `Rating`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RatingSettings {
    pub enabled: bool,
    pub min_launches: u32,
    pub min_days_installed: u32,
    pub min_events: u32,
    pub remind_after_days: u32,
    pub store_url_android: Option<String>,
    pub store_url_ios: Option<String>,
}

/// What a fetch of the settings found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SettingsRefresh {
    /// 304: the cached settings are current (no body was sent).
    NotModified,
    /// A new document, saying the same as before.
    Unchanged,
    /// The settings changed; `SettingsChanged` was emitted.
    Changed,
}

impl From<core::Settings> for HelplineSettings {
    fn from(s: core::Settings) -> Self {
        Self {
            updated_at: s.updated_at,
            support: SupportSettings {
                enabled: s.support.enabled,
                never_request_email: s.support.never_request_email,
                show_closed_requests: s.support.show_closed_requests,
                attachments_enabled: s.support.attachments.enabled,
                max_attachment_size: s.support.attachments.max_attachment_size,
                ticket_fields: s.support.ticket_fields.into_iter().map(Into::into).collect(),
            },
            help_center: HelpCenterSettings {
                enabled: s.help_center.enabled,
                default_locale: s.help_center.default_locale,
                locales: s.help_center.locales,
            },
            messaging: MessagingSettings { enabled: s.messaging.enabled, greeting: s.messaging.greeting },
            rating: RatingSettings {
                enabled: s.rating.enabled,
                min_launches: s.rating.min_launches,
                min_days_installed: s.rating.min_days_installed,
                min_events: s.rating.min_events,
                remind_after_days: s.rating.remind_after_days,
                store_url_android: s.rating.store_url_android,
                store_url_ios: s.rating.store_url_ios,
            },
        }
    }
}

impl From<core::TicketField> for TicketField {
    fn from(f: core::TicketField) -> Self {
        Self {
            id: f.id,
            kind: match f.kind {
                core::TicketFieldKind::Text => TicketFieldKind::Text,
                core::TicketFieldKind::Tagger => TicketFieldKind::Tagger,
                core::TicketFieldKind::Checkbox => TicketFieldKind::Checkbox,
                core::TicketFieldKind::Integer => TicketFieldKind::Integer,
                core::TicketFieldKind::Unknown => TicketFieldKind::Unknown,
            },
            title: f.title,
            required: f.required,
            options: f.options.into_iter().map(|o| FieldOption { name: o.name, value: o.value }).collect(),
        }
    }
}

impl From<core::SettingsRefresh> for SettingsRefresh {
    fn from(r: core::SettingsRefresh) -> Self {
        match r {
            core::SettingsRefresh::NotModified => Self::NotModified,
            core::SettingsRefresh::Unchanged => Self::Unchanged,
            core::SettingsRefresh::Changed => Self::Changed,
        }
    }
}
