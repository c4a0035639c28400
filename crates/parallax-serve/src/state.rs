//! What the handlers share: a bounded pool of read connections to the store, and the
//! pipeline that ingests when ingest is allowed.

use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use parallax::store::Store;
use parallax::{Pipeline, Settings, StoreLocation};
use tokio::sync::Semaphore;

use crate::ServeError;
use crate::error::ApiError;

/// Read connections per core: reads are short and mostly CPU (rendering, JSON), so a few
/// per core keep the cores busy; more requests wait for a connection instead of opening
/// one each (which costs more than most reads).
const READERS_PER_CORE: usize = 2;
/// At least this many read connections.
const MIN_READERS: usize = 4;

/// The server's shared state.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    location: StoreLocation,
    /// Idle connections; opened on demand, never more than `permits` allows.
    readers: Mutex<Vec<Box<dyn Store>>>,
    /// One permit per connection that may be in use.
    permits: Semaphore,
    writer: Option<Mutex<Pipeline>>,
}

impl AppState {
    /// State over the store `settings` name; with a pipeline for ingest when
    /// `allow_ingest`.
    pub fn open(settings: Settings, allow_ingest: bool) -> Result<Self, ServeError> {
        let location = settings.store.clone();
        if matches!(location, StoreLocation::Memory) {
            // Every connection to a memory store is a new, empty database.
            return Err(ServeError::MemoryStore);
        }
        let first = parallax::open_store_for_reading(&location).map_err(ServeError::Store)?;
        let writer = if allow_ingest {
            Some(Mutex::new(
                Pipeline::new(settings).map_err(ServeError::Store)?,
            ))
        } else {
            None
        };
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Ok(Self {
            inner: Arc::new(Inner {
                location,
                readers: Mutex::new(vec![first]),
                permits: Semaphore::new((cores * READERS_PER_CORE).max(MIN_READERS)),
                writer,
            }),
        })
    }

    /// Runs `read` on a store connection, on a blocking thread.
    pub(crate) async fn read<T: Send + 'static>(
        &self,
        read: impl FnOnce(&dyn Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let inner = Arc::clone(&self.inner);
        let _permit = self
            .inner
            .permits
            .acquire()
            .await
            .map_err(|error| ApiError::internal("the reader pool is closed", &error))?;
        tokio::task::spawn_blocking(move || {
            let store = inner.take_reader()?;
            let result = read(store.as_ref());
            inner.give_back(store);
            result
        })
        .await
        .map_err(|error| ApiError::internal("a read task failed", &error))?
    }

    /// Runs `write` with the pipeline, one at a time, on a blocking thread; `None` when
    /// ingest is not allowed.
    pub(crate) async fn write<T: Send + 'static>(
        &self,
        write: impl FnOnce(&mut Pipeline) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            let Some(writer) = &inner.writer else {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "ingest_disabled",
                    "this server does not ingest; start it with --allow-ingest",
                ));
            };
            let mut pipeline = writer.lock().map_err(|_| {
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "the ingest pipeline failed earlier",
                )
            })?;
            write(&mut pipeline)
        })
        .await
        .map_err(|error| ApiError::internal("an ingest task failed", &error))?
    }
}

/// A story looked up by an id a caller gave.
pub(crate) enum StoryLookup {
    /// The story itself.
    Found(Box<parallax::core::contract::StoryDocument>),
    /// The id was merged into this story.
    Moved(parallax::core::StoryId),
    /// No story has, or had, this id.
    Missing,
}

/// Looks `asked` up, following merges.
pub(crate) fn look_up_story(
    store: &dyn Store,
    asked: &parallax::core::StoryId,
) -> Result<StoryLookup, ApiError> {
    let Some(current) = store
        .resolve_story(asked)
        .map_err(|error| ApiError::internal("cannot resolve the story", &error))?
    else {
        return Ok(StoryLookup::Missing);
    };
    if &current != asked {
        return Ok(StoryLookup::Moved(current));
    }
    let story = store
        .story(&current)
        .map_err(|error| ApiError::internal("cannot read the story", &error))?;
    Ok(story.map_or(StoryLookup::Missing, |story| {
        StoryLookup::Found(Box::new(story))
    }))
}

impl Inner {
    fn take_reader(&self) -> Result<Box<dyn Store>, ApiError> {
        let pooled = self.readers.lock().ok().and_then(|mut pool| pool.pop());
        match pooled {
            Some(store) => Ok(store),
            None => parallax::open_store_for_reading(&self.location)
                .map_err(|error| ApiError::internal("cannot open the store", &error)),
        }
    }

    fn give_back(&self, store: Box<dyn Store>) {
        if let Ok(mut pool) = self.readers.lock() {
            pool.push(store);
        }
    }
}
