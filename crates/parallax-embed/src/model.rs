//! The model, with candle.

use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use parallax_core::embedding::{EncodeError, SentenceEncoder};
use tokenizers::{PaddingParams, Tokenizer, TruncationParams};

use crate::EmbedError;

impl From<candle_core::Error> for EmbedError {
    fn from(error: candle_core::Error) -> Self {
        Self::Model(error.to_string())
    }
}

/// Texts are cut to this many tokens (the models were trained on short passages).
const MAX_TOKENS: usize = 256;
/// Texts encoded per forward pass.
const BATCH: usize = 32;

/// A loaded sentence-transformer.
pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
    name: String,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder")
            .field("name", &self.name)
            .finish()
    }
}

impl Embedder {
    /// Loads the model in `folder` (its `config.json`, `tokenizer.json`,
    /// `model.safetensors`) on the CPU.
    pub fn load(folder: &Path) -> Result<Self, EmbedError> {
        let read = |name: &str| crate::read_model_file(folder, name);
        let config_path = folder.join("config.json");
        let config: Config =
            serde_json::from_slice(&read("config.json")?).map_err(|error| EmbedError::File {
                path: config_path,
                reason: error.to_string(),
            })?;
        let mut tokenizer = Tokenizer::from_bytes(read("tokenizer.json")?)
            .map_err(|error| EmbedError::Tokenizer(error.to_string()))?;
        tokenizer.with_padding(Some(PaddingParams::default()));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|error| EmbedError::Tokenizer(error.to_string()))?;
        let device = Device::Cpu;
        let weights =
            VarBuilder::from_buffered_safetensors(read("model.safetensors")?, DType::F32, &device)?;
        let model = BertModel::load(weights, &config)?;
        let name = model_name(folder);
        Ok(Self {
            model,
            tokenizer,
            device,
            name,
        })
    }

    /// Unit-length embeddings of `texts`, in order.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut embeddings = Vec::with_capacity(texts.len());
        for chunk in texts.chunks(BATCH) {
            embeddings.extend(self.embed_batch(chunk)?);
        }
        Ok(embeddings)
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|error| EmbedError::Tokenizer(error.to_string()))?;
        let rows = |field: fn(&tokenizers::Encoding) -> &[u32]| -> Result<Tensor, EmbedError> {
            let rows: Vec<Tensor> = encodings
                .iter()
                .map(|encoding| Tensor::new(field(encoding), &self.device))
                .collect::<Result<_, _>>()?;
            Ok(Tensor::stack(&rows, 0)?)
        };
        let ids = rows(tokenizers::Encoding::get_ids)?;
        let types = rows(tokenizers::Encoding::get_type_ids)?;
        let mask = rows(tokenizers::Encoding::get_attention_mask)?;
        let hidden = self.model.forward(&ids, &types, Some(&mask))?;
        // Mean over real tokens: sum(hidden × mask) / sum(mask).
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
        let counts = mask.sum(1)?.clamp(1e-9, f64::MAX)?;
        let mean = summed.broadcast_div(&counts)?;
        let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
        let unit = mean.broadcast_div(&norms)?;
        Ok(unit.to_vec2::<f32>()?)
    }
}

/// A model's name: its folder's, or the parent's when the folder is just `model`.
fn model_name(folder: &Path) -> String {
    let name = |path: &Path| path.file_name().map(|n| n.to_string_lossy().into_owned());
    match name(folder) {
        Some(own) if own != "model" => own,
        _ => folder
            .parent()
            .and_then(name)
            .unwrap_or_else(|| folder.display().to_string()),
    }
}

impl SentenceEncoder for Embedder {
    fn name(&self) -> &str {
        &self.name
    }

    fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EncodeError> {
        self.embed(texts)
            .map_err(|error| EncodeError(error.to_string()))
    }
}

#[cfg(test)]
mod tests;
