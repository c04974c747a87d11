//! The `satisfaction_ratings` rows, one per request: typed queries, nothing else.

use helpline_protocol as wire;
use rusqlite::{Connection, OptionalExtension, params};

use super::model::{SatisfactionRating, SatisfactionScore};
use crate::{DeliveryState, Result};

/// The rating shown: the user's unconfirmed one if any, else the helpdesk's.
pub(super) fn shown(conn: &Connection, request_id: u64) -> Result<Option<SatisfactionRating>> {
    let parse = |score: Option<String>| score.as_deref().and_then(SatisfactionScore::parse);
    let rating = conn
        .prepare_cached(
            "SELECT score, comment, mine_score, mine_comment, delivery, delivery_reason
             FROM satisfaction_ratings WHERE request_id = ?1",
        )?
        .query_row([request_id], |r| {
            Ok(match (parse(r.get(2)?), parse(r.get(0)?)) {
                (Some(mine), _) => Some(SatisfactionRating {
                    score: mine,
                    comment: r.get(3)?,
                    delivery: DeliveryState::from_columns(&r.get::<_, String>(4)?, r.get(5)?),
                }),
                (None, Some(helpdesk)) => {
                    Some(SatisfactionRating { score: helpdesk, comment: r.get(1)?, delivery: DeliveryState::Sent })
                }
                (None, None) => None,
            })
        })
        .optional()?;
    Ok(rating.flatten())
}

/// The user's rating, pending until the helpdesk confirms it.
pub(super) fn set_mine(
    conn: &Connection,
    request_id: u64,
    score: SatisfactionScore,
    comment: Option<&str>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO satisfaction_ratings(request_id, mine_score, mine_comment, delivery) VALUES (?1, ?2, ?3, 'pending')
         ON CONFLICT(request_id) DO UPDATE SET mine_score = excluded.mine_score,
            mine_comment = excluded.mine_comment, delivery = 'pending', delivery_reason = NULL",
        params![request_id, score.as_str(), comment],
    )?;
    Ok(())
}

/// The helpdesk took the user's rating: it is the helpdesk's now.
pub(super) fn confirm(
    conn: &Connection,
    request_id: u64,
    score: SatisfactionScore,
    comment: Option<&str>,
) -> Result<()> {
    conn.execute(
        "UPDATE satisfaction_ratings SET score = ?2, comment = ?3, mine_score = NULL, mine_comment = NULL,
            delivery = 'sent', delivery_reason = NULL
         WHERE request_id = ?1",
        params![request_id, score.as_str(), comment],
    )?;
    Ok(())
}

/// Mirrors the outbox's state onto the user's unconfirmed rating.
pub(super) fn set_delivery(conn: &Connection, request_id: u64, state: &DeliveryState) -> Result<()> {
    let (delivery, reason) = state.to_columns();
    conn.execute(
        "UPDATE satisfaction_ratings SET delivery = ?2, delivery_reason = ?3
         WHERE request_id = ?1 AND mine_score IS NOT NULL",
        params![request_id, delivery, reason],
    )?;
    Ok(())
}

/// The user's refused rating is dropped: the helpdesk's (if any) shows again.
pub(super) fn forget_mine(conn: &Connection, request_id: u64) -> Result<()> {
    conn.execute(
        "UPDATE satisfaction_ratings SET mine_score = NULL, mine_comment = NULL, delivery = 'sent',
            delivery_reason = NULL
         WHERE request_id = ?1",
        [request_id],
    )?;
    Ok(())
}

/// The helpdesk's rating of a request, as a sync brought it (`None`: not rated). The user's
/// unconfirmed rating, if any, stays in front of it.
pub(super) fn record(conn: &Connection, request_id: u64, rating: Option<&wire::TicketSatisfaction>) -> Result<()> {
    let rating = rating.and_then(|r| {
        let score = SatisfactionScore::parse(r.score.as_str())?;
        Some((score.as_str(), r.comment.as_deref()))
    });
    match rating {
        Some((score, comment)) => conn.execute(
            "INSERT INTO satisfaction_ratings(request_id, score, comment) VALUES (?1, ?2, ?3)
             ON CONFLICT(request_id) DO UPDATE SET score = excluded.score, comment = excluded.comment",
            params![request_id, score, comment],
        )?,
        None => conn.execute(
            "UPDATE satisfaction_ratings SET score = NULL, comment = NULL WHERE request_id = ?1",
            [request_id],
        )?,
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn helpdesk(score: wire::Score, comment: &str) -> wire::TicketSatisfaction {
        wire::TicketSatisfaction { score, comment: Some(comment.into()) }
    }

    fn score(conn: &Connection) -> Option<(SatisfactionScore, Option<String>, DeliveryState)> {
        shown(conn, 42).unwrap().map(|r| (r.score, r.comment, r.delivery))
    }

    #[test]
    fn the_users_unsent_rating_stays_in_front_of_the_helpdesks_until_confirmed_or_dropped() {
        let conn = crate::store::test_connection();
        assert_eq!(score(&conn), None);
        record(&conn, 42, Some(&helpdesk(wire::Score::Good, "Fine"))).unwrap();
        assert_eq!(score(&conn), Some((SatisfactionScore::Good, Some("Fine".into()), DeliveryState::Sent)));

        set_mine(&conn, 42, SatisfactionScore::Bad, Some("Slow")).unwrap();
        record(&conn, 42, Some(&helpdesk(wire::Score::Good, "Fine"))).unwrap();
        let mine = Some((SatisfactionScore::Bad, Some("Slow".into()), DeliveryState::Pending));
        assert_eq!(score(&conn), mine, "a sync does not hide the user's unsent rating");
        let refused = DeliveryState::Failed { reason: "reopened".into() };
        set_delivery(&conn, 42, &refused).unwrap();
        assert_eq!(score(&conn).map(|s| s.2), Some(refused));

        forget_mine(&conn, 42).unwrap();
        assert_eq!(score(&conn).map(|s| s.0), Some(SatisfactionScore::Good), "discarded: the helpdesk's shows again");
        set_mine(&conn, 42, SatisfactionScore::Bad, None).unwrap();
        confirm(&conn, 42, SatisfactionScore::Bad, None).unwrap();
        assert_eq!(score(&conn), Some((SatisfactionScore::Bad, None, DeliveryState::Sent)));
    }

    #[test]
    fn scores_other_than_good_or_bad_are_no_rating() {
        let conn = crate::store::test_connection();
        record(&conn, 42, Some(&helpdesk(wire::Score::Good, "Fine"))).unwrap();
        record(&conn, 42, Some(&helpdesk(wire::Score::Offered, ""))).unwrap();
        assert_eq!(score(&conn), None, "offered is asked, not answered");
        record(&conn, 42, Some(&helpdesk(wire::Score::Bad, "No"))).unwrap();
        record(&conn, 42, None).unwrap();
        assert_eq!(score(&conn), None, "the helpdesk no longer has one");
        set_delivery(&conn, 7, &DeliveryState::Pending).unwrap();
        assert_eq!(shown(&conn, 7).unwrap(), None, "no delivery without a rating of the user's");
    }
}
