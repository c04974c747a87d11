//! What the user typed in a screen, kept on the device so it survives the app being killed:
//! one row per screen (per ticket for the ticket screen) in `screen_drafts`, as JSON. A newer
//! SDK's extra keys are ignored; a row that no longer reads gives an empty draft.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Result;

/// The draft kept under `key`, or an empty one.
pub(crate) fn load<T: DeserializeOwned + Default>(conn: &Connection, key: &str) -> Result<T> {
    let json: Option<String> = conn
        .prepare_cached("SELECT value FROM screen_drafts WHERE screen = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    Ok(json.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default())
}

/// Keeps `draft` under `key`, or forgets it when empty (nothing to come back to).
pub(crate) fn save<T: Serialize + Default + PartialEq>(conn: &Connection, key: &str, draft: &T) -> Result<()> {
    if *draft == T::default() {
        conn.prepare_cached("DELETE FROM screen_drafts WHERE screen = ?1")?.execute([key])?;
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO screen_drafts(screen, value) VALUES (?1, ?2)
         ON CONFLICT(screen) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, serde_json::to_string(draft)?])?;
    Ok(())
}
