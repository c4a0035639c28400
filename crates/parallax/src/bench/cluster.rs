//! `parallax bench cluster`: clustering throughput with many open stories.
//!
//! The stream is made from real sentences (the texts of `../shared/data`). Each generated
//! event is a mix of real sentences from the whole pool, with every name in them replaced
//! by one of the event's own invented names and every figure by one of its own figures
//! (names and figures are what set real events apart; a pool of 100 k sentences is
//! otherwise reused by many events). First come enough events to open the
//! asked number of stories (dated across the window), then the measured stream, in which
//! each article either follows up an open story (most of its sentences, some replaced,
//! names kept) or reports a new event. Measured: articles per second through feature extraction (on the thread
//! pool, as the pipeline runs it) and assignment (one thread, as the pipeline runs it),
//! with the store's per-batch bookkeeping (`take_changes`); memory of the open stories;
//! and how many follow-ups found their story (the inverted index's recall).

use std::path::PathBuf;
use std::time::Instant;

use parallax_cluster::{ArticleFeatures, ClusterConfig, Clusterer};
use parallax_core::{ArticleId, StoryId};
use rayon::prelude::*;
use serde::Serialize;
use time::OffsetDateTime;

use crate::Error;
use crate::bench::events::{Event, follow_up, new_event, sentence_pool, write};
use crate::bench::load_texts;
use crate::bench::rng::Rng;

/// Articles handed to the clusterer between two `take_changes` calls, as the pipeline's
/// batches do.
const BATCH: usize = 64;
/// Seconds per day.
const DAY: i64 = 86_400;

/// What to run.
#[derive(Clone, Debug)]
pub struct ClusterBenchConfig {
    /// The public data sets (`../shared/data`).
    pub data: PathBuf,
    /// Open stories before the measured stream.
    pub open_stories: usize,
    /// Articles in the measured stream.
    pub articles: usize,
    /// Share of the stream that follows up an open story.
    pub follow_up_share: f64,
    /// Articles per day in the measured stream (the prefill spreads over the window).
    pub per_day: usize,
    /// Worker threads for feature extraction (0: one per core).
    pub threads: usize,
    /// Seed of the stream.
    pub seed: u64,
}

/// What it measured.
#[derive(Clone, Debug, Serialize)]
pub struct ClusterBenchReport {
    /// Sentences in the pool the articles are drawn from.
    pub pool_sentences: usize,
    /// Open stories when the measured stream started.
    pub open_stories_before: usize,
    /// Articles it took to open them.
    pub prefill_articles: usize,
    /// Articles in the measured stream.
    pub articles: usize,
    /// Threads for feature extraction.
    pub threads: usize,
    /// Seconds for the stream, end to end (features + assignment).
    pub seconds: f64,
    /// Articles per second, end to end.
    pub articles_per_second: f64,
    /// Articles per second of assignment alone (one thread).
    pub assign_articles_per_second: f64,
    /// Share of follow-ups placed in the story they follow up.
    pub follow_up_recall: f64,
    /// Share of new mixes that founded a story.
    pub new_story_rate: f64,
    /// Days the measured stream spans.
    pub stream_days: f64,
    /// Open stories after the stream (the window closes the oldest).
    pub open_stories_after: usize,
    /// Bytes the clusterer holds (open stories, index, frequencies), after the stream.
    pub clusterer_bytes: usize,
    /// Bytes per open story.
    pub bytes_per_open_story: f64,
    /// Peak resident memory of the process, bytes (Linux), after the stream.
    pub peak_rss_bytes: Option<u64>,
}

/// One generated article: its sentences, and the story it follows up (if any).
struct Generated {
    id: ArticleId,
    text: String,
    published: OffsetDateTime,
    follows: Option<usize>,
}

/// Runs the benchmark.
pub fn run(config: &ClusterBenchConfig) -> Result<ClusterBenchReport, Error> {
    let pool = sentence_pool(&load_texts(&config.data)?);
    let threads = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|source| Error::Threads {
            threads: config.threads,
            source,
        })?;
    let mut rng = Rng::new(config.seed);
    let mut clusterer = Clusterer::new(ClusterConfig::default());
    let window = clusterer.config().window_days * DAY;
    let start = OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);

    // Prefill: open stories, dated across the window before the stream.
    let mut mixes: Vec<(Event, StoryId)> = Vec::new();
    let mut prefill = 0;
    let target = config.open_stories.max(1);
    while clusterer.open_stories() < config.open_stories {
        let chunk: Vec<Generated> = (0..BATCH * 16)
            .map(|_| {
                prefill += 1;
                let published = start
                    + time::Duration::seconds(window * prefill.min(target) as i64 / target as i64);
                let event = new_event(&mut rng, pool.len());
                let text = write(&pool, &event, &event.sentences);
                mixes.push((event, StoryId::from_string(String::new())));
                Generated {
                    id: ArticleId::from_string(format!("a-pre-{prefill}")),
                    text,
                    published,
                    follows: None,
                }
            })
            .collect();
        let first = mixes.len() - chunk.len();
        for (offset, story) in assign_chunk(&threads, &mut clusterer, &chunk)
            .into_iter()
            .enumerate()
        {
            mixes[first + offset].1 = story;
        }
        clusterer.take_changes();
        tracing::debug!(prefill, open = clusterer.open_stories(), "opening stories");
    }
    let open_stories_before = clusterer.open_stories();

    // The measured stream, starting where the prefill ended.
    let stream_start = start + time::Duration::seconds(window);
    let mut stream: Vec<Generated> = Vec::with_capacity(config.articles);
    for i in 0..config.articles {
        let published =
            stream_start + time::Duration::seconds(DAY * i as i64 / config.per_day.max(1) as i64);
        let (text, follows) = if rng.chance(config.follow_up_share) && !mixes.is_empty() {
            let source = mixes.len() - 1 - rng.below(mixes.len().min(config.open_stories));
            let event = &mixes[source].0;
            let sentences = follow_up(&mut rng, &event.sentences, pool.len());
            (write(&pool, event, &sentences), Some(source))
        } else {
            let event = new_event(&mut rng, pool.len());
            (write(&pool, &event, &event.sentences), None)
        };
        stream.push(Generated {
            id: ArticleId::from_string(format!("a-{i}")),
            text,
            published,
            follows,
        });
    }
    let started = Instant::now();
    let mut assign_seconds = 0.0;
    let mut placed: Vec<StoryId> = Vec::with_capacity(stream.len());
    let mut founded = 0usize;
    for chunk in stream.chunks(BATCH) {
        let features = features(&threads, chunk);
        let assigning = Instant::now();
        for (article, features) in chunk.iter().zip(&features) {
            let placement = clusterer.assign(&article.id, features);
            founded += usize::from(placement.founded && article.follows.is_none());
            placed.push(placement.story);
        }
        clusterer.take_changes();
        assign_seconds += assigning.elapsed().as_secs_f64();
    }
    let seconds = started.elapsed().as_secs_f64();

    let follow_ups: Vec<(usize, usize)> = stream
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.follows.map(|source| (i, source)))
        .collect();
    let found = follow_ups
        .iter()
        .filter(|&&(i, source)| placed[i] == mixes[source].1)
        .count();
    let new_mixes = stream.len() - follow_ups.len();
    let clusterer_bytes = clusterer.memory_bytes();
    Ok(ClusterBenchReport {
        pool_sentences: pool.len(),
        open_stories_before,
        prefill_articles: prefill,
        articles: stream.len(),
        threads: threads.current_num_threads(),
        seconds,
        articles_per_second: stream.len() as f64 / seconds,
        assign_articles_per_second: stream.len() as f64 / assign_seconds,
        follow_up_recall: ratio(found, follow_ups.len()),
        new_story_rate: ratio(founded, new_mixes),
        stream_days: stream.len() as f64 / config.per_day.max(1) as f64,
        open_stories_after: clusterer.open_stories(),
        clusterer_bytes,
        bytes_per_open_story: clusterer_bytes as f64 / clusterer.open_stories().max(1) as f64,
        peak_rss_bytes: peak_rss(),
    })
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

fn features(threads: &rayon::ThreadPool, chunk: &[Generated]) -> Vec<ArticleFeatures> {
    threads.install(|| {
        chunk
            .par_iter()
            .map(|article| {
                let title = article.text.split(". ").next();
                ArticleFeatures::from_text(title, &article.text, Some(article.published))
            })
            .collect()
    })
}

fn assign_chunk(
    threads: &rayon::ThreadPool,
    clusterer: &mut Clusterer,
    chunk: &[Generated],
) -> Vec<StoryId> {
    let features = features(threads, chunk);
    chunk
        .iter()
        .zip(&features)
        .map(|(article, features)| clusterer.assign(&article.id, features).story)
        .collect()
}

/// Peak resident set size from `/proc/self/status` (`VmHWM`), on Linux.
pub(crate) fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
