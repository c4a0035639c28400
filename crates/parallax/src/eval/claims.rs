//! `parallax eval claims`: claim alignment against a fixture story of our own, and the
//! summary's citation rule on every ECB+ event.
//!
//! The fixture (`data/claims-story.json`, built in) is five short articles about a
//! fictional ferry disaster: an agency original, a repost, a rewrite and two independent
//! reports, every sentence labelled with the fact it states, plus the differences between
//! them (a death toll, a day, a minister's title). Alignment is scored over pairs of
//! sentences from different articles: a pair is predicted when some claim holds both,
//! gold when both carry one label.
//!
//! Faithfulness: each ECB+ event (gold `subtopic`) is analysed as one story, and every
//! summary sentence's citations are checked against its claim's support
//! ([`parallax_analyze::check_citations`]); the share of summary sentences whose every
//! citation holds is reported.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use parallax_analyze::{Analyzer, check_citations};
use parallax_core::contract::ArticleRecord;
use parallax_core::embedding::SentenceEncoder;
use parallax_core::{Article, ArticleId, ContentHash, Lineage, LineageKind, StoryAnalysis};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::eval::clustering::read_ecbplus;
use crate::eval::metrics::Scores;

/// The fixture story, built in.
const FIXTURE: &str = include_str!("../../data/claims-story.json");

/// Scores of `parallax eval claims`.
#[derive(Clone, Debug, Serialize)]
pub struct ClaimsReport {
    /// Sentences in the fixture story.
    pub sentences: usize,
    /// Gold claims (distinct labels), and those reported by two articles or more.
    pub gold_claims: usize,
    /// See `gold_claims`.
    pub gold_shared_claims: usize,
    /// Claims Parallax found, and those with two articles or more.
    pub claims: usize,
    /// See `claims`.
    pub shared_claims: usize,
    /// Alignment over cross-article sentence pairs.
    pub alignment: Scores,
    /// Gold pairs not aligned, each sentence as `article: sentence`.
    pub missed_pairs: Vec<[String; 2]>,
    /// Aligned pairs that gold keeps apart, each sentence as `article: sentence`.
    pub wrong_pairs: Vec<[String; 2]>,
    /// Gold differences, and those Parallax found with the same values and articles.
    pub gold_differences: usize,
    /// See `gold_differences`.
    pub differences_found: usize,
    /// Each gold difference and whether it was found.
    pub difference_checks: Vec<DifferenceCheck>,
    /// The summary's citation rule on the fixture and on every ECB+ event.
    pub faithfulness: Option<Faithfulness>,
    /// The sentence-embedding model claims were aligned with, if any.
    pub model: Option<String>,
}

/// One gold difference and whether it was found.
#[derive(Clone, Debug, Serialize)]
pub struct DifferenceCheck {
    /// What differs.
    pub about: String,
    /// Whether a difference with the same value groups was found.
    pub found: bool,
}

/// The citation rule over many stories.
#[derive(Clone, Debug, Serialize)]
pub struct Faithfulness {
    /// Stories analysed.
    pub stories: usize,
    /// Summary sentences written.
    pub sentences: usize,
    /// Summary sentences every citation of which holds.
    pub supported: usize,
    /// `supported / sentences`.
    pub share: f64,
    /// Stories with fewer than three summary sentences.
    pub short_summaries: usize,
    /// Seconds spent analysing the ECB+ events.
    pub seconds: f64,
}

#[derive(Deserialize)]
struct Fixture {
    articles: Vec<FixtureArticle>,
    differences: Vec<GoldDifference>,
}

#[derive(Deserialize)]
struct FixtureArticle {
    name: String,
    site: String,
    title: String,
    published: String,
    lineage: String,
    paragraphs: Vec<Vec<GoldSentence>>,
}

#[derive(Deserialize)]
struct GoldSentence {
    text: String,
    claim: String,
}

#[derive(Deserialize)]
struct GoldDifference {
    about: String,
    values: Vec<GoldValue>,
}

#[derive(Deserialize)]
struct GoldValue {
    articles: Vec<String>,
}

/// Scores claim alignment on the fixture and, when `data` holds ECB+, faithfulness on
/// every ECB+ event.
/// With `encoder`, claims are aligned with sentence embeddings as well as words.
pub fn run(data: &Path, encoder: Option<Arc<dyn SentenceEncoder>>) -> Result<ClaimsReport, Error> {
    let fixture: Fixture = serde_json::from_str(FIXTURE)
        .map_err(|e| Error::data(Path::new("data/claims-story.json"), e.to_string()))?;
    let records = fixture_records(&fixture);
    let model = encoder.as_ref().map(|encoder| encoder.name().to_string());
    let analyzer = match encoder {
        Some(encoder) => Analyzer::default().with_encoder(encoder),
        None => Analyzer::default(),
    };
    let analysis = analyzer.analyze(&records);
    let names: HashMap<&ArticleId, &str> = records
        .iter()
        .zip(&fixture.articles)
        .map(|(record, article)| (&record.article.id, article.name.as_str()))
        .collect();
    let mut report = score_alignment(&fixture, &analysis, &names);
    report.model = model;
    let mut faithfulness = Tally::default();
    faithfulness.add(&analysis, &records);
    let ecbplus = data.join("ecbplus").join("ecbplus_docs.jsonl");
    if ecbplus.is_file() {
        let started = Instant::now();
        for story in ecbplus_stories(&ecbplus)? {
            faithfulness.add(&analyzer.analyze(&story), &story);
        }
        faithfulness.seconds = started.elapsed().as_secs_f64();
        report.faithfulness = Some(faithfulness.finish());
    }
    Ok(report)
}

/// The fixture's articles as a story's records, with the lineage the fixture states.
fn fixture_records(fixture: &Fixture) -> Vec<ArticleRecord> {
    let ids: HashMap<&str, ArticleId> = fixture
        .articles
        .iter()
        .map(|article| {
            let id = ArticleId::derive(&article.name, &ContentHash::of(article.name.as_bytes()));
            (article.name.as_str(), id)
        })
        .collect();
    let original = fixture
        .articles
        .first()
        .map(|article| &ids[article.name.as_str()]);
    fixture
        .articles
        .iter()
        .map(|article| {
            let text = article
                .paragraphs
                .iter()
                .map(|paragraph| {
                    paragraph
                        .iter()
                        .map(|sentence| sentence.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join("\n\n");
            let published = parallax_core::dates::parse_datetime(&article.published);
            let lineage = match (article.lineage.as_str(), original) {
                ("repost", Some(of)) => copy_of(LineageKind::Repost, of),
                ("rewrite", Some(of)) => copy_of(LineageKind::Rewrite, of),
                _ => Lineage::original(),
            };
            ArticleRecord::new(
                Article {
                    id: ids[article.name.as_str()].clone(),
                    origin: format!("{}.txt", article.name),
                    url: None,
                    site: Some(article.site.clone()),
                    title: Some(article.title.clone()),
                    byline: None,
                    published,
                    language: Some("en".into()),
                    text,
                    credits: Vec::new(),
                    fetched_at: published.unwrap_or(time::OffsetDateTime::UNIX_EPOCH),
                    syndication: None,
                },
                lineage,
            )
        })
        .collect()
}

fn copy_of(kind: LineageKind, of: &ArticleId) -> Lineage {
    Lineage {
        kind,
        of: Some(of.clone()),
        ..Lineage::original()
    }
}

/// An (article name, sentence) pair.
type Item = (String, String);

fn score_alignment(
    fixture: &Fixture,
    analysis: &StoryAnalysis,
    names: &HashMap<&ArticleId, &str>,
) -> ClaimsReport {
    let mut label_of: BTreeMap<Item, &str> = BTreeMap::new();
    for article in &fixture.articles {
        for sentence in article.paragraphs.iter().flatten() {
            label_of.insert(
                (article.name.clone(), sentence.text.clone()),
                sentence.claim.as_str(),
            );
        }
    }
    let gold_item = |article: &str, sentence: &str| -> Option<Item> {
        label_of
            .keys()
            .filter(|(name, _)| name == article)
            .find(|(_, gold)| {
                gold == sentence || gold.contains(sentence) || sentence.contains(gold.as_str())
            })
            .cloned()
    };
    let cross = |a: &Item, b: &Item| a.0 != b.0;
    let ordered = |a: Item, b: Item| if a < b { (a, b) } else { (b, a) };
    let mut gold_pairs = BTreeSet::new();
    let items: Vec<&Item> = label_of.keys().collect();
    for (i, a) in items.iter().enumerate() {
        for b in &items[i + 1..] {
            if cross(a, b) && label_of[*a] == label_of[*b] {
                gold_pairs.insert(ordered((*a).clone(), (*b).clone()));
            }
        }
    }
    let mut predicted_pairs = BTreeSet::new();
    let mut shared_claims = 0;
    for claim in &analysis.claims {
        let members: BTreeSet<Item> = claim
            .support
            .iter()
            .filter_map(|support| gold_item(names.get(&support.article)?, &support.sentence))
            .collect();
        let articles: BTreeSet<&String> = members.iter().map(|(name, _)| name).collect();
        if articles.len() >= 2 {
            shared_claims += 1;
        }
        let members: Vec<Item> = members.into_iter().collect();
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                if cross(a, b) {
                    predicted_pairs.insert(ordered(a.clone(), b.clone()));
                }
            }
        }
    }
    let right = predicted_pairs.intersection(&gold_pairs).count() as f64;
    let ratio = |n: usize| if n == 0 { 1.0 } else { right / n as f64 };
    let mut labels: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for ((article, _), label) in &label_of {
        labels.entry(label).or_default().insert(article);
    }
    let difference_checks: Vec<DifferenceCheck> = fixture
        .differences
        .iter()
        .map(|gold| DifferenceCheck {
            about: gold.about.clone(),
            found: difference_found(gold, analysis, names),
        })
        .collect();
    ClaimsReport {
        sentences: label_of.len(),
        gold_claims: labels.len(),
        gold_shared_claims: labels
            .values()
            .filter(|articles| articles.len() >= 2)
            .count(),
        claims: analysis.claims.len(),
        shared_claims,
        alignment: Scores::new(ratio(predicted_pairs.len()), ratio(gold_pairs.len())),
        missed_pairs: gold_pairs
            .difference(&predicted_pairs)
            .map(|(a, b)| [format!("{}: {}", a.0, a.1), format!("{}: {}", b.0, b.1)])
            .collect(),
        wrong_pairs: predicted_pairs
            .difference(&gold_pairs)
            .map(|(a, b)| [format!("{}: {}", a.0, a.1), format!("{}: {}", b.0, b.1)])
            .collect(),
        gold_differences: difference_checks.len(),
        differences_found: difference_checks.iter().filter(|check| check.found).count(),
        difference_checks,
        faithfulness: None,
        model: None,
    }
}

/// Whether Parallax reports a difference whose values split the articles as the gold one
/// does.
fn difference_found(
    gold: &GoldDifference,
    analysis: &StoryAnalysis,
    names: &HashMap<&ArticleId, &str>,
) -> bool {
    let gold_groups: BTreeSet<BTreeSet<&str>> = gold
        .values
        .iter()
        .map(|value| value.articles.iter().map(String::as_str).collect())
        .collect();
    analysis.differences.iter().any(|difference| {
        let groups: BTreeSet<BTreeSet<&str>> = difference
            .values
            .iter()
            .map(|value| {
                value
                    .articles
                    .iter()
                    .filter_map(|id| names.get(id).copied())
                    .collect()
            })
            .collect();
        groups == gold_groups
    })
}

/// ECB+ events as stories: each gold `subtopic`'s documents, in file order.
fn ecbplus_stories(path: &Path) -> Result<Vec<Vec<ArticleRecord>>, Error> {
    let mut stories: BTreeMap<String, Vec<ArticleRecord>> = BTreeMap::new();
    for document in read_ecbplus(path)? {
        let article = document.article();
        stories
            .entry(document.gold.clone())
            .or_default()
            .push(ArticleRecord::new(article, Lineage::original()));
    }
    Ok(stories.into_values().collect())
}

#[derive(Default)]
struct Tally {
    stories: usize,
    sentences: usize,
    supported: usize,
    short: usize,
    seconds: f64,
}

impl Tally {
    fn add(&mut self, analysis: &StoryAnalysis, articles: &[ArticleRecord]) {
        let failures = check_citations(analysis, articles);
        self.stories += 1;
        self.sentences += analysis.summary.len();
        self.supported += analysis
            .summary
            .iter()
            .filter(|summary| failures.iter().all(|f| f.sentence != summary.sentence))
            .count();
        if analysis.summary.len() < 3 {
            self.short += 1;
        }
    }

    fn finish(self) -> Faithfulness {
        Faithfulness {
            stories: self.stories,
            sentences: self.sentences,
            supported: self.supported,
            share: if self.sentences == 0 {
                1.0
            } else {
                self.supported as f64 / self.sentences as f64
            },
            short_summaries: self.short,
            seconds: self.seconds,
        }
    }
}
