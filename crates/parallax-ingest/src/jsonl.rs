//! JSONL: one article per line, as a JSON object with `text` or `html` and optionally
//! `url`, `title`, `published` (RFC 3339 or a bare date) and `site`. Blank lines are
//! ignored; each bad row is skipped on its own, named by file and line number.

use serde::Deserialize;
use time::OffsetDateTime;

use parallax_core::dates::parse_datetime;
use parallax_core::{ContentHash, MediaType, RawDocument, SkipReason, SuppliedMetadata};

/// The fields of a row Parallax reads; others are ignored.
#[derive(Deserialize)]
struct Row {
    text: Option<String>,
    html: Option<String>,
    url: Option<String>,
    title: Option<String>,
    published: Option<String>,
    site: Option<String>,
}

/// Parses one row (`line`, without its newline) read from `file_origin` at `line_number`.
pub(crate) fn parse_row(
    line: &[u8],
    line_origin: &str,
    fetched_at: OffsetDateTime,
) -> Result<RawDocument, SkipReason> {
    let line_text = std::str::from_utf8(line)
        .map_err(|error| SkipReason::Undecodable(format!("JSONL must be UTF-8 ({error})")))?;
    let row: Row = serde_json::from_str(line_text.trim_start_matches('\u{feff}'))
        .map_err(|error| SkipReason::MalformedJson(error.to_string()))?;
    let (media, body) = match (row.html, row.text) {
        (Some(html), _) if !html.trim().is_empty() => (MediaType::Html, html),
        (_, Some(text)) if !text.trim().is_empty() => (MediaType::Text, text),
        (None, None) => {
            return Err(SkipReason::MalformedJson(
                "the row has neither `text` nor `html`".to_string(),
            ));
        }
        _ => return Err(SkipReason::Empty),
    };
    if body.contains('\0') {
        return Err(SkipReason::Binary("NUL characters".to_string()));
    }
    let url = non_empty(row.url);
    let published = row.published.as_deref().and_then(parse_datetime);
    Ok(RawDocument {
        origin: url.clone().unwrap_or_else(|| line_origin.to_string()),
        media,
        body,
        supplied: SuppliedMetadata {
            url,
            title: non_empty(row.title),
            published,
            site: non_empty(row.site),
        },
        fetched_at,
        content_hash: ContentHash::of(line),
    })
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|value| value.trim().to_string())
        .filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<RawDocument, SkipReason> {
        parse_row(line.as_bytes(), "wire.jsonl:1", OffsetDateTime::UNIX_EPOCH)
    }

    #[test]
    fn rows_carry_their_metadata() {
        let doc = parse(r#"{"url":"https://a.example/x","title":"T","published":"2026-10-20T10:00:00Z","site":"A","text":"Body."}"#).unwrap();
        assert_eq!(doc.origin, "https://a.example/x");
        assert_eq!(doc.media, MediaType::Text);
        assert_eq!(doc.supplied.title.as_deref(), Some("T"));
        assert_eq!(doc.supplied.published.unwrap().year(), 2026);
    }

    #[test]
    fn rows_without_url_are_named_by_line() {
        let doc = parse(r#"{"html":"<p>Body.</p>"}"#).unwrap();
        assert_eq!(doc.origin, "wire.jsonl:1");
        assert_eq!(doc.media, MediaType::Html);
    }

    #[test]
    fn bad_rows_say_why() {
        assert!(matches!(
            parse("{\"text\": \"cut"),
            Err(SkipReason::MalformedJson(_))
        ));
        assert!(matches!(parse("[1, 2]"), Err(SkipReason::MalformedJson(_))));
        assert!(matches!(
            parse(r#"{"title":"T"}"#),
            Err(SkipReason::MalformedJson(_))
        ));
        assert!(matches!(
            parse(r#"{"text": 3}"#),
            Err(SkipReason::MalformedJson(_))
        ));
        assert!(matches!(parse(r#"{"text": "  "}"#), Err(SkipReason::Empty)));
        assert!(matches!(
            parse_row(b"{\"text\": \"\xff\"}", "f:1", OffsetDateTime::UNIX_EPOCH),
            Err(SkipReason::Undecodable(_))
        ));
    }
}
