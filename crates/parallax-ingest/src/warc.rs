//! WARC (ISO 28500, 1.0 and 1.1): web archives, one record after another, each a header
//! block and a `Content-Length` body. Every `response` record holding an HTML page becomes
//! a document (the URL from `WARC-Target-URI`, the fetch time from `WARC-Date`, the
//! charset from the HTTP `Content-Type`); other responses are skipped with their media
//! type; requests, metadata and `warcinfo` records are not documents and pass silently.
//!
//! Written here rather than taken from the `warc` crate, which reads each record's body
//! whole into memory: this reader streams, caps each body at the document limit (a larger
//! record is skipped unread, its bytes discarded as they pass), and so reads a multi-GB
//! archive in bounded memory. Gzip (per record, as `.warc.gz` files are) is undone by the
//! caller's multi-member decoder before this sees the bytes.

use std::io::{self, BufRead, Read};

use flate2::read::MultiGzDecoder;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use parallax_core::{ContentHash, MediaType, RawDocument, SkipReason, Skipped, SuppliedMetadata};

use crate::charset;

/// Longest header line a record may have.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// Most header lines a record may have.
const MAX_HEADER_LINES: usize = 512;

/// The documents of a WARC stream, read lazily.
pub(crate) struct WarcRecords<R> {
    origin: String,
    reader: R,
    max_body_bytes: u64,
    record_number: usize,
    finished: bool,
}

impl<R: BufRead> WarcRecords<R> {
    pub(crate) fn new(origin: &str, reader: R, max_body_bytes: u64) -> Self {
        Self {
            origin: origin.to_string(),
            reader,
            max_body_bytes,
            record_number: 0,
            finished: false,
        }
    }

    fn skipped(&self, name: &str, reason: SkipReason) -> Skipped {
        Skipped::new(format!("{}#{name}", self.origin), reason)
    }

    /// The next record that is a document or a skip; `None` at the end.
    fn next_record(&mut self) -> Option<Result<RawDocument, Skipped>> {
        loop {
            self.record_number += 1;
            let headers = match read_headers(&mut self.reader) {
                Ok(Some(headers)) => headers,
                Ok(None) => return None,
                Err(error) => {
                    self.finished = true;
                    let name = format!("record {}", self.record_number);
                    return Some(Err(self.skipped(&name, SkipReason::Malformed(error))));
                }
            };
            let name = headers
                .get("warc-target-uri")
                .map(str::to_string)
                .unwrap_or_else(|| format!("record {}", self.record_number));
            let Some(length) = headers.get("content-length").and_then(|v| v.parse().ok()) else {
                self.finished = true;
                let reason = SkipReason::Malformed("a WARC record without Content-Length".into());
                return Some(Err(self.skipped(&name, reason)));
            };
            let is_response = headers
                .get("warc-type")
                .is_some_and(|kind| kind.eq_ignore_ascii_case("response"));
            if !is_response {
                if let Err(error) = discard(&mut self.reader, length) {
                    self.finished = true;
                    return Some(Err(self.skipped(&name, SkipReason::Io(error.to_string()))));
                }
                continue;
            }
            if length > self.max_body_bytes {
                let reason = SkipReason::TooLarge {
                    size: length,
                    limit: self.max_body_bytes,
                };
                if let Err(error) = discard(&mut self.reader, length) {
                    self.finished = true;
                    return Some(Err(self.skipped(&name, SkipReason::Io(error.to_string()))));
                }
                return Some(Err(self.skipped(&name, reason)));
            }
            let mut body = Vec::with_capacity(length as usize);
            if let Err(error) = (&mut self.reader).take(length).read_to_end(&mut body) {
                self.finished = true;
                return Some(Err(self.skipped(&name, SkipReason::Io(error.to_string()))));
            }
            if (body.len() as u64) < length {
                self.finished = true;
                let reason = SkipReason::Malformed(format!(
                    "the archive ends inside a record ({} of {length} bytes)",
                    body.len()
                ));
                return Some(Err(self.skipped(&name, reason)));
            }
            let fetched_at = headers
                .get("warc-date")
                .and_then(|date| OffsetDateTime::parse(date, &Rfc3339).ok())
                .unwrap_or_else(OffsetDateTime::now_utc);
            let target = headers.get("warc-target-uri").map(str::to_string);
            return Some(
                page_of_response(&body, target, fetched_at, self.max_body_bytes)
                    .map_err(|reason| self.skipped(&name, reason)),
            );
        }
    }
}

impl<R: BufRead> Iterator for WarcRecords<R> {
    type Item = Result<RawDocument, Skipped>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        let next = self.next_record();
        if next.is_none() {
            self.finished = true;
        }
        next
    }
}

/// A record's named fields, names lowercased.
struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Reads the version line and named fields of the next record; `None` at a clean end.
fn read_headers(reader: &mut impl BufRead) -> Result<Option<Headers>, String> {
    let mut line = Vec::new();
    // Records are separated by blank lines; skip them to the version line.
    loop {
        line.clear();
        let read = read_line(reader, &mut line)?;
        if read == 0 {
            return Ok(None);
        }
        if !line.trim_ascii().is_empty() {
            break;
        }
    }
    if !line.starts_with(b"WARC/") {
        return Err(format!(
            "expected a WARC version line, found {:?}",
            String::from_utf8_lossy(&line[..line.len().min(40)])
        ));
    }
    let mut fields = Vec::new();
    loop {
        line.clear();
        if read_line(reader, &mut line)? == 0 {
            return Err("the archive ends inside a record's header".into());
        }
        let text = String::from_utf8_lossy(line.trim_ascii());
        if text.is_empty() {
            return Ok(Some(Headers(fields)));
        }
        if fields.len() >= MAX_HEADER_LINES {
            return Err("a WARC record header with too many lines".into());
        }
        if let Some((name, value)) = text.split_once(':') {
            fields.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
}

/// Reads one line (with its end) into `line`, refusing absurdly long ones.
fn read_line(reader: &mut impl BufRead, line: &mut Vec<u8>) -> Result<usize, String> {
    let read = reader
        .take(MAX_HEADER_LINE as u64 + 1)
        .read_until(b'\n', line)
        .map_err(|error| error.to_string())?;
    if line.len() > MAX_HEADER_LINE {
        return Err("a WARC header line longer than 64 KB".into());
    }
    Ok(read)
}

fn discard(reader: &mut impl BufRead, length: u64) -> io::Result<()> {
    io::copy(&mut reader.take(length), &mut io::sink()).map(|_| ())
}

/// The HTML page in an HTTP response record's body.
fn page_of_response(
    record: &[u8],
    url: Option<String>,
    fetched_at: OffsetDateTime,
    max_body_bytes: u64,
) -> Result<RawDocument, SkipReason> {
    let mut fields = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut fields);
    let header_length = match response.parse(record) {
        Ok(httparse::Status::Complete(length)) => length,
        Ok(httparse::Status::Partial) => {
            return Err(SkipReason::Malformed("an incomplete HTTP response".into()));
        }
        Err(error) => return Err(SkipReason::Malformed(format!("HTTP response: {error}"))),
    };
    let status = response.code.unwrap_or_default();
    if !(200..300).contains(&status) {
        return Err(SkipReason::NotAPage(format!("HTTP status {status}")));
    }
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|field| field.name.eq_ignore_ascii_case(name))
            .map(|field| {
                String::from_utf8_lossy(field.value)
                    .trim()
                    .to_ascii_lowercase()
            })
    };
    let content_type = header("content-type").unwrap_or_default();
    let is_html = content_type.is_empty()
        || content_type.starts_with("text/html")
        || content_type.starts_with("application/xhtml");
    if !is_html {
        let kind = content_type.split(';').next().unwrap_or_default().trim();
        return Err(SkipReason::NotAPage(format!("{kind}, not HTML")));
    }
    let mut body = record[header_length..].to_vec();
    if header("transfer-encoding").is_some_and(|coding| coding.contains("chunked")) {
        body = dechunk(&body)?;
    }
    if let Some(coding) = header("content-encoding").filter(|coding| coding != "identity") {
        body = match coding.as_str() {
            "gzip" | "x-gzip" => inflate(&body, max_body_bytes)?,
            other => {
                return Err(SkipReason::Compressed(format!(
                    "HTTP content encoding {other}"
                )));
            }
        };
    }
    if body.trim_ascii().is_empty() {
        return Err(SkipReason::Empty);
    }
    let declared = content_type
        .split(';')
        .find_map(|part| part.trim().strip_prefix("charset="))
        .map(|label| label.trim_matches('"').to_string());
    let text = charset::decode_with_label(&body, declared.as_deref())?;
    Ok(RawDocument {
        origin: url.clone().unwrap_or_default(),
        media: MediaType::Html,
        content_hash: ContentHash::of(&body),
        body: text,
        supplied: SuppliedMetadata {
            url,
            ..SuppliedMetadata::default()
        },
        fetched_at,
    })
}

/// The body of a `Transfer-Encoding: chunked` message.
fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, SkipReason> {
    let malformed = || SkipReason::Malformed("bad chunked transfer encoding".into());
    let mut body = Vec::with_capacity(data.len());
    loop {
        let line_end = data
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(malformed)?;
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).map_err(|_| malformed())?;
        data = &data[line_end + 1..];
        if size == 0 {
            return Ok(body);
        }
        let chunk = data.get(..size).ok_or_else(malformed)?;
        body.extend_from_slice(chunk);
        data = &data[size..];
        data = data
            .strip_prefix(b"\r\n")
            .or_else(|| data.strip_prefix(b"\n"))
            .unwrap_or(data);
    }
}

/// Gunzips `data`, refusing to produce more than `limit` bytes.
fn inflate(data: &[u8], limit: u64) -> Result<Vec<u8>, SkipReason> {
    let mut out = Vec::new();
    MultiGzDecoder::new(data)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|error| SkipReason::Malformed(format!("gzip: {error}")))?;
    if out.len() as u64 > limit {
        return Err(SkipReason::TooLarge {
            size: out.len() as u64,
            limit,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &str) -> String {
        format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-10-14T09:30:00Z\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    }

    fn read(archive: &str) -> Vec<Result<RawDocument, Skipped>> {
        WarcRecords::new("crawl.warc", archive.as_bytes(), 1 << 20).collect()
    }

    #[test]
    fn html_responses_are_documents_and_other_records_pass() {
        let page = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Quake hits Velmora.</p>";
        let image = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\u{1}PNG";
        let archive = [
            record("warcinfo", "", "software: test"),
            record(
                "request",
                "https://a.example/quake",
                "GET /quake HTTP/1.1\r\n\r\n",
            ),
            record("response", "https://a.example/quake", page),
            record("response", "https://a.example/logo.png", image),
        ]
        .concat();
        let results = read(&archive);
        assert_eq!(results.len(), 2);
        let document = results[0].as_ref().unwrap();
        assert_eq!(
            document.supplied.url.as_deref(),
            Some("https://a.example/quake")
        );
        assert_eq!(document.body, "<p>Quake hits Velmora.</p>");
        assert_eq!(document.fetched_at.year(), 2026);
        let skipped = results[1].as_ref().unwrap_err().to_string();
        assert_eq!(
            skipped,
            "skipped crawl.warc#https://a.example/logo.png: not an article page (image/png, not HTML)"
        );
    }

    #[test]
    fn chunked_and_gzipped_bodies_are_decoded() {
        use flate2::{Compression, write::GzEncoder};
        use std::io::Write;
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(b"<p>Ferry strike ends.</p>").unwrap();
        let gz = encoder.finish().unwrap();
        let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
        http.extend_from_slice(format!("{:x}\r\n", gz.len()).as_bytes());
        http.extend_from_slice(&gz);
        http.extend_from_slice(b"\r\n0\r\n\r\n");
        let document = page_of_response(&http, None, OffsetDateTime::UNIX_EPOCH, 1 << 20).unwrap();
        assert_eq!(document.body, "<p>Ferry strike ends.</p>");
    }

    #[test]
    fn truncated_archives_and_huge_records_are_skipped_by_name() {
        let page = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Quake.</p>";
        let whole = record("response", "https://a.example/q", page);
        let cut = &whole[..whole.len() - 10];
        let results = read(cut);
        let reason = results[0].as_ref().unwrap_err().to_string();
        assert!(reason.contains("ends inside a record"), "{reason}");

        let big = format!("HTTP/1.1 200 OK\r\n\r\n{}", "x".repeat(2000));
        let archive = [record("response", "https://a.example/big", &big), whole].concat();
        let results: Vec<_> = WarcRecords::new("c.warc", archive.as_bytes(), 1000).collect();
        assert!(
            results[0]
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("too large")
        );
        assert!(
            results[1].is_ok(),
            "the record after a huge one is still read"
        );
    }

    #[test]
    fn garbage_is_malformed() {
        let results = read("not a warc at all\r\n");
        assert!(
            results[0]
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("WARC version line")
        );
    }
}
