//! What changes the tickets screens without the user: the helpdesk's answers landing (a sync, a
//! push), the outbox sending or failing the user's writes, their files uploading, another user
//! or a first one signing in, new settings. Events that arrive together (a sync emits one per
//! ticket) are taken as one batch: one re-read for all of them.

use std::sync::Weak;

use tokio::sync::OwnedMutexGuard;

use super::list::ListInner;
use super::ticket::TicketInner;
use crate::outbox::OutboxKind;
use crate::screens::next_batch;
use crate::{Event, EventStream};

/// A write of the tickets' (or a ticket's rating): its state shows on the tickets screens.
fn about_tickets(kind: OutboxKind) -> bool {
    matches!(
        kind,
        OutboxKind::CreateTicket | OutboxKind::AddComment | OutboxKind::SolveTicket | OutboxKind::RateSatisfaction
    )
}

/// The list's first read, then its changes (`events` subscribed before that read).
pub(super) async fn list(screen: Weak<ListInner>, mut events: EventStream) {
    if let Some(inner) = screen.upgrade()
        && let Err(e) = inner.reload().await
    {
        tracing::info!("ticket list: not read: {e}");
    }
    while let Some(batch) = next_batch(&mut events).await {
        let Some(inner) = screen.upgrade() else { return };
        let user_changed = batch.any(|e| matches!(e, Event::IdentityChanged | Event::SignedIn | Event::StoreRecovered));
        let changed = user_changed
            || batch.any(|e| match e {
                Event::TicketsChanged | Event::TicketChanged { .. } | Event::SettingsChanged => true,
                Event::OutboxChanged { item } => about_tickets(item.kind),
                _ => false,
            });
        if user_changed {
            // The previous user's refresh error (or the one of no user) is not the new one's.
            inner.state.update(|s| s.refresh_error = None);
        }
        if changed && let Err(e) = inner.reload().await {
            tracing::debug!("ticket list: not read again: {e}");
        }
    }
}

/// The ticket's first read (with the reply the user left), then its changes (`events`
/// subscribed before that read).
pub(super) async fn ticket(screen: Weak<TicketInner>, mut events: EventStream, draft_read: OwnedMutexGuard<()>) {
    if let Some(inner) = screen.upgrade()
        && let Err(e) = inner.first_read(draft_read).await
    {
        tracing::info!("ticket screen: not read: {e}");
    }
    while let Some(batch) = next_batch(&mut events).await {
        let Some(inner) = screen.upgrade() else { return };
        let mut progressed = false;
        for event in &batch.events {
            if let Event::UploadProgress { target_id, file_name, sent_bytes, total_bytes } = event {
                progressed |= inner.note_upload(target_id, file_name, *sent_bytes, *total_bytes);
            }
        }
        let id = inner.ticket_id.as_str();
        let changed = batch.any(|e| match e {
            Event::TicketChanged { ticket_id } => ticket_id == id,
            Event::TicketsChanged | Event::IdentityChanged | Event::StoreRecovered | Event::SettingsChanged => true,
            Event::OutboxChanged { item } => about_tickets(item.kind),
            _ => false,
        });
        let result = if changed {
            inner.reload().await
        } else if progressed {
            inner.show_uploads();
            Ok(())
        } else {
            Ok(())
        };
        if let Err(e) = result {
            tracing::debug!("ticket screen: not read again: {e}");
        }
    }
}
