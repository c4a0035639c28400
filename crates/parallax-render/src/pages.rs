//! The pages: story index and story page, as view models over the contract's documents.

use askama::Template;
use time::OffsetDateTime;
use time::macros::format_description;

use parallax_core::contract::{StoryDocument, StorySummary};
use parallax_core::{Article, ArticleId, Coverage, EntityType, TimelineKind};

use crate::RenderError;

/// The index of stories.
#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage<'a> {
    stories: Vec<StoryRow<'a>>,
}

struct StoryRow<'a> {
    id: &'a str,
    title: &'a str,
    article_count: usize,
    sources: String,
    first_seen: String,
    last_updated: String,
}

/// One story.
#[derive(Template)]
#[template(path = "story.html")]
struct StoryPage<'a> {
    title: &'a str,
    agencies: String,
    independent_sources: usize,
    copies: usize,
    first_seen: String,
    last_updated: String,
    entities: Vec<EntityView<'a>>,
    speakers: Vec<SpeakerView<'a>>,
    articles: Vec<ArticleView<'a>>,
    summary: Vec<SummaryView<'a>>,
    matrix: ClaimMatrix<'a>,
    differences: Vec<DifferenceView<'a>>,
    timeline: Vec<TimelineView<'a>>,
}

/// A summary sentence and its citation markers.
struct SummaryView<'a> {
    sentence: &'a str,
    citations: Vec<Citation<'a>>,
}

/// A citation marker: the article's number on the page, its anchor, and the sentence
/// in that article that supports the cited sentence (shown on hover).
struct Citation<'a> {
    number: usize,
    id: &'a str,
    label: String,
    sentence: &'a str,
}

/// The claim × source matrix: claims reported by more than one source as rows, the
/// story's articles as columns.
struct ClaimMatrix<'a> {
    columns: Vec<(usize, &'a str, String)>,
    rows: Vec<ClaimRow<'a>>,
    single_claims: usize,
}

struct ClaimRow<'a> {
    text: &'a str,
    coverage: &'static str,
    /// Per column: how the article supports the claim, and with which sentence.
    cells: Vec<Option<(&'static str, &'a str)>>,
}

struct DifferenceView<'a> {
    about: &'a str,
    values: Vec<(&'a str, String)>,
}

struct TimelineView<'a> {
    when: &'a str,
    what: &'a str,
    first_report: bool,
    sources: String,
}

/// One speaker's quotes on a story page, each with its wordings and where they appear.
struct SpeakerView<'a> {
    name: &'a str,
    quotes: Vec<QuoteView<'a>>,
}

struct QuoteView<'a> {
    text: &'a str,
    /// Other wordings, each with the source that used it.
    variants: Vec<(String, &'a str)>,
    sources: String,
}

/// One entity on a story page: its name, kind, other spellings and reach.
struct EntityView<'a> {
    name: &'a str,
    kind: &'static str,
    other_spellings: String,
    articles: usize,
    mentions: u32,
}

struct ArticleView<'a> {
    id: &'a str,
    title: &'a str,
    site: String,
    url: Option<&'a str>,
    byline: Option<&'a str>,
    published: Option<String>,
    lineage: String,
    lineage_source: Option<LineageSource>,
    credits: String,
    paragraphs: Vec<&'a str>,
}

/// The index page for `stories`.
pub fn render_index(stories: &[StorySummary]) -> Result<String, RenderError> {
    let stories = stories
        .iter()
        .map(|story| StoryRow {
            id: story.id.as_str(),
            title: &story.title,
            article_count: story.article_count,
            sources: story.sources.join(", "),
            first_seen: display_time(story.first_seen),
            last_updated: display_time(story.last_updated),
        })
        .collect();
    IndexPage { stories }
        .render()
        .map_err(|source| RenderError::Template {
            page: "the story index".to_string(),
            source,
        })
}

/// The article a copy copies, as the page links to it.
struct LineageSource {
    id: String,
    label: String,
}

/// The page of one story.
pub fn render_story(story: &StoryDocument) -> Result<String, RenderError> {
    let label = |id: &ArticleId| {
        story
            .articles
            .iter()
            .find(|record| &record.article.id == id)
            .map_or_else(|| id.to_string(), |record| source_label(&record.article))
    };
    let articles = story
        .articles
        .iter()
        .map(|record| {
            let article = &record.article;
            ArticleView {
                id: article.id.as_str(),
                title: article.title.as_deref().unwrap_or("(untitled)"),
                site: source_label(article),
                url: article.url.as_deref().filter(|url| is_web_url(url)),
                byline: article.byline.as_deref(),
                published: article.published.map(display_time),
                lineage: record.lineage.kind.as_str().to_string(),
                lineage_source: record.lineage.of.as_ref().map(|of| LineageSource {
                    id: of.to_string(),
                    label: label(of),
                }),
                credits: article.credits.join(", "),
                paragraphs: article.paragraphs().collect(),
            }
        })
        .collect();
    StoryPage {
        title: &story.title,
        agencies: story.analysis.agencies.join(", "),
        independent_sources: story.analysis.independent_sources,
        copies: story.analysis.copies,
        first_seen: display_time(story.first_seen),
        last_updated: display_time(story.last_updated),
        entities: story
            .analysis
            .entities
            .iter()
            .map(|entity| EntityView {
                name: &entity.name,
                kind: match entity.entity_type {
                    EntityType::Person => "person",
                    EntityType::Place => "place",
                    EntityType::Organization => "organisation",
                    EntityType::Other => "other",
                },
                other_spellings: entity
                    .aliases
                    .iter()
                    .filter(|alias| **alias != entity.name)
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
                articles: entity.articles.len(),
                mentions: entity.mentions,
            })
            .collect(),
        speakers: speakers(story, &label),
        articles,
        summary: summary(story, &label),
        matrix: claim_matrix(story),
        differences: story
            .analysis
            .differences
            .iter()
            .map(|difference| DifferenceView {
                about: &difference.about,
                values: difference
                    .values
                    .iter()
                    .map(|value| {
                        let sources: Vec<String> = value.articles.iter().map(&label).collect();
                        (value.value.as_str(), sources.join(", "))
                    })
                    .collect(),
            })
            .collect(),
        timeline: story
            .analysis
            .timeline
            .iter()
            .map(|entry| TimelineView {
                when: &entry.when,
                what: &entry.what,
                first_report: entry.kind == TimelineKind::FirstReport,
                sources: entry
                    .articles
                    .iter()
                    .map(&label)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect(),
    }
    .render()
    .map_err(|source| RenderError::Template {
        page: format!("story {}", story.id),
        source,
    })
}

/// The summary with a marker per citation; each marker carries the supporting sentence
/// of the claim the summary sentence comes from.
fn summary<'a>(
    story: &'a StoryDocument,
    label: &dyn Fn(&ArticleId) -> String,
) -> Vec<SummaryView<'a>> {
    story
        .analysis
        .summary
        .iter()
        .map(|line| {
            let claim = story.analysis.claims.iter().find(|claim| {
                claim.support.iter().any(|s| s.sentence == line.sentence)
                    && line
                        .citations
                        .iter()
                        .all(|cited| claim.support.iter().any(|s| &s.article == cited))
            });
            let citations = line
                .citations
                .iter()
                .filter_map(|cited| {
                    let number = article_number(story, cited)?;
                    let sentence = claim
                        .and_then(|claim| claim.support.iter().find(|s| &s.article == cited))
                        .map_or("", |support| support.sentence.as_str());
                    Some(Citation {
                        number,
                        id: story.articles[number - 1].article.id.as_str(),
                        label: label(cited),
                        sentence,
                    })
                })
                .collect();
            SummaryView {
                sentence: &line.sentence,
                citations,
            }
        })
        .collect()
}

/// The 1-based number of an article on the page.
fn article_number(story: &StoryDocument, id: &ArticleId) -> Option<usize> {
    story
        .articles
        .iter()
        .position(|record| &record.article.id == id)
        .map(|index| index + 1)
}

/// The claims more than one source reports, against the story's articles.
fn claim_matrix(story: &StoryDocument) -> ClaimMatrix<'_> {
    let columns = story
        .articles
        .iter()
        .enumerate()
        .map(|(index, record)| {
            (
                index + 1,
                record.article.id.as_str(),
                source_label(&record.article),
            )
        })
        .collect();
    let mut rows = Vec::new();
    let mut single_claims = 0;
    for claim in &story.analysis.claims {
        if claim.coverage == Coverage::Single {
            single_claims += 1;
            continue;
        }
        let cells = story
            .articles
            .iter()
            .map(|record| {
                claim
                    .support
                    .iter()
                    .find(|support| support.article == record.article.id)
                    .map(|support| {
                        let mark = if support.copy { "copy" } else { "✓" };
                        (mark, support.sentence.as_str())
                    })
            })
            .collect();
        rows.push(ClaimRow {
            text: &claim.text,
            coverage: match claim.coverage {
                Coverage::All => "all",
                Coverage::Several => "several",
                Coverage::Single => "single",
            },
            cells,
        });
    }
    ClaimMatrix {
        columns,
        rows,
        single_claims,
    }
}

/// The story's quotes grouped by speaker, in the order speakers first appear.
fn speakers<'a>(
    story: &'a StoryDocument,
    label: &dyn Fn(&ArticleId) -> String,
) -> Vec<SpeakerView<'a>> {
    let mut speakers: Vec<SpeakerView<'a>> = Vec::new();
    for quote in &story.analysis.quotes {
        let view = QuoteView {
            text: &quote.text,
            variants: quote
                .variants
                .iter()
                .filter(|variant| variant.text != quote.text)
                .map(|variant| (label(&variant.article), variant.text.as_str()))
                .collect(),
            sources: quote
                .variants
                .iter()
                .map(|variant| label(&variant.article))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let name = quote.speaker.name.as_str();
        match speakers.iter_mut().find(|speaker| speaker.name == name) {
            Some(speaker) => speaker.quotes.push(view),
            None => speakers.push(SpeakerView {
                name,
                quotes: vec![view],
            }),
        }
    }
    speakers
}

/// How a page names an article's source: its site, else the file or URL it came from.
fn source_label(article: &Article) -> String {
    article.site.clone().unwrap_or_else(|| {
        article
            .origin
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(&article.origin)
            .to_string()
    })
}

/// Only http(s) links are followed from a page: never `javascript:` or `data:`.
fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

fn display_time(time: OffsetDateTime) -> String {
    let format = format_description!(
        "[year]-[month]-[day] [hour]:[minute] UTC[offset_hour sign:mandatory]:[offset_minute]"
    );
    time.format(format).unwrap_or_else(|_| time.to_string())
}
