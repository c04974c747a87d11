//! helpline-ffi: the uniffi layer of the Helpline SDK, for Kotlin (Android) and Swift (iOS).
//!
//! Conversions only: every type here mirrors one of `helpline_core`, and every method calls
//! the core's method of the same name. The generated API, in brief:
//!
//! - [`Helpline`] (`Helpline.open(config)`): identity, outbox, `sync`, `subscribe`, `tickets()`
//! - [`Tickets`]: `create` (with `TicketDraft.attachments`), `create_followup`, `list`, `refresh`,
//!   `get`, `refresh_ticket`, `find_by_remote_id`, `add_comment`, `add_comment_with_attachments`,
//!   `solve`, `mark_read`, `unread_count`
//! - [`HelpCenter`]: `sync`, `categories`, `sections`, `articles`, `article`, `fetch_article`,
//!   `search_offline`, `search`, `suggestions`, `vote`, `cache_usage`
//! - [`Messaging`]: `start`, `messages`, `send`, `send_file`, `typing`, `mark_read`, `connection_state`
//! - [`Rating`]: `record_launch`, `record_event`, `record_error`, `should_prompt`, `status`,
//!   `record_outcome`; on [`Helpline`]: `settings`, `refresh_settings`, `register_push_token`,
//!   `unregister_push_token`, `push_token`, `handle_push`
//! - [`HelplineListener`] + [`Subscription`]: events, the current state first
//! - [`JwtProvider`]: implemented by the app, asked for a fresh JWT on each sign-in
//! - [`HelplineError`]: the one error every call may raise
//!
//! Bindings are generated from the built library (`cargo xtask bindings`), never by hand.

mod config;
mod error;
mod events;
mod help_center;
mod helpline;
mod identity;
mod messaging;
mod outbox;
mod rating;
mod settings;
mod tickets;
mod uploads;

pub use config::HelplineConfig;
pub use error::HelplineError;
pub use events::{HelplineEvent, HelplineListener, Subscription};
pub use help_center::{
    Article, ArticleAttachment, ArticleSummary, CacheUsage, Category, HelpCenter, HelpCenterSyncReport, SearchHit,
    SearchResults, SearchSource, Section, SyncProgress, SyncProgressListener, VoteValue,
};
pub use helpline::{Helpline, SyncReport};
pub use identity::{Identity, JwtProvider};
pub use messaging::{
    ChatAuthor, ChatAuthorKind, ChatEvent, ChatMessage, ChatMessageKind, ConnectionState, Conversation, Messaging,
    SuggestedArticle,
};
pub use outbox::{DeliveryState, OutboxItem, OutboxKind};
pub use rating::{Outcome, PromptDecision, PromptReason, PushTarget, Rating, RatingStatus};
pub use settings::{
    Feature, FieldOption, HelpCenterSettings, HelplineSettings, MessagingSettings, RatingSettings, SettingsRefresh,
    SupportSettings, TicketField, TicketFieldKind,
};
pub use tickets::{
    Author, CustomFieldValue, FieldValue, Ticket, TicketComment, TicketDetail, TicketDraft, TicketStatus, Tickets,
};
pub use uploads::Attachment;

uniffi::setup_scaffolding!("helpline");
