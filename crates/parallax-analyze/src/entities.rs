//! A story's entities: every name the tagger finds in the story's articles, grouped so
//! that one real-world entity appears once with all its spellings, and two never share
//! one entry.
//!
//! Spellings are compared by a transliteration key per word (diacritics and the
//! "al-"/"el-" article dropped, Kh/H, ou/u, ee/i, ph/f and q/k folded, vowels after the
//! first letter dropped, doubled letters collapsed: Ahmed/Ahmad, Tartus/Tartous,
//! Hmeimim/Khmeimim, al-Shaibani/al-Shibani). Full names join when every word's key
//! agrees. A single word joins a full name only as that name's last word ("Sharaa" →
//! "Ahmed al-Sharaa", "Assad" → "Bashar al-Assad"), and only when one full name fits; a
//! person's single name never joins another single name by key alone, so "Assad" and
//! "Asaad al-Shaibani" stay two men. A suffix after a name is not one of its words
//! ("Comeaux Jr", "Microsoft Corp."), and an acronym joins the one full name whose
//! initials spell it ("IE" → "Internet Explorer", "THR" → "The Hollywood Reporter").

use std::collections::{BTreeMap, HashMap};

use parallax_core::contract::ArticleRecord;
use parallax_core::hashing::hash_word;
use parallax_core::{ArticleId, Entity, EntityType};

use crate::ner::{EntityKind, TaggedText};

/// Two single names of people with one key are one person only when their spellings are
/// at most this many edits apart ("Hmeimim"/"Khmeimim" yes, "Assad"/"Asaad" no).
const MAX_PERSON_SPELLING_EDITS: usize = 1;

/// One name as written in one article.
#[derive(Clone, Debug)]
struct Mention {
    surface: String,
    kind: EntityKind,
    article: ArticleId,
}

/// The entities of a story's articles (each article's names in `tagged`, in the same
/// order), most mentioned first.
pub(crate) fn story_entities(articles: &[ArticleRecord], tagged: &[TaggedText<'_>]) -> Vec<Entity> {
    let mentions: Vec<Mention> = articles
        .iter()
        .zip(tagged)
        .flat_map(|(record, tagged)| mentions_in(&record.article.id, &record.article.text, tagged))
        .collect();
    group(&mentions)
}

/// Each spelling of the `entities` that `keep` accepts, to the entity's index.
pub(crate) fn index_by_alias(
    entities: &[Entity],
    keep: impl Fn(&Entity) -> bool,
) -> HashMap<&str, usize> {
    entities
        .iter()
        .enumerate()
        .filter(|(_, entity)| keep(entity))
        .flat_map(|(index, entity)| {
            entity
                .aliases
                .iter()
                .map(move |alias| (alias.as_str(), index))
        })
        .collect()
}

/// The names tagged in `text`, as mentions of `article`.
fn mentions_in(article: &ArticleId, text: &str, tagged: &TaggedText<'_>) -> Vec<Mention> {
    tagged
        .names
        .iter()
        .map(|name| (clean_surface(&text[name.start..name.end]), name.kind))
        .filter(|(surface, _)| surface.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .map(|(surface, kind)| Mention {
            surface,
            kind,
            article: article.clone(),
        })
        .collect()
}

/// A name without a possessive ending or a leading "the".
pub(crate) fn clean_surface(surface: &str) -> String {
    let surface = surface
        .trim_end_matches("’s")
        .trim_end_matches("'s")
        .trim_matches(|c: char| !c.is_alphanumeric());
    let surface = ["the ", "The "]
        .iter()
        .find_map(|article| surface.strip_prefix(article))
        .unwrap_or(surface);
    surface.to_string()
}

/// The transliteration key of one word: diacritics and the "al-"/"el-" article dropped,
/// Kh/H, ou/u, ee/i, ph/f and q/k folded, vowels after the first letter dropped, doubled
/// letters collapsed (Ahmed/Ahmad, Tartus/Tartous, Hmeimim/Khmeimim agree).
pub fn word_key(word: &str) -> String {
    let folded: String = word
        .chars()
        .map(fold_letter)
        .collect::<String>()
        .to_lowercase();
    let folded = [
        "al-", "el-", "ad-", "as-", "ash-", "ar-", "an-", "at-", "az-",
    ]
    .iter()
    .find_map(|article| folded.strip_prefix(article))
    .unwrap_or(&folded)
    .replace('-', "");
    let replaced = folded
        .replace("kh", "h")
        .replace("ph", "f")
        .replace("ou", "u")
        .replace("ee", "i")
        .replace("oo", "u")
        .replace('q', "k");
    let mut key = String::new();
    for (index, c) in replaced.chars().filter(|c| c.is_alphanumeric()).enumerate() {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        if (index == 0 || !vowel) && !key.ends_with(c) {
            key.push(c);
        }
    }
    key
}

/// Levenshtein distance between two words, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Latin letters with diacritics to their base letter.
fn fold_letter(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ā' => 'A',
        'é' | 'è' | 'ê' | 'ë' | 'ē' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' | 'Ē' => 'E',
        'í' | 'ì' | 'î' | 'ï' | 'ī' => 'i',
        'Í' | 'Ì' | 'Î' | 'Ï' | 'Ī' => 'I',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ō' | 'ø' => 'o',
        'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ō' | 'Ø' => 'O',
        'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
        'Ú' | 'Ù' | 'Û' | 'Ü' | 'Ū' => 'U',
        'ç' => 'c',
        'Ç' => 'C',
        'ñ' => 'n',
        'Ñ' => 'N',
        'š' => 's',
        'Š' => 'S',
        'ž' => 'z',
        'Ž' => 'Z',
        '’' | '‘' | '`' => '\'',
        other => other,
    }
}

/// The keys of a name's words, without a suffix after a longer name ("Comeaux Jr",
/// "Microsoft Corp.").
fn name_key(surface: &str) -> Vec<String> {
    let mut words: Vec<&str> = surface.split_whitespace().collect();
    while words.len() > 1 && words.last().is_some_and(|word| is_name_suffix(word)) {
        words.pop();
    }
    words
        .into_iter()
        .map(word_key)
        .filter(|key| !key.is_empty())
        .collect()
}

/// Whether `word` follows a name without being part of whom or what it names ("Jr",
/// "Corp.").
pub fn is_name_suffix(word: &str) -> bool {
    NAME_SUFFIXES.contains(&word.trim_end_matches('.').to_lowercase().as_str())
}

/// See [`is_name_suffix`].
const NAME_SUFFIXES: &[&str] = &[
    "jr", "sr", "ii", "iii", "iv", "inc", "corp", "co", "ltd", "llc", "plc",
];

/// The letters of a name written as capitals only, 2 to 6 of them, with any version
/// number after them dropped ("IE6" → "IE", "NYPD", "UN"): perhaps the initials of a
/// longer name.
pub fn acronym(surface: &str) -> Option<&str> {
    let letters = surface.trim_end_matches(|c: char| c.is_ascii_digit());
    ((2..=6).contains(&letters.len()) && letters.chars().all(|c| c.is_ascii_uppercase()))
        .then_some(letters)
}

/// The initials a full name's capitalised words spell, with and without a leading "The"
/// ("The Hollywood Reporter" → "THR", "HR").
pub fn initials(surface: &str) -> Vec<String> {
    let words: Vec<&str> = surface.split_whitespace().collect();
    // "al-Sham" gives its "S".
    let spelled: String = words
        .iter()
        .filter_map(|word| {
            let word = ["al-", "el-"]
                .iter()
                .find_map(|article| word.strip_prefix(article))
                .unwrap_or(word);
            word.chars().next().filter(|c| c.is_uppercase())
        })
        .collect();
    let mut spellings = vec![spelled.clone()];
    if words.first() == Some(&"The") {
        spellings.push(spelled.chars().skip(1).collect());
    }
    spellings
}

/// Whether two names' keys agree word by word, allowing a possessive "s" without its
/// apostrophe on the last word ("Ahmed al-Sharaas Historic Visit").
fn same_name(key: &[String], other: &[String]) -> bool {
    if key.len() != other.len() {
        return false;
    }
    let last = key.len() - 1;
    key[..last] == other[..last]
        && (key[last] == other[last]
            || key[last].strip_suffix('s') == Some(other[last].as_str())
            || other[last].strip_suffix('s') == Some(key[last].as_str()))
}

/// A group of spellings being built into one entity.
#[derive(Debug, Default)]
struct Group {
    /// Spelling → (mentions, order of first sight).
    forms: BTreeMap<String, (u32, usize)>,
    kinds: HashMap<EntityKind, u32>,
    articles: Vec<ArticleId>,
    mentions: u32,
}

impl Group {
    fn add(&mut self, mention: &Mention) {
        let seen = self.forms.len();
        self.forms
            .entry(mention.surface.clone())
            .or_insert((0, seen))
            .0 += 1;
        *self.kinds.entry(mention.kind).or_insert(0) += 1;
        if !self.articles.contains(&mention.article) {
            self.articles.push(mention.article.clone());
        }
        self.mentions += 1;
    }

    fn kind(&self) -> EntityKind {
        self.kinds
            .iter()
            .max_by_key(|(kind, count)| (**count, std::cmp::Reverse(**kind)))
            .map_or(EntityKind::Other, |(kind, _)| *kind)
    }
}

fn group(mentions: &[Mention]) -> Vec<Entity> {
    // Full names first: they are what single names attach to.
    let (full, single): (Vec<&Mention>, Vec<&Mention>) = mentions
        .iter()
        .partition(|mention| name_key(&mention.surface).len() > 1);
    let mut groups: Vec<(Vec<String>, Group)> = Vec::new();
    for mention in full {
        let key = name_key(&mention.surface);
        match groups
            .iter_mut()
            .find(|(group_key, _)| same_name(&key, group_key))
        {
            Some((_, group)) => group.add(mention),
            None => {
                let mut group = Group::default();
                group.add(mention);
                groups.push((key, group));
            }
        }
    }
    let full_names = groups.len();
    for mention in single {
        let key = name_key(&mention.surface);
        let Some(word) = key.first() else { continue };
        let surnames: Vec<usize> = (0..full_names)
            .filter(|&index| groups[index].0.last() == Some(word))
            .collect();
        if let [only] = surnames.as_slice() {
            groups[*only].1.add(mention);
            continue;
        }
        // An acronym: the one full name whose initials spell it.
        if let Some(letters) = acronym(&mention.surface) {
            let spelled: Vec<usize> = (0..full_names)
                .filter(|&index| {
                    groups[index]
                        .1
                        .forms
                        .keys()
                        .any(|form| initials(form).iter().any(|initials| initials == letters))
                })
                .collect();
            if let [only] = spelled.as_slice() {
                groups[*only].1.add(mention);
                continue;
            }
        }
        // Another single name: the same spelling, or (for anything but people) the same key.
        let folded = mention.surface.to_lowercase();
        let same = groups[full_names..].iter_mut().find(|(group_key, group)| {
            let person = mention.kind == EntityKind::Person || group.kind() == EntityKind::Person;
            *group_key == key
                && (!person
                    || group.forms.keys().any(|form| {
                        edit_distance(&form.to_lowercase(), &folded) <= MAX_PERSON_SPELLING_EDITS
                    }))
        });
        match same {
            Some((_, group)) => group.add(mention),
            None => {
                let mut group = Group::default();
                group.add(mention);
                groups.push((key, group));
            }
        }
    }
    let mut entities: Vec<Entity> = groups
        .into_iter()
        .map(|(_, group)| into_entity(group))
        .collect();
    entities.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then_with(|| a.name.cmp(&b.name))
    });
    entities
}

fn into_entity(group: Group) -> Entity {
    let kind = group.kind();
    // The canonical name: the most used of the longest spellings, the first seen of equals.
    let name = group
        .forms
        .iter()
        .max_by_key(|(form, (count, seen))| {
            (
                form.split_whitespace().count(),
                *count,
                std::cmp::Reverse(*seen),
            )
        })
        .map(|(form, _)| form.clone())
        .unwrap_or_default();
    let entity_type = match kind {
        EntityKind::Person => EntityType::Person,
        EntityKind::Place => EntityType::Place,
        EntityKind::Organization => EntityType::Organization,
        EntityKind::Other => EntityType::Other,
    };
    Entity {
        id: entity_id(&name, kind),
        aliases: group.forms.keys().cloned().collect(),
        name,
        entity_type,
        articles: group.articles,
        mentions: group.mentions,
    }
}

/// `e-` and a hash of the canonical name's keys and the kind: stable across runs.
fn entity_id(name: &str, kind: EntityKind) -> String {
    let key = format!("{}\u{0}{}", name_key(name).join(" "), kind.conll());
    format!("e-{:016x}", hash_word(&key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(surface: &str, kind: EntityKind, article: &str) -> Mention {
        Mention {
            surface: surface.into(),
            kind,
            article: ArticleId::derive(
                article,
                &parallax_core::ContentHash::of(article.as_bytes()),
            ),
        }
    }

    fn names(entities: &[Entity]) -> Vec<(String, Vec<String>)> {
        entities
            .iter()
            .map(|entity| (entity.name.clone(), entity.aliases.clone()))
            .collect()
    }

    #[test]
    fn transliterations_share_a_key_and_different_names_do_not() {
        assert_eq!(word_key("Ahmed"), word_key("Ahmad"));
        assert_eq!(word_key("Tartus"), word_key("Tartous"));
        assert_eq!(word_key("Hmeimim"), word_key("Khmeimim"));
        assert_eq!(word_key("al-Shaibani"), word_key("al-Shibani"));
        assert_eq!(word_key("al-Sharaa"), word_key("Sharaa"));
        assert_ne!(word_key("Putin"), word_key("Peskov"));
    }

    #[test]
    fn spellings_merge_and_two_men_stay_two() {
        use EntityKind::{Person, Place};
        let mentions = [
            mention("Ahmed al-Sharaa", Person, "a"),
            mention("Ahmad al-Sharaa", Person, "b"),
            mention("Sharaa", Person, "a"),
            mention("Bashar al-Assad", Person, "a"),
            mention("Assad", Person, "b"),
            mention("Asaad al-Shaibani", Person, "c"),
            mention("Asaad al-Shibani", Person, "b"),
            mention("Tartus", Place, "a"),
            mention("Tartous", Place, "b"),
        ];
        let entities = group(&mentions);
        assert_eq!(
            names(&entities),
            [
                (
                    "Ahmed al-Sharaa".to_string(),
                    vec![
                        "Ahmad al-Sharaa".into(),
                        "Ahmed al-Sharaa".into(),
                        "Sharaa".into()
                    ]
                ),
                (
                    "Asaad al-Shaibani".to_string(),
                    vec!["Asaad al-Shaibani".into(), "Asaad al-Shibani".into()]
                ),
                (
                    "Bashar al-Assad".to_string(),
                    vec!["Assad".into(), "Bashar al-Assad".into()]
                ),
                (
                    "Tartus".to_string(),
                    vec!["Tartous".into(), "Tartus".into()]
                ),
            ]
        );
        assert_eq!(entities[0].mentions, 3);
        assert_eq!(entities[0].articles.len(), 2);
        assert!(
            entities
                .iter()
                .all(|entity| entity.id.starts_with("e-") && entity.id.len() == 18)
        );
    }

    #[test]
    fn a_single_name_shared_by_two_full_names_stays_apart() {
        use EntityKind::Person;
        let mentions = [
            mention("Ana Sousa", Person, "a"),
            mention("Rui Sousa", Person, "a"),
            mention("Sousa", Person, "b"),
        ];
        assert_eq!(group(&mentions).len(), 3);
    }

    #[test]
    fn suffixes_and_acronyms_join_their_full_names() {
        use EntityKind::{Organization, Person};
        let mentions = [
            mention("Arcade Joseph Comeaux Jr", Person, "a"),
            mention("Comeaux", Person, "b"),
            mention("Internet Explorer", Organization, "a"),
            mention("IE", Organization, "b"),
            mention("The Hollywood Reporter", Organization, "a"),
            mention("THR", Organization, "b"),
            mention("New York Police Department", Organization, "a"),
            mention("NYPD", Organization, "b"),
            mention("Hayat Tahrir al-Sham", Organization, "a"),
            mention("HTS", Organization, "b"),
            // Two full names spell "AS": the acronym stays alone.
            mention("Ahmed Sharaa", Person, "a"),
            mention("Asaad Shaibani", Person, "a"),
            mention("AS", Organization, "b"),
        ];
        let entities = group(&mentions);
        let holding = |alias: &str| {
            entities
                .iter()
                .position(|entity| entity.aliases.iter().any(|a| a == alias))
        };
        assert_eq!(holding("Comeaux"), holding("Arcade Joseph Comeaux Jr"));
        assert_eq!(holding("IE"), holding("Internet Explorer"));
        assert_eq!(holding("THR"), holding("The Hollywood Reporter"));
        assert_eq!(holding("NYPD"), holding("New York Police Department"));
        assert_eq!(holding("HTS"), holding("Hayat Tahrir al-Sham"));
        assert_ne!(holding("AS"), holding("Ahmed Sharaa"));
        assert_ne!(holding("AS"), holding("Asaad Shaibani"));
        assert_eq!(entities.len(), 8, "{entities:?}");
    }
}
