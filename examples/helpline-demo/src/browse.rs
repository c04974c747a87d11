//! `browse`: the SDK's help center screen in the terminal. It reads lines (typed, or piped by a
//! script): a number opens the item listed under it, `/search words` searches, `back` closes
//! what is open, `vote up|down` rates the open article, `refresh` syncs, `quit` leaves. What it
//! prints is the screen's state; the browsing, searching and caching are the SDK's.

use std::sync::Arc;
use std::time::Duration;

use anyhow::bail;
use helpline_core::{
    HelpCenterLoad, HelpCenterScreen, HelpCenterState, HelpCenterStatus, HelpCenterSync, Helpline, SearchSource,
    VoteValue,
};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::watch;

use crate::print;

const HELP: &str = "Type a number to open it, /search WORDS, back, vote up|down, refresh, quit.";

/// What a number opens: the items of the list shown last.
#[derive(Clone, Copy)]
enum Target {
    Category(i64),
    Section(i64),
    Article(i64),
}

pub async fn interactive(helpline: &Helpline) -> anyhow::Result<()> {
    let screen = helpline.help_center_screen();
    let (tx, mut states) = watch::channel(screen.state());
    let _subscription = screen.subscribe(Arc::new(move |state: HelpCenterState| {
        tx.send_replace(state);
    }));
    let first = until(&mut states, "the help center", |s| match s.status {
        HelpCenterStatus::Loading => false,
        HelpCenterStatus::Ready => !matches!(s.cache.sync, HelpCenterSync::NotYet | HelpCenterSync::Syncing),
        HelpCenterStatus::Disabled | HelpCenterStatus::Failed { .. } => true,
    })
    .await?;
    println!("{}", header(&first));
    if first.status == HelpCenterStatus::Disabled {
        return Ok(());
    }
    println!("{HELP}\n");
    let mut targets = show(&first);
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    while let Some(line) = lines.next_line().await? {
        let line = line.trim();
        match line {
            "" => continue,
            "quit" | "/quit" | "q" => break,
            "back" | "/back" => {
                // The article, then the search, the section, the category.
                if !screen.back() {
                    println!("(the top of the help center; `quit` leaves)");
                }
            }
            "refresh" | "/refresh" => match screen.refresh().await {
                Ok(report) => println!("{}", print::help_center_sync_report(&report)),
                Err(e) => println!("Could not sync ({e}); the help center on this device is shown."),
            },
            _ if line.starts_with("vote ") => vote(&screen, line.trim_start_matches("vote ").trim()).await,
            _ if line.starts_with("/search") => {
                search(&screen, &mut states, line.trim_start_matches("/search").trim()).await?;
            }
            _ => match line.parse::<usize>().ok().and_then(|n| targets.get(n.wrapping_sub(1)).copied()) {
                Some(item) => open(&screen, item).await,
                None => {
                    println!("{HELP}");
                    continue;
                }
            },
        }
        println!();
        targets = show(&screen.state());
    }
    Ok(())
}

/// Where the help center on this device stands.
fn header(state: &HelpCenterState) -> String {
    let on_device = match state.cache.usage {
        Some(usage) => {
            format!("{} article(s) on this device, {} readable offline", usage.articles, usage.bodies_cached)
        }
        None => "nothing on this device yet".to_owned(),
    };
    match (&state.status, &state.cache.sync) {
        (HelpCenterStatus::Disabled, _) => "The helpdesk switched the help center off for this app.".to_owned(),
        (HelpCenterStatus::Failed { error }, _) => format!("The help center on this device cannot be read: {error}"),
        (_, HelpCenterSync::Failed { error }) => {
            format!("Help center ({}): could not sync ({error}); {on_device}.", state.locale)
        }
        _ => format!("Help center ({}), synced: {on_device}.", state.locale),
    }
}

async fn open(screen: &HelpCenterScreen, item: Target) {
    let opened = match item {
        Target::Category(id) => screen.open_category(id).await,
        Target::Section(id) => screen.open_section(id).await,
        Target::Article(id) => screen.open_article(id).await,
    };
    if let Err(e) = opened {
        println!("Cannot open it: {e}");
    }
}

async fn vote(screen: &HelpCenterScreen, value: &str) {
    let value = match value {
        "up" => VoteValue::Up,
        "down" => VoteValue::Down,
        _ => return println!("vote up, or vote down"),
    };
    match screen.vote(value).await {
        Ok(()) => println!("Your vote: {} (kept on this device, sent to the helpdesk).", print::vote(value)),
        Err(e) => println!("Cannot vote: {e}"),
    }
}

/// The device's results at once, then the helpdesk's when they come.
async fn search(
    screen: &HelpCenterScreen,
    states: &mut watch::Receiver<HelpCenterState>,
    query: &str,
) -> anyhow::Result<()> {
    if let Err(e) = screen.set_query(query.to_owned()).await {
        println!("Cannot search: {e}");
        return Ok(());
    }
    let now = screen.state().search;
    if let Some(results) = &now.results {
        println!("{} result(s) on this device; asking the helpdesk…", results.hits.len());
    }
    until(states, "the helpdesk's results", |s| s.search.query == query && s.search.load != HelpCenterLoad::Loading)
        .await?;
    Ok(())
}

/// Prints what is open, the innermost first, and returns what its numbers open.
fn show(state: &HelpCenterState) -> Vec<Target> {
    if let Some(open) = &state.article {
        match (&open.load, &open.article) {
            (HelpCenterLoad::Failed { error }, _) => println!("Cannot show {:?}: {error}", open.title),
            (_, Some(article)) => {
                if let Some(reason) = &open.fallback_reason {
                    println!("Could not reach the helpdesk ({reason}); the copy on this device:\n");
                }
                println!("{}", print::article(0, article));
            }
            (_, None) => println!("Loading {:?}…", open.title),
        }
        if open.related.is_empty() {
            return vec![];
        }
        println!("\nRelated:");
        return numbered(open.related.iter().map(|a| (Target::Article(a.id), a.title.clone())));
    }
    if !state.search.query.is_empty() {
        return match (&state.search.load, &state.search.results) {
            (HelpCenterLoad::Failed { error }, None) => {
                println!("Cannot search {:?}: {error}", state.search.query);
                vec![]
            }
            (_, Some(results)) => {
                let from = match (results.source, &results.fallback_reason) {
                    (SearchSource::Online, _) => "from the helpdesk".to_owned(),
                    (SearchSource::Offline, Some(reason)) => {
                        format!("from this device (helpdesk unreachable: {reason})")
                    }
                    (SearchSource::Offline, None) => "from this device".to_owned(),
                };
                println!("{} result(s) for {:?}, {from}:", results.hits.len(), state.search.query);
                numbered(results.hits.iter().map(|h| {
                    (Target::Article(h.article.id), format!("{} — {}", h.article.title, print::snippet(&h.snippet)))
                }))
            }
            (_, None) => vec![],
        };
    }
    if let Some(open) = &state.section {
        println!("{}", open.section.name);
        if let HelpCenterLoad::Failed { error } = &open.load {
            println!("Cannot list its articles: {error}");
        }
        return numbered(open.articles.iter().map(|a| {
            let offline = if a.body_cached { "" } else { "  (online only)" };
            (Target::Article(a.id), format!("{}{offline}", a.title))
        }));
    }
    if let Some(open) = &state.category {
        println!("{}", open.category.name);
        return numbered(open.sections.iter().map(|s| (Target::Section(s.id), s.name.clone())));
    }
    if state.categories.is_empty() {
        println!("No help center on this device yet: `refresh` brings it when the helpdesk can be reached.");
        return vec![];
    }
    println!("Categories:");
    numbered(
        state
            .categories
            .iter()
            .map(|c| (Target::Category(c.category.id), format!("{} ({} sections)", c.category.name, c.sections.len()))),
    )
}

fn numbered(rows: impl Iterator<Item = (Target, String)>) -> Vec<Target> {
    rows.enumerate()
        .map(|(i, (item, text))| {
            println!("{:>3}. {text}", i + 1);
            item
        })
        .collect()
}

/// Waits for a state `wanted` accepts (the SDK's own timeouts end every request before this).
async fn until(
    states: &mut watch::Receiver<HelpCenterState>,
    what: &str,
    wanted: impl Fn(&HelpCenterState) -> bool,
) -> anyhow::Result<HelpCenterState> {
    match tokio::time::timeout(Duration::from_secs(60), states.wait_for(|s| wanted(s))).await {
        Ok(Ok(state)) => Ok(state.clone()),
        Ok(Err(_)) => bail!("the help center screen closed"),
        Err(_) => bail!("timed out waiting for {what}"),
    }
}
