//! helpline-server: the reference helpdesk speaking the Helpline contract (CONTRACT.md), for
//! local development, the demo and the tests. Start it in-process with [`RunningServer::start`]
//! (tests use port 0 and a temp SQLite file), or run the `helpline-server` binary.
//!
//! Modules, one job each: `auth` (sign-in, sign-out, extractors), `tokens` (access tokens as
//! stored: hashed, expiring), `users`, `requests`,
//! `comments`, `agent` (agent side), `uploads` (files streamed to disk, their download) and
//! `attachments` (their rows), `help_center` (articles, search, votes, authoring),
//! `messaging` (live conversations: REST, the realtime WebSocket, the bot, the agent's side),
//! `idempotency`, `rate_limit`, `host_check` (development mode's DNS-rebinding guard), `faults` (fault injection), `conn` (killable connections),
//! `sweeper` (expired uploads and tokens, periodically),
//! `db` (schema, migrations), `seed` (demo data), `errors`, `pagination`, `time`.
//! New features add a module exposing `fn routes() -> Router<AppState>` and merge it in `app`.

mod agent;
mod app;
mod attachments;
mod auth;
mod comments;
mod config;
mod conn;
mod context;
mod db;
mod errors;
mod faults;
mod help_center;
mod host_check;
mod idempotency;
mod json;
mod messaging;
mod pagination;
mod push;
mod query;
mod rate_limit;
mod record_id;
mod requests;
mod satisfaction;
mod seed;
mod settings;
mod state;
mod sweeper;
mod time;
mod tokens;
mod uploads;
mod user_fields;
mod users;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{
    DEFAULT_SIGN_IN_LIMIT, DEFAULT_TOKEN_TTL, DEV_AGENT_TOKEN, DEV_JWT_SECRET, MIN_SECRET_BYTES, RateLimit,
    ServerConfig,
};
pub use faults::{Fault, Faults};

use conn::{ConnHandle, Connections, KillableListener};
use db::Db;
use state::AppState;

/// How long `stop()` lets in-flight requests finish before cutting their connections.
const GRACE: Duration = Duration::from_secs(2);

/// A server listening on 127.0.0.1. Dropping it without `stop()` shuts it down in the background.
pub struct RunningServer {
    addr: SocketAddr,
    faults: Faults,
    connections: Connections,
    realtime: Arc<messaging::Hub>,
    db: Db,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    /// Housekeeping (`sweeper`): aborted when the server stops or is dropped.
    sweeper: JoinHandle<()>,
}

impl RunningServer {
    /// Opens (or creates and migrates) the database, binds the port and starts serving.
    /// Outside development mode (`ServerConfig::dev`), a published or short secret fails it.
    pub async fn start(config: ServerConfig) -> anyhow::Result<RunningServer> {
        config.check_secrets().map_err(|e| anyhow::anyhow!(e))?;
        let db_path = config.db_path.clone();
        let uploads_dir = uploads::dir_beside(&config.db_path);
        let (seed, generated) = (config.seed_demo, config.generated_articles);
        let (db, agent_id) = tokio::task::spawn_blocking(move || -> anyhow::Result<(Db, u64)> {
            let (db, agent_id) = Db::open(&db_path)?;
            // Expired access tokens are forgotten at each start (and by the sweeper while running).
            db.blocking(|conn| tokens::sweep_expired(conn, time::now_micros()).map_err(|e| anyhow::anyhow!("{e:?}")))?;
            if seed {
                seed::seed_demo(&db, agent_id)?;
            }
            if generated > 0 {
                help_center::generate_articles(&db, generated, agent_id)?;
            }
            Ok((db, agent_id))
        })
        .await??;

        let listener = TcpListener::bind(("127.0.0.1", config.port)).await?;
        let addr = listener.local_addr()?;
        let faults = Faults::default();
        let connections = Connections::default();
        // Stock-Zendesk mode has no realtime route at all (see `app`); the hub stays empty.
        let realtime = Arc::new(messaging::Hub::new(config.realtime_enabled, config.ws_max_per_user));
        uploads::prepare(&db, &uploads_dir, config.upload_grace).await?;
        let uploads_dir: Arc<std::path::Path> = uploads_dir.into();
        let sweeper = sweeper::spawn(db.clone(), uploads_dir.clone(), config.sweep_interval, config.upload_grace);
        let state = AppState {
            db: db.clone(),
            base_url: format!("http://{addr}").into(),
            agent_token: config.agent_token.into(),
            jwt_secret: config.jwt_secret.into(),
            agent_id,
            faults: faults.clone(),
            rate_limiter: config.rate_limit.map(|limit| Arc::new(rate_limit::RateLimiter::new(limit))),
            sign_in_limiter: config.sign_in_limit.map(|limit| Arc::new(rate_limit::RateLimiter::new(limit))),
            idempotency_locks: Default::default(),
            realtime: realtime.clone(),
            uploads_dir,
            upload_ttl: config.upload_ttl,
            token_ttl: config.token_ttl,
            upload_quota_bytes: config.upload_quota_bytes,
            ws_idle_timeout: config.ws_idle_timeout,
            ws_send_timeout: config.ws_send_timeout,
            zendesk_only: config.zendesk_only,
        };
        let app = app::router(state, config.dev).into_make_service_with_connect_info::<ConnHandle>();
        let (shutdown, signal) = oneshot::channel::<()>();
        let listener = KillableListener::new(listener, connections.clone());
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = signal.await;
            });
            if let Err(e) = serve.await {
                tracing::error!("server stopped with an error: {e}");
            }
        });
        tracing::info!("helpline-server listening on http://{addr}");
        Ok(RunningServer {
            addr,
            faults,
            connections,
            realtime,
            db,
            shutdown: Some(shutdown),
            task: Some(task),
            sweeper,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The fault-injection handle of this server.
    pub fn faults(&self) -> Faults {
        self.faults.clone()
    }

    /// Test hook: sends `raw_text` as is, as one text frame, to every WebSocket subscribed to the
    /// conversation (malformed frames, unknown event types...). Returns how many got it.
    pub fn inject_frame(&self, conversation_id: u64, raw_text: &str) -> usize {
        self.realtime.publish(conversation_id, None, raw_text.into())
    }

    /// Turns the realtime WebSocket on or off while running. Off: upgrades answer 404 and every
    /// open WebSocket is closed (code 1013), so clients fall back to REST polling.
    pub fn set_realtime_enabled(&self, enabled: bool) {
        self.realtime.set_enabled(enabled);
    }

    /// Test hook: every upload token not yet attached expires now, so that the next comment or
    /// chat message naming one is refused (422 `uploads`). Returns how many expired.
    pub async fn expire_uploads(&self) -> usize {
        let now = time::now_micros();
        self.db.call(move |conn| attachments::expire_all(conn, now)).await.unwrap_or(0)
    }

    /// How many realtime WebSockets are open.
    pub fn realtime_connections(&self) -> usize {
        self.realtime.connection_count()
    }

    /// Stops accepting, lets in-flight requests finish (for a short grace period), closes every
    /// connection, and returns once the port is free to bind again.
    pub async fn stop(mut self) {
        self.sweeper.abort();
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let Some(mut task) = self.task.take() else { return };
        if tokio::time::timeout(GRACE, &mut task).await.is_err() {
            tracing::warn!("requests still running after {GRACE:?}: closing their connections");
            self.connections.kill_all();
            let _ = task.await;
        }
        // Upgraded connections (WebSocket) outlive hyper's graceful shutdown: cut them too.
        self.connections.kill_all();
        tracing::info!("helpline-server on {} stopped", self.addr);
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        self.sweeper.abort();
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
