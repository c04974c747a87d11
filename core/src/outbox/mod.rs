//! The outbox: every write the user makes is stored first and sent later.
//!
//! A write is one row, committed in the same transaction as its local effect (the pending
//! ticket or comment), so it is durable the moment the call returns. Rows are sent strictly
//! in order, one at a time, each with its own `Idempotency-Key`: a row sent twice (the app
//! was killed before the answer was recorded) is answered with the first result, never
//! created twice. A transient failure keeps the row pending and holds the rows behind it;
//! a permanent one marks it failed with the reason, and the app may retry it.

mod discard;
mod handlers;
mod worker;

use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::clock::{now_rfc3339, now_unix_ms};
use crate::{Error, Result};

pub(crate) use discard::discard_and_announce;
pub(crate) use handlers::{Handlers, WriteHandler};
pub(crate) use worker::{Drained, Worker};

/// Where a queued write stands.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DeliveryState {
    /// Stored on the device, not yet confirmed by the helpdesk.
    Pending,
    /// Confirmed by the helpdesk.
    Sent,
    /// Refused for good; `reason` says why. `Helpline::retry` queues it again.
    Failed { reason: String },
}

impl DeliveryState {
    pub(crate) fn to_columns(&self) -> (&'static str, Option<&str>) {
        match self {
            DeliveryState::Pending => ("pending", None),
            DeliveryState::Sent => ("sent", None),
            DeliveryState::Failed { reason } => ("failed", Some(reason.as_str())),
        }
    }

    pub(crate) fn from_columns(state: &str, reason: Option<String>) -> Self {
        match state {
            "sent" => DeliveryState::Sent,
            "failed" => DeliveryState::Failed { reason: reason.unwrap_or_default() },
            _ => DeliveryState::Pending,
        }
    }
}

/// What a queued write does. Each kind is sent by the capability that registered it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum OutboxKind {
    CreateTicket,
    AddComment,
    SolveTicket,
    /// A vote on a help-center article.
    Vote,
    /// A live-chat message.
    SendMessage,
    /// The device's push token, registered for the signed-in user.
    RegisterPush,
    /// The device's push token, removed.
    UnregisterPush,
    /// The user's satisfaction rating of a solved ticket or an ended conversation.
    RateSatisfaction,
    /// The user's attributes (the helpdesk's user fields), all of them, the latest.
    SetUserAttributes,
    /// Written by a newer SDK: kept, never sent, until an SDK that knows it opens the database.
    Unknown,
}

impl OutboxKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            OutboxKind::CreateTicket => "create_ticket",
            OutboxKind::AddComment => "add_comment",
            OutboxKind::SolveTicket => "solve_ticket",
            OutboxKind::Vote => "vote",
            OutboxKind::SendMessage => "send_message",
            OutboxKind::RegisterPush => "register_push",
            OutboxKind::UnregisterPush => "unregister_push",
            OutboxKind::RateSatisfaction => "satisfaction_rating",
            OutboxKind::SetUserAttributes => "user_attributes",
            OutboxKind::Unknown => "unknown",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "create_ticket" => OutboxKind::CreateTicket,
            "add_comment" => OutboxKind::AddComment,
            "solve_ticket" => OutboxKind::SolveTicket,
            "vote" => OutboxKind::Vote,
            "send_message" => OutboxKind::SendMessage,
            "register_push" => OutboxKind::RegisterPush,
            "unregister_push" => OutboxKind::UnregisterPush,
            "satisfaction_rating" => OutboxKind::RateSatisfaction,
            "user_attributes" => OutboxKind::SetUserAttributes,
            _ => return None,
        })
    }
}

/// One queued write, as the app sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OutboxItem {
    pub id: i64,
    pub kind: OutboxKind,
    /// Local id of what the write is about (a ticket, a comment, a chat message; a rated
    /// ticket, or a rated conversation's id; `user` for the user's attributes).
    pub target_id: String,
    pub state: DeliveryState,
    pub attempts: i32,
    /// The last transient error, while the write waits to be tried again.
    pub last_error: Option<String>,
    pub created_at: std::time::SystemTime,
}

/// A queued write with what it takes to send it.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub item: OutboxItem,
    pub payload: String,
    pub idempotency_key: String,
    pub not_before_ms: i64,
}

impl Entry {
    pub(crate) fn payload<T: DeserializeOwned>(&self) -> Result<T> {
        Ok(serde_json::from_str(&self.payload)?)
    }
}

const COLUMNS: &str = "id, kind, target, state, reason, attempts, created_at, payload, idempotency_key, not_before_ms";

fn entry(row: &Row<'_>) -> rusqlite::Result<Entry> {
    let kind: String = row.get(1)?;
    let state: String = row.get(3)?;
    let reason: Option<String> = row.get(4)?;
    let (state, last_error) = match state.as_str() {
        "pending" => (DeliveryState::Pending, reason),
        other => (DeliveryState::from_columns(other, reason), None),
    };
    Ok(Entry {
        item: OutboxItem {
            id: row.get(0)?,
            kind: OutboxKind::parse(&kind).unwrap_or(OutboxKind::Unknown),
            target_id: row.get(2)?,
            state,
            attempts: row.get(5)?,
            last_error,
            created_at: crate::clock::time_column(row, 6)?,
        },
        payload: row.get(7)?,
        idempotency_key: row.get(8)?,
        not_before_ms: row.get(9)?,
    })
}

/// Queues a write. Call inside the transaction that stores its local effect.
pub(crate) fn enqueue(
    conn: &Connection,
    kind: OutboxKind,
    target: &str,
    payload: &impl Serialize,
) -> Result<OutboxItem> {
    let key = uuid::Uuid::new_v4().to_string();
    let created_at = now_rfc3339();
    conn.prepare_cached(
        "INSERT INTO outbox(kind, target, payload, idempotency_key, state, created_at) VALUES (?1, ?2, ?3, ?4, 'pending', ?5)",
    )?
    .execute(params![kind.as_str(), target, serde_json::to_string(payload)?, key, created_at])?;
    Ok(OutboxItem {
        id: conn.last_insert_rowid(),
        kind,
        target_id: target.to_owned(),
        state: DeliveryState::Pending,
        attempts: 0,
        last_error: None,
        created_at: crate::clock::time_of(&created_at),
    })
}

/// Queues a write that supersedes any unsent one of the same `kind` and `target` (the user changed
/// their mind): that row, pending or failed, takes the new payload and a new key and is pending
/// again at its place, so only the latest is sent. A row in flight meanwhile is not completed
/// for its older self (see [`is_current`]) and goes again with the new payload.
pub(crate) fn enqueue_latest(
    conn: &Connection,
    kind: OutboxKind,
    target: &str,
    payload: &impl Serialize,
) -> Result<OutboxItem> {
    let replaced = conn.execute(
        "UPDATE outbox SET payload = ?3, idempotency_key = ?4, state = 'pending', reason = NULL, attempts = 0,
            not_before_ms = 0
         WHERE kind = ?1 AND target = ?2 AND state IN ('pending', 'failed')",
        params![kind.as_str(), target, serde_json::to_string(payload)?, uuid::Uuid::new_v4().to_string()],
    )?;
    if replaced == 0 {
        return enqueue(conn, kind, target, payload);
    }
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM outbox WHERE kind = ?1 AND target = ?2 AND state = 'pending'"),
            params![kind.as_str(), target],
            entry,
        )?
        .item)
}

/// Whether `entry` is still the row's content: false once `enqueue_latest` replaced it (or the
/// row went), so what was sent for it must not complete or fail the newer write.
pub(crate) fn is_current(conn: &Connection, entry: &Entry) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM outbox WHERE id = ?1 AND idempotency_key = ?2",
            params![entry.item.id, entry.idempotency_key],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The oldest pending write of a `known` kind: the only one that may be sent now.
pub(crate) fn head(conn: &Connection, known: &[&str]) -> Result<Option<Entry>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM outbox WHERE state = 'pending' AND kind IN (SELECT value FROM json_each(?1))
                 ORDER BY id LIMIT 1"
            ),
            [serde_json::to_string(known)?],
            entry,
        )
        .optional()?)
}

/// Why a pending write of a kind this SDK does not know is not sent.
pub(crate) const UNKNOWN_KIND: &str = "written by a newer version of the SDK; kept until one that knows it opens";

/// Gives the pending writes of kinds no one sends their reason; returns how many there are.
pub(crate) fn park_unknown(conn: &Connection, known: &[&str]) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE outbox SET reason = ?2 || ' (' || kind || ')'
         WHERE state = 'pending' AND kind NOT IN (SELECT value FROM json_each(?1))",
        params![serde_json::to_string(known)?, UNKNOWN_KIND],
    )?)
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<Option<Entry>> {
    Ok(conn.query_row(&format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"), [id], entry).optional()?)
}

pub(crate) fn all(conn: &Connection) -> Result<Vec<OutboxItem>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM outbox ORDER BY id"))?;
    let rows = stmt.query_map([], entry)?;
    Ok(rows.map(|r| r.map(|e| e.item)).collect::<rusqlite::Result<_>>()?)
}

/// The pending writes of `known` kinds: those a flush can send (a newer SDK's are kept aside).
pub(crate) fn pending_count(conn: &Connection, known: &[&str]) -> Result<usize> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND kind IN (SELECT value FROM json_each(?1))",
        [serde_json::to_string(known)?],
        |r| r.get::<_, i64>(0),
    )? as usize)
}

/// The write landed: its row goes (the ticket or comment now carries the state).
pub(crate) fn complete(conn: &Connection, id: i64) -> Result<OutboxItem> {
    complete_if_queued(conn, id)?.ok_or_else(|| Error::not_found(format!("outbox item {id}")))
}

/// `complete`, unless the row is gone already (sent by another path, or discarded).
pub(crate) fn complete_if_queued(conn: &Connection, id: i64) -> Result<Option<OutboxItem>> {
    let done = conn
        .prepare_cached(&format!("DELETE FROM outbox WHERE id = ?1 RETURNING {COLUMNS}"))?
        .query_row([id], entry)
        .optional()?;
    Ok(done.map(|mut entry| {
        entry.item.state = DeliveryState::Sent;
        entry.item.attempts += 1;
        entry.item.last_error = None;
        entry.item
    }))
}

/// Whether no pending write comes before row `id`: it would be sent next.
pub(crate) fn nothing_before(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT NOT EXISTS (SELECT 1 FROM outbox WHERE state = 'pending' AND id < ?1)")?
        .query_row([id], |r| r.get(0))?)
}

/// Saves the files of a queued write (their upload tokens, as they come), whatever its payload:
/// each payload keeps them under `files`.
pub(crate) fn set_files(conn: &Connection, id: i64, files: &(impl Serialize + ?Sized)) -> Result<()> {
    conn.execute(
        "UPDATE outbox SET payload = json_set(payload, '$.files', json(?2)) WHERE id = ?1",
        params![id, serde_json::to_string(files)?],
    )?;
    Ok(())
}

/// Keeps the write pending, to be tried after `delay`.
pub(crate) fn reschedule(conn: &Connection, id: i64, error: &Error, delay: Duration) -> Result<OutboxItem> {
    conn.execute(
        "UPDATE outbox SET attempts = attempts + 1, reason = ?2, not_before_ms = ?3 WHERE id = ?1",
        params![id, error.to_string(), now_unix_ms().saturating_add(millis(delay))],
    )?;
    Ok(conn.query_row(&format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"), [id], entry)?.item)
}

pub(crate) fn fail(conn: &Connection, id: i64, reason: &str) -> Result<OutboxItem> {
    conn.execute(
        "UPDATE outbox SET attempts = attempts + 1, state = 'failed', reason = ?2 WHERE id = ?1",
        params![id, reason],
    )?;
    Ok(conn.query_row(&format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"), [id], entry)?.item)
}

/// Queues a failed write again, at its place in the order.
pub(crate) fn requeue(conn: &Connection, id: i64) -> Result<Option<Entry>> {
    let changed = conn.execute(
        "UPDATE outbox SET state = 'pending', reason = NULL, attempts = 0, not_before_ms = 0 WHERE id = ?1 AND state = 'failed'",
        [id],
    )?;
    if changed == 0 {
        return Ok(None);
    }
    Ok(Some(conn.query_row(&format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"), [id], entry)?))
}

/// Makes every pending write due now (the network came back, the app asked to sync).
pub(crate) fn make_due(conn: &Connection) -> Result<()> {
    conn.execute("UPDATE outbox SET not_before_ms = 0 WHERE state = 'pending'", [])?;
    Ok(())
}

/// How a transient failure is retried: offline and auth problems wait as long as it
/// takes; a misbehaving helpdesk gets a bounded number of tries.
pub(crate) fn retry_plan(error: &Error, attempts: i32) -> Option<Duration> {
    const MAX_TRIES_ON_SERVER_ERRORS: i32 = 6;
    match error {
        Error::RateLimited { retry_after } => Some(*retry_after),
        // Waits as long as it takes: the device (network, sign-in, TLS set-up) must recover.
        Error::Offline { .. } | Error::NoIdentity | Error::Unauthorized { .. } | Error::Tls { .. } => {
            Some(backoff(attempts))
        }
        _ if error.is_transient() && attempts.saturating_add(1) < MAX_TRIES_ON_SERVER_ERRORS => Some(backoff(attempts)),
        _ => None,
    }
}

/// The furthest ahead the outbox ever schedules a write: `Retry-After`'s clamp (backoff tops
/// out at 5 minutes).
pub(crate) const MAX_DELAY_MS: i64 = crate::transport::MAX_RETRY_AFTER.as_millis() as i64;

/// Whether a write scheduled for `not_before_ms` may go at `now_ms`: its time came, or it lies
/// further ahead than any delay the outbox sets, which means the device's clock moved back
/// (schedules are wall-clock, to survive restarts): it is not held for the clock's jump.
pub(crate) fn is_due(not_before_ms: i64, now_ms: i64) -> bool {
    not_before_ms <= now_ms || not_before_ms.saturating_sub(now_ms) > MAX_DELAY_MS
}

/// A delay in ms for the schedule, saturating (delays are clamped, but never trusted).
pub(crate) fn millis(delay: Duration) -> i64 {
    i64::try_from(delay.as_millis()).unwrap_or(i64::MAX)
}

/// Exponential backoff with full jitter, from 1 s up to 5 min.
fn backoff(attempts: i32) -> Duration {
    let cap_ms = 1000u64.saturating_mul(1 << attempts.clamp(0, 8)).min(300_000);
    Duration::from_millis(rand::random_range(cap_ms / 2..=cap_ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, target TEXT NOT NULL,
             payload TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE, state TEXT NOT NULL, reason TEXT,
             attempts INTEGER NOT NULL DEFAULT 0, not_before_ms INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);",
        )
        .unwrap();
        conn
    }

    #[test]
    fn head_is_the_oldest_pending_and_failed_rows_step_aside() {
        let c = conn();
        let a = enqueue(&c, OutboxKind::CreateTicket, "t1", &"a").unwrap();
        let b = enqueue(&c, OutboxKind::AddComment, "c1", &"b").unwrap();
        assert_eq!(head(&c, KNOWN).unwrap().unwrap().item.id, a.id);
        let failed = fail(&c, a.id, "refused").unwrap();
        assert_eq!(failed.state, DeliveryState::Failed { reason: "refused".into() });
        assert_eq!(head(&c, KNOWN).unwrap().unwrap().item.id, b.id);
        requeue(&c, a.id).unwrap().unwrap();
        assert_eq!(head(&c, KNOWN).unwrap().unwrap().item.id, a.id, "a retried write keeps its place");
        complete(&c, a.id).unwrap();
        assert_eq!(pending_count(&c, KNOWN).unwrap(), 1);
    }

    const KNOWN: &[&str] = &["create_ticket", "add_comment"];

    #[test]
    fn a_kind_nobody_sends_is_passed_over_and_given_its_reason() {
        let c = conn();
        c.execute(
            "INSERT INTO outbox(kind, target, payload, idempotency_key, state, created_at)
             VALUES ('csat_rating', 't0', '{}', 'k0', 'pending', '2026-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        let later = enqueue(&c, OutboxKind::CreateTicket, "t1", &"a").unwrap();
        assert_eq!(head(&c, KNOWN).unwrap().unwrap().item.id, later.id, "the newer SDK's write is not sent");
        assert_eq!(park_unknown(&c, KNOWN).unwrap(), 1);
        let parked = &all(&c).unwrap()[0];
        assert_eq!((parked.kind, &parked.state), (OutboxKind::Unknown, &DeliveryState::Pending));
        assert!(parked.last_error.as_deref().unwrap().contains("newer version"), "{parked:?}");
    }

    #[test]
    fn a_later_write_of_the_same_target_replaces_the_unsent_one_at_its_place() {
        let c = conn();
        let kind = OutboxKind::RateSatisfaction;
        let first = enqueue_latest(&c, kind, "t1", &"good").unwrap();
        let other = enqueue(&c, OutboxKind::AddComment, "c1", &"b").unwrap();
        let in_flight = get(&c, first.id).unwrap().unwrap();
        let second = enqueue_latest(&c, kind, "t1", &"bad").unwrap();
        assert_eq!(second.id, first.id, "one write, at its place");
        assert!(!is_current(&c, &in_flight).unwrap(), "what was in flight no longer stands for the row");
        let now = get(&c, first.id).unwrap().unwrap();
        assert_eq!(now.payload, "\"bad\"");
        assert!(is_current(&c, &now).unwrap());

        fail(&c, first.id, "reopened").unwrap();
        let again = enqueue_latest(&c, kind, "t1", &"good").unwrap();
        assert_eq!((again.id, again.state), (first.id, DeliveryState::Pending), "a failed one is queued again");
        let other_target = enqueue_latest(&c, kind, "t2", &"good").unwrap();
        assert_ne!(other_target.id, first.id);
        complete(&c, first.id).unwrap();
        let third = enqueue_latest(&c, kind, "t1", &"bad").unwrap();
        assert!(third.id > other.id, "once sent, a change is a new write");
        assert_eq!(all(&c).unwrap().len(), 3);
    }

    #[test]
    fn a_clock_moved_back_does_not_hold_a_write() {
        let now = 1_800_000_000_000;
        assert!(!is_due(now + 30_000, now), "a backoff of 30 s is waited");
        assert!(is_due(now - 1, now));
        assert!(is_due(now + 24 * 3600 * 1000, now), "a day ahead: the clock went back, the write goes");
    }

    #[test]
    fn retry_plan_is_bounded_for_server_errors_only() {
        let offline = Error::Offline { reason: "refused".into() };
        assert!(retry_plan(&offline, 1000).is_some());
        let server = Error::Server { status: 503, reason: String::new() };
        assert!(retry_plan(&server, 0).is_some());
        assert!(retry_plan(&server, 10).is_none());
        assert!(retry_plan(&Error::validation("subject", "too long"), 0).is_none());
        let limited = Error::RateLimited { retry_after: Duration::from_secs(30) };
        assert_eq!(retry_plan(&limited, 3), Some(Duration::from_secs(30)));
        assert!(backoff(0) >= Duration::from_millis(500) && backoff(30) <= Duration::from_secs(300));
    }
}
