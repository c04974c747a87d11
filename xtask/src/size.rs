//! `cargo xtask size`: roughly what the SDK adds to an app for one ABI, measured on the Linux
//! host library. The release library is stripped (as after binding generation, which reads
//! symbols) and gzipped, about what an app download grows by. A second build packs relative
//! relocations (RELR); the Android build packs its own (`--pack-dyn-relocs=android`), so this
//! approximates what phones get.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::util::{available, root, run, target_dir};

const LIBRARY: &str = "libhelpline_ffi.so";

pub fn report() -> anyhow::Result<()> {
    let tools = ["strip", "size", "gzip"];
    if !cfg!(target_os = "linux") || !tools.iter().all(|tool| available(tool, &["--version"])) {
        bail!("cargo xtask size measures the Linux host library: it needs Linux, binutils (strip, size) and gzip");
    }
    let plain = build(&target_dir(), None)?;
    let packed = build(&target_dir().join("size-packed"), Some("-C link-arg=-Wl,-z,pack-relative-relocs"))?;
    println!();
    describe("host release library", &plain)?;
    describe("with packed relocations (as on Android)", &packed)?;
    let sections = String::from_utf8(output(Command::new("size").arg("-A").arg(&packed))?)?;
    if !sections.contains(".relr.dyn") {
        eprintln!("warning: the linker ignored -z pack-relative-relocs (binutils 2.38+ needed): not packed");
    }
    Ok(())
}

/// Builds the release library into `target` (with extra RUSTFLAGS) and returns its path.
fn build(target: &Path, rustflags: Option<&str>) -> anyhow::Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build.args(["build", "--release", "-p", "helpline-ffi"]).env("CARGO_TARGET_DIR", target);
    if let Some(flags) = rustflags {
        let mut all = std::env::var("RUSTFLAGS").unwrap_or_default();
        all.push(' ');
        all.push_str(flags);
        build.env("RUSTFLAGS", all.trim());
    }
    run(&mut build)?;
    Ok(target.join("release").join(LIBRARY))
}

fn describe(title: &str, library: &Path) -> anyhow::Result<()> {
    let stripped = library.with_file_name(format!("stripped-{LIBRARY}"));
    std::fs::copy(library, &stripped).with_context(|| format!("cannot copy {}", library.display()))?;
    run(Command::new("strip").arg("--strip-all").arg(&stripped))?;
    let gzipped = output(Command::new("gzip").args(["-9", "-c"]).arg(&stripped))?.len();
    let size = std::fs::metadata(&stripped)?.len();
    println!("{title}:");
    println!("  stripped {}   gzip -9 {}", mb(size), mb(gzipped as u64));
    // The largest sections: code, unwind tables (kept: uniffi turns panics into errors),
    // constants, relocations.
    let sections = String::from_utf8(output(Command::new("size").arg("-A").arg(&stripped))?)?;
    let mut rows: Vec<(String, u64)> = sections
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let (name, bytes) = (fields.next()?, fields.next()?.parse().ok()?);
            name.starts_with('.').then(|| (name.to_owned(), bytes))
        })
        .collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.1));
    let shown: Vec<String> = rows.iter().take(6).map(|(name, bytes)| format!("{name} {}", mb(*bytes))).collect();
    println!("  {}", shown.join(", "));
    Ok(())
}

fn output(command: &mut Command) -> anyhow::Result<Vec<u8>> {
    let out = command.current_dir(root()).output().context("cannot run a size tool")?;
    if !out.status.success() {
        bail!("{command:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(out.stdout)
}

fn mb(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / 1e6)
}
