//! The bot of a conversation while no agent has joined: a greeting with quick replies when it
//! starts, help-center articles (a carousel) after the user's first words, a form when they
//! want an order tracked, and the user's place in the queue.

use std::collections::BTreeMap;

use helpline_protocol::{
    ArticleRef, AuthorType, Button, ButtonType, Card, Form, FormField, FormFieldType, FormOption, MessageAuthor,
    MessageKind, MessageReply, QuickReply, ServerFrame,
};
use rusqlite::{Connection, OptionalExtension};

use super::rich::Rich;
use super::store::NewMessageRow;
use crate::errors::ApiError;
use crate::help_center::{DEFAULT_LOCALE, best_matches, help_center_locale};
use crate::settings;

pub(crate) const BOT_NAME: &str = "Helpline Bot";
/// The first message of a conversation, unless the app's settings say otherwise.
pub(crate) const DEFAULT_GREETING: &str = "Hi! How can we help?";
/// The same in French, for conversations started in French (the default settings' `greetings`).
pub(crate) const DEFAULT_GREETING_FR: &str = "Bonjour ! Comment pouvons-nous vous aider ?";
pub(crate) const SUGGESTIONS_TEXT: &str = "These articles may help:";
/// Articles suggested after the user's first message, at most.
pub(crate) const MAX_SUGGESTIONS: usize = 3;
/// Expected wait per place in the queue.
pub(crate) const SECONDS_PER_QUEUE_PLACE: u64 = 60;

pub(crate) fn author() -> MessageAuthor {
    MessageAuthor { kind: AuthorType::Bot, id: None, name: BOT_NAME.into(), avatar_url: None }
}

/// The greeting's quick replies: (title, payload).
pub(crate) const GREETING_CHOICES: [(&str, &str); 2] = [("Track my order", TRACK_ORDER), ("Talk to a person", AGENT)];
/// The same choices for a conversation in French.
const GREETING_CHOICES_FR: [(&str, &str); 2] = [("Suivre ma commande", TRACK_ORDER), ("Parler à quelqu'un", AGENT)];
pub(crate) const TRACK_ORDER: &str = "track_order";
pub(crate) const AGENT: &str = "talk_to_agent";
pub(crate) const ORDER_FORM_TEXT: &str = "To find your order, tell us its number and your email.";
pub(crate) const AGENT_TEXT: &str = "Someone from the team will be with you shortly.";

fn said(kind: MessageKind, text: &str, rich: Rich) -> NewMessageRow<'_> {
    NewMessageRow { client_id: None, author: author(), kind, text, articles: vec![], rich }
}

/// The first message: the app's greeting, with the quick replies the bot can act on, in the
/// conversation's language (`locale`, from its metadata) when the bot speaks it.
pub(crate) fn greeting<'a>(text: &'a str, locale: Option<&str>) -> NewMessageRow<'a> {
    let choices = match locale.and_then(help_center_locale) {
        Some("fr") => GREETING_CHOICES_FR,
        _ => GREETING_CHOICES,
    };
    let quick_replies =
        choices.map(|(title, payload)| QuickReply { title: title.into(), payload: payload.into() }).into();
    said(MessageKind::QuickReplies, text, Rich { quick_replies, ..Default::default() })
}

/// The bot's answer to a quick reply tapped or a form submitted, if it has one.
pub(crate) fn answer(reply: &MessageReply) -> Option<(MessageKind, String, Rich)> {
    match reply.payload.as_deref() {
        Some(TRACK_ORDER) => {
            Some((MessageKind::Form, ORDER_FORM_TEXT.into(), Rich { form: Some(order_form()), ..Default::default() }))
        }
        Some(AGENT) => Some((MessageKind::Text, AGENT_TEXT.into(), Rich::default())),
        Some(_) => None,
        None => Some((MessageKind::Text, thanks(&reply.values), Rich::default())),
    }
}

fn thanks(values: &BTreeMap<String, String>) -> String {
    match (values.get("order_number"), values.get("email")) {
        (Some(order), Some(email)) => format!("Thanks! We are looking for order {order} and will write to {email}."),
        _ => "Thanks, we have your answers.".into(),
    }
}

/// The order-tracking form: its number, an email, and how it was sent.
pub(crate) fn order_form() -> Form {
    let field = |name: &str, kind, label: &str, required, options: Vec<FormOption>| FormField {
        name: name.into(),
        kind,
        label: label.into(),
        required,
        options: options.into(),
    };
    let option = |label: &str, value: &str| FormOption { label: label.into(), value: value.into() };
    Form {
        fields: vec![
            field("order_number", FormFieldType::Text, "Order number", true, vec![]),
            field("email", FormFieldType::Email, "Email", true, vec![]),
            field(
                "delivery",
                FormFieldType::Select,
                "Delivery",
                false,
                vec![option("Standard", "standard"), option("Express", "express")],
            ),
        ]
        .into(),
        submit_label: "Find my order".into(),
    }
}

/// The suggestions answering the user's first message, if any article matches it well
/// enough, in the conversation's language (its metadata's `locale`, as the SDK sends it;
/// else the help center's default).
pub(crate) fn suggestions(
    conn: &Connection,
    base_url: &str,
    conversation_id: i64,
    text: &str,
) -> Result<Option<NewMessageRow<'static>>, ApiError> {
    let locale = conversation_locale(conn, conversation_id)?;
    let synonyms = settings::synonyms(conn, None, locale)?;
    let articles: Vec<ArticleRef> = best_matches(conn, base_url, text, locale, &synonyms, MAX_SUGGESTIONS)?;
    // A carousel of the articles (each card opens one); `articles` stays for older clients.
    let cards = articles
        .iter()
        .map(|a| Card {
            title: a.title.clone(),
            text: String::new(),
            image_url: None,
            buttons: vec![Button {
                kind: ButtonType::Link,
                title: "Read".into(),
                url: Some(a.html_url.clone()),
                payload: None,
            }]
            .into(),
        })
        .collect();
    Ok((!articles.is_empty()).then(|| NewMessageRow {
        client_id: None,
        author: author(),
        kind: MessageKind::Carousel,
        text: SUGGESTIONS_TEXT,
        articles,
        rich: Rich { cards, ..Default::default() },
    }))
}

/// The help-center locale the conversation's metadata names, if the help center has it.
fn conversation_locale(conn: &Connection, conversation_id: i64) -> Result<&'static str, ApiError> {
    let metadata: Option<String> = conn
        .query_row("SELECT metadata FROM conversations WHERE id = ?1", [conversation_id], |r| r.get(0))
        .optional()?;
    let named = metadata.as_deref().and_then(metadata_locale);
    Ok(named.as_deref().and_then(help_center_locale).unwrap_or(DEFAULT_LOCALE))
}

/// The `locale` a conversation's metadata (JSON, as the SDK sent it) names, if any.
pub(crate) fn metadata_locale(metadata: &str) -> Option<String> {
    let metadata = serde_json::from_str::<serde_json::Value>(metadata).ok()?;
    metadata.get("locale")?.as_str().map(str::to_owned)
}

/// The queue frame of a waiting conversation at `position` (from 1).
pub(crate) fn queue_frame(conversation_id: u64, position: u64) -> ServerFrame {
    ServerFrame::Queue { conversation_id, position, wait_seconds: position.saturating_mul(SECONDS_PER_QUEUE_PLACE) }
}
