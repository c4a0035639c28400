//! The bundled examples: three events, four outlets each, in three formats.

use crate::util::{Workspace, repo_root};

#[test]
fn the_examples_form_three_stories_of_four_articles() {
    let work = Workspace::new();
    let examples = repo_root().join("examples");
    work.run(&[
        "run",
        examples.to_str().unwrap(),
        "--db",
        "ex.db",
        "--out",
        "out",
    ])
    .expect_code(0);
    let export = work.export("ex.db");
    assert_eq!(export["schema"], 1);
    let stories = export["stories"].as_array().unwrap();
    let mut sizes: Vec<usize> = stories
        .iter()
        .map(|story| story["articles"].as_array().unwrap().len())
        .collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [4, 4, 4], "{export:#}");
    for story in stories {
        let origins: Vec<&str> = story["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|article| article["origin"].as_str().unwrap())
            .collect();
        let event = ["velmora", "norhaven|aldoria|ostra", "voltara"]
            .into_iter()
            .find(|keys| keys.split('|').any(|key| origins[0].contains(key)))
            .unwrap();
        assert!(
            origins
                .iter()
                .all(|origin| event.split('|').any(|key| origin.contains(key))),
            "one story mixes events: {origins:?}"
        );
        assert_claims_keep_the_contract(story);
        // Entities: each spelling in one entity, every entity named in the story's articles.
        let entities = story["entities"].as_array().unwrap();
        assert!(
            !entities.is_empty(),
            "a story names people, places or organisations"
        );
        let mut spellings = std::collections::HashSet::new();
        for entity in entities {
            for alias in entity["aliases"].as_array().unwrap() {
                assert!(
                    spellings.insert(alias.as_str().unwrap().to_string()),
                    "{alias} twice"
                );
            }
            assert!(entity["id"].as_str().unwrap().starts_with("e-"));
        }
        // Quotes: every wording verbatim in its article.
        let texts: std::collections::HashMap<&str, &str> = story["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|article| {
                (
                    article["id"].as_str().unwrap(),
                    article["text"].as_str().unwrap(),
                )
            })
            .collect();
        for quote in story["quotes"].as_array().unwrap() {
            for variant in quote["variants"].as_array().unwrap() {
                let article = texts[variant["article"].as_str().unwrap()];
                assert!(
                    article.contains(variant["text"].as_str().unwrap()),
                    "{variant}"
                );
            }
        }
    }
    let index = std::fs::read_to_string(work.path().join("out/index.html")).unwrap();
    assert_eq!(index.matches("href=\"stories/s-").count(), 3);
}

#[test]
fn the_windows_1252_example_is_decoded() {
    let work = Workspace::new();
    let page = repo_root().join("examples/html/lusitera-daily-velmora-quake.html");
    let run = work
        .run(&["extract", page.to_str().unwrap()])
        .expect_code(0);
    let article: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    let text = article["text"].as_str().unwrap();
    assert!(text.contains("Inês"), "{text}");
    assert!(!text.contains('\u{fffd}'));
    assert_eq!(
        article["published"].as_str().unwrap().len(),
        25,
        "RFC 3339 with offset"
    );
}

#[test]
fn the_example_repost_points_at_its_source_and_independent_reports_stay_original() {
    let work = Workspace::new();
    let examples = repo_root().join("examples");
    work.run(&["ingest", examples.to_str().unwrap(), "--db", "ex.db"])
        .expect_code(0);
    let export = work.export("ex.db");
    let articles: Vec<&serde_json::Value> = export["stories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|story| story["articles"].as_array().unwrap())
        .collect();
    let by_origin = |part: &str| {
        *articles
            .iter()
            .find(|article| article["origin"].as_str().unwrap().contains(part))
            .unwrap()
    };
    let source = by_origin("transit-insider");
    let repost = by_origin("evwatch");
    assert_eq!(source["lineage"]["kind"], "original");
    assert_eq!(repost["lineage"]["kind"], "repost");
    assert_eq!(repost["lineage"]["of"], source["id"]);
    let copies: Vec<&str> = articles
        .iter()
        .filter(|article| article["lineage"]["kind"] != "original")
        .map(|article| article["origin"].as_str().unwrap())
        .collect();
    assert_eq!(
        copies,
        [repost["origin"].as_str().unwrap()],
        "only the repost is a copy"
    );
}

/// Claims hold verbatim sentences of their articles, and every summary sentence cites
/// only articles that support it in one claim.
fn assert_claims_keep_the_contract(story: &serde_json::Value) {
    let text_of = |id: &str| -> String {
        story["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|article| article["id"] == id)
            .map(|article| article["text"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("{id} is not an article of the story"))
    };
    let claims = story["claims"].as_array().unwrap();
    assert!(
        claims.iter().any(|claim| claim["coverage"] != "single"),
        "the articles of an event share facts"
    );
    for support in claims.iter().flat_map(|c| c["support"].as_array().unwrap()) {
        let sentence = support["sentence"].as_str().unwrap();
        assert!(text_of(support["article"].as_str().unwrap()).contains(sentence));
    }
    let summary = story["summary"].as_array().unwrap();
    assert!(summary.len() >= 3, "{summary:#?}");
    for line in summary {
        let sentence = &line["sentence"];
        let cited = line["citations"].as_array().unwrap();
        assert!(!cited.is_empty());
        let backed = claims.iter().any(|claim| {
            let support = claim["support"].as_array().unwrap();
            support.iter().any(|s| &s["sentence"] == sentence)
                && cited
                    .iter()
                    .all(|article| support.iter().any(|s| &s["article"] == article))
        });
        assert!(backed, "{line:#}");
    }
    assert!(
        story["timeline"].as_array().is_some_and(|t| !t.is_empty()),
        "dated articles give a timeline"
    );
}
