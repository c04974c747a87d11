//! The demo's `browse` command, driven by a script on its standard input as a user would type:
//! categories to a section to an article, a search, a vote; then again with the helpdesk
//! stopped, from what the first run kept on the device.

mod common;

use std::path::PathBuf;

use helpline_server::{RunningServer, ServerConfig};

/// Runs `browse` on `data` against `server`, `input` on its standard input; its output.
async fn browse(server: &str, data: &str, input: &'static str) -> String {
    common::demo_with_input(["--server", server, "--data", data, "browse"].map(str::to_owned).to_vec(), input).await
}

/// The text after `marker` in `out` (what the following commands printed).
fn after<'a>(out: &'a str, marker: &str) -> &'a str {
    out.split_once(marker).unwrap_or_else(|| panic!("no {marker:?} in:\n{out}")).1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browse_walks_the_help_center_searches_and_votes_then_reads_offline() {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let dir: PathBuf = std::env::temp_dir().join(format!("helpline-demo-browse-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut config = ServerConfig::new(dir.join("helpdesk.sqlite3"));
    config.seed_demo = true;
    let server = RunningServer::start(config).await.unwrap();
    let (url, data) = (server.base_url(), dir.join("app").display().to_string());

    // Category 1 (Contact channels) > section 1 (Email support) > its first article.
    let out = browse(&url, &data, "1\n1\n1\nvote up\nback\nback\nback\n/search password\n1\nquit\n").await;
    assert!(out.contains("Help center (en-us), synced:"), "{out}");
    assert!(out.contains("1. Contact channels ("), "the categories, numbered: {out}");
    let section = after(&out, "Contact channels\n");
    assert!(section.contains("1. Email support"), "the category's sections: {section}");
    let article = after(section, "How to contact support by email\n=");
    assert!(article.contains("yours: none yet"), "the article, as text: {article}");
    assert!(article.contains("Related:"), "{article}");
    assert!(after(article, "Your vote: up").contains("yours: up"), "the vote shown at once: {out}");
    let search = after(&out, "result(s) on this device; asking the helpdesk");
    assert!(search.contains("result(s) for \"password\", from the helpdesk:"), "{search}");
    assert!(after(search, "from the helpdesk:").contains("Resetting your password"), "{search}");
    assert!(after(search, "from the helpdesk:").contains("\n=="), "an article opened from the results: {search}");

    server.stop().await;
    let offline = browse(&url, &data, "/search password\n1\nquit\n").await;
    assert!(offline.contains("could not sync"), "says the helpdesk is away: {offline}");
    let results = after(&offline, "result(s) for \"password\", from this device");
    assert!(results.contains("Resetting your password"), "the device's index: {results}");
    assert!(results.contains("the copy on this device"), "the article kept on the device, said so: {results}");
    let _ = std::fs::remove_dir_all(dir);
}
