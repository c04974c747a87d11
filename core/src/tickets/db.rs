//! The tickets' and comments' rows: typed queries, nothing else.

use std::collections::{HashMap, HashSet};

use helpline_protocol as wire;
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::clock::rfc3339_of;
use crate::numbers::{signed, unsigned};
use crate::tickets::model::{Author, CustomFieldValue, FieldValue, Ticket, TicketComment, TicketStatus};
use crate::{DeliveryState, Result};

const TICKET_COLUMNS: &str = "id, remote_id, subject, description, status, tags, custom_fields, followup_source_id,
    can_be_solved_by_me, created_at, updated_at, delivery, delivery_reason,
    last_agent_comment_id > last_read_comment_id";

fn ticket_row(row: &Row<'_>) -> rusqlite::Result<Ticket> {
    let tags: String = row.get(5)?;
    let fields: String = row.get(6)?;
    Ok(Ticket {
        id: row.get(0)?,
        remote_id: row.get(1)?,
        subject: row.get(2)?,
        description: row.get(3)?,
        status: TicketStatus::parse(&row.get::<_, String>(4)?),
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        custom_fields: serde_json::from_str(&fields).unwrap_or_default(),
        followup_source_id: row.get(7)?,
        can_be_solved_by_me: row.get(8)?,
        created_at: crate::clock::time_column(row, 9)?,
        updated_at: crate::clock::time_column(row, 10)?,
        delivery: DeliveryState::from_columns(&row.get::<_, String>(11)?, row.get(12)?),
        unread: row.get(13)?,
        satisfaction: Default::default(),
    })
}

/// The ticket with its satisfaction rating (whether it is offered is the service's to say).
fn rated(conn: &Connection, mut ticket: Ticket) -> Result<Ticket> {
    ticket.satisfaction.rating = crate::satisfaction::rating(conn, ticket.remote_id.map(unsigned))?;
    Ok(ticket)
}

const COMMENT_COLUMNS: &str = "id, remote_id, ticket_id, body, author_id, author_name, author_is_agent, is_mine, \
    created_at, delivery, delivery_reason, attachments";

fn comment_row(row: &Row<'_>) -> rusqlite::Result<TicketComment> {
    Ok(TicketComment {
        id: row.get(0)?,
        remote_id: row.get(1)?,
        ticket_id: row.get(2)?,
        body: row.get(3)?,
        author: Author { id: row.get(4)?, name: row.get(5)?, is_agent: row.get(6)? },
        is_mine: row.get(7)?,
        created_at: crate::clock::time_column(row, 8)?,
        delivery: DeliveryState::from_columns(&row.get::<_, String>(9)?, row.get(10)?),
        attachments: crate::uploads::from_column(&row.get::<_, String>(11)?),
    })
}

pub(crate) fn insert_ticket(conn: &Connection, t: &Ticket) -> Result<()> {
    let (delivery, reason) = t.delivery.to_columns();
    conn.execute(
        "INSERT INTO tickets(id, remote_id, subject, description, status, tags, custom_fields, followup_source_id,
            can_be_solved_by_me, created_at, updated_at, delivery, delivery_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            t.id,
            t.remote_id,
            t.subject,
            t.description,
            t.status.as_str(),
            serde_json::to_string(&t.tags)?,
            serde_json::to_string(&t.custom_fields)?,
            t.followup_source_id,
            t.can_be_solved_by_me,
            rfc3339_of(t.created_at),
            rfc3339_of(t.updated_at),
            delivery,
            reason
        ],
    )?;
    Ok(())
}

/// A comment of the user's; `attachments` is its `attachments` column (see `uploads`).
pub(crate) fn insert_comment(conn: &Connection, c: &TicketComment, attachments: &str) -> Result<()> {
    let (delivery, reason) = c.delivery.to_columns();
    conn.execute(
        "INSERT INTO comments(id, remote_id, ticket_id, body, author_id, author_name, author_is_agent, is_mine,
            created_at, delivery, delivery_reason, attachments)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            c.id,
            c.remote_id,
            c.ticket_id,
            c.body,
            c.author.id,
            c.author.name,
            c.author.is_agent,
            c.is_mine,
            rfc3339_of(c.created_at),
            delivery,
            reason,
            attachments
        ],
    )?;
    Ok(())
}

pub(crate) fn ticket(conn: &Connection, id: &str) -> Result<Option<Ticket>> {
    let sql = format!("SELECT {TICKET_COLUMNS} FROM tickets WHERE id = ?1");
    let ticket = conn.prepare_cached(&sql)?.query_row([id], ticket_row).optional()?;
    ticket.map(|t| rated(conn, t)).transpose()
}

pub(crate) fn ticket_by_remote_id(conn: &Connection, remote_id: i64) -> Result<Option<Ticket>> {
    let sql = format!("SELECT {TICKET_COLUMNS} FROM tickets WHERE remote_id = ?1");
    let ticket = conn.prepare_cached(&sql)?.query_row([remote_id], ticket_row).optional()?;
    ticket.map(|t| rated(conn, t)).transpose()
}

/// Every cached ticket, most recently updated first.
pub(crate) fn list(conn: &Connection) -> Result<Vec<Ticket>> {
    let sql = format!("SELECT {TICKET_COLUMNS} FROM tickets ORDER BY updated_at DESC, created_at DESC");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], ticket_row)?;
    let tickets: Vec<Ticket> = rows.collect::<rusqlite::Result<_>>()?;
    tickets.into_iter().map(|t| rated(conn, t)).collect()
}

/// A ticket's comments: the helpdesk's in order, then those not yet sent.
pub(crate) fn comments(conn: &Connection, ticket_id: &str) -> Result<Vec<TicketComment>> {
    let sql = format!(
        "SELECT {COMMENT_COLUMNS} FROM comments WHERE ticket_id = ?1
         ORDER BY remote_id IS NULL, created_at, remote_id, rowid"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([ticket_id], comment_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What a row of the tickets list shows of a ticket's comments.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct CommentsSummary {
    /// The latest comment's `created_at` and body.
    pub last: Option<(std::time::SystemTime, String)>,
    /// The delivery of each of the user's comments not sent yet (pending or failed).
    pub unsent: Vec<DeliveryState>,
}

/// Every ticket's `CommentsSummary`, by ticket id, in one query (not every comment of every
/// ticket: only the latest of each, and the user's unsent ones).
pub(crate) fn comments_summaries(conn: &Connection) -> Result<HashMap<String, CommentsSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ticket_id, created_at, body, is_mine, delivery, delivery_reason, n = 1 FROM (
             SELECT ticket_id, created_at, body, is_mine, delivery, delivery_reason,
                 ROW_NUMBER() OVER (PARTITION BY ticket_id ORDER BY created_at DESC, rowid DESC) AS n
             FROM comments)
         WHERE n = 1 OR (is_mine AND delivery != 'sent')",
    )?;
    let mut rows = stmt.query([])?;
    let mut summaries: HashMap<String, CommentsSummary> = HashMap::new();
    while let Some(row) = rows.next()? {
        let summary = summaries.entry(row.get(0)?).or_default();
        if row.get(6)? {
            summary.last = Some((crate::clock::time_column(row, 1)?, row.get(2)?));
        }
        let delivery = DeliveryState::from_columns(&row.get::<_, String>(4)?, row.get(5)?);
        if row.get(3)? && delivery != DeliveryState::Sent {
            summary.unsent.push(delivery);
        }
    }
    Ok(summaries)
}

pub(crate) fn comment(conn: &Connection, id: &str) -> Result<Option<TicketComment>> {
    let sql = format!("SELECT {COMMENT_COLUMNS} FROM comments WHERE id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], comment_row).optional()?)
}

pub(crate) fn set_ticket_delivery(conn: &Connection, id: &str, state: &DeliveryState) -> Result<()> {
    let (delivery, reason) = state.to_columns();
    conn.execute(
        "UPDATE tickets SET delivery = ?2, delivery_reason = ?3 WHERE id = ?1",
        params![id, delivery, reason],
    )?;
    Ok(())
}

pub(crate) fn set_comment_delivery(conn: &Connection, id: &str, state: &DeliveryState) -> Result<()> {
    let (delivery, reason) = state.to_columns();
    conn.execute(
        "UPDATE comments SET delivery = ?2, delivery_reason = ?3 WHERE id = ?1",
        params![id, delivery, reason],
    )?;
    Ok(())
}

pub(crate) fn move_comment(conn: &Connection, comment_id: &str, ticket_id: &str) -> Result<()> {
    conn.execute("UPDATE comments SET ticket_id = ?2 WHERE id = ?1", params![comment_id, ticket_id])?;
    Ok(())
}

/// A request's `updated_at` has whole seconds: an agent's answer in the same second as the last
/// fetch of its comments leaves it unchanged. Within this long of it, its comments are fetched
/// again on every list refresh; after, an unchanged `updated_at` means unchanged comments. (A
/// device clock off by more than this makes that check alone decide.)
const SAME_SECOND_GUARD: std::time::Duration = std::time::Duration::from_secs(60);

/// Whether `updated_at` is close enough to now that a change within its second may be missed.
fn updated_lately(updated_at: &str) -> bool {
    use time::format_description::well_known::Rfc3339;
    let Ok(at) = time::OffsetDateTime::parse(updated_at, &Rfc3339) else { return false };
    (time::OffsetDateTime::now_utc() - at).unsigned_abs() < SAME_SECOND_GUARD
}

/// What landing a helpdesk request did to the cache.
pub(crate) struct Applied {
    pub local_id: String,
    /// Its conversation changed since we last fetched it.
    pub comments_stale: bool,
    /// Anything the user sees changed.
    pub changed: bool,
}

/// Stores the helpdesk's view of a request: into the row `local_id` if given (our own
/// ticket just confirmed), else the row holding its remote id, else a new row.
pub(crate) fn apply_request(conn: &Connection, local_id: Option<&str>, r: &wire::Request) -> Result<Applied> {
    if let Some(id) = local_id {
        merge_duplicate(conn, id, r.id)?;
    }
    crate::satisfaction::record(conn, r)?;
    let existing: Option<(String, Option<String>, String, String)> = match local_id {
        Some(id) => conn
            .query_row("SELECT id, comments_synced_at, updated_at, status FROM tickets WHERE id = ?1", [id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .optional()?,
        None => conn
            .query_row(
                "SELECT id, comments_synced_at, updated_at, status FROM tickets WHERE remote_id = ?1",
                [r.id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?,
    };
    let fields: Vec<CustomFieldValue> = r
        .custom_fields
        .iter()
        .filter_map(|f| {
            serde_json::from_value::<FieldValue>(f.value.clone())
                .ok()
                .map(|value| CustomFieldValue { id: signed(f.id), value })
        })
        .collect();
    let tags = serde_json::to_string(&r.tags)?;
    let fields = serde_json::to_string(&fields)?;
    match existing {
        Some((id, synced_at, updated_at, status)) => {
            conn.execute(
                "UPDATE tickets SET remote_id = ?2, subject = ?3, description = ?4, status = ?5, tags = ?6,
                    custom_fields = ?7, followup_source_id = ?8, can_be_solved_by_me = ?9, created_at = ?10,
                    updated_at = ?11, delivery = 'sent', delivery_reason = NULL
                 WHERE id = ?1",
                params![
                    id,
                    r.id,
                    r.subject,
                    r.description,
                    r.status.as_str(),
                    tags,
                    fields,
                    r.followup_source_id,
                    r.can_be_solved_by_me,
                    r.created_at,
                    r.updated_at
                ],
            )?;
            Ok(Applied {
                comments_stale: synced_at.as_deref() != Some(r.updated_at.as_str()) || updated_lately(&r.updated_at),
                changed: updated_at != r.updated_at || status != r.status.as_str() || local_id.is_some(),
                local_id: id,
            })
        }
        None => {
            let id = uuid::Uuid::new_v4().to_string();
            conn.execute(
                "INSERT INTO tickets(id, remote_id, subject, description, status, tags, custom_fields,
                    followup_source_id, can_be_solved_by_me, created_at, updated_at, delivery)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'sent')",
                params![
                    id,
                    r.id,
                    r.subject,
                    r.description,
                    r.status.as_str(),
                    tags,
                    fields,
                    r.followup_source_id,
                    r.can_be_solved_by_me,
                    r.created_at,
                    r.updated_at
                ],
            )?;
            Ok(Applied { local_id: id, comments_stale: true, changed: true })
        }
    }
}

/// A sync may have cached our own ticket under a second row before its creation's answer
/// reached us (the answer was lost, the replay brought it). Fold that row into ours.
fn merge_duplicate(conn: &Connection, local_id: &str, remote_id: u64) -> Result<()> {
    let duplicate: Option<String> = conn
        .query_row("SELECT id FROM tickets WHERE remote_id = ?1 AND id != ?2", params![remote_id, local_id], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(duplicate) = duplicate {
        conn.execute(
            "UPDATE comments SET ticket_id = ?2 WHERE ticket_id = ?1 AND remote_id IS NULL",
            params![duplicate, local_id],
        )?;
        conn.execute("UPDATE outbox SET target = ?2 WHERE target = ?1", params![duplicate, local_id])?;
        conn.execute("DELETE FROM tickets WHERE id = ?1", [&duplicate])?;
    }
    Ok(())
}

/// Merges the helpdesk's copy of a ticket's conversation. Known comments keep their local
/// id; comments still pending or failed on the device stay; sent ones without a remote id
/// (our own, now echoed back with their id) give way to the helpdesk's copy.
pub(crate) fn replace_remote_comments(
    conn: &Connection,
    ticket_id: &str,
    synced_at: &str,
    comments: &[wire::Comment],
    users: &HashMap<u64, wire::User>,
    my_user_id: Option<u64>,
) -> Result<bool> {
    let before: i64 = conn.query_row(
        "SELECT COUNT(*) FROM comments WHERE ticket_id = ?1 AND remote_id IS NOT NULL",
        [ticket_id],
        |r| r.get(0),
    )?;
    conn.execute("DELETE FROM comments WHERE ticket_id = ?1 AND remote_id IS NULL AND delivery = 'sent'", [ticket_id])?;
    let mut last_agent_comment = 0u64;
    let mut insert = conn.prepare_cached(
        "INSERT INTO comments(id, remote_id, ticket_id, body, html_body, author_id, author_name, author_is_agent,
            is_mine, attachments, created_at, delivery)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'sent')
         ON CONFLICT(remote_id) DO UPDATE SET ticket_id = excluded.ticket_id, body = excluded.body,
            html_body = excluded.html_body, author_name = excluded.author_name,
            author_is_agent = excluded.author_is_agent, is_mine = excluded.is_mine,
            attachments = excluded.attachments",
    )?;
    for c in comments.iter().filter(|c| c.public) {
        let author = users.get(&c.author_id);
        let is_agent = author.is_some_and(|u| u.agent);
        if is_agent {
            last_agent_comment = last_agent_comment.max(c.id);
        }
        insert.execute(params![
            uuid::Uuid::new_v4().to_string(),
            c.id,
            ticket_id,
            c.body,
            c.html_body,
            c.author_id,
            author.map(|u| u.name.as_str()).unwrap_or(""),
            is_agent,
            Some(c.author_id) == my_user_id,
            serde_json::to_string(&c.attachments)?,
            c.created_at,
        ])?;
    }
    conn.execute(
        "UPDATE tickets SET comments_synced_at = ?2, last_agent_comment_id = ?3 WHERE id = ?1",
        params![ticket_id, synced_at, last_agent_comment],
    )?;
    Ok(before != comments.iter().filter(|c| c.public).count() as i64)
}

/// Remote tickets the helpdesk no longer lists for this user (deleted, merged).
/// The helpdesk's ids of the tickets on the device now.
pub(crate) fn remote_ids(conn: &Connection) -> Result<HashSet<u64>> {
    let mut stmt = conn.prepare_cached("SELECT remote_id FROM tickets WHERE remote_id IS NOT NULL")?;
    let ids = stmt.query_map([], |r| r.get::<_, u64>(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Deletes the tickets the helpdesk no longer lists: of those known before its list was asked
/// for (`known_before`), the ones not `present` in it. A ticket that reached the helpdesk
/// while the list was on its way is not in it, and stays; so do those with unsent writes.
pub(crate) fn remove_missing(conn: &Connection, known_before: &HashSet<u64>, present: &[u64]) -> Result<usize> {
    let present: HashSet<u64> = present.iter().copied().collect();
    let mut delete = conn.prepare_cached(
        "DELETE FROM tickets WHERE remote_id = ?1
           AND id NOT IN (SELECT target FROM outbox)
           AND id NOT IN (SELECT ticket_id FROM comments WHERE delivery != 'sent')",
    )?;
    let mut removed = 0;
    for gone in known_before.difference(&present) {
        removed += delete.execute([gone])?;
    }
    Ok(removed)
}

pub(crate) fn mark_read(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn.execute("UPDATE tickets SET last_read_comment_id = last_agent_comment_id WHERE id = ?1", [id])? == 1)
}

pub(crate) fn unread_count(conn: &Connection) -> Result<i32> {
    Ok(conn.query_row("SELECT COUNT(*) FROM tickets WHERE last_agent_comment_id > last_read_comment_id", [], |r| {
        r.get(0)
    })?)
}

#[cfg(test)]
mod tests {
    use time::format_description::well_known::Rfc3339;

    use super::*;

    #[test]
    fn a_request_updated_within_the_last_minute_has_its_comments_fetched_again() {
        let ago =
            |secs: i64| (time::OffsetDateTime::now_utc() - time::Duration::seconds(secs)).format(&Rfc3339).unwrap();
        assert!(updated_lately(&ago(0)), "an answer may have come in this same second");
        assert!(updated_lately(&ago(30)));
        assert!(!updated_lately(&ago(600)), "long settled: unchanged means unchanged");
        assert!(!updated_lately("not a time"));
    }
}
