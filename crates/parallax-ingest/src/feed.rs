//! Feeds: RSS 0.9x, 1.0 and 2.0, Atom and JSON Feed, parsed by `feed-rs`. Each item is a
//! document: its full content when the feed carries it (`content:encoded`, Atom
//! `content`, JSON Feed `content_html`), its summary otherwise, with the item's link,
//! title and publication date as supplied metadata.

use parallax_core::{ContentHash, MediaType, RawDocument, SkipReason, Skipped, SuppliedMetadata};
use time::OffsetDateTime;

/// The documents of one feed, or why the feed could not be read.
pub(crate) fn items(
    origin: &str,
    bytes: &[u8],
    fetched_at: OffsetDateTime,
) -> Result<Vec<Result<RawDocument, Skipped>>, SkipReason> {
    let feed = feed_rs::parser::parse(bytes)
        .map_err(|error| SkipReason::Malformed(format!("feed: {error}")))?;
    Ok(feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let link = entry
                .links
                .iter()
                .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
                .map(|link| link.href.trim().to_string())
                .filter(|href| !href.is_empty());
            let name = link
                .clone()
                .or_else(|| Some(entry.id.clone()).filter(|id| !id.is_empty()))
                .unwrap_or_else(|| format!("item {}", index + 1));
            let item_origin = format!("{origin}#{name}");
            document(&entry, link, &item_origin, fetched_at)
                .map_err(|reason| Skipped::new(item_origin, reason))
        })
        .collect())
}

fn document(
    entry: &feed_rs::model::Entry,
    link: Option<String>,
    origin: &str,
    fetched_at: OffsetDateTime,
) -> Result<RawDocument, SkipReason> {
    let content = entry
        .content
        .as_ref()
        .and_then(|content| {
            let body = content.body.as_ref()?;
            Some((content.content_type.to_string(), body.clone()))
        })
        .filter(|(_, body)| !body.trim().is_empty());
    let summary = entry
        .summary
        .as_ref()
        .map(|text| (text.content_type.to_string(), text.content.clone()))
        .filter(|(_, body)| !body.trim().is_empty());
    let (content_type, body) = content.or(summary).ok_or(SkipReason::Empty)?;
    let media = if content_type.contains("html") || looks_like_markup(&body) {
        MediaType::Html
    } else {
        MediaType::Text
    };
    let published = entry
        .published
        .or(entry.updated)
        .and_then(|date| OffsetDateTime::from_unix_timestamp(date.timestamp()).ok());
    Ok(RawDocument {
        origin: link.clone().unwrap_or_else(|| origin.to_string()),
        media,
        content_hash: ContentHash::of(body.as_bytes()),
        body,
        supplied: SuppliedMetadata {
            url: link,
            title: entry
                .title
                .as_ref()
                .map(|title| title.content.trim().to_string())
                .filter(|title| !title.is_empty()),
            published,
            site: None,
        },
        fetched_at,
    })
}

/// Plain-text feed fields often hold escaped HTML anyway.
fn looks_like_markup(body: &str) -> bool {
    let body = body.trim_start();
    body.starts_with('<') && (body.contains("</p>") || body.contains("<br") || body.contains("</"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_with_full_content_are_documents() {
        let rss = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbour Times</title>
<item><title>Quake hits Velmora</title><link>https://harbour-times.example/quake</link>
<pubDate>Wed, 14 Oct 2026 09:30:00 +0100</pubDate><description>Short teaser.</description>
<content:encoded><![CDATA[<p>A strong earthquake struck Velmora.</p>]]></content:encoded></item>
<item><title>Ferry strike ends</title><link>https://harbour-times.example/ferry</link><description>Ferries sail again after a week.</description></item>
<item><title>Empty</title><link>https://harbour-times.example/empty</link></item>
</channel></rss>"#;
        let results = items("feed.xml", rss.as_bytes(), OffsetDateTime::UNIX_EPOCH).unwrap();
        assert_eq!(results.len(), 3);
        let quake = results[0].as_ref().unwrap();
        assert_eq!(quake.media, MediaType::Html);
        assert_eq!(quake.body, "<p>A strong earthquake struck Velmora.</p>");
        assert_eq!(quake.supplied.title.as_deref(), Some("Quake hits Velmora"));
        assert_eq!(quake.supplied.published.unwrap().hour(), 8);
        assert_eq!(quake.origin, "https://harbour-times.example/quake");
        let ferry = results[1].as_ref().unwrap();
        assert_eq!(ferry.body, "Ferries sail again after a week.");
        let empty = results[2].as_ref().unwrap_err().to_string();
        assert_eq!(
            empty,
            "skipped feed.xml#https://harbour-times.example/empty: empty"
        );
    }

    #[test]
    fn atom_and_json_feeds_are_read() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Riverlands Post</title><id>urn:x</id><updated>2026-10-20T10:00:00Z</updated>
<entry><title>Treaty signed</title><id>urn:treaty</id><link href="https://riverlands-post.example/treaty"/>
<updated>2026-10-20T10:00:00Z</updated><content type="html">&lt;p&gt;Ministers signed the Ostra treaty.&lt;/p&gt;</content></entry></feed>"#;
        let results = items("a.atom", atom.as_bytes(), OffsetDateTime::UNIX_EPOCH).unwrap();
        let treaty = results[0].as_ref().unwrap();
        assert_eq!(treaty.body, "<p>Ministers signed the Ostra treaty.</p>");
        assert_eq!(treaty.supplied.published.unwrap().day(), 20);

        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"Wire","items":[{"id":"1","url":"https://wire.example/1","title":"Bridge reopens","content_text":"The bridge reopened on Monday."}]}"#;
        let results = items("f.json", json.as_bytes(), OffsetDateTime::UNIX_EPOCH).unwrap();
        let bridge = results[0].as_ref().unwrap();
        assert_eq!(bridge.media, MediaType::Text);
        assert_eq!(bridge.body, "The bridge reopened on Monday.");
    }

    #[test]
    fn broken_feeds_say_why() {
        let error = items(
            "bad.xml",
            b"<rss><channel><item>",
            OffsetDateTime::UNIX_EPOCH,
        )
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("malformed: feed"), "{error}");
    }
}
