//! `parallax eval coref`: cross-document entity coreference on ECB+ (`../shared/data/ecbplus`),
//! gold mentions, scored with MUC, B-cubed and CEAF-e and their mean (CoNLL F1), as the
//! reference scorer defines them.
//!
//! Gold: every person, organisation, place, time and object mention (`HUMAN_PART_*`,
//! `NON_HUMAN_PART_*`, `LOC_*`, `TIME_*`) bound by a coreference relation, clustered by
//! the relation's instance. Parallax clusters the same mentions inside each gold topic (as
//! the published systems do) the way it groups a story's entities: names by the
//! transliteration key of their last word, other mentions by their lowercased last word
//! (or the name that word described elsewhere in the topic: "actress Tara Reid" → "the
//! actress"), a first name alone with the one full name the topic gives it ("Lindsay" →
//! "Lindsay Lohan"), definite descriptions with their document's main name of their class,
//! pronouns with the mention of their class before them ("she" and "he" skipping names
//! whose first name is the other sex's), times by their text. Mentions are read without
//! quote marks, possessives, or the place after a name ("… in Newport Beach").

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::Path;

use parallax_analyze::ner::{Sex, first_name_sex, name_word_key};
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
            let first_token = mention["t_ids"]
                .as_array()
                .and_then(|ids| ids.first())
                .and_then(Value::as_str)
                .and_then(|id| id.parse().ok())
                .unwrap_or(0);
            entity.then(|| Mention {
                topic: topic.clone(),
                document: doc_id.clone(),
                order: (
                    mention["sentence"].as_u64().unwrap_or(0) as usize,
                    first_token,
                ),
                text: mention["text"].as_str().unwrap_or_default().to_string(),
                class: kind.split('_').next().unwrap_or_default().to_string(),
                descriptor: first_token
                    .checked_sub(2)
                    .and_then(|index: usize| words.get(index))
                    .filter(|word| word.chars().all(char::is_lowercase) && word.len() > 2)
                    .map(|word| singular(word)),
                gold: format!("{topic}/{gold}"),
            })
        })
        .collect()
}

/// Parallax's cluster for each mention (see the module doc).
fn predict(mentions: &[Mention]) -> Vec<String> {
    // Each mention's words as the rules read them, cleaned once.
    let texts: Vec<&str> = mentions
        .iter()
        .map(|mention| clean(&mention.text))
        .collect();
    let mut keys: Vec<String> = mentions
        .iter()
        .zip(&texts)
        .map(|(mention, text)| key_of(mention, text))
        .collect();
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
    // A first name alone ("Lindsay") is the full name the topic gives it, when only one.
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
    // A description a name was given in the topic ("actress Tara Reid") names it
    // wherever it stands alone ("the actress").
    let mut described: HashMap<(&str, &str, String), String> = HashMap::new();
    for (index, mention) in mentions.iter().enumerate() {
        if let Some(descriptor) = &mention.descriptor
            && is_name(texts[index])
            && mention.class != "TIME"
        {
            described
                .entry((
                    mention.topic.as_str(),
                    mention.class.as_str(),
                    descriptor.clone(),
                ))
                .or_insert_with(|| keys[index].clone());
        }
    }
    for (index, mention) in mentions.iter().enumerate() {
        if is_name(texts[index]) || mention.class == "TIME" {
            continue;
        }
        let head = mention.text.split_whitespace().next_back().map(singular);
        let class = mention.class.as_str();
        if let Some(key) =
            head.and_then(|head| described.get(&(mention.topic.as_str(), class, head)))
        {
            keys[index] = key.clone();
        }
    }
    // Pronouns join the mention of their class before them in their document;
    // descriptions join their document's main name of their class.
    // "she" and "he" skip mentions whose first name is the other sex's ("Lohan" is
    // female when the topic says "Lindsay Lohan").
    let mut key_sex: HashMap<String, Sex> = HashMap::new();
    for (index, text) in texts.iter().enumerate() {
        if let Some(sex) = name_sex(text) {
            key_sex.entry(keys[index].clone()).or_insert(sex);
        }
    }
    let mut previous: HashMap<(&str, &str), usize> = HashMap::new();
    let mut previous_of_sex: HashMap<(&str, &str, Sex), usize> = HashMap::new();
    for &index in &order {
        let mention = &mentions[index];
        let slot = (mention.document.as_str(), mention.class.as_str());
        let lower = mention.text.to_lowercase();
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
                && is_definite_description(&lower)
            {
                keys[index] = key.clone();
            }
        }
        previous.insert(slot, index);
    }
    keys
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
    if !is_name(text) {
        return text;
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

/// A name starts with a capital.
fn is_name(text: &str) -> bool {
    text.trim().chars().next().is_some_and(char::is_uppercase)
}

/// "the actress", "the 33-year-old star": a definite singular description.
fn is_definite_description(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.len() >= 2
        && matches!(words[0], "the" | "this" | "that")
        && words.last().is_some_and(|head| !head.ends_with('s'))
}

/// A document's main name needs at least this many mentions.
const MIN_MAIN_NAME_MENTIONS: usize = 2;

/// The key of a mention whose cleaned words are `text`.
fn key_of(mention: &Mention, text: &str) -> String {
    if mention.class == "TIME" {
        return format!("{}/time/{}", mention.topic, text.to_lowercase());
    }
    let last = text.split_whitespace().next_back().unwrap_or(text);
    let named = text.chars().next().is_some_and(char::is_uppercase);
    if named {
        format!("{}/name/{}", mention.topic, name_word_key(last))
    } else {
        let lower = last.to_lowercase();
        let head = lower
            .strip_suffix('s')
            .filter(|stem| stem.len() > 2)
            .unwrap_or(&lower);
        format!("{}/word/{head}", mention.topic)
    }
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
            let parts: std::collections::HashSet<&str> =
                members.iter().map(|&mention| responses[mention]).collect();
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

    #[test]
    fn the_assignment_is_optimal() {
        let weights = vec![vec![0.9, 0.8], vec![0.85, 0.1]];
        assert!((best_assignment(&weights) - 1.65).abs() < 1e-9);
        let wide = vec![vec![0.2, 0.7, 0.1]];
        assert!((best_assignment(&wide) - 0.7).abs() < 1e-9);
    }
}
