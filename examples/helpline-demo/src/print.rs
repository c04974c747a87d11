//! Formatting: every table and state the demo prints, in one place so the tour and the
//! commands show the same thing the same way. Plain text, aligned columns, no colors, so
//! that the output reads the same in a terminal, a log file or a test assertion.

use std::future::Future;
use std::io::IsTerminal;
use std::time::Duration;

use helpline_core::{DeliveryState, OutboxItem, OutboxKind, SyncReport, Ticket, TicketComment, TicketDetail};
use indicatif::{ProgressBar, ProgressStyle};

/// Local ids are UUIDs: their first 8 characters are enough to tell tickets apart (and are
/// accepted back by the commands).
pub fn short_id(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

pub fn remote_id(id: Option<u64>) -> String {
    id.map_or_else(|| "-".to_owned(), |id| format!("#{id}"))
}

pub fn delivery(state: &DeliveryState) -> String {
    match state {
        DeliveryState::Pending => "pending".into(),
        DeliveryState::Sent => "sent".into(),
        DeliveryState::Failed { reason } => format!("failed: {reason}"),
    }
}

fn kind(kind: OutboxKind) -> &'static str {
    match kind {
        OutboxKind::CreateTicket => "create ticket",
        OutboxKind::AddComment => "add comment",
        OutboxKind::SolveTicket => "solve ticket",
        OutboxKind::Vote => "vote on article",
    }
}

/// `2026-11-25T13:40:05Z` -> `2026-11-25 13:40`: minutes are enough to follow a conversation.
fn when(rfc3339: &str) -> String {
    rfc3339.get(..16).unwrap_or(rfc3339).replace('T', " ")
}

/// Left-aligned columns, two spaces apart, each `indent` from the margin.
pub fn table(indent: usize, headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let last = cells.len().saturating_sub(1);
        let mut out = " ".repeat(indent);
        for (i, (cell, w)) in cells.into_iter().zip(&widths).enumerate() {
            out.push_str(cell);
            if i < last {
                out.push_str(&" ".repeat(w - cell.chars().count() + 2));
            }
        }
        out.trim_end().to_owned()
    };
    let mut out = vec![line(headers.to_vec())];
    out.extend(rows.iter().map(|r| line(r.iter().map(String::as_str).collect())));
    out.join("\n")
}

/// The ticket list: the `*` in UNREAD is the badge an app would show.
pub fn tickets(indent: usize, tickets: &[Ticket]) -> String {
    if tickets.is_empty() {
        return format!("{}(no tickets yet)", " ".repeat(indent));
    }
    let rows: Vec<Vec<String>> = tickets
        .iter()
        .map(|t| {
            vec![
                short_id(&t.id).to_owned(),
                remote_id(t.remote_id),
                t.status.as_str().to_owned(),
                if t.unread { "*".into() } else { String::new() },
                delivery(&t.delivery),
                t.subject.clone(),
            ]
        })
        .collect();
    table(indent, &["LOCAL ID", "HELPDESK", "STATUS", "UNREAD", "DELIVERY", "SUBJECT"], &rows)
}

/// One ticket and its conversation, oldest first; unsent comments come last.
pub fn ticket_detail(indent: usize, detail: &TicketDetail) -> String {
    let t = &detail.ticket;
    let pad = " ".repeat(indent);
    let header = format!(
        "{pad}Ticket {} ({}), status {}, {}{}\n{pad}Subject: {}",
        short_id(&t.id),
        remote_id(t.remote_id),
        t.status.as_str(),
        delivery(&t.delivery),
        if t.unread { ", unread" } else { "" },
        t.subject,
    );
    format!("{header}\n{}", comments(indent, &detail.comments))
}

pub fn comments(indent: usize, comments: &[TicketComment]) -> String {
    let rows: Vec<Vec<String>> = comments
        .iter()
        .map(|c| {
            let author = match (c.author.name.as_str(), c.is_mine) {
                ("", true) => "you".to_owned(),
                ("", false) => "?".to_owned(),
                (name, true) => format!("{name} (you)"),
                (name, false) => name.to_owned(),
            };
            vec![
                when(&c.created_at),
                author,
                if c.author.is_agent { "yes".into() } else { "no".into() },
                delivery(&c.delivery),
                c.body.replace('\n', " / "),
            ]
        })
        .collect();
    table(indent, &["WHEN", "AUTHOR", "AGENT", "DELIVERY", "TEXT"], &rows)
}

/// The queued writes; REASON is why a pending write waits (or why a failed one was refused).
pub fn outbox(indent: usize, items: &[OutboxItem]) -> String {
    if items.is_empty() {
        return format!("{}outbox: empty, everything reached the helpdesk", " ".repeat(indent));
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            let reason = match &i.state {
                DeliveryState::Failed { reason } => reason.clone(),
                _ => i.last_error.clone().unwrap_or_default(),
            };
            let state = match i.state {
                DeliveryState::Failed { .. } => "failed".to_owned(),
                ref s => delivery(s),
            };
            vec![
                i.id.to_string(),
                kind(i.kind).into(),
                short_id(&i.target_id).into(),
                state,
                i.attempts.to_string(),
                reason,
            ]
        })
        .collect();
    table(indent, &["#", "WRITE", "TARGET", "STATE", "TRIES", "REASON"], &rows)
}

pub fn sync_report(report: &SyncReport) -> String {
    format!("tickets changed: {}, writes still pending: {}", report.tickets_changed, report.outbox_pending)
}

/// Runs `fut` behind a spinner, so a slow network does not look like a hang. The spinner
/// draws on stderr and only when both streams are terminals: piped output stays clean.
pub async fn waiting<F: Future>(message: &str, fut: F) -> F::Output {
    let visible = std::io::stdout().is_terminal() && std::io::stderr().is_terminal();
    let spinner = if visible { ProgressBar::new_spinner() } else { ProgressBar::hidden() };
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
        spinner.set_style(style);
    }
    spinner.set_message(format!("{message}..."));
    spinner.enable_steady_tick(Duration::from_millis(80));
    let out = fut.await;
    spinner.finish_and_clear();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_columns_and_trims_the_last_one() {
        let rows = vec![vec!["a".to_owned(), "long cell".to_owned()], vec!["bbb".to_owned(), String::new()]];
        assert_eq!(table(2, &["X", "Y"], &rows), "  X    Y\n  a    long cell\n  bbb");
    }

    #[test]
    fn short_forms() {
        assert_eq!(short_id("0123456789abcdef"), "01234567");
        assert_eq!(short_id("abc"), "abc");
        assert_eq!(remote_id(Some(42)), "#42");
        assert_eq!(remote_id(None), "-");
        assert_eq!(when("2026-11-25T13:40:05Z"), "2026-11-25 13:40");
    }
}
