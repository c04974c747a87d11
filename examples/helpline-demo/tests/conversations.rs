//! The demo's several conversations: `chat` starts one, `chat --new` another, `conversations`
//! lists both with their last messages, `chat --conversation ID` opens the first again.

mod common;

use std::path::PathBuf;
use std::process::{Command, Stdio};

use helpline_server::{RunningServer, ServerConfig};

/// The id in "Conversation 12 — ...".
fn opened(out: &str) -> u64 {
    let line = out.lines().find(|l| l.starts_with("Conversation ")).unwrap_or_else(|| panic!("{out}"));
    line.split_whitespace().nth(1).and_then(|id| id.parse().ok()).unwrap_or_else(|| panic!("{line}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_new_and_conversation_open_the_conversations_listed() {
    let dir: PathBuf = std::env::temp_dir().join(format!("helpline-demo-conversations-{}", uuid_like()));
    std::fs::create_dir_all(&dir).unwrap();
    let server = RunningServer::start(ServerConfig::new(dir.join("helpdesk.sqlite3"))).await.unwrap();
    let base = ["--server".to_owned(), server.base_url(), "--data".to_owned(), dir.join("app").display().to_string()];
    let with = |extra: &[&str]| base.iter().cloned().chain(extra.iter().map(|s| s.to_string())).collect::<Vec<_>>();

    let first = opened(&common::demo_with_input(with(&["chat"]), "About my first order\n/quit\n").await);
    let second_out = common::demo_with_input(with(&["chat", "--new"]), "About my second order\n/quit\n").await;
    let second = opened(&second_out);
    assert_ne!(first, second, "--new starts another one");

    let listed = common::demo_with_input(with(&["conversations"]), "").await;
    let row = |id: u64| listed.lines().find(|l| l.starts_with(&id.to_string())).unwrap_or_else(|| panic!("{listed}"));
    assert!(row(first).contains("About my first order"), "{listed}");
    assert!(row(second).contains("About my second order") && row(second).contains('*'), "the open one: {listed}");
    assert!(listed.contains("unread in all"), "{listed}");

    let again = common::demo_with_input(with(&["chat", "--conversation", &first.to_string()]), "/quit\n").await;
    assert_eq!(opened(&again), first);
    assert!(again.contains("About my first order") && !again.contains("About my second order"), "{again}");
    let mut unknown = Command::new(env!("CARGO_BIN_EXE_helpline-demo"));
    unknown.args(with(&["chat", "--conversation", "999999"])).env_remove("RUST_LOG").stdin(Stdio::null());
    let refused = unknown.output().unwrap();
    assert!(!refused.status.success(), "an unknown conversation is refused");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not found"));
    server.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}

fn uuid_like() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{}-{nanos}", std::process::id())
}
