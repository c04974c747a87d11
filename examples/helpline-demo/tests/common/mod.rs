//! What the demo's tests share: running the demo with its standard input piped.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs the demo with `args`, `input` on its standard input; its output, or a failure showing
/// it if the demo failed.
pub async fn demo_with_input(args: Vec<String>, input: &'static str) -> String {
    let output: Output = tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_helpline-demo"))
            .args(&args)
            .env_remove("RUST_LOG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{out}\n--- stderr\n{}", String::from_utf8_lossy(&output.stderr));
    out
}
