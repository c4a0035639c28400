//! The pages: story index and story page, as view models over the contract's documents.

use askama::Template;
use time::OffsetDateTime;
use time::macros::format_description;

use parallax_core::contract::{StoryDocument, StorySummary};

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
    articles: Vec<ArticleView<'a>>,
}

struct ArticleView<'a> {
    id: &'a str,
    title: &'a str,
    site: &'a str,
    url: Option<&'a str>,
    byline: Option<&'a str>,
    published: Option<String>,
    lineage: String,
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

/// The page of one story.
pub fn render_story(story: &StoryDocument) -> Result<String, RenderError> {
    let articles = story
        .articles
        .iter()
        .map(|record| {
            let article = &record.article;
            ArticleView {
                id: article.id.as_str(),
                title: article.title.as_deref().unwrap_or("(untitled)"),
                site: article.site.as_deref().unwrap_or(&article.origin),
                url: article.url.as_deref().filter(|url| is_web_url(url)),
                byline: article.byline.as_deref(),
                published: article.published.map(display_time),
                lineage: match &record.lineage.of {
                    Some(of) => format!("{} of {of}", record.lineage.kind.as_str()),
                    None => record.lineage.kind.as_str().to_string(),
                },
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
        articles,
    }
    .render()
    .map_err(|source| RenderError::Template {
        page: format!("story {}", story.id),
        source,
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
