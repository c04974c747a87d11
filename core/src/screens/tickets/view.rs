//! What the tickets screens show, built from what the device has: pure functions of the stored
//! tickets, comments and queued writes (no I/O here, unit-tested below).

use std::cmp::Reverse;
use std::collections::HashMap;

use super::model::{TicketActions, TicketListItem};
use crate::outbox::{OutboxItem, OutboxKind};
use crate::screens::{FileUpload, SendState, TimelineItem, with_days};
use crate::tickets::CommentsSummary;
use crate::{DeliveryState, Ticket, TicketComment, TicketDetail, TicketStatus};

/// A row's preview of the last comment, in characters.
pub(crate) const PREVIEW_CHARS: usize = 140;

/// The list's rows, the newest activity first.
pub(super) fn list_items(rows: Vec<(Ticket, CommentsSummary)>) -> Vec<TicketListItem> {
    let mut items: Vec<TicketListItem> =
        rows.into_iter().map(|(ticket, comments)| list_item(ticket, comments)).collect();
    items.sort_by_key(|item| Reverse(item.last_activity_at));
    items
}

fn list_item(ticket: Ticket, comments: CommentsSummary) -> TicketListItem {
    let last_activity_at = match &comments.last {
        Some((at, _)) if *at > ticket.updated_at => *at,
        _ => ticket.updated_at,
    };
    let preview = preview(comments.last.as_ref().map_or(&ticket.description, |(_, body)| body));
    let delivery = worst(std::iter::once(&ticket.delivery).chain(&comments.unsent));
    TicketListItem { ticket, last_activity_at, preview, delivery }
}

/// `body` on one line, at most `PREVIEW_CHARS` characters (by characters, never bytes).
fn preview(body: &str) -> String {
    let line = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(PREVIEW_CHARS) {
        Some((cut, _)) => format!("{}…", line[..cut].trim_end()),
        None => line,
    }
}

/// `Failed` if one failed, else `Pending` if one waits, else `Sent`.
fn worst<'a>(states: impl Iterator<Item = &'a DeliveryState>) -> DeliveryState {
    let mut worst = DeliveryState::Sent;
    for state in states {
        match state {
            DeliveryState::Failed { .. } => return state.clone(),
            DeliveryState::Pending => worst = DeliveryState::Pending,
            DeliveryState::Sent => {}
        }
    }
    worst
}

/// The queued writes about the ticket of `detail`: itself or one of its comments.
pub(super) fn writes_of(detail: &TicketDetail, all: Vec<OutboxItem>) -> Vec<OutboxItem> {
    all.into_iter()
        .filter(|w| w.target_id == detail.ticket.id || detail.comments.iter().any(|c| c.id == w.target_id))
        .collect()
}

/// The write behind `comment`: its own, or, for the first comment of a ticket not yet on the
/// helpdesk (its description), the ticket's creation.
fn write_of<'a>(
    detail: &TicketDetail,
    comment: &TicketComment,
    first: bool,
    writes: &'a [OutboxItem],
) -> Option<&'a OutboxItem> {
    writes.iter().find(|w| match w.kind {
        OutboxKind::AddComment => w.target_id == comment.id,
        OutboxKind::CreateTicket => first && w.target_id == detail.ticket.id && comment.remote_id.is_none(),
        _ => false,
    })
}

/// The ticket's conversation as the timeline draws it, with the user's comments' send state
/// (`uploads` by write target: a comment's id, or the ticket's for its description).
pub(super) fn timeline(
    detail: &TicketDetail,
    writes: &[OutboxItem],
    uploads: &HashMap<String, Vec<FileUpload>>,
    offset: time::UtcOffset,
) -> Vec<TimelineItem> {
    let items = detail
        .comments
        .iter()
        .enumerate()
        .map(|(i, comment)| {
            let write = write_of(detail, comment, i == 0, writes);
            let send = match write {
                Some(write) if comment.delivery != DeliveryState::Sent => {
                    SendState { outbox_item: Some(write.id), uploads: uploads_of(comment, &write.target_id, uploads) }
                }
                _ => SendState::default(),
            };
            (Some(comment.created_at), TimelineItem::Comment { comment: comment.clone(), send })
        })
        .collect();
    with_days(items, offset)
}

/// The files of `comment` (its write's `target`) on their way. A failed write uploads nothing:
/// what it had sent is not progress.
pub(super) fn uploads_of(
    comment: &TicketComment,
    target: &str,
    uploads: &HashMap<String, Vec<FileUpload>>,
) -> Vec<FileUpload> {
    match comment.delivery {
        DeliveryState::Pending => uploads.get(target).cloned().unwrap_or_default(),
        _ => vec![],
    }
}

/// What the user may do on the ticket now (`support`: the helpdesk has support switched on).
pub(super) fn actions(detail: &TicketDetail, writes: &[OutboxItem], support: bool) -> TicketActions {
    let ticket = &detail.ticket;
    let closed = ticket.status == TicketStatus::Closed;
    let solving = writes.iter().any(|w| w.kind == OutboxKind::SolveTicket);
    TicketActions {
        reply: support && !closed,
        follow_up: support && closed && ticket.remote_id.is_some(),
        solve: support
            && ticket.can_be_solved_by_me
            && !matches!(ticket.status, TicketStatus::Solved | TicketStatus::Closed)
            && !solving,
        rate: ticket.satisfaction.offered,
    }
}

/// Records that `file_name` of the write `target` sent `sent_bytes` of `total_bytes`; a
/// finished file leaves the list.
pub(super) fn note_upload(
    uploads: &mut HashMap<String, Vec<FileUpload>>,
    target: &str,
    file_name: &str,
    sent_bytes: i64,
    total_bytes: i64,
) {
    let files = uploads.entry(target.to_owned()).or_default();
    files.retain(|f| f.file_name != file_name);
    if sent_bytes < total_bytes {
        files.push(FileUpload { file_name: file_name.to_owned(), sent_bytes, total_bytes });
    }
    if files.is_empty() {
        uploads.remove(target);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Author;
    use crate::clock::time_of;
    use crate::screens::offset_of;

    fn ticket(updated_at: &str) -> Ticket {
        Ticket {
            id: "t1".into(),
            remote_id: Some(1),
            subject: "Late order".into(),
            description: "Where is it?".into(),
            status: TicketStatus::Open,
            tags: vec![],
            custom_fields: vec![],
            followup_source_id: None,
            can_be_solved_by_me: true,
            created_at: time_of("2026-03-01T09:00:00Z"),
            updated_at: time_of(updated_at),
            delivery: DeliveryState::Sent,
            unread: false,
            satisfaction: Default::default(),
        }
    }

    fn comment(id: &str, at: &str, body: &str, delivery: DeliveryState) -> TicketComment {
        TicketComment {
            id: id.into(),
            remote_id: (delivery == DeliveryState::Sent).then_some(7),
            ticket_id: "t1".into(),
            body: body.into(),
            author: Author { id: None, name: "Ana".into(), is_agent: false },
            is_mine: true,
            created_at: time_of(at),
            delivery,
            attachments: vec![],
        }
    }

    fn write(id: i64, kind: OutboxKind, target: &str, state: DeliveryState) -> OutboxItem {
        OutboxItem {
            id,
            kind,
            target_id: target.into(),
            state,
            attempts: 0,
            last_error: None,
            created_at: std::time::SystemTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_reply_not_yet_sent_puts_its_ticket_first_and_shows_pending() {
        let quiet = (ticket("2026-03-02T10:00:00Z"), CommentsSummary::default());
        let mut replied = (ticket("2026-03-01T10:00:00Z"), CommentsSummary::default());
        replied.0.id = "t2".into();
        replied.1.last = Some((time_of("2026-03-03T08:00:00Z"), "Any news?\n\nThanks".into()));
        replied.1.unsent.push(DeliveryState::Pending);
        let items = list_items(vec![quiet, replied]);
        assert_eq!(items[0].ticket.id, "t2", "the newest activity first");
        assert_eq!(items[0].last_activity_at, time_of("2026-03-03T08:00:00Z"));
        assert_eq!(items[0].preview, "Any news? Thanks");
        assert_eq!(items[0].delivery, DeliveryState::Pending);
        assert_eq!((items[1].preview.as_str(), &items[1].delivery), ("Where is it?", &DeliveryState::Sent));
    }

    #[test]
    fn a_long_comment_is_previewed_by_characters() {
        let long = "é".repeat(500);
        let shown = preview(&long);
        assert_eq!(shown.chars().count(), PREVIEW_CHARS + 1, "{shown}");
        assert!(shown.ends_with('…'));
    }

    #[test]
    fn the_users_unsent_replies_carry_their_outbox_item_and_a_pending_one_its_uploads() {
        let failed = DeliveryState::Failed { reason: "422".into() };
        let detail = TicketDetail {
            ticket: ticket("2026-03-01T10:00:00Z"),
            comments: vec![
                comment("c0", "2026-03-01T09:00:00Z", "Where is it?", DeliveryState::Sent),
                comment("c1", "2026-03-02T09:00:00Z", "Any news?", failed.clone()),
                comment("c2", "2026-03-02T09:01:00Z", "See the photo", DeliveryState::Pending),
            ],
        };
        let writes = vec![
            write(4, OutboxKind::AddComment, "c1", failed),
            write(5, OutboxKind::AddComment, "c2", DeliveryState::Pending),
            write(6, OutboxKind::AddComment, "elsewhere", DeliveryState::Pending),
        ];
        let writes = writes_of(&detail, writes);
        assert_eq!(writes.len(), 2, "another ticket's writes are not this one's");
        let mut uploads = HashMap::new();
        note_upload(&mut uploads, "c1", "old.png", 5, 100);
        note_upload(&mut uploads, "c2", "a.png", 10, 100);
        let sends: Vec<_> = timeline(&detail, &writes, &uploads, offset_of(0))
            .into_iter()
            .filter_map(|i| match i {
                TimelineItem::Comment { send, .. } => Some(send),
                _ => None,
            })
            .collect();
        assert_eq!(sends[0], SendState::default());
        assert_eq!(sends[1], SendState { outbox_item: Some(4), uploads: vec![] }, "a failed reply uploads nothing");
        assert_eq!(sends[2].outbox_item, Some(5));
        assert_eq!(sends[2].uploads, vec![FileUpload { file_name: "a.png".into(), sent_bytes: 10, total_bytes: 100 }]);
        note_upload(&mut uploads, "c2", "a.png", 100, 100);
        assert!(!uploads.contains_key("c2"), "a finished file leaves the list");
    }

    #[test]
    fn solve_is_offered_once_and_a_closed_ticket_offers_a_follow_up() {
        let mut detail = TicketDetail { ticket: ticket("2026-03-01T10:00:00Z"), comments: vec![] };
        let open = actions(&detail, &[], true);
        assert!(open.reply && open.solve && !open.follow_up && !open.rate);
        let queued = [write(1, OutboxKind::SolveTicket, "t1", DeliveryState::Pending)];
        assert!(!actions(&detail, &queued, true).solve, "a solve on its way is not offered again");
        assert_eq!(actions(&detail, &[], false), TicketActions::default(), "support switched off");
        detail.ticket.status = TicketStatus::Closed;
        let closed = actions(&detail, &[], true);
        assert!(!closed.reply && closed.follow_up && !closed.solve);
    }
}
