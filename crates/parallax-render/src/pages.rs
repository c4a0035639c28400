//! The pages: story index, story page, article page and search results, as view models
//! over the contract's documents and the store's answers.

use askama::Template;
use time::OffsetDateTime;
use time::macros::format_description;

use parallax_core::contract::{ArticleRecord, StoryDocument, StorySummary};
use parallax_core::{Article, ArticleId, Coverage, EntityType, TimelineKind};
use parallax_store::{EntityMatch, SearchHits};

use crate::RenderError;
use crate::graph::{LineageGraph, lineage_graph};

/// Where a page is read: from the static report's folder, or from `parallax serve`
/// (which adds search, filters, entity links and feeds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// The static report: pages link only to each other.
    Report,
    /// The server.
    Server,
}

/// What every page's frame needs: the way back to the site's root and whether the
/// server's features are there.
struct Chrome {
    root: &'static str,
    server: bool,
}

impl Chrome {
    fn new(site: Site, depth: usize) -> Self {
        Self {
            root: if depth == 0 { "" } else { "../" },
            server: site == Site::Server,
        }
    }
}

/// The index of stories.
#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage<'a> {
    chrome: Chrome,
    stories: Vec<StoryRow<'a>>,
    listing: Option<ListingView>,
}

/// A page of the server's story list: the filters it was asked for, and where it is.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    /// Words.
    pub q: String,
    /// Entity, any spelling.
    pub entity: String,
    /// Site.
    pub site: String,
    /// Agency.
    pub agency: String,
    /// Updated on or after (as typed).
    pub from: String,
    /// First seen on or before (as typed).
    pub to: String,
    /// Most articles first instead of newest first.
    pub by_size: bool,
    /// This page, from 1.
    pub page: usize,
    /// Stories per page.
    pub per_page: usize,
    /// Stories that match in all.
    pub total: usize,
}

struct ListingView {
    q: String,
    entity: String,
    site: String,
    agency: String,
    from: String,
    to: String,
    by_size: bool,
    page: usize,
    pages: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    entity_feed: Option<String>,
}

impl Listing {
    fn view(&self) -> ListingView {
        let pages = self.total.div_ceil(self.per_page.max(1)).max(1);
        let link = |page: usize| {
            let mut parameters: Vec<String> = [
                ("q", &self.q),
                ("entity", &self.entity),
                ("site", &self.site),
                ("agency", &self.agency),
                ("from", &self.from),
                ("to", &self.to),
            ]
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| format!("{name}={}", query_escape(value)))
            .collect();
            if self.by_size {
                parameters.push("sort=size".to_string());
            }
            parameters.push(format!("page={page}"));
            format!("/?{}", parameters.join("&"))
        };
        ListingView {
            q: self.q.clone(),
            entity: self.entity.clone(),
            site: self.site.clone(),
            agency: self.agency.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            by_size: self.by_size,
            page: self.page,
            pages,
            total: self.total,
            previous: (self.page > 1).then(|| link(self.page - 1)),
            next: (self.page < pages).then(|| link(self.page + 1)),
            entity_feed: (!self.entity.is_empty())
                .then(|| format!("/feeds/entities/{}.atom", path_escape(&self.entity))),
        }
    }
}

/// Search results.
#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage<'a> {
    chrome: Chrome,
    query: &'a str,
    entities: Vec<EntityResult<'a>>,
    stories: Vec<StoryResult<'a>>,
    articles: Vec<ArticleResult<'a>>,
}

struct EntityResult<'a> {
    name: &'a str,
    kind: &'static str,
    aliases: String,
    stories: usize,
    query: String,
    path: String,
}

struct StoryResult<'a> {
    id: &'a str,
    title: &'a str,
    snippet: &'a str,
}

struct ArticleResult<'a> {
    id: &'a str,
    title: &'a str,
    site: &'a str,
    story: &'a str,
    snippet: &'a str,
}

/// One article on a page of its own.
#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage<'a> {
    chrome: Chrome,
    id: &'a str,
    title: &'a str,
    story_id: &'a str,
    story_title: &'a str,
    site: String,
    url: Option<&'a str>,
    byline: Option<&'a str>,
    published: Option<String>,
    fetched: String,
    language: Option<&'a str>,
    credits: String,
    lineage: &'static str,
    lineage_source: Option<LineageSource>,
    similarity: Option<String>,
    joined: Option<String>,
    paragraphs: Vec<&'a str>,
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
    chrome: Chrome,
    id: &'a str,
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
    graph: LineageGraph,
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
    id: &'a str,
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
    /// Reported speech: shown without quotation marks.
    indirect: bool,
    /// Other wordings, each with the source that used it and whether it is reported.
    variants: Vec<(String, &'a str, bool)>,
    sources: String,
}

/// One entity on a story page: its name, kind, other spellings and reach.
struct EntityView<'a> {
    name: &'a str,
    /// The name as a query parameter value (`/?entity=…`).
    query: String,
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

/// The static report's index page for `stories`.
pub fn render_index(stories: &[StorySummary]) -> Result<String, RenderError> {
    index_page(stories, Site::Report, None)
}

/// The server's index page: one page of `stories`, with the filters that chose them.
pub fn render_listing(stories: &[StorySummary], listing: &Listing) -> Result<String, RenderError> {
    index_page(stories, Site::Server, Some(listing.view()))
}

fn index_page(
    stories: &[StorySummary],
    site: Site,
    listing: Option<ListingView>,
) -> Result<String, RenderError> {
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
    IndexPage {
        chrome: Chrome::new(site, 0),
        stories,
        listing,
    }
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
pub fn render_story(story: &StoryDocument, site: Site) -> Result<String, RenderError> {
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
        chrome: Chrome::new(site, 1),
        id: story.id.as_str(),
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
                query: query_escape(&entity.name),
                kind: entity_kind(entity.entity_type),
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
        graph: lineage_graph(story, &label),
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
pub(crate) fn article_number(story: &StoryDocument, id: &ArticleId) -> Option<usize> {
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
            id: &claim.id,
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
            indirect: quote.indirect,
            variants: quote
                .variants
                .iter()
                .filter(|variant| variant.text != quote.text)
                .map(|variant| {
                    (
                        label(&variant.article),
                        variant.text.as_str(),
                        variant.indirect,
                    )
                })
                .collect(),
            sources: {
                // An article that quotes and paraphrases a statement is one source.
                let mut labels: Vec<String> = Vec::new();
                for variant in &quote.variants {
                    let label = label(&variant.article);
                    if !labels.contains(&label) {
                        labels.push(label);
                    }
                }
                labels.join(", ")
            },
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

/// The page of one article, in the story `story` (id and headline); `source` is the
/// article it copies, when the store has it (its site names the link).
pub fn render_article(
    record: &ArticleRecord,
    story: &StorySummary,
    source: Option<&Article>,
    site: Site,
) -> Result<String, RenderError> {
    let article = &record.article;
    let joined = record.membership.as_ref().map(|membership| {
        if membership.founded {
            "It founded the story.".to_string()
        } else {
            let mut reasons = format!(
                "Score {:.3} against a threshold of {:.3}",
                membership.score, membership.threshold
            );
            if !membership.shared_entities.is_empty() {
                reasons.push_str(&format!(
                    "; names shared: {}",
                    membership.shared_entities.join(", ")
                ));
            }
            if !membership.shared_terms.is_empty() {
                reasons.push_str(&format!(
                    "; words shared: {}",
                    membership.shared_terms.join(", ")
                ));
            }
            reasons.push('.');
            reasons
        }
    });
    ArticlePage {
        chrome: Chrome::new(site, 1),
        id: article.id.as_str(),
        title: article.title.as_deref().unwrap_or("(untitled)"),
        story_id: story.id.as_str(),
        story_title: &story.title,
        site: source_label(article),
        url: article.url.as_deref().filter(|url| is_web_url(url)),
        byline: article.byline.as_deref(),
        published: article.published.map(display_time),
        fetched: display_time(article.fetched_at),
        language: article.language.as_deref(),
        credits: article.credits.join(", "),
        lineage: record.lineage.kind.as_str(),
        lineage_source: record.lineage.of.as_ref().map(|of| LineageSource {
            id: of.to_string(),
            label: source
                .filter(|source| &source.id == of)
                .map_or_else(|| of.to_string(), source_label),
        }),
        similarity: record
            .lineage
            .of
            .as_ref()
            .map(|_| format!("{:.2}", record.lineage.similarity)),
        joined,
        paragraphs: article.paragraphs().collect(),
    }
    .render()
    .map_err(|source| RenderError::Template {
        page: format!("article {}", article.id),
        source,
    })
}

/// The server's search results: entities, stories and articles.
pub fn render_search(
    query: &str,
    entities: &[EntityMatch],
    hits: &SearchHits,
) -> Result<String, RenderError> {
    SearchPage {
        chrome: Chrome::new(Site::Server, 0),
        query,
        entities: entities
            .iter()
            .map(|entity| EntityResult {
                name: &entity.name,
                kind: entity_kind(entity.entity_type),
                aliases: entity
                    .aliases
                    .iter()
                    .filter(|alias| **alias != entity.name)
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
                stories: entity.story_count,
                query: query_escape(&entity.name),
                path: path_escape(&entity.name),
            })
            .collect(),
        stories: hits
            .stories
            .iter()
            .map(|hit| StoryResult {
                id: hit.id.as_str(),
                title: &hit.title,
                snippet: &hit.snippet,
            })
            .collect(),
        articles: hits
            .articles
            .iter()
            .map(|hit| ArticleResult {
                id: hit.id.as_str(),
                title: hit.title.as_deref().unwrap_or("(untitled)"),
                site: hit.site.as_deref().unwrap_or(""),
                story: hit.story.as_str(),
                snippet: &hit.snippet,
            })
            .collect(),
    }
    .render()
    .map_err(|source| RenderError::Template {
        page: "search results".to_string(),
        source,
    })
}

fn entity_kind(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "person",
        EntityType::Place => "place",
        EntityType::Organization => "organisation",
        EntityType::Other => "other",
    }
}

/// Percent-escapes a query parameter value (spaces as `%20`): every byte but
/// unreserved ASCII.
pub fn query_escape(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// Percent-escapes one path segment (`/` included, so a name never adds a segment).
fn path_escape(value: &str) -> String {
    query_escape(value)
}

/// How a page names an article's source: its site, else the file or URL it came from.
pub(crate) fn source_label(article: &Article) -> String {
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

/// A time to the minute, in its own offset: "2025-10-15 09:00 UTC", "2025-10-15 11:00 +02:00".
pub(crate) fn display_time(time: OffsetDateTime) -> String {
    let formatted = if time.offset().is_utc() {
        time.format(format_description!(
            "[year]-[month]-[day] [hour]:[minute] UTC"
        ))
    } else {
        time.format(format_description!(
            "[year]-[month]-[day] [hour]:[minute] [offset_hour sign:mandatory]:[offset_minute]"
        ))
    };
    formatted.unwrap_or_else(|_| time.to_string())
}

#[cfg(test)]
mod tests {
    use super::display_time;
    use time::macros::datetime;

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
}
