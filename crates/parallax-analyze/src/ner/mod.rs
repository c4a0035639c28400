//! Named entities: people, places, organisations and other names in a text, as spans of
//! its words with a type. Two taggers behind one [`Tagger`] interface: [`RuleTagger`]
//! (no model: capitalised spans typed by titles, suffixes, cues and gazetteers) and
//! [`PerceptronTagger`] (an averaged perceptron over word shape, affixes, context and
//! gazetteer features, trained by `parallax train ner` on CoNLL-style files and loaded
//! from a local file the user names).
//!
//! Written here rather than taken from a crate: no well-kept Rust crate trains a
//! feature-based sequence tagger without pulling a neural framework, and both taggers are
//! small.

use std::collections::HashMap;

mod clusters;
mod features;
pub(crate) mod gazetteer;
mod perceptron;
mod rules;
mod tokens;

pub use crate::entities::{acronym, initials, is_name_suffix, word_key as name_word_key};
pub use clusters::WordClusters;
pub use gazetteer::{Sex, first_name_sex};
pub use perceptron::{ModelError, PerceptronTagger, TrainConfig, TrainingDocument};
pub use rules::RuleTagger;
pub use tokens::{Token, sentences, tokenize};

/// The kind of a named entity (CoNLL's PER, LOC, ORG, MISC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    /// A person.
    Person,
    /// A place: country, city, region, landmark.
    Place,
    /// An organisation: company, party, agency, team, outlet.
    Organization,
    /// Any other name: nationalities, events, products, works.
    Other,
}

impl EntityKind {
    /// The CoNLL label (`PER`, `LOC`, `ORG`, `MISC`).
    pub fn conll(self) -> &'static str {
        match self {
            Self::Person => "PER",
            Self::Place => "LOC",
            Self::Organization => "ORG",
            Self::Other => "MISC",
        }
    }

    /// The kind a CoNLL label names.
    pub fn from_conll(label: &str) -> Option<Self> {
        Some(match label {
            "PER" => Self::Person,
            "LOC" => Self::Place,
            "ORG" => Self::Organization,
            "MISC" => Self::Other,
            _ => return None,
        })
    }

    /// The contract's name (`person`, `place`, `organization`, `other`).
    pub fn contract_name(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Place => "place",
            Self::Organization => "organization",
            Self::Other => "other",
        }
    }

    const ALL: [Self; 4] = [Self::Person, Self::Place, Self::Organization, Self::Other];
}

/// A BIO tag of one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tag {
    /// Outside any entity.
    Outside,
    /// The first word of an entity.
    Begin(EntityKind),
    /// A later word of an entity.
    Inside(EntityKind),
}

impl Tag {
    /// Number of distinct tags.
    pub(crate) const COUNT: usize = 9;

    /// A dense index in `0..COUNT`.
    pub(crate) fn index(self) -> usize {
        match self {
            Self::Outside => 0,
            Self::Begin(kind) => 1 + kind as usize,
            Self::Inside(kind) => 5 + kind as usize,
        }
    }

    /// The tag of a dense index.
    pub(crate) fn from_index(index: usize) -> Self {
        match index {
            1..=4 => Self::Begin(EntityKind::ALL[index - 1]),
            5..=8 => Self::Inside(EntityKind::ALL[index - 5]),
            _ => Self::Outside,
        }
    }

    /// Parses a CoNLL BIO tag (`O`, `B-PER`, `I-LOC`...).
    pub fn from_conll(tag: &str) -> Option<Self> {
        if tag == "O" {
            return Some(Self::Outside);
        }
        let (position, label) = tag.split_once('-')?;
        let kind = EntityKind::from_conll(label)?;
        match position {
            "B" => Some(Self::Begin(kind)),
            "I" => Some(Self::Inside(kind)),
            _ => None,
        }
    }

    /// The CoNLL spelling.
    pub fn conll(self) -> String {
        match self {
            Self::Outside => "O".into(),
            Self::Begin(kind) => format!("B-{}", kind.conll()),
            Self::Inside(kind) => format!("I-{}", kind.conll()),
        }
    }
}

/// One entity found in a sequence of words: words `start..end` of kind `kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First word.
    pub start: usize,
    /// One past the last word.
    pub end: usize,
    /// What it names.
    pub kind: EntityKind,
}

/// A name a tagger found in a text, by byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name {
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset one past its last character.
    pub end: usize,
    /// What it names.
    pub kind: EntityKind,
}

/// A text's words, sentences and names: tagged once, read by every analysis.
#[derive(Clone, Debug)]
pub struct TaggedText<'a> {
    /// The words.
    pub tokens: Vec<Token<'a>>,
    /// The sentences, as ranges of `tokens`.
    pub sentences: Vec<std::ops::Range<usize>>,
    /// The names, in text order.
    pub names: Vec<Name>,
}

/// Splits `text` into words and sentences and tags its names with `tagger`.
pub fn tag_text<'a>(text: &'a str, tagger: &dyn Tagger) -> TaggedText<'a> {
    let tokens = tokenize(text);
    let sentences = sentences(text, &tokens);
    let words: Vec<Vec<&str>> = sentences
        .iter()
        .map(|range| {
            tokens[range.clone()]
                .iter()
                .map(|token| token.text)
                .collect()
        })
        .collect();
    let tags = tagger.tag_document(&words);
    let mut names = Vec::new();
    for (range, sentence_tags) in sentences.iter().zip(&tags) {
        let sentence = &tokens[range.clone()];
        for span in spans(sentence_tags) {
            names.push(Name {
                start: sentence[span.start].start,
                end: sentence[span.end - 1].end,
                kind: span.kind,
            });
        }
    }
    TaggedText {
        tokens,
        sentences,
        names,
    }
}

/// Tags sentences of words.
pub trait Tagger: Send + Sync {
    /// One tag per word of `words` (one sentence).
    fn tag(&self, words: &[&str]) -> Vec<Tag>;

    /// The tags of one document's sentences before the document is made to agree with
    /// itself: each sentence alone, unless the tagger reads the document too.
    fn tag_sentences(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Tag>> {
        sentences.iter().map(|words| self.tag(words)).collect()
    }

    /// Tags the sentences of one document, then makes the document agree with itself:
    /// a name tagged as one kind in most of its mentions is that kind everywhere, and a
    /// one-word name or a person's surname is a name wherever it stands.
    fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Tag>> {
        let mut tags = self.tag_sentences(sentences);
        make_consistent(sentences, &mut tags);
        complete_names(sentences, &mut tags);
        tags
    }
}

/// A name's kind wins over its other tags in a document when at least this share of its
/// mentions have it...
const CONSISTENT_SHARE: f64 = 0.66;
/// ...and it has at least this many mentions.
const CONSISTENT_MENTIONS: usize = 2;

/// Tags the document's untagged capitalised words that are, elsewhere in it, a name of one
/// word or a person's surname, with that name's most given kind: "Rep. Adam Schiff" …
/// "Schiff called on", where a sentence's first word gave the tagger no capital to read.
/// Month and weekday names are left alone ("Theresa May" does not claim "in May").
pub fn complete_names(sentences: &[Vec<&str>], tags: &mut [Vec<Tag>]) {
    let mut known: HashMap<&str, HashMap<EntityKind, usize>> = HashMap::new();
    for (words, sentence_tags) in sentences.iter().zip(tags.iter()) {
        for span in spans(sentence_tags) {
            let last = words[span.end - 1];
            let single = span.end - span.start == 1;
            if (single || span.kind == EntityKind::Person)
                && last.chars().next().is_some_and(char::is_uppercase)
                && last.len() >= MIN_COMPLETED_LENGTH
                && !crate::when::is_calendar_name(last)
            {
                *known.entry(last).or_default().entry(span.kind).or_insert(0) += 1;
            }
        }
    }
    for (words, sentence_tags) in sentences.iter().zip(tags.iter_mut()) {
        for (word, tag) in words.iter().zip(sentence_tags.iter_mut()) {
            if *tag != Tag::Outside {
                continue;
            }
            // A headline in capitals names them in capitals ("CUTTITTA" for "Cuttitta").
            let title_case = (word.chars().any(char::is_uppercase)
                && !word.chars().any(char::is_lowercase))
            .then(|| title_case(word));
            let counts = known
                .get(word)
                .or_else(|| title_case.as_deref().and_then(|word| known.get(word)));
            let kind = counts.and_then(|counts| {
                counts
                    .iter()
                    .max_by_key(|(kind, count)| (**count, **kind))
                    .map(|(kind, _)| *kind)
            });
            if let Some(kind) = kind {
                *tag = Tag::Begin(kind);
            }
        }
    }
}

/// "CUTTITTA" → "Cuttitta".
fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect()
    })
}

/// Shorter names ("Al", "Li") are too often something else to complete.
const MIN_COMPLETED_LENGTH: usize = 3;

/// Retypes each entity span whose words are, in most of the document's mentions of the
/// same words, tagged as another kind.
pub fn make_consistent(sentences: &[Vec<&str>], tags: &mut [Vec<Tag>]) {
    let mut kinds: HashMap<String, HashMap<EntityKind, usize>> = HashMap::new();
    for (words, sentence_tags) in sentences.iter().zip(tags.iter()) {
        for span in spans(sentence_tags) {
            let name = words[span.start..span.end].join(" ");
            *kinds.entry(name).or_default().entry(span.kind).or_insert(0) += 1;
        }
    }
    for (words, sentence_tags) in sentences.iter().zip(tags.iter_mut()) {
        for span in spans(sentence_tags) {
            let name = words[span.start..span.end].join(" ");
            let Some(counts) = kinds.get(&name) else {
                continue;
            };
            let total: usize = counts.values().sum();
            let Some((&kind, &count)) = counts.iter().max_by_key(|(kind, count)| (**count, **kind))
            else {
                continue;
            };
            if kind != span.kind
                && total >= CONSISTENT_MENTIONS
                && count as f64 >= total as f64 * CONSISTENT_SHARE
            {
                sentence_tags[span.start] = Tag::Begin(kind);
                for tag in &mut sentence_tags[span.start + 1..span.end] {
                    *tag = Tag::Inside(kind);
                }
            }
        }
    }
}

/// The entity spans a BIO tag sequence marks, the way conlleval reads it: a span starts at
/// `B-X`, or at `I-X` after a tag of another kind or `O`, and runs while `I-X` follows.
pub fn spans(tags: &[Tag]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, EntityKind)> = None;
    for (index, tag) in tags.iter().enumerate() {
        let continues =
            matches!((tag, open), (Tag::Inside(kind), Some((_, current))) if *kind == current);
        if continues {
            continue;
        }
        if let Some((start, kind)) = open.take() {
            spans.push(Span {
                start,
                end: index,
                kind,
            });
        }
        if let Tag::Begin(kind) | Tag::Inside(kind) = tag {
            open = Some((index, *kind));
        }
    }
    if let Some((start, kind)) = open {
        spans.push(Span {
            start,
            end: tags.len(),
            kind,
        });
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_spans_follow_conlleval() {
        for index in 0..Tag::COUNT {
            assert_eq!(Tag::from_index(index).index(), index);
        }
        let tags: Vec<Tag> = ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-MISC"]
            .iter()
            .map(|tag| Tag::from_conll(tag).unwrap())
            .collect();
        assert_eq!(
            spans(&tags),
            [
                Span {
                    start: 0,
                    end: 2,
                    kind: EntityKind::Person
                },
                Span {
                    start: 3,
                    end: 4,
                    kind: EntityKind::Place
                },
                Span {
                    start: 4,
                    end: 5,
                    kind: EntityKind::Organization
                },
                Span {
                    start: 5,
                    end: 6,
                    kind: EntityKind::Organization
                },
                Span {
                    start: 6,
                    end: 7,
                    kind: EntityKind::Other
                },
            ]
        );
    }

    #[test]
    fn a_surname_alone_is_the_person_named_in_full() {
        let text = "Rep. Carlos Ramos spoke on Tuesday. Ramos called on the council to act. \
                    Theresa May wrote in May.";
        let tagged = tag_text(text, &RuleTagger);
        let people: Vec<&str> = tagged
            .names
            .iter()
            .filter(|name| name.kind == EntityKind::Person)
            .map(|name| &text[name.start..name.end])
            .collect();
        assert_eq!(
            people.iter().filter(|name| **name == "Ramos").count(),
            1,
            "{people:?}"
        );
        assert!(
            !people.contains(&"May"),
            "a month is not a surname: {people:?}"
        );
        assert!(
            tagged
                .names
                .windows(2)
                .all(|pair| pair[0].start < pair[1].start)
        );
    }

    #[test]
    fn one_word_names_and_surnames_are_names_wherever_they_stand() {
        use EntityKind::{Organization, Person};
        let sentences = vec![
            vec!["Gazprom", "and", "Theresa", "May", "met", "Ana", "Sousa"],
            vec!["Sousa", "said", "Gazprom", "would", "pay", "in", "May"],
        ];
        let mut tags = vec![
            vec![
                Tag::Begin(Organization),
                Tag::Outside,
                Tag::Begin(Person),
                Tag::Inside(Person),
                Tag::Outside,
                Tag::Begin(Person),
                Tag::Inside(Person),
            ],
            vec![Tag::Outside; 7],
        ];
        complete_names(&sentences, &mut tags);
        assert_eq!(tags[1][0], Tag::Begin(Person), "a surname: {:?}", tags[1]);
        assert_eq!(tags[1][2], Tag::Begin(Organization), "a one-word name");
        assert_eq!(tags[1][6], Tag::Outside, "a month stays a month");
        assert_eq!(tags[1][1], Tag::Outside);
    }
}
