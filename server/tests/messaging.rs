//! Live messaging over real HTTP and WebSocket: conversations, history by seq, idempotent
//! sends, the realtime frames both ways, the bot, the agent's side, and the test hooks.

mod common;

use std::time::Duration;

use common::{AGENT, Harness, TempDir, body, start, start_with};
use futures_util::{SinkExt, StreamExt};
use helpline_protocol::{
    AgentConversationsPage, AuthorType, Conversation, ConversationEnvelope, ConversationStatus, ConversationsPage,
    FrameError, Message, MessageEnvelope, MessageKind, MessagesPage, RequestEnvelope, ServerFrame, paths,
};
use helpline_server::{RunningServer, ServerConfig};
use reqwest::Response;
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self, Message as Ws};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

const WAIT: Duration = Duration::from_secs(5);
/// How long "nothing more arrives" is watched for.
const QUIET: Duration = Duration::from_millis(300);

// ---- REST helpers ----

async fn start_conversation(h: &Harness, token: &str) -> Response {
    h.post(token, paths::CONVERSATIONS, json!({"conversation": {"metadata": {"screen": "home"}}})).await
}

async fn new_conversation(h: &Harness, token: &str) -> Conversation {
    let v = body(start_conversation(h, token).await, 201).await;
    serde_json::from_value::<ConversationEnvelope>(v).unwrap().conversation
}

async fn post_message(h: &Harness, token: &str, conversation: u64, client_id: &str, text: &str) -> Response {
    let body = json!({"message": {"client_id": client_id, "text": text, "uploads": []}});
    h.post(token, &paths::conversation_messages(conversation), body).await
}

async fn send(h: &Harness, token: &str, conversation: u64, client_id: &str, text: &str) -> Message {
    let v = body(post_message(h, token, conversation, client_id, text).await, 201).await;
    serde_json::from_value::<MessageEnvelope>(v).unwrap().message
}

async fn history(h: &Harness, token: &str, conversation: u64, query: &str) -> MessagesPage {
    let v = body(h.get(token, &format!("{}{query}", paths::conversation_messages(conversation))).await, 200).await;
    serde_json::from_value(v).unwrap()
}

async fn agent_say(h: &Harness, conversation: u64, text: &str) -> Message {
    let v = body(
        h.post(AGENT, &paths::agent_conversation_messages(conversation), json!({"message": {"text": text}})).await,
        201,
    )
    .await;
    serde_json::from_value::<MessageEnvelope>(v).unwrap().message
}

async fn agent_list(h: &Harness) -> AgentConversationsPage {
    serde_json::from_value(body(h.get(AGENT, paths::AGENT_CONVERSATIONS).await, 200).await).unwrap()
}

fn seqs(messages: &[Message]) -> Vec<u64> {
    messages.iter().map(|m| m.seq).collect()
}

// ---- WebSocket helpers ----

struct Client {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

async fn try_connect(h: &Harness, token: Option<&str>) -> Result<Client, tungstenite::Error> {
    let mut req = format!("ws://{}{}", h.server.addr(), paths::REALTIME).into_client_request().unwrap();
    if let Some(token) = token {
        req.headers_mut().insert("Authorization", format!("Bearer {token}").parse().unwrap());
    }
    let (ws, _) =
        tokio::time::timeout(WAIT, tokio_tungstenite::connect_async(req)).await.expect("handshake in time")?;
    Ok(Client { ws })
}

async fn connect(h: &Harness, token: &str) -> Client {
    try_connect(h, Some(token)).await.expect("upgrade accepted")
}

/// The HTTP status an upgrade was refused with.
async fn refused(h: &Harness, token: Option<&str>) -> (u16, String) {
    match try_connect(h, token).await {
        Err(tungstenite::Error::Http(resp)) => {
            let body = resp.body().as_ref().map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
            (resp.status().as_u16(), body)
        }
        Err(e) => panic!("refused with {e}, not an HTTP status"),
        Ok(_) => panic!("the upgrade was accepted"),
    }
}

impl Client {
    async fn send(&mut self, frame: Value) {
        self.send_raw(&frame.to_string()).await;
    }

    async fn send_raw(&mut self, text: &str) {
        self.ws.send(Ws::text(text)).await.expect("frame sent");
    }

    /// The next text frame, as sent.
    async fn next_raw(&mut self) -> String {
        loop {
            match tokio::time::timeout(WAIT, self.ws.next()).await.expect("a frame in time") {
                Some(Ok(Ws::Text(text))) => return text.to_string(),
                Some(Ok(Ws::Ping(_) | Ws::Pong(_))) => continue,
                other => panic!("expected a text frame, got {other:?}"),
            }
        }
    }

    async fn next(&mut self) -> ServerFrame {
        let text = self.next_raw().await;
        ServerFrame::parse(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    async fn next_message(&mut self) -> Message {
        match self.next().await {
            ServerFrame::Message { message } => message,
            other => panic!("expected a message frame, got {other:?}"),
        }
    }

    /// Asserts that nothing arrives for a while.
    async fn quiet(&mut self) {
        if let Ok(frame) = tokio::time::timeout(QUIET, self.ws.next()).await {
            panic!("expected silence, got {frame:?}");
        }
    }

    /// Subscribes; returns the replayed messages and the state frame that ends the replay.
    async fn subscribe(&mut self, conversation: u64, after_seq: u64) -> (Vec<Message>, ServerFrame) {
        self.send(json!({"type": "subscribe", "conversation_id": conversation, "after_seq": after_seq})).await;
        let mut replayed = vec![];
        loop {
            match self.next().await {
                ServerFrame::Message { message } => replayed.push(message),
                state => return (replayed, state),
            }
        }
    }

    /// Waits for the server to close the connection (a close frame, an error or the end),
    /// skipping the frames still on their way.
    async fn closed(&mut self) {
        loop {
            match tokio::time::timeout(WAIT, self.ws.next()).await.expect("closed in time") {
                Some(Ok(Ws::Close(_))) | Some(Err(_)) | None => return,
                Some(Ok(_)) => continue,
            }
        }
    }
}

// ---- REST ----

#[tokio::test]
async fn conversation_is_created_once_then_resumed_and_listed() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let first = new_conversation(&h, &ana).await;
    assert_eq!(first.status, ConversationStatus::Active);

    let again = body(start_conversation(&h, &ana).await, 200).await;
    assert_eq!(serde_json::from_value::<ConversationEnvelope>(again).unwrap().conversation, first, "resumed");
    let list: ConversationsPage =
        serde_json::from_value(body(h.get(&ana, paths::CONVERSATIONS).await, 200).await).unwrap();
    let listed = list.conversations.items[0].clone();
    assert_eq!(listed.last_message.as_ref().map(|m| m.seq), Some(1), "listed with its last message, the greeting");
    assert_eq!(Conversation { last_message: None, ..listed }, first);
    assert_eq!(list.conversations.len(), 1);

    // The conversation is a request of the user, on the native messaging channel.
    let request = body(h.get(&ana, &paths::request(first.request_id)).await, 200).await;
    let request = serde_json::from_value::<RequestEnvelope>(request).unwrap().request;
    assert_eq!(request.via.channel, "native_messaging");

    // Someone else gets their own; an ended conversation is not resumed.
    let bo = h.anon("bo").await;
    let theirs = new_conversation(&h, &bo).await;
    assert_ne!(theirs.id, first.id);
    body(h.post(AGENT, &paths::agent_conversation_end(first.id), json!({})).await, 200).await;
    let next = new_conversation(&h, &ana).await;
    assert!(next.id > theirs.id);
    let list: ConversationsPage =
        serde_json::from_value(body(h.get(&ana, paths::CONVERSATIONS).await, 200).await).unwrap();
    let listed: Vec<(u64, ConversationStatus)> = list.conversations.iter().map(|c| (c.id, c.status)).collect();
    assert_eq!(
        listed,
        vec![(next.id, ConversationStatus::Active), (first.id, ConversationStatus::Ended)],
        "newest first"
    );
    h.server.stop().await;
}

#[tokio::test]
async fn history_pages_by_seq() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let c = new_conversation(&h, &ana).await;
    for i in 0..5 {
        send(&h, &ana, c.id, &format!("c{i}"), &format!("message {i}")).await;
    }
    let all = history(&h, &ana, c.id, "").await;
    assert_eq!(seqs(&all.messages), vec![1, 2, 3, 4, 5, 6], "the greeting is seq 1");
    assert!(!all.has_more);
    assert_eq!((all.messages[0].author.kind, all.messages[0].text.as_str()), (AuthorType::Bot, "Hi! How can we help?"));
    let user = &all.messages[1];
    assert_eq!(
        (user.author.kind, user.client_id.as_deref(), user.text.as_str()),
        (AuthorType::User, Some("c0"), "message 0")
    );

    let page = history(&h, &ana, c.id, "?after_seq=0&limit=2").await;
    assert_eq!((seqs(&page.messages), page.has_more), (vec![1, 2], true));
    let page = history(&h, &ana, c.id, "?after_seq=2&limit=2").await;
    assert_eq!((seqs(&page.messages), page.has_more), (vec![3, 4], true));
    let page = history(&h, &ana, c.id, "?after_seq=4&limit=2").await;
    assert_eq!((seqs(&page.messages), page.has_more), (vec![5, 6], false));
    let page = history(&h, &ana, c.id, "?after_seq=6").await;
    assert_eq!((page.messages.len(), page.has_more), (0, false));
    assert_eq!(history(&h, &ana, c.id, "?limit=100000").await.messages.len(), 6, "limit is capped, not refused");

    for bad in ["?limit=0", "?limit=-1", "?after_seq=x"] {
        let url = format!("{}{bad}", paths::conversation_messages(c.id));
        assert_eq!(body(h.get(&ana, &url).await, 400).await["error"], "InvalidParameter", "{bad}");
    }
    h.server.stop().await;
}

#[tokio::test]
async fn a_resent_client_id_returns_the_same_message() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let c = new_conversation(&h, &ana).await;
    let first = send(&h, &ana, c.id, "same-id", "Hello there").await;
    let again = body(post_message(&h, &ana, c.id, "same-id", "Hello there").await, 200).await;
    assert_eq!(serde_json::from_value::<MessageEnvelope>(again).unwrap().message, first);
    assert_eq!(history(&h, &ana, c.id, "").await.messages.len(), 2, "greeting + one message");
    h.server.stop().await;
}

#[tokio::test]
async fn invalid_messages_and_other_users_conversations_are_refused() {
    let h = start().await;
    let (ana, bo) = (h.anon("ana").await, h.anon("bo").await);
    let c = new_conversation(&h, &ana).await;

    let err = body(post_message(&h, &ana, c.id, "x", "  ").await, 422).await;
    assert_eq!(err["details"]["text"][0]["error"], "BlankValue");
    let err = body(post_message(&h, &ana, c.id, "", "hi").await, 422).await;
    assert!(err["details"]["client_id"].is_array());
    let err = body(post_message(&h, &ana, c.id, "x", &"x".repeat(70_000)).await, 422).await;
    assert_eq!(err["details"]["text"][0]["error"], "TooLong");
    let err = body(h.post(&ana, &paths::conversation_messages(c.id), json!({"nope": 1})).await, 400).await;
    assert_eq!(err["error"], "InvalidJSON");

    assert_eq!(body(h.get(&bo, &paths::conversation_messages(c.id)).await, 404).await["error"], "RecordNotFound");
    body(post_message(&h, &bo, c.id, "y", "let me in").await, 404).await;
    body(h.get(&ana, &paths::conversation_messages(999)).await, 404).await;
    body(h.get(&ana, "/api/v2/conversations/abc/messages.json").await, 404).await;
    let no_token = h.call(reqwest::Method::GET, None, paths::CONVERSATIONS, None).await;
    body(no_token, 401).await;
    // Agent endpoints want the agent token.
    body(h.get(&ana, paths::AGENT_CONVERSATIONS).await, 401).await;
    body(h.post(AGENT, &paths::agent_conversation_messages(999), json!({"message": {"text": "hi"}})).await, 404).await;
    body(h.post(AGENT, &paths::agent_conversation_messages(c.id), json!({"message": {"text": ""}})).await, 422).await;

    // An ended conversation takes no more messages (a resent one still answers the same).
    let sent = send(&h, &ana, c.id, "before-end", "one").await;
    body(h.post(AGENT, &paths::agent_conversation_end(c.id), json!({})).await, 200).await;
    let err = body(post_message(&h, &ana, c.id, "after-end", "two").await, 422).await;
    assert_eq!(err["details"]["base"][0]["error"], "closed");
    let again = body(post_message(&h, &ana, c.id, "before-end", "one").await, 200).await;
    assert_eq!(again["message"]["id"], sent.id);
    body(h.post(AGENT, &paths::agent_conversation_messages(c.id), json!({"message": {"text": "late"}})).await, 422)
        .await;
    h.server.stop().await;
}

// ---- WebSocket ----

#[tokio::test]
async fn realtime_refuses_bad_tokens_before_upgrading() {
    let h = start().await;
    let (status, body) = refused(&h, None).await;
    assert_eq!(status, 401);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["error"], "Couldn't authenticate you");
    assert_eq!(refused(&h, Some("not-a-token")).await.0, 401);
    assert_eq!(refused(&h, Some(AGENT)).await.0, 401, "the agent has no realtime socket");
    // A plain GET (no upgrade headers) with a good token is a JSON 4xx, not a crash.
    let ana = h.anon("ana").await;
    let resp = h.get(&ana, paths::REALTIME).await;
    assert!(resp.status().is_client_error());
    assert_eq!(h.server.realtime_connections(), 0);
    h.server.stop().await;
}

#[tokio::test]
async fn subscribe_replays_after_seq_then_streams_without_doubles() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let c = new_conversation(&h, &ana).await;
    for i in 0..3 {
        send(&h, &ana, c.id, &format!("c{i}"), &format!("before {i}")).await;
    }
    let mut ws = connect(&h, &ana).await;
    let (replayed, state) = ws.subscribe(c.id, 2).await;
    assert_eq!(seqs(&replayed), vec![3, 4]);
    assert_eq!(state, ServerFrame::Queue { conversation_id: c.id, position: 1, wait_seconds: 60 });

    send(&h, &ana, c.id, "live", "after subscribing").await;
    let live = ws.next_message().await;
    assert_eq!((live.seq, live.text.as_str()), (5, "after subscribing"));
    ws.quiet().await;

    // A reconnect with the last seq held gets exactly what it missed.
    drop(ws);
    send(&h, &ana, c.id, "missed", "while away").await;
    let mut ws = connect(&h, &ana).await;
    let (replayed, _) = ws.subscribe(c.id, 5).await;
    assert_eq!(seqs(&replayed), vec![6]);
    // Subscribing again from 0 replays everything once more, and live messages still come once.
    let (replayed, _) = ws.subscribe(c.id, 0).await;
    assert_eq!(seqs(&replayed), vec![1, 2, 3, 4, 5, 6]);
    send(&h, &ana, c.id, "next", "once").await;
    assert_eq!(ws.next_message().await.seq, 7);
    ws.quiet().await;
    h.server.stop().await;
}

#[tokio::test]
async fn a_message_frame_is_stored_and_echoed_to_every_subscriber() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let c = new_conversation(&h, &ana).await;
    let mut phone = connect(&h, &ana).await;
    let mut tablet = connect(&h, &ana).await;
    phone.subscribe(c.id, 1).await;
    tablet.subscribe(c.id, 1).await;

    let frame = json!({"type": "message", "conversation_id": c.id, "client_id": "m-1", "text": "From the phone"});
    phone.send(frame.clone()).await;
    let echo = phone.next_message().await;
    assert_eq!((echo.seq, echo.client_id.as_deref(), echo.author.kind), (2, Some("m-1"), AuthorType::User));
    assert_eq!(tablet.next_message().await, echo);

    // The same client_id again: the sender gets the same message as its ack, nothing is stored.
    phone.send(frame).await;
    assert_eq!(phone.next_message().await, echo);
    tablet.quiet().await;
    let stored = history(&h, &ana, c.id, "").await.messages;
    assert_eq!(seqs(&stored), vec![1, 2]);
    assert_eq!(stored[1], echo);

    // A sender not subscribed still gets its ack; invalid messages get an error frame.
    let mut other = connect(&h, &ana).await;
    other.send(json!({"type": "message", "conversation_id": c.id, "client_id": "m-2", "text": "hi"})).await;
    assert_eq!(other.next_message().await.seq, 3);
    assert_eq!(phone.next_message().await.seq, 3);
    other.send(json!({"type": "message", "conversation_id": c.id, "client_id": "m-3", "text": " "})).await;
    assert!(matches!(other.next().await, ServerFrame::Error { code, .. } if code == "invalid"));
    h.server.stop().await;
}

#[tokio::test]
async fn typing_and_read_are_relayed_both_ways() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let c = new_conversation(&h, &ana).await;
    let mut ws = connect(&h, &ana).await;
    ws.subscribe(c.id, 0).await;
    send(&h, &ana, c.id, "a", "first").await;
    ws.next_message().await;

    // User -> agent side.
    ws.send(json!({"type": "typing", "conversation_id": c.id, "active": true})).await;
    ws.send(json!({"type": "read", "conversation_id": c.id, "seq": 99})).await;
    ws.send(json!({"type": "ping"})).await;
    assert_eq!(ws.next().await, ServerFrame::Pong, "typing and read are not answered");
    let seen = agent_list(&h).await.conversations.into_iter().find(|a| a.conversation.id == c.id).unwrap();
    assert!(seen.user_typing);
    assert_eq!((seen.last_seq, seen.user_read_seq), (2, 2), "a read seq never passes the last message");
    assert_eq!(seen.user.id, h.me(&ana).await["user"]["id"].as_u64().unwrap());
    ws.send(json!({"type": "typing", "conversation_id": c.id, "active": false})).await;
    ws.send(json!({"type": "ping"})).await;
    ws.next().await;
    assert!(!agent_list(&h).await.conversations[0].user_typing);

    // Agent -> the user's subscribers.
    let resp = h.post(AGENT, &paths::agent_conversation_typing(c.id), json!({"active": true})).await;
    assert_eq!(resp.status(), 204);
    match ws.next().await {
        ServerFrame::Typing { conversation_id, author, active } => {
            assert_eq!(
                (conversation_id, author.kind, author.name.as_str(), active),
                (c.id, AuthorType::Agent, "Sam (Support)", true)
            );
        }
        other => panic!("expected typing, got {other:?}"),
    }
    let resp = h.post(AGENT, &paths::agent_conversation_read(c.id), json!({"seq": 2})).await;
    assert_eq!(resp.status(), 204);
    assert!(matches!(ws.next().await, ServerFrame::Read { seq: 2, author, .. } if author.kind == AuthorType::Agent));
    h.server.stop().await;
}

#[tokio::test]
async fn agent_joins_answers_and_ends() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let c = new_conversation(&h, &ana).await;
    let mut ws = connect(&h, &ana).await;
    ws.subscribe(c.id, 0).await;

    let first = agent_say(&h, c.id, "Hi, Sam here.").await;
    assert!(matches!(ws.next().await, ServerFrame::AgentJoined { conversation_id, author }
        if conversation_id == c.id && author.kind == AuthorType::Agent && author.id.is_some()));
    assert_eq!(ws.next_message().await, first);
    assert_eq!((first.seq, first.author.kind, first.client_id), (2, AuthorType::Agent, None));
    let second = agent_say(&h, c.id, "How can I help?").await;
    assert_eq!(ws.next_message().await, second, "joined once");

    // A new subscriber learns that an agent is there.
    let mut late = connect(&h, &ana).await;
    let (replayed, state) = late.subscribe(c.id, 0).await;
    assert_eq!(seqs(&replayed), vec![1, 2, 3]);
    assert!(matches!(state, ServerFrame::AgentJoined { .. }));

    let ended = body(h.post(AGENT, &paths::agent_conversation_end(c.id), json!({})).await, 200).await;
    assert_eq!(ended["conversation"]["status"], "ended");
    assert_eq!(ws.next().await, ServerFrame::ConversationEnded { conversation_id: c.id });
    assert!(matches!(ws.next().await, ServerFrame::AgentLeft { conversation_id, .. } if conversation_id == c.id));
    // Ending again changes nothing and sends nothing.
    body(h.post(AGENT, &paths::agent_conversation_end(c.id), json!({})).await, 200).await;
    ws.quiet().await;

    ws.send(json!({"type": "message", "conversation_id": c.id, "client_id": "late", "text": "wait"})).await;
    assert!(matches!(ws.next().await, ServerFrame::Error { code, .. } if code == "conversation_ended"));
    let (_, state) = late.subscribe(c.id, 3).await;
    assert_eq!(state, ServerFrame::ConversationEnded { conversation_id: c.id });

    // The ticket behind it: assigned, solved, the transcript as comments.
    let ticket = body(h.get(AGENT, &paths::agent_ticket(c.request_id)).await, 200).await;
    assert_eq!(ticket["ticket"]["status"], "solved");
    assert!(ticket["ticket"]["assignee_id"].is_u64());
    let comments = body(h.get(&ana, &paths::request_comments(c.request_id)).await, 200).await;
    assert_eq!(comments["comments"].as_array().unwrap().len(), 2);
    h.server.stop().await;
}

#[tokio::test]
async fn another_users_conversation_is_not_found_and_sends_nothing() {
    let h = start().await;
    let (ana, bo) = (h.anon("ana").await, h.anon("bo").await);
    let c = new_conversation(&h, &ana).await;
    let mut spy = connect(&h, &bo).await;
    spy.send(json!({"type": "subscribe", "conversation_id": c.id, "after_seq": 0})).await;
    assert!(matches!(spy.next().await, ServerFrame::Error { code, .. } if code == "not_found"));
    send(&h, &ana, c.id, "secret", "my card number").await;
    agent_say(&h, c.id, "noted").await;
    spy.send(json!({"type": "message", "conversation_id": c.id, "client_id": "x", "text": "hi"})).await;
    assert!(matches!(spy.next().await, ServerFrame::Error { code, .. } if code == "not_found"));
    spy.send(json!({"type": "typing", "conversation_id": c.id, "active": true})).await;
    assert!(matches!(spy.next().await, ServerFrame::Error { code, .. } if code == "not_found"));
    spy.send(json!({"type": "read", "conversation_id": c.id, "seq": 1})).await;
    assert!(matches!(spy.next().await, ServerFrame::Error { code, .. } if code == "not_found"));
    spy.send(json!({"type": "subscribe", "conversation_id": u64::MAX, "after_seq": 0})).await;
    assert!(matches!(spy.next().await, ServerFrame::Error { code, .. } if code == "not_found"));
    spy.quiet().await;
    h.server.stop().await;
}

#[tokio::test]
async fn malformed_client_frames_get_an_error_and_the_connection_stays() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let mut ws = connect(&h, &ana).await;
    for bad in ["not json", "[]", "{}", r#"{"type": "subscribe"}"#, r#"{"type": "dance"}"#, r#"{"type": 1}"#, ""] {
        ws.send_raw(bad).await;
        match ws.next().await {
            ServerFrame::Error { code, message } => assert_eq!(code, "bad_frame", "{bad:?}: {message}"),
            other => panic!("{bad:?}: expected an error, got {other:?}"),
        }
    }
    ws.ws.send(Ws::binary(vec![1u8, 2, 3])).await.unwrap();
    assert!(matches!(ws.next().await, ServerFrame::Error { code, .. } if code == "bad_frame"));
    ws.send(json!({"type": "ping"})).await;
    assert_eq!(ws.next().await, ServerFrame::Pong);
    assert_eq!(h.server.realtime_connections(), 1);
    h.server.stop().await;
}

// ---- The bot and the queue ----

/// Sets an app's greeting in its SDK settings, as an agent would.
async fn set_greeting(h: &Harness, app: &str, greeting: &str) {
    let change = json!({"settings": {"messaging": {"greeting": greeting}}});
    body(h.put(AGENT, &paths::agent_sdk_settings(app), change).await, 200).await;
}

/// Opens a conversation for a new user of `app` (named in `App-Identifier`, if any) and
/// returns the texts of its messages.
async fn opening_messages(h: &Harness, user: &str, app: Option<&str>) -> Vec<String> {
    let token = h.anon(user).await;
    let mut request = h.http.post(h.url(paths::CONVERSATIONS)).bearer_auth(&token);
    if let Some(app) = app {
        request = request.header("App-Identifier", app);
    }
    let created = body(request.json(&json!({"conversation": {}})).send().await.unwrap(), 201).await;
    let id = serde_json::from_value::<ConversationEnvelope>(created).unwrap().conversation.id;
    let page = body(h.get(&token, &paths::conversation_messages(id)).await, 200).await;
    serde_json::from_value::<MessagesPage>(page).unwrap().messages.into_iter().map(|m| m.text).collect()
}

#[tokio::test]
async fn the_bot_greets_with_the_greeting_of_the_requesting_apps_settings() {
    let h = start().await;
    set_greeting(&h, "shop", "Welcome to the shop! Ask us anything.").await;
    set_greeting(&h, "quiet", "  ").await;
    assert_eq!(opening_messages(&h, "ana", Some("shop")).await, ["Welcome to the shop! Ask us anything."]);
    assert_eq!(opening_messages(&h, "bo", Some("other")).await, ["Hi! How can we help?"], "the default");
    assert_eq!(opening_messages(&h, "cy", None).await, ["Hi! How can we help?"], "no app named");
    assert!(opening_messages(&h, "di", Some("quiet")).await.is_empty(), "an empty greeting says nothing");
}

#[tokio::test]
async fn the_bot_greets_and_suggests_articles_after_the_first_message() {
    let h = start_with(|c| ServerConfig { seed_demo: true, ..c }).await;
    let ana = h.anon("ana").await;
    let c = new_conversation(&h, &ana).await;
    let mut ws = connect(&h, &ana).await;
    let (replayed, _) = ws.subscribe(c.id, 0).await;
    assert_eq!(replayed.len(), 1);
    assert_eq!((replayed[0].kind, replayed[0].author.kind), (MessageKind::QuickReplies, AuthorType::Bot));
    assert_eq!(replayed[0].text, "Hi! How can we help?", "the quick replies' fallback");
    assert_eq!(replayed[0].quick_replies.len(), 2);

    ws.send(
        json!({"type": "message", "conversation_id": c.id, "client_id": "q1", "text": "How do I reset my password?"}),
    )
    .await;
    assert_eq!(ws.next_message().await.client_id.as_deref(), Some("q1"));
    let suggestion = ws.next_message().await;
    assert_eq!((suggestion.seq, suggestion.kind, suggestion.author.kind), (3, MessageKind::Carousel, AuthorType::Bot));
    assert!((1..=3).contains(&suggestion.articles.len()));
    assert_eq!(suggestion.cards.len(), suggestion.articles.len(), "one card per article");
    assert_eq!(suggestion.cards[0].buttons[0].url.as_deref(), Some(suggestion.articles[0].html_url.as_str()));
    assert_eq!(suggestion.articles[0].title, "Resetting your password");
    assert!(suggestion.articles[0].html_url.contains("/hc/en-us/articles/"));

    // Only after the first message.
    ws.send(json!({"type": "message", "conversation_id": c.id, "client_id": "q2", "text": "password again"})).await;
    assert_eq!(ws.next_message().await.seq, 4);
    ws.quiet().await;

    // Nothing matching: no suggestion at all.
    let bo = h.anon("bo").await;
    let theirs = new_conversation(&h, &bo).await;
    send(&h, &bo, theirs.id, "z", "zzyzx qwxv").await;
    assert_eq!(history(&h, &bo, theirs.id, "").await.messages.len(), 2);
    h.server.stop().await;
}

#[tokio::test]
async fn waiting_users_hear_their_place_in_the_queue() {
    let h = start().await;
    let (ana, bo) = (h.anon("ana").await, h.anon("bo").await);
    let first = new_conversation(&h, &ana).await;
    let second = new_conversation(&h, &bo).await;
    let mut ws = connect(&h, &bo).await;
    let (_, state) = ws.subscribe(second.id, 0).await;
    assert_eq!(state, ServerFrame::Queue { conversation_id: second.id, position: 2, wait_seconds: 120 });

    agent_say(&h, first.id, "Helping Ana first").await;
    assert_eq!(ws.next().await, ServerFrame::Queue { conversation_id: second.id, position: 1, wait_seconds: 60 });
    ws.quiet().await;
    h.server.stop().await;
}

// ---- Test hooks, restarts, scale ----

#[tokio::test]
async fn realtime_disabled_answers_404_so_clients_poll() {
    let h = start_with(|c| ServerConfig { realtime_enabled: false, ..c }).await;
    let ana = h.anon("ana").await;
    let (status, body_text) = refused(&h, Some(&ana)).await;
    assert_eq!(status, 404);
    assert_eq!(serde_json::from_str::<Value>(&body_text).unwrap()["error"], "InvalidEndpoint");
    let c = new_conversation(&h, &ana).await;
    send(&h, &ana, c.id, "a", "REST still works").await;
    assert_eq!(history(&h, &ana, c.id, "").await.messages.len(), 2);

    // Turned on and off while running: open sockets are closed when it goes off.
    h.server.set_realtime_enabled(true);
    let mut ws = connect(&h, &ana).await;
    ws.subscribe(c.id, 2).await;
    h.server.set_realtime_enabled(false);
    ws.closed().await;
    assert_eq!(refused(&h, Some(&ana)).await.0, 404);
    h.server.stop().await;
}

#[tokio::test]
async fn injected_frames_reach_the_subscribers_as_is() {
    let h = start().await;
    let ana = h.anon("ana").await;
    let c = new_conversation(&h, &ana).await;
    assert_eq!(h.server.inject_frame(c.id, "{}"), 0, "nobody subscribed yet");
    let mut ws = connect(&h, &ana).await;
    ws.subscribe(c.id, 0).await;

    assert_eq!(h.server.inject_frame(c.id, "{\"type\": \"message\", \"mess"), 1);
    let raw = ws.next_raw().await;
    assert!(matches!(ServerFrame::parse(&raw), Err(FrameError::Malformed(_))));
    h.server.inject_frame(c.id, r#"{"type": "reaction", "emoji": "+1"}"#);
    assert_eq!(ServerFrame::parse(&ws.next_raw().await), Err(FrameError::UnknownType("reaction".into())));
    // Real frames keep flowing after them.
    send(&h, &ana, c.id, "after", "still here").await;
    assert_eq!(ws.next_message().await.seq, 2);
    h.server.stop().await;
}

#[tokio::test]
async fn a_restart_drops_the_sockets_and_keeps_every_message() {
    let dir = TempDir::new();
    let server = RunningServer::start(ServerConfig::new(dir.db())).await.unwrap();
    let port = server.addr().port();
    let h = Harness { server, http: common::client(), dir };
    let ana = h.anon("ana").await;
    let c = new_conversation(&h, &ana).await;
    let mut ws = connect(&h, &ana).await;
    ws.subscribe(c.id, 0).await;
    ws.send(json!({"type": "message", "conversation_id": c.id, "client_id": "r1", "text": "before the restart"})).await;
    ws.next_message().await;
    agent_say(&h, c.id, "answer").await;

    let Harness { server, dir, http } = h;
    server.stop().await;
    ws.closed().await;

    let server = RunningServer::start(ServerConfig { port, ..ServerConfig::new(dir.db()) }).await.unwrap();
    let h = Harness { server, http, dir };
    let mut ws = connect(&h, &ana).await;
    let (replayed, state) = ws.subscribe(c.id, 0).await;
    assert_eq!(seqs(&replayed), vec![1, 2, 3]);
    assert_eq!(replayed[1].client_id.as_deref(), Some("r1"));
    assert!(matches!(state, ServerFrame::AgentJoined { .. }));
    // The same client_id after the restart is still the same message.
    ws.send(json!({"type": "message", "conversation_id": c.id, "client_id": "r1", "text": "before the restart"})).await;
    assert_eq!(ws.next_message().await.seq, 2);
    h.server.stop().await;
}

#[tokio::test]
async fn five_hundred_connections_each_get_the_message() {
    const N: usize = 500;
    // One user's 500 connections: past the default cap, which would close the oldest.
    let h = start_with(|c| ServerConfig { ws_max_per_user: N, ..c }).await;
    let ana = h.anon("ana").await;
    let c = new_conversation(&h, &ana).await;
    let mut clients = Vec::with_capacity(N);
    for _ in 0..N {
        let mut ws = connect(&h, &ana).await;
        ws.send(json!({"type": "subscribe", "conversation_id": c.id, "after_seq": 1})).await;
        clients.push(ws);
    }
    for ws in clients.iter_mut() {
        assert!(matches!(ws.next().await, ServerFrame::Queue { .. }));
    }
    assert_eq!(h.server.realtime_connections(), N);
    let sent = agent_say(&h, c.id, "Hello, everyone").await;
    for ws in clients.iter_mut() {
        assert!(matches!(ws.next().await, ServerFrame::AgentJoined { .. }));
        assert_eq!(ws.next_message().await, sent);
    }
    drop(clients);
    for _ in 0..100 {
        if h.server.realtime_connections() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(h.server.realtime_connections(), 0, "closed connections are forgotten");
    h.server.stop().await;
}
