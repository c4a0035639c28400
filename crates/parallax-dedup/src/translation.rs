//! Translations: an article in another language that renders an earlier one sentence by
//! sentence. Word overlap cannot see it, so this needs a sentence-embedding model. Each
//! copy sentence is matched to a source sentence when the two are each other's nearest
//! (mutual best), above a floor, and clearly ahead of the runner-up (a margin, as in
//! bitext mining: absolute cosines differ between models and language pairs, and two
//! unrelated texts in one language are closer to each other than a translation is to its
//! source under an English-only model). The copy is a translation when most of its
//! sentences match, in the source's order.

use std::sync::Arc;

use parallax_core::Article;
use parallax_core::embedding::{SentenceEncoder, cosine};
use parallax_core::text::sentences;

use crate::cache::ArticleCache;

/// How many articles' sentence embeddings are kept for reuse.
const CACHE_SIZE: usize = 2048;

/// An article's sentences and their embeddings.
pub(crate) struct EmbeddedText {
    pub(crate) sentences: Vec<String>,
    vectors: Vec<Vec<f32>>,
}

/// A copy sentence matched to a source sentence.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Match {
    pub(crate) copy: usize,
    pub(crate) source: usize,
    pub(crate) score: f32,
}

/// How a copy's sentences match a source's.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TranslationAlignment {
    pub(crate) matches: Vec<Match>,
    /// Share of the copy's sentences matched.
    pub(crate) coverage: f64,
    /// Share of consecutive matches that follow the source's order.
    pub(crate) ordered_share: f64,
}

/// Sentence embeddings by article, from the model, cached.
pub(crate) struct Embeddings {
    encoder: Arc<dyn SentenceEncoder>,
    cache: ArticleCache<EmbeddedText>,
}

impl Embeddings {
    pub(crate) fn new(encoder: Arc<dyn SentenceEncoder>) -> Self {
        Self {
            encoder,
            cache: ArticleCache::new(CACHE_SIZE),
        }
    }

    pub(crate) fn name(&self) -> &str {
        self.encoder.name()
    }

    /// `article`'s sentences with their embeddings; `None` when the model fails (logged).
    pub(crate) fn of(&self, article: &Article) -> Option<Arc<EmbeddedText>> {
        self.cache.get_or_insert(&article.id, || {
            let sentences: Vec<String> = sentences(&article.text)
                .into_iter()
                .map(str::to_string)
                .collect();
            let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
            match self.encoder.encode(&refs) {
                Ok(vectors) => Some(EmbeddedText { sentences, vectors }),
                Err(error) => {
                    tracing::warn!(article = %article.id, %error, "cannot embed sentences");
                    None
                }
            }
        })
    }
}

/// Matches copy sentences to source sentences: mutual nearest neighbours with a cosine of
/// at least `floor` and at least `margin` above the next best match of either sentence.
pub(crate) fn align(
    copy: &EmbeddedText,
    source: &EmbeddedText,
    floor: f32,
    margin: f32,
) -> TranslationAlignment {
    let rows = copy.vectors.len();
    let columns = source.vectors.len();
    let similarity: Vec<Vec<f32>> = copy
        .vectors
        .iter()
        .map(|a| source.vectors.iter().map(|b| cosine(a, b)).collect())
        .collect();
    let best_in_row = |i: usize| top_two((0..columns).map(|j| (j, similarity[i][j])));
    let best_in_column = |j: usize| top_two((0..rows).map(|i| (i, similarity[i][j])));
    let matches: Vec<Match> = (0..rows)
        .filter_map(|i| {
            let (j, score, row_runner_up) = best_in_row(i)?;
            let (back, _, column_runner_up) = best_in_column(j)?;
            let clear = score - row_runner_up.max(column_runner_up) >= margin;
            (back == i && score >= floor && clear).then_some(Match {
                copy: i,
                source: j,
                score,
            })
        })
        .collect();
    let coverage = if rows == 0 {
        0.0
    } else {
        matches.len() as f64 / rows as f64
    };
    let steps = matches.len().saturating_sub(1);
    let ordered = matches
        .windows(2)
        .filter(|pair| pair[1].source > pair[0].source)
        .count();
    TranslationAlignment {
        coverage,
        ordered_share: if steps == 0 {
            1.0
        } else {
            ordered as f64 / steps as f64
        },
        matches,
    }
}

/// The best `(index, score)` and the runner-up's score (−1 when there is none); ties go
/// to the lower index.
fn top_two(scores: impl Iterator<Item = (usize, f32)>) -> Option<(usize, f32, f32)> {
    let mut best: Option<(usize, f32)> = None;
    let mut runner_up = -1.0_f32;
    for (index, score) in scores {
        match best {
            Some((_, top)) if score <= top => runner_up = runner_up.max(score),
            Some((_, top)) => {
                runner_up = runner_up.max(top);
                best = Some((index, score));
            }
            None => best = Some((index, score)),
        }
    }
    best.map(|(index, score)| (index, score, runner_up))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(vectors: &[[f32; 2]]) -> EmbeddedText {
        EmbeddedText {
            sentences: vectors.iter().map(|v| format!("{v:?}")).collect(),
            vectors: vectors.iter().map(|v| v.to_vec()).collect(),
        }
    }

    #[test]
    fn matching_sentences_in_order_cover_the_copy() {
        let source = text(&[[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]]);
        let copy = text(&[[0.99, 0.141], [0.141, 0.99], [0.6, 0.8]]);
        let alignment = align(&copy, &source, 0.3, 0.1);
        assert_eq!(alignment.matches.len(), 3);
        assert_eq!(alignment.coverage, 1.0);
        assert_eq!(alignment.ordered_share, 1.0);
        assert_eq!(
            alignment
                .matches
                .iter()
                .map(|m| m.source)
                .collect::<Vec<_>>(),
            [0, 1, 2]
        );
    }

    #[test]
    fn a_match_must_stand_out_from_the_runner_up() {
        // The copy sentence is about as close to both source sentences: no clear match.
        let source = text(&[[1.0, 0.0], [0.8, 0.6]]);
        let copy = text(&[[0.95, 0.31]]);
        assert!(align(&copy, &source, 0.3, 0.1).matches.is_empty());
        assert_eq!(align(&copy, &source, 0.3, 0.0).matches.len(), 1);
    }

    #[test]
    fn unrelated_sentences_do_not_match() {
        let source = text(&[[1.0, 0.0]]);
        let copy = text(&[[0.0, 1.0], [0.0, 1.0]]);
        let alignment = align(&copy, &source, 0.3, 0.1);
        assert!(alignment.matches.is_empty());
        assert_eq!(alignment.coverage, 0.0);
    }
}
