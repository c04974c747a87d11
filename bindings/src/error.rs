//! The one error of the bindings: `HelplineException` in Kotlin, `HelplineError` in Swift.

use std::time::Duration;

use helpline_core as core;

/// Every failure of a Helpline call, typed so that the app can act on it.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum HelplineError {
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
    /// The ticket, comment or article does not exist, or is not the user's.
    #[error("{what} not found")]
    NotFound { what: String },
    /// Bad input, named by field; nothing was stored or sent.
    #[error("invalid {field}: {reason}")]
    Validation { field: String, reason: String },
    /// Too many requests; try again after `retry_after_ms` milliseconds.
    #[error("rate limited: retry after {retry_after_ms} ms")]
    RateLimited { retry_after_ms: u64 },
    /// The helpdesk failed (5xx) or refused the request for a reason the SDK cannot act on.
    #[error("helpdesk error {status}: {reason}")]
    Server { status: u16, reason: String },
    /// The helpdesk answered something that does not follow the contract.
    #[error("unexpected answer from the helpdesk: {reason}")]
    InvalidResponse { reason: String },
    /// The local database, or a file in the SDK's data directory, failed.
    #[error("local storage: {reason}")]
    Storage { reason: String },
    /// Another Helpline instance, in this process or another of the app, has the data
    /// directory open: one instance per directory.
    #[error("the data directory {path} is in use by another Helpline instance")]
    DataDirInUse { path: String },
    /// The database was written by a newer SDK (the app was downgraded); it is left untouched,
    /// with its unsent writes.
    #[error("the database has schema version {found}; this SDK knows up to {supported}")]
    SchemaTooNew { found: u32, supported: u32 },
    /// TLS could not be set up on this device.
    #[error("TLS set-up: {reason}")]
    Tls { reason: String },
    /// A fault of the SDK itself: a bug to report.
    #[error("internal error: {reason}")]
    Internal { reason: String },
    /// The ticket is closed and takes no more comments: write a follow-up instead.
    #[error("the ticket is closed; a follow-up ticket is needed")]
    TicketClosed,
    /// The SDK was shut down.
    #[error("the SDK was shut down")]
    Shutdown,
    /// The helpdesk switched this feature off for the app (remote settings): hide it.
    #[error("{feature} is switched off for this app by the helpdesk")]
    FeatureDisabled { feature: crate::Feature },
    /// A push payload that is not a well-formed Helpline push; nothing was done.
    #[error("not a valid Helpline push: {reason}")]
    InvalidPush { reason: String },
    /// A file is larger than the helpdesk takes (`max_attachment_size`); sizes in bytes.
    #[error("{file} is {size} bytes, over the attachment limit of {limit} bytes")]
    AttachmentTooLarge { file: String, size: u64, limit: u64 },
}

impl From<core::Error> for HelplineError {
    fn from(e: core::Error) -> Self {
        use core::Error as E;
        match e {
            E::Offline(reason) => Self::Offline { reason },
            E::Timeout => Self::Timeout,
            E::NoIdentity => Self::NoIdentity,
            E::Unauthorized(reason) => Self::Unauthorized { reason },
            E::NotFound { what } => Self::NotFound { what },
            E::Validation { field, reason } => Self::Validation { field, reason },
            E::RateLimited { retry_after } => Self::RateLimited { retry_after_ms: millis(retry_after) },
            E::Server { status, message } => Self::Server { status, reason: message },
            E::InvalidResponse(reason) => Self::InvalidResponse { reason },
            E::Storage(reason) => Self::Storage { reason },
            E::TicketClosed => Self::TicketClosed,
            E::Shutdown => Self::Shutdown,
            E::FeatureDisabled { feature } => Self::FeatureDisabled { feature: feature.into() },
            E::InvalidPush { reason } => Self::InvalidPush { reason },
            E::AttachmentTooLarge { file, size, limit } => Self::AttachmentTooLarge { file, size, limit },
            E::DataDirInUse { path } => Self::DataDirInUse { path },
            E::SchemaTooNew { found, supported } => Self::SchemaTooNew { found, supported },
            E::Tls(reason) => Self::Tls { reason },
            E::Internal(reason) => Self::Internal { reason },
            other => Self::Internal { reason: other.to_string() },
        }
    }
}

/// An exception of another type than `HelplineException` thrown by the app's `JwtProvider`.
impl From<uniffi::UnexpectedUniFFICallbackError> for HelplineError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Unauthorized { reason: e.reason }
    }
}

pub(crate) fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

pub(crate) type Result<T, E = HelplineError> = std::result::Result<T, E>;
