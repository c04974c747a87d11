//! How a server is started: the knobs tests and the binary turn.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

/// Access tokens' lifetime unless set: a month, like a session a mobile app keeps.
pub const DEFAULT_TOKEN_TTL: Duration = Duration::from_secs(30 * 24 * 3600);

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
    /// Load the demo help center (`seed/help_center.json`); the demo agent always exists.
    pub seed_demo: bool,
    /// Also hold this many synthetic English help-center articles (benchmarks): generated
    /// deterministically at start, once; 0 for none.
    pub generated_articles: usize,
    /// Serve the live-messaging WebSocket (`/api/v2/realtime`); when false its upgrade answers
    /// 404, so clients must fall back to REST polling. See also
    /// [`crate::RunningServer::set_realtime_enabled`].
    pub realtime_enabled: bool,
    /// How long an upload's token may be named by a comment or a chat message.
    pub upload_ttl: Duration,
    /// How long an access token works after its sign-in; then it answers 401 like an unknown
    /// one, and the SDK signs in again.
    pub token_ttl: Duration,
}

/// At most `max_requests` per access token in each window of `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub max_requests: u32,
    pub per: Duration,
}

impl ServerConfig {
    /// Any free port, agent token `agent-secret`, JWT secret `jwt-secret`, no rate limit, no seed,
    /// no generated articles, realtime on, upload tokens valid for an hour, access tokens for 30
    /// days.
    pub fn new(db_path: impl Into<PathBuf>) -> Self {
        Self {
            db_path: db_path.into(),
            port: 0,
            agent_token: "agent-secret".into(),
            jwt_secret: "jwt-secret".into(),
            rate_limit: None,
            seed_demo: false,
            generated_articles: 0,
            realtime_enabled: true,
            upload_ttl: Duration::from_secs(3600),
            token_ttl: DEFAULT_TOKEN_TTL,
        }
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
}
