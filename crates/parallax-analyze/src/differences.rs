//! Differences: where the story's articles fill one slot with different values — the
//! title they give a person ("interim President" / "acting president"), an amount
//! (12 dead / 14 dead), a date or day (Thursday / Friday) — each value with the articles
//! that give it.

use std::collections::{BTreeMap, HashMap};

use parallax_core::contract::ArticleRecord;
use parallax_core::{ArticleId, Difference, DifferenceValue, Entity, EntityType};

use crate::claims::{Alignment, StoryClaim};
use crate::entities::{clean_surface, index_by_alias};
use crate::ner::gazetteer::is_demonym;
use crate::ner::{TaggedText, tokenize};
use crate::sentences::Sentence;
use crate::when::TimeKind;

/// Words that head a person's title.
pub(crate) const ROLES: &[&str] = &[
    "president",
    "leader",
    "minister",
    "premier",
    "chancellor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "secretary",
    "king",
    "queen",
    "prince",
    "emir",
    "governor",
    "mayor",
    "general",
    "commander",
    "chief",
    "head",
    "director",
    "ambassador",
    "envoy",
    "senator",
    "judge",
    "chairman",
    "chairwoman",
    "ceo",
    "captain",
    "prosecutor",
];

/// Lowercase words that qualify a title ("interim", "foreign").
pub(crate) const QUALIFIERS: &[&str] = &[
    "interim",
    "acting",
    "former",
    "deputy",
    "vice",
    "prime",
    "foreign",
    "defense",
    "defence",
    "transport",
    "interior",
    "finance",
    "health",
    "justice",
    "economy",
    "energy",
    "first",
    "chief",
    "senior",
    "new",
    "ousted",
    "exiled",
    "opposition",
    "state",
    "regional",
    "military",
];

/// A title reaches back at most this many bytes before the name.
const TITLE_REACH: usize = 80;

/// The story's differences: titles of people first, then amounts and dates.
pub(crate) fn story_differences(
    articles: &[ArticleRecord],
    tagged: &[TaggedText<'_>],
    entities: &[Entity],
    sentences: &[Sentence<'_>],
    alignment: &Alignment,
    claims: &[StoryClaim],
) -> Vec<Difference> {
    let mut differences = title_differences(articles, tagged, entities);
    differences.extend(value_differences(articles, sentences, alignment, claims));
    differences
}

/// One title as an article gives it.
struct GivenTitle {
    written: String,
    key: Vec<String>,
    article: usize,
}

/// People whose articles give them different titles.
fn title_differences(
    articles: &[ArticleRecord],
    tagged: &[TaggedText<'_>],
    entities: &[Entity],
) -> Vec<Difference> {
    let person_of = index_by_alias(entities, |entity| entity.entity_type == EntityType::Person);
    let mut given: BTreeMap<usize, Vec<GivenTitle>> = BTreeMap::new();
    for (article, (record, tagged)) in articles.iter().zip(tagged).enumerate() {
        let text = record.article.text.as_str();
        for name in &tagged.names {
            let surface = clean_surface(&text[name.start..name.end]);
            let Some(&person) = person_of.get(surface.as_str()) else {
                continue;
            };
            if let Some((written, key)) = title_before(text, name.start) {
                given.entry(person).or_default().push(GivenTitle {
                    written,
                    key,
                    article,
                });
            }
        }
    }
    given
        .into_iter()
        .filter_map(|(person, titles)| {
            let values = title_values(articles, titles);
            (values.len() >= 2).then(|| Difference {
                about: format!("title of {}", entities[person].name),
                values,
                claims: Vec::new(),
            })
        })
        .collect()
}

/// The title written just before a name at `start`: a role word ("President") with the
/// qualifiers and nationality before it ("Syrian interim President"), directly before the
/// name or before a comma ("Syria's interim President, Ahmed al-Sharaa"). Returns the
/// title as written and its key: its words lowercased, nationalities left out.
fn title_before(text: &str, start: usize) -> Option<(String, Vec<String>)> {
    let mut from = start.saturating_sub(TITLE_REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..start];
    let line_start = before
        .rfind(['\n', '.', ';', ':', '('])
        .map_or(0, |at| at + 1);
    let tokens = tokenize(&before[line_start..]);
    let mut end = tokens.len();
    if end > 0 && tokens[end - 1].text == "," {
        end -= 1;
    }
    let role = tokens.get(end.checked_sub(1)?)?;
    if !ROLES.contains(&role.text.to_lowercase().as_str()) {
        return None;
    }
    let mut first = end - 1;
    while first > 0 {
        let word = tokens[first - 1].text;
        let lower = word.to_lowercase();
        let capitalised = word.starts_with(|c: char| c.is_uppercase());
        let qualifies = QUALIFIERS.contains(&lower.as_str())
            || is_demonym(word)
            || (capitalised
                && word.chars().all(char::is_alphabetic)
                && !matches!(lower.as_str(), "the" | "a" | "an" | "and" | "by" | "with"));
        if !qualifies {
            break;
        }
        first -= 1;
    }
    let words = &tokens[first..end];
    let written = words
        .iter()
        .map(|token| token.text)
        .collect::<Vec<_>>()
        .join(" ");
    let key = words
        .iter()
        .filter(|token| !is_demonym(token.text))
        .map(|token| token.text.to_lowercase())
        .collect();
    Some((written, key))
}

/// One title key: the articles that give it, and its written forms with their counts.
type TitleValue = (Vec<usize>, BTreeMap<String, usize>);

/// The distinct titles given, each with its articles. A title an article also gives in a
/// fuller form ("President" beside "interim President") is not a value of its own.
fn title_values(articles: &[ArticleRecord], titles: Vec<GivenTitle>) -> Vec<DifferenceValue> {
    let mut by_article: BTreeMap<usize, Vec<&GivenTitle>> = BTreeMap::new();
    for title in &titles {
        by_article.entry(title.article).or_default().push(title);
    }
    let mut values: BTreeMap<Vec<String>, TitleValue> = BTreeMap::new();
    for (article, given) in by_article {
        for title in &given {
            let fuller = given.iter().any(|other| {
                other.key.len() > title.key.len()
                    && title.key.iter().all(|word| other.key.contains(word))
            });
            if fuller {
                continue;
            }
            let entry = values.entry(title.key.clone()).or_default();
            if !entry.0.contains(&article) {
                entry.0.push(article);
            }
            *entry.1.entry(title.written.clone()).or_default() += 1;
        }
    }
    let mut values: Vec<(usize, DifferenceValue)> = values
        .into_values()
        .map(|(found_in, forms)| {
            let written = forms
                .iter()
                .max_by_key(|(form, count)| (**count, std::cmp::Reverse(form.len())))
                .map(|(form, _)| form.clone())
                .unwrap_or_default();
            let first = found_in[0];
            let value = DifferenceValue {
                value: written,
                articles: found_in
                    .iter()
                    .map(|&index| articles[index].article.id.clone())
                    .collect(),
            };
            (first, value)
        })
        .collect();
    values.sort_by(|a, b| {
        b.1.articles
            .len()
            .cmp(&a.1.articles.len())
            .then(a.0.cmp(&b.0))
    });
    values.into_iter().map(|(_, value)| value).collect()
}

/// Amounts and dates that alike claims give differently: the claims in conflict, joined
/// into one difference per connected set, each claim one value.
fn value_differences(
    articles: &[ArticleRecord],
    sentences: &[Sentence<'_>],
    alignment: &Alignment,
    claims: &[StoryClaim],
) -> Vec<Difference> {
    let claim_of: HashMap<usize, usize> = claims
        .iter()
        .enumerate()
        .flat_map(|(claim, story_claim)| story_claim.sentences.iter().map(move |&s| (s, claim)))
        .collect();
    // Claim pairs in conflict, with the slot they disagree on.
    let mut slots: BTreeMap<(usize, usize), Slot> = BTreeMap::new();
    for &(a, b) in &alignment.conflicts {
        let (Some(&claim_a), Some(&claim_b)) = (claim_of.get(&a), claim_of.get(&b)) else {
            continue;
        };
        if claim_a == claim_b {
            continue;
        }
        if let Some(slot) = conflicting_slot(&sentences[a], &sentences[b]) {
            slots
                .entry((claim_a.min(claim_b), claim_a.max(claim_b)))
                .or_insert(slot);
        }
    }
    // Connected sets of claims per slot kind.
    let mut differences = Vec::new();
    let mut done: Vec<bool> = vec![false; claims.len()];
    for (&(first, _), slot) in &slots {
        if done[first] {
            continue;
        }
        let mut members = vec![first];
        let mut at = 0;
        while at < members.len() {
            let claim = members[at];
            for (&(x, y), other) in &slots {
                if other.about != slot.about {
                    continue;
                }
                let next = if x == claim {
                    y
                } else if y == claim {
                    x
                } else {
                    continue;
                };
                if !members.contains(&next) {
                    members.push(next);
                }
            }
            at += 1;
        }
        members.iter().for_each(|&claim| done[claim] = true);
        let values: Vec<DifferenceValue> = members
            .iter()
            .map(|&claim| claim_value(&claims[claim], sentences, articles, slot))
            .collect();
        differences.push(Difference {
            about: slot.about.clone(),
            values,
            claims: members
                .iter()
                .map(|&claim| claims[claim].claim.id.clone())
                .collect(),
        });
    }
    differences
}

/// What two sentences disagree on.
#[derive(Clone, Debug)]
struct Slot {
    about: String,
    unit: Option<String>,
    time: Option<TimeKind>,
}

fn conflicting_slot(a: &Sentence<'_>, b: &Sentence<'_>) -> Option<Slot> {
    for amount in &a.amounts {
        let theirs: Vec<_> = b.amounts.iter().filter(|t| t.unit == amount.unit).collect();
        if !theirs.is_empty() && !theirs.iter().any(|t| t.agrees(amount)) {
            let unit_word = amount
                .written
                .split_once(' ')
                .map(|(_, unit)| unit.to_string());
            return Some(Slot {
                about: match &unit_word {
                    Some(unit) => format!("number of {unit}"),
                    None => "a number".to_string(),
                },
                unit: Some(amount.unit.clone()),
                time: None,
            });
        }
    }
    for kind in [TimeKind::Calendar, TimeKind::Weekday] {
        let has = |s: &Sentence<'_>| s.times.iter().any(|t| t.kind == kind);
        if has(a) && has(b) {
            return Some(Slot {
                about: match kind {
                    TimeKind::Weekday => "day".to_string(),
                    _ => "date".to_string(),
                },
                unit: None,
                time: Some(kind),
            });
        }
    }
    None
}

/// The value a claim gives for a slot, with the claim's articles.
fn claim_value(
    claim: &StoryClaim,
    sentences: &[Sentence<'_>],
    articles: &[ArticleRecord],
    slot: &Slot,
) -> DifferenceValue {
    let mut forms: BTreeMap<String, usize> = BTreeMap::new();
    for &index in &claim.sentences {
        let sentence = &sentences[index];
        if let Some(unit) = &slot.unit {
            for amount in sentence.amounts.iter().filter(|a| &a.unit == unit) {
                *forms.entry(amount.written.clone()).or_default() += 1;
            }
        }
        if let Some(kind) = slot.time {
            for time in sentence.times.iter().filter(|t| t.kind == kind) {
                let form = match time.point {
                    Some(point) => format!("{} ({})", time.written, point.iso()),
                    None => time.written.clone(),
                };
                *forms.entry(form).or_default() += 1;
            }
        }
    }
    let value = forms
        .iter()
        .max_by_key(|(form, count)| (**count, std::cmp::Reverse(form.len())))
        .map(|(form, _)| form.clone())
        .unwrap_or_else(|| claim.claim.text.clone());
    let mut cited: Vec<ArticleId> = Vec::new();
    for &index in &claim.sentences {
        let id = &articles[sentences[index].article].article.id;
        if !cited.contains(id) {
            cited.push(id.clone());
        }
    }
    DifferenceValue {
        value,
        articles: cited,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(text: &str, name: &str) -> Option<(String, Vec<String>)> {
        title_before(text, text.find(name).unwrap())
    }

    #[test]
    fn titles_are_read_before_names_and_keyed_without_nationality() {
        let (written, key) = title(
            "In Moscow, Syria’s interim President, Ahmed al-Sharaa, met Putin.",
            "Ahmed",
        )
        .unwrap();
        assert_eq!(written, "interim President");
        assert_eq!(key, ["interim", "president"]);
        let (written, key) = title("Syrian President Ahmed al-Sharaa met Putin.", "Ahmed").unwrap();
        assert_eq!(written, "Syrian President");
        assert_eq!(key, ["president"]);
        let (written, _) =
            title("“We will act,” Transport Minister Lena Varga said.", "Lena").unwrap();
        assert_eq!(written, "Transport Minister");
        assert!(title("He met Ahmed al-Sharaa.", "Ahmed").is_none());
        assert!(title("Ms. Varga said.", "Varga").is_none());
    }
}
