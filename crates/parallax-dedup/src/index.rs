//! The fingerprint index: the state dedup keeps between articles. The store implements
//! it so the index survives restarts; [`MemoryIndex`] keeps it in memory.

use std::collections::HashMap;
use std::convert::Infallible;

use parallax_core::ArticleId;

use crate::TextFingerprint;

/// Where dedup looks up and records fingerprints.
///
/// # Invariants
/// - `find_exact` returns the *first* article recorded with that fingerprint, so copies
///   point at the earliest source.
/// - Recording is idempotent: recording the same article twice changes nothing.
pub trait FingerprintIndex {
    /// The index's error.
    type Error: std::error::Error + Send + Sync + 'static;

    /// The earliest article recorded with exactly this fingerprint.
    fn find_exact(
        &mut self,
        fingerprint: &TextFingerprint,
    ) -> Result<Option<ArticleId>, Self::Error>;

    /// Records `article`'s fingerprint.
    fn record(
        &mut self,
        article: &ArticleId,
        fingerprint: &TextFingerprint,
    ) -> Result<(), Self::Error>;
}

/// A fingerprint index in memory.
#[derive(Debug, Default)]
pub struct MemoryIndex {
    exact: HashMap<TextFingerprint, ArticleId>,
}

impl FingerprintIndex for MemoryIndex {
    type Error = Infallible;

    fn find_exact(
        &mut self,
        fingerprint: &TextFingerprint,
    ) -> Result<Option<ArticleId>, Infallible> {
        Ok(self.exact.get(fingerprint).cloned())
    }

    fn record(
        &mut self,
        article: &ArticleId,
        fingerprint: &TextFingerprint,
    ) -> Result<(), Infallible> {
        self.exact
            .entry(fingerprint.clone())
            .or_insert_with(|| article.clone());
        Ok(())
    }
}
