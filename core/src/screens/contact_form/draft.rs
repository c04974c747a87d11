//! The contact form's draft on the device: what the user typed survives the app being killed.
//! One row per screen in `screen_drafts`, JSON of what the user gave (a newer SDK's extra keys
//! are ignored, a row that no longer reads starts the form empty).

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::{CustomFieldValue, Result};

const SCREEN: &str = "contact_form";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct Draft {
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub fields: Vec<CustomFieldValue>,
    #[serde(default)]
    pub attachments: Vec<String>,
}

pub(super) fn load(conn: &Connection) -> Result<Draft> {
    let json: Option<String> = conn
        .prepare_cached("SELECT value FROM screen_drafts WHERE screen = ?1")?
        .query_row([SCREEN], |r| r.get(0))
        .optional()?;
    Ok(json.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default())
}

/// Keeps `draft`, or forgets it when empty (nothing to come back to).
pub(super) fn save(conn: &Connection, draft: &Draft) -> Result<()> {
    if *draft == Draft::default() {
        conn.execute("DELETE FROM screen_drafts WHERE screen = ?1", [SCREEN])?;
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO screen_drafts(screen, value) VALUES (?1, ?2)
         ON CONFLICT(screen) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![SCREEN, serde_json::to_string(draft)?])?;
    Ok(())
}
