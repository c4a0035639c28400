//! `parallax bench serve`: a SQLite store with many stories, filled through the real
//! pipeline, for measuring the server at that size (the load itself comes from `wrk`,
//! run by `scripts/bench_serve.sh` against `parallax serve`).
//!
//! The stream is the clustering benchmark's: invented events written from the public
//! texts' sentences, most of them new, some following up an earlier event, so the store
//! holds single-article stories and larger ones, with dates spread over months. Filling
//! is resumable: a store that already has the asked number of stories is only read.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use parallax_ingest::Input;
use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::bench::cluster::peak_rss;
use crate::bench::events::{Event, follow_up, new_event, sentence_pool, write};
use crate::bench::load_texts;
use crate::bench::rng::Rng;
use crate::{Error, Pipeline, QuietProgress, Settings, StoreLocation};

/// Articles per ingest call (one JSONL input).
const CHUNK: usize = 2_000;
/// Articles per day of the generated stream.
const PER_DAY: usize = 1_000;
/// Sites the articles are spread over.
const SITES: usize = 50;
/// Recent events a follow-up may follow.
const FOLLOWABLE: usize = 5_000;

/// What to run.
#[derive(Clone, Debug)]
pub struct ServeBenchConfig {
    /// The public data sets (`../shared/data`).
    pub data: PathBuf,
    /// The SQLite store to fill (created if missing).
    pub db: PathBuf,
    /// Stories the store should hold.
    pub stories: usize,
    /// Share of articles that follow up an earlier event.
    pub follow_up_share: f64,
    /// Where to write every story id and a sample of article ids, one per line (for the
    /// load generator).
    pub ids_out: Option<PathBuf>,
    /// Worker threads for extraction.
    pub threads: usize,
    /// Seed of the generated stream.
    pub seed: u64,
}

/// What the fill did and what the store holds.
#[derive(Clone, Debug, Serialize)]
pub struct ServeBenchReport {
    /// Stories in the store.
    pub stories: u64,
    /// Articles in the store.
    pub articles: u64,
    /// Articles this run added.
    pub added: usize,
    /// Seconds this run spent ingesting.
    pub seconds: f64,
    /// Articles per second through the whole pipeline (extract, dedup, cluster, analyse,
    /// store with its indexes), when this run added any.
    pub articles_per_second: f64,
    /// Size of the database file, bytes.
    pub db_bytes: u64,
    /// Peak resident memory of the process, bytes (Linux).
    pub peak_rss_bytes: Option<u64>,
}

/// Fills the store up to the asked number of stories and writes the ids.
pub fn run(config: &ServeBenchConfig) -> Result<ServeBenchReport, Error> {
    let mut pipeline = Pipeline::new(Settings {
        store: StoreLocation::Sqlite(config.db.clone()),
        threads: config.threads,
        ..Settings::default()
    })?;
    let started = Instant::now();
    let mut added = 0;
    if pipeline.store().counts()?.stories < config.stories as u64 {
        let pool = sentence_pool(&load_texts(&config.data)?);
        let mut stream = Stream::new(config.seed, pool);
        // A resumed fill writes the same stream again and ingests from where the last
        // run stopped; articles it had stored are recognised by their ids.
        let already = pipeline.store().counts()?.articles as usize;
        while pipeline.store().counts()?.stories < config.stories as u64 {
            let (origin, jsonl) = stream.chunk(config.follow_up_share);
            if stream.written <= already {
                continue;
            }
            let report = pipeline.ingest(&[Input::bytes(origin, jsonl)], &QuietProgress)?;
            added += report.added;
            tracing::info!(
                added,
                stories = pipeline.store().counts()?.stories,
                "filling the store"
            );
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    if let Some(path) = &config.ids_out {
        write_ids(pipeline.store(), path)?;
    }
    let counts = pipeline.store().counts()?;
    Ok(ServeBenchReport {
        stories: counts.stories,
        articles: counts.articles,
        added,
        seconds,
        articles_per_second: if added == 0 {
            0.0
        } else {
            added as f64 / seconds
        },
        db_bytes: std::fs::metadata(&config.db).map_or(0, |meta| meta.len()),
        peak_rss_bytes: peak_rss(),
    })
}

/// Every story id, one per line (the load generator picks among them at random).
fn write_ids(store: &dyn crate::store::Store, path: &PathBuf) -> Result<(), Error> {
    let failed = |source| Error::Write {
        path: path.clone(),
        source,
    };
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).map_err(failed)?);
    for id in store.story_ids()? {
        writeln!(out, "{id}").map_err(failed)?;
    }
    out.flush().map_err(failed)
}

/// The generated stream of articles, as JSONL chunks.
struct Stream {
    rng: Rng,
    pool: Vec<String>,
    events: Vec<Event>,
    written: usize,
    start: OffsetDateTime,
}

impl Stream {
    fn new(seed: u64, pool: Vec<String>) -> Self {
        Self {
            rng: Rng::new(seed),
            pool,
            events: Vec::new(),
            written: 0,
            start: OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000),
        }
    }

    /// The next [`CHUNK`] articles, as one JSONL input.
    fn chunk(&mut self, follow_up_share: f64) -> (String, Vec<u8>) {
        let origin = format!("bench-serve-{}.jsonl", self.written / CHUNK);
        let mut jsonl = String::new();
        for _ in 0..CHUNK {
            let text = if self.rng.chance(follow_up_share) && !self.events.is_empty() {
                let recent = self.events.len().min(FOLLOWABLE);
                let event = &self.events[self.events.len() - 1 - self.rng.below(recent)];
                let sentences = follow_up(&mut self.rng, &event.sentences, self.pool.len());
                write(&self.pool, event, &sentences)
            } else {
                let event = new_event(&mut self.rng, self.pool.len());
                let text = write(&self.pool, &event, &event.sentences);
                self.events.push(event);
                text
            };
            let n = self.written;
            self.written += 1;
            let published =
                self.start + time::Duration::seconds(86_400 * n as i64 / PER_DAY as i64);
            let title: String = text
                .split(". ")
                .next()
                .unwrap_or_default()
                .chars()
                .take(120)
                .collect();
            let row = serde_json::json!({
                "url": format!("https://site{}.example/news/{n}", n % SITES),
                "site": format!("site{}.example", n % SITES),
                "title": title,
                "published": published.format(&Rfc3339).unwrap_or_default(),
                "text": text,
            });
            let _ = writeln!(jsonl, "{row}");
        }
        (origin, jsonl.into_bytes())
    }
}
