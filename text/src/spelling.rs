//! Misspellings: a word the index does not hold is matched to the closest one it does.

/// The candidate closest to `word` within the edits its length allows (one for words of
/// 4 to 7 letters, two from 8), sharing its first letter (misspellings rarely start wrong,
/// and it keeps "card" from becoming "hard"). Ties go to the first candidate.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = word.chars().count();
    let allowed = match length {
        0..=3 => return None,
        4..=7 => 1,
        _ => 2,
    };
    let first = word.chars().next()?;
    let mut best: Option<(&str, usize)> = None;
    for candidate in candidates {
        if candidate == word || !candidate.starts_with(first) || candidate.chars().count().abs_diff(length) > allowed {
            continue;
        }
        let distance = strsim::damerau_levenshtein(word, candidate);
        if distance <= allowed && best.is_none_or(|(_, d)| distance < d) {
            best = Some((candidate, distance));
        }
    }
    best.map(|(candidate, _)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_words_stand_in_far_ones_do_not() {
        let vocabulary = ["password", "passport", "reset", "card", "hard", "notifications"];
        assert_eq!(closest("pasword", vocabulary), Some("password"));
        assert_eq!(closest("notfications", vocabulary), Some("notifications"));
        assert_eq!(closest("card", vocabulary), None, "a word the index holds is not misspelt");
        assert_eq!(closest("bard", vocabulary), None, "not from another first letter");
        assert_eq!(closest("xyz", vocabulary), None, "too short to guess");
        assert_eq!(closest("pizza", vocabulary), None);
    }
}
