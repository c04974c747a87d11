//! The SDK's own log: its `tracing` records (target `helpline_core`) go to the app's logger, at
//! the level the app chose, and the latest are kept in memory for a ticket's log file
//! (`TicketDraft::attach_log`).
//!
//! Process-wide, like `tracing` itself: one logger, one ring for every SDK instance of the
//! process (an app has one). The SDK installs its own subscriber when the process has none (a
//! Kotlin or Swift app); a Rust app with a subscriber of its own adds [`log_layer`] to it.
//! Records never hold a token, a secret or what the user wrote: the SDK's log lines are written
//! so, and [`redact`] blanks what looks like a credential or quotes a long text anyway.

mod layer;
mod redact;
mod ring;

use std::sync::{Arc, OnceLock, RwLock};

pub use layer::{LogLayer, log_layer};
pub(crate) use redact::redact;

/// How much the SDK says, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    fn of(level: &tracing::Level) -> Self {
        match *level {
            tracing::Level::ERROR => LogLevel::Error,
            tracing::Level::WARN => LogLevel::Warn,
            tracing::Level::INFO => LogLevel::Info,
            tracing::Level::DEBUG => LogLevel::Debug,
            _ => LogLevel::Trace,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Error => "ERROR",
            LogLevel::Warn => "WARN",
            LogLevel::Info => "INFO",
            LogLevel::Debug => "DEBUG",
            LogLevel::Trace => "TRACE",
        }
    }
}

/// One record of the SDK's log.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LogRecord {
    pub level: LogLevel,
    /// The SDK's module that wrote it (`helpline_core::messaging::realtime`).
    pub target: String,
    /// The text, at most 1,024 characters, redacted.
    pub message: String,
    /// RFC 3339, UTC.
    pub at: String,
}

impl LogRecord {
    /// The record as one line of the log file.
    pub fn line(&self) -> String {
        format!("{} {:<5} {}: {}", self.at, self.level.as_str(), self.target, self.message)
    }
}

/// Where the app wants the SDK's records (its own logging: Logcat, `os_log`). Called on the
/// SDK's threads, as records come: return quickly, and never call the SDK from it.
pub trait Logger: Send + Sync {
    fn log(&self, record: LogRecord);
}

/// The app's logger and its level, and the ring of recent records.
struct Hub {
    logger: RwLock<Option<(Arc<dyn Logger>, LogLevel)>>,
    ring: ring::Ring,
}

fn hub() -> &'static Hub {
    static HUB: OnceLock<Hub> = OnceLock::new();
    HUB.get_or_init(|| Hub { logger: RwLock::new(None), ring: ring::Ring::default() })
}

/// The ring keeps this much detail whatever the app's level: enough to debug a ticket, not
/// the chatter of every request.
const RING_LEVEL: LogLevel = LogLevel::Info;

/// Sends the SDK's records at `level` and above (`Error` the least) to `logger`, or to nobody
/// (`None`). Process-wide; may be called before any SDK is opened, and again at any time.
pub fn set_logger(logger: Option<Arc<dyn Logger>>, level: LogLevel) {
    install();
    *hub().logger.write().unwrap_or_else(|p| p.into_inner()) = logger.map(|l| (l, level));
}

/// The SDK's latest records (at most 500, 256 KiB), oldest first: what a ticket's log file holds.
pub fn recent_log() -> Vec<LogRecord> {
    hub().ring.records()
}

/// The most detailed level anyone wants now (the ring's, or the app's if more).
fn wanted() -> LogLevel {
    let app = hub().logger.read().unwrap_or_else(|p| p.into_inner()).as_ref().map(|(_, level)| *level);
    app.map_or(RING_LEVEL, |level| level.max(RING_LEVEL))
}

/// A record of the SDK's: kept in the ring, and given to the app's logger if it wants it.
fn record(record: LogRecord) {
    let logger = hub().logger.read().unwrap_or_else(|p| p.into_inner()).clone();
    if let Some((logger, level)) = logger
        && record.level <= level
    {
        logger.log(record.clone());
    }
    if record.level <= RING_LEVEL {
        hub().ring.push(record);
    }
}

/// Makes the SDK's records reach the hub: its own subscriber when the process has none. A
/// process with one (a Rust app's) keeps it: that app adds [`log_layer`] to it.
pub(crate) fn install() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        use tracing_subscriber::layer::SubscriberExt;
        let subscriber = tracing_subscriber::registry().with(log_layer());
        // Err: the app has its own subscriber (then it is the app's to add the layer).
        let _ = tracing::subscriber::set_global_default(subscriber);
    });
}

/// The SDK's log as a text file for a ticket (`helpline-sdk-log.txt`), written in its own new
/// directory under `dir`; the directory goes when the returned guard is dropped.
pub(crate) fn write_file(dir: &std::path::Path, header: &str) -> crate::Result<LogFile> {
    let folder = dir.join(format!("log-{}", uuid::Uuid::new_v4()));
    let path = folder.join(LOG_FILE_NAME);
    let mut text = String::from(header);
    for record in recent_log() {
        text.push_str(&record.line());
        text.push('\n');
    }
    let storage = |e: std::io::Error| crate::Error::Storage { reason: format!("cannot write the log file: {e}") };
    std::fs::create_dir_all(&folder).map_err(storage)?;
    let guard = LogFile { folder, path };
    std::fs::write(&guard.path, text).map_err(storage)?;
    Ok(guard)
}

/// The name the agent sees.
pub const LOG_FILE_NAME: &str = "helpline-sdk-log.txt";

/// A log file written for a ticket; deleted with its directory once dropped (the SDK keeps its
/// own copy of an attachment).
pub(crate) struct LogFile {
    folder: std::path::PathBuf,
    pub(crate) path: std::path::PathBuf,
}

impl Drop for LogFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Collect(Mutex<Vec<LogRecord>>);

    impl Logger for Collect {
        fn log(&self, record: LogRecord) {
            self.0.lock().unwrap().push(record);
        }
    }

    #[test]
    fn the_app_hears_its_level_and_the_ring_keeps_info_and_above() {
        let app = Arc::new(Collect::default());
        set_logger(Some(app.clone()), LogLevel::Debug);
        tracing::debug!("unit-test debug line");
        tracing::info!("unit-test info line");
        tracing::trace!("unit-test trace line");
        let heard: Vec<String> = app.0.lock().unwrap().iter().map(|r| r.message.clone()).collect();
        assert!(heard.contains(&"unit-test debug line".to_owned()), "{heard:?}");
        assert!(heard.contains(&"unit-test info line".to_owned()));
        assert!(!heard.iter().any(|m| m.contains("trace line")), "below the app's level");
        let kept: Vec<String> = recent_log().into_iter().map(|r| r.message).collect();
        assert!(kept.contains(&"unit-test info line".to_owned()));
        assert!(!kept.iter().any(|m| m.contains("unit-test debug")), "the ring keeps info and above");

        set_logger(Some(app.clone()), LogLevel::Error);
        tracing::warn!("unit-test warn line");
        assert!(!app.0.lock().unwrap().iter().any(|r| r.message.contains("warn line")), "the level changed at once");
        set_logger(None, LogLevel::Error);
    }

    #[test]
    fn the_log_file_is_written_and_goes_with_its_guard() {
        let dir = std::env::temp_dir().join(format!("helpline-log-{}", uuid::Uuid::new_v4()));
        let file = write_file(&dir, "Helpline SDK test\n").unwrap();
        let text = std::fs::read_to_string(&file.path).unwrap();
        assert!(text.starts_with("Helpline SDK test\n"));
        assert_eq!(file.path.file_name().unwrap(), LOG_FILE_NAME);
        let folder = file.path.parent().unwrap().to_path_buf();
        drop(file);
        assert!(!folder.exists());
        let _ = std::fs::remove_dir_all(dir);
    }
}
