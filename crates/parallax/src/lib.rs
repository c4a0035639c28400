//! Parallax: raw news articles from many outlets in, stories out — one event, seen from
//! every source at once.
//!
//! This crate wires the stage crates to a store. [`Settings`] says what to compute and
//! where to keep it; a [`Pipeline`] built from them runs ingest → extract → dedup →
//! cluster → analyse → store on the inputs it is given, in batches, each batch one store
//! transaction; [`Progress`] hears about each input and each skip.
//!
//! # Threads and transactions
//! Extraction runs on a rayon pool of `threads` workers; everything that reads or writes
//! the store (dedup, clustering, analysis) runs on the calling thread, one batch at a
//! time, inside that batch's transaction, so a crash loses at most the batch in flight
//! and results do not depend on the number of threads.
//!
//! ```
//! use parallax::{Pipeline, Settings, StoreLocation, QuietProgress};
//! use parallax::ingest::Input;
//!
//! let settings = Settings { store: StoreLocation::Memory, ..Settings::default() };
//! let mut pipeline = Pipeline::new(settings).unwrap();
//! let inputs = [
//!     Input::bytes("a.txt", b"Quake hits Velmora\nA strong earthquake struck the coastal town of Velmora on Wednesday, officials said.".to_vec()),
//!     Input::bytes("b.txt", b"Rescuers in Velmora searched the rubble after the strong earthquake struck the town.".to_vec()),
//! ];
//! let report = pipeline.ingest(&inputs, &QuietProgress).unwrap();
//! assert_eq!(report.added, 2);
//! assert_eq!(pipeline.export().unwrap().stories.len(), 1);
//! ```

pub mod bench;
mod error;
pub mod eval;
mod pipeline;
mod progress;
mod settings;

pub use error::Error;
pub use pipeline::{IngestReport, Pipeline, extract_documents, open_store, open_store_for_reading};
pub use progress::{Progress, QuietProgress};
pub use settings::{DEFAULT_DB, Settings, StoreLocation};

/// The stage crates, for callers that need their types.
pub use parallax_analyze as analyze;
pub use parallax_cluster as cluster;
pub use parallax_core as core;
pub use parallax_embed as embed;
pub use parallax_extract as extract;
pub use parallax_ingest as ingest;
pub use parallax_store as store;
