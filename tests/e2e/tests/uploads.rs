//! Attachments end to end: files streamed through the outbox to the reference helpdesk over
//! loopback, listed with their URLs, downloaded by the requester (and refused to anyone else),
//! refused before a byte is sent when too large, resumed after a dropped connection and an app
//! restart without a second copy, uploaded again when the helpdesk refuses expired tokens.

use std::path::{Path, PathBuf};

use helpline_core::{Attachment, ChatMessageKind, DeliveryState, Error, Event, EventStream, OutboxItem, TicketDraft};
use helpline_e2e::{Harness, eventually, wait_for};
use helpline_server::Fault;
use serde_json::json;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const MIB: i64 = 1024 * 1024;

/// A file of the user's, `len` bytes (a PNG header, then a pattern).
fn user_file(dir: &Path, name: &str, len: usize) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content(len)).unwrap();
    path
}

fn content(len: usize) -> Vec<u8> {
    let mut bytes = PNG.to_vec();
    bytes.extend((0..len.saturating_sub(PNG.len())).map(|i| (i.wrapping_mul(7) ^ (i >> 9)) as u8));
    bytes.truncate(len);
    bytes
}

fn draft(description: &str, attachments: Vec<PathBuf>) -> TicketDraft {
    TicketDraft {
        subject: "The app crashes".into(),
        description: description.into(),
        attachments,
        ..Default::default()
    }
}

/// The SDK's queued copies (`data_dir/outbox-files`).
fn queued_copies(h: &Harness, user: &str) -> usize {
    std::fs::read_dir(h.data_dir(user).join("outbox-files")).map_or(0, |d| d.count())
}

fn names(attachments: &[Attachment]) -> Vec<&str> {
    attachments.iter().map(|a| a.file_name.as_str()).collect()
}

/// Waits until the head of the outbox failed once and waits for a retry.
async fn until_retrying(events: &mut EventStream) -> OutboxItem {
    match wait_for(events, |e| matches!(e, Event::OutboxChanged { item } if item.last_error.is_some())).await {
        Event::OutboxChanged { item } => item,
        _ => unreachable!(),
    }
}

/// Ana creates a ticket with `files` while every connection to `path` is cut; once its write
/// failed and waits for a retry (pending), the app is killed (the SDK dropped) and the
/// connections work again. Returns the ticket's local id.
async fn create_then_kill_the_app(h: &Harness, path: &str, files: Vec<PathBuf>) -> String {
    // More cuts than the outbox retries before the app is killed.
    for _ in 0..20 {
        h.faults().push(path, Fault::Drop);
    }
    let sdk = h.sdk("Ana").await;
    let mut events = sdk.subscribe();
    let ticket = sdk.tickets().create(draft("Crash", files)).await.unwrap();
    let item = until_retrying(&mut events).await;
    assert_eq!(item.state, DeliveryState::Pending, "a network failure keeps the write pending");
    drop(sdk);
    h.faults().clear();
    ticket.id
}

#[tokio::test]
async fn a_ticket_with_two_attachments_reaches_the_agent_and_lists_them_with_urls() {
    let h = Harness::start().await;
    let files = tempfile::tempdir().unwrap();
    let shot = user_file(files.path(), "shot.png", 300_000);
    let log = files.path().join("app.log");
    std::fs::write(&log, "E/crash: NullPointerException\n").unwrap();
    let sdk = h.sdk("Ana").await;
    let mut events = sdk.subscribe();

    let ticket =
        sdk.tickets().create(draft("It crashes, see the files", vec![shot.clone(), log.clone()])).await.unwrap();
    // Copied at once: the app may delete its own files as soon as the call returns.
    std::fs::remove_file(&shot).unwrap();
    std::fs::remove_file(&log).unwrap();
    assert_eq!(queued_copies(&h, "Ana"), 2);
    let pending = sdk.tickets().get(&ticket.id).unwrap().comments.remove(0);
    assert_eq!(names(&pending.attachments), ["shot.png", "app.log"]);
    assert!(pending.attachments.iter().all(|a| a.id.is_none() && a.content_url.is_none()));
    assert_eq!(pending.attachments[0].content_type, "image/png");
    assert_eq!(pending.attachments[1].content_type, "text/plain", "no signature: from the extension");

    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let sent = sdk.tickets().get(&ticket.id).unwrap().ticket;
    assert_eq!(sent.delivery, DeliveryState::Sent);
    assert_eq!(queued_copies(&h, "Ana"), 0, "the copies go once the ticket landed");

    // Progress for each file: from 0 to its size.
    let progress: Vec<(String, i64, i64)> = std::iter::from_fn(|| events.try_recv().ok())
        .filter_map(|e| match e {
            Event::UploadProgress { target_id, file_name, sent_bytes, total_bytes } => {
                assert_eq!(target_id, ticket.id);
                Some((file_name, sent_bytes, total_bytes))
            }
            _ => None,
        })
        .collect();
    for (name, size) in [("shot.png", 300_000), ("app.log", 30)] {
        let of: Vec<i64> = progress.iter().filter(|p| p.0 == name).map(|p| p.1).collect();
        assert_eq!((of.first(), of.last()), (Some(&0), Some(&size)), "{name}: {progress:?}");
        assert!(progress.iter().filter(|p| p.0 == name).all(|p| p.2 == size));
    }

    // The agent sees both on the description, and gets the same bytes.
    let remote_id = sent.remote_id.unwrap();
    let comments = h.agent_ticket_comments(remote_id).await;
    let files_seen = &comments[0].attachments;
    assert_eq!(files_seen.iter().map(|a| a.file_name.as_str()).collect::<Vec<_>>(), ["shot.png", "app.log"]);
    assert_eq!(files_seen[0].size, 300_000);
    assert_eq!(h.agent_download(&files_seen[0].content_url).await, content(300_000));
    assert_eq!(h.agent_download(&files_seen[1].content_url).await, b"E/crash: NullPointerException\n");

    // The SDK lists them on the description comment, with their URLs, after a refresh.
    let detail = sdk.tickets().refresh_ticket(&ticket.id).await.unwrap();
    assert_eq!(detail.comments.len(), 1);
    let listed = &detail.comments[0].attachments;
    assert_eq!(names(listed), ["shot.png", "app.log"]);
    assert_eq!(listed[0].id, Some(files_seen[0].id as i64));
    assert_eq!(listed[0].content_url.as_deref(), Some(files_seen[0].content_url.as_str()));
    assert_eq!(h.faults().served("/uploads"), 2);
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_before_any_byte_is_sent() {
    let h = Harness::start().await;
    let files = tempfile::tempdir().unwrap();
    let huge = files.path().join("screen-recording.mp4");
    std::fs::File::create(&huge).unwrap().set_len(30 * 1000 * 1000).unwrap();
    let sdk = h.sdk("Ana").await;
    assert_eq!(sdk.settings().support.attachments.max_attachment_size, 20 * MIB);

    let refused = sdk.tickets().create(draft("Watch this", vec![huge.clone()])).await;
    assert_eq!(
        refused.err(),
        Some(Error::AttachmentTooLarge { file: "screen-recording.mp4".into(), size: 30_000_000, limit: 20 * MIB })
    );
    let missing = sdk.tickets().create(draft("Here", vec![files.path().join("gone.png")])).await;
    match missing {
        Err(Error::Validation { field, reason }) => {
            assert_eq!(field, "attachments");
            assert!(reason.contains("gone.png"), "{reason}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert!(sdk.tickets().list().unwrap().is_empty(), "nothing stored");
    assert!(sdk.outbox().unwrap().is_empty(), "nothing queued");
    assert_eq!(queued_copies(&h, "Ana"), 0, "nothing copied");
    let conversation_file = sdk.messaging().send_file(&huge, Some("look")).await;
    assert!(matches!(conversation_file, Err(Error::AttachmentTooLarge { .. })), "{conversation_file:?}");
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert_eq!(h.faults().served("/uploads"), 0, "the upload route was never hit");
}

#[tokio::test]
async fn a_413_fails_the_write_with_a_reason_when_the_settings_were_stale() {
    let h = Harness::start().await;
    let files = tempfile::tempdir().unwrap();
    let shot = user_file(files.path(), "shot.png", 5_000);
    let sdk = h.sdk("Ana").await;
    sdk.refresh_settings().await.unwrap();
    // The helpdesk lowers the limit; the SDK still holds the old one.
    h.agent_set_settings(json!({"support": {"attachments": {"max_attachment_size": 1024}}})).await;
    let ticket = sdk.tickets().create(draft("Too big now", vec![shot])).await.unwrap();
    sdk.flush_outbox().await.unwrap();

    let item = sdk.outbox().unwrap().into_iter().next().expect("the write stays, failed");
    match &item.state {
        DeliveryState::Failed { reason } => {
            assert!(reason.contains("shot.png is 5000 bytes, over the attachment limit of 1024 bytes"), "{reason}")
        }
        other => panic!("expected a failed write, got {other:?}"),
    }
    assert!(matches!(sdk.tickets().get(&ticket.id).unwrap().ticket.delivery, DeliveryState::Failed { .. }));
    assert_eq!(sdk.settings().support.attachments.max_attachment_size, 1024, "the 413 refreshed the settings");
    assert!(h.agent_tickets().await.is_empty(), "no ticket without its file");
}

#[tokio::test]
async fn an_upload_cut_by_a_dropped_connection_resumes_after_a_restart_and_attaches_once() {
    let h = Harness::start().await;
    let files = tempfile::tempdir().unwrap();
    let shot = user_file(files.path(), "shot.png", 1_000_000);
    // Every upload is cut until the app restarts.
    let ticket_id = create_then_kill_the_app(&h, "/uploads", vec![shot]).await;
    assert_eq!(h.faults().served("/uploads"), 0);

    let sdk = h.sdk("Ana").await;
    assert_eq!(sdk.outbox().unwrap().len(), 1, "still queued after the restart");
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let remote_id = sdk.tickets().get(&ticket_id).unwrap().ticket.remote_id.expect("sent");
    let comments = h.agent_ticket_comments(remote_id).await;
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].attachments.len(), 1, "exactly one attachment");
    assert_eq!(h.agent_download(&comments[0].attachments[0].content_url).await, content(1_000_000));
    assert_eq!(h.faults().served("/uploads"), 1);
    assert_eq!(queued_copies(&h, "Ana"), 0);
}

#[tokio::test]
async fn a_token_obtained_before_a_restart_is_used_after_it_and_the_file_is_not_uploaded_twice() {
    let h = Harness::start().await;
    let files = tempfile::tempdir().unwrap();
    let shot = user_file(files.path(), "shot.png", 200_000);
    // The file uploads, but the ticket's creation is cut until the restart.
    let ticket_id = create_then_kill_the_app(&h, "/api/v2/requests.json", vec![shot]).await;
    assert_eq!(h.faults().served("/uploads"), 1, "uploaded before the restart");

    let sdk = h.sdk("Ana").await;
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert_eq!(h.faults().served("/uploads"), 1, "the saved token is used, the file not uploaded again");
    let remote_id = sdk.tickets().get(&ticket_id).unwrap().ticket.remote_id.expect("sent");
    let comments = h.agent_ticket_comments(remote_id).await;
    assert_eq!(comments[0].attachments.len(), 1);
}

#[tokio::test]
async fn expired_tokens_are_refused_and_the_files_uploaded_again() {
    let h = Harness::start().await;
    let files = tempfile::tempdir().unwrap();
    let shot = user_file(files.path(), "shot.png", 50_000);
    let sdk = h.sdk("Ana").await;
    let mut events = sdk.subscribe();
    for _ in 0..20 {
        h.faults().push("/api/v2/requests.json", Fault::Status(503));
    }
    let ticket = sdk.tickets().create(draft("Crash", vec![shot])).await.unwrap();
    until_retrying(&mut events).await;
    // An hour passes: the helpdesk forgets the token.
    assert_eq!(h.expire_uploads().await, 1);
    h.faults().clear();

    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    assert_eq!(sdk.tickets().get(&ticket.id).unwrap().ticket.delivery, DeliveryState::Sent);
    assert_eq!(h.faults().served("/uploads"), 2, "uploaded again after the refusal");
    let remote_id = sdk.tickets().get(&ticket.id).unwrap().ticket.remote_id.unwrap();
    let comments = h.agent_ticket_comments(remote_id).await;
    assert_eq!(comments[0].attachments.len(), 1);
}

#[tokio::test]
async fn only_the_requester_downloads_a_comments_attachment() {
    let h = Harness::start().await;
    let files = tempfile::tempdir().unwrap();
    let shot = user_file(files.path(), "shot.png", 123_456);
    let ana = h.sdk("Ana").await;
    let ticket = ana.tickets().create(draft("Crash", vec![])).await.unwrap();
    ana.flush_outbox().await.unwrap();
    let comment =
        ana.tickets().add_comment_with_attachments(&ticket.id, "Here is a screenshot", &[shot]).await.unwrap();
    assert_eq!(names(&comment.attachments), ["shot.png"]);
    assert_eq!(ana.flush_outbox().await.unwrap(), 0);

    let detail = ana.tickets().refresh_ticket(&ticket.id).await.unwrap();
    let attachment = detail.comments.iter().find(|c| c.body == "Here is a screenshot").unwrap().attachments[0].clone();
    assert!(attachment.content_url.is_some());
    let to = files.path().join("downloaded.png");
    assert_eq!(ana.download_attachment(&attachment, &to).await.unwrap(), 123_456);
    assert_eq!(std::fs::read(&to).unwrap(), content(123_456));

    let bo = h.sdk("Bo").await;
    let theirs = files.path().join("theirs.png");
    let refused = bo.download_attachment(&attachment, &theirs).await;
    assert!(matches!(refused, Err(Error::NotFound { .. })), "{refused:?}");
    assert!(!theirs.exists(), "nothing written");
    let pending = Attachment { id: None, content_url: None, ..attachment.clone() };
    assert!(matches!(ana.download_attachment(&pending, &theirs).await, Err(Error::Validation { .. })));
    let elsewhere = Attachment { content_url: Some("https://evil.example/attachments/1/x.png".into()), ..attachment };
    assert!(matches!(ana.download_attachment(&elsewhere, &theirs).await, Err(Error::Validation { .. })));
}

#[tokio::test]
async fn a_chat_message_with_a_file() {
    let h = Harness::start().await;
    let files = tempfile::tempdir().unwrap();
    let shot = user_file(files.path(), "shot.png", 80_000);
    let sdk = h.sdk("Ana").await;
    let messaging = sdk.messaging();
    messaging.start().await.unwrap();

    let message = messaging.send_file(&shot, None).await.unwrap();
    assert_eq!(message.kind, ChatMessageKind::File);
    assert_eq!(names(&message.attachments), ["shot.png"]);
    assert!(message.attachments[0].content_url.is_none());
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);

    let sent = messaging.messages().unwrap().into_iter().find(|m| m.local_id == message.local_id).unwrap();
    assert_eq!(sent.delivery, DeliveryState::Sent);
    assert!(sent.seq.is_some());
    assert_eq!(sent.kind, ChatMessageKind::File);
    assert_eq!(names(&sent.attachments), ["shot.png"]);
    let url = sent.attachments[0].content_url.clone().expect("a URL once sent");
    assert_eq!(h.agent_download(&url).await, content(80_000));
    let to = files.path().join("back.png");
    assert_eq!(sdk.download_attachment(&sent.attachments[0], &to).await.unwrap(), 80_000);

    // With text, it is a text message carrying the file.
    let log = files.path().join("app.log");
    std::fs::write(&log, "E/crash\n").unwrap();
    let with_text = messaging.send_file(&log, Some("The log")).await.unwrap();
    assert_eq!((with_text.kind, with_text.text.as_str()), (ChatMessageKind::Text, "The log"));
    sdk.flush_outbox().await.unwrap();
    let conversation = h.agent_conversations().await.into_iter().next().unwrap().conversation;
    let transcript = h.agent_ticket_comments(conversation.request_id as i64).await;
    let with_files: Vec<_> = transcript.iter().filter(|c| !c.attachments.is_empty()).collect();
    assert_eq!(with_files.len(), 2, "{transcript:?}");
    eventually("both files in the conversation", || {
        messaging.messages().unwrap().iter().filter(|m| !m.attachments.is_empty()).count() == 2
    })
    .await;
}

#[tokio::test]
async fn a_photo_picked_as_bytes_goes_with_a_ticket_under_its_own_name() {
    let h = Harness::start().await;
    let sdk = h.sdk("Ana").await;
    let picked = sdk.import_file("IMG_0042 (1).png".into(), content(5_000)).await.unwrap();
    assert!(picked.starts_with(h.data_dir("Ana")), "kept in the SDK's data dir: {}", picked.display());

    let form = sdk.contact_form().unwrap();
    form.set_description("The photo of the broken part".into()).await.unwrap();
    form.add_attachment(picked.display().to_string()).await.unwrap();
    let ticket = form.submit().await.unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
    let remote_id = sdk.tickets().get(&ticket.id).unwrap().ticket.remote_id.unwrap();
    let seen = &h.agent_ticket_comments(remote_id).await[0].attachments;
    assert_eq!(seen.iter().map(|a| a.file_name.as_str()).collect::<Vec<_>>(), ["IMG_0042 (1).png"]);
    assert_eq!(h.agent_download(&seen[0].content_url).await, content(5_000));

    let empty = sdk.import_file("empty.png".into(), vec![]).await;
    assert!(matches!(&empty, Err(Error::Validation { field, .. }) if field == "attachments"), "{empty:?}");
    let huge = sdk.import_file("huge.bin".into(), vec![1; 21 * MIB as usize]).await;
    assert!(matches!(huge, Err(Error::AttachmentTooLarge { .. })), "{huge:?}");
    let escaping = sdk.import_file("../../outside.png".into(), content(100)).await.unwrap();
    assert!(escaping.starts_with(h.data_dir("Ana")) && escaping.ends_with("outside.png"), "{}", escaping.display());

    sdk.clear_identity().await.unwrap();
    assert!(!escaping.exists(), "the files picked go with the user");
}
