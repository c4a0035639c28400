//! Behaviour of the clusterer on small streams written for these tests.

use parallax_core::ArticleId;
use time::OffsetDateTime;
use time::macros::datetime;

use super::*;

fn place(
    clusterer: &mut Clusterer,
    id: &str,
    title: &str,
    text: &str,
    at: Option<OffsetDateTime>,
) -> Placement {
    let features = ArticleFeatures::from_text(Some(title), text, at);
    clusterer.assign(&ArticleId::from_string(id), &features)
}

#[test]
fn the_same_event_joins_and_a_different_one_founds() {
    let mut clusterer = Clusterer::new(ClusterConfig::default());
    let quake = place(
        &mut clusterer,
        "a-1",
        "Earthquake strikes Velmora",
        "A magnitude 6.8 earthquake struck Velmora on Monday, toppling buildings. Governor Ilse Marant said 42 people died.",
        None,
    );
    let again = place(
        &mut clusterer,
        "a-2",
        "Velmora earthquake kills 42",
        "Governor Ilse Marant said rescuers in Velmora were searching the rubble after the 6.8 earthquake on Monday.",
        None,
    );
    let treaty = place(
        &mut clusterer,
        "a-3",
        "Aldoria and Belmark sign water treaty",
        "Ministers of Aldoria and Belmark signed a treaty sharing the waters of the Norr river in Norhaven.",
        None,
    );
    assert!(quake.founded && !again.founded && treaty.founded);
    assert_eq!(quake.story, again.story);
    assert_ne!(quake.story, treaty.story);
    assert!(again.membership.score >= again.membership.threshold);
    assert!(
        again
            .membership
            .shared_entities
            .contains(&"Velmora".to_string())
    );
    assert!(
        again
            .membership
            .shared_terms
            .contains(&"earthquake".to_string())
    );
}

#[test]
fn an_event_weeks_later_needs_stronger_evidence() {
    let text = "Farmers in Ostrava province protested grain prices, blocking roads with tractors near Brenn.";
    let mut clusterer = Clusterer::new(ClusterConfig::default());
    let first = place(
        &mut clusterer,
        "a-1",
        "Farmers protest",
        text,
        Some(datetime!(2026-03-01 09:00 UTC)),
    );
    let next_day = place(
        &mut clusterer,
        "a-2",
        "Farmers protest",
        "Tractors blocked roads near Brenn as farmers in Ostrava province protested grain prices.",
        Some(datetime!(2026-03-02 09:00 UTC)),
    );
    assert_eq!(first.story, next_day.story);
    assert_eq!(next_day.membership.days_apart, Some(1.0));
    let weeks_later = place(
        &mut clusterer,
        "a-3",
        "Farmers protest",
        "Farmers in Ostrava province protested over new taxes, blocking roads near Brenn.",
        Some(datetime!(2026-03-13 09:00 UTC)),
    );
    assert!(weeks_later.membership.threshold > next_day.membership.threshold);
}

#[test]
fn a_story_that_is_two_events_splits_and_the_founder_keeps_the_id() {
    let mut clusterer = Clusterer::new(ClusterConfig {
        join_threshold: 0.0,
        ..ClusterConfig::default()
    });
    let fights = [
        "Champion Dariusz Volk stopped Kemal Osei in the seventh round in Mannheim to keep the heavyweight title.",
        "Dariusz Volk beat Peter Lund in the sixth round in Halden to keep his heavyweight belts.",
    ];
    let mut placements = Vec::new();
    for i in 0..8 {
        let text = fights[i % 2];
        let opponent = if i % 2 == 0 {
            "Osei Mannheim"
        } else {
            "Lund Halden"
        };
        placements.push(place(
            &mut clusterer,
            &format!("a-{i}"),
            &format!("Volk wins {opponent}"),
            &format!("{text} Report {i} on the fight with {opponent}."),
            None,
        ));
    }
    let split = placements
        .iter()
        .flat_map(|p| p.relocations.iter())
        .find_map(|r| match r {
            Relocation::Split {
                from,
                into,
                articles,
            } => Some((from, into, articles)),
            Relocation::Merged { .. } => None,
        })
        .expect("the mixed story splits");
    assert_eq!(split.0, &placements[0].story);
    assert!(split.2.iter().all(|id| {
        let n: usize = id.as_str()[2..].parse().unwrap_or(0);
        n % 2 == 1
    }));
    assert_ne!(split.0, split.1);
}

#[test]
fn ids_and_decisions_repeat_exactly() {
    let run = || {
        let mut clusterer = Clusterer::new(ClusterConfig::default());
        (0..30)
            .map(|i| {
                let text = format!(
                    "Story {} text about Place{} and Person{} with shared words river bridge council",
                    i % 5,
                    i % 5,
                    i % 3
                );
                place(&mut clusterer, &format!("a-{i}"), "Title", &text, None)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(run(), run());
}

#[test]
fn state_survives_a_restore() {
    let mut clusterer = Clusterer::new(ClusterConfig::default());
    let at = Some(datetime!(2026-05-01 12:00 UTC));
    let first = place(
        &mut clusterer,
        "a-1",
        "Bridge collapse in Tarnow",
        "The Old Mill bridge in Tarnow collapsed into the Vistra river; mayor Jana Kolar ordered an inquiry.",
        at,
    );
    let changes = clusterer.take_changes();
    assert_eq!(changes.stories.len(), 1);
    let encoded: Vec<Vec<u8>> = changes
        .stories
        .iter()
        .map(|s| s.encode().expect("encode"))
        .collect();
    let stories = encoded
        .iter()
        .map(|bytes| StoryState::decode(bytes).expect("decode"))
        .collect();
    let days = vec![DayFrequencies {
        day: changes.frequencies.documents[0].0,
        documents: changes.frequencies.documents[0].1,
        counts: changes
            .frequencies
            .counts
            .iter()
            .map(|&(_, key, count)| (key, count))
            .collect(),
    }];
    let mut restored = Clusterer::restore(ClusterConfig::default(), stories, days);
    let again = place(
        &mut restored,
        "a-2",
        "Tarnow bridge inquiry",
        "Mayor Jana Kolar said the inquiry into the Old Mill bridge collapse in Tarnow starts today.",
        at,
    );
    assert_eq!(again.story, first.story);
}

#[test]
fn stories_outside_the_window_close() {
    let mut clusterer = Clusterer::new(ClusterConfig::default());
    place(
        &mut clusterer,
        "a-1",
        "Old news",
        "Voters in Kessel elected mayor Arno Fenn.",
        Some(datetime!(2026-01-01 00:00 UTC)),
    );
    clusterer.take_changes();
    assert_eq!(clusterer.open_stories(), 1);
    place(
        &mut clusterer,
        "a-2",
        "New news",
        "Dockers in Port Sallow went on strike.",
        Some(datetime!(2026-02-01 00:00 UTC)),
    );
    clusterer.take_changes();
    assert_eq!(clusterer.open_stories(), 1);
}

#[test]
fn an_undated_article_seen_today_does_not_close_an_archive() {
    let mut clusterer = Clusterer::new(ClusterConfig::default());
    place(
        &mut clusterer,
        "a-1",
        "Old vote",
        "Voters in Kessel elected mayor Arno Fenn.",
        Some(datetime!(2015-06-01 00:00 UTC)),
    );
    let undated = ArticleFeatures::from_text(
        Some("Undated"),
        "Dockers in Port Sallow went on strike.",
        None,
    )
    .seen_at(datetime!(2026-11-23 00:00 UTC));
    clusterer.assign(&ArticleId::from_string("a-2"), &undated);
    clusterer.take_changes();
    assert_eq!(clusterer.open_stories(), 2);
}

#[test]
fn states_of_another_format_version_are_refused_by_name() {
    let mut clusterer = Clusterer::new(ClusterConfig::default());
    place(&mut clusterer, "a-1", "Title", "Text about Kessel.", None);
    let state = clusterer.take_changes().stories.remove(0);
    let mut bytes = state.encode().expect("encode");
    assert_eq!(StoryState::decode(&bytes).expect("decode"), state);
    bytes[0] = 1;
    assert!(matches!(
        StoryState::decode(&bytes),
        Err(StateError::Version(1))
    ));
}
