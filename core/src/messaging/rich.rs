//! Rich chat messages: quick replies, buttons, a carousel of cards and a small form, as the app
//! sees them, and as they are kept (the helpdesk's parts, bounded, in the message's `rich`
//! column). A message's `text` stays its fallback: a kind this SDK does not know is shown as
//! that text, never dropped.
//!
//! What comes from the network is bounded when stored (choices, cards, buttons, fields and
//! options counted; strings cut by characters; a payload too long to send back whole is dropped
//! with its choice) and its URLs judged when read, by the help center's article policy: links
//! over https (or to the helpdesk), images from the helpdesk, or over https when the app allows
//! remote images. Whether quick replies are still offered and a form was answered is worked
//! out when read, from the conversation itself: nothing to keep in step.

use helpline_protocol as wire;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::Result;

pub(crate) const MAX_CHOICES: usize = 10;
pub(crate) const MAX_BUTTONS: usize = 5;
pub(crate) const MAX_CARDS: usize = 10;
pub(crate) const MAX_FIELDS: usize = 10;
pub(crate) const MAX_OPTIONS: usize = 50;
pub(crate) const MAX_TITLE_CHARS: usize = 200;
pub(crate) const MAX_TEXT_CHARS: usize = 2_000;
pub(crate) const MAX_PAYLOAD_CHARS: usize = 1_000;
pub(crate) const MAX_URL_CHARS: usize = 2_048;
/// The longest value the user may put in a form's field.
pub(crate) const MAX_VALUE_CHARS: usize = 1_000;

/// A choice under a message: tapping it (`Messaging::choose`) sends `title` as the user's
/// answer, `payload` for the bot.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChatQuickReply {
    pub title: String,
    pub payload: String,
}

/// What a button does.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ChatButtonAction {
    /// The app opens `url` (it passed the SDK's URL policy).
    Link { url: String },
    /// `Messaging::choose` with `payload` sends the button's title as the user's answer.
    Postback { payload: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChatButton {
    pub title: String,
    pub action: ChatButtonAction,
}

/// One card of a carousel.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChatCard {
    pub title: String,
    pub text: String,
    /// Shown only if it passed the SDK's URL policy.
    pub image_url: Option<String>,
    pub buttons: Vec<ChatButton>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ChatFormFieldKind {
    Text,
    /// Checked to look like an email address.
    Email,
    /// One of `options`' values.
    Select,
    /// A type newer than this SDK: taken as text.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChatFormOption {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChatFormField {
    /// The key of its value (`Messaging::submit_form`); errors name it `form.<name>`.
    pub name: String,
    pub kind: ChatFormFieldKind,
    pub label: String,
    pub required: bool,
    pub options: Vec<ChatFormOption>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChatFormValue {
    pub name: String,
    pub value: String,
}

/// A small form, answered once (`Messaging::submit_form`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChatForm {
    pub fields: Vec<ChatFormField>,
    pub submit_label: String,
    /// Answered (by this device, even before it was sent, or another): show `values`.
    pub submitted: bool,
    pub values: Vec<ChatFormValue>,
}

/// A message's rich parts as kept: the helpdesk's, bounded; or the user's answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Stored {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quick_replies: Vec<wire::QuickReply>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<wire::Button>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<wire::Card>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<wire::Form>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply: Option<wire::MessageReply>,
}

impl Stored {
    pub(crate) fn from_column(json: &str) -> Stored {
        serde_json::from_str(json).unwrap_or_default()
    }

    pub(crate) fn to_column(&self) -> Result<String> {
        Ok(serde_json::to_string(self)?)
    }

    /// What a helpdesk's message carries, within the bounds.
    pub(crate) fn of(m: &wire::Message) -> Stored {
        Stored {
            quick_replies: m
                .quick_replies
                .iter()
                .filter(|q| fits(&q.payload, MAX_PAYLOAD_CHARS) && !q.payload.is_empty())
                .take(MAX_CHOICES)
                .map(|q| wire::QuickReply { title: cut(&q.title, MAX_TITLE_CHARS), payload: q.payload.clone() })
                .collect(),
            buttons: buttons(&m.buttons),
            cards: m
                .cards
                .iter()
                .take(MAX_CARDS)
                .map(|c| wire::Card {
                    title: cut(&c.title, MAX_TITLE_CHARS),
                    text: cut(&c.text, MAX_TEXT_CHARS),
                    image_url: c.image_url.clone().filter(|u| fits(u, MAX_URL_CHARS)),
                    buttons: buttons(&c.buttons).into(),
                })
                .collect(),
            form: m
                .form
                .as_ref()
                .map(|f| wire::Form {
                    fields: f
                        .fields
                        .iter()
                        .filter(|field| !field.name.trim().is_empty() && fits(&field.name, MAX_TITLE_CHARS))
                        .take(MAX_FIELDS)
                        .map(|field| wire::FormField {
                            name: field.name.clone(),
                            kind: field.kind,
                            label: cut(&field.label, MAX_TITLE_CHARS),
                            required: field.required,
                            options: field
                                .options
                                .iter()
                                .filter(|o| fits(&o.value, MAX_PAYLOAD_CHARS))
                                .take(MAX_OPTIONS)
                                .map(|o| wire::FormOption {
                                    label: cut(&o.label, MAX_TITLE_CHARS),
                                    value: o.value.clone(),
                                })
                                .collect(),
                        })
                        .collect(),
                    submit_label: cut(&f.submit_label, MAX_TITLE_CHARS),
                })
                .filter(|f| !f.fields.is_empty()),
            reply: m.reply.as_ref().map(reply),
        }
    }

    /// The title of the quick reply or postback button with `payload`: quick replies only while
    /// `offering` them (nothing followed the message yet).
    pub(crate) fn choice(&self, payload: &str, offering: bool) -> Option<&str> {
        let quick = self.quick_replies.iter().filter(|_| offering).find(|q| q.payload == payload).map(|q| &q.title);
        let postback = || {
            self.buttons
                .iter()
                .chain(self.cards.iter().flat_map(|c| c.buttons.iter()))
                .find(|b| b.kind == wire::ButtonType::Postback && b.payload.as_deref() == Some(payload))
                .map(|b| &b.title)
        };
        quick.or_else(postback).map(String::as_str)
    }
}

fn fits(s: &str, max: usize) -> bool {
    s.chars().count() <= max
}

/// Cut by characters, never bytes.
fn cut(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// An answer as the helpdesk echoes it, within the bounds of one the SDK sends: its payload
/// if it fits, the first fields with their values cut.
fn reply(r: &wire::MessageReply) -> wire::MessageReply {
    wire::MessageReply {
        message_id: r.message_id,
        payload: r.payload.clone().filter(|p| fits(p, MAX_PAYLOAD_CHARS)),
        values: r
            .values
            .iter()
            .filter(|(name, _)| fits(name, MAX_TITLE_CHARS))
            .take(MAX_FIELDS)
            .map(|(name, value)| (name.clone(), cut(value, MAX_VALUE_CHARS)))
            .collect(),
    }
}

fn buttons(from: &[wire::Button]) -> Vec<wire::Button> {
    from.iter()
        .filter(|b| match b.kind {
            wire::ButtonType::Link => b.url.as_deref().is_some_and(|u| fits(u, MAX_URL_CHARS)),
            wire::ButtonType::Postback => {
                b.payload.as_deref().is_some_and(|p| !p.is_empty() && fits(p, MAX_PAYLOAD_CHARS))
            }
            wire::ButtonType::Unknown => false,
        })
        .take(MAX_BUTTONS)
        // A link keeps its URL only, a postback its payload only: both were judged above.
        .map(|b| wire::Button {
            kind: b.kind,
            title: cut(&b.title, MAX_TITLE_CHARS),
            url: b.url.clone().filter(|_| b.kind == wire::ButtonType::Link),
            payload: b.payload.clone().filter(|_| b.kind == wire::ButtonType::Postback),
        })
        .collect()
}

/// The rich parts of one message as the app sees them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Shown {
    pub quick_replies: Vec<ChatQuickReply>,
    pub buttons: Vec<ChatButton>,
    pub cards: Vec<ChatCard>,
    pub form: Option<ChatForm>,
}

/// Where a message is, to judge its parts against the rest of the conversation.
pub(crate) struct Place<'a> {
    pub local_id: &'a str,
    pub conversation_id: Option<i64>,
    pub seq: Option<i64>,
    pub remote_id: Option<i64>,
}

/// A kept message's parts as the app sees them: quick replies while nothing followed the
/// message (the user's pending answer counts: they go away at once, offline too), a form with
/// the values of the answer to it, if any.
pub(crate) fn shown(conn: &Connection, stored: &Stored, place: &Place<'_>) -> Result<Shown> {
    let mut shown = Shown {
        buttons: stored.buttons.iter().filter_map(button).collect(),
        cards: stored
            .cards
            .iter()
            .map(|c| ChatCard {
                title: c.title.clone(),
                text: c.text.clone(),
                image_url: c.image_url.clone(),
                buttons: c.buttons.iter().filter_map(button).collect(),
            })
            .collect(),
        ..Shown::default()
    };
    if !stored.quick_replies.is_empty() && offering(conn, place)? {
        shown.quick_replies = stored
            .quick_replies
            .iter()
            .map(|q| ChatQuickReply { title: q.title.clone(), payload: q.payload.clone() })
            .collect();
    }
    if let Some(form) = &stored.form {
        let answer = match (place.conversation_id, place.remote_id) {
            (Some(conversation_id), Some(remote_id)) => answer_to(conn, conversation_id, remote_id)?,
            _ => None,
        };
        shown.form = Some(ChatForm {
            fields: form.fields.iter().map(field).collect(),
            submit_label: form.submit_label.clone(),
            submitted: answer.is_some(),
            values: answer
                .map(|values| values.into_iter().map(|(name, value)| ChatFormValue { name, value }).collect())
                .unwrap_or_default(),
        });
    }
    Ok(shown)
}

fn button(b: &wire::Button) -> Option<ChatButton> {
    let action = match b.kind {
        wire::ButtonType::Link => ChatButtonAction::Link { url: b.url.clone()? },
        wire::ButtonType::Postback => ChatButtonAction::Postback { payload: b.payload.clone()? },
        wire::ButtonType::Unknown => return None,
    };
    Some(ChatButton { title: b.title.clone(), action })
}

fn field(f: &wire::FormField) -> ChatFormField {
    ChatFormField {
        name: f.name.clone(),
        kind: match f.kind {
            wire::FormFieldType::Text => ChatFormFieldKind::Text,
            wire::FormFieldType::Email => ChatFormFieldKind::Email,
            wire::FormFieldType::Select => ChatFormFieldKind::Select,
            wire::FormFieldType::Unknown => ChatFormFieldKind::Other,
        },
        label: f.label.clone(),
        required: f.required,
        options: f.options.iter().map(|o| ChatFormOption { label: o.label.clone(), value: o.value.clone() }).collect(),
    }
}

/// Whether nothing follows the message in its conversation (no later seq, no pending message).
pub(crate) fn offering(conn: &Connection, place: &Place<'_>) -> Result<bool> {
    let Some(conversation_id) = place.conversation_id else { return Ok(true) };
    let later: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM chat_messages WHERE conversation_id = ?1 AND local_id != ?2
             AND (seq IS NULL OR seq > COALESCE(?3, -1)))",
        params![conversation_id, place.local_id, place.seq],
        |r| r.get(0),
    )?;
    Ok(!later)
}

/// The values the user gave in answer to the form of message `remote_id`, if they did (sent
/// or still pending).
pub(crate) fn answer_to(
    conn: &Connection,
    conversation_id: i64,
    remote_id: i64,
) -> Result<Option<std::collections::BTreeMap<String, String>>> {
    let answer: Option<String> = conn
        .query_row(
            "SELECT rich FROM chat_messages WHERE conversation_id = ?1 AND author_type = 'user'
             AND CASE WHEN json_valid(rich) THEN json_extract(rich, '$.reply.message_id') END = ?2 LIMIT 1",
            params![conversation_id, remote_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(answer.and_then(|json| Stored::from_column(&json).reply).map(|reply| reply.values))
}

/// `police` on a message's parts.
pub(crate) fn police_message(message: &mut super::ChatMessage, helpdesk: &Url, remote_images: bool) {
    if message.buttons.is_empty() && message.cards.is_empty() {
        return;
    }
    let mut shown = Shown {
        buttons: std::mem::take(&mut message.buttons),
        cards: std::mem::take(&mut message.cards),
        ..Shown::default()
    };
    police(&mut shown, helpdesk, remote_images);
    (message.buttons, message.cards) = (shown.buttons, shown.cards);
}

/// Drops what the URL policy refuses: link buttons and card images (see the module's doc).
pub(crate) fn police(shown: &mut Shown, helpdesk: &Url, remote_images: bool) {
    let link_ok = |b: &ChatButton| match &b.action {
        ChatButtonAction::Link { url } => {
            crate::help_center::sanitize::url_allowed("a", "href", url, helpdesk, remote_images)
        }
        ChatButtonAction::Postback { .. } => true,
    };
    shown.buttons.retain(link_ok);
    for card in &mut shown.cards {
        card.buttons.retain(link_ok);
        if card
            .image_url
            .as_deref()
            .is_some_and(|u| !crate::help_center::sanitize::url_allowed("img", "src", u, helpdesk, remote_images))
        {
            card.image_url = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(json: serde_json::Value) -> wire::Message {
        let mut base = serde_json::json!({
            "id": 1, "conversation_id": 5, "seq": 1,
            "author": {"type": "bot", "name": "Bot"}, "kind": "carousel", "text": "fallback",
            "created_at": "2026-11-24T19:22:00Z"
        });
        if let (Some(base), Some(extra)) = (base.as_object_mut(), json.as_object()) {
            base.extend(extra.clone());
        }
        serde_json::from_value(base).unwrap()
    }

    #[test]
    fn what_comes_from_the_network_is_bounded() {
        let long = "é".repeat(5_000);
        let m = message(serde_json::json!({
            "quick_replies": (0..30).map(|i| serde_json::json!({"title": long, "payload": format!("p{i}")})).collect::<Vec<_>>(),
            "cards": (0..30).map(|_| serde_json::json!({"title": long, "text": long, "buttons": [
                {"type": "postback", "title": "Yes", "payload": long},
                {"type": "teleport", "title": "New"},
                {"type": "link", "title": "Read", "url": "https://help.example.com/a"}
            ]})).collect::<Vec<_>>(),
        }));
        let stored = Stored::of(&m);
        assert_eq!(stored.quick_replies.len(), MAX_CHOICES);
        assert_eq!(stored.quick_replies[0].title.chars().count(), MAX_TITLE_CHARS, "cut by characters");
        assert_eq!(stored.cards.len(), MAX_CARDS);
        assert_eq!(stored.cards[0].text.chars().count(), MAX_TEXT_CHARS);
        let kinds: Vec<_> = stored.cards[0].buttons.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, [wire::ButtonType::Link], "a payload too long to send back and an unknown type are dropped");
    }

    #[test]
    fn an_echoed_answer_and_a_buttons_other_field_are_bounded_too() {
        let long = "é".repeat(5_000);
        let values: serde_json::Map<String, serde_json::Value> =
            (0..40).map(|i| (format!("field{i}"), serde_json::json!(long))).collect();
        let m = message(serde_json::json!({
            "reply": {"message_id": 3, "payload": long, "values": values},
            "buttons": [{"type": "link", "title": "Read", "url": "https://help.example.com/a", "payload": long}],
        }));
        let stored = Stored::of(&m);
        let reply = stored.reply.unwrap();
        assert_eq!(reply.payload, None, "a payload longer than one the SDK sends");
        assert_eq!(reply.values.len(), MAX_FIELDS);
        assert!(reply.values.values().all(|v| v.chars().count() == MAX_VALUE_CHARS));
        assert_eq!(stored.buttons[0].payload, None, "a link keeps its URL only");
    }

    #[test]
    fn urls_pass_the_article_policy() {
        let helpdesk = Url::parse("https://help.example.com/").unwrap();
        let link = |url: &str| ChatButton { title: "Go".into(), action: ChatButtonAction::Link { url: url.into() } };
        let card = |image: &str| ChatCard {
            title: "t".into(),
            text: String::new(),
            image_url: Some(image.into()),
            buttons: vec![link("javascript:alert(1)"), link("https://elsewhere.example/x")],
        };
        let mut shown = Shown {
            buttons: vec![link("http://tracker.example/x"), link("https://help.example.com/hc/1")],
            cards: vec![card("https://cdn.example/i.png"), card("https://help.example.com/i.png")],
            ..Shown::default()
        };
        police(&mut shown, &helpdesk, false);
        assert_eq!(shown.buttons, [link("https://help.example.com/hc/1")], "plain http leaves");
        assert_eq!(shown.cards[0].image_url, None, "a remote image without the app's consent");
        assert_eq!(shown.cards[1].image_url.as_deref(), Some("https://help.example.com/i.png"));
        assert_eq!(shown.cards[0].buttons, [link("https://elsewhere.example/x")], "no script");
        let mut remote = Shown { cards: vec![card("https://cdn.example/i.png")], ..Shown::default() };
        police(&mut remote, &helpdesk, true);
        assert!(remote.cards[0].image_url.is_some(), "remote https images when the app allows them");
    }
}
