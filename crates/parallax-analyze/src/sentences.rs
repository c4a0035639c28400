//! The sentences of a story's articles, each read once into what claims, differences,
//! the timeline and the summary compare: idf-weighted content terms (light stems, with
//! common news paraphrases folded into one concept: "capsized"/"overturned",
//! "killed"/"died"), the story's entities after alias resolution, amounts with their
//! units, and time expressions.
//!
//! The stemmer and the concept list are ours: a few lines that fold the wordings outlets
//! use for one fact, where a full stemmer crate would add little and cost a dependency.

use std::collections::HashMap;
use std::sync::LazyLock;

use parallax_core::contract::ArticleRecord;
use parallax_core::embedding::SentenceEncoder;
use parallax_core::{Entity, text};

use crate::entities::{clean_surface, index_by_alias};
use crate::ner::{TaggedText, Token, name_word_key, tokenize};
use crate::when::{TimeMention, time_mentions};

/// A sentence needs this many content terms to state a fact.
const MIN_TERMS: usize = 2;
/// A line without a final stop needs this many words to be a sentence, not a heading.
const MIN_UNPUNCTUATED_WORDS: usize = 10;
/// Entities weigh this much more than words: names carry most of a fact.
const ENTITY_WEIGHT: f32 = 1.0;
/// Amounts and dates weigh this much more than words.
const VALUE_WEIGHT: f32 = 1.5;
/// Amounts from this value on are features without their unit.
const MIN_BARE_AMOUNT: f64 = 10.0;
/// A sentence that gives no value and one that does compare on what they are about,
/// at this share (the value may be what tells two facts apart: "was licensed to carry
/// 90" / "carried more than it was licensed for").
const ONE_SIDED_VALUES: f32 = 0.75;
/// Share of difference two approximate amounts may have and still agree.
const APPROXIMATE_TOLERANCE: f64 = 0.1;

/// Words that make an amount approximate ("about 150").
const APPROXIMATE_CUES: &[&str] = &[
    "about",
    "around",
    "some",
    "roughly",
    "nearly",
    "almost",
    "approximately",
    "estimated",
];

/// Wordings news uses for one fact, folded into one concept each.
const CONCEPTS: &[&[&str]] = &[
    &[
        "killed",
        "kill",
        "dead",
        "died",
        "die",
        "death",
        "deaths",
        "fatalities",
        "toll",
    ],
    &["injured", "injuries", "wounded", "hurt"],
    &["rescued", "rescue", "rescuers", "saved", "survivors"],
    &["missing", "unaccounted"],
    &[
        "capsized",
        "capsize",
        "overturned",
        "flipped",
        "keeled",
        "sank",
        "sinking",
        "sunk",
    ],
    &["arrested", "detained", "custody"],
    &["met", "meeting", "talks", "summit"],
    &["visit", "visited", "trip"],
    &[
        "ousting",
        "ousted",
        "ouster",
        "toppled",
        "overthrow",
        "collapsed",
        "fall",
        "fell",
    ],
    &["extradition", "extradite", "extradited"],
    &["asylum", "refuge"],
    &[
        "investigators",
        "investigation",
        "investigate",
        "inquiry",
        "probe",
    ],
    &["ferry", "vessel", "boat", "ship"],
    &["evacuated", "evacuation", "evacuate"],
    &["resigned", "resignation", "resign", "quit"],
    &["attack", "attacked", "assault", "strike"],
];

static CONCEPT_OF: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for group in CONCEPTS {
        let concept = format!("~{}", group[0]);
        for word in *group {
            map.insert(stem(word), concept.clone());
        }
    }
    map
});

/// The term a lowercase word counts as: its paraphrase concept, else its stem.
pub(crate) fn term_of(lower: &str) -> String {
    let stemmed = stem(lower);
    CONCEPT_OF.get(&stemmed).cloned().unwrap_or(stemmed)
}

/// An amount a sentence states: "12 people", "about 150 passengers".
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Amount {
    /// Its value.
    pub(crate) value: f64,
    /// Whether it is hedged ("about", "some", "nearly").
    pub(crate) approximate: bool,
    /// Whether it is a bound: "more than 30" (lower), "no more than 90" (upper).
    pub(crate) bound: Bound,
    /// The stem of the word it counts ("peopl"), empty when none follows.
    pub(crate) unit: String,
    /// As written, with its unit.
    pub(crate) written: String,
}

impl Amount {
    /// Whether the two can be the same quantity.
    pub(crate) fn agrees(&self, other: &Self) -> bool {
        let tolerance = if self.approximate || other.approximate {
            APPROXIMATE_TOLERANCE
        } else {
            0.0
        };
        let (low, high) = (self.range(tolerance), other.range(tolerance));
        low.0 <= high.1 && high.0 <= low.1
    }

    /// The values it allows, widened by `tolerance`.
    fn range(&self, tolerance: f64) -> (f64, f64) {
        let slack = self.value.abs() * tolerance;
        match self.bound {
            Bound::Exact => (self.value - slack, self.value + slack),
            Bound::Lower => (self.value - slack, f64::INFINITY),
            Bound::Upper => (f64::NEG_INFINITY, self.value + slack),
        }
    }
}

/// Whether an amount is a value or a bound. "At least" stays a value: news gives tolls
/// that way, and two tolls "at least 12" and "14" are two reports to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bound {
    /// The value itself.
    Exact,
    /// The value or more ("more than 30", "over 30").
    Lower,
    /// The value or less ("no more than 90", "fewer than 10", "up to 70").
    Upper,
}

/// One sentence of one of the story's articles.
#[derive(Clone, Debug)]
pub(crate) struct Sentence<'a> {
    /// Index of its article in the story.
    pub(crate) article: usize,
    /// Its position in the article.
    pub(crate) position: usize,
    /// Verbatim from the article.
    pub(crate) text: &'a str,
    /// Its terms as (term id, weight), sorted by id, of unit length.
    pub(crate) vector: Vec<(u32, f32)>,
    /// The same without amounts and dates: what the sentence is about, whatever values
    /// it gives.
    pub(crate) words: Vec<(u32, f32)>,
    /// Amounts it states.
    pub(crate) amounts: Vec<Amount>,
    /// Time expressions in it.
    pub(crate) times: Vec<TimeMention>,
    /// Whether it states a fact (enough content, not a heading).
    pub(crate) is_statement: bool,
    /// Its sentence embedding (unit length), when a model is loaded and it is a statement.
    pub(crate) embedding: Option<Vec<f32>>,
}

impl Sentence<'_> {
    /// How alike the two sentences are: the cosine of their terms; when only one gives
    /// values (amounts, dates), also what the two are about, discounted by
    /// [`ONE_SIDED_VALUES`] ("Dozens were still missing" / "more than 30 people were
    /// still unaccounted for": the value is a detail the other leaves out, not a
    /// disagreement); and when both have embeddings, how far their embeddings' cosine
    /// stands above what any two sentences of one story share (see
    /// [`paraphrase_similarity`]). The highest of these.
    pub(crate) fn similarity(&self, other: &Self) -> f32 {
        let mut similarity = cosine(&self.vector, &other.vector);
        if self.gives_values() != other.gives_values() {
            similarity = similarity.max(ONE_SIDED_VALUES * self.topic_similarity(other));
        }
        match (&self.embedding, &other.embedding) {
            (Some(mine), Some(theirs)) => similarity.max(paraphrase_similarity(mine, theirs)),
            _ => similarity,
        }
    }

    /// Whether it states an amount or a time.
    fn gives_values(&self) -> bool {
        !self.amounts.is_empty() || !self.times.is_empty()
    }

    /// Cosine similarity of what the two are about, leaving their values out.
    pub(crate) fn topic_similarity(&self, other: &Self) -> f32 {
        cosine(&self.words, &other.words)
    }

    /// Whether the two give different values for one slot: amounts of one unit that
    /// cannot agree, or calendar dates or weekdays of one kind that cannot be the same.
    pub(crate) fn conflicts_with(&self, other: &Self) -> bool {
        let amounts = self.amounts.iter().any(|amount| {
            let same_unit: Vec<&Amount> = other
                .amounts
                .iter()
                .filter(|theirs| theirs.unit == amount.unit)
                .collect();
            let mine: Vec<&Amount> = self
                .amounts
                .iter()
                .filter(|mine| mine.unit == amount.unit)
                .collect();
            !same_unit.is_empty()
                && !mine
                    .iter()
                    .any(|mine| same_unit.iter().any(|theirs| mine.agrees(theirs)))
        });
        amounts || self.times_conflict(other)
    }

    fn times_conflict(&self, other: &Self) -> bool {
        for kind in [
            crate::when::TimeKind::Calendar,
            crate::when::TimeKind::Weekday,
        ] {
            let mine: Vec<&TimeMention> = self.times.iter().filter(|t| t.kind == kind).collect();
            let theirs: Vec<&TimeMention> = other.times.iter().filter(|t| t.kind == kind).collect();
            if mine.is_empty() || theirs.is_empty() {
                continue;
            }
            // Weekdays compare by name: whether "Thursday" is last week's or next week's
            // depends on a tense the sentence may not show.
            let agree = mine.iter().any(|mine| {
                theirs
                    .iter()
                    .any(|theirs| match (kind, mine.point, theirs.point) {
                        (crate::when::TimeKind::Calendar, Some(a), Some(b)) => a.compatible(b),
                        _ => mine.written.eq_ignore_ascii_case(&theirs.written),
                    })
            });
            if !agree {
                return true;
            }
        }
        false
    }
}

/// Two sentences of one story have at least about this embedding cosine whatever they
/// say (all-MiniLM-L6-v2): they share the story's topic.
const EMBEDDING_BASE: f32 = 0.55;
/// ...and from about this cosine on, they say the same thing.
const EMBEDDING_SAME: f32 = 0.9;

/// The embeddings' cosine of two sentences as a similarity on the terms' scale: 0 at
/// [`EMBEDDING_BASE`] and below, 1 at [`EMBEDDING_SAME`] and above.
pub(crate) fn paraphrase_similarity(a: &[f32], b: &[f32]) -> f32 {
    let cosine = parallax_core::embedding::cosine(a, b);
    ((cosine - EMBEDDING_BASE) / (EMBEDDING_SAME - EMBEDDING_BASE)).clamp(0.0, 1.0)
}

/// Gives each statement its embedding from `encoder`, in one batch. When the model
/// fails, the sentences keep none and alignment uses their terms alone; the failure is
/// logged, since analysis itself cannot fail.
pub(crate) fn embed(sentences: &mut [Sentence<'_>], encoder: &dyn SentenceEncoder) {
    let statements: Vec<usize> = (0..sentences.len())
        .filter(|&index| sentences[index].is_statement)
        .collect();
    let texts: Vec<&str> = statements
        .iter()
        .map(|&index| sentences[index].text)
        .collect();
    match encoder.encode(&texts) {
        Ok(vectors) if vectors.len() == texts.len() => {
            for (index, vector) in statements.into_iter().zip(vectors) {
                sentences[index].embedding = Some(vector);
            }
        }
        Ok(vectors) => tracing::warn!(
            model = encoder.name(),
            "{} embeddings for {} sentences; claims use terms alone",
            vectors.len(),
            texts.len()
        ),
        Err(error) => tracing::warn!(
            model = encoder.name(),
            %error,
            "sentences not embedded; claims use terms alone"
        ),
    }
}

/// Cosine of two unit vectors sorted by term.
fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut a, mut b) = (a.iter().peekable(), b.iter().peekable());
    let mut dot = 0.0;
    while let (Some(&&(ta, wa)), Some(&&(tb, wb))) = (a.peek(), b.peek()) {
        match ta.cmp(&tb) {
            std::cmp::Ordering::Less => {
                a.next();
            }
            std::cmp::Ordering::Greater => {
                b.next();
            }
            std::cmp::Ordering::Equal => {
                dot += wa * wb;
                a.next();
                b.next();
            }
        }
    }
    dot
}

/// Every sentence of the story's articles, with its features weighted over the story.
pub(crate) fn story_sentences<'a>(
    articles: &'a [ArticleRecord],
    tagged: &[TaggedText<'_>],
    entities: &[Entity],
) -> Vec<Sentence<'a>> {
    let alias_of = index_by_alias(entities, |_| true);
    let mut terms = TermIds::default();
    let mut raw: Vec<(Sentence<'a>, Vec<Feature>)> = Vec::new();
    for (article, (record, tagged)) in articles.iter().zip(tagged).enumerate() {
        let text = record.article.text.as_str();
        let published = record.article.published.map(|at| at.date());
        for (position, sentence) in text::sentences(text).into_iter().enumerate() {
            let start = sentence.as_ptr() as usize - text.as_ptr() as usize;
            let names = names_in(tagged, text, start, sentence.len(), &alias_of);
            raw.push(read_sentence(
                article, position, sentence, &names, published, &mut terms,
            ));
        }
    }
    weigh(raw, &terms)
}

/// A name inside a sentence: its byte range (sentence-relative) and its story entity.
struct NameIn {
    start: usize,
    end: usize,
    entity: Option<usize>,
    surface: String,
}

fn names_in(
    tagged: &TaggedText<'_>,
    text: &str,
    start: usize,
    len: usize,
    alias_of: &HashMap<&str, usize>,
) -> Vec<NameIn> {
    tagged
        .names
        .iter()
        .filter(|name| name.start >= start && name.end <= start + len)
        .map(|name| {
            let surface = clean_surface(&text[name.start..name.end]);
            NameIn {
                start: name.start - start,
                end: name.end - start,
                entity: alias_of.get(surface.as_str()).copied(),
                surface,
            }
        })
        .collect()
}

#[derive(Default)]
struct TermIds {
    ids: HashMap<String, u32>,
    /// How many sentences hold each term.
    frequency: Vec<u32>,
}

impl TermIds {
    fn id(&mut self, term: String) -> u32 {
        let next = self.ids.len() as u32;
        let id = *self.ids.entry(term).or_insert(next);
        if id == next {
            self.frequency.push(0);
        }
        id
    }
}

fn read_sentence<'a>(
    article: usize,
    position: usize,
    sentence: &'a str,
    names: &[NameIn],
    published: Option<time::Date>,
    terms: &mut TermIds,
) -> (Sentence<'a>, Vec<Feature>) {
    let tokens = tokenize(sentence);
    let times = time_mentions(&tokens, published);
    let in_name = |token: &Token<'_>| {
        names
            .iter()
            .any(|name| token.start >= name.start && token.end <= name.end)
    };
    let in_time = |index: usize| times.iter().any(|time| time.tokens.contains(&index));
    let amounts = amounts_in(&tokens, &in_time);
    let mut features: Vec<Feature> = Vec::new();
    let mut content = 0;
    let add = |id: u32, weight: f32, features: &mut Vec<Feature>| {
        if !features.iter().any(|feature| feature.id == id) {
            features.push(Feature {
                id,
                weight,
                is_value: false,
            });
        }
    };
    let add_value = |id: u32, features: &mut Vec<Feature>| {
        if !features.iter().any(|feature| feature.id == id) {
            features.push(Feature {
                id,
                weight: VALUE_WEIGHT,
                is_value: true,
            });
        }
    };
    for (index, token) in tokens.iter().enumerate() {
        if in_name(token) || in_time(index) || !token.text.chars().all(char::is_alphabetic) {
            continue;
        }
        let lower = token.text.to_lowercase();
        if let Some(concept) = phrase_concept(&tokens, index, &lower) {
            content += 1;
            add(terms.id(concept.clone()), 1.0, &mut features);
            continue;
        }
        if lower.chars().count() < 3 || text::is_stopword(&lower) {
            continue;
        }
        let term = term_of(&lower);
        content += 1;
        add(terms.id(term), 1.0, &mut features);
    }
    for name in names {
        let term = match name.entity {
            Some(entity) => format!("E{entity}"),
            None => format!(
                "N{}",
                name.surface
                    .split_whitespace()
                    .map(name_word_key)
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        };
        content += 1;
        add(terms.id(term), ENTITY_WEIGHT, &mut features);
    }
    for amount in &amounts {
        content += 1;
        let feature = format!("#{} {}", amount.value, amount.unit);
        add_value(terms.id(feature), &mut features);
        // Larger numbers count alone too ("12 people", "the toll at 12"), and rounded, so
        // "148" and "about 150" share something; small ones are everywhere.
        if amount.value >= MIN_BARE_AMOUNT {
            add_value(terms.id(format!("#{}", amount.value)), &mut features);
            add_value(
                terms.id(format!("#~{}", rounded(amount.value))),
                &mut features,
            );
        }
    }
    for time in &times {
        if let Some(point) = time.point {
            add_value(terms.id(format!("@{}", point.iso())), &mut features);
        }
    }
    for feature in &features {
        terms.frequency[feature.id as usize] += 1;
    }
    let words = tokens
        .iter()
        .filter(|token| token.text.chars().any(char::is_alphanumeric))
        .count();
    let punctuated = sentence
        .trim_end_matches(['"', '”', '’', '\'', ')', ']', '»'])
        .ends_with(['.', '!', '?', '…']);
    let is_statement = content >= MIN_TERMS && (punctuated || words >= MIN_UNPUNCTUATED_WORDS);
    let sentence = Sentence {
        article,
        position,
        text: sentence,
        vector: Vec::new(),
        words: Vec::new(),
        amounts,
        times,
        is_statement,
        embedding: None,
    };
    (sentence, features)
}

/// The concept of a phrase that starts (or, for a negation, ends) at `tokens[index]`,
/// whose words alone would mean something else: to "hand over" someone is to extradite
/// them; to be "not accounted for" is to be missing.
fn phrase_concept(tokens: &[Token<'_>], index: usize, lower: &str) -> Option<&'static String> {
    let word_at = |at: usize| tokens.get(at).map(|token| token.text.to_lowercase());
    let concept = if matches!(lower, "hand" | "handed" | "handing")
        && word_at(index + 1).as_deref() == Some("over")
    {
        "extradite"
    } else if lower == "accounted"
        && (index.saturating_sub(2)..index)
            .filter_map(word_at)
            .any(|word| matches!(word.as_str(), "not" | "n't" | "never"))
    {
        "missing"
    } else {
        return None;
    };
    CONCEPT_OF.get(&stem(concept))
}

/// One term of a sentence before weighting.
struct Feature {
    id: u32,
    weight: f32,
    /// An amount or a date, rather than a word or name.
    is_value: bool,
}

/// Gives each sentence its idf-weighted unit vectors, with and without values.
fn weigh<'a>(raw: Vec<(Sentence<'a>, Vec<Feature>)>, terms: &TermIds) -> Vec<Sentence<'a>> {
    let count = raw.len().max(1) as f32;
    let unit_vector = |features: &[&Feature]| {
        let mut vector: Vec<(u32, f32)> = features
            .iter()
            .map(|feature| {
                let frequency = terms.frequency[feature.id as usize].max(1) as f32;
                (feature.id, feature.weight * (1.0 + count / frequency).ln())
            })
            .collect();
        let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            vector.iter_mut().for_each(|(_, w)| *w /= norm);
        }
        vector.sort_unstable_by_key(|(id, _)| *id);
        vector
    };
    raw.into_iter()
        .map(|(mut sentence, features)| {
            let all: Vec<&Feature> = features.iter().collect();
            let words: Vec<&Feature> = features.iter().filter(|f| !f.is_value).collect();
            sentence.vector = unit_vector(&all);
            sentence.words = unit_vector(&words);
            sentence
        })
        .collect()
}

/// A value rounded to two significant digits.
fn rounded(value: f64) -> f64 {
    if value == 0.0 {
        return 0.0;
    }
    let scale = 10f64.powi(value.abs().log10().floor() as i32 - 1);
    (value / scale).round() * scale
}

/// Number words news writes out.
const NUMBER_WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
];

/// The value of a written number: "148", "250,000", "3.5", "twelve", "ninety-seven".
fn number_value(word: &str) -> Option<f64> {
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        return word.replace(',', "").parse().ok();
    }
    let lower = word.to_lowercase();
    let lookup = |part: &str| {
        NUMBER_WORDS
            .iter()
            .find(|(name, _)| *name == part)
            .map(|(_, value)| *value)
    };
    match lower.split_once('-') {
        Some((tens, units)) => Some(lookup(tens)? + lookup(units)?),
        None => lookup(&lower),
    }
}

fn amounts_in(tokens: &[Token<'_>], in_time: &dyn Fn(usize) -> bool) -> Vec<Amount> {
    let mut amounts = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        if in_time(index) {
            continue;
        }
        let Some(mut value) = number_value(token.text) else {
            continue;
        };
        // "one of", "one day": "one" is too often not an amount.
        if token.text.eq_ignore_ascii_case("one") {
            continue;
        }
        let previous = index
            .checked_sub(1)
            .map(|at| tokens[at].text.to_lowercase())
            .unwrap_or_default();
        let before_previous = index
            .checked_sub(2)
            .map(|at| tokens[at].text.to_lowercase())
            .unwrap_or_default();
        let approximate = APPROXIMATE_CUES.contains(&previous.as_str())
            || (previous == "to" && matches!(before_previous.as_str(), "up" | "close"));
        let mut approximate = approximate;
        let bound = bound_before(tokens, index);
        let mut after = index + 1;
        let mut number = token.text.to_string();
        // "three dozen people": 36, roughly.
        if let Some(dozen) = tokens
            .get(after)
            .filter(|next| next.text.eq_ignore_ascii_case("dozen"))
        {
            value *= 12.0;
            approximate = true;
            after += 1;
            number = format!("{number} {}", dozen.text);
        }
        let unit_token = tokens[after.min(tokens.len())..]
            .iter()
            .take(2)
            .find(|next| next.text.chars().all(char::is_alphabetic))
            .filter(|next| {
                next.text.chars().all(char::is_lowercase) && !text::is_stopword(next.text)
            })
            .or_else(|| tokens.get(after).filter(|next| next.text == "%"));
        let unit = unit_token
            .map(|next| stem(&next.text.to_lowercase()))
            .unwrap_or_default();
        let written = match unit_token {
            Some(next) => format!("{number} {}", next.text),
            None => number,
        };
        amounts.push(Amount {
            value,
            approximate,
            bound,
            unit,
            written,
        });
    }
    amounts
}

/// The bound the words before an amount make of it.
fn bound_before(tokens: &[Token<'_>], index: usize) -> Bound {
    let word = |back: usize| {
        index
            .checked_sub(back)
            .map(|at| tokens[at].text.to_lowercase())
            .unwrap_or_default()
    };
    match (word(3).as_str(), word(2).as_str(), word(1).as_str()) {
        ("no", "more", "than") | ("no", "fewer", "than") => Bound::Upper,
        (_, "more" | "greater", "than") | (_, _, "over" | "above") => Bound::Lower,
        (_, "fewer" | "less", "than") | (_, "up", "to") | (_, _, "under" | "below") => Bound::Upper,
        _ => Bound::Exact,
    }
}

/// A light stem: a plural "s" and one common suffix cut, then the first six letters.
pub(crate) fn stem(word: &str) -> String {
    let mut word = word;
    if word.len() > 4 && word.ends_with('s') && !word.ends_with("ss") {
        word = &word[..word.len() - 1];
    }
    for suffix in ["ing", "ed", "ion", "ly", "ment", "er", "es", "al"] {
        if word.len() >= suffix.len() + 4 && word.ends_with(suffix) {
            word = &word[..word.len() - suffix.len()];
            break;
        }
    }
    word.chars().take(6).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_fold_inflections_and_concepts_fold_wordings() {
        assert_eq!(stem("extradition"), stem("extradited"));
        assert_eq!(stem("relations"), stem("relation"));
        assert_eq!(
            CONCEPT_OF.get(&stem("capsized")),
            CONCEPT_OF.get(&stem("overturned"))
        );
        assert_ne!(stem("asylum"), stem("assault"));
    }

    #[test]
    fn amounts_keep_their_unit_and_hedges() {
        let amounts = |text: &str| {
            let tokens = tokenize(text);
            let times = time_mentions(&tokens, None);
            amounts_in(&tokens, &|index| {
                times.iter().any(|t| t.tokens.contains(&index))
            })
        };
        let found = amounts("About 150 people and ninety-seven survivors on December 8, 2024.");
        let summary: Vec<(f64, bool, &str)> = found
            .iter()
            .map(|amount| (amount.value, amount.approximate, amount.unit.as_str()))
            .collect();
        assert_eq!(summary, [(150.0, true, "people"), (97.0, false, "surviv")]);
        let exact = &amounts("148 people")[0];
        assert!(found[0].agrees(exact), "about 150 can be 148");
        assert!(!amounts("12 people")[0].agrees(&amounts("14 people")[0]));
        let more_than = &amounts("more than 30 people")[0];
        assert_eq!(more_than.bound, Bound::Lower);
        let dozens = &amounts("roughly three dozen people")[0];
        assert!(more_than.agrees(dozens));
        assert_eq!(dozens.written, "three dozen people");
        assert!(!more_than.agrees(&amounts("20 people")[0]));
        assert_eq!(amounts("no more than 90 passengers")[0].bound, Bound::Upper);
        assert_eq!(
            amounts("at least 12 people")[0].bound,
            Bound::Exact,
            "a toll given as at least 12 is a value to compare"
        );
    }
}
