//! `parallax eval extraction`: main-text extraction against the public benchmarks in
//! `../shared/data/extraction`, each scored with its own metric, and the five seeds (scraped
//! text) against our line labels.
//!
//! - **scrapinghub** (181 news pages): 4-gram shingles of `\w+` tokens (case kept); per page
//!   tp/fp/fn normalised to sum 1; precision and recall are means over pages, F1 is computed
//!   from the two means (the benchmark's `evaluate.py`).
//! - **WCXB test, article pages** (257): bag of lowercased `\w+` tokens; per-page precision,
//!   recall and F1, each averaged over pages (WCXB's `evaluate.py`).
//! - **seeds**: share of body lines kept and boilerplate lines removed, and titles found,
//!   against `seed-labels.json` beside this module (labels written by us for the outside
//!   seeds, built into the binary).
//!
//! Every page is extracted by the same [`DefaultExtractor`] the pipeline uses, one thread,
//! and the time spent in extraction alone gives the throughput.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use flate2::read::GzDecoder;
use parallax_core::{ContentHash, MediaType, RawDocument, SuppliedMetadata};
use parallax_extract::{DefaultExtractor, Extractor};
use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Error;

/// Shingle length of the scrapinghub metric.
const SHINGLE: usize = 4;

static WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\w+").expect("the word pattern is a valid regular expression") // invariant: literal
});

/// Scores of one benchmark.
#[derive(Clone, Debug, Serialize)]
pub struct BenchmarkReport {
    /// Benchmark name.
    pub benchmark: String,
    /// The metric, in words.
    pub metric: String,
    /// Pages scored.
    pub pages: usize,
    /// Precision as the benchmark defines it.
    pub precision: f64,
    /// Recall as the benchmark defines it.
    pub recall: f64,
    /// F1 as the benchmark defines it.
    pub f1: f64,
    /// HTML bytes extracted.
    pub bytes: u64,
    /// Seconds spent extracting (reading and scoring excluded), one thread.
    pub seconds: f64,
    /// `bytes` per second, in MB (10^6).
    pub megabytes_per_second: f64,
    /// Per-page scores, worst first, so regressions on single pages are visible.
    pub per_page: Vec<PageScore>,
    /// Title, date and author against the benchmark's metadata, when it has any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<MetadataScores>,
}

/// How often the extracted metadata matches the benchmark's.
#[derive(Clone, Debug, Default, Serialize)]
pub struct MetadataScores {
    /// Pages with a reference title, and how many titles match (case and spacing aside).
    pub titles: usize,
    /// See `titles`.
    pub titles_matched: usize,
    /// Pages with a reference publication date, and how many dates match (the day).
    pub dates: usize,
    /// See `dates`.
    pub dates_matched: usize,
    /// Pages with a reference author, and how many bylines name them.
    pub authors: usize,
    /// See `authors`.
    pub authors_matched: usize,
}

/// One page's scores.
#[derive(Clone, Debug, Serialize)]
pub struct PageScore {
    /// The page's id in the benchmark.
    pub page: String,
    /// Precision on this page.
    pub precision: f64,
    /// Recall on this page.
    pub recall: f64,
    /// F1 on this page.
    pub f1: f64,
}

/// Line-level scores on the seeds.
#[derive(Clone, Debug, Serialize)]
pub struct SeedsReport {
    /// Seed files scored.
    pub files: usize,
    /// Labelled body lines.
    pub body_lines: usize,
    /// Body lines found in the extracted text.
    pub body_kept: usize,
    /// Labelled boilerplate lines (title lines excluded).
    pub boilerplate_lines: usize,
    /// Boilerplate lines absent from the extracted text.
    pub boilerplate_removed: usize,
    /// Seeds with a labelled title.
    pub titles: usize,
    /// Of those, how many were extracted exactly.
    pub titles_found: usize,
    /// What went wrong, line by line.
    pub mistakes: Vec<String>,
}

/// Everything `eval extraction` measured.
#[derive(Clone, Debug, Serialize)]
pub struct ExtractionReport {
    /// One report per benchmark found under the data folder.
    pub benchmarks: Vec<BenchmarkReport>,
    /// The seeds, when `../shared/fixtures/seeds` and the labels are there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seeds: Option<SeedsReport>,
}

/// One page of a benchmark: its HTML, its reference text and metadata.
struct Page {
    id: String,
    html: String,
    reference: String,
    metadata: Option<ReferenceMetadata>,
}

/// A page's reference title, author and publication date (`YYYY-MM-DD`).
struct ReferenceMetadata {
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
}

/// Our labels of the five seeds.
const SEED_LABELS: &str = include_str!("seed-labels.json");

/// Runs every extraction benchmark found under `data` (the `../shared/data` folder), and
/// the seeds when `seeds` is their folder.
pub fn run(data: &Path, seeds: Option<&Path>) -> Result<ExtractionReport, Error> {
    let root = data.join("extraction");
    let mut benchmarks = Vec::new();
    let scrapinghub = root.join("scrapinghub");
    if scrapinghub.is_dir() {
        let pages = scrapinghub_pages(&scrapinghub)?;
        benchmarks.push(score(
            "scrapinghub",
            "4-gram shingle F1 of mean P and R",
            &pages,
            shingle_counts,
            shingle_report,
        ));
    }
    let wcxb = root.join("wcxb-test");
    if wcxb.is_dir() {
        let pages = wcxb_article_pages(&wcxb)?;
        benchmarks.push(score(
            "wcxb-test articles",
            "mean per-page bag-of-words F1",
            &pages,
            word_bag_scores,
            mean_report,
        ));
    }
    if benchmarks.is_empty() {
        return Err(Error::data(
            &root,
            "no extraction benchmark here (expected scrapinghub/ and wcxb-test/)",
        ));
    }
    let seeds = match seeds {
        Some(folder) if folder.is_dir() => Some(score_seeds(folder)?),
        _ => None,
    };
    Ok(ExtractionReport { benchmarks, seeds })
}

/// The article in an HTML page as the pipeline extracts it, if it finds one.
fn extract_html(html: &str, origin: &str) -> Option<parallax_core::Article> {
    let document = RawDocument {
        origin: origin.into(),
        media: MediaType::Html,
        body: html.into(),
        supplied: SuppliedMetadata::default(),
        fetched_at: time::OffsetDateTime::UNIX_EPOCH,
        content_hash: ContentHash::of(html.as_bytes()),
    };
    DefaultExtractor.extract(&document).ok()
}

/// Per-page raw figures a metric computes from prediction and reference.
type PageFigures = (f64, f64, f64);

fn score(
    name: &str,
    metric: &str,
    pages: &[Page],
    page_figures: fn(&str, &str) -> PageFigures,
    summarise: fn(&[PageFigures]) -> (f64, f64, f64),
) -> BenchmarkReport {
    let mut elapsed = Duration::ZERO;
    let mut figures = Vec::with_capacity(pages.len());
    let mut per_page = Vec::with_capacity(pages.len());
    let mut metadata: Option<MetadataScores> = None;
    for page in pages {
        let started = Instant::now();
        let article = extract_html(&page.html, &page.id);
        elapsed += started.elapsed();
        if let Some(reference) = &page.metadata {
            score_metadata(
                metadata.get_or_insert_with(MetadataScores::default),
                reference,
                article.as_ref(),
            );
        }
        let predicted = article.map(|article| article.text).unwrap_or_default();
        let page_scores = page_figures(&predicted, &page.reference);
        let (precision, recall, f1) = summarise(std::slice::from_ref(&page_scores));
        figures.push(page_scores);
        per_page.push(PageScore {
            page: page.id.clone(),
            precision,
            recall,
            f1,
        });
    }
    per_page.sort_by(|a, b| a.f1.total_cmp(&b.f1));
    let (precision, recall, f1) = summarise(&figures);
    let bytes: u64 = pages.iter().map(|page| page.html.len() as u64).sum();
    let seconds = elapsed.as_secs_f64();
    BenchmarkReport {
        benchmark: name.into(),
        metric: metric.into(),
        pages: pages.len(),
        precision,
        recall,
        f1,
        bytes,
        seconds,
        megabytes_per_second: bytes as f64 / 1e6 / seconds.max(f64::EPSILON),
        per_page,
        metadata,
    }
}

fn score_metadata(
    scores: &mut MetadataScores,
    reference: &ReferenceMetadata,
    article: Option<&parallax_core::Article>,
) {
    let squash = |text: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    if let Some(title) = &reference.title {
        scores.titles += 1;
        let found = article.and_then(|article| article.title.as_deref());
        scores.titles_matched +=
            usize::from(found.is_some_and(|found| squash(found) == squash(title)));
    }
    if let Some(date) = &reference.date {
        scores.dates += 1;
        let found = article
            .and_then(|article| article.published)
            .map(|published| {
                let day = published.date();
                format!(
                    "{:04}-{:02}-{:02}",
                    day.year(),
                    u8::from(day.month()),
                    day.day()
                )
            });
        scores.dates_matched += usize::from(found.as_deref() == Some(date.as_str()));
    }
    if let Some(author) = &reference.author {
        scores.authors += 1;
        let found = article.and_then(|article| article.byline.as_deref());
        scores.authors_matched += usize::from(found.is_some_and(|found| {
            let (found, author) = (squash(found), squash(author));
            !found.is_empty() && (found.contains(&author) || author.contains(&found))
        }));
    }
}

fn tokens(text: &str) -> impl Iterator<Item = &str> {
    WORD.find_iter(text).map(|found| found.as_str())
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let words: Vec<&str> = tokens(text).collect();
    let mut counts = HashMap::new();
    if words.is_empty() {
        return counts;
    }
    if words.len() < SHINGLE {
        counts.insert(words, 1);
        return counts;
    }
    for window in words.windows(SHINGLE) {
        *counts.entry(window.to_vec()).or_insert(0) += 1;
    }
    counts
}

/// Scrapinghub's per-page (tp, fp, fn) over shingles, normalised to sum 1.
fn shingle_counts(predicted: &str, reference: &str) -> PageFigures {
    let predicted = shingles(predicted);
    let reference = shingles(reference);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (shingle, &count) in &predicted {
        let truth = reference.get(shingle).copied().unwrap_or(0);
        tp += count.min(truth) as f64;
        fp += count.saturating_sub(truth) as f64;
    }
    for (shingle, &truth) in &reference {
        let count = predicted.get(shingle).copied().unwrap_or(0);
        fn_ += truth.saturating_sub(count) as f64;
    }
    let sum = tp + fp + fn_;
    if sum > 0.0 {
        (tp / sum, fp / sum, fn_ / sum)
    } else {
        (0.0, 0.0, 0.0)
    }
}

/// Scrapinghub's summary: precision and recall averaged over the pages where they are
/// defined, F1 from the two means.
fn shingle_report(figures: &[PageFigures]) -> (f64, f64, f64) {
    let ratio = |hit: f64, miss: f64, other_miss: f64| {
        if miss == 0.0 && other_miss == 0.0 {
            1.0
        } else if hit == 0.0 && miss == 0.0 {
            0.0
        } else {
            hit / (hit + miss)
        }
    };
    let precisions: Vec<f64> = figures
        .iter()
        .filter(|(tp, fp, _)| tp + fp > 0.0)
        .map(|&(tp, fp, fn_)| ratio(tp, fp, fn_))
        .collect();
    let recalls: Vec<f64> = figures
        .iter()
        .filter(|(tp, _, fn_)| tp + fn_ > 0.0)
        .map(|&(tp, fp, fn_)| ratio(tp, fn_, fp))
        .collect();
    let precision = mean(&precisions);
    let recall = mean(&recalls);
    (precision, recall, harmonic(precision, recall))
}

/// WCXB's per-page (precision, recall, F1) over bags of lowercased words.
fn word_bag_scores(predicted: &str, reference: &str) -> PageFigures {
    let bag = |text: &str| {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for word in tokens(&text.to_lowercase()) {
            *counts.entry(word.to_string()).or_insert(0) += 1;
        }
        counts
    };
    let predicted = bag(predicted);
    let reference = bag(reference);
    let predicted_total: usize = predicted.values().sum();
    let reference_total: usize = reference.values().sum();
    if reference_total == 0 {
        return if predicted_total == 0 {
            (1.0, 1.0, 1.0)
        } else {
            (0.0, 0.0, 0.0)
        };
    }
    if predicted_total == 0 {
        return (0.0, 0.0, 0.0);
    }
    let overlap: usize = predicted
        .iter()
        .map(|(word, &count)| count.min(reference.get(word).copied().unwrap_or(0)))
        .sum();
    let precision = overlap as f64 / predicted_total as f64;
    let recall = overlap as f64 / reference_total as f64;
    (precision, recall, harmonic(precision, recall))
}

/// WCXB's summary: each figure averaged over pages.
fn mean_report(figures: &[PageFigures]) -> (f64, f64, f64) {
    let column =
        |pick: fn(&PageFigures) -> f64| mean(&figures.iter().map(pick).collect::<Vec<_>>());
    (column(|f| f.0), column(|f| f.1), column(|f| f.2))
}

fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}

fn harmonic(a: f64, b: f64) -> f64 {
    if a + b > 0.0 {
        2.0 * a * b / (a + b)
    } else {
        0.0
    }
}

fn read_gzip_text(path: &Path) -> Result<String, Error> {
    let mut bytes = Vec::new();
    GzDecoder::new(File::open(path).map_err(|error| Error::data(path, error))?)
        .read_to_end(&mut bytes)
        .map_err(|error| Error::data(path, error))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn read_json(path: &Path) -> Result<Value, Error> {
    let text = fs::read_to_string(path).map_err(|error| Error::data(path, error))?;
    serde_json::from_str(&text).map_err(|error| Error::data(path, error))
}

fn scrapinghub_pages(folder: &Path) -> Result<Vec<Page>, Error> {
    let truth = read_json(&folder.join("ground-truth.json"))?;
    let Value::Object(entries) = truth else {
        return Err(Error::data(folder, "ground-truth.json is not an object"));
    };
    let mut pages = Vec::with_capacity(entries.len());
    for (id, entry) in entries {
        let reference = entry["articleBody"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let html = read_gzip_text(&folder.join("html").join(format!("{id}.html.gz")))?;
        pages.push(Page {
            id,
            html,
            reference,
            metadata: None,
        });
    }
    pages.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(pages)
}

fn wcxb_article_pages(folder: &Path) -> Result<Vec<Page>, Error> {
    let mut files: Vec<PathBuf> = fs::read_dir(folder.join("ground-truth"))
        .map_err(|error| Error::data(folder, error))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let mut pages = Vec::new();
    for file in files {
        let truth = read_json(&file)?;
        let page_type = match &truth["_internal"]["page_type"] {
            Value::Object(kind) => kind["primary"].as_str().unwrap_or("article").to_string(),
            Value::String(kind) => kind.clone(),
            _ => "article".into(),
        };
        if page_type != "article" {
            continue;
        }
        let id = file
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let reference = truth["ground_truth"]["main_content"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let html = read_gzip_text(&folder.join("html").join(format!("{id}.html.gz")))?;
        let field = |name: &str| {
            truth["ground_truth"][name]
                .as_str()
                .map(str::trim)
                .filter(|value| !value.is_empty())
                .map(str::to_string)
        };
        let metadata = Some(ReferenceMetadata {
            title: field("title"),
            author: field("author"),
            date: field("publish_date").map(|date| date.chars().take(10).collect()),
        });
        pages.push(Page {
            id,
            html,
            reference,
            metadata,
        });
    }
    Ok(pages)
}

/// Our labels for one seed file: 1-based line numbers.
#[derive(Deserialize)]
struct SeedLabels {
    file: String,
    title: Option<String>,
    /// Body lines as inclusive ranges `[first, last]`.
    body: Vec<[usize; 2]>,
    /// Lines that repeat the title (neither body nor boilerplate).
    #[serde(default)]
    title_lines: Vec<usize>,
}

/// Scores the scraped-text extractor on the seeds in `folder`.
pub fn score_seeds(folder: &Path) -> Result<SeedsReport, Error> {
    let labels: Vec<SeedLabels> =
        serde_json::from_str(SEED_LABELS).expect("the built-in seed labels are valid"); // invariant: checked by a test
    let mut report = SeedsReport {
        files: 0,
        body_lines: 0,
        body_kept: 0,
        boilerplate_lines: 0,
        boilerplate_removed: 0,
        titles: 0,
        titles_found: 0,
        mistakes: Vec::new(),
    };
    for label in labels {
        let path = folder.join(&label.file);
        let text = fs::read_to_string(&path).map_err(|error| Error::data(&path, error))?;
        let document = RawDocument {
            origin: label.file.clone(),
            media: MediaType::Text,
            body: text.clone(),
            supplied: SuppliedMetadata::default(),
            fetched_at: time::OffsetDateTime::UNIX_EPOCH,
            content_hash: ContentHash::of(text.as_bytes()),
        };
        let article = DefaultExtractor.extract(&document).ok();
        let kept: Vec<&str> = article
            .as_ref()
            .map(|article| article.text.split("\n\n").map(str::trim).collect())
            .unwrap_or_default();
        report.files += 1;
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let line = line.trim();
            if line.is_empty() || label.title_lines.contains(&number) {
                continue;
            }
            let in_body = label
                .body
                .iter()
                .any(|[first, last]| (*first..=*last).contains(&number));
            let was_kept = kept.contains(&line);
            if in_body {
                report.body_lines += 1;
                report.body_kept += usize::from(was_kept);
            } else {
                report.boilerplate_lines += 1;
                report.boilerplate_removed += usize::from(!was_kept);
            }
            if in_body != was_kept {
                let what = if in_body {
                    "body dropped"
                } else {
                    "boilerplate kept"
                };
                report.mistakes.push(format!(
                    "{}:{number}: {what}: {}",
                    label.file,
                    line.chars().take(80).collect::<String>()
                ));
            }
        }
        if let Some(title) = &label.title {
            report.titles += 1;
            let found = article
                .as_ref()
                .and_then(|article| article.title.as_deref());
            if found == Some(title.as_str()) {
                report.titles_found += 1;
            } else {
                report.mistakes.push(format!(
                    "{}: title {found:?}, expected {title:?}",
                    label.file
                ));
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingle_metric_matches_the_benchmark_definition() {
        // Identical texts: everything is a true positive.
        assert_eq!(shingle_counts("a b c d e", "a b c d e"), (1.0, 0.0, 0.0));
        // Prediction holds the truth plus one extra shingle: tp 2, fp 1.
        let (tp, fp, fn_) = shingle_counts("a b c d e f", "a b c d e");
        assert!((tp - 2.0 / 3.0).abs() < 1e-9 && (fp - 1.0 / 3.0).abs() < 1e-9 && fn_ == 0.0);
        // Short texts are one shingle; case matters.
        assert_eq!(shingle_counts("Quake hits", "quake hits"), (0.0, 0.5, 0.5));
        // An empty prediction counts for recall (0) but not for precision.
        let figures = [(1.0, 0.0, 0.0), (0.0, 0.0, 1.0)];
        let (precision, recall, f1) = shingle_report(&figures);
        assert_eq!((precision, recall), (1.0, 0.5));
        assert!((f1 - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn word_bag_metric_matches_the_benchmark_definition() {
        let (precision, recall, f1) = word_bag_scores("The quake, the QUAKE", "the quake struck");
        assert_eq!(precision, 0.5);
        assert!((recall - 2.0 / 3.0).abs() < 1e-9);
        assert!((f1 - 4.0 / 7.0).abs() < 1e-9);
        assert_eq!(word_bag_scores("", ""), (1.0, 1.0, 1.0));
        assert_eq!(word_bag_scores("extra", ""), (0.0, 0.0, 0.0));
        assert_eq!(word_bag_scores("", "missing"), (0.0, 0.0, 0.0));
    }
}
