//! `parallax serve`: the JSON API of CONTRACT.md, the web UI (the static report's pages,
//! from the same templates, at the same paths) and Atom feeds, over a store.
//!
//! Safety first, because every article is hostile input: the server binds to 127.0.0.1
//! unless told otherwise, bounds request bodies (413), time (408) and concurrency, sends a
//! Content-Security-Policy that allows only the pages' own script on every response, and
//! renders article strings only through escaping templates or JSON. Routes take ids,
//! never paths, and the one asset is compiled in, so nothing on disk is reachable.
//!
//! Reads run on blocking threads, each on a store connection of its own taken from a
//! small pool; ingest (`POST /api/articles`, off unless allowed) goes through one
//! pipeline, one request at a time, with the CLI's rules.

mod api;
mod error;
mod feeds;
mod pages;
mod state;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::routing::get;
use tower::ServiceBuilder;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub use error::ServeError;
pub use state::AppState;

/// The policy every response carries: only the pages' own script, no frames, nothing
/// from elsewhere.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// How the server runs.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    /// Where to listen (127.0.0.1:8080 by default).
    pub addr: SocketAddr,
    /// Largest request body accepted, in bytes (larger ones get 413).
    pub body_limit: usize,
    /// Longest a request may take before it gets 408.
    pub request_timeout: Duration,
    /// Requests handled at once; more wait their turn.
    pub max_concurrency: usize,
    /// Whether `POST /api/articles` ingests (off by default).
    pub allow_ingest: bool,
}

impl Default for ServeConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            body_limit: 2 * 1024 * 1024,
            request_timeout: Duration::from_secs(10),
            max_concurrency: 256,
            allow_ingest: false,
        }
    }
}

/// The routes, with their limits and headers.
pub fn router(state: AppState, config: &ServeConfig) -> Router {
    let api = Router::new()
        .route("/stories", get(api::stories))
        .route("/stories/{id}", get(api::story))
        .route("/articles", axum::routing::post(api::ingest))
        .route("/articles/{id}", get(api::article))
        .route("/search", get(api::search))
        .route("/entities", get(api::entities))
        .fallback(api::not_found);
    Router::new()
        .route("/", get(pages::index))
        .route("/index.html", get(pages::index))
        .route("/stories/{file}", get(pages::story))
        .route("/articles/{file}", get(pages::article))
        .route("/search", get(pages::search))
        .route("/assets/{name}", get(pages::asset))
        .route("/feeds/stories.atom", get(feeds::all_stories))
        .route("/feeds/stories/{file}", get(feeds::story))
        .route("/feeds/entities/{file}", get(feeds::entity))
        .nest("/api", api)
        .fallback(pages::not_found)
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(RequestBodyLimitLayer::new(config.body_limit))
                .layer(SetResponseHeaderLayer::overriding(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(CONTENT_SECURITY_POLICY),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("no-referrer"),
                ))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    config.request_timeout,
                ))
                .layer(tower::limit::ConcurrencyLimitLayer::new(
                    config.max_concurrency.max(1),
                )),
        )
}

/// Serves `state` until the process is interrupted (Ctrl-C).
pub async fn serve(state: AppState, config: ServeConfig) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.addr,
            source,
        })?;
    serve_on(listener, state, config).await
}

/// Serves `state` on a listener already bound (tests bind port 0).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    config: ServeConfig,
) -> Result<(), ServeError> {
    let app = router(state, &config);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(ServeError::Io)
}
