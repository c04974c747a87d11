//! The subcommands: each opens the SDK on `--data`, acts as one anonymous user, and prints
//! what the SDK reports. Offline is a normal state, not an error: writes stay queued on the
//! device and reads fall back to the cache, exactly as an app would behave.

use std::path::Path;

use anyhow::{Context, bail};
use helpline_core::{Config, DeliveryState, Helpline, Identity, Ticket, TicketDetail, TicketDraft};

use crate::print::{self, waiting};

/// Identifies the demo to the helpdesk (remote settings are looked up by app id).
pub const APP_ID: &str = "demo-app";
pub const CLIENT_ID: &str = "demo-client";

/// Opens the SDK and sets the identity. The identity is set on every run: with the same
/// data dir the install id is the same, so the helpdesk sees the same user each time.
pub fn open(server: &str, data: &Path, name: &str, email: Option<&str>) -> anyhow::Result<Helpline> {
    std::fs::create_dir_all(data).with_context(|| format!("creating {}", data.display()))?;
    let helpline = Helpline::open(Config::new(server, APP_ID, CLIENT_ID, data)).context("opening the SDK")?;
    if helpline.was_recovered() {
        println!("note: the local database was unreadable and was rebuilt; `sync` brings your tickets back");
    }
    let name = Some(name.trim()).filter(|n| !n.is_empty()).map(str::to_owned);
    helpline.set_identity(Identity::Anonymous { name, email: email.map(str::to_owned) })?;
    Ok(helpline)
}

/// `tickets`: refresh, then list. Offline, the cached list is shown with a note.
pub async fn tickets(helpline: &Helpline) -> anyhow::Result<()> {
    let tickets = helpline.tickets();
    let list = match waiting("Refreshing tickets", tickets.refresh()).await {
        Ok(list) => list,
        Err(e) if e.is_transient() => {
            println!("Could not reach the helpdesk ({e}); showing the tickets cached on this device.\n");
            tickets.list()?
        }
        Err(e) => return Err(e).context("refreshing tickets"),
    };
    println!("{}", print::tickets(0, &list));
    let unread = tickets.unread_count()?;
    if unread > 0 {
        println!("\n{unread} ticket(s) with an answer you have not read (*): `ticket show ID` to read it.");
    }
    Ok(())
}

/// `ticket new`: stored on the device first (pending), then sent if the helpdesk answers.
pub async fn ticket_new(helpline: &Helpline, subject: &str, body: &str) -> anyhow::Result<()> {
    let draft = TicketDraft { subject: subject.to_owned(), description: body.to_owned(), ..Default::default() };
    let ticket = helpline.tickets().create(draft)?;
    println!("Ticket {} stored on this device: {}.", print::short_id(&ticket.id), print::delivery(&ticket.delivery));
    waiting("Sending", helpline.flush_outbox()).await?;
    let ticket = helpline.tickets().get(&ticket.id)?.ticket;
    report_delivery(helpline, &ticket.delivery, || {
        format!(
            "Sent: the helpdesk knows it as {}, status {}.",
            print::remote_id(ticket.remote_id),
            ticket.status.as_str()
        )
    })
}

/// `ticket show ID`: refresh that ticket (the cache when offline), then its conversation.
pub async fn ticket_show(helpline: &Helpline, id: &str) -> anyhow::Result<()> {
    let ticket = resolve(helpline, id).await?;
    let tickets = helpline.tickets();
    let detail: TicketDetail = match waiting("Refreshing the ticket", tickets.refresh_ticket(&ticket.id)).await {
        Ok(detail) => detail,
        Err(e) if e.is_transient() => {
            println!("Could not reach the helpdesk ({e}); showing the cached conversation.\n");
            tickets.get(&ticket.id)?
        }
        Err(e) => return Err(e).context("refreshing the ticket"),
    };
    println!("{}", print::ticket_detail(0, &detail));
    if detail.ticket.unread {
        tickets.mark_read(&ticket.id)?;
    }
    Ok(())
}

/// `comment ID TEXT`: like `ticket new`, queued first, sent if possible.
pub async fn comment(helpline: &Helpline, id: &str, text: &str) -> anyhow::Result<()> {
    let ticket = resolve(helpline, id).await?;
    let comment = helpline.tickets().add_comment(&ticket.id, text)?;
    if comment.ticket_id != ticket.id {
        println!(
            "Ticket {} is closed: your comment opens follow-up ticket {}.",
            print::remote_id(ticket.remote_id),
            print::short_id(&comment.ticket_id)
        );
    }
    println!("Comment {} stored on this device: {}.", print::short_id(&comment.id), print::delivery(&comment.delivery));
    waiting("Sending", helpline.flush_outbox()).await?;
    let detail = helpline.tickets().get(&comment.ticket_id)?;
    let state =
        detail.comments.into_iter().find(|c| c.id == comment.id).map(|c| c.delivery).context("the comment vanished")?;
    report_delivery(helpline, &state, || "Sent.".to_owned())
}

/// `sync`: the report, then the outbox (what is still waiting, and why).
pub async fn sync(helpline: &Helpline) -> anyhow::Result<()> {
    let result = waiting("Syncing", helpline.sync()).await;
    if let Ok(report) = &result {
        println!("Sync: {}", print::sync_report(report));
    }
    println!("{}", print::outbox(0, &helpline.outbox()?));
    result.map(drop).context("sync")
}

/// Says where a write stands after a flush: sent, still pending (and why), or refused.
fn report_delivery(helpline: &Helpline, state: &DeliveryState, sent: impl FnOnce() -> String) -> anyhow::Result<()> {
    match state {
        DeliveryState::Sent => println!("{}", sent()),
        DeliveryState::Pending => {
            // Writes go in order: the oldest pending one holds the others, and says why.
            let reason = helpline
                .outbox()?
                .into_iter()
                .find(|item| item.state == DeliveryState::Pending)
                .and_then(|item| item.last_error)
                .unwrap_or_else(|| "waiting for an earlier write".to_owned());
            println!("Not sent yet ({reason}).");
            println!("It is safe on this device and will be sent by `sync` once the helpdesk answers.");
        }
        DeliveryState::Failed { reason } => bail!("the helpdesk refused it: {reason} (see `sync` for the outbox)"),
    }
    Ok(())
}

/// Finds a ticket by helpdesk id (`42` or `#42`), local id, or the first characters of a
/// local id as `tickets` prints them. An unknown helpdesk id triggers one refresh.
async fn resolve(helpline: &Helpline, id: &str) -> anyhow::Result<Ticket> {
    let tickets = helpline.tickets();
    let id = id.trim();
    if let Ok(remote) = id.trim_start_matches('#').parse::<u64>() {
        if let Some(ticket) = tickets.find_by_remote_id(remote)? {
            return Ok(ticket);
        }
        // Not cached yet (created elsewhere, or never listed): ask the helpdesk once.
        // Offline, the refresh fails and the cache below is all there is.
        let _ = waiting("Refreshing tickets", tickets.refresh()).await;
        if let Some(ticket) = tickets.find_by_remote_id(remote)? {
            return Ok(ticket);
        }
    }
    let matches: Vec<Ticket> =
        tickets.list()?.into_iter().filter(|t| t.id == id || (!id.is_empty() && t.id.starts_with(id))).collect();
    match matches.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!("no ticket {id:?} on this device (run `tickets` to list yours)"),
        many => bail!("{id:?} matches {} tickets: give more characters of the local id", many.len()),
    }
}
