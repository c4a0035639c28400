//! Characterisations: how outlets describe what links a person to a place or an
//! organisation — "Assad, who is hiding in Russia" / "Russia granted Assad asylum". Where
//! a sentence names a person and a place or organisation a few words apart, the words
//! between the names are the link as that article words it. The links one pair of
//! entities gets across the story are grouped by shared stems (and the paraphrase
//! concepts claims use); when different articles give links that share nothing, the
//! outlets characterise the relation differently, and each wording is a value of one
//! difference.
//!
//! Deliberately narrow, since two wordings may as well be two different facts: only
//! person–place and person–organisation pairs that at least [`MIN_ARTICLES`] articles
//! link, named at most [`MAX_GAP_WORDS`] words apart, with a verb between them (not a verb
//! of saying, not a noun after "the") and no title or possessive; at most
//! [`MAX_DIFFERENCES`] per story, the pairs most articles link first.

use std::collections::{BTreeMap, BTreeSet};

use parallax_core::contract::ArticleRecord;
use parallax_core::{Difference, DifferenceValue, Entity, EntityType};

use crate::differences::{QUALIFIERS, ROLES};
use crate::entities::{clean_surface, index_by_alias};
use crate::ner::TaggedText;
use crate::sentences::term_of;

/// At most this many words between the two names.
const MAX_GAP_WORDS: usize = 6;
/// At most this many characterisation differences per story.
const MAX_DIFFERENCES: usize = 3;

/// Words that carry no characterisation: function words, auxiliaries, pronouns, time
/// adverbs, and verbs of saying (a quote's attribution is not a description).
const EMPTY_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "of",
    "to",
    "in",
    "into",
    "on",
    "at",
    "for",
    "from",
    "by",
    "with",
    "as",
    "about",
    "after",
    "before",
    "since",
    "while",
    "when",
    "where",
    "who",
    "whom",
    "whose",
    "which",
    "that",
    "this",
    "these",
    "those",
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "having",
    "do",
    "does",
    "did",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "can",
    "its",
    "his",
    "her",
    "their",
    "our",
    "he",
    "she",
    "it",
    "they",
    "him",
    "them",
    "currently",
    "now",
    "still",
    "also",
    "then",
    "already",
    "reportedly",
    "allegedly",
    "just",
    "recently",
    "said",
    "says",
    "say",
    "told",
    "tells",
    "according",
    "reporters",
    "journalists",
    "added",
    "noted",
    "stated",
    "asked",
    "s",
    "not",
    "family",
    "wife",
    "government",
    "leader",
    "president",
    "former",
    "ousted",
];

/// A pair of entities is compared only when at least this many articles link them.
const MIN_ARTICLES: usize = 3;
/// Words before which a verb form is a noun ("the ousting of").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "this", "that",
];
/// Irregular past forms that describe what someone did or underwent.
const IRREGULAR_VERBS: &[&str] = &[
    "fled", "hid", "held", "met", "left", "went", "sought", "fought", "won", "lost", "fell",
    "took", "gave", "kept", "sent", "struck", "seized", "ran", "stood", "came", "flew",
];

/// One link as one article words it.
struct Link {
    article: usize,
    written: String,
    terms: BTreeSet<String>,
}

/// The story's characterisation differences.
pub(crate) fn characterisation_differences(
    articles: &[ArticleRecord],
    tagged: &[TaggedText<'_>],
    entities: &[Entity],
) -> Vec<Difference> {
    let person_of = index_by_alias(entities, |entity| entity.entity_type == EntityType::Person);
    let other_of = index_by_alias(entities, |entity| {
        matches!(
            entity.entity_type,
            EntityType::Place | EntityType::Organization
        )
    });
    let mut links: BTreeMap<(usize, usize), Vec<Link>> = BTreeMap::new();
    for (article, (record, tagged)) in articles.iter().zip(tagged).enumerate() {
        let text = record.article.text.as_str();
        for pair in tagged.names.windows(2) {
            let [first, second] = pair else { continue };
            let resolve = |name: &crate::ner::Name| clean_surface(&text[name.start..name.end]);
            let (a, b) = (resolve(first), resolve(second));
            let key = match (
                person_of.get(a.as_str()),
                other_of.get(b.as_str()),
                other_of.get(a.as_str()),
                person_of.get(b.as_str()),
            ) {
                (Some(&person), Some(&other), _, _) | (_, _, Some(&other), Some(&person)) => {
                    (person, other)
                }
                _ => continue,
            };
            if let Some(link) = link_between(&text[first.end..second.start], article) {
                links.entry(key).or_default().push(link);
            }
        }
    }
    let mut differences: Vec<(usize, Difference)> = links
        .into_iter()
        .filter_map(|((person, other), links)| {
            let values = link_values(articles, links);
            let reach = values
                .iter()
                .flat_map(|value| value.articles.iter().map(|id| id.as_str()))
                .collect::<BTreeSet<&str>>()
                .len();
            let distinct_articles = values
                .iter()
                .map(|value| &value.articles)
                .collect::<BTreeSet<_>>()
                .len();
            (values.len() >= 2 && distinct_articles >= 2 && reach >= MIN_ARTICLES).then(|| {
                (
                    reach,
                    Difference {
                        about: format!(
                            "how {} and {} are described",
                            entities[person].name, entities[other].name
                        ),
                        values,
                        claims: Vec::new(),
                    },
                )
            })
        })
        .collect();
    differences.sort_by_key(|(reach, _)| std::cmp::Reverse(*reach));
    differences
        .into_iter()
        .take(MAX_DIFFERENCES)
        .map(|(_, difference)| difference)
        .collect()
}

/// The link the words between two names make, if they are one clause's few words with
/// something to say.
fn link_between(gap: &str, article: usize) -> Option<Link> {
    // Sentence ends and quotes end a link; a possessive makes the gap a noun phrase
    // ("Russia's ally"), not something said of the two.
    if gap.contains(['.', '!', '?', ';', ':', '\n', '"', '“', '”', '(', ')'])
        || gap.contains("'s")
        || gap.contains("’s")
    {
        return None;
    }
    let words: Vec<&str> = gap
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .filter(|word| !word.is_empty())
        .collect();
    if words.is_empty() || words.len() > MAX_GAP_WORDS {
        return None;
    }
    let content: Vec<usize> = (0..words.len())
        .filter(|&i| {
            let lower = words[i].to_lowercase();
            !EMPTY_WORDS.contains(&lower.as_str())
                && lower.chars().all(char::is_alphabetic)
                && !words[i].starts_with(char::is_uppercase)
        })
        .collect();
    // A title between the names ("Syria's interim President") is no description.
    let lowered: Vec<String> = words.iter().map(|word| word.to_lowercase()).collect();
    if lowered
        .iter()
        .any(|word| ROLES.contains(&word.as_str()) || QUALIFIERS.contains(&word.as_str()))
    {
        return None;
    }
    // Something must be done or undergone: a verb form that is not a noun after "the".
    let predicate = content.iter().any(|&i| {
        let word = lowered[i].as_str();
        let verb_like =
            word.ends_with("ed") || word.ends_with("ing") || IRREGULAR_VERBS.contains(&word);
        verb_like && (i == 0 || !DETERMINERS.contains(&lowered[i - 1].as_str()))
    });
    if !predicate {
        return None;
    }
    let (&first, &last) = (content.first()?, content.last()?);
    Some(Link {
        article,
        written: words[first..=last].join(" "),
        terms: content
            .iter()
            .map(|&i| term_of(&words[i].to_lowercase()))
            .collect(),
    })
}

/// Links grouped into values: links that share a term are one wording of one value.
fn link_values(articles: &[ArticleRecord], links: Vec<Link>) -> Vec<DifferenceValue> {
    let mut group_of: Vec<usize> = (0..links.len()).collect();
    fn root(group_of: &mut [usize], mut at: usize) -> usize {
        while group_of[at] != at {
            group_of[at] = group_of[group_of[at]];
            at = group_of[at];
        }
        at
    }
    for i in 0..links.len() {
        for j in i + 1..links.len() {
            if !links[i].terms.is_disjoint(&links[j].terms) {
                let (a, b) = (root(&mut group_of, i), root(&mut group_of, j));
                group_of[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<&Link>> = BTreeMap::new();
    for (index, link) in links.iter().enumerate() {
        let group = root(&mut group_of, index);
        groups.entry(group).or_default().push(link);
    }
    let groups: Vec<Vec<&Link>> = groups.into_values().collect();
    let mut values: Vec<DifferenceValue> = groups
        .iter()
        .map(|group| {
            // The wording that shares most with the group's others (ties: the shorter).
            let shared = |link: &Link| -> usize {
                group
                    .iter()
                    .filter(|other| !std::ptr::eq(**other, link))
                    .map(|other| link.terms.intersection(&other.terms).count())
                    .sum()
            };
            let written = group
                .iter()
                .max_by_key(|link| (shared(link), std::cmp::Reverse(link.written.len())))
                .map(|link| link.written.clone())
                .unwrap_or_default();
            let mut cited = Vec::new();
            for link in group {
                let id = &articles[link.article].article.id;
                if !cited.contains(id) {
                    cited.push(id.clone());
                }
            }
            DifferenceValue {
                value: written,
                articles: cited,
            }
        })
        .collect();
    values.sort_by_key(|value| std::cmp::Reverse(value.articles.len()));
    values
}

#[cfg(test)]
mod tests {
    use super::link_between;

    fn written(gap: &str) -> Option<String> {
        link_between(gap, 0).map(|link| link.written)
    }

    #[test]
    fn the_words_between_two_names_are_the_link() {
        assert_eq!(
            written(", who is currently hiding in ").as_deref(),
            Some("hiding")
        );
        assert_eq!(
            written(" had granted asylum to ").as_deref(),
            Some("granted asylum")
        );
        assert_eq!(written(", having granted ").as_deref(), Some("granted"));
        // Saying is not describing; titles, possessives and nouns after "the" are no
        // link; sentences and quotes end a link; long gaps are none.
        assert_eq!(written("’s interim President, "), None);
        assert_eq!(written("’s previous backing of the "), None);
        assert_eq!(written(" since the ousting of "), None);
        assert_eq!(written(" and his family fled to ").as_deref(), Some("fled"));
        assert_eq!(written(" told reporters in "), None);
        assert_eq!(written(" said in "), None);
        assert_eq!(written(" left. Then "), None);
        assert_eq!(
            written(" and many other people who came to the talks in "),
            None
        );
    }
}
