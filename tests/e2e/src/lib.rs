//! Test harness: a reference server on 127.0.0.1 with a real SQLite file, SDK instances
//! with their own data directories, and an agent who answers over the agent API. The server
//! plays either a Helpline helpdesk or a stock Zendesk account ([`Mode`]); [`both_modes!`]
//! runs a test body against each.

use std::path::PathBuf;
use std::time::Duration;

use helpline_core::{Config, Event, EventStream, Helpline, Identity};
use helpline_protocol as wire;
use helpline_server::{Faults, RunningServer, ServerConfig};

pub const AGENT_TOKEN: &str = "agent-secret";
pub const JWT_SECRET: &str = "jwt-secret";
/// The app id every SDK of the harness opens with (its remote settings).
pub const APP_ID: &str = "test-app";

/// Which helpdesk the reference server plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every Helpline addition on: settings, live messaging, the end user's export...
    Helpline,
    /// A stock Zendesk account (`ServerConfig::zendesk_only`): none of them.
    Zendesk,
}

/// Runs each named `async fn name(mode: Mode)` as two tests, `name::helpline` and
/// `name::zendesk`: the same body against a Helpline helpdesk and a stock Zendesk.
#[macro_export]
macro_rules! both_modes {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn helpline() {
                super::$name($crate::Mode::Helpline).await
            }

            #[tokio::test]
            async fn zendesk() {
                super::$name($crate::Mode::Zendesk).await
            }
        }
    )+};
}

pub struct Harness {
    server: Option<RunningServer>,
    config: ServerConfig,
    base_url: String,
    faults: Faults,
    pub dir: tempfile::TempDir,
    agent: reqwest::Client,
}

impl Harness {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// A server playing `mode`.
    pub async fn start_in(mode: Mode) -> Self {
        Self::start_with(|c| c.zendesk_only = mode == Mode::Zendesk).await
    }

    /// A server playing `mode`, whose config `adjust` may change further.
    pub async fn start_in_with(mode: Mode, adjust: impl FnOnce(&mut ServerConfig)) -> Self {
        Self::start_with(|c| {
            c.zendesk_only = mode == Mode::Zendesk;
            adjust(c);
        })
        .await
    }

    /// Which helpdesk the server plays.
    pub fn mode(&self) -> Mode {
        if self.config.zendesk_only { Mode::Zendesk } else { Mode::Helpline }
    }

    /// Starts a server whose config `adjust` may change (rate limit, seed).
    pub async fn start_with(adjust: impl FnOnce(&mut ServerConfig)) -> Self {
        // The agent's HTTP client needs the crypto provider the SDK installs too.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = ServerConfig::new(dir.path().join("server.db"));
        config.agent_token = AGENT_TOKEN.into();
        config.jwt_secret = JWT_SECRET.into();
        adjust(&mut config);
        let server = RunningServer::start(config.clone()).await.expect("server starts");
        config.port = server.addr().port();
        Self {
            base_url: server.base_url(),
            faults: server.faults(),
            server: Some(server),
            config,
            dir,
            agent: reqwest::Client::new(),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    pub fn data_dir(&self, app_user: &str) -> PathBuf {
        self.dir.path().join(format!("app-{app_user}"))
    }

    pub fn config(&self, app_user: &str) -> Config {
        let mut config = Config::new(&self.base_url, APP_ID, "test-client", self.data_dir(app_user));
        config.request_timeout = Duration::from_secs(5);
        config
    }

    /// An SDK for `app_user`, signed in anonymously under that name.
    pub async fn sdk(&self, app_user: &str) -> Helpline {
        let sdk = Helpline::open(self.config(app_user)).expect("SDK opens");
        sdk.set_identity(Identity::Anonymous {
            name: Some(app_user.to_owned()),
            email: Some(format!("{}@example.com", app_user.to_lowercase())),
        })
        .await
        .expect("identity");
        sdk
    }

    /// The helpdesk goes away: connections are refused.
    pub async fn stop_server(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await;
        }
    }

    /// The same data, on the same port, now served as `mode` (an app whose helpdesk changed).
    pub async fn restart_server_in(&mut self, mode: Mode) {
        self.config.zendesk_only = mode == Mode::Zendesk;
        self.restart_server().await;
    }

    /// The helpdesk comes back on the same port with the same data.
    pub async fn restart_server(&mut self) {
        self.stop_server().await;
        let server = RunningServer::start(self.config.clone()).await.expect("server restarts");
        self.faults = server.faults();
        self.server = Some(server);
    }

    pub async fn agent_tickets(&self) -> Vec<wire::Ticket> {
        let url = format!("{}{}", self.base_url, wire::paths::AGENT_TICKETS);
        let page: wire::TicketsPage = self
            .agent
            .get(url)
            .bearer_auth(AGENT_TOKEN)
            .send()
            .await
            .expect("agent list")
            .json()
            .await
            .expect("agent list body");
        page.tickets
    }

    /// The agent answers a ticket and/or changes its status.
    pub async fn agent_update(&self, remote_id: i64, body: Option<&str>, status: Option<wire::Status>) {
        let url = format!("{}{}", self.base_url, wire::paths::agent_ticket(remote_id as u64));
        let update = wire::TicketUpdateEnvelope {
            ticket: wire::TicketUpdate {
                comment: body.map(|b| wire::AgentComment { body: b.into(), public: true }),
                status,
            },
        };
        let response = self.agent.put(url).bearer_auth(AGENT_TOKEN).json(&update).send().await.expect("agent update");
        assert!(response.status().is_success(), "agent update: {}", response.status());
    }

    /// Every comment of a ticket as the agent sees it, with their attachments.
    pub async fn agent_ticket_comments(&self, remote_id: i64) -> Vec<wire::Comment> {
        let url = format!("{}{}", self.base_url, wire::paths::agent_ticket_comments(remote_id as u64));
        let response = self.agent.get(url).bearer_auth(AGENT_TOKEN).send().await.expect("agent comments");
        assert!(response.status().is_success(), "agent comments: {}", response.status());
        response.json::<wire::CommentsPage>().await.expect("comments JSON").comments.items
    }

    /// The agent downloads an attachment (its `content_url`).
    pub async fn agent_download(&self, url: &str) -> Vec<u8> {
        let response = self.agent.get(url).bearer_auth(AGENT_TOKEN).send().await.expect("agent download");
        assert!(response.status().is_success(), "agent download {url}: {}", response.status());
        response.bytes().await.expect("attachment bytes").to_vec()
    }

    /// Every upload token not attached yet expires now (the next create naming one is refused).
    pub async fn expire_uploads(&self) -> usize {
        self.server.as_ref().expect("server running").expire_uploads().await
    }

    /// Publishes a new article in `section_id` (en-us), as an agent would.
    pub async fn agent_create_article(&self, section_id: u64, title: &str, body: &str) -> wire::Article {
        let url = format!("{}{}", self.base_url, wire::paths::agent_section_articles(section_id));
        let draft = wire::ArticleDraft { title: Some(title.into()), body: Some(body.into()), ..Default::default() };
        let response = self
            .agent
            .post(url)
            .bearer_auth(AGENT_TOKEN)
            .json(&wire::ArticleDraftEnvelope { article: draft })
            .send()
            .await
            .expect("agent creates an article");
        assert!(response.status().is_success(), "agent create article: {}", response.status());
        response.json::<wire::ArticleEnvelope>().await.expect("article JSON").article
    }

    /// Changes an article's fields (its `locale` translation, en-us by default).
    pub async fn agent_update_article(&self, id: u64, draft: wire::ArticleDraft) {
        let url = format!("{}{}", self.base_url, wire::paths::agent_article(id));
        let response = self
            .agent
            .put(url)
            .bearer_auth(AGENT_TOKEN)
            .json(&wire::ArticleDraftEnvelope { article: draft })
            .send()
            .await
            .expect("agent updates an article");
        assert!(response.status().is_success(), "agent update article: {}", response.status());
    }

    /// Archives an article: it leaves the help center.
    pub async fn agent_archive_article(&self, id: u64) {
        let url = format!("{}{}", self.base_url, wire::paths::agent_article(id));
        let response = self.agent.delete(url).bearer_auth(AGENT_TOKEN).send().await.expect("agent archives an article");
        assert!(response.status().is_success(), "agent archive article: {}", response.status());
    }

    /// The article as the helpdesk serves it now (votes included).
    pub async fn server_article(&self, locale: &str, id: u64) -> wire::Article {
        let url = format!("{}{}", self.base_url, wire::paths::article(locale, id));
        let response = self.agent.get(url).send().await.expect("article show");
        assert!(response.status().is_success(), "article show: {}", response.status());
        response.json::<wire::ArticleEnvelope>().await.expect("article JSON").article
    }

    /// Every live conversation, as the agent sees them.
    pub async fn agent_conversations(&self) -> Vec<wire::AgentConversation> {
        let url = format!("{}{}", self.base_url, wire::paths::AGENT_CONVERSATIONS);
        let response = self.agent.get(url).bearer_auth(AGENT_TOKEN).send().await.expect("agent conversations");
        assert!(response.status().is_success(), "agent conversations: {}", response.status());
        response.json::<wire::AgentConversationsPage>().await.expect("conversations JSON").conversations
    }

    /// One live conversation, as the agent sees it (its last seq, how far the user read).
    pub async fn agent_conversation(&self, id: i64) -> wire::AgentConversation {
        self.agent_conversations().await.into_iter().find(|c| c.conversation.id as i64 == id).expect("the conversation")
    }

    /// Signs in a new anonymous install over plain HTTP (no SDK): its access token.
    pub async fn anonymous_token(&self) -> String {
        let url = format!("{}{}", self.base_url, wire::paths::ANONYMOUS_AUTH);
        let body = serde_json::json!({ "authentication": { "sdk_guid": uuid::Uuid::new_v4().to_string() } });
        let response = self.agent.post(url).json(&body).send().await.expect("anonymous sign-in");
        assert!(response.status().is_success(), "anonymous sign-in: {}", response.status());
        response.json::<wire::AuthResponse>().await.expect("auth JSON").authentication.access_token
    }

    /// The URL of the realtime WebSocket.
    pub fn realtime_url(&self) -> String {
        format!("{}{}", self.base_url.replacen("http://", "ws://", 1), wire::paths::REALTIME)
    }

    /// The agent writes in a live conversation.
    pub async fn agent_say(&self, conversation_id: i64, text: &str) {
        self.agent_send(conversation_id, wire::AgentMessage { text: text.into(), ..Default::default() }).await;
    }

    /// The agent writes a message with rich parts (quick replies, buttons, cards or a form).
    pub async fn agent_send(&self, conversation_id: i64, message: wire::AgentMessage) {
        let body = wire::AgentMessageEnvelope { message };
        self.agent_post(&wire::paths::agent_conversation_messages(conversation_id as u64), &body).await;
    }

    pub async fn agent_typing(&self, conversation_id: i64, active: bool) {
        self.agent_post(
            &wire::paths::agent_conversation_typing(conversation_id as u64),
            &wire::TypingUpdate { active },
        )
        .await;
    }

    pub async fn agent_read(&self, conversation_id: i64, seq: i64) {
        self.agent_post(
            &wire::paths::agent_conversation_read(conversation_id as u64),
            &wire::ReadUpdate { seq: seq as u64 },
        )
        .await;
    }

    pub async fn agent_end(&self, conversation_id: i64) {
        self.agent_post(&wire::paths::agent_conversation_end(conversation_id as u64), &serde_json::json!({})).await;
    }

    async fn agent_post(&self, path: &str, body: &impl serde::Serialize) {
        let url = format!("{}{path}", self.base_url);
        let response = self.agent.post(url).bearer_auth(AGENT_TOKEN).json(body).send().await.expect("agent call");
        assert!(response.status().is_success(), "agent POST {path}: {}", response.status());
    }

    /// The agent changes the remote settings of the SDKs' app (`test-app`): `patch` is merged
    /// into them, e.g. `json!({"support": {"enabled": false}})`.
    pub async fn agent_set_settings(&self, patch: serde_json::Value) -> wire::SdkSettings {
        let url = format!("{}{}", self.base_url, wire::paths::agent_sdk_settings(APP_ID));
        let body = serde_json::json!({ "settings": patch });
        let response = self.agent.put(url).bearer_auth(AGENT_TOKEN).json(&body).send().await.expect("agent settings");
        assert!(response.status().is_success(), "agent settings: {}", response.status());
        response.json::<wire::SettingsEnvelope>().await.expect("settings JSON").settings
    }

    /// The pushes the helpdesk sent, oldest first (what FCM or APNs would deliver).
    pub async fn agent_sent_pushes(&self) -> Vec<wire::SentPush> {
        let url = format!("{}{}", self.base_url, wire::paths::AGENT_SENT_PUSHES);
        let response = self.agent.get(url).bearer_auth(AGENT_TOKEN).send().await.expect("agent sent pushes");
        assert!(response.status().is_success(), "agent sent pushes: {}", response.status());
        response.json::<wire::SentPushesPage>().await.expect("sent pushes JSON").push_notifications
    }

    /// Every registered push device, with its user.
    pub async fn agent_push_devices(&self) -> Vec<wire::PushDevice> {
        let url = format!("{}{}", self.base_url, wire::paths::AGENT_PUSH_DEVICES);
        let response = self.agent.get(url).bearer_auth(AGENT_TOKEN).send().await.expect("agent push devices");
        assert!(response.status().is_success(), "agent push devices: {}", response.status());
        response.json::<wire::PushDevicesPage>().await.expect("devices JSON").push_notification_devices
    }

    /// Sends a raw text frame to the subscribers of a conversation (malformed on purpose);
    /// returns how many connections got it.
    pub fn inject_frame(&self, conversation_id: i64, text: &str) -> usize {
        self.server.as_ref().expect("server running").inject_frame(conversation_id as u64, text)
    }
}

/// A JWT the app's backend would sign for this user (HS256, the helpdesk's shared secret).
pub fn sign_jwt(external_id: &str, email: &str) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let claims = wire::JwtClaims {
        email: Some(email.into()),
        name: Some(external_id.into()),
        external_id: Some(external_id.into()),
        iat: now,
        jti: uuid::Uuid::new_v4().to_string(),
        exp: None,
    };
    jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .expect("sign")
}

/// Waits for the first event matching `wanted`, failing after a few seconds.
pub async fn wait_for(events: &mut EventStream, wanted: impl Fn(&Event) -> bool) -> Event {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let event = tokio::time::timeout_at(deadline, events.recv())
            .await
            .expect("timed out waiting for an event")
            .expect("event stream open");
        if wanted(&event) {
            return event;
        }
    }
}

/// Polls `check` until it holds, failing after a few seconds.
pub async fn eventually<F: Fn() -> bool>(what: &str, check: F) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !check() {
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The states a screen's listener got, the latest last (see `helpline_core::ScreenListener`).
pub struct Seen<S> {
    states: std::sync::Arc<std::sync::Mutex<Vec<S>>>,
    _subscription: helpline_core::ScreenSubscription,
}

impl<S: Clone + Send + 'static> Seen<S> {
    /// Subscribes through `subscribe` (a screen's own, e.g. `|l| form.subscribe(l)`).
    pub fn watch(
        subscribe: impl FnOnce(std::sync::Arc<dyn helpline_core::ScreenListener<S>>) -> helpline_core::ScreenSubscription,
    ) -> Self {
        let states = std::sync::Arc::new(std::sync::Mutex::new(vec![]));
        let sink = std::sync::Arc::clone(&states);
        let subscription = subscribe(std::sync::Arc::new(move |s: S| sink.lock().unwrap().push(s)));
        Self { states, _subscription: subscription }
    }

    /// Waits until the latest state delivered matches `wanted`, and returns it.
    pub async fn until(&self, what: &str, wanted: impl Fn(&S) -> bool) -> S {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(latest) = self.states.lock().unwrap().last().filter(|s| wanted(s)) {
                return latest.clone();
            }
            assert!(tokio::time::Instant::now() < deadline, "timed out waiting for: {what}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
