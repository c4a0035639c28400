//! Extraction: a [`RawDocument`] in, an [`Article`] out — the main text as paragraphs with
//! the site's chrome (navigation, cookie notices, share prompts, "Related posts") removed,
//! and the title, site, URL, publication date, byline and language the page states.
//!
//! Two kinds of input, two extractors behind one [`Extractor`] interface:
//! HTML pages (`html`: structure, metadata tags, link density) and text already scraped
//! from a page (`scraped_text`: line by line, by position, shape and known chrome).
//! [`DefaultExtractor`] picks by the document's media type. Metadata the container
//! supplied (a JSONL row's `title`, `url`...) wins over what the body says.
//!
//! ```
//! use parallax_core::{ContentHash, MediaType, RawDocument, SuppliedMetadata};
//! use parallax_extract::{DefaultExtractor, Extractor};
//!
//! let body = "Quake hits Velmora | World | harbour-times.example\n\
//!             Rescuers searched collapsed homes in Velmora through the night, officials said.\n\
//!             Related posts\n\
//!             Ferry strike ends";
//! let doc = RawDocument {
//!     origin: "quake.txt".into(),
//!     media: MediaType::Text,
//!     body: body.into(),
//!     supplied: SuppliedMetadata::default(),
//!     fetched_at: time::OffsetDateTime::UNIX_EPOCH,
//!     content_hash: ContentHash::of(body.as_bytes()),
//! };
//! let article = DefaultExtractor::default().extract(&doc).unwrap();
//! assert_eq!(article.title.as_deref(), Some("Quake hits Velmora"));
//! assert_eq!(article.site.as_deref(), Some("harbour-times.example"));
//! assert_eq!(article.text, "Rescuers searched collapsed homes in Velmora through the night, officials said.");
//! ```

mod chrome;
mod credits;
mod html;
mod language;
mod scraped_text;

use parallax_core::{Article, ArticleId, MediaType, RawDocument, SkipReason};

pub use html::MAX_MARKUP_DEPTH;

/// Turns a raw document into an article, or says why it holds none.
///
/// # Invariants
/// - The result depends only on the document: extraction is a pure function.
/// - An `Ok` article has non-empty `text`.
pub trait Extractor: Send + Sync {
    /// Extracts the article in `document`.
    fn extract(&self, document: &RawDocument) -> Result<Article, SkipReason>;
}

/// What an extractor found in a body, before it is merged with supplied metadata.
#[derive(Debug, Default)]
pub(crate) struct Extracted {
    pub(crate) title: Option<String>,
    pub(crate) site: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) published: Option<time::OffsetDateTime>,
    pub(crate) byline: Option<String>,
    pub(crate) language: Option<String>,
    pub(crate) paragraphs: Vec<String>,
    pub(crate) syndication: Option<String>,
}

/// The extractor for every media type Parallax reads.
#[derive(Clone, Debug, Default)]
pub struct DefaultExtractor;

impl Extractor for DefaultExtractor {
    fn extract(&self, document: &RawDocument) -> Result<Article, SkipReason> {
        let extracted = match document.media {
            MediaType::Html => html::extract(&document.body)?,
            MediaType::Text => scraped_text::extract(&document.body),
        };
        into_article(document, extracted)
    }
}

fn into_article(document: &RawDocument, extracted: Extracted) -> Result<Article, SkipReason> {
    let text = without_controls(&extracted.paragraphs.join("\n\n"), "\n");
    if text.trim().is_empty() {
        return Err(SkipReason::NoText);
    }
    let supplied = &document.supplied;
    let url = supplied.url.clone().or(extracted.url);
    let site = supplied
        .site
        .clone()
        .or(extracted.site)
        .or_else(|| url.as_deref().and_then(html::host_of));
    let language = extracted.language.or_else(|| language::detect(&text));
    let credits = credits::find(&text);
    Ok(Article {
        id: ArticleId::derive(&document.origin, &document.content_hash),
        origin: document.origin.clone(),
        url,
        site,
        title: supplied
            .title
            .clone()
            .or(extracted.title)
            .map(|title| without_controls(&title, " ")),
        byline: extracted
            .byline
            .map(|byline| without_controls(&byline, " ")),
        published: supplied.published.or(extracted.published),
        language,
        text,
        credits,
        fetched_at: document.fetched_at,
        syndication: extracted.syndication,
    })
}

/// `value` without control characters, which are never content (an escape sequence, a
/// stray NUL or bell): each is dropped; line breaks become `line_break` ("\n" in text,
/// a space in a title), tabs a space.
fn without_controls(value: &str, line_break: &str) -> String {
    let mut clean = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => clean.push_str(line_break),
            '\t' => clean.push(' '),
            c if c.is_control() => {}
            c => clean.push(c),
        }
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::without_controls;

    #[test]
    fn control_characters_never_reach_an_article() {
        assert_eq!(
            without_controls("Quake\u{1b}]0;x\u{7} hits\tVelmora\r\nNext", "\n"),
            "Quake]0;x hits Velmora\nNext"
        );
        assert_eq!(without_controls("Two\nlines\rhere", " "), "Two lines here");
    }
}
