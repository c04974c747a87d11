//! The demo's app-context commands as a user runs them, against an in-process reference
//! helpdesk: `attribute` (offline too: kept, then sent by `sync`), `attributes`, `breadcrumb`,
//! and `ticket new --meta NAME=VALUE --attach-log`, checked on the agent's side.

use std::path::PathBuf;
use std::process::{Command, Output};

use helpline_server::{RunningServer, ServerConfig};
use serde_json::Value;

fn demo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_helpline-demo"))
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("run helpline-demo")
}

/// The output, once the command succeeded (else the whole of it, to read).
fn ok(output: &Output) -> String {
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "exit {:?}\n--- stdout\n{out}\n--- stderr\n{err}", output.status);
    out
}

/// A directory removed at the end of the test.
struct Scratch(PathBuf);

fn scratch(name: &str) -> Scratch {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let path = std::env::temp_dir().join(format!("helpline-demo-context-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&path).unwrap();
    Scratch(path)
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The agent's GET of `path`, as JSON.
async fn agent(url: &str, token: &str, path: &str) -> Value {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let response = reqwest::Client::new().get(format!("{url}{path}")).bearer_auth(token).send().await.unwrap();
    assert!(response.status().is_success(), "{path}: {}", response.status());
    response.json().await.unwrap()
}

fn helpdesk_id(created: &str) -> String {
    created
        .split("Sent: the helpdesk knows it as #")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap_or_else(|| panic!("not sent:\n{created}"))
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attributes_breadcrumbs_and_a_tickets_values_and_log_reach_the_agent() {
    let dir = scratch("online");
    let config = ServerConfig::new(dir.0.join("helpdesk.sqlite3"));
    let token = config.agent_token.clone();
    let server = RunningServer::start(config).await.unwrap();
    let url = server.base_url();
    let data = dir.0.join("app").to_string_lossy().into_owned();
    let run = |args: &[&str]| demo(&[&["--server", url.as_str(), "--data", data.as_str()][..], args].concat());

    let set = ok(&run(&["attribute", "plan", "pro"]));
    assert!(set.contains("Attribute plan = \"pro\" stored on this device."), "{set}");
    assert!(set.contains("Sent: the helpdesk has it"), "{set}");
    ok(&run(&["attribute", "seats", "3"]));
    let listed = ok(&run(&["attributes"]));
    assert!(listed.contains("plan = \"pro\" (sent)") && listed.contains("seats = 3 (sent)"), "{listed}");
    let refused = run(&["attribute", "Plan-Type", "x"]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("invalid user_fields.Plan-Type"), "{err}");

    assert!(ok(&run(&["breadcrumb", "Opened cart"])).contains("Breadcrumb kept on this device"));
    let args = ["ticket", "new", "--body", "Card refused", "--meta", "order_id=A-1042", "--attach-log"];
    let id = helpdesk_id(&ok(&run(&args)));

    let ticket = agent(&url, &token, &format!("/api/v2/tickets/{id}.json")).await;
    let metadata = &ticket["ticket"]["metadata"];
    assert_eq!(metadata["custom"], serde_json::json!({"order_id": "A-1042"}), "{ticket}");
    assert_eq!(metadata["breadcrumbs"][0]["text"], "Opened cart", "{ticket}");
    assert_eq!(metadata["device"]["app_version"], env!("CARGO_PKG_VERSION"), "{ticket}");
    let comments = agent(&url, &token, &format!("/api/v2/tickets/{id}/comments.json")).await;
    let files = &comments["comments"][0]["attachments"];
    assert_eq!(files[0]["file_name"], "helpline-sdk-log.txt", "{comments}");
    let requester = ticket["ticket"]["requester_id"].as_u64().unwrap();
    let user = agent(&url, &token, &format!("/api/v2/users/{requester}.json")).await;
    assert_eq!(user["user"]["user_fields"], serde_json::json!({"plan": "pro", "seats": 3}), "{user}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attribute_set_offline_is_kept_then_sent_by_sync() {
    let dir = scratch("offline");
    let config = ServerConfig::new(dir.0.join("helpdesk.sqlite3"));
    let server = RunningServer::start(config.clone()).await.unwrap();
    let addr = server.addr();
    server.stop().await;
    let url = format!("http://{addr}");
    let data = dir.0.join("app").to_string_lossy().into_owned();
    let run = |args: &[&str]| demo(&[&["--server", url.as_str(), "--data", data.as_str()][..], args].concat());

    let set = ok(&run(&["attribute", "beta", "true"]));
    assert!(set.contains("Not sent yet"), "{set}");
    assert!(ok(&run(&["attributes"])).contains("beta = true (pending)"));

    let server = RunningServer::start(ServerConfig { port: addr.port(), ..config }).await.unwrap();
    assert!(ok(&run(&["sync"])).contains("writes still pending: 0"));
    assert!(ok(&run(&["attributes"])).contains("beta = true (sent)"));
    server.stop().await;
}
