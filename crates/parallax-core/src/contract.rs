//! The JSON documents of CONTRACT.md: what `parallax export`, `parallax show --json` and
//! `GET /api/stories/{id}` emit. Field names here are the contract; change them only with
//! a bump of [`SCHEMA_VERSION`].

use serde::Serialize;
use time::OffsetDateTime;

use crate::{Article, Lineage, Membership, StoryAnalysis, StoryId};

/// The contract's schema version.
pub const SCHEMA_VERSION: u32 = 1;

/// `parallax export`: every story.
#[derive(Clone, Debug, Serialize)]
pub struct ExportDocument {
    /// Always [`SCHEMA_VERSION`].
    pub schema: u32,
    /// The stories, oldest first.
    pub stories: Vec<StoryDocument>,
}

/// One story in full.
#[derive(Clone, Debug, Serialize)]
pub struct StoryDocument {
    /// Stable id.
    pub id: StoryId,
    /// A headline for the story, from its articles.
    pub title: String,
    /// Earliest time any of its articles was published (or fetched, when undated).
    #[serde(with = "time::serde::rfc3339")]
    pub first_seen: OffsetDateTime,
    /// Latest such time.
    #[serde(with = "time::serde::rfc3339")]
    pub last_updated: OffsetDateTime,
    /// Its articles, in the order they joined.
    pub articles: Vec<ArticleRecord>,
    /// What analysis says about it.
    #[serde(flatten)]
    pub analysis: StoryAnalysis,
}

/// An article as a story lists it: the article and its lineage.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleRecord {
    /// The article's fields.
    #[serde(flatten)]
    pub article: Article,
    /// Whether, and of what, it is a copy.
    pub lineage: Lineage,
    /// Why it is in its story (absent for articles filed before clustering explained itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub membership: Option<Membership>,
}

/// One line of `parallax stories`: a story without its articles' text.
#[derive(Clone, Debug, Serialize)]
pub struct StorySummary {
    /// Stable id.
    pub id: StoryId,
    /// Headline.
    pub title: String,
    /// How many articles it has.
    pub article_count: usize,
    /// The distinct sites (or origins, when the site is unknown) of its articles.
    pub sources: Vec<String>,
    /// Earliest article time.
    #[serde(with = "time::serde::rfc3339")]
    pub first_seen: OffsetDateTime,
    /// Latest article time.
    #[serde(with = "time::serde::rfc3339")]
    pub last_updated: OffsetDateTime,
}

impl ArticleRecord {
    /// A record with no membership explanation yet.
    pub fn new(article: Article, lineage: Lineage) -> Self {
        Self {
            article,
            lineage,
            membership: None,
        }
    }
}

impl StoryDocument {
    /// The line `parallax stories` shows for this story.
    pub fn summary(&self) -> StorySummary {
        let mut sources: Vec<String> = Vec::new();
        for record in &self.articles {
            let source = record
                .article
                .site
                .clone()
                .unwrap_or_else(|| record.article.origin.clone());
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        StorySummary {
            id: self.id.clone(),
            title: self.title.clone(),
            article_count: self.articles.len(),
            sources,
            first_seen: self.first_seen,
            last_updated: self.last_updated,
        }
    }
}
