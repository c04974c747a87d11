//! Bringing the helpdesk's view of the user's tickets into the cache.
//!
//! Every page is fetched before anything is written: a malformed or truncated page aborts
//! the sync and leaves the cache as it was.

use std::collections::HashMap;
use std::sync::Arc;

use helpline_protocol::{self as wire, paths};
use tokio::task::JoinSet;

use super::db;
use crate::kernel::Kernel;
use crate::paging::{Walk, keep};
use crate::transport::ApiRequest;
use crate::{Event, Result};

/// Conversations fetched at once after a list refresh.
const PARALLEL_FETCHES: usize = 8;

/// Follows `next` links from `first`, collecting every page.
async fn all_pages<P: serde::de::DeserializeOwned>(
    kernel: &Kernel,
    first: &str,
    next: impl Fn(&P) -> Option<&str>,
) -> Result<Vec<P>> {
    let mut pages = Vec::new();
    let mut walk = Walk::default();
    let mut url = kernel.session.transport.url(first);
    loop {
        walk.next(&url)?;
        let page: P = kernel.session.call(&ApiRequest::get(url)).await?;
        let next_url = next(&page).map(str::to_owned);
        pages.push(page);
        match next_url {
            Some(n) => url = kernel.session.transport.same_origin(&n)?,
            None => return Ok(pages),
        }
    }
}

/// The channel of the requests behind live-chat conversations.
const LIVE_CHAT_CHANNEL: &str = "native_messaging";

/// What a refresh of the list did.
pub(crate) struct ListRefresh {
    /// Tickets whose content changed.
    pub changed: usize,
    /// Malformed records of the helpdesk set aside (logged); the others were applied.
    pub skipped: usize,
}

/// Refreshes the list, then the conversations that changed since last time.
pub(crate) async fn refresh_list(kernel: &Arc<Kernel>) -> Result<ListRefresh> {
    let first = format!("{}?sort_by=updated_at&sort_order=desc&per_page=100", paths::REQUESTS);
    let known_before = kernel.store.read(db::remote_ids)?;
    let pages: Vec<wire::RequestsPage> =
        all_pages(kernel, &first, |p: &wire::RequestsPage| p.pagination.next_url()).await?;
    // Live-chat conversations are requests too (channel `native_messaging`); they belong to
    // messaging, not to the tickets list: only their satisfaction rating is kept.
    let mut skipped = 0;
    let (requests, conversations): (Vec<wire::Request>, Vec<wire::Request>) = pages
        .into_iter()
        .flat_map(|p| keep("ticket", p.requests, &mut skipped))
        .partition(|r| r.via.channel != LIVE_CHAT_CHANNEL);
    // With a record set aside, which tickets the helpdesk no longer has is unknown: none goes.
    let complete = skipped == 0;

    let (stale, changed, removed) = kernel.store.write(|tx| {
        for conversation in &conversations {
            crate::satisfaction::record(tx, conversation)?;
        }
        let mut stale = Vec::new();
        let mut changed = Vec::new();
        for request in &requests {
            let applied = db::apply_request(tx, None, request)?;
            if applied.comments_stale {
                stale.push((applied.local_id.clone(), request.id, request.updated_at.clone()));
            }
            if applied.changed {
                changed.push(applied.local_id);
            }
        }
        let present: Vec<u64> = requests.iter().map(|r| r.id).collect();
        let removed = if complete { db::remove_missing(tx, &known_before, &present)? } else { 0 };
        Ok((stale, changed, removed))
    })?;

    let mut fetches = JoinSet::new();
    let mut failures = Vec::new();
    for (local_id, remote_id, updated_at) in stale {
        if fetches.len() >= PARALLEL_FETCHES {
            match fetches.join_next().await {
                Some(Ok(Err(e))) => failures.push(e),
                Some(Ok(Ok(set_aside))) => skipped += set_aside,
                _ => {}
            }
        }
        let kernel = Arc::clone(kernel);
        fetches.spawn(async move { refresh_comments(&kernel, &local_id, remote_id, &updated_at).await });
    }
    while let Some(done) = fetches.join_next().await {
        match done {
            Ok(Err(e)) => failures.push(e),
            Ok(Ok(set_aside)) => skipped += set_aside,
            Err(_) => {}
        }
    }

    for ticket_id in &changed {
        kernel.events.emit(Event::TicketChanged { ticket_id: ticket_id.clone() });
    }
    if !changed.is_empty() || removed > 0 {
        kernel.events.emit(Event::TicketsChanged);
    }
    match failures.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(ListRefresh { changed: changed.len(), skipped }),
    }
}

/// Refreshes one ticket and its conversation (a push named it, or the user opened it).
pub(crate) async fn refresh_one(kernel: &Kernel, remote_id: u64) -> Result<String> {
    let answer: wire::RequestEnvelope =
        kernel.session.call(&ApiRequest::get(kernel.session.transport.url(&paths::request(remote_id)))).await?;
    let applied = kernel.store.write(|tx| db::apply_request(tx, None, &answer.request))?;
    let _set_aside = refresh_comments(kernel, &applied.local_id, remote_id, &answer.request.updated_at).await?;
    kernel.events.emit(Event::TicketChanged { ticket_id: applied.local_id.clone() });
    Ok(applied.local_id)
}

/// Returns how many malformed comments were set aside.
async fn refresh_comments(kernel: &Kernel, local_id: &str, remote_id: u64, updated_at: &str) -> Result<usize> {
    let first = format!("{}?sort_order=asc&include=users&per_page=100", paths::request_comments(remote_id));
    let pages: Vec<wire::CommentsPage> =
        all_pages(kernel, &first, |p: &wire::CommentsPage| p.pagination.next_url()).await?;
    let mut users = HashMap::new();
    let mut comments = Vec::new();
    let mut skipped = 0;
    for page in pages {
        users.extend(page.users.into_iter().map(|u| (u.id, u)));
        comments.extend(keep("comment", page.comments, &mut skipped));
    }
    let me = kernel.session.user_id()?;
    let changed =
        kernel.store.write(|tx| db::replace_remote_comments(tx, local_id, updated_at, &comments, &users, me))?;
    if changed {
        kernel.events.emit(Event::TicketChanged { ticket_id: local_id.to_owned() });
    }
    Ok(skipped)
}
