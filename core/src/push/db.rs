//! The device's push token: one row, and what became of its registration.

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;

pub(super) struct Device {
    pub token: String,
    pub device_type: String,
    /// The user the registration was last queued for.
    pub queued_for: Option<String>,
    /// That registration reached the helpdesk.
    pub sent: bool,
}

pub(super) fn device(conn: &Connection) -> Result<Option<Device>> {
    Ok(conn
        .query_row("SELECT token, device_type, queued_for, sent FROM push_device WHERE id = 1", [], |r| {
            Ok(Device { token: r.get(0)?, device_type: r.get(1)?, queued_for: r.get(2)?, sent: r.get(3)? })
        })
        .optional()?)
}

/// Stores the token; a different one than before starts unregistered.
pub(super) fn set_token(conn: &Connection, token: &str, device_type: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO push_device (id, token, device_type) VALUES (1, ?1, ?2)
         ON CONFLICT(id) DO UPDATE SET
            queued_for = CASE WHEN token = excluded.token AND device_type = excluded.device_type THEN queued_for END,
            sent = CASE WHEN token = excluded.token AND device_type = excluded.device_type THEN sent ELSE 0 END,
            token = excluded.token, device_type = excluded.device_type",
        params![token, device_type],
    )?;
    Ok(())
}

pub(super) fn queued_for(conn: &Connection, user_key: &str) -> Result<()> {
    conn.execute("UPDATE push_device SET queued_for = ?1, sent = 0 WHERE id = 1", [user_key])?;
    Ok(())
}

/// A registration landed: recorded only if it is still the current token for that user.
pub(super) fn mark_sent(conn: &Connection, token: &str, user_key: &str) -> Result<()> {
    conn.execute(
        "UPDATE push_device SET sent = 1 WHERE id = 1 AND token = ?1 AND queued_for = ?2",
        params![token, user_key],
    )?;
    Ok(())
}

/// Whether a registration waits in the outbox (pending or failed).
pub(super) fn registration_queued(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS(SELECT 1 FROM outbox WHERE kind = 'register_push')", [], |r| r.get(0))?)
}

pub(super) fn forget(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM push_device WHERE id = 1", [])?;
    Ok(())
}

/// The user signed out: the next one needs the token registered again.
pub(super) fn reset_registration(conn: &rusqlite::Transaction<'_>) -> Result<()> {
    conn.execute("UPDATE push_device SET queued_for = NULL, sent = 0 WHERE id = 1", [])?;
    Ok(())
}
