//! The JSON API: `GET /api/stories` (filtered, sorted, paginated), `GET /api/stories/{id}`
//! (the contract's story; merged ids redirect to the story they joined), `GET
//! /api/articles/{id}`, `GET /api/search` (full text over stories and articles), `GET
//! /api/entities` (entities by any spelling, over all stories), and `POST /api/articles`
//! (ingest, when allowed). Filtering, search and paging happen in the store's indexes.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use parallax::core::contract::{ArticleRecord, SCHEMA_VERSION, StorySummary};
use parallax::core::{ArticleId, StoryId};
use parallax::ingest::Input;
use parallax::store::{EntityMatch, SearchHits, StoryFilter, StorySort};
use parallax::{IngestReport, QuietProgress};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::ApiError;
use crate::state::{StoryLookup, look_up_story};

/// Stories per page unless asked otherwise.
pub(crate) const DEFAULT_PER_PAGE: usize = 20;
/// At most this many per page.
const MAX_PER_PAGE: usize = 100;

/// `GET /api/stories` parameters.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StoryQuery {
    /// Words the headline or summary must contain (all of them, any case; the last may
    /// be a word's start).
    pub(crate) q: Option<String>,
    /// A source (site or origin) the story must have.
    pub(crate) site: Option<String>,
    /// An entity the story must name (any of its spellings, any case).
    pub(crate) entity: Option<String>,
    /// An agency or outlet the story must be backed by (any case).
    pub(crate) agency: Option<String>,
    /// Stories updated at or after this time (RFC 3339 or a date).
    pub(crate) from: Option<String>,
    /// Stories first seen at or before this time (RFC 3339 or a date).
    pub(crate) to: Option<String>,
    /// `updated` (last update, newest first; the default) or `size` (most articles first).
    pub(crate) sort: Option<String>,
    /// Page number, from 1.
    pub(crate) page: Option<usize>,
    /// Stories per page (at most 100).
    pub(crate) per_page: Option<usize>,
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
    let (page, per_page) = (
        query.page.unwrap_or(1),
        query.per_page.unwrap_or(DEFAULT_PER_PAGE),
    );
    let filter = query.filter()?;
    let list = state
        .read(move |store| {
            store
                .list_stories(&filter)
                .map_err(|error| ApiError::internal("cannot list stories", &error))
        })
        .await?;
    Ok(Json(StoryPage {
        schema: SCHEMA_VERSION,
        page,
        per_page,
        total: list.total,
        stories: list.stories,
    })
    .into_response())
}

impl StoryQuery {
    /// The store's filter for these parameters; 400 for a bad page, date or sort.
    pub(crate) fn filter(&self) -> Result<StoryFilter, ApiError> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(DEFAULT_PER_PAGE);
        if page == 0 || per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(ApiError::bad_request(
                "bad_page",
                format!("page must be 1 or more and per_page 1 to {MAX_PER_PAGE}"),
            ));
        }
        let time = |name: &str, value: &Option<String>| {
            value
                .as_deref()
                .filter(|text| !text.is_empty())
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
        let sort = match self.sort.as_deref() {
            None | Some("" | "updated") => StorySort::Updated,
            Some("size") => StorySort::Size,
            Some(other) => {
                return Err(ApiError::bad_request(
                    "bad_sort",
                    format!("sort={other:?}: use updated or size"),
                ));
            }
        };
        let given = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|text| !text.is_empty())
                .map(str::to_string)
        };
        Ok(StoryFilter {
            text: given(&self.q),
            site: given(&self.site),
            entity: given(&self.entity),
            agency: given(&self.agency),
            updated_from: time("from", &self.from)?,
            first_seen_to: time("to", &self.to)?,
            sort,
            offset: (page - 1).saturating_mul(per_page),
            limit: per_page,
        })
    }
}

/// `GET /api/search` parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchQuery {
    /// The words to look for.
    q: String,
    /// Hits of each kind at most (default 20, at most 100).
    limit: Option<usize>,
}

/// `GET /api/search`: stories and articles that contain every word.
#[derive(Serialize)]
struct SearchResponse {
    schema: u32,
    query: String,
    #[serde(flatten)]
    hits: SearchHits,
}

pub(crate) async fn search(
    State(state): State<AppState>,
    query: Result<Query<SearchQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) =
        query.map_err(|error| ApiError::bad_request("bad_query", error.body_text()))?;
    let (words, limit) = words_and_limit(&query.q, query.limit)?;
    let text = words.clone();
    let hits = state
        .read(move |store| {
            store
                .search(&text, limit)
                .map_err(|error| ApiError::internal("cannot search", &error))
        })
        .await?;
    Ok(Json(SearchResponse {
        schema: SCHEMA_VERSION,
        query: words,
        hits,
    })
    .into_response())
}

/// `GET /api/entities` parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EntityQuery {
    /// Words of a spelling (the last may be a word's start).
    q: String,
    /// Entities at most (default 20, at most 100).
    limit: Option<usize>,
}

#[derive(Serialize)]
struct EntityResponse {
    schema: u32,
    query: String,
    entities: Vec<EntityMatch>,
}

pub(crate) async fn entities(
    State(state): State<AppState>,
    query: Result<Query<EntityQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) =
        query.map_err(|error| ApiError::bad_request("bad_query", error.body_text()))?;
    let (words, limit) = words_and_limit(&query.q, query.limit)?;
    let text = words.clone();
    let entities = state
        .read(move |store| {
            store
                .find_entities(&text, limit)
                .map_err(|error| ApiError::internal("cannot find entities", &error))
        })
        .await?;
    Ok(Json(EntityResponse {
        schema: SCHEMA_VERSION,
        query: words,
        entities,
    })
    .into_response())
}

/// The words of `q` (400 `empty_query` when there are none) and the checked limit.
fn words_and_limit(q: &str, limit: Option<usize>) -> Result<(String, usize), ApiError> {
    let limit = checked_limit(limit)?;
    let words = q.trim().to_string();
    if words.is_empty() {
        return Err(ApiError::bad_request("empty_query", "q must have a word"));
    }
    Ok((words, limit))
}

fn checked_limit(limit: Option<usize>) -> Result<usize, ApiError> {
    match limit.unwrap_or(DEFAULT_PER_PAGE) {
        0 => Err(ApiError::bad_request(
            "bad_limit",
            "limit must be 1 or more",
        )),
        limit if limit > MAX_PER_PAGE => Err(ApiError::bad_request(
            "bad_limit",
            format!("limit must be at most {MAX_PER_PAGE}"),
        )),
        limit => Ok(limit),
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
