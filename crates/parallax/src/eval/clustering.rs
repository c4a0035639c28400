//! `parallax eval clustering`: story clustering against ECB+ (event level = `subtopic`,
//! topic level when sibling events are merged up) and WikiRef220 (topic level with noise
//! documents as singletons), online, one pass in file order, default configuration.
//!
//! ECB+ documents carry no dates, so time plays no part here; each document's first
//! sentence is its headline and is given as the title. With a sentence-embedding model,
//! each document's lead embedding is one more signal, as in the pipeline.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::Instant;

use parallax_cluster::{ArticleFeatures, ClusterConfig, Clusterer, Relocation};
use parallax_core::embedding::SentenceEncoder;
use parallax_core::{ArticleId, StoryId};
use serde::Serialize;
use serde_json::Value;

use crate::Error;
use crate::eval::metrics::{Scores, b_cubed, pairwise};
use crate::pipeline::lead_embeddings;

/// Labels that WikiRef220 gives at least this many documents are topics; the rest are
/// noise, scored as singletons (as the data set's README says).
const WIKIREF_MIN_TOPIC: usize = 10;

/// One document to cluster, with its gold labels.
#[derive(Clone, Debug)]
pub(crate) struct Document {
    pub(crate) id: String,
    pub(crate) title: Option<String>,
    pub(crate) text: String,
    /// Gold cluster at the finest level (event for ECB+, topic for WikiRef220).
    pub(crate) gold: String,
    /// Gold cluster one level up (topic for ECB+).
    gold_topic: String,
}

impl Document {
    /// The document as an article: its title, then its text, as one story member.
    pub(crate) fn article(&self) -> parallax_core::Article {
        let text = match &self.title {
            Some(title) => format!("{title}\n\n{}", self.text),
            None => self.text.clone(),
        };
        parallax_core::Article {
            id: ArticleId::derive(&self.id, &parallax_core::ContentHash::of(text.as_bytes())),
            origin: self.id.clone(),
            url: None,
            site: None,
            title: self.title.clone(),
            byline: None,
            published: None,
            language: Some("en".into()),
            text,
            credits: Vec::new(),
            fetched_at: time::OffsetDateTime::UNIX_EPOCH,
            syndication: None,
        }
    }
}

/// Scores on one data set.
#[derive(Clone, Debug, Serialize)]
pub struct DatasetReport {
    /// Data set name.
    pub dataset: String,
    /// Documents clustered.
    pub documents: usize,
    /// Gold clusters at the scored level.
    pub gold_clusters: usize,
    /// Stories Parallax made.
    pub stories: usize,
    /// Stories split and merged during the pass.
    pub splits: usize,
    /// See `splits`.
    pub merges: usize,
    /// Pairwise P/R/F1 at the finest level.
    pub pairwise: Scores,
    /// B-cubed P/R/F1 at the finest level.
    pub b_cubed: Scores,
    /// Pairwise P/R/F1 one level up, stories merged up through their related story.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic_pairwise: Option<Scores>,
    /// B-cubed one level up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic_b_cubed: Option<Scores>,
    /// Pairwise F1 per gold topic, so regressions on one topic are visible.
    pub per_topic: Vec<TopicScore>,
    /// Seconds for the pass (features + clustering; embedding included).
    pub seconds: f64,
    /// The embedding model used, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

/// Pairwise F1 inside one gold topic.
#[derive(Clone, Debug, Serialize)]
pub struct TopicScore {
    /// The gold topic.
    pub topic: String,
    /// Its documents.
    pub documents: usize,
    /// The stories they landed in.
    pub stories: usize,
    /// Pairwise F1 of the finest level within the topic.
    pub pairwise_f1: f64,
}

/// `parallax eval clustering`'s report.
#[derive(Clone, Debug, Serialize)]
pub struct ClusteringReport {
    /// One entry per data set found.
    pub datasets: Vec<DatasetReport>,
}

/// Evaluates on every clustering data set under `data` (`ecbplus/`, `wikiref220/`); a
/// missing set is left out, none at all is an error.
pub fn run(data: &Path, encoder: Option<&dyn SentenceEncoder>) -> Result<ClusteringReport, Error> {
    let mut datasets = Vec::new();
    let ecb = data.join("ecbplus/ecbplus_docs.jsonl");
    if ecb.exists() {
        let documents = read_ecbplus(&ecb)?;
        datasets.push(evaluate(
            "ECB+ topics 1-35 (train+dev)",
            &documents,
            encoder,
        )?);
    }
    let wikiref = data.join("wikiref220/wikiref220.jsonl");
    if wikiref.exists() {
        let documents = read_wikiref(&wikiref)?;
        datasets.push(evaluate("WikiRef220", &documents, encoder)?);
    }
    if datasets.is_empty() {
        return Err(Error::Data {
            path: data.to_path_buf(),
            reason: "neither ecbplus/ecbplus_docs.jsonl nor wikiref220/wikiref220.jsonl is there"
                .to_string(),
        });
    }
    Ok(ClusteringReport { datasets })
}

fn evaluate(
    name: &str,
    documents: &[Document],
    encoder: Option<&dyn SentenceEncoder>,
) -> Result<DatasetReport, Error> {
    let started = Instant::now();
    let embeddings = match encoder {
        Some(encoder) => Some(lead_embeddings(
            encoder,
            documents
                .iter()
                .map(|d| (d.title.as_deref(), d.text.as_str())),
        )?),
        None => None,
    };
    let outcome = cluster(documents, embeddings);
    let seconds = started.elapsed().as_secs_f64();
    let gold: Vec<&str> = documents.iter().map(|d| d.gold.as_str()).collect();
    let gold_topics: Vec<&str> = documents.iter().map(|d| d.gold_topic.as_str()).collect();
    let topic_pairwise = Some(pairwise(&outcome.topics, &gold_topics));
    let topic_b_cubed = Some(b_cubed(&outcome.topics, &gold_topics));
    Ok(DatasetReport {
        dataset: name.to_string(),
        documents: documents.len(),
        gold_clusters: distinct(&gold),
        stories: distinct(&outcome.stories),
        splits: outcome.splits,
        merges: outcome.merges,
        pairwise: pairwise(&outcome.stories, &gold),
        b_cubed: b_cubed(&outcome.stories, &gold),
        topic_pairwise,
        topic_b_cubed,
        per_topic: per_topic(documents, &outcome.stories),
        seconds,
        model: encoder.map(|encoder| encoder.name().to_string()),
    })
}

fn distinct<T: Ord>(labels: &[T]) -> usize {
    labels
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len()
}

/// Where the documents ended up.
struct Outcome {
    stories: Vec<StoryId>,
    topics: Vec<StoryId>,
    splits: usize,
    merges: usize,
}

/// One online pass in document order with the default configuration.
fn cluster(documents: &[Document], embeddings: Option<Vec<Vec<f32>>>) -> Outcome {
    let mut clusterer = Clusterer::new(ClusterConfig::default());
    let ids: Vec<ArticleId> = documents
        .iter()
        .map(|d| ArticleId::from_string(d.id.clone()))
        .collect();
    let position: HashMap<&ArticleId, usize> =
        ids.iter().enumerate().map(|(i, id)| (id, i)).collect();
    let mut stories: Vec<StoryId> = Vec::with_capacity(documents.len());
    let (mut splits, mut merges) = (0, 0);
    let mut embeddings = embeddings.map(Vec::into_iter);
    for (document, id) in documents.iter().zip(&ids) {
        let mut features =
            ArticleFeatures::from_text(document.title.as_deref(), &document.text, None);
        if let Some(vector) = embeddings.as_mut().and_then(Iterator::next) {
            features = features.with_embedding(vector);
        }
        let placement = clusterer.assign(id, &features);
        stories.push(placement.story.clone());
        for relocation in &placement.relocations {
            match relocation {
                Relocation::Split { into, articles, .. } => {
                    splits += 1;
                    for article in articles {
                        if let Some(&i) = position.get(article) {
                            stories[i] = into.clone();
                        }
                    }
                }
                Relocation::Merged { from, into } => {
                    merges += 1;
                    for story in stories.iter_mut().filter(|s| *s == from) {
                        *story = into.clone();
                    }
                }
            }
        }
    }
    let topics = merge_up(&clusterer, &stories);
    Outcome {
        stories,
        topics,
        splits,
        merges,
    }
}

/// Each story's topic: stories linked to their nearest story when close enough, or when
/// the two are each other's nearest; transitively.
fn merge_up(clusterer: &Clusterer, stories: &[StoryId]) -> Vec<StoryId> {
    let mut parent: BTreeMap<StoryId, StoryId> = BTreeMap::new();
    fn root(parent: &BTreeMap<StoryId, StoryId>, mut id: StoryId) -> StoryId {
        while let Some(next) = parent.get(&id) {
            if *next == id {
                break;
            }
            id = next.clone();
        }
        id
    }
    let config = clusterer.config();
    let nearest: BTreeMap<StoryId, (StoryId, f32)> = clusterer
        .story_ids()
        .into_iter()
        .filter_map(|story| {
            let related = clusterer.related(&story, config.mutual_related_threshold)?;
            Some((story, related))
        })
        .collect();
    for (story, (related, score)) in &nearest {
        let close = *score >= config.related_threshold;
        let mutual = nearest.get(related).is_some_and(|(back, _)| back == story);
        if close || mutual {
            let (a, b) = (root(&parent, story.clone()), root(&parent, related.clone()));
            if a != b {
                parent.insert(a, b);
            }
        }
    }
    stories.iter().map(|s| root(&parent, s.clone())).collect()
}

fn per_topic(documents: &[Document], stories: &[StoryId]) -> Vec<TopicScore> {
    let mut by_topic: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, document) in documents.iter().enumerate() {
        by_topic.entry(&document.gold_topic).or_default().push(i);
    }
    by_topic
        .into_iter()
        .filter(|(_, members)| members.len() > 1)
        .map(|(topic, members)| {
            let predicted: Vec<&StoryId> = members.iter().map(|&i| &stories[i]).collect();
            let gold: Vec<&str> = members
                .iter()
                .map(|&i| documents[i].gold.as_str())
                .collect();
            TopicScore {
                topic: topic.to_string(),
                documents: members.len(),
                stories: distinct(&predicted),
                pairwise_f1: pairwise(&predicted, &gold).f1,
            }
        })
        .collect()
}

fn rows(path: &Path) -> Result<Vec<Value>, Error> {
    let error = |reason: String| Error::Data {
        path: PathBuf::from(path),
        reason,
    };
    let file = File::open(path).map_err(|e| error(e.to_string()))?;
    let mut rows = Vec::new();
    for (number, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| error(e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        rows.push(
            serde_json::from_str(&line).map_err(|e| error(format!("line {}: {e}", number + 1)))?,
        );
    }
    Ok(rows)
}

/// ECB+ documents in file order: the first sentence (after the source URL that opens
/// `ecbplus` documents) is the title, the rest the text.
pub(crate) fn read_ecbplus(path: &Path) -> Result<Vec<Document>, Error> {
    let mut documents = Vec::new();
    for row in rows(path)? {
        let id = row["doc_id"].as_str().unwrap_or_default().to_string();
        let mut sentences: Vec<&str> = row["sentences"]
            .as_array()
            .map(|s| s.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if id.ends_with("ecbplus") && !sentences.is_empty() {
            sentences.remove(0);
        }
        let title = sentences.first().map(|s| s.to_string());
        let text = sentences
            .iter()
            .skip(1)
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        documents.push(Document {
            id,
            title,
            text,
            gold: row["subtopic"].as_str().unwrap_or_default().to_string(),
            gold_topic: row["topic"].to_string(),
        });
    }
    Ok(documents)
}

/// WikiRef220 in file order: first line the title; labels with fewer than
/// [`WIKIREF_MIN_TOPIC`] documents are noise, each its own gold cluster.
fn read_wikiref(path: &Path) -> Result<Vec<Document>, Error> {
    let rows = rows(path)?;
    let mut sizes: HashMap<String, usize> = HashMap::new();
    for row in &rows {
        *sizes
            .entry(row["label"].as_str().unwrap_or_default().to_string())
            .or_default() += 1;
    }
    Ok(rows
        .iter()
        .map(|row| {
            let id = row["doc_id"].as_str().unwrap_or_default().to_string();
            let label = row["label"].as_str().unwrap_or_default().to_string();
            let raw = row["text"].as_str().unwrap_or_default();
            let (title, text) = raw.trim().split_once('\n').unwrap_or((raw, ""));
            let gold = if sizes[&label] >= WIKIREF_MIN_TOPIC {
                label
            } else {
                format!("noise:{id}")
            };
            Document {
                id,
                title: Some(title.trim().to_string()),
                text: text.to_string(),
                gold_topic: gold.clone(),
                gold,
            }
        })
        .collect())
}
