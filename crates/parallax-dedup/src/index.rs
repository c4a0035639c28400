//! The fingerprint index: the state dedup keeps between articles, so a new article can
//! find the earlier ones it may copy. The store implements [`FingerprintIndex`] so the
//! index survives restarts and is shared by workers; [`MemoryIndex`] is a compact
//! in-memory implementation for benchmarks, tests and one-off runs.

use std::collections::HashMap;
use std::convert::Infallible;

use parallax_core::ArticleId;

use crate::Fingerprint;

/// An earlier article that shares index keys with a new one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The earlier article.
    pub article: ArticleId,
    /// How many keys the two share.
    pub shared_keys: u32,
}

/// Where dedup looks up and records fingerprints.
///
/// # Invariants
/// - `find_exact` returns the *first* article recorded with that exact hash, so copies
///   point at the earliest source.
/// - `candidates` ranks by shared keys, most first, then oldest first, and never returns
///   more than `limit`.
/// - Recording an article already recorded changes nothing (the pipeline never records
///   one twice; stores enforce it with a key).
pub trait FingerprintIndex {
    /// The index's error.
    type Error: std::error::Error + Send + Sync + 'static;

    /// The earliest article recorded with exactly this text.
    fn find_exact(&mut self, fingerprint: &Fingerprint) -> Result<Option<ArticleId>, Self::Error>;

    /// Earlier articles sharing index keys with `fingerprint`.
    fn candidates(
        &mut self,
        fingerprint: &Fingerprint,
        limit: usize,
    ) -> Result<Vec<Candidate>, Self::Error>;

    /// Records `article`'s fingerprint.
    fn record(&mut self, article: &ArticleId, fingerprint: &Fingerprint)
    -> Result<(), Self::Error>;
}

/// No posting: the end of a chain.
const END: u32 = u32::MAX;
/// How many of the newest postings of one key are followed: a key shared by thousands of
/// articles (a boilerplate sentence) says little, and must not make lookups slow.
const MAX_CHAIN: usize = 256;

/// One key of one article, chained to the previous article with the same key.
#[derive(Clone, Copy, Debug)]
struct Posting {
    article: u32,
    previous: u32,
}

/// A fingerprint index in memory, about 0.7 KB per article: keys are folded to 32 bits
/// (a collision only adds a candidate, which alignment then rejects) and each key maps to
/// the newest posting, which chains to older ones.
#[derive(Debug, Default)]
pub struct MemoryIndex {
    heads: HashMap<u32, u32>,
    postings: Vec<Posting>,
    articles: Vec<ArticleId>,
    exact: HashMap<u32, u32>,
}

impl MemoryIndex {
    /// Articles recorded.
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// Bytes the index holds on the heap (its tables' capacity, not just their use).
    pub fn heap_bytes(&self) -> usize {
        let table = |capacity: usize| capacity * (2 * size_of::<u32>() + 1);
        table(self.heads.capacity())
            + table(self.exact.capacity())
            + self.postings.capacity() * size_of::<Posting>()
            + self.articles.capacity() * size_of::<ArticleId>()
            + self
                .articles
                .iter()
                .map(|id| id.as_str().len())
                .sum::<usize>()
    }

    fn fold(key: u64) -> u32 {
        (key ^ (key >> 32)) as u32
    }
}

impl FingerprintIndex for MemoryIndex {
    type Error = Infallible;

    fn find_exact(&mut self, fingerprint: &Fingerprint) -> Result<Option<ArticleId>, Infallible> {
        let key =
            Self::fold(u64::from_str_radix(&fingerprint.exact.as_str()[..16], 16).unwrap_or(0));
        Ok(self
            .exact
            .get(&key)
            .map(|&article| self.articles[article as usize].clone()))
    }

    fn candidates(
        &mut self,
        fingerprint: &Fingerprint,
        limit: usize,
    ) -> Result<Vec<Candidate>, Infallible> {
        let mut shared: HashMap<u32, u32> = HashMap::new();
        let mut keys: Vec<u32> = fingerprint
            .keys
            .iter()
            .map(|&key| Self::fold(key))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            let mut at = self.heads.get(&key).copied().unwrap_or(END);
            let mut followed = 0;
            while at != END && followed < MAX_CHAIN {
                followed += 1;
                let posting = self.postings[at as usize];
                *shared.entry(posting.article).or_default() += 1;
                at = posting.previous;
            }
        }
        let mut ranked: Vec<(u32, u32)> = shared.into_iter().collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);
        Ok(ranked
            .into_iter()
            .map(|(article, shared_keys)| Candidate {
                article: self.articles[article as usize].clone(),
                shared_keys,
            })
            .collect())
    }

    fn record(&mut self, article: &ArticleId, fingerprint: &Fingerprint) -> Result<(), Infallible> {
        if self.articles.last() == Some(article) {
            return Ok(());
        }
        let index = self.articles.len() as u32;
        self.articles.push(article.clone());
        let exact =
            Self::fold(u64::from_str_radix(&fingerprint.exact.as_str()[..16], 16).unwrap_or(0));
        self.exact.entry(exact).or_insert(index);
        let mut keys: Vec<u32> = fingerprint
            .keys
            .iter()
            .map(|&key| Self::fold(key))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            let previous = self
                .heads
                .insert(key, self.postings.len() as u32)
                .unwrap_or(END);
            self.postings.push(Posting {
                article: index,
                previous,
            });
        }
        Ok(())
    }
}
