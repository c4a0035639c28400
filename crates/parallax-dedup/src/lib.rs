//! Dedup and lineage: for each new [`Article`](parallax_core::Article), whether it copies one already seen, and
//! which. This first cut finds exact duplicates — the same text once case, punctuation
//! and white space are normalised away — and marks them `repost` of the earliest
//! article with that text; near duplicates, rewrites and translations come with MinHash
//! and sentence alignment.
//!
//! State lives behind [`FingerprintIndex`], which the store implements; [`MemoryIndex`]
//! serves tests and one-off runs.
//!
//! ```
//! use parallax_dedup::{Deduplicator, FingerprintIndex, MemoryIndex, TextFingerprint};
//! use parallax_core::{ArticleId, ContentHash, LineageKind};
//!
//! let mut index = MemoryIndex::default();
//! let first = ArticleId::derive("a.txt", &ContentHash::of(b"1"));
//! let copy = ArticleId::derive("b.txt", &ContentHash::of(b"2"));
//! let dedup = Deduplicator::default();
//! let fingerprint = TextFingerprint::of("Putin met Sharaa.");
//! assert_eq!(dedup.lineage(&fingerprint, &mut index).unwrap().kind, LineageKind::Original);
//! index.record(&first, &fingerprint).unwrap();
//! let again = TextFingerprint::of("PUTIN met   Sharaa!");
//! let lineage = dedup.lineage(&again, &mut index).unwrap();
//! assert_eq!((lineage.kind, lineage.of), (LineageKind::Repost, Some(first)));
//! ```

mod fingerprint;
mod index;

pub use fingerprint::TextFingerprint;
pub use index::{FingerprintIndex, MemoryIndex};

use parallax_core::{Lineage, LineageKind};

/// Decides each article's lineage against the articles indexed before it.
#[derive(Clone, Debug, Default)]
pub struct Deduplicator;

impl Deduplicator {
    /// The lineage of an article with `fingerprint`, given what `index` has seen.
    pub fn lineage<I: FingerprintIndex + ?Sized>(
        &self,
        fingerprint: &TextFingerprint,
        index: &mut I,
    ) -> Result<Lineage, I::Error> {
        Ok(match index.find_exact(fingerprint)? {
            Some(source) => Lineage {
                kind: LineageKind::Repost,
                of: Some(source),
                similarity: 1.0,
            },
            None => Lineage::original(),
        })
    }
}
