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
    // 4: the readers' indexes: each story's listing line on its row (times as RFC 3339
    // and as microseconds since 1970 for order and filters), the names it
    // carries, and full text (FTS5) over stories, articles and entity spellings. Filled
    // for existing stories by `sqlite::listing::rebuild_all` in the same transaction.
    r#"
    ALTER TABLE stories ADD COLUMN sources TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE stories ADD COLUMN first_seen TEXT;
    ALTER TABLE stories ADD COLUMN first_at INTEGER;
    ALTER TABLE stories ADD COLUMN last_updated TEXT;
    ALTER TABLE stories ADD COLUMN updated_at INTEGER;
    CREATE INDEX stories_by_update ON stories(updated_at DESC, seq DESC);
    CREATE INDEX stories_by_size ON stories(article_count DESC, updated_at DESC, seq DESC);
    CREATE TABLE story_names (
        name_id INTEGER PRIMARY KEY,
        story_seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        display TEXT NOT NULL,
        canonical TEXT,
        entity_type TEXT
    );
    CREATE INDEX story_names_by_name ON story_names(kind, name, story_seq);
    CREATE INDEX story_names_by_story ON story_names(story_seq);
    CREATE INDEX story_names_by_entity ON story_names(canonical, entity_type)
        WHERE kind = 'entity';
    CREATE VIRTUAL TABLE entity_name_fts USING fts5(
        display, content = 'story_names', content_rowid = 'name_id',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER story_names_indexed AFTER INSERT ON story_names WHEN new.kind = 'entity'
    BEGIN
        INSERT INTO entity_name_fts (rowid, display) VALUES (new.name_id, new.display);
    END;
    CREATE TRIGGER story_names_unindexed AFTER DELETE ON story_names WHEN old.kind = 'entity'
    BEGIN
        INSERT INTO entity_name_fts (entity_name_fts, rowid, display)
            VALUES ('delete', old.name_id, old.display);
    END;
    CREATE VIRTUAL TABLE story_fts USING fts5(
        headline, summary, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER stories_dropped AFTER DELETE ON stories
    BEGIN
        DELETE FROM story_names WHERE story_seq = old.seq;
        DELETE FROM story_fts WHERE rowid = old.seq;
    END;
    CREATE VIRTUAL TABLE article_fts USING fts5(
        title, text, content = 'articles', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_indexed AFTER INSERT ON articles
    BEGIN
        INSERT INTO article_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    INSERT INTO article_fts (article_fts) VALUES ('rebuild');
    "#,
];

/// Work in Rust that completes a version's script, in its transaction.
type Completion = fn(&Connection) -> Result<(), StoreError>;

/// The [`Completion`] of `version`, if it has one.
fn completion(version: i64) -> Option<Completion> {
    match version {
        4 => Some(crate::sqlite::rebuild_listing),
        _ => None,
    }
}

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
        apply(connection, version, script)?;
    }
    Ok(())
}

fn apply(connection: &mut Connection, version: i64, script: &str) -> Result<(), StoreError> {
    let failed = |source| StoreError::Migration { version, source };
    let transaction = connection.transaction().map_err(failed)?;
    transaction.execute_batch(script).map_err(failed)?;
    if let Some(complete) = completion(version) {
        complete(&transaction)?;
    }
    transaction
        .pragma_update(None, "user_version", version)
        .map_err(failed)?;
    transaction.commit().map_err(failed)
}
