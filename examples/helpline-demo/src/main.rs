//! `helpline-demo`: a guided tour of the Helpline SDK, and a small command-line client.
//!
//! With no command it runs the tour against an embedded reference helpdesk, so a newcomer
//! sees the whole life of a ticket (offline included) in a few seconds with nothing to set up.
//! With `--server URL --data DIR <command>` it is a client of any helpdesk, handy to poke
//! at a running server or to watch the outbox survive being offline across runs.

mod agent;
mod browse;
mod chat;
mod commands;
mod context;
mod conversations;
mod csat;
mod png;
mod print;
mod rating;
mod rich;
mod tour;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};
use helpline_core::{DEFAULT_SEARCH_LIMIT, VoteValue};

#[derive(Parser, Debug)]
#[command(
    name = "helpline-demo",
    version,
    about = "Guided tour and command-line client of the Helpline SDK",
    after_help = "With no command, runs the guided tour against an embedded helpdesk.\n\
                  Examples (D=\"--server http://127.0.0.1:8080 --data ./demo-data\"):\n  \
                  helpline-demo $D tickets\n  \
                  helpline-demo $D csat ID good             (a solved ticket: good|bad [--comment TEXT])\n  \
                  helpline-demo $D attribute plan pro       (your user fields; breadcrumb TEXT; attributes)\n  \
                  helpline-demo $D ticket new --body T --meta order=A-1 --attach-log\n  \
                  helpline-demo $D conversations            (then `chat --conversation ID`, or `chat --new`)\n  \
                  helpline-demo $D articles sync            (then `articles list`, readable offline)\n  \
                  helpline-demo $D search \"reset password\"  (--offline: the device's index only)\n  \
                  helpline-demo $D article show ID          (article vote ID up|down to rate it)\n  \
                  helpline-demo $D browse                   (the help center screen: numbers, /search, back, quit)\n  \
                  helpline-demo $D rating status            (rating launch|event|outcome ...; settings)"
)]
struct Cli {
    /// Base URL of the helpdesk (https, or http on loopback).
    #[arg(long, global = true, value_name = "URL")]
    server: Option<String>,
    /// Where the SDK keeps its database and install id: reuse it to stay the same user.
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Name of the anonymous user.
    #[arg(long, global = true, default_value = "Demo user")]
    name: String,
    /// Email of the anonymous user.
    #[arg(long, global = true)]
    email: Option<String>,
    /// The user's locale for the help center (its language, then en-us, when the helpdesk lacks it).
    #[arg(long, global = true, default_value = "en-us")]
    locale: String,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// The guided tour (the default when no command is given).
    Tour,
    /// Refresh from the helpdesk, then list your tickets (the cache when offline).
    Tickets,
    /// Create or show a ticket.
    Ticket {
        #[command(subcommand)]
        action: TicketAction,
    },
    /// Add a comment to a ticket (queued, then sent if the helpdesk answers).
    Comment {
        /// Helpdesk id (42), or local id (or its first characters).
        id: String,
        text: String,
    },
    /// Rate a solved ticket good or bad (again to change it): stored, then sent.
    Csat {
        /// Helpdesk id (42), or local id (or its first characters).
        id: String,
        score: csat::Score,
        /// A word for the team (up to 1,000 characters).
        #[arg(long)]
        comment: Option<String>,
    },
    /// Send what is queued, bring the helpdesk's view, and print the outbox.
    Sync,
    /// Chat live with the support team in the terminal (/quit to leave).
    Chat {
        /// Start another conversation beside the active ones (when the helpdesk allows several).
        #[arg(long, conflicts_with = "conversation")]
        new: bool,
        /// Open this conversation (see `conversations`) instead of the current one.
        #[arg(long, value_name = "ID")]
        conversation: Option<i64>,
    },
    /// Your chat conversations: status, unread messages, the last one.
    Conversations,
    /// Set an attribute of yours for the helpdesk (its user fields): true/false, a number, or text.
    Attribute { name: String, value: String },
    /// Your attributes as this device keeps them, and whether the helpdesk has each.
    Attributes,
    /// Note a step of yours in the app: the latest 20 go with your next ticket or chat.
    Breadcrumb { text: String },
    /// The help center kept on this device: bring it, or browse it.
    Articles {
        #[command(subcommand)]
        action: ArticlesAction,
    },
    /// The help center as an app's screen shows it: lines on stdin open what is listed under a
    /// number, `/search WORDS` (this device's results, then the helpdesk's), `back`, `vote up|down`,
    /// `refresh`, `quit`.
    Browse,
    /// Read or rate one help-center article.
    Article {
        #[command(subcommand)]
        action: ArticleAction,
    },
    /// The helpdesk's remote settings for this app (features, contact form, locales, rating rules).
    Settings,
    /// The store-rating prompt: should the app ask now? Record launches, events, answers.
    Rating {
        #[command(subcommand)]
        action: RatingAction,
    },
    /// Search the help center: on the helpdesk, or on this device when it cannot be reached.
    Search {
        query: String,
        /// Search the device's index only, without asking the helpdesk.
        #[arg(long)]
        offline: bool,
        /// Results to show at most.
        #[arg(long, default_value_t = DEFAULT_SEARCH_LIMIT, value_name = "N")]
        limit: i32,
    },
}

#[derive(Subcommand, Debug)]
enum RatingAction {
    /// The counters, the last answer, and whether to ask now (offline, no network needed).
    Status,
    /// Record one launch of the app, at this version.
    Launch {
        #[arg(long, default_value = "1.0")]
        version: String,
    },
    /// Record one significant event (a happy moment of the user's).
    Event,
    /// Record the user's answer to the prompt: rated, later, declined, or feedback TEXT.
    Outcome { answer: rating::Answer, text: Option<String> },
}

#[derive(Subcommand, Debug)]
enum ArticlesAction {
    /// Bring the help center onto the device: everything the first time, then what changed.
    Sync,
    /// Categories, sections and article titles from the cache (no network).
    List {
        /// Only this section's articles, with their ids.
        #[arg(long, value_name = "ID")]
        section: Option<i64>,
    },
}

#[derive(Subcommand, Debug)]
enum ArticleAction {
    /// Fetch an article and print it as text (the cached copy when offline).
    Show { id: i64 },
    /// Was this article helpful? Recorded at once, sent to the helpdesk (later if offline).
    Vote { id: i64, vote: Vote },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Vote {
    Up,
    Down,
}

impl From<Vote> for VoteValue {
    fn from(vote: Vote) -> Self {
        match vote {
            Vote::Up => VoteValue::Up,
            Vote::Down => VoteValue::Down,
        }
    }
}

#[derive(Subcommand, Debug)]
enum TicketAction {
    /// Create a ticket, then try to send it (it stays pending when offline).
    New {
        #[arg(long, default_value = "")]
        subject: String,
        #[arg(long)]
        body: String,
        /// A file to attach (repeat for more): copied at once, uploaded when the ticket is sent.
        #[arg(long = "attach", value_name = "FILE")]
        attach: Vec<PathBuf>,
        /// A value of the app's for the agent (repeat for more): NAME=VALUE.
        #[arg(long = "meta", value_name = "NAME=VALUE")]
        meta: Vec<String>,
        /// Attach the SDK's recent log (helpline-sdk-log.txt), for the agent to debug with.
        #[arg(long)]
        attach_log: bool,
    },
    /// Refresh one ticket and print its conversation.
    Show {
        /// Helpdesk id (42), or local id (or its first characters).
        id: String,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    init_logs();
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let command = match cli.command {
        None | Some(Command::Tour) if cli.server.is_some() || cli.data.is_some() => {
            bail!(
                "--server and --data go with a command (tickets, ticket, comment, csat, sync, articles, article, browse, \
                 search, settings, rating, attribute, attributes, breadcrumb); \
                 the tour runs its own server"
            )
        }
        None | Some(Command::Tour) => return tour::run().await,
        Some(command) => command,
    };
    let server = cli.server.context("this command needs --server URL (the helpdesk's base URL)")?;
    let data = cli.data.context("this command needs --data DIR (where the SDK keeps its data)")?;
    let helpline = commands::open(&server, &data, &cli.locale, &cli.name, cli.email.as_deref()).await?;
    match command {
        Command::Tickets => commands::tickets(&helpline).await,
        Command::Ticket { action: TicketAction::New { subject, body, attach, meta, attach_log } } => {
            let extras = commands::Extras { attach, metadata: context::metadata(&meta)?, attach_log };
            commands::ticket_new(&helpline, &subject, &body, extras).await
        }
        Command::Ticket { action: TicketAction::Show { id } } => commands::ticket_show(&helpline, &id).await,
        Command::Comment { id, text } => commands::comment(&helpline, &id, &text).await,
        Command::Csat { id, score, comment } => csat::rate(&helpline, &id, score, comment.as_deref()).await,
        Command::Sync => commands::sync(&helpline).await,
        Command::Chat { new, conversation } => chat::interactive(&helpline, chat::Opening::of(new, conversation)).await,
        Command::Conversations => conversations::list(&helpline).await,
        Command::Attribute { name, value } => context::set(&helpline, &name, &value).await,
        Command::Attributes => context::list(&helpline),
        Command::Breadcrumb { text } => context::breadcrumb(&helpline, &text).await,
        Command::Browse => browse::interactive(&helpline).await,
        Command::Articles { action: ArticlesAction::Sync } => commands::articles_sync(&helpline).await,
        Command::Articles { action: ArticlesAction::List { section } } => commands::articles_list(&helpline, section),
        Command::Article { action: ArticleAction::Show { id } } => commands::article_show(&helpline, id).await,
        Command::Article { action: ArticleAction::Vote { id, vote } } => {
            commands::article_vote(&helpline, id, vote.into()).await
        }
        Command::Search { query, offline, limit } => commands::search(&helpline, &query, offline, limit).await,
        Command::Settings => rating::settings(&helpline).await,
        Command::Rating { action: RatingAction::Status } => rating::show(&helpline).await,
        Command::Rating { action: RatingAction::Launch { version } } => rating::launch(&helpline, &version).await,
        Command::Rating { action: RatingAction::Event } => rating::event(&helpline).await,
        Command::Rating { action: RatingAction::Outcome { answer, text } } => {
            rating::outcome(&helpline, answer, text).await
        }
        Command::Tour => unreachable!("handled above"),
    }
}

/// Logs would drown the demo's own output: on stderr only when asked for (`RUST_LOG`). The
/// SDK's own layer is always there: `ticket new --attach-log` attaches what it kept.
fn init_logs() {
    use tracing_subscriber::prelude::*;
    let stderr = std::env::var_os("RUST_LOG").is_some().then(|| {
        tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_filter(tracing_subscriber::EnvFilter::from_default_env())
    });
    tracing_subscriber::registry().with(stderr).with(helpline_core::log_layer()).init();
}
