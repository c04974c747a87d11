//! Live chat: the tour's short conversation with an agent (told through the SDK's events), and
//! the interactive `chat` command (drawn from the chat screen's states).

use std::time::Duration;

use anyhow::{Context, ensure};
use std::collections::HashSet;
use std::sync::Arc;

use helpline_core::{
    ChatAuthorKind, ChatEvent, ChatMessage, ChatState, ChatStatus, ConnectionBanner, ConnectionState, Event,
    EventStream, Helpline, Notice, TimelineItem,
};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::watch;

use crate::agent::Agent;
use crate::print;

/// The tour's chat: Ana writes, an agent joins, types and answers; the transcript is printed.
pub async fn tour(helpline: &Helpline, agent: &Agent, indent: usize) -> anyhow::Result<()> {
    let chat = helpline.messaging();
    let mut events = helpline.subscribe();
    let conversation = print::waiting("Starting the conversation", chat.start()).await?;
    wait(&mut events, "the realtime link", |e| {
        matches!(e, Event::Chat(ChatEvent::Connection { state: ConnectionState::Connected }))
    })
    .await?;
    say(indent, &format!("start(): conversation {}, realtime link connected (one WebSocket)", conversation.id));

    let mine = chat.send("Hi! Has my order #1042 shipped?").await?;
    say(indent, &format!("send(): \"{}\" is {} on the device", mine.text, print::delivery(&mine.delivery)));
    let pending = print::waiting("Sending", helpline.flush_outbox()).await?;
    ensure!(pending == 0, "Ana's message is still pending: {:?}", helpline.outbox()?);
    agent.typing(conversation.id, true).await?;
    let typing =
        wait(&mut events, "the agent typing", |e| matches!(e, Event::Chat(ChatEvent::Typing { active: true, .. })))
            .await?;
    if let Event::Chat(ChatEvent::Typing { author, .. }) = typing {
        say(indent, &format!("event: {} is typing…", author.name));
    }
    agent.say(conversation.id, "Hi Ana! It left our warehouse this morning.").await?;
    wait(&mut events, "the agent's answer", |e| matches!(e, Event::Chat(ChatEvent::MessagesChanged { .. }))).await?;
    let answered = |m: &ChatMessage| m.author.kind == ChatAuthorKind::Agent;
    for _ in 0..100 {
        if chat.messages()?.iter().any(answered) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let messages = chat.messages()?;
    ensure!(messages.iter().any(answered), "the agent's answer did not arrive");
    ensure!(messages.iter().any(|m| m.is_mine && m.seq.is_some()), "Ana's message was not confirmed");
    chat.mark_read().await?;
    println!("{}", print::chat(indent, &messages));
    say(indent, "Every message has its seq: after a reconnect the SDK resubscribes from the last one");
    say(indent, "it holds and the helpdesk replays the rest, so nothing is missed and nothing doubles.");
    chat.stop();
    Ok(())
}

/// Which conversation `chat` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// The current one (resumed, or started when there is none).
    Current,
    /// Another one, started beside the active ones (`--new`).
    New,
    /// This one (`--conversation ID`).
    Id(i64),
}

impl Opening {
    pub fn of(new: bool, conversation: Option<i64>) -> Opening {
        match (new, conversation) {
            (_, Some(id)) => Opening::Id(id),
            (true, None) => Opening::New,
            (false, None) => Opening::Current,
        }
    }
}

/// `chat`: an interactive conversation in the terminal, drawn from the chat screen's states
/// (the terminal is their first renderer). Lines typed are sent; what changes is printed as it
/// comes. `/quit` (or end of input) leaves.
pub async fn interactive(helpline: &Helpline, opening: Opening) -> anyhow::Result<()> {
    let screen = helpline.chat_screen(local_offset_seconds())?;
    let (tx, mut states) = watch::channel(screen.state());
    let _subscription = screen.subscribe(Arc::new(move |state: ChatState| {
        tx.send_replace(state);
    }));
    let opened = match opening {
        Opening::Current => screen.start().await,
        Opening::New => screen.start_new().await,
        Opening::Id(id) => screen.open_conversation(id).await,
    };
    let conversation = opened.context("opening the conversation (is the helpdesk reachable?)")?;
    println!(
        "Conversation {} — type a message and press Enter; /N picks the Nth choice, /form fills a form; /quit to leave.",
        conversation.id
    );
    let mut printed = Printed::default();
    printed.show(&screen.state());
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    loop {
        tokio::select! {
            line = lines.next_line() => match line? {
                None => break,
                Some(line) if line.trim() == "/quit" => break,
                Some(line) if line.trim().is_empty() => {}
                Some(line) if line.trim() == "/form" => {
                    crate::rich::fill(&screen, async || lines.next_line().await.ok().flatten()).await?;
                }
                Some(line) if choice(&line).is_some() => {
                    crate::rich::choose(&screen, choice(&line).unwrap_or_default()).await?;
                }
                Some(line) => {
                    screen.set_composer(line).await?;
                    screen.send().await?;
                }
            },
            changed = states.changed() => {
                if changed.is_err() {
                    break;
                }
                let state = states.borrow_and_update().clone();
                printed.show(&state);
                if state.status == ChatStatus::Ended {
                    break;
                }
            }
        }
    }
    let pending = helpline.flush_outbox().await.unwrap_or(0);
    printed.show(&screen.state());
    if pending > 0 {
        println!("{pending} message(s) still pending: they are sent on the next run.");
    }
    helpline.messaging().stop();
    Ok(())
}

/// The chat's messages, in order (the timeline without its days and notices).
pub fn messages(state: &ChatState) -> Vec<ChatMessage> {
    state
        .timeline
        .iter()
        .filter_map(|item| match item {
            TimelineItem::Message { message, .. } => Some(message.clone()),
            _ => None,
        })
        .collect()
}

/// What the terminal already shows of the chat screen's states: each timeline item once, the
/// typing and the banner when they change.
#[derive(Default)]
struct Printed {
    items: HashSet<String>,
    typing: Option<String>,
    banner: Option<ConnectionBanner>,
}

impl Printed {
    fn show(&mut self, state: &ChatState) {
        let mut batch: Vec<ChatMessage> = vec![];
        for item in &state.timeline {
            let (key, line) = match item {
                TimelineItem::Day { day } => (format!("day {day}"), Some(format!("── {day} ──"))),
                TimelineItem::Message { message, .. } => (format!("message {}", message.local_id), None),
                TimelineItem::Notice { notice } => (format!("notice {notice:?}"), Some(notice_line(notice))),
                // A ticket's: not in a chat.
                TimelineItem::Comment { .. } => continue,
            };
            if !self.items.insert(key) {
                continue;
            }
            match (item, line) {
                (TimelineItem::Message { message, .. }, _) => batch.push(message.clone()),
                (_, Some(line)) => {
                    flush(&mut batch);
                    println!("{line}");
                }
                _ => {}
            }
        }
        flush(&mut batch);
        let typing = state.typing.as_ref().map(|a| a.name.clone());
        if typing != self.typing {
            if let Some(name) = &typing {
                println!("  ({name} is typing…)");
            }
            self.typing = typing;
        }
        if self.banner != Some(state.banner) {
            match state.banner {
                ConnectionBanner::Connecting => {}
                ConnectionBanner::Online => println!("  (online)"),
                ConnectionBanner::Offline { pending: 0 } => println!("  (offline)"),
                ConnectionBanner::Offline { pending } => println!("  (offline: {pending} message(s) waiting)"),
                ConnectionBanner::Polling => println!("  (polling: WebSockets are blocked)"),
            }
            self.banner = Some(state.banner);
        }
    }
}

fn flush(batch: &mut Vec<ChatMessage>) {
    if !batch.is_empty() {
        println!("{}", print::chat(0, batch));
        batch.clear();
    }
}

fn notice_line(notice: &Notice) -> String {
    match notice {
        Notice::AgentJoined { agent } => format!("  ({} joined)", agent.name),
        Notice::AgentLeft { agent } => format!("  ({} left)", agent.name),
        Notice::Queued { position, wait_seconds } => {
            format!("  (you are number {position} in the queue, about {wait_seconds} s)")
        }
        Notice::Ended => "  (the conversation ended)".into(),
    }
}

/// The timeline's days are UTC days in the terminal: an app passes its user's offset.
fn local_offset_seconds() -> i32 {
    0
}

/// `/N`: the number of a choice to tap.
fn choice(line: &str) -> Option<usize> {
    line.trim().strip_prefix('/')?.parse().ok()
}

async fn wait(events: &mut EventStream, what: &str, wanted: impl Fn(&Event) -> bool) -> anyhow::Result<Event> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        match tokio::time::timeout_at(deadline, events.recv()).await {
            Ok(Ok(event)) if wanted(&event) => return Ok(event),
            Ok(Ok(_)) | Ok(Err(tokio::sync::broadcast::error::RecvError::Lagged(_))) => {}
            Ok(Err(e)) => anyhow::bail!("waiting for {what}: {e}"),
            Err(_) => anyhow::bail!("timed out waiting for {what}"),
        }
    }
}

fn say(indent: usize, text: &str) {
    println!("{}{text}", " ".repeat(indent));
}
