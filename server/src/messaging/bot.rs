//! The bot of a conversation while no agent has joined: a greeting when it starts, help-center
//! articles after the user's first message, and the user's place in the queue.

use helpline_protocol::{ArticleRef, AuthorType, MessageAuthor, MessageKind, ServerFrame};
use rusqlite::{Connection, OptionalExtension};

use super::store::NewMessageRow;
use crate::errors::ApiError;
use crate::help_center::{DEFAULT_LOCALE, best_matches, help_center_locale};
use crate::settings;

pub(crate) const BOT_NAME: &str = "Helpline Bot";
/// The first message of a conversation, unless the app's settings say otherwise.
pub(crate) const DEFAULT_GREETING: &str = "Hi! How can we help?";
pub(crate) const SUGGESTIONS_TEXT: &str = "These articles may help:";
/// Articles suggested after the user's first message, at most.
pub(crate) const MAX_SUGGESTIONS: usize = 3;
/// Expected wait per place in the queue.
pub(crate) const SECONDS_PER_QUEUE_PLACE: u64 = 60;

pub(crate) fn author() -> MessageAuthor {
    MessageAuthor { kind: AuthorType::Bot, id: None, name: BOT_NAME.into(), avatar_url: None }
}

pub(crate) fn greeting(text: &str) -> NewMessageRow<'_> {
    NewMessageRow { client_id: None, author: author(), kind: MessageKind::Text, text, articles: vec![] }
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
    Ok((!articles.is_empty()).then(|| NewMessageRow {
        client_id: None,
        author: author(),
        kind: MessageKind::ArticleSuggestions,
        text: SUGGESTIONS_TEXT,
        articles,
    }))
}

/// The help-center locale the conversation's metadata names, if the help center has it.
fn conversation_locale(conn: &Connection, conversation_id: i64) -> Result<&'static str, ApiError> {
    let metadata: Option<String> = conn
        .query_row("SELECT metadata FROM conversations WHERE id = ?1", [conversation_id], |r| r.get(0))
        .optional()?;
    let named = metadata
        .and_then(|m| serde_json::from_str::<serde_json::Value>(&m).ok())
        .and_then(|m| m.get("locale").and_then(|l| l.as_str()).map(str::to_owned));
    Ok(named.as_deref().and_then(help_center_locale).unwrap_or(DEFAULT_LOCALE))
}

/// The queue frame of a waiting conversation at `position` (from 1).
pub(crate) fn queue_frame(conversation_id: u64, position: u64) -> ServerFrame {
    ServerFrame::Queue { conversation_id, position, wait_seconds: position.saturating_mul(SECONDS_PER_QUEUE_PLACE) }
}
