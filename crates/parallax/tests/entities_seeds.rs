//! The five shared seeds as one story: each person, place and organisation once with all
//! its spellings, and no two people in one entity.

use std::path::Path;

mod common;

use parallax::analyze::Analyzer;
use parallax::core::contract::ArticleRecord;
use parallax::core::{ContentHash, Entity, Lineage, MediaType, RawDocument, SuppliedMetadata};
use parallax::extract::{DefaultExtractor, Extractor};

fn seed_records(folder: &Path) -> Vec<ArticleRecord> {
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .expect("the seeds folder is readable")
        .map(|entry| entry.expect("an entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let body = std::fs::read_to_string(path).expect("a seed is UTF-8 text");
            let document = RawDocument {
                origin: path.display().to_string(),
                media: MediaType::Text,
                content_hash: ContentHash::of(body.as_bytes()),
                body,
                supplied: SuppliedMetadata::default(),
                fetched_at: time::OffsetDateTime::UNIX_EPOCH,
            };
            let article = DefaultExtractor
                .extract(&document)
                .expect("a seed has text");
            ArticleRecord::new(article, Lineage::original())
        })
        .collect()
}

fn holding<'a>(entities: &'a [Entity], alias: &str) -> &'a Entity {
    entities
        .iter()
        .find(|entity| entity.aliases.iter().any(|known| known == alias))
        .unwrap_or_else(|| panic!("no entity spelled {alias:?}: {entities:#?}"))
}

#[test]
fn seed_entities_are_one_each_and_never_two_people() {
    let Some(seeds) = common::seeds() else {
        return;
    };
    let entities = Analyzer::default().analyze(&seed_records(&seeds)).entities;

    let sharaa = holding(&entities, "Ahmed al-Sharaa");
    for spelling in ["Ahmad al-Sharaa", "Sharaa"] {
        assert!(
            sharaa.aliases.iter().any(|alias| alias == spelling),
            "{sharaa:#?}"
        );
    }
    let tartus = holding(&entities, "Tartus");
    assert!(
        tartus.aliases.iter().any(|alias| alias == "Tartous"),
        "{tartus:#?}"
    );
    let hmeimim = holding(&entities, "Hmeimim");
    assert!(
        hmeimim.aliases.iter().any(|alias| alias == "Khmeimim"),
        "{hmeimim:#?}"
    );
    let assad = holding(&entities, "Bashar al-Assad");
    assert!(
        assad.aliases.iter().any(|alias| alias == "Assad"),
        "{assad:#?}"
    );
    let shibani = holding(&entities, "Asaad al-Shibani");
    assert!(
        shibani
            .aliases
            .iter()
            .any(|alias| alias == "Asaad al-Shaibani"),
        "{shibani:#?}"
    );
    let putin = holding(&entities, "Putin");

    // Never two people in one entity.
    let people = [sharaa, assad, shibani, putin];
    for (index, first) in people.iter().enumerate() {
        for second in &people[index + 1..] {
            assert_ne!(
                first.id, second.id,
                "{first:#?} and {second:#?} are two people"
            );
        }
    }
    assert!(!shibani.aliases.iter().any(|alias| alias.contains("Assad")));
    // Each entity once: no spelling in two entities.
    let mut seen = std::collections::HashSet::new();
    for entity in &entities {
        for alias in &entity.aliases {
            assert!(seen.insert(alias.clone()), "{alias:?} is in two entities");
        }
    }
}

#[test]
fn seed_quotes_have_their_speakers_and_one_statement_is_one_quote() {
    let Some(seeds) = common::seeds() else {
        return;
    };
    let records = seed_records(&seeds);
    let analysis = Analyzer::default().analyze(&records);
    let quotes = &analysis.quotes;
    // Every wording is verbatim in its article.
    for quote in quotes {
        for variant in &quote.variants {
            let record = records
                .iter()
                .find(|record| record.article.id == variant.article)
                .expect("a variant names an article of the story");
            assert!(
                record.article.text.contains(&variant.text),
                "{:?} is not verbatim",
                variant.text
            );
        }
    }
    let speaker_of = |fragment: &str| {
        quotes
            .iter()
            .find(|quote| {
                quote
                    .variants
                    .iter()
                    .any(|variant| variant.text.contains(fragment))
            })
            .map(|quote| quote.speaker.name.clone())
            .unwrap_or_else(|| panic!("no quote holds {fragment:?}: {quotes:#?}"))
    };
    let sharaa = holding(&analysis.entities, "Ahmed al-Sharaa").name.clone();
    for (fragment, speaker) in [
        ("Over the past decades", "Putin"),
        ("Special, friendly relations", "Putin"),
        ("Hundreds, perhaps thousands", "Putin"),
        ("a possible reconfiguration", "Zakharova"),
        ("faced the risk of physical elimination", "Lavrov"),
        ("will use all available legal means", "Sharaa"),
        ("a key partner in rebuilding", "Sharaa"),
        ("We aim to rebuild and rethink", "Sharaa"),
    ] {
        let found = speaker_of(fragment);
        assert!(
            found.contains(speaker),
            "{fragment:?} said by {found:?}, expected {speaker:?}"
        );
    }
    // The three outlets' wordings of the "restore and redefine … relations" statement.
    let statement = quotes
        .iter()
        .find(|quote| {
            quote
                .variants
                .iter()
                .any(|variant| variant.text.contains("rethink the essence"))
        })
        .expect("the statement is found");
    // Three outlets quote it; another may report it in its own words.
    let quoting: std::collections::HashSet<_> = statement
        .variants
        .iter()
        .filter(|variant| !variant.indirect)
        .map(|variant| variant.article.clone())
        .collect();
    assert_eq!(quoting.len(), 3, "{statement:#?}");
    assert!(!statement.indirect, "a quoted wording represents it");
    assert!(
        statement
            .variants
            .iter()
            .any(|variant| variant.text.contains("restore and redefine"))
    );
    assert_eq!(statement.speaker.name, sharaa);
    assert!(statement.speaker.entity.is_some());
}
