//! A library that links what Helpline's release library links (HTTP over rustls and ring,
//! SQLite with FTS5, tokio, WebSockets, JSON, the HTML sanitizer, uniffi) and uses each once,
//! with none of Helpline's own code: the part of the release size that comes with the stack.
//! `cargo xtask size` builds it with the same profile and prints it beside the SDK.

use std::sync::Arc;

uniffi::setup_scaffolding!();

/// Fetches JSON from `url`, opens an FTS5 table in `database`, opens and closes a WebSocket
/// and sanitizes `html`; the first failure's text, or what was read.
#[uniffi::export]
pub fn touch_every_dependency(url: String, database: String, html: String) -> String {
    match run(url, database, html) {
        Ok(read) | Err(read) => read,
    }
}

fn run(url: String, database: String, html: String) -> Result<String, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = rustls_platform_verifier::Verifier::new(provider.clone()).map_err(|e| e.to_string())?;
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        let client = reqwest::Client::builder().use_preconfigured_tls(tls).build().map_err(|e| e.to_string())?;
        let answer = client.get(&url).send().await.map_err(|e| e.to_string())?;
        let json: serde_json::Value = answer.json().await.map_err(|e| e.to_string())?;
        let connection = rusqlite::Connection::open(&database).map_err(|e| e.to_string())?;
        connection
            .execute_batch("CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5(text)")
            .map_err(|e| e.to_string())?;
        let (mut socket, _) =
            tokio_tungstenite::connect_async(url.replacen("http", "ws", 1)).await.map_err(|e| e.to_string())?;
        socket.close(None).await.map_err(|e| e.to_string())?;
        Ok(format!("{json}{}", ammonia::clean(&html)))
    })
}
