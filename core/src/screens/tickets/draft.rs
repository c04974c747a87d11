//! A ticket's reply draft on the device, one per ticket (see `screens::drafts`).

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::Result;
use crate::screens::drafts;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct ReplyDraft {
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub attachments: Vec<String>,
}

/// The row of `ticket_id`'s reply.
fn key(ticket_id: &str) -> String {
    format!("ticket_reply:{ticket_id}")
}

pub(super) fn load(conn: &Connection, ticket_id: &str) -> Result<ReplyDraft> {
    drafts::load(conn, &key(ticket_id))
}

/// Keeps `draft`, or forgets it when empty.
pub(super) fn save(conn: &Connection, ticket_id: &str, draft: &ReplyDraft) -> Result<()> {
    drafts::save(conn, &key(ticket_id), draft)
}
