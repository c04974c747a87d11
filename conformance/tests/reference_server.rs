//! The kit against the reference server, in-process over loopback: everything passes when
//! every Helpline addition is on; in stock-Zendesk mode the Helpline-only capabilities are
//! absent, the Helpline additions inside the others skipped, and all the rest passes.

use helpline_conformance::{Options, Origin, Outcome, Report, run};
use helpline_server::{RunningServer, ServerConfig};

const AGENT_TOKEN: &str = "agent-secret";
const JWT_SECRET: &str = "jwt-secret";

async fn report(zendesk_only: bool) -> Report {
    let dir = tempfile::tempdir().unwrap();
    let config = ServerConfig { seed_demo: true, zendesk_only, ..ServerConfig::new(dir.path().join("server.db")) };
    let server = RunningServer::start(config).await.unwrap();
    let mut options = Options::new(server.base_url().parse().unwrap());
    options.agent_token = Some(AGENT_TOKEN.into());
    options.jwt_secret = Some(JWT_SECRET.into());
    let report = run(&options).await.unwrap();
    println!("{report}");
    server.stop().await;
    report
}

/// The groups whose capability the helpdesk lacks.
fn absent(report: &Report) -> Vec<&'static str> {
    report.groups.iter().filter(|g| g.absent.is_some()).map(|g| g.name).collect()
}

/// Skipped checks, as `group: check (reason)`.
fn skipped(report: &Report) -> Vec<String> {
    let mut found = Vec::new();
    for group in &report.groups {
        for check in &group.checks {
            if let Outcome::Skipped { reason } = &check.outcome {
                found.push(format!("{}: {} ({reason})", group.name, check.name));
            }
        }
    }
    found
}

#[tokio::test]
async fn the_reference_server_passes_every_check() {
    let report = report(false).await;
    assert_eq!(report.failures(), Vec::<String>::new());
    assert_eq!(skipped(&report), Vec::<String>::new(), "agent token and JWT secret given: nothing to skip");
    assert_eq!(absent(&report), Vec::<&str>::new(), "satisfaction ratings (csat) included");
    assert_eq!(report.group("context").map(|g| g.checks.len()), Some(5), "user fields and metadata, all run");
    assert!(report.passed() >= 60, "{} passed", report.passed());
    for group in report.groups.iter().filter(|g| g.absent.is_none()) {
        assert!(!group.checks.is_empty(), "{} ran no check", group.name);
    }
}

#[tokio::test]
async fn stock_zendesk_mode_skips_the_helpline_additions_and_passes_the_rest() {
    let report = report(true).await;
    assert_eq!(report.failures(), Vec::<String>::new());
    // Satisfaction ratings are Zendesk's API: served in this mode too.
    assert_eq!(absent(&report), ["settings", "messaging", "realtime"]);
    for group in report.groups.iter().filter(|g| g.origin == Origin::Helpline) {
        assert!(group.absent.is_some(), "{} is a Helpline addition", group.name);
    }
    let skipped = skipped(&report);
    assert_eq!(skipped.len(), 4, "{skipped:#?}");
    for addition in
        ["DELETE /access/sdk/token", "export answers the end user", "carry their attachments", "deleted_article_ids"]
    {
        assert!(skipped.iter().any(|s| s.contains(addition) && s.contains("Helpline")), "{addition}: {skipped:#?}");
    }
    assert!(report.passed() >= 45, "{} passed", report.passed());
}

/// A helpdesk that breaks the contract: the failing checks say what was expected and what came.
#[tokio::test]
async fn a_broken_answer_fails_its_check_with_expected_and_got() {
    let dir = tempfile::tempdir().unwrap();
    let server = RunningServer::start(ServerConfig::new(dir.path().join("server.db"))).await.unwrap();
    let faults = server.faults();
    faults.push("/mobile_sdk/settings", helpline_server::Fault::MalformedJson);
    faults.push("/api/v2/users/me.json", helpline_server::Fault::Status(500));
    let report = run(&Options::new(server.base_url().parse().unwrap())).await.unwrap();
    println!("{report}");
    let failures = report.failures();
    assert!(failures.iter().any(|f| f == "settings: the settings answer 200 without a token, as SettingsEnvelope"));
    assert!(failures.iter().any(|f| f == "identity: users/me answers 200 with the user"), "{failures:?}");
    let check = |group: &str, name: &str| {
        let group = report.group(group).unwrap();
        group.checks.iter().find(|c| c.name == name).unwrap().outcome.clone()
    };
    let Outcome::Failed { expected, got } = check("identity", "users/me answers 200 with the user") else {
        panic!("not failed")
    };
    assert_eq!(expected, "GET /api/v2/users/me.json answers HTTP 200");
    assert!(got.starts_with("HTTP 500"), "{got}");
    let Outcome::Skipped { reason } = check("identity", "a JWT signed with the secret answers 201") else {
        panic!("not skipped")
    };
    assert_eq!(reason, "needs --jwt-secret");
    assert!(report.to_string().contains("expected: GET /api/v2/users/me.json answers HTTP 200"));
    server.stop().await;
}
