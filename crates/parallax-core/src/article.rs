//! An article: what extraction keeps of a document, the unit every later stage works on.

use serde::Serialize;
use time::OffsetDateTime;

use crate::ArticleId;

/// One article's main text and metadata. Serialises to the `articles[]` fields of
/// CONTRACT.md, without `lineage`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Article {
    /// Stable id, from origin and content.
    pub id: ArticleId,
    /// The path or URL it was read from.
    pub origin: String,
    /// Canonical URL, when known.
    pub url: Option<String>,
    /// Outlet host or name, when known.
    pub site: Option<String>,
    /// Headline, when known.
    pub title: Option<String>,
    /// Author line, when known.
    pub byline: Option<String>,
    /// Publication time, when known.
    #[serde(with = "time::serde::rfc3339::option")]
    pub published: Option<OffsetDateTime>,
    /// ISO 639-1 language code, when it could be told.
    pub language: Option<String>,
    /// Main text: paragraphs separated by a blank line, boilerplate removed.
    pub text: String,
    /// Agencies and outlets the article cites or is credited to.
    pub credits: Vec<String>,
    /// When the document was fetched (not part of the contract's article).
    #[serde(skip)]
    pub fetched_at: OffsetDateTime,
    /// A sign in the page that it reposts another outlet's article ("Source link", "The
    /// post … appeared first on …"), as found (not part of the contract's article).
    #[serde(skip)]
    pub syndication: Option<String>,
}

impl Article {
    /// The time that places the article on a story's time line: publication when known,
    /// fetch time otherwise.
    pub fn seen_at(&self) -> OffsetDateTime {
        self.published.unwrap_or(self.fetched_at)
    }

    /// The text's paragraphs, in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.text.split("\n\n").filter(|p| !p.trim().is_empty())
    }
}
