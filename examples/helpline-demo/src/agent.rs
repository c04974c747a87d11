//! A tiny client of the helpdesk's agent API, so the tour can answer its own ticket the way
//! a support agent would from the helpdesk's side. It is deliberately not the SDK: the SDK
//! only ever speaks as the end user.

use anyhow::{Context, bail};
use serde_json::{Value, json};

pub struct Agent {
    http: reqwest::Client,
    base_url: String,
    token: String,
}

impl Agent {
    pub fn new(base_url: &str, token: &str) -> anyhow::Result<Self> {
        // reqwest is built without a TLS crypto provider (the workspace shares ring between
        // HTTP and WebSocket); building a client without one installed would panic.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder().build().context("building the agent's HTTP client")?;
        Ok(Self { http, base_url: base_url.trim_end_matches('/').to_owned(), token: token.to_owned() })
    }

    /// Posts a public comment as the agent and sets the ticket's status.
    pub async fn reply(&self, ticket_id: i64, body: &str, status: &str) -> anyhow::Result<()> {
        let url = format!("{}/api/v2/tickets/{ticket_id}.json", self.base_url);
        let payload = json!({"ticket": {"comment": {"body": body, "public": true}, "status": status}});
        let response = self.http.put(&url).bearer_auth(&self.token).json(&payload).send().await?;
        check(response).await.with_context(|| format!("agent reply to ticket #{ticket_id}"))?;
        Ok(())
    }

    /// Writes in a live conversation (the first time, the agent joins it).
    pub async fn say(&self, conversation_id: i64, text: &str) -> anyhow::Result<()> {
        let url = format!("{}/api/v2/agent/conversations/{conversation_id}/messages.json", self.base_url);
        let response =
            self.http.post(&url).bearer_auth(&self.token).json(&json!({"message": {"text": text}})).send().await?;
        check(response).await.with_context(|| format!("agent message in conversation {conversation_id}"))?;
        Ok(())
    }

    /// Shows (or stops showing) the agent typing in a live conversation.
    pub async fn typing(&self, conversation_id: i64, active: bool) -> anyhow::Result<()> {
        let url = format!("{}/api/v2/agent/conversations/{conversation_id}/typing.json", self.base_url);
        let response = self.http.post(&url).bearer_auth(&self.token).json(&json!({"active": active})).send().await?;
        check(response).await.with_context(|| format!("agent typing in conversation {conversation_id}"))?;
        Ok(())
    }

    /// Every satisfaction rating (first page), as raw JSON: what the agent's report lists.
    pub async fn satisfaction_ratings(&self) -> anyhow::Result<Vec<Value>> {
        let url = format!("{}/api/v2/satisfaction_ratings.json", self.base_url);
        let response = self.http.get(&url).bearer_auth(&self.token).send().await?;
        let body = check(response).await.context("listing the satisfaction ratings")?;
        Ok(body.get("satisfaction_ratings").and_then(Value::as_array).cloned().unwrap_or_default())
    }

    /// Every ticket on the helpdesk (first page), as raw JSON: what the agent sees, all users'.
    pub async fn tickets(&self) -> anyhow::Result<Vec<Value>> {
        let url = format!("{}/api/v2/tickets.json", self.base_url);
        let response = self.http.get(&url).bearer_auth(&self.token).send().await?;
        let body = check(response).await.context("listing the agent's tickets")?;
        Ok(body.get("tickets").and_then(Value::as_array).cloned().unwrap_or_default())
    }
}

/// The JSON body of a 2xx answer, or an error carrying the helpdesk's own description.
async fn check(response: reqwest::Response) -> anyhow::Result<Value> {
    let status = response.status();
    let text = response.text().await?;
    if !status.is_success() {
        bail!("helpdesk answered {status}: {text}");
    }
    Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
}
