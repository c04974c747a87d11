//! The full test run, as CI runs it, and the Kotlin benchmarks.

use std::fs;
use std::process::Command;

use anyhow::bail;

use crate::util::{self, cargo, root, target_dir};
use crate::{actionlint, bindings, conformance, syntax};

pub fn run() -> anyhow::Result<()> {
    // Formatting first: it takes a second and keeps every later diff about code (rustfmt.toml).
    cargo(&["fmt", "--all", "--", "--check"])?;
    cargo(&["test", "--workspace", "--all-targets", "--exclude", "xtask", "--exclude", "uniffi-bindgen"])?;
    // The tasks' own parsing (the NDK's version, readelf's program headers), in a separate binary.
    cargo(&["test", "-p", "xtask", "--bins"])?;
    // An app may ship fewer capabilities (tickets + help center here): that build must compile.
    cargo(&["check", "-p", "helpline-ffi", "--no-default-features", "--features", "help-center"])?;
    // Lints as errors: what clippy finds is fixed, not piled up.
    cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])?;
    // The Kotlin tests start the reference server binary and load the host library; the
    // conformance kit's binary is run against it, in both of its modes.
    cargo(&["build", "-p", "helpline-server", "-p", "helpline-conformance"])?;
    conformance::run()?;
    bindings::generate()?;
    kotlin_tests()?;
    ui_tests()?;
    syntax::swift()?;
    syntax::kotlin()?;
    // The release workflows run nowhere else before a tag: checked here.
    actionlint::check()?;
    Ok(())
}

/// tests/kotlin on the host JVM (Maven fetches its own dependencies).
fn kotlin_tests() -> anyhow::Result<()> {
    let reports = root().join("tests/kotlin/target/surefire-reports");
    let _ = fs::remove_dir_all(&reports);
    let outcome = util::run(maven(&target_dir().join("debug")).arg("test"));
    let (passed, failed, skipped) = surefire_counts(&reports);
    println!("kotlin: {passed} passed, {failed} failed, {skipped} skipped");
    outcome?;
    if passed == 0 {
        bail!("the Kotlin tests ran no test");
    }
    Ok(())
}

/// tests/compose: the Compose UI kit's screens on the desktop JVM, against the same server and
/// library; their screenshots go to target/screenshots.
fn ui_tests() -> anyhow::Result<()> {
    let reports = root().join("tests/compose/target/surefire-reports");
    let _ = fs::remove_dir_all(&reports);
    let debug = target_dir().join("debug");
    let mut mvn = Command::new(if cfg!(windows) { "mvn.cmd" } else { "mvn" });
    mvn.args(["-B", "-q", "-f", "tests/compose/pom.xml", "test"])
        .arg(format!("-Dhelpline.serverDir={}", debug.display()))
        .arg(format!("-Dhelpline.libDir={}", debug.display()))
        .arg(format!("-Dhelpline.screenshotDir={}", target_dir().join("screenshots").display()));
    let outcome = util::run(&mut mvn);
    let (passed, failed, _) = surefire_counts(&reports);
    println!("ui: {passed} passed, {failed} failed");
    outcome?;
    if passed == 0 {
        bail!("the UI tests ran no test");
    }
    Ok(())
}

/// `cargo xtask bench-kotlin`: the Kotlin benchmarks against the release library (built
/// once; opt-level z + LTO is slow), with bindings generated from the debug one.
pub fn bench_kotlin() -> anyhow::Result<()> {
    cargo(&["build", "-p", "helpline-server"])?;
    bindings::generate()?;
    cargo(&["build", "--release", "-p", "helpline-ffi"])?;
    let release = target_dir().join("release");
    util::run(maven(&release).args(["-Pbench", "test-compile", "exec:java"]))
}

/// Maven on tests/kotlin, with the server from target/debug and the library from `lib_dir`.
fn maven(lib_dir: &std::path::Path) -> Command {
    let mut mvn = Command::new(if cfg!(windows) { "mvn.cmd" } else { "mvn" });
    mvn.args(["-B", "-q", "-f", "tests/kotlin/pom.xml"])
        .arg(format!("-Dhelpline.serverDir={}", target_dir().join("debug").display()))
        .arg(format!("-Dhelpline.libDir={}", lib_dir.display()));
    mvn
}

/// (passed, failed, skipped) from Surefire's XML reports.
fn surefire_counts(dir: &std::path::Path) -> (u32, u32, u32) {
    let (mut tests, mut failed, mut skipped) = (0, 0, 0);
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with("TEST-") && name.ends_with(".xml")) {
            continue;
        }
        let Ok(xml) = fs::read_to_string(entry.path()) else { continue };
        let Some(suite) = xml.find("<testsuite ").map(|at| &xml[at..]) else { continue };
        let suite = &suite[..suite.find('>').unwrap_or(suite.len())];
        tests += attribute(suite, "tests");
        failed += attribute(suite, "failures") + attribute(suite, "errors");
        skipped += attribute(suite, "skipped");
    }
    (tests.saturating_sub(failed + skipped), failed, skipped)
}

fn attribute(tag: &str, name: &str) -> u32 {
    let key = format!(" {name}=\"");
    tag.find(&key)
        .map(|at| &tag[at + key.len()..])
        .and_then(|rest| rest.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}
