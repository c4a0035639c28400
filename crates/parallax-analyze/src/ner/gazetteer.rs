//! Gazetteers shipped with Parallax (`crates/parallax-analyze/data/`, sources named in each
//! file's first line and in `scripts/build_gazetteers.sh`): places (with regions and seas
//! we list), first names (and the sex most of them are given to), nationality adjectives,
//! and organisations often named alone. Looked up case-insensitively.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Longest place name, in words, that [`place_cover`] looks for.
const MAX_PLACE_WORDS: usize = 4;

fn list(text: &'static str) -> HashSet<String> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| line.trim().to_lowercase())
        .collect()
}

static PLACES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut places = list(include_str!("../../data/places.txt"));
    places.extend(list(include_str!("../../data/regions.txt")));
    places
});
static ORGANIZATIONS: LazyLock<HashSet<String>> =
    LazyLock::new(|| list(include_str!("../../data/organizations.txt")));
static FIRST_NAMES: LazyLock<HashSet<String>> =
    LazyLock::new(|| list(include_str!("../../data/first_names.txt")));
static FIRST_NAME_SEXES: LazyLock<std::collections::HashMap<String, Sex>> = LazyLock::new(|| {
    include_str!("../../data/first_name_genders.txt")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (name, sex) = line.trim().split_once(' ')?;
            let sex = match sex {
                "m" => Sex::Male,
                "f" => Sex::Female,
                _ => return None,
            };
            Some((name.to_lowercase(), sex))
        })
        .collect()
});
static COUNTRIES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut countries = list(include_str!("../../data/countries.txt"));
    // The home nations play as countries.
    countries.extend(
        ["england", "scotland", "wales", "northern ireland"]
            .iter()
            .map(|nation| (*nation).to_string()),
    );
    countries
});
static DEMONYMS: LazyLock<HashSet<String>> =
    LazyLock::new(|| list(include_str!("../../data/demonyms.txt")));

/// Whether `name` (one or more words) is a known place.
pub(crate) fn is_place(name: &str) -> bool {
    PLACES.contains(&name.to_lowercase())
}

/// Whether `name` is a country (or one of the United Kingdom's home nations).
pub(crate) fn is_country(name: &str) -> bool {
    COUNTRIES.contains(&name.to_lowercase())
}

/// Whether `name` is a known organisation, agency or outlet ("Reuters", "Kremlin").
pub(crate) fn is_organization(name: &str) -> bool {
    ORGANIZATIONS.contains(&name.to_lowercase())
}

/// Whether `word` is a known first name.
pub(crate) fn is_first_name(word: &str) -> bool {
    FIRST_NAMES.contains(&word.to_lowercase())
}

/// The sex a first name is given to, nine times out of ten or more, when it is.
pub fn first_name_sex(word: &str) -> Option<Sex> {
    FIRST_NAME_SEXES.get(&word.to_lowercase()).copied()
}

/// Which pronoun a person's name agrees with ("he" or "she").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sex {
    /// "he".
    Male,
    /// "she".
    Female,
}

impl Sex {
    /// The sex a pronoun agrees with ("he", "his", "himself"; "she", "her", "herself"),
    /// case aside.
    pub fn of_pronoun(word: &str) -> Option<Self> {
        match word.to_lowercase().as_str() {
            "he" | "him" | "his" | "himself" => Some(Self::Male),
            "she" | "her" | "hers" | "herself" => Some(Self::Female),
            _ => None,
        }
    }
}

/// Whether `word` names a nationality or group ("Syrian", "Muslim").
pub(crate) fn is_demonym(word: &str) -> bool {
    DEMONYMS.contains(&word.to_lowercase())
}

/// For each word of a sentence, whether it is part of a known place name, longest names
/// first ("United Arab Emirates" over "Arab"). Only capitalised words count.
pub(crate) fn place_cover(words: &[&str]) -> Vec<bool> {
    let mut covered = vec![false; words.len()];
    let mut at = 0;
    while at < words.len() {
        let longest = (1..=MAX_PLACE_WORDS.min(words.len() - at))
            .rev()
            .find(|&length| {
                let phrase = &words[at..at + length];
                phrase[0].chars().next().is_some_and(char::is_uppercase)
                    && phrase[length - 1]
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                    && is_place(&phrase.join(" "))
            });
        match longest {
            Some(length) => {
                covered[at..at + length]
                    .iter_mut()
                    .for_each(|slot| *slot = true);
                at += length;
            }
            None => at += 1,
        }
    }
    covered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_loaded_and_multiword_places_found() {
        assert!(is_place("Moscow") && is_place("syria") && is_place("New York"));
        assert!(is_first_name("Maria") && is_demonym("Syrian"));
        assert!(!is_place("Sharaa"));
        assert_eq!(
            place_cover(&["Talks", "in", "United", "Arab", "Emirates", "and", "Moscow"]),
            [false, false, true, true, true, false, true]
        );
    }
}
