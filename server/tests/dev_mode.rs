//! Development mode: the published default secrets are refused at start without `--dev`, and
//! with it only requests naming a loopback host are served (421 otherwise: DNS rebinding).

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::{TempDir, body, client, start};
use helpline_protocol::paths;
use helpline_server::{RunningServer, ServerConfig};
use reqwest::header;
use tokio_tungstenite::tungstenite::{self, client::IntoClientRequest};

const SERVER: &str = env!("CARGO_BIN_EXE_helpline-server");
const AGENT_TOKEN: &str = "an-agent-token-of-this-test";
const JWT_SECRET: &str = "a-jwt-secret-of-this-test";

/// Runs the binary on a free port: `Ok(the "listening on" line)` once it serves (it is then
/// stopped), or `Err(what it said on stderr)` when it exits without serving.
fn run_binary(args: &[&str]) -> Result<String, String> {
    let dir = TempDir::new();
    let db = dir.db();
    let mut child = Command::new(SERVER)
        .args(["--port", "0", "--db", db.to_str().unwrap()])
        .args(args)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    if line.starts_with("listening on http://127.0.0.1:") {
        child.kill().unwrap();
        child.wait().unwrap();
        return Ok(line);
    }
    let output = child.wait_with_output().unwrap();
    assert!(!output.status.success(), "exited without serving but with success");
    Err(String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn the_binary_refuses_published_or_short_secrets_without_dev() {
    let err = run_binary(&[]).unwrap_err();
    assert!(err.contains("published default \"agent-secret\"") && err.contains("--dev"), "{err}");
    let err = run_binary(&["--agent-token", AGENT_TOKEN]).unwrap_err();
    assert!(err.contains("published default \"jwt-secret\""), "{err}");
    let err = run_binary(&["--agent-token", AGENT_TOKEN, "--jwt-secret", "short"]).unwrap_err();
    assert!(err.contains("shorter than 16 bytes") && err.contains("--jwt-secret"), "{err}");

    run_binary(&["--dev"]).expect("--dev accepts the defaults");
    run_binary(&["--dev", "--agent-token", "t", "--jwt-secret", "s"]).expect("--dev accepts short secrets");
    run_binary(&["--agent-token", AGENT_TOKEN, "--jwt-secret", JWT_SECRET]).expect("real secrets need no --dev");
}

#[tokio::test]
async fn the_library_refuses_them_too_outside_dev_mode() {
    let dir = TempDir::new();
    let config = ServerConfig { dev: false, ..ServerConfig::new(dir.db()) };
    let err = RunningServer::start(config).await.err().expect("refused").to_string();
    assert!(err.contains("agent-secret"), "{err}");
}

#[tokio::test]
async fn in_dev_mode_a_request_for_another_host_is_misdirected() {
    let h = start().await;
    let port = h.server.addr().port();
    let settings = h.url(&paths::sdk_settings("app"));
    let with_host = |host: String| h.http.get(&settings).header(header::HOST, host).send();

    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}"), "localhost".into()]
    {
        assert_eq!(with_host(host.clone()).await.unwrap().status(), 200, "{host}");
    }
    for host in [format!("evil.example:{port}"), "attacker.test".into(), format!("localhost.evil.example:{port}")] {
        let err = body(with_host(host.clone()).await.unwrap(), 421).await;
        assert_eq!(err["error"], "MisdirectedRequest", "{host}");
    }
    // Sign-in and the WebSocket upgrade are guarded too.
    let sign_in = h
        .http
        .post(h.url(paths::ANONYMOUS_AUTH))
        .header(header::HOST, "evil.example")
        .json(&serde_json::json!({"authentication": {"sdk_guid": "g"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(sign_in.status(), 421);
    let token = h.anon("ana").await;
    let mut req = format!("ws://{}{}", h.server.addr(), paths::REALTIME).into_client_request().unwrap();
    req.headers_mut().insert("Authorization", format!("Bearer {token}").parse().unwrap());
    req.headers_mut().insert("Host", "evil.example".parse().unwrap());
    match tokio_tungstenite::connect_async(req).await {
        Err(tungstenite::Error::Http(resp)) => assert_eq!(resp.status().as_u16(), 421),
        other => panic!("upgrade not refused: {:?}", other.map(|_| ())),
    }
    h.server.stop().await;
}

#[tokio::test]
async fn outside_dev_mode_any_host_is_served() {
    let dir = TempDir::new();
    let config = ServerConfig {
        dev: false,
        agent_token: AGENT_TOKEN.into(),
        jwt_secret: JWT_SECRET.into(),
        ..ServerConfig::new(dir.db())
    };
    let server = RunningServer::start(config).await.unwrap();
    let resp = client()
        .get(format!("{}{}", server.base_url(), paths::AGENT_TICKETS))
        .bearer_auth(AGENT_TOKEN)
        .header(header::HOST, "helpdesk.example")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    server.stop().await;
}
