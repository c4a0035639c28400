//! Clustering through the whole pipeline, on fixture streams of our own.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use parallax::cluster::ClusterConfig;
use parallax::core::contract::ExportDocument;
use parallax::core::{MoveKind, StoryId};
use parallax::ingest::Input;
use parallax::{Pipeline, QuietProgress, Settings, StoreLocation};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn pipeline(cluster: ClusterConfig) -> Pipeline {
    Pipeline::new(Settings {
        store: StoreLocation::Memory,
        cluster,
        ..Settings::default()
    })
    .expect("pipeline")
}

/// Each story's articles, by the slug at the end of their URL.
fn stories(export: &ExportDocument) -> Vec<BTreeSet<String>> {
    export
        .stories
        .iter()
        .map(|story| {
            story
                .articles
                .iter()
                .map(|record| {
                    let url = record.article.url.clone().unwrap_or_default();
                    url.rsplit('/').next().unwrap_or_default().to_string()
                })
                .collect()
        })
        .collect()
}

fn set(slugs: &[&str]) -> BTreeSet<String> {
    slugs.iter().map(ToString::to_string).collect()
}

#[test]
fn two_similar_events_in_one_week_stay_apart() {
    let mut pipeline = pipeline(ClusterConfig::default());
    pipeline
        .ingest_paths(&[fixture("two-quakes.jsonl")], &QuietProgress)
        .expect("ingest");
    let stories = stories(&pipeline.export().expect("export"));
    assert_eq!(
        stories,
        [
            set(&["oberlin-1", "oberlin-2", "oberlin-3"]),
            set(&["marovo-1", "marovo-2", "marovo-3"])
        ]
    );
}

#[test]
fn one_event_over_a_week_stays_together_and_explains_itself() {
    let mut pipeline = pipeline(ClusterConfig::default());
    pipeline
        .ingest_paths(&[fixture("river-summit.jsonl")], &QuietProgress)
        .expect("ingest");
    let export = pipeline.export().expect("export");
    assert_eq!(
        stories(&export),
        [set(&[
            "summit-1", "summit-2", "summit-3", "summit-4", "summit-5"
        ])]
    );
    let articles = &export.stories[0].articles;
    let founder = articles[0].membership.as_ref().expect("membership");
    assert!(founder.founded);
    for record in &articles[1..] {
        let membership = record.membership.as_ref().expect("membership");
        assert!(!membership.founded);
        assert!(membership.score >= membership.threshold);
        assert!(membership.days_apart.is_some());
        assert!(
            membership
                .shared_entities
                .iter()
                .any(|name| name == "Norr" || name == "Halvik"),
            "{membership:?}"
        );
    }
}

#[test]
fn every_article_is_in_exactly_one_story_whatever_the_thread_count() {
    let run = |threads: usize| {
        let mut pipeline = Pipeline::new(Settings {
            store: StoreLocation::Memory,
            threads,
            batch_size: 4,
            ..Settings::default()
        })
        .expect("pipeline");
        let paths = [fixture("two-quakes.jsonl"), fixture("river-summit.jsonl")];
        pipeline
            .ingest_paths(&paths, &QuietProgress)
            .expect("ingest");
        pipeline.export().expect("export")
    };
    let one = run(1);
    let ids: Vec<&str> = one
        .stories
        .iter()
        .flat_map(|story| story.articles.iter().map(|r| r.article.id.as_str()))
        .collect();
    let distinct: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), 11);
    assert_eq!(distinct.len(), 11);
    let story_ids = |export: &ExportDocument| -> Vec<StoryId> {
        export
            .stories
            .iter()
            .map(|story| story.id.clone())
            .collect()
    };
    assert_eq!(story_ids(&one), story_ids(&run(2)));
}

#[test]
fn a_merged_story_keeps_every_article_and_its_old_id_resolves() {
    // A low merge threshold makes the bridging article below merge the two stories.
    let mut pipeline = pipeline(ClusterConfig {
        merge_threshold: 0.2,
        ..ClusterConfig::default()
    });
    let article = |name: &str, text: &str| {
        let row = serde_json::json!({
            "title": name,
            "published": "2026-05-01T10:00:00Z",
            "text": text,
        });
        Input::bytes(format!("{name}.jsonl"), format!("{row}\n").into_bytes())
    };
    let inputs = [
        article(
            "dam",
            "Engineers at the Ostra dam on the Norr river opened two spillways after record rain in Aldmark.",
        ),
        article(
            "ferry",
            "A ferry carrying 200 passengers ran aground near Halvik harbour in Serevia; coast guard crews rescued everyone.",
        ),
        article(
            "both",
            "Record rain in Aldmark forced the Ostra dam on the Norr river to open spillways, and the floodwater pushed a ferry with 200 passengers aground near Halvik harbour in Serevia, where coast guard crews rescued everyone.",
        ),
    ];
    pipeline.ingest(&inputs, &QuietProgress).expect("ingest");
    let export = pipeline.export().expect("export");
    assert_eq!(export.stories.len(), 1, "{:#?}", stories(&export));
    let story = &export.stories[0];
    assert_eq!(story.articles.len(), 3);
    let moved: Vec<_> = story
        .articles
        .iter()
        .filter_map(|record| record.membership.as_ref())
        .flat_map(|membership| membership.moves.iter())
        .collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].kind, MoveKind::Merge);
    assert_eq!(moved[0].to, story.id);
    let old = pipeline
        .story(&moved[0].from)
        .expect("lookup")
        .expect("the old id resolves");
    assert_eq!(old.id, story.id);
}
