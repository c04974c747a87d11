//! Screen states: each support screen's logic once, in the core, observable from Kotlin and
//! Swift. A screen is an object made from the `Helpline` handle; `subscribe` delivers its whole
//! state first, then each new one (the latest, never a backlog), off the app's thread; its
//! actions are async methods. States are plain immutable records.

#[cfg(feature = "messaging")]
mod chat;
mod contact_form;
pub(crate) mod drafts;
mod events;
#[cfg(feature = "help-center")]
mod help_center;
#[cfg(feature = "rating")]
mod rating_prompt;
mod state;
mod support_home;
mod tasks;
mod tickets;
mod timeline;

use std::sync::Arc;

#[cfg(feature = "messaging")]
pub use chat::{ChatScreen, ChatState, ChatStatus, Composer, ConnectionBanner};
pub use contact_form::{
    AttachmentState, ContactForm, ContactFormField, ContactFormState, FieldError, StagedAttachment, SubmitState,
};
pub(crate) use events::next_batch;
#[cfg(feature = "help-center")]
pub use help_center::{
    CategoryEntry, HelpCenterCache, HelpCenterLoad, HelpCenterScreen, HelpCenterSearch, HelpCenterState,
    HelpCenterStatus, HelpCenterSync, OpenArticle, OpenSection,
};
#[cfg(feature = "rating")]
pub use rating_prompt::{PromptAnswer, RatingPrompt, RatingPromptState};
pub(crate) use state::ScreenState;
pub use state::{ScreenListener, ScreenSubscription};
pub use support_home::{HomeEntry, RefreshFailure, RefreshPart, SupportHome, SupportHomeState};
pub(crate) use tasks::{Tasks, lock};
pub use tickets::{
    ReplyComposer, TicketActions, TicketListItem, TicketListScreen, TicketListState, TicketScreen, TicketScreenState,
};
pub use timeline::{FileUpload, Notice, SendState, TimelineItem};
pub(crate) use timeline::{offset_of, with_days};

use crate::kernel::Kernel;
use crate::store::{Owned, Scope};

/// What the user typed in a screen: theirs, wiped with their data (it may be typed before
/// they are signed in).
const TABLES: Owned =
    Owned { owner: "screens", scope: Scope::User { before_sign_in: true }, tables: &["screen_drafts"] };

/// Makes the screens part of the SDK: their tables.
pub(crate) fn register(kernel: &Arc<Kernel>) {
    kernel.store.tables.declare(TABLES);
}
