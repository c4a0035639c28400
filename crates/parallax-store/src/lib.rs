//! The store: where articles, their lineage, their stories and the stages' state live.
//!
//! [`Store`] is the interface the pipeline writes and the CLI, report and server read;
//! [`SqliteStore`] is the embedded default (one file, or memory), and a PostgreSQL store
//! comes later behind the same trait and the same conformance tests.
//!
//! # Transactions and crashes
//! All writes go through a [`Batch`]: one database transaction, opened by
//! [`Store::begin`], holding the stage state lookups (it implements dedup's
//! [`FingerprintIndex`]) and the inserts, and nothing is visible until [`Batch::commit`].
//! Clustering keeps its open stories in memory ([`parallax_cluster::Clusterer`]); the
//! store keeps their state ([`Store::cluster_state`], [`Batch::save_cluster_changes`]) so
//! a restart resumes where the last committed batch left off. A process killed mid-batch leaves the store as it
//! was before the batch: never a half-written article. One writer at a time; readers
//! (other processes) see the last committed state (SQLite WAL mode).
//!
//! ```
//! use parallax_store::{SqliteStore, Store};
//!
//! let store = SqliteStore::open_in_memory().unwrap();
//! assert_eq!(store.counts().unwrap().articles, 0);
//! ```

mod error;
mod migrations;
mod query;
mod sqlite;

pub use error::StoreError;
pub use query::{
    ArticleHit, ENTITY_STORIES, EntityMatch, SearchHits, StoryFilter, StoryHit, StoryList,
    StorySort,
};
pub use sqlite::SqliteStore;

use parallax_cluster::{ClusterChanges, DayFrequencies, Relocation, StoryState};
use parallax_core::contract::{ArticleRecord, StoryDocument, StorySummary};
use parallax_core::{ArticleId, Lineage, Membership, StoryAnalysis, StoryId};
use parallax_dedup::FingerprintIndex;

/// How much a store holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoreCounts {
    /// Articles.
    pub articles: u64,
    /// Stories.
    pub stories: u64,
}

/// An article as the pipeline files it: the record, and the story it joined with the
/// reasons it joined.
#[derive(Clone, Debug)]
pub struct NewArticle<'a> {
    /// The article and its lineage.
    pub record: &'a ArticleRecord,
    /// The story it joined or founded.
    pub story: &'a StoryId,
    /// Why it is in that story.
    pub membership: &'a Membership,
}

/// What clustering needs to resume: the open stories and the window's word counts.
#[derive(Clone, Debug, Default)]
pub struct ClusterSnapshot {
    /// Stories whose last article is inside the window (or undated), oldest first.
    pub stories: Vec<StoryState>,
    /// Document frequencies of the window's days.
    pub days: Vec<DayFrequencies>,
}

/// A store of articles and stories.
///
/// # Invariants
/// - Every article belongs to exactly one story, and every story has at least one article.
/// - Writes are atomic per [`Batch`]: all of a batch or none of it.
/// - Stories are listed oldest first (the order they were founded); a story's articles in
///   the order they joined.
pub trait Store: Send {
    /// Opens a write batch.
    fn begin(&mut self) -> Result<Box<dyn Batch + '_>, StoreError>;

    /// How many articles and stories the store holds.
    fn counts(&self) -> Result<StoreCounts, StoreError>;

    /// Every story id, oldest first.
    fn story_ids(&self) -> Result<Vec<StoryId>, StoreError>;

    /// One story in full, if it exists.
    fn story(&self, id: &StoryId) -> Result<Option<StoryDocument>, StoreError>;

    /// One line per story, oldest first.
    fn story_summaries(&self) -> Result<Vec<StorySummary>, StoreError>;

    /// One article with its lineage and the story it belongs to, if it exists.
    fn article(&self, id: &ArticleId) -> Result<Option<(ArticleRecord, StoryId)>, StoreError>;

    /// One story's listing line, if it exists.
    fn story_summary(&self, id: &StoryId) -> Result<Option<StorySummary>, StoreError>;

    /// One page of the stories `filter` keeps, in its order, with how many it keeps in
    /// all.
    fn list_stories(&self, filter: &StoryFilter) -> Result<StoryList, StoreError>;

    /// Stories (by headline and summary) and articles (by title and text) that contain
    /// every word of `text`, best first, at most `limit` of each.
    fn search(&self, text: &str, limit: usize) -> Result<SearchHits, StoreError>;

    /// Entities with a spelling that contains every word of `text` (the last may be a
    /// word's start), each once over all stories, most-named first, at most `limit`.
    fn find_entities(&self, text: &str, limit: usize) -> Result<Vec<EntityMatch>, StoreError>;

    /// The story `id` names now: itself, or the story it was merged into.
    fn resolve_story(&self, id: &StoryId) -> Result<Option<StoryId>, StoreError>;

    /// Clustering state for the window of `window_seconds` that ends at the newest story.
    fn cluster_state(&self, window_seconds: i64) -> Result<ClusterSnapshot, StoreError>;
}

/// One write transaction. Dropping it without [`Batch::commit`] rolls it back.
pub trait Batch: FingerprintIndex<Error = StoreError> {
    /// Whether the article is already stored (by an earlier batch or this one).
    fn contains_article(&mut self, id: &ArticleId) -> Result<bool, StoreError>;

    /// Files a new article in its story.
    fn insert_article(&mut self, article: &NewArticle<'_>) -> Result<(), StoreError>;

    /// A story's articles, in the order they joined.
    fn story_articles(&mut self, story: &StoryId) -> Result<Vec<ArticleRecord>, StoreError>;

    /// The ids of a story's `limit` most recently joined articles, newest first.
    fn recent_story_members(
        &mut self,
        story: &StoryId,
        limit: usize,
    ) -> Result<Vec<ArticleId>, StoreError>;

    /// The stored articles with these ids (unknown ids are left out), in the given order.
    fn articles(&mut self, ids: &[ArticleId]) -> Result<Vec<ArticleRecord>, StoreError>;

    /// Replaces a stored article's lineage (an earlier article found to copy a later one).
    fn set_lineage(&mut self, id: &ArticleId, lineage: &Lineage) -> Result<(), StoreError>;

    /// Saves a story's headline and analysis.
    fn save_analysis(
        &mut self,
        story: &StoryId,
        headline: &str,
        analysis: &StoryAnalysis,
    ) -> Result<(), StoreError>;

    /// Moves articles between stories after a merge or split, records the move (and, for
    /// a merge, the alias that keeps the old id resolving), and notes it in each moved
    /// article's membership.
    fn relocate(&mut self, relocation: &Relocation) -> Result<(), StoreError>;

    /// Saves new and changed story states, drops merged stories' rows, and adds the new
    /// document-frequency counts.
    fn save_cluster_changes(&mut self, changes: &ClusterChanges) -> Result<(), StoreError>;

    /// Makes the batch's writes durable and visible.
    fn commit(self: Box<Self>) -> Result<(), StoreError>;
}
