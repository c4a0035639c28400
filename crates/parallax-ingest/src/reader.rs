//! The reader: one [`Input`] in, its documents (or skips) out. Whole documents are read
//! under a size cap and never past it; JSONL is streamed row by row with the cap applied
//! to each row, so a large dump is fine and a huge row is skipped alone.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};

use time::OffsetDateTime;

use parallax_core::{ContentHash, MediaType, RawDocument, SkipReason, Skipped, SuppliedMetadata};

use crate::inputs::{Input, InputSource};
use crate::sniff::{Content, classify_content, sniff_format};
use crate::{Format, FormatChoice, charset, jsonl};

/// The default cap on one document (a file, or one JSONL row): 20 MB.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 20 * 1024 * 1024;
/// How much of an input is read up front to tell its format.
const HEAD_BYTES: u64 = 8192;

/// How a [`Reader`] reads.
#[derive(Clone, Debug)]
pub struct ReaderConfig {
    /// Cap on one document's bytes; larger ones are skipped unread.
    pub max_input_bytes: u64,
    /// Fixed format, or sniff each input.
    pub format: FormatChoice,
}

impl Default for ReaderConfig {
    fn default() -> Self {
        Self {
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            format: FormatChoice::Auto,
        }
    }
}

impl ReaderConfig {
    /// The reader this configuration describes.
    pub fn build(self) -> Reader {
        Reader { config: self }
    }
}

/// Reads inputs into documents.
#[derive(Clone, Debug)]
pub struct Reader {
    config: ReaderConfig,
}

/// The documents of one input, in order, or the reasons they were skipped.
pub(crate) type Documents<'a> = Box<dyn Iterator<Item = Result<RawDocument, Skipped>> + Send + 'a>;

struct Opened {
    head: Vec<u8>,
    rest: Box<dyn Read + Send>,
    length: Option<u64>,
    fetched_at: OffsetDateTime,
}

impl Reader {
    /// Reads `input` into its documents: one for a text or HTML file, one per row for JSONL.
    pub fn read<'a>(&'a self, input: &'a Input) -> Documents<'a> {
        let skip = |reason| -> Documents<'a> {
            Box::new(std::iter::once(Err(Skipped::new(&input.origin, reason))))
        };
        let opened = match open(input) {
            Ok(opened) => opened,
            Err(error) => return skip(SkipReason::Io(error.to_string())),
        };
        match classify_content(&opened.head) {
            Content::Text => {}
            Content::Compressed(kind) => return skip(SkipReason::Compressed(kind.to_string())),
            Content::Binary(kind) => return skip(SkipReason::Binary(kind)),
        }
        if self.is_jsonl(input, &opened.head) {
            return Box::new(JsonlRows::new(input, opened, self.config.max_input_bytes));
        }
        match self.read_whole(input, opened) {
            Ok(document) => Box::new(std::iter::once(Ok(document))),
            Err(reason) => skip(reason),
        }
    }

    fn is_jsonl(&self, input: &Input, head: &[u8]) -> bool {
        match self.config.format {
            FormatChoice::Fixed(format) => format == Format::Jsonl,
            FormatChoice::Auto => {
                let head = String::from_utf8_lossy(head);
                sniff_format(&head, input.extension().as_deref()) == Format::Jsonl
            }
        }
    }

    fn read_whole(&self, input: &Input, opened: Opened) -> Result<RawDocument, SkipReason> {
        let limit = self.config.max_input_bytes;
        if let Some(length) = opened.length.filter(|&length| length > limit) {
            return Err(SkipReason::TooLarge {
                size: length,
                limit,
            });
        }
        let bytes = read_capped(opened.head, opened.rest, limit)?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(SkipReason::Empty);
        }
        let body = charset::decode(&bytes)?;
        if body.trim().is_empty() {
            return Err(SkipReason::Empty);
        }
        let format = match self.config.format {
            FormatChoice::Fixed(format) => format,
            FormatChoice::Auto => sniff_format(&body, input.extension().as_deref()),
        };
        let media = match format {
            Format::Text => MediaType::Text,
            Format::Html => MediaType::Html,
            other => return Err(SkipReason::UnsupportedFormat(other.name().to_string())),
        };
        Ok(RawDocument {
            origin: input.origin.clone(),
            media,
            body,
            supplied: SuppliedMetadata::default(),
            fetched_at: opened.fetched_at,
            content_hash: ContentHash::of(&bytes),
        })
    }
}

fn open(input: &Input) -> io::Result<Opened> {
    let (mut rest, length, fetched_at): (Box<dyn Read + Send>, _, _) = match &input.source {
        InputSource::File(path) => {
            let file = File::open(path)?;
            let metadata = file.metadata()?;
            let modified = metadata
                .modified()
                .map(OffsetDateTime::from)
                .unwrap_or_else(|_| OffsetDateTime::now_utc());
            (Box::new(file), Some(metadata.len()), modified)
        }
        InputSource::Stdin => (Box::new(io::stdin()), None, OffsetDateTime::now_utc()),
        InputSource::Bytes(bytes) => {
            let length = bytes.len() as u64;
            (
                Box::new(Cursor::new(bytes.clone())),
                Some(length),
                OffsetDateTime::now_utc(),
            )
        }
    };
    let mut head = Vec::new();
    rest.by_ref().take(HEAD_BYTES).read_to_end(&mut head)?;
    Ok(Opened {
        head,
        rest,
        length,
        fetched_at,
    })
}

/// Reads the rest of a document after `head`, never more than `limit` bytes in all.
fn read_capped(
    mut head: Vec<u8>,
    rest: Box<dyn Read + Send>,
    limit: u64,
) -> Result<Vec<u8>, SkipReason> {
    let remaining = (limit + 1).saturating_sub(head.len() as u64);
    rest.take(remaining)
        .read_to_end(&mut head)
        .map_err(|error| SkipReason::Io(error.to_string()))?;
    if head.len() as u64 > limit {
        return Err(SkipReason::TooLarge {
            size: head.len() as u64,
            limit,
        });
    }
    Ok(head)
}

/// An input's bytes: the head already read, then the rest.
type HeadThenRest = std::io::Chain<Cursor<Vec<u8>>, Box<dyn Read + Send>>;

/// The rows of a JSONL input, read lazily.
struct JsonlRows {
    origin: String,
    reader: BufReader<HeadThenRest>,
    fetched_at: OffsetDateTime,
    max_row_bytes: u64,
    line_number: usize,
    line: Vec<u8>,
    finished: bool,
}

/// One line read under a cap.
enum Line {
    End,
    Complete,
    TooLong(u64),
}

impl JsonlRows {
    fn new(input: &Input, opened: Opened, max_row_bytes: u64) -> Self {
        Self {
            origin: input.origin.clone(),
            reader: BufReader::new(Cursor::new(opened.head).chain(opened.rest)),
            fetched_at: opened.fetched_at,
            max_row_bytes,
            line_number: 0,
            line: Vec::new(),
            finished: false,
        }
    }

    fn row_origin(&self) -> String {
        format!("{}:{}", self.origin, self.line_number)
    }
}

impl Iterator for JsonlRows {
    type Item = Result<RawDocument, Skipped>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.finished {
            self.line_number += 1;
            let line = read_line_capped(&mut self.reader, self.max_row_bytes, &mut self.line);
            let reason = match line {
                Ok(Line::End) => {
                    self.finished = true;
                    return None;
                }
                Ok(Line::Complete) if self.line.trim_ascii().is_empty() => continue,
                Ok(Line::Complete) => {
                    let row_origin = self.row_origin();
                    match jsonl::parse_row(self.line.trim_ascii(), &row_origin, self.fetched_at) {
                        Ok(document) => return Some(Ok(document)),
                        Err(reason) => reason,
                    }
                }
                Ok(Line::TooLong(size)) => SkipReason::TooLarge {
                    size,
                    limit: self.max_row_bytes,
                },
                Err(error) => {
                    self.finished = true;
                    SkipReason::Io(error.to_string())
                }
            };
            return Some(Err(Skipped::new(self.row_origin(), reason)));
        }
        None
    }
}

/// Reads one line into `line` (without its newline), keeping at most `cap` bytes; a
/// longer line is consumed to its end and reported with its size.
fn read_line_capped(reader: &mut impl BufRead, cap: u64, line: &mut Vec<u8>) -> io::Result<Line> {
    line.clear();
    let mut size = 0u64;
    let mut saw_any = false;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(finish_line(saw_any, size, cap));
        }
        saw_any = true;
        let newline = available.iter().position(|&byte| byte == b'\n');
        let chunk = &available[..newline.unwrap_or(available.len())];
        size += chunk.len() as u64;
        if size <= cap {
            line.extend_from_slice(chunk);
        } else {
            line.clear();
        }
        let consumed = newline.map_or(available.len(), |at| at + 1);
        reader.consume(consumed);
        if newline.is_some() {
            return Ok(finish_line(true, size, cap));
        }
    }
}

fn finish_line(saw_any: bool, size: u64, cap: u64) -> Line {
    match (saw_any, size > cap) {
        (false, _) => Line::End,
        (true, true) => Line::TooLong(size),
        (true, false) => Line::Complete,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(reader: &Reader, origin: &str, bytes: &[u8]) -> Vec<Result<RawDocument, Skipped>> {
        let input = Input::bytes(origin, bytes.to_vec());
        reader.read(&input).collect()
    }

    fn reasons(results: &[Result<RawDocument, Skipped>]) -> Vec<String> {
        results
            .iter()
            .filter_map(|result| result.as_ref().err().map(ToString::to_string))
            .collect()
    }

    #[test]
    fn jsonl_rows_are_documents_and_bad_rows_skips_by_line() {
        let reader = ReaderConfig::default().build();
        let data = b"{\"text\":\"One.\"}\n\n{\"text\": broken}\n{\"html\":\"<p>Two.</p>\"}\n{\"text\":\"cut";
        let results = read_all(&reader, "wire.jsonl", data);
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 2);
        let skips = reasons(&results);
        assert_eq!(skips.len(), 2);
        assert!(
            skips[0].starts_with("skipped wire.jsonl:3: malformed JSON"),
            "{skips:?}"
        );
        assert!(
            skips[1].starts_with("skipped wire.jsonl:5: malformed JSON"),
            "{skips:?}"
        );
    }

    #[test]
    fn oversized_documents_and_rows_are_skipped() {
        let reader = ReaderConfig {
            max_input_bytes: 100,
            ..ReaderConfig::default()
        }
        .build();
        let big = "word ".repeat(100);
        let skips = reasons(&read_all(&reader, "big.txt", big.as_bytes()));
        assert_eq!(
            skips,
            ["skipped big.txt: too large (500 bytes; the limit is 100 bytes)"]
        );
        let rows = format!("{{\"text\":\"{big}\"}}\n{{\"text\":\"ok\"}}\n");
        let results = read_all(&reader, "rows.jsonl", rows.as_bytes());
        assert!(reasons(&results)[0].starts_with("skipped rows.jsonl:1: too large"));
        assert!(results[1].is_ok());
    }

    #[test]
    fn empty_binary_and_compressed_inputs_are_skipped() {
        let reader = ReaderConfig::default().build();
        assert_eq!(
            reasons(&read_all(&reader, "e.txt", b"")),
            ["skipped e.txt: empty"]
        );
        assert_eq!(
            reasons(&read_all(&reader, "w.txt", b" \n\t ")),
            ["skipped w.txt: empty"]
        );
        let gz = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3];
        assert_eq!(
            reasons(&read_all(&reader, "a.html.gz", &gz)),
            ["skipped a.html.gz: compressed content (gzip) is not read yet"]
        );
        assert_eq!(
            reasons(&read_all(&reader, "n.txt", b"text\0with nul")),
            ["skipped n.txt: binary content (NUL bytes)"]
        );
    }

    #[test]
    fn unsupported_formats_say_so() {
        let reader = ReaderConfig::default().build();
        let feed = b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel></channel></rss>";
        assert_eq!(
            reasons(&read_all(&reader, "feed.xml", feed)),
            ["skipped feed.xml: feed input is not supported yet"]
        );
    }

    #[test]
    fn fixed_format_overrides_sniffing() {
        let reader = ReaderConfig {
            format: FormatChoice::Fixed(Format::Text),
            ..ReaderConfig::default()
        }
        .build();
        let results = read_all(&reader, "page.html", b"<p>Shown as text</p>");
        assert_eq!(results[0].as_ref().unwrap().media, MediaType::Text);
    }
}
