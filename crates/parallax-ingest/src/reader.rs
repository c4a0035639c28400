//! The reader: one [`Input`] in, its documents (or skips) out. Whole documents are read
//! under a size cap and never past it; JSONL is streamed row by row with the cap applied
//! to each row, so a large dump is fine and a huge row is skipped alone.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};

use flate2::read::MultiGzDecoder;
use time::OffsetDateTime;

use parallax_core::{ContentHash, MediaType, RawDocument, SkipReason, Skipped, SuppliedMetadata};

use crate::inputs::{Input, InputSource};
use crate::sniff::{Content, classify_content, sniff_format};
use crate::warc::WarcRecords;
use crate::{Format, FormatChoice, charset, feed, jsonl};

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
    /// Reads `input` into its documents: one for a text or HTML file, one per row for
    /// JSONL, one per HTML response for WARC, one per item for a feed. Gzip is undone
    /// transparently (and boundedly: a document still stops at the size cap).
    pub fn read<'a>(&'a self, input: &'a Input) -> Documents<'a> {
        let skip = |reason| -> Documents<'a> {
            Box::new(std::iter::once(Err(Skipped::new(&input.origin, reason))))
        };
        let mut opened = match open(input) {
            Ok(opened) => opened,
            Err(error) => return skip(SkipReason::Io(error.to_string())),
        };
        let mut inside_gzip = false;
        loop {
            match classify_content(&opened.head) {
                Content::Text => break,
                Content::Compressed("gzip") if !inside_gzip => {
                    inside_gzip = true;
                    opened = match gunzip(opened) {
                        Ok(opened) => opened,
                        Err(error) => {
                            return skip(SkipReason::Malformed(format!("gzip: {error}")));
                        }
                    };
                }
                Content::Compressed(kind) if inside_gzip => {
                    return skip(SkipReason::Compressed(format!("{kind} inside gzip")));
                }
                Content::Compressed(kind) => return skip(SkipReason::Compressed(kind.into())),
                Content::Binary(kind) => return skip(SkipReason::Binary(kind)),
            }
        }
        let limit = self.config.max_input_bytes;
        match self.format_of(input, &opened.head) {
            Format::Jsonl => Box::new(JsonlRows::new(input, opened, limit)),
            Format::Warc => {
                let records = BufReader::new(Cursor::new(opened.head).chain(opened.rest));
                Box::new(WarcRecords::new(&input.origin, records, limit))
            }
            Format::Feed => match read_capped(opened.head, opened.rest, limit)
                .and_then(|bytes| feed::items(&input.origin, &bytes, opened.fetched_at))
            {
                Ok(items) => Box::new(items.into_iter()),
                Err(reason) => skip(reason),
            },
            format @ (Format::Text | Format::Html) => {
                match self.read_whole(input, opened, format) {
                    Ok(document) => Box::new(std::iter::once(Ok(document))),
                    Err(reason) => skip(reason),
                }
            }
        }
    }

    /// The format of `input`, whose first bytes are `head`: fixed by the user, or sniffed
    /// (an HTML-or-text guess is settled again on the decoded whole).
    fn format_of(&self, input: &Input, head: &[u8]) -> Format {
        match self.config.format {
            FormatChoice::Fixed(format) => format,
            FormatChoice::Auto => {
                let head = String::from_utf8_lossy(head);
                sniff_format(&head, input.extension().as_deref())
            }
        }
    }

    fn read_whole(
        &self,
        input: &Input,
        opened: Opened,
        format: Format,
    ) -> Result<RawDocument, SkipReason> {
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
        let content_hash = ContentHash::of(&bytes);
        let body = charset::decode_owned(bytes)?;
        if body.trim().is_empty() {
            return Err(SkipReason::Empty);
        }
        let format = match self.config.format {
            FormatChoice::Fixed(_) => format,
            FormatChoice::Auto => sniff_format(&body, input.extension().as_deref()),
        };
        let media = match format {
            Format::Html => MediaType::Html,
            _ => MediaType::Text,
        };
        Ok(RawDocument {
            origin: input.origin.clone(),
            media,
            body,
            supplied: SuppliedMetadata::default(),
            fetched_at: opened.fetched_at,
            content_hash,
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

/// The same input read through a multi-member gzip decoder (as `.warc.gz` files need).
fn gunzip(opened: Opened) -> io::Result<Opened> {
    let compressed = Cursor::new(opened.head).chain(opened.rest);
    let mut rest: Box<dyn Read + Send> = Box::new(MultiGzDecoder::new(compressed));
    let mut head = Vec::new();
    rest.by_ref().take(HEAD_BYTES).read_to_end(&mut head)?;
    Ok(Opened {
        head,
        rest,
        length: None,
        fetched_at: opened.fetched_at,
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
        let bzip2 = b"BZh91AY&SY\x00\x00\x00\x00";
        assert_eq!(
            reasons(&read_all(&reader, "a.txt.bz2", bzip2)),
            [
                "skipped a.txt.bz2: compressed content (bzip2) is not read (only gzip is); decompress it first"
            ]
        );
        assert_eq!(
            reasons(&read_all(&reader, "n.txt", b"text\0with nul")),
            ["skipped n.txt: binary content (NUL bytes)"]
        );
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use flate2::{Compression, write::GzEncoder};
        use std::io::Write;
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn gzip_is_undone_for_every_format() {
        let reader = ReaderConfig::default().build();
        let page = gzip(b"<html><body><p>Quake hits Velmora.</p></body></html>");
        let results = read_all(&reader, "page.html.gz", &page);
        let document = results[0].as_ref().unwrap();
        assert_eq!(document.media, MediaType::Html);
        assert!(document.body.contains("Quake hits Velmora."));

        let rows = gzip(b"{\"text\":\"One.\"}\n{\"text\":\"Two.\"}\n");
        assert_eq!(read_all(&reader, "wire.jsonl.gz", &rows).len(), 2);

        let mut members = gzip(b"first half, ");
        members.extend(gzip(b"second half."));
        let results = read_all(&reader, "note.txt.gz", &members);
        assert_eq!(
            results[0].as_ref().unwrap().body,
            "first half, second half."
        );
    }

    #[test]
    fn gzip_bombs_and_broken_gzip_are_skipped() {
        let reader = ReaderConfig {
            max_input_bytes: 1 << 20,
            ..ReaderConfig::default()
        }
        .build();
        // 64 MB of spaces and words in a few dozen KB: never inflated past the cap.
        let bomb = gzip(&b"quake ".repeat(64 << 20 >> 3));
        assert!(bomb.len() < 200_000);
        let skips = reasons(&read_all(&reader, "bomb.txt.gz", &bomb));
        assert!(
            skips[0].starts_with("skipped bomb.txt.gz: too large"),
            "{skips:?}"
        );

        let page = gzip(&b"<p>Quake hits Velmora.</p>".repeat(400));
        let cut = &page[..page.len() / 2];
        let skips = reasons(&read_all(&reader, "cut.html.gz", cut));
        assert!(
            skips[0].contains("gzip") || skips[0].contains("cannot read"),
            "{skips:?}"
        );

        let double = gzip(&gzip(b"Quake hits Velmora."));
        let skips = reasons(&read_all(&reader, "double.gz", &double));
        assert_eq!(
            skips,
            [
                "skipped double.gz: compressed content (gzip inside gzip) is not read (only gzip is); decompress it first"
            ]
        );
    }

    #[test]
    fn feeds_and_warc_archives_are_split_into_documents() {
        let reader = ReaderConfig::default().build();
        let feed = b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title>\
            <item><title>A</title><link>https://a.example/1</link><description>First item text.</description></item>\
            <item><title>B</title><link>https://a.example/2</link><description>Second item text.</description></item>\
            </channel></rss>";
        let results = read_all(&reader, "feed.xml", feed);
        assert_eq!(results.len(), 2);
        assert_eq!(
            results[1].as_ref().unwrap().supplied.title.as_deref(),
            Some("B")
        );

        let http = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Quake.</p>";
        let record = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/q\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        );
        let mut archive = gzip(record.as_bytes());
        archive.extend(gzip(record.replace("/q", "/r").as_bytes()));
        let results = read_all(&reader, "crawl.warc.gz", &archive);
        let urls: Vec<_> = results
            .iter()
            .map(|result| result.as_ref().unwrap().supplied.url.clone().unwrap())
            .collect();
        assert_eq!(urls, ["https://a.example/q", "https://a.example/r"]);
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
