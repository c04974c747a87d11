//! `cargo xtask <task>`: the project's tasks, in Rust so they run the same everywhere.

mod test;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Helpline project tasks")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Every test: Rust unit, contract and end-to-end tests, and the demo's.
    Test,
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().task {
        Task::Test => test::run(),
    }
}
