//! Input formats: what a document's bytes are, as named by the user or sniffed.

use std::fmt;
use std::str::FromStr;

/// A format Parallax recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text, as scraped.
    Text,
    /// An HTML page.
    Html,
    /// One JSON object per line, each an article.
    Jsonl,
    /// A WARC archive: each HTML response record is a document.
    Warc,
    /// An RSS, Atom or JSON feed: each item is a document.
    Feed,
}

impl Format {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Html => "html",
            Self::Jsonl => "jsonl",
            Self::Warc => "warc",
            Self::Feed => "feed",
        }
    }
}

/// The user's choice: a fixed format, or sniff each input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FormatChoice {
    /// Tell each input's format from its name and content.
    #[default]
    Auto,
    /// Read every input as this format.
    Fixed(Format),
}

/// A format name that is not one of `auto|text|html|jsonl|warc|feed`.
#[derive(Debug, thiserror::Error)]
#[error("unknown format `{0}` (expected auto, text, html, jsonl, warc or feed)")]
pub struct UnknownFormat(String);

impl FromStr for FormatChoice {
    type Err = UnknownFormat;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let format = match name {
            "auto" => return Ok(Self::Auto),
            "text" | "txt" => Format::Text,
            "html" => Format::Html,
            "jsonl" => Format::Jsonl,
            "warc" => Format::Warc,
            "feed" => Format::Feed,
            other => return Err(UnknownFormat(other.to_string())),
        };
        Ok(Self::Fixed(format))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
