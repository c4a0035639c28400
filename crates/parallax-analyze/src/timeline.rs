//! The timeline: what the story's claims say happened when, with the articles that say
//! so, and when each source first reported the story.
//!
//! Dated statements resolve against their article's publication date ("on Wednesday",
//! "10 months ago"); those that cannot (no publication date) keep their words and follow
//! the dated ones, in the order the story first states them.

use std::collections::BTreeMap;

use parallax_core::contract::ArticleRecord;
use parallax_core::{ArticleId, TimelineEntry, TimelineKind};
use time::format_description::well_known::Rfc3339;

use crate::claims::StoryClaim;
use crate::sentences::Sentence;
use crate::when::Point;

/// When a statement happened: resolved, or only as written.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum When {
    Resolved(Point),
    Written(String),
}

/// The story's timeline: dated statements in time order (unresolved ones after, in story
/// order), then each source's first report in time order.
pub(crate) fn story_timeline(
    articles: &[ArticleRecord],
    sentences: &[Sentence<'_>],
    claims: &[StoryClaim],
) -> Vec<TimelineEntry> {
    let mut entries = event_entries(articles, sentences, claims);
    entries.extend(first_reports(articles));
    entries
}

fn event_entries(
    articles: &[ArticleRecord],
    sentences: &[Sentence<'_>],
    claims: &[StoryClaim],
) -> Vec<TimelineEntry> {
    // (claim, when) -> (first sentence that says so, its articles)
    let mut found: BTreeMap<(usize, When), (usize, Vec<ArticleId>)> = BTreeMap::new();
    for (claim_index, claim) in claims.iter().enumerate() {
        for &index in &claim.sentences {
            let sentence = &sentences[index];
            for time in &sentence.times {
                let when = match time.point {
                    Some(point) => When::Resolved(point),
                    None => When::Written(time.written.clone()),
                };
                let entry = found
                    .entry((claim_index, when))
                    .or_insert_with(|| (index, Vec::new()));
                let id = &articles[sentence.article].article.id;
                if !entry.1.contains(id) {
                    entry.1.push(id.clone());
                }
            }
        }
    }
    // One wording at one time is one entry, whichever claims (a sentence may support two)
    // or copies (a repost repeats it) it came through: citing them all.
    let mut by_wording: BTreeMap<(When, &str), (usize, Vec<ArticleId>)> = BTreeMap::new();
    for ((_, when), (index, cited)) in found {
        let (_, articles) = by_wording
            .entry((when, sentences[index].text))
            .or_insert_with(|| (index, Vec::new()));
        for id in cited {
            if !articles.contains(&id) {
                articles.push(id);
            }
        }
    }
    let mut entries: Vec<(When, usize, TimelineEntry)> = by_wording
        .into_iter()
        .map(|((when, _), (index, cited))| {
            let entry = TimelineEntry {
                when: match &when {
                    When::Resolved(point) => point.iso(),
                    When::Written(written) => written.clone(),
                },
                what: sentences[index].text.to_string(),
                articles: cited,
                kind: TimelineKind::Event,
            };
            (when, index, entry)
        })
        .collect();
    entries.sort_by(
        |(when_a, index_a, _), (when_b, index_b, _)| match (when_a, when_b) {
            (When::Resolved(a), When::Resolved(b)) => a
                .first_day()
                .cmp(&b.first_day())
                .then_with(|| a.iso().len().cmp(&b.iso().len()))
                .then(index_a.cmp(index_b)),
            (When::Resolved(_), When::Written(_)) => std::cmp::Ordering::Less,
            (When::Written(_), When::Resolved(_)) => std::cmp::Ordering::Greater,
            (When::Written(_), When::Written(_)) => {
                story_order(sentences, *index_a).cmp(&story_order(sentences, *index_b))
            }
        },
    );
    entries.into_iter().map(|(_, _, entry)| entry).collect()
}

/// Where a sentence stands in the story: its position in its article, then the article.
fn story_order(sentences: &[Sentence<'_>], index: usize) -> (usize, usize) {
    (sentences[index].position, sentences[index].article)
}

/// Each source's earliest dated article. Sources are sites (the origin when the site is
/// unknown); articles without a publication date have no entry.
fn first_reports(articles: &[ArticleRecord]) -> Vec<TimelineEntry> {
    let mut first: BTreeMap<String, &ArticleRecord> = BTreeMap::new();
    for record in articles {
        let Some(published) = record.article.published else {
            continue;
        };
        let source = record
            .article
            .site
            .clone()
            .unwrap_or_else(|| record.article.origin.clone());
        let earlier = first
            .get(&source)
            .and_then(|seen| seen.article.published)
            .is_none_or(|seen| published < seen);
        if earlier {
            first.insert(source, record);
        }
    }
    let mut reports: Vec<(time::OffsetDateTime, TimelineEntry)> = first
        .into_iter()
        .filter_map(|(source, record)| {
            let published = record.article.published?;
            Some((
                published,
                TimelineEntry {
                    when: published.format(&Rfc3339).ok()?,
                    what: format!("{source} first reports the story"),
                    articles: vec![record.article.id.clone()],
                    kind: TimelineKind::FirstReport,
                },
            ))
        })
        .collect();
    reports.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.what.cmp(&b.1.what)));
    reports.into_iter().map(|(_, entry)| entry).collect()
}
