//! Running commands, and where things are.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, bail};

/// The repository root. `cargo run` sets CARGO_MANIFEST_DIR for the running binary too; that
/// one wins over the compile-time path, which a binary reused from a shared target dir (built
/// in another clone) would carry.
pub fn root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let manifest_dir = manifest_dir.unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir.parent().expect("xtask lives in the workspace").to_path_buf()
}

/// Cargo's target directory (CARGO_TARGET_DIR is honoured).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

pub fn cargo(args: &[&str]) -> anyhow::Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(Command::new(cargo).args(args))
}

/// Runs a command from the repository root, echoing it; fails on a non-zero exit.
pub fn run(command: &mut Command) -> anyhow::Result<()> {
    command.current_dir(root());
    println!("$ {}", shown(command));
    let status = command.status().with_context(|| format!("cannot run {}", shown(command)))?;
    if !status.success() {
        bail!("{} failed: {status}", shown(command));
    }
    Ok(())
}

/// Whether `program` can be started (it answers `--version`).
pub fn available(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn shown(command: &Command) -> String {
    let mut line = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}
