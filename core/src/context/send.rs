//! Sending the user's attributes: one `PUT users/me.json` with all of them, the latest only.

use std::sync::Arc;

use async_trait::async_trait;
use helpline_protocol::{self as wire, paths};
use reqwest::Method;
use rusqlite::Connection;

use super::{AttributesPayload, attributes};
use crate::kernel::Kernel;
use crate::outbox::{self, Entry, OutboxItem, WriteHandler};
use crate::transport::ApiRequest;
use crate::{DeliveryState, Event, Result};

/// The attributes' side of the outbox.
pub(super) struct AttributeWrites(pub(super) Arc<Kernel>);

#[async_trait]
impl WriteHandler for AttributeWrites {
    /// The helpdesk merges what it gets: sending every attribute again is harmless, and the
    /// same `Idempotency-Key` makes a resend count once.
    async fn deliver(&self, entry: &Entry) -> Result<()> {
        let kernel = self.0.as_ref();
        let payload: AttributesPayload = entry.payload()?;
        let body = wire::UserFieldsUpdateEnvelope { user: wire::UserFieldsUpdate { user_fields: payload.user_fields } };
        let url = kernel.session.transport.url(paths::ME);
        let call = ApiRequest::write(Method::PUT, url, serde_json::to_value(body)?, &entry.idempotency_key);
        let _answer: wire::UserEnvelope = kernel.session.call(&call).await?;
        let item = kernel.store.write(|tx| {
            if !outbox::is_current(tx, entry)? {
                // Changed meanwhile: the newer set is queued and goes next.
                return Ok(None);
            }
            attributes::confirm_all(tx)?;
            outbox::complete(tx, entry.item.id).map(Some)
        })?;
        if let Some(item) = item {
            kernel.events.emit(Event::OutboxChanged { item });
        }
        Ok(())
    }

    fn set_delivery(&self, conn: &Connection, _entry: &Entry, state: &DeliveryState) -> Result<()> {
        attributes::set_delivery(conn, state)
    }

    fn discard(&self, conn: &Connection, _item: &OutboxItem) -> Result<Vec<Event>> {
        attributes::forget_unsent(conn)?;
        Ok(vec![])
    }

    /// Attributes are the app's housekeeping, not something the user did.
    fn user_visible(&self) -> bool {
        false
    }
}
