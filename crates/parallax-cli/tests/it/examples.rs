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
        for field in [
            "entities",
            "quotes",
            "claims",
            "differences",
            "timeline",
            "summary",
        ] {
            assert_eq!(story[field], serde_json::json!([]), "{field}");
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
