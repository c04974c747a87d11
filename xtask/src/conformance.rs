//! The conformance kit's binary against the reference server's binary, in both of the server's
//! modes: the command lines a backend team types, flags and exit codes included (the kit's own
//! test runs the same checks in-process).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use anyhow::{Context, bail};

use crate::util::{root, target_dir};

/// The development secrets (`--dev`): the kit's agent and JWT checks use them.
const AGENT_TOKEN: &str = "agent-secret";
const JWT_SECRET: &str = "jwt-secret";

/// Runs `target/debug/helpline-conformance` against `target/debug/helpline-server` (both built).
pub fn run() -> anyhow::Result<()> {
    let scratch = target_dir().join("xtask-conformance");
    std::fs::create_dir_all(&scratch)?;
    for (mode, extra) in [("every Helpline addition", None), ("--zendesk-only", Some("--zendesk-only"))] {
        let db = scratch.join(format!("server-{}.db", extra.map_or("helpline", |_| "zendesk")));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        let mut server = Server::start(&db, extra)?;
        println!("$ helpline-conformance --server {} ({mode})", server.url);
        let output = Command::new(binary("helpline-conformance"))
            .args(["--server", &server.url, "--agent-token", AGENT_TOKEN, "--jwt-secret", JWT_SECRET])
            .current_dir(root())
            .output()
            .context("cannot run helpline-conformance")?;
        server.stop();
        let report = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            println!("{report}");
            bail!("the conformance kit failed against the reference server ({mode}): {}", output.status);
        }
        println!("conformance ({mode}): {}", report.lines().last().unwrap_or("no report"));
    }
    Ok(())
}

fn binary(name: &str) -> std::path::PathBuf {
    target_dir().join("debug").join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

/// The reference server on a free port, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(db: &std::path::Path, extra: Option<&str>) -> anyhow::Result<Server> {
        let mut command = Command::new(binary("helpline-server"));
        command.args(["--port", "0", "--dev", "--seed", "demo", "--db"]).arg(db).args(extra);
        let mut child = command
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("cannot start helpline-server (is it built?)")?;
        let mut line = String::new();
        let stdout = child.stdout.take().context("the server's output")?;
        BufReader::new(stdout).read_line(&mut line)?;
        let Some(url) = line.trim().strip_prefix("listening on ") else {
            let _ = child.kill();
            bail!("helpline-server did not start: {line:?}");
        };
        Ok(Server { url: url.to_owned(), child })
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}
