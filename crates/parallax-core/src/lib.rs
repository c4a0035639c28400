//! Types that cross Parallax's stage boundaries, and nothing else: no I/O lives here.
//!
//! Data moves through the pipeline as:
//! [`RawDocument`] (ingest: one decoded document and where it came from) →
//! [`Article`] (extract: main text and metadata) → [`Lineage`] (dedup: is it a copy,
//! and of what) → [`StoryId`] (cluster: which event it reports) → [`StoryAnalysis`]
//! (analyse: entities, quotes, claims, ...). [`contract`] holds the JSON shapes of
//! `CONTRACT.md` that the CLI, the report and the server emit.
//!
//! ```
//! use parallax_core::{ArticleId, ContentHash};
//!
//! let hash = ContentHash::of(b"Putin met al-Sharaa in Moscow.");
//! let id = ArticleId::derive("seeds/000.txt", &hash);
//! assert!(id.as_str().starts_with("a-"));
//! assert_eq!(id, ArticleId::derive("seeds/000.txt", &hash));
//! ```

mod analysis;
mod article;
pub mod contract;
pub mod dates;
mod document;
pub mod embedding;
pub mod hashing;
mod ids;
mod lineage;
mod membership;
mod skip;
pub mod text;

pub use analysis::{
    Claim, ClaimSupport, Coverage, Difference, DifferenceValue, Entity, EntityType, Quote,
    QuoteVariant, Speaker, StoryAnalysis, SummarySentence, TimelineEntry, TimelineKind,
};
pub use article::Article;
pub use document::{MediaType, RawDocument, SuppliedMetadata};
pub use ids::{ArticleId, ContentHash, StoryId};
pub use lineage::{Evidence, Lineage, LineageKind};
pub use membership::{Membership, MoveKind, StoryMove};
pub use skip::{SkipReason, Skipped};
