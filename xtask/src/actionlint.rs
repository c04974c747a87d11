//! `cargo xtask actionlint`: the GitHub Actions workflows (.github/workflows) checked with
//! actionlint, since no machine of the project can run them. actionlint is built from the Go
//! module proxy at a pinned version into target/tools, once.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::util::{available, root, run, target_dir};

/// Exact version: a newer actionlint knows other actions' inputs and may report other problems.
const VERSION: &str = "v1.7.12";
const PACKAGE: &str = "github.com/rhysd/actionlint/cmd/actionlint";

pub fn check() -> anyhow::Result<()> {
    let workflows = workflows()?;
    let actionlint = install()?;
    // -oneline: one problem a line, so the closing line can count them.
    let output = Command::new(&actionlint)
        .arg("-oneline")
        .args(&workflows)
        .current_dir(root())
        .output()
        .with_context(|| format!("cannot run {}", actionlint.display()))?;
    let report = String::from_utf8_lossy(&output.stdout);
    print!("{report}");
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    let problems = report.lines().filter(|line| !line.trim().is_empty()).count();
    println!("actionlint: {} workflows, {problems} problems", workflows.len());
    // Exit code 1 is "problems found"; 2 and 3 are bad options and actionlint's own failures.
    match output.status.code() {
        Some(0) => Ok(()),
        Some(1) => bail!("actionlint found {problems} problems in .github/workflows"),
        _ => bail!("actionlint failed: {}", output.status),
    }
}

/// target/tools/actionlint at [VERSION], built with `go install` when missing or at another
/// version.
fn install() -> anyhow::Result<PathBuf> {
    let tools = target_dir().join("tools");
    let binary = tools.join(if cfg!(windows) { "actionlint.exe" } else { "actionlint" });
    if installed_version(&binary).as_deref() == Some(VERSION) {
        return Ok(binary);
    }
    if !available("go", &["version"]) {
        bail!(
            "cargo xtask actionlint needs Go (go on the PATH) to build actionlint {VERSION} from the Go module \
             proxy: install Go 1.25 or newer (in GitHub Actions: actions/setup-go before this step)"
        );
    }
    run(Command::new("go").arg("install").arg(format!("{PACKAGE}@{VERSION}")).env("GOBIN", &tools))
        .context("cannot build actionlint with go install")?;
    match installed_version(&binary) {
        Some(version) if version == VERSION => Ok(binary),
        other => bail!("{} reports version {other:?}, not {VERSION}", binary.display()),
    }
}

/// The first line of `actionlint -version` ("v1.7.12"), or None when it does not run.
fn installed_version(binary: &Path) -> Option<String> {
    let output = Command::new(binary).arg("-version").output().ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8_lossy(&output.stdout).lines().next().map(|line| line.trim().to_owned())
}

/// Every .yml and .yaml file in .github/workflows, relative to the root (as actionlint then
/// names them), sorted; none is an error (nothing would be checked).
fn workflows() -> anyhow::Result<Vec<PathBuf>> {
    let dir = Path::new(".github/workflows");
    let entries = std::fs::read_dir(root().join(dir)).with_context(|| format!("cannot read {}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let name = entry?.file_name();
        if Path::new(&name).extension().is_some_and(|e| e == "yml" || e == "yaml") {
            files.push(dir.join(name));
        }
    }
    if files.is_empty() {
        bail!("no workflow in {}", dir.display());
    }
    files.sort();
    Ok(files)
}
