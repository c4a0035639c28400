//! Atom feeds: every story (newest update first; an entry per story, updated when it
//! gains articles) and one story (an entry per article as it joined).

use atom_syndication::{Entry, Feed, FixedDateTime, Link, Text};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use parallax::core::StoryId;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::AppState;
use crate::error::ApiError;
use crate::state::{StoryLookup, look_up_story};

/// Stories in the all-stories feed.
const FEED_STORIES: usize = 50;

pub(crate) async fn all_stories(State(state): State<AppState>) -> Result<Response, ApiError> {
    let mut stories = state
        .read(|store| {
            store
                .story_summaries()
                .map_err(|error| ApiError::internal("cannot list stories", &error))
        })
        .await?;
    stories.sort_by_key(|story| std::cmp::Reverse(story.last_updated));
    stories.truncate(FEED_STORIES);
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
    let updated = stories.first().map(|story| story.last_updated);
    Ok(atom(feed(
        "urn:parallax:stories",
        "Parallax: all stories",
        "/",
        updated,
        entries,
    )))
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
            let source = article
                .site
                .clone()
                .unwrap_or_else(|| article.origin.clone());
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
    entries.reverse();
    Ok(atom(feed(
        &format!("urn:parallax:story:{}", story.id),
        &story.title,
        &page,
        Some(story.last_updated),
        entries,
    )))
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
