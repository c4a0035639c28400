//! Story centroids: the sum of a story's articles' unit term vectors, and the index that
//! keeps them. The store implements [`StoryIndex`]; [`MemoryStoryIndex`] keeps them in
//! memory.

use std::convert::Infallible;

use parallax_core::StoryId;

use crate::TermVector;

/// A centroid keeps at most this many terms.
const MAX_CENTROID_TERMS: usize = 400;

/// What a story looks like to clustering.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryCentroid {
    /// The story.
    pub story: StoryId,
    /// Sum of its articles' unit term vectors, heaviest terms only.
    pub terms: TermVector,
    /// How many articles it has.
    pub articles: u32,
}

impl StoryCentroid {
    /// An empty story.
    pub fn new(story: StoryId) -> Self {
        Self {
            story,
            terms: TermVector::default(),
            articles: 0,
        }
    }

    /// Cosine similarity of `terms` to this story.
    pub fn similarity(&self, terms: &TermVector) -> f64 {
        self.terms.cosine(terms)
    }

    /// Adds an article's terms.
    pub fn add(&mut self, terms: &TermVector) {
        self.terms.add_normalised(terms);
        self.terms.truncate(MAX_CENTROID_TERMS);
        self.articles += 1;
    }
}

/// Where clustering finds candidate stories and saves them.
///
/// # Invariants
/// - `candidate_stories` returns stories in a deterministic order (oldest first), so ties
///   resolve the same way on every run.
/// - After `save`, `candidate_stories` returns the saved centroid in place of the old one.
pub trait StoryIndex {
    /// The index's error.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Stories an article with `terms` might belong to.
    fn candidate_stories(&mut self, terms: &TermVector) -> Result<Vec<StoryCentroid>, Self::Error>;

    /// Saves a new or updated story centroid.
    fn save(&mut self, centroid: &StoryCentroid) -> Result<(), Self::Error>;
}

/// Story centroids in memory, oldest first.
#[derive(Debug, Default)]
pub struct MemoryStoryIndex {
    stories: Vec<StoryCentroid>,
}

impl StoryIndex for MemoryStoryIndex {
    type Error = Infallible;

    fn candidate_stories(&mut self, _terms: &TermVector) -> Result<Vec<StoryCentroid>, Infallible> {
        Ok(self.stories.clone())
    }

    fn save(&mut self, centroid: &StoryCentroid) -> Result<(), Infallible> {
        match self.stories.iter_mut().find(|s| s.story == centroid.story) {
            Some(existing) => *existing = centroid.clone(),
            None => self.stories.push(centroid.clone()),
        }
        Ok(())
    }
}
