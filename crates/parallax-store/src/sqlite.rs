//! The embedded store: one SQLite file (WAL mode), or memory for tests and one-off runs.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use parallax_cluster::{ClusterChanges, Relocation};
use parallax_core::contract::{ArticleRecord, StoryDocument, StorySummary};
use parallax_core::{
    Article, ArticleId, Evidence, Lineage, LineageKind, Membership, StoryAnalysis, StoryId,
};
use parallax_dedup::{Candidate, Fingerprint, FingerprintIndex, rank_candidates};

use crate::error::Doing;
use crate::query::{EntityMatch, SearchHits, StoryFilter, StoryList};
use crate::{Batch, ClusterSnapshot, NewArticle, Store, StoreCounts, StoreError, migrations};

/// SQLite's page cache, in KiB (a negative `cache_size` is KiB).
const CACHE_KIB: i64 = -64 * 1024;
/// A reader's page cache, in KiB.
const READER_CACHE_KIB: i64 = -8 * 1024;
/// How much of the database file SQLite may map into memory.
const MMAP_BYTES: i64 = 1 << 30;
/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

const ARTICLE_COLUMNS: &str = "id, origin, url, site, title, byline, published, language, \
    text, credits, fetched_at, lineage_kind, lineage_of, lineage_similarity, lineage_evidence, \
    syndication, membership";
/// How many of the newest articles sharing one key are counted: a key shared by many
/// articles (a template, a boilerplate sentence) says little, and must not make lookups
/// slow (as in the in-memory index).
const MAX_POSTINGS_PER_KEY: i64 = 256;
/// At most this many articles sharing keys are scored per lookup (most shared first).
const MAX_RAW_CANDIDATES: usize = 1000;

/// A store in one SQLite database.
pub struct SqliteStore {
    connection: Connection,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and migrates it to the current schema.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let connection = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Self::prepare(connection, true)
    }

    /// Opens the database at `path` (migrated like [`SqliteStore::open`]) for reading
    /// only: writes are refused, and the connection keeps a small page cache, since many
    /// readers share the memory-mapped file through the operating system's cache.
    pub fn open_reader(path: &Path) -> Result<Self, StoreError> {
        let store = Self::open(path)?;
        store
            .connection
            .pragma_update(None, "cache_size", READER_CACHE_KIB)
            .doing("sizing the page cache")?;
        store
            .connection
            .pragma_update(None, "query_only", "ON")
            .doing("making the connection read-only")?;
        Ok(store)
    }

    /// A fresh store in memory.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        let connection = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: ":memory:".into(),
            source,
        })?;
        Self::prepare(connection, false)
    }

    fn prepare(mut connection: Connection, is_file: bool) -> Result<Self, StoreError> {
        connection
            .busy_timeout(BUSY_TIMEOUT)
            .doing("setting the busy timeout")?;
        if is_file {
            connection
                .pragma_update(None, "journal_mode", "WAL")
                .doing("enabling write-ahead logging")?;
            connection
                .pragma_update(None, "synchronous", "NORMAL")
                .doing("setting synchronous mode")?;
        }
        connection
            .pragma_update(None, "foreign_keys", "ON")
            .doing("enabling foreign keys")?;
        // Page cache and memory map: lookups of recent articles and story members stay in
        // memory instead of costing a read call per page.
        connection
            .pragma_update(None, "cache_size", CACHE_KIB)
            .doing("sizing the page cache")?;
        connection
            .pragma_update(None, "mmap_size", MMAP_BYTES)
            .doing("sizing the memory map")?;
        migrations::migrate(&mut connection)?;
        Ok(Self { connection })
    }

    /// Runs SQLite's own consistency check; `Ok(())` when the file is sound.
    pub fn check_integrity(&self) -> Result<(), StoreError> {
        let verdict: String = self
            .connection
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .doing("checking integrity")?;
        if verdict == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupt(verdict))
        }
    }
}

impl Store for SqliteStore {
    fn begin(&mut self) -> Result<Box<dyn Batch + '_>, StoreError> {
        let transaction = self
            .connection
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .doing("starting a batch")?;
        Ok(Box::new(SqliteBatch { transaction }))
    }

    fn counts(&self) -> Result<StoreCounts, StoreError> {
        let count = |table: &str| -> Result<u64, StoreError> {
            self.connection
                .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| {
                    row.get::<_, i64>(0)
                })
                .map(|count| count as u64)
                .doing("counting")
        };
        Ok(StoreCounts {
            articles: count("articles")?,
            stories: count("stories")?,
        })
    }

    fn story_ids(&self) -> Result<Vec<StoryId>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT id FROM stories ORDER BY seq")
            .doing("listing stories")?;
        let ids = statement
            .query_map([], |row| row.get::<_, String>(0))
            .doing("listing stories")?
            .map(|id| id.map(StoryId::from_string))
            .collect::<Result<_, _>>()
            .doing("listing stories")?;
        Ok(ids)
    }

    fn story(&self, id: &StoryId) -> Result<Option<StoryDocument>, StoreError> {
        story_document(&self.connection, id)
    }

    fn resolve_story(&self, id: &StoryId) -> Result<Option<StoryId>, StoreError> {
        clustering::resolve_story(&self.connection, id)
    }

    fn cluster_state(&self, window_seconds: i64) -> Result<ClusterSnapshot, StoreError> {
        clustering::snapshot(&self.connection, window_seconds)
    }

    fn article(&self, id: &ArticleId) -> Result<Option<(ArticleRecord, StoryId)>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached(&format!(
                "SELECT {ARTICLE_COLUMNS}, story_id FROM articles WHERE id = ?1"
            ))
            .doing("reading an article")?;
        let row = statement
            .query_row([id.as_str()], |row| {
                let story: String = row.get("story_id")?;
                Ok((RawArticleRow::read(row)?, story))
            })
            .optional()
            .doing("reading an article")?;
        row.map(|(row, story)| Ok((row.into_record()?, StoryId::from_string(story))))
            .transpose()
    }

    fn story_summaries(&self) -> Result<Vec<StorySummary>, StoreError> {
        listing::all_summaries(&self.connection)
    }

    fn story_summary(&self, id: &StoryId) -> Result<Option<StorySummary>, StoreError> {
        listing::summary(&self.connection, id)
    }

    fn list_stories(&self, filter: &StoryFilter) -> Result<StoryList, StoreError> {
        listing::list_stories(&self.connection, filter)
    }

    fn search(&self, text: &str, limit: usize) -> Result<SearchHits, StoreError> {
        listing::search(&self.connection, text, limit)
    }

    fn find_entities(&self, text: &str, limit: usize) -> Result<Vec<EntityMatch>, StoreError> {
        listing::find_entities(&self.connection, text, limit)
    }
}

/// A write batch: one immediate transaction.
struct SqliteBatch<'c> {
    transaction: Transaction<'c>,
}

impl FingerprintIndex for SqliteBatch<'_> {
    type Error = StoreError;

    fn find_exact(&mut self, fingerprint: &Fingerprint) -> Result<Option<ArticleId>, StoreError> {
        self.transaction
            .query_row(
                "SELECT article_id FROM fingerprints WHERE text_hash = ?1",
                [fingerprint.exact.as_str()],
                |row| row.get::<_, String>(0),
            )
            .optional()
            .doing("looking up a fingerprint")
            .map(|found| found.map(ArticleId::from_string))
    }

    fn candidates(
        &mut self,
        fingerprint: &Fingerprint,
        limit: usize,
    ) -> Result<Vec<Candidate>, StoreError> {
        let mut shared: HashMap<i64, u32> = HashMap::new();
        {
            let mut postings = self
                .transaction
                .prepare_cached(
                    "SELECT article_seq FROM fingerprint_keys WHERE key = ?1
                     ORDER BY article_seq DESC LIMIT ?2",
                )
                .doing("finding near duplicates")?;
            let mut keys = fingerprint.keys.clone();
            keys.sort_unstable();
            keys.dedup();
            for key in keys {
                let seqs = postings
                    .query_map(params![key as i64, MAX_POSTINGS_PER_KEY], |row| {
                        row.get::<_, i64>(0)
                    })
                    .doing("finding near duplicates")?;
                for seq in seqs {
                    *shared
                        .entry(seq.doing("finding near duplicates")?)
                        .or_default() += 1;
                }
            }
        }
        let mut ranked: Vec<(i64, u32)> = shared.into_iter().collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(MAX_RAW_CANDIDATES);
        let mut article = self
            .transaction
            .prepare_cached("SELECT id, minhash FROM articles WHERE seq = ?1")
            .doing("scoring near duplicates")?;
        let mut candidates = Vec::with_capacity(ranked.len());
        for (seq, shared_keys) in ranked {
            let (id, signature) = article
                .query_row([seq], |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, Option<Vec<u8>>>(1)?))
                })
                .doing("scoring near duplicates")?;
            candidates.push(Candidate {
                article: ArticleId::from_string(id),
                shared_keys,
                similarity: fingerprint.similarity(&decode_signature(signature.as_deref())),
            });
        }
        Ok(rank_candidates(candidates, limit))
    }

    fn record(&mut self, article: &ArticleId, fingerprint: &Fingerprint) -> Result<(), StoreError> {
        self.transaction
            .execute(
                "INSERT OR IGNORE INTO fingerprints (text_hash, article_id) VALUES (?1, ?2)",
                params![fingerprint.exact.as_str(), article.as_str()],
            )
            .doing("recording a fingerprint")?;
        let seq: i64 = self
            .transaction
            .query_row(
                "SELECT seq FROM articles WHERE id = ?1",
                [article.as_str()],
                |row| row.get(0),
            )
            .doing("recording index keys")?;
        self.transaction
            .execute(
                "UPDATE articles SET minhash = ?2 WHERE seq = ?1",
                params![seq, encode_signature(&fingerprint.signature)],
            )
            .doing("recording a signature")?;
        let mut statement = self
            .transaction
            .prepare_cached(
                "INSERT OR IGNORE INTO fingerprint_keys (key, article_seq) VALUES (?1, ?2)",
            )
            .doing("recording index keys")?;
        for &key in &fingerprint.keys {
            statement
                .execute(params![key as i64, seq])
                .doing("recording index keys")?;
        }
        Ok(())
    }
}

impl Batch for SqliteBatch<'_> {
    fn contains_article(&mut self, id: &ArticleId) -> Result<bool, StoreError> {
        self.transaction
            .query_row(
                "SELECT 1 FROM articles WHERE id = ?1",
                [id.as_str()],
                |_| Ok(()),
            )
            .optional()
            .doing("looking up an article")
            .map(|found| found.is_some())
    }

    fn insert_article(&mut self, new: &NewArticle<'_>) -> Result<(), StoreError> {
        let article = &new.record.article;
        let lineage = &new.record.lineage;
        let credits = serde_json::to_string(&article.credits)
            .map_err(|error| StoreError::Corrupt(format!("credits: {error}")))?;
        clustering::ensure_story(&self.transaction, new.story)?;
        self.transaction
            .execute(
                &format!(
                    "INSERT INTO articles ({ARTICLE_COLUMNS}, story_id, join_score)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"
                ),
                params![
                    article.id.as_str(),
                    article.origin,
                    article.url,
                    article.site,
                    article.title,
                    article.byline,
                    article.published.map(format_time).transpose()?,
                    article.language,
                    article.text,
                    credits,
                    format_time(article.fetched_at)?,
                    lineage.kind.as_str(),
                    lineage.of.as_ref().map(ArticleId::as_str),
                    lineage.similarity,
                    encode_evidence(&lineage.evidence)?,
                    article.syndication,
                    clustering::encode_membership(new.membership)?,
                    new.story.as_str(),
                    new.membership.score,
                ],
            )
            .doing("inserting an article")?;
        Ok(())
    }

    fn story_articles(&mut self, story: &StoryId) -> Result<Vec<ArticleRecord>, StoreError> {
        story_articles(&self.transaction, story)
    }

    fn recent_story_members(
        &mut self,
        story: &StoryId,
        limit: usize,
    ) -> Result<Vec<ArticleId>, StoreError> {
        let mut statement = self
            .transaction
            .prepare_cached(
                "SELECT id FROM articles WHERE story_id = ?1 ORDER BY seq DESC LIMIT ?2",
            )
            .doing("reading a story's recent articles")?;
        let ids = statement
            .query_map(params![story.as_str(), limit as i64], |row| {
                row.get::<_, String>(0)
            })
            .doing("reading a story's recent articles")?
            .map(|id| id.map(ArticleId::from_string))
            .collect::<Result<_, _>>()
            .doing("reading a story's recent articles")?;
        Ok(ids)
    }

    fn articles(&mut self, ids: &[ArticleId]) -> Result<Vec<ArticleRecord>, StoreError> {
        let mut statement = self
            .transaction
            .prepare_cached(&format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1"
            ))
            .doing("reading articles")?;
        let mut records = Vec::with_capacity(ids.len());
        for id in ids {
            let row = statement
                .query_row([id.as_str()], RawArticleRow::read)
                .optional()
                .doing("reading articles")?;
            if let Some(row) = row {
                records.push(row.into_record()?);
            }
        }
        Ok(records)
    }

    fn set_lineage(&mut self, id: &ArticleId, lineage: &Lineage) -> Result<(), StoreError> {
        self.transaction
            .execute(
                "UPDATE articles SET lineage_kind = ?2, lineage_of = ?3, lineage_similarity = ?4,
                 lineage_evidence = ?5 WHERE id = ?1",
                params![
                    id.as_str(),
                    lineage.kind.as_str(),
                    lineage.of.as_ref().map(ArticleId::as_str),
                    lineage.similarity,
                    encode_evidence(&lineage.evidence)?,
                ],
            )
            .doing("revising an article's lineage")?;
        Ok(())
    }

    fn save_analysis(
        &mut self,
        story: &StoryId,
        headline: &str,
        analysis: &StoryAnalysis,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(analysis)
            .map_err(|error| StoreError::Corrupt(format!("analysis: {error}")))?;
        self.transaction
            .execute(
                "UPDATE stories SET headline = ?2, analysis = ?3 WHERE id = ?1",
                params![story.as_str(), headline, json],
            )
            .doing("saving a story's analysis")?;
        listing::index_story(&self.transaction, story, headline, analysis)
    }

    fn relocate(&mut self, relocation: &Relocation) -> Result<(), StoreError> {
        clustering::relocate(&self.transaction, relocation)
    }

    fn save_cluster_changes(&mut self, changes: &ClusterChanges) -> Result<(), StoreError> {
        clustering::save_changes(&self.transaction, changes)
    }

    fn commit(self: Box<Self>) -> Result<(), StoreError> {
        self.transaction.commit().doing("committing a batch")
    }
}

fn story_document(
    connection: &Connection,
    id: &StoryId,
) -> Result<Option<StoryDocument>, StoreError> {
    let found = connection
        .query_row(
            "SELECT headline, analysis FROM stories WHERE id = ?1",
            [id.as_str()],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
        )
        .optional()
        .doing("reading a story")?;
    let Some((headline, analysis)) = found else {
        return Ok(None);
    };
    let analysis: StoryAnalysis = serde_json::from_str(&analysis)
        .map_err(|error| StoreError::Corrupt(format!("analysis of {id}: {error}")))?;
    let articles = story_articles(connection, id)?;
    let times = articles.iter().map(|record| record.article.seen_at());
    let first_seen = times.clone().min().unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let last_updated = times.max().unwrap_or(OffsetDateTime::UNIX_EPOCH);
    Ok(Some(StoryDocument {
        id: id.clone(),
        title: headline,
        first_seen,
        last_updated,
        articles,
        analysis,
    }))
}

fn story_articles(
    connection: &Connection,
    story: &StoryId,
) -> Result<Vec<ArticleRecord>, StoreError> {
    let mut statement = connection
        .prepare_cached(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles WHERE story_id = ?1 ORDER BY seq"
        ))
        .doing("reading a story's articles")?;
    let rows = statement
        .query_map([story.as_str()], RawArticleRow::read)
        .doing("reading a story's articles")?;
    let mut records = Vec::new();
    for row in rows {
        records.push(row.doing("reading a story's articles")?.into_record()?);
    }
    Ok(records)
}

/// An `articles` row as SQLite returns it, before its values are parsed.
struct RawArticleRow {
    id: String,
    origin: String,
    url: Option<String>,
    site: Option<String>,
    title: Option<String>,
    byline: Option<String>,
    published: Option<String>,
    language: Option<String>,
    text: String,
    credits: String,
    fetched_at: String,
    lineage_kind: String,
    lineage_of: Option<String>,
    lineage_similarity: f64,
    lineage_evidence: String,
    syndication: Option<String>,
    membership: Option<String>,
}

impl RawArticleRow {
    fn read(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            origin: row.get(1)?,
            url: row.get(2)?,
            site: row.get(3)?,
            title: row.get(4)?,
            byline: row.get(5)?,
            published: row.get(6)?,
            language: row.get(7)?,
            text: row.get(8)?,
            credits: row.get(9)?,
            fetched_at: row.get(10)?,
            lineage_kind: row.get(11)?,
            lineage_of: row.get(12)?,
            lineage_similarity: row.get(13)?,
            lineage_evidence: row.get(14)?,
            syndication: row.get(15)?,
            membership: row.get(16)?,
        })
    }

    fn into_record(self) -> Result<ArticleRecord, StoreError> {
        let credits = serde_json::from_str(&self.credits)
            .map_err(|error| StoreError::Corrupt(format!("credits of {}: {error}", self.id)))?;
        let kind = LineageKind::parse(&self.lineage_kind).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "lineage kind `{}` of {}",
                self.lineage_kind, self.id
            ))
        })?;
        let article = Article {
            id: ArticleId::from_string(self.id),
            origin: self.origin,
            url: self.url,
            site: self.site,
            title: self.title,
            byline: self.byline,
            published: self.published.as_deref().map(parse_time).transpose()?,
            language: self.language,
            text: self.text,
            credits,
            fetched_at: parse_time(&self.fetched_at)?,
            syndication: self.syndication,
        };
        let evidence: Vec<Evidence> =
            serde_json::from_str(&self.lineage_evidence).map_err(|error| {
                StoreError::Corrupt(format!("lineage evidence of {}: {error}", article.id))
            })?;
        let membership: Option<Membership> = self
            .membership
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|error| {
                StoreError::Corrupt(format!("membership of {}: {error}", article.id))
            })?;
        Ok(ArticleRecord {
            article,
            lineage: Lineage {
                kind,
                of: self.lineage_of.map(ArticleId::from_string),
                similarity: self.lineage_similarity,
                evidence,
            },
            membership,
        })
    }
}

fn format_time(time: OffsetDateTime) -> Result<String, StoreError> {
    time.format(&Rfc3339)
        .map_err(|error| StoreError::Corrupt(format!("time {time}: {error}")))
}

fn parse_time(text: &str) -> Result<OffsetDateTime, StoreError> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|error| StoreError::Corrupt(format!("time `{text}`: {error}")))
}

fn encode_signature(signature: &[u32]) -> Vec<u8> {
    signature
        .iter()
        .flat_map(|slot| slot.to_le_bytes())
        .collect()
}

fn decode_signature(bytes: Option<&[u8]>) -> Vec<u32> {
    bytes
        .unwrap_or_default()
        .chunks_exact(4)
        .map(|chunk| u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
        .collect()
}

fn encode_evidence(evidence: &[Evidence]) -> Result<String, StoreError> {
    serde_json::to_string(evidence)
        .map_err(|error| StoreError::Corrupt(format!("evidence: {error}")))
}

mod clustering;
mod listing;

/// Lists every stored story again (schema migration 4).
pub(crate) fn rebuild_listing(connection: &Connection) -> Result<(), StoreError> {
    listing::rebuild_all(connection)
}
#[cfg(test)]
mod tests;
