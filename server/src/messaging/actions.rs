//! The rules of live messaging, shared by the REST handlers, the WebSocket and the agent side.
//! Each runs inside one store call (`Db::call`): the writes are one transaction, and the frames
//! they cause are published before the store is released, so every subscriber gets a
//! conversation's messages in seq order and a subscribe's replay never misses nor doubles one.

use std::sync::Arc;

use helpline_protocol::{AuthorType, Message, MessageAuthor, MessageKind, MessageReply, PushKind, ServerFrame};
use rusqlite::Connection;

use super::bot;
use super::hub::{Hub, PendingSubscription};
use super::rich::{self, Rich};
use super::store::{
    self, ConversationRow, MessageRow, NewMessageRow, active_conversation, conversation, insert_conversation,
    insert_message, message_by_client_id, messages_after, mirror_comment, one_free_text, own_conversation,
    set_agent_joined, set_ended, set_read, user_name, waiting_conversations, with_attachments,
};
use crate::attachments;
use crate::db::DEMO_AGENT_NAME;
use crate::errors::ApiError;
use crate::push;
use crate::settings;
use crate::state::AppState;
use crate::time::now_micros;

/// What the rules need besides the store; cheap to clone into a store call.
#[derive(Clone)]
pub(crate) struct Env {
    pub hub: Arc<Hub>,
    pub base_url: Arc<str>,
    pub agent_id: u64,
}

impl Env {
    pub(crate) fn of(state: &AppState) -> Env {
        Env { hub: state.realtime.clone(), base_url: state.base_url.clone(), agent_id: state.agent_id }
    }

    pub(crate) fn agent(&self) -> MessageAuthor {
        MessageAuthor {
            kind: AuthorType::Agent,
            id: Some(self.agent_id),
            name: DEMO_AGENT_NAME.into(),
            avatar_url: None,
        }
    }

    fn publish(&self, conversation_id: i64, frame: &ServerFrame) {
        let seq = match frame {
            ServerFrame::Message { message } => Some(message.seq),
            _ => None,
        };
        self.hub.publish(conversation_id as u64, seq, frame.to_text().into());
    }

    fn publish_message(&self, message: &MessageRow) {
        self.publish(message.conversation_id, &ServerFrame::Message { message: message.to_wire() });
    }

    /// Tells the waiting conversations after `changed` their new place in the queue.
    fn publish_queue(&self, waiting: &[i64], changed: i64) {
        for (place, &id) in waiting.iter().enumerate() {
            if id > changed && self.hub.has_subscribers(id as u64) {
                self.publish(id, &bot::queue_frame(id as u64, place as u64 + 1));
            }
        }
    }
}

/// 422 for anything sent to an ended conversation.
pub(crate) fn ended() -> ApiError {
    ApiError::invalid("base", "closed", "Conversation has ended")
}

/// 422 for a new conversation beside an active one when the app allows only one.
pub(crate) fn one_conversation_only() -> ApiError {
    ApiError::invalid(
        "conversation",
        "MultipleConversationsDisabled",
        "Conversation: only one conversation at a time; continue the active one",
    )
}

/// The user's newest active conversation (`false`: resumed), or a new one (`true`) opened by
/// the bot with the greeting of the app's settings (none if the app set an empty one). With
/// `new`, another one is started beside the active ones, if the app's settings allow several
/// (`messaging.multiple_conversations`); else 422 while one is active.
pub(crate) fn start(
    conn: &mut Connection,
    user_id: u64,
    app_id: Option<&str>,
    metadata: &str,
    new: bool,
) -> Result<(ConversationRow, bool), ApiError> {
    let tx = conn.transaction()?;
    let settings = match app_id {
        Some(app_id) => settings::load(&tx, app_id)?,
        None => settings::defaults(),
    };
    if let Some(active) = active_conversation(&tx, user_id)? {
        if !new {
            return Ok((active, false));
        }
        if settings.messaging.multiple_conversations != Some(true) {
            return Err(one_conversation_only());
        }
    }
    let now = now_micros();
    let id = insert_conversation(&tx, user_id, metadata, now)?;
    let locale = bot::metadata_locale(metadata);
    let greeting = settings.messaging.greeting_for(locale.as_deref()).trim();
    if !greeting.is_empty() {
        insert_message(&tx, id, bot::greeting(greeting, locale.as_deref()), now)?;
    }
    let row = conversation(&tx, id)?.ok_or_else(|| ApiError::Internal("conversation vanished".into()))?;
    tx.commit()?;
    Ok((row, true))
}

/// A user's message, once per `client_id`: the same id again returns the stored message
/// (`created` false) and changes nothing. The first one gets the bot's article suggestions.
/// `uploads` are claimed for it (and its mirrored comment); files without text make a `file`
/// message, whose comment lists the file names.
pub(crate) struct Posted {
    pub message: Message,
    pub created: bool,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn post_user_message(
    conn: &mut Connection,
    env: &Env,
    user_id: u64,
    conversation_id: i64,
    client_id: &str,
    text: &str,
    uploads: &[String],
    reply: Option<MessageReply>,
) -> Result<Posted, ApiError> {
    let tx = conn.transaction()?;
    let c = own_conversation(&tx, conversation_id, user_id)?;
    if let Some(existing) = message_by_client_id(&tx, c.id, client_id)? {
        let existing = with_attachments(&tx, &env.base_url, vec![existing])?;
        return Ok(Posted { message: existing[0].to_wire(), created: false });
    }
    if !c.is_active() {
        return Err(ended());
    }
    if let Some(reply) = &reply {
        rich::check_reply(&tx, c.id, reply)?;
    }
    let now = now_micros();
    let files = attachments::claim(&tx, user_id, uploads, now)?;
    let kind = if text.trim().is_empty() && !files.is_empty() { MessageKind::File } else { MessageKind::Text };
    let author =
        MessageAuthor { kind: AuthorType::User, id: Some(user_id), name: user_name(&tx, user_id)?, avatar_url: None };
    let answer = reply.as_ref().and_then(bot::answer);
    let rich = Rich { reply, ..Default::default() };
    let free_text = rich.reply.is_none();
    let new = NewMessageRow { client_id: Some(client_id), author, kind, text, articles: vec![], rich };
    let message = insert_message(&tx, c.id, new, now)?;
    attachments::attach_to_message(&tx, &files, message.id)?;
    let message = with_attachments(&tx, &env.base_url, vec![message])?.remove(0);
    let transcript = match kind {
        MessageKind::File => message.attachments.iter().map(|a| a.file_name.as_str()).collect::<Vec<_>>().join(", "),
        _ => text.to_owned(),
    };
    let comment_id = mirror_comment(&tx, &c, user_id, &transcript, now)?;
    attachments::attach_to_comment(&tx, &files, comment_id)?;
    let mut reply = None;
    if let (Some((kind, text, rich)), false) = (&answer, c.agent_joined) {
        let said = NewMessageRow {
            client_id: None,
            author: bot::author(),
            kind: *kind,
            text,
            articles: vec![],
            rich: rich.clone(),
        };
        reply = Some(insert_message(&tx, c.id, said, now)?);
    } else if free_text && kind == MessageKind::Text && !c.agent_joined && one_free_text(&tx, c.id)? {
        // A failing search costs the suggestions, never the user's message.
        match bot::suggestions(&tx, &env.base_url, c.id, text) {
            Ok(Some(suggestions)) => reply = Some(insert_message(&tx, c.id, suggestions, now)?),
            Ok(None) => {}
            Err(e) => tracing::warn!("bot suggestions failed: {e:?}"),
        }
    }
    tx.commit()?;
    env.publish_message(&message);
    if let Some(reply) = &reply {
        env.publish_message(reply);
    }
    Ok(Posted { message: message.to_wire(), created: true })
}

/// The agent's message, with its rich parts if any; the first one makes the agent join
/// (`agent_joined` goes out before it).
pub(crate) fn post_agent_message(
    conn: &mut Connection,
    env: &Env,
    conversation_id: i64,
    text: &str,
    rich: Rich,
) -> Result<Message, ApiError> {
    let tx = conn.transaction()?;
    let c = conversation(&tx, conversation_id)?.ok_or(ApiError::NotFound)?;
    if !c.is_active() {
        return Err(ended());
    }
    let now = now_micros();
    let joins = !c.agent_joined;
    if joins {
        set_agent_joined(&tx, &c, env.agent_id, now)?;
    }
    let new = NewMessageRow { client_id: None, author: env.agent(), kind: rich.kind(), text, articles: vec![], rich };
    let message = insert_message(&tx, c.id, new, now)?;
    mirror_comment(&tx, &c, env.agent_id, text, now)?;
    push::notify(&tx, c.user_id, PushKind::Message, c.request_id, Some(c.id), now)?;
    let waiting = if joins { waiting_conversations(&tx)? } else { vec![] };
    tx.commit()?;
    if joins {
        env.publish(c.id, &ServerFrame::AgentJoined { conversation_id: c.id as u64, author: env.agent() });
    }
    env.publish_message(&message);
    env.publish_queue(&waiting, c.id);
    Ok(message.to_wire())
}

pub(crate) fn agent_typing(
    conn: &mut Connection,
    env: &Env,
    conversation_id: i64,
    active: bool,
) -> Result<(), ApiError> {
    let c = conversation(conn, conversation_id)?.ok_or(ApiError::NotFound)?;
    if !c.is_active() {
        return Err(ended());
    }
    env.publish(c.id, &ServerFrame::Typing { conversation_id: c.id as u64, author: env.agent(), active });
    Ok(())
}

/// The agent read up to `seq` (never past the last message); the user's subscribers are told.
pub(crate) fn agent_read(conn: &mut Connection, env: &Env, conversation_id: i64, seq: u64) -> Result<u64, ApiError> {
    let c = conversation(conn, conversation_id)?.ok_or(ApiError::NotFound)?;
    let seq = set_read(conn, &c, true, seq)?;
    env.publish(c.id, &ServerFrame::Read { conversation_id: c.id as u64, author: env.agent(), seq });
    Ok(seq)
}

/// Ends the conversation (once; ending it again changes nothing): `conversation_ended`, then
/// `agent_left` if an agent had joined.
pub(crate) fn end(conn: &mut Connection, env: &Env, conversation_id: i64) -> Result<ConversationRow, ApiError> {
    let tx = conn.transaction()?;
    let c = conversation(&tx, conversation_id)?.ok_or(ApiError::NotFound)?;
    if !c.is_active() {
        return Ok(c);
    }
    set_ended(&tx, &c, now_micros())?;
    let waiting = if c.agent_joined { vec![] } else { waiting_conversations(&tx)? };
    let row = conversation(&tx, c.id)?.ok_or_else(|| ApiError::Internal("conversation vanished".into()))?;
    tx.commit()?;
    let id = c.id as u64;
    env.publish(c.id, &ServerFrame::ConversationEnded { conversation_id: id });
    if c.agent_joined {
        env.publish(c.id, &ServerFrame::AgentLeft { conversation_id: id, author: env.agent() });
    }
    env.publish_queue(&waiting, c.id);
    env.hub.set_user_typing(id, false);
    Ok(row)
}

/// The user read up to `seq` (stored for the agent side; never past the last message).
pub(crate) fn user_read(conn: &mut Connection, user_id: u64, conversation_id: i64, seq: u64) -> Result<u64, ApiError> {
    let c = own_conversation(conn, conversation_id, user_id)?;
    set_read(conn, &c, false, seq)
}

/// What a subscribe sends: every message after the client's seq, then the conversation's state
/// (`conversation_ended`, `agent_joined`, or its place in the `queue`).
pub(crate) struct Replay {
    pub messages: Vec<MessageRow>,
    /// The last seq when the subscription started: later `message` frames are live ones.
    pub last_seq: u64,
    pub state: ServerFrame,
}

pub(crate) fn subscribe(
    conn: &mut Connection,
    env: &Env,
    user_id: u64,
    conversation_id: i64,
    after_seq: u64,
    subscription: PendingSubscription,
) -> Result<Replay, ApiError> {
    let c = own_conversation(conn, conversation_id, user_id)?;
    let messages = with_attachments(conn, &env.base_url, messages_after(conn, c.id, after_seq, usize::MAX)?)?;
    let id = c.id as u64;
    let state = if !c.is_active() {
        ServerFrame::ConversationEnded { conversation_id: id }
    } else if c.agent_joined {
        ServerFrame::AgentJoined { conversation_id: id, author: env.agent() }
    } else {
        let place = waiting_conversations(conn)?.iter().position(|&w| w == c.id).unwrap_or(0);
        bot::queue_frame(id, place as u64 + 1)
    };
    // Last, once nothing can fail: from here on, new frames queue up behind the replay.
    subscription.register(id);
    Ok(Replay { messages, last_seq: c.last_seq, state })
}

/// Checks that the conversation is the user's (typing needs no write).
pub(crate) fn check_own(conn: &mut Connection, user_id: u64, conversation_id: i64) -> Result<(), ApiError> {
    store::own_conversation(conn, conversation_id, user_id).map(|_| ())
}
