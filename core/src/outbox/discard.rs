//! Dropping a write the helpdesk refused for good, with what it left on the device: the app
//! offers "retry" or "delete" on a failed item, like a mail client's outbox.

use rusqlite::{Connection, OptionalExtension, params};

use super::{OutboxItem, OutboxKind};
use crate::{DeliveryState, Error, Result};

/// What a discarded write took with it, for the events to emit.
pub(crate) enum Removed {
    Ticket,
    Comment { ticket_id: String },
    ChatMessage,
    Other,
}

/// Deletes a failed outbox row and its local effect. A pending write may be on its way: only
/// a failed one can go. The files it had copied are swept when the SDK next opens.
pub(crate) fn discard(conn: &Connection, id: i64) -> Result<(OutboxItem, Removed)> {
    let item = super::all(conn)?
        .into_iter()
        .find(|item| item.id == id)
        .ok_or_else(|| Error::not_found(format!("outbox item {id}")))?;
    if !matches!(item.state, DeliveryState::Failed { .. }) {
        return Err(Error::validation("item", "only a failed write can be discarded; a pending one may be on its way"));
    }
    let target = item.target_id.as_str();
    let removed = match item.kind {
        OutboxKind::CreateTicket => {
            // The ticket never reached the helpdesk: the writes queued on it go with it.
            conn.execute(
                "DELETE FROM outbox WHERE target = ?1 OR target IN (SELECT id FROM comments WHERE ticket_id = ?1)",
                [target],
            )?;
            conn.execute("DELETE FROM tickets WHERE id = ?1 AND remote_id IS NULL", [target])?;
            Removed::Ticket
        }
        OutboxKind::AddComment => {
            let ticket_id: Option<String> =
                conn.query_row("SELECT ticket_id FROM comments WHERE id = ?1", [target], |r| r.get(0)).optional()?;
            conn.execute("DELETE FROM comments WHERE id = ?1 AND remote_id IS NULL", [target])?;
            ticket_id.map_or(Removed::Other, |ticket_id| Removed::Comment { ticket_id })
        }
        OutboxKind::SendMessage => {
            conn.execute("DELETE FROM chat_messages WHERE local_id = ?1 AND remote_id IS NULL", [target])?;
            Removed::ChatMessage
        }
        OutboxKind::Vote => {
            conn.execute("DELETE FROM hc_votes WHERE article_id = ?1 AND remote_id IS NULL", [target])?;
            Removed::Other
        }
        OutboxKind::SolveTicket | OutboxKind::RegisterPush | OutboxKind::UnregisterPush => Removed::Other,
    };
    conn.execute("DELETE FROM outbox WHERE id = ?1", params![id])?;
    Ok((item, removed))
}
