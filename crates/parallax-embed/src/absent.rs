//! Stands in for the model when this crate is built without its `model` feature.

use std::path::Path;

use parallax_core::embedding::{EncodeError, SentenceEncoder};

use crate::EmbedError;

/// A sentence-transformer; this build cannot load one.
#[derive(Debug)]
pub struct Embedder {
    _private: (),
}

impl Embedder {
    /// Always fails: this build has no embedding support.
    pub fn load(_folder: &Path) -> Result<Self, EmbedError> {
        Err(EmbedError::NotBuilt)
    }

    /// Never called: no `Embedder` exists in this build.
    pub fn embed(&self, _texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        Err(EmbedError::NotBuilt)
    }
}

impl SentenceEncoder for Embedder {
    fn name(&self) -> &str {
        "none"
    }

    fn encode(&self, _texts: &[&str]) -> Result<Vec<Vec<f32>>, EncodeError> {
        Err(EncodeError(EmbedError::NotBuilt.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loading_says_the_build_has_no_model_support() {
        let error = Embedder::load(Path::new("/any/model")).expect_err("no support");
        assert!(
            error.to_string().contains("--features embeddings"),
            "{error}"
        );
    }
}
