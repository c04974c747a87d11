//! Votes on articles: recorded on the device at once, sent through the outbox.

use std::sync::Arc;

use async_trait::async_trait;
use helpline_protocol::{self as wire, paths};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::db;
use super::model::VoteValue;
use crate::kernel::Kernel;
use crate::outbox::{self, Entry, OutboxItem, OutboxKind, WriteHandler};
use crate::transport::ApiRequest;
use crate::{Event, Result};

/// Outbox payload of a vote; the target is the article id.
#[derive(Debug, Serialize, Deserialize)]
struct VotePayload {
    article_id: u64,
    up: bool,
}

pub(super) fn cast(kernel: &Kernel, article_id: u64, value: VoteValue) -> Result<OutboxItem> {
    let payload = VotePayload { article_id, up: value == VoteValue::Up };
    let item = kernel.store.write(|tx| {
        db::set_vote(tx, article_id, value)?;
        outbox::enqueue(tx, OutboxKind::Vote, &article_id.to_string(), &payload)
    })?;
    kernel.events.emit(Event::OutboxChanged { item: item.clone() });
    kernel.outbox.nudge();
    Ok(item)
}

/// The help center's side of the outbox: votes.
pub(crate) struct VoteWrites(pub(crate) Arc<Kernel>);

#[async_trait]
impl WriteHandler for VoteWrites {
    async fn deliver(&self, entry: &Entry) -> Result<()> {
        deliver(&self.0, entry).await
    }

    fn discard(&self, conn: &rusqlite::Connection, item: &OutboxItem) -> Result<Vec<Event>> {
        conn.execute("DELETE FROM hc_votes WHERE article_id = ?1 AND remote_id IS NULL", [&item.target_id])?;
        Ok(vec![])
    }
}

/// Sends one queued vote. The same Idempotency-Key makes a resent vote count once.
async fn deliver(kernel: &Kernel, entry: &Entry) -> Result<()> {
    let payload: VotePayload = entry.payload()?;
    let url = kernel.session.transport.url(&paths::article_vote(payload.article_id, payload.up));
    let call = ApiRequest::write(Method::POST, url, json!({}), &entry.idempotency_key);
    let answer: wire::VoteEnvelope = kernel.session.call(&call).await?;
    let item = kernel.store.write(|tx| {
        db::record_remote_vote(tx, &answer.vote)?;
        outbox::complete(tx, entry.item.id)
    })?;
    kernel.events.emit(Event::OutboxChanged { item });
    Ok(())
}
