//! A story as plain text for the terminal (`parallax show`): the same sections as the
//! story page, with each article numbered once and cited by number.
//!
//! Article content is hostile input here too: a terminal obeys escape sequences, so every
//! value taken from an article has its control characters (and the bidirectional
//! overrides that can make text read other than it is) replaced before it is written,
//! and its line breaks folded into spaces so it cannot fake the layout.

use std::borrow::Cow;
use std::fmt::Write;

use parallax_core::contract::StoryDocument;
use parallax_core::{ArticleId, Coverage, EntityType, TimelineKind};

use crate::pages::{article_number, display_time, entity_kind, source_label};

/// Claims only one source reports are listed up to this many; the JSON has them all.
const SINGLE_CLAIMS_SHOWN: usize = 10;
/// Entities of one kind are listed up to this many, the most widely reported first.
const ENTITIES_SHOWN: usize = 12;
/// Statements are listed up to this many (most widely reported first) ...
const QUOTES_SHOWN: usize = 30;
/// ... each with up to this many other wordings.
const WORDINGS_SHOWN: usize = 5;

/// The whole story as text, ending with a newline.
pub fn story_text(story: &StoryDocument) -> String {
    let mut out = String::new();
    header(&mut out, story);
    sources(&mut out, story);
    summary(&mut out, story);
    claims(&mut out, story);
    differences(&mut out, story);
    quotes(&mut out, story);
    entities(&mut out, story);
    timeline(&mut out, story);
    out
}

fn header(out: &mut String, story: &StoryDocument) {
    let title = clean(&story.title);
    let _ = writeln!(
        out,
        "{title}\n{}",
        "=".repeat(title.chars().count().min(80))
    );
    let analysis = &story.analysis;
    let _ = writeln!(
        out,
        "{} · {} · {} independent, {} {} · {} .. {}",
        story.id,
        count(story.articles.len(), "article", "articles"),
        analysis.independent_sources,
        analysis.copies,
        if analysis.copies == 1 {
            "copy"
        } else {
            "copies"
        },
        display_time(story.first_seen),
        display_time(story.last_updated),
    );
    if !analysis.agencies.is_empty() {
        let agencies: Vec<Cow<'_, str>> = analysis.agencies.iter().map(|a| clean(a)).collect();
        let _ = writeln!(out, "Agencies behind it: {}", agencies.join(", "));
    }
}

fn sources(out: &mut String, story: &StoryDocument) {
    section(out, "Sources");
    for (index, record) in story.articles.iter().enumerate() {
        let article = &record.article;
        let lineage = match record.lineage.of.as_ref() {
            Some(of) => format!("{} of {}", record.lineage.kind.as_str(), cite(story, of)),
            None => record.lineage.kind.as_str().to_string(),
        };
        let published = article
            .published
            .map(|time| format!(", {}", display_time(time)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "[{}] {} · {} ({lineage}{published}) {}",
            index + 1,
            clean(&source_label(article)),
            clean(article.title.as_deref().unwrap_or("(untitled)")),
            article.id,
        );
    }
}

fn summary(out: &mut String, story: &StoryDocument) {
    if story.analysis.summary.is_empty() {
        return;
    }
    section(out, "Summary");
    for line in &story.analysis.summary {
        let _ = writeln!(
            out,
            "{} {}",
            clean(&line.sentence),
            cites(story, &line.citations)
        );
    }
}

fn claims(out: &mut String, story: &StoryDocument) {
    let claims = &story.analysis.claims;
    if claims.is_empty() {
        return;
    }
    section(out, "What the sources report");
    for (coverage, heading) in [
        (Coverage::All, "Every source:"),
        (Coverage::Several, "Several sources:"),
    ] {
        let mut rows = claims.iter().filter(|claim| claim.coverage == coverage);
        if let Some(first) = rows.next() {
            let _ = writeln!(out, "{heading}");
            for claim in std::iter::once(first).chain(rows) {
                let articles: Vec<ArticleId> =
                    claim.support.iter().map(|s| s.article.clone()).collect();
                let _ = writeln!(
                    out,
                    "  - {} {}",
                    clean(&claim.text),
                    cites(story, &articles)
                );
            }
        }
    }
    let single: Vec<_> = claims
        .iter()
        .filter(|claim| claim.coverage == Coverage::Single)
        .collect();
    if !single.is_empty() {
        let _ = writeln!(out, "One source only:");
        for claim in single.iter().take(SINGLE_CLAIMS_SHOWN) {
            let articles: Vec<ArticleId> =
                claim.support.iter().map(|s| s.article.clone()).collect();
            let _ = writeln!(
                out,
                "  - {} {}",
                clean(&claim.text),
                cites(story, &articles)
            );
        }
        if single.len() > SINGLE_CLAIMS_SHOWN {
            let _ = writeln!(
                out,
                "  … and {} more (`parallax show --json` lists every claim)",
                single.len() - SINGLE_CLAIMS_SHOWN
            );
        }
    }
}

fn differences(out: &mut String, story: &StoryDocument) {
    if story.analysis.differences.is_empty() {
        return;
    }
    section(out, "Where they differ");
    for difference in &story.analysis.differences {
        let _ = writeln!(out, "{}:", clean(&difference.about));
        for value in &difference.values {
            let _ = writeln!(
                out,
                "  - {} {}",
                clean(&value.value),
                cites(story, &value.articles)
            );
        }
    }
}

fn quotes(out: &mut String, story: &StoryDocument) {
    if story.analysis.quotes.is_empty() {
        return;
    }
    section(out, "Who said what");
    let quotes = &story.analysis.quotes;
    for quote in quotes.iter().take(QUOTES_SHOWN) {
        let mut articles: Vec<ArticleId> = Vec::new();
        for variant in &quote.variants {
            if !articles.contains(&variant.article) {
                articles.push(variant.article.clone());
            }
        }
        let wording = if quote.indirect {
            format!("(reported) {}", clean(&quote.text))
        } else {
            format!("“{}”", clean(&quote.text))
        };
        let _ = writeln!(
            out,
            "{}: {wording} {}",
            clean(&quote.speaker.name),
            cites(story, &articles)
        );
        let others: Vec<_> = quote
            .variants
            .iter()
            .filter(|v| v.text != quote.text)
            .collect();
        for variant in others.iter().take(WORDINGS_SHOWN) {
            let wording = if variant.indirect {
                format!("(reported) {}", clean(&variant.text))
            } else {
                format!("“{}”", clean(&variant.text))
            };
            let _ = writeln!(out, "    also: {wording} {}", cite(story, &variant.article));
        }
        if others.len() > WORDINGS_SHOWN {
            let _ = writeln!(
                out,
                "    … and {} more wordings",
                others.len() - WORDINGS_SHOWN
            );
        }
    }
    if quotes.len() > QUOTES_SHOWN {
        let _ = writeln!(
            out,
            "… and {} more statements (`parallax show --json` lists every quote)",
            quotes.len() - QUOTES_SHOWN
        );
    }
}

fn entities(out: &mut String, story: &StoryDocument) {
    if story.analysis.entities.is_empty() {
        return;
    }
    section(out, "Who and where");
    for kind in [
        EntityType::Person,
        EntityType::Place,
        EntityType::Organization,
        EntityType::Other,
    ] {
        let mut of_kind: Vec<_> = story
            .analysis
            .entities
            .iter()
            .filter(|entity| entity.entity_type == kind)
            .collect();
        if of_kind.is_empty() {
            continue;
        }
        of_kind.sort_by(|a, b| {
            (b.articles.len(), b.mentions)
                .cmp(&(a.articles.len(), a.mentions))
                .then_with(|| a.name.cmp(&b.name))
        });
        let _ = writeln!(out, "{}:", plural_kind(kind));
        for entity in of_kind.iter().take(ENTITIES_SHOWN) {
            let spellings: Vec<Cow<'_, str>> = entity
                .aliases
                .iter()
                .filter(|alias| **alias != entity.name)
                .map(|alias| clean(alias))
                .collect();
            let also = if spellings.is_empty() {
                String::new()
            } else {
                format!(" (also {})", spellings.join(", "))
            };
            let _ = writeln!(
                out,
                "  - {}{also}: {}, {}",
                clean(&entity.name),
                count(entity.articles.len(), "source", "sources"),
                count(entity.mentions as usize, "mention", "mentions"),
            );
        }
        if of_kind.len() > ENTITIES_SHOWN {
            let _ = writeln!(
                out,
                "  … and {} more {}",
                of_kind.len() - ENTITIES_SHOWN,
                entity_kind(kind)
            );
        }
    }
}

fn timeline(out: &mut String, story: &StoryDocument) {
    if story.analysis.timeline.is_empty() {
        return;
    }
    section(out, "Timeline");
    for entry in &story.analysis.timeline {
        let what = match entry.kind {
            TimelineKind::FirstReport => format!("first reported: {}", clean(&entry.what)),
            TimelineKind::Event => clean(&entry.what).into_owned(),
        };
        let _ = writeln!(
            out,
            "{}  {what} {}",
            clean(&entry.when),
            cites(story, &entry.articles)
        );
    }
}

fn section(out: &mut String, heading: &str) {
    let _ = writeln!(out, "\n{heading}\n{}", "-".repeat(heading.chars().count()));
}

/// `[n]` for an article of the story, its id for one that is not (a removed copy's source).
fn cite(story: &StoryDocument, id: &ArticleId) -> String {
    match article_number(story, id) {
        Some(number) => format!("[{number}]"),
        None => format!("[{id}]"),
    }
}

/// `[1][3]`: each article once, in story order.
fn cites(story: &StoryDocument, ids: &[ArticleId]) -> String {
    let mut numbered: Vec<(usize, String)> = Vec::new();
    for id in ids {
        let number = article_number(story, id).unwrap_or(usize::MAX);
        let cited = cite(story, id);
        if !numbered.iter().any(|(_, c)| *c == cited) {
            numbered.push((number, cited));
        }
    }
    numbered.sort();
    numbered.into_iter().map(|(_, cited)| cited).collect()
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn plural_kind(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "People",
        EntityType::Place => "Places",
        EntityType::Organization => "Organisations",
        EntityType::Other => "Other names",
    }
}

/// The value safe to print on a terminal: control characters (escape sequences begin
/// with one) and bidirectional overrides become U+FFFD, line breaks and tabs a space.
fn clean(value: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() || is_bidi_control(c);
    if !value.chars().any(unsafe_char) {
        return Cow::Borrowed(value);
    }
    Cow::Owned(
        value
            .chars()
            .map(|c| match c {
                '\n' | '\r' | '\t' => ' ',
                c if unsafe_char(c) => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// Characters that reorder how text displays (embeddings, overrides and isolates).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_overrides_are_defused() {
        assert_eq!(clean("plain text"), "plain text");
        assert!(matches!(clean("plain text"), Cow::Borrowed(_)));
        assert_eq!(clean("red\u{1b}[31m alert"), "red\u{FFFD}[31m alert");
        assert_eq!(clean("two\nlines\tand tab"), "two lines and tab");
        assert_eq!(clean("abc\u{202E}fed"), "abc\u{FFFD}fed");
        assert_eq!(clean("bell\u{7}\u{9b}"), "bell\u{FFFD}\u{FFFD}");
    }

    use parallax_core::contract::ArticleRecord;
    use parallax_core::{
        Article, Claim, ClaimSupport, Entity, Lineage, LineageKind, Quote, QuoteVariant, Speaker,
        StoryAnalysis, StoryId, SummarySentence,
    };
    use time::macros::datetime;

    fn article(id: &str, site: &str, title: &str) -> ArticleRecord {
        ArticleRecord {
            article: Article {
                id: ArticleId::from_string(id.to_string()),
                origin: format!("/news/{id}.html"),
                url: None,
                site: Some(site.to_string()),
                title: Some(title.to_string()),
                byline: None,
                published: None,
                language: Some("en".into()),
                text: String::new(),
                credits: Vec::new(),
                fetched_at: datetime!(2025-10-15 09:00 UTC),
                syndication: None,
            },
            lineage: Lineage::original(),
            membership: None,
        }
    }

    fn claim(text: &str, coverage: Coverage, articles: &[&ArticleId]) -> Claim {
        Claim {
            id: format!("c-{text}"),
            text: text.to_string(),
            support: articles
                .iter()
                .map(|article| ClaimSupport {
                    article: (*article).clone(),
                    sentence: text.to_string(),
                    copy: false,
                })
                .collect(),
            coverage,
        }
    }

    fn variant(article: &ArticleId, text: &str, indirect: bool) -> QuoteVariant {
        QuoteVariant {
            article: article.clone(),
            text: text.to_string(),
            indirect,
        }
    }

    /// Three articles (the third a repost of the first), with hostile characters in the
    /// title and a line break inside a quote.
    fn story() -> StoryDocument {
        let ids = ["a-1", "a-2", "a-3"].map(|id| ArticleId::from_string(id.to_string()));
        let mut copy = article("a-3", "copycat.example", "Quake hits Velmora");
        copy.lineage = Lineage {
            kind: LineageKind::Repost,
            of: Some(ids[0].clone()),
            similarity: 0.98,
            evidence: Vec::new(),
        };
        let analysis = StoryAnalysis {
            agencies: vec!["Reuters".into()],
            independent_sources: 2,
            copies: 1,
            entities: vec![Entity {
                id: "e-1".into(),
                name: "Velmora".into(),
                entity_type: EntityType::Place,
                aliases: vec!["Velmora".into(), "Velmorra".into()],
                articles: ids.to_vec(),
                mentions: 7,
            }],
            quotes: vec![Quote {
                id: "q-1".into(),
                speaker: Speaker {
                    entity: None,
                    name: "Mayor Ilse Karst".into(),
                },
                text: "We are counting the damage".into(),
                variants: vec![
                    variant(&ids[1], "We are counting the damage", false),
                    variant(&ids[0], "the town was counting\nthe damage", true),
                ],
                indirect: false,
            }],
            claims: vec![
                claim(
                    "A quake struck Velmora.",
                    Coverage::All,
                    &[&ids[2], &ids[0], &ids[1]],
                ),
                claim("Two bridges fell.", Coverage::Single, &[&ids[1]]),
            ],
            differences: Vec::new(),
            timeline: Vec::new(),
            summary: vec![SummarySentence {
                sentence: "A quake struck Velmora.".into(),
                citations: vec![ids[1].clone(), ids[0].clone()],
            }],
        };
        StoryDocument {
            id: StoryId::from_string("s-velmora".to_string()),
            title: "Quake hits Velmora\u{1b}[2J".to_string(),
            first_seen: datetime!(2025-10-15 09:00 UTC),
            last_updated: datetime!(2025-10-15 11:30 UTC),
            articles: vec![
                article("a-1", "wire.example", "Quake hits Velmora"),
                article("a-2", "daily.example", "Velmora shaken"),
                copy,
            ],
            analysis,
        }
    }

    #[test]
    fn a_story_reads_as_numbered_sources_and_cited_sections() {
        let text = story_text(&story());
        assert!(
            text.starts_with("Quake hits Velmora\u{FFFD}[2J\n"),
            "{text}"
        );
        assert!(!text.contains('\u{1b}'));
        assert!(text.contains(
            "3 articles · 2 independent, 1 copy · 2025-10-15 09:00 UTC .. 2025-10-15 11:30 UTC\n"
        ));
        assert!(text.contains("Agencies behind it: Reuters"));
        assert!(text.contains("[1] wire.example · Quake hits Velmora (original) a-1"));
        assert!(text.contains("[3] copycat.example · Quake hits Velmora (repost of [1]) a-3"));
        // Citations in story order, each article once.
        assert!(
            text.contains("\nA quake struck Velmora. [1][2]\n"),
            "{text}"
        );
        assert!(text.contains("Every source:\n  - A quake struck Velmora. [1][2][3]\n"));
        assert!(text.contains("One source only:\n  - Two bridges fell. [2]\n"));
        assert!(text.contains("Mayor Ilse Karst: “We are counting the damage” [1][2]\n"));
        assert!(
            text.contains("    also: (reported) the town was counting the damage [1]\n"),
            "reported speech is marked and its line break folded: {text}"
        );
        assert!(text.contains("Places:\n  - Velmora (also Velmorra): 3 sources, 7 mentions\n"));
        assert!(
            !text.contains("Where they differ"),
            "empty sections are left out"
        );
        assert!(!text.contains("Timeline"));
    }

    #[test]
    fn long_lists_are_capped_with_a_count_of_the_rest() {
        let mut story = story();
        let article = story.articles[0].article.id.clone();
        let quote = story.analysis.quotes[0].clone();
        story.analysis.quotes = (0..QUOTES_SHOWN + 3)
            .map(|n| Quote {
                id: format!("q-{n}"),
                text: format!("statement number {n}"),
                variants: (0..WORDINGS_SHOWN + 3)
                    .map(|k| variant(&article, &format!("wording {k} of {n}"), false))
                    .collect(),
                ..quote.clone()
            })
            .collect();
        let text = story_text(&story);
        assert_eq!(text.matches("Mayor Ilse Karst: ").count(), QUOTES_SHOWN);
        assert!(text.contains("… and 3 more statements"));
        assert!(text.contains("    … and 3 more wordings\n"));
        assert_eq!(
            text.matches("    also: ").count(),
            QUOTES_SHOWN * WORDINGS_SHOWN
        );
    }

    #[test]
    fn times_read_in_their_own_offset() {
        assert_eq!(
            display_time(datetime!(2025-10-15 09:05 UTC)),
            "2025-10-15 09:05 UTC"
        );
        assert_eq!(
            display_time(datetime!(2025-10-15 11:05 +02:00)),
            "2025-10-15 11:05 +02:00"
        );
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(1, "source", "sources"), "1 source");
        assert_eq!(count(3, "source", "sources"), "3 sources");
    }
}
