//! The rating prompt's one row.

use rusqlite::{Connection, OptionalExtension, params};

use super::rules::{LastOutcome, Memory, OutcomeKind};
use crate::Result;

/// The row, created on first use with `now` as the install time.
fn ensure(conn: &Connection, now_ms: i64) -> Result<()> {
    conn.execute("INSERT OR IGNORE INTO rating_state (id, installed_ms) VALUES (1, ?1)", [now_ms])?;
    Ok(())
}

pub(super) fn record_launch(conn: &Connection, version: &str, now_ms: i64) -> Result<()> {
    ensure(conn, now_ms)?;
    conn.execute("UPDATE rating_state SET launches = launches + 1, app_version = ?1 WHERE id = 1", [version])?;
    Ok(())
}

pub(super) fn record_event(conn: &Connection, now_ms: i64) -> Result<()> {
    ensure(conn, now_ms)?;
    conn.execute("UPDATE rating_state SET events = events + 1 WHERE id = 1", [])?;
    Ok(())
}

pub(super) fn record_error(conn: &Connection, now_ms: i64) -> Result<()> {
    ensure(conn, now_ms)?;
    conn.execute("UPDATE rating_state SET last_error_ms = ?1 WHERE id = 1", [now_ms])?;
    Ok(())
}

pub(super) fn record_outcome(conn: &Connection, outcome: &LastOutcome) -> Result<()> {
    ensure(conn, outcome.at_ms)?;
    conn.execute(
        "UPDATE rating_state SET outcome = ?1, outcome_version = ?2, outcome_ms = ?3 WHERE id = 1",
        params![outcome.kind.as_str(), outcome.version, outcome.at_ms],
    )?;
    Ok(())
}

pub(super) fn memory(conn: &Connection) -> Result<Option<Memory>> {
    Ok(conn
        .query_row(
            "SELECT installed_ms, launches, events, app_version, outcome, outcome_version, outcome_ms, last_error_ms
             FROM rating_state WHERE id = 1",
            [],
            |r| {
                let kind: Option<String> = r.get(4)?;
                let outcome = match (
                    kind.as_deref().and_then(OutcomeKind::parse),
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<i64>>(6)?,
                ) {
                    (Some(kind), Some(version), Some(at_ms)) => Some(LastOutcome { kind, version, at_ms }),
                    _ => None,
                };
                Ok(Memory {
                    installed_ms: r.get(0)?,
                    launches: r.get::<_, i64>(1)?.clamp(0, i32::MAX as i64) as i32,
                    events: r.get::<_, i64>(2)?.clamp(0, i32::MAX as i64) as i32,
                    app_version: r.get(3)?,
                    outcome,
                    last_error_ms: r.get(7)?,
                })
            },
        )
        .optional()?)
}
