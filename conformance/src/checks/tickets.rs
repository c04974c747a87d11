//! Tickets as the end user sees them (Zendesk's Requests API): create (once per idempotency
//! key), show, list and page, privacy between users, comment, solve, and the closed ticket
//! that takes no comment but a follow-up.

use std::collections::HashSet;

use helpline_protocol::{Request, RequestEnvelope, RequestsPage, Status, paths};
use serde_json::json;

use super::identity::invalid_field;
use super::{Ctx, User, create_request, unique};
use crate::client::ensure;
use crate::report::{Failure, Group, Origin};

pub(crate) async fn run(ctx: &Ctx<'_>) -> Group {
    let mut group = Group::new("tickets", Origin::Zendesk);
    let Some((ana, bob)) = ctx.users_or_skip(&mut group) else { return group };
    let subject = unique("Conformance ticket");
    let created = create_request(ctx, ana, &subject).await;
    group.record(
        "POST /api/v2/requests.json answers 201 with the request",
        created.as_ref().map_err(Clone::clone).and_then(|r| {
            ensure(r.subject == subject, format!("subject {subject:?}"), format!("{:?}", r.subject))?;
            ensure(r.requester_id == ana.id, format!("requester_id {}", ana.id), r.requester_id.to_string())?;
            ensure(matches!(r.status, Status::New | Status::Open), "status new or open", r.status.as_str().to_owned())
        }),
    );
    let Ok(request) = created else {
        group.skip("the other ticket checks", "creating a request failed");
        return group;
    };
    group.record("the same Idempotency-Key creates nothing new", idempotent(ctx, ana).await);
    let blank = ctx
        .client
        .post(paths::REQUESTS)
        .token(&ana.token)
        .json(json!({"request": {"subject": "blank", "comment": {"body": "   "}}}))
        .send()
        .await;
    group.record(
        "a blank description answers 422 naming a field",
        blank.expect(422).and_then(|a| {
            ensure(a.error().is_some_and(|e| !e.details.is_empty()), "details naming the field", a.describe())
        }),
    );
    let shown = ctx.client.get(&paths::request(request.id)).token(&ana.token).send().await;
    group.record(
        "GET /api/v2/requests/{id}.json answers 200 with it",
        shown
            .json::<RequestEnvelope>(200, "RequestEnvelope")
            .and_then(|r| ensure(r.request.id == request.id, format!("id {}", request.id), r.request.id.to_string())),
    );
    let theirs = ctx.client.get(&paths::request(request.id)).token(&bob.token).send().await;
    group.record("another user's request answers 404", theirs.expect(404).map(|_| ()));
    group.record("the list holds it, most recently updated first", listed(ctx, ana, request.id).await);
    group.record("offset and cursor pages walk every request once", paging(ctx, ana).await);
    group.record("a comment from the requester answers 200", comment(ctx, ana, request.id).await.map(|_| ()));
    let solved = ctx
        .client
        .put(&paths::request(request.id))
        .token(&ana.token)
        .json(json!({"request": {"solved": true}}))
        .send()
        .await;
    group.record(
        "\"solved\": true solves it",
        solved.json::<RequestEnvelope>(200, "RequestEnvelope").and_then(|r| {
            ensure(r.request.status == Status::Solved, "status solved", r.request.status.as_str().to_owned())
        }),
    );
    closed(ctx, ana, &mut group).await;
    group
}

async fn idempotent(ctx: &Ctx<'_>, user: &User) -> Result<(), Failure> {
    let key = uuid::Uuid::new_v4().to_string();
    let body = json!({"request": {"subject": unique("Idempotent"), "comment": {"body": "once"}}});
    let send =
        || ctx.client.post(paths::REQUESTS).token(&user.token).header("idempotency-key", &key).json(body.clone());
    let first = send().send().await.json::<RequestEnvelope>(201, "RequestEnvelope")?.request;
    let again = send().send().await;
    let replay = again.expect_any(&[200, 201])?.decode::<RequestEnvelope>("RequestEnvelope")?.request;
    ensure(replay.id == first.id, format!("the first answer again, id {}", first.id), format!("id {}", replay.id))
}

async fn listed(ctx: &Ctx<'_>, user: &User, id: u64) -> Result<(), Failure> {
    let path = format!("{}?sort_by=updated_at&sort_order=desc", paths::REQUESTS);
    let page = ctx.client.get(&path).token(&user.token).send().await.json::<RequestsPage>(200, "RequestsPage")?;
    ensure(page.requests.iter().any(|r| r.id == id), format!("request {id} listed"), ids(&page.requests.items))?;
    let times: Vec<&str> = page.requests.iter().map(|r| r.updated_at.as_str()).collect();
    ensure(times.windows(2).all(|w| w[0] >= w[1]), "updated_at descending", format!("{times:?}"))
}

/// Three more requests, walked two by two in both pagination styles.
async fn paging(ctx: &Ctx<'_>, user: &User) -> Result<(), Failure> {
    let mut made = HashSet::new();
    for _ in 0..3 {
        made.insert(create_request(ctx, user, &unique("Paged")).await?.id);
    }
    for first in [format!("{}?per_page=2", paths::REQUESTS), format!("{}?page[size]=2", paths::REQUESTS)] {
        let (mut url, mut seen, mut pages) = (Some(first.clone()), Vec::new(), 0);
        while let Some(next) = url.take() {
            pages += 1;
            ensure(pages <= 100, format!("{first}: an end within 100 pages"), "a `next` link on every page")?;
            let page =
                ctx.client.get(&next).token(&user.token).send().await.json::<RequestsPage>(200, "RequestsPage")?;
            ensure(page.requests.len() <= 2, format!("{first}: at most 2 per page"), ids(&page.requests.items))?;
            seen.extend(page.requests.iter().map(|r| r.id));
            url = page.pagination.next_url().filter(|_| !page.requests.is_empty()).map(str::to_owned);
        }
        let unique: HashSet<u64> = seen.iter().copied().collect();
        ensure(unique.len() == seen.len(), format!("{first}: no request twice"), format!("{seen:?}"))?;
        ensure(
            made.is_subset(&unique),
            format!("{first}: the 3 new requests among {pages} pages"),
            format!("{seen:?}"),
        )?;
    }
    Ok(())
}

fn ids(requests: &[Request]) -> String {
    format!("ids {:?}", requests.iter().map(|r| r.id).collect::<Vec<_>>())
}

pub(crate) async fn comment(ctx: &Ctx<'_>, user: &User, id: u64) -> Result<Request, Failure> {
    let body = json!({"request": {"comment": {"body": "A comment from the conformance kit."}}});
    let answer = ctx
        .client
        .put(&paths::request(id))
        .token(&user.token)
        .header("idempotency-key", &uuid::Uuid::new_v4().to_string())
        .json(body)
        .send()
        .await;
    Ok(answer.json::<RequestEnvelope>(200, "RequestEnvelope")?.request)
}

/// The agent closes a request: a comment is refused (422 base "closed"), a follow-up is not.
async fn closed(ctx: &Ctx<'_>, user: &User, group: &mut Group) {
    const NAMES: [&str; 2] = [
        "a closed request refuses a comment: 422 with base \"closed\"",
        "a follow-up (via_followup_source_id) of a closed request answers 201",
    ];
    let Some(agent) = ctx.agent() else {
        NAMES.iter().for_each(|name| group.skip(name, "needs --agent-token (the agent closes the ticket)"));
        return;
    };
    let closed = async {
        let request = create_request(ctx, user, &unique("To close")).await?;
        let close = json!({"ticket": {"status": "closed"}});
        ctx.client.put(&paths::agent_ticket(request.id)).token(agent).json(close).send().await.expect(200)?;
        Ok::<_, Failure>(request)
    };
    let request = match closed.await {
        Ok(request) => request,
        Err(e) => {
            group.record(NAMES[0], Err(e));
            return group.skip(NAMES[1], "closing a request failed");
        }
    };
    let refused = ctx
        .client
        .put(&paths::request(request.id))
        .token(&user.token)
        .json(json!({"request": {"comment": {"body": "Too late?"}}}))
        .send()
        .await;
    group.record(
        NAMES[0],
        invalid_field(&refused, "base").and_then(|()| {
            let closed = refused
                .error()
                .is_some_and(|e| e.details.get("base").is_some_and(|b| b.iter().any(|d| d.error == "closed")));
            ensure(closed, "details.base[].error \"closed\"", refused.describe())
        }),
    );
    let body = json!({"request": {
        "subject": "Follow-up", "comment": {"body": "It happened again."}, "via_followup_source_id": request.id,
    }});
    let followup = ctx.client.post(paths::REQUESTS).token(&user.token).json(body).send().await;
    group.record(
        NAMES[1],
        followup.json::<RequestEnvelope>(201, "RequestEnvelope").and_then(|r| {
            let source = r.request.followup_source_id;
            ensure(source == Some(request.id), format!("followup_source_id {}", request.id), format!("{source:?}"))
        }),
    );
}
