//! Sentence embeddings from a local sentence-transformer model of the BERT family
//! (all-MiniLM-L6-v2, or a multilingual one such as paraphrase-multilingual-MiniLM-L12-v2
//! for cross-lingual work), loaded with candle from the model's folder: `config.json`,
//! `tokenizer.json` and `model.safetensors`. Nothing is ever downloaded; the default
//! pipeline needs no model, and the model code (candle, tokenizers) is only built with
//! this crate's `model` feature (the binary's `embeddings` feature); without it,
//! [`Embedder::load`] says so.
//!
//! A text's embedding is the mean of its tokens' last hidden states (padding masked out),
//! scaled to unit length, as sentence-transformers' mean pooling does, so the cosine of
//! two embeddings is their dot product.
//!
//! The model's input word embeddings can also be read alone ([`word_vectors`]), without
//! candle: the named-entity tagger groups words by them.

use std::path::{Path, PathBuf};

mod words;
pub use words::{WordVectors, word_vectors};

#[cfg(feature = "model")]
mod model;
#[cfg(feature = "model")]
pub use model::Embedder;
#[cfg(not(feature = "model"))]
mod absent;
#[cfg(not(feature = "model"))]
pub use absent::Embedder;

/// Why a model could not be loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// This build has no embedding support.
    #[error(
        "this build of parallax has no embedding support; build it with `--features embeddings`"
    )]
    NotBuilt,
    /// A model file is missing or unreadable.
    #[error("cannot read {path}: {reason}")]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The tokenizer failed.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// The model failed.
    #[error("model: {0}")]
    Model(String),
}

/// The bytes of the model file `name` in `folder`; the error names the file.
fn read_model_file(folder: &Path, name: &str) -> Result<Vec<u8>, EmbedError> {
    let path = folder.join(name);
    std::fs::read(&path).map_err(|error| EmbedError::File {
        path,
        reason: error.to_string(),
    })
}
