//! Settings: everything a pipeline needs to know, resolved and validated, independent of
//! where it came from (flags, environment, a config file).

use std::path::PathBuf;

use parallax_cluster::ClusterConfig;
use parallax_ingest::ReaderConfig;

/// The default database file, in the working directory.
pub const DEFAULT_DB: &str = "parallax.db";
/// How many documents one store transaction takes.
const DEFAULT_BATCH_SIZE: usize = 64;

/// Where the store lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreLocation {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL database, by URL.
    Postgres(String),
    /// Memory only: gone when the process ends.
    Memory,
}

impl StoreLocation {
    /// Reads `--db`: a `postgres://` or `postgresql://` URL, `:memory:`, or a file path.
    pub fn parse(text: &str) -> Self {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Self::Postgres(text.to_string())
        } else if text == ":memory:" {
            Self::Memory
        } else {
            Self::Sqlite(PathBuf::from(text))
        }
    }
}

impl Default for StoreLocation {
    fn default() -> Self {
        Self::Sqlite(PathBuf::from(DEFAULT_DB))
    }
}

/// A pipeline's settings.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Where the store lives.
    pub store: StoreLocation,
    /// How inputs are read.
    pub reader: ReaderConfig,
    /// How articles are clustered.
    pub cluster: ClusterConfig,
    /// Worker threads for extraction; 0 means one per core.
    pub threads: usize,
    /// Documents per store transaction.
    pub batch_size: usize,
    /// Folder of an optional sentence-embedding model (needs the `embeddings` feature).
    pub model: Option<PathBuf>,
    /// A named-entity model from `parallax train ner` (default: the rule tagger).
    pub ner_model: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            store: StoreLocation::default(),
            reader: ReaderConfig::default(),
            cluster: ClusterConfig::default(),
            threads: 0,
            batch_size: DEFAULT_BATCH_SIZE,
            model: None,
            ner_model: None,
        }
    }
}
