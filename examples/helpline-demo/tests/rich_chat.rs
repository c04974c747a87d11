//! The demo's `chat` with rich messages: the greeting's quick replies are numbered, `/1` taps
//! one, the bot's form is filled with `/form` (refused first for a bad email, naming the field),
//! then shown as answered.

mod common;

use helpline_server::{RunningServer, ServerConfig};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_taps_a_quick_reply_and_fills_the_bots_form() {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let dir = std::env::temp_dir().join(format!("helpline-demo-rich-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let server = RunningServer::start(ServerConfig::new(dir.join("helpdesk.sqlite3"))).await.unwrap();
    let (url, data) = (server.base_url(), dir.join("app").display().to_string());
    let input = "/1\n/form\n1042\nana\n1\n/form\n1042\nana@example.com\n2\n/quit\n";
    let args = ["--server", &url, "--data", &data, "chat"].map(str::to_owned).to_vec();
    let out = common::demo_with_input(args, input).await;
    assert!(out.contains("[1: Track my order] [2: Talk to a person]"), "the greeting's choices:\n{out}");
    assert!(out.contains("(you chose \"Track my order\")"), "{out}");
    assert!(out.contains("Delivery [1=Standard, 2=Express]:"), "the select's options:\n{out}");
    assert!(out.contains("(not sent: form.email:"), "a bad email is refused, naming the field:\n{out}");
    assert!(
        out.contains("(form sent) {answered: delivery: express; email: ana@example.com; order_number: 1042}"),
        "then sent, and shown as answered:\n{out}"
    );
    server.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}
