//! What readers ask the store beyond one story or one article: a filtered, sorted page of
//! stories, full-text search over stories and articles, and entities by name. The store
//! answers from indexes it keeps as it writes (see [`crate::SqliteStore`]), so a page
//! costs the same at a hundred stories as at a hundred thousand.

use parallax_core::contract::StorySummary;
use parallax_core::{ArticleId, EntityType, StoryId};
use serde::Serialize;
use time::OffsetDateTime;

/// Which stories to list, in what order, which page.
#[derive(Clone, Debug, Default)]
pub struct StoryFilter {
    /// Words the story's headline or summary must contain (all of them; the last may be
    /// the start of a word).
    pub text: Option<String>,
    /// A site (or origin) one of its articles comes from, any case.
    pub site: Option<String>,
    /// An entity it names, by any of its spellings, any case.
    pub entity: Option<String>,
    /// An agency or outlet behind it, any case.
    pub agency: Option<String>,
    /// Only stories updated at or after this time.
    pub updated_from: Option<OffsetDateTime>,
    /// Only stories first seen at or before this time.
    pub first_seen_to: Option<OffsetDateTime>,
    /// The order.
    pub sort: StorySort,
    /// Stories to skip.
    pub offset: usize,
    /// Stories to return at most.
    pub limit: usize,
}

/// How a story list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StorySort {
    /// Most recently updated first.
    #[default]
    Updated,
    /// Most articles first.
    Size,
}

/// One page of a story list.
#[derive(Clone, Debug, Default, Serialize)]
pub struct StoryList {
    /// How many stories pass the filter in all.
    pub total: usize,
    /// This page of them.
    pub stories: Vec<StorySummary>,
}

/// What full-text search found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SearchHits {
    /// Stories whose headline or summary match, best first.
    pub stories: Vec<StoryHit>,
    /// Articles whose title or text match, best first.
    pub articles: Vec<ArticleHit>,
}

/// A story search found.
#[derive(Clone, Debug, Serialize)]
pub struct StoryHit {
    /// The story.
    pub id: StoryId,
    /// Its headline.
    pub title: String,
    /// Where the words matched, as plain text (`…` marks cuts).
    pub snippet: String,
}

/// An article search found.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleHit {
    /// The article.
    pub id: ArticleId,
    /// Its title, when it has one.
    pub title: Option<String>,
    /// Its site, when known.
    pub site: Option<String>,
    /// The story it belongs to.
    pub story: StoryId,
    /// Where the words matched, as plain text (`…` marks cuts).
    pub snippet: String,
}

/// An entity whose name matched, over every story that names it.
#[derive(Clone, Debug, Serialize)]
pub struct EntityMatch {
    /// The canonical name (the one most stories give it).
    pub name: String,
    /// Its kind.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Every spelling the stories use.
    pub aliases: Vec<String>,
    /// How many stories name it.
    pub story_count: usize,
    /// The most recently updated of them, at most [`ENTITY_STORIES`].
    pub stories: Vec<StoryId>,
}

/// At most this many story ids per [`EntityMatch`].
pub const ENTITY_STORIES: usize = 10;

/// Turns a user's words into an FTS5 query: every word must match (the last one as a
/// prefix, so search works while typing); FTS5 operators in the input are taken as
/// words. `None` when there is no word to look for.
pub(crate) fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(16)
        .map(|word| format!("\"{}\"", word.to_lowercase()))
        .collect();
    let (last, rest) = words.split_last()?;
    let mut query = rest.join(" ");
    if !query.is_empty() {
        query.push(' ');
    }
    query.push_str(last);
    query.push('*');
    Some(query)
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn fts_query_quotes_words_and_makes_the_last_a_prefix() {
        assert_eq!(
            fts_query("Putin meets al-Sharaa").as_deref(),
            Some("\"putin\" \"meets\" \"al\" \"sharaa\"*")
        );
        // Operators and quotes in the input are only separators.
        assert_eq!(
            fts_query("a\" OR b* NEAR(").as_deref(),
            Some("\"a\" \"or\" \"b\" \"near\"*")
        );
        assert_eq!(fts_query("  ?! "), None);
    }
}
