//! Characterisations: how outlets describe what links a person to a place or an
//! organisation — "Assad, who is hiding in Russia" / "Russia granted Assad asylum". Where
//! a sentence names a person and a place or organisation a few words apart, the words
//! between the names are the link as that article words it. The links one pair of
//! entities gets across the story are grouped by shared stems (and the paraphrase
//! concepts claims use); when different articles give links that share nothing, the
//! outlets characterise the relation differently, and each wording is a value of one
//! difference.
//!
//! Deliberately narrow: only person–place and person–organisation pairs, named at most
//! [`MAX_GAP_WORDS`] words apart, with a content word between them that is not a verb of
//! saying; at most [`MAX_DIFFERENCES`] per story, the pairs most articles link first.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use parallax_core::contract::ArticleRecord;
use parallax_core::{Difference, DifferenceValue, Entity, EntityType};

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
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "into", "on", "at", "for", "from",
    "by", "with", "as", "about", "after", "before", "since", "while", "when", "where", "who",
    "whom", "whose", "which", "that", "this", "these", "those", "is", "was", "were", "are",
    "be", "been", "being", "has", "have", "had", "having", "do", "does", "did", "will",
    "would", "could", "should", "may", "might", "can", "its", "his", "her", "their", "our",
    "he", "she", "it", "they", "him", "them", "currently", "now", "still", "also", "then",
    "already", "reportedly", "allegedly", "just", "recently", "said", "says", "say",
    "told", "tells", "according", "reporters", "journalists", "added", "noted", "stated", "asked", "s", "not",
    "family", "wife", "government", "leader", "president", "former", "ousted",
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
            let reach: BTreeSet<&str> = values
                .iter()
                .flat_map(|value| value.articles.iter().map(|id| id.as_str()))
                .collect();
            let distinct_articles = values
                .iter()
                .map(|value| &value.articles)
                .collect::<BTreeSet<_>>()
                .len();
            (values.len() >= 2 && distinct_articles >= 2).then(|| {
                (
                    reach.len(),
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
    differences.sort_by(|a, b| b.0.cmp(&a.0));
    differences
        .into_iter()
        .take(MAX_DIFFERENCES)
        .map(|(_, difference)| difference)
        .collect()
}

/// The link the words between two names make, if they are one clause's few words with
/// something to say.
fn link_between(gap: &str, article: usize) -> Option<Link> {
    if gap.contains(['.', '!', '?', ';', ':', '\n', '"', '“', '”', '(', ')']) {
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
    let mut values: Vec<DifferenceValue> = groups
        .into_values()
        .map(|group| {
            let mut counts: HashMap<&str, usize> = HashMap::new();
            for link in &group {
                *counts.entry(link.written.as_str()).or_default() += 1;
            }
            let written = counts
                .iter()
                .max_by_key(|(written, count)| (**count, std::cmp::Reverse(written.len())))
                .map(|(written, _)| written.to_string())
                .unwrap_or_default();
            let mut cited = Vec::new();
            for link in &group {
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
    values.sort_by(|a, b| b.articles.len().cmp(&a.articles.len()));
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
        assert_eq!(written(", who is currently hiding in ").as_deref(), Some("hiding"));
        assert_eq!(written(" had granted asylum to ").as_deref(), Some("granted asylum"));
        assert_eq!(written(", having granted ").as_deref(), Some("granted"));
        // Saying is not describing; sentences and quotes end a link; long gaps are none.
        assert_eq!(written(" told reporters in "), None);
        assert_eq!(written(" said in "), None);
        assert_eq!(written(" left. Then "), None);
        assert_eq!(written(" and many other people who came to the talks in "), None);
    }
}
