//! Term vectors: an article's content words with weights, for comparing articles with
//! stories.

use std::collections::BTreeMap;

use parallax_core::text::is_stopword;

/// Words shorter than this are not terms (unless they are numbers).
const MIN_TERM_CHARS: usize = 3;
/// How much more a title word weighs than a body word.
const TITLE_WEIGHT: f64 = 2.0;

/// Content words and their weights, sorted by word.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TermVector {
    weights: BTreeMap<String, f64>,
}

impl TermVector {
    /// The term vector of an article with `title` and `text`: `1 + ln(count)` per word,
    /// title words counted double.
    pub fn from_text(title: Option<&str>, text: &str) -> Self {
        let mut counts: BTreeMap<String, f64> = BTreeMap::new();
        for (part, weight) in [(title.unwrap_or_default(), TITLE_WEIGHT), (text, 1.0)] {
            for term in terms(part) {
                *counts.entry(term).or_default() += weight;
            }
        }
        let weights = counts
            .into_iter()
            .map(|(term, count)| (term, 1.0 + count.ln()))
            .collect();
        Self { weights }
    }

    /// A vector from stored `(term, weight)` pairs.
    pub fn from_entries(entries: impl IntoIterator<Item = (String, f64)>) -> Self {
        Self {
            weights: entries.into_iter().collect(),
        }
    }

    /// The `(term, weight)` pairs, sorted by term.
    pub fn entries(&self) -> impl Iterator<Item = (&str, f64)> {
        self.weights
            .iter()
            .map(|(term, weight)| (term.as_str(), *weight))
    }

    /// How many terms it has.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether it has no terms.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Euclidean length.
    pub fn norm(&self) -> f64 {
        self.weights.values().map(|w| w * w).sum::<f64>().sqrt()
    }

    /// Cosine similarity with `other`, in 0..=1.
    pub fn cosine(&self, other: &Self) -> f64 {
        let (small, large) = if self.len() <= other.len() {
            (self, other)
        } else {
            (other, self)
        };
        let dot: f64 = small
            .weights
            .iter()
            .filter_map(|(term, weight)| large.weights.get(term).map(|other| weight * other))
            .sum();
        let norms = self.norm() * other.norm();
        if norms == 0.0 { 0.0 } else { dot / norms }
    }

    /// Adds `other`, scaled to unit length, to this vector.
    pub(crate) fn add_normalised(&mut self, other: &Self) {
        let norm = other.norm();
        if norm == 0.0 {
            return;
        }
        for (term, weight) in &other.weights {
            *self.weights.entry(term.clone()).or_default() += weight / norm;
        }
    }

    /// Keeps the `limit` heaviest terms.
    pub(crate) fn truncate(&mut self, limit: usize) {
        if self.weights.len() <= limit {
            return;
        }
        let mut ranked: Vec<(String, f64)> =
            std::mem::take(&mut self.weights).into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        ranked.truncate(limit);
        self.weights = ranked.into_iter().collect();
    }
}

/// The content words of `text`, lowercased, possessives and stop words removed.
fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .map(|word| {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            let word = word
                .strip_suffix("'s")
                .or_else(|| word.strip_suffix("’s"))
                .unwrap_or(word);
            word.to_lowercase()
        })
        .filter(|word| {
            let is_number = !word.is_empty() && word.chars().all(|c| c.is_ascii_digit());
            (is_number || word.chars().count() >= MIN_TERM_CHARS) && !is_stopword(word)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_and_possessives_are_dropped() {
        let vector =
            TermVector::from_text(Some("Syria's leader"), "The leader of Syria met Putin.");
        let terms: Vec<&str> = vector.entries().map(|(term, _)| term).collect();
        assert_eq!(terms, ["leader", "met", "putin", "syria"]);
    }

    #[test]
    fn cosine_is_one_for_the_same_text_and_zero_for_disjoint_text() {
        let a = TermVector::from_text(None, "earthquake rescuers rubble");
        let b = TermVector::from_text(None, "treaty ministers river");
        assert!((a.cosine(&a) - 1.0).abs() < 1e-9);
        assert_eq!(a.cosine(&b), 0.0);
    }

    #[test]
    fn truncation_keeps_the_heaviest_terms() {
        let mut vector = TermVector::from_text(None, "quake quake quake rubble rubble mayor");
        vector.truncate(2);
        let terms: Vec<&str> = vector.entries().map(|(term, _)| term).collect();
        assert_eq!(terms, ["quake", "rubble"]);
    }
}
