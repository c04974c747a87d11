//! The wire contract between the Helpline SDK and a helpdesk (docs/CONTRACT.md).
//!
//! Only data and paths live here: no I/O. Both the SDK's decoder and the reference
//! server's encoder use these types, so the two can never drift apart. Decoding is
//! lenient by design: unknown fields are ignored and optional fields may be missing,
//! so a newer helpdesk never breaks an older app.

pub mod context;
pub mod csat;
pub mod error;
pub mod help_center;
pub mod identity;
pub mod messaging;
pub mod pagination;
pub mod paths;
pub mod push;
pub mod requests;
pub mod rich;
pub mod settings;
pub mod tolerant;
pub mod uploads;
pub mod users;

pub use context::*;
pub use csat::*;
pub use error::{ErrorBody, ErrorDetail};
pub use help_center::*;
pub use identity::*;
pub use messaging::*;
pub use pagination::{CursorLinks, CursorMeta, Pagination};
pub use push::*;
pub use requests::*;
pub use rich::*;
pub use settings::*;
pub use tolerant::Tolerant;
pub use uploads::*;
pub use users::*;

/// Header carrying the per-write key that makes a replayed write return its first result.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
/// Header naming the SDK client (the app's client id).
pub const CLIENT_IDENTIFIER: &str = "Client-Identifier";
/// Header naming the app (its id in the SDK settings) on uploads (Helpline): the helpdesk
/// applies that app's attachment settings (`enabled`, `max_attachment_size`).
pub const APP_IDENTIFIER: &str = "App-Identifier";
