//! A raw document: one decoded input (a file, a JSONL row, later a WARC record or feed
//! item) before extraction, with where it came from and what its container said about it.

use time::OffsetDateTime;

use crate::ContentHash;

/// How a document's body is marked up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaType {
    /// Plain text, typically a page's visible text as scraped, one block per line.
    Text,
    /// An HTML page or fragment.
    Html,
}

/// Metadata a container states about a document (a JSONL row's fields), trusted over
/// what extraction finds in the body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SuppliedMetadata {
    /// The article's URL.
    pub url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The publication time.
    pub published: Option<OffsetDateTime>,
    /// The outlet's name or host.
    pub site: Option<String>,
}

/// One document, decoded to UTF-8, ready for extraction.
#[derive(Clone, Debug)]
pub struct RawDocument {
    /// Where it was read from: a path as the user named it, `path:LINE` for a JSONL row,
    /// or `stdin`.
    pub origin: String,
    /// How the body is marked up.
    pub media: MediaType,
    /// The decoded body.
    pub body: String,
    /// What the container said about it.
    pub supplied: SuppliedMetadata,
    /// When it was fetched: the file's modification time, or the time it was read.
    pub fetched_at: OffsetDateTime,
    /// Hash of the document's bytes as read, before decoding.
    pub content_hash: ContentHash,
}
