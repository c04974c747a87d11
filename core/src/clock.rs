//! Wall-clock time as the contract writes it: RFC 3339 UTC with whole seconds.

use std::time::{Duration, SystemTime};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Now, in whole seconds: as it will read back from the store.
pub(crate) fn now_whole_seconds() -> SystemTime {
    time_of(&now_rfc3339())
}

pub(crate) fn now_rfc3339() -> String {
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    now.format(&Rfc3339).unwrap_or_default()
}

/// A time the helpdesk or the store wrote (RFC 3339), as the app sees it (`Instant` in Kotlin,
/// `Date` in Swift). An unreadable one is the Unix epoch: shown as long ago and sorted first,
/// rather than failing the record that carries it.
pub(crate) fn time_of(rfc3339: &str) -> SystemTime {
    OffsetDateTime::parse(rfc3339, &Rfc3339).map_or(SystemTime::UNIX_EPOCH, SystemTime::from)
}

/// A column holding an RFC 3339 time, read as a time (see `time_of`).
pub(crate) fn time_column(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<SystemTime> {
    Ok(time_of(&row.get::<_, String>(index)?))
}

/// A time as the store and the contract write it: RFC 3339 UTC, whole seconds.
pub(crate) fn rfc3339_of(at: SystemTime) -> String {
    let at = OffsetDateTime::from(at).replace_nanosecond(0).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    at.format(&Rfc3339).unwrap_or_default()
}

/// Milliseconds since the Unix epoch (the SDK's own schedules) as a time.
pub(crate) fn time_of_ms(ms: i64) -> SystemTime {
    let since = Duration::from_millis(ms.unsigned_abs());
    let at =
        if ms >= 0 { SystemTime::UNIX_EPOCH.checked_add(since) } else { SystemTime::UNIX_EPOCH.checked_sub(since) };
    at.unwrap_or(SystemTime::UNIX_EPOCH)
}

/// Milliseconds since the Unix epoch, for scheduling retries.
pub(crate) fn now_unix_ms() -> i64 {
    (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// Where the SDK reads the time for rules that span days (the rating prompt): the system
/// clock, or a clock a test moves by hand (see `Helpline::open_with_clock`).
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
}

/// The wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        now_unix_ms()
    }
}

/// A clock that moves only when told to: for deterministic tests of time-based rules.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct ManualClock {
    now_ms: std::sync::atomic::AtomicI64,
}

#[doc(hidden)]
impl ManualClock {
    pub fn new(now_ms: i64) -> Self {
        Self { now_ms: std::sync::atomic::AtomicI64::new(now_ms) }
    }

    pub fn set(&self, now_ms: i64) {
        self.now_ms.store(now_ms, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn advance(&self, by: std::time::Duration) {
        let by = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.now_ms.fetch_add(by, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.now_ms.load(std::sync::atomic::Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_from_text_or_milliseconds_and_an_unreadable_one_is_the_epoch() {
        let at = time_of("2026-12-04T10:00:00Z");
        assert_eq!(at.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs(), 1_796_378_400);
        assert_eq!(time_of("2026-12-04T11:00:00+01:00"), at, "offsets are honoured");
        assert_eq!(time_of("yesterday"), SystemTime::UNIX_EPOCH);
        assert_eq!(time_of_ms(1_796_378_400_000), at);
        assert!(time_of_ms(-1_000) < SystemTime::UNIX_EPOCH, "before 1970 too");
        let _ = (time_of_ms(i64::MIN), time_of_ms(i64::MAX)); // never a panic
    }
}
