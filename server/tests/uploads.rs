//! Uploads over real HTTP: files streamed to disk, tokens that add files, expire and are
//! claimed once, the size limit of the app's settings (413), attachments on request comments
//! and chat messages, and downloads served only to the requester and the agent.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::{AGENT, Harness, body, start, start_with};
use helpline_protocol::{
    APP_IDENTIFIER, Attachment, CommentsPage, ConversationEnvelope, MessageEnvelope, MessageKind, MessagesPage,
    RequestEnvelope, UploadEnvelope, paths,
};
use reqwest::{Method, Response, header};
use serde_json::{Value, json};

/// Deterministic bytes that are not all alike (a file's content must round-trip exactly).
fn content(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i.wrapping_mul(31) ^ (i >> 8)) as u8).collect()
}

fn upload_url(h: &Harness, file_name: &str, token: Option<&str>) -> String {
    let mut url = reqwest::Url::parse(&h.url(paths::UPLOADS)).unwrap();
    url.query_pairs_mut().append_pair("filename", file_name);
    if let Some(token) = token {
        url.query_pairs_mut().append_pair("token", token);
    }
    url.into()
}

async fn post_file(h: &Harness, user: &str, file_name: &str, token: Option<&str>, bytes: Vec<u8>) -> Response {
    h.http
        .post(upload_url(h, file_name, token))
        .bearer_auth(user)
        .header(header::CONTENT_TYPE, "image/png")
        .body(bytes)
        .send()
        .await
        .expect("upload sent")
}

async fn upload(h: &Harness, user: &str, file_name: &str, token: Option<&str>, bytes: Vec<u8>) -> UploadEnvelope {
    serde_json::from_value(body(post_file(h, user, file_name, token, bytes).await, 201).await).unwrap()
}

/// The files in the server's uploads directory.
fn stored(h: &Harness) -> Vec<PathBuf> {
    let dir = h.dir.0.join("uploads");
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect()
}

async fn download(h: &Harness, token: Option<&str>, url: &str) -> Response {
    let mut req = h.http.get(url);
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    req.send().await.unwrap()
}

async fn create_with(h: &Harness, user: &str, uploads: &[&str]) -> Response {
    let request =
        json!({"request": {"subject": "Crash", "comment": {"body": "See the screenshot", "uploads": uploads}}});
    h.post(user, paths::REQUESTS, request).await
}

async fn comments(h: &Harness, token: &str, path: &str) -> CommentsPage {
    serde_json::from_value(body(h.get(token, path).await, 200).await).unwrap()
}

#[tokio::test]
async fn a_file_is_streamed_to_disk_and_a_token_takes_more_files() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let first = upload(&h, &ana, "shot.png", None, content(300_000)).await.upload;
    assert!(!first.token.is_empty());
    assert!(first.expires_at.as_deref().is_some_and(|t| t.ends_with('Z')), "{first:?}");
    let file = first.attachment.clone().unwrap();
    assert_eq!((file.file_name.as_str(), file.content_type.as_str(), file.size), ("shot.png", "image/png", 300_000));
    assert!(file.content_url.starts_with(&h.server.base_url()), "{}", file.content_url);
    assert_eq!(first.attachments, vec![file.clone()]);
    let on_disk = stored(&h);
    assert_eq!(on_disk.len(), 1);
    assert_eq!(std::fs::read(&on_disk[0]).unwrap(), content(300_000), "the bytes as sent");

    let second = upload(&h, &ana, "log file.txt", Some(&first.token), b"line 1\n".to_vec()).await.upload;
    assert_eq!(second.token, first.token, "the same upload");
    assert_eq!(second.attachments.len(), 2);
    assert_eq!(second.attachments[0], file);
    assert_eq!(second.attachment.as_ref().unwrap().file_name, "log file.txt");
    assert!(second.attachment.unwrap().content_url.ends_with("/log%20file.txt"));

    // Another user cannot add to it.
    let bo = h.anon("bo").await;
    let err = body(post_file(&h, &bo, "x.png", Some(&first.token), vec![1]).await, 422).await;
    assert!(err["details"]["token"].is_array(), "{err}");
    assert_eq!(stored(&h).len(), 2, "a refused upload leaves no file");
    h.server.stop().await;
}

#[tokio::test]
async fn a_chunked_body_is_streamed_too() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = (0..64).map(|i| Ok(vec![i as u8; 16 * 1024])).collect();
    let resp = h
        .http
        .post(upload_url(&h, "big.bin", None))
        .bearer_auth(&ana)
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(chunks)))
        .send()
        .await
        .unwrap();
    let up: UploadEnvelope = serde_json::from_value(body(resp, 201).await).unwrap();
    let file = up.upload.attachment.unwrap();
    assert_eq!((file.size, file.content_type.as_str()), (64 * 16 * 1024, "application/octet-stream"));
    h.server.stop().await;
}

#[tokio::test]
async fn over_the_apps_limit_is_413_with_a_json_error_and_nothing_is_kept() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let limit = json!({"settings": {"support": {"attachments": {"max_attachment_size": 1000}}}});
    body(h.put(AGENT, &paths::agent_sdk_settings("small-app"), limit).await, 200).await;

    let to_app = |bytes: reqwest::Body| {
        h.http.post(upload_url(&h, "big.png", None)).bearer_auth(&ana).header(APP_IDENTIFIER, "small-app").body(bytes)
    };
    // Declared too large: refused before a byte is read (the client still gets the answer).
    let declared = to_app(content(8_000_000).into()).send().await.unwrap();
    let err = body(declared, 413).await;
    assert_eq!(err["error"], "PayloadTooLarge");
    assert!(err["description"].as_str().unwrap().contains("1000 bytes"), "{err}");
    // Chunked, no length: cut off as soon as the limit is passed.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = (0..500).map(|_| Ok(vec![7u8; 16_000])).collect();
    let streamed = to_app(reqwest::Body::wrap_stream(futures_util::stream::iter(chunks))).send().await.unwrap();
    assert_eq!(body(streamed, 413).await["error"], "PayloadTooLarge");
    assert!(stored(&h).is_empty(), "no partial file left: {:?}", stored(&h));

    // Within the limit, or for an app without one (the 20 MiB default), it goes through.
    assert_eq!(to_app(content(1000).into()).send().await.unwrap().status(), 201);
    assert_eq!(post_file(&h, &ana, "big.png", None, content(5_000)).await.status(), 201);

    // Attachments switched off for the app: refused, naming uploads.
    let off = json!({"settings": {"support": {"attachments": {"enabled": false}}}});
    body(h.put(AGENT, &paths::agent_sdk_settings("small-app"), off).await, 200).await;
    let err = body(to_app(vec![1u8].into()).send().await.unwrap(), 422).await;
    assert!(err["details"]["uploads"].is_array(), "{err}");
    h.server.stop().await;
}

/// The server answers a refused upload only after reading what the client still sends: a
/// connection closed on unread bytes is reset, and the client, mid-write, never gets the 413.
#[tokio::test]
async fn a_refused_upload_is_always_answered_and_the_connection_stays_usable() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let limit = json!({"settings": {"support": {"attachments": {"max_attachment_size": 1000}}}});
    body(h.put(AGENT, &paths::agent_sdk_settings("small-app"), limit).await, 200).await;
    // One connection, so a reset would show as an error on the next request too.
    let http = reqwest::Client::builder().pool_max_idle_per_host(1).build().unwrap();
    for round in 0..12 {
        let sent = http
            .post(upload_url(&h, "big.png", None))
            .bearer_auth(&ana)
            .header(APP_IDENTIFIER, "small-app")
            .body(content(21 * 1024 * 1024))
            .send()
            .await;
        let answer = sent.unwrap_or_else(|e| panic!("round {round}: no answer to a refused upload: {e}"));
        assert_eq!(body(answer, 413).await["error"], "PayloadTooLarge", "round {round}");
    }
    let small = http.post(upload_url(&h, "ok.png", None)).bearer_auth(&ana).body(content(10)).send().await.unwrap();
    assert_eq!(small.status(), 201);
    assert!(stored(&h).len() == 1, "only the accepted file is kept: {:?}", stored(&h));
    h.server.stop().await;
}

#[tokio::test]
async fn bad_names_empty_files_and_strangers_are_refused() {
    let h = start().await;
    let ana = h.anon("ana").await;
    for bad in ["", "../etc/passwd", "a\\b.png"] {
        let err = body(post_file(&h, &ana, bad, None, vec![1]).await, 422).await;
        assert!(err["details"]["filename"].is_array(), "{bad:?}: {err}");
    }
    let err = body(post_file(&h, &ana, "empty.txt", None, vec![]).await, 422).await;
    assert!(err["details"]["file"].is_array(), "{err}");
    let anonymous = h.http.post(upload_url(&h, "x.png", None)).body(vec![1u8]).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    assert!(stored(&h).is_empty(), "{:?}", stored(&h));
    h.server.stop().await;
}

#[tokio::test]
async fn a_request_takes_the_files_and_only_its_requester_and_the_agent_download_them() {
    let h = start().await;
    let (ana, bo) = (h.anon("ana").await, h.anon("bo").await);
    let shot = upload(&h, &ana, "shot.png", None, content(70_000)).await.upload;
    let log = upload(&h, &ana, "app.log", None, b"E/crash\n".to_vec()).await.upload;
    let created = body(create_with(&h, &ana, &[&shot.token, &log.token]).await, 201).await;
    let request: RequestEnvelope = serde_json::from_value(created).unwrap();
    let id = request.request.id;

    let mine = comments(&h, &ana, &paths::request_comments(id)).await;
    let files: Vec<&Attachment> = mine.comments[0].attachments.iter().collect();
    assert_eq!(files.iter().map(|a| a.file_name.as_str()).collect::<Vec<_>>(), ["shot.png", "app.log"]);
    let agents = comments(&h, AGENT, &paths::agent_ticket_comments(id)).await;
    assert_eq!(agents.comments[0].attachments, mine.comments[0].attachments, "the agent sees them too");

    let url = &files[0].content_url;
    let own = download(&h, Some(&ana), url).await;
    assert_eq!(own.status(), 200);
    assert_eq!(own.headers()[header::CONTENT_TYPE], "image/png");
    assert!(own.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment"));
    assert_eq!(own.bytes().await.unwrap().to_vec(), content(70_000));
    let agent = download(&h, Some(AGENT), url).await;
    assert_eq!(agent.bytes().await.unwrap().to_vec(), content(70_000));
    for (who, token) in [("another user", Some(bo.as_str())), ("no token", None), ("a bad token", Some("nope"))] {
        let resp = download(&h, token, url).await;
        assert_eq!(resp.status(), 404, "{who}");
        assert_eq!(body(resp, 404).await["error"], "RecordNotFound", "{who}");
    }
    let wrong_name = url.replace("shot.png", "other.png");
    assert_eq!(download(&h, Some(&ana), &wrong_name).await.status(), 404);
    assert_eq!(download(&h, Some(&ana), &h.url("/attachments/999/shot.png")).await.status(), 404);
    // Bo's requests stay his: the agent's comments of a missing ticket are a 404 too.
    assert_eq!(h.get(&bo, &paths::request_comments(id)).await.status(), 404);
    assert_eq!(h.get(AGENT, &paths::agent_ticket_comments(9999)).await.status(), 404);
    h.server.stop().await;
}

#[tokio::test]
async fn a_comment_takes_files_and_a_token_is_claimed_once() {
    let h = start().await;
    let (ana, bo) = (h.anon("ana").await, h.anon("bo").await);
    let request = h.create(&ana, "Crash", "It crashed").await;
    let shot = upload(&h, &ana, "shot.png", None, content(10)).await.upload;
    let comment = json!({"request": {"comment": {"body": "Here it is", "uploads": [shot.token]}}});
    body(h.put(&ana, &paths::request(request.id), comment.clone()).await, 200).await;
    let page = comments(&h, &ana, &paths::request_comments(request.id)).await;
    assert_eq!(page.comments.len(), 2);
    assert!(page.comments[0].attachments.is_empty());
    assert_eq!(page.comments[1].attachments.len(), 1);

    // The same token again, another user's, or an unknown one: 422 naming uploads.
    let again = body(h.put(&ana, &paths::request(request.id), comment).await, 422).await;
    assert!(again["details"]["uploads"][0]["description"].as_str().unwrap().contains("already attached"), "{again}");
    let bos = upload(&h, &bo, "b.png", None, content(10)).await.upload;
    for token in [bos.token.as_str(), "unknown"] {
        let err = body(create_with(&h, &ana, &[token]).await, 422).await;
        assert!(err["details"]["uploads"].is_array(), "{token}: {err}");
    }
    assert_eq!(page.comments[1].attachments[0].size, 10);

    // Delete: one's own unclaimed upload goes with its files; a claimed one stays.
    let loose = upload(&h, &ana, "loose.png", None, content(5)).await.upload;
    let files_before = stored(&h).len();
    assert_eq!(h.call(Method::DELETE, Some(&bo), &paths::upload(&loose.token), None).await.status(), 404);
    assert_eq!(h.call(Method::DELETE, Some(&ana), &paths::upload(&loose.token), None).await.status(), 204);
    assert_eq!(stored(&h).len(), files_before - 1);
    assert_eq!(h.call(Method::DELETE, Some(&ana), &paths::upload(&loose.token), None).await.status(), 404);
    let claimed = body(h.call(Method::DELETE, Some(&ana), &paths::upload(&shot.token), None).await, 422).await;
    assert!(claimed["details"]["token"].is_array(), "{claimed}");
    h.server.stop().await;
}

#[tokio::test]
async fn an_expired_token_is_refused_by_name_in_a_create() {
    let h = start_with(|c| helpline_server::ServerConfig { upload_ttl: Duration::ZERO, ..c }).await;
    let ana = h.anon("ana").await;
    let shot = upload(&h, &ana, "shot.png", None, content(10)).await.upload;
    let err = body(create_with(&h, &ana, &[&shot.token]).await, 422).await;
    let problem = &err["details"]["uploads"][0];
    assert_eq!(problem["error"], "Expired", "{err}");
    assert!(problem["description"].as_str().unwrap().contains("expired"), "{err}");
    let more = body(post_file(&h, &ana, "more.png", Some(&shot.token), vec![1]).await, 422).await;
    assert_eq!(more["details"]["token"][0]["error"], "Expired", "{more}");
    h.server.stop().await;

    // The test hook expires the tokens of a running server.
    let h = start().await;
    let ana = h.anon("ana").await;
    let shot = upload(&h, &ana, "shot.png", None, content(10)).await.upload;
    assert_eq!(h.server.expire_uploads().await, 1);
    assert_eq!(
        body(create_with(&h, &ana, &[&shot.token]).await, 422).await["details"]["uploads"][0]["error"],
        "Expired"
    );
    let fresh = upload(&h, &ana, "shot.png", None, content(10)).await.upload;
    body(create_with(&h, &ana, &[&fresh.token]).await, 201).await;
    h.server.stop().await;
}

#[tokio::test]
async fn a_chat_message_takes_files_and_without_text_is_a_file_message() {
    let h = start().await;
    let (ana, bo) = (h.anon("ana").await, h.anon("bo").await);
    let v = body(h.post(&ana, paths::CONVERSATIONS, json!({"conversation": {}})).await, 201).await;
    let conversation = serde_json::from_value::<ConversationEnvelope>(v).unwrap().conversation;
    let shot = upload(&h, &ana, "shot.png", None, content(2_000)).await.upload;
    let path = paths::conversation_messages(conversation.id);
    let post = |client_id: &str, text: &str, uploads: Vec<String>| {
        h.post(&ana, &path, json!({"message": {"client_id": client_id, "text": text, "uploads": uploads}}))
    };
    let v = body(post("c1", "", vec![shot.token.clone()]).await, 201).await;
    let message = serde_json::from_value::<MessageEnvelope>(v).unwrap().message;
    assert_eq!(message.kind, MessageKind::File);
    assert_eq!(message.attachments.len(), 1);
    assert_eq!(message.attachments[0].file_name, "shot.png");
    // Resent with the same client id: the same message, its file included; nothing claimed twice.
    let v = body(post("c1", "", vec![shot.token.clone()]).await, 200).await;
    assert_eq!(serde_json::from_value::<MessageEnvelope>(v).unwrap().message, message);

    let history: MessagesPage = serde_json::from_value(body(h.get(&ana, &path).await, 200).await).unwrap();
    let listed = history.messages.iter().find(|m| m.client_id.as_deref() == Some("c1")).unwrap();
    assert_eq!(listed.attachments, message.attachments);
    // The transcript comment names the file and carries it.
    let page = comments(&h, AGENT, &paths::agent_ticket_comments(conversation.request_id)).await;
    let mirrored = page.comments.iter().find(|c| !c.attachments.is_empty()).expect("a comment with the file");
    assert_eq!(mirrored.body, "shot.png");
    assert_eq!(download(&h, Some(&ana), &message.attachments[0].content_url).await.status(), 200);
    assert_eq!(download(&h, Some(&bo), &message.attachments[0].content_url).await.status(), 404);

    // Text with a file is a text message; no text and no file is still refused.
    let log = upload(&h, &ana, "app.log", None, b"x".to_vec()).await.upload;
    let v = body(post("c2", "The log", vec![log.token]).await, 201).await;
    assert_eq!(serde_json::from_value::<MessageEnvelope>(v).unwrap().message.kind, MessageKind::Text);
    let err: Value = body(post("c3", " ", vec![]).await, 422).await;
    assert!(err["details"]["text"].is_array(), "{err}");
    h.server.stop().await;
}
