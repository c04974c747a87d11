//! Syntax checks of the code no machine of the project compiles: Swift (no Swift toolchain) and
//! the Kotlin that needs the Android SDK. tree-sitter grammars from PyPI, in one venv under
//! target/ made once; the scripts beside this crate walk the trees and report.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::util::{root, run, target_dir};

/// Exact versions: a newer grammar may accept or refuse other code (see each script's gaps).
const PACKAGES: [&str; 3] = ["tree-sitter==0.26.1", "tree-sitter-swift==0.7.4", "tree-sitter-kotlin==1.1.0"];

/// Every Swift file under ios/, tests/swift and examples/ios, and the root Package.swift.
pub fn swift() -> anyhow::Result<()> {
    let mut files = vec![root().join("Package.swift")];
    for dir in ["ios", "tests/swift", "examples/ios"] {
        // SwiftPM's build directory and the XCFramework are not sources.
        sources(&root().join(dir), "swift", &|name| name == ".build" || name.ends_with(".xcframework"), &mut files)?;
    }
    check("xtask/swift_syntax.py", files)
}

/// The Android-only Kotlin, the Compose kit and the hand-written SDK layer (the uniffi-generated
/// files are compiled by the JVM tests anyway).
pub fn kotlin() -> anyhow::Result<()> {
    let generated = root().join("android/src/main/kotlin/dev/helpline/sdk/helpline.kt");
    let mut files = Vec::new();
    for dir in
        ["android/src/android", "android/src/ui-android", "android/src/ui", "android/src/main/kotlin/dev/helpline/sdk"]
    {
        sources(&root().join(dir), "kt", &|_| false, &mut files)?;
    }
    files.retain(|file| *file != generated);
    check("xtask/kotlin_syntax.py", files)
}

fn check(script: &str, mut files: Vec<PathBuf>) -> anyhow::Result<()> {
    if files.is_empty() {
        bail!("no file for {script} to check");
    }
    files.sort();
    run(Command::new(venv()?).arg(root().join(script)).args(&files))
}

/// The venv's python, with the pinned packages installed (only when missing).
fn venv() -> anyhow::Result<PathBuf> {
    let dir = target_dir().join("syntax-venv");
    let python = dir.join(if cfg!(windows) { "Scripts/python.exe" } else { "bin/python" });
    if !python.exists() {
        run(Command::new("python3").args(["-m", "venv"]).arg(&dir))
            .context("cannot create a Python venv (on Debian: apt-get install python3-venv)")?;
    }
    let pinned = "import importlib.metadata as m, sys; \
                  sys.exit(0 if all(m.version(n) == v for n, v in (p.split('==') for p in sys.argv[1:])) else 1)";
    let installed =
        Command::new(&python).args(["-c", pinned]).args(PACKAGES).output().is_ok_and(|o| o.status.success());
    if !installed {
        run(Command::new(&python).args(["-m", "pip", "install", "-q", "--disable-pip-version-check"]).args(PACKAGES))?;
    }
    Ok(python)
}

/// Files ending in `.{extension}` under `dir` (none if it is missing), minus directories `skip`
/// names.
fn sources(dir: &Path, extension: &str, skip: &dyn Fn(&str) -> bool, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path.is_dir() {
            if !skip(&name) {
                sources(&path, extension, skip, out)?;
            }
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
    Ok(())
}
