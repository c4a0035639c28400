//! Invented events for the benchmarks' streams, written from real sentences: each event
//! is a mix of sentences from the public texts with every name replaced by one of the
//! event's own invented names and every figure by one of its own figures (names and
//! figures are what set real events apart), and follow-ups keep most of an event's
//! sentences.

use crate::bench::rng::Rng;

/// Sentences per generated article.
const SENTENCES: std::ops::Range<usize> = 6..14;

/// An event: its names, figures and sentences.
pub(crate) struct Event {
    pub(crate) names: Vec<String>,
    pub(crate) figures: Vec<String>,
    pub(crate) sentences: Vec<usize>,
}

/// Every sentence of the corpus with at least six words.
pub(crate) fn sentence_pool(texts: &[String]) -> Vec<String> {
    texts
        .iter()
        .flat_map(|text| parallax_core::text::sentences(text))
        .filter(|sentence| sentence.split_whitespace().count() >= 6)
        .map(str::to_string)
        .collect()
}

fn mix(rng: &mut Rng, pool: usize) -> Vec<usize> {
    let count = SENTENCES.start + rng.below(SENTENCES.end - SENTENCES.start);
    (0..count).map(|_| rng.below(pool)).collect()
}

/// A follow-up: the source's sentences, each kept with probability 0.7, plus new ones.
pub(crate) fn follow_up(rng: &mut Rng, source: &[usize], pool: usize) -> Vec<usize> {
    let mut sentences: Vec<usize> = source.iter().copied().filter(|_| rng.chance(0.7)).collect();
    for _ in 0..2 + rng.below(3) {
        sentences.push(rng.below(pool));
    }
    sentences
}

/// Names and figures an event has.
const EVENT_NAMES: usize = 6;

pub(crate) fn new_event(rng: &mut Rng, pool: usize) -> Event {
    Event {
        names: (0..EVENT_NAMES).map(|_| name(rng)).collect(),
        figures: (0..EVENT_NAMES)
            .map(|_| (10 + rng.below(9_990)).to_string())
            .collect(),
        sentences: mix(rng, pool),
    }
}

/// An invented name: four syllables (41 million possible), capitalised.
fn name(rng: &mut Rng) -> String {
    const CONSONANTS: &[u8] = b"bcdfghklmnprstvz";
    const VOWELS: &[u8] = b"aeiou";
    let mut name = String::new();
    for _ in 0..4 {
        name.push(CONSONANTS[rng.below(CONSONANTS.len())] as char);
        name.push(VOWELS[rng.below(VOWELS.len())] as char);
    }
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// An article: the sentences, each name replaced by one of the event's names and each
/// figure by one of its figures (the same word always by the same replacement).
pub(crate) fn write(pool: &[String], event: &Event, sentences: &[usize]) -> String {
    let mut text = String::new();
    for &i in sentences {
        if !text.is_empty() {
            text.push(' ');
        }
        for (position, word) in pool[i].split(' ').enumerate() {
            if position > 0 {
                text.push(' ');
            }
            let pick = |choices: &[String]| {
                let index = parallax_core::hashing::hash_word(word) as usize % choices.len();
                choices[index].clone()
            };
            if word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                text.push_str(&pick(&event.figures));
            } else if position > 0 && word.chars().next().is_some_and(char::is_uppercase) {
                text.push_str(&pick(&event.names));
            } else {
                text.push_str(word);
            }
        }
    }
    text
}
