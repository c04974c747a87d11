//! Polling the conversation over HTTP: the fallback when WebSockets do not get through, and
//! `Messaging::refresh`.

use std::ops::ControlFlow;
use std::time::Duration;

use helpline_protocol::{self as wire, paths};
use tokio::sync::mpsc::Receiver;
use tokio::time::Instant;

use super::ChatCore;
use super::db;
use super::model::ChatEvent;
use super::realtime::POLL_EVERY;
use crate::transport::ApiRequest;
use crate::{Event, Result};

/// Most messages one page brings.
const PAGE: i32 = 200;

/// Polls every `POLL_EVERY` for `spell`. `Break` when the SDK stopped meanwhile.
pub(super) async fn spell(
    chat: &ChatCore,
    outgoing: &mut Receiver<wire::ClientFrame>,
    spell: Duration,
) -> ControlFlow<()> {
    let until = Instant::now() + spell;
    while Instant::now() < until {
        if let Err(e) = once(chat).await {
            tracing::debug!("polling the conversation: {e}");
        }
        // Typing and read frames have no HTTP form: while polling they are dropped.
        let pause = tokio::time::sleep(POLL_EVERY);
        tokio::pin!(pause);
        loop {
            tokio::select! {
                _ = &mut pause => break,
                frame = outgoing.recv() => if frame.is_none() { return ControlFlow::Break(()) },
            }
        }
    }
    ControlFlow::Continue(())
}

/// Brings every message of the conversation open in the chat after the last seq held.
pub(super) async fn once(chat: &ChatCore) -> Result<i32> {
    let Some((conversation_id, _)) = chat.store.read(db::current_id)? else { return Ok(0) };
    self::conversation(chat, conversation_id).await
}

/// Brings every message of one conversation after the unbroken run held, page by page.
pub(super) async fn conversation(chat: &ChatCore, conversation_id: i64) -> Result<i32> {
    let mut added = 0;
    let mut after = chat.store.read(|c| db::resume_seq(c, conversation_id))?;
    loop {
        let mut url = chat.session.transport.url(&paths::conversation_messages(super::unsigned(conversation_id)));
        url.query_pairs_mut().append_pair("after_seq", &after.to_string()).append_pair("limit", &PAGE.to_string());
        let page: wire::MessagesPage = chat.session.call(&ApiRequest::get(url)).await?;
        let has_more = page.has_more;
        let messages = crate::paging::keep("chat message", page.messages, &mut 0);
        let got = messages.len();
        let changed = chat.store.write(|tx| {
            let mut changed = 0;
            for message in &messages {
                changed += db::apply_message(tx, message)? as i32;
            }
            Ok(changed)
        })?;
        added += changed;
        match messages.last() {
            Some(last) if has_more && got > 0 && super::signed(last.seq) > after => after = super::signed(last.seq),
            _ => break,
        }
    }
    if added > 0 {
        chat.events.emit(Event::Chat(ChatEvent::MessagesChanged { conversation_id: Some(conversation_id) }));
    }
    Ok(added)
}
