//! Satisfaction ratings (Zendesk's end-user CSAT): the user rates a solved ticket or an ended
//! conversation good or bad, with an optional comment, and may change it while it is offered.
//!
//! A service tickets and messaging share, as uploads is: they check what is rated (a solved
//! ticket, an ended conversation, which the helpdesk knows as a request) and show the rating on
//! their models; this module stores it, queues it and sends it. A rating is keyed by the
//! helpdesk's request id, the same for a ticket and for a conversation's request.
//!
//! Offline-first like every write: the rating is stored and shown at once (pending), then sent
//! through the outbox. A rating changed before it was sent replaces the queued one, so only the
//! latest goes (once). The helpdesk's answer makes it the helpdesk's; a refusal (the ticket was
//! reopened: 422) leaves it failed with the reason, for the app to retry or discard. The remote
//! settings switch ratings on or off (`support.satisfaction_ratings_enabled`).

mod db;
mod model;
mod send;

use std::sync::Arc;

use helpline_protocol as wire;
use rusqlite::Connection;

use crate::kernel::Kernel;
use crate::outbox::{self, OutboxKind};
use crate::settings::{self, Feature};
use crate::store::{Owned, Scope};
use crate::{ChatEvent, Error, Event, Result};

pub(crate) use model::Rated;
pub use model::{Satisfaction, SatisfactionRating, SatisfactionScore};

/// The user's ratings, and the helpdesk's of their requests.
const TABLES: Owned =
    Owned { owner: "satisfaction", scope: Scope::User { before_sign_in: false }, tables: &["satisfaction_ratings"] };

/// Makes satisfaction ratings part of the SDK: their writes, their table.
pub(crate) fn register(kernel: &Arc<Kernel>) {
    kernel.handlers.register(&[OutboxKind::RateSatisfaction], Arc::new(send::RatingWrites(Arc::clone(kernel))));
    kernel.store.tables.declare(TABLES);
}

/// Outbox payload of a rating; the target is the ticket's local id or the conversation's id.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct RatePayload {
    request_id: u64,
    score: SatisfactionScore,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
    rated: Rated,
}

impl Rated {
    fn target(&self) -> String {
        match self {
            Rated::Ticket { ticket_id } => ticket_id.clone(),
            Rated::Conversation { conversation_id } => conversation_id.to_string(),
        }
    }

    /// What the app hears when the rating changes.
    fn event(&self) -> Event {
        match self {
            Rated::Ticket { ticket_id } => Event::TicketChanged { ticket_id: ticket_id.clone() },
            Rated::Conversation { conversation_id } => {
                Event::Chat(ChatEvent::SatisfactionChanged { conversation_id: *conversation_id })
            }
        }
    }
}

/// Whether the user may rate now what is `rateable` (a solved ticket on the helpdesk, an ended
/// conversation): the helpdesk must also have ratings on.
pub(crate) fn offered(kernel: &Kernel, rateable: bool) -> bool {
    rateable && settings::require(kernel, Feature::SatisfactionRatings).is_ok()
}

/// The rating of the request `request_id` (none before the helpdesk has the ticket).
pub(crate) fn rating(conn: &Connection, request_id: Option<u64>) -> Result<Option<SatisfactionRating>> {
    match request_id {
        Some(id) => db::shown(conn, id),
        None => Ok(None),
    }
}

/// The helpdesk's rating of `request` (synced with it), behind any of the user's not yet sent. A
/// request that does not carry the field (a helpdesk that does not say) changes nothing.
pub(crate) fn record(conn: &Connection, request: &wire::Request) -> Result<()> {
    match &request.satisfaction_rating {
        Some(rating) => db::record(conn, request.id, rating.as_ref()),
        None => Ok(()),
    }
}

/// Stores the user's rating and queues it, replacing one not sent yet. `find` names what is
/// rated and its request id, or refuses it (`NotFound`; `Validation` on `status` when it is
/// not solved or ended); it runs after the switch and the comment are checked. Call it on the
/// blocking pool.
pub(crate) fn rate(
    kernel: &Kernel,
    score: SatisfactionScore,
    comment: Option<&str>,
    find: impl FnOnce() -> Result<(Rated, u64)>,
) -> Result<()> {
    settings::require(kernel, Feature::SatisfactionRatings)?;
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    if comment.is_some_and(|c| c.chars().count() > wire::MAX_SATISFACTION_COMMENT_CHARS) {
        return Err(Error::validation(
            "comment",
            format!("longer than {} characters", wire::MAX_SATISFACTION_COMMENT_CHARS),
        ));
    }
    let (rated, request_id) = find()?;
    let payload = RatePayload { request_id, score, comment: comment.map(str::to_owned), rated };
    let item = kernel.store.write(|tx| {
        db::set_mine(tx, request_id, score, comment)?;
        outbox::enqueue_latest(tx, OutboxKind::RateSatisfaction, &payload.rated.target(), &payload)
    })?;
    kernel.events.emit(Event::OutboxChanged { item });
    kernel.events.emit(payload.rated.event());
    kernel.outbox.nudge();
    Ok(())
}

/// Why a ticket or conversation cannot be rated now.
pub(crate) fn not_rateable(what: &str) -> Error {
    Error::validation("status", format!("only a {what} can be rated"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(rating: &str) -> wire::Request {
        let json = format!(r#"{{"id": 42, "status": "solved", "created_at": "", "updated_at": ""{rating}}}"#);
        serde_json::from_str(&json).unwrap()
    }

    #[test]
    fn a_request_without_the_field_leaves_the_rating_and_null_clears_it() {
        let conn = crate::store::test_connection();
        record(&conn, &request(r#", "satisfaction_rating": {"score": "good", "comment": "Fine"}"#)).unwrap();
        record(&conn, &request("")).unwrap();
        let kept = rating(&conn, Some(42)).unwrap().map(|r| r.score);
        assert_eq!(kept, Some(SatisfactionScore::Good), "a helpdesk that does not say changes nothing");
        record(&conn, &request(r#", "satisfaction_rating": null"#)).unwrap();
        assert_eq!(rating(&conn, Some(42)).unwrap(), None);
        assert_eq!(rating(&conn, None).unwrap(), None, "no request id: no rating");
    }
}
