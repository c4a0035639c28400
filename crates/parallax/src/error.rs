//! The facade's error: what stops a pipeline run. Inputs that cannot be used are not
//! errors but skips, reported through [`crate::Progress`].

/// Why a pipeline could not be built or run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] parallax_store::StoreError),
    /// The configured store is not available in this build.
    #[error("{0}")]
    UnsupportedStore(String),
    /// Benchmark or evaluation data could not be read.
    #[error("cannot read the data at {path}: {reason}")]
    Data {
        /// The file or folder.
        path: std::path::PathBuf,
        /// Why.
        reason: String,
    },
    /// Another process is writing to the same store.
    #[error(
        "another parallax process is writing to {path}; wait for it to finish, then run this again"
    )]
    StoreBusy {
        /// The store's file.
        path: std::path::PathBuf,
    },
    /// The store's writer lock file could not be opened.
    #[error("cannot open the writer lock {path}: {source}")]
    Lock {
        /// The lock file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The sentence-embedding model could not be loaded or run.
    #[error("embedding model at {path}: {reason}")]
    Model {
        /// The model's folder.
        path: std::path::PathBuf,
        /// Why.
        reason: String,
    },
    /// An output file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The worker pool could not be started.
    #[error("cannot start {threads} worker threads")]
    Threads {
        /// How many were asked for.
        threads: usize,
        /// Why.
        #[source]
        source: rayon::ThreadPoolBuildError,
    },
}

impl Error {
    /// Benchmark or evaluation data at `path` that could not be read, and why.
    pub fn data(path: &std::path::Path, reason: impl std::fmt::Display) -> Self {
        Self::Data {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        }
    }
}
