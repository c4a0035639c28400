//! Command-line arguments, as the user typed them. Global options may come before or
//! after the command name.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use parallax::ingest::FormatChoice;

/// Parallax: news articles from many outlets in, stories out — one event, every source.
#[derive(Debug, Parser)]
#[command(name = "parallax", version, about, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// The store: a SQLite file (default parallax.db), `:memory:`, or a postgres:// URL.
    #[arg(long, global = true, env = "PARALLAX_DB", value_name = "PATH|URL")]
    pub(crate) db: Option<String>,
    /// No progress on stderr (skipped inputs are still named).
    #[arg(long, short, global = true)]
    pub(crate) quiet: bool,
    /// Worker threads for extraction (default: one per core).
    #[arg(long, global = true, value_name = "N")]
    pub(crate) threads: Option<usize>,
    /// Folder of a local sentence-embedding model (config.json, tokenizer.json,
    /// model.safetensors), e.g. all-MiniLM-L6-v2: translations in lineage and one more
    /// signal for clustering and for claim alignment. Needs a build with `--features
    /// embeddings`; never downloaded.
    #[arg(long, global = true, env = "PARALLAX_MODEL", value_name = "DIR")]
    pub(crate) model: Option<PathBuf>,
    /// A named-entity model trained by `parallax train ner` (default: the rule tagger).
    #[arg(long, global = true, env = "PARALLAX_NER_MODEL", value_name = "FILE")]
    pub(crate) ner_model: Option<PathBuf>,
}

/// What to read and how.
#[derive(Debug, Args)]
pub(crate) struct InputArgs {
    /// Files, folders (read recursively) or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// Input format: auto, text, html, jsonl, warc or feed.
    #[arg(long, default_value = "auto", value_name = "FORMAT")]
    pub(crate) format: FormatChoice,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Ingest, cluster and analyse the inputs, then write the static report.
    Run {
        #[command(flatten)]
        input: InputArgs,
        /// Folder for the report.
        #[arg(long, default_value = "parallax-report", value_name = "DIR")]
        out: PathBuf,
    },
    /// Add documents to the store.
    Ingest {
        #[command(flatten)]
        input: InputArgs,
    },
    /// Extract articles without storing them: one JSON article per line on stdout.
    Extract {
        #[command(flatten)]
        input: InputArgs,
    },
    /// List stories.
    Stories {
        /// JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one story in full.
    Show {
        /// The story's id (s-…).
        story: String,
        /// The contract's JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Every story as one JSON document on stdout.
    Export,
    /// Write the static HTML report.
    Report {
        /// Folder for the report.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Serve the JSON API, the web UI and Atom feeds (127.0.0.1:8080 by default).
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Let `POST /api/articles` ingest (off by default).
        #[arg(long)]
        allow_ingest: bool,
        /// Largest request body, in bytes (larger ones get 413).
        #[arg(long, default_value_t = 2 * 1024 * 1024)]
        body_limit: usize,
        /// Seconds a request may take (then 408).
        #[arg(long, default_value_t = 10)]
        timeout: u64,
    },
    /// Quality figures against the public data sets (`clustering`, `extraction`, `ner`,
    /// `quotes`, `coref`, `claims`).
    Eval {
        /// What to evaluate: `clustering`, `extraction`, `ner`, `quotes`, `coref` or `claims`.
        task: String,
        /// The public data sets' folder (default `../shared/data`).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// JSON instead of text (with per-topic or per-page scores).
        #[arg(long)]
        json: bool,
    },
    /// Train a model: `ner` (named entities, from CoNLL-format files).
    Train {
        #[command(subcommand)]
        what: TrainCommand,
    },
    /// Throughput, memory and quality figures on generated streams.
    Bench {
        #[command(subcommand)]
        what: BenchCommand,
    },
}

/// The models `parallax train` makes.
#[derive(Debug, Subcommand)]
pub(crate) enum TrainCommand {
    /// A named-entity tagger (averaged perceptron) from `DIR/train.txt` (CoNLL format:
    /// `word TAG` lines, BIO tags over PER/LOC/ORG/MISC), scored on `DIR/dev.txt`.
    Ner {
        /// Folder with train.txt (and dev.txt).
        #[arg(long, default_value = "../shared/data/conll2003", value_name = "DIR")]
        data: PathBuf,
        /// Where to write the model.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Passes over the training data.
        #[arg(long, default_value_t = 20)]
        epochs: usize,
        /// Seed of the shuffles and of feature dropout (training is reproducible).
        #[arg(long, default_value_t = 0x5eed)]
        seed: u64,
        /// A local sentence-transformer's folder (`tokenizer.json`, `model.safetensors`,
        /// e.g. all-MiniLM-L6-v2): its input word embeddings are split into word classes
        /// that the tagger reads as features (the classes are stored in the model).
        #[arg(long, value_name = "DIR")]
        word_vectors: Option<PathBuf>,
        /// JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// The benchmarks.
#[derive(Debug, Subcommand)]
pub(crate) enum BenchCommand {
    /// Story clustering throughput and memory with many open stories, on a stream made
    /// from real sentences.
    Cluster {
        /// The public data sets (`../shared/data`).
        #[arg(long, default_value = "../shared/data", value_name = "DIR")]
        data: PathBuf,
        /// Open stories before the measured stream.
        #[arg(long, default_value_t = 100_000)]
        open_stories: usize,
        /// Articles in the measured stream.
        #[arg(long, default_value_t = 20_000)]
        articles: usize,
        /// Share of the stream that follows up an open story.
        #[arg(long, default_value_t = 0.5)]
        follow_ups: f64,
        /// Articles per day in the measured stream (stories close 14 days after their
        /// last article).
        #[arg(long, default_value_t = 50_000)]
        per_day: usize,
        /// Seed of the stream.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Analysis (entities, quotes, claims, differences, timeline, summary) of one large
    /// story made from ECB+ documents, on one core.
    Analyze {
        /// The public data sets (`../shared/data`).
        #[arg(long, default_value = "../shared/data", value_name = "DIR")]
        data: PathBuf,
        /// Articles in the story.
        #[arg(long, default_value_t = 200)]
        articles: usize,
        /// Timed runs (the median is reported).
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Fills the store (`--db`, a SQLite file) through the pipeline with a stream of
    /// invented events until it holds `--stories` stories, for measuring `parallax serve`
    /// at that size (`scripts/bench_serve.sh` runs `wrk` against it).
    Serve {
        /// The public data sets (`../shared/data`).
        #[arg(long, default_value = "../shared/data", value_name = "DIR")]
        data: PathBuf,
        /// Stories the store should hold.
        #[arg(long, default_value_t = 100_000)]
        stories: usize,
        /// Share of the articles that follow up an earlier event.
        #[arg(long, default_value_t = 0.3)]
        follow_ups: f64,
        /// Write every story id here, one per line.
        #[arg(long, value_name = "FILE")]
        ids_out: Option<PathBuf>,
        /// Seed of the stream.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The near-duplicate index and lineage on a stream made from real texts, with
    /// generated reposts, trims and rewrites.
    Dedup {
        /// The public data sets (`../shared/data`).
        #[arg(long, default_value = "../shared/data", value_name = "DIR")]
        data: PathBuf,
        /// Articles in the stream.
        #[arg(long, default_value_t = 100_000)]
        articles: usize,
        /// Seed of the stream.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also write the stream (id, kind, source, content words) as JSONL, for peers.
        #[arg(long, value_name = "FILE")]
        stream_out: Option<PathBuf>,
        /// JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}
