//! The web UI: the static report's pages, from the same templates, at the same paths
//! (`/`, `/index.html`, `/stories/{id}.html`), so links work the same in both.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use parallax::core::StoryId;

use crate::AppState;
use crate::error::ApiError;
use crate::state::{StoryLookup, look_up_story};

pub(crate) async fn index(State(state): State<AppState>) -> Response {
    let page = state
        .read(|store| {
            let stories = store
                .story_summaries()
                .map_err(|error| ApiError::internal("cannot list stories", &error))?;
            parallax_render::render_index(&stories)
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
            StoryLookup::Found(story) => parallax_render::render_story(&story)
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

pub(crate) async fn not_found() -> Response {
    error_page(StatusCode::NOT_FOUND, "No such page.")
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
