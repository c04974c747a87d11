//! Live chat: the tour's short conversation with an agent, and the interactive `chat`
//! command. Both print what the SDK's events say, as they arrive.

use std::time::Duration;

use anyhow::{Context, ensure};
use helpline_core::{ChatAuthorKind, ChatEvent, ChatMessage, ConnectionState, Event, EventStream, Helpline};
use tokio::io::{AsyncBufReadExt, BufReader};

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
    Id(u64),
}

impl Opening {
    pub fn of(new: bool, conversation: Option<u64>) -> Opening {
        match (new, conversation) {
            (_, Some(id)) => Opening::Id(id),
            (true, None) => Opening::New,
            (false, None) => Opening::Current,
        }
    }
}

/// `chat`: an interactive conversation in the terminal. Lines typed are sent; what the
/// helpdesk says is printed as it arrives. `/quit` (or end of input) leaves.
pub async fn interactive(helpline: &Helpline, opening: Opening) -> anyhow::Result<()> {
    let chat = helpline.messaging();
    let mut events = helpline.subscribe();
    let opened = match opening {
        Opening::Current => chat.start().await,
        Opening::New => chat.start_new().await,
        Opening::Id(id) => chat.open(id).await,
    };
    let conversation = match opened {
        Ok(conversation) => conversation,
        Err(e) => return Err(e).context("opening the conversation (is the helpdesk reachable?)"),
    };
    println!(
        "Conversation {} — type a message and press Enter; /N picks the Nth choice, /form fills a form; /quit to leave.",
        conversation.id
    );
    println!("{}", print::chat(0, &chat.messages()?));
    let mut shown = chat.messages()?.len();
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    loop {
        tokio::select! {
            line = lines.next_line() => match line? {
                None => break,
                Some(line) if line.trim() == "/quit" => break,
                Some(line) if line.trim().is_empty() => {}
                Some(line) if line.trim() == "/form" => {
                    crate::rich::fill(&chat, async || lines.next_line().await.ok().flatten()).await?;
                }
                Some(line) if choice(&line).is_some() => {
                    crate::rich::choose(&chat, choice(&line).unwrap_or_default()).await?;
                }
                Some(line) => {
                    chat.send(&line).await?;
                }
            },
            event = events.recv() => match event {
                Ok(Event::Chat(ChatEvent::MessagesChanged { .. })) | Err(_) => {
                    let messages = chat.messages()?;
                    if messages.len() > shown {
                        println!("{}", print::chat(0, &messages[shown..]));
                        shown = messages.len();
                    }
                }
                Ok(Event::Chat(ChatEvent::Typing { author, active: true, conversation_id })) if conversation_id == conversation.id => println!("  ({} is typing…)", author.name),
                Ok(Event::Chat(ChatEvent::AgentJoined { agent, .. })) => println!("  ({} joined)", agent.name),
                Ok(Event::Chat(ChatEvent::Queue { position, wait_seconds, .. })) => {
                    println!("  (you are number {position} in the queue, about {wait_seconds} s)")
                }
                Ok(Event::Chat(ChatEvent::Ended { conversation_id })) if conversation_id == conversation.id => {
                    println!("  (the conversation ended)");
                    break;
                }
                Ok(Event::Chat(ChatEvent::Connection { state })) => println!("  (link: {state:?})"),
                Ok(_) => {}
            },
        }
    }
    let pending = helpline.flush_outbox().await.unwrap_or(0);
    let messages = chat.messages()?;
    if messages.len() > shown {
        println!("{}", print::chat(0, &messages[shown..]));
    }
    if pending > 0 {
        println!("{pending} message(s) still pending: they are sent on the next run.");
    }
    chat.stop();
    Ok(())
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
