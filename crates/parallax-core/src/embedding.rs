//! The interface to an optional sentence-embedding model. Stages that can use one (lineage
//! for translations, clustering and claim alignment for one more signal) take a [`SentenceEncoder`]; the
//! `parallax-embed` crate implements it with a local model. Without one they work as
//! they do by default.

/// Why texts could not be encoded.
#[derive(Debug, thiserror::Error)]
#[error("sentence encoder: {0}")]
pub struct EncodeError(pub String);

/// Turns texts into unit-length vectors whose dot product is their similarity.
pub trait SentenceEncoder: Send + Sync {
    /// The model's name, for logs and reports.
    fn name(&self) -> &str;

    /// One unit vector per text, in order.
    fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EncodeError>;
}

/// The dot product of two unit vectors: their cosine.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
