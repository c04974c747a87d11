//! Votes on articles: recorded on the device at once, sent through the outbox.

use helpline_protocol::{self as wire, paths};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::db;
use super::model::VoteValue;
use crate::helpline::Core;
use crate::outbox::{self, Entry, OutboxItem, OutboxKind};
use crate::transport::ApiRequest;
use crate::{Event, Result};

/// Outbox payload of a vote; the target is the article id.
#[derive(Debug, Serialize, Deserialize)]
struct VotePayload {
    article_id: u64,
    up: bool,
}

pub(super) fn cast(core: &Core, article_id: u64, value: VoteValue) -> Result<OutboxItem> {
    let payload = VotePayload { article_id, up: value == VoteValue::Up };
    let item = core.store.write(|tx| {
        db::set_vote(tx, article_id, value)?;
        outbox::enqueue(tx, OutboxKind::Vote, &article_id.to_string(), &payload)
    })?;
    core.events.emit(Event::OutboxChanged { item: item.clone() });
    core.outbox.nudge();
    Ok(item)
}

/// Sends one queued vote. The same Idempotency-Key makes a resent vote count once.
pub(crate) async fn deliver(core: &Core, entry: &Entry) -> Result<()> {
    let payload: VotePayload = entry.payload()?;
    let url = core.session.transport.url(&paths::article_vote(payload.article_id, payload.up));
    let call = ApiRequest::write(Method::POST, url, json!({}), &entry.idempotency_key);
    let answer: wire::VoteEnvelope = core.session.call(&call).await?;
    let item = core.store.write(|tx| {
        db::record_remote_vote(tx, &answer.vote)?;
        outbox::complete(tx, entry.item.id)
    })?;
    core.events.emit(Event::OutboxChanged { item });
    Ok(())
}
