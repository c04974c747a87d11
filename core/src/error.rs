//! The SDK's one public error: small, typed and actionable.

use std::time::Duration;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Grows with the SDK: match the variants you act on, and keep a catch-all arm. In Kotlin
/// `HelplineException`, in Swift `HelplineError`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Error), uniffi(name = "HelplineError"))]
#[non_exhaustive]
pub enum Error {
    /// The helpdesk could not be reached. Writes are kept in the outbox and sent later.
    #[error("offline: {reason}")]
    Offline { reason: String },
    /// The helpdesk took too long to answer.
    #[error("the helpdesk did not answer in time")]
    Timeout,
    /// No identity was set: call `set_identity` first.
    #[error("no identity: call set_identity before talking to the helpdesk")]
    NoIdentity,
    /// The helpdesk refused the identity (bad or expired JWT, revoked token), or the app's
    /// `JwtProvider` failed.
    #[error("unauthorized: {reason}")]
    Unauthorized { reason: String },
    /// The helpdesk refuses this call to this user whoever they are (403): an endpoint for
    /// agents only, or a role the user lacks. Signing in again would not help.
    #[error("forbidden: {reason}")]
    Forbidden { reason: String },
    /// The ticket, comment or article does not exist, or is not the user's.
    #[error("{what} not found")]
    NotFound { what: String },
    /// Bad input, named by field; nothing was stored or sent.
    #[error("invalid {field}: {reason}")]
    Validation { field: String, reason: String },
    /// Too many requests; try again after the given delay.
    #[error("rate limited: retry after {} s", retry_after.as_secs())]
    RateLimited { retry_after: Duration },
    /// The helpdesk failed (5xx) or refused the request for a reason we cannot act on.
    #[error("helpdesk error {status}: {reason}")]
    Server { status: i32, reason: String },
    /// The helpdesk answered something that does not follow the contract.
    #[error("unexpected answer from the helpdesk: {reason}")]
    InvalidResponse { reason: String },
    /// The local database, or a file in the SDK's data directory, failed.
    #[error("local storage: {reason}")]
    Storage { reason: String },
    /// Another Helpline instance, in this process or another of the app, has the data
    /// directory open. Use one instance per directory (or another directory per process).
    #[error("the data directory {path} is in use by another Helpline instance")]
    DataDirInUse { path: String },
    /// The database was written by a newer version of the SDK (the app was downgraded). It is
    /// left untouched, with its unsent writes, for that version to pick up again.
    #[error("the database has schema version {found}; this SDK knows up to {supported}")]
    SchemaTooNew { found: i32, supported: i32 },
    /// TLS could not be set up (no usable certificate verifier on the device).
    #[error("TLS set-up: {reason}")]
    Tls { reason: String },
    /// A fault of the SDK itself (a thread that would not start, a broken invariant): a bug
    /// to report, not something the app or the user can fix.
    #[error("internal error: {reason}")]
    Internal { reason: String },
    /// The ticket is closed and takes no more comments: write a follow-up instead.
    #[error("the ticket is closed; a follow-up ticket is needed")]
    TicketClosed,
    /// The SDK was closed (dropped) while this object of it was still held.
    #[error("the SDK was shut down")]
    Shutdown,
    /// The helpdesk switched this feature off for the app (remote settings): hide it.
    #[error("{feature} is switched off for this app by the helpdesk")]
    FeatureDisabled { feature: crate::settings::Feature },
    /// A push payload that is not a Helpline push, or not a well-formed one; nothing was done.
    #[error("not a valid Helpline push: {reason}")]
    InvalidPush { reason: String },
    /// A file is larger than the helpdesk takes (`max_attachment_size` of the remote
    /// settings); checked before anything is stored or sent. Sizes in bytes.
    #[error("{file} is {size} bytes, over the attachment limit of {limit} bytes")]
    AttachmentTooLarge { file: String, size: i64, limit: i64 },
}

impl Error {
    pub(crate) fn validation(field: &str, reason: impl Into<String>) -> Self {
        Error::Validation { field: field.to_owned(), reason: reason.into() }
    }

    pub(crate) fn not_found(what: impl Into<String>) -> Self {
        Error::NotFound { what: what.into() }
    }

    /// Whether trying the same thing later may succeed: the outbox keeps such writes pending,
    /// reads fall back to the cache. The one definition the whole SDK uses.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Error::Offline { .. }
                | Error::Timeout
                | Error::RateLimited { .. }
                | Error::Server { status: 500.., .. }
                | Error::InvalidResponse { .. }
                | Error::Unauthorized { .. }
                | Error::NoIdentity
                | Error::Tls { .. }
        )
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Storage { reason: e.to_string() }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Storage { reason: format!("stored JSON: {e}") }
    }
}
