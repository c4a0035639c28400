//! The web UI: the static report's pages, from the same templates, at the same paths
//! (`/`, `/index.html`, `/stories/{id}.html`, `/articles/{id}.html`), so links work the
//! same in both; plus what only a server can do: the story list filtered and paged
//! (`/?q=…&entity=…`), search results (`/search?q=…`), and the pages' script
//! (`/assets/parallax.js`, the only asset: no path from a request reaches the disk).

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use parallax::core::{ArticleId, StoryId};
use parallax_render::{Listing, Site};
use serde::Deserialize;

use crate::AppState;
use crate::api::StoryQuery;
use crate::error::ApiError;
use crate::state::{StoryLookup, look_up_story};

/// Entities shown on a search page at most.
const SEARCH_ENTITIES: usize = 10;
/// Stories and articles shown on a search page at most, each.
const SEARCH_HITS: usize = 30;

pub(crate) async fn index(
    State(state): State<AppState>,
    query: Result<Query<StoryQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(query)) = query else {
        return error_page(StatusCode::BAD_REQUEST, "The filters are not understood.");
    };
    let filter = match query.filter() {
        Ok(filter) => filter,
        Err(error) => return error_page(error.status(), error.message()),
    };
    let mut listing = query.listing();
    let page = state
        .read(move |store| {
            let list = store
                .list_stories(&filter)
                .map_err(|error| ApiError::internal("cannot list stories", &error))?;
            listing.total = list.total;
            parallax_render::render_listing(&list.stories, &listing)
                .map_err(|error| ApiError::internal("cannot render the index", &error))
        })
        .await;
    html_or_error(page)
}

pub(crate) async fn story(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(id) = file
        .strip_suffix(".html")
        .filter(|id| StoryId::is_well_formed(id))
    else {
        return error_page(StatusCode::NOT_FOUND, "No such page.");
    };
    let asked = StoryId::from_string(id);
    let found = state
        .read(move |store| match look_up_story(store, &asked)? {
            StoryLookup::Found(story) => parallax_render::render_story(&story, Site::Server)
                .map(|html| Some(Ok(html)))
                .map_err(|error| ApiError::internal("cannot render the story", &error)),
            StoryLookup::Moved(current) => Ok(Some(Err(current))),
            StoryLookup::Missing => Ok(None),
        })
        .await;
    match found {
        Ok(Some(Ok(html))) => Html(html).into_response(),
        Ok(Some(Err(current))) => {
            Redirect::permanent(&format!("/stories/{current}.html")).into_response()
        }
        Ok(None) => error_page(StatusCode::NOT_FOUND, "No story has this id."),
        Err(error) => error_page(error.status(), error.message()),
    }
}

pub(crate) async fn article(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(id) = file
        .strip_suffix(".html")
        .filter(|id| ArticleId::is_well_formed(id))
    else {
        return error_page(StatusCode::NOT_FOUND, "No such page.");
    };
    let id = ArticleId::from_string(id);
    let page = state
        .read(move |store| {
            let Some((record, story)) = store
                .article(&id)
                .map_err(|error| ApiError::internal("cannot read the article", &error))?
            else {
                return Ok(None);
            };
            let Some(summary) = store
                .story_summary(&story)
                .map_err(|error| ApiError::internal("cannot read the story", &error))?
            else {
                return Ok(None);
            };
            let source = match &record.lineage.of {
                Some(of) => store
                    .article(of)
                    .map_err(|error| ApiError::internal("cannot read the source article", &error))?
                    .map(|(source, _)| source.article),
                None => None,
            };
            parallax_render::render_article(&record, &summary, source.as_ref(), Site::Server)
                .map(Some)
                .map_err(|error| ApiError::internal("cannot render the article", &error))
        })
        .await;
    match page {
        Ok(Some(html)) => Html(html).into_response(),
        Ok(None) => error_page(StatusCode::NOT_FOUND, "No article has this id."),
        Err(error) => error_page(error.status(), error.message()),
    }
}

/// `/search` parameters.
#[derive(Debug, Deserialize)]
pub(crate) struct SearchForm {
    #[serde(default)]
    q: String,
}

pub(crate) async fn search(
    State(state): State<AppState>,
    form: Result<Query<SearchForm>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(form)) = form else {
        return error_page(StatusCode::BAD_REQUEST, "The search is not understood.");
    };
    let words = form.q.trim().to_string();
    if words.is_empty() {
        return Redirect::to("/").into_response();
    }
    if words.len() > 200 {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Search for 200 characters at most.",
        );
    }
    let page = state
        .read(move |store| {
            let entities = store
                .find_entities(&words, SEARCH_ENTITIES)
                .map_err(|error| ApiError::internal("cannot find entities", &error))?;
            let hits = store
                .search(&words, SEARCH_HITS)
                .map_err(|error| ApiError::internal("cannot search", &error))?;
            parallax_render::render_search(&words, &entities, &hits)
                .map_err(|error| ApiError::internal("cannot render the results", &error))
        })
        .await;
    html_or_error(page)
}

/// The pages' script; any other asset path is not found.
pub(crate) async fn asset(Path(name): Path<String>) -> Response {
    if name != "parallax.js" {
        return error_page(StatusCode::NOT_FOUND, "No such asset.");
    }
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        parallax_render::SCRIPT,
    )
        .into_response()
}

pub(crate) async fn not_found() -> Response {
    error_page(StatusCode::NOT_FOUND, "No such page.")
}

impl StoryQuery {
    /// The filters as the index page shows them back.
    fn listing(&self) -> Listing {
        let text = |value: &Option<String>| value.as_deref().unwrap_or_default().trim().to_string();
        Listing {
            q: text(&self.q),
            entity: text(&self.entity),
            site: text(&self.site),
            agency: text(&self.agency),
            from: text(&self.from),
            to: text(&self.to),
            by_size: self.sort.as_deref() == Some("size"),
            page: self.page.unwrap_or(1),
            per_page: self.per_page.unwrap_or(crate::api::DEFAULT_PER_PAGE),
            total: 0,
        }
    }
}

fn html_or_error(page: Result<String, ApiError>) -> Response {
    match page {
        Ok(html) => Html(html).into_response(),
        Err(error) => error_page(error.status(), error.message()),
    }
}

/// A plain error page; the message is escaped.
fn error_page(status: StatusCode, message: &str) -> Response {
    let escaped = message
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} · Parallax</title></head><body><main><h1>{}</h1><p>{escaped}</p><p><a href=\"/\">All stories</a></p></main></body></html>",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error"),
    );
    (status, Html(body)).into_response()
}
