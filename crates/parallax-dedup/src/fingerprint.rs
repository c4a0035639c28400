//! Fingerprints: what dedup remembers of an article's text to recognise copies.

use parallax_core::ContentHash;

/// The hash of an article's text with case, punctuation and white space normalised away,
/// so copies that differ only in those count as identical.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TextFingerprint {
    /// Hash of the normalised text.
    pub exact: ContentHash,
}

impl TextFingerprint {
    /// The fingerprint of `text`.
    pub fn of(text: &str) -> Self {
        Self {
            exact: ContentHash::of(normalise(text).as_bytes()),
        }
    }
}

/// Lowercase words of letters and digits, joined by single spaces.
fn normalise(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_ignores_case_punctuation_and_spacing() {
        assert_eq!(
            TextFingerprint::of("Hello,  World!\n\nBye."),
            TextFingerprint::of("hello world bye")
        );
        assert_ne!(
            TextFingerprint::of("hello world"),
            TextFingerprint::of("hello word")
        );
    }
}
