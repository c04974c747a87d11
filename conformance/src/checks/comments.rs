//! A request's comments as its requester sees them (Zendesk's Requests API): in order, their
//! authors side-loaded, the agent's public replies in, internal notes out, nobody else's.

use helpline_protocol::{CommentsPage, paths};
use serde_json::json;

use super::tickets::comment;
use super::{Ctx, User, create_request, unique};
use crate::client::ensure;
use crate::report::{Failure, Group, Origin};

pub(crate) async fn run(ctx: &Ctx<'_>) -> Group {
    let mut group = Group::new("comments", Origin::Zendesk);
    let Some((ana, bob)) = ctx.users_or_skip(&mut group) else { return group };
    let request = async {
        let request = create_request(ctx, ana, &unique("Commented")).await?;
        comment(ctx, ana, request.id).await?;
        Ok::<_, Failure>(request)
    };
    let request = match request.await {
        Ok(request) => request,
        Err(e) => {
            group.record("a request with a comment", Err(e));
            return group;
        }
    };
    let first = comments(ctx, ana, request.id).await;
    group.record(
        "comments answer 200: the description first, then the comment, authors side-loaded",
        first.as_ref().map_err(Clone::clone).and_then(|page| {
            let bodies: Vec<&str> = page.comments.iter().map(|c| c.body.as_str()).collect();
            ensure(bodies.len() == 2, "2 comments", format!("{bodies:?}"))?;
            ensure(bodies[0] == request.description, format!("first {:?}", request.description), bodies[0])?;
            ensure(page.comments.iter().all(|c| c.author_id == ana.id), "the requester's", format!("{bodies:?}"))?;
            let loaded = page.users.iter().any(|u| u.id == ana.id);
            ensure(loaded, format!("user {} in `users`", ana.id), format!("{:?}", page.users))
        }),
    );
    let theirs = ctx.client.get(&paths::request_comments(request.id)).token(&bob.token).send().await;
    group.record("another user's request's comments answer 404", theirs.expect(404).map(|_| ()));
    agent_replies(ctx, ana, request.id, &mut group).await;
    group
}

async fn comments(ctx: &Ctx<'_>, user: &User, id: u64) -> Result<CommentsPage, Failure> {
    let path = format!("{}?sort_order=asc&include=users", paths::request_comments(id));
    ctx.client.get(&path).token(&user.token).send().await.json(200, "CommentsPage")
}

/// The agent answers in public and writes an internal note: only the answer shows.
async fn agent_replies(ctx: &Ctx<'_>, user: &User, id: u64, group: &mut Group) {
    const NAME: &str = "the agent's public reply shows with its author an agent; an internal note does not";
    let Some(agent) = ctx.agent() else { return group.skip(NAME, "needs --agent-token") };
    let result = async {
        for (body, public) in [("A public reply.", true), ("An internal note.", false)] {
            let update = json!({"ticket": {"comment": {"body": body, "public": public}}});
            ctx.client.put(&paths::agent_ticket(id)).token(agent).json(update).send().await.expect(200)?;
        }
        let page = comments(ctx, user, id).await?;
        let bodies: Vec<&str> = page.comments.iter().map(|c| c.body.as_str()).collect();
        let reply = page.comments.iter().find(|c| c.body == "A public reply.");
        let Some(reply) = reply else { return Err(Failure::new("the public reply listed", format!("{bodies:?}"))) };
        ensure(!bodies.contains(&"An internal note."), "no internal note", format!("{bodies:?}"))?;
        let author = page.users.iter().find(|u| u.id == reply.author_id);
        ensure(author.is_some_and(|u| u.agent), "its author side-loaded with agent: true", format!("{author:?}"))
    };
    group.record(NAME, result.await);
}
