//! HTML pages for people: the index of stories, one page per story and per article, and
//! the server's search results, rendered from the contract's documents with askama
//! templates (in `templates/`) that escape every value, so article content — hostile
//! input — can never become markup. The static report ([`write_report`]) and the server
//! share these templates.
//!
//! Pages carry a Content-Security-Policy that allows only the pages' own script
//! ([`SCRIPT`], served from `assets/`), which only enhances: every page reads and
//! navigates without it. Pages link only to each other: a report works from a folder,
//! offline.
//!
//! ```
//! use parallax_render::render_index;
//!
//! let html = render_index(&[]).unwrap();
//! assert!(html.contains("No stories yet"));
//! ```

mod graph;
mod pages;
mod report;
mod text;

pub use pages::{
    Listing, Site, query_escape, render_article, render_index, render_listing, render_search,
    render_story,
};
pub use report::{ReportFiles, write_report};
pub use text::{story_text, terminal_safe};

/// The pages' script (citation tips, following a citation to its sentence), served as
/// `assets/parallax.js`.
pub const SCRIPT: &str = include_str!("../assets/parallax.js");

/// Why a page or report could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// A template failed to render.
    #[error("cannot render {page}")]
    Template {
        /// Which page.
        page: String,
        /// Why.
        #[source]
        source: askama::Error,
    },
    /// A file could not be written.
    #[error("cannot write {path}")]
    Write {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A story id is not safe to use as a file name.
    #[error("story id `{0}` is not well formed")]
    BadStoryId(String),
    /// An article id is not safe to use as a file name.
    #[error("article id `{0}` is not well formed")]
    BadArticleId(String),
}
