//! Dropping a write the helpdesk refused for good, with what it left on the device: the app
//! offers "retry" or "delete" on a failed item, like a mail client's outbox.

use rusqlite::{Connection, params};

use super::OutboxItem;
use crate::kernel::Kernel;
use crate::{DeliveryState, Error, Event, Result};

/// Discards a failed write (see `discard`) and announces it.
pub(crate) fn discard_and_announce(kernel: &Kernel, id: i64) -> Result<()> {
    let (_, events) = kernel.store.write(|tx| discard(kernel, tx, id))?;
    events.into_iter().for_each(|event| kernel.events.emit(event));
    Ok(())
}

/// Deletes a failed outbox row and, through its capability, its local effect; returns what to
/// announce. A pending write may be on its way: only a failed one can go. The files it had
/// copied are swept when the SDK next opens.
pub(crate) fn discard(kernel: &Kernel, conn: &Connection, id: i64) -> Result<(OutboxItem, Vec<Event>)> {
    let item = super::get(conn, id)?.ok_or_else(|| Error::not_found(format!("outbox item {id}")))?.item;
    if !matches!(item.state, DeliveryState::Failed { .. }) {
        return Err(Error::validation("item", "only a failed write can be discarded; a pending one may be on its way"));
    }
    let events = super::worker::handler(kernel, &item)?.discard(conn, &item)?;
    conn.execute("DELETE FROM outbox WHERE id = ?1", params![id])?;
    Ok((item, events))
}
