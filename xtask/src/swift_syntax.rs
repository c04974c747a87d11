//! Syntax check of every Swift file (there is no Swift toolchain on the project's machines):
//! tree-sitter-swift, from PyPI, in a venv under target/ made once.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::util::{root, run, target_dir};

const PACKAGES: [&str; 2] = ["tree-sitter==0.26.1", "tree-sitter-swift==0.7.4"];

pub fn check() -> anyhow::Result<()> {
    let python = venv()?;
    let mut files = Vec::new();
    for dir in ["ios", "tests/swift"] {
        swift_files(&root().join(dir), &mut files)?;
    }
    if files.is_empty() {
        bail!("no Swift file found under ios/ and tests/swift");
    }
    files.sort();
    run(Command::new(python).arg(root().join("xtask/swift_syntax.py")).args(&files))
}

/// The venv's python, with the pinned packages installed (only when missing).
fn venv() -> anyhow::Result<PathBuf> {
    let dir = target_dir().join("swift-syntax-venv");
    let python = dir.join(if cfg!(windows) { "Scripts/python.exe" } else { "bin/python" });
    if !python.exists() {
        run(Command::new("python3").args(["-m", "venv"]).arg(&dir))
            .context("cannot create a Python venv (on Debian: apt-get install python3-venv)")?;
    }
    let pinned = "import importlib.metadata as m; import sys; \
                  sys.exit(0 if (m.version('tree-sitter'), m.version('tree-sitter-swift')) == ('0.26.1', '0.7.4') else 1)";
    let installed = Command::new(&python).args(["-c", pinned]).output().is_ok_and(|o| o.status.success());
    if !installed {
        run(Command::new(&python).args(["-m", "pip", "install", "-q", "--disable-pip-version-check"]).args(PACKAGES))?;
    }
    Ok(python)
}

fn swift_files(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path.is_dir() {
            // SwiftPM's build directory and the XCFramework are not sources.
            if name != ".build" && !name.ends_with(".xcframework") {
                swift_files(&path, out)?;
            }
        } else if name.ends_with(".swift") {
            out.push(path);
        }
    }
    Ok(())
}
