//! MinHash and LSH banding, written here rather than taken from a crate because the
//! index is the core of dedup: its band keys must be stable across runs and machines (so
//! the store can keep them and several workers share them), compact (a few bytes per key)
//! and cheap to compute. The crates we measured keep their index in memory only.
//!
//! A signature is a one-permutation MinHash (Li, Owen & Zhang 2012) densified as in
//! Shrivastava 2017: each content word is hashed once into one of `SLOTS` bins, each bin
//! keeps its smallest hash, and empty bins borrow from a pseudo-randomly chosen full one.
//! Two signatures agree in a slot with probability close to the Jaccard similarity of the
//! word sets, at the cost of one hash per word instead of one per word and slot. LSH splits
//! the signature into `BANDS` bands of `ROWS` slots and hashes each band to one key. Two
//! articles whose word sets have Jaccard similarity `s` share at least one band key with
//! probability `1 - (1 - s^ROWS)^BANDS`: about 0.58 at s = 0.3, 0.88 at 0.4, 0.986 at
//! 0.5 — low on purpose, since rewrites keep only part of their source's words; the
//! estimated similarity ranks candidates, and sentence alignment decides what is a copy.

/// Bands of the signature.
pub(crate) const BANDS: usize = 32;
/// Slots per band.
pub(crate) const ROWS: usize = 3;
/// Slots of a signature.
pub(crate) const SLOTS: usize = BANDS * ROWS;
/// An empty slot (no word fell in its bin).
const EMPTY: u32 = u32::MAX;
/// Seeds the word-to-bin hash.
const BIN_SEED: u64 = 0x005e_ed0f_9a7a_11a3;

/// Computes signatures and band keys.
#[derive(Clone, Debug, Default)]
pub(crate) struct MinHasher;

impl MinHasher {
    /// The signature of a set of word hashes (duplicates do not matter); all slots empty
    /// for an empty set.
    pub(crate) fn signature(&self, words: &[u64]) -> [u32; SLOTS] {
        let mut bins = [EMPTY; SLOTS];
        for &word in words {
            let hash = mix(word ^ BIN_SEED);
            let bin = (((hash >> 32) * SLOTS as u64) >> 32) as usize;
            let value = (hash as u32).min(EMPTY - 1);
            if value < bins[bin] {
                bins[bin] = value;
            }
        }
        densify(&bins)
    }

    /// One key per band of `signature`; an empty word set has no keys.
    pub(crate) fn band_keys(&self, signature: &[u32; SLOTS]) -> Vec<u64> {
        if signature[0] == EMPTY {
            return Vec::new();
        }
        signature
            .chunks_exact(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut key = mix(band as u64 ^ 0xba4d_0000);
                for &row in rows {
                    key = mix(key ^ u64::from(row));
                }
                key
            })
            .collect()
    }
}

/// Fills each empty bin from a full bin chosen by a hash of the empty bin's index and an
/// attempt counter, so two sets fill the same empty bin from the same full bin whenever
/// both have it full: the property that keeps slot agreement an estimate of Jaccard.
fn densify(bins: &[u32; SLOTS]) -> [u32; SLOTS] {
    if bins.iter().all(|&bin| bin == EMPTY) {
        return *bins;
    }
    let mut filled = *bins;
    for (slot, value) in filled.iter_mut().enumerate() {
        let mut attempt = 0u64;
        while *value == EMPTY {
            attempt += 1;
            let donor = mix(((slot as u64) << 32) ^ attempt ^ 0xd0e5) % SLOTS as u64;
            *value = bins[donor as usize];
        }
    }
    filled
}

/// The share of slots in which two signatures agree: an estimate of the Jaccard
/// similarity of their word sets.
pub(crate) fn agreement(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len() as f64
}

pub(crate) use parallax_core::hashing::{hash_word, mix};

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<u64> {
        text.split_whitespace().map(hash_word).collect()
    }

    #[test]
    fn identical_sets_share_every_band_and_disjoint_sets_none() {
        let hasher = MinHasher;
        let a = hasher.band_keys(&hasher.signature(&words("quake velmora rescue rubble mayor")));
        let b =
            hasher.band_keys(&hasher.signature(&words("mayor rubble rescue velmora quake quake")));
        let c =
            hasher.band_keys(&hasher.signature(&words("treaty ostra river ministers norhaven")));
        assert_eq!(a.len(), BANDS);
        assert_eq!(a, b);
        assert!(a.iter().all(|key| !c.contains(key)));
        assert!(hasher.band_keys(&hasher.signature(&[])).is_empty());
    }

    #[test]
    fn signature_agreement_estimates_jaccard() {
        let hasher = MinHasher;
        let base: Vec<u64> = (0..200).map(|i| hash_word(&format!("w{i}"))).collect();
        let half: Vec<u64> = (100..300).map(|i| hash_word(&format!("w{i}"))).collect();
        let (x, y) = (hasher.signature(&base), hasher.signature(&half));
        let agree = agreement(&x, &y);
        assert!((agree - 1.0 / 3.0).abs() < 0.15, "{agree}");
        assert_eq!(agreement(&x, &x), 1.0);
        assert!(x.iter().all(|&slot| slot != EMPTY), "densified");
    }
}
