//! `cargo xtask fuzz`: every cargo-fuzz target in fuzz/ for a while each, one after another
//! (libFuzzer on the nightly toolchain). What a run finds lands in fuzz/artifacts/<target>;
//! the corpus grows in fuzz/corpus/<target>, which the stable regression test replays.

use std::process::Command;

use anyhow::{Context, bail};

use crate::util::{self, root};

/// A run's limits: memory per process, and the largest input (an export page, a frame).
const RSS_LIMIT_MB: u32 = 2048;
const MAX_INPUT_BYTES: u32 = 64 * 1024;

pub fn run(seconds: u32, only: Option<String>) -> anyhow::Result<()> {
    ensure_cargo_fuzz()?;
    let fuzz_dir = root().join("fuzz");
    let listed = Command::new("cargo")
        .args(["+nightly", "fuzz", "list"])
        .current_dir(&fuzz_dir)
        .output()
        .context("cannot list the fuzz targets")?;
    let targets: Vec<String> = String::from_utf8_lossy(&listed.stdout).lines().map(str::to_owned).collect();
    let chosen: Vec<&String> = targets.iter().filter(|t| only.as_ref().is_none_or(|o| o == *t)).collect();
    if chosen.is_empty() {
        bail!("no fuzz target {only:?}; there are {targets:?}");
    }
    let mut failed = Vec::new();
    for target in chosen {
        let mut command = Command::new("cargo");
        // -a: overflow and other debug assertions stay on in the optimized build.
        command.args(["+nightly", "fuzz", "run", "-O", "-a", target, "--"]).args([
            format!("-max_total_time={seconds}"),
            format!("-rss_limit_mb={RSS_LIMIT_MB}"),
            format!("-max_len={MAX_INPUT_BYTES}"),
            "-print_final_stats=1".into(),
        ]);
        command.current_dir(&fuzz_dir);
        println!("$ (fuzz/) cargo +nightly fuzz run -O -a {target} -- -max_total_time={seconds}");
        let status = command.status().context("cannot run cargo fuzz")?;
        if !status.success() {
            failed.push(target.clone());
        }
    }
    if !failed.is_empty() {
        bail!("findings in {failed:?}: see fuzz/artifacts/");
    }
    Ok(())
}

/// cargo-fuzz from crates.io, installed once when missing.
fn ensure_cargo_fuzz() -> anyhow::Result<()> {
    if util::available("cargo", &["+nightly", "fuzz", "--version"]) {
        return Ok(());
    }
    util::cargo(&["install", "cargo-fuzz", "--locked"])
}
