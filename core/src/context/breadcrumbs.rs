//! The user's last steps in the app, as it described them: kept on the device (SQLite, so the
//! steps before a crash are still there when the user reports it after a restart), the latest
//! `MAX_BREADCRUMBS` only.

use helpline_protocol::{self as wire, MAX_BREADCRUMB_CHARS, MAX_BREADCRUMBS};
use rusqlite::{Connection, params};

use crate::{Error, Result};

/// The text as kept: one line, trimmed, cut to 200 characters. Blank -> `Validation` on `text`.
pub(super) fn normalized(text: &str) -> Result<String> {
    let line: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let line = line.trim();
    if line.is_empty() {
        return Err(Error::validation("text", "cannot be blank"));
    }
    Ok(line.chars().take(MAX_BREADCRUMB_CHARS).collect())
}

/// Adds one; the oldest beyond `MAX_BREADCRUMBS` go in the same transaction.
pub(super) fn leave(conn: &Connection, text: &str, at: &str) -> Result<()> {
    conn.execute("INSERT INTO breadcrumbs(text, at) VALUES (?1, ?2)", params![text, at])?;
    conn.execute(
        "DELETE FROM breadcrumbs WHERE id NOT IN (SELECT id FROM breadcrumbs ORDER BY id DESC LIMIT ?1)",
        [MAX_BREADCRUMBS as i64],
    )?;
    Ok(())
}

/// The latest, oldest first.
pub(super) fn recent(conn: &Connection) -> Result<Vec<wire::Breadcrumb>> {
    let mut stmt = conn.prepare_cached(
        "SELECT text, at FROM (SELECT id, text, at FROM breadcrumbs ORDER BY id DESC LIMIT ?1) ORDER BY id",
    )?;
    let rows = stmt.query_map([MAX_BREADCRUMBS as i64], |r| Ok(wire::Breadcrumb { text: r.get(0)?, at: r.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_twenty_are_kept_oldest_first() {
        let conn = crate::store::test_connection();
        for i in 0..25 {
            leave(&conn, &format!("step {i}"), "t").unwrap();
        }
        let kept = recent(&conn).unwrap();
        assert_eq!(kept.len(), MAX_BREADCRUMBS);
        assert_eq!((kept[0].text.as_str(), kept[19].text.as_str()), ("step 5", "step 24"));
        let rows: i64 = conn.query_row("SELECT COUNT(*) FROM breadcrumbs", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, MAX_BREADCRUMBS as i64, "the table itself is bounded");
    }

    #[test]
    fn text_is_one_line_cut_and_never_blank() {
        assert_eq!(normalized("  Opened\ncart  ").unwrap(), "Opened cart");
        assert_eq!(normalized(&"é".repeat(300)).unwrap().chars().count(), MAX_BREADCRUMB_CHARS);
        let err = normalized(" \n ").unwrap_err();
        assert!(matches!(err, Error::Validation { ref field, .. } if field == "text"), "{err:?}");
    }
}
