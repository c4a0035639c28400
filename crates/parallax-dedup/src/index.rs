//! The fingerprint index: the state dedup keeps between articles, so a new article can
//! find the earlier ones it may copy. The store implements [`FingerprintIndex`] so the
//! index survives restarts and is shared by workers; [`MemoryIndex`] is a compact
//! in-memory implementation for benchmarks, tests and one-off runs.

use std::collections::HashMap;
use std::convert::Infallible;
use std::hash::{BuildHasherDefault, Hasher};

use parallax_core::ArticleId;

use crate::Fingerprint;
use crate::minhash::SLOTS;

/// Candidates whose estimated similarity is below this, and that share fewer than
/// [`MIN_SHARED_KEYS_WHEN_DISSIMILAR`] keys, are dropped: a common word pair or one
/// shared sentence does not make a copy.
pub const MIN_CANDIDATE_SIMILARITY: f64 = 0.1;
/// See [`MIN_CANDIDATE_SIMILARITY`].
pub const MIN_SHARED_KEYS_WHEN_DISSIMILAR: u32 = 2;

/// An earlier article that shares index keys with a new one.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The earlier article.
    pub article: ArticleId,
    /// How many keys the two share.
    pub shared_keys: u32,
    /// Estimated Jaccard similarity of the two texts' content words (from signatures).
    pub similarity: f64,
}

impl Candidate {
    /// Whether the candidate is worth aligning.
    pub fn is_plausible(&self) -> bool {
        self.similarity >= MIN_CANDIDATE_SIMILARITY
            || self.shared_keys >= MIN_SHARED_KEYS_WHEN_DISSIMILAR
    }
}

/// Keeps the plausible candidates, most similar first (then most shared keys, then in
/// the given order, which indexes give oldest first), at most `limit`.
pub fn rank_candidates(mut candidates: Vec<Candidate>, limit: usize) -> Vec<Candidate> {
    candidates.retain(Candidate::is_plausible);
    candidates.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then(b.shared_keys.cmp(&a.shared_keys))
    });
    candidates.truncate(limit);
    candidates
}

/// Where dedup looks up and records fingerprints.
///
/// # Invariants
/// - `find_exact` returns the *first* article recorded with that exact hash, so copies
///   point at the earliest source.
/// - `candidates` returns what [`rank_candidates`] keeps of the articles sharing keys:
///   plausible ones, most similar first, never more than `limit`.
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

/// A hasher for keys that are already uniformly mixed hashes: it spreads them over the
/// table's 64 bits with one multiplication instead of hashing them again.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(byte)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.0 = u64::from(value).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type KeyMap = HashMap<u32, u32, BuildHasherDefault<PassThrough>>;

/// A fingerprint index in memory, about 0.7 KB per article: keys are folded to 32 bits
/// (a collision only adds a candidate, which alignment then rejects) and each key maps to
/// the newest posting, which chains to older ones.
#[derive(Debug, Default)]
pub struct MemoryIndex {
    heads: KeyMap,
    postings: Vec<Posting>,
    articles: Vec<ArticleId>,
    signatures: Vec<[u8; SLOTS]>,
    exact: KeyMap,
    /// Buffers reused by every lookup, so a lookup allocates only what it returns.
    scratch: Scratch,
}

/// Reusable lookup buffers.
#[derive(Debug, Default)]
struct Scratch {
    keys: Vec<u32>,
    heads: Vec<u32>,
    hits: Vec<u32>,
    scored: Vec<(u32, u32, f64)>,
}

/// Keys an article has, about: band keys and sentence keys.
const KEYS_PER_ARTICLE: usize = crate::minhash::BANDS + 2;

impl MemoryIndex {
    /// An index sized for `articles` articles, so it does not grow while filling.
    pub fn with_capacity(articles: usize) -> Self {
        Self {
            heads: KeyMap::with_capacity_and_hasher(
                articles * KEYS_PER_ARTICLE,
                Default::default(),
            ),
            postings: Vec::with_capacity(articles * KEYS_PER_ARTICLE),
            articles: Vec::with_capacity(articles),
            signatures: Vec::with_capacity(articles),
            exact: KeyMap::with_capacity_and_hasher(articles, Default::default()),
            scratch: Scratch::default(),
        }
    }

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
            + self.signatures.capacity() * size_of::<[u8; SLOTS]>()
            + self
                .articles
                .iter()
                .map(|id| id.as_str().len())
                .sum::<usize>()
    }
}

/// A signature as the index keeps it: each slot cut to 8 bits. Slots of different sets
/// then agree by chance once in 256, which raises estimated similarities by about 0.004:
/// enough to rank and filter candidates, for a sixth of the memory.
fn compact(signature: &[u32]) -> [u8; SLOTS] {
    let mut slots = [u8::MAX; SLOTS];
    for (slot, value) in slots.iter_mut().zip(signature) {
        *slot = *value as u8;
    }
    slots
}

/// Slot agreement of two compact signatures (0 when the query has no signature: an
/// article without content words matches nothing by similarity).
fn compact_agreement(query: Option<&[u8; SLOTS]>, stored: &[u8; SLOTS]) -> f64 {
    let Some(query) = query else {
        return 0.0;
    };
    let same = query.iter().zip(stored).filter(|(a, b)| a == b).count();
    same as f64 / SLOTS as f64
}

/// The compact form of a query's signature, when it has a full one.
fn compact_query(signature: &[u32]) -> Option<[u8; SLOTS]> {
    (signature.len() == SLOTS).then(|| compact(signature))
}

impl MemoryIndex {
    /// Looks `fingerprint` up and records it as `article` in one pass over its keys (each
    /// key's table slot is visited once): the earliest article with exactly this text, as
    /// [`FingerprintIndex::find_exact`] gives it, and the candidates among the articles
    /// recorded before, as [`FingerprintIndex::candidates`] gives them.
    pub fn query_and_record(
        &mut self,
        article: &ArticleId,
        fingerprint: &Fingerprint,
        limit: usize,
    ) -> (Option<ArticleId>, Vec<Candidate>) {
        let mut scratch = std::mem::take(&mut self.scratch);
        let exact = self.insert(article, fingerprint, &mut scratch);
        scratch.hits.clear();
        for &previous in &scratch.heads {
            self.follow(previous, &mut scratch.hits);
        }
        let candidates = self.rank_hits(&mut scratch, fingerprint, limit);
        self.scratch = scratch;
        let exact = exact.map(|first| self.articles[first as usize].clone());
        (exact, candidates)
    }

    /// Records `article`: its id, compact signature, exact hash (unless an earlier article
    /// has it) and one posting per key. Returns the earlier article with the same exact
    /// hash, and leaves in `scratch.heads` the head each key had before, where the chains
    /// of older articles start.
    fn insert(
        &mut self,
        article: &ArticleId,
        fingerprint: &Fingerprint,
        scratch: &mut Scratch,
    ) -> Option<u32> {
        let index = self.articles.len() as u32;
        self.articles.push(article.clone());
        self.signatures.push(compact(&fingerprint.signature));
        let exact = match self.exact.entry(exact_key(fingerprint)) {
            std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(index);
                None
            }
        };
        folded_keys(fingerprint, &mut scratch.keys);
        scratch.heads.clear();
        for &key in &scratch.keys {
            let previous = self
                .heads
                .insert(key, self.postings.len() as u32)
                .unwrap_or(END);
            self.postings.push(Posting {
                article: index,
                previous,
            });
            scratch.heads.push(previous);
        }
        exact
    }

    /// Collects the articles of the chain starting at `at`, newest first, at most
    /// [`MAX_CHAIN`] of them.
    fn follow(&self, mut at: u32, hits: &mut Vec<u32>) {
        let mut followed = 0;
        while at != END && followed < MAX_CHAIN {
            followed += 1;
            let posting = self.postings[at as usize];
            hits.push(posting.article);
            at = posting.previous;
        }
    }

    /// Counts shared keys per article in `hits`, scores each by estimated similarity and
    /// keeps the plausible ones, best first, at most `limit`.
    fn rank_hits(
        &self,
        scratch: &mut Scratch,
        fingerprint: &Fingerprint,
        limit: usize,
    ) -> Vec<Candidate> {
        let Scratch { hits, scored, .. } = scratch;
        let query = compact_query(&fingerprint.signature);
        hits.sort_unstable();
        scored.clear();
        let mut run_start = 0;
        while run_start < hits.len() {
            let article = hits[run_start];
            let run_end = hits[run_start..]
                .iter()
                .position(|&hit| hit != article)
                .map_or(hits.len(), |offset| run_start + offset);
            let shared = (run_end - run_start) as u32;
            let stored = &self.signatures[article as usize];
            let similarity = compact_agreement(query.as_ref(), stored);
            if similarity >= MIN_CANDIDATE_SIMILARITY || shared >= MIN_SHARED_KEYS_WHEN_DISSIMILAR {
                scored.push((article, shared, similarity));
            }
            run_start = run_end;
        }
        scored.sort_unstable_by(|a, b| b.2.total_cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
        scored.truncate(limit);
        scored
            .iter()
            .map(|&(article, shared_keys, similarity)| Candidate {
                article: self.articles[article as usize].clone(),
                shared_keys,
                similarity,
            })
            .collect()
    }
}

/// A 64-bit key folded to the 32 bits the index keeps.
fn fold(key: u64) -> u32 {
    (key ^ (key >> 32)) as u32
}

/// A fingerprint's keys folded to 32 bits, each once, into `keys`.
fn folded_keys(fingerprint: &Fingerprint, keys: &mut Vec<u32>) {
    keys.clear();
    keys.extend(fingerprint.keys.iter().map(|&key| fold(key)));
    keys.sort_unstable();
    keys.dedup();
}

/// The exact hash folded to 32 bits.
fn exact_key(fingerprint: &Fingerprint) -> u32 {
    let hex = fingerprint.exact.as_str();
    fold(u64::from_str_radix(hex.get(..16).unwrap_or(hex), 16).unwrap_or(0))
}

impl FingerprintIndex for MemoryIndex {
    type Error = Infallible;

    fn find_exact(&mut self, fingerprint: &Fingerprint) -> Result<Option<ArticleId>, Infallible> {
        Ok(self
            .exact
            .get(&exact_key(fingerprint))
            .map(|&article| self.articles[article as usize].clone()))
    }

    fn candidates(
        &mut self,
        fingerprint: &Fingerprint,
        limit: usize,
    ) -> Result<Vec<Candidate>, Infallible> {
        let mut scratch = std::mem::take(&mut self.scratch);
        folded_keys(fingerprint, &mut scratch.keys);
        scratch.hits.clear();
        for &key in &scratch.keys {
            let head = self.heads.get(&key).copied().unwrap_or(END);
            self.follow(head, &mut scratch.hits);
        }
        let candidates = self.rank_hits(&mut scratch, fingerprint, limit);
        self.scratch = scratch;
        Ok(candidates)
    }

    fn record(&mut self, article: &ArticleId, fingerprint: &Fingerprint) -> Result<(), Infallible> {
        if self.articles.last() != Some(article) {
            let mut scratch = std::mem::take(&mut self.scratch);
            self.insert(article, fingerprint, &mut scratch);
            self.scratch = scratch;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Fingerprinter;

    const TEXT: &str = "A strong earthquake struck the coastal town of Velmora early on Wednesday. \
        Rescuers searched the rubble of collapsed homes through the night, the mayor said. \
        At least twelve people were killed and dozens more were injured in the quake.";

    #[test]
    fn query_and_record_matches_query_then_record() {
        let fingerprinter = Fingerprinter::default();
        let texts = [
            TEXT,
            "Ministers signed the Ostra river treaty in Norhaven on Tuesday.",
            TEXT,
        ];
        let (mut one_pass, mut two_pass) = (MemoryIndex::default(), MemoryIndex::default());
        for (i, text) in texts.iter().enumerate() {
            let id = ArticleId::from_string(format!("a-{i}"));
            let fingerprint = fingerprinter.fingerprint(text);
            let expected = (
                two_pass.find_exact(&fingerprint).unwrap(),
                two_pass.candidates(&fingerprint, 10).unwrap(),
            );
            two_pass.record(&id, &fingerprint).unwrap();
            assert_eq!(one_pass.query_and_record(&id, &fingerprint, 10), expected);
        }
        let last = two_pass
            .candidates(&fingerprinter.fingerprint(TEXT), 10)
            .unwrap();
        assert_eq!(last[0].article.as_str(), "a-0");
        assert_eq!(last[0].similarity, 1.0);
        assert_eq!(
            two_pass
                .find_exact(&fingerprinter.fingerprint(TEXT))
                .unwrap(),
            Some(ArticleId::from_string("a-0"))
        );
        assert!(two_pass.heap_bytes() > 0 && two_pass.len() == 3);
    }
}
