//! `parallax eval coref`: cross-document entity coreference on ECB+ (`../shared/data/ecbplus`),
//! gold mentions, scored with MUC, B-cubed and CEAF-e and their mean (CoNLL F1), as the
//! reference scorer defines them.
//!
//! Gold: every person, organisation, place, time and object mention (`HUMAN_PART_*`,
//! `NON_HUMAN_PART_*`, `LOC_*`, `TIME_*`) bound by a coreference relation, clustered by
//! the relation's instance. Parallax clusters the same mentions inside each gold topic (as
//! the published systems do) the way it groups a story's entities:
//! - names by the transliteration key of their last word ("Comeaux Jr" and "Microsoft Corp."
//!   by "Comeaux" and "Microsoft"), an acronym with the one name whose initials spell it
//!   ("IE" → "Internet Explorer"), a first name alone with the one full name the topic gives
//!   it ("Lindsay" → "Lindsay Lohan");
//! - other mentions by their lowercased last word, and so do a headline's capitalised
//!   common nouns ("Actress") and names whose last word the topic also writes in lowercase
//!   ("Surgeon General");
//! - a description with the name it was given ("actress Tara Reid" → "the actress"), in
//!   its own document or, when its document names that one too, elsewhere in the topic;
//!   else with its document's main name of its class (three mentions or more), unless it
//!   is plural, someone's ("his wife", "Lohan's lawyer") or a role news gives the people
//!   around a story's subject ("the prosecutor"); a description most often read as one
//!   name is that name throughout the topic;
//! - pronouns, relative and locative words ("who", "there") with the mention of their class
//!   before them ("she" and "he" skipping names whose first name is the other sex's);
//! - times by the weekday they name or fall on ("on Friday night", "May 23, 2005" → a
//!   Monday), else month and day, else year, else their words without fillers.
//!
//! Mentions are read without quote marks, possessives, leading determiners and
//! prepositions, a description before a name ("lawyer Mark Heller"), or the place after
//! a name ("… in Newport Beach").

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::Path;

use parallax_analyze::ner::{
    Sex, acronym, first_name_sex, initials, is_name_suffix, name_word_key,
};
use serde::Serialize;
use serde_json::Value;

use crate::Error;
use crate::eval::metrics::Scores;

/// Scores on ECB+.
#[derive(Clone, Debug, Serialize)]
pub struct CorefReport {
    /// Documents and gold mentions scored.
    pub documents: usize,
    /// See `documents`.
    pub mentions: usize,
    /// Gold and predicted entity clusters.
    pub gold_clusters: usize,
    /// See `gold_clusters`.
    pub predicted_clusters: usize,
    /// MUC.
    pub muc: Scores,
    /// B-cubed.
    pub b_cubed: Scores,
    /// CEAF-e.
    pub ceaf_e: Scores,
    /// Mean of the three F1s.
    pub conll_f1: f64,
}

/// A mention: its topic, document, order in the document, text and gold cluster.
struct Mention {
    topic: String,
    document: String,
    order: (usize, usize),
    text: String,
    /// `HUMAN`, `NON`, `LOC` or `TIME`: the first part of the gold mention type.
    class: String,
    /// The lowercase word just before the mention, if any ("actress" in "actress Tara
    /// Reid"): a description of a named mention.
    descriptor: Option<String>,
    /// Whether a possessive stands just before the mention ("Lohan's [lawyer]", "his
    /// [wife]"): someone else's, not the person named.
    possessed: bool,
    gold: String,
}

const PRONOUNS: &[&str] = &[
    "he",
    "she",
    "him",
    "her",
    "his",
    "hers",
    "they",
    "them",
    "their",
    "it",
    "its",
    "who",
    "whom",
    "himself",
    "herself",
    "themselves",
    "itself",
    "i",
    "me",
    "my",
    "we",
    "us",
    "our",
    "you",
    "your",
    // Relative, locative and demonstrative words stand in for a mention just the same.
    "there",
    "where",
    "here",
    "which",
    "that",
    "whose",
    "those",
    "these",
    "this",
];

/// Scores entity coreference on `data/ecbplus/ecbplus_docs.jsonl`.
pub fn run(data: &Path) -> Result<CorefReport, Error> {
    let path = data.join("ecbplus").join("ecbplus_docs.jsonl");
    let text = fs::read_to_string(&path).map_err(|error| Error::data(&path, error))?;
    let mut mentions = Vec::new();
    let mut documents = 0;
    for (number, line) in text.lines().enumerate() {
        let document: Value = serde_json::from_str(line)
            .map_err(|error| Error::data(&path, format!("line {}: {error}", number + 1)))?;
        documents += 1;
        mentions.extend(gold_mentions(&document));
    }
    let predicted = predict(&mentions);
    let gold: Vec<&str> = mentions
        .iter()
        .map(|mention| mention.gold.as_str())
        .collect();
    let predicted: Vec<&str> = predicted.iter().map(String::as_str).collect();
    let topics: Vec<&str> = mentions
        .iter()
        .map(|mention| mention.topic.as_str())
        .collect();
    let muc = muc(&gold, &predicted);
    let b_cubed = b_cubed(&gold, &predicted);
    let ceaf_e = ceaf_e(&gold, &predicted, &topics);
    Ok(CorefReport {
        documents,
        mentions: mentions.len(),
        gold_clusters: clusters(&gold).len(),
        predicted_clusters: clusters(&predicted).len(),
        conll_f1: (muc.f1 + b_cubed.f1 + ceaf_e.f1) / 3.0,
        muc,
        b_cubed,
        ceaf_e,
    })
}

fn gold_mentions(document: &Value) -> Vec<Mention> {
    let doc_id = document["doc_id"].as_str().unwrap_or_default().to_string();
    let topic = document["topic"].to_string();
    let words: Vec<&str> = document["sentences"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .flat_map(str::split_whitespace)
        .collect();
    let mut instance_of: HashMap<&str, &str> = HashMap::new();
    for relation in document["relations"].as_array().into_iter().flatten() {
        let instance = relation["instance_id"].as_str().unwrap_or_default();
        for id in relation["source_m_ids"].as_array().into_iter().flatten() {
            if let Some(id) = id.as_str() {
                instance_of.insert(id, instance);
            }
        }
    }
    document["mentions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|mention| {
            let kind = mention["type"].as_str()?;
            let entity = ["HUMAN_PART", "NON_HUMAN_PART", "LOC", "TIME"]
                .iter()
                .any(|prefix| kind.starts_with(prefix));
            let gold = instance_of.get(mention["m_id"].as_str()?)?;
            let first_token: usize = mention["t_ids"]
                .as_array()
                .and_then(|ids| ids.first())
                .and_then(Value::as_str)
                .and_then(|id| id.parse().ok())
                .unwrap_or(0);
            // The word before the mention (token ids count from 1).
            let word_before = first_token
                .checked_sub(2)
                .and_then(|index| words.get(index));
            entity.then(|| Mention {
                topic: topic.clone(),
                document: doc_id.clone(),
                order: (
                    mention["sentence"].as_u64().unwrap_or(0) as usize,
                    first_token,
                ),
                text: mention["text"].as_str().unwrap_or_default().to_string(),
                class: kind.split('_').next().unwrap_or_default().to_string(),
                descriptor: word_before
                    .filter(|word| word.chars().all(char::is_lowercase) && word.len() > 2)
                    .map(|word| singular(word)),
                possessed: word_before.is_some_and(|word| is_possessive(word)),
                gold: format!("{topic}/{gold}"),
            })
        })
        .collect()
}

/// Parallax's cluster for each mention (see the module doc).
fn predict(mentions: &[Mention]) -> Vec<String> {
    let (texts, mut keys) = read_mentions(mentions);
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    acronyms_to_names(mentions, &texts, &mut keys);
    first_names_to_full_names(mentions, &texts, &mut keys);
    descriptions_to_described_names(mentions, &texts, &mut keys);
    let votes = resolve_within_documents(mentions, &texts, &mut keys);
    rename_voted_descriptions(&votes, &mut keys);
    keys
}

/// Each mention's words as the rules read them, cleaned once, and its first key.
fn read_mentions(mentions: &[Mention]) -> (Vec<String>, Vec<String>) {
    // A capitalised word that the topic also writes in lowercase is a headline's common
    // noun ("Actress", "Driver"), not a name.
    let lowercase_words: HashSet<(&str, String)> = mentions
        .iter()
        .flat_map(|mention| {
            mention
                .text
                .split_whitespace()
                .filter(|word| word.chars().all(char::is_lowercase))
                .map(|word| (mention.topic.as_str(), word.to_string()))
        })
        .collect();
    let texts: Vec<String> = mentions
        .iter()
        .map(|mention| {
            let text = clean(&mention.text);
            let lower = text.to_lowercase();
            if !text.contains(' ')
                && lowercase_words.contains(&(mention.topic.as_str(), lower.clone()))
            {
                lower
            } else {
                text.to_string()
            }
        })
        .collect();
    let keys: Vec<String> = mentions
        .iter()
        .zip(&texts)
        .map(|(mention, text)| {
            let last = text
                .split_whitespace()
                .next_back()
                .unwrap_or_default()
                .to_lowercase();
            // "Surgeon General" and "surgeon general" alike.
            if is_name(text) && lowercase_words.contains(&(mention.topic.as_str(), last.clone())) {
                key_of(mention, &last)
            } else {
                key_of(mention, text)
            }
        })
        .collect();
    (texts, keys)
}

/// A first name alone ("Lindsay") is the full name the topic gives it, when only one.
fn first_names_to_full_names(mentions: &[Mention], texts: &[&str], keys: &mut [String]) {
    let mut full_names: HashMap<(&str, &str, String), Vec<String>> = HashMap::new();
    for (index, mention) in mentions.iter().enumerate() {
        let text = texts[index];
        if is_name(text) && mention.class != "TIME" && text.split_whitespace().count() >= 2 {
            let first = text
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_lowercase();
            let keys_of_first = full_names
                .entry((mention.topic.as_str(), mention.class.as_str(), first))
                .or_default();
            if !keys_of_first.contains(&keys[index]) {
                keys_of_first.push(keys[index].clone());
            }
        }
    }
    for (index, mention) in mentions.iter().enumerate() {
        let text = texts[index];
        if is_name(text) && !text.contains(' ') {
            let slot = (
                mention.topic.as_str(),
                mention.class.as_str(),
                text.to_lowercase(),
            );
            if let Some([key]) = full_names.get(&slot).map(Vec::as_slice) {
                keys[index] = key.clone();
            }
        }
    }
}

/// Names with how often each was given, in the order first given.
type NameCounts = Vec<(String, usize)>;

/// A description a name was given in the topic ("actress Tara Reid") names it wherever it
/// stands alone ("the actress"): the name its own document gives it, else the one the
/// topic gives it most, when its document names that one too.
fn descriptions_to_described_names(mentions: &[Mention], texts: &[&str], keys: &mut [String]) {
    let mut described: HashMap<(&str, &str, String), NameCounts> = HashMap::new();
    for (index, mention) in mentions.iter().enumerate() {
        if let Some(descriptor) = &mention.descriptor
            && is_name(texts[index])
            && mention.class != "TIME"
        {
            for scope in [mention.document.as_str(), mention.topic.as_str()] {
                let names = described
                    .entry((scope, mention.class.as_str(), descriptor.clone()))
                    .or_default();
                match names.iter_mut().find(|(key, _)| *key == keys[index]) {
                    Some((_, count)) => *count += 1,
                    None => names.push((keys[index].clone(), 1)),
                }
            }
        }
    }
    let names_in_document: HashSet<(&str, String)> = mentions
        .iter()
        .enumerate()
        .filter(|(index, _)| is_name(texts[*index]))
        .map(|(index, mention)| (mention.document.as_str(), keys[index].clone()))
        .collect();
    for (index, mention) in mentions.iter().enumerate() {
        if is_name(texts[index]) || mention.class == "TIME" {
            continue;
        }
        let Some(head) = mention.text.split_whitespace().next_back().map(singular) else {
            continue;
        };
        let class = mention.class.as_str();
        // The most given name (the first given on a tie), when its document names it.
        let named = [mention.document.as_str(), mention.topic.as_str()]
            .into_iter()
            .find_map(|scope| described.get(&(scope, class, head.clone())))
            .and_then(|names| {
                names
                    .iter()
                    .rev()
                    .max_by_key(|(_, count)| *count)
                    .map(|(key, _)| key)
            })
            .filter(|key| names_in_document.contains(&(mention.document.as_str(), (*key).clone())));
        if let Some(key) = named.cloned() {
            keys[index] = key;
        }
    }
}

/// Within each document, in order: pronouns join the mention of their class before them,
/// and descriptions their document's main name of their class. Returns, for each
/// description key, the names its mentions joined.
fn resolve_within_documents(
    mentions: &[Mention],
    texts: &[&str],
    keys: &mut [String],
) -> HashMap<String, HashMap<String, usize>> {
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by(|&a, &b| {
        (&mentions[a].document, mentions[a].order).cmp(&(&mentions[b].document, mentions[b].order))
    });
    // The most mentioned name of each class in each document: who a description of that
    // class ("the actress", "the company") most likely is.
    let mut name_counts: HashMap<(&str, &str), HashMap<String, usize>> = HashMap::new();
    for (index, mention) in mentions.iter().enumerate() {
        if is_name(texts[index]) {
            *name_counts
                .entry((mention.document.as_str(), mention.class.as_str()))
                .or_default()
                .entry(keys[index].clone())
                .or_insert(0) += 1;
        }
    }
    // "she" and "he" skip mentions whose first name is the other sex's ("Lohan" is
    // female when the topic says "Lindsay Lohan").
    let mut key_sex: HashMap<String, Sex> = HashMap::new();
    for (index, text) in texts.iter().enumerate() {
        if let Some(sex) = name_sex(text) {
            key_sex.entry(keys[index].clone()).or_insert(sex);
        }
    }
    let mut votes: HashMap<String, HashMap<String, usize>> = HashMap::new();
    let mut previous: HashMap<(&str, &str), usize> = HashMap::new();
    let mut previous_of_sex: HashMap<(&str, &str, Sex), usize> = HashMap::new();
    for &index in &order {
        let mention = &mentions[index];
        let slot = (mention.document.as_str(), mention.class.as_str());
        let lower = texts[index].to_lowercase();
        if PRONOUNS.contains(&lower.as_str()) {
            let agreeing = Sex::of_pronoun(&lower).and_then(|sex| {
                let of_sex = previous_of_sex.get(&(slot.0, slot.1, sex)).copied();
                let unknown = previous
                    .get(&slot)
                    .copied()
                    .filter(|&before| !key_sex.contains_key(&keys[before]));
                // The later of the two, in document order.
                [of_sex, unknown]
                    .into_iter()
                    .flatten()
                    .max_by_key(|&before| mentions[before].order)
            });
            if let Some(before) = agreeing.or_else(|| previous.get(&slot).copied()) {
                keys[index] = keys[before].clone();
            }
            continue;
        }
        if let Some(&sex) = key_sex.get(&keys[index]) {
            previous_of_sex.insert((slot.0, slot.1, sex), index);
        }
        if !is_name(texts[index]) && mention.class != "TIME" {
            let main = name_counts
                .get(&slot)
                .and_then(|counts| {
                    counts
                        .iter()
                        .max_by_key(|(key, count)| (**count, std::cmp::Reverse((*key).clone())))
                })
                .filter(|(_, count)| **count >= MIN_MAIN_NAME_MENTIONS);
            if let Some((key, _)) = main
                && !mention.possessed
                && !is_others_role(&lower)
                && !lower.ends_with('s')
            {
                if !is_name_key(&keys[index]) {
                    *votes
                        .entry(keys[index].clone())
                        .or_default()
                        .entry(key.clone())
                        .or_insert(0) += 1;
                }
                keys[index] = key.clone();
            }
        }
        previous.insert(slot, index);
    }
    votes
}

/// A description most often read as one name is that name everywhere in its topic.
fn rename_voted_descriptions(votes: &HashMap<String, HashMap<String, usize>>, keys: &mut [String]) {
    let mut renamed: HashMap<String, String> = HashMap::new();
    for (description, names) in votes {
        let total: usize = names.values().sum();
        if let Some((name, count)) = names
            .iter()
            .max_by_key(|(name, count)| (**count, std::cmp::Reverse((*name).clone())))
            && *count * 2 >= total
        {
            renamed.insert(description.clone(), name.clone());
        }
    }
    for key in keys.iter_mut() {
        if let Some(name) = renamed.get(key) {
            *key = name.clone();
        }
    }
}

/// An acronym ("IE", "THR", "NYPD") is the one name of its topic and class whose
/// capitalised words' initials spell it ("Internet Explorer", "The Hollywood Reporter").
fn acronyms_to_names(mentions: &[Mention], texts: &[&str], keys: &mut [String]) {
    let mut spelled: HashMap<(&str, &str, String), Vec<String>> = HashMap::new();
    for (index, mention) in mentions.iter().enumerate() {
        if !texts[index].contains(' ') || !is_name(texts[index]) {
            continue;
        }
        for spelling in initials(texts[index]) {
            let names = spelled
                .entry((&mention.topic, &mention.class, spelling))
                .or_default();
            if !names.contains(&keys[index]) {
                names.push(keys[index].clone());
            }
        }
    }
    for (index, mention) in mentions.iter().enumerate() {
        let Some(letters) = acronym(texts[index]) else {
            continue;
        };
        if let Some([key]) = spelled
            .get(&(&mention.topic, &mention.class, letters.to_string()))
            .map(Vec::as_slice)
        {
            keys[index] = key.clone();
        }
    }
}

/// The sex a full name's first word is given to, when it is a known first name.
fn name_sex(text: &str) -> Option<Sex> {
    if !is_name(text) || !text.contains(' ') {
        return None;
    }
    text.split_whitespace().next().and_then(first_name_sex)
}

/// A mention's words without surrounding quote marks, a possessive ("Lohan's"), or,
/// for a name, the place after it ("Morningside Recovery in Newport Beach, Calif.").
fn clean(text: &str) -> &str {
    let text = text
        .trim()
        .trim_matches(|c: char| matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’'))
        .trim_end_matches("'s")
        .trim_end_matches("’s")
        .trim_end_matches('\'')
        .trim();
    // "I'd", "he's": the pronoun.
    if let Some((pronoun, _)) = text.split_once(['\'', '’'])
        && PRONOUNS.contains(&pronoun.to_lowercase().as_str())
    {
        return pronoun;
    }
    // "lawyer Mark Heller", "attorney , Shawn Holley": the name after its description.
    let text = match text.split_whitespace().next_back() {
        Some(last)
            if !starts_with_name(text) && last.chars().next().is_some_and(char::is_uppercase) =>
        {
            text.find(|c: char| c.is_uppercase())
                .map_or(text, |at| &text[at..])
        }
        _ => text,
    };
    if !starts_with_name(text) {
        return text;
    }
    // "at Betty Ford", "the Betty Ford Center": the name.
    let mut text = text;
    while let Some((first, rest)) = text.split_once(' ')
        && LEADING_WORDS.contains(&first.to_lowercase().as_str())
    {
        text = rest;
    }
    [" in ", " , ", " of "]
        .iter()
        .filter_map(|cut| text.find(cut))
        .min()
        .map_or(text, |at| text[..at].trim())
}

/// A lowercased word without a plural "s".
fn singular(word: &str) -> String {
    let lower = word.to_lowercase();
    lower
        .strip_suffix('s')
        .filter(|stem| stem.len() > 2)
        .map_or(lower.clone(), str::to_string)
}

/// Determiners and prepositions that may lead a mention's words.
const LEADING_WORDS: &[&str] = &[
    "the", "a", "an", "at", "to", "in", "on", "from", "of", "his", "her", "their", "its", "this",
    "that", "our", "my", "your",
];

/// A name starts with a capital, after any determiner or preposition ("The facility" is not
/// one, "the Betty Ford Center" is), and its head is not a lowercase word ("Mafia boss").
fn is_name(text: &str) -> bool {
    starts_with_name(text)
        && !text
            .split_whitespace()
            .next_back()
            .is_some_and(|head| head.chars().all(char::is_lowercase))
}

/// The first word after any determiner or preposition is capitalised.
fn starts_with_name(text: &str) -> bool {
    text.split_whitespace()
        .find(|word| !LEADING_WORDS.contains(&word.to_lowercase().as_str()))
        .and_then(|word| word.chars().next())
        .is_some_and(char::is_uppercase)
}

/// Roles news gives the people around the one a story is about, never that one.
const OTHERS_ROLES: &[&str] = &[
    "lawyer",
    "attorney",
    "prosecutor",
    "judge",
    "police",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "publicist",
    "rep",
    "representative",
    "witness",
    "coroner",
    "authorities",
    "official",
    "officials",
    "lawyers",
    "prosecutors",
    "investigators",
    "detective",
    "sheriff",
];

/// Whether a description's head is one of [`OTHERS_ROLES`] ("Lohan's lawyer").
fn is_others_role(lower: &str) -> bool {
    lower
        .split_whitespace()
        .next_back()
        .is_some_and(|head| OTHERS_ROLES.contains(&head))
}

/// "Lohan's", "his", "their": a word that makes what follows someone's.
fn is_possessive(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower.ends_with("'s")
        || lower.ends_with("’s")
        || matches!(
            lower.as_str(),
            "his" | "her" | "their" | "its" | "my" | "our" | "your"
        )
}

/// A document's main name needs at least this many mentions.
const MIN_MAIN_NAME_MENTIONS: usize = 3;

/// The key of a mention whose cleaned words are `text`.
fn key_of(mention: &Mention, text: &str) -> String {
    if mention.class == "TIME" {
        return format!("{}/time/{}", mention.topic, time_key(text));
    }
    let last = text
        .split_whitespace()
        .rev()
        .find(|word| !is_name_suffix(word))
        .unwrap_or(text);
    if is_name(text) {
        format!("{}/name/{}", mention.topic, name_word_key(last))
    } else {
        format!("{}/word/{}", mention.topic, singular(last))
    }
}

/// "friday", "Monday".
fn is_weekday(word: &str) -> bool {
    (0..7).any(|n| {
        time::Weekday::Monday
            .nth_next(n)
            .to_string()
            .eq_ignore_ascii_case(word)
    })
}

/// Words that place a time without naming it ("on", "early", "last").
const TIME_FILLERS: &[&str] = &[
    "on",
    "in",
    "at",
    "by",
    "the",
    "a",
    "an",
    "early",
    "late",
    "last",
    "this",
    "for",
    "around",
    "about",
    "approximately",
    "just",
    "shortly",
    "after",
    "before",
];

/// A time mention's key: the weekday it names ("on Friday night" → "friday"), else its
/// year ("in 2007"), else its words without fillers, possessives or plural "s".
fn time_key(text: &str) -> String {
    let lower = text.to_lowercase().replace(['’', '\''], " ");
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == '-')
        .filter(|word| !word.is_empty() && *word != "s")
        .collect();
    if let Some(day) = words.iter().find(|word| is_weekday(word)) {
        return (*day).to_string();
    }
    let year = words
        .iter()
        .find(|word| word.len() == 4 && word.chars().all(|c| c.is_ascii_digit()))
        .and_then(|word| word.parse::<i32>().ok());
    if let Some((month, day)) = month_and_day(&words) {
        let weekday = year.and_then(|year| time::Date::from_calendar_date(year, month, day).ok());
        return match weekday {
            Some(date) => date.weekday().to_string().to_lowercase(),
            None => format!("{month} {day}").to_lowercase(),
        };
    }
    if let Some(year) = year {
        return year.to_string();
    }
    words
        .iter()
        .filter(|word| !TIME_FILLERS.contains(word))
        .map(|word| singular(word))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The month and day a time's words name ("Dec. 14", "the 5th of May", "June 13").
fn month_and_day(words: &[&str]) -> Option<(time::Month, u8)> {
    // A month's name or its start of three letters or more: "march" and "mar" but not
    // "married"; "may" only as itself.
    let month = words.iter().find_map(|word| {
        (0..12)
            .map(|n| time::Month::January.nth_next(n))
            .find(|month| word.len() >= 3 && month.to_string().to_lowercase().starts_with(*word))
    })?;
    let day = words.iter().find_map(|word| {
        let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let day: u8 = digits.parse().ok()?;
        (digits.len() <= 2 && (1..=31).contains(&day)).then_some(day)
    })?;
    Some((month, day))
}

/// Whether `key` is a name's (not a description's or a time's).
fn is_name_key(key: &str) -> bool {
    key.contains("/name/")
}

/// Mentions by cluster.
fn clusters<'a>(labels: &[&'a str]) -> BTreeMap<&'a str, Vec<usize>> {
    let mut clusters: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (mention, label) in labels.iter().enumerate() {
        clusters.entry(label).or_default().push(mention);
    }
    clusters
}

/// MUC (Vilain et al. 1995): links recovered.
fn muc(gold: &[&str], predicted: &[&str]) -> Scores {
    let side = |keys: &[&str], responses: &[&str]| {
        let (mut numerator, mut denominator) = (0usize, 0usize);
        for members in clusters(keys).values() {
            let parts: HashSet<&str> = members.iter().map(|&mention| responses[mention]).collect();
            numerator += members.len() - parts.len();
            denominator += members.len() - 1;
        }
        numerator as f64 / denominator.max(1) as f64
    };
    Scores::new(side(predicted, gold), side(gold, predicted))
}

/// B-cubed (Bagga and Baldwin 1998), averaged over mentions.
fn b_cubed(gold: &[&str], predicted: &[&str]) -> Scores {
    let gold_clusters = clusters(gold);
    let predicted_clusters = clusters(predicted);
    let (mut precision, mut recall) = (0.0, 0.0);
    for mention in 0..gold.len() {
        let key = &gold_clusters[gold[mention]];
        let response = &predicted_clusters[predicted[mention]];
        let shared = response
            .iter()
            .filter(|other| gold[**other] == gold[mention])
            .count() as f64;
        precision += shared / response.len() as f64;
        recall += shared / key.len() as f64;
    }
    let count = gold.len().max(1) as f64;
    Scores::new(precision / count, recall / count)
}

/// CEAF-e (Luo 2005): the best one-to-one alignment of gold and predicted clusters by
/// φ4 = 2|K∩R| / (|K| + |R|). Clusters never cross topics, so each topic is aligned apart.
fn ceaf_e(gold: &[&str], predicted: &[&str], topics: &[&str]) -> Scores {
    let (mut similarity, mut gold_count, mut predicted_count) = (0.0, 0usize, 0usize);
    let mut by_topic: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (mention, topic) in topics.iter().enumerate() {
        by_topic.entry(topic).or_default().push(mention);
    }
    for members in by_topic.values() {
        let local_gold: Vec<&str> = members.iter().map(|&mention| gold[mention]).collect();
        let local_predicted: Vec<&str> =
            members.iter().map(|&mention| predicted[mention]).collect();
        let keys: Vec<Vec<usize>> = clusters(&local_gold).into_values().collect();
        let responses: Vec<Vec<usize>> = clusters(&local_predicted).into_values().collect();
        gold_count += keys.len();
        predicted_count += responses.len();
        let phi: Vec<Vec<f64>> = keys
            .iter()
            .map(|key| {
                responses
                    .iter()
                    .map(|response| {
                        let shared = key
                            .iter()
                            .filter(|mention| response.contains(mention))
                            .count();
                        2.0 * shared as f64 / (key.len() + response.len()) as f64
                    })
                    .collect()
            })
            .collect();
        similarity += best_assignment(&phi);
    }
    Scores::new(
        similarity / predicted_count.max(1) as f64,
        similarity / gold_count.max(1) as f64,
    )
}

/// The largest total of `weights[row][column]` over a one-to-one matching of rows and
/// columns (Hungarian algorithm with potentials, O(n²m)).
fn best_assignment(weights: &[Vec<f64>]) -> f64 {
    let rows = weights.len();
    let columns = weights.first().map_or(0, Vec::len);
    if rows == 0 || columns == 0 {
        return 0.0;
    }
    // Square the matrix with zero weights and minimise the negated weights.
    let size = rows.max(columns);
    let cost = |row: usize, column: usize| -> f64 {
        if row < rows && column < columns {
            -weights[row][column]
        } else {
            0.0
        }
    };
    let mut u = vec![0.0; size + 1];
    let mut v = vec![0.0; size + 1];
    let mut matched_row = vec![0usize; size + 1];
    let mut way = vec![0usize; size + 1];
    for row in 1..=size {
        matched_row[0] = row;
        let mut column = 0;
        let mut min_to = vec![f64::INFINITY; size + 1];
        let mut used = vec![false; size + 1];
        loop {
            used[column] = true;
            let current_row = matched_row[column];
            let mut delta = f64::INFINITY;
            let mut next = 0;
            for candidate in 1..=size {
                if used[candidate] {
                    continue;
                }
                let reduced = cost(current_row - 1, candidate - 1) - u[current_row] - v[candidate];
                if reduced < min_to[candidate] {
                    min_to[candidate] = reduced;
                    way[candidate] = column;
                }
                if min_to[candidate] < delta {
                    delta = min_to[candidate];
                    next = candidate;
                }
            }
            for candidate in 0..=size {
                if used[candidate] {
                    u[matched_row[candidate]] += delta;
                    v[candidate] -= delta;
                } else {
                    min_to[candidate] -= delta;
                }
            }
            column = next;
            if matched_row[column] == 0 {
                break;
            }
        }
        loop {
            let previous = way[column];
            matched_row[column] = matched_row[previous];
            column = previous;
            if column == 0 {
                break;
            }
        }
    }
    (1..=size)
        .filter(|&column| matched_row[column] >= 1)
        .map(|column| -cost(matched_row[column] - 1, column - 1))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_split_clusterings_score_as_the_reference_scorer() {
        let gold = ["a", "a", "a", "b", "b"];
        let perfect = muc(&gold, &gold);
        assert_eq!((perfect.precision, perfect.recall), (1.0, 1.0));
        // Split {1,2,3} into {1,2} and {3}: MUC recall (3-2 + 2-1)/(2+1) = 2/3, precision 1.
        let split = ["x", "x", "y", "z", "z"];
        let scores = muc(&gold, &split);
        assert_eq!(scores.precision, 1.0);
        assert!((scores.recall - 2.0 / 3.0).abs() < 1e-9);
        // B-cubed recall: (2/3 + 2/3 + 1/3 + 1 + 1) / 5.
        let scores = b_cubed(&gold, &split);
        assert!((scores.recall - (2.0 / 3.0 + 2.0 / 3.0 + 1.0 / 3.0 + 2.0) / 5.0).abs() < 1e-9);
        assert_eq!(scores.precision, 1.0);
        // CEAF-e: a↔x φ=2·2/5, b↔z φ=1; y unmatched. R = 1.8/2, P = 1.8/3.
        let topics = ["t"; 5];
        let scores = ceaf_e(&gold, &split, &topics);
        assert!((scores.recall - 0.9).abs() < 1e-9);
        assert!((scores.precision - 0.6).abs() < 1e-9);
    }

    fn mention(order: usize, text: &str, gold: &str) -> Mention {
        Mention {
            topic: "1".into(),
            document: "1_1".into(),
            order: (0, order),
            text: text.into(),
            class: "HUMAN".into(),
            descriptor: None,
            possessed: false,
            gold: gold.into(),
        }
    }

    #[test]
    fn mentions_are_cleaned_of_quotes_possessives_and_places() {
        assert_eq!(clean("Lohan's"), "Lohan");
        assert_eq!(clean("“Tara Reid"), "Tara Reid");
        assert_eq!(
            clean("Morningside Recovery in Newport Beach , Calif"),
            "Morningside Recovery"
        );
        assert_eq!(clean("the facility in town"), "the facility in town");
    }

    #[test]
    fn first_names_and_agreeing_pronouns_join_their_person() {
        let mentions = [
            mention(0, "Lindsay Lohan", "lohan"),
            mention(1, "Mark Heller", "heller"),
            mention(2, "she", "lohan"),
            mention(3, "Lindsay", "lohan"),
            mention(4, "Lohan's", "lohan"),
            mention(5, "he", "heller"),
        ];
        let keys = predict(&mentions);
        assert_eq!(keys[2], keys[0], "\"she\" skips Mark Heller: {keys:?}");
        assert_eq!(keys[3], keys[0], "a first name alone: {keys:?}");
        assert_eq!(keys[4], keys[0], "a possessive: {keys:?}");
        assert_eq!(keys[5], keys[1], "{keys:?}");
    }

    fn mention_in(document: &str, class: &str, order: usize, text: &str) -> Mention {
        Mention {
            document: document.into(),
            class: class.into(),
            ..mention(order, text, "")
        }
    }

    #[test]
    fn times_key_by_the_weekday_they_name_or_fall_on() {
        assert_eq!(time_key("on Friday night"), "friday");
        assert_eq!(time_key("Friday's"), "friday");
        // 23 May 2005 was a Monday.
        assert_eq!(time_key("May 23 , 2005"), "monday");
        assert_eq!(time_key("Dec.14"), "december 14");
        assert_eq!(time_key("the 5th of May"), "may 5");
        assert_eq!(time_key("in 2007"), "2007");
        assert_eq!(time_key("for the second time"), "second time");
        assert_eq!(month_and_day(&["married", "14"]), None, "not a month");
    }

    #[test]
    fn names_are_read_without_what_surrounds_them() {
        assert_eq!(clean("lawyer Mark Heller"), "Mark Heller");
        assert_eq!(clean("at the Betty Ford Center"), "Betty Ford Center");
        assert_eq!(clean("I'd"), "I");
        assert!(!is_name("The facility"), "a capitalised determiner");
        assert!(!is_name("Mafia boss"), "a lowercase head");
        assert!(is_name("the Betty Ford Center"));
    }

    #[test]
    fn acronyms_suffixes_and_headline_words_join_their_names() {
        let mentions = [
            mention_in("1_1", "NON", 0, "Internet Explorer"),
            mention_in("1_1", "NON", 1, "IE"),
            mention_in("1_1", "HUMAN", 2, "Arcade Joseph Comeaux Jr"),
            mention_in("1_1", "HUMAN", 3, "Comeaux"),
            mention_in("1_2", "HUMAN", 0, "Actress"),
            mention_in("1_2", "HUMAN", 1, "actress"),
        ];
        let keys = predict(&mentions);
        assert_eq!(keys[1], keys[0], "{keys:?}");
        assert_eq!(keys[3], keys[2], "{keys:?}");
        assert_eq!(keys[4], keys[5], "{keys:?}");
        assert_ne!(keys[0], keys[2]);
    }

    #[test]
    fn descriptions_join_their_main_name_but_not_others_roles() {
        let mut mentions: Vec<Mention> = ["Yvonne Hiller", "Hiller", "Hiller"]
            .iter()
            .enumerate()
            .map(|(order, text)| mention_in("1_1", "HUMAN", order, text))
            .collect();
        mentions.push(mention_in("1_1", "HUMAN", 3, "the woman"));
        mentions.push(mention_in("1_1", "HUMAN", 4, "the prosecutor"));
        mentions.push(Mention {
            possessed: true,
            ..mention_in("1_1", "HUMAN", 5, "husband")
        });
        mentions.push(mention_in("1_1", "HUMAN", 6, "co-workers"));
        // In another document with no main name, "woman" is still the name it was read as.
        mentions.push(mention_in("1_2", "HUMAN", 0, "woman"));
        let keys = predict(&mentions);
        assert_eq!(keys[3], keys[0], "{keys:?}");
        assert_eq!(keys[7], keys[0], "voted across documents: {keys:?}");
        for other in 4..=6 {
            assert_ne!(keys[other], keys[0], "{}: {keys:?}", mentions[other].text);
        }
    }

    #[test]
    fn the_assignment_is_optimal() {
        let weights = vec![vec![0.9, 0.8], vec![0.85, 0.1]];
        assert!((best_assignment(&weights) - 1.65).abs() < 1e-9);
        let wide = vec![vec![0.2, 0.7, 0.1]];
        assert!((best_assignment(&wide) - 0.7).abs() < 1e-9);
    }
}
