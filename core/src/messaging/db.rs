//! The chat tables: conversations, and their messages ordered by seq.

use helpline_protocol as wire;
use rusqlite::{Connection, OptionalExtension, Params, Row, params};

use super::model::{ChatAuthor, ChatAuthorKind, ChatMessage, ChatMessageKind, Conversation, SuggestedArticle};
use super::rich::{self, Place, Stored};
use crate::store::Key;
use crate::{DeliveryState, Result};

pub(super) fn upsert_conversation(conn: &Connection, c: &wire::Conversation) -> Result<()> {
    conn.execute(
        "INSERT INTO chat_conversations(id, request_id, status, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(id) DO UPDATE SET status = excluded.status",
        params![c.id, c.request_id, c.status.as_str(), c.created_at],
    )?;
    Ok(())
}

pub(super) fn end_conversation(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("UPDATE chat_conversations SET status = 'ended' WHERE id = ?1", [id])?;
    Ok(())
}

const CONVERSATION_COLUMNS: &str = "id, status, created_at, request_id";

/// A conversation with its satisfaction rating (whether it is offered is the service's to say).
fn conversation_row(conn: &Connection, r: &Row<'_>) -> Result<Conversation> {
    let id: i64 = r.get(0)?;
    let request_id: i64 = r.get(3)?;
    Ok(Conversation {
        id,
        active: r.get::<_, String>(1)? == "active",
        created_at: crate::clock::time_column(r, 2)?,
        request_id,
        satisfaction: crate::Satisfaction {
            offered: false,
            rating: crate::satisfaction::rating(conn, Some(super::unsigned(request_id)))?,
        },
        last_message: last_message(conn, id)?,
        unread_count: unread_count(conn, id)?,
    })
}

/// The user's newest conversation still active.
pub(super) fn active_conversation(conn: &Connection) -> Result<Option<Conversation>> {
    Ok(select_conversations(conn, "WHERE status = 'active' ORDER BY id DESC LIMIT 1", [])?.pop())
}

/// The conversation open in the chat: the one opened (or started) last, if it is cached, else
/// the newest active one (what a single-conversation app always had).
pub(super) fn current_conversation(conn: &Connection) -> Result<Option<Conversation>> {
    match current_id(conn)? {
        Some((id, _)) => conversation(conn, id),
        None => Ok(None),
    }
}

/// The id of the conversation open in the chat (as `current_conversation`) and whether it is
/// active: what a send, a keystroke or the link needs, without its last message and counts.
pub(super) fn current_id(conn: &Connection) -> Result<Option<(i64, bool)>> {
    let status = |id: i64| -> Result<Option<(i64, bool)>> {
        let mut stmt = conn.prepare_cached("SELECT status FROM chat_conversations WHERE id = ?1")?;
        Ok(stmt.query_row([id], |r| r.get::<_, String>(0)).optional()?.map(|s| (id, s == "active")))
    };
    if let Some(id) = Key::OpenConversation.get(conn)?.and_then(|v| v.parse::<i64>().ok())
        && let Some(open) = status(id)?
    {
        return Ok(Some(open));
    }
    let mut stmt =
        conn.prepare_cached("SELECT id FROM chat_conversations WHERE status = 'active' ORDER BY id DESC LIMIT 1")?;
    Ok(stmt.query_row([], |r| r.get::<_, i64>(0)).optional()?.map(|id| (id, true)))
}

/// Makes `id` the conversation open in the chat.
pub(super) fn set_open(conn: &Connection, id: i64) -> Result<()> {
    Key::OpenConversation.set(conn, &id.to_string())
}

/// The conversation's newest message: the user's pending ones come after every confirmed one.
/// Two indexed lookups rather than one sort of the whole conversation: a list of
/// conversations, or a send, reads it.
fn last_message(conn: &Connection, conversation_id: i64) -> Result<Option<ChatMessage>> {
    let newest = |order: &str| -> Result<Option<ChatMessage>> {
        conn.prepare_cached(&format!("SELECT {MESSAGE_COLUMNS} FROM chat_messages WHERE conversation_id = ?1 {order}"))?
            .query_row([conversation_id], message)
            .optional()?
            .map(|loaded| loaded.resolve(conn))
            .transpose()
    };
    match newest("AND seq IS NULL ORDER BY position DESC LIMIT 1")? {
        Some(pending) => Ok(Some(pending)),
        None => newest("AND seq IS NOT NULL ORDER BY seq DESC LIMIT 1"),
    }
}

/// The agent's and the bot's messages after the user's read mark, in every conversation.
pub(super) fn total_unread(conn: &Connection) -> Result<i32> {
    Ok(conn.query_row(
        "SELECT count(*) FROM chat_messages m JOIN chat_conversations c ON c.id = m.conversation_id
         WHERE m.seq > c.my_read_seq AND m.author_type IN ('agent', 'bot')",
        [],
        |r| r.get(0),
    )?)
}

/// A cached conversation, active or ended.
pub(super) fn conversation(conn: &Connection, id: i64) -> Result<Option<Conversation>> {
    Ok(select_conversations(conn, "WHERE id = ?1", [id])?.pop())
}

/// Every cached conversation: the active ones first, then the ended ones, each the most
/// recently written to first.
pub(super) fn conversations(conn: &Connection) -> Result<Vec<Conversation>> {
    select_conversations(
        conn,
        "ORDER BY status != 'active',
             COALESCE((SELECT MAX(m.created_at) FROM chat_messages m WHERE m.conversation_id = c.id), c.created_at) DESC,
             (SELECT MAX(m.rowid) FROM chat_messages m WHERE m.conversation_id = c.id) DESC,
             id DESC",
        [],
    )
}

fn select_conversations(conn: &Connection, filter_and_order: &str, args: impl Params) -> Result<Vec<Conversation>> {
    let sql = format!("SELECT {CONVERSATION_COLUMNS} FROM chat_conversations c {filter_and_order}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(args)?;
    let mut found = Vec::new();
    while let Some(row) = rows.next()? {
        found.push(conversation_row(conn, row)?);
    }
    Ok(found)
}

/// Where a (re)subscription or a poll resumes: the end of the unbroken run 1..n held. The
/// user's own messages are confirmed over HTTP and may land beyond a hole (messages missed
/// while the link was down): resuming after the highest seq would leave that hole for good.
pub(super) fn resume_seq(conn: &Connection, conversation_id: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM chat_messages WHERE conversation_id = ?1 AND seq = 1) THEN 0
         ELSE (SELECT MIN(m.seq) FROM chat_messages m WHERE m.conversation_id = ?1 AND m.seq IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM chat_messages n WHERE n.conversation_id = ?1 AND n.seq = m.seq + 1)) END",
        [conversation_id],
        |r| r.get(0),
    )?)
}

/// Moves the user's read mark up to `seq`; whether it moved.
pub(super) fn set_my_read_seq(conn: &Connection, conversation_id: i64, seq: i64) -> Result<bool> {
    let moved = conn.execute(
        "UPDATE chat_conversations SET my_read_seq = ?2 WHERE id = ?1 AND my_read_seq < ?2",
        params![conversation_id, seq],
    )?;
    Ok(moved > 0)
}

pub(super) fn set_agent_read_seq(conn: &Connection, conversation_id: i64, seq: i64) -> Result<()> {
    conn.execute(
        "UPDATE chat_conversations SET agent_read_seq = MAX(agent_read_seq, ?2) WHERE id = ?1",
        params![conversation_id, seq],
    )?;
    Ok(())
}

/// The agent's and the bot's messages after the user's read mark.
pub(super) fn unread_count(conn: &Connection, conversation_id: i64) -> Result<i32> {
    Ok(conn.query_row(
        "SELECT count(*) FROM chat_messages m JOIN chat_conversations c ON c.id = m.conversation_id
         WHERE m.conversation_id = ?1 AND m.seq > c.my_read_seq AND m.author_type IN ('agent', 'bot')",
        [conversation_id],
        |r| r.get(0),
    )?)
}

pub(super) fn agent_read_seq(conn: &Connection, conversation_id: i64) -> Result<i64> {
    Ok(conn
        .query_row("SELECT agent_read_seq FROM chat_conversations WHERE id = ?1", [conversation_id], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// Stores the user's message before anything is sent. `conversation_id` is `None` when no
/// conversation exists yet: delivery starts one.
pub(super) fn insert_mine(
    conn: &Connection,
    client_id: &str,
    conversation_id: Option<i64>,
    text: &str,
    author: &str,
    now: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO chat_messages(local_id, conversation_id, author_type, author_name, kind, text, created_at, delivery, position)
         VALUES (?1, ?2, 'user', ?3, 'text', ?4, ?5, 'pending', (SELECT COALESCE(MAX(position), 0) + 1 FROM chat_messages))",
    )?
    .execute(params![client_id, conversation_id, author, text, now])?;
    Ok(())
}

/// The user's message carries files (their `attachments` column, see `uploads`).
pub(super) fn set_files(conn: &Connection, local_id: &str, kind: wire::MessageKind, attachments: &str) -> Result<()> {
    conn.execute(
        "UPDATE chat_messages SET kind = ?2, attachments = ?3 WHERE local_id = ?1",
        params![local_id, kind.as_str(), attachments],
    )?;
    Ok(())
}

/// Records a message from the helpdesk (live, replayed, polled, or the answer to a send).
/// The user's own message is matched by its client id and becomes sent; anything already
/// held is left alone. Returns whether the cache changed.
pub(super) fn apply_message(conn: &Connection, m: &wire::Message) -> Result<bool> {
    let articles = serde_json::to_string(
        &m.articles.iter().map(|a| (a.id, a.title.as_str(), a.html_url.as_str())).collect::<Vec<_>>(),
    )?;
    let attachments = serde_json::to_string(&m.attachments)?;
    if let Some(client_id) = &m.client_id {
        // Cached: every echo of the user's messages runs it.
        let changed = conn
            .prepare_cached(
                "UPDATE chat_messages SET remote_id = ?2, seq = ?3, conversation_id = ?4, created_at = ?5,
                 delivery = 'sent', delivery_reason = NULL, attachments = ?6
             WHERE local_id = ?1 AND (seq IS NULL OR delivery != 'sent')",
            )?
            .execute(params![client_id, m.id, m.seq, m.conversation_id, m.created_at, attachments])?;
        if changed > 0 {
            return Ok(true);
        }
        let held: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM chat_messages WHERE local_id = ?1)", [client_id], |r| {
                r.get(0)
            })?;
        if held {
            return Ok(false);
        }
    }
    let local_id = m.client_id.clone().unwrap_or_else(|| format!("remote-{}", m.id));
    let rich = Stored::of(m).to_column()?;
    let inserted = conn.execute(
        "INSERT OR IGNORE INTO chat_messages(local_id, remote_id, conversation_id, seq, author_type, author_id,
             author_name, kind, text, articles, created_at, delivery, position, attachments, rich)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'sent', 0, ?12, ?13)",
        params![
            local_id,
            m.id,
            m.conversation_id,
            m.seq,
            m.author.kind.as_str(),
            m.author.id,
            m.author.name,
            m.kind.as_str(),
            m.text,
            articles,
            m.created_at,
            attachments,
            rich
        ],
    )?;
    Ok(inserted > 0)
}

pub(super) fn set_delivery(conn: &Connection, local_id: &str, state: &DeliveryState) -> Result<()> {
    let (state, reason) = state.to_columns();
    conn.execute(
        "UPDATE chat_messages SET delivery = ?2, delivery_reason = ?3 WHERE local_id = ?1 AND delivery != 'sent'",
        params![local_id, state, reason],
    )?;
    Ok(())
}

pub(super) struct PendingMessage {
    pub conversation_id: Option<i64>,
    pub text: String,
}

pub(super) fn pending(conn: &Connection, local_id: &str) -> Result<Option<PendingMessage>> {
    Ok(conn
        .query_row("SELECT conversation_id, text FROM chat_messages WHERE local_id = ?1", [local_id], |r| {
            Ok(PendingMessage { conversation_id: r.get(0)?, text: r.get(1)? })
        })
        .optional()?)
}

const MESSAGE_COLUMNS: &str = "local_id, seq, author_type, author_name, kind, text, articles, created_at, delivery, \
    delivery_reason, attachments, rich, conversation_id, remote_id";

/// The conversation's messages in order: confirmed ones by seq, then the user's pending
/// ones in the order they were written. `None` lists the messages waiting for a conversation;
/// `with_unassigned` adds them to a conversation's (the one open in the chat shows them).
pub(super) fn messages(
    conn: &Connection,
    conversation_id: Option<i64>,
    with_unassigned: bool,
) -> Result<Vec<ChatMessage>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {MESSAGE_COLUMNS} FROM chat_messages
         WHERE conversation_id IS ?1 OR (conversation_id IS NULL AND ?2)
         ORDER BY seq IS NULL, seq, position"
    ))?;
    let rows = stmt.query_map(params![conversation_id, with_unassigned], message)?;
    let loaded = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    loaded.into_iter().map(|m| m.resolve(conn)).collect()
}

pub(super) fn message_by_id(conn: &Connection, local_id: &str) -> Result<Option<ChatMessage>> {
    conn.prepare_cached(&format!("SELECT {MESSAGE_COLUMNS} FROM chat_messages WHERE local_id = ?1"))?
        .query_row([local_id], message)
        .optional()?
        .map(|loaded| loaded.resolve(conn))
        .transpose()
}

/// A message with its rich parts as kept, for `Messaging::choose` and `submit_form`.
pub(super) struct Answerable {
    pub conversation_id: Option<i64>,
    pub remote_id: Option<i64>,
    pub stored: Stored,
    /// Whether its quick replies are still offered (nothing followed it).
    pub offering: bool,
}

pub(super) fn answerable(conn: &Connection, local_id: &str) -> Result<Option<Answerable>> {
    let row = conn
        .query_row(
            "SELECT conversation_id, remote_id, seq, rich FROM chat_messages WHERE local_id = ?1",
            [local_id],
            |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, String>(3)?,
                ))
            },
        )
        .optional()?;
    let Some((conversation_id, remote_id, seq, rich)) = row else { return Ok(None) };
    let place = Place { local_id, conversation_id, seq, remote_id };
    Ok(Some(Answerable {
        conversation_id,
        remote_id,
        stored: Stored::from_column(&rich),
        offering: rich::offering(conn, &place)?,
    }))
}

/// The seq of a message, if it has one.
pub(super) fn seq_of(conn: &Connection, local_id: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT seq FROM chat_messages WHERE local_id = ?1", [local_id], |r| r.get(0))
        .optional()?
        .flatten())
}

/// The user's message answers a rich one: kept with it (`rich.reply`), so the answered form
/// shows its values and its quick replies go away.
pub(super) fn set_reply(conn: &Connection, local_id: &str, reply: &wire::MessageReply) -> Result<()> {
    let stored = Stored { reply: Some(reply.clone()), ..Stored::default() };
    conn.execute("UPDATE chat_messages SET rich = ?2 WHERE local_id = ?1", params![local_id, stored.to_column()?])?;
    Ok(())
}

/// A message as read, before its rich parts are judged against its conversation.
struct Loaded {
    message: ChatMessage,
    rich: String,
    conversation_id: Option<i64>,
    remote_id: Option<i64>,
}

impl Loaded {
    fn resolve(self, conn: &Connection) -> Result<ChatMessage> {
        let Loaded { mut message, rich, conversation_id, remote_id } = self;
        let stored = Stored::from_column(&rich);
        if stored == Stored::default() {
            return Ok(message);
        }
        let place = Place { local_id: &message.local_id, conversation_id, seq: message.seq, remote_id };
        let shown = rich::shown(conn, &stored, &place)?;
        message.quick_replies = shown.quick_replies;
        message.buttons = shown.buttons;
        message.cards = shown.cards;
        message.form = shown.form;
        Ok(message)
    }
}

/// Gives every message still waiting for a conversation to `conversation_id`: one started for
/// the first of them takes the others too (none starts a conversation of its own).
pub(super) fn assign_unassigned(conn: &Connection, conversation_id: i64) -> Result<()> {
    conn.execute(
        "UPDATE chat_messages SET conversation_id = ?1 WHERE conversation_id IS NULL AND remote_id IS NULL",
        [conversation_id],
    )?;
    Ok(())
}

fn message(r: &Row<'_>) -> rusqlite::Result<Loaded> {
    let author_type: String = r.get(2)?;
    let articles: String = r.get(6)?;
    let articles: Vec<(i64, String, String)> = serde_json::from_str(&articles).unwrap_or_default();
    let kind = match wire::MessageKind::parse(&r.get::<_, String>(4)?) {
        wire::MessageKind::Text => ChatMessageKind::Text,
        wire::MessageKind::File => ChatMessageKind::File,
        wire::MessageKind::ArticleSuggestions => ChatMessageKind::ArticleSuggestions,
        wire::MessageKind::Event => ChatMessageKind::Event,
        wire::MessageKind::QuickReplies => ChatMessageKind::QuickReplies,
        wire::MessageKind::Buttons => ChatMessageKind::Buttons,
        wire::MessageKind::Carousel => ChatMessageKind::Carousel,
        wire::MessageKind::Form => ChatMessageKind::Form,
        wire::MessageKind::Unknown => ChatMessageKind::Other,
    };
    let kind_of_author = author_kind(wire::AuthorType::parse(&author_type));
    let message = ChatMessage {
        local_id: r.get(0)?,
        seq: r.get(1)?,
        is_mine: kind_of_author == ChatAuthorKind::User,
        author: ChatAuthor { kind: kind_of_author, name: r.get(3)? },
        kind,
        text: r.get(5)?,
        articles: articles.into_iter().map(|(id, title, html_url)| SuggestedArticle { id, title, html_url }).collect(),
        created_at: crate::clock::time_column(r, 7)?,
        delivery: DeliveryState::from_columns(&r.get::<_, String>(8)?, r.get(9)?),
        attachments: crate::uploads::from_column(&r.get::<_, String>(10)?),
        quick_replies: vec![],
        buttons: vec![],
        cards: vec![],
        form: None,
    };
    Ok(Loaded { message, rich: r.get(11)?, conversation_id: r.get(12)?, remote_id: r.get(13)? })
}

pub(super) fn author_kind(kind: wire::AuthorType) -> ChatAuthorKind {
    match kind {
        wire::AuthorType::User => ChatAuthorKind::User,
        wire::AuthorType::Agent => ChatAuthorKind::Agent,
        wire::AuthorType::Bot => ChatAuthorKind::Bot,
        wire::AuthorType::System => ChatAuthorKind::System,
        wire::AuthorType::Unknown => ChatAuthorKind::Other,
    }
}

pub(super) fn author(a: &wire::MessageAuthor) -> ChatAuthor {
    ChatAuthor { kind: author_kind(a.kind), name: a.name.clone() }
}

pub(super) fn my_read_seq(conn: &Connection, conversation_id: i64) -> Result<i64> {
    Ok(conn
        .query_row("SELECT my_read_seq FROM chat_conversations WHERE id = ?1", [conversation_id], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}
