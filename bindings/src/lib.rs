//! helpline-ffi: the uniffi layer of the Helpline SDK, for Kotlin (Android) and Swift (iOS).
//!
//! The records, enums and the error are the core's own (derived behind its `uniffi` feature,
//! generated into `dev.helpline.core` for Kotlin and into the `Helpline` Swift module). What
//! is here adapts, and nothing else:
//!
//! - the objects ([`Helpline`], [`Tickets`], [`HelpCenter`], [`Messaging`], [`Rating`]): each
//!   async call runs on the SDK's one runtime ([`runtime`]), so the app's coroutine or task
//!   only awaits its end;
//! - [`HelplineConfig`]: the core's `Config` with nullable options, for named arguments;
//! - [`HelplineListener`] + [`Subscription`]: events, a `Snapshot` of the current state first;
//! - the screens ([`ContactForm`], [`RatingPrompt`]) with their listeners: a screen's
//!   whole state first, then the latest of each change (the core's `ScreenSubscription`);
//! - [`JwtProvider`], [`SecretStore`], [`SyncProgressListener`] and [`HelplineLogger`]:
//!   implemented by the app (the last with the top-level [`set_logger`]).
//!
//! Bindings are generated from the built library (`cargo xtask bindings`), never by hand.

#[cfg(test)]
mod adapters_tests;
mod config;
mod events;
#[cfg(feature = "help-center")]
mod help_center;
mod helpline;
mod identity;
mod logs;
#[cfg(feature = "messaging")]
mod messaging;
#[cfg(feature = "rating")]
mod rating;
mod runtime;
mod screens;
mod secrets;
mod tickets;

pub use config::HelplineConfig;
pub use events::{HelplineEvent, HelplineListener, Subscription};
#[cfg(feature = "help-center")]
pub use help_center::{HelpCenter, SyncProgressListener};
pub use helpline::Helpline;
pub use identity::{JwtProvider, JwtProviderError};
pub use logs::{HelplineLogger, recent_log, set_logger};
#[cfg(feature = "messaging")]
pub use messaging::Messaging;
#[cfg(feature = "rating")]
pub use rating::Rating;
#[cfg(feature = "messaging")]
pub use screens::{ChatListener, ChatScreen};
pub use screens::{ContactForm, ContactFormListener};
#[cfg(feature = "help-center")]
pub use screens::{HelpCenterListener, HelpCenterScreen};
#[cfg(feature = "rating")]
pub use screens::{RatingPrompt, RatingPromptListener};
pub use screens::{SupportHome, SupportHomeListener};
pub use screens::{TicketListListener, TicketListScreen, TicketScreen, TicketScreenListener};
pub use secrets::{SecretStore, SecretStoreError};
pub use tickets::Tickets;

uniffi::setup_scaffolding!("helpline");
