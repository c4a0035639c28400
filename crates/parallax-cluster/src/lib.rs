//! Clustering: each new [`Article`](parallax_core::Article) joins the story about the same event, or founds one.
//! Online: an article is placed once, against the stories that exist when it arrives,
//! and history is never re-clustered, so story ids stay stable.
//!
//! This first cut compares an article's [`TermVector`] (log-weighted content words, the
//! title's counted double) with each candidate story's [`StoryCentroid`] by cosine
//! similarity, and joins the best story at or above the threshold. Time, entities,
//! document frequencies and merges come with the clustering issue.
//!
//! ```
//! use parallax_cluster::{Clusterer, ClusterConfig, MemoryStoryIndex, TermVector};
//!
//! let clusterer = ClusterConfig::default().build();
//! let mut stories = MemoryStoryIndex::default();
//! let quake = TermVector::from_text(None, "A strong earthquake struck Velmora; rescuers searched the rubble of Velmora.");
//! let again = TermVector::from_text(None, "Rescuers in Velmora searched rubble after the earthquake struck.");
//! let treaty = TermVector::from_text(None, "Aldoria and Belmark signed a river water treaty in Norhaven.");
//! let ids = ["a-1", "a-2", "a-3"].map(parallax_core::ArticleId::from_string);
//! let first = clusterer.assign(&ids[0], &quake, &mut stories).unwrap();
//! let second = clusterer.assign(&ids[1], &again, &mut stories).unwrap();
//! let third = clusterer.assign(&ids[2], &treaty, &mut stories).unwrap();
//! assert_eq!(first.story, second.story);
//! assert_ne!(first.story, third.story);
//! ```

mod centroid;
mod terms;

pub use centroid::{MemoryStoryIndex, StoryCentroid, StoryIndex};
pub use terms::TermVector;

use parallax_core::{ArticleId, StoryId};

/// Cosine similarity at which an article joins a story.
pub const DEFAULT_JOIN_THRESHOLD: f64 = 0.2;

/// What clustering computes with.
#[derive(Clone, Debug)]
pub struct ClusterConfig {
    /// Cosine similarity to a story's centroid at which an article joins it.
    pub join_threshold: f64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        Self {
            join_threshold: DEFAULT_JOIN_THRESHOLD,
        }
    }
}

impl ClusterConfig {
    /// The clusterer this configuration describes.
    pub fn build(self) -> Clusterer {
        Clusterer { config: self }
    }
}

/// Where an article went, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    /// The story it joined or founded.
    pub story: StoryId,
    /// Its similarity to the story it joined (1 when it founded the story).
    pub score: f64,
    /// Whether it founded the story.
    pub founded: bool,
}

/// Assigns articles to stories, one at a time.
#[derive(Clone, Debug)]
pub struct Clusterer {
    config: ClusterConfig,
}

impl Clusterer {
    /// Places the article `id` with `terms`: joins the most similar story in `index` at
    /// or above the threshold (the earliest on ties), or founds a story.
    pub fn assign<I: StoryIndex + ?Sized>(
        &self,
        id: &ArticleId,
        terms: &TermVector,
        index: &mut I,
    ) -> Result<Assignment, I::Error> {
        let mut best: Option<(f64, StoryCentroid)> = None;
        for candidate in index.candidate_stories(terms)? {
            let score = candidate.similarity(terms);
            if score >= self.config.join_threshold
                && best.as_ref().is_none_or(|(top, _)| score > *top)
            {
                best = Some((score, candidate));
            }
        }
        let (mut centroid, score, founded) = match best {
            Some((score, centroid)) => (centroid, score, false),
            None => (StoryCentroid::new(StoryId::founded_by(id)), 1.0, true),
        };
        centroid.add(terms);
        index.save(&centroid)?;
        Ok(Assignment {
            story: centroid.story,
            score,
            founded,
        })
    }
}
