//! Lowercase, without diacritics: how FTS5's `unicode61 remove_diacritics 2` sees a word.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// "Résiliation" -> "resiliation".
pub fn fold(word: &str) -> String {
    word.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diacritics_and_case_go() {
        assert_eq!(fold("Résiliation"), "resiliation");
        assert_eq!(fold("pièces"), "pieces");
        assert_eq!(fold("ÇA"), "ca");
        assert_eq!(fold("日本語"), "日本語");
    }
}
