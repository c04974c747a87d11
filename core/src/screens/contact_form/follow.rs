//! What changes the contact form without the user: the remote form (new settings), another
//! user signing in, the submitted ticket on its way to the helpdesk, and its files' uploads.

use std::sync::Weak;

use tokio::sync::broadcast::error::RecvError;

use super::{AttachmentState, ContactFormState, Inner, SubmitState, fields_of};
use crate::Event;

pub(super) async fn run(form: Weak<Inner>) {
    let Some(mut events) = form.upgrade().map(|inner| inner.kernel.events.subscribe()) else { return };
    loop {
        let event = match events.recv().await {
            Ok(event) => Some(event),
            // Fell behind: read everything again.
            Err(RecvError::Lagged(_)) => None,
            Err(RecvError::Closed) => return,
        };
        let Some(inner) = form.upgrade() else { return };
        let about_tickets = matches!(
            event,
            None | Some(Event::TicketChanged { .. } | Event::TicketsChanged | Event::OutboxChanged { .. })
        );
        match event {
            Some(Event::SettingsChanged) | None => {
                let kernel = std::sync::Arc::clone(&inner.kernel);
                let values = super::values_of(&inner.state.get());
                let fields = inner.kernel.blocking(move || Ok(fields_of(&kernel, &values))).await;
                if let Ok(fields) = fields {
                    inner.state.update(|s| s.fields = fields);
                }
            }
            Some(Event::IdentityChanged) => {
                // Another user (or none): what was typed was the previous one's, and is wiped.
                inner.tried.store(false, std::sync::atomic::Ordering::SeqCst);
                let kernel = std::sync::Arc::clone(&inner.kernel);
                let fields = inner.kernel.blocking(move || Ok(fields_of(&kernel, &[]))).await.unwrap_or_default();
                inner.state.update(|s| *s = ContactFormState { fields, ..Default::default() });
            }
            Some(Event::UploadProgress { target_id, file_name, sent_bytes, total_bytes }) => {
                inner.state.update(|s| {
                    if !matches!(&s.submit, SubmitState::Submitted { ticket } if ticket.id == target_id) {
                        return;
                    }
                    if let Some(file) = s.attachments.iter_mut().find(|a| a.file_name == file_name) {
                        file.state = if sent_bytes >= total_bytes {
                            AttachmentState::Uploaded
                        } else {
                            AttachmentState::Uploading { sent_bytes, total_bytes }
                        };
                    }
                });
            }
            _ => {}
        }
        if about_tickets {
            refresh_submitted(&inner).await;
        }
    }
}

/// The submitted ticket as stored now (its delivery state moves from pending to sent).
async fn refresh_submitted(inner: &Inner) {
    let SubmitState::Submitted { ticket } = inner.state.get().submit else { return };
    let tickets = inner.tickets.clone();
    let Ok(detail) = inner.kernel.blocking(move || tickets.get(&ticket.id)).await else { return };
    inner.state.update(|s| {
        if let SubmitState::Submitted { ticket } = &mut s.submit
            && ticket.id == detail.ticket.id
        {
            *ticket = detail.ticket;
        }
    });
}
