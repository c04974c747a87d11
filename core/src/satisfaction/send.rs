//! Sending the user's queued ratings, and recording what the helpdesk answered.

use std::sync::Arc;

use async_trait::async_trait;
use helpline_protocol::{self as wire, paths};
use reqwest::Method;
use rusqlite::Connection;

use super::{RatePayload, SatisfactionScore, db};
use crate::kernel::Kernel;
use crate::outbox::{self, Entry, OutboxItem, WriteHandler};
use crate::transport::ApiRequest;
use crate::{DeliveryState, Error, Event, Result};

/// The ratings' side of the outbox.
pub(crate) struct RatingWrites(pub(crate) Arc<Kernel>);

#[async_trait]
impl WriteHandler for RatingWrites {
    /// The same Idempotency-Key makes a resent rating count once.
    async fn deliver(&self, entry: &Entry) -> Result<()> {
        let kernel = self.0.as_ref();
        let payload: RatePayload = entry.payload()?;
        let body = wire::NewSatisfactionRatingEnvelope {
            satisfaction_rating: wire::NewSatisfactionRating {
                score: match payload.score {
                    SatisfactionScore::Good => wire::Score::Good,
                    SatisfactionScore::Bad => wire::Score::Bad,
                },
                comment: payload.comment.clone(),
            },
        };
        let url = kernel.session.transport.url(&paths::satisfaction_rating(payload.request_id));
        let call = ApiRequest::write(Method::POST, url, serde_json::to_value(body)?, &entry.idempotency_key);
        let answer: wire::SatisfactionRatingEnvelope = kernel.session.call(&call).await?;
        let answer = answer.satisfaction_rating;
        if answer.ticket_id != payload.request_id {
            return Err(Error::InvalidResponse {
                reason: format!("a rating of ticket {} for ticket {}", answer.ticket_id, payload.request_id),
            });
        }
        // The helpdesk's word, unless it is a score this SDK does not know: then what was sent.
        let score = SatisfactionScore::parse(answer.score.as_str()).unwrap_or(payload.score);
        let item = kernel.store.write(|tx| {
            if !outbox::is_current(tx, entry)? {
                // The user changed it meanwhile: the newer rating is queued and goes next.
                return Ok(None);
            }
            db::confirm(tx, payload.request_id, score, answer.comment.as_deref())?;
            outbox::complete(tx, entry.item.id).map(Some)
        })?;
        if let Some(item) = item {
            kernel.events.emit(Event::OutboxChanged { item });
            kernel.events.emit(payload.rated.event());
        }
        Ok(())
    }

    fn set_delivery(&self, conn: &Connection, entry: &Entry, state: &DeliveryState) -> Result<()> {
        let payload: RatePayload = entry.payload()?;
        db::set_delivery(conn, payload.request_id, state)
    }

    fn discard(&self, conn: &Connection, item: &OutboxItem) -> Result<Vec<Event>> {
        let Some(payload) = payload_of(conn, item)? else { return Ok(vec![]) };
        db::forget_mine(conn, payload.request_id)?;
        Ok(vec![payload.rated.event()])
    }

    fn changed(&self, conn: &Connection, item: &OutboxItem) -> Result<Vec<Event>> {
        Ok(payload_of(conn, item)?.map(|p| p.rated.event()).into_iter().collect())
    }
}

fn payload_of(conn: &Connection, item: &OutboxItem) -> Result<Option<RatePayload>> {
    outbox::get(conn, item.id)?.map(|entry| entry.payload()).transpose()
}
