//! The bot of a conversation while no agent has joined: a greeting when it starts, help-center
//! articles after the user's first message, and the user's place in the queue.

use helpline_protocol::{ArticleRef, AuthorType, MessageAuthor, MessageKind, ServerFrame};
use rusqlite::Connection;

use super::store::NewMessageRow;
use crate::errors::ApiError;
use crate::help_center::{DEFAULT_LOCALE, best_matches};

pub(crate) const BOT_NAME: &str = "Helpline Bot";
/// The first message of a conversation, unless the app's settings say otherwise.
pub(crate) const DEFAULT_GREETING: &str = "Hi! How can we help?";
pub(crate) const SUGGESTIONS_TEXT: &str = "These articles may help:";
/// Articles suggested after the user's first message, at most.
pub(crate) const MAX_SUGGESTIONS: usize = 3;
/// Expected wait per place in the queue.
pub(crate) const SECONDS_PER_QUEUE_PLACE: u64 = 60;

/// Words that say nothing about the question: searching for them would match every article.
const STOP_WORDS: &[&str] = &[
    "about", "after", "again", "all", "and", "any", "are", "but", "can", "cannot", "could", "did", "does", "doesn",
    "don", "for", "from", "get", "got", "had", "has", "have", "hello", "help", "hey", "hi", "how", "into", "its",
    "just", "not", "now", "please", "should", "that", "the", "their", "then", "there", "this", "was", "what", "when",
    "where", "which", "why", "will", "with", "won", "would", "you", "your",
];

pub(crate) fn author() -> MessageAuthor {
    MessageAuthor { kind: AuthorType::Bot, id: None, name: BOT_NAME.into(), avatar_url: None }
}

pub(crate) fn greeting(text: &str) -> NewMessageRow<'_> {
    NewMessageRow { client_id: None, author: author(), kind: MessageKind::Text, text, articles: vec![] }
}

/// The suggestions answering the user's first message, if any article matches its words.
pub(crate) fn suggestions(
    conn: &Connection,
    base_url: &str,
    text: &str,
) -> Result<Option<NewMessageRow<'static>>, ApiError> {
    let words = keywords(text);
    if words.is_empty() {
        return Ok(None);
    }
    let articles: Vec<ArticleRef> = best_matches(conn, base_url, &words, DEFAULT_LOCALE, MAX_SUGGESTIONS)?;
    Ok((!articles.is_empty()).then(|| NewMessageRow {
        client_id: None,
        author: author(),
        kind: MessageKind::ArticleSuggestions,
        text: SUGGESTIONS_TEXT,
        articles,
    }))
}

/// The words worth searching for: three letters or more, stop words dropped.
fn keywords(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .filter(|w| !STOP_WORDS.contains(&w.to_lowercase().as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The queue frame of a waiting conversation at `position` (from 1).
pub(crate) fn queue_frame(conversation_id: u64, position: u64) -> ServerFrame {
    ServerFrame::Queue { conversation_id, position, wait_seconds: position.saturating_mul(SECONDS_PER_QUEUE_PLACE) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_drop_short_and_empty_words() {
        assert_eq!(keywords("Hi, I can't send text messages!"), "send text messages");
        assert_eq!(keywords("hi?? how"), "");
        assert_eq!(keywords("Réinitialiser le MOT de passe"), "Réinitialiser MOT passe");
    }
}
