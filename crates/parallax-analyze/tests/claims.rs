//! Claims, differences, timeline and summary on small stories of our own.

use parallax_analyze::{Analyzer, check_citations};
use parallax_core::contract::ArticleRecord;
use parallax_core::{
    Article, ArticleId, ContentHash, Coverage, Lineage, LineageKind, StoryAnalysis, TimelineKind,
};

fn article(name: &str, published: Option<&str>, text: &str) -> ArticleRecord {
    let published = published.and_then(parallax_core::dates::parse_datetime);
    ArticleRecord::new(
        Article {
            id: ArticleId::derive(name, &ContentHash::of(text.as_bytes())),
            origin: format!("{name}.txt"),
            url: None,
            site: Some(format!("{name}.example")),
            title: None,
            byline: None,
            published,
            language: Some("en".into()),
            text: text.to_string(),
            credits: Vec::new(),
            fetched_at: time::OffsetDateTime::UNIX_EPOCH,
            syndication: None,
        },
        Lineage::original(),
    )
}

/// The claim holding a sentence that contains `words`.
fn claim_with<'a>(analysis: &'a StoryAnalysis, words: &str) -> &'a parallax_core::Claim {
    analysis
        .claims
        .iter()
        .find(|claim| claim.support.iter().any(|s| s.sentence.contains(words)))
        .unwrap_or_else(|| panic!("no claim holds {words:?}"))
}

fn story() -> Vec<ArticleRecord> {
    vec![
        article(
            "north",
            Some("2031-03-06T10:00:00Z"),
            "A landslide buried part of the mountain village of Orsk on Wednesday, regional officials said. \
             Rescue teams pulled 40 survivors from the mud overnight. \
             At least 9 people were killed in the landslide. \
             Governor Ana Petrov visited the site and promised new housing for families.",
        ),
        article(
            "south",
            Some("2031-03-06T15:00:00Z"),
            "Mud and rock swept through the village of Orsk on Wednesday after days of heavy rain. \
             Emergency crews rescued 40 survivors during the night. \
             Officials said 11 people were killed by the landslide. \
             Regional governor Ana Petrov promised the families new housing. \
             The village school will reopen on Monday.",
        ),
        article(
            "east",
            None,
            "The landslide in Orsk buried dozens of homes. \
             Rescuers brought out 40 survivors from the mud. \
             Dr. J. Malik, who runs the clinic, said the injured were taken to the regional hospital.",
        ),
    ]
}

#[test]
fn paraphrases_join_one_claim_with_every_article() {
    let records = story();
    let analysis = Analyzer::default().analyze(&records);
    let rescue = claim_with(&analysis, "pulled 40 survivors");
    let articles: Vec<&ArticleId> = rescue.support.iter().map(|s| &s.article).collect();
    assert_eq!(articles.len(), 3, "{rescue:#?}");
    assert_eq!(rescue.coverage, Coverage::All);
    let housing = claim_with(&analysis, "promised new housing");
    assert!(
        housing
            .support
            .iter()
            .any(|s| s.sentence.contains("promised the families new housing")),
        "{housing:#?}"
    );
    for claim in &analysis.claims {
        for support in &claim.support {
            let text = &records
                .iter()
                .find(|r| r.article.id == support.article)
                .unwrap()
                .article
                .text;
            assert!(text.contains(&support.sentence), "support is verbatim");
        }
    }
}

#[test]
fn claim_ids_are_unique() {
    let analysis = Analyzer::default().analyze(&story());
    let mut ids: Vec<&str> = analysis.claims.iter().map(|c| c.id.as_str()).collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count);
}

#[test]
fn different_numbers_stay_apart_and_become_a_difference() {
    let analysis = Analyzer::default().analyze(&story());
    let nine = claim_with(&analysis, "At least 9 people");
    let eleven = claim_with(&analysis, "11 people were killed");
    assert_ne!(nine.id, eleven.id);
    let toll = analysis
        .differences
        .iter()
        .find(|d| d.about.contains("people"))
        .expect("a difference on the number of people");
    let values: Vec<&str> = toll.values.iter().map(|v| v.value.as_str()).collect();
    assert!(
        values.contains(&"9 people") && values.contains(&"11 people"),
        "{values:?}"
    );
    assert!(toll.claims.contains(&nine.id) && toll.claims.contains(&eleven.id));
}

#[test]
fn a_title_difference_is_found() {
    let analysis = Analyzer::default().analyze(&story());
    let title = analysis
        .differences
        .iter()
        .find(|d| d.about == "title of Ana Petrov")
        .expect("Governor / Regional governor");
    assert_eq!(title.values.len(), 2, "{title:#?}");
}

#[test]
fn sentences_do_not_split_at_initials_or_titles() {
    let analysis = Analyzer::default().analyze(&story());
    let clinic = claim_with(&analysis, "runs the clinic");
    assert!(
        clinic
            .support
            .iter()
            .any(|s| s.sentence.starts_with("Dr. J. Malik, who runs the clinic")),
        "{clinic:#?}"
    );
}

#[test]
fn timeline_resolves_days_orders_them_and_lists_first_reports() {
    let analysis = Analyzer::default().analyze(&story());
    let events: Vec<(&str, &str)> = analysis
        .timeline
        .iter()
        .filter(|e| e.kind == TimelineKind::Event)
        .map(|e| (e.when.as_str(), e.what.as_str()))
        .collect();
    // 6 March 2031 is a Thursday: "on Wednesday" is the 5th; "will reopen on Monday" the 10th.
    let landslide = events.iter().position(|(when, _)| *when == "2031-03-05");
    let school = events
        .iter()
        .position(|(when, what)| *when == "2031-03-10" && what.contains("school"));
    assert!(landslide.is_some() && school.is_some(), "{events:?}");
    assert!(landslide < school, "in time order: {events:?}");
    let reports: Vec<&str> = analysis
        .timeline
        .iter()
        .filter(|e| e.kind == TimelineKind::FirstReport)
        .map(|e| e.what.as_str())
        .collect();
    assert_eq!(
        reports,
        [
            "north.example first reports the story",
            "south.example first reports the story"
        ],
        "dated sources in order; the undated one has no entry"
    );
}

#[test]
fn every_summary_sentence_cites_only_its_support() {
    let records = story();
    let analysis = Analyzer::default().analyze(&records);
    assert!(analysis.summary.len() >= 3, "{:#?}", analysis.summary);
    assert_eq!(check_citations(&analysis, &records), []);
    // The check catches a citation the claim does not back.
    let mut forged = analysis.clone();
    let outsider = forged
        .claims
        .iter()
        .flat_map(|claim| claim.support.iter().map(|s| s.article.clone()))
        .find(|article| !forged.summary[0].citations.contains(article));
    if let Some(outsider) = outsider {
        forged.summary[0].citations.push(outsider);
        assert_eq!(check_citations(&forged, &records).len(), 1);
    }
    forged.summary[0].sentence = "Words no article wrote.".into();
    assert!(!check_citations(&forged, &records).is_empty());
}

#[test]
fn copies_support_claims_without_counting_as_sources() {
    let mut records = story();
    let mut repost = records[0].clone();
    repost.article.id = ArticleId::derive("copy", &ContentHash::of(b"copy"));
    repost.lineage = Lineage {
        kind: LineageKind::Repost,
        of: Some(records[0].article.id.clone()),
        ..Lineage::original()
    };
    records.push(repost);
    let analysis = Analyzer::default().analyze(&records);
    let housing = claim_with(&analysis, "promised new housing");
    assert!(
        housing.support.iter().any(|s| s.copy),
        "the repost's sentence is marked"
    );
    let nine = claim_with(&analysis, "At least 9 people");
    assert_eq!(nine.support.len(), 2, "original and repost: {nine:#?}");
    assert_eq!(
        nine.coverage,
        Coverage::Single,
        "one source and its copy are one source"
    );
}

#[test]
fn outlets_that_characterise_one_relation_differently_are_a_difference() {
    let articles = vec![
        article(
            "one",
            None,
            "The former governor Daniel Marsh, who is hiding in Portugal, did not answer the summons.",
        ),
        article(
            "two",
            None,
            "Prosecutors want Daniel Marsh back. Portugal granted asylum to Daniel Marsh in May.",
        ),
        article(
            "three",
            None,
            "Portugal has defended granting asylum to Daniel Marsh on humanitarian grounds.",
        ),
        article(
            "four",
            None,
            "Portugal, having granted Daniel Marsh asylum, refuses to hand him over.",
        ),
    ];
    let analysis = Analyzer::default().analyze(&articles);
    let described = analysis
        .differences
        .iter()
        .find(|difference| {
            difference
                .about
                .starts_with("how Daniel Marsh and Portugal")
        })
        .unwrap_or_else(|| panic!("{:#?}", analysis.differences));
    let values: Vec<(&str, usize)> = described
        .values
        .iter()
        .map(|value| (value.value.as_str(), value.articles.len()))
        .collect();
    assert_eq!(values, [("granted asylum", 3), ("hiding", 1)]);
    // Three articles saying the same thing in the same words are no difference.
    let same = vec![
        articles[1].clone(),
        articles[2].clone(),
        articles[3].clone(),
    ];
    let analysis = Analyzer::default().analyze(&same);
    assert!(
        analysis
            .differences
            .iter()
            .all(|difference| !difference.about.starts_with("how ")),
        "{:#?}",
        analysis.differences
    );
}

#[test]
fn one_event_dated_differently_by_outlets_is_a_difference() {
    let articles = vec![
        article(
            "first",
            Some("2025-10-15T09:00:00Z"),
            "The old regime collapsed on December 8, 2024, after rebels entered the capital.",
        ),
        article(
            "second",
            Some("2025-10-15T11:00:00Z"),
            "Rebels ousted the old regime 10 months ago, diplomats recalled on Wednesday.",
        ),
        article(
            "third",
            Some("2025-10-16T08:00:00Z"),
            "The fall of the old regime in December 2024 changed the whole region.",
        ),
    ];
    let analysis = Analyzer::default().analyze(&articles);
    let dated = analysis
        .differences
        .iter()
        .find(|difference| difference.about.starts_with("when: "))
        .unwrap_or_else(|| panic!("{:#?}", analysis.differences));
    let mut values: Vec<&str> = dated.values.iter().map(|v| v.value.as_str()).collect();
    values.sort_unstable();
    assert_eq!(
        values,
        [
            "10 months ago (2024-12)",
            "December 2024 (2024-12)",
            "December 8, 2024 (2024-12-08)"
        ]
    );
    assert!(dated.values.iter().all(|value| value.articles.len() == 1));
    // Outlets that date it the same way make no difference.
    let same = vec![articles[2].clone(), {
        let mut copy = articles[2].clone();
        copy.article.id = ArticleId::derive("fourth", &ContentHash::of(b"fourth"));
        copy
    }];
    let analysis = Analyzer::default().analyze(&same);
    assert!(
        analysis
            .differences
            .iter()
            .all(|difference| !difference.about.starts_with("when: ")),
        "{:#?}",
        analysis.differences
    );
}

#[test]
fn a_fact_joins_whether_or_not_an_outlet_gives_its_number() {
    let records = vec![
        article(
            "wire",
            None,
            "Floodwater tore through the river town of Belmar on Sunday. \
             Dozens of residents were still missing after the flood. \
             The town had about 900 residents before the flood.",
        ),
        article(
            "daily",
            None,
            "Flash floods swept through Belmar on Sunday, destroying the old bridge. \
             By Monday, more than 30 residents were still unaccounted for, officials said.",
        ),
        article(
            "radio",
            None,
            "The flood in Belmar destroyed the old bridge. \
             Many residents have not been accounted for, the mayor of Belmar said.",
        ),
    ];
    let analysis = Analyzer::default().analyze(&records);
    let missing = claim_with(&analysis, "Dozens of residents were still missing");
    let sentences: Vec<&str> = missing
        .support
        .iter()
        .map(|s| s.sentence.as_str())
        .collect();
    assert!(
        sentences
            .iter()
            .any(|s| s.contains("more than 30 residents")),
        "a number one outlet gives and another leaves out is no disagreement: {sentences:?}"
    );
    assert!(
        sentences
            .iter()
            .any(|s| s.contains("not been accounted for")),
        "\"not accounted for\" is \"missing\": {sentences:?}"
    );
    assert!(
        !sentences.iter().any(|s| s.contains("900 residents")),
        "the town's size is another fact: {sentences:?}"
    );
    assert_eq!(missing.coverage, Coverage::All);
}
