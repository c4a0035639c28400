//! The summary: three to seven sentences of the story's own words, chosen for coverage
//! (claims reported by more independent sources first) and diversity (no two sentences
//! saying much the same), each citing every article that supports it — and no other:
//! [`check_citations`] holds each citation to its claim's support.

use std::collections::HashSet;

use parallax_core::contract::ArticleRecord;
use parallax_core::{ArticleId, StoryAnalysis, SummarySentence};

use crate::claims::StoryClaim;
use crate::sentences::Sentence;

/// At most this many sentences.
const MAX_SENTENCES: usize = 7;
/// At least this many, when the story has them.
const MIN_SENTENCES: usize = 3;
/// A sentence this alike to one already chosen adds nothing.
const MAX_OVERLAP: f32 = 0.4;
/// Summary sentences are this long, in words...
const MIN_WORDS: usize = 8;
/// ...to this long.
const MAX_WORDS: usize = 50;
/// Openings that lean on a sentence before them.
const DEPENDENT_OPENINGS: &[&str] = &[
    "he", "she", "it", "they", "this", "these", "that", "those", "but", "and", "however", "his",
    "her", "its", "their", "also", "then",
];

/// Opening phrases that lean on a sentence before them.
const DEPENDENT_PHRASES: &[&str] = &["in addition", "in turn", "as a result", "for his part"];

/// The story's summary from its claims (most widely reported first).
pub(crate) fn story_summary(
    articles: &[ArticleRecord],
    sentences: &[Sentence<'_>],
    claims: &[StoryClaim],
) -> Vec<SummarySentence> {
    let mut chosen: Vec<(usize, usize)> = Vec::new(); // (claim, sentence)
    for (claim_index, claim) in claims.iter().enumerate() {
        if chosen.len() >= MAX_SENTENCES {
            break;
        }
        if claim.independent < 2 && chosen.len() >= MIN_SENTENCES {
            break;
        }
        let Some(sentence) = summary_sentence(claim, sentences, articles) else {
            continue;
        };
        let repeats = chosen
            .iter()
            .any(|&(_, other)| sentences[sentence].similarity(&sentences[other]) >= MAX_OVERLAP);
        if !repeats {
            chosen.push((claim_index, sentence));
        }
    }
    // Narrative order: as the story first tells them.
    chosen.sort_by_key(|&(claim, _)| earliest(&claims[claim], sentences));
    chosen
        .into_iter()
        .map(|(claim, sentence)| SummarySentence {
            sentence: sentences[sentence].text.to_string(),
            citations: citations(&claims[claim], articles, sentences),
        })
        .filter(|summary| !summary.citations.is_empty())
        .collect()
}

/// The claim's sentence that reads best alone: of a summary's length, not leaning on the
/// one before, from an independent article; the representative when it qualifies.
fn summary_sentence(
    claim: &StoryClaim,
    sentences: &[Sentence<'_>],
    articles: &[ArticleRecord],
) -> Option<usize> {
    let reads_alone = |index: usize| {
        let text = sentences[index].text;
        let words = text.split_whitespace().count();
        let opening = text
            .split(|c: char| !c.is_alphanumeric())
            .find(|word| !word.is_empty())
            .unwrap_or_default()
            .to_lowercase();
        let lower = text.to_lowercase();
        (MIN_WORDS..=MAX_WORDS).contains(&words)
            && !DEPENDENT_OPENINGS.contains(&opening.as_str())
            && !DEPENDENT_PHRASES
                .iter()
                .any(|phrase| lower.starts_with(phrase))
            && !text.ends_with('?')
    };
    if reads_alone(claim.representative) {
        return Some(claim.representative);
    }
    claim
        .sentences
        .iter()
        .copied()
        .filter(|&index| reads_alone(index))
        .min_by_key(|&index| {
            (
                crate::is_copy(&articles[sentences[index].article]),
                sentences[index].position,
                index,
            )
        })
}

/// Where the claim is first stated: its earliest position in any article.
fn earliest(claim: &StoryClaim, sentences: &[Sentence<'_>]) -> (usize, usize) {
    claim
        .sentences
        .iter()
        .map(|&index| (sentences[index].position, index))
        .min()
        .unwrap_or_default()
}

/// Every article that supports the claim, in story order.
fn citations(
    claim: &StoryClaim,
    articles: &[ArticleRecord],
    sentences: &[Sentence<'_>],
) -> Vec<ArticleId> {
    let mut cited: Vec<usize> = claim
        .sentences
        .iter()
        .map(|&index| sentences[index].article)
        .collect();
    cited.sort_unstable();
    cited.dedup();
    cited
        .into_iter()
        .map(|article| articles[article].article.id.clone())
        .collect()
}

/// The citations of `summary` that `claim` does not support.
fn citation_failures(
    summary: &SummarySentence,
    claim: &parallax_core::Claim,
    articles: &[ArticleRecord],
) -> Vec<UnsupportedCitation> {
    let fail = |article: &ArticleId, reason| UnsupportedCitation {
        sentence: summary.sentence.clone(),
        article: article.clone(),
        reason,
    };
    let mut failures = Vec::new();
    if summary.citations.is_empty() {
        failures.push(fail(&ArticleId::from_string(String::new()), "no citation"));
    }
    let mut seen = HashSet::new();
    for article in &summary.citations {
        if !seen.insert(article) {
            failures.push(fail(article, "cited twice"));
            continue;
        }
        let Some(text) = articles
            .iter()
            .find(|record| &record.article.id == article)
            .map(|record| record.article.text.as_str())
        else {
            failures.push(fail(article, "not an article of the story"));
            continue;
        };
        let supported = claim
            .support
            .iter()
            .any(|support| &support.article == article && text.contains(&support.sentence));
        if !supported {
            failures.push(fail(article, "the article does not support the claim"));
        }
    }
    failures
}

/// A summary citation that its claim does not support.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsupportedCitation {
    /// The summary sentence.
    pub sentence: String,
    /// The article it cites.
    pub article: ArticleId,
    /// Why the citation fails.
    pub reason: &'static str,
}

/// Checks the citation rule: every summary sentence is a claim's sentence and cites at
/// least one article; each article it cites supports that claim with a sentence found
/// verbatim in the article's text. Returns every citation that breaks it.
pub fn check_citations(
    analysis: &StoryAnalysis,
    articles: &[ArticleRecord],
) -> Vec<UnsupportedCitation> {
    let mut failures = Vec::new();
    for summary in &analysis.summary {
        // A sentence may support several claims; the citations must all hold in one.
        let mut best: Option<Vec<UnsupportedCitation>> = None;
        for claim in analysis.claims.iter().filter(|claim| {
            claim
                .support
                .iter()
                .any(|support| support.sentence == summary.sentence)
        }) {
            let failed = citation_failures(summary, claim, articles);
            if best.as_ref().is_none_or(|best| failed.len() < best.len()) {
                best = Some(failed);
            }
        }
        failures.extend(best.unwrap_or_else(|| {
            summary
                .citations
                .iter()
                .map(|article| UnsupportedCitation {
                    sentence: summary.sentence.clone(),
                    article: article.clone(),
                    reason: "the sentence is no claim's",
                })
                .collect()
        }));
    }
    failures
}
