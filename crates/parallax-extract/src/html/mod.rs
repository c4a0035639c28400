//! HTML extraction in one pass: our tokenizer (`tokenizer`) and tree construction
//! (`tree`) feed a walk that builds a block arena (`blocks`) and notes the page's tags
//! (`metadata`); metadata comes from JSON-LD first (`json_ld`), then `<meta>`, `<link>`,
//! `<time>` and `<html lang>`; the content stage (`content`) picks the elements holding
//! the article and keeps their paragraphs, headings, list items and quotes, furniture and
//! link lists left out.

mod blocks;
mod class_words;
mod content;
mod json_ld;
mod metadata;
mod tokenizer;
mod tree;

use parallax_core::SkipReason;
use parallax_core::dates::parse_datetime;

use crate::chrome::is_syndication_signal;
use crate::{Extracted, language};

pub use tree::MAX_MARKUP_DEPTH;

/// Extracts metadata and main text from an HTML page.
pub(crate) fn extract(html: &str) -> Result<Extracted, SkipReason> {
    let (mut page, tags) = blocks::read(html)?;
    let linked = json_ld::read(&tags.json_ld);
    let title = linked.headline.clone().or_else(|| tags.title());
    let paragraphs = content::main_text(&mut page, title.as_deref(), linked.body.as_deref());
    let url = tags.url().or_else(|| {
        linked
            .url
            .clone()
            .filter(|url| url::Url::parse(url).is_ok())
    });
    let syndication = page
        .blocks
        .iter()
        .map(|block| block.text.as_str())
        .find(|text| is_syndication_signal(text))
        .map(str::to_string);
    Ok(Extracted {
        syndication,
        site: tags
            .meta(&["og:site_name"])
            .or(linked.publisher)
            .or_else(|| tags.meta(&["application-name"])),
        published: linked
            .published
            .as_deref()
            .and_then(parse_datetime)
            .or_else(|| tags.published()),
        byline: Some(linked.authors.join(", "))
            .filter(|authors| !authors.is_empty())
            .or_else(|| tags.byline()),
        language: tags
            .lang
            .as_deref()
            .and_then(language::normalise_tag)
            .or_else(|| linked.language.as_deref().and_then(language::normalise_tag)),
        title,
        url,
        paragraphs,
    })
}

/// The host of `url`, without `www.`.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    Some(host.trim_start_matches("www.").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
        <title>Quake hits Velmora | Harbour Times</title>
        <meta property="og:title" content="Quake hits Velmora">
        <meta property="og:site_name" content="Harbour Times">
        <meta property="article:published_time" content="2026-10-14T09:30:00+01:00">
        <meta name="author" content="Rui Mendes">
        <link rel="canonical" href="https://harbour-times.example/quake">
        </head><body>
        <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
        <div class="cookie-banner"><p>We use cookies to improve your experience on our site today.</p></div>
        <article><h1>Quake hits Velmora</h1>
        <p>A strong earthquake struck the coastal town of Velmora early on Wednesday.</p>
        <h2>Rescue work</h2>
        <p>Rescuers searched the rubble through the night, the mayor said.</p>
        <div class="share-bar"><a href="https://social.example">Share on Social</a></div>
        <p><a href="/a">Ferry strike ends</a> <a href="/b">Bridge reopens after repairs</a></p>
        </article>
        <aside><h3>Related</h3><p>Another story about something else entirely here.</p></aside>
        <footer><p>© 2026 Harbour Times. All rights reserved.</p></footer>
        </body></html>"#;

    #[test]
    fn main_text_and_metadata_are_extracted() {
        let extracted = extract(PAGE).unwrap();
        assert_eq!(extracted.title.as_deref(), Some("Quake hits Velmora"));
        assert_eq!(extracted.site.as_deref(), Some("Harbour Times"));
        assert_eq!(
            extracted.url.as_deref(),
            Some("https://harbour-times.example/quake")
        );
        assert_eq!(extracted.byline.as_deref(), Some("Rui Mendes"));
        assert_eq!(extracted.language.as_deref(), Some("en"));
        assert_eq!(extracted.published.unwrap().offset().whole_hours(), 1);
        assert_eq!(
            extracted.paragraphs,
            [
                "A strong earthquake struck the coastal town of Velmora early on Wednesday.",
                "Rescue work",
                "Rescuers searched the rubble through the night, the mayor said.",
            ]
        );
    }

    #[test]
    fn markup_in_text_stays_text() {
        let page = "<p>&lt;script&gt;alert(1)&lt;/script&gt; is what the attacker typed into the form.</p>";
        let extracted = extract(page).unwrap();
        assert_eq!(
            extracted.paragraphs,
            ["<script>alert(1)</script> is what the attacker typed into the form."]
        );
    }

    #[test]
    fn truncated_markup_keeps_what_is_there() {
        let page = "<html><body><article><p>The treaty was signed in Norhaven on Tuesday.</p><p>Ministers from both";
        let extracted = extract(page).unwrap();
        assert_eq!(extracted.paragraphs.len(), 2);
        assert_eq!(extracted.paragraphs[1], "Ministers from both");
    }

    #[test]
    fn absurd_nesting_is_refused() {
        let page = format!("<html><body>{}deep</body></html>", "<div>".repeat(100_000));
        assert!(matches!(extract(&page), Err(SkipReason::TooDeep { .. })));
    }
}
