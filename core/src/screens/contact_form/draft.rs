//! The contact form's draft on the device (see `screens::drafts`).

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::screens::drafts;
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
    drafts::load(conn, SCREEN)
}

/// Keeps `draft`, or forgets it when empty.
pub(super) fn save(conn: &Connection, draft: &Draft) -> Result<()> {
    drafts::save(conn, SCREEN, draft)
}
