//! The model's static word vectors: the rows of its input embedding matrix for the
//! vocabulary's whole words, read straight from `model.safetensors` and `tokenizer.json`
//! (no candle, so every build has them). The named-entity tagger clusters them into word
//! classes, the knowledge from unlabeled text a tagger trained on a small corpus lacks.

use std::path::Path;

use safetensors::{Dtype, SafeTensors};

use crate::EmbedError;

/// Whole words and their vectors, row by row.
#[derive(Clone, Debug, Default)]
pub struct WordVectors {
    /// The words, as the vocabulary spells them (lowercased in uncased models).
    pub words: Vec<String>,
    /// Length of each vector.
    pub dimensions: usize,
    /// `words.len() × dimensions` values.
    pub values: Vec<f32>,
}

impl WordVectors {
    /// The vector of the `index`th word.
    pub fn vector(&self, index: usize) -> &[f32] {
        &self.values[index * self.dimensions..(index + 1) * self.dimensions]
    }
}

/// Reads the input word embeddings of the BERT-family model in `folder`, keeping words
/// that start with a letter and hold only letters, apostrophes, hyphens and dots, and
/// leaving out word pieces ("##ing"), special tokens (`[CLS]`, `[unused12]`) and numbers.
/// The whole file is read once (about 90 MB for all-MiniLM-L6-v2).
pub fn word_vectors(folder: &Path) -> Result<WordVectors, EmbedError> {
    let read = |name: &str| crate::read_model_file(folder, name);
    let malformed = |name: &str, reason: String| EmbedError::File {
        path: folder.join(name),
        reason,
    };
    let tokenizer: serde_json::Value = serde_json::from_slice(&read("tokenizer.json")?)
        .map_err(|error| malformed("tokenizer.json", error.to_string()))?;
    let vocabulary = tokenizer
        .pointer("/model/vocab")
        .and_then(serde_json::Value::as_object)
        .ok_or_else(|| malformed("tokenizer.json", "no model.vocab table".into()))?;
    let bytes = read("model.safetensors")?;
    let tensors = SafeTensors::deserialize(&bytes)
        .map_err(|error| malformed("model.safetensors", error.to_string()))?;
    // The first tensor named so, in name order (one in BERT-family models).
    let (_, matrix) = tensors
        .tensors()
        .into_iter()
        .filter(|(name, _)| name.ends_with("word_embeddings.weight"))
        .min_by(|a, b| a.0.cmp(&b.0))
        .ok_or_else(|| malformed("model.safetensors", "no word_embeddings tensor".into()))?;
    let [rows, dimensions] = matrix.shape() else {
        return Err(malformed(
            "model.safetensors",
            "word embeddings are not a matrix".into(),
        ));
    };
    if matrix.dtype() != Dtype::F32 {
        return Err(malformed(
            "model.safetensors",
            format!("word embeddings are {:?}, not F32", matrix.dtype()),
        ));
    }
    let (rows, dimensions) = (*rows, *dimensions);
    let data = matrix.data();
    let mut entries: Vec<(usize, &str)> = vocabulary
        .iter()
        .filter_map(|(word, id)| Some((usize::try_from(id.as_u64()?).ok()?, word.as_str())))
        .filter(|(id, word)| *id < rows && is_whole_word(word))
        .collect();
    entries.sort_unstable();
    let mut vectors = WordVectors {
        words: Vec::with_capacity(entries.len()),
        dimensions,
        values: Vec::with_capacity(entries.len() * dimensions),
    };
    for (id, word) in entries {
        let row = &data[id * dimensions * 4..(id + 1) * dimensions * 4];
        vectors.words.push(word.to_string());
        vectors.values.extend(
            row.chunks_exact(4)
                .map(|chunk| f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]])),
        );
    }
    Ok(vectors)
}

/// A vocabulary entry that is a word: it starts with a letter and holds only letters,
/// `'`, `-` and `.`.
fn is_whole_word(entry: &str) -> bool {
    let mut chars = entry.chars();
    chars.next().is_some_and(char::is_alphabetic)
        && entry
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        assert!(is_whole_word("zealand"));
        assert!(is_whole_word("o'neill"));
        assert!(!is_whole_word("##ing"));
        assert!(!is_whole_word("[CLS]"));
        assert!(!is_whole_word("1990"));
        assert!(!is_whole_word("[unused12]"));
        assert!(is_whole_word("unused"));
    }

    #[test]
    fn a_missing_folder_names_the_file() {
        let error = word_vectors(Path::new("/nonexistent/model")).unwrap_err();
        assert!(error.to_string().contains("tokenizer.json"), "{error}");
    }
}
