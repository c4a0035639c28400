//! `parallax bench dedup`: the near-duplicate index and lineage on a generated stream.
//!
//! The stream is made from real article texts: *originals* draw 8 to 12 sentences at
//! random from all the texts' sentences (whole documents cannot be used: the public sets
//! hold real near-duplicates, ECB+ and WikiRef many outlets' copies of one wire story,
//! which would blur the truth), so two originals rarely share more than a sentence;
//! *reposts* copy an earlier original whole, trimmed to its
//! first half or more, or with one word changed, and add site chrome; *rewrites* keep an
//! original's sentences in order but drop some and replace or drop a third of the words
//! in each, sometimes adding a sentence of their own. Each copy records its source, so
//! the index's candidate recall and the lineage's precision and recall can be measured.
//! Articles are dated one minute apart, in stream order.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;
use time::OffsetDateTime;

use parallax_core::text::sentences;
use parallax_core::{Article, ArticleId, ContentHash, Lineage, LineageKind};
use parallax_dedup::{DedupConfig, EarlierArticle, FingerprintIndex, Fingerprinter, MemoryIndex};

use super::load_texts;
use super::rng::Rng;
use crate::Error;

/// Chrome a repost may add.
const CHROME: &[&str] = &[
    "Share this article",
    "Source link",
    "Follow us on Facebook",
    "Subscribe to our newsletter",
    "Related posts",
];

/// What to run.
#[derive(Clone, Debug)]
pub struct DedupBenchConfig {
    /// `../shared/data`.
    pub data: PathBuf,
    /// Articles in the stream.
    pub articles: usize,
    /// Seed of the stream.
    pub seed: u64,
    /// Where to write the stream (one JSON object per line: id, kind, of, content words)
    /// for peers such as datasketch to read.
    pub stream_out: Option<PathBuf>,
}

/// What one generated article is, truly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Truth {
    Original,
    Repost,
    Rewrite,
}

struct StreamArticle {
    article: Article,
    truth: Truth,
    source: Option<usize>,
}

/// The figures `parallax bench dedup` reports.
#[derive(Clone, Debug, Serialize)]
pub struct DedupBenchReport {
    /// Real texts the stream was made from.
    pub corpus_texts: usize,
    /// Articles in the stream, and how many of each kind.
    pub articles: usize,
    /// Originals.
    pub originals: usize,
    /// Reposts.
    pub reposts: usize,
    /// Rewrites.
    pub rewrites: usize,
    /// The index alone: fingerprint, query, insert.
    pub index: IndexFigures,
    /// Full lineage decisions.
    pub lineage: LineageFigures,
}

/// Figures of the near-duplicate index.
#[derive(Clone, Debug, Serialize)]
pub struct IndexFigures {
    /// Wall time of signature + query + insert over the stream, from each article's
    /// content words and sentence keys (what a peer index is given: tokenising excluded).
    pub seconds: f64,
    /// Articles per second, tokenising excluded.
    pub articles_per_second: f64,
    /// Articles per second from raw text: tokenising, sentence splitting, signature,
    /// query and insert.
    pub end_to_end_articles_per_second: f64,
    /// Heap bytes of the index per indexed article.
    pub bytes_per_article: f64,
    /// Share of reposts whose source is among their candidates (all candidates, as a
    /// peer index returns them; lineage aligns the best ten).
    pub repost_candidate_recall: f64,
    /// Share of rewrites whose source is among their candidates.
    pub rewrite_candidate_recall: f64,
}

/// Figures of lineage decisions against the truth.
#[derive(Clone, Debug, Serialize)]
pub struct LineageFigures {
    /// Wall time of the whole dedup stage (index, alignment, decisions).
    pub seconds: f64,
    /// Predicted reposts with the right source / predicted reposts.
    pub repost_precision: f64,
    /// True reposts predicted as reposts of the right source / true reposts.
    pub repost_recall: f64,
    /// Predicted rewrites with the right source / predicted rewrites.
    pub rewrite_precision: f64,
    /// True rewrites predicted as rewrites of the right source / true rewrites.
    pub rewrite_recall: f64,
    /// True originals predicted as copies / true originals.
    pub original_false_copy_rate: f64,
}

/// Runs the benchmark.
pub fn run(config: &DedupBenchConfig) -> Result<DedupBenchReport, Error> {
    let corpus: Vec<Vec<String>> = load_texts(&config.data)?
        .iter()
        .map(|text| {
            sentences(text)
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|sentences: &Vec<String>| sentences.len() >= 4)
        .collect();
    let stream = generate(&corpus, config.articles, config.seed);
    if let Some(path) = &config.stream_out {
        write_stream(path, &stream)?;
    }
    let count = |truth: Truth| stream.iter().filter(|item| item.truth == truth).count();
    Ok(DedupBenchReport {
        corpus_texts: corpus.len(),
        articles: stream.len(),
        originals: count(Truth::Original),
        reposts: count(Truth::Repost),
        rewrites: count(Truth::Rewrite),
        index: measure_index(&stream),
        lineage: measure_lineage(&stream),
    })
}

fn generate(corpus: &[Vec<String>], articles: usize, seed: u64) -> Vec<StreamArticle> {
    let mut rng = Rng::new(seed);
    let vocabulary: Vec<String> = corpus
        .iter()
        .flat_map(|doc| doc.iter().flat_map(|sentence| sentence.split_whitespace()))
        .step_by(7)
        .map(str::to_string)
        .collect();
    let pool: Vec<&String> = corpus
        .iter()
        .flatten()
        .filter(|sentence| sentence.split_whitespace().count() >= 6)
        .collect();
    let mut stream: Vec<StreamArticle> = Vec::with_capacity(articles);
    let mut originals: Vec<usize> = Vec::new();
    for index in 0..articles {
        let roll = rng.unit();
        let (text, truth, source) = if originals.is_empty() || roll < 0.6 {
            originals.push(index);
            (original(&pool, &mut rng), Truth::Original, None)
        } else {
            let source = originals[rng.below(originals.len())];
            let source_text = &stream[source].article.text;
            if roll < 0.8 {
                (repost(source_text, &mut rng), Truth::Repost, Some(source))
            } else {
                let own = &corpus[rng.below(corpus.len())];
                (
                    rewrite(source_text, own, &vocabulary, &mut rng),
                    Truth::Rewrite,
                    Some(source),
                )
            }
        };
        stream.push(StreamArticle {
            article: stream_article(index, text),
            truth,
            source,
        });
    }
    stream
}

fn stream_article(index: usize, text: String) -> Article {
    let origin = format!("stream:{index}");
    let published = OffsetDateTime::UNIX_EPOCH + time::Duration::minutes(index as i64);
    Article {
        id: ArticleId::derive(&origin, &ContentHash::of(text.as_bytes())),
        origin,
        url: None,
        site: None,
        title: None,
        byline: None,
        published: Some(published),
        language: Some("en".to_string()),
        text,
        credits: Vec::new(),
        fetched_at: published,
        syndication: None,
    }
}

fn original(pool: &[&String], rng: &mut Rng) -> String {
    let length = 8 + rng.below(5);
    (0..length)
        .map(|_| pool[rng.below(pool.len())].as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn repost(source: &str, rng: &mut Rng) -> String {
    let mut paragraphs: Vec<String> = source.split("\n\n").map(str::to_string).collect();
    match rng.below(3) {
        0 => {}
        1 => {
            let keep = (paragraphs.len() * (5 + rng.below(5))).div_ceil(10).max(2);
            paragraphs.truncate(keep);
        }
        _ => {
            let at = rng.below(paragraphs.len());
            let replaced = paragraphs[at].replacen(" the ", " a ", 1);
            paragraphs[at] = replaced;
        }
    }
    if rng.chance(0.5) {
        paragraphs.insert(0, CHROME[rng.below(CHROME.len())].to_string());
    }
    paragraphs.push(CHROME[rng.below(CHROME.len())].to_string());
    paragraphs.join("\n\n")
}

fn rewrite(source: &str, own: &[String], vocabulary: &[String], rng: &mut Rng) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    for sentence in source.split("\n\n") {
        if rng.chance(0.1) {
            continue;
        }
        let reworded: Vec<&str> = sentence
            .split_whitespace()
            .filter_map(|word| {
                let roll = rng.unit();
                if roll < 0.1 {
                    None
                } else if roll < 0.35 {
                    Some(vocabulary[rng.below(vocabulary.len())].as_str())
                } else {
                    Some(word)
                }
            })
            .collect();
        paragraphs.push(reworded.join(" "));
    }
    if rng.chance(0.5) {
        let at = rng.below(paragraphs.len() + 1);
        paragraphs.insert(at, own[rng.below(own.len())].clone());
    }
    paragraphs.join("\n\n")
}

fn measure_index(stream: &[StreamArticle]) -> IndexFigures {
    let dedup = DedupConfig::default().build();
    let fingerprinter = Fingerprinter::default();
    let parts: Vec<_> = stream
        .iter()
        .map(|item| Fingerprinter::parts(&item.article.text))
        .collect();
    let mut index = MemoryIndex::with_capacity(stream.len());
    let mut found = vec![false; stream.len()];
    let started = Instant::now();
    for (i, (item, (words, exact, sentence_keys))) in stream.iter().zip(parts).enumerate() {
        let fingerprint = fingerprinter.fingerprint_words(&words, exact, sentence_keys);
        let (exact, candidates) =
            index.query_and_record(&item.article.id, &fingerprint, usize::MAX);
        if let Some(source) = item.source {
            let source_id = &stream[source].article.id;
            found[i] = exact.as_ref() == Some(source_id)
                || candidates
                    .iter()
                    .any(|candidate| &candidate.article == source_id);
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let bytes = index.heap_bytes();
    let mut end_to_end = MemoryIndex::with_capacity(stream.len());
    let started = Instant::now();
    for item in stream {
        let fingerprint = dedup.fingerprint(&item.article.text);
        let _ = end_to_end.query_and_record(&item.article.id, &fingerprint, usize::MAX);
    }
    let end_to_end_seconds = started.elapsed().as_secs_f64();
    IndexFigures {
        seconds,
        articles_per_second: stream.len() as f64 / seconds.max(1e-9),
        end_to_end_articles_per_second: stream.len() as f64 / end_to_end_seconds.max(1e-9),
        bytes_per_article: bytes as f64 / stream.len().max(1) as f64,
        repost_candidate_recall: share(stream, &found, Truth::Repost),
        rewrite_candidate_recall: share(stream, &found, Truth::Rewrite),
    }
}

fn share(stream: &[StreamArticle], hits: &[bool], truth: Truth) -> f64 {
    let (mut hit, mut total) = (0usize, 0usize);
    for (item, &is_hit) in stream.iter().zip(hits) {
        if item.truth == truth {
            total += 1;
            hit += usize::from(is_hit);
        }
    }
    hit as f64 / total.max(1) as f64
}

fn measure_lineage(stream: &[StreamArticle]) -> LineageFigures {
    let dedup = DedupConfig::default().build();
    let mut index = MemoryIndex::default();
    let mut lineages: Vec<Lineage> = Vec::with_capacity(stream.len());
    let position: std::collections::HashMap<&ArticleId, usize> = stream
        .iter()
        .enumerate()
        .map(|(i, item)| (&item.article.id, i))
        .collect();
    let started = Instant::now();
    for item in stream {
        let fingerprint = dedup.fingerprint(&item.article.text);
        let exact = index
            .find_exact(&fingerprint)
            .unwrap_or_else(|never| match never {});
        let candidates = index
            .candidates(&fingerprint, dedup.candidate_limit())
            .unwrap_or_else(|never| match never {});
        let earlier: Vec<EarlierArticle<'_>> = candidates
            .iter()
            .map(|candidate| {
                let at = position[&candidate.article];
                EarlierArticle {
                    article: &stream[at].article,
                    lineage: &lineages[at],
                }
            })
            .collect();
        let exact = exact.map(|id| {
            let at = position[&id];
            EarlierArticle {
                article: &stream[at].article,
                lineage: &lineages[at],
            }
        });
        let decision = dedup.decide(&item.article, exact, &earlier);
        for (id, lineage) in decision.revised {
            lineages[position[&id]] = lineage;
        }
        lineages.push(decision.lineage);
        index
            .record(&item.article.id, &fingerprint)
            .unwrap_or_else(|never| match never {});
    }
    let seconds = started.elapsed().as_secs_f64();
    score_lineage(stream, &lineages, seconds)
}

fn score_lineage(stream: &[StreamArticle], lineages: &[Lineage], seconds: f64) -> LineageFigures {
    let correct_source = |item: &StreamArticle, lineage: &Lineage| {
        item.source
            .is_some_and(|source| lineage.of.as_ref() == Some(&stream[source].article.id))
    };
    let ratio = |hits: usize, total: usize| hits as f64 / total.max(1) as f64;
    let mut predicted = [0usize; 2];
    let mut right = [0usize; 2];
    let mut truths = [0usize; 2];
    let (mut originals, mut false_copies) = (0usize, 0usize);
    for (item, lineage) in stream.iter().zip(lineages) {
        let slot = |kind: LineageKind| match kind {
            LineageKind::Repost => Some(0),
            LineageKind::Rewrite => Some(1),
            _ => None,
        };
        let truth_slot = match item.truth {
            Truth::Repost => Some(0),
            Truth::Rewrite => Some(1),
            Truth::Original => None,
        };
        if let Some(slot) = truth_slot {
            truths[slot] += 1;
        } else {
            originals += 1;
            false_copies += usize::from(lineage.kind != LineageKind::Original);
        }
        if let Some(predicted_slot) = slot(lineage.kind) {
            predicted[predicted_slot] += 1;
            if truth_slot == Some(predicted_slot) && correct_source(item, lineage) {
                right[predicted_slot] += 1;
            }
        }
    }
    LineageFigures {
        seconds,
        repost_precision: ratio(right[0], predicted[0]),
        repost_recall: ratio(right[0], truths[0]),
        rewrite_precision: ratio(right[1], predicted[1]),
        rewrite_recall: ratio(right[1], truths[1]),
        original_false_copy_rate: ratio(false_copies, originals),
    }
}

/// One stream article as peers read it: its id, truth, source, and content words (the
/// same word set Parallax's MinHash sees), so they hash exactly what Parallax hashes.
#[derive(Serialize)]
struct StreamLine<'a> {
    id: &'a str,
    kind: Truth,
    of: Option<&'a str>,
    words: Vec<String>,
}

fn write_stream(path: &std::path::Path, stream: &[StreamArticle]) -> Result<(), Error> {
    let io_error = |error: std::io::Error| Error::Data {
        path: path.to_path_buf(),
        reason: error.to_string(),
    };
    let file = std::fs::File::create(path).map_err(io_error)?;
    let mut out = std::io::BufWriter::new(file);
    for item in stream {
        let (content, _, _) = Fingerprinter::parts(&item.article.text);
        let line = StreamLine {
            id: item.article.id.as_str(),
            kind: item.truth,
            of: item.source.map(|source| stream[source].article.id.as_str()),
            words: content,
        };
        serde_json::to_writer(&mut out, &line).map_err(|error| io_error(error.into()))?;
        out.write_all(b"\n").map_err(io_error)?;
    }
    out.flush().map_err(io_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Vec<Vec<String>> {
        (0..40)
            .map(|doc| {
                (0..8)
                    .map(|s| {
                        format!(
                            "Document {doc} sentence {s} tells of harbour{doc} repairs{s} council{doc} budgets and ferry{s} timetables{doc} in town{doc}."
                        )
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_stream_is_deterministic_and_copies_point_back() {
        let first = generate(&corpus(), 300, 7);
        let second = generate(&corpus(), 300, 7);
        assert_eq!(
            first
                .iter()
                .map(|item| &item.article.id)
                .collect::<Vec<_>>(),
            second
                .iter()
                .map(|item| &item.article.id)
                .collect::<Vec<_>>()
        );
        for (i, item) in first.iter().enumerate() {
            assert_eq!(item.source.is_some(), item.truth != Truth::Original);
            assert!(
                item.source
                    .is_none_or(|source| source < i && first[source].truth == Truth::Original)
            );
        }
        assert!(first.iter().any(|item| item.truth == Truth::Rewrite));
    }

    #[test]
    fn lineage_on_a_small_stream_finds_the_copies() {
        let stream = generate(&corpus(), 400, 11);
        let figures = measure_lineage(&stream);
        assert!(figures.repost_recall > 0.9, "{figures:?}");
        assert!(figures.repost_precision > 0.9, "{figures:?}");
        let index = measure_index(&stream);
        assert!(index.repost_candidate_recall > 0.9, "{index:?}");
    }
}
