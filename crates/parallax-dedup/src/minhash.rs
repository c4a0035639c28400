//! MinHash and LSH banding, written here rather than taken from a crate because the
//! index is the core of dedup: its band keys must be stable across runs and machines (so
//! the store can keep them and several workers share them), compact (a few bytes per key)
//! and cheap to compute. The crates we measured keep their index in memory only.
//!
//! A signature is the minimum, over an article's content words, of `BANDS × ROWS` hash
//! permutations; LSH splits it into `BANDS` bands of `ROWS` values and hashes each band to
//! one key. Two articles whose word sets have Jaccard similarity `s` share at least one
//! band key with probability `1 - (1 - s^ROWS)^BANDS`: about 0.63 at s = 0.2, 0.90 at
//! 0.3, 0.985 at 0.4 — low on purpose, since rewrites keep only part of their source's
//! words; sentence alignment, not the index, decides what is a copy.

/// Bands of the signature.
pub(crate) const BANDS: usize = 24;
/// Values per band.
pub(crate) const ROWS: usize = 2;
const PERMUTATIONS: usize = BANDS * ROWS;

/// Computes signatures and band keys with fixed permutations.
#[derive(Clone, Debug)]
pub(crate) struct MinHasher {
    multipliers: [u64; PERMUTATIONS],
    offsets: [u64; PERMUTATIONS],
}

impl Default for MinHasher {
    fn default() -> Self {
        let mut state = 0x5eed_0f_9a7a_11a3_u64;
        let mut multipliers = [0u64; PERMUTATIONS];
        let mut offsets = [0u64; PERMUTATIONS];
        for (multiplier, offset) in multipliers.iter_mut().zip(offsets.iter_mut()) {
            *multiplier = splitmix64(&mut state) | 1;
            *offset = splitmix64(&mut state);
        }
        Self {
            multipliers,
            offsets,
        }
    }
}

impl MinHasher {
    /// The signature of a set of word hashes (duplicates do not matter).
    pub(crate) fn signature(&self, words: &[u64]) -> [u32; PERMUTATIONS] {
        let mut signature = [u32::MAX; PERMUTATIONS];
        for &word in words {
            for (slot, (multiplier, offset)) in signature
                .iter_mut()
                .zip(self.multipliers.iter().zip(self.offsets.iter()))
            {
                let permuted = (word.wrapping_mul(*multiplier).wrapping_add(*offset) >> 32) as u32;
                *slot = (*slot).min(permuted);
            }
        }
        signature
    }

    /// One key per band of `signature`; an empty word set has no keys.
    pub(crate) fn band_keys(&self, signature: &[u32; PERMUTATIONS]) -> Vec<u64> {
        if signature[0] == u32::MAX {
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

/// SplitMix64: a fixed, well-spread sequence for the permutation constants.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    mix(*state)
}

/// A 64-bit finaliser (from SplitMix64): spreads every input bit over the output.
pub(crate) fn mix(mut value: u64) -> u64 {
    value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

/// A stable 64-bit hash of a word (FNV-1a, then mixed).
pub(crate) fn hash_word(word: &str) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for byte in word.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    mix(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<u64> {
        text.split_whitespace().map(hash_word).collect()
    }

    #[test]
    fn identical_sets_share_every_band_and_disjoint_sets_none() {
        let hasher = MinHasher::default();
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
        let hasher = MinHasher::default();
        let base: Vec<u64> = (0..200).map(|i| hash_word(&format!("w{i}"))).collect();
        let half: Vec<u64> = (100..300).map(|i| hash_word(&format!("w{i}"))).collect();
        let (x, y) = (hasher.signature(&base), hasher.signature(&half));
        let agree = x.iter().zip(&y).filter(|(a, b)| a == b).count() as f64 / PERMUTATIONS as f64;
        assert!((agree - 1.0 / 3.0).abs() < 0.15, "{agree}");
    }
}
