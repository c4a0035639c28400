//! Ingest: turns what the user names (files, folders, `-` for stdin) into decoded
//! [`RawDocument`]s, one per article, or a [`Skipped`] naming the input and the reason.
//!
//! [`collect_inputs`] walks the paths into an ordered list of [`Input`]s (folders
//! recursively, in byte order of their paths, so runs are deterministic). A [`Reader`]
//! then reads each input under a size cap, sniffs its [`Format`] from content as well as
//! name, undoes gzip (bounded by the same cap), rejects binary data and other compressions,
//! decodes the charset (BOM, `<meta charset>`, UTF-16, legacy 8-bit encodings) and splits
//! containers into documents: JSONL rows, WARC response records, feed items.
//!
//! ```
//! use parallax_ingest::{Input, Reader, ReaderConfig};
//!
//! let reader = ReaderConfig::default().build();
//! let input = Input::bytes("note.txt", b"Quake hits Velmora\n\nRescuers worked through the night.".to_vec());
//! let docs: Vec<_> = reader.read(&input).collect();
//! assert_eq!(docs.len(), 1);
//! assert!(docs[0].as_ref().unwrap().body.starts_with("Quake"));
//! ```

mod charset;
mod feed;
mod format;
mod inputs;
mod jsonl;
mod reader;
mod sniff;
mod warc;

pub use format::{Format, FormatChoice};
pub use inputs::{Input, InputSource, collect_inputs};
pub use parallax_core::{RawDocument, SkipReason, Skipped};
pub use reader::{DEFAULT_MAX_INPUT_BYTES, Reader, ReaderConfig};
