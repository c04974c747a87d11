//! Satisfaction ratings (Zendesk's; CONTRACT.md "Satisfaction ratings"): the requester rates a
//! solved ticket; nobody else may, nor an unsolved one. Absent (404 on the requester's own
//! solved ticket) on a helpdesk that does not serve them.

use helpline_protocol::{SatisfactionRatingEnvelope, Score, paths};
use serde_json::json;

use super::{Ctx, User, create_request, unique};
use crate::client::{Answer, ensure};
use crate::report::{Failure, Group, Origin};

pub(crate) async fn run(ctx: &Ctx<'_>) -> Group {
    let mut group = Group::new("csat", Origin::Zendesk);
    let Some((ana, bob)) = ctx.users_or_skip(&mut group) else { return group };
    let solved = async {
        let request = create_request(ctx, ana, &unique("To rate")).await?;
        let solve = json!({"request": {"solved": true}});
        ctx.client.put(&paths::request(request.id)).token(&ana.token).json(solve).send().await.expect(200)?;
        Ok::<_, Failure>(request.id)
    };
    let id = match solved.await {
        Ok(id) => id,
        Err(e) => {
            group.record("a solved request to rate", Err(e));
            return group;
        }
    };
    let rated = rate(ctx, ana, id).await;
    if rated.status == 404 {
        group.absent = Some(format!("{} answered 404 for the requester's own solved ticket", rated.what));
        return group;
    }
    group.record(
        "the requester rates a solved ticket: 200 with the rating",
        rated.json::<SatisfactionRatingEnvelope>(200, "SatisfactionRatingEnvelope").and_then(|r| {
            let r = r.satisfaction_rating;
            ensure(r.ticket_id == id, format!("ticket_id {id}"), r.ticket_id.to_string())?;
            ensure(r.score == Score::Good, "score good", format!("{:?}", r.score))
        }),
    );
    let shown = ctx.client.get(&paths::request(id)).token(&ana.token).send().await;
    group.record(
        "the request then carries satisfaction_rating.score",
        shown.json::<serde_json::Value>(200, "a request").and_then(|v| {
            let score = &v["request"]["satisfaction_rating"]["score"];
            ensure(score == "good", "\"good\"", score.to_string())
        }),
    );
    group.record("another user's rating answers 404", rate(ctx, bob, id).await.expect(404).map(|_| ()));
    let unsolved = async {
        let open = create_request(ctx, ana, &unique("Not solved")).await?;
        rate(ctx, ana, open.id).await.expect(422).map(|_| ())
    };
    group.record("rating an unsolved ticket answers 422", unsolved.await);
    group
}

async fn rate(ctx: &Ctx<'_>, user: &User, id: u64) -> Answer {
    let body = json!({"satisfaction_rating": {"score": "good", "comment": "Quick and kind."}});
    ctx.client.post(&paths::satisfaction_rating(id)).token(&user.token).json(body).send().await
}
