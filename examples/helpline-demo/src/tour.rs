//! The guided tour: the help center and the life of one ticket, offline included, against an
//! embedded reference helpdesk in a scratch directory. Each step prints what it does and what
//! the SDK reports, and checks it, so the tour doubles as a smoke test (it fails loudly
//! instead of lying).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, ensure};
use helpline_core::{
    AttributeValue, Config, DeliveryState, Helpline, Identity, Outcome, SearchSource, SyncProgress, TicketDraft,
};
use helpline_server::{RunningServer, ServerConfig};

use crate::agent::Agent;
use crate::commands::{APP_ID, CLIENT_ID};
use crate::png;
use crate::print::{self, waiting};

const STEPS: u32 = 17;
/// Where the tour's details are printed, under the step titles.
const INDENT: usize = 6;

const SUBJECT: &str = "The app crashes when I add a photo";
/// The generated picture attached to the ticket.
const SCREENSHOT: &str = "screenshot.png";
const DESCRIPTION: &str = "Every time I attach a photo to my order, the app closes.";
const AGENT_REPLY: &str = "Sorry about that, Ana! Which phone and app version do you use?";
const OFFLINE_COMMENT: &str = "A Pixel 8, app version 4.2 (written on the train, offline).";
/// What Ana looks up in the help center while offline.
const OFFLINE_QUERY: &str = "password";
/// The version of Ana's app, for the rating prompt.
const APP_VERSION: &str = "4.2";
/// Help-center results the tour shows at most.
const SHOWN: usize = 3;

pub async fn run() -> anyhow::Result<()> {
    let scratch = Scratch::new()?;
    let db_path = scratch.path().join("helpdesk.sqlite3");
    let data_dir = scratch.path().join("app-data");

    println!("Helpline demo: a guided tour of the SDK");
    println!("=======================================");
    println!("Everything runs on this machine, in {} (deleted at the end).", scratch.path().display());

    step(1, "Start a reference helpdesk (embedded, with demo data)");
    let mut server_config = ServerConfig::new(&db_path);
    server_config.seed_demo = true;
    let server = RunningServer::start(server_config.clone()).await.context("starting the reference helpdesk")?;
    let base_url = server.base_url();
    say(&format!("listening on {base_url}"));
    say(&format!("its database: {}", db_path.display()));

    step(2, "Open the SDK");
    let config =
        Config { app_version: Some(APP_VERSION.into()), ..Config::new(&base_url, APP_ID, CLIENT_ID, &data_dir) };
    let helpline = Helpline::open(config).context("opening the SDK")?;
    let tickets = helpline.tickets();
    say(&format!("local database: {}", helpline.database_path().display()));
    say("Opening never touches the network: an app shows its cached tickets at once.");

    step(3, "Sign in anonymously as Ana");
    helpline
        .set_identity(Identity::Anonymous { name: Some("Ana".into()), email: Some("ana@example.com".into()) })
        .await?;
    say("identity: anonymous, name Ana, email ana@example.com");
    say("No network needed either: the SDK signs in on its first call, and this install");
    say("(its install id, kept in the data dir) stays the same helpdesk user across runs.");

    step(4, "Sync the help center onto the device");
    let help_center = helpline.help_center();
    let bar = print::sync_progress("Syncing the help center");
    let pages = Arc::new(Mutex::new(Vec::<SyncProgress>::new()));
    let (seen, progress) = (Arc::clone(&pages), bar.clone());
    let result = help_center
        .sync_with_progress(move |p| {
            progress.set_message(print::sync_progress_message(p));
            seen.lock().unwrap_or_else(|e| e.into_inner()).push(p);
        })
        .await;
    bar.finish_and_clear();
    let report = result.context("syncing the help center")?;
    let pages = pages.lock().unwrap_or_else(|e| e.into_inner()).clone();
    for p in &pages {
        say(&format!("progress: {}", print::sync_progress_message(*p)));
    }
    say(&format!("sync(): {}", print::help_center_sync_report(&report)));
    ensure!(
        report.full && report.articles_changed > 0 && !pages.is_empty(),
        "expected a full first sync reporting its progress, got {report:?} after {pages:?}"
    );
    say("Every article is now on the device: browsable and searchable offline. The next");
    say("sync asks only for what changed (one request when nothing did).");

    step(5, "Browse it, from the cache");
    let categories = help_center.categories()?;
    let sections = help_center.sections(None)?;
    let articles = help_center.articles(None)?;
    say(&format!(
        "categories(): {}, sections(None): {}, articles(None): {} (locale {})",
        categories.len(),
        sections.len(),
        articles.len(),
        help_center.locale()?
    ));
    ensure!(
        !categories.is_empty() && !sections.is_empty() && articles.len() == report.articles_changed as usize,
        "the cache does not hold what the sync brought: {} categories, {} sections, {} articles",
        categories.len(),
        sections.len(),
        articles.len()
    );
    for category in categories.iter().take(2) {
        let first = sections.iter().find(|s| s.category_id == category.id).context("a category without sections")?;
        let titles: Vec<&str> =
            articles.iter().filter(|a| a.section_id == first.id).take(2).map(|a| a.title.as_str()).collect();
        say(&format!("{} > {}", category.name, first.name));
        for title in titles {
            say(&format!("  - {title}"));
        }
    }
    let promoted = help_center.promoted_articles()?;
    say(&format!("promoted_articles(), for a front page: {}", promoted.len()));
    for article in promoted.iter().take(SHOWN) {
        say(&format!("  - {}", article.title));
    }
    say("No network involved: an app opens its help center at once, even on a plane.");

    step(6, "Suggestions while Ana writes a ticket");
    say(&format!("subject: \"{SUBJECT}\""));
    say(&format!("description: \"{DESCRIPTION}\""));
    let suggestions = help_center.suggestions(SUBJECT, DESCRIPTION, SHOWN as i32)?;
    ensure!(!suggestions.is_empty(), "no suggestion for the ticket draft");
    say(&format!("suggestions(subject, description, {SHOWN}): articles that may answer it, before sending:"));
    println!("{}", print::search_hits(INDENT + 2, &suggestions));
    say("Ana reads them, but her problem is not there: she sends her ticket anyway.");

    step(7, "Create a ticket, with a screenshot attached");
    // The app's context for the agent: who Ana is to the app, and what she just did.
    helpline.set_user_attributes([("plan".to_owned(), AttributeValue::Text("premium".into()))].into()).await?;
    helpline.leave_breadcrumb("Opened order #1042").await?;
    helpline.leave_breadcrumb("Tapped Add photo").await?;
    say("The app set Ana's attribute plan=premium and left two breadcrumbs as she went along.");
    let screenshot = scratch.path().join(SCREENSHOT);
    std::fs::write(&screenshot, png::screenshot(96, 64)).context("writing the screenshot")?;
    let draft = TicketDraft {
        subject: SUBJECT.into(),
        description: DESCRIPTION.into(),
        attachments: vec![screenshot],
        metadata: [("order_id".to_owned(), AttributeValue::Text("1042".into()))].into(),
        ..Default::default()
    };
    let events = helpline.subscribe();
    let ticket = tickets.create(draft).await?;
    say(&format!(
        "created: local id {}, helpdesk id {}, delivery {}",
        print::short_id(&ticket.id),
        print::remote_id(ticket.remote_id),
        print::delivery(&ticket.delivery)
    ));
    say(&format!("attachments: [{SCREENSHOT}] (a generated PNG), copied into the SDK's data dir at once."));
    say("The ticket is already durable on the device, queued in the outbox. Now flush_outbox():");
    let (pending, uploaded) = crate::commands::flush_with_progress(&helpline, events).await?;
    for (file_name, size) in &uploaded {
        say(&format!("uploaded {file_name}: {} (UploadProgress events along the way)", print::size(*size)));
    }
    let ticket = tickets.get(&ticket.id)?.ticket;
    ensure!(
        pending == 0 && ticket.delivery == DeliveryState::Sent,
        "the ticket was not sent: {:?}",
        helpline.outbox()?
    );
    let remote_id = ticket.remote_id.context("a sent ticket has a helpdesk id")?;
    say(&format!(
        "sent: local id {}, helpdesk id {}, delivery {}, status {}",
        print::short_id(&ticket.id),
        print::remote_id(ticket.remote_id),
        print::delivery(&ticket.delivery),
        ticket.status.as_str()
    ));

    step(8, "An agent answers, from the helpdesk's side");
    let agent = Agent::new(&base_url, &server_config.agent_token)?;
    waiting("Agent replying", agent.reply(remote_id, AGENT_REPLY, "pending")).await?;
    say(&format!("PUT /api/v2/tickets/{remote_id}.json: a public comment, and status \"pending\""));
    say(&format!("  (pending means: waiting for the user) \"{AGENT_REPLY}\""));
    let queue = waiting("Agent listing tickets", agent.tickets()).await?;
    say(&format!("The agent's queue holds {} ticket(s), every user's; Ana only ever sees hers.", queue.len()));
    let seen = queue.iter().find(|t| t["id"].as_i64() == Some(remote_id)).map(|t| &t["metadata"]);
    let context = seen.context("the agent's queue lacks Ana's ticket")?;
    let trail: Vec<&str> =
        context["breadcrumbs"].as_array().into_iter().flatten().filter_map(|b| b["text"].as_str()).collect();
    say(&format!(
        "With it, the app's context: order_id {}, app {} on {}, her last steps: {}",
        context["custom"]["order_id"],
        context["device"]["app_version"],
        context["device"]["os"],
        trail.join(" > ")
    ));

    step(9, "Sync, then list Ana's tickets");
    let report = waiting("Syncing", helpline.sync()).await?;
    say(&format!("sync(): {}", print::sync_report(&report)));
    println!("{}", print::tickets(INDENT, &tickets.list()?));
    let unread = tickets.unread_count()?;
    ensure!(unread == 1, "expected one unread ticket, found {unread}");
    say(&format!("unread_count() = {unread}: the * is the badge an app would show."));

    step(10, "Open the ticket: its conversation");
    let detail = waiting("Refreshing the ticket", tickets.refresh_ticket(&ticket.id)).await?;
    println!("{}", print::ticket_detail(INDENT, &detail));
    let shared = detail.comments.first().and_then(|c| c.attachments.first()).and_then(|a| a.content_url.clone());
    ensure!(shared.is_some(), "the screenshot is not listed with its URL: {:?}", detail.comments.first());
    say("Attachment URLs are served to Ana (download_attachment) and the agents only.");

    step(11, "Mark it read");
    tickets.mark_read(&ticket.id).await?;
    let unread = tickets.unread_count()?;
    ensure!(unread == 0, "still {unread} unread after mark_read");
    say(&format!("mark_read(); unread_count() = {unread}"));

    step(12, "Go offline, and answer anyway");
    let addr = server.addr();
    waiting("Stopping the helpdesk", server.stop()).await;
    say(&format!("helpdesk stopped: nothing answers on {addr} any more"));
    let comment = tickets.add_comment(&ticket.id, OFFLINE_COMMENT).await?;
    say(&format!(
        "add_comment(): comment {}, delivery {}",
        print::short_id(&comment.id),
        print::delivery(&comment.delivery)
    ));
    let pending = waiting("Trying to send", helpline.flush_outbox()).await?;
    say(&format!("flush_outbox() = {pending} write(s) still pending; the outbox says why:"));
    let outbox = helpline.outbox()?;
    println!("{}", print::outbox(INDENT, &outbox));
    ensure!(pending == 1 && outbox.len() == 1, "expected exactly one pending write offline, got {outbox:?}");
    let detail = tickets.get(&ticket.id)?;
    println!("{}", print::comments(INDENT, &detail.comments));
    say("Nothing is lost: the comment waits on the device, even if the app is killed now.");

    step(13, "Search the help center, still offline");
    let results = waiting("Searching", help_center.search(OFFLINE_QUERY, SHOWN as i32)).await?;
    say(&format!("search(\"{OFFLINE_QUERY}\", {SHOWN}): {}", print::search_summary(OFFLINE_QUERY, &results)));
    if let Some(reason) = &results.fallback_reason {
        say(&format!("fallback_reason: {reason}"));
    }
    println!("{}", print::search_hits(INDENT + 2, &results.hits));
    ensure!(
        results.source == SearchSource::Offline
            && results.fallback_reason.is_some()
            && !results.hits.is_empty()
            && results.hits.iter().all(|h| h.source == SearchSource::Offline),
        "expected offline results from the device's index, got {results:?}"
    );
    let first = &results.hits[0].article;
    let cached = help_center.article(first.id)?;
    ensure!(cached.body_html.is_some(), "article {} is not readable offline", first.id);
    say(&format!("article({}) reads \"{}\" from the cache too: the whole body, offline.", first.id, first.title));

    step(14, "Come back online, and sync");
    server_config.port = addr.port();
    let server = restart(server_config).await?;
    say(&format!("helpdesk back on {} with the same database", server.base_url()));
    let report = waiting("Syncing", helpline.sync()).await?;
    say(&format!("sync(): {}", print::sync_report(&report)));
    println!("{}", print::outbox(INDENT, &helpline.outbox()?));
    let detail = tickets.get(&ticket.id)?;
    println!("{}", print::comments(INDENT, &detail.comments));
    let sent = detail.comments.iter().any(|c| c.body == OFFLINE_COMMENT && c.delivery == DeliveryState::Sent);
    ensure!(report.outbox_pending == 0 && sent, "the offline comment was not sent after coming back");

    step(15, "The agent solves the ticket; Ana rates it");
    crate::csat::tour(&helpline, &agent, &ticket.id, INDENT).await?;

    step(16, "Should the app ask Ana for a store rating?");
    rate(&helpline).await?;

    step(17, "A live chat: an agent joins, types and answers");
    crate::chat::tour(&helpline, &agent, INDENT).await?;

    drop(helpline);
    server.stop().await;
    summary();
    Ok(())
}

/// The rating prompt: the app records launches and happy moments, the SDK answers from the
/// device whether to ask, by the rules of the helpdesk's settings.
async fn rate(helpline: &Helpline) -> anyhow::Result<()> {
    let settings = helpline.settings();
    let rules = &settings.rating;
    say(&format!(
        "The helpdesk's rules (remote settings): {} launch(es), {} day(s) installed, {} significant event(s).",
        rules.min_launches, rules.min_days_installed, rules.min_events
    ));
    let rating = helpline.rating();
    rating.record_launch(APP_VERSION).await?;
    let first = rating.should_prompt()?;
    say(&format!("record_launch(\"{APP_VERSION}\"); should_prompt(): {}", crate::rating::decision(&first)));
    say("Her ticket was answered: the app counts that as a happy moment.");
    rating.record_event().await?;
    let ready = rating.should_prompt()?;
    say(&format!("record_event(); should_prompt(): {}", crate::rating::decision(&ready)));
    ensure!(!first.should_prompt && ready.should_prompt, "expected no, then yes; got {first:?} then {ready:?}");
    say("The app shows the store's prompt; Ana taps \"Not now\":");
    rating.record_outcome(Outcome::RemindLater).await?;
    let later = rating.should_prompt()?;
    say(&format!("record_outcome(RemindLater); should_prompt(): {}", crate::rating::decision(&later)));
    ensure!(!later.should_prompt, "asked again right after \"not now\": {later:?}");
    say("No network for any of it. Declined is final; rated waits for a new version; an error");
    say("Ana meets (a refused form, a failed send) silences the prompt for a day.");
    Ok(())
}

/// Starts the helpdesk again on the same port, so the SDK's base URL still works. The port
/// was just released: give the OS a moment if it is not bindable yet.
async fn restart(config: ServerConfig) -> anyhow::Result<RunningServer> {
    let mut tries = 0;
    loop {
        match RunningServer::start(config.clone()).await {
            Ok(server) => return Ok(server),
            Err(_) if tries < 20 => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => return Err(e).with_context(|| format!("restarting the helpdesk on port {}", config.port)),
        }
    }
}

fn summary() {
    println!();
    println!("What you saw");
    println!("------------");
    println!("  - Every write is stored on the device first (pending) and returns at once, offline too.");
    println!("  - The outbox sends writes in order, exactly once, and tells why one waits; files are");
    println!("    copied at once and uploaded as part of their write, streamed, with progress.");
    println!("  - sync() sends what is queued and brings the helpdesk's view: answers, statuses, unread.");
    println!("  - The same data dir keeps the same install id, hence the same helpdesk user.");
    println!("  - The help center lives on the device: browse, search and read articles offline;");
    println!("    suggestions point to articles while a ticket is written.");
    println!("  - A solved ticket is offered a satisfaction rating: shown at once, sent by the outbox.");
    println!("  - The rating prompt is decided on the device, by the helpdesk's rules, without a request.");
    println!("  - Live chat runs over one WebSocket; messages carry a seq, so a reconnect misses nothing.");
    println!();
    println!("Try it yourself");
    println!("---------------");
    println!("  cargo run -p helpline-server -- --port 8080 --db helpdesk.sqlite3 --seed demo --dev");
    println!("  then, in another terminal (D=\"--server http://127.0.0.1:8080 --data ./demo-data\"):");
    println!("  cargo run -p helpline-demo -- $D ticket new --subject \"Hello\" --body \"It does not work\"");
    println!("      (add --attach FILE, once per file, to attach screenshots or logs)");
    println!("  cargo run -p helpline-demo -- $D tickets");
    println!("  cargo run -p helpline-demo -- $D ticket show ID     (helpdesk id such as 42, or local id)");
    println!("  cargo run -p helpline-demo -- $D comment ID \"More details\"");
    println!("  cargo run -p helpline-demo -- $D csat ID good --comment \"Thanks\"   (once the agent solved it)");
    println!("  cargo run -p helpline-demo -- $D sync");
    println!("  cargo run -p helpline-demo -- $D articles sync     (then `articles list [--section ID]`)");
    println!("  cargo run -p helpline-demo -- $D chat              (a live chat in the terminal)");
    println!("  cargo run -p helpline-demo -- $D settings          (the helpdesk's remote settings)");
    println!("  cargo run -p helpline-demo -- $D rating status     (rating launch|event|outcome later ...)");
    println!("  cargo run -p helpline-demo -- $D search \"reset password\"     (--offline: the device only)");
    println!("  cargo run -p helpline-demo -- $D article show ID    (`article vote ID up` to rate it)");
    println!("  Stop the server, run `ticket new` (it stays pending), start it again, run `sync`.");
    println!("  Stop the server: `search` and `article show` answer from the device.");
    println!("  Add --name and --email to choose who you are, --locale fr for the French help center;");
    println!("  RUST_LOG=info shows the SDK's logs.");
}

fn step(n: u32, title: &str) {
    println!("\n[{n}/{STEPS}] {title}");
}

fn say(text: &str) {
    println!("{}{text}", " ".repeat(INDENT));
}

/// A fresh directory for the tour's databases, removed when the tour ends (or fails).
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> anyhow::Result<Self> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let path = std::env::temp_dir().join(format!("helpline-demo-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(Self(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
