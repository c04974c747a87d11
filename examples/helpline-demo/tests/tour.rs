//! Runs the demo binary as a user would: the tour end to end, and the subcommands (tickets
//! and help center) against an in-process reference helpdesk, online and offline.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use helpline_server::{RunningServer, ServerConfig};

const OFFLINE_COMMENT: &str = "A Pixel 8, app version 4.2";

fn demo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_helpline-demo"))
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("run helpline-demo")
}

/// The interactive `chat` command, its input and output piped.
fn chat(server: &str, data: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_helpline-demo"))
        .args(["--server", server, "--data", data, "chat"])
        .env_remove("RUST_LOG")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Fails with the whole output, so a broken step is easy to read.
fn assert_ok(output: &Output) -> String {
    let out = stdout(output);
    assert!(
        output.status.success(),
        "exit {:?}\n--- stdout\n{out}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

/// A fresh directory, removed at the end of the test.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        let path = std::env::temp_dir().join(format!("helpline-demo-test-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn str(&self, child: &str) -> String {
        self.0.join(child).to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn the_tour_runs_to_completion_and_the_offline_comment_goes_from_pending_to_sent() {
    let output = demo(&[]);
    let out = assert_ok(&output);
    let states: Vec<&str> = out
        .lines()
        .filter(|line| line.contains(OFFLINE_COMMENT))
        .filter_map(|line| ["pending", "sent"].into_iter().find(|state| line.contains(state)))
        .collect();
    assert_eq!(states, ["pending", "sent"], "the offline comment should be shown pending, then sent:\n{out}");
    let total = total_steps(&out);
    assert!(out.contains(&format!("[{total}/{total}]")), "{out}");
    assert!(out.contains("What you saw"), "{out}");
    // The ticket carries a generated screenshot, uploaded, then listed with its URL.
    assert!(out.contains("uploaded screenshot.png: "), "{out}");
    let url = out.lines().find(|l| l.contains("screenshot.png") && l.contains("/attachments/"));
    assert!(url.is_some_and(|l| l.contains("image/png") && l.contains("http://127.0.0.1:")), "{out}");
    // The agent sees the app's context with the ticket.
    let context = "With it, the app's context: order_id \"1042\", app \"4.2\" on \"rust\", \
                   her last steps: Opened order #1042 > Tapped Add photo";
    assert!(out.contains(context), "{out}");
}

#[test]
fn the_tour_shows_the_help_center_synced_browsed_suggested_and_searched_offline() {
    let out = assert_ok(&demo(&[]));
    let step = |n: u32| format!("[{n}/{}]", total_steps(&out));
    for (n, title) in [
        (4, "Sync the help center onto the device"),
        (5, "Browse it, from the cache"),
        (6, "Suggestions while Ana writes a ticket"),
        (7, "Create a ticket"),
        (12, "Go offline, and answer anyway"),
        (13, "Search the help center, still offline"),
    ] {
        let title = format!("{} {title}", step(n));
        assert!(out.contains(&title), "missing step {title:?}:\n{out}");
    }
    let sync = between(&out, &step(4), &step(5));
    assert!(sync.contains("progress: ") && sync.contains("full sync"), "{sync}");
    let suggestions = between(&out, &step(6), &step(7));
    assert!(suggestions.contains('['), "no highlighted suggestion:\n{suggestions}");
    // The search runs after the helpdesk is stopped: the device answers, with snippets.
    let search = between(&out, &step(13), &step(14));
    assert!(search.contains("from this device (offline index)"), "{search}");
    assert!(search.contains("fallback_reason: offline"), "{search}");
    assert!(search.to_lowercase().contains("[password"), "no highlighted snippet:\n{search}");
    assert_eq!(hits(search).len(), 3, "{search}");
}

/// The number of steps the tour announces ("[1/N] ...").
fn total_steps(out: &str) -> u32 {
    let rest = &out[out.find("[1/").expect("a first step") + 3..];
    rest[..rest.find(']').unwrap()].parse().unwrap()
}

#[test]
fn the_tour_ends_with_a_live_chat_answered_by_an_agent() {
    let out = assert_ok(&demo(&[]));
    let total = total_steps(&out);
    let chat = between(&out, "A live chat", "What you saw");
    assert!(chat.contains("realtime link connected"), "{chat}");
    assert!(chat.contains("is typing"), "{chat}");
    for line in ["#1   Helpline Bot", "Hi! Has my order #1042 shipped?", "Sam (Support)  Hi Ana! It left our warehouse"]
    {
        assert!(chat.contains(line), "missing {line:?} in the transcript:\n{chat}");
    }
    assert!(out.contains(&format!("[{total}/{total}] A live chat")), "the chat is the last step:\n{out}");
}

/// The text from `start` up to `end`.
fn between<'a>(out: &'a str, start: &str, end: &str) -> &'a str {
    let from = out.find(start).unwrap_or_else(|| panic!("{start} missing:\n{out}"));
    let to = out[from..].find(end).map_or(out.len(), |to| from + to);
    &out[from..to]
}

/// Search results as printed, `ID  TITLE` (snippets are the lines under them).
fn hits(out: &str) -> Vec<(u64, String)> {
    out.lines()
        .filter_map(|line| {
            let (id, title) = line.trim_start().split_once("  ")?;
            Some((id.parse().ok()?, title.trim_end_matches(" (promoted)").to_owned()))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn articles_sync_list_search_online_then_offline_search_and_article_from_the_cache() {
    let scratch = Scratch::new("help-center");
    let mut config = ServerConfig::new(scratch.path().join("helpdesk.sqlite3"));
    config.seed_demo = true;
    let server = RunningServer::start(config).await.unwrap();
    let url = server.base_url();
    let data = scratch.str("app");
    let base = ["--server", url.as_str(), "--data", data.as_str()];
    let run = |args: &[&str]| assert_ok(&demo(&[&base[..], args].concat()));

    let synced = run(&["articles", "sync"]);
    assert!(synced.contains("Help center synced: locale en-us, full sync, articles changed: "), "{synced}");
    assert!(!synced.contains("articles changed: 0,"), "{synced}");
    let again = run(&["articles", "sync"]);
    assert!(again.contains("incremental sync, articles changed: 0, deleted: 0, requests: 1"), "{again}");

    // The tree: categories at the margin, sections (with their id) under them, then titles.
    let tree = run(&["articles", "list"]);
    let section: u64 = tree
        .lines()
        .find_map(|l| l.strip_prefix("  ")?.split_once("  (section ")?.1.strip_suffix(')')?.parse().ok())
        .unwrap_or_else(|| panic!("no section in the tree:\n{tree}"));
    assert!(tree.lines().any(|l| l.starts_with("    - ")), "no article title in the tree:\n{tree}");
    assert!(tree.contains("readable offline)"), "{tree}");

    let listed = run(&["articles", "list", "--section", &section.to_string()]);
    assert!(listed.contains("ID  UP  DOWN  OFFLINE  TITLE"), "{listed}");
    let rows: Vec<&str> = listed.lines().skip_while(|l| !l.starts_with("ID ")).skip(1).collect();
    assert!(!rows.is_empty() && rows.iter().all(|r| r.contains(" yes ")), "{listed}");

    let online = run(&["search", "password", "--limit", "5"]);
    assert!(online.contains("from the helpdesk (online search)"), "{online}");
    assert!(online.to_lowercase().contains("[password"), "no highlighted snippet:\n{online}");
    assert!(!online.contains("<em>"), "{online}");
    let found = hits(&online);
    assert!(!found.is_empty() && found.len() <= 5, "{online}");

    // Another locale: `fr-CA` is not on the helpdesk, its language is.
    let french = scratch.str("app-fr");
    let fr = assert_ok(&demo(&["--server", &url, "--data", &french, "--locale", "fr-CA", "articles", "sync"]));
    assert!(fr.contains("locale fr, full sync"), "{fr}");

    server.stop().await;

    let offline = run(&["search", "password", "--offline", "--limit", "5"]);
    assert!(offline.contains("from this device (offline index)"), "{offline}");
    assert!(offline.to_lowercase().contains("[password"), "no highlighted snippet:\n{offline}");
    let fallback = run(&["search", "password"]);
    assert!(fallback.contains("Could not search on the helpdesk (offline"), "{fallback}");
    assert!(fallback.contains("from this device (offline index)"), "{fallback}");

    let (id, title) = hits(&offline).into_iter().next().unwrap_or_else(|| panic!("no hit:\n{offline}"));
    let shown = run(&["article", "show", &id.to_string()]);
    assert!(shown.contains("showing the copy cached on this device"), "{shown}");
    assert!(shown.contains(&title) && shown.contains(&format!("Article {id}, section ")), "{shown}");
    let body: Vec<&str> = shown.lines().skip_while(|l| !l.starts_with("Votes: ")).collect();
    assert!(body.len() > 5, "no body:\n{shown}");
    assert!(!shown.contains("</") && !shown.contains("<p>"), "tags left in the text:\n{shown}");

    let voted = run(&["article", "vote", &id.to_string(), "up"]);
    assert!(voted.contains("stored on this device: pending") && voted.contains("Not sent yet"), "{voted}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticket_new_then_tickets_lists_it() {
    let scratch = Scratch::new("online");
    let server = RunningServer::start(ServerConfig::new(scratch.path().join("helpdesk.sqlite3"))).await.unwrap();
    let url = server.base_url();
    let data = scratch.str("app");
    let base = ["--server", url.as_str(), "--data", data.as_str(), "--name", "Test user"];

    let created = assert_ok(&demo(
        &[&base[..], &["ticket", "new", "--subject", "Printer on fire", "--body", "Send help"]].concat(),
    ));
    assert!(created.contains("Sent: the helpdesk knows it as #"), "{created}");

    let listed = assert_ok(&demo(&[&base[..], &["tickets"]].concat()));
    let line =
        listed.lines().find(|l| l.contains("Printer on fire")).unwrap_or_else(|| panic!("not listed:\n{listed}"));
    assert!(line.contains(" sent "), "{listed}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticket_new_offline_stays_pending_and_a_later_sync_sends_it() {
    let scratch = Scratch::new("offline");
    let config = ServerConfig::new(scratch.path().join("helpdesk.sqlite3"));
    let server = RunningServer::start(config.clone()).await.unwrap();
    let addr = server.addr();
    server.stop().await;
    let url = format!("http://{addr}");
    let data = scratch.str("app");
    let base = ["--server", url.as_str(), "--data", data.as_str()];

    let created = assert_ok(&demo(
        &[&base[..], &["ticket", "new", "--subject", "Offline", "--body", "Written on a plane"]].concat(),
    ));
    assert!(created.contains("stored on this device: pending"), "{created}");
    assert!(created.contains("Not sent yet"), "{created}");

    let server = RunningServer::start(ServerConfig { port: addr.port(), ..config }).await.unwrap();
    let synced = assert_ok(&demo(&[&base[..], &["sync"]].concat()));
    assert!(synced.contains("writes still pending: 0"), "{synced}");
    assert!(synced.contains("outbox: empty"), "{synced}");

    let listed = assert_ok(&demo(&[&base[..], &["tickets"]].concat()));
    let line = listed.lines().find(|l| l.contains("Offline")).unwrap_or_else(|| panic!("not listed:\n{listed}"));
    assert!(line.contains(" sent ") && line.contains('#'), "{listed}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_sends_what_is_typed_and_prints_the_conversation() {
    use std::io::Write;

    let scratch = Scratch::new("chat");
    let server = RunningServer::start(ServerConfig::new(scratch.path().join("helpdesk.sqlite3"))).await.unwrap();
    let mut child = chat(&server.base_url(), &scratch.str("app"));
    child.stdin.take().unwrap().write_all(b"Hello from the terminal\n/quit\n").unwrap();
    let output = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap()).await.unwrap();
    let out = assert_ok(&output);
    assert!(out.contains("Hi! How can we help?"), "the bot's greeting:\n{out}");
    assert!(out.lines().any(|l| l.starts_with("── 20") && l.ends_with(" ──")), "the day, above:\n{out}");
    let line = out.lines().find(|l| l.contains("Hello from the terminal")).unwrap_or_else(|| panic!("{out}"));
    assert!(line.trim_start().starts_with('#') || line.contains("pending"), "shown with its seq or state: {line}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_chat_holds_the_data_directory_another_command_on_it_says_it_is_in_use() {
    use std::io::{BufRead, BufReader, Write};

    let scratch = Scratch::new("in-use");
    let server = RunningServer::start(ServerConfig::new(scratch.path().join("helpdesk.sqlite3"))).await.unwrap();
    let (url, data) = (server.base_url(), scratch.str("app"));
    let mut chat = chat(&url, &data);
    // The chat has the SDK open once the bot's greeting is printed.
    let mut lines = BufReader::new(chat.stdout.take().unwrap()).lines();
    let greeted = tokio::task::spawn_blocking(move || {
        let greeted = lines.by_ref().map_while(Result::ok).any(|l| l.contains("How can we help?"));
        (greeted, lines)
    });
    let (greeted, lines) = greeted.await.unwrap();
    assert!(greeted, "the chat never started");

    let refused = demo(&["--server", &url, "--data", &data, "tickets"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "a second SDK opened the directory:\n{}", stdout(&refused));
    assert!(stderr.contains("in use by another Helpline instance"), "{stderr}");

    chat.stdin.take().unwrap().write_all(b"/quit\n").unwrap();
    let status = tokio::task::spawn_blocking(move || {
        lines.for_each(drop);
        chat.wait().unwrap()
    });
    assert!(status.await.unwrap().success());
    assert_ok(&demo(&["--server", &url, "--data", &data, "tickets"]));
    server.stop().await;
}

#[test]
fn the_tour_asks_whether_to_prompt_for_a_rating_before_the_chat() {
    let out = assert_ok(&demo(&[]));
    let rating = between(&out, "Should the app ask Ana for a store rating?", "A live chat");
    assert!(rating.contains("record_launch(\"4.2\"); should_prompt(): not now: 0 of 1 significant events"), "{rating}");
    assert!(rating.contains("record_event(); should_prompt(): ask now"), "{rating}");
    assert!(
        rating.contains("record_outcome(RemindLater); should_prompt(): not now: remind later: 7 day(s)"),
        "{rating}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_and_rating_commands_follow_the_helpdesk_and_survive_offline() {
    let scratch = Scratch::new("rating");
    let mut config = ServerConfig::new(scratch.path().join("helpdesk.sqlite3"));
    config.seed_demo = true;
    let server = RunningServer::start(config).await.unwrap();
    let url = server.base_url();
    let data = scratch.str("app");
    let base = ["--server", url.as_str(), "--data", data.as_str()];
    let run = |args: &[&str]| assert_ok(&demo(&[&base[..], args].concat()));

    let settings = run(&["settings"]);
    assert!(settings.contains("field 360002 \"Topic\": tagger, optional, one of bug|billing|question"), "{settings}");
    assert!(settings.contains("rating prompts: on; after 1 launch(es), 0 day(s) installed, 1 event(s)"), "{settings}");
    assert!(run(&["settings"]).contains("up to date (the helpdesk answered 304"), "the second fetch is a 304");

    let status = run(&["rating", "status"]);
    assert!(status.contains("not now: no launch recorded yet"), "{status}");
    assert!(run(&["rating", "launch", "--version", "2.0"]).contains("not now: 0 of 1 significant events"));
    assert!(run(&["rating", "event"]).contains("should_prompt(): ask now"));
    let feedback = run(&["rating", "outcome", "feedback", "The dark mode is too dark"]);
    assert!(feedback.contains("Sent: the helpdesk knows it as #"), "{feedback}");
    assert!(feedback.contains("the user sent feedback on this version"), "{feedback}");
    assert!(!demo(&[&base[..], &["rating", "outcome", "feedback"]].concat()).status.success(), "feedback needs a text");

    server.stop().await;
    let offline = run(&["rating", "status"]);
    assert!(
        offline.contains("Could not reach the helpdesk") && offline.contains("last answer: feedback (on 2.0)"),
        "{offline}"
    );
    assert!(run(&["settings"]).contains("field 360001 \"Order number\""), "the cached settings, offline");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticket_new_attach_uploads_the_files_and_ticket_show_lists_their_urls() {
    let scratch = Scratch::new("attach");
    let server = RunningServer::start(ServerConfig::new(scratch.path().join("helpdesk.sqlite3"))).await.unwrap();
    let url = server.base_url();
    let data = scratch.str("app");
    let base = ["--server", url.as_str(), "--data", data.as_str()];
    let (shot, notes) = (scratch.str("shot.png"), scratch.str("notes.txt"));
    let (picture, text): (&[u8], &str) =
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR, then a picture", "Open the app, tap Photos.\n");
    std::fs::write(&shot, picture).unwrap();
    std::fs::write(&notes, text).unwrap();
    let (shot_size, notes_size) = (format!("{} B", picture.len()), format!("{} B", text.len()));

    let args =
        ["ticket", "new", "--subject", "Broken photos", "--body", "See the files", "--attach", &shot, "--attach"];
    let created = assert_ok(&demo(&[&base[..], &args, &[notes.as_str()]].concat()));
    assert!(created.contains(&format!("with shot.png (image/png, {shot_size}): copied, to upload")), "{created}");
    assert!(created.contains(&format!("with notes.txt (text/plain, {notes_size})")), "{created}");
    assert!(created.contains(&format!("Uploaded shot.png ({shot_size}).")), "{created}");
    assert!(created.contains(&format!("Uploaded notes.txt ({notes_size}).")), "{created}");
    let id = created
        .split("Sent: the helpdesk knows it as #")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap_or_else(|| panic!("not sent:\n{created}"));

    let shown = assert_ok(&demo(&[&base[..], &["ticket", "show", id]].concat()));
    assert!(shown.contains("See the files [shot.png] [notes.txt]"), "{shown}");
    let files: Vec<&str> = shown.lines().skip_while(|l| !l.contains("Attachments:")).skip(2).collect();
    assert_eq!(files.len(), 2, "{shown}");
    assert!(files[0].contains("shot.png") && files[0].contains(&format!("{url}/attachments/")), "{shown}");
    assert!(files[1].contains("notes.txt") && files[1].contains("text/plain"), "{shown}");

    // A file that is not there: refused, named, nothing queued.
    let missing = scratch.str("gone.png");
    let refused = demo(&[&base[..], &["ticket", "new", "--body", "x", "--attach", missing.as_str()]].concat());
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("invalid attachments: gone.png: no such file"), "{err}");
    server.stop().await;
}

#[test]
fn the_tour_rates_the_solved_ticket_before_the_rating_prompt() {
    let out = assert_ok(&demo(&[]));
    let csat = between(&out, "The agent solves the ticket; Ana rates it", "Should the app ask Ana");
    assert!(csat.contains("satisfaction.offered = true"), "{csat}");
    assert!(csat.contains("shown at once: good (pending)"), "{csat}");
    assert!(csat.contains("the rating is the helpdesk's now: good"), "{csat}");
    assert!(csat.contains("satisfaction_ratings.json lists it: ticket #"), "{csat}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csat_refuses_an_open_ticket_then_rates_it_once_solved() {
    let scratch = Scratch::new("csat");
    let config = ServerConfig::new(scratch.path().join("helpdesk.sqlite3"));
    let agent_token = config.agent_token.clone();
    let server = RunningServer::start(config).await.unwrap();
    let url = server.base_url();
    let data = scratch.str("app");
    let base = ["--server", url.as_str(), "--data", data.as_str()];
    let run = |args: &[&str]| demo(&[&base[..], args].concat());

    let created = assert_ok(&run(&["ticket", "new", "--subject", "Rate me", "--body", "Please"]));
    let id = created
        .split("Sent: the helpdesk knows it as #")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap_or_else(|| panic!("not sent:\n{created}"))
        .to_owned();
    let refused = run(&["csat", &id, "good"]);
    assert!(!refused.status.success(), "an open ticket was rated:\n{}", stdout(&refused));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("invalid status: only a solved ticket can be rated"), "{stderr}");

    let _ = rustls::crypto::ring::default_provider().install_default();
    let solved = reqwest::Client::new()
        .put(format!("{url}/api/v2/tickets/{id}.json"))
        .bearer_auth(&agent_token)
        .json(&serde_json::json!({"ticket": {"status": "solved"}}))
        .send()
        .await
        .unwrap();
    assert!(solved.status().is_success());
    assert!(assert_ok(&run(&["tickets"])).lines().any(|l| l.contains("Rate me") && l.contains(" offered ")));

    let rated = assert_ok(&run(&["csat", &id, "good", "--comment", "Thanks!"]));
    assert!(rated.contains("stored on this device: good (pending)"), "{rated}");
    assert!(rated.contains("Sent: the helpdesk has the rating"), "{rated}");
    let shown = assert_ok(&run(&["ticket", "show", &id]));
    assert!(shown.contains("Rating: good, \"Thanks!\""), "{shown}");
    server.stop().await;
}
