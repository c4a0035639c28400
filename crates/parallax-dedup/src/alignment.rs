//! Sentence alignment: which sentences of a possible copy have a counterpart in a possible
//! source, how closely, and whether they come in the source's order. Sentences are
//! compared by the share of the copy sentence's content-word stems found in one source
//! sentence or two adjacent ones (rewrites merge and split sentences), so rewording that
//! keeps the facts still aligns, while articles that merely share names do not.

use std::collections::HashSet;

use parallax_core::text::{is_stopword, sentences, words};
use rust_stemmers::{Algorithm, Stemmer};

use crate::minhash::hash_word;

/// A copy sentence with fewer content stems than this is too short to count either way.
const MIN_SENTENCE_STEMS: usize = 3;
/// A copy sentence aligns when at least this share of its stems is in the source window.
pub(crate) const MIN_ALIGNED_SCORE: f64 = 0.5;
/// A copy sentence is (near) verbatim when at least this share of its word trigrams occur
/// in the source: a repost that corrects a word in a long paragraph is still a repost.
const MIN_VERBATIM_TRIGRAMS: f64 = 0.9;

/// A text split into sentences, each with its content-word stems.
pub(crate) struct PreparedText {
    sentences: Vec<String>,
    stems: Vec<Vec<u64>>,
    trigrams: HashSet<u64>,
    words: HashSet<u64>,
    chars: Vec<usize>,
}

impl PreparedText {
    pub(crate) fn new(text: &str, stemmer: &Stemmer) -> Self {
        let sentences: Vec<String> = sentences(text).into_iter().map(str::to_string).collect();
        let stems = sentences
            .iter()
            .map(|sentence| stems_of(sentence, stemmer))
            .collect();
        let chars = sentences
            .iter()
            .map(|sentence| sentence.chars().count())
            .collect();
        let trigrams = word_trigrams(text).collect();
        let words = words(text).map(|word| hash_word(&word)).collect();
        Self {
            sentences,
            stems,
            trigrams,
            words,
            chars,
        }
    }

    /// The text's length in characters, counting only sentences long enough to align.
    fn alignable_chars(&self) -> usize {
        (0..self.sentences.len())
            .filter(|&i| self.stems[i].len() >= MIN_SENTENCE_STEMS)
            .map(|i| self.chars[i])
            .sum()
    }

    /// Characters of alignable text.
    pub(crate) fn len(&self) -> usize {
        self.alignable_chars()
    }
}

/// Quotes with fewer words are too short to tell a rewrite from independent reporting.
const MIN_QUOTE_WORDS: usize = 2;
/// A quote is kept when at least this share of its words occur in the source.
const MIN_KEPT_QUOTE_WORDS: f64 = 0.5;
/// A rewrite keeps at least this share of its quotes.
const MIN_KEPT_QUOTES: f64 = 0.5;

/// Whether `copy` keeps `source`'s quotes: at least half of the copy's quotations have most
/// of their words in the source (true when the copy quotes nobody).
pub(crate) fn keeps_quotes(copy: &PreparedText, source: &PreparedText) -> bool {
    let quotes: Vec<&str> = copy
        .sentences
        .iter()
        .flat_map(|sentence| quotations(sentence))
        .filter(|quote| words(quote).count() >= MIN_QUOTE_WORDS)
        .collect();
    if quotes.is_empty() {
        return true;
    }
    let kept = quotes
        .iter()
        .filter(|quote| {
            let quote_words: Vec<String> = words(quote).collect();
            let found = quote_words
                .iter()
                .filter(|word| source.words.contains(&hash_word(word)))
                .count();
            found as f64 >= MIN_KEPT_QUOTE_WORDS * quote_words.len() as f64
        })
        .count();
    kept as f64 >= MIN_KEPT_QUOTES * quotes.len() as f64
}

/// The spans of `sentence` between curly or straight double quotation marks.
fn quotations(sentence: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = sentence;
    while let Some(open) = rest.find(['“', '"']) {
        let after = &rest[open + rest[open..].chars().next().map_or(1, char::len_utf8)..];
        let Some(close) = after.find(['”', '"']) else {
            break;
        };
        found.push(&after[..close]);
        rest = &after[close + after[close..].chars().next().map_or(1, char::len_utf8)..];
    }
    found
}

/// A stemmer for English content words.
pub(crate) fn english_stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

fn stems_of(sentence: &str, stemmer: &Stemmer) -> Vec<u64> {
    let mut stems: Vec<u64> = words(sentence)
        .filter(|word| word.chars().count() > 1 && !is_stopword(word))
        .map(|word| hash_word(&stemmer.stem(&word)))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    stems.sort_unstable();
    stems
}

/// One aligned pair: a copy sentence and its best source sentence.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AlignedPair {
    /// Index of the copy's sentence.
    pub(crate) copy: usize,
    /// Index of the source's sentence (the first of a two-sentence window).
    pub(crate) source: usize,
    /// Share of the copy sentence's stems found in the source window.
    pub(crate) score: f64,
    /// Whether the copy sentence occurs word for word in the source.
    pub(crate) verbatim: bool,
}

/// How a possible copy aligns with a possible source.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Alignment {
    /// Aligned sentences, in the copy's order.
    pub(crate) pairs: Vec<AlignedPair>,
    /// Share of the copy's alignable characters in aligned sentences.
    pub(crate) coverage: f64,
    /// Share of the copy's alignable characters in sentences found word for word.
    pub(crate) verbatim_coverage: f64,
    /// Share of aligned sentences in the longest run that follows the source's order.
    pub(crate) ordered_share: f64,
}

/// Aligns `copy` against `source`.
pub(crate) fn align(copy: &PreparedText, source: &PreparedText) -> Alignment {
    let mut pairs = Vec::new();
    let (mut aligned_chars, mut verbatim_chars) = (0usize, 0usize);
    for (i, stems) in copy.stems.iter().enumerate() {
        if stems.len() < MIN_SENTENCE_STEMS {
            continue;
        }
        let Some((source_index, score)) = best_window(stems, &source.stems) else {
            continue;
        };
        if score < MIN_ALIGNED_SCORE {
            continue;
        }
        let verbatim = is_verbatim(&copy.sentences[i], &source.trigrams);
        aligned_chars += copy.chars[i];
        if verbatim {
            verbatim_chars += copy.chars[i];
        }
        pairs.push(AlignedPair {
            copy: i,
            source: source_index,
            score,
            verbatim,
        });
    }
    let total = copy.alignable_chars().max(1) as f64;
    Alignment {
        ordered_share: ordered_share(&pairs),
        coverage: aligned_chars as f64 / total,
        verbatim_coverage: verbatim_chars as f64 / total,
        pairs,
    }
}

/// The source sentence (alone or with the next one) holding most of `stems`.
fn best_window(stems: &[u64], source: &[Vec<u64>]) -> Option<(usize, f64)> {
    let mut best: Option<(usize, f64)> = None;
    for j in 0..source.len() {
        let next = source.get(j + 1).map_or(&[][..], Vec::as_slice);
        let found = stems
            .iter()
            .filter(|stem| {
                source[j].binary_search(stem).is_ok() || next.binary_search(stem).is_ok()
            })
            .count();
        let score = found as f64 / stems.len() as f64;
        if best.is_none_or(|(_, top)| score > top) {
            best = Some((j, score));
        }
    }
    best
}

/// Hashes of every run of three consecutive words of `text`.
fn word_trigrams(text: &str) -> impl Iterator<Item = u64> {
    let hashes: Vec<u64> = words(text).map(|word| hash_word(&word)).collect();
    (0..hashes.len().saturating_sub(2)).map(move |i| {
        hashes[i]
            .rotate_left(21)
            .wrapping_add(hashes[i + 1].rotate_left(42))
            .wrapping_add(hashes[i + 2])
    })
}

fn is_verbatim(sentence: &str, source_trigrams: &HashSet<u64>) -> bool {
    let (mut found, mut total) = (0usize, 0usize);
    for trigram in word_trigrams(sentence) {
        total += 1;
        found += usize::from(source_trigrams.contains(&trigram));
    }
    total > 0 && found as f64 >= MIN_VERBATIM_TRIGRAMS * total as f64
}

/// Length of the longest non-decreasing run of source positions, over the pairs.
fn ordered_share(pairs: &[AlignedPair]) -> f64 {
    if pairs.is_empty() {
        return 0.0;
    }
    let mut tails: Vec<usize> = Vec::new();
    for pair in pairs {
        let at = tails.partition_point(|&tail| tail <= pair.source);
        if at == tails.len() {
            tails.push(pair.source);
        } else {
            tails[at] = pair.source;
        }
    }
    tails.len() as f64 / pairs.len() as f64
}

impl PreparedText {
    /// The sentence at `index`.
    pub(crate) fn sentence(&self, index: usize) -> &str {
        &self.sentences[index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "Putin spoke of the special relationship between both countries. \
        Sharaa suggested he would continue to allow Russia access to its military bases in Syria. \
        He was also expected to ask for the extradition of Assad, who was granted asylum in Moscow. \
        Russia wants continued access to its Tartous naval port and Hmeimim airbase on the coast.";

    fn prepared(text: &str) -> PreparedText {
        PreparedText::new(text, &english_stemmer())
    }

    #[test]
    fn a_verbatim_trim_is_fully_covered() {
        let copy = "Putin spoke of the special relationship between both countries. \
            Sharaa suggested he would continue to allow Russia access to its military bases in Syria.";
        let alignment = align(&prepared(copy), &prepared(SOURCE));
        assert_eq!(alignment.coverage, 1.0);
        assert_eq!(alignment.verbatim_coverage, 1.0);
        assert_eq!(alignment.ordered_share, 1.0);
    }

    #[test]
    fn a_rewording_aligns_but_not_verbatim() {
        let copy = "President Putin highlighted the special relationships between the two countries. \
            Sharaa indicated he would keep allowing Russian access to military bases in Syria. \
            Syria is expected to request the extradition of Assad, who has asylum in Moscow.";
        let alignment = align(&prepared(copy), &prepared(SOURCE));
        assert!(alignment.coverage > 0.9, "{alignment:?}");
        assert_eq!(alignment.verbatim_coverage, 0.0);
        assert_eq!(alignment.ordered_share, 1.0);
    }

    #[test]
    fn a_word_changed_in_a_long_sentence_is_still_verbatim() {
        let long = "The regional government said on Thursday that soldiers, firefighters and volunteers from \
            across the south would join the search for survivors in the ruins of the old harbour district, \
            where most of the collapsed buildings stood, and that heavy equipment would arrive by ferry overnight.";
        let edited = long.replace("the old harbour", "an old harbour");
        let source = PreparedText::new(long, &english_stemmer());
        assert!(is_verbatim(&edited, &source.trigrams));
        assert!(!is_verbatim(
            "Soldiers joined the search in the harbour district on Thursday night.",
            &source.trigrams
        ));
    }

    #[test]
    fn quotes_are_found_and_kept_or_not() {
        assert_eq!(
            quotations("“We aim,” he said, calling it \"a key partner\" today."),
            ["We aim,", "a key partner"]
        );
        let source = prepared(
            "Putin spoke of the “special relationship” and of “interesting and useful undertakings”.",
        );
        let keeps = prepared(
            "Putin highlighted the “special relationship” and “useful undertakings” ahead.",
        );
        let own = prepared("“We have replaced suspicion with rules,” the minister told reporters.");
        assert!(keeps_quotes(&keeps, &source));
        assert!(!keeps_quotes(&own, &source));
        assert!(keeps_quotes(
            &prepared("No quotes in this sentence at all."),
            &source
        ));
    }

    #[test]
    fn unrelated_text_does_not_align() {
        let copy = "Ministers from Aldoria and Belmark signed the Ostra river treaty in Norhaven on Tuesday.";
        assert_eq!(align(&prepared(copy), &prepared(SOURCE)).coverage, 0.0);
    }
}
