//! The canonical acceptance case: the five shared seed articles are one story.

use crate::util::{Workspace, seeds};

#[test]
fn the_five_seeds_form_exactly_one_story() {
    let Some(seeds) = seeds() else { return };
    let work = Workspace::new();
    let run = work
        .run(&[
            "run",
            seeds.to_str().unwrap(),
            "--db",
            "seeds.db",
            "--out",
            "report",
        ])
        .expect_code(0);
    assert!(run.stdout.contains("5 articles added"), "{}", run.stdout);
    let export = work.export("seeds.db");
    let stories = export["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1, "{export:#}");
    let story = &stories[0];
    assert_eq!(story["articles"].as_array().unwrap().len(), 5);
    let title = story["title"].as_str().unwrap();
    assert!(title.contains("Sharaa"), "{title}");
    assert!(work.path().join("report/index.html").is_file());
    story_page_shows_the_analysis(&work, story);
    show_prints_the_analysis(&work, story);
}

/// `parallax show` prints the story in full: numbered sources, then every section with
/// citations by number.
fn show_prints_the_analysis(work: &Workspace, story: &serde_json::Value) {
    let id = story["id"].as_str().unwrap();
    let text = work
        .run(&["show", id, "--db", "seeds.db"])
        .expect_code(0)
        .stdout;
    for heading in [
        "Sources",
        "Summary",
        "What the sources report",
        "Where they differ",
        "Who said what",
        "Who and where",
        "Timeline",
    ] {
        assert!(
            text.contains(&format!("\n{heading}\n")),
            "{heading}: {text}"
        );
    }
    assert_eq!(text.matches("\n[5] ").count(), 1, "five numbered sources");
    assert!(!text.contains("\n[6] "));
    let first = story["summary"][0]["sentence"].as_str().unwrap();
    assert!(text.contains(&format!("\n{first} [1]")), "{text}");
    assert!(text.contains("Hmeimim (also Khmeimim)"), "{text}");
    assert!(text.contains("Ahmed al-Sharaa: “"), "{text}");
    assert!(text.contains("(reported) Syria’s intention to redefine"));
}

/// The story page shows the cited summary (markers linking to the articles, with the
/// supporting sentence on hover), the claim matrix, differences and the timeline.
fn story_page_shows_the_analysis(work: &Workspace, story: &serde_json::Value) {
    let id = story["id"].as_str().unwrap();
    let page =
        std::fs::read_to_string(work.path().join(format!("report/stories/{id}.html"))).unwrap();
    for heading in [
        "Summary",
        "What the sources report",
        "Where they differ",
        "Timeline",
        "Who and where",
        "Who said what",
    ] {
        assert!(
            page.contains(&format!("-heading\">{heading}</h2>")),
            "{heading}"
        );
    }
    let first = &story["summary"][0];
    let cited = first["citations"][0].as_str().unwrap();
    assert!(
        page.contains(&format!("class=\"cite\" href=\"#{cited}\"")),
        "a citation links to its article"
    );
    assert!(
        page.contains(&format!("id=\"{cited}\"")),
        "the article is on the page"
    );
    assert!(
        page.contains("interim President"),
        "the title difference is shown"
    );
    // An outlet's report of al-Sharaa's statement in its own words is a variant shown
    // as reported speech, never inside quotation marks.
    assert!(
        page.contains("(reported) Syria’s intention to redefine its relationship"),
        "reported speech is marked"
    );
    assert!(!page.contains("“Syria’s intention"));
    // The matrix has a column per article.
    let columns = page.matches("<th scope=\"col\"><a href=\"#a-").count();
    assert_eq!(columns, 5);
}

#[test]
fn seed_chrome_stays_out_of_the_text() {
    let Some(seeds) = seeds() else { return };
    let work = Workspace::new();
    let run = work
        .run(&["extract", seeds.to_str().unwrap()])
        .expect_code(0);
    let articles: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(articles.len(), 5);
    for article in &articles {
        let text = article["text"].as_str().unwrap();
        for chrome in [
            "Related posts",
            "uses cookies",
            "Source link",
            "Follow us on Facebook",
            "on Telegram",
            "Related Stories",
            "Leave a Comment",
        ] {
            assert!(
                !text.contains(chrome),
                "{chrome:?} in {}",
                article["origin"]
            );
        }
        assert!(!text.starts_with("-\n"), "{}", article["origin"]);
        assert!(
            article.get("lineage").is_none(),
            "extract prints no lineage"
        );
    }
    assert_eq!(articles[0]["site"], "london-news-net.preview-domain.com");
    assert_eq!(
        articles[4]["title"],
        "Syrian president seeks to redefine ties with Russia during Moscow visit"
    );
    assert!(
        articles[0]["text"]
            .as_str()
            .unwrap()
            .ends_with("Reporting contributed by AFP.")
    );
}

#[test]
fn seed_lineage_credits_and_agencies() {
    let Some(seeds) = seeds() else { return };
    let work = Workspace::new();
    work.run(&["ingest", seeds.to_str().unwrap(), "--db", "seeds.db"])
        .expect_code(0);
    let story_id = work.export("seeds.db")["stories"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let story = work
        .run(&["show", &story_id, "--json", "--db", "seeds.db"])
        .expect_code(0)
        .json();
    let articles = story["articles"].as_array().unwrap();
    let by_seed = |prefix: &str| {
        articles
            .iter()
            .find(|article| {
                article["origin"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("/{prefix}_"))
            })
            .unwrap()
    };
    let (s0, s1, s2, s3, s4) = (
        by_seed("000"),
        by_seed("001"),
        by_seed("002"),
        by_seed("003"),
        by_seed("004"),
    );
    assert_eq!(s1["lineage"]["kind"], "rewrite");
    assert_eq!(s1["lineage"]["of"], s3["id"]);
    assert_eq!(
        s3["lineage"]["kind"], "repost",
        "003 ends with \"Source link\""
    );
    for original in [s0, s2, s4] {
        assert_eq!(
            original["lineage"]["kind"], "original",
            "{}",
            original["origin"]
        );
    }
    let evidence = s1["lineage"]["evidence"].as_array().unwrap();
    assert!(evidence.len() >= 3);
    for pair in evidence {
        assert!(
            s1["text"]
                .as_str()
                .unwrap()
                .contains(pair["sentence"].as_str().unwrap())
        );
        assert!(
            s3["text"]
                .as_str()
                .unwrap()
                .contains(pair["source_sentence"].as_str().unwrap())
        );
    }
    assert_eq!(s0["credits"], serde_json::json!(["Reuters", "AFP"]));
    assert_eq!(s1["credits"], serde_json::json!([]));
    assert_eq!(s2["credits"], serde_json::json!(["TASS", "Reuters"]));
    assert_eq!(s3["credits"], serde_json::json!([]));
    assert_eq!(s4["credits"], serde_json::json!(["CBS News"]));
    assert_eq!(
        story["agencies"],
        serde_json::json!(["Reuters", "AFP", "TASS", "CBS News"])
    );
    assert_eq!(story["independent_sources"], 3);
    assert_eq!(story["copies"], 2);
}
