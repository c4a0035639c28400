//! The pipeline: inputs in, stories in the store out, batch by batch.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use parallax_analyze::Analyzer;
use parallax_cluster::{ArticleFeatures, ClusterConfig, Clusterer, Relocation};
use parallax_core::contract::{ArticleRecord, ExportDocument, SCHEMA_VERSION, StoryDocument};
use parallax_core::embedding::SentenceEncoder;
use parallax_core::{Article, ArticleId, MoveKind, RawDocument, Skipped, StoryId, StoryMove};
use parallax_dedup::{DedupConfig, Deduplicator, EarlierArticle};
use parallax_extract::{DefaultExtractor, Extractor};
use parallax_ingest::{Input, Reader, collect_inputs};
use parallax_store::{Batch, NewArticle, SqliteStore, Store, StoreError};

use crate::{Error, Progress, Settings, StoreLocation};

/// How many of a story's most recent articles a new member is aligned with, besides the
/// near-duplicate index's candidates: rewrites share too few exact words for the index.
const STORY_CANDIDATES: usize = 30;

/// What an ingest run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IngestReport {
    /// Documents read (JSONL rows count one each).
    pub documents: usize,
    /// Articles added to the store.
    pub added: usize,
    /// Articles the store already had (re-ingested inputs).
    pub already_present: usize,
    /// Stories founded by this run.
    pub stories_founded: usize,
    /// Inputs and documents skipped, with reasons.
    pub skipped: Vec<Skipped>,
}

/// The stages wired to a store.
pub struct Pipeline {
    store: Box<dyn Store>,
    reader: Reader,
    extractor: DefaultExtractor,
    deduplicator: Deduplicator,
    /// Open stories, in memory; the store holds their state as of the last commit.
    /// Restored on the first batch (read-only commands never need it).
    clusterer: Option<Clusterer>,
    cluster_config: ClusterConfig,
    /// Where the store is, for its writer lock.
    location: StoreLocation,
    /// Held from the first batch on: one writer per store file, since clustering keeps
    /// state in memory that a second writer would not see.
    writer_lock: Option<std::fs::File>,
    analyzer: Analyzer,
    /// The optional sentence-embedding model.
    encoder: Option<Arc<dyn SentenceEncoder>>,
    pool: rayon::ThreadPool,
    batch_size: usize,
}

/// The analyser: with the named-entity model at `ner_model`, or the rule tagger.
fn analyzer(ner_model: Option<&Path>) -> Result<Analyzer, Error> {
    let Some(path) = ner_model else {
        return Ok(Analyzer::default());
    };
    let tagger =
        parallax_analyze::ner::PerceptronTagger::load(path).map_err(|error| Error::Model {
            path: path.to_path_buf(),
            reason: error.to_string(),
        })?;
    Ok(Analyzer::with_tagger(Arc::new(tagger)))
}

impl Pipeline {
    /// Opens the store and builds the stages `settings` describe.
    pub fn new(settings: Settings) -> Result<Self, Error> {
        let store = open_store(&settings.store)?;
        let encoder = settings.model.as_deref().map(load_model).transpose()?;
        let mut deduplicator = DedupConfig::default().build();
        let mut analyzer = analyzer(settings.ner_model.as_deref())?;
        if let Some(encoder) = &encoder {
            deduplicator = deduplicator.with_encoder(Arc::clone(encoder));
            analyzer = analyzer.with_encoder(Arc::clone(encoder));
        }
        Ok(Self {
            store,
            reader: settings.reader.build(),
            extractor: DefaultExtractor,
            deduplicator,
            encoder,
            clusterer: None,
            cluster_config: settings.cluster,
            location: settings.store.clone(),
            writer_lock: None,
            analyzer,
            pool: thread_pool(settings.threads)?,
            batch_size: settings.batch_size.max(1),
        })
    }

    /// The store, for reading.
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// Ingests the files, folders and `-` (stdin) named by `paths`.
    pub fn ingest_paths<P: AsRef<Path>>(
        &mut self,
        paths: &[P],
        progress: &dyn Progress,
    ) -> Result<IngestReport, Error> {
        let (inputs, skipped) = collect_inputs(paths);
        for skip in &skipped {
            progress.skipped(skip);
        }
        let mut report = self.ingest(&inputs, progress)?;
        report.skipped.splice(0..0, skipped);
        Ok(report)
    }

    /// Ingests `inputs`, in order, one store transaction per batch of documents.
    pub fn ingest(
        &mut self,
        inputs: &[Input],
        progress: &dyn Progress,
    ) -> Result<IngestReport, Error> {
        let mut report = IngestReport::default();
        let mut pending = Vec::with_capacity(self.batch_size);
        let reader = self.reader.clone();
        progress.start(inputs.len());
        for input in inputs {
            for document in reader.read(input) {
                match document {
                    Ok(document) => pending.push(document),
                    Err(skipped) => skip(&mut report, progress, skipped),
                }
                if pending.len() >= self.batch_size {
                    self.process_batch(std::mem::take(&mut pending), &mut report, progress)?;
                }
            }
            progress.input_done(&input.origin);
        }
        self.process_batch(pending, &mut report, progress)?;
        progress.finish();
        Ok(report)
    }

    /// Every story, oldest first, in the contract's export document.
    pub fn export(&self) -> Result<ExportDocument, Error> {
        let mut stories = Vec::new();
        for id in self.store.story_ids()? {
            stories.extend(self.store.story(&id)?);
        }
        Ok(ExportDocument {
            schema: SCHEMA_VERSION,
            stories,
        })
    }

    /// One story, by id; an id merged into another story finds that story.
    pub fn story(&self, id: &StoryId) -> Result<Option<StoryDocument>, Error> {
        match self.store.resolve_story(id)? {
            Some(current) => Ok(self.store.story(&current)?),
            None => Ok(None),
        }
    }

    /// Files one batch; on failure, clustering's in-memory state is dropped and restored
    /// from the store's committed state on the next batch, so a caller that carries on
    /// after an error sees no trace of the failed batch.
    fn process_batch(
        &mut self,
        documents: Vec<RawDocument>,
        report: &mut IngestReport,
        progress: &dyn Progress,
    ) -> Result<(), Error> {
        if self.writer_lock.is_none() {
            self.writer_lock = lock_writer(&self.location)?;
        }
        let mut clusterer = match self.clusterer.take() {
            Some(clusterer) => clusterer,
            None => restore_clusterer(self.store.as_ref(), &self.cluster_config)?,
        };
        let result = self.try_batch(&mut clusterer, documents, report, progress);
        if result.is_ok() {
            self.clusterer = Some(clusterer);
        }
        result
    }

    fn try_batch(
        &mut self,
        clusterer: &mut Clusterer,
        documents: Vec<RawDocument>,
        report: &mut IngestReport,
        progress: &dyn Progress,
    ) -> Result<(), Error> {
        if documents.is_empty() {
            return Ok(());
        }
        report.documents += documents.len();
        let extractor = &self.extractor;
        let mut extracted: Vec<Result<(Article, ArticleFeatures), Skipped>> =
            self.pool.install(|| {
                documents
                    .par_iter()
                    .map(|document| {
                        extract_one(extractor, document).map(|article| {
                            let features = features_of(&article);
                            (article, features)
                        })
                    })
                    .collect()
            });
        if let Some(encoder) = &self.encoder {
            embed_leads(encoder.as_ref(), &mut extracted)?;
        }
        let mut batch = self.store.begin()?;
        let mut touched = BTreeSet::new();
        for article in extracted {
            match article {
                Ok((article, features)) => {
                    let mut stages = Stages {
                        deduplicator: &self.deduplicator,
                        clusterer: &mut *clusterer,
                    };
                    stages.file(article, &features, batch.as_mut(), report, &mut touched)?;
                }
                Err(skipped) => skip(report, progress, skipped),
            }
        }
        batch.save_cluster_changes(&clusterer.take_changes())?;
        for story in &touched {
            let articles = batch.story_articles(story)?;
            if articles.is_empty() {
                continue;
            }
            let headline = self.analyzer.headline(&articles);
            let analysis = self.analyzer.analyze(&articles);
            batch.save_analysis(story, &headline, &analysis)?;
        }
        batch.commit()?;
        Ok(())
    }
}

/// The stages that file one article against the store's state.
struct Stages<'a> {
    deduplicator: &'a Deduplicator,
    clusterer: &'a mut Clusterer,
}

impl Stages<'_> {
    fn file(
        &mut self,
        article: Article,
        features: &ArticleFeatures,
        batch: &mut dyn Batch,
        report: &mut IngestReport,
        touched: &mut BTreeSet<StoryId>,
    ) -> Result<(), StoreError> {
        if batch.contains_article(&article.id)? {
            report.already_present += 1;
            return Ok(());
        }
        let fingerprint = self.deduplicator.fingerprint(&article.text);
        let exact = batch.find_exact(&fingerprint)?;
        let mut placement = self.clusterer.assign(&article.id, features);
        // Merges and splits first, so the story members aligned below are the story's
        // members as they are now.
        for relocation in &placement.relocations {
            batch.relocate(relocation)?;
            match relocation {
                Relocation::Merged { from, into } => {
                    touched.remove(from);
                    touched.insert(into.clone());
                }
                Relocation::Split {
                    from,
                    into,
                    articles,
                } => {
                    touched.insert(from.clone());
                    touched.insert(into.clone());
                    if articles.contains(&article.id) {
                        placement.membership.moves.push(StoryMove {
                            kind: MoveKind::Split,
                            from: from.clone(),
                            to: into.clone(),
                        });
                    }
                }
            }
        }
        let story_members = batch.recent_story_members(&placement.story, STORY_CANDIDATES)?;
        let mut candidates: Vec<ArticleId> = batch
            .candidates(&fingerprint, self.deduplicator.candidate_limit())?
            .into_iter()
            .map(|candidate| candidate.article)
            .collect();
        for member in &story_members {
            if !candidates.contains(member) {
                candidates.push(member.clone());
            }
        }
        if let Some(exact) = &exact
            && !candidates.contains(exact)
        {
            candidates.insert(0, exact.clone());
        }
        let earlier = batch.articles(&candidates)?;
        let earlier_refs: Vec<EarlierArticle<'_>> = earlier
            .iter()
            .map(|record| EarlierArticle {
                article: &record.article,
                lineage: &record.lineage,
            })
            .collect();
        let exact_source = exact.as_ref().and_then(|id| {
            earlier_refs
                .iter()
                .find(|earlier| &earlier.article.id == id)
                .copied()
        });
        let decision = self
            .deduplicator
            .decide(&article, exact_source, &earlier_refs);
        let record = ArticleRecord {
            article,
            lineage: decision.lineage,
            membership: Some(placement.membership.clone()),
        };
        batch.insert_article(&NewArticle {
            record: &record,
            story: &placement.story,
            membership: &placement.membership,
        })?;
        batch.record(&record.article.id, &fingerprint)?;
        for (id, lineage) in decision.revised {
            // Only a member of the same story is revised, so the story re-analysed below
            // is the one whose lineage changed.
            if story_members.contains(&id) {
                batch.set_lineage(&id, &lineage)?;
            }
        }
        report.added += 1;
        report.stories_founded += usize::from(placement.founded);
        touched.insert(placement.story);
        Ok(())
    }
}

/// What clustering reads from an article: text, publication date, and when it was
/// fetched (the time of an undated article). A publication date more than a day after
/// the fetch is a page's mistake ("2099"), not evidence: it is left out.
fn features_of(article: &Article) -> ArticleFeatures {
    let latest_plausible = article.fetched_at + time::Duration::days(1);
    let published = article.published.filter(|&p| p <= latest_plausible);
    ArticleFeatures::from_text(article.title.as_deref(), &article.text, published)
        .seen_at(article.fetched_at)
}

/// Takes the writer lock of a store file (`<file>.lock` beside it), or says who holds it.
fn lock_writer(location: &StoreLocation) -> Result<Option<std::fs::File>, Error> {
    let StoreLocation::Sqlite(path) = location else {
        return Ok(None);
    };
    let lock_path = std::path::PathBuf::from(format!("{}.lock", path.display()));
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|source| Error::Lock {
            path: lock_path.clone(),
            source,
        })?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::StoreBusy { path: path.clone() }),
        Err(std::fs::TryLockError::Error(source)) => Err(Error::Lock {
            path: lock_path,
            source,
        }),
    }
}

/// Loads the sentence-embedding model in `folder`.
fn load_model(folder: &Path) -> Result<Arc<dyn SentenceEncoder>, Error> {
    let model = parallax_embed::Embedder::load(folder).map_err(|error| Error::Model {
        path: folder.to_path_buf(),
        reason: error.to_string(),
    })?;
    tracing::info!(model = %folder.display(), "sentence-embedding model loaded");
    Ok(Arc::new(model))
}

/// Adds the embedding of each article's title and lead to its features.
fn embed_leads(
    encoder: &dyn SentenceEncoder,
    extracted: &mut [Result<(Article, ArticleFeatures), Skipped>],
) -> Result<(), Error> {
    let articles = extracted.iter().flatten().map(|(article, _)| article);
    let vectors = lead_embeddings(
        encoder,
        articles.map(|article| (article.title.as_deref(), article.text.as_str())),
    )?;
    for ((_, features), vector) in extracted.iter_mut().flatten().zip(vectors) {
        *features = std::mem::take(features).with_embedding(vector);
    }
    Ok(())
}

/// The embeddings of the leads of articles given as `(title, text)`, one per article.
pub(crate) fn lead_embeddings<'a>(
    encoder: &dyn SentenceEncoder,
    articles: impl Iterator<Item = (Option<&'a str>, &'a str)>,
) -> Result<Vec<Vec<f32>>, Error> {
    let leads: Vec<String> = articles
        .map(|(title, text)| ArticleFeatures::lead(title, text))
        .collect();
    let refs: Vec<&str> = leads.iter().map(String::as_str).collect();
    let failed = |reason: String| Error::Model {
        path: encoder.name().into(),
        reason,
    };
    let vectors = encoder
        .encode(&refs)
        .map_err(|error| failed(error.to_string()))?;
    if vectors.len() != leads.len() {
        return Err(failed(format!(
            "{} embeddings for {} texts",
            vectors.len(),
            leads.len()
        )));
    }
    Ok(vectors)
}

/// A clusterer resumed from the store's open stories and window frequencies.
fn restore_clusterer(store: &dyn Store, config: &ClusterConfig) -> Result<Clusterer, Error> {
    let snapshot = store.cluster_state(config.window_days * 86_400)?;
    Ok(Clusterer::restore(
        config.clone(),
        snapshot.stories,
        snapshot.days,
    ))
}

/// Extracts one document; a document without an article is skipped by name.
fn extract_one(extractor: &DefaultExtractor, document: &RawDocument) -> Result<Article, Skipped> {
    extractor
        .extract(document)
        .map_err(|reason| Skipped::new(&document.origin, reason))
}

fn skip(report: &mut IngestReport, progress: &dyn Progress, skipped: Skipped) {
    tracing::debug!(origin = %skipped.origin, reason = %skipped.reason, "skipped input");
    progress.skipped(&skipped);
    report.skipped.push(skipped);
}

/// Opens the store at `location` (a reader's or writer's connection of its own).
pub fn open_store(location: &StoreLocation) -> Result<Box<dyn Store>, Error> {
    match location {
        StoreLocation::Sqlite(path) => Ok(Box::new(SqliteStore::open(path)?)),
        StoreLocation::Memory => Ok(Box::new(SqliteStore::open_in_memory()?)),
        StoreLocation::Postgres(_) => Err(Error::UnsupportedStore(
            "the PostgreSQL store is not available yet; use a SQLite file for --db".to_string(),
        )),
    }
}

/// Opens the store for reading only, as a server's request handlers do: a SQLite file
/// gets a connection that refuses writes and keeps a small page cache of its own (the
/// file is memory-mapped, so the operating system's cache is shared by all readers).
pub fn open_store_for_reading(location: &StoreLocation) -> Result<Box<dyn Store>, Error> {
    match location {
        StoreLocation::Sqlite(path) => Ok(Box::new(SqliteStore::open_reader(path)?)),
        other => open_store(other),
    }
}

fn thread_pool(threads: usize) -> Result<rayon::ThreadPool, Error> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|source| Error::Threads { threads, source })
}

/// Extraction alone, no store: every article in `inputs` (or the reason it was skipped),
/// in input order, handed to `emit` batch by batch as it is extracted on `threads`
/// workers.
pub fn extract_documents(
    settings: &Settings,
    inputs: &[Input],
    progress: &dyn Progress,
    mut emit: impl FnMut(Result<Article, Skipped>),
) -> Result<(), Error> {
    let reader = settings.reader.clone().build();
    let pool = thread_pool(settings.threads)?;
    let extractor = DefaultExtractor;
    let mut pending: Vec<Result<RawDocument, Skipped>> = Vec::new();
    let mut flush = |pending: &mut Vec<Result<RawDocument, Skipped>>| {
        let results: Vec<_> = pool.install(|| {
            pending
                .par_drain(..)
                .map(|document| extract_one(&extractor, &document?))
                .collect()
        });
        for result in results {
            if let Err(skipped) = &result {
                progress.skipped(skipped);
            }
            emit(result);
        }
    };
    progress.start(inputs.len());
    for input in inputs {
        // Documents of one input (a WARC crawl, a JSONL dump) are streamed in batches too.
        for document in reader.read(input) {
            pending.push(document);
            if pending.len() >= settings.batch_size.max(1) {
                flush(&mut pending);
            }
        }
        progress.input_done(&input.origin);
    }
    flush(&mut pending);
    progress.finish();
    Ok(())
}
