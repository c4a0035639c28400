//! Schema migrations: each schema version is one SQL script, applied in order in its own
//! transaction; the database's `user_version` records the last one applied. Released
//! scripts are never edited: a change is a new version.

use rusqlite::Connection;

use crate::StoreError;

/// The schema scripts; index + 1 is the version each produces.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: articles with lineage and story membership, stories, exact fingerprints.
    r#"
    CREATE TABLE stories (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        headline TEXT NOT NULL DEFAULT '',
        centroid TEXT NOT NULL,
        article_count INTEGER NOT NULL,
        analysis TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        origin TEXT NOT NULL,
        url TEXT,
        site TEXT,
        title TEXT,
        byline TEXT,
        published TEXT,
        language TEXT,
        text TEXT NOT NULL,
        credits TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        lineage_kind TEXT NOT NULL,
        lineage_of TEXT,
        lineage_similarity REAL NOT NULL,
        story_id TEXT NOT NULL REFERENCES stories(id),
        join_score REAL NOT NULL
    );
    CREATE INDEX articles_by_story ON articles(story_id, seq);
    CREATE TABLE fingerprints (
        text_hash TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id)
    ) WITHOUT ROWID;
    "#,
    // 2: lineage evidence, repost signals, near-duplicate index keys.
    r#"
    ALTER TABLE articles ADD COLUMN lineage_evidence TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE articles ADD COLUMN syndication TEXT;
    ALTER TABLE articles ADD COLUMN minhash BLOB;
    CREATE TABLE fingerprint_keys (
        key INTEGER NOT NULL,
        article_seq INTEGER NOT NULL REFERENCES articles(seq),
        PRIMARY KEY (key, article_seq)
    ) WITHOUT ROWID;
    "#,
    // 3: online clustering state (story centroids, windowed document frequencies),
    // membership explanations, merges (aliases) and splits.
    r#"
    ALTER TABLE stories ADD COLUMN state BLOB;
    ALTER TABLE stories ADD COLUMN last_at INTEGER;
    CREATE INDEX stories_by_last_at ON stories(last_at);
    ALTER TABLE articles ADD COLUMN membership TEXT;
    CREATE TABLE story_aliases (
        alias TEXT PRIMARY KEY,
        story_id TEXT NOT NULL,
        kind TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE story_moves (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        from_id TEXT NOT NULL,
        to_id TEXT NOT NULL,
        articles INTEGER NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE TABLE term_days (
        day INTEGER PRIMARY KEY,
        documents INTEGER NOT NULL
    );
    CREATE TABLE term_counts (
        day INTEGER NOT NULL,
        key INTEGER NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (day, key)
    ) WITHOUT ROWID;
    "#,
];

/// The schema version this build writes.
pub(crate) const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings `connection`'s schema up to [`CURRENT_VERSION`].
pub(crate) fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let found: i64 = connection
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|source| StoreError::Migration { version: 0, source })?;
    if found > CURRENT_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            known: CURRENT_VERSION,
        });
    }
    for (index, script) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = index as i64 + 1;
        apply(connection, version, script)
            .map_err(|source| StoreError::Migration { version, source })?;
    }
    Ok(())
}

fn apply(connection: &mut Connection, version: i64, script: &str) -> rusqlite::Result<()> {
    let transaction = connection.transaction()?;
    transaction.execute_batch(script)?;
    transaction.pragma_update(None, "user_version", version)?;
    transaction.commit()
}
