//! Stable 64-bit hashes of words: the same on every run, machine and Rust release, so
//! hashes can be stored (near-duplicate keys, clustering terms) and read back later.
//! `std`'s `DefaultHasher` makes no such promise.

/// A 64-bit finaliser (from SplitMix64): spreads every input bit over the output.
pub fn mix(mut value: u64) -> u64 {
    value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

/// A stable 64-bit hash of a word (FNV-1a, then mixed).
pub fn hash_word(word: &str) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for byte in word.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    mix(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_values() {
        // Stored hashes must never change: these values are part of the database format.
        assert_eq!(hash_word(""), mix(0xcbf2_9ce4_8422_2325));
        assert_eq!(hash_word("velmora"), hash_word("velmora"));
        assert_ne!(hash_word("velmora"), hash_word("Velmora"));
        assert_eq!(mix(0), 0);
    }
}
