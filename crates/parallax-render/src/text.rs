//! A story as plain text for the terminal (`parallax show`): the same sections as the
//! story page, with each article numbered once and cited by number. Long lists are cut
//! with a count of the rest; the JSON (`show --json`) has everything.
//!
//! Article content is hostile input here too: a terminal obeys escape sequences, so every
//! value taken from a story (ids included) goes through [`terminal_safe`] before it is
//! written: control characters and the bidirectional controls that can make text read
//! other than it is are replaced, and line breaks are folded into spaces so no value can
//! fake the layout.

use std::borrow::Cow;
use std::fmt::Write;

use parallax_core::contract::StoryDocument;
use parallax_core::{ArticleId, Claim, Coverage, EntityType, TimelineKind};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::pages::{article_number, display_time, source_label};

/// Claims only one source reports are listed up to this many.
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
    let title = terminal_safe(&story.title);
    let _ = writeln!(
        out,
        "{title}\n{}",
        "=".repeat(title.chars().count().min(80))
    );
    let analysis = &story.analysis;
    let _ = writeln!(
        out,
        "{} · {} · {} independent, {} · {} .. {}",
        terminal_safe(story.id.as_str()),
        counted(story.articles.len(), "article", "articles"),
        analysis.independent_sources,
        counted(analysis.copies, "copy", "copies"),
        display_time(story.first_seen),
        display_time(story.last_updated),
    );
    if !analysis.agencies.is_empty() {
        let agencies: Vec<Cow<'_, str>> =
            analysis.agencies.iter().map(|a| terminal_safe(a)).collect();
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
            terminal_safe(&source_label(article)),
            terminal_safe(article.title.as_deref().unwrap_or("(untitled)")),
            terminal_safe(article.id.as_str()),
        );
    }
}

fn summary(out: &mut String, story: &StoryDocument) {
    if story.analysis.summary.is_empty() {
        return;
    }
    section(out, "Summary");
    for line in &story.analysis.summary {
        cited_line(out, "", &line.sentence, cites(story, &line.citations));
    }
}

fn claims(out: &mut String, story: &StoryDocument) {
    let claims = &story.analysis.claims;
    if claims.is_empty() {
        return;
    }
    section(out, "What the sources report");
    for (coverage, heading, shown) in [
        (Coverage::All, "Every source:", usize::MAX),
        (Coverage::Several, "Several sources:", usize::MAX),
        (Coverage::Single, "One source only:", SINGLE_CLAIMS_SHOWN),
    ] {
        let rows: Vec<&Claim> = claims.iter().filter(|c| c.coverage == coverage).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{heading}");
        for claim in rows.iter().take(shown) {
            let articles = claim.support.iter().map(|support| &support.article);
            cited_line(out, "  - ", &claim.text, cites(story, articles));
        }
        more(
            out,
            "  ",
            rows.len(),
            shown,
            "(`parallax show --json` lists every claim)",
        );
    }
}

fn differences(out: &mut String, story: &StoryDocument) {
    if story.analysis.differences.is_empty() {
        return;
    }
    section(out, "Where they differ");
    for difference in &story.analysis.differences {
        let _ = writeln!(out, "{}:", terminal_safe(&difference.about));
        for value in &difference.values {
            cited_line(out, "  - ", &value.value, cites(story, &value.articles));
        }
    }
}

fn quotes(out: &mut String, story: &StoryDocument) {
    let quotes = &story.analysis.quotes;
    if quotes.is_empty() {
        return;
    }
    section(out, "Who said what");
    for quote in quotes.iter().take(QUOTES_SHOWN) {
        let _ = writeln!(
            out,
            "{}: {} {}",
            terminal_safe(&quote.speaker.name),
            wording(&quote.text, quote.indirect),
            cites(story, quote.variants.iter().map(|variant| &variant.article))
        );
        // Each other wording once, with every article that gives it.
        let mut others: Vec<(&str, bool, Vec<&ArticleId>)> = Vec::new();
        for variant in quote.variants.iter().filter(|v| v.text != quote.text) {
            match others
                .iter_mut()
                .find(|(text, indirect, _)| *text == variant.text && *indirect == variant.indirect)
            {
                Some((_, _, articles)) => articles.push(&variant.article),
                None => others.push((&variant.text, variant.indirect, vec![&variant.article])),
            }
        }
        for (text, indirect, articles) in others.iter().take(WORDINGS_SHOWN) {
            let _ = writeln!(
                out,
                "    also: {} {}",
                wording(text, *indirect),
                cites(story, articles.iter().copied())
            );
        }
        more(out, "    ", others.len(), WORDINGS_SHOWN, "wordings");
    }
    more(
        out,
        "",
        quotes.len(),
        QUOTES_SHOWN,
        "statements (`parallax show --json` lists every quote)",
    );
}

/// A statement's words: in quotation marks, or marked as reported speech.
fn wording(text: &str, indirect: bool) -> String {
    if indirect {
        format!("(reported) {}", terminal_safe(text))
    } else {
        format!("“{}”", terminal_safe(text))
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
                .map(|alias| terminal_safe(alias))
                .collect();
            let also = if spellings.is_empty() {
                String::new()
            } else {
                format!(" (also {})", spellings.join(", "))
            };
            let _ = writeln!(
                out,
                "  - {}{also}: {}, {}",
                terminal_safe(&entity.name),
                counted(entity.articles.len(), "source", "sources"),
                counted(entity.mentions as usize, "mention", "mentions"),
            );
        }
        let rest = plural_kind(kind).to_lowercase();
        more(out, "  ", of_kind.len(), ENTITIES_SHOWN, &rest);
    }
}

fn timeline(out: &mut String, story: &StoryDocument) {
    if story.analysis.timeline.is_empty() {
        return;
    }
    section(out, "Timeline");
    for entry in &story.analysis.timeline {
        // A first report's time is an instant (RFC 3339): shown like every other time.
        let when = match OffsetDateTime::parse(&entry.when, &Rfc3339) {
            Ok(time) if entry.kind == TimelineKind::FirstReport => display_time(time),
            _ => terminal_safe(&entry.when).into_owned(),
        };
        let lead = format!("{when}  ");
        cited_line(out, &lead, &entry.what, cites(story, &entry.articles));
    }
}

fn section(out: &mut String, heading: &str) {
    let _ = writeln!(out, "\n{heading}\n{}", "-".repeat(heading.chars().count()));
}

/// "… and 3 more wordings" after a list of `total` cut at `shown`.
fn more(out: &mut String, indent: &str, total: usize, shown: usize, what: &str) {
    if total > shown {
        let _ = writeln!(out, "{indent}… and {} more {what}", total - shown);
    }
}

/// `[n]` for an article of the story, its id for one that is not (a removed copy's source).
fn cite(story: &StoryDocument, id: &ArticleId) -> String {
    match article_number(story, id) {
        Some(number) => format!("[{number}]"),
        None => format!("[{}]", terminal_safe(id.as_str())),
    }
}

/// One line: `lead`, then `text` made safe, then its `cites`.
fn cited_line(out: &mut String, lead: &str, text: &str, cites: String) {
    let _ = writeln!(out, "{lead}{} {cites}", terminal_safe(text));
}

/// `[1][3]`: each article once, in story order.
fn cites<'a>(story: &StoryDocument, ids: impl IntoIterator<Item = &'a ArticleId>) -> String {
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

/// "1 source", "3 sources".
fn counted(n: usize, one: &str, many: &str) -> String {
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

/// `value` made safe to print on a terminal: control characters (escape sequences begin
/// with one) and bidirectional controls become U+FFFD; line breaks, line and paragraph
/// separators, tabs, vertical tabs and form feeds become a space.
pub fn terminal_safe(value: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() || is_bidi_control(c) || is_line_separator(c);
    if !value.chars().any(unsafe_char) {
        return Cow::Borrowed(value);
    }
    Cow::Owned(
        value
            .chars()
            .map(|c| match c {
                '\n' | '\r' | '\t' | '\u{0B}' | '\u{0C}' => ' ',
                c if is_line_separator(c) => ' ',
                c if unsafe_char(c) => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// Characters that reorder how text displays: marks, embeddings, overrides, isolates.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR.
fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::contract::ArticleRecord;
    use parallax_core::{
        Article, ClaimSupport, Difference, DifferenceValue, Entity, Lineage, LineageKind, Quote,
        QuoteVariant, Speaker, StoryAnalysis, StoryId, SummarySentence, TimelineEntry,
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
            differences: vec![Difference {
                about: "death toll".into(),
                values: vec![
                    DifferenceValue {
                        value: "12 dead".into(),
                        articles: vec![ids[0].clone(), ids[2].clone()],
                    },
                    DifferenceValue {
                        value: "14 dead".into(),
                        articles: vec![ids[1].clone()],
                    },
                ],
                claims: Vec::new(),
            }],
            timeline: vec![
                TimelineEntry {
                    when: "2025-10-14".into(),
                    what: "The quake struck at dawn.".into(),
                    articles: vec![ids[1].clone(), ids[0].clone()],
                    kind: TimelineKind::Event,
                },
                TimelineEntry {
                    when: "2025-10-15T09:00:00Z".into(),
                    what: "wire.example first reports the story".into(),
                    articles: vec![ids[0].clone()],
                    kind: TimelineKind::FirstReport,
                },
            ],
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
        assert!(!text.contains("People:"), "empty kinds are left out");
        assert!(text.contains("death toll:\n  - 12 dead [1][3]\n  - 14 dead [2]\n"));
        assert!(text.contains("\n2025-10-14  The quake struck at dawn. [1][2]\n"));
        assert!(
            text.contains("\n2025-10-15 09:00 UTC  wire.example first reports the story [1]\n"),
            "{text}"
        );
    }

    #[test]
    fn empty_sections_are_left_out() {
        let mut story = story();
        story.analysis = StoryAnalysis::default();
        let text = story_text(&story);
        for heading in ["Summary", "Where they differ", "Who said what", "Timeline"] {
            assert!(!text.contains(heading), "{heading}");
        }
        assert!(text.contains("\nSources\n"));
    }

    /// Every value a story carries, made hostile: none reaches the terminal raw, and none
    /// adds a line.
    #[test]
    fn no_value_reaches_the_terminal_raw() {
        const HOSTILE: &str = "x\u{1b}]0;owned\u{7}\u{202E}y\u{2028}z\nw";
        let evil = |value: &mut String| value.push_str(HOSTILE);
        let mut story = story();
        evil(&mut story.title);
        for record in &mut story.articles {
            if let Some(site) = record.article.site.as_mut() {
                evil(site);
            }
            if let Some(title) = record.article.title.as_mut() {
                evil(title);
            }
        }
        let analysis = &mut story.analysis;
        analysis.agencies.iter_mut().for_each(evil);
        analysis
            .summary
            .iter_mut()
            .for_each(|s| evil(&mut s.sentence));
        analysis.claims.iter_mut().for_each(|c| evil(&mut c.text));
        for difference in &mut analysis.differences {
            evil(&mut difference.about);
            difference
                .values
                .iter_mut()
                .for_each(|v| evil(&mut v.value));
        }
        for quote in &mut analysis.quotes {
            evil(&mut quote.speaker.name);
            evil(&mut quote.text);
            quote.variants.iter_mut().for_each(|v| evil(&mut v.text));
        }
        for entity in &mut analysis.entities {
            evil(&mut entity.name);
            entity.aliases.iter_mut().for_each(evil);
        }
        for entry in &mut analysis.timeline {
            evil(&mut entry.when);
            evil(&mut entry.what);
        }
        let text = story_text(&story);
        let raw = |c: char| (c.is_control() && c != '\n') || is_bidi_control(c);
        assert!(
            !text.chars().any(|c| raw(c) || is_line_separator(c)),
            "{text:?}"
        );
        assert_eq!(
            text.lines().count(),
            story_text(&self::story()).lines().count()
        );
    }

    #[test]
    fn control_characters_and_overrides_are_defused() {
        assert_eq!(terminal_safe("plain text"), "plain text");
        assert!(matches!(terminal_safe("plain text"), Cow::Borrowed(_)));
        assert_eq!(
            terminal_safe("red\u{1b}[31m alert"),
            "red\u{FFFD}[31m alert"
        );
        assert_eq!(terminal_safe("two\nlines\tand tab"), "two lines and tab");
        assert_eq!(terminal_safe("abc\u{202E}fed"), "abc\u{FFFD}fed");
        assert_eq!(terminal_safe("bell\u{7}\u{9b}"), "bell\u{FFFD}\u{FFFD}");
        assert_eq!(
            terminal_safe("a\u{200F}b\u{2029}c\u{0C}d"),
            "a\u{FFFD}b c d"
        );
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
        let single = story.analysis.claims[1].clone();
        story.analysis.claims = (0..SINGLE_CLAIMS_SHOWN + 2)
            .map(|n| Claim {
                id: format!("c-{n}"),
                text: format!("Fact {n}."),
                ..single.clone()
            })
            .collect();
        let entity = story.analysis.entities[0].clone();
        story.analysis.entities = (0..ENTITIES_SHOWN + 4)
            .map(|n| Entity {
                id: format!("e-{n}"),
                name: format!("Town {n}"),
                ..entity.clone()
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
        assert_eq!(text.matches("\n  - Fact ").count(), SINGLE_CLAIMS_SHOWN);
        assert!(text.contains("  … and 2 more (`parallax show --json` lists every claim)\n"));
        assert_eq!(text.matches("\n  - Town ").count(), ENTITIES_SHOWN);
        assert!(text.contains("  … and 4 more places\n"), "{text}");
    }

    #[test]
    fn one_wording_from_several_articles_is_one_line() {
        let mut story = story();
        let ids: Vec<ArticleId> = story
            .articles
            .iter()
            .map(|record| record.article.id.clone())
            .collect();
        story.analysis.quotes[0].variants = vec![
            variant(&ids[0], "We are counting the damage", false),
            variant(&ids[1], "counting the damage", false),
            variant(&ids[2], "counting the damage", false),
        ];
        let text = story_text(&story);
        assert_eq!(text.matches("    also: ").count(), 1, "{text}");
        assert!(text.contains("    also: “counting the damage” [2][3]\n"));
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(counted(1, "copy", "copies"), "1 copy");
        assert_eq!(counted(0, "copy", "copies"), "0 copies");
        assert_eq!(counted(3, "copy", "copies"), "3 copies");
    }
}
