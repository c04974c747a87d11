//! Screen states: each screen's object over the core's, and the listener an app implements.
//! The states are the core's records; the subscription is the core's `ScreenSubscription`.

#[cfg(feature = "messaging")]
mod chat;
mod contact_form;
#[cfg(feature = "help-center")]
mod help_center;
#[cfg(feature = "rating")]
mod rating_prompt;
mod support_home;
mod tickets;

#[cfg(feature = "messaging")]
pub use chat::{ChatListener, ChatScreen};
pub use contact_form::{ContactForm, ContactFormListener};
#[cfg(feature = "help-center")]
pub use help_center::{HelpCenterListener, HelpCenterScreen};
#[cfg(feature = "rating")]
pub use rating_prompt::{RatingPrompt, RatingPromptListener};
pub use support_home::{SupportHome, SupportHomeListener};
pub use tickets::{TicketListListener, TicketListScreen, TicketScreen, TicketScreenListener};
