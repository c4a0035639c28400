//! Analysis: a story's articles in, what Parallax says about the story out — its
//! headline and its [`StoryAnalysis`] (entities, quotes, claims, differences, timeline,
//! cited summary). Run again whenever a story's membership changes.
//!
//! Each article is tagged once (words, sentences, names); entities come first, then
//! everything that reads sentences: quotes, claims (sentences aligned across articles),
//! differences, the timeline, and a summary built from the claims.
//!
//! ```
//! use parallax_analyze::Analyzer;
//! use parallax_core::{Article, ArticleId, ContentHash, Lineage};
//! use parallax_core::contract::ArticleRecord;
//!
//! let article = Article {
//!     id: ArticleId::derive("a.txt", &ContentHash::of(b"x")),
//!     origin: "a.txt".into(), url: None, site: None, byline: None, published: None,
//!     title: Some("Quake hits Velmora".into()), language: Some("en".into()),
//!     text: "A strong earthquake struck Velmora.".into(), credits: vec![],
//!     fetched_at: time::OffsetDateTime::UNIX_EPOCH, syndication: None,
//! };
//! let records = [ArticleRecord::new(article, Lineage::original())];
//! assert_eq!(Analyzer::default().headline(&records), "Quake hits Velmora");
//! ```

mod characterisations;
mod claims;
mod dating;
mod differences;
mod entities;
pub mod ner;
mod quotes;
mod sentences;
mod sourcing;
mod summary;
mod timeline;
mod when;

pub use quotes::{ArticleQuote, article_quotes};
pub use summary::{UnsupportedCitation, check_citations};

use parallax_core::contract::ArticleRecord;
use parallax_core::embedding::SentenceEncoder;
use parallax_core::{LineageKind, StoryAnalysis};

/// A headline made from text is cut to this many characters.
const MAX_HEADLINE_CHARS: usize = 120;

/// Analyses stories.
#[derive(Clone)]
pub struct Analyzer {
    tagger: std::sync::Arc<dyn ner::Tagger>,
    /// The optional sentence-embedding model: one more signal for aligning claims.
    encoder: Option<std::sync::Arc<dyn SentenceEncoder>>,
}

impl Default for Analyzer {
    /// An analyser with the rule tagger (no model).
    fn default() -> Self {
        Self::with_tagger(std::sync::Arc::new(ner::RuleTagger))
    }
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field(
                "encoder",
                &self.encoder.as_ref().map(|encoder| encoder.name()),
            )
            .finish_non_exhaustive()
    }
}

impl Analyzer {
    /// An analyser that finds entities with `tagger`.
    pub fn with_tagger(tagger: std::sync::Arc<dyn ner::Tagger>) -> Self {
        Self {
            tagger,
            encoder: None,
        }
    }

    /// The same analyser, aligning claims with `encoder`'s sentence embeddings as well as
    /// their words: paraphrases that share no content word ("still missing" / "have not
    /// been accounted for") can then join.
    pub fn with_encoder(mut self, encoder: std::sync::Arc<dyn SentenceEncoder>) -> Self {
        self.encoder = Some(encoder);
        self
    }

    /// A headline for the story of `articles`: the title of its earliest original article
    /// that has one, else of any article, else the opening of the earliest text.
    pub fn headline(&self, articles: &[ArticleRecord]) -> String {
        let mut by_time: Vec<&ArticleRecord> = articles.iter().collect();
        by_time.sort_by_key(|record| record.article.seen_at());
        let titled = |record: &&&ArticleRecord| record.article.title.is_some();
        by_time
            .iter()
            .filter(titled)
            .find(|record| record.lineage.kind == LineageKind::Original)
            .or_else(|| by_time.iter().find(titled))
            .and_then(|record| record.article.title.clone())
            .or_else(|| by_time.first().map(|record| opening(&record.article.text)))
            .unwrap_or_default()
    }

    /// What Parallax says about the story of `articles`.
    pub fn analyze(&self, articles: &[ArticleRecord]) -> StoryAnalysis {
        let copies = articles.iter().filter(|record| is_copy(record)).count();
        // Each article is tagged once; entities and quotes read the same names.
        let tagged: Vec<ner::TaggedText<'_>> = articles
            .iter()
            .map(|record| ner::tag_text(&record.article.text, self.tagger.as_ref()))
            .collect();
        let entities = entities::story_entities(articles, &tagged);
        let mut sentences = sentences::story_sentences(articles, &tagged, &entities);
        if let Some(encoder) = &self.encoder {
            sentences::embed(&mut sentences, encoder.as_ref());
        }
        let alignment = claims::align(&sentences);
        let claims = claims::story_claims(articles, &sentences, &alignment);
        let mut differences = differences::story_differences(
            articles, &tagged, &entities, &sentences, &alignment, &claims,
        );
        differences.extend(characterisations::characterisation_differences(
            articles, &tagged, &entities,
        ));
        differences.extend(dating::dating_differences(articles, &sentences));
        let timeline = timeline::story_timeline(articles, &sentences, &claims);
        let summary = summary::story_summary(articles, &sentences, &claims);
        StoryAnalysis {
            agencies: sourcing::agencies(articles),
            independent_sources: articles.len() - copies,
            copies,
            quotes: quotes::story_quotes(articles, &tagged, &entities, self.encoder.as_deref()),
            entities,
            claims: claims.into_iter().map(|claim| claim.claim).collect(),
            differences,
            timeline,
            summary,
        }
    }
}

/// Whether an article copies another (a repost or rewrite, with or without a known source).
fn is_copy(record: &ArticleRecord) -> bool {
    matches!(
        record.lineage.kind,
        LineageKind::Repost | LineageKind::Rewrite | LineageKind::Translation
    )
}

/// The first sentence of `text`, cut at a word boundary to a headline's length.
fn opening(text: &str) -> String {
    let sentence = text
        .split_inclusive(['.', '!', '?', '\n'])
        .next()
        .unwrap_or(text)
        .trim();
    if sentence.chars().count() <= MAX_HEADLINE_CHARS {
        return sentence.trim_end_matches('.').to_string();
    }
    let mut cut = String::new();
    for word in sentence.split_whitespace() {
        if cut.chars().count() + word.chars().count() + 1 > MAX_HEADLINE_CHARS {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openings_are_cut_at_words() {
        assert_eq!(opening("Short one. Second."), "Short one");
        let long = "word ".repeat(60);
        let cut = opening(&long);
        assert!(cut.ends_with('…') && cut.chars().count() <= MAX_HEADLINE_CHARS + 1);
    }
}
