//! Live messaging left out of this build (the `messaging` feature is off): its data types
//! remain, since events and the support home's state name them, and the few calls the rest of
//! the SDK makes answer as for a user who never chatted. Its tables stay declared, so a change
//! of user still wipes them.

#![allow(dead_code)]

#[path = "model.rs"]
mod model;
#[path = "rich.rs"]
mod rich;

use std::sync::Arc;

use crate::Result;
use crate::kernel::Kernel;
use crate::store::{Owned, Scope};

pub use model::{
    ChatAuthor, ChatAuthorKind, ChatEvent, ChatMessage, ChatMessageKind, ConnectionState, Conversation,
    SuggestedArticle,
};
pub use rich::{
    ChatButton, ChatButtonAction, ChatCard, ChatForm, ChatFormField, ChatFormFieldKind, ChatFormOption, ChatFormValue,
    ChatQuickReply,
};

const TABLES: Owned = Owned {
    owner: "messaging",
    scope: Scope::User { before_sign_in: false },
    tables: &["chat_conversations", "chat_messages"],
};

pub(crate) fn register(chat: &Arc<ChatCore>) {
    chat.kernel.store.tables.declare(TABLES);
}

pub(crate) struct ChatCore {
    kernel: Arc<Kernel>,
}

impl ChatCore {
    pub(crate) fn new(kernel: Arc<Kernel>) -> Arc<Self> {
        Arc::new(Self { kernel })
    }

    pub(crate) fn shut_down(&self) {}
}

/// What the support home asks of the chat: never connected, nothing unread, no conversation.
#[derive(Clone)]
pub struct Messaging;

impl Messaging {
    pub(crate) fn new(_chat: Arc<ChatCore>) -> Self {
        Self
    }

    pub fn connection_state(&self) -> ConnectionState {
        ConnectionState::Disconnected
    }

    pub fn conversation(&self) -> Result<Option<Conversation>> {
        Ok(None)
    }

    pub fn unread_count(&self) -> Result<i32> {
        Ok(0)
    }
}

pub(crate) fn stop_for_new_user(_chat: &ChatCore) {}

/// A push names a conversation: none is on a device without messaging.
pub(crate) async fn sync_pushed(_chat: &ChatCore, _conversation_id: i64) -> Result<bool> {
    Ok(false)
}
