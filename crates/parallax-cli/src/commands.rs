//! The commands: each resolves its settings, calls the library and prints the result.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use parallax::core::StoryId;
use parallax::core::contract::StorySummary;
use parallax::ingest::{FormatChoice, collect_inputs};
use parallax::{IngestReport, Pipeline, Settings, StoreLocation, extract_documents};
use parallax_render::terminal_safe;

use crate::Outcome;
use crate::args::{BenchCommand, Cli, Command, GlobalArgs, InputArgs, TrainCommand};
use crate::progress::StderrProgress;

/// Runs the command `cli` names.
pub(crate) fn run(cli: Cli) -> Result<Outcome> {
    let global = cli.global;
    match cli.command {
        Command::Run { input, out } => run_main_job(&global, &input, &out),
        Command::Ingest { input } => ingest(&global, &input),
        Command::Extract { input } => extract(&global, &input),
        Command::Stories { json } => stories(&global, json),
        Command::Show { story, json } => show(&global, &story, json),
        Command::Export => export(&global),
        Command::Report { out } => report(&global, &out),
        Command::Serve {
            addr,
            allow_ingest,
            body_limit,
            timeout,
        } => serve(&global, addr, allow_ingest, body_limit, timeout),
        Command::Eval { task, data, json } => eval(&global, &task, data.as_deref(), json),
        Command::Train { what } => train(&what),
        Command::Bench { what } => bench(&global, &what),
    }
}

fn serve(
    global: &GlobalArgs,
    addr: std::net::SocketAddr,
    allow_ingest: bool,
    body_limit: usize,
    timeout: u64,
) -> Result<Outcome> {
    let config = parallax_serve::ServeConfig {
        addr,
        body_limit,
        request_timeout: std::time::Duration::from_secs(timeout.max(1)),
        allow_ingest,
        ..parallax_serve::ServeConfig::default()
    };
    let state = parallax_serve::AppState::open(settings(global, FormatChoice::Auto), allow_ingest)?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the server's runtime")?;
    eprintln!(
        "parallax: serving on http://{addr}/ (API under /api/, feeds under /feeds/; Ctrl-C stops){}",
        if allow_ingest {
            "; POST /api/articles ingests"
        } else {
            ""
        }
    );
    runtime.block_on(parallax_serve::serve(state, config))?;
    Ok(Outcome::Clean)
}

fn settings(global: &GlobalArgs, format: FormatChoice) -> Settings {
    let mut settings = Settings::default();
    if let Some(db) = &global.db {
        settings.store = StoreLocation::parse(db);
    }
    settings.reader.format = format;
    settings.threads = global.threads.unwrap_or(0);
    settings.model = global.model.clone();
    settings.ner_model = global.ner_model.clone();
    settings
}

fn open(global: &GlobalArgs, format: FormatChoice) -> Result<Pipeline> {
    let settings = settings(global, format);
    let location = match &settings.store {
        StoreLocation::Sqlite(path) => path.display().to_string(),
        StoreLocation::Postgres(url) => url.clone(),
        StoreLocation::Memory => ":memory:".to_string(),
    };
    Pipeline::new(settings).with_context(|| format!("cannot open the store {location}"))
}

fn ingest_into(
    pipeline: &mut Pipeline,
    global: &GlobalArgs,
    input: &InputArgs,
) -> Result<IngestReport> {
    let progress = StderrProgress::new(global.quiet);
    let report = pipeline.ingest_paths(&input.paths, &progress)?;
    Ok(report)
}

fn outcome(report: &IngestReport) -> Outcome {
    if report.skipped.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Skipped
    }
}

fn describe(report: &IngestReport, pipeline: &Pipeline) -> Result<String> {
    let counts = pipeline.store().counts()?;
    Ok(format!(
        "{} documents read: {} articles added, {} already present, {} skipped; the store holds {} articles in {} stories",
        report.documents,
        report.added,
        report.already_present,
        report.skipped.len(),
        counts.articles,
        counts.stories
    ))
}

fn run_main_job(global: &GlobalArgs, input: &InputArgs, out: &Path) -> Result<Outcome> {
    let mut pipeline = open(global, input.format)?;
    let report = ingest_into(&mut pipeline, global, input)?;
    let stories = pipeline.export()?.stories;
    let files = parallax_render::write_report(out, &stories)
        .with_context(|| format!("cannot write the report to {}", out.display()))?;
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{}", describe(&report, &pipeline)?)?;
    writeln!(stdout, "report: {}", files.index.display())?;
    Ok(outcome(&report))
}

fn ingest(global: &GlobalArgs, input: &InputArgs) -> Result<Outcome> {
    let mut pipeline = open(global, input.format)?;
    let report = ingest_into(&mut pipeline, global, input)?;
    writeln!(io::stdout().lock(), "{}", describe(&report, &pipeline)?)?;
    Ok(outcome(&report))
}

fn extract(global: &GlobalArgs, input: &InputArgs) -> Result<Outcome> {
    let settings = settings(global, input.format);
    let (inputs, mut skipped) = collect_inputs(&input.paths);
    let progress = StderrProgress::new(global.quiet);
    for skip in &skipped {
        parallax::Progress::skipped(&progress, skip);
    }
    let mut stdout = BufWriter::new(io::stdout().lock());
    let mut write_error = None;
    extract_documents(&settings, &inputs, &progress, |result| match result {
        Ok(article) if write_error.is_none() => {
            let written = serde_json::to_writer(&mut stdout, &article)
                .map_err(io::Error::from)
                .and_then(|()| stdout.write_all(b"\n"));
            if let Err(error) = written {
                write_error = Some(error);
            }
        }
        Ok(_) => {}
        Err(skip) => skipped.push(skip),
    })?;
    if let Some(error) = write_error {
        return Err(error).context("cannot write to stdout");
    }
    stdout.flush()?;
    Ok(if skipped.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Skipped
    })
}

fn stories(global: &GlobalArgs, json: bool) -> Result<Outcome> {
    let pipeline = open(global, FormatChoice::Auto)?;
    let summaries = pipeline.store().story_summaries()?;
    let mut stdout = BufWriter::new(io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut stdout, &summaries)?;
        writeln!(stdout)?;
    } else {
        for summary in &summaries {
            write_summary_line(&mut stdout, summary)?;
        }
    }
    stdout.flush()?;
    Ok(Outcome::Clean)
}

/// One story a line; titles and sources come from articles, so they are made safe for
/// the terminal.
fn write_summary_line(out: &mut impl Write, summary: &StorySummary) -> io::Result<()> {
    let sources: Vec<_> = summary.sources.iter().map(|s| terminal_safe(s)).collect();
    writeln!(
        out,
        "{}\t{} articles\t{} .. {}\t{}\t[{}]",
        terminal_safe(summary.id.as_str()),
        summary.article_count,
        summary.first_seen.date(),
        summary.last_updated.date(),
        terminal_safe(&summary.title),
        sources.join(", ")
    )
}

fn show(global: &GlobalArgs, story: &str, json: bool) -> Result<Outcome> {
    let pipeline = open(global, FormatChoice::Auto)?;
    let Some(document) = pipeline.story(&StoryId::from_string(story))? else {
        bail!("no story `{story}` in the store (`parallax stories` lists them)");
    };
    let mut stdout = BufWriter::new(io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut stdout, &document)?;
        writeln!(stdout)?;
    } else {
        stdout.write_all(parallax_render::story_text(&document).as_bytes())?;
    }
    stdout.flush()?;
    Ok(Outcome::Clean)
}

fn export(global: &GlobalArgs) -> Result<Outcome> {
    let pipeline = open(global, FormatChoice::Auto)?;
    let document = pipeline.export()?;
    let mut stdout = BufWriter::new(io::stdout().lock());
    serde_json::to_writer_pretty(&mut stdout, &document)?;
    writeln!(stdout)?;
    stdout.flush()?;
    Ok(Outcome::Clean)
}

/// Prints an evaluation's or benchmark's report on stdout: JSON, or its text form.
fn print_report<R: serde::Serialize>(
    report: &R,
    json: bool,
    text: impl FnOnce(&mut io::StdoutLock<'static>, &R) -> io::Result<()>,
) -> Result<Outcome> {
    let mut stdout = io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut stdout, report)?;
        writeln!(stdout)?;
    } else {
        text(&mut stdout, report)?;
    }
    Ok(Outcome::Clean)
}

fn report(global: &GlobalArgs, out: &Path) -> Result<Outcome> {
    let pipeline = open(global, FormatChoice::Auto)?;
    let stories = pipeline.export()?.stories;
    let files = parallax_render::write_report(out, &stories)
        .with_context(|| format!("cannot write the report to {}", out.display()))?;
    writeln!(
        io::stdout().lock(),
        "report: {} ({} stories)",
        files.index.display(),
        files.stories
    )?;
    Ok(Outcome::Clean)
}

fn eval(
    global: &GlobalArgs,
    task: &str,
    data: Option<&std::path::Path>,
    json: bool,
) -> Result<Outcome> {
    let data = data.unwrap_or(std::path::Path::new("../shared/data"));
    let model: Option<std::sync::Arc<dyn parallax::core::embedding::SentenceEncoder>> =
        match &global.model {
            Some(folder) => Some(std::sync::Arc::new(
                parallax::embed::Embedder::load(folder).map_err(|error| {
                    anyhow::anyhow!("cannot load the model at {}: {error}", folder.display())
                })?,
            )),
            None => None,
        };
    let encoder = model.as_deref();
    match task {
        "clustering" => {
            let report = parallax::eval::clustering::run(data, encoder)?;
            print_report(&report, json, write_clustering_report)
        }
        "extraction" => {
            let seeds = data
                .parent()
                .map(|shared| shared.join("fixtures").join("seeds"));
            let report = parallax::eval::extraction::run(data, seeds.as_deref())?;
            print_report(&report, json, write_extraction_report)
        }
        "ner" => {
            let report = parallax::eval::ner::run(data, global.ner_model.as_deref())?;
            print_report(&report, json, write_ner_report)
        }
        "quotes" => {
            let report = parallax::eval::quotes::run(data, global.ner_model.as_deref())?;
            print_report(
                &report,
                json,
                |out, report: &parallax::eval::quotes::QuotesReport| {
                    writeln!(
                        out,
                        "PolNeAR dev: {} articles, {} gold relations ({} with a direct quotation); {} quotes found ({} reported speech), {} inside a gold content",
                        report.articles,
                        report.gold_relations,
                        report.gold_direct,
                        report.found,
                        report.found_indirect,
                        report.content_matched
                    )?;
                    for (name, scores) in [
                        ("all relations", &report.all_relations),
                        ("direct quotations", &report.direct_relations),
                    ] {
                        writeln!(
                            out,
                            "  quote→speaker, {name:<18} P {:.3}  R {:.3}  F1 {:.3}",
                            scores.precision, scores.recall, scores.f1
                        )?;
                    }
                    Ok(())
                },
            )
        }
        "coref" => {
            let report = parallax::eval::coref::run(data)?;
            print_report(
                &report,
                json,
                |out, report: &parallax::eval::coref::CorefReport| {
                    writeln!(
                        out,
                        "ECB+ entity coreference, gold mentions: {} documents, {} mentions, {} gold clusters, {} predicted",
                        report.documents,
                        report.mentions,
                        report.gold_clusters,
                        report.predicted_clusters
                    )?;
                    for (name, s) in [
                        ("MUC", &report.muc),
                        ("B-cubed", &report.b_cubed),
                        ("CEAF-e", &report.ceaf_e),
                    ] {
                        writeln!(
                            out,
                            "  {name:<8} P {:.3}  R {:.3}  F1 {:.3}",
                            s.precision, s.recall, s.f1
                        )?;
                    }
                    writeln!(out, "  CoNLL F1 {:.3}", report.conll_f1)
                },
            )
        }
        "claims" => {
            let report = parallax::eval::claims::run(data, model.clone())?;
            print_report(&report, json, write_claims_report)
        }
        other => anyhow::bail!(
            "unknown evaluation {other:?}; available: clustering, extraction, ner, quotes, coref, claims"
        ),
    }
}

fn write_claims_report(
    out: &mut impl Write,
    report: &parallax::eval::claims::ClaimsReport,
) -> std::io::Result<()> {
    writeln!(
        out,
        "Claims fixture story: {} sentences, {} gold claims ({} in two articles or more); {} claims found ({} in two or more)",
        report.sentences,
        report.gold_claims,
        report.gold_shared_claims,
        report.claims,
        report.shared_claims
    )?;
    if let Some(model) = &report.model {
        writeln!(out, "  aligned with sentence embeddings from {model}")?;
    }
    let a = &report.alignment;
    writeln!(
        out,
        "  alignment (cross-article sentence pairs)  P {:.3}  R {:.3}  F1 {:.3}",
        a.precision, a.recall, a.f1
    )?;
    for (heading, pairs) in [
        ("missed (gold pairs not aligned)", &report.missed_pairs),
        ("wrong (aligned, gold apart)", &report.wrong_pairs),
    ] {
        if !pairs.is_empty() {
            writeln!(out, "  {heading}:")?;
            for [a, b] in pairs.iter() {
                writeln!(out, "    {a}\n      ~ {b}")?;
            }
        }
    }
    writeln!(
        out,
        "  differences found {}/{}",
        report.differences_found, report.gold_differences
    )?;
    for check in &report.difference_checks {
        let mark = if check.found { "found" } else { "MISSED" };
        writeln!(out, "    {mark:<6} {}", check.about)?;
    }
    match &report.faithfulness {
        Some(f) => writeln!(
            out,
            "Summary citations (fixture + {} ECB+ events): {}/{} sentences supported by every article they cite ({:.1} %); {} stories with fewer than 3 sentences; {:.1} s",
            f.stories - 1,
            f.supported,
            f.sentences,
            f.share * 100.0,
            f.short_summaries,
            f.seconds
        ),
        None => writeln!(
            out,
            "ECB+ not found under the data folder: faithfulness not measured"
        ),
    }
}

fn write_ner_report(
    out: &mut impl Write,
    report: &parallax::eval::ner::NerReport,
) -> io::Result<()> {
    writeln!(
        out,
        "{} on {}: {} sentences, {} words in {:.2} s",
        report.tagger, report.file, report.sentences, report.words, report.seconds
    )?;
    let line = |name: &str, s: &parallax::eval::metrics::Scores| {
        format!(
            "  {name:<8} P {:.3}  R {:.3}  F1 {:.3}",
            s.precision, s.recall, s.f1
        )
    };
    writeln!(out, "{}", line("all", &report.overall))?;
    for kind in &report.per_type {
        writeln!(
            out,
            "{}  ({} gold)",
            line(&kind.label, &kind.scores),
            kind.gold
        )?;
    }
    Ok(())
}

fn train(what: &TrainCommand) -> Result<Outcome> {
    match what {
        TrainCommand::Ner {
            data,
            out,
            epochs,
            seed,
            word_vectors,
            json,
        } => {
            let config = parallax::analyze::ner::TrainConfig {
                epochs: *epochs,
                seed: *seed,
                ..parallax::analyze::ner::TrainConfig::default()
            };
            let report = parallax::eval::ner::train(data, word_vectors.as_deref(), out, &config)
                .with_context(|| format!("training on {}", data.display()))?;
            print_report(
                &report,
                *json,
                |out, report: &parallax::eval::ner::TrainReport| {
                    writeln!(
                        out,
                        "trained on {} sentences{} in {:.1} s; word accuracy by pass: {}",
                        report.sentences,
                        report
                            .classed_words
                            .map(|words| format!(" with classes for {words} words"))
                            .unwrap_or_default(),
                        report.seconds,
                        report
                            .accuracy_by_pass
                            .iter()
                            .map(|accuracy| format!("{accuracy:.4}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    )?;
                    if let Some(dev) = &report.dev {
                        write_ner_report(out, dev)?;
                    }
                    Ok(())
                },
            )
        }
    }
}

fn write_extraction_report(
    out: &mut impl Write,
    report: &parallax::eval::extraction::ExtractionReport,
) -> io::Result<()> {
    for bench in &report.benchmarks {
        writeln!(
            out,
            "{}: {} pages ({}): P {:.3}  R {:.3}  F1 {:.3}; {:.1} MB in {:.2} s, {:.1} MB/s on one thread",
            bench.benchmark,
            bench.pages,
            bench.metric,
            bench.precision,
            bench.recall,
            bench.f1,
            bench.bytes as f64 / 1e6,
            bench.seconds,
            bench.megabytes_per_second
        )?;
        let weakest: Vec<String> = bench
            .per_page
            .iter()
            .take(5)
            .map(|page| format!("{} {:.2}", page.page, page.f1))
            .collect();
        writeln!(out, "  weakest pages: {}", weakest.join(", "))?;
        if let Some(meta) = &bench.metadata {
            let share = |hit: usize, all: usize| 100.0 * hit as f64 / all.max(1) as f64;
            writeln!(
                out,
                "  metadata: title {}/{} ({:.1} %), date {}/{} ({:.1} %), author {}/{} ({:.1} %)",
                meta.titles_matched,
                meta.titles,
                share(meta.titles_matched, meta.titles),
                meta.dates_matched,
                meta.dates,
                share(meta.dates_matched, meta.dates),
                meta.authors_matched,
                meta.authors,
                share(meta.authors_matched, meta.authors)
            )?;
        }
    }
    if let Some(seeds) = &report.seeds {
        writeln!(
            out,
            "seeds: {} files; body lines kept {}/{} ({:.1} %), boilerplate removed {}/{} ({:.1} %), titles {}/{}",
            seeds.files,
            seeds.body_kept,
            seeds.body_lines,
            100.0 * seeds.body_kept as f64 / seeds.body_lines.max(1) as f64,
            seeds.boilerplate_removed,
            seeds.boilerplate_lines,
            100.0 * seeds.boilerplate_removed as f64 / seeds.boilerplate_lines.max(1) as f64,
            seeds.titles_found,
            seeds.titles
        )?;
        for mistake in &seeds.mistakes {
            writeln!(out, "  {mistake}")?;
        }
    }
    Ok(())
}

fn write_clustering_report(
    out: &mut impl Write,
    report: &parallax::eval::clustering::ClusteringReport,
) -> io::Result<()> {
    for set in &report.datasets {
        writeln!(
            out,
            "{}: {} documents, {} gold clusters, {} stories ({} splits, {} merges) in {:.2} s{}",
            set.dataset,
            set.documents,
            set.gold_clusters,
            set.stories,
            set.splits,
            set.merges,
            set.seconds,
            set.model
                .as_ref()
                .map_or(String::new(), |model| format!(", with model {model}"))
        )?;
        let line = |name: &str, s: &parallax::eval::metrics::Scores| {
            format!(
                "  {name:<22} P {:.3}  R {:.3}  F1 {:.3}",
                s.precision, s.recall, s.f1
            )
        };
        writeln!(out, "{}", line("pairwise", &set.pairwise))?;
        writeln!(out, "{}", line("B-cubed", &set.b_cubed))?;
        if let Some(scores) = &set.topic_pairwise {
            writeln!(out, "{}", line("topic level, pairwise", scores))?;
        }
        if let Some(scores) = &set.topic_b_cubed {
            writeln!(out, "{}", line("topic level, B-cubed", scores))?;
        }
        let weakest: Vec<String> = {
            let mut topics: Vec<_> = set.per_topic.iter().collect();
            topics.sort_by(|a, b| a.pairwise_f1.total_cmp(&b.pairwise_f1));
            topics
                .iter()
                .take(5)
                .map(|t| {
                    format!(
                        "{} {:.2} ({} docs, {} stories)",
                        t.topic, t.pairwise_f1, t.documents, t.stories
                    )
                })
                .collect()
        };
        writeln!(out, "  weakest topics: {}", weakest.join("; "))?;
    }
    Ok(())
}

fn bench(global: &GlobalArgs, what: &BenchCommand) -> Result<Outcome> {
    let threads = global.threads;
    match what {
        BenchCommand::Cluster {
            data,
            open_stories,
            articles,
            follow_ups,
            per_day,
            seed,
            json,
        } => {
            let config = parallax::bench::cluster::ClusterBenchConfig {
                data: data.clone(),
                open_stories: *open_stories,
                articles: *articles,
                follow_up_share: *follow_ups,
                per_day: *per_day,
                threads: threads.unwrap_or(0),
                seed: *seed,
            };
            let report = parallax::bench::cluster::run(&config)?;
            print_report(&report, *json, write_cluster_report)
        }
        BenchCommand::Analyze {
            data,
            articles,
            runs,
            json,
        } => {
            let config = parallax::bench::analyze::AnalyzeBenchConfig {
                data: data.clone(),
                articles: *articles,
                runs: *runs,
            };
            let report = parallax::bench::analyze::run(&config)?;
            print_report(
                &report,
                *json,
                |out, report: &parallax::bench::analyze::AnalyzeBenchReport| {
                    for story in &report.stories {
                        writeln!(
                            out,
                            "{}: {} articles, {} claims; analysis median {:.3} s over {} runs (one core)",
                            story.kind,
                            story.articles,
                            story.claims,
                            story.median_seconds,
                            story.runs.len()
                        )?;
                    }
                    Ok(())
                },
            )
        }
        BenchCommand::Serve {
            data,
            stories,
            follow_ups,
            ids_out,
            seed,
            json,
        } => {
            let StoreLocation::Sqlite(db) = settings(global, FormatChoice::Auto).store else {
                anyhow::bail!("bench serve fills a SQLite store: give --db a file");
            };
            let config = parallax::bench::serve::ServeBenchConfig {
                data: data.clone(),
                db,
                stories: *stories,
                follow_up_share: *follow_ups,
                ids_out: ids_out.clone(),
                threads: threads.unwrap_or(0),
                seed: *seed,
            };
            let report = parallax::bench::serve::run(&config)?;
            print_report(
                &report,
                *json,
                |out, report: &parallax::bench::serve::ServeBenchReport| {
                    writeln!(
                        out,
                        "store: {} stories, {} articles, {:.0} MB; this run added {} articles in {:.1} s ({:.0} articles/s through the whole pipeline)",
                        report.stories,
                        report.articles,
                        report.db_bytes as f64 / 1e6,
                        report.added,
                        report.seconds,
                        report.articles_per_second
                    )
                },
            )
        }
        BenchCommand::Dedup {
            data,
            articles,
            seed,
            stream_out,
            json,
        } => {
            let config = parallax::bench::dedup::DedupBenchConfig {
                data: data.clone(),
                articles: *articles,
                seed: *seed,
                stream_out: stream_out.clone(),
            };
            let report = parallax::bench::dedup::run(&config)?;
            print_report(&report, *json, write_dedup_report)
        }
    }
}

fn write_cluster_report(
    out: &mut impl Write,
    report: &parallax::bench::cluster::ClusterBenchReport,
) -> io::Result<()> {
    writeln!(
        out,
        "stream: {} articles against {} open stories (opened by {} articles; {} sentences in the pool), {} threads",
        report.articles,
        report.open_stories_before,
        report.prefill_articles,
        report.pool_sentences,
        report.threads
    )?;
    writeln!(
        out,
        "throughput: {:.0} articles/s end to end ({:.2} s), {:.0} articles/s assignment alone",
        report.articles_per_second, report.seconds, report.assign_articles_per_second
    )?;
    writeln!(
        out,
        "quality: follow-ups found their story {:.4}; new mixes founded a story {:.4}",
        report.follow_up_recall, report.new_story_rate
    )?;
    writeln!(
        out,
        "memory: {} open stories after the stream ({:.1} days), {:.1} MB in the clusterer ({:.0} bytes/story), peak RSS {}",
        report.open_stories_after,
        report.stream_days,
        report.clusterer_bytes as f64 / 1e6,
        report.bytes_per_open_story,
        report
            .peak_rss_bytes
            .map_or("unknown".to_string(), |b| format!(
                "{:.1} MB",
                b as f64 / 1e6
            ))
    )
}

fn write_dedup_report(
    out: &mut impl Write,
    report: &parallax::bench::dedup::DedupBenchReport,
) -> io::Result<()> {
    let index = &report.index;
    let lineage = &report.lineage;
    writeln!(
        out,
        "stream: {} articles ({} originals, {} reposts, {} rewrites) from {} real texts",
        report.articles, report.originals, report.reposts, report.rewrites, report.corpus_texts
    )?;
    writeln!(
        out,
        "index: {:.0} articles/s (signature + query + insert, {:.2} s; {:.0} articles/s from raw text), {:.0} bytes/article; candidate recall: reposts {:.4}, rewrites {:.4}",
        index.articles_per_second,
        index.seconds,
        index.end_to_end_articles_per_second,
        index.bytes_per_article,
        index.repost_candidate_recall,
        index.rewrite_candidate_recall
    )?;
    writeln!(
        out,
        "lineage ({:.2} s): repost precision {:.4} recall {:.4}; rewrite precision {:.4} recall {:.4}; originals marked as copies {:.4}",
        lineage.seconds,
        lineage.repost_precision,
        lineage.repost_recall,
        lineage.rewrite_precision,
        lineage.rewrite_recall,
        lineage.original_false_copy_rate
    )
}
