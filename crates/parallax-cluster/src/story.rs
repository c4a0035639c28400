//! A story as clustering keeps it: the centroid of its articles' features, its time span,
//! and (while it is young enough to be split) a sketch of each member.

use std::cell::Cell;

use parallax_core::{ArticleId, StoryId};
use serde::{Deserialize, Serialize};

use crate::features::ArticleFeatures;
use crate::frequencies::DocumentFrequencies;
use crate::vector::SparseVector;

/// A centroid keeps at most this many content words ...
const CENTROID_TERMS: usize = 120;
/// ... and this many names and numbers.
const CENTROID_ENTITIES: usize = 40;
/// A member sketch keeps this many content words ...
const SKETCH_TERMS: usize = 80;
/// ... and this many names and numbers.
const SKETCH_ENTITIES: usize = 30;

/// One member of a story, as much as a split needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct MemberSketch {
    pub(crate) article: ArticleId,
    pub(crate) published: Option<i64>,
    pub(crate) seen: Option<i64>,
    pub(crate) terms: SparseVector,
    pub(crate) entities: SparseVector,
    #[serde(default)]
    pub(crate) embedding: Option<Vec<f32>>,
}

impl MemberSketch {
    pub(crate) fn of(
        article: &ArticleId,
        features: &ArticleFeatures,
        frequencies: &DocumentFrequencies,
    ) -> Self {
        let mut terms = features.terms.clone();
        terms.truncate_by(SKETCH_TERMS, |key| frequencies.idf(key));
        let mut entities = features.entities.clone();
        entities.truncate_by(SKETCH_ENTITIES, |key| frequencies.idf(key));
        Self {
            article: article.clone(),
            published: features.published,
            seen: features.at(),
            terms,
            entities,
            embedding: features.embedding.clone(),
        }
    }
}

/// A story's clustering state; the store keeps it between runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoryState {
    pub(crate) id: StoryId,
    /// Founding order: a smaller number is an older story.
    pub(crate) seq: u64,
    /// Sum of the members' unit content-word vectors, heaviest words only.
    pub(crate) terms: SparseVector,
    /// Sum of the members' unit name vectors, heaviest names only.
    pub(crate) entities: SparseVector,
    /// Sum of the members' embeddings, when a model is loaded.
    #[serde(default)]
    pub(crate) embedding: Option<Vec<f32>>,
    pub(crate) articles: u32,
    /// Earliest and latest publication date of its members, Unix seconds.
    pub(crate) span: Option<(i64, i64)>,
    /// Latest time any member was published or seen.
    pub(crate) last_seen: Option<i64>,
    /// One sketch per member while the story may still split; empty after.
    pub(crate) members: Vec<MemberSketch>,
    pub(crate) splittable: bool,
    /// Idf-weighted norms of `terms` and `entities`, with the window's article count
    /// they were computed at.
    #[serde(skip)]
    pub(crate) cached_norms: Cell<Option<(u64, f32, f32)>>,
}

impl StoryState {
    /// An empty story.
    pub(crate) fn new(id: StoryId, seq: u64) -> Self {
        Self {
            id,
            seq,
            terms: SparseVector::default(),
            entities: SparseVector::default(),
            embedding: None,
            articles: 0,
            span: None,
            last_seen: None,
            members: Vec::new(),
            splittable: true,
            cached_norms: Cell::new(None),
        }
    }

    /// The story's id.
    pub fn id(&self) -> &StoryId {
        &self.id
    }

    /// How many articles it has.
    pub fn articles(&self) -> u32 {
        self.articles
    }

    /// The latest time any article joined it (by publication or, undated, by when it
    /// was seen), Unix seconds: the window closes the story from here.
    pub fn last_at(&self) -> Option<i64> {
        let dated = self.span.map(|(_, last)| last);
        match (dated, self.last_seen) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// Adds an article's vectors (each scaled to unit length) and times.
    pub(crate) fn add(
        &mut self,
        terms: &SparseVector,
        entities: &SparseVector,
        (published, seen): (Option<i64>, Option<i64>),
        frequencies: &DocumentFrequencies,
    ) {
        self.terms.add_scaled(&terms.unit(), 1.0);
        self.entities.add_scaled(&entities.unit(), 1.0);
        self.articles += 1;
        self.note_times(published, seen);
        self.refresh(frequencies);
    }

    fn note_times(&mut self, published: Option<i64>, seen: Option<i64>) {
        if let Some(at) = published {
            self.extend_span(at, at);
        }
        if let Some(at) = seen {
            self.last_seen = Some(self.last_seen.map_or(at, |last| last.max(at)));
        }
    }

    /// Adds a member with its sketch, dropping sketches once the story is past splitting.
    pub(crate) fn add_member(
        &mut self,
        features: &ArticleFeatures,
        sketch: MemberSketch,
        max_splittable: usize,
        frequencies: &DocumentFrequencies,
    ) {
        let times = (features.published, features.at());
        self.add(&features.terms, &features.entities, times, frequencies);
        add_embedding(&mut self.embedding, features.embedding.as_deref());
        self.keep_sketch(sketch, max_splittable);
    }

    fn keep_sketch(&mut self, sketch: MemberSketch, max_splittable: usize) {
        if self.splittable && (self.articles as usize) <= max_splittable {
            self.members.push(sketch);
        } else {
            self.splittable = false;
            self.members = Vec::new();
        }
    }

    pub(crate) fn extend_span(&mut self, first: i64, last: i64) {
        self.span = Some(match self.span {
            Some((a, b)) => (a.min(first), b.max(last)),
            None => (first, last),
        });
    }

    /// Takes in every article of `other` (a merge).
    pub(crate) fn absorb(
        &mut self,
        other: StoryState,
        max_splittable: usize,
        frequencies: &DocumentFrequencies,
    ) {
        self.terms.add_scaled(&other.terms, 1.0);
        self.entities.add_scaled(&other.entities, 1.0);
        self.articles += other.articles;
        if let Some((first, last)) = other.span {
            self.extend_span(first, last);
        }
        self.note_times(None, other.last_seen);
        add_embedding(&mut self.embedding, other.embedding.as_deref());
        if self.splittable && other.splittable && self.articles as usize <= max_splittable {
            self.members.extend(other.members);
        } else {
            self.splittable = false;
            self.members = Vec::new();
        }
        self.refresh(frequencies);
    }

    /// A story rebuilt from member sketches (a split).
    pub(crate) fn from_members(
        id: StoryId,
        seq: u64,
        members: Vec<MemberSketch>,
        frequencies: &DocumentFrequencies,
    ) -> Self {
        let mut story = Self::new(id, seq);
        for member in &members {
            story.terms.add_scaled(&member.terms.unit(), 1.0);
            story.entities.add_scaled(&member.entities.unit(), 1.0);
            story.note_times(member.published, member.seen);
            add_embedding(&mut story.embedding, member.embedding.as_deref());
        }
        story.articles = members.len() as u32;
        story.members = members;
        story.refresh(frequencies);
        story
    }

    /// Truncates the centroid to its heaviest words (by weight × idf).
    pub(crate) fn refresh(&mut self, frequencies: &DocumentFrequencies) {
        let idf = |key| frequencies.idf(key);
        self.terms.truncate_by(CENTROID_TERMS, idf);
        self.entities.truncate_by(CENTROID_ENTITIES, idf);
        self.terms.shrink();
        self.entities.shrink();
        self.cached_norms.set(None);
    }

    /// Bytes this story holds on the heap and inline.
    pub(crate) fn memory_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.embedding.as_ref().map_or(0, |e| e.len() * 4)
            + self.id.as_str().len()
            + self.terms.heap_bytes()
            + self.entities.heap_bytes()
            + self
                .members
                .iter()
                .map(|m| {
                    std::mem::size_of::<MemberSketch>()
                        + m.article.as_str().len()
                        + m.terms.heap_bytes()
                        + m.entities.heap_bytes()
                })
                .sum::<usize>()
    }

    /// The state in the store's binary form: a format version byte, then postcard (which
    /// reads fields by position, so any change to the fields needs a new version).
    pub fn encode(&self) -> Result<Vec<u8>, StateError> {
        let mut bytes = vec![STATE_FORMAT];
        bytes.extend(postcard::to_allocvec(self).map_err(StateError::Encoding)?);
        Ok(bytes)
    }

    /// A state from the store's binary form.
    pub fn decode(bytes: &[u8]) -> Result<Self, StateError> {
        match bytes.split_first() {
            Some((&STATE_FORMAT, rest)) => postcard::from_bytes(rest).map_err(StateError::Encoding),
            Some((&version, _)) => Err(StateError::Version(version)),
            None => Err(StateError::Version(0)),
        }
    }
}

/// Adds `vector` to the running sum `sum`.
fn add_embedding(sum: &mut Option<Vec<f32>>, vector: Option<&[f32]>) {
    let Some(vector) = vector else {
        return;
    };
    match sum {
        Some(sum) if sum.len() == vector.len() => {
            for (total, value) in sum.iter_mut().zip(vector) {
                *total += value;
            }
        }
        Some(_) => {}
        None => *sum = Some(vector.to_vec()),
    }
}

/// The version of [`StoryState::encode`]'s format.
const STATE_FORMAT: u8 = 2;

/// A story state that could not be encoded or decoded.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The bytes do not decode.
    #[error("story clustering state: {0}")]
    Encoding(postcard::Error),
    /// The state was written in another format version.
    #[error("story clustering state in format {0}, this build reads format {STATE_FORMAT}")]
    Version(u8),
}
