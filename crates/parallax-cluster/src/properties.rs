//! Properties of any stream: every article is in exactly one open story, each story's
//! count matches its articles, merges and splits lose no one, and the same stream gives
//! the same stories.

use std::collections::BTreeMap;

use parallax_core::{ArticleId, StoryId};
use proptest::prelude::*;

use super::*;

/// Words of three topics; articles draw mostly from one topic, some from another, so
/// joins, splits and merges all happen.
const TOPICS: [&[&str]; 3] = [
    &[
        "quake",
        "rubble",
        "rescuers",
        "aftershock",
        "magnitude",
        "collapsed",
        "Velmora",
        "Brezno",
        "Varga",
    ],
    &[
        "treaty", "river", "quota", "summit", "minister", "signed", "Halvik", "Ekberg", "Dalca",
    ],
    &[
        "strike", "dockers", "wages", "union", "harbour", "ferries", "Marovo", "Ribar", "Sallow",
    ],
];

fn article_text(picks: &[(usize, usize)]) -> String {
    picks
        .iter()
        .map(|&(topic, word)| {
            let words = TOPICS[topic % TOPICS.len()];
            format!("The {} report.", words[word % words.len()])
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs a stream and follows every article through relocations.
fn run(
    stream: &[Vec<(usize, usize)>],
    config: &ClusterConfig,
) -> (BTreeMap<ArticleId, StoryId>, Clusterer) {
    let mut clusterer = Clusterer::new(config.clone());
    let mut where_is: BTreeMap<ArticleId, StoryId> = BTreeMap::new();
    for (i, picks) in stream.iter().enumerate() {
        let id = ArticleId::from_string(format!("a-{i}"));
        let features = ArticleFeatures::from_text(None, &article_text(picks), None);
        let placement = clusterer.assign(&id, &features);
        where_is.insert(id.clone(), placement.story.clone());
        for relocation in &placement.relocations {
            match relocation {
                Relocation::Merged { from, into } => {
                    for story in where_is.values_mut().filter(|s| *s == from) {
                        *story = into.clone();
                    }
                }
                Relocation::Split {
                    from,
                    into,
                    articles,
                } => {
                    for article in articles {
                        let story = where_is.get_mut(article).expect("moved article exists");
                        // The article being placed may already sit in the new story.
                        let expected = if *article == id {
                            &placement.story
                        } else {
                            from
                        };
                        assert!(story == expected, "a split moves only its own articles");
                        *story = into.clone();
                    }
                }
            }
        }
        if i % 7 == 6 {
            clusterer.take_changes();
        }
    }
    (where_is, clusterer)
}

fn stream() -> impl Strategy<Value = Vec<Vec<(usize, usize)>>> {
    prop::collection::vec(prop::collection::vec((0..3usize, 0..9usize), 3..12), 1..60)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_article_is_in_exactly_one_open_story(stream in stream(), low in any::<bool>()) {
        // A low join threshold forces mixed stories, so splits and merges happen.
        let config = ClusterConfig {
            join_threshold: if low { 0.02 } else { 0.2 },
            merge_threshold: if low { 0.3 } else { 0.5 },
            min_split_part: 2,
            ..ClusterConfig::default()
        };
        let (where_is, clusterer) = run(&stream, &config);
        prop_assert_eq!(where_is.len(), stream.len());
        let mut sizes: BTreeMap<&StoryId, u32> = BTreeMap::new();
        for story in where_is.values() {
            *sizes.entry(story).or_default() += 1;
        }
        let open: Vec<StoryId> = clusterer.story_ids();
        prop_assert_eq!(open.len(), sizes.len());
        for (story, count) in sizes {
            prop_assert_eq!(clusterer.story_size(story), Some(count));
        }
    }

    #[test]
    fn the_same_stream_gives_the_same_stories(stream in stream()) {
        let config = ClusterConfig { join_threshold: 0.05, min_split_part: 2, ..ClusterConfig::default() };
        prop_assert_eq!(run(&stream, &config).0, run(&stream, &config).0);
    }
}
