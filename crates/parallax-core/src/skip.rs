//! Skips: inputs a stage could not use, with the reason, reported to the user by name.
//! A skip is the input's fault (exit status 2), never ours.

use std::fmt;

/// Why an input was skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// No bytes, or only white space.
    Empty,
    /// Larger than the configured cap.
    TooLarge {
        /// Size seen (at least), in bytes.
        size: u64,
        /// The cap, in bytes.
        limit: u64,
    },
    /// Binary data, with what it looks like.
    Binary(String),
    /// Compressed data in a format not read transparently.
    Compressed(String),
    /// Text that could not be decoded.
    Undecodable(String),
    /// A format Parallax recognises but does not read yet.
    UnsupportedFormat(String),
    /// A JSONL row that is not a JSON object of the expected shape.
    MalformedJson(String),
    /// A container (WARC, feed, gzip) whose structure is broken, with what is wrong.
    Malformed(String),
    /// A record that is not an article page (an image, an error response...), with what it is.
    NotAPage(String),
    /// Markup nested deeper than the extractor follows.
    TooDeep {
        /// The nesting limit.
        limit: usize,
    },
    /// Extraction found no article text.
    NoText,
    /// The input could not be read.
    Io(String),
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("empty"),
            Self::TooLarge { size, limit } => {
                write!(f, "too large ({size} bytes; the limit is {limit} bytes)")
            }
            Self::Binary(what) => write!(f, "binary content ({what})"),
            Self::Compressed(what) => write!(
                f,
                "compressed content ({what}) is not read (only gzip is); decompress it first"
            ),
            Self::Undecodable(why) => write!(f, "cannot decode text: {why}"),
            Self::UnsupportedFormat(what) => write!(f, "{what} input is not supported yet"),
            Self::MalformedJson(why) => write!(f, "malformed JSON: {why}"),
            Self::Malformed(why) => write!(f, "malformed: {why}"),
            Self::NotAPage(what) => write!(f, "not an article page ({what})"),
            Self::TooDeep { limit } => write!(f, "markup nested deeper than {limit} levels"),
            Self::NoText => f.write_str("no article text found"),
            Self::Io(why) => write!(f, "cannot read: {why}"),
        }
    }
}

/// An input that was skipped: where it came from, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The file, `file:LINE` for a JSONL row, or `stdin`.
    pub origin: String,
    /// Why.
    pub reason: SkipReason,
}

impl Skipped {
    /// A skip of `origin` for `reason`.
    pub fn new(origin: impl Into<String>, reason: SkipReason) -> Self {
        Self {
            origin: origin.into(),
            reason,
        }
    }
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "skipped {}: {}", self.origin, self.reason)
    }
}
