//! What clustering reads from an article: its content words, its names and numbers, and
//! its time. Computed without any story state, so the pipeline computes them in parallel.

use parallax_core::hashing::hash_word;
use parallax_core::text::is_stopword;
use time::OffsetDateTime;

use crate::vector::{Key, KeyMap, SparseVector};

/// Words shorter than this are not terms (unless they hold a digit).
const MIN_TERM_CHARS: usize = 3;
/// The lead an embedding model reads is about this long.
const LEAD_CHARS: usize = 600;
/// How much more a title word counts than a body word.
const TITLE_WEIGHT: f32 = 2.0;
/// Words too common in news to say which event an article reports, beyond the stop words.
const NEWS_STOPWORDS: &[&str] = &[
    "according",
    "added",
    "also",
    "could",
    "reported",
    "said",
    "say",
    "says",
    "told",
    "would",
];
/// Characters after which the next word starts a sentence (or a quote, or a list item), so
/// its capital letter says nothing about it being a name.
const SENTENCE_OPENERS: &[char] = &[
    '.', '!', '?', ':', ';', '\n', '"', '“', '”', '«', '»', '`', '•', '|', '(', '[', '—', '–',
];

/// An article as clustering sees it.
#[derive(Clone, Debug, Default)]
pub struct ArticleFeatures {
    /// Content words: `1 + ln(count)`, title words counted double.
    pub(crate) terms: SparseVector,
    /// Capitalised words inside sentences (names) and numbers, weighted the same way.
    pub(crate) entities: SparseVector,
    /// The words behind `terms`' keys, lowercase, for explanations.
    pub(crate) term_labels: KeyMap<Key, String>,
    /// The names behind `entities`' keys as first written, for explanations.
    pub(crate) entity_labels: KeyMap<Key, String>,
    /// Unix seconds of publication, when the article states it.
    pub(crate) published: Option<i64>,
    /// Unix seconds when it was fetched or ingested: the time of an undated article.
    pub(crate) seen: Option<i64>,
    /// Unit-length embedding of its title and lead, when a model is loaded.
    pub(crate) embedding: Option<Vec<f32>>,
}

impl ArticleFeatures {
    /// The features of an article with `title` and `text`, published at `published`.
    pub fn from_text(title: Option<&str>, text: &str, published: Option<OffsetDateTime>) -> Self {
        let mut term_counts: KeyMap<Key, f32> = KeyMap::default();
        let mut entity_counts: KeyMap<Key, f32> = KeyMap::default();
        let mut term_labels = KeyMap::default();
        let mut entity_labels = KeyMap::default();
        for (part, weight) in [(title.unwrap_or_default(), TITLE_WEIGHT), (text, 1.0)] {
            for token in tokens(part) {
                let Some(word) = normalise(token.text) else {
                    continue;
                };
                let key = hash_word(&word) as Key;
                *term_counts.entry(key).or_default() += weight;
                let is_name = !token.sentence_initial
                    && token.text.chars().next().is_some_and(char::is_uppercase);
                let is_number = word.chars().any(|c| c.is_ascii_digit());
                if is_name || is_number {
                    *entity_counts.entry(key).or_default() += weight;
                    entity_labels
                        .entry(key)
                        .or_insert_with(|| display_form(token.text));
                }
                term_labels.entry(key).or_insert(word);
            }
        }
        Self {
            terms: log_weights(term_counts),
            entities: log_weights(entity_counts),
            term_labels,
            entity_labels,
            published: published.map(OffsetDateTime::unix_timestamp),
            seen: None,
            embedding: None,
        }
    }

    /// The same features with the unit-length embedding of the article's title and lead
    /// (from an optional sentence-embedding model): one more signal, and the only one
    /// that crosses languages.
    pub fn with_embedding(mut self, embedding: Vec<f32>) -> Self {
        self.embedding = Some(embedding);
        self
    }

    /// The same features, fetched or ingested at `seen`. An undated article's time is
    /// when it was seen: it keeps the window moving and closes stale stories, but it is
    /// no evidence about which event the article reports (a folder of old articles is
    /// seen today), so only publication dates count as distance in time.
    pub fn seen_at(mut self, seen: OffsetDateTime) -> Self {
        self.seen = Some(seen.unix_timestamp());
        self
    }

    /// How many distinct content words it has.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// The text an embedding model should read for clustering: the title and the first
    /// sentences, up to about `LEAD_CHARS` characters.
    pub fn lead(title: Option<&str>, text: &str) -> String {
        let mut lead = title.unwrap_or_default().to_string();
        for sentence in parallax_core::text::sentences(text) {
            if lead.len() >= LEAD_CHARS {
                break;
            }
            if !lead.is_empty() {
                lead.push(' ');
            }
            lead.push_str(sentence);
        }
        lead
    }

    /// Its time, in Unix seconds: publication, else when it was seen.
    pub fn at(&self) -> Option<i64> {
        self.published.or(self.seen)
    }
}

fn log_weights(counts: KeyMap<Key, f32>) -> SparseVector {
    SparseVector::from_pairs(
        counts
            .into_iter()
            .map(|(key, count)| (key, 1.0 + count.ln()))
            .collect(),
    )
}

/// A word of the text and whether it opens a sentence.
struct Token<'a> {
    text: &'a str,
    sentence_initial: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'
}

/// The words of `text` in order, each marked when it opens a sentence. A `.` or `,`
/// between digits belongs to the number ("6.1", "1,200").
fn tokens(text: &str) -> impl Iterator<Item = Token<'_>> {
    let mut sentence_initial = true;
    let mut start: Option<usize> = None;
    let mut chars = text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
        .peekable();
    let mut previous = ' ';
    std::iter::from_fn(move || {
        while let Some((index, c)) = chars.next() {
            let next = chars.peek().map_or(' ', |&(_, next)| next);
            let inside_number = matches!(c, '.' | ',')
                && previous.is_ascii_digit()
                && next.is_ascii_digit()
                && start.is_some();
            previous = c;
            if (is_word_char(c) || inside_number) && index < text.len() {
                start.get_or_insert(index);
                continue;
            }
            let token = start.take().map(|from| Token {
                text: &text[from..index],
                sentence_initial,
            });
            if token.is_some() {
                sentence_initial = false;
            }
            if SENTENCE_OPENERS.contains(&c) {
                sentence_initial = true;
            }
            if token.is_some() {
                return token;
            }
        }
        None
    })
}

/// The term a raw word stands for: trimmed, possessive dropped, lowercase; `None` for stop
/// words and words too short to carry meaning.
fn normalise(raw: &str) -> Option<String> {
    let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word);
    let word = word.to_lowercase();
    let has_digit = word.chars().any(|c| c.is_ascii_digit());
    let long_enough = has_digit || word.chars().count() >= MIN_TERM_CHARS;
    (long_enough && !is_stopword(&word) && !NEWS_STOPWORDS.contains(&word.as_str())).then_some(word)
}

/// A name as shown in explanations: trimmed, without a possessive.
fn display_form(raw: &str) -> String {
    let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(map: &KeyMap<Key, String>) -> Vec<String> {
        let mut labels: Vec<String> = map.values().cloned().collect();
        labels.sort();
        labels
    }

    #[test]
    fn names_inside_sentences_and_numbers_are_entities() {
        let features = ArticleFeatures::from_text(
            None,
            "Rescuers reached Velmora with Oskar Brandt. The 6.1 quake killed 42 people, officials in Velmora's capital said.",
            None,
        );
        assert_eq!(
            labels(&features.entity_labels),
            ["42", "6.1", "Brandt", "Oskar", "Velmora"]
        );
        assert!(labels(&features.term_labels).contains(&"rescuers".to_string()));
        assert!(!labels(&features.term_labels).contains(&"said".to_string()));
    }

    #[test]
    fn title_words_weigh_double() {
        let features = ArticleFeatures::from_text(Some("Quake"), "Rubble and quake.", None);
        let quake = hash_word("quake") as Key;
        let rubble = hash_word("rubble") as Key;
        assert!((features.terms.get(quake) - (1.0 + 3f32.ln())).abs() < 1e-6);
        assert_eq!(features.terms.get(rubble), 1.0);
    }

    #[test]
    fn tokens_mark_sentence_openers() {
        let marks: Vec<(&str, bool)> = tokens("Putin met Sharaa. “We agree,” he said")
            .map(|token| (token.text, token.sentence_initial))
            .collect();
        assert_eq!(
            marks,
            [
                ("Putin", true),
                ("met", false),
                ("Sharaa", false),
                ("We", true),
                ("agree", false),
                ("he", true),
                ("said", false)
            ]
        );
    }
}
