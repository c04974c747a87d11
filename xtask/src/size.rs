//! `cargo xtask size`: roughly what the SDK adds to an app for one ABI, measured on the Linux
//! host library, per feature set (every capability; tickets and the help center; tickets
//! alone), beside the dependencies alone. The release library is stripped (as after binding
//! generation, which reads symbols) and gzipped, about what an app download grows by. Each is
//! built twice: plain, and with relative relocations packed (RELR); the Android build packs its
//! own (`--pack-dyn-relocs=android`), so the packed row approximates what phones get.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::util::{available, root, run, target_dir};

/// What is measured: a name, the cargo arguments that select it, and the library they build.
/// Last, the SDK's dependencies alone (xtask/size-floor), each used once: the share of the
/// size that comes with the stack rather than with Helpline's code.
const BUILDS: &[(&str, &[&str], &str)] = &[
    ("all", &["-p", "helpline-ffi"], FFI),
    ("tickets + help center", &["-p", "helpline-ffi", "--no-default-features", "--features", "help-center"], FFI),
    ("tickets", &["-p", "helpline-ffi", "--no-default-features"], FFI),
    ("dependencies alone", &["-p", "helpline-size-floor"], "libhelpline_size_floor.so"),
];

const FFI: &str = "libhelpline_ffi.so";

const PACKED: &str = "-C link-arg=-Wl,-z,pack-relative-relocs";

pub fn report() -> anyhow::Result<()> {
    let tools = ["strip", "size", "gzip"];
    if !cfg!(target_os = "linux") || !tools.iter().all(|tool| available(tool, &["--version"])) {
        bail!("cargo xtask size measures the Linux host library: it needs Linux, binutils (strip, size) and gzip");
    }
    let mut rows = Vec::new();
    for (index, (name, selection, library)) in BUILDS.iter().enumerate() {
        let plain = build(&target_dir(), selection, library, None, index)?;
        let packed = build(&target_dir().join("size-packed"), selection, library, Some(PACKED), index)?;
        rows.push((*name, "plain", measure(&plain)?));
        rows.push((*name, "packed", measure(&packed)?));
    }
    println!();
    println!("{:<24} {:<12} {:>10} {:>10}", "build", "relocations", "stripped", "gzip -9");
    for (name, relocations, measured) in &rows {
        println!("{name:<24} {relocations:<12} {:>10} {:>10}", mb(measured.stripped), mb(measured.gzipped));
    }
    // The largest sections: code, unwind tables (kept: uniffi turns panics into errors),
    // constants, relocations.
    for (name, relocations, measured) in &rows {
        println!("{name}, {relocations}: {}", measured.sections);
    }
    if rows
        .iter()
        .any(|(_, relocations, measured)| *relocations == "packed" && !measured.sections.contains(".relr.dyn"))
    {
        eprintln!("warning: the linker ignored -z pack-relative-relocs (binutils 2.38+ needed): not packed");
    }
    Ok(())
}

/// Builds one release library into `target` (with extra RUSTFLAGS) and returns a copy of it
/// named after its row (the next feature set's build overwrites the original).
fn build(
    target: &Path,
    selection: &[&str],
    library: &str,
    rustflags: Option<&str>,
    row: usize,
) -> anyhow::Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build.args(["build", "--release"]).args(selection).env("CARGO_TARGET_DIR", target);
    if let Some(flags) = rustflags {
        let mut all = std::env::var("RUSTFLAGS").unwrap_or_default();
        all.push(' ');
        all.push_str(flags);
        build.env("RUSTFLAGS", all.trim());
    }
    run(&mut build)?;
    let library = target.join("release").join(library);
    let copy = library.with_file_name(format!("size-{row}.so"));
    std::fs::copy(&library, &copy).with_context(|| format!("cannot copy {}", library.display()))?;
    Ok(copy)
}

struct Measured {
    stripped: u64,
    gzipped: u64,
    /// The six largest sections of the stripped library.
    sections: String,
}

fn measure(library: &Path) -> anyhow::Result<Measured> {
    let stripped = library.with_file_name(format!("stripped-{}", library.file_name().unwrap_or_default().display()));
    std::fs::copy(library, &stripped).with_context(|| format!("cannot copy {}", library.display()))?;
    run(Command::new("strip").arg("--strip-all").arg(&stripped))?;
    let gzipped = output(Command::new("gzip").args(["-9", "-c"]).arg(&stripped))?.len() as u64;
    let size = std::fs::metadata(&stripped)?.len();
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
    let mut shown: Vec<String> = rows.iter().take(6).map(|(name, bytes)| format!("{name} {}", mb(*bytes))).collect();
    // Whether the packing took: the RELR section, however small.
    if let Some((name, bytes)) = rows.iter().skip(6).find(|(name, _)| name == ".relr.dyn") {
        shown.push(format!("{name} {}", mb(*bytes)));
    }
    Ok(Measured { stripped: size, gzipped, sections: shown.join(", ") })
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
