//! The subcommands: each opens the SDK on `--data`, acts as one anonymous user, and prints
//! what the SDK reports. Offline is a normal state, not an error: writes stay queued on the
//! device and reads fall back to the cache, exactly as an app would behave.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use helpline_core::{
    AttributeValue, Config, DeliveryState, Error, Event, EventStream, Helpline, Identity, SearchResults, SearchSource,
    Ticket, TicketDetail, TicketDraft, VoteValue,
};

use crate::print::{self, waiting};

/// Identifies the demo to the helpdesk (remote settings are looked up by app id).
pub const APP_ID: &str = "demo-app";
pub const CLIENT_ID: &str = "demo-client";

/// Opens the SDK and sets the identity. The identity is set on every run: with the same
/// data dir the install id is the same, so the helpdesk sees the same user each time.
pub async fn open(
    server: &str,
    data: &Path,
    locale: &str,
    name: &str,
    email: Option<&str>,
) -> anyhow::Result<Helpline> {
    std::fs::create_dir_all(data).with_context(|| format!("creating {}", data.display()))?;
    let config = Config {
        locale: locale.to_owned(),
        // The agent sees it with each ticket and chat (the device's facts).
        app_version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        ..Config::new(server, APP_ID, CLIENT_ID, data)
    };
    let helpline = Helpline::open(config).context("opening the SDK")?;
    if helpline.was_recovered() {
        println!("note: the local database was unreadable and was rebuilt; `sync` brings your tickets back");
    }
    let name = Some(name.trim()).filter(|n| !n.is_empty()).map(str::to_owned);
    helpline.set_identity(Identity::Anonymous { name, email: email.map(str::to_owned) }).await?;
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

/// What `ticket new` sends besides its text: files, the app's values, the SDK's log.
pub struct Extras {
    pub attach: Vec<PathBuf>,
    pub metadata: HashMap<String, AttributeValue>,
    pub attach_log: bool,
}

/// `ticket new [--attach FILE]... [--meta NAME=VALUE]... [--attach-log]`: stored on the device
/// first (pending, the files copied), then sent if the helpdesk answers, the files uploaded
/// first with a progress bar. The breadcrumbs and the device's facts go with it.
pub async fn ticket_new(helpline: &Helpline, subject: &str, body: &str, extras: Extras) -> anyhow::Result<()> {
    let draft = TicketDraft {
        subject: subject.to_owned(),
        description: body.to_owned(),
        attachments: extras.attach,
        metadata: extras.metadata,
        attach_log: extras.attach_log,
        ..Default::default()
    };
    // Subscribed first: the outbox may start uploading as soon as the ticket is stored.
    let events = helpline.subscribe();
    let ticket = helpline.tickets().create(draft).await?;
    println!("Ticket {} stored on this device: {}.", print::short_id(&ticket.id), print::delivery(&ticket.delivery));
    if let Some(description) = helpline.tickets().get(&ticket.id)?.comments.first() {
        for file in &description.attachments {
            let (name, kind, size) = (&file.file_name, &file.content_type, print::size(file.size));
            println!("  with {name} ({kind}, {size}): copied, to upload");
        }
    }
    let (_, uploaded) = flush_with_progress(helpline, events).await?;
    for (file_name, size) in &uploaded {
        println!("Uploaded {file_name} ({}).", print::size(*size));
    }
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
        tickets.mark_read(&ticket.id).await?;
    }
    Ok(())
}

/// `comment ID TEXT`: like `ticket new`, queued first, sent if possible.
pub async fn comment(helpline: &Helpline, id: &str, text: &str) -> anyhow::Result<()> {
    let ticket = resolve(helpline, id).await?;
    let comment = helpline.tickets().add_comment(&ticket.id, text).await?;
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

/// `articles sync`: a counter while pages arrive, then what the sync did. Offline, the
/// cached help center stays as it was (still browsable and searchable).
pub async fn articles_sync(helpline: &Helpline) -> anyhow::Result<()> {
    let help_center = helpline.help_center();
    let bar = print::sync_progress("Syncing the help center");
    let progress = bar.clone();
    let result = help_center.sync_with_progress(move |p| progress.set_message(print::sync_progress_message(p))).await;
    bar.finish_and_clear();
    match result {
        Ok(report) => {
            println!("Help center synced: {}", print::help_center_sync_report(&report));
            Ok(())
        }
        Err(e) if e.is_transient() => {
            let usage = help_center.cache_usage()?;
            println!("Could not reach the helpdesk ({e}).");
            println!(
                "The help center on this device is unchanged: {} article(s), {} readable offline.",
                usage.articles, usage.bodies_cached
            );
            Err(e).context("syncing the help center")
        }
        Err(e) => Err(e).context("syncing the help center"),
    }
}

/// `articles list`: the whole tree from the cache, or one section's articles with their ids.
pub fn articles_list(helpline: &Helpline, section: Option<i64>) -> anyhow::Result<()> {
    let help_center = helpline.help_center();
    let sections = help_center.sections(None)?;
    let Some(section_id) = section else {
        let categories = help_center.categories()?;
        let articles = help_center.articles(None)?;
        if categories.is_empty() && articles.is_empty() {
            println!("No help center on this device yet: run `articles sync` first.");
            return Ok(());
        }
        println!("Help center ({}), from this device:\n", help_center.locale()?);
        println!("{}", print::help_center_tree(0, &categories, &sections, &articles));
        let offline = articles.iter().filter(|a| a.body_cached).count();
        println!(
            "\n{} categories, {} sections, {} articles ({offline} readable offline).",
            categories.len(),
            sections.len(),
            articles.len()
        );
        println!("`articles list --section ID` lists a section's articles with their ids.");
        return Ok(());
    };
    let Some(section) = sections.iter().find(|s| s.id == section_id) else {
        bail!("no section {section_id} on this device (`articles list` shows them; `articles sync` brings them)");
    };
    println!("Section {}: {}\n", section.id, section.name);
    println!("{}", print::articles(0, &help_center.articles(Some(section_id))?));
    Ok(())
}

/// `article show ID`: fetched from the helpdesk (refreshing the cache), the cached copy when
/// it cannot be reached.
pub async fn article_show(helpline: &Helpline, id: i64) -> anyhow::Result<()> {
    let help_center = helpline.help_center();
    let fetched = match waiting("Fetching the article", help_center.fetch_article(id)).await {
        Ok(fetched) => fetched,
        Err(e @ Error::NotFound { .. }) => bail!("{e} (on the helpdesk or on this device)"),
        Err(e) if e.is_transient() => {
            bail!("could not reach the helpdesk ({e}), and article {id} is not on this device")
        }
        Err(e) => return Err(e).context("fetching the article"),
    };
    if let Some(reason) = &fetched.fallback_reason {
        println!("Could not reach the helpdesk ({reason}); showing the copy cached on this device.\n");
    }
    println!("{}", print::article(0, &fetched.article));
    Ok(())
}

/// `article vote ID up|down`: recorded on the device, queued, then sent if possible.
pub async fn article_vote(helpline: &Helpline, id: i64, vote: VoteValue) -> anyhow::Result<()> {
    let help_center = helpline.help_center();
    let item = match help_center.vote(id, vote).await {
        Ok(item) => item,
        Err(e @ Error::NotFound { .. }) => bail!("{e} on this device (`articles sync` brings the help center)"),
        Err(e) => return Err(e).context("voting"),
    };
    let title = help_center.article(id).map(|a| a.summary.title).unwrap_or_default();
    println!(
        "Vote {} on article {id} ({title:?}) stored on this device: {}.",
        print::vote(vote),
        print::delivery(&item.state)
    );
    waiting("Sending", helpline.flush_outbox()).await?;
    // A delivered write leaves the outbox.
    let state = helpline.outbox()?.into_iter().find(|i| i.id == item.id).map_or(DeliveryState::Sent, |i| i.state);
    report_delivery(helpline, &state, || "Sent: the helpdesk counted your vote.".to_owned())
}

/// `search QUERY`: the helpdesk's search (the device's index when it cannot be reached), or
/// the device's index only with `--offline`.
pub async fn search(helpline: &Helpline, query: &str, offline: bool, limit: i32) -> anyhow::Result<()> {
    let help_center = helpline.help_center();
    let results = if offline {
        let hits = help_center.search_offline(query, limit).context("searching")?;
        SearchResults { hits, source: SearchSource::Offline, fallback_reason: None }
    } else {
        waiting("Searching", help_center.search(query, limit)).await.context("searching")?
    };
    if let Some(reason) = &results.fallback_reason {
        println!("Could not search on the helpdesk ({reason}); searching this device instead.");
    }
    println!("{}", print::search_summary(query, &results));
    if !results.hits.is_empty() {
        println!("\n{}", print::search_hits(0, &results.hits));
    }
    if results.source == SearchSource::Offline && help_center.cache_usage()?.articles == 0 {
        println!("\nNothing is cached on this device yet: run `articles sync` while online.");
    }
    Ok(())
}

/// `flush_outbox`, with a progress bar while files upload (drawn on terminals only). `events`
/// must be subscribed before the write was queued (the outbox may start on it at once).
/// Returns what is still pending and the files uploaded in full, with their sizes.
pub async fn flush_with_progress(
    helpline: &Helpline,
    mut events: EventStream,
) -> anyhow::Result<(i32, Vec<(String, i64)>)> {
    let bar = print::upload_progress();
    let mut uploaded = Vec::new();
    let mut show = |event: Event| {
        if let Event::UploadProgress { file_name, sent_bytes, total_bytes, .. } = event {
            bar.set_length(total_bytes as u64);
            bar.set_position(sent_bytes as u64);
            bar.set_message(format!("Uploading {file_name}"));
            if sent_bytes == total_bytes {
                uploaded.push((file_name, total_bytes));
            }
        }
    };
    let flush = helpline.flush_outbox();
    tokio::pin!(flush);
    let pending = loop {
        tokio::select! {
            pending = &mut flush => break pending,
            Ok(event) = events.recv() => show(event),
        }
    };
    // What was reported before the flush returned, and not shown yet.
    while let Ok(event) = events.try_recv() {
        show(event);
    }
    bar.finish_and_clear();
    Ok((pending?, uploaded))
}

/// Says where a write stands after a flush: sent, still pending (and why), or refused.
pub(crate) fn report_delivery(
    helpline: &Helpline,
    state: &DeliveryState,
    sent: impl FnOnce() -> String,
) -> anyhow::Result<()> {
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
pub(crate) async fn resolve(helpline: &Helpline, id: &str) -> anyhow::Result<Ticket> {
    let tickets = helpline.tickets();
    let id = id.trim();
    if let Ok(remote) = id.trim_start_matches('#').parse::<i64>() {
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
