//! Screen states: each screen's object over the core's, and the listener an app implements.
//! The states are the core's records; the subscription is the core's `ScreenSubscription`.

mod contact_form;
mod rating_prompt;

pub use contact_form::{ContactForm, ContactFormListener};
pub use rating_prompt::{RatingPrompt, RatingPromptListener};
