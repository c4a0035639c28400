//! What analysis says about a story: its entities, quotes, claims, differences, timeline
//! and cited summary, in the shapes of CONTRACT.md. Empty until each analyser lands.

use serde::{Deserialize, Serialize};

use crate::ArticleId;

/// Everything analysis says about one story.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoryAnalysis {
    /// Agencies and outlets behind the story, from its articles' credits and from what
    /// their copies copy; the most-relied-on first.
    pub agencies: Vec<String>,
    /// Articles that are independent reporting: originals, and articles whose lineage is
    /// unknown.
    pub independent_sources: usize,
    /// Articles that copy another: reposts and rewrites.
    pub copies: usize,
    /// People, places, organisations, each once.
    pub entities: Vec<Entity>,
    /// Statements, each once, with every wording.
    pub quotes: Vec<Quote>,
    /// Facts and the articles that report them.
    pub claims: Vec<Claim>,
    /// Where the sources disagree.
    pub differences: Vec<Difference>,
    /// What happened when.
    pub timeline: Vec<TimelineEntry>,
    /// A short summary whose every sentence cites its sources.
    pub summary: Vec<SummarySentence>,
}

/// The kind of a named entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    /// A person.
    Person,
    /// A place.
    Place,
    /// An organisation.
    Organization,
    /// Anything else with a name.
    Other,
}

/// One real-world entity, whatever the spelling.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// `e-…`.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Kind.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Every surface form seen.
    pub aliases: Vec<String>,
    /// Articles that mention it.
    pub articles: Vec<ArticleId>,
    /// How many mentions in all.
    pub mentions: u32,
}

/// Who made a statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// The entity, when resolved.
    pub entity: Option<String>,
    /// The speaker's name as best known.
    pub name: String,
}

/// One wording of a quote, verbatim from one article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteVariant {
    /// The article.
    pub article: ArticleId,
    /// Exact words as in that article's text.
    pub text: String,
    /// Reported speech: the words are the article's account of what was said ("he said
    /// the talks would resume"), not words in quotation marks. Absent when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub indirect: bool,
}

/// One statement, with every wording outlets gave it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// `q-…`.
    pub id: String,
    /// Who said it.
    pub speaker: Speaker,
    /// A representative wording: a quoted one when any outlet quoted the statement.
    pub text: String,
    /// Every wording.
    pub variants: Vec<QuoteVariant>,
    /// Whether the representative wording is reported speech (no outlet quoted the
    /// statement directly). Absent when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub indirect: bool,
}

/// How many of a story's sources report a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Coverage {
    /// Every source.
    All,
    /// More than one, not all.
    Several,
    /// One.
    Single,
}

/// A sentence of an article that supports a claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimSupport {
    /// The article.
    pub article: ArticleId,
    /// The exact sentence.
    pub sentence: String,
    /// Whether the article copies another (a repost, rewrite or translation): its
    /// sentence supports the claim but is no independent report of it.
    #[serde(default)]
    pub copy: bool,
}

/// A fact and the articles that report it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// `c-…`.
    pub id: String,
    /// A representative sentence.
    pub text: String,
    /// Supporting sentences.
    pub support: Vec<ClaimSupport>,
    /// How widely it is reported.
    pub coverage: Coverage,
}

/// One value sources give for a disputed point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DifferenceValue {
    /// The value.
    pub value: String,
    /// Articles that give it.
    pub articles: Vec<ArticleId>,
}

/// A point on which sources differ.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    /// What differs.
    pub about: String,
    /// The values given.
    pub values: Vec<DifferenceValue>,
    /// The claims that give the values, when the difference is between claims.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<String>,
}

/// An entry of a story's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// ISO 8601 date, partial date, or relative expression.
    pub when: String,
    /// What happened.
    pub what: String,
    /// Articles that say so.
    pub articles: Vec<ArticleId>,
    /// Whether it is something that happened or when a source first reported.
    #[serde(default)]
    pub kind: TimelineKind,
}

/// What a timeline entry marks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    /// Something the articles say happened (or will happen) then.
    #[default]
    Event,
    /// When a source first reported the story (its earliest article's publication).
    FirstReport,
}

/// A summary sentence with the articles that support it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummarySentence {
    /// The sentence.
    pub sentence: String,
    /// Supporting articles; never empty.
    pub citations: Vec<ArticleId>,
}
