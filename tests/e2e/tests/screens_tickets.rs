//! The ticket list and ticket screens, as a user sees them: their states delivered whole, then
//! each change, against the reference helpdesk.

use std::time::Duration;

use helpline_core::{
    Config, DeliveryState, Error, Helpline, Identity, SatisfactionScore, SendState, TicketActions, TicketComment,
    TicketDraft, TicketScreen, TicketScreenState, TicketStatus, TimelineItem,
};
use helpline_e2e::{Harness, Seen};
use helpline_protocol::Status;
use helpline_server::Fault;

/// A ticket of the SDK's user, on the helpdesk: its local and remote ids.
async fn sent_ticket(sdk: &Helpline, subject: &str) -> (String, i64) {
    let draft = TicketDraft { subject: subject.into(), description: "Where is my order?".into(), ..Default::default() };
    let ticket = sdk.tickets().create(draft).await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let remote_id = sdk.tickets().get(&ticket.id).unwrap().ticket.remote_id.expect("on the helpdesk");
    (ticket.id, remote_id)
}

/// Moves the helpdesk's record of `remote_id` (asked, updated, its comments) `days` back.
fn backdate(h: &Harness, remote_id: i64, days: i64) {
    let server = rusqlite::Connection::open(h.dir.path().join("server.db")).unwrap();
    let back = days * 86_400 * 1_000_000;
    let params = rusqlite::params![remote_id, back];
    server
        .execute("UPDATE requests SET created_at = created_at - ?2, updated_at = updated_at - ?2 WHERE id = ?1", params)
        .unwrap();
    server.execute("UPDATE comments SET created_at = created_at - ?2 WHERE request_id = ?1", params).unwrap();
}

/// How long the helpdesk holds a slow answer.
const HELD: std::time::Duration = std::time::Duration::from_secs(1);

/// The ticket screen once it read the device.
async fn read_from_device(ticket: &TicketScreen) -> TicketScreenState {
    Seen::watch(|l| ticket.subscribe(l)).until("read from the device", |s| s.loaded).await
}

/// The comments of the timeline, in order, with their send state.
fn comments(state: &TicketScreenState) -> Vec<(TicketComment, SendState)> {
    state
        .timeline
        .iter()
        .filter_map(|item| match item {
            TimelineItem::Comment { comment, send } => Some((comment.clone(), send.clone())),
            _ => None,
        })
        .collect()
}

/// The comments whose body is `body`.
fn written(state: &TicketScreenState, body: &str) -> Vec<(TicketComment, SendState)> {
    comments(state).into_iter().filter(|(c, _)| c.body == body).collect()
}

/// The agent's comments with `body` on the helpdesk.
async fn at_helpdesk(h: &Harness, remote_id: i64, body: &str) -> usize {
    h.agent_ticket_comments(remote_id).await.iter().filter(|c| c.body == body).count()
}

#[tokio::test]
async fn the_list_shows_an_unread_badge_until_the_ticket_is_opened() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let (older, older_remote_id) = sent_ticket(&sdk, "Older question").await;
    backdate(&h, older_remote_id, 1);
    let (id, remote_id) = sent_ticket(&sdk, "Late order").await;
    h.agent_update(remote_id, Some("It ships tomorrow."), Some(Status::Pending)).await;
    let list = sdk.ticket_list_screen().unwrap();
    let seen = Seen::watch(|l| list.subscribe(l));
    let shown = seen.until("the answer", |s| !s.refreshing && s.unread_count == 1).await;
    assert_eq!(shown.refresh_error, None);
    let rows: Vec<_> = shown.tickets.iter().map(|t| (t.ticket.id.as_str(), t.ticket.unread)).collect();
    assert_eq!(rows, [(id.as_str(), true), (older.as_str(), false)], "the newest activity first, with its badge");
    assert_eq!(shown.tickets[0].preview, "It ships tomorrow.");
    assert_eq!(shown.tickets[0].ticket.status, TicketStatus::Pending);

    // Opened, but not on screen yet (the app is in the background): still unread.
    let ticket = sdk.ticket_screen(id.clone(), 0).unwrap();
    let opened = Seen::watch(|l| ticket.subscribe(l));
    opened.until("refreshed", |s| !s.refreshing).await;
    assert!(list.state().tickets[0].ticket.unread, "not seen, not read");

    ticket.set_visible(true).await.unwrap();
    let read = seen.until("the badge gone", |s| s.unread_count == 0).await;
    assert!(read.tickets.iter().all(|t| !t.ticket.unread), "{read:?}");
    assert_eq!(sdk.tickets().unread_count().unwrap(), 0);
}

#[tokio::test]
async fn an_agents_answer_arriving_while_the_ticket_is_open_is_marked_read() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let (id, remote_id) = sent_ticket(&sdk, "Late order").await;
    let ticket = sdk.ticket_screen(id.clone(), 0).unwrap();
    let seen = Seen::watch(|l| ticket.subscribe(l));
    ticket.set_visible(true).await.unwrap();
    seen.until("refreshed", |s| !s.refreshing).await;

    h.agent_update(remote_id, Some("It ships tomorrow."), None).await;
    sdk.tickets().refresh_by_remote_id(remote_id).await.unwrap(); // as a push naming it does
    let answered = seen.until("the answer", |s| !written(s, "It ships tomorrow.").is_empty()).await;
    let (answer, send) = written(&answered, "It ships tomorrow.").remove(0);
    assert!(answer.author.is_agent && !answer.is_mine);
    assert_eq!(send, SendState::default(), "nothing of the user's to retry");
    seen.until("read", |s| !s.ticket.unread).await;
    assert_eq!(sdk.tickets().unread_count().unwrap(), 0, "marked read on the device");

    // Hidden, the next answer stays unread.
    ticket.set_visible(false).await.unwrap();
    h.agent_update(remote_id, Some("Sorry, the day after."), None).await;
    sdk.tickets().refresh_by_remote_id(remote_id).await.unwrap();
    seen.until("the second answer, unread", |s| !written(s, "Sorry, the day after.").is_empty() && s.ticket.unread)
        .await;
    assert_eq!(sdk.tickets().unread_count().unwrap(), 1);
}

#[tokio::test]
async fn a_reply_written_offline_shows_pending_then_sent_when_back_never_twice() {
    let mut h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let (id, remote_id) = sent_ticket(&sdk, "Late order").await;
    let list = sdk.ticket_list_screen().unwrap();
    let listed = Seen::watch(|l| list.subscribe(l));
    listed.until("the list refreshed", |s| !s.refreshing).await;
    h.stop_server().await;

    let ticket = sdk.ticket_screen(id.clone(), 0).unwrap();
    let seen = Seen::watch(|l| ticket.subscribe(l));
    let offline = seen.until("the refresh failed", |s| !s.refreshing).await;
    assert!(matches!(offline.refresh_error, Some(Error::Offline { .. })), "{:?}", offline.refresh_error);
    assert_eq!(comments(&offline).len(), 1, "the device's conversation still shown");
    assert!(!offline.reply.can_send, "nothing written, nothing to send");

    ticket.set_reply("   ".into()).await.unwrap();
    assert!(!ticket.state().reply.can_send, "blanks are nothing to send");
    ticket.set_reply("Any news?".into()).await.unwrap();
    assert!(ticket.state().reply.can_send, "offline too: it waits in the outbox");
    // A double tap: one reply is stored, the other tap refused (under way, or nothing left to send).
    let (first, second) = tokio::join!(ticket.send_reply(), ticket.send_reply());
    let comment = match (first, second) {
        (Ok(comment), Err(Error::Validation { .. })) | (Err(Error::Validation { .. }), Ok(comment)) => comment,
        other => panic!("one reply, one refusal: {other:?}"),
    };
    let pending = seen.until("pending", |s| !written(s, "Any news?").is_empty()).await;
    assert!(pending.reply.body.is_empty(), "the composer empties");
    assert!(!pending.reply.can_send, "and has nothing to send");
    let shown = written(&pending, "Any news?");
    assert_eq!(shown.len(), 1, "once: {pending:?}");
    assert_eq!((shown[0].0.id.as_str(), &shown[0].0.delivery), (comment.id.as_str(), &DeliveryState::Pending));
    assert!(shown[0].1.outbox_item.is_some(), "its outbox item, for the UI");
    let row = listed.until("the row pending", |s| s.tickets[0].delivery == DeliveryState::Pending).await;
    assert_eq!((row.tickets[0].ticket.id.as_str(), row.tickets[0].preview.as_str()), (id.as_str(), "Any news?"));

    h.restart_server().await;
    sdk.flush_outbox().await.unwrap();
    let sent =
        seen.until("sent", |s| written(s, "Any news?").iter().all(|(c, _)| c.delivery == DeliveryState::Sent)).await;
    assert_eq!(written(&sent, "Any news?")[0].1, SendState::default(), "nothing left to retry");
    listed.until("the row sent", |s| s.tickets[0].delivery == DeliveryState::Sent).await;

    ticket.refresh().await.unwrap();
    let refreshed = seen.until("refreshed", |s| !s.refreshing && s.refresh_error.is_none()).await;
    assert_eq!(written(&refreshed, "Any news?").len(), 1, "the helpdesk's copy replaces ours, never beside it");
    assert_eq!(at_helpdesk(&h, remote_id, "Any news?").await, 1, "sent once");
}

#[tokio::test]
async fn a_failed_reply_can_be_retried_or_discarded() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let (id, remote_id) = sent_ticket(&sdk, "Late order").await;
    let ticket = sdk.ticket_screen(id, 0).unwrap();
    let seen = Seen::watch(|l| ticket.subscribe(l));
    seen.until("refreshed", |s| !s.refreshing).await;
    let comment_path = format!("/api/v2/requests/{remote_id}.json");

    h.faults().push(&comment_path, Fault::Status(422));
    ticket.set_reply("First try".into()).await.unwrap();
    ticket.send_reply().await.unwrap();
    sdk.flush_outbox().await.unwrap();
    let failed = seen
        .until("failed", |s| {
            written(s, "First try").iter().any(|(c, _)| matches!(c.delivery, DeliveryState::Failed { .. }))
        })
        .await;
    let item = written(&failed, "First try")[0].1.outbox_item.expect("the failed reply's outbox item");
    assert!(failed.writes.iter().any(|w| w.id == item), "listed among the ticket's writes");
    assert!(
        matches!(ticket.retry(item + 1000).await, Err(Error::Validation { ref field, .. }) if field == "outbox_item"),
        "another write is not this screen's"
    );

    ticket.retry(item).await.unwrap();
    sdk.flush_outbox().await.unwrap();
    seen.until("sent on retry", |s| written(s, "First try").iter().all(|(c, _)| c.delivery == DeliveryState::Sent))
        .await;
    assert_eq!(at_helpdesk(&h, remote_id, "First try").await, 1);

    h.faults().push(&comment_path, Fault::Status(422));
    ticket.set_reply("Never mind".into()).await.unwrap();
    ticket.send_reply().await.unwrap();
    sdk.flush_outbox().await.unwrap();
    let failed = seen
        .until("failed", |s| {
            written(s, "Never mind").iter().any(|(c, _)| matches!(c.delivery, DeliveryState::Failed { .. }))
        })
        .await;
    ticket.discard(written(&failed, "Never mind")[0].1.outbox_item.unwrap()).await.unwrap();
    let after = seen.until("gone", |s| written(s, "Never mind").is_empty()).await;
    assert!(after.writes.is_empty(), "{:?}", after.writes);
    assert_eq!(written(&after, "First try").len(), 1, "the other reply stays");
    assert_eq!(at_helpdesk(&h, remote_id, "Never mind").await, 0, "never sent");
}

#[tokio::test]
async fn comments_are_grouped_by_day() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let (id, remote_id) = sent_ticket(&sdk, "Late order").await;
    backdate(&h, remote_id, 3); // the question was asked three days ago
    h.agent_update(remote_id, Some("It ships tomorrow."), None).await;

    let ticket = sdk.ticket_screen(id, 0).unwrap();
    let seen = Seen::watch(|l| ticket.subscribe(l));
    seen.until("the answer", |s| !s.refreshing && comments(s).len() == 2).await;
    ticket.set_reply("Thanks!".into()).await.unwrap();
    ticket.send_reply().await.unwrap();
    let shown = seen.until("the reply", |s| comments(s).len() == 3).await.timeline;
    let [
        TimelineItem::Day { day: asked },
        TimelineItem::Comment { comment: question, .. },
        TimelineItem::Day { day: today },
        TimelineItem::Comment { comment: answer, .. },
        TimelineItem::Comment { comment: reply, .. },
    ] = shown.as_slice()
    else {
        panic!("a day before each new day's first comment: {shown:?}");
    };
    let day = |at: std::time::SystemTime| time::OffsetDateTime::from(at).date().to_string();
    assert_eq!(*asked, day(question.created_at));
    assert_eq!(*today, day(answer.created_at));
    assert_ne!(asked, today);
    assert_eq!((answer.body.as_str(), reply.body.as_str()), ("It ships tomorrow.", "Thanks!"));
}

#[tokio::test]
async fn the_reply_being_written_survives_the_app_being_killed() {
    let h = Harness::start().await;
    let file = h.dir.path().join("receipt.txt");
    std::fs::write(&file, b"order A-1001").unwrap();
    let (id, other) = {
        let sdk = h.sdk("Ana").await;
        let (id, _) = sent_ticket(&sdk, "Late order").await;
        let (other, _) = sent_ticket(&sdk, "Another question").await;
        let ticket = sdk.ticket_screen(id.clone(), 0).unwrap();
        ticket.set_reply("I still have the recei".into()).await.unwrap();
        ticket.add_reply_attachment(file.display().to_string()).await.unwrap();
        (id, other)
        // Killed: no goodbye, the objects just go.
    };
    let sdk = Helpline::open(h.config("Ana")).unwrap();
    let back = read_from_device(&sdk.ticket_screen(id.clone(), 0).unwrap()).await;
    assert_eq!(back.reply.body, "I still have the recei");
    assert_eq!(back.reply.attachments.len(), 1);
    assert_eq!(back.reply.attachments[0].file_name, "receipt.txt");
    let other = read_from_device(&sdk.ticket_screen(other, 0).unwrap()).await;
    assert!(other.reply.body.is_empty(), "each ticket its own reply");

    // Edited as soon as it opens: the edit goes into the reply left, read first.
    let ticket = sdk.ticket_screen(id.clone(), 0).unwrap();
    ticket.set_reply("I still have the receipt".into()).await.unwrap();
    let comment = ticket.send_reply().await.unwrap();
    assert_eq!(comment.attachments.len(), 1, "the file goes with it");
    let after = read_from_device(&sdk.ticket_screen(id, 0).unwrap()).await;
    assert!(after.reply.body.is_empty() && after.reply.attachments.is_empty(), "sent, forgotten: {:?}", after.reply);
}

#[tokio::test]
async fn a_ticket_is_solved_rated_then_followed_up_once_closed() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let (id, remote_id) = sent_ticket(&sdk, "Late order").await;
    let ticket = sdk.ticket_screen(id.clone(), 0).unwrap();
    let seen = Seen::watch(|l| ticket.subscribe(l));
    let open = seen.until("refreshed", |s| !s.refreshing).await;
    assert!(open.actions.reply && open.actions.solve && !open.actions.rate && !open.actions.follow_up);

    ticket.solve().await.unwrap();
    assert!(!ticket.state().actions.solve, "a solve on its way is not offered twice");
    sdk.flush_outbox().await.unwrap();
    let solved = seen.until("solved", |s| s.ticket.status == TicketStatus::Solved && s.actions.rate).await;
    assert!(!solved.actions.solve && solved.writes.is_empty());

    ticket.rate(SatisfactionScore::Good, Some("Quick and kind.".into())).await.unwrap();
    let rated = ticket.state().ticket.satisfaction.rating.expect("shown at once");
    assert_eq!((rated.score, rated.delivery), (SatisfactionScore::Good, DeliveryState::Pending));
    sdk.flush_outbox().await.unwrap();
    seen.until("rating sent", |s| {
        s.ticket.satisfaction.rating.as_ref().is_some_and(|r| r.delivery == DeliveryState::Sent)
    })
    .await;

    h.agent_update(remote_id, None, Some(Status::Closed)).await;
    ticket.refresh().await.unwrap();
    let closed = seen.until("closed", |s| s.ticket.status == TicketStatus::Closed).await;
    assert!(closed.actions.follow_up && !closed.actions.reply && !closed.actions.solve);
    ticket.set_reply("It broke again".into()).await.unwrap();
    let comment = ticket.send_reply().await.unwrap();
    let followed = seen.until("the follow-up", |s| s.followup_ticket_id.is_some()).await;
    assert_eq!(followed.followup_ticket_id.as_deref(), Some(comment.ticket_id.as_str()));
    assert_ne!(comment.ticket_id, id, "a new ticket, the closed one untouched");
    assert!(written(&followed, "It broke again").is_empty());
    let followup = read_from_device(&sdk.ticket_screen(comment.ticket_id, 0).unwrap()).await;
    assert_eq!(comments(&followup)[0].0.body, "It broke again");
}

#[tokio::test]
async fn a_ticket_the_device_does_not_have_opens_and_says_it_is_gone() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let ticket = sdk.ticket_screen("no-such-ticket".into(), 0).expect("opens at once, before reading anything");
    let shown = read_from_device(&ticket).await;
    assert!(shown.removed && shown.timeline.is_empty(), "{shown:?}");
    assert_eq!((shown.ticket.id.as_str(), shown.actions), ("no-such-ticket", TicketActions::default()));
}

#[tokio::test]
async fn a_refresh_or_a_send_the_app_gives_up_on_leaves_no_spinner() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let (id, remote_id) = sent_ticket(&sdk, "Late order").await;
    let list = sdk.ticket_list_screen().unwrap();
    let listed = Seen::watch(|l| list.subscribe(l));
    listed.until("refreshed", |s| s.loaded && !s.refreshing).await;
    let ticket = sdk.ticket_screen(id, 0).unwrap();
    let seen = Seen::watch(|l| ticket.subscribe(l));
    seen.until("refreshed", |s| s.loaded && !s.refreshing).await;

    // The helpdesk is slow; the user leaves both pulls before it answers (their futures dropped).
    h.faults().push("/api/v2/requests.json", Fault::Delay(HELD));
    h.faults().push(&format!("/api/v2/requests/{remote_id}.json"), Fault::Delay(HELD));
    {
        let (list_refresh, ticket_refresh) = (list.refresh(), ticket.refresh());
        tokio::pin!(list_refresh, ticket_refresh);
        tokio::select! {
            _ = helpline_e2e::eventually("both asked", || h.faults().queued() == 0) => {}
            _ = &mut list_refresh => panic!("the list came before it was asked"),
            _ = &mut ticket_refresh => panic!("the ticket came before it was asked"),
        }
        assert!(list.state().refreshing && ticket.state().refreshing, "refreshing while asked");
    }
    listed.until("the list's spinner gone", |s| !s.refreshing).await;
    seen.until("the ticket's spinner gone", |s| !s.refreshing).await;

    // A send dropped once it started: the composer is not left sending, and sends again.
    ticket.set_reply("Any news?".into()).await.unwrap();
    {
        let send = ticket.send_reply();
        tokio::pin!(send);
        tokio::select! { biased; _ = &mut send => {}, _ = std::future::ready(()) => {} }
    }
    seen.until("not sending", |s| !s.reply.sending).await;
    ticket.set_reply("Still there?".into()).await.unwrap();
    ticket.send_reply().await.expect("not refused as a send under way");
}

#[tokio::test]
async fn the_list_opened_before_sign_in_forgets_its_error_once_a_user_signs_in() {
    let h = Harness::start().await;
    let sdk = Helpline::open(h.config("Ana")).unwrap();
    let list = sdk.ticket_list_screen().unwrap();
    let listed = Seen::watch(|l| list.subscribe(l));
    let nobody = listed.until("refused", |s| s.loaded && !s.refreshing).await;
    assert!(nobody.refresh_error.is_some() && nobody.tickets.is_empty(), "{nobody:?}");

    sdk.set_identity(Identity::Anonymous { name: Some("Ana".into()), email: None }).await.unwrap();
    listed.until("the error gone", |s| s.refresh_error.is_none()).await;
    list.refresh().await.unwrap();
    assert_eq!(list.state().refresh_error, None);
}

/// An app without push: while the ticket is on screen it is brought from the helpdesk every
/// `open_ticket_refresh`, so an agent's answer shows (and is read) without the user pulling;
/// hidden, nothing is brought.
#[tokio::test]
async fn an_open_ticket_shows_an_answer_without_push_while_on_screen() {
    let h = Harness::start().await;
    let config = Config { open_ticket_refresh: Duration::from_millis(200), ..h.config("Ana") };
    let sdk = Helpline::open(config).unwrap();
    sdk.set_identity(Identity::Anonymous { name: Some("Ana".into()), email: None }).await.unwrap();
    let (id, remote_id) = sent_ticket(&sdk, "Late order").await;
    let ticket = sdk.ticket_screen(id, 0).unwrap();
    let seen = Seen::watch(|l| ticket.subscribe(l));
    seen.until("refreshed", |s| s.loaded && !s.refreshing).await;

    h.agent_update(remote_id, Some("It ships tomorrow."), None).await;
    tokio::time::sleep(Duration::from_millis(1_000)).await; // five intervals, hidden
    assert!(written(&ticket.state(), "It ships tomorrow.").is_empty(), "nothing is brought while hidden");

    ticket.set_visible(true).await.unwrap();
    let answered =
        seen.until("the answer, with no push and no pull", |s| !written(s, "It ships tomorrow.").is_empty()).await;
    assert!(written(&answered, "It ships tomorrow.")[0].0.author.is_agent);
    seen.until("read, as it is on screen", |s| !s.ticket.unread).await;
    assert_eq!(sdk.tickets().unread_count().unwrap(), 0);
}
