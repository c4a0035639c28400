//! Dating differences: one past event dated in different ways by different outlets —
//! "collapsed on December 8, 2024" / "ousting … 10 months ago" / "the fall … in December
//! 2024". Each time expression is tied to the nearest event word of its sentence (a
//! paraphrase concept shared across outlets: the fall, a death, a meeting); an event that
//! two or more articles date, in different words or to different points, is a difference
//! whose values are the datings, each resolved when it can be and with its articles.
//!
//! Datings that agree (10 months before an October article is December 2024) are still
//! listed: readers compare how precise and how sure each outlet is, and the values show
//! what each resolves to. Datings that cannot agree are the stronger case; amounts and
//! weekdays in conflict are the value differences of `differences`.

use std::collections::BTreeMap;

use parallax_core::contract::ArticleRecord;
use parallax_core::{ArticleId, Difference, DifferenceValue};

use crate::ner::tokenize;
use crate::sentences::{Sentence, term_of};

/// A time expression belongs to an event word at most this many words away.
const MAX_DISTANCE: usize = 8;
/// At most this many dating differences per story.
const MAX_DIFFERENCES: usize = 2;

/// One dating of one event by one article.
struct Dating {
    article: usize,
    /// The expression as written.
    written: String,
    /// What it resolves to, when it does.
    resolved: Option<String>,
    /// The event word as written.
    event_word: String,
}

/// The story's dating differences.
pub(crate) fn dating_differences(
    articles: &[ArticleRecord],
    sentences: &[Sentence<'_>],
) -> Vec<Difference> {
    let mut by_event: BTreeMap<String, Vec<Dating>> = BTreeMap::new();
    for sentence in sentences
        .iter()
        .filter(|sentence| !sentence.times.is_empty())
    {
        let tokens = tokenize(sentence.text);
        let events: Vec<(usize, String)> = tokens
            .iter()
            .enumerate()
            .filter_map(|(index, token)| {
                let term = term_of(&token.text.to_lowercase());
                term.starts_with('~').then_some((index, term))
            })
            .collect();
        // A bare year is most often background ("the deadliest since 1969").
        for time in sentence
            .times
            .iter()
            .filter(|time| !time.written.chars().all(|c| c.is_ascii_digit()))
        {
            let distance = |index: usize| {
                if index < time.tokens.start {
                    time.tokens.start - index
                } else {
                    index.saturating_sub(time.tokens.end - 1)
                }
            };
            // "… after the fall", "… since the vote": the event follows.
            let event_follows =
                time.written.ends_with(" after") || time.written.ends_with(" since");
            let Some((at, event)) = events
                .iter()
                .filter(|(index, _)| !time.tokens.contains(index))
                .filter(|(index, _)| !event_follows || *index >= time.tokens.end)
                .min_by_key(|(index, _)| distance(*index))
                .filter(|(index, _)| distance(*index) <= MAX_DISTANCE)
            else {
                continue;
            };
            let resolved = time.point.map(|point| point.iso());
            by_event.entry(event.clone()).or_default().push(Dating {
                article: sentence.article,
                written: time.written.clone(),
                resolved,
                event_word: tokens[*at].text.to_lowercase(),
            });
        }
    }
    let mut differences: Vec<(usize, Difference)> = by_event
        .into_values()
        .filter_map(|datings| difference_of(articles, &datings))
        .collect();
    differences.sort_by_key(|(reach, _)| std::cmp::Reverse(*reach));
    differences
        .into_iter()
        .take(MAX_DIFFERENCES)
        .map(|(_, difference)| difference)
        .collect()
}

/// The difference one event's datings make, with how many articles it reaches: none when
/// only one article dates it, or every article dates it the same way.
fn difference_of(articles: &[ArticleRecord], datings: &[Dating]) -> Option<(usize, Difference)> {
    let mut values: BTreeMap<String, Vec<ArticleId>> = BTreeMap::new();
    for dating in datings {
        let cited = values.entry(dating.written.to_lowercase()).or_default();
        let id = &articles[dating.article].article.id;
        if !cited.contains(id) {
            cited.push(id.clone());
        }
    }
    let mut reached: Vec<&ArticleId> = values.values().flatten().collect();
    reached.sort_unstable();
    reached.dedup();
    let reach = reached.len();
    // Two articles must date it, and some pair of them differently.
    let differs = values.len() >= 2
        && values
            .values()
            .any(|a| values.values().any(|b| b.iter().any(|id| !a.contains(id))));
    if reach < 2 || !differs {
        return None;
    }
    // A value as first written, with what any of its datings resolves to.
    let written = |key: &str| {
        let same: Vec<&Dating> = datings
            .iter()
            .filter(|dating| dating.written.to_lowercase() == key)
            .collect();
        let form = same.first().map_or(key, |dating| dating.written.as_str());
        match same.iter().find_map(|dating| dating.resolved.as_deref()) {
            Some(resolved) => format!("{form} ({resolved})"),
            None => form.to_string(),
        }
    };
    let mut words: BTreeMap<&str, usize> = BTreeMap::new();
    for dating in datings {
        *words.entry(dating.event_word.as_str()).or_default() += 1;
    }
    let event = words
        .iter()
        .max_by_key(|(word, count)| (**count, std::cmp::Reverse(word.len())))
        .map_or("", |(word, _)| word);
    let mut values: Vec<DifferenceValue> = values
        .into_iter()
        .map(|(key, articles)| DifferenceValue {
            value: written(&key),
            articles,
        })
        .collect();
    values.sort_by_key(|value| std::cmp::Reverse(value.articles.len()));
    Some((
        reach,
        Difference {
            about: format!("when: {event}"),
            values,
            claims: Vec::new(),
        },
    ))
}
