//! `helpline-conformance --server URL [--agent-token T] [--jwt-secret S] [--app-id A] [--locale L]`:
//! runs the Helpline contract's checks against a helpdesk and prints the report; exits 1 when a
//! check failed, 0 otherwise (skipped checks and absent capabilities do not fail a run).

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use helpline_conformance::{Options, run};
use url::Url;

#[derive(Parser, Debug)]
#[command(name = "helpline-conformance", version, about = "Checks a helpdesk against the Helpline wire contract")]
struct Args {
    /// The helpdesk's base URL, e.g. https://support.example.com
    #[arg(long)]
    server: Url,
    /// An agent's Bearer token: unlocks the checks an agent takes part in.
    #[arg(long, env = "HELPLINE_AGENT_TOKEN")]
    agent_token: Option<String>,
    /// The HS256 secret of /access/sdk/jwt: unlocks the JWT sign-in checks.
    #[arg(long, env = "HELPLINE_JWT_SECRET")]
    jwt_secret: Option<String>,
    /// The app id whose SDK settings are read (sent as App-Identifier).
    #[arg(long, default_value = "helpline-conformance")]
    app_id: String,
    /// The help-center locale to check.
    #[arg(long, default_value = "en-us")]
    locale: String,
    /// Seconds one call may take.
    #[arg(long, default_value_t = 20)]
    timeout_secs: u64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let options = Options {
        server: args.server,
        agent_token: args.agent_token,
        jwt_secret: args.jwt_secret,
        app_id: args.app_id,
        locale: args.locale,
        timeout: Duration::from_secs(args.timeout_secs.max(1)),
    };
    match run(&options).await {
        Ok(report) => {
            println!("{report}");
            if report.failed() == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
        Err(e) => {
            eprintln!("helpline-conformance: {e}");
            ExitCode::from(2)
        }
    }
}
