//! Atom feeds: every story (newest update first; an entry per story, updated when it
//! gains articles), one story (an entry per article as it joined and per claim as it was
//! first reported), and one entity (an entry per story that names it, by any spelling).

use atom_syndication::{Entry, Feed, FixedDateTime, Link, Text};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

use parallax::core::contract::{StoryDocument, StorySummary};
use parallax::core::{ArticleId, StoryId};
use parallax::store::{StoryFilter, StorySort};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::AppState;
use crate::error::ApiError;
use crate::state::{StoryLookup, look_up_story};

/// Stories in the all-stories feed.
const FEED_STORIES: usize = 50;

pub(crate) async fn all_stories(State(state): State<AppState>) -> Result<Response, ApiError> {
    let stories = newest_stories(&state, StoryFilter::default()).await?;
    Ok(atom(stories_feed(
        "urn:parallax:stories",
        "Parallax: all stories",
        "/",
        &stories,
    )))
}

/// `/feeds/entities/{name}.atom`: the stories that name an entity, by any spelling.
pub(crate) async fn entity(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let Some(name) = file
        .strip_suffix(".atom")
        .map(str::trim)
        .filter(|name| !name.is_empty() && name.len() <= 200)
    else {
        return Err(ApiError::not_found("no_such_feed", "no feed here"));
    };
    let filter = StoryFilter {
        entity: Some(name.to_string()),
        ..StoryFilter::default()
    };
    let stories = newest_stories(&state, filter).await?;
    let key: String = name
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    Ok(atom(stories_feed(
        &format!("urn:parallax:entity:{key}"),
        &format!("Parallax: {name}"),
        &format!("/?entity={}", parallax_render::query_escape(name)),
        &stories,
    )))
}

/// The newest [`FEED_STORIES`] stories `filter` keeps.
async fn newest_stories(
    state: &AppState,
    filter: StoryFilter,
) -> Result<Vec<StorySummary>, ApiError> {
    let filter = StoryFilter {
        sort: StorySort::Updated,
        offset: 0,
        limit: FEED_STORIES,
        ..filter
    };
    state
        .read(move |store| {
            store
                .list_stories(&filter)
                .map(|list| list.stories)
                .map_err(|error| ApiError::internal("cannot list stories", &error))
        })
        .await
}

/// A feed with an entry per story, updated when the story last gained an article.
fn stories_feed(id: &str, title: &str, href: &str, stories: &[StorySummary]) -> Feed {
    let entries = stories
        .iter()
        .map(|story| {
            entry(
                format!("urn:parallax:story:{}", story.id),
                &story.title,
                format!("/stories/{}.html", story.id),
                story.last_updated,
                format!(
                    "{} articles from {}",
                    story.article_count,
                    story.sources.join(", ")
                ),
            )
        })
        .collect();
    feed(
        id,
        title,
        href,
        stories.first().map(|story| story.last_updated),
        entries,
    )
}

pub(crate) async fn story(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let Some(id) = file
        .strip_suffix(".atom")
        .filter(|id| StoryId::is_well_formed(id))
    else {
        return Err(ApiError::not_found("no_such_feed", "no feed here"));
    };
    let asked = StoryId::from_string(id);
    let story = match state
        .read(move |store| look_up_story(store, &asked))
        .await?
    {
        StoryLookup::Found(story) => story,
        StoryLookup::Moved(current) => {
            return Ok(
                Redirect::permanent(&format!("/feeds/stories/{current}.atom")).into_response(),
            );
        }
        StoryLookup::Missing => {
            return Err(ApiError::not_found(
                "story_not_found",
                "no story has this id",
            ));
        }
    };
    let page = format!("/stories/{}.html", story.id);
    let mut entries: Vec<Entry> = story
        .articles
        .iter()
        .map(|record| {
            let article = &record.article;
            let source = source_of(article);
            entry(
                format!("urn:parallax:article:{}", article.id),
                &format!(
                    "{source}: {}",
                    article.title.as_deref().unwrap_or("(untitled)")
                ),
                format!("{page}#{}", article.id),
                article.seen_at(),
                format!("{} ({})", source, record.lineage.kind.as_str()),
            )
        })
        .collect();
    entries.extend(claim_entries(&story, &page));
    // Newest first; ties (a claim and the article that first reported it) article first.
    entries.sort_by_key(|entry| std::cmp::Reverse(entry.updated));
    Ok(atom(feed(
        &format!("urn:parallax:story:{}", story.id),
        &story.title,
        &page,
        Some(story.last_updated),
        entries,
    )))
}

/// How a feed names an article's source: its site, else where it came from.
fn source_of(article: &parallax::core::Article) -> String {
    article
        .site
        .clone()
        .unwrap_or_else(|| article.origin.clone())
}

/// An entry per claim, dated when its first supporting article was seen.
fn claim_entries(story: &StoryDocument, page: &str) -> Vec<Entry> {
    let seen: HashMap<&ArticleId, (OffsetDateTime, String)> = story
        .articles
        .iter()
        .map(|record| {
            let article = &record.article;
            (&article.id, (article.seen_at(), source_of(article)))
        })
        .collect();
    story
        .analysis
        .claims
        .iter()
        .filter_map(|claim| {
            let (first, source) = claim
                .support
                .iter()
                .filter_map(|support| seen.get(&support.article))
                .min_by_key(|(time, _)| *time)?;
            let sources = claim.support.iter().filter(|support| !support.copy).count();
            Some(entry(
                format!("urn:parallax:claim:{}:{}", story.id, claim.id),
                &format!("Claim: {}", claim.text),
                format!("{page}#{}", claim.id),
                *first,
                format!("First reported by {source}; {sources} independent source(s)."),
            ))
        })
        .collect()
}

fn rfc3339(time: OffsetDateTime) -> FixedDateTime {
    time.format(&Rfc3339)
        .ok()
        .and_then(|text| FixedDateTime::parse_from_rfc3339(&text).ok())
        .unwrap_or_default()
}

fn link(href: String) -> Link {
    Link {
        href,
        rel: "alternate".into(),
        mime_type: Some("text/html".into()),
        ..Link::default()
    }
}

fn entry(id: String, title: &str, href: String, updated: OffsetDateTime, summary: String) -> Entry {
    Entry {
        id,
        title: Text::plain(title),
        updated: rfc3339(updated),
        links: vec![link(href)],
        summary: Some(Text::plain(summary)),
        ..Entry::default()
    }
}

fn feed(
    id: &str,
    title: &str,
    href: &str,
    updated: Option<OffsetDateTime>,
    entries: Vec<Entry>,
) -> Feed {
    Feed {
        id: id.to_string(),
        title: Text::plain(title),
        updated: rfc3339(updated.unwrap_or(OffsetDateTime::UNIX_EPOCH)),
        links: vec![link(href.to_string())],
        entries,
        ..Feed::default()
    }
}

fn atom(feed: Feed) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.to_string(),
    )
        .into_response()
}
