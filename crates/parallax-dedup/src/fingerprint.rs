//! Fingerprints: what dedup remembers of an article to find its copies later — a hash of
//! the normalised text for exact copies, and index keys for near copies: MinHash band keys
//! over the content words, and keys of a sample of whole sentences, so that a short
//! repost of a long article (small Jaccard, full containment) still meets its source.

use parallax_core::ContentHash;
use parallax_core::text::{is_stopword, sentences, words};

use crate::minhash::{MinHasher, agreement, hash_word, mix};

/// Sentences with fewer words are not sampled for keys.
const MIN_KEY_SENTENCE_WORDS: usize = 6;
/// At most this many sentence keys per article.
const MAX_SENTENCE_KEYS: usize = 2;
/// A sentence is sampled when its hash is divisible by this.
const SENTENCE_SAMPLE_MODULUS: u64 = 2;

/// What dedup keeps of one article's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    /// Hash of the text with case, punctuation and white space normalised away.
    pub exact: ContentHash,
    /// Index keys: MinHash band keys, then sampled sentence keys.
    pub keys: Vec<u64>,
    /// The MinHash signature of the content words (48 slots; empty for a text without any).
    pub signature: Vec<u32>,
}

impl Fingerprint {
    /// The estimated Jaccard similarity of this text's content words with those of the
    /// text whose signature is `other` (0 when either has none).
    pub fn similarity(&self, other: &[u32]) -> f64 {
        agreement(&self.signature, other)
    }
}

/// Computes fingerprints.
#[derive(Clone, Debug, Default)]
pub struct Fingerprinter {
    hasher: MinHasher,
}

impl Fingerprinter {
    /// The fingerprint of `text`.
    pub fn fingerprint(&self, text: &str) -> Fingerprint {
        let (content, exact, sentence_keys) = Self::parts(text);
        self.fingerprint_words(&content, exact, sentence_keys)
    }

    /// The fingerprint from its parts: the text's content words (as
    /// [`Fingerprinter::parts`] gives them), its exact hash, and its sentence keys.
    /// [`Fingerprinter::fingerprint`] is this after tokenising; benchmarks call it to time
    /// the index apart from tokenising.
    pub fn fingerprint_words<S: AsRef<str>>(
        &self,
        content_words: &[S],
        exact: ContentHash,
        sentence_keys: Vec<u64>,
    ) -> Fingerprint {
        let hashes: Vec<u64> = content_words
            .iter()
            .map(|word| hash_word(word.as_ref()))
            .collect();
        let signature = self.hasher.signature(&hashes);
        let mut keys = self.hasher.band_keys(&signature);
        keys.extend(sentence_keys);
        let signature = if keys.is_empty() && hashes.is_empty() {
            Vec::new()
        } else {
            signature.to_vec()
        };
        Fingerprint {
            exact,
            keys,
            signature,
        }
    }

    /// The parts [`Fingerprinter::fingerprint_words`] takes: the distinct content words of
    /// `text` (lowercase, stop words and one-letter words left out, sorted), its exact hash
    /// and its sentence keys.
    pub fn parts(text: &str) -> (Vec<String>, ContentHash, Vec<u64>) {
        let normalised: Vec<String> = words(text).collect();
        let exact = ContentHash::of(normalised.join(" ").as_bytes());
        (
            content_words(&normalised),
            exact,
            sentence_keys(text).collect(),
        )
    }
}

/// The distinct content words among `words`, sorted.
fn content_words(words: &[String]) -> Vec<String> {
    let mut content: Vec<String> = words
        .iter()
        .filter(|word| word.chars().count() > 1 && !is_stopword(word))
        .cloned()
        .collect();
    content.sort_unstable();
    content.dedup();
    content
}

/// Keys of a deterministic sample of the text's longer sentences.
fn sentence_keys(text: &str) -> impl Iterator<Item = u64> + '_ {
    sentences(text)
        .into_iter()
        .filter_map(|sentence| {
            let words: Vec<String> = words(sentence).collect();
            (words.len() >= MIN_KEY_SENTENCE_WORDS)
                .then(|| mix(hash_word(&words.join(" ")) ^ 0x5e47_e4ce))
        })
        .filter(|key| key % SENTENCE_SAMPLE_MODULUS == 0)
        .take(MAX_SENTENCE_KEYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "A strong earthquake struck the coastal town of Velmora early on Wednesday. \
        Rescuers searched the rubble of collapsed homes through the night, the mayor said. \
        At least twelve people were killed and dozens more were injured in the quake. \
        The regional government sent soldiers and heavy equipment to help the search. \
        Aftershocks continued to rattle the town into the afternoon, officials said.";

    #[test]
    fn exact_hash_ignores_case_and_punctuation() {
        let fingerprinter = Fingerprinter::default();
        let shouted = TEXT.to_uppercase().replace('.', "!");
        assert_eq!(
            fingerprinter.fingerprint(TEXT).exact,
            fingerprinter.fingerprint(&shouted).exact
        );
    }

    #[test]
    fn a_trimmed_copy_shares_keys_with_its_source() {
        let fingerprinter = Fingerprinter::default();
        let full = fingerprinter.fingerprint(TEXT);
        let trimmed = fingerprinter.fingerprint(&TEXT[..TEXT.find("The regional").unwrap()]);
        assert!(trimmed.keys.iter().any(|key| full.keys.contains(key)));
        let other = fingerprinter.fingerprint("Ministers from Aldoria and Belmark signed the Ostra river treaty in Norhaven on Tuesday.");
        assert!(!other.keys.iter().any(|key| full.keys.contains(key)));
    }
}
