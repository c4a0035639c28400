//! The store's errors. All are ours, never the input's: they abort the batch.

use std::path::PathBuf;

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database could not be opened.
    #[error("cannot open the database {path}")]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// The database was written by a newer Parallax.
    #[error(
        "the database has schema version {found}, newer than this Parallax knows ({known}); upgrade Parallax"
    )]
    NewerSchema {
        /// The database's version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// A migration failed.
    #[error("cannot migrate the database to schema version {version}")]
    Migration {
        /// The version being applied.
        version: i64,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// A query failed.
    #[error("database error while {doing}")]
    Query {
        /// What the store was doing.
        doing: &'static str,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// A stored value could not be read back.
    #[error("corrupt value in the database: {0}")]
    Corrupt(String),
}

/// Adds what the store was doing to a SQLite error.
pub(crate) trait Doing<T> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError>;
}

impl<T> Doing<T> for Result<T, rusqlite::Error> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Query { doing, source })
    }
}
