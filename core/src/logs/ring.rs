//! The latest records, bounded by count and by size: a ticket's log file is small.

use std::collections::VecDeque;
use std::sync::Mutex;

use super::LogRecord;

/// At most this many records...
const MAX_RECORDS: usize = 500;
/// ...and this many bytes of text (the oldest go first).
const MAX_BYTES: usize = 256 * 1024;

#[derive(Default)]
pub(super) struct Ring {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    records: VecDeque<LogRecord>,
    bytes: usize,
}

fn size(record: &LogRecord) -> usize {
    record.message.len() + record.target.len() + record.at.len() + 8
}

impl Ring {
    pub(super) fn push(&self, record: LogRecord) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.bytes += size(&record);
        inner.records.push_back(record);
        while inner.records.len() > MAX_RECORDS || inner.bytes > MAX_BYTES {
            match inner.records.pop_front() {
                Some(old) => inner.bytes -= size(&old),
                None => break,
            }
        }
    }

    pub(super) fn records(&self) -> Vec<LogRecord> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).records.iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LogLevel;

    fn record(i: usize, len: usize) -> LogRecord {
        LogRecord {
            level: LogLevel::Info,
            target: "t".into(),
            message: format!("{i} {}", "x".repeat(len)),
            at: "now".into(),
        }
    }

    #[test]
    fn the_oldest_go_past_the_count_or_the_size() {
        let ring = Ring::default();
        for i in 0..MAX_RECORDS + 10 {
            ring.push(record(i, 1));
        }
        let kept = ring.records();
        assert_eq!(kept.len(), MAX_RECORDS);
        assert!(kept[0].message.starts_with("10 "), "oldest first, the first ten gone");
        for i in 0..300 {
            ring.push(record(i, 1_000));
        }
        let total: usize = ring.records().iter().map(size).sum();
        assert!(total <= MAX_BYTES, "{total}");
        assert!(ring.records().last().unwrap().message.starts_with("299 "));
    }
}
