//! `helpline-server --port P --db FILE [--dev] [--seed demo] [--agent-token T] [--jwt-secret S]
//! [--rate-limit N/SECONDS] [--sign-in-limit N/SECONDS] [--generate-articles N] [--no-realtime]
//! [--token-ttl-secs S] [--zendesk-only]`: prints
//! `listening on http://127.0.0.1:PORT` once ready, stops gracefully on Ctrl-C. Logs go to stderr (RUST_LOG).
//!
//! `--dev` (development mode) accepts the published default secrets `agent-secret` and
//! `jwt-secret` and short ones, and then serves only requests naming a loopback host (421
//! otherwise, against DNS rebinding). Without it, a start with those secrets, or with secrets
//! shorter than 16 bytes, fails with an error naming the flag to pass.
//! `--token-ttl-secs` is how long an access token works (30 days by default).
//! `--sign-in-limit` bounds the sign-in calls per client IP address (600 a minute by default;
//! over it: 429 with `Retry-After`).
//! `--zendesk-only` plays a stock Zendesk account: every Helpline addition to Zendesk's API
//! (SDK settings, live messaging, token revocation, the end user's article export and its
//! extra fields, `App-Identifier`) is off, so the SDK's degraded mode can be tried here.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use helpline_server::{
    DEFAULT_SIGN_IN_LIMIT, DEFAULT_TOKEN_TTL, DEV_AGENT_TOKEN, DEV_JWT_SECRET, RateLimit, RunningServer, ServerConfig,
};
use tracing_subscriber::EnvFilter;

#[derive(Parser, Debug)]
#[command(name = "helpline-server", version, about = "Reference helpdesk speaking the Helpline contract")]
struct Args {
    /// Port on 127.0.0.1 (0 = any free port).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// SQLite database file (created if missing).
    #[arg(long, default_value = "helpline.sqlite3")]
    db: PathBuf,
    /// Load a demo data set.
    #[arg(long, value_enum)]
    seed: Option<Seed>,
    /// Bearer token of the agent endpoints (16 bytes at least unless --dev).
    #[arg(long, default_value = DEV_AGENT_TOKEN)]
    agent_token: String,
    /// HS256 secret of the JWTs accepted by /access/sdk/jwt (16 bytes at least unless --dev).
    #[arg(long, default_value = DEV_JWT_SECRET)]
    jwt_secret: String,
    /// Development mode: accepts the published default secrets (and short ones), and serves
    /// only requests naming a loopback host (others: 421), against DNS rebinding.
    #[arg(long)]
    dev: bool,
    /// Per access token, e.g. 60/60 for 60 requests a minute.
    #[arg(long, value_name = "N/SECONDS")]
    rate_limit: Option<RateLimit>,
    /// Sign-in calls per client IP address (default: 600/60, 600 a minute).
    #[arg(long, value_name = "N/SECONDS")]
    sign_in_limit: Option<RateLimit>,
    /// Also hold N synthetic help-center articles (en-us, for benchmarks).
    #[arg(long, value_name = "N", default_value_t = 0)]
    generate_articles: usize,
    /// Refuse the live-messaging WebSocket (404), so clients poll over REST.
    #[arg(long)]
    no_realtime: bool,
    /// How long an access token works after its sign-in (default: 30 days); then it answers
    /// 401 and the SDK signs in again.
    #[arg(long, value_name = "S", value_parser = clap::value_parser!(u64).range(1..))]
    token_ttl_secs: Option<u64>,
    /// Play a stock Zendesk account: every Helpline addition (settings, live messaging,
    /// token revocation, the end user's article export) answers as Zendesk would.
    #[arg(long)]
    zendesk_only: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Seed {
    Demo,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let config = ServerConfig {
        port: args.port,
        agent_token: args.agent_token,
        jwt_secret: args.jwt_secret,
        rate_limit: args.rate_limit,
        sign_in_limit: Some(args.sign_in_limit.unwrap_or(DEFAULT_SIGN_IN_LIMIT)),
        seed_demo: matches!(args.seed, Some(Seed::Demo)),
        generated_articles: args.generate_articles,
        realtime_enabled: !args.no_realtime,
        token_ttl: args.token_ttl_secs.map_or(DEFAULT_TOKEN_TTL, Duration::from_secs),
        dev: args.dev,
        zendesk_only: args.zendesk_only,
        ..ServerConfig::new(args.db)
    };
    let server = RunningServer::start(config).await?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on {}", server.base_url())?;
        out.flush()?;
    }
    tokio::signal::ctrl_c().await?;
    tracing::info!("Ctrl-C: shutting down");
    server.stop().await;
    Ok(())
}
