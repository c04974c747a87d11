//! The SDK's log, for the app: its records to the app's logger (Logcat, `os_log`) at the level
//! the app sets. Process-wide, like the log itself.

use std::sync::Arc;

use helpline_core::{self as core, LogLevel, LogRecord};

/// Implemented by the app: receives the SDK's records (never a token, nor what the user wrote).
/// Called on the SDK's threads as records come: return quickly, never call the SDK from it.
/// Android's `LogcatLogger` and iOS's `OSLogLogger` ship with the SDK.
#[uniffi::export(foreign)]
pub trait HelplineLogger: Send + Sync {
    fn log(&self, record: LogRecord);
}

struct ForeignLogger(Arc<dyn HelplineLogger>);

impl core::Logger for ForeignLogger {
    fn log(&self, record: LogRecord) {
        self.0.log(record);
    }
}

/// Sends the SDK's records at `level` and above (`ERROR` the least) to `logger`, or to nobody
/// (`null`/`nil`). May be called before `Helpline.open`, and again at any time.
#[uniffi::export]
pub fn set_logger(logger: Option<Arc<dyn HelplineLogger>>, level: LogLevel) {
    core::set_logger(logger.map(|l| Arc::new(ForeignLogger(l)) as Arc<dyn core::Logger>), level);
}

/// The SDK's latest records (info and above, at most 500), oldest first: what
/// `TicketDraft.attachLog` attaches.
#[uniffi::export]
pub fn recent_log() -> Vec<LogRecord> {
    core::recent_log()
}
