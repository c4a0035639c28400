//! The JSON API: `GET /api/stories` (filtered, sorted, paginated), `GET /api/stories/{id}`
//! (the contract's story; merged ids redirect to the story they joined), `GET
//! /api/articles/{id}`, and `POST /api/articles` (ingest, when allowed).

use std::collections::HashSet;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use parallax::core::contract::{ArticleRecord, SCHEMA_VERSION, StorySummary};
use parallax::core::{ArticleId, StoryId};
use parallax::ingest::Input;
use parallax::store::Mention;
use parallax::{IngestReport, QuietProgress};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::AppState;
use crate::error::ApiError;
use crate::state::{StoryLookup, look_up_story};

/// Stories per page unless asked otherwise.
const DEFAULT_PER_PAGE: usize = 20;
/// At most this many per page.
const MAX_PER_PAGE: usize = 100;

/// `GET /api/stories` parameters.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StoryQuery {
    /// Words the headline must contain (all of them, any case).
    q: Option<String>,
    /// A source (site or origin) the story must have.
    site: Option<String>,
    /// An entity the story must name (any of its spellings, any case).
    entity: Option<String>,
    /// An agency or outlet the story must be backed by (any case).
    agency: Option<String>,
    /// Stories updated at or after this time (RFC 3339 or a date).
    from: Option<String>,
    /// Stories first seen at or before this time (RFC 3339 or a date).
    to: Option<String>,
    /// `updated` (last update, newest first; the default) or `size` (most articles first).
    sort: Option<String>,
    /// Page number, from 1.
    page: Option<usize>,
    /// Stories per page (at most 100).
    per_page: Option<usize>,
}

/// One page of stories.
#[derive(Serialize)]
struct StoryPage {
    schema: u32,
    page: usize,
    per_page: usize,
    total: usize,
    stories: Vec<StorySummary>,
}

pub(crate) async fn stories(
    State(state): State<AppState>,
    query: Result<Query<StoryQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) =
        query.map_err(|error| ApiError::bad_request("bad_query", error.body_text()))?;
    let filter = Filter::from_query(&query)?;
    let page = query.page.unwrap_or(1);
    let per_page = query.per_page.unwrap_or(DEFAULT_PER_PAGE);
    if page == 0 || per_page == 0 || per_page > MAX_PER_PAGE {
        return Err(ApiError::bad_request(
            "bad_page",
            format!("page must be 1 or more and per_page 1 to {MAX_PER_PAGE}"),
        ));
    }
    let named: Vec<(Mention, String)> = [
        (Mention::Entity, query.entity.clone()),
        (Mention::Agency, query.agency.clone()),
    ]
    .into_iter()
    .filter_map(|(kind, name)| Some((kind, name?)))
    .collect();
    let (mut stories, allowed) = state
        .read(move |store| {
            let stories = store
                .story_summaries()
                .map_err(|error| ApiError::internal("cannot list stories", &error))?;
            let mut allowed: Option<HashSet<StoryId>> = None;
            for (kind, name) in named {
                let found: HashSet<StoryId> = store
                    .stories_mentioning(kind, &name)
                    .map_err(|error| ApiError::internal("cannot filter stories", &error))?
                    .into_iter()
                    .collect();
                allowed = Some(match allowed {
                    Some(before) => before.intersection(&found).cloned().collect(),
                    None => found,
                });
            }
            Ok((stories, allowed))
        })
        .await?;
    stories.retain(|story| {
        filter.keeps(story) && allowed.as_ref().is_none_or(|ids| ids.contains(&story.id))
    });
    match filter.sort {
        Sort::Updated => stories.sort_by_key(|story| std::cmp::Reverse(story.last_updated)),
        Sort::Size => stories.sort_by_key(|story| std::cmp::Reverse(story.article_count)),
    }
    let total = stories.len();
    let stories = stories
        .into_iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .collect();
    Ok(Json(StoryPage {
        schema: SCHEMA_VERSION,
        page,
        per_page,
        total,
        stories,
    })
    .into_response())
}

#[derive(Clone, Copy)]
enum Sort {
    Updated,
    Size,
}

/// The checks `GET /api/stories` applies, parsed once.
struct Filter {
    words: Vec<String>,
    site: Option<String>,
    from: Option<OffsetDateTime>,
    to: Option<OffsetDateTime>,
    sort: Sort,
}

impl Filter {
    fn from_query(query: &StoryQuery) -> Result<Self, ApiError> {
        let time = |name: &str, value: &Option<String>| {
            value
                .as_deref()
                .map(|text| {
                    parallax::core::dates::parse_datetime(text).ok_or_else(|| {
                        ApiError::bad_request(
                            "bad_date",
                            format!("{name}={text:?} is not an RFC 3339 time or a date"),
                        )
                    })
                })
                .transpose()
        };
        let sort = match query.sort.as_deref() {
            None | Some("updated") => Sort::Updated,
            Some("size") => Sort::Size,
            Some(other) => {
                return Err(ApiError::bad_request(
                    "bad_sort",
                    format!("sort={other:?}: use updated or size"),
                ));
            }
        };
        Ok(Self {
            words: query
                .q
                .as_deref()
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_lowercase)
                .collect(),
            site: query.site.as_ref().map(|site| site.to_lowercase()),
            from: time("from", &query.from)?,
            to: time("to", &query.to)?,
            sort,
        })
    }

    fn keeps(&self, story: &StorySummary) -> bool {
        let title = story.title.to_lowercase();
        self.words.iter().all(|word| title.contains(word.as_str()))
            && self.site.as_ref().is_none_or(|site| {
                story
                    .sources
                    .iter()
                    .any(|source| source.to_lowercase() == *site)
            })
            && self.from.is_none_or(|from| story.last_updated >= from)
            && self.to.is_none_or(|to| story.first_seen <= to)
    }
}

pub(crate) async fn story(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if !StoryId::is_well_formed(&id) {
        return Err(ApiError::bad_request(
            "bad_id",
            format!("{id:?} is not a story id"),
        ));
    }
    let asked = StoryId::from_string(id);
    match state
        .read(move |store| look_up_story(store, &asked))
        .await?
    {
        StoryLookup::Found(story) => Ok(Json(story).into_response()),
        // A merged id: the story it joined, permanently.
        StoryLookup::Moved(current) => {
            Ok(Redirect::permanent(&format!("/api/stories/{current}")).into_response())
        }
        StoryLookup::Missing => Err(ApiError::not_found(
            "story_not_found",
            "no story has this id",
        )),
    }
}

/// `GET /api/articles/{id}`: the article, its lineage, and its story.
#[derive(Serialize)]
struct ArticleResponse {
    #[serde(flatten)]
    record: ArticleRecord,
    story: StoryId,
}

pub(crate) async fn article(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if !ArticleId::is_well_formed(&id) {
        return Err(ApiError::bad_request(
            "bad_id",
            format!("{id:?} is not an article id"),
        ));
    }
    let id = ArticleId::from_string(id);
    let found = state
        .read(move |store| {
            store
                .article(&id)
                .map_err(|error| ApiError::internal("cannot read the article", &error))
        })
        .await?;
    match found {
        Some((record, story)) => Ok(Json(ArticleResponse { record, story }).into_response()),
        None => Err(ApiError::not_found(
            "article_not_found",
            "no article has this id",
        )),
    }
}

/// What `POST /api/articles` answers.
#[derive(Serialize)]
struct IngestResponse {
    documents: usize,
    added: usize,
    already_present: usize,
    skipped: Vec<SkippedInput>,
}

#[derive(Serialize)]
struct SkippedInput {
    origin: String,
    reason: String,
}

/// `POST /api/articles`: the body is ingested like a file given to `parallax ingest`
/// (JSONL, HTML, text, a feed or WARC, told apart the same way; `Content-Type` is not
/// trusted). 201 when something was added, 200 when everything was already there, 422
/// when every document was skipped.
pub(crate) async fn ingest(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    if body.is_empty() {
        return Err(ApiError::bad_request(
            "empty_body",
            "the request has no body",
        ));
    }
    let origin = headers
        .get("x-parallax-origin")
        .and_then(|value| value.to_str().ok())
        .filter(|value| !value.is_empty() && value.len() <= 512)
        .unwrap_or("api")
        .to_string();
    let report: IngestReport = state
        .write(move |pipeline| {
            let input = Input::bytes(origin, body.to_vec());
            pipeline
                .ingest(&[input], &QuietProgress)
                .map_err(|error| ApiError::internal("ingest failed", &error))
        })
        .await?;
    let response = IngestResponse {
        documents: report.documents,
        added: report.added,
        already_present: report.already_present,
        skipped: report
            .skipped
            .iter()
            .map(|skipped| SkippedInput {
                origin: skipped.origin.clone(),
                reason: skipped.reason.to_string(),
            })
            .collect(),
    };
    let status = if response.added > 0 {
        StatusCode::CREATED
    } else if response.already_present > 0 || response.skipped.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(response)).into_response())
}

pub(crate) async fn not_found() -> ApiError {
    ApiError::not_found("no_such_route", "no API route here")
}
