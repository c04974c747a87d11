//! Conversations and messages as stored, and their wire form. Plain SQL over one connection;
//! the rules (who may do what, the bot, the frames) live in `actions`.

use helpline_protocol::{
    ArticleRef, Attachment, AuthorType, Conversation, ConversationStatus, Message, MessageAuthor, MessageKind,
};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::rich::Rich;
use crate::errors::ApiError;
use crate::time::rfc3339;

/// `via.channel` of the request behind a conversation.
pub(crate) const CHANNEL_NATIVE_MESSAGING: &str = "native_messaging";
const REQUEST_SUBJECT: &str = "Live conversation";
const REQUEST_DESCRIPTION: &str = "Live conversation started in the app.";

#[derive(Debug, Clone)]
pub(crate) struct ConversationRow {
    pub id: i64,
    pub request_id: i64,
    pub user_id: i64,
    pub status: ConversationStatus,
    pub agent_joined: bool,
    pub user_read_seq: u64,
    pub created_at: i64,
    /// Seq of the last message (0: none).
    pub last_seq: u64,
}

const CONVERSATION_COLUMNS: &str = "c.id, c.request_id, c.user_id, c.status, c.agent_joined_at IS NOT NULL, \
    c.user_read_seq, c.created_at, (SELECT COALESCE(MAX(m.seq), 0) FROM messages m WHERE m.conversation_id = c.id)";

impl ConversationRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(ConversationRow {
            id: r.get(0)?,
            request_id: r.get(1)?,
            user_id: r.get(2)?,
            status: ConversationStatus::parse(&r.get::<_, String>(3)?),
            agent_joined: r.get(4)?,
            user_read_seq: r.get::<_, i64>(5)?.max(0) as u64,
            created_at: r.get(6)?,
            last_seq: r.get::<_, i64>(7)?.max(0) as u64,
        })
    }

    pub(crate) fn is_active(&self) -> bool {
        self.status == ConversationStatus::Active
    }

    pub(crate) fn to_wire(&self) -> Conversation {
        Conversation {
            id: self.id as u64,
            request_id: self.request_id as u64,
            status: self.status,
            created_at: rfc3339(self.created_at),
            last_message: None,
        }
    }
}

pub(crate) fn conversation(conn: &Connection, id: i64) -> Result<Option<ConversationRow>, ApiError> {
    let sql = format!("SELECT {CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row(params![id], ConversationRow::from_row).optional()?)
}

/// The conversation if it is `user_id`'s: someone else's is as unknown as a missing one.
pub(crate) fn own_conversation(conn: &Connection, id: i64, user_id: u64) -> Result<ConversationRow, ApiError> {
    conversation(conn, id)?.filter(|c| c.user_id == user_id as i64).ok_or(ApiError::NotFound)
}

/// The user's newest active conversation (they may have several, when the settings allow).
pub(crate) fn active_conversation(conn: &Connection, user_id: u64) -> Result<Option<ConversationRow>, ApiError> {
    let sql = format!(
        "SELECT {CONVERSATION_COLUMNS} FROM conversations c WHERE c.user_id = ?1 AND c.status = 'active'
         ORDER BY c.id DESC LIMIT 1"
    );
    Ok(conn.prepare_cached(&sql)?.query_row(params![user_id as i64], ConversationRow::from_row).optional()?)
}

/// A user's conversations (newest first), or every one (oldest first) when `user_id` is none.
pub(crate) fn conversations(conn: &Connection, user_id: Option<u64>) -> Result<Vec<ConversationRow>, ApiError> {
    let sql = format!(
        "SELECT {CONVERSATION_COLUMNS} FROM conversations c WHERE ?1 IS NULL OR c.user_id = ?1
         ORDER BY CASE WHEN ?1 IS NULL THEN c.id ELSE -c.id END"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![user_id.map(|id| id as i64)], ConversationRow::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A new active conversation and the request behind it; returns its id.
pub(crate) fn insert_conversation(conn: &Connection, user_id: u64, metadata: &str, now: i64) -> Result<i64, ApiError> {
    conn.execute(
        "INSERT INTO requests (subject, description, status, requester_id, via_channel, created_at, updated_at)
         VALUES (?1, ?2, 'new', ?3, ?4, ?5, ?5)",
        params![REQUEST_SUBJECT, REQUEST_DESCRIPTION, user_id as i64, CHANNEL_NATIVE_MESSAGING, now],
    )?;
    let request_id = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO conversations (request_id, user_id, status, metadata, created_at) VALUES (?1, ?2, 'active', ?3, ?4)",
        params![request_id, user_id as i64, metadata, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The agent joins: the request is assigned to them and open.
pub(crate) fn set_agent_joined(
    conn: &Connection,
    c: &ConversationRow,
    agent_id: u64,
    now: i64,
) -> Result<(), ApiError> {
    conn.execute("UPDATE conversations SET agent_joined_at = ?2 WHERE id = ?1", params![c.id, now])?;
    conn.execute(
        "UPDATE requests SET assignee_id = ?2, status = CASE WHEN status = 'new' THEN 'open' ELSE status END,
         updated_at = MAX(updated_at, ?3) WHERE id = ?1",
        params![c.request_id, agent_id as i64, now],
    )?;
    Ok(())
}

/// The conversation ends: its request is solved.
pub(crate) fn set_ended(conn: &Connection, c: &ConversationRow, now: i64) -> Result<(), ApiError> {
    conn.execute("UPDATE conversations SET status = 'ended', ended_at = ?2 WHERE id = ?1", params![c.id, now])?;
    conn.execute(
        "UPDATE requests SET status = 'solved', updated_at = MAX(updated_at, ?2) WHERE id = ?1 AND status != 'closed'",
        params![c.request_id, now],
    )?;
    Ok(())
}

/// Read receipts only move forward, and never past the last message.
pub(crate) fn set_read(conn: &Connection, c: &ConversationRow, by_agent: bool, seq: u64) -> Result<u64, ApiError> {
    let seq = seq.min(c.last_seq) as i64;
    let sql = if by_agent {
        "UPDATE conversations SET agent_read_seq = MAX(agent_read_seq, ?2) WHERE id = ?1 RETURNING agent_read_seq"
    } else {
        "UPDATE conversations SET user_read_seq = MAX(user_read_seq, ?2) WHERE id = ?1 RETURNING user_read_seq"
    };
    let now: i64 = conn.query_row(sql, params![c.id, seq], |r| r.get(0))?;
    Ok(now.max(0) as u64)
}

/// Active conversations no agent has joined yet, first come first.
pub(crate) fn waiting_conversations(conn: &Connection) -> Result<Vec<i64>, ApiError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM conversations WHERE status = 'active' AND agent_joined_at IS NULL ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[derive(Debug, Clone)]
pub(crate) struct MessageRow {
    pub id: i64,
    pub conversation_id: i64,
    pub seq: u64,
    pub client_id: Option<String>,
    pub author: MessageAuthor,
    pub kind: MessageKind,
    pub text: String,
    pub articles: Vec<ArticleRef>,
    /// Loaded on demand (`with_attachments`): rows come without.
    pub attachments: Vec<Attachment>,
    /// Quick replies, buttons, cards, a form, or the user's answer to one of them.
    pub rich: Rich,
    pub created_at: i64,
}

const MESSAGE_COLUMNS: &str =
    "id, conversation_id, seq, client_id, author_type, author_id, author_name, kind, text, articles, created_at, rich";

impl MessageRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        let articles: String = r.get(9)?;
        Ok(MessageRow {
            id: r.get(0)?,
            conversation_id: r.get(1)?,
            seq: r.get::<_, i64>(2)?.max(0) as u64,
            client_id: r.get(3)?,
            author: MessageAuthor {
                kind: AuthorType::parse(&r.get::<_, String>(4)?),
                id: r.get::<_, Option<i64>>(5)?.map(|id| id as u64),
                name: r.get(6)?,
                avatar_url: None,
            },
            kind: MessageKind::parse(&r.get::<_, String>(7)?),
            text: r.get(8)?,
            articles: serde_json::from_str(&articles).unwrap_or_default(),
            attachments: vec![],
            rich: Rich::from_column(&r.get::<_, String>(11)?),
            created_at: r.get(10)?,
        })
    }

    pub(crate) fn to_wire(&self) -> Message {
        let mut message = Message {
            id: self.id as u64,
            conversation_id: self.conversation_id as u64,
            seq: self.seq,
            client_id: self.client_id.clone(),
            author: self.author.clone(),
            kind: self.kind,
            text: self.text.clone(),
            attachments: self.attachments.clone(),
            articles: self.articles.clone(),
            quick_replies: Default::default(),
            buttons: Default::default(),
            cards: Default::default(),
            form: None,
            reply: None,
            created_at: rfc3339(self.created_at),
        };
        self.rich.dress(&mut message);
        message
    }
}

/// What a new message holds; its id and seq come from the store.
pub(crate) struct NewMessageRow<'a> {
    pub client_id: Option<&'a str>,
    pub author: MessageAuthor,
    pub kind: MessageKind,
    pub text: &'a str,
    pub articles: Vec<ArticleRef>,
    pub rich: Rich,
}

/// Appends a message with the next seq of its conversation.
pub(crate) fn insert_message(
    conn: &Connection,
    conversation_id: i64,
    new: NewMessageRow<'_>,
    now: i64,
) -> Result<MessageRow, ApiError> {
    let articles = serde_json::to_string(&new.articles).map_err(|e| ApiError::Internal(e.to_string()))?;
    let sql = format!(
        "INSERT INTO messages (conversation_id, seq, client_id, author_type, author_id, author_name, kind, text,
         articles, created_at, rich)
         VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE conversation_id = ?1), ?2, ?3, ?4, ?5,
         ?6, ?7, ?8, ?9, ?10)
         RETURNING {MESSAGE_COLUMNS}"
    );
    Ok(conn.prepare_cached(&sql)?.query_row(
        params![
            conversation_id,
            new.client_id,
            new.author.kind.as_str(),
            new.author.id.map(|id| id as i64),
            new.author.name,
            new.kind.as_str(),
            new.text,
            articles,
            now,
            new.rich.to_column()?
        ],
        MessageRow::from_row,
    )?)
}

pub(crate) fn message_by_client_id(
    conn: &Connection,
    conversation_id: i64,
    client_id: &str,
) -> Result<Option<MessageRow>, ApiError> {
    let sql = format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ?1 AND client_id = ?2");
    Ok(conn.prepare_cached(&sql)?.query_row(params![conversation_id, client_id], MessageRow::from_row).optional()?)
}

/// The conversation's last message, if any.
pub(crate) fn last_message(conn: &Connection, conversation_id: i64) -> Result<Option<MessageRow>, ApiError> {
    let sql = format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ?1 ORDER BY seq DESC LIMIT 1");
    Ok(conn.prepare_cached(&sql)?.query_row(params![conversation_id], MessageRow::from_row).optional()?)
}

/// Messages with `seq > after_seq`, in order, at most `limit`.
pub(crate) fn messages_after(
    conn: &Connection,
    conversation_id: i64,
    after_seq: u64,
    limit: usize,
) -> Result<Vec<MessageRow>, ApiError> {
    let sql =
        format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3");
    let after = i64::try_from(after_seq).unwrap_or(i64::MAX);
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![conversation_id, after, limit], MessageRow::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Loads the files of `rows` (their `content_url` on `base_url`).
pub(crate) fn with_attachments(
    conn: &Connection,
    base_url: &str,
    mut rows: Vec<MessageRow>,
) -> Result<Vec<MessageRow>, ApiError> {
    let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
    let mut files = crate::attachments::of_messages(conn, base_url, &ids)?;
    for row in &mut rows {
        row.attachments = files.remove(&row.id).unwrap_or_default();
    }
    Ok(rows)
}

/// Whether the conversation holds exactly one user message that answers nothing (typed, not
/// tapped): the first words the bot answers. Stops at the second, so a long conversation costs
/// no more than a short one.
pub(crate) fn one_free_text(conn: &Connection, conversation_id: i64) -> Result<bool, ApiError> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM messages WHERE conversation_id = ?1 AND author_type = 'user'
             AND CASE WHEN json_valid(rich) THEN json_extract(rich, '$.reply') END IS NULL LIMIT 2)",
        )?
        .query_row(params![conversation_id], |r| r.get(0))?;
    Ok(n == 1)
}

/// The end user's or agent's messages are also the comments of the request, so the ticket
/// shows the transcript. Returns the comment's id.
pub(crate) fn mirror_comment(
    conn: &Connection,
    c: &ConversationRow,
    author_id: u64,
    text: &str,
    now: i64,
) -> Result<i64, ApiError> {
    let id = crate::comments::insert(conn, c.request_id, author_id, text, true, now)?;
    conn.execute("UPDATE requests SET updated_at = MAX(updated_at, ?2) WHERE id = ?1", params![c.request_id, now])?;
    Ok(id)
}

/// The name a user's messages carry.
pub(crate) fn user_name(conn: &Connection, user_id: u64) -> Result<String, ApiError> {
    let name: Option<String> =
        conn.query_row("SELECT name FROM users WHERE id = ?1", params![user_id as i64], |r| r.get(0)).optional()?;
    Ok(name.unwrap_or_default())
}
