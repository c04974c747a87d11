//! `helpline-demo`: a guided tour of the Helpline SDK, and a small command-line client.
//!
//! With no command it runs the tour against an embedded reference helpdesk, so a newcomer
//! sees the whole life of a ticket (offline included) in a few seconds with nothing to set up.
//! With `--server URL --data DIR <command>` it is a client of any helpdesk, handy to poke
//! at a running server or to watch the outbox survive being offline across runs.

mod agent;
mod commands;
mod print;
mod tour;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "helpline-demo",
    version,
    about = "Guided tour and command-line client of the Helpline SDK",
    after_help = "With no command, runs the guided tour against an embedded helpdesk.\n\
                  Example: helpline-demo --server http://127.0.0.1:8080 --data ./demo-data tickets"
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
    /// Send what is queued, bring the helpdesk's view, and print the outbox.
    Sync,
}

#[derive(Subcommand, Debug)]
enum TicketAction {
    /// Create a ticket, then try to send it (it stays pending when offline).
    New {
        #[arg(long, default_value = "")]
        subject: String,
        #[arg(long)]
        body: String,
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
                "--server and --data go with a command (tickets, ticket, comment, sync); the tour runs its own server"
            )
        }
        None | Some(Command::Tour) => return tour::run().await,
        Some(command) => command,
    };
    let server = cli.server.context("this command needs --server URL (the helpdesk's base URL)")?;
    let data = cli.data.context("this command needs --data DIR (where the SDK keeps its data)")?;
    let helpline = commands::open(&server, &data, &cli.name, cli.email.as_deref())?;
    match command {
        Command::Tickets => commands::tickets(&helpline).await,
        Command::Ticket { action: TicketAction::New { subject, body } } => {
            commands::ticket_new(&helpline, &subject, &body).await
        }
        Command::Ticket { action: TicketAction::Show { id } } => commands::ticket_show(&helpline, &id).await,
        Command::Comment { id, text } => commands::comment(&helpline, &id, &text).await,
        Command::Sync => commands::sync(&helpline).await,
        Command::Tour => unreachable!("handled above"),
    }
}

/// Logs would drown the demo's own output: only when asked for, on stderr.
fn init_logs() {
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
}
