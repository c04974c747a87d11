//! The app sees signed numbers (Kotlin and Swift have no good unsigned ones); the wire and the
//! files have unsigned ones. These convert at that boundary, never panicking.

/// A number of the helpdesk's or of the device's (an id, a seq, a size: bounded in practice,
/// and ids by the protocol's parser) as the app sees it.
pub(crate) fn signed(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A count as the app sees it.
pub(crate) fn count(n: impl TryInto<i32>) -> i32 {
    n.try_into().unwrap_or(i32::MAX)
}

/// A number the app gave, as the helpdesk knows it: a negative one names nothing (0).
pub(crate) fn unsigned(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_numbers_saturate_or_name_nothing() {
        assert_eq!(signed(u64::MAX), i64::MAX);
        assert_eq!(signed(42), 42);
        assert_eq!(count(u64::MAX), i32::MAX);
        assert_eq!(count(7usize), 7);
        assert_eq!(unsigned(-1), 0);
        assert_eq!(unsigned(42), 42);
    }
}
