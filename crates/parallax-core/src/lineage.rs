//! Lineage: whether an article is original reporting or a copy of another one, and of
//! which. A *repost* is near-verbatim, a *rewrite* rewords the same facts in the same
//! order, a *translation* renders another article in another language.

use serde::{Deserialize, Serialize};

use crate::ArticleId;

/// What kind of copy an article is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineageKind {
    /// Not a copy of any article seen.
    Original,
    /// Near-verbatim copy, possibly trimmed or wrapped in other chrome.
    Repost,
    /// Same facts and quotes in the same order, reworded.
    Rewrite,
    /// The same article in another language.
    Translation,
    /// Could not be told.
    Unknown,
}

impl LineageKind {
    /// The contract's name for the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Original => "original",
            Self::Repost => "repost",
            Self::Rewrite => "rewrite",
            Self::Translation => "translation",
            Self::Unknown => "unknown",
        }
    }

    /// Parses the contract's name for a kind.
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::Original,
            Self::Repost,
            Self::Rewrite,
            Self::Translation,
            Self::Unknown,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == name)
    }
}

/// An article's lineage: its kind, the article it copies, and how similar they are.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lineage {
    /// What kind of copy it is.
    pub kind: LineageKind,
    /// The article it copies, for reposts, rewrites and translations; `None` for originals,
    /// and for copies whose source is not in the store (a repost signed "Source link").
    pub of: Option<ArticleId>,
    /// Similarity to `of`, in 0..=1 (0 when there is no `of`).
    pub similarity: f64,
    /// The aligned sentence pairs that show the copy, strongest evidence first.
    pub evidence: Vec<Evidence>,
}

/// One aligned sentence pair behind a lineage edge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The sentence of the copy, verbatim from its text.
    pub sentence: String,
    /// The best-matching sentence of the source, verbatim from its text.
    pub source_sentence: String,
    /// Share of the copy sentence's content stems found in the source (0..=1).
    pub score: f64,
}

impl Lineage {
    /// An article that copies nothing seen so far.
    pub fn original() -> Self {
        Self::without_source(LineageKind::Original)
    }

    /// A lineage of `kind` with no source article.
    pub fn without_source(kind: LineageKind) -> Self {
        Self {
            kind,
            of: None,
            similarity: 0.0,
            evidence: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_round_trip() {
        for name in ["original", "repost", "rewrite", "translation", "unknown"] {
            assert_eq!(
                LineageKind::parse(name).map(LineageKind::as_str),
                Some(name)
            );
        }
        assert_eq!(LineageKind::parse("copy"), None);
    }
}
