//! Tickets end to end: create, list, view, comment, solve, follow up, unread; each test
//! against a Helpline helpdesk and a stock Zendesk (tickets need none of Helpline's additions).

use helpline_core::{DeliveryState, Error, Event, OutboxKind, TicketDraft, TicketStatus};
use helpline_e2e::{Harness, Mode, both_modes, wait_for};
use helpline_protocol::Status;

both_modes!(
    a_ticket_is_pending_at_once_then_sent,
    list_view_and_agent_replies_mark_unread_until_read,
    comments_and_solve_reach_the_helpdesk,
    a_comment_on_a_closed_ticket_becomes_a_follow_up,
    two_users_never_see_each_others_tickets,
    bad_input_is_refused_by_field_and_nothing_is_stored,
);

fn draft(subject: &str, description: &str) -> TicketDraft {
    TicketDraft {
        subject: subject.into(),
        description: description.into(),
        tags: vec!["mobile".into()],
        ..Default::default()
    }
}

async fn a_ticket_is_pending_at_once_then_sent(mode: Mode) {
    let h = Harness::start_in(mode).await;
    let sdk = h.sdk("Ana").await;
    let mut events = sdk.subscribe();

    let ticket = sdk.tickets().create(draft("Login fails", "The app closes when I sign in.")).await.unwrap();
    assert_eq!(ticket.delivery, DeliveryState::Pending);
    assert_eq!(ticket.remote_id, None);

    let sent =
        wait_for(&mut events, |e| matches!(e, Event::OutboxChanged { item } if item.state == DeliveryState::Sent))
            .await;
    let Event::OutboxChanged { item } = sent else { unreachable!() };
    assert_eq!((item.kind, item.target_id.as_str()), (OutboxKind::CreateTicket, ticket.id.as_str()));

    let stored = sdk.tickets().get(&ticket.id).unwrap();
    assert_eq!(stored.ticket.delivery, DeliveryState::Sent);
    let remote_id = stored.ticket.remote_id.expect("helpdesk id");
    assert_eq!(stored.ticket.status, TicketStatus::New);
    assert_eq!(stored.comments.len(), 1, "the description is the first comment");
    assert_eq!(stored.comments[0].delivery, DeliveryState::Sent);

    let agent_view = h.agent_tickets().await;
    assert_eq!(agent_view.len(), 1);
    assert_eq!(agent_view[0].id as i64, remote_id);
    assert_eq!(agent_view[0].subject, "Login fails");
    assert_eq!(agent_view[0].tags, vec!["mobile"]);
    assert!(sdk.outbox().unwrap().is_empty());
}

async fn list_view_and_agent_replies_mark_unread_until_read(mode: Mode) {
    let h = Harness::start_in(mode).await;
    let sdk = h.sdk("Ana").await;
    let first = sdk.tickets().create(draft("First", "one")).await.unwrap();
    let second = sdk.tickets().create(draft("Second", "two")).await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let remote_first = sdk.tickets().get(&first.id).unwrap().ticket.remote_id.unwrap();

    h.agent_update(remote_first, Some("We are looking into it."), Some(Status::Pending)).await;
    let listed = sdk.tickets().refresh().await.unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].id, first.id, "most recently updated first");
    assert!(listed[0].unread && !listed[1].unread);
    assert_eq!(listed[0].status, TicketStatus::Pending);
    assert_eq!(sdk.tickets().unread_count().unwrap(), 1);

    let detail = sdk.tickets().get(&first.id).unwrap();
    let bodies: Vec<_> = detail.comments.iter().map(|c| (c.body.as_str(), c.author.is_agent, c.is_mine)).collect();
    assert_eq!(bodies, vec![("one", false, true), ("We are looking into it.", true, false)]);
    assert!(!detail.comments[1].author.name.is_empty());

    sdk.tickets().mark_read(&first.id).await.unwrap();
    assert_eq!(sdk.tickets().unread_count().unwrap(), 0);
    assert!(!sdk.tickets().get(&first.id).unwrap().ticket.unread);
    assert!(sdk.tickets().get(&second.id).is_ok());
    assert!(matches!(sdk.tickets().mark_read("nope").await, Err(Error::NotFound { .. })));
}

async fn comments_and_solve_reach_the_helpdesk(mode: Mode) {
    let h = Harness::start_in(mode).await;
    let sdk = h.sdk("Ana").await;
    let ticket = sdk.tickets().create(draft("Refund", "Order A-1001")).await.unwrap();
    let comment = sdk.tickets().add_comment(&ticket.id, "Any news?").await.unwrap();
    assert_eq!(comment.delivery, DeliveryState::Pending);
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);

    let detail = sdk.tickets().refresh_ticket(&ticket.id).await.unwrap();
    let bodies: Vec<_> = detail.comments.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(bodies, vec!["Order A-1001", "Any news?"]);
    assert!(detail.comments.iter().all(|c| c.delivery == DeliveryState::Sent && c.remote_id.is_some()));

    sdk.tickets().solve(&ticket.id).await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert_eq!(sdk.tickets().get(&ticket.id).unwrap().ticket.status, TicketStatus::Solved);
    assert_eq!(h.agent_tickets().await[0].status, Status::Solved);
}

async fn a_comment_on_a_closed_ticket_becomes_a_follow_up(mode: Mode) {
    let h = Harness::start_in(mode).await;
    let sdk = h.sdk("Ana").await;
    let ticket = sdk.tickets().create(draft("Crash", "It crashed")).await.unwrap();
    sdk.flush_outbox().await.unwrap();
    let remote_id = sdk.tickets().get(&ticket.id).unwrap().ticket.remote_id.unwrap();

    // The agent closes it; the device does not know yet, so the helpdesk answers 422.
    h.agent_update(remote_id, None, Some(Status::Closed)).await;
    let comment = sdk.tickets().add_comment(&ticket.id, "It crashed again").await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);

    let tickets = sdk.tickets().list().unwrap();
    assert_eq!(tickets.len(), 2);
    let followup = tickets.iter().find(|t| t.id != ticket.id).unwrap();
    assert_eq!(followup.followup_source_id, Some(remote_id));
    assert_eq!(sdk.tickets().get(&ticket.id).unwrap().ticket.status, TicketStatus::Closed);
    let moved = sdk.tickets().get(&followup.id).unwrap();
    assert!(moved.comments.iter().any(|c| c.id == comment.id && c.delivery == DeliveryState::Sent));

    // Now that the device knows it is closed, a comment goes straight to a new follow-up.
    let again = sdk.tickets().add_comment(&ticket.id, "Still crashing").await.unwrap();
    assert_ne!(again.ticket_id, ticket.id);
    sdk.flush_outbox().await.unwrap();
    let agent_view = h.agent_tickets().await;
    assert_eq!(agent_view.len(), 3);
    assert_eq!(agent_view.iter().filter(|t| t.subject == "Crash").count(), 3);
    assert!(matches!(sdk.tickets().solve(&ticket.id).await, Err(Error::TicketClosed)));
}

async fn two_users_never_see_each_others_tickets(mode: Mode) {
    let h = Harness::start_in(mode).await;
    let ana = h.sdk("Ana").await;
    let bob = h.sdk("Bob").await;
    ana.tickets().create(draft("Ana's problem", "private")).await.unwrap();
    ana.flush_outbox().await.unwrap();
    bob.tickets().create(draft("Bob's problem", "mine")).await.unwrap();
    bob.flush_outbox().await.unwrap();

    let bobs = bob.tickets().refresh().await.unwrap();
    assert_eq!(bobs.iter().map(|t| t.subject.as_str()).collect::<Vec<_>>(), vec!["Bob's problem"]);
    let anas = ana.tickets().refresh().await.unwrap();
    assert_eq!(anas.iter().map(|t| t.subject.as_str()).collect::<Vec<_>>(), vec!["Ana's problem"]);
    assert_eq!(h.agent_tickets().await.len(), 2);
}

async fn bad_input_is_refused_by_field_and_nothing_is_stored(mode: Mode) {
    let h = Harness::start_in(mode).await;
    let sdk = h.sdk("Ana").await;
    let cases = [
        (draft("Fine", "   "), "description"),
        (draft(&"s".repeat(256), "body"), "subject"),
        (draft("Fine", &"x".repeat(64 * 1024 + 1)), "description"),
    ];
    for (bad, field) in cases {
        match sdk.tickets().create(bad).await {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("expected a validation error on {field}, got {other:?}"),
        }
    }
    let bad_email = helpline_core::Identity::Anonymous { name: None, email: Some("ana@".into()) };
    assert!(matches!(sdk.set_identity(bad_email).await, Err(Error::Validation { field, .. }) if field == "email"));
    assert!(matches!(sdk.tickets().add_comment("unknown", "hi").await, Err(Error::NotFound { .. })));
    assert_eq!(sdk.tickets().find_by_remote_id(-1).unwrap(), None);
    assert!(matches!(sdk.tickets().refresh_by_remote_id(-1).await, Err(Error::NotFound { .. })));
    assert!(sdk.tickets().list().unwrap().is_empty());
    assert!(sdk.outbox().unwrap().is_empty());
    assert!(h.agent_tickets().await.is_empty());
}

#[tokio::test]
async fn an_answer_in_the_same_second_as_the_last_refresh_is_brought_by_the_next() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let tickets = sdk.tickets();
    let ticket =
        tickets.create(TicketDraft { description: "Where is my order?".into(), ..Default::default() }).await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let remote_id = tickets.get(&ticket.id).unwrap().ticket.remote_id.unwrap();
    for round in 0..5 {
        // The list refresh and the answer a moment after it: often the same second of
        // `updated_at`, which then does not change.
        tickets.refresh().await.unwrap();
        let answer = format!("Answer {round}");
        h.agent_update(remote_id, Some(&answer), None).await;
        tickets.refresh().await.unwrap();
        let comments = tickets.get(&ticket.id).unwrap().comments;
        assert!(comments.iter().any(|c| c.body == answer), "round {round}: {answer:?} missing");
    }
}

#[tokio::test]
async fn a_ticket_sent_while_the_list_is_on_its_way_is_not_taken_for_deleted() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    // The list's answer is held while the ticket reaches the helpdesk: the list lacks it.
    h.faults().push(
        helpline_protocol::paths::REQUESTS,
        helpline_server::Fault::AnswerLate(std::time::Duration::from_millis(800)),
    );
    let refreshing = tokio::spawn({
        let tickets = sdk.tickets();
        async move { tickets.refresh().await }
    });
    helpline_e2e::eventually("the list asked for", || h.faults().queued() == 0).await;
    let ticket = sdk
        .tickets()
        .create(TicketDraft { description: "Sent during a refresh".into(), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    refreshing.await.unwrap().unwrap();
    let kept = sdk.tickets().get(&ticket.id);
    assert!(kept.is_ok_and(|d| d.ticket.delivery == DeliveryState::Sent), "the sent ticket stays on the device");
}
