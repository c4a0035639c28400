//! Sniffing: telling a document's format, and whether it is text at all, from its first
//! bytes as well as its name.

use crate::Format;

/// How many leading bytes sniffing looks at.
const SNIFF_BYTES: usize = 4096;

/// What the leading bytes say about the content, before decoding.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Content {
    /// Looks like text in some encoding.
    Text,
    /// Compressed data; the name of the compression.
    Compressed(&'static str),
    /// Other binary data; what it looks like.
    Binary(String),
}

/// Classifies `bytes` as text, compressed or binary by magic numbers.
pub(crate) fn classify_content(bytes: &[u8]) -> Content {
    if let Some(kind) = infer::get(bytes) {
        let mime = kind.mime_type();
        if let Some(name) = compression_name(mime) {
            return Content::Compressed(name);
        }
        if !is_textual_mime(mime) {
            return Content::Binary(mime.to_string());
        }
    }
    Content::Text
}

fn compression_name(mime: &str) -> Option<&'static str> {
    Some(match mime {
        "application/gzip" => "gzip",
        "application/x-bzip2" => "bzip2",
        "application/x-xz" => "xz",
        "application/zstd" => "zstd",
        "application/zip" => "zip",
        "application/x-7z-compressed" => "7z",
        "application/x-rar-compressed" | "application/vnd.rar" => "rar",
        "application/x-lzip" => "lzip",
        "application/x-compress" => "compress",
        _ => return None,
    })
}

fn is_textual_mime(mime: &str) -> bool {
    mime.starts_with("text/") || mime == "application/xml" || mime == "image/svg+xml"
}

/// The format `text` (decoded) is in, judged by its content first and its file
/// `extension` second.
pub(crate) fn sniff_format(text: &str, extension: Option<&str>) -> Format {
    let head = leading(text);
    if let Some(format) = format_from_content(head) {
        return format;
    }
    match extension {
        Some("html" | "htm" | "xhtml" | "shtml") => Format::Html,
        Some("jsonl" | "ndjson") => Format::Jsonl,
        Some("warc") => Format::Warc,
        Some("rss" | "atom" | "xml" | "rdf") => Format::Feed,
        _ => Format::Text,
    }
}

fn leading(text: &str) -> &str {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn format_from_content(head: &str) -> Option<Format> {
    let lower = head.to_ascii_lowercase();
    if lower.starts_with("warc/") {
        return Some(Format::Warc);
    }
    if is_feed(&lower) {
        return Some(Format::Feed);
    }
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (lower.starts_with('<') && has_html_tags(&lower))
    {
        return Some(Format::Html);
    }
    if lower.starts_with('{') && lower.contains("jsonfeed.org/version") {
        return Some(Format::Feed);
    }
    if lower.starts_with('{') && is_json_object_line(head) {
        return Some(Format::Jsonl);
    }
    None
}

fn is_feed(lower: &str) -> bool {
    let body = lower
        .strip_prefix("<?xml")
        .and_then(|rest| rest.split_once("?>").map(|(_, rest)| rest.trim_start()))
        .unwrap_or(lower);
    body.starts_with("<rss") || body.starts_with("<feed") || body.starts_with("<rdf:rdf")
}

fn has_html_tags(lower: &str) -> bool {
    [
        "<head", "<body", "<div", "<p>", "<p ", "<article", "<meta", "<title",
    ]
    .iter()
    .any(|tag| lower.contains(tag))
}

fn is_json_object_line(head: &str) -> bool {
    let first_line = head.lines().next().unwrap_or_default();
    // A first line cut by the sniff window still counts if it opens like an object.
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(first_line).is_ok()
        || (head.len() == SNIFF_BYTES && first_line.starts_with("{\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_beats_the_name() {
        assert_eq!(
            sniff_format("<!DOCTYPE html><p>x</p>", Some("txt")),
            Format::Html
        );
        assert_eq!(
            sniff_format("{\"text\": \"x\"}\n", Some("txt")),
            Format::Jsonl
        );
        assert_eq!(
            sniff_format("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", None),
            Format::Feed
        );
        assert_eq!(
            sniff_format("WARC/1.1\r\nWARC-Type: response", None),
            Format::Warc
        );
    }

    #[test]
    fn the_name_decides_when_content_is_plain() {
        assert_eq!(sniff_format("Just words.", Some("html")), Format::Html);
        assert_eq!(sniff_format("Just words.", Some("txt")), Format::Text);
        assert_eq!(sniff_format("Just words.", None), Format::Text);
    }

    #[test]
    fn magic_numbers_mark_binary_and_compressed_data() {
        assert_eq!(
            classify_content(&[0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0]),
            Content::Compressed("gzip")
        );
        let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0];
        assert_eq!(classify_content(&png), Content::Binary("image/png".into()));
        assert_eq!(classify_content(b"plain words"), Content::Text);
    }
}
