//! How a server is started: the knobs tests and the binary turn.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

/// Access tokens' lifetime unless set: a month, like a session a mobile app keeps.
pub const DEFAULT_TOKEN_TTL: Duration = Duration::from_secs(30 * 24 * 3600);

/// The agent token everyone knows (tests, the demo): accepted in development mode only.
pub const DEV_AGENT_TOKEN: &str = "agent-secret";
/// The JWT secret everyone knows: accepted in development mode only.
pub const DEV_JWT_SECRET: &str = "jwt-secret";
/// Shorter secrets are refused outside development mode.
pub const MIN_SECRET_BYTES: usize = 16;

/// Sign-ins per client address unless set: generous, since every test suite and benchmark
/// signs in from 127.0.0.1 (the messaging benchmark, 500 clients within seconds).
pub const DEFAULT_SIGN_IN_LIMIT: RateLimit = RateLimit { max_requests: 600, per: Duration::from_secs(60) };

/// Everything [`crate::RunningServer::start`] needs. Build it with [`ServerConfig::new`] and
/// override fields, so that new knobs never break existing callers.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// A real SQLite file (WAL): starting again with the same file keeps everything.
    pub db_path: PathBuf,
    /// 0 picks any free port; the server always binds 127.0.0.1.
    pub port: u16,
    /// Bearer token of the agent endpoints.
    pub agent_token: String,
    /// HS256 shared secret that signs the JWTs of `/access/sdk/jwt`.
    pub jwt_secret: String,
    /// Per access token; the agent token is exempt.
    pub rate_limit: Option<RateLimit>,
    /// Sign-in calls (`/access/sdk/anonymous`, `/access/sdk/jwt`) per client IP address.
    pub sign_in_limit: Option<RateLimit>,
    /// Load the demo help center (`seed/help_center.json`); the demo agent always exists.
    pub seed_demo: bool,
    /// Also hold this many synthetic English help-center articles (benchmarks): generated
    /// deterministically at start, once; 0 for none.
    pub generated_articles: usize,
    /// Serve the live-messaging WebSocket (`/api/v2/realtime`); when false its upgrade answers
    /// 404, so clients must fall back to REST polling. See also
    /// [`crate::RunningServer::set_realtime_enabled`].
    pub realtime_enabled: bool,
    /// A realtime WebSocket whose client sent no frame, not even a ping, for this long is
    /// closed (1000). Keep it well above the SDK's ping interval (15 s).
    pub ws_idle_timeout: Duration,
    /// A frame the realtime client does not take within this long (it stopped reading, and the
    /// socket's buffers are full) drops the connection, instead of waiting for it forever.
    pub ws_send_timeout: Duration,
    /// Realtime connections one user may hold at once; a new one past it closes the user's
    /// oldest (1008), usually one whose network went away unnoticed.
    pub ws_max_per_user: usize,
    /// How long an upload's token may be named by a comment or a chat message.
    pub upload_ttl: Duration,
    /// How long an expired, unclaimed upload is kept before a sweep deletes it with its files
    /// (until then, naming its token answers "expired" rather than "unknown").
    pub upload_grace: Duration,
    /// Bytes of files one user may have stored (uploads, attached or not); a file that would
    /// pass it is refused (422 naming `file`).
    pub upload_quota_bytes: u64,
    /// How often the server sweeps expired uploads and access tokens (also done at start).
    pub sweep_interval: Duration,
    /// How long an access token works after its sign-in; then it answers 401 like an unknown
    /// one, and the SDK signs in again.
    pub token_ttl: Duration,
    /// Development mode: the published default secrets (and short ones) are accepted, and, since
    /// anyone knows them, only requests naming a loopback host (`localhost`, `127.0.0.1`,
    /// `[::1]`) are served: a web page whose name is rebound to 127.0.0.1 gets a 421. Off, a
    /// start with such a secret fails.
    pub dev: bool,
    /// Stock-Zendesk mode: every Helpline addition to Zendesk's API is off, so that the SDK
    /// (and a conformance run) can be tried against what a real Zendesk account offers. No
    /// SDK settings, no live messaging (REST or WebSocket), no token revocation: 404. The
    /// help center's incremental export is for the agent only (as on Zendesk), without the
    /// articles' attachments or `deleted_article_ids`; `App-Identifier` is ignored.
    pub zendesk_only: bool,
}

/// At most `max_requests` in each window of `per`, per access token (`rate_limit`) or per
/// client address (`sign_in_limit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub max_requests: u32,
    pub per: Duration,
}

impl ServerConfig {
    /// Any free port, agent token `agent-secret`, JWT secret `jwt-secret`, no rate limit per
    /// token, 600 sign-ins a minute per client address, no seed, no generated articles,
    /// realtime on (idle connections closed after 2 minutes, sends given up after 10 s, 8
    /// connections per user), upload tokens valid for an hour and swept a day after they
    /// expired, 100 MiB of files per user, a sweep every 10 minutes, access tokens valid for 30
    /// days; development mode, since those secrets are published; every Helpline addition on.
    pub fn new(db_path: impl Into<PathBuf>) -> Self {
        Self {
            db_path: db_path.into(),
            port: 0,
            agent_token: DEV_AGENT_TOKEN.into(),
            jwt_secret: DEV_JWT_SECRET.into(),
            rate_limit: None,
            sign_in_limit: Some(DEFAULT_SIGN_IN_LIMIT),
            seed_demo: false,
            generated_articles: 0,
            realtime_enabled: true,
            ws_idle_timeout: Duration::from_secs(120),
            ws_send_timeout: Duration::from_secs(10),
            ws_max_per_user: 8,
            upload_ttl: Duration::from_secs(3600),
            token_ttl: DEFAULT_TOKEN_TTL,
            upload_grace: Duration::from_secs(24 * 3600),
            upload_quota_bytes: 100 * 1024 * 1024,
            sweep_interval: Duration::from_secs(10 * 60),
            dev: true,
            zendesk_only: false,
        }
    }

    /// Outside development mode, refuses the published default secrets and short ones.
    pub(crate) fn check_secrets(&self) -> Result<(), String> {
        if self.dev {
            return Ok(());
        }
        let secrets = [
            ("agent token", "--agent-token", &self.agent_token, DEV_AGENT_TOKEN),
            ("JWT secret", "--jwt-secret", &self.jwt_secret, DEV_JWT_SECRET),
        ];
        for (what, flag, value, published) in secrets {
            if value == published {
                return Err(format!(
                    "the {what} is the published default {published:?}: pass {flag} with a secret of your own \
                     (at least {MIN_SECRET_BYTES} bytes), or --dev for local development"
                ));
            }
            if value.len() < MIN_SECRET_BYTES {
                return Err(format!(
                    "the {what} is shorter than {MIN_SECRET_BYTES} bytes: pass a longer one with {flag}, \
                     or --dev for local development"
                ));
            }
        }
        Ok(())
    }
}

/// Parses the binary's `--rate-limit N/SECONDS`, e.g. `60/60`.
impl FromStr for RateLimit {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (n, secs) = s.split_once('/').ok_or_else(|| format!("expected N/SECONDS, got {s:?}"))?;
        let max_requests: u32 = n.trim().parse().map_err(|_| format!("bad request count {n:?}"))?;
        let secs: u64 = secs.trim().parse().map_err(|_| format!("bad seconds {secs:?}"))?;
        if max_requests == 0 || secs == 0 {
            return Err("N and SECONDS must both be at least 1".into());
        }
        Ok(RateLimit { max_requests, per: Duration::from_secs(secs) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rate_limit() {
        let r: RateLimit = "10/60".parse().unwrap();
        assert_eq!(r, RateLimit { max_requests: 10, per: Duration::from_secs(60) });
        assert!("10".parse::<RateLimit>().is_err());
        assert!("0/5".parse::<RateLimit>().is_err());
        assert!("x/5".parse::<RateLimit>().is_err());
    }

    #[test]
    fn published_and_short_secrets_need_dev_mode() {
        let dev = ServerConfig::new("db");
        assert!(dev.check_secrets().is_ok());
        let prod = ServerConfig { dev: false, ..dev };
        let err = prod.check_secrets().unwrap_err();
        assert!(err.contains("agent-secret") && err.contains("--dev"), "{err}");
        let agent_ok = ServerConfig { agent_token: "a".repeat(16), ..prod };
        assert!(agent_ok.check_secrets().unwrap_err().contains("jwt-secret"));
        let short = ServerConfig { jwt_secret: "j".repeat(15), ..agent_ok.clone() };
        assert!(short.check_secrets().unwrap_err().contains("shorter than 16 bytes"));
        assert!(ServerConfig { jwt_secret: "j".repeat(16), ..agent_ok }.check_secrets().is_ok());
    }
}
