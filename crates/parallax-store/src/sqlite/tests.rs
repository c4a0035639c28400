//! Conformance checks of the SQLite store (file and memory).

use super::*;
use std::collections::BTreeSet;

use parallax_core::{ContentHash, MoveKind};

use crate::{StoryFilter, StorySort};

fn record(origin: &str, text: &str) -> ArticleRecord {
    ArticleRecord {
        article: Article {
            id: ArticleId::derive(origin, &ContentHash::of(text.as_bytes())),
            origin: origin.to_string(),
            url: None,
            site: Some("site.example".to_string()),
            title: Some(format!("Title of {origin}")),
            byline: None,
            published: Some(OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000)),
            language: Some("en".to_string()),
            text: text.to_string(),
            credits: vec!["Reuters".to_string()],
            fetched_at: OffsetDateTime::UNIX_EPOCH,
            syndication: None,
        },
        lineage: Lineage::original(),
        membership: None,
    }
}

fn file_in_story(store: &mut dyn Store, record: &ArticleRecord, story: &StoryId) {
    let mut batch = store.begin().unwrap();
    batch
        .insert_article(&NewArticle {
            record,
            story,
            membership: &Membership::default(),
        })
        .unwrap();
    batch
        .save_analysis(story, "Headline", &StoryAnalysis::default())
        .unwrap();
    batch.commit().unwrap();
}

#[test]
fn articles_round_trip_through_a_story() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let first = record("a.txt", "Quake hits Velmora.");
    let story = StoryId::founded_by(&first.article.id);
    file_in_story(&mut store, &first, &story);
    let document = store.story(&story).unwrap().unwrap();
    assert_eq!(document.title, "Headline");
    assert_eq!(document.articles.len(), 1);
    assert_eq!(document.articles[0].article, first.article);
    assert_eq!(document.first_seen, first.article.published.unwrap());
    assert_eq!(store.story_ids().unwrap(), [story]);
    assert_eq!(
        store.counts().unwrap(),
        StoreCounts {
            articles: 1,
            stories: 1
        }
    );
}

#[test]
fn a_dropped_batch_writes_nothing() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let article = record("a.txt", "Quake hits Velmora.");
    let story = StoryId::founded_by(&article.article.id);
    {
        let mut batch = store.begin().unwrap();
        batch
            .insert_article(&NewArticle {
                record: &article,
                story: &story,
                membership: &Membership::default(),
            })
            .unwrap();
        assert!(batch.contains_article(&article.article.id).unwrap());
    }
    assert_eq!(store.counts().unwrap(), StoreCounts::default());
}

#[test]
fn fingerprints_point_at_the_first_article() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let first = record("a.txt", "Same text.");
    let second = record("b.txt", "Same text.");
    let story = StoryId::founded_by(&first.article.id);
    file_in_story(&mut store, &first, &story);
    file_in_story(&mut store, &second, &story);
    let mut batch = store.begin().unwrap();
    let fingerprint = Fingerprint {
        exact: parallax_core::ContentHash::of(b"same text"),
        keys: vec![1, 2, 3],
        signature: vec![7; 48],
    };
    batch.record(&first.article.id, &fingerprint).unwrap();
    batch.record(&second.article.id, &fingerprint).unwrap();
    batch.record(&second.article.id, &fingerprint).unwrap();
    assert_eq!(
        batch.find_exact(&fingerprint).unwrap(),
        Some(first.article.id.clone())
    );
    let probe = Fingerprint {
        exact: parallax_core::ContentHash::of(b"other"),
        keys: vec![2, 3, 9],
        signature: vec![7; 48],
    };
    let candidates = batch.candidates(&probe, 10).unwrap();
    assert_eq!(candidates.len(), 2);
    assert_eq!(candidates[0].article, first.article.id);
    assert_eq!(candidates[0].shared_keys, 2);
    assert_eq!(candidates[0].similarity, 1.0);
    assert_eq!(batch.candidates(&probe, 1).unwrap().len(), 1);
}

#[test]
fn lineage_can_be_revised_with_its_evidence() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let first = record("a.txt", "Quake hits Velmora.");
    let story = StoryId::founded_by(&first.article.id);
    file_in_story(&mut store, &first, &story);
    let revised = Lineage {
        kind: LineageKind::Rewrite,
        of: Some(ArticleId::from_string("a-other")),
        similarity: 0.6,
        evidence: vec![Evidence {
            sentence: "Quake hits Velmora.".into(),
            source_sentence: "A quake hit Velmora.".into(),
            score: 0.75,
        }],
    };
    let mut batch = store.begin().unwrap();
    batch.set_lineage(&first.article.id, &revised).unwrap();
    assert_eq!(
        batch
            .articles(std::slice::from_ref(&first.article.id))
            .unwrap()[0]
            .lineage,
        revised
    );
    let members = batch.recent_story_members(&story, 5).unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0], first.article.id);
    batch.commit().unwrap();
    let stored = store.story(&story).unwrap().unwrap();
    assert_eq!(stored.articles[0].lineage, revised);
}

#[test]
fn files_reopen_at_the_current_schema_and_newer_schemas_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parallax.db");
    let mut store = SqliteStore::open(&path).unwrap();
    let article = record("a.txt", "Quake hits Velmora.");
    file_in_story(
        &mut store,
        &article,
        &StoryId::founded_by(&article.article.id),
    );
    drop(store);
    let reopened = SqliteStore::open(&path).unwrap();
    reopened.check_integrity().unwrap();
    assert_eq!(reopened.counts().unwrap().articles, 1);
    reopened
        .connection
        .pragma_update(None, "user_version", migrations::CURRENT_VERSION + 1)
        .unwrap();
    drop(reopened);
    assert!(matches!(
        SqliteStore::open(&path),
        Err(StoreError::NewerSchema { .. })
    ));
}

#[test]
fn a_schema_1_database_is_migrated_and_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let connection = rusqlite::Connection::open(&path).unwrap();
        connection.execute_batch(migrations::MIGRATIONS[0]).unwrap();
        connection.pragma_update(None, "user_version", 1).unwrap();
        connection
            .execute_batch(
                "INSERT INTO stories (id, headline, centroid, article_count) VALUES ('s-1', 'Quake', '[]', 1);
                 INSERT INTO articles (id, origin, text, credits, fetched_at, lineage_kind,
                     lineage_similarity, story_id, join_score)
                 VALUES ('a-1', 'a.txt', 'Quake hits Velmora.', '[\"AFP\"]', '2026-10-14T09:30:00Z',
                     'original', 0.0, 's-1', 1.0);",
            )
            .unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    let story = store.story(&StoryId::from_string("s-1")).unwrap().unwrap();
    assert_eq!(story.articles[0].article.credits, ["AFP"]);
    assert_eq!(story.articles[0].lineage, Lineage::original());
    assert_eq!(story.analysis, StoryAnalysis::default());
    // The migration to schema 4 listed the story and indexed its text.
    let summaries = store.story_summaries().unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(
        (summaries[0].title.as_str(), summaries[0].sources.as_slice()),
        ("Quake", ["a.txt".to_string()].as_slice())
    );
    assert_eq!(store.search("velmora", 5).unwrap().articles.len(), 1);
}

#[test]
fn a_merge_moves_every_article_and_the_old_id_resolves() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let older = record("a.txt", "Quake hits Velmora.");
    let younger = record("b.txt", "Velmora quake toll rises.");
    let (into, from) = (
        StoryId::founded_by(&older.article.id),
        StoryId::founded_by(&younger.article.id),
    );
    file_in_story(&mut store, &older, &into);
    file_in_story(&mut store, &younger, &from);
    let mut batch = store.begin().unwrap();
    batch
        .relocate(&Relocation::Merged {
            from: from.clone(),
            into: into.clone(),
        })
        .unwrap();
    batch.commit().unwrap();
    assert_eq!(store.story_ids().unwrap(), std::slice::from_ref(&into));
    assert_eq!(store.resolve_story(&from).unwrap(), Some(into.clone()));
    assert_eq!(store.resolve_story(&into).unwrap(), Some(into.clone()));
    let story = store.story(&into).unwrap().unwrap();
    assert_eq!(story.articles.len(), 2);
    let moves = &story.articles[1].membership.as_ref().unwrap().moves;
    assert_eq!(moves.len(), 1);
    assert_eq!((moves[0].kind, &moves[0].from), (MoveKind::Merge, &from));

    // A later merge of the surviving story re-points the first alias.
    let third = record("c.txt", "Another story.");
    let newest = StoryId::founded_by(&third.article.id);
    file_in_story(&mut store, &third, &newest);
    let mut batch = store.begin().unwrap();
    batch
        .relocate(&Relocation::Merged {
            from: into.clone(),
            into: newest.clone(),
        })
        .unwrap();
    batch.commit().unwrap();
    assert_eq!(store.resolve_story(&from).unwrap(), Some(newest.clone()));
    assert_eq!(store.story(&newest).unwrap().unwrap().articles.len(), 3);
}

#[test]
fn a_split_moves_only_the_named_articles() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let first = record("a.txt", "Volk beats Osei.");
    let second = record("b.txt", "Volk beats Lund.");
    let story = StoryId::founded_by(&first.article.id);
    file_in_story(&mut store, &first, &story);
    file_in_story(&mut store, &second, &story);
    let new_story = StoryId::split_from(&story, &second.article.id);
    let mut batch = store.begin().unwrap();
    batch
        .relocate(&Relocation::Split {
            from: story.clone(),
            into: new_story.clone(),
            articles: vec![second.article.id.clone()],
        })
        .unwrap();
    batch.commit().unwrap();
    assert_eq!(
        store.story_ids().unwrap(),
        [story.clone(), new_story.clone()]
    );
    assert_eq!(store.story(&story).unwrap().unwrap().articles.len(), 1);
    let split_off = store.story(&new_story).unwrap().unwrap();
    assert_eq!(split_off.articles[0].article.id, second.article.id);
    assert_eq!(
        split_off.articles[0].membership.as_ref().unwrap().moves[0].kind,
        MoveKind::Split
    );
    // A split is not an alias: the old id still names the old story.
    assert_eq!(store.resolve_story(&story).unwrap(), Some(story));
}

#[test]
fn cluster_state_round_trips_within_the_window() {
    use parallax_cluster::{ArticleFeatures, ClusterConfig, Clusterer};
    let mut store = SqliteStore::open_in_memory().unwrap();
    let mut clusterer = Clusterer::new(ClusterConfig::default());
    let day = |d: i64| Some(OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000 + d));
    let old = clusterer.assign(
        &ArticleId::from_string("a-old"),
        &ArticleFeatures::from_text(
            Some("Kessel votes"),
            "Voters in Kessel elected Arno Fenn.",
            day(0),
        ),
    );
    let recent = clusterer.assign(
        &ArticleId::from_string("a-new"),
        &ArticleFeatures::from_text(
            Some("Dock strike"),
            "Dockers in Port Sallow went on strike.",
            day(30),
        ),
    );
    let changes = clusterer.take_changes();
    assert_eq!(changes.stories.len(), 2);
    let mut batch = store.begin().unwrap();
    batch.save_cluster_changes(&changes).unwrap();
    batch.commit().unwrap();
    let snapshot = store.cluster_state(14 * 86_400).unwrap();
    let ids: Vec<&StoryId> = snapshot.stories.iter().map(|s| s.id()).collect();
    assert_eq!(ids, [&recent.story]);
    assert_ne!(old.story, recent.story);
    assert_eq!(snapshot.days.len(), 1);
    assert_eq!(snapshot.days[0].documents, 1);
    // The day before the window is gone from the file, not just from the snapshot.
    let old_days: i64 = store
        .connection
        .query_row(
            "SELECT COUNT(*) FROM term_days WHERE day < 20014",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(old_days, 0);
    // Saving the same counts again adds to them.
    let mut batch = store.begin().unwrap();
    batch.save_cluster_changes(&changes).unwrap();
    batch.commit().unwrap();
    assert_eq!(
        store.cluster_state(14 * 86_400).unwrap().days[0].documents,
        2
    );
}

#[test]
fn summaries_match_the_full_stories() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let first = record("a.txt", "Quake hits Velmora.");
    let mut second = record("b.txt", "Velmora quake toll rises.");
    second.article.site = None;
    second.article.published = None;
    let third = record("c.txt", "Dock strike in Sallow.");
    let story = StoryId::founded_by(&first.article.id);
    let other = StoryId::founded_by(&third.article.id);
    file_in_story(&mut store, &first, &story);
    file_in_story(&mut store, &second, &story);
    file_in_story(&mut store, &third, &other);
    let expected: Vec<StorySummary> = store
        .story_ids()
        .unwrap()
        .iter()
        .map(|id| store.story(id).unwrap().unwrap().summary())
        .collect();
    let summaries = store.story_summaries().unwrap();
    assert_eq!(summaries.len(), 2);
    assert_eq!(summaries[0].sources, ["site.example", "b.txt"]);
    let json = |s: &[StorySummary]| serde_json::to_string(s).unwrap();
    assert_eq!(json(&summaries), json(&expected));
}

/// A story with the given analysis, filed at `day` days after 2024-10-01.
fn file_analysed(
    store: &mut dyn Store,
    origin: &str,
    site: &str,
    text: &str,
    day: i64,
    headline: &str,
    analysis: &StoryAnalysis,
) -> StoryId {
    let mut record = record(origin, text);
    record.article.site = Some(site.to_string());
    record.article.published =
        Some(time::macros::datetime!(2024-10-01 12:00 UTC) + time::Duration::days(day));
    let story = StoryId::founded_by(&record.article.id);
    let mut batch = store.begin().unwrap();
    batch
        .insert_article(&NewArticle {
            record: &record,
            story: &story,
            membership: &Membership::default(),
        })
        .unwrap();
    batch.save_analysis(&story, headline, analysis).unwrap();
    batch.commit().unwrap();
    story
}

fn entity(name: &str, aliases: &[&str]) -> parallax_core::Entity {
    parallax_core::Entity {
        id: format!("e-{name}"),
        name: name.to_string(),
        entity_type: parallax_core::EntityType::Person,
        aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
        articles: Vec::new(),
        mentions: 1,
    }
}

/// Three stories: a summit (two spellings of one leader, Reuters), a ferry sinking
/// (AFP), and a later summit follow-up that spells the leader the other way.
fn three_stories(store: &mut dyn Store) -> [StoryId; 3] {
    let summit = StoryAnalysis {
        agencies: vec!["Reuters".to_string()],
        entities: vec![entity(
            "Ahmed al-Sharaa",
            &["Ahmed al-Sharaa", "Ahmad al-Sharaa"],
        )],
        summary: vec![parallax_core::SummarySentence {
            sentence: "The leaders discussed the naval bases.".to_string(),
            citations: Vec::new(),
        }],
        ..StoryAnalysis::default()
    };
    let ferry = StoryAnalysis {
        agencies: vec!["AFP".to_string()],
        entities: vec![entity("Mara Tell", &["Mara Tell"])],
        ..StoryAnalysis::default()
    };
    let follow_up = StoryAnalysis {
        entities: vec![entity("Ahmad al-Sharaa", &["Ahmad al-Sharaa", "al-Sharaa"])],
        ..StoryAnalysis::default()
    };
    [
        file_analysed(
            store,
            "a.txt",
            "Wire.Example",
            "Putin receives the Syrian leader in Moscow.",
            0,
            "Putin meets al-Sharaa",
            &summit,
        ),
        file_analysed(
            store,
            "b.txt",
            "coast.example",
            "A ferry sank off Velmora with 150 aboard.",
            3,
            "Ferry sinks off Velmora",
            &ferry,
        ),
        file_analysed(
            store,
            "c.txt",
            "wire.example",
            "Syrian leader returns from Moscow talks.",
            5,
            "Al-Sharaa back from Moscow",
            &follow_up,
        ),
    ]
}

fn listed(store: &dyn Store, filter: StoryFilter) -> (usize, Vec<StoryId>) {
    let filter = StoryFilter {
        limit: if filter.limit == 0 { 10 } else { filter.limit },
        ..filter
    };
    let list = store.list_stories(&filter).unwrap();
    (list.total, list.stories.into_iter().map(|s| s.id).collect())
}

#[test]
fn stories_are_listed_filtered_sorted_and_paged_by_the_store() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let [summit, ferry, follow_up] = three_stories(&mut store);
    // Newest first by default.
    assert_eq!(
        listed(&store, StoryFilter::default()),
        (3, vec![follow_up.clone(), ferry.clone(), summit.clone()])
    );
    // Words of the headline or of the summary; the last word may be a prefix.
    let text = |words: &str| StoryFilter {
        text: Some(words.to_string()),
        ..StoryFilter::default()
    };
    assert_eq!(listed(&store, text("naval")).1, vec![summit.clone()]);
    assert_eq!(listed(&store, text("Moscow")).1, vec![follow_up.clone()]);
    assert_eq!(listed(&store, text("velm")).1, vec![ferry.clone()]);
    assert_eq!(listed(&store, text("ferry naval")).0, 0);
    assert_eq!(listed(&store, text("\"")).0, 0);
    // Site, entity (any spelling, any case) and agency.
    let site = StoryFilter {
        site: Some("WIRE.example".to_string()),
        ..StoryFilter::default()
    };
    assert_eq!(listed(&store, site).1, [follow_up.clone(), summit.clone()]);
    let entity = StoryFilter {
        entity: Some("ahmad AL-SHARAA".to_string()),
        ..StoryFilter::default()
    };
    assert_eq!(
        listed(&store, entity).1,
        [follow_up.clone(), summit.clone()]
    );
    let agency = StoryFilter {
        agency: Some("afp".to_string()),
        ..StoryFilter::default()
    };
    assert_eq!(listed(&store, agency).1, vec![ferry.clone()]);
    // Dates: updated on or after day 3, first seen on or before day 3.
    let window = StoryFilter {
        updated_from: Some(time::macros::datetime!(2024-10-04 00:00 UTC)),
        first_seen_to: Some(time::macros::datetime!(2024-10-04 23:00 UTC)),
        ..StoryFilter::default()
    };
    assert_eq!(listed(&store, window).1, vec![ferry.clone()]);
    // Pages: the total counts every match, the page holds the asked slice.
    let second_page = StoryFilter {
        offset: 1,
        limit: 1,
        ..StoryFilter::default()
    };
    assert_eq!(listed(&store, second_page), (3, vec![ferry.clone()]));
}

#[test]
fn a_story_grows_and_sorts_by_size_and_a_merged_story_leaves_every_index() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let [summit, ferry, follow_up] = three_stories(&mut store);
    let later = record("d.txt", "Divers reach the Velmora ferry.");
    file_in_story(&mut store, &later, &ferry);
    let by_size = StoryFilter {
        sort: StorySort::Size,
        ..StoryFilter::default()
    };
    assert_eq!(listed(&store, by_size).1[0], ferry);
    let summary = &store
        .list_stories(&StoryFilter {
            limit: 1,
            sort: StorySort::Size,
            ..StoryFilter::default()
        })
        .unwrap()
        .stories[0];
    assert_eq!(summary.article_count, 2);
    assert_eq!(summary.sources, ["coast.example", "site.example"]);

    let mut batch = store.begin().unwrap();
    batch
        .relocate(&Relocation::Merged {
            from: follow_up.clone(),
            into: summit.clone(),
        })
        .unwrap();
    batch.commit().unwrap();
    let moscow = StoryFilter {
        text: Some("moscow".to_string()),
        ..StoryFilter::default()
    };
    assert_eq!(
        listed(&store, moscow).0,
        0,
        "the merged story's text is gone"
    );
    let entity = StoryFilter {
        entity: Some("al-sharaa".to_string()),
        ..StoryFilter::default()
    };
    assert_eq!(
        listed(&store, entity).0,
        0,
        "the merged story's names are gone"
    );
    let found = store.find_entities("sharaa", 10).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].stories, [summit]);
}

#[test]
fn full_text_search_finds_stories_and_articles_with_snippets() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let [summit, ferry, follow_up] = three_stories(&mut store);
    let hits = store.search("syrian leader", 10).unwrap();
    let articles: BTreeSet<StoryId> = hits.articles.iter().map(|hit| hit.story.clone()).collect();
    assert_eq!(
        articles,
        BTreeSet::from([summit.clone(), follow_up.clone()])
    );
    assert!(
        hits.articles[0]
            .snippet
            .to_lowercase()
            .contains("syrian leader")
    );
    assert_eq!(
        hits.articles[0]
            .title
            .as_deref()
            .map(|t| t.starts_with("Title of")),
        Some(true)
    );
    // Stories by headline and summary; a word's start is enough for the last word.
    let hits = store.search("bas", 10).unwrap();
    assert_eq!(hits.stories.len(), 1);
    assert_eq!(hits.stories[0].id, summit);
    assert!(hits.stories[0].snippet.contains("naval bases"));
    // Accents fold: "Velmorá" finds "Velmora".
    assert_eq!(
        store.search("Velmorá", 10).unwrap().articles[0].story,
        ferry
    );
    // FTS5 syntax in the input is taken as words, never as an error.
    assert!(store.search("NEAR( \"* OR", 10).is_ok());
    assert!(store.search("", 10).unwrap().articles.is_empty());
    assert_eq!(store.search("sank", 1).unwrap().articles.len(), 1);
}

#[test]
fn entities_are_found_by_any_spelling_once_across_stories() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let [summit, _, follow_up] = three_stories(&mut store);
    let found = store.find_entities("sharaa", 10).unwrap();
    // Two canonical spellings in two stories: found as the two names the stories give.
    let names: BTreeSet<&str> = found.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        BTreeSet::from(["Ahmed al-Sharaa", "Ahmad al-Sharaa"])
    );
    let ahmed = found.iter().find(|m| m.name == "Ahmed al-Sharaa").unwrap();
    assert_eq!(ahmed.aliases, ["Ahmad al-Sharaa", "Ahmed al-Sharaa"]);
    assert_eq!(ahmed.stories, [summit]);
    let ahmad = found.iter().find(|m| m.name == "Ahmad al-Sharaa").unwrap();
    assert_eq!(ahmad.stories, [follow_up]);
    // A prefix of any word of a spelling, any case.
    assert_eq!(store.find_entities("MAR", 10).unwrap()[0].name, "Mara Tell");
    assert!(store.find_entities("nobody", 10).unwrap().is_empty());
    assert_eq!(store.find_entities("sharaa", 1).unwrap().len(), 1);
}

#[test]
fn a_reader_reads_what_was_committed_and_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("read.db");
    let mut writer = SqliteStore::open(&path).unwrap();
    let first = record("a.txt", "Quake hits Velmora.");
    let story = StoryId::founded_by(&first.article.id);
    file_in_story(&mut writer, &first, &story);
    let mut reader = SqliteStore::open_reader(&path).unwrap();
    assert_eq!(reader.story(&story).unwrap().unwrap().articles.len(), 1);
    // Even opening a write batch is refused.
    assert!(reader.begin().is_err());
    assert_eq!(reader.counts().unwrap().articles, 1);
}
