//! Helpline core: the in-app support SDK, in pure Rust.
//!
//! One entry object, [`Helpline`], built from a [`Config`]. Reads are served from the local
//! SQLite cache at once and refreshed from the helpdesk; writes go through a persistent
//! outbox, so a user's action is durable the moment the call returns, even offline.

// A build without some capability leaves a few kernel helpers only they call: dead code is
// judged on the full build.
#![cfg_attr(
    not(all(feature = "help-center", feature = "messaging", feature = "push", feature = "rating")),
    allow(dead_code)
)]

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("helpline_core");
#[cfg(feature = "uniffi")]
mod ffi;

mod clock;
mod config;
mod context;
mod durable_file;
mod error;
mod events;
#[cfg(feature = "help-center")]
mod help_center;
#[cfg(not(feature = "help-center"))]
#[path = "help_center/absent.rs"]
mod help_center;
mod helpline;
mod identity;
mod kernel;
mod logs;
#[cfg(feature = "messaging")]
mod messaging;
#[cfg(not(feature = "messaging"))]
#[path = "messaging/absent.rs"]
mod messaging;
mod numbers;
mod outbox;
mod paging;
#[cfg(feature = "push")]
mod push;
#[cfg(not(feature = "push"))]
#[path = "push/absent.rs"]
mod push;
#[cfg(feature = "rating")]
mod rating;
#[cfg(not(feature = "rating"))]
#[path = "rating/absent.rs"]
mod rating;
mod satisfaction;
mod screens;
mod secrets;
mod settings;
mod store;
mod tickets;
mod tls;
mod transport;
mod uploads;

#[doc(hidden)]
pub use clock::ManualClock;
pub use clock::{Clock, SystemClock};
pub use config::Config;
pub use context::{AttributeValue, SDK_VERSION, UserAttribute};
pub use error::{Error, Result};
pub use events::{Event, EventStream};
#[cfg(feature = "help-center")]
pub use help_center::DEFAULT_SEARCH_LIMIT;
pub use help_center::{
    Article, ArticleAttachment, ArticleSummary, CacheUsage, Category, FetchedArticle, HelpCenter, HelpCenterSyncReport,
    SearchHit, SearchResults, SearchSource, Section, SyncProgress, VoteValue,
};
pub use helpline::{Helpline, SyncReport};
pub use identity::{Identity, JwtProvider};
pub use logs::{LOG_FILE_NAME, LogLayer, LogLevel, LogRecord, Logger, log_layer, recent_log, set_logger};
pub use messaging::{
    ChatAuthor, ChatAuthorKind, ChatButton, ChatButtonAction, ChatCard, ChatEvent, ChatForm, ChatFormField,
    ChatFormFieldKind, ChatFormOption, ChatFormValue, ChatMessage, ChatMessageKind, ChatQuickReply, ConnectionState,
    Conversation, Messaging, SuggestedArticle,
};
pub use outbox::{DeliveryState, OutboxItem, OutboxKind};
#[cfg(feature = "push")]
pub use push::PushTarget;
#[cfg(feature = "rating")]
pub use rating::{FEEDBACK_TAG, Outcome, PromptDecision, PromptReason, Rating, RatingStatus};
pub use satisfaction::{Satisfaction, SatisfactionRating, SatisfactionScore};
pub use screens::{
    AttachmentState, ContactForm, ContactFormField, ContactFormState, FieldError, ScreenListener, ScreenSubscription,
    StagedAttachment, SubmitState,
};
#[cfg(feature = "help-center")]
pub use screens::{
    CategoryEntry, HelpCenterCache, HelpCenterLoad, HelpCenterScreen, HelpCenterSearch, HelpCenterState,
    HelpCenterStatus, HelpCenterSync, OpenArticle, OpenSection,
};
#[cfg(feature = "messaging")]
pub use screens::{ChatScreen, ChatState, ChatStatus, Composer, ConnectionBanner};
pub use screens::{FileUpload, Notice, SendState, TimelineItem};
pub use screens::{HomeEntry, RefreshFailure, RefreshPart, SupportHome, SupportHomeState};
#[cfg(feature = "rating")]
pub use screens::{PromptAnswer, RatingPrompt, RatingPromptState};
pub use screens::{
    ReplyComposer, TicketActions, TicketListItem, TicketListScreen, TicketListState, TicketScreen, TicketScreenState,
};
pub use secrets::{FileSecretStore, SecretStore};
pub use settings::{
    AttachmentSettings, Feature, FieldOption, HelpCenterSettings, MessagingSettings, RatingSettings, Settings,
    SettingsRefresh, SupportSettings, TicketField, TicketFieldKind,
};
pub use tickets::{
    Author, CustomFieldValue, FieldValue, Ticket, TicketComment, TicketDetail, TicketDraft, TicketStatus, Tickets,
};
pub use uploads::Attachment;

/// Entry points of the fuzz targets (`fuzz/`). Not part of the API.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzz;

/// What benchmarks need to run the SDK's own search as raw SQL. Not part of the API.
#[cfg(feature = "help-center")]
#[doc(hidden)]
pub mod bench_support {
    pub use crate::help_center::search::strict_fts_query;
    pub use helpline_text::Language;
}
