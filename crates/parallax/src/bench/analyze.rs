//! `parallax bench analyze`: how long analysis (entities, quotes, claims, differences,
//! timeline, summary) takes for one large story, on one core.
//!
//! Two 200-article stories are made from ECB+ documents (read in place): one of
//! independent reports (the first documents in file order: the same kinds of events,
//! each written separately — many distinct sentences, the hardest case for alignment),
//! and one of wire copy (40 reports, each reposted four times, as a syndicated story
//! looks).

use std::path::{Path, PathBuf};
use std::time::Instant;

use parallax_analyze::Analyzer;
use parallax_core::contract::ArticleRecord;
use parallax_core::{ArticleId, ContentHash, Lineage, LineageKind};
use serde::Serialize;

use crate::Error;
use crate::eval::clustering::read_ecbplus;

/// What to measure.
#[derive(Clone, Debug)]
pub struct AnalyzeBenchConfig {
    /// The public data sets (`../shared/data`).
    pub data: PathBuf,
    /// Articles per story.
    pub articles: usize,
    /// Timed runs per story (the median is reported).
    pub runs: usize,
}

/// The figures.
#[derive(Clone, Debug, Serialize)]
pub struct AnalyzeBenchReport {
    /// One line per story kind.
    pub stories: Vec<StoryTiming>,
}

/// Timing of one story.
#[derive(Clone, Debug, Serialize)]
pub struct StoryTiming {
    /// Which story.
    pub kind: String,
    /// Its articles.
    pub articles: usize,
    /// Its claims.
    pub claims: usize,
    /// Median seconds per analysis.
    pub median_seconds: f64,
    /// Every run's seconds.
    pub runs: Vec<f64>,
}

/// Times the analysis of the two stories.
pub fn run(config: &AnalyzeBenchConfig) -> Result<AnalyzeBenchReport, Error> {
    let documents = read_ecbplus(&config.data.join("ecbplus").join("ecbplus_docs.jsonl"))?;
    let articles: Vec<ArticleRecord> = documents
        .iter()
        .map(|document| ArticleRecord::new(document.article(), Lineage::original()))
        .collect();
    if articles.len() < config.articles {
        return Err(Error::data(
            Path::new(&config.data),
            format!(
                "ECB+ has {} documents, fewer than {}",
                articles.len(),
                config.articles
            ),
        ));
    }
    let independent: Vec<ArticleRecord> = articles[..config.articles].to_vec();
    let reports = (config.articles / 5).max(1);
    let mut syndicated = Vec::new();
    for original in &articles[..reports] {
        syndicated.push(original.clone());
        for copy in 0..4 {
            let lineage = Lineage {
                kind: LineageKind::Repost,
                of: Some(original.article.id.clone()),
                ..Lineage::original()
            };
            let mut article = original.article.clone();
            article.origin = format!("{}-copy-{copy}", article.origin);
            article.id =
                ArticleId::derive(&article.origin, &ContentHash::of(article.text.as_bytes()));
            syndicated.push(ArticleRecord::new(article, lineage));
        }
    }
    let analyzer = Analyzer::default();
    let stories = [
        ("independent reports", independent),
        ("wire copy (each report reposted 4 times)", syndicated),
    ]
    .into_iter()
    .map(|(kind, story)| time_story(&analyzer, kind, &story, config.runs.max(1)))
    .collect();
    Ok(AnalyzeBenchReport { stories })
}

fn time_story(
    analyzer: &Analyzer,
    kind: &str,
    story: &[ArticleRecord],
    runs: usize,
) -> StoryTiming {
    let mut times = Vec::with_capacity(runs);
    let mut claims = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let analysis = analyzer.analyze(story);
        times.push(started.elapsed().as_secs_f64());
        claims = analysis.claims.len();
    }
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    StoryTiming {
        kind: kind.to_string(),
        articles: story.len(),
        claims,
        median_seconds: sorted[sorted.len() / 2],
        runs: times,
    }
}
