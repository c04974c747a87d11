//! The user's answers to rich messages: a quick reply or postback button tapped, a form
//! submitted. Each is a message of the user's (its text the answer as they would have typed
//! it, its `reply` naming what it answers), stored at once and sent through the outbox like
//! any other: offline too, exactly once. A form is checked here first, field by field.

use std::collections::{BTreeMap, HashMap};

use helpline_protocol as wire;
use rusqlite::Connection;

use super::rich::{self, MAX_VALUE_CHARS, Place};
use super::{ChatMessage, Messaging, db, signed, unsigned};
use crate::{Error, Result};

/// What a message of the user's answers, and in which conversation.
pub(super) struct Answer {
    pub conversation_id: i64,
    pub reply: wire::MessageReply,
    /// A quick reply: offered only while nothing follows its message.
    quick: bool,
    local_id: String,
}

impl Messaging {
    /// Taps a choice of the message `message_id` (its `local_id`): one of its `quick_replies`
    /// (while offered) or a postback button (its own or a card's), by `payload`. The choice's
    /// title is sent as the user's answer, with the payload for the bot; quick replies go away
    /// at once, offline too. Returns the user's message (pending). Unknown message: `NotFound`;
    /// no such choice, or quick replies no longer offered: `Validation` on `payload`.
    pub async fn choose(&self, message_id: &str, payload: &str) -> Result<ChatMessage> {
        let (this, message_id, payload) = (self.clone(), message_id.to_owned(), payload.to_owned());
        self.chat
            .blocking(move || {
                let target = this.answerable(&message_id)?;
                let quick = target.offering && target.stored.quick_replies.iter().any(|q| q.payload == payload);
                let Some(title) = target.stored.choice(&payload, target.offering).map(str::to_owned) else {
                    return Err(Error::validation("payload", "not a choice this message offers (any more)"));
                };
                let reply = wire::MessageReply {
                    message_id: unsigned(target.remote_id),
                    payload: Some(payload.clone()),
                    values: BTreeMap::new(),
                };
                let answer = Answer { conversation_id: target.conversation_id, reply, quick, local_id: message_id };
                this.queue_now(&title, &[], Some(&answer))
            })
            .await
    }

    /// Submits the form of the message `message_id` (its `local_id`), once: `values` by field
    /// name. Checked first: a name the form lacks, a required field left blank, an email that
    /// does not look like one, a select's value outside its options, or a value over 1,000
    /// characters is `Validation` naming `form.<name>`; a form already submitted (from here or
    /// elsewhere), `Validation` on `form`. Then stored and sent like any message (offline too),
    /// its text the answers as lines; the form shows as answered at once.
    pub async fn submit_form(&self, message_id: &str, values: HashMap<String, String>) -> Result<ChatMessage> {
        let (this, message_id) = (self.clone(), message_id.to_owned());
        self.chat
            .blocking(move || {
                let target = this.answerable(&message_id)?;
                let Some(form) = &target.stored.form else {
                    return Err(Error::validation("form", "this message has no form"));
                };
                let values = check_values(form, &values)?;
                let text = transcript(form, &values);
                let reply = wire::MessageReply { message_id: unsigned(target.remote_id), payload: None, values };
                let answer =
                    Answer { conversation_id: target.conversation_id, reply, quick: false, local_id: message_id };
                this.queue_now(&text, &[], Some(&answer))
            })
            .await
    }

    /// The message answered, confirmed by the helpdesk (it has an id to name) and in a
    /// conversation; its form not answered yet.
    fn answerable(&self, message_id: &str) -> Result<Target> {
        self.chat.store.read(|c| {
            let found =
                db::answerable(c, message_id)?.ok_or_else(|| Error::not_found(format!("message {message_id}")))?;
            let (Some(conversation_id), Some(remote_id)) = (found.conversation_id, found.remote_id) else {
                return Err(Error::validation("message", "not confirmed by the helpdesk yet"));
            };
            if found.stored.form.is_some() && rich::answer_to(c, conversation_id, remote_id)?.is_some() {
                return Err(Error::validation("form", "already submitted"));
            }
            Ok(Target { conversation_id, remote_id, stored: found.stored, offering: found.offering })
        })
    }
}

struct Target {
    conversation_id: i64,
    remote_id: i64,
    stored: rich::Stored,
    offering: bool,
}

/// In the write that stores the answer: a form not answered meanwhile, quick replies still
/// offered (two quick taps send one answer).
pub(super) fn still_open(conn: &Connection, answer: &Answer) -> Result<()> {
    if answer.reply.payload.is_none()
        && rich::answer_to(conn, answer.conversation_id, signed(answer.reply.message_id))?.is_some()
    {
        return Err(Error::validation("form", "already submitted"));
    }
    if answer.quick {
        let place = Place {
            local_id: &answer.local_id,
            conversation_id: Some(answer.conversation_id),
            seq: db::seq_of(conn, &answer.local_id)?,
            remote_id: Some(signed(answer.reply.message_id)),
        };
        if !rich::offering(conn, &place)? {
            return Err(Error::validation("payload", "not a choice this message offers (any more)"));
        }
    }
    Ok(())
}

/// The form's values, checked field by field (errors name `form.<name>`); blank ones left out.
fn check_values(form: &wire::Form, values: &HashMap<String, String>) -> Result<BTreeMap<String, String>> {
    let mut kept = BTreeMap::new();
    for (name, value) in values {
        let field = format!("form.{name}");
        let Some(spec) = form.fields.iter().find(|f| &f.name == name) else {
            return Err(Error::validation(&field, "not a field of this form"));
        };
        if value.chars().count() > MAX_VALUE_CHARS {
            return Err(Error::validation(&field, format!("longer than {MAX_VALUE_CHARS} characters")));
        }
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match spec.kind {
            wire::FormFieldType::Email if !crate::identity::is_plausible_email(value) => {
                return Err(Error::validation(&field, "not an email address"));
            }
            wire::FormFieldType::Select if !spec.options.iter().any(|o| o.value == value) => {
                return Err(Error::validation(&field, "not one of the choices"));
            }
            _ => {}
        }
        kept.insert(name.clone(), value.to_owned());
    }
    if let Some(missing) = form.fields.iter().find(|f| f.required && !kept.contains_key(&f.name)) {
        return Err(Error::validation(&format!("form.{}", missing.name), "required"));
    }
    Ok(kept)
}

/// The answers as the user would have typed them, in the form's order: "Label: value" lines.
fn transcript(form: &wire::Form, values: &BTreeMap<String, String>) -> String {
    form.fields
        .iter()
        .filter_map(|f| {
            let value = values.get(&f.name)?;
            let shown = f.options.iter().find(|o| &o.value == value).map_or(value.as_str(), |o| o.label.as_str());
            let label = if f.label.trim().is_empty() { &f.name } else { &f.label };
            Some(format!("{label}: {shown}"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> wire::Form {
        serde_json::from_value(serde_json::json!({"fields": [
            {"name": "order_number", "type": "text", "label": "Order number", "required": true},
            {"name": "email", "type": "email", "label": "Email", "required": true},
            {"name": "delivery", "type": "select", "label": "Delivery",
             "options": [{"label": "Express", "value": "express"}]}
        ], "submit_label": "Send"}))
        .unwrap()
    }

    fn field_of(result: Result<BTreeMap<String, String>>) -> String {
        match result {
            Err(Error::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    fn values(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_form_is_checked_field_by_field_with_errors_naming_the_field() {
        let form = form();
        assert_eq!(field_of(check_values(&form, &values(&[("email", "ana@example.com")]))), "form.order_number");
        assert_eq!(field_of(check_values(&form, &values(&[("order_number", "1"), ("email", "ana")]))), "form.email");
        let choice = values(&[("order_number", "1"), ("email", "a@b.co"), ("delivery", "drone")]);
        assert_eq!(field_of(check_values(&form, &choice)), "form.delivery");
        let stranger = values(&[("order_number", "1"), ("email", "a@b.co"), ("age", "3")]);
        assert_eq!(field_of(check_values(&form, &stranger)), "form.age");
        let long = values(&[("order_number", &"9".repeat(1_001)), ("email", "a@b.co")]);
        assert_eq!(field_of(check_values(&form, &long)), "form.order_number");
        let blank_required = values(&[("order_number", "   "), ("email", "a@b.co")]);
        assert_eq!(field_of(check_values(&form, &blank_required)), "form.order_number");

        let good = values(&[("order_number", " 1042 "), ("email", "ana@example.com"), ("delivery", "express")]);
        let kept = check_values(&form, &good).unwrap();
        assert_eq!(kept["order_number"], "1042", "trimmed");
        assert_eq!(transcript(&form, &kept), "Order number: 1042\nEmail: ana@example.com\nDelivery: Express");
    }
}
