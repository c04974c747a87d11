//! Timestamps: stored as unix microseconds so that order is exact even within one second,
//! shown on the wire as RFC 3339 UTC with whole seconds (`2026-11-24T19:22:00Z`).

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Microseconds since the unix epoch, as stored in SQLite.
pub(crate) fn now_micros() -> i64 {
    (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000) as i64
}

/// Seconds since the unix epoch (JWT `iat`/`exp`).
pub(crate) fn now_unix() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Where seeded content spanning `span` micros starts: the `fixed` date, so that the data is
/// the same on every run, unless the clock is so far behind that the content would not yet be
/// a day old; then early enough that it is. Seeded data never looks just written.
pub(crate) fn past_anchor(fixed: i64, span: i64) -> i64 {
    const DAY_MICROS: i64 = 86_400_000_000;
    fixed.min(now_micros() - DAY_MICROS - span.max(0))
}

/// Wire form of a stored timestamp, truncated to the second.
pub(crate) fn rfc3339(micros: i64) -> String {
    OffsetDateTime::from_unix_timestamp(micros.div_euclid(1_000_000))
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

/// Parses an RFC 3339 time (any offset) into stored microseconds.
pub(crate) fn parse_rfc3339(s: &str) -> Option<i64> {
    let t = OffsetDateTime::parse(s, &Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_whole_seconds_in_utc() {
        let micros = parse_rfc3339("2026-11-24T20:22:00.750+01:00").unwrap();
        assert_eq!(rfc3339(micros), "2026-11-24T19:22:00Z");
        assert_eq!(parse_rfc3339("yesterday"), None);
    }
}
