//! The timeline both conversation screens draw, a ticket's and a chat's: one item model, in
//! order, with a day separator before the first item of each of the user's days.

use std::time::SystemTime;

use time::{OffsetDateTime, UtcOffset};

use crate::{ChatAuthor, ChatMessage, TicketComment};

/// One row of a timeline.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum TimelineItem {
    /// The items after it were written on `day` (`YYYY-MM-DD`, in the user's time zone as the
    /// screen was given it): the UI writes it as "Today", "Monday" or a date.
    Day { day: String },
    /// A ticket's comment.
    Comment { comment: TicketComment, send: SendState },
    /// A chat message, rich parts included.
    Message { message: ChatMessage, send: SendState },
    /// Something that happened in a chat rather than something written.
    Notice { notice: Notice },
}

/// Where the user's own item stands beyond its `delivery`: what the UI offers for it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SendState {
    /// The outbox item behind a pending or failed item: `retry` and `discard` take it.
    pub outbox_item: Option<i64>,
    /// Its files being uploaded now: name, bytes sent, bytes in all.
    pub uploads: Vec<FileUpload>,
}

/// A file of the user's on its way to the helpdesk.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FileUpload {
    pub file_name: String,
    pub sent_bytes: i64,
    pub total_bytes: i64,
}

/// A chat's events, shown between its messages.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Notice {
    AgentJoined {
        agent: ChatAuthor,
    },
    AgentLeft {
        agent: ChatAuthor,
    },
    /// Waiting for an agent: the place in the queue and the expected wait.
    Queued {
        position: i64,
        wait_seconds: i64,
    },
    /// The agent closed the conversation: the composer is gone, a new one may start.
    Ended,
}

/// The day an item was written, in the user's time zone.
pub(crate) fn day_of(created_at: SystemTime, offset: UtcOffset) -> String {
    let date = OffsetDateTime::from(created_at).to_offset(offset).date();
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

/// The user's offset from UTC, as the app gives it in seconds (bounded to what exists).
pub(crate) fn offset_of(utc_offset_seconds: i32) -> UtcOffset {
    UtcOffset::from_whole_seconds(utc_offset_seconds.clamp(-18 * 3600 + 1, 18 * 3600 - 1)).unwrap_or(UtcOffset::UTC)
}

/// `items` (each with when it was written, oldest first) with a `Day` before each new day. An
/// item without a time (the end of a chat) stays in the day before it.
pub(crate) fn with_days(items: Vec<(Option<SystemTime>, TimelineItem)>, offset: UtcOffset) -> Vec<TimelineItem> {
    let mut out = Vec::with_capacity(items.len() + 8);
    let mut current: Option<String> = None;
    for (created_at, item) in items {
        if let Some(day) = created_at.map(|at| day_of(at, offset))
            && current.as_deref() != Some(day.as_str())
        {
            out.push(TimelineItem::Day { day: day.clone() });
            current = Some(day);
        }
        out.push(item);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice() -> TimelineItem {
        TimelineItem::Notice { notice: Notice::Ended }
    }

    #[test]
    fn a_day_separator_goes_before_each_new_day_in_the_users_time_zone() {
        let paris = offset_of(3600);
        let at = |s: &str| Some(crate::clock::time_of(s));
        let items = vec![
            (at("2026-12-03T22:30:00Z"), notice()), // 23:30 in Paris: the 3rd
            (at("2026-12-03T23:10:00Z"), notice()), // 00:10 in Paris: the 4th
            (at("2026-12-04T09:00:00Z"), notice()),
            (None, notice()),
        ];
        let days: Vec<_> = with_days(items, paris)
            .into_iter()
            .map(|i| match i {
                TimelineItem::Day { day } => day,
                _ => "·".into(),
            })
            .collect();
        assert_eq!(days, ["2026-12-03", "·", "2026-12-04", "·", "·", "·"]);
    }

    #[test]
    fn an_offset_out_of_range_is_bounded() {
        assert_eq!(offset_of(i32::MAX).whole_hours(), 17);
        assert_eq!(offset_of(0), UtcOffset::UTC);
    }
}
