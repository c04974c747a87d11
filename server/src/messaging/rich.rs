//! Rich messages on the reference helpdesk: the parts a message carries beside its text
//! (stored as one JSON column), the agent's checked on the way in, and a user's answer checked
//! against the message it answers (a payload it offered; a form's fields, answered once).

use std::collections::BTreeMap;

use helpline_protocol::{
    AgentMessage, Button, ButtonType, Card, Form, FormFieldType, Message, MessageKind, MessageReply, QuickReply,
};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::errors::ApiError;

/// Bounds the agent's rich parts are held to (and a form's answers).
pub(crate) const MAX_CHOICES: usize = 10;
pub(crate) const MAX_CARDS: usize = 10;
pub(crate) const MAX_BUTTONS: usize = 5;
pub(crate) const MAX_FIELDS: usize = 10;
pub(crate) const MAX_OPTIONS: usize = 50;
pub(crate) const MAX_TITLE_CHARS: usize = 200;
pub(crate) const MAX_TEXT_CHARS: usize = 2_000;
pub(crate) const MAX_VALUE_CHARS: usize = 1_000;
pub(crate) const MAX_URL_CHARS: usize = 2_048;

/// A message's rich parts as stored (`messages.rich`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Rich {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quick_replies: Vec<QuickReply>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<Button>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<Card>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<Form>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply: Option<MessageReply>,
}

impl Rich {
    pub(crate) fn from_column(json: &str) -> Rich {
        serde_json::from_str(json).unwrap_or_default()
    }

    pub(crate) fn to_column(&self) -> Result<String, ApiError> {
        serde_json::to_string(self).map_err(|e| ApiError::Internal(e.to_string()))
    }

    /// The message's kind, from what it carries.
    pub(crate) fn kind(&self) -> MessageKind {
        if self.form.is_some() {
            MessageKind::Form
        } else if !self.cards.is_empty() {
            MessageKind::Carousel
        } else if !self.quick_replies.is_empty() {
            MessageKind::QuickReplies
        } else if !self.buttons.is_empty() {
            MessageKind::Buttons
        } else {
            MessageKind::Text
        }
    }

    /// Puts the parts on a wire message.
    pub(crate) fn dress(&self, message: &mut Message) {
        message.quick_replies = self.quick_replies.clone().into();
        message.buttons = self.buttons.clone().into();
        message.cards = self.cards.clone().into();
        message.form = self.form.clone();
        message.reply = self.reply.clone();
    }
}

/// 422 naming `field` (a path into what the client sent: `cards.0.title`, `form.email`).
fn invalid(field: &str, error: &'static str, description: impl Into<String>) -> ApiError {
    ApiError::InvalidNamed { field: field.to_owned(), error, description: description.into() }
}

fn too_long(field: &str, max: usize) -> ApiError {
    invalid(field, "TooLong", format!("{field}: is too long (maximum is {max} characters)"))
}

fn too_many(field: &str, max: usize) -> ApiError {
    invalid(field, "TooMany", format!("{field}: at most {max}"))
}

fn blank(field: &str) -> ApiError {
    invalid(field, "BlankValue", format!("{field}: cannot be blank"))
}

fn check_chars(field: &str, value: &str, max: usize) -> Result<(), ApiError> {
    if value.chars().count() > max { Err(too_long(field, max)) } else { Ok(()) }
}

fn check_title(field: &str, title: &str) -> Result<(), ApiError> {
    if title.trim().is_empty() {
        return Err(blank(field));
    }
    check_chars(field, title, MAX_TITLE_CHARS)
}

fn check_button(field: &str, button: &Button) -> Result<(), ApiError> {
    check_title(&format!("{field}.title"), &button.title)?;
    match button.kind {
        ButtonType::Link => {
            let url = button.url.as_deref().unwrap_or_default();
            check_chars(&format!("{field}.url"), url, MAX_URL_CHARS)?;
            let web = url.starts_with("https://") || url.starts_with("http://");
            if !web || url.chars().any(char::is_whitespace) {
                return Err(invalid(&format!("{field}.url"), "InvalidValue", "Url: is not a web address"));
            }
        }
        ButtonType::Postback => {
            let payload = button.payload.as_deref().unwrap_or_default();
            if payload.is_empty() {
                return Err(blank(&format!("{field}.payload")));
            }
            check_chars(&format!("{field}.payload"), payload, MAX_VALUE_CHARS)?;
        }
        ButtonType::Unknown => {
            return Err(invalid(&format!("{field}.type"), "InvalidValue", "Type: link or postback"));
        }
    }
    Ok(())
}

/// The agent's rich parts, checked against the bounds; at most one kind of them.
pub(crate) fn from_agent(message: &AgentMessage) -> Result<Rich, ApiError> {
    let kinds = [!message.quick_replies.is_empty(), !message.buttons.is_empty(), !message.cards.is_empty()]
        .into_iter()
        .chain([message.form.is_some()])
        .filter(|&present| present)
        .count();
    if kinds > 1 {
        return Err(ApiError::invalid("message", "InvalidValue", "Message: one kind of rich part at a time"));
    }
    let bounded = |field: &str, n: usize, max: usize| if n > max { Err(too_many(field, max)) } else { Ok(()) };
    bounded("quick_replies", message.quick_replies.len(), MAX_CHOICES)?;
    for (i, reply) in message.quick_replies.iter().enumerate() {
        check_title(&format!("quick_replies.{i}.title"), &reply.title)?;
        if reply.payload.is_empty() {
            return Err(blank(&format!("quick_replies.{i}.payload")));
        }
        check_chars(&format!("quick_replies.{i}.payload"), &reply.payload, MAX_VALUE_CHARS)?;
    }
    bounded("buttons", message.buttons.len(), MAX_BUTTONS)?;
    for (i, button) in message.buttons.iter().enumerate() {
        check_button(&format!("buttons.{i}"), button)?;
    }
    bounded("cards", message.cards.len(), MAX_CARDS)?;
    for (i, card) in message.cards.iter().enumerate() {
        check_title(&format!("cards.{i}.title"), &card.title)?;
        check_chars(&format!("cards.{i}.text"), &card.text, MAX_TEXT_CHARS)?;
        if let Some(image) = &card.image_url {
            check_chars(&format!("cards.{i}.image_url"), image, MAX_URL_CHARS)?;
        }
        bounded(&format!("cards.{i}.buttons"), card.buttons.len(), MAX_BUTTONS)?;
        for (j, button) in card.buttons.iter().enumerate() {
            check_button(&format!("cards.{i}.buttons.{j}"), button)?;
        }
    }
    if let Some(form) = &message.form {
        if form.fields.is_empty() {
            return Err(blank("form.fields"));
        }
        bounded("form.fields", form.fields.len(), MAX_FIELDS)?;
        for (i, field) in form.fields.iter().enumerate() {
            check_title(&format!("form.fields.{i}.name"), &field.name)?;
            check_chars(&format!("form.fields.{i}.label"), &field.label, MAX_TITLE_CHARS)?;
            bounded(&format!("form.fields.{i}.options"), field.options.len(), MAX_OPTIONS)?;
            if field.kind == FormFieldType::Select && field.options.is_empty() {
                return Err(blank(&format!("form.fields.{i}.options")));
            }
        }
    }
    Ok(Rich {
        quick_replies: message.quick_replies.clone(),
        buttons: message.buttons.clone(),
        cards: message.cards.clone(),
        form: message.form.clone(),
        reply: None,
    })
}

/// Checks a user's answer against the message it answers, in the same conversation: a payload
/// that message offers (a quick reply, or a postback button of its own or of its cards), or the
/// values of its form, answered once. Returns the title of what was tapped, if anything was.
pub(crate) fn check_reply(conn: &Connection, conversation_id: i64, reply: &MessageReply) -> Result<(), ApiError> {
    let answered: Option<String> = conn
        .query_row(
            "SELECT rich FROM messages WHERE id = ?1 AND conversation_id = ?2 AND author_type != 'user'",
            params![i64::try_from(reply.message_id).unwrap_or(-1), conversation_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(answered) = answered.map(|json| Rich::from_column(&json)) else {
        return Err(ApiError::invalid("reply.message_id", "InvalidValue", "Reply: no such message to answer"));
    };
    match (&reply.payload, &answered.form) {
        (Some(payload), _) => {
            let offered = answered.quick_replies.iter().any(|q| &q.payload == payload)
                || answered
                    .buttons
                    .iter()
                    .chain(answered.cards.iter().flat_map(|c| c.buttons.iter()))
                    .any(|b| b.kind == ButtonType::Postback && b.payload.as_ref() == Some(payload));
            if offered {
                Ok(())
            } else {
                Err(ApiError::invalid("reply.payload", "InvalidValue", "Reply: the message offers no such choice"))
            }
        }
        (None, Some(form)) => {
            let already: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM messages WHERE conversation_id = ?1 AND author_type = 'user'
                 AND CASE WHEN json_valid(rich) THEN json_extract(rich, '$.reply.message_id') END = ?2)",
                params![conversation_id, reply.message_id as i64],
                |r| r.get(0),
            )?;
            if already {
                return Err(ApiError::invalid("form", "AlreadyAnswered", "Form: was already submitted"));
            }
            check_values(form, &reply.values)
        }
        (None, None) => Err(ApiError::invalid("reply", "InvalidValue", "Reply: a payload or a form's values")),
    }
}

/// A form's answer: every value names a field, required ones are there, emails look like
/// one, selects are one of their options. Errors name `form.<field>`.
fn check_values(form: &Form, values: &BTreeMap<String, String>) -> Result<(), ApiError> {
    for (name, value) in values {
        let field = format!("form.{name}");
        let Some(spec) = form.fields.iter().find(|f| &f.name == name) else {
            return Err(invalid(&field, "InvalidValue", format!("{name}: is not a field of the form")));
        };
        check_chars(&field, value, MAX_VALUE_CHARS)?;
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let ok = match spec.kind {
            FormFieldType::Email => crate::users::is_valid_email(value),
            FormFieldType::Select => spec.options.iter().any(|o| o.value == value),
            FormFieldType::Text | FormFieldType::Unknown => true,
        };
        if !ok {
            return Err(invalid(&field, "InvalidValue", format!("{name}: is not a valid value")));
        }
    }
    for spec in form.fields.iter().filter(|f| f.required) {
        if values.get(&spec.name).is_none_or(|v| v.trim().is_empty()) {
            return Err(blank(&format!("form.{}", spec.name)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use helpline_protocol::{FormField, FormOption};

    fn form() -> Form {
        let field = |name: &str, kind, required, options: Vec<FormOption>| FormField {
            name: name.into(),
            kind,
            label: name.into(),
            required,
            options: options.into(),
        };
        Form {
            fields: vec![
                field("order", FormFieldType::Text, true, vec![]),
                field("email", FormFieldType::Email, true, vec![]),
                field(
                    "speed",
                    FormFieldType::Select,
                    false,
                    vec![FormOption { label: "Fast".into(), value: "fast".into() }],
                ),
            ]
            .into(),
            submit_label: "Send".into(),
        }
    }

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn field_of(e: ApiError) -> String {
        match e {
            ApiError::InvalidNamed { field, .. } => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_form_answer_is_checked_field_by_field() {
        let form = form();
        assert!(check_values(&form, &values(&[("order", "1042"), ("email", "ana@example.com")])).is_ok());
        let missing = check_values(&form, &values(&[("email", "ana@example.com")])).unwrap_err();
        assert_eq!(field_of(missing), "form.order");
        let bad_email = check_values(&form, &values(&[("order", "1"), ("email", "ana@")])).unwrap_err();
        assert_eq!(field_of(bad_email), "form.email");
        let bad_choice = check_values(&form, &values(&[("order", "1"), ("email", "a@b.co"), ("speed", "slow")]));
        assert_eq!(field_of(bad_choice.unwrap_err()), "form.speed");
        let stranger = check_values(&form, &values(&[("order", "1"), ("email", "a@b.co"), ("age", "3")]));
        assert_eq!(field_of(stranger.unwrap_err()), "form.age");
    }

    #[test]
    fn the_kind_of_a_message() {
        assert_eq!(Rich::default().kind(), MessageKind::Text);
        assert_eq!(Rich { form: Some(form()), ..Default::default() }.kind(), MessageKind::Form);
    }
}
