//! Why an article is in its story: the clustering decision, kept for `parallax show --json`
//! (the `membership` field documented in `docs/CONTRACT-NOTES.md`).

use serde::{Deserialize, Serialize};

use crate::StoryId;

/// The decision that placed an article, and what happened to its story since.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    /// Whether the article founded a story (no open story was similar enough).
    pub founded: bool,
    /// Its similarity to the story it joined, or to the nearest story when it founded one.
    pub score: f64,
    /// The score it had to reach: the join threshold, raised for stories far off in time.
    pub threshold: f64,
    /// The words it shares with the story that weighed most in the score.
    pub shared_terms: Vec<String>,
    /// The names and numbers it shares with the story that weighed most.
    pub shared_entities: Vec<String>,
    /// Days between the article and the story's nearest article, when both are dated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_apart: Option<f64>,
    /// When it founded a story: the nearest story it did not join.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest: Option<StoryId>,
    /// Merges and splits that moved it to another story since, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moves: Vec<StoryMove>,
}

/// A merge or split that moved articles from one story to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryMove {
    /// Merge (two stories found to be one event) or split (one story found to be two).
    pub kind: MoveKind,
    /// The story the articles left.
    pub from: StoryId,
    /// The story they joined.
    pub to: StoryId,
}

/// Why articles moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MoveKind {
    /// Two stories turned out to be one event; the younger joined the older, whose id stays.
    Merge,
    /// One story turned out to be two events; the part without its founder got a new id.
    Split,
}

impl MoveKind {
    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Merge => "merge",
            Self::Split => "split",
        }
    }
}
