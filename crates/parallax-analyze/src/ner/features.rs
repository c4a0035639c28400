//! Features of a word in its sentence, hashed: the word, its shape, affixes, the words
//! and shapes around it, the rule tagger's tags for it and its neighbours, and (at
//! decoding time) the tags already given to the words before it. Hashing keeps the model
//! a flat array of weights with no vocabulary to store. With word classes
//! ([`WordClusters`]), prefixes of the classes of the word and its neighbours are features too.

use std::collections::HashMap;

use super::clusters::WordClusters;
use super::gazetteer::{is_demonym, is_first_name, is_organization, place_cover};
use super::rules::{ORG_SUFFIXES, RuleTagger, SPEECH, TITLES};
use super::{Tag, Tagger};

/// 64-bit FNV-1a over a template number and the bytes of its value.
fn hash(template: u8, parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(template);
    hash = hash.wrapping_mul(0x0100_0000_01b3);
    for part in parts {
        for &byte in *part {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A word's shape: letters as `X`/`x`, digits as `d`, runs collapsed ("Sharaa" → "Xx",
/// "U.S." → "X.X.", "2-1" → "d-d", "McCain" → "XxXx").
pub(crate) fn shape(word: &str) -> String {
    let mut shape = String::new();
    let mut last = None;
    for c in word.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if last != Some(class) || !matches!(class, 'X' | 'x' | 'd') {
            shape.push(class);
        }
        last = Some(class);
    }
    shape
}

/// What does not change while a sentence is decoded: per word, its static feature hashes.
pub(crate) fn sentence_features(words: &[&str], clusters: Option<&WordClusters>) -> Vec<Vec<u64>> {
    let lower: Vec<String> = words.iter().map(|word| word.to_lowercase()).collect();
    let shapes: Vec<String> = words.iter().map(|word| shape(word)).collect();
    let letters = words
        .iter()
        .filter(|word| word.chars().any(char::is_alphabetic))
        .count();
    let upper = words
        .iter()
        .filter(|word| {
            word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase)
        })
        .count();
    let shouting = letters >= 3 && upper * 10 >= letters * 8;
    let places = place_cover(words);
    // The rule tagger's reading of each word, for the model to weigh.
    let rule_tags: Vec<u8> = RuleTagger
        .tag(words)
        .iter()
        .map(|tag| tag.index() as u8)
        .collect();
    let first_names: Vec<bool> = words
        .iter()
        .map(|word| word.chars().next().is_some_and(char::is_uppercase) && is_first_name(word))
        .collect();
    let at = |index: isize, table: &[String]| -> Vec<u8> {
        if index < 0 {
            b"<s>".to_vec()
        } else {
            table
                .get(index as usize)
                .map_or_else(|| b"</s>".to_vec(), |value| value.as_bytes().to_vec())
        }
    };
    (0..words.len())
        .map(|position| {
            let i = position as isize;
            let word = words[position];
            let low = lower[position].as_bytes();
            let chars: Vec<char> = lower[position].chars().collect();
            let mut features = Vec::with_capacity(40);
            features.push(hash(0, &[]));
            features.push(hash(1, &[low]));
            features.push(hash(2, &[shapes[position].as_bytes()]));
            for length in 1..=4 {
                if chars.len() >= length {
                    let prefix: String = chars[..length].iter().collect();
                    let suffix: String = chars[chars.len() - length..].iter().collect();
                    features.push(hash(3 + length as u8, &[prefix.as_bytes()]));
                    features.push(hash(8 + length as u8, &[suffix.as_bytes()]));
                }
            }
            let first = word.chars().next();
            let flags = [
                first.is_some_and(char::is_uppercase),
                word.chars().all(|c| !c.is_lowercase()) && word.chars().any(char::is_alphabetic),
                word.chars().any(|c| c.is_ascii_digit()),
                word.contains('-'),
                position == 0,
                shouting,
            ];
            for (flag, on) in flags.into_iter().enumerate() {
                if on {
                    features.push(hash(20 + flag as u8, &[]));
                }
            }
            for (template, offset) in [(30u8, -2isize), (31, -1), (32, 1), (33, 2)] {
                features.push(hash(template, &[&at(i + offset, &lower)]));
            }
            features.push(hash(34, &[&at(i - 1, &shapes)]));
            features.push(hash(35, &[&at(i + 1, &shapes)]));
            features.push(hash(36, &[&at(i - 1, &lower), low]));
            features.push(hash(37, &[low, &at(i + 1, &lower)]));
            features.push(hash(
                38,
                &[
                    &at(i - 1, &shapes),
                    shapes[position].as_bytes(),
                    &at(i + 1, &shapes),
                ],
            ));
            features.push(hash(39, &[low, &[u8::from(shouting)]]));
            let suffix3 = |index: isize| -> Vec<u8> {
                let word = at(index, &lower);
                let chars: Vec<char> = String::from_utf8_lossy(&word).chars().collect();
                chars[chars.len().saturating_sub(3)..]
                    .iter()
                    .collect::<String>()
                    .into_bytes()
            };
            features.push(hash(40, &[&suffix3(i - 1)]));
            features.push(hash(41, &[&suffix3(i + 1)]));
            features.push(hash(42, &[&at(i - 1, &shapes), low]));
            features.push(hash(43, &[low, &at(i + 1, &shapes)]));
            features.push(hash(44, &[&[chars.len().min(12) as u8]]));
            features.push(hash(49, &[&at(i - 1, &lower), &at(i + 1, &lower)]));
            let word_is = |index: isize, list: &[&str]| {
                index >= 0
                    && lower
                        .get(index as usize)
                        .is_some_and(|word| list.contains(&word.as_str()))
            };
            let cues = [
                word_is(i - 1, TITLES),
                word_is(i + 1, SPEECH),
                is_organization(word),
                word_is(i + 1, ORG_SUFFIXES),
                word_is(i, ORG_SUFFIXES),
            ];
            let rule_at = |index: isize| -> u8 {
                if index < 0 {
                    u8::MAX
                } else {
                    rule_tags
                        .get(index as usize)
                        .copied()
                        .unwrap_or(u8::MAX - 1)
                }
            };
            features.push(hash(90, &[&[rule_at(i)]]));
            features.push(hash(91, &[&[rule_at(i)], shapes[position].as_bytes()]));
            features.push(hash(92, &[&[rule_at(i - 1), rule_at(i), rule_at(i + 1)]]));
            for (cue, on) in cues.into_iter().enumerate() {
                if on {
                    features.push(hash(80 + cue as u8, &[]));
                }
            }
            let flag_at = |table: &[bool], index: isize| {
                index >= 0 && table.get(index as usize).copied().unwrap_or(false)
            };
            let gazetteer = [
                places[position],
                first_names[position],
                is_demonym(word),
                flag_at(&places, i - 1),
                flag_at(&places, i + 1),
                flag_at(&first_names, i - 1),
            ];
            for (flag, on) in gazetteer.into_iter().enumerate() {
                if on {
                    features.push(hash(60 + flag as u8, &[]));
                    features.push(hash(70 + flag as u8, &[shapes[position].as_bytes()]));
                }
            }
            if let Some(clusters) = clusters {
                class_features(clusters, &lower, position, &mut features);
            }
            features
        })
        .collect()
}

/// Prefix lengths of a word's class path read as features, coarse to fine.
const CLASS_PREFIXES: [u8; 6] = [4, 6, 8, 10, 12, 16];
/// Prefix lengths of the neighbours' class paths.
const NEIGHBOUR_CLASS_PREFIXES: [u8; 3] = [4, 8, 12];

/// The class-path prefixes of the word at `position` and of the words beside it.
fn class_features(clusters: &WordClusters, lower: &[String], position: usize, out: &mut Vec<u64>) {
    let mut push = |template: u8, word: Option<&String>, lengths: &[u8]| {
        let Some(word) = word else { return };
        for &length in lengths {
            if let Some((prefix, kept)) = clusters.prefix(word, length) {
                out.push(hash(template, &[&[length, kept], &prefix.to_le_bytes()]));
            }
        }
    };
    push(100, lower.get(position), &CLASS_PREFIXES);
    push(
        101,
        position.checked_sub(1).and_then(|at| lower.get(at)),
        &NEIGHBOUR_CLASS_PREFIXES,
    );
    push(102, lower.get(position + 1), &NEIGHBOUR_CLASS_PREFIXES);
}

/// A word's reading in the first stage's tags: outside (0) or the kind it was given
/// (1–4).
fn reading(tag: Tag) -> u8 {
    match tag {
        Tag::Outside => 0,
        Tag::Begin(kind) | Tag::Inside(kind) => 1 + kind as u8,
    }
}

/// Per sentence and word, the document stage's extra features: the first stage's tags
/// of the word and its neighbours, and how the first stage read the word's other
/// occurrences in the document (each reading seen, the most frequent one, whether the
/// word also stands in lowercase elsewhere). "Comelf" read as a team in a results table
/// is a team in the report's text too.
pub(crate) fn document_features(sentences: &[Vec<&str>], first: &[Vec<Tag>]) -> Vec<Vec<Vec<u64>>> {
    let mut readings: HashMap<String, [u32; 6]> = HashMap::new();
    for (words, tags) in sentences.iter().zip(first) {
        for (position, (word, tag)) in words.iter().zip(tags).enumerate() {
            if word.chars().any(char::is_alphabetic) {
                let counts = readings.entry(word.to_lowercase()).or_default();
                let slot = &mut counts[usize::from(reading(*tag))];
                *slot = slot.saturating_add(1);
                if position > 0 && word.chars().next().is_some_and(char::is_lowercase) {
                    counts[5] = counts[5].saturating_add(1);
                }
            }
        }
    }
    sentences
        .iter()
        .zip(first)
        .map(|(words, tags)| {
            let at = |index: isize| {
                usize::try_from(index)
                    .ok()
                    .and_then(|index| tags.get(index))
                    .map_or(u8::MAX, |tag| tag.index() as u8)
            };
            words
                .iter()
                .enumerate()
                .map(|(position, word)| {
                    let i = position as isize;
                    let mut features = vec![
                        hash(110, &[&[at(i)]]),
                        hash(111, &[&[at(i - 1), at(i), at(i + 1)]]),
                    ];
                    let Some(counts) = readings.get(&word.to_lowercase()) else {
                        return features;
                    };
                    let mut others = *counts;
                    let own = &mut others[usize::from(reading(tags[position]))];
                    *own = own.saturating_sub(1);
                    if position > 0 && word.chars().next().is_some_and(char::is_lowercase) {
                        others[5] = others[5].saturating_sub(1);
                    }
                    let seen = others[..5]
                        .iter()
                        .fold(0u32, |sum, &count| sum.saturating_add(count));
                    if seen == 0 {
                        return features;
                    }
                    let most = (0..5u8)
                        .rev()
                        .max_by_key(|&index| others[usize::from(index)])
                        .unwrap_or(0);
                    features.push(hash(112, &[&[most]]));
                    features.push(hash(113, &[&[most, at(i)]]));
                    for (index, &count) in others[..5].iter().enumerate() {
                        if count > 0 {
                            features.push(hash(114, &[&[index as u8]]));
                        }
                    }
                    if others[5] > 0 {
                        features.push(hash(115, &[]));
                    }
                    features
                })
                .collect()
        })
        .collect()
}

/// The features that depend on the tags given to the two words before.
pub(crate) fn history_features(previous: Tag, before: Tag, lower_word: &str, out: &mut Vec<u64>) {
    let (p, b) = (previous.index() as u8, before.index() as u8);
    out.push(hash(50, &[&[p]]));
    out.push(hash(51, &[&[b, p]]));
    out.push(hash(52, &[&[p], lower_word.as_bytes()]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape("Sharaa"), "Xx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("2-1"), "d-d");
        assert_eq!(shape("McCain"), "XxXx");
        assert_eq!(shape("al-Sharaa"), "x-Xx");
    }

    #[test]
    fn features_differ_by_context() {
        let a = sentence_features(&["Putin", "met", "Sharaa"], None);
        let b = sentence_features(&["Putin", "met", "Assad"], None);
        assert_eq!(a.len(), 3);
        assert_ne!(a[1], b[1], "the next word is a feature");
        assert_eq!(a[0][..3], b[0][..3], "the word's own features match");
    }
}
