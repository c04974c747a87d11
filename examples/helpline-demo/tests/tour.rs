//! Runs the demo binary as a user would: the tour end to end, and the subcommands against
//! an in-process reference helpdesk, online and offline.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use helpline_server::{RunningServer, ServerConfig};

const OFFLINE_COMMENT: &str = "A Pixel 8, app version 4.2";

fn demo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_helpline-demo"))
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("run helpline-demo")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Fails with the whole output, so a broken step is easy to read.
fn assert_ok(output: &Output) -> String {
    let out = stdout(output);
    assert!(
        output.status.success(),
        "exit {:?}\n--- stdout\n{out}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

/// A fresh directory, removed at the end of the test.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        let path = std::env::temp_dir().join(format!("helpline-demo-test-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn str(&self, child: &str) -> String {
        self.0.join(child).to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn the_tour_runs_to_completion_and_the_offline_comment_goes_from_pending_to_sent() {
    let output = demo(&[]);
    let out = assert_ok(&output);
    let states: Vec<&str> = out
        .lines()
        .filter(|line| line.contains(OFFLINE_COMMENT))
        .filter_map(|line| ["pending", "sent"].into_iter().find(|state| line.contains(state)))
        .collect();
    assert_eq!(states, ["pending", "sent"], "the offline comment should be shown pending, then sent:\n{out}");
    assert!(out.contains("[10/10]"), "{out}");
    assert!(out.contains("What you saw"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticket_new_then_tickets_lists_it() {
    let scratch = Scratch::new("online");
    let server = RunningServer::start(ServerConfig::new(scratch.path().join("helpdesk.sqlite3"))).await.unwrap();
    let url = server.base_url();
    let data = scratch.str("app");
    let base = ["--server", url.as_str(), "--data", data.as_str(), "--name", "Test user"];

    let created = assert_ok(&demo(
        &[&base[..], &["ticket", "new", "--subject", "Printer on fire", "--body", "Send help"]].concat(),
    ));
    assert!(created.contains("Sent: the helpdesk knows it as #"), "{created}");

    let listed = assert_ok(&demo(&[&base[..], &["tickets"]].concat()));
    let line =
        listed.lines().find(|l| l.contains("Printer on fire")).unwrap_or_else(|| panic!("not listed:\n{listed}"));
    assert!(line.contains(" sent "), "{listed}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticket_new_offline_stays_pending_and_a_later_sync_sends_it() {
    let scratch = Scratch::new("offline");
    let config = ServerConfig::new(scratch.path().join("helpdesk.sqlite3"));
    let server = RunningServer::start(config.clone()).await.unwrap();
    let addr = server.addr();
    server.stop().await;
    let url = format!("http://{addr}");
    let data = scratch.str("app");
    let base = ["--server", url.as_str(), "--data", data.as_str()];

    let created = assert_ok(&demo(
        &[&base[..], &["ticket", "new", "--subject", "Offline", "--body", "Written on a plane"]].concat(),
    ));
    assert!(created.contains("stored on this device: pending"), "{created}");
    assert!(created.contains("Not sent yet"), "{created}");

    let server = RunningServer::start(ServerConfig { port: addr.port(), ..config }).await.unwrap();
    let synced = assert_ok(&demo(&[&base[..], &["sync"]].concat()));
    assert!(synced.contains("writes still pending: 0"), "{synced}");
    assert!(synced.contains("outbox: empty"), "{synced}");

    let listed = assert_ok(&demo(&[&base[..], &["tickets"]].concat()));
    let line = listed.lines().find(|l| l.contains("Offline")).unwrap_or_else(|| panic!("not listed:\n{listed}"));
    assert!(line.contains(" sent ") && line.contains('#'), "{listed}");
    server.stop().await;
}
