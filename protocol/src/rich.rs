//! Rich chat messages (Helpline): quick replies, buttons, a carousel of cards and a small form,
//! carried beside a message's `text`, which stays their plain fallback (what an older client,
//! a transcript or a notification shows). And the user's answer to one of them (`reply`).
//!
//! Every part is optional and read tolerantly: a malformed choice, card or field is set aside
//! (never costing the message, whose seq must not leave a hole), and a kind or a button type
//! this version does not know decodes as `Unknown`. Bounds are the reader's business.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::tolerant::Tolerant;

/// A choice offered under a message; tapping one sends its `title` as the user's answer, with
/// its `payload` for the bot. The choices go away once anything follows the message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuickReply {
    pub title: String,
    pub payload: String,
}

/// What a button does. Unknown values decode as `Unknown` (shown, not actionable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ButtonType {
    /// Opens `url`.
    Link,
    /// Sends `payload` to the bot, with the button's title as the user's answer.
    Postback,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Button {
    #[serde(rename = "type")]
    pub kind: ButtonType,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
}

/// One card of a carousel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub title: String,
    #[serde(default)]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    #[serde(default, skip_serializing_if = "Tolerant::is_empty", deserialize_with = "crate::tolerant::or_default")]
    pub buttons: Tolerant<Button>,
}

/// A form field's type. Unknown values decode as `Unknown` (shown as text, not checked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormFieldType {
    Text,
    Email,
    /// One of `options`' values.
    Select,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormOption {
    #[serde(default)]
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormField {
    /// The key of its value in the answer.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: FormFieldType,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Tolerant::is_empty", deserialize_with = "crate::tolerant::or_default")]
    pub options: Tolerant<FormOption>,
}

/// A small form: answered once, with one value per field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form {
    #[serde(deserialize_with = "crate::tolerant::or_default")]
    pub fields: Tolerant<FormField>,
    #[serde(default)]
    pub submit_label: String,
}

/// The user's answer to a rich message (on their message, and on the message they send):
/// the quick reply or postback button they tapped (`payload`), or the form they submitted
/// (`values`, by field name).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MessageReply {
    /// The helpdesk's id of the message answered.
    pub message_id: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, String>,
}
