//! The tagger that needs no model: runs of capitalised words (with the connectors names
//! carry: "Bank of England", "bin Salman", "Procter & Gamble"), stripped of the titles
//! before them ("President", "Foreign Minister"), and typed by what they are or what is
//! around them — a title or a first name makes a person, an organisation's suffix or an
//! acronym an organisation, a gazetteer place or "in"/"near" before it a place, a
//! nationality an "other".

use super::gazetteer::{
    is_country, is_demonym, is_first_name, is_organization, is_place, place_cover,
};
use super::{EntityKind, Tag, Tagger};
use crate::when::year_of;

/// Rule-based tagging with the shipped gazetteers.
#[derive(Clone, Copy, Debug, Default)]
pub struct RuleTagger;

/// Words that start sentences without naming anything.
const COMMON: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "against",
    "all",
    "also",
    "although",
    "an",
    "and",
    "another",
    "any",
    "as",
    "at",
    "because",
    "before",
    "both",
    "but",
    "by",
    "despite",
    "during",
    "each",
    "earlier",
    "even",
    "every",
    "for",
    "from",
    "he",
    "her",
    "here",
    "his",
    "however",
    "i",
    "if",
    "in",
    "instead",
    "it",
    "its",
    "last",
    "later",
    "many",
    "meanwhile",
    "more",
    "most",
    "my",
    "neither",
    "next",
    "no",
    "not",
    "now",
    "of",
    "on",
    "one",
    "only",
    "or",
    "other",
    "our",
    "over",
    "she",
    "since",
    "so",
    "some",
    "such",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "to",
    "today",
    "two",
    "under",
    "unlike",
    "until",
    "we",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "why",
    "with",
    "without",
    "yet",
    "you",
    "your",
    "yesterday",
    "tomorrow",
    "according",
    "asked",
    "please",
    "thanks",
    "yes",
];
/// Capitalised words that are not names.
const NOT_NAMES: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    // Month abbreviations that are no first names ("Oct. 21"; "Jan" and "Jun" are).
    "feb",
    "apr",
    "aug",
    "sept",
    "oct",
    "nov",
    "dec",
    "i",
    "mr",
    "mrs",
    "ms",
];
/// Titles and roles before a person's name.
pub(crate) const TITLES: &[&str] = &[
    "president",
    "prime",
    "minister",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "sen.",
    "senator",
    "gov.",
    "governor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "general",
    "gen.",
    "colonel",
    "col.",
    "judge",
    "rep.",
    "representative",
    "chancellor",
    "secretary",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "mayor",
    "sheikh",
    "emir",
    "ayatollah",
    "lord",
    "sir",
    "lady",
    "coach",
    "captain",
    "capt.",
    "chairman",
    "chairwoman",
    "director",
    "chief",
    "leader",
    "premier",
    "vice",
    "deputy",
    "foreign",
    "defence",
    "defense",
    "interior",
    "finance",
    "economy",
    "trade",
    "sgt.",
    "sergeant",
    "lieutenant",
    "lt.",
    "professor",
    "prof.",
    "archbishop",
    "bishop",
    "rev.",
    "father",
    "interim",
    "acting",
    "former",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "manager",
    "ceo",
    "executive",
];
/// Last words of organisations' names.
pub(crate) const ORG_SUFFIXES: &[&str] = &[
    "inc",
    "inc.",
    "corp",
    "corp.",
    "co",
    "co.",
    "ltd",
    "ltd.",
    "plc",
    "llc",
    "ag",
    "sa",
    "nv",
    "gmbh",
    "bhd",
    "group",
    "bank",
    "party",
    "council",
    "ministry",
    "agency",
    "association",
    "federation",
    "union",
    "committee",
    "commission",
    "institute",
    "university",
    "college",
    "club",
    "fc",
    "united",
    "airlines",
    "airways",
    "motors",
    "exchange",
    "fund",
    "organisation",
    "organization",
    "court",
    "parliament",
    "army",
    "police",
    "department",
    "office",
    "board",
    "authority",
    "news",
    "times",
    "post",
    "journal",
    "press",
    "corporation",
    "company",
    "holdings",
    "securities",
    "capital",
    "partners",
    "trust",
    "church",
    "foundation",
    "hospital",
    "assembly",
    "congress",
    "senate",
    "government",
    "forces",
    "reserve",
    "league",
    "service",
    "services",
    "network",
    "television",
    "radio",
    "agency",
    "alliance",
    "front",
    "movement",
    "brigade",
    "brigades",
    "guard",
    "navy",
    "school",
    "systems",
    "industries",
    "international",
    "technologies",
    "communications",
    "energy",
    "oil",
    "pharmaceuticals",
];
/// Words inside a name that are not capitalised.
const CONNECTORS: &[&str] = &[
    "of", "de", "del", "della", "der", "den", "van", "von", "la", "le", "du", "da", "bin", "ibn",
    "al", "el", "&", "y",
];
/// Last words of events, competitions and prizes ("World Cup", "Asian Games").
const EVENT_SUFFIXES: &[&str] = &[
    "cup",
    "games",
    "open",
    "championship",
    "championships",
    "olympics",
    "prix",
    "award",
    "awards",
    "series",
    "trophy",
    "festival",
    "war",
    "summit",
    "conference",
    "forum",
    "expo",
    "tournament",
    "marathon",
    "derby",
    "classic",
    "masters",
];
/// Nouns after an institution's name ("Kremlin officials", "Pentagon spokesman").
const ROLE_NOUNS: &[&str] = &[
    "officials",
    "official",
    "sources",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "staff",
    "officers",
    "troops",
    "forces",
    "authorities",
    "delegation",
    "team",
    "readout",
];
/// Words before a place.
const PLACE_CUES: &[&str] = &[
    "in", "at", "near", "from", "to", "across", "into", "outside",
];
/// Lowercase kinds of place a name may stand before ("the City district").
const PLACE_NOUNS: &[&str] = &[
    "district",
    "region",
    "province",
    "county",
    "neighbourhood",
    "neighborhood",
    "valley",
    "river",
    "island",
    "mountains",
    "airport",
    "port",
    "base",
    "governorate",
    "village",
];
/// Verbs of saying after a person's name.
pub(crate) const SPEECH: &[&str] = &[
    "said", "says", "told", "added", "stated", "noted", "argued", "warned",
];

impl Tagger for RuleTagger {
    fn tag(&self, words: &[&str]) -> Vec<Tag> {
        let mut tags = vec![Tag::Outside; words.len()];
        let places = place_cover(words);
        if is_shouting(words) {
            // Headlines in capitals say nothing by case: only gazetteer names count.
            mark_known(words, &places, &mut tags);
            return tags;
        }
        let mut at = 0;
        while at < words.len() {
            let Some(end) = run_end(words, at) else {
                at += 1;
                continue;
            };
            let (start, titled, before_titles) = strip_titles(words, at, end);
            // "Syrian President Ahmed al-Sharaa": what stands before the titles is a name
            // of its own.
            if let Some(head_end) = before_titles {
                let kind = classify(words, at, head_end, false, &places);
                mark(&mut tags, at, head_end, kind);
            }
            if start < end && !is_lone_word(words, start, end, titled, &places) {
                let kind = classify(words, start, end, titled, &places);
                mark(&mut tags, start, end, kind);
            }
            at = end;
        }
        teams_in_results(words, &mut tags);
        tags
    }
}

/// A whole number ("2", "1330").
fn is_number(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_digit())
}

/// In a line of results or standings ("Udinese 2 Feyenoord 1", "Leeds 3 1 1 1 4 3 4"), the
/// names that open the line or follow a score, and are followed by one, are teams:
/// organisations, whatever their city.
fn teams_in_results(words: &[&str], tags: &mut [Tag]) {
    let numbers = words.iter().filter(|word| is_number(word)).count();
    if numbers < 2 {
        return;
    }
    for span in super::spans(tags) {
        // "Udinese 2", "Limoges ( France ) 9", "AC Milan ( 9 )".
        let parenthesised = words.get(span.end) == Some(&"(")
            && (words.get(span.end + 2) == Some(&")")
                && words.get(span.end + 3).is_some_and(|word| is_number(word))
                || words.get(span.end + 1).is_some_and(|word| is_number(word)));
        let followed = words.get(span.end).is_some_and(|word| is_number(word)) || parenthesised;
        let led = span.start == 0
            || words
                .get(span.start - 1)
                .is_some_and(|word| is_number(word) || *word == "-");
        // National teams keep their country's name ("Japan 2 Syria 1").
        let country = is_country(&words[span.start..span.end].join(" "));
        if followed && led && span.kind != EntityKind::Other && !country {
            tags[span.start] = Tag::Begin(EntityKind::Organization);
            for tag in &mut tags[span.start + 1..span.end] {
                *tag = Tag::Inside(EntityKind::Organization);
            }
        }
    }
}

fn is_shouting(words: &[&str]) -> bool {
    let letters: Vec<&&str> = words
        .iter()
        .filter(|word| word.chars().any(char::is_alphabetic))
        .collect();
    letters.len() >= 3
        && letters
            .iter()
            .filter(|word| !word.chars().any(char::is_lowercase))
            .count()
            * 10
            >= letters.len() * 8
}

/// Marks gazetteer places and nationalities in a sentence whose case says nothing.
fn mark_known(words: &[&str], places: &[bool], tags: &mut [Tag]) {
    let mut at = 0;
    while at < words.len() {
        if places[at] {
            let end = (at..words.len())
                .find(|&i| !places[i])
                .unwrap_or(words.len());
            tags[at] = Tag::Begin(EntityKind::Place);
            tags[at + 1..end]
                .iter_mut()
                .for_each(|tag| *tag = Tag::Inside(EntityKind::Place));
            at = end;
        } else {
            if is_demonym(words[at]) {
                tags[at] = Tag::Begin(EntityKind::Other);
            }
            at += 1;
        }
    }
}

/// Whether `word` at `position` starts or continues a name by its case.
fn is_name_word(words: &[&str], position: usize) -> bool {
    let word = words[position];
    let lower = word.to_lowercase();
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    let prefixed = ["al-", "el-", "bin-", "abu-", "ibn-"].iter().any(|prefix| {
        lower.starts_with(prefix)
            && word[prefix.len()..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    });
    let single_letter =
        word.chars().filter(|c| c.is_alphabetic()).count() < 2 && !word.ends_with('.');
    // "Russian-backed", "Kurdish-led": adjectives made from names.
    let derived_adjective = !prefixed
        && word
            .split_once('-')
            .is_some_and(|(_, rest)| rest.chars().next().is_some_and(char::is_lowercase));
    if derived_adjective {
        return false;
    }
    if !(capitalised || prefixed)
        || single_letter
        || NOT_NAMES.contains(&lower.trim_end_matches('.'))
    {
        return false;
    }
    let sentence_start = starts_sentence(words, position);
    !(sentence_start && COMMON.contains(&lower.as_str()))
}

/// Whether the word at `position` opens a sentence or a quotation, where capitals say
/// nothing of names.
fn starts_sentence(words: &[&str], position: usize) -> bool {
    position == 0
        || matches!(
            words[position - 1],
            "“" | "\"" | "‘" | "'" | "(" | "-" | "—" | "–" | ":"
        )
}

/// One past the last word of the name run starting at `start`, if a name starts there.
fn run_end(words: &[&str], start: usize) -> Option<usize> {
    if !is_name_word(words, start) {
        return None;
    }
    let mut end = start + 1;
    while end < words.len() {
        if is_name_word(words, end) {
            end += 1;
        } else if CONNECTORS.contains(&words[end].to_lowercase().as_str())
            && end + 1 < words.len()
            && is_name_word(words, end + 1)
            && words[end + 1]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            end += 2;
        } else {
            break;
        }
    }
    Some(end)
}

/// Finds the titles in `start..end` before its last word ("President", "Foreign
/// Minister"): returns where the name after them starts, whether there was a title
/// (inside the run or just before it), and where the words before the titles end, when
/// there are any ("Syrian" in "Syrian President Ahmed al-Sharaa"). A run that ends in an
/// organisation's word ("Foreign Ministry") has no titles: it is that organisation's name.
fn strip_titles(words: &[&str], start: usize, end: usize) -> (usize, bool, Option<usize>) {
    let is_title = |word: &str| TITLES.contains(&word.to_lowercase().as_str());
    // "Foreign Ministry", "Finance Committee": an organisation's name, not a title.
    if ORG_SUFFIXES.contains(&words[end - 1].to_lowercase().as_str()) {
        return (start, false, None);
    }
    let Some(first_title) = (start..end - 1).find(|&i| is_title(words[i])) else {
        let before = start.checked_sub(1).is_some_and(|i| is_title(words[i]));
        return (start, before, None);
    };
    let mut name = first_title;
    while name + 1 < end && is_title(words[name]) {
        name += 1;
    }
    let head = (first_title > start).then_some(first_title);
    (name, true, head)
}

/// A single capitalised word that says nothing of being a name: a title alone
/// ("President"), or a sentence's first word that no gazetteer, title, acronym or verb of
/// saying marks ("Sources indicate", "Key topics").
fn is_lone_word(words: &[&str], start: usize, end: usize, titled: bool, places: &[bool]) -> bool {
    if end - start != 1 {
        return false;
    }
    let word = words[start];
    if TITLES.contains(&word.to_lowercase().as_str()) {
        return true;
    }
    let sentence_start = starts_sentence(words, start);
    let marked = titled
        || places[start]
        || is_demonym(word)
        || is_organization(word)
        || is_first_name(word)
        || !word.chars().any(char::is_lowercase)
        || words
            .get(end)
            .is_some_and(|next| SPEECH.contains(&next.to_lowercase().as_str()))
        // A table's row: "Limoges ( France ) 9 3 6 12", "Feyenoord 17 11 3 3".
        || words
            .get(end)
            .is_some_and(|next| is_number(next) || *next == "(");
    sentence_start && !marked
}

fn mark(tags: &mut [Tag], start: usize, end: usize, kind: EntityKind) {
    tags[start] = Tag::Begin(kind);
    for tag in &mut tags[start + 1..end] {
        *tag = Tag::Inside(kind);
    }
}

fn classify(words: &[&str], start: usize, end: usize, titled: bool, places: &[bool]) -> EntityKind {
    let name = &words[start..end];
    let last = name[name.len() - 1].to_lowercase();
    let joined = name.join(" ");
    if name.len() <= 2 && is_demonym(&joined) {
        return EntityKind::Other;
    }
    // "Italians", "Germans".
    if name.len() == 1 && joined.strip_suffix('s').is_some_and(is_demonym) {
        return EntityKind::Other;
    }
    if is_organization(&joined) {
        return EntityKind::Organization;
    }
    if places[start..end].iter().all(|covered| *covered) || is_place(&joined) {
        return EntityKind::Place;
    }
    if name.len() > 1 && EVENT_SUFFIXES.contains(&last.as_str()) {
        return EntityKind::Other;
    }
    // An organisation's word last ("Harbour Authority"), or first before "of" ("Bank of
    // England"); "Group C" is no organisation.
    let org_word = name.len() > 1
        && last.chars().count() > 1
        && (ORG_SUFFIXES.contains(&last.as_str())
            || (ORG_SUFFIXES.contains(&name[0].to_lowercase().as_str())
                && name
                    .get(1)
                    .is_some_and(|word| CONNECTORS.contains(&word.to_lowercase().as_str()))));
    if org_word {
        return EntityKind::Organization;
    }
    // "Foreign Ministry spokeswoman": an institution's word alone is none of its people.
    if name.len() == 1 && ORG_SUFFIXES.contains(&last.as_str()) {
        return EntityKind::Organization;
    }
    if titled {
        return EntityKind::Person;
    }
    // "Hayat Tahrir al-Sham (HTS)": a name introduced with its acronym is an organisation's.
    let acronym_after = words.get(end) == Some(&"(")
        && words.get(end + 2) == Some(&")")
        && words
            .get(end + 1)
            .is_some_and(|word| crate::entities::acronym(word).is_some());
    if name.len() > 1 && acronym_after {
        return EntityKind::Organization;
    }
    // "Islamist", "Marxist", "Zionism": creeds and their followers.
    if name.len() == 1
        && ["ist", "ists", "ism", "isms"]
            .iter()
            .any(|end| last.ends_with(end))
    {
        return EntityKind::Other;
    }
    let acronym = name.len() == 1
        && name[0].chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !name[0].chars().any(char::is_lowercase);
    if acronym {
        return EntityKind::Organization;
    }
    if name.len() >= 2 && is_first_name(name[0]) {
        return EntityKind::Person;
    }
    // "Cibona Zagreb", "Maccabi Tel Aviv": a word before a city names a club or a firm.
    if name.len() >= 2 && !places[start] && places[end - 1] {
        return EntityKind::Organization;
    }
    let after = words.get(end).map(|word| word.to_lowercase());
    if after.as_deref().is_some_and(|word| SPEECH.contains(&word)) {
        return EntityKind::Person;
    }
    // "0 Sion", "CBS News' 60 Minutes": one word right after a number (not a year: "in
    // 2019 Merkel") is a team in a table or a programme, almost never a person.
    if name.len() == 1
        && start > 0
        && is_number(words[start - 1])
        && year_of(words[start - 1]).is_none()
    {
        return EntityKind::Organization;
    }
    // "the Kremlin leader", "Harbour officials": a name before a role is an institution.
    let role_after = words.get(end).is_some_and(|word| {
        word.chars().next().is_some_and(char::is_lowercase)
            && (TITLES.contains(word) || ROLE_NOUNS.contains(word))
    });
    if role_after {
        return EntityKind::Organization;
    }
    // "the City district", "Hmeimim air base": a name before a kind of place is one.
    let place_after = words
        .get(end)
        .is_some_and(|word| PLACE_NOUNS.contains(word))
        || words.get(end) == Some(&"air") && words.get(end + 1) == Some(&"base");
    if place_after {
        return EntityKind::Place;
    }
    let before = start.checked_sub(1).map(|i| words[i].to_lowercase());
    if name.len() <= 2
        && before
            .as_deref()
            .is_some_and(|word| PLACE_CUES.contains(&word))
    {
        return EntityKind::Place;
    }
    // Two or three words in title case read as a person's name; longer runs, or runs
    // in capitals, as an organisation's.
    let initial = |word: &str| {
        let letters: Vec<char> = word.chars().collect();
        letters.len() == 2 && letters[0].is_uppercase() && letters[1] == '.'
    };
    let title_case = name.iter().all(|word| {
        word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().skip(1).any(char::is_lowercase)
            || CONNECTORS.contains(&word.to_lowercase().as_str())
            || word.contains('-')
            || initial(word)
    });
    // "the Wallabies", "the Bundesbank": people take no article.
    if start > 0 && words[start - 1] == "the" {
        return EntityKind::Organization;
    }
    if name.len() == 1 || (name.len() <= 3 && title_case) {
        EntityKind::Person
    } else {
        EntityKind::Organization
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::{Span, spans};

    fn entities(sentence: &str) -> Vec<(String, EntityKind)> {
        let words: Vec<&str> = sentence.split(' ').collect();
        spans(&RuleTagger.tag(&words))
            .into_iter()
            .map(|Span { start, end, kind }| (words[start..end].join(" "), kind))
            .collect()
    }

    #[test]
    fn names_are_typed_by_titles_suffixes_places_and_cues() {
        assert_eq!(
            entities(
                "Syrian President Ahmed al-Sharaa met Vladimir Putin in Moscow on Wednesday ."
            ),
            [
                ("Syrian".to_string(), EntityKind::Other),
                ("Ahmed al-Sharaa".to_string(), EntityKind::Person),
                ("Vladimir Putin".to_string(), EntityKind::Person),
                ("Moscow".to_string(), EntityKind::Place),
            ]
        );
        assert_eq!(
            entities("The Bank of England and NATO met in Norhaven , Verrin said ."),
            [
                ("Bank of England".to_string(), EntityKind::Organization),
                ("NATO".to_string(), EntityKind::Organization),
                ("Norhaven".to_string(), EntityKind::Place),
                ("Verrin".to_string(), EntityKind::Person),
            ]
        );
    }

    #[test]
    fn one_word_after_a_number_is_no_person() {
        use EntityKind::Organization;
        assert_eq!(
            entities("In an interview with CBS News ’ 60 Minutes , he spoke ."),
            owned(&[("CBS News", Organization), ("Minutes", Organization)])
        );
        // After a year, or with a verb of saying, a person stays a person.
        assert_eq!(
            entities("In 2019 Merkel said she would stay ."),
            owned(&[("Merkel", EntityKind::Person)])
        );
        assert_eq!(
            entities("Then 12 Merkel said it ."),
            owned(&[("Merkel", EntityKind::Person)])
        );
    }

    #[test]
    fn a_title_word_before_an_organisation_word_is_part_of_its_name() {
        use EntityKind::{Organization, Person};
        assert_eq!(
            entities("The Foreign Ministry spokeswoman Maria Zakharova spoke ."),
            owned(&[
                ("Foreign Ministry", Organization),
                ("Maria Zakharova", Person)
            ])
        );
        assert_eq!(
            entities("It was Foreign Minister Sergei Lavrov ."),
            owned(&[("Sergei Lavrov", Person)])
        );
    }

    #[test]
    fn headlines_in_capitals_only_name_known_places() {
        assert_eq!(
            entities("SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT ."),
            [
                ("JAPAN".to_string(), EntityKind::Place),
                ("CHINA".to_string(), EntityKind::Place)
            ]
        );
    }

    /// Names with their kinds, owned, to compare with [`entities`].
    fn owned(pairs: &[(&str, EntityKind)]) -> Vec<(String, EntityKind)> {
        pairs
            .iter()
            .map(|(name, kind)| ((*name).to_string(), *kind))
            .collect()
    }

    #[test]
    fn teams_in_results_are_organisations_and_national_teams_places() {
        use EntityKind::{Organization, Place};
        assert_eq!(
            entities("Liverpool 2 Udinese 1"),
            owned(&[("Liverpool", Organization), ("Udinese", Organization)])
        );
        assert_eq!(
            entities("Japan 2 Syria 1"),
            owned(&[("Japan", Place), ("Syria", Place)])
        );
        assert_eq!(
            entities("Cibona Zagreb beat the visitors ."),
            owned(&[("Cibona Zagreb", Organization)])
        );
        assert_eq!(
            entities("Limoges ( France ) 9 3 6 12"),
            owned(&[("Limoges", Organization), ("France", Place)])
        );
        assert_eq!(
            entities("He lives in a tower in Moscow 's City district ."),
            owned(&[("Moscow", Place), ("City", Place)])
        );
        // Not a results line: a city stays a city.
        assert_eq!(
            entities("Talks in Liverpool ended on Monday ."),
            owned(&[("Liverpool", Place)])
        );
    }

    #[test]
    fn institutions_are_organisations_whatever_stands_around_them() {
        use EntityKind::{Organization, Person};
        assert_eq!(
            entities("Russian Foreign Ministry spokeswoman Maria Zakharova spoke ."),
            owned(&[
                ("Russian Foreign Ministry", Organization),
                ("Maria Zakharova", Person)
            ])
        );
        assert_eq!(
            entities("He led Hayat Tahrir al-Sham ( HTS ) until 2025 ."),
            owned(&[
                ("Hayat Tahrir al-Sham", Organization),
                ("HTS", Organization)
            ])
        );
    }
}
