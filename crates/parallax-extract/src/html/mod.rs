//! HTML extraction: the page's metadata from its `<meta>`, `<link>`, `<time>` and `<html
//! lang>` tags, and its main text from the leaf blocks (paragraphs, headings, list items,
//! block quotes) of the element most likely to hold the article — an `<article>`,
//! `articleBody`, or `<main>` — leaving out navigation, asides, footers, forms, blocks
//! whose class or id names them chrome (share bars, cookie banners, related links), and
//! blocks that are mostly links.

mod blocks;
mod content;
mod json_ld;

use std::sync::LazyLock;

use scraper::{ElementRef, Html, Node, Selector};

use parallax_core::SkipReason;
use parallax_core::dates::parse_datetime;

use crate::chrome::is_syndication_signal;
use crate::depth::{self, MAX_MARKUP_DEPTH};
use crate::{Extracted, language};

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("selectors in this module are valid CSS") // invariant: literals
}

static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static META: LazyLock<Selector> = LazyLock::new(|| selector("meta"));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| selector("link[rel~=canonical]"));
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time[datetime]"));
static HTML_ROOT: LazyLock<Selector> = LazyLock::new(|| selector("html[lang]"));
static AUTHOR_LINK: LazyLock<Selector> = LazyLock::new(|| selector("[rel~=author]"));

/// Extracts metadata and main text from an HTML page.
pub(crate) fn extract(html: &str) -> Result<Extracted, SkipReason> {
    if depth::exceeds(html, MAX_MARKUP_DEPTH) {
        return Err(SkipReason::TooDeep {
            limit: MAX_MARKUP_DEPTH,
        });
    }
    let document = Html::parse_document(html);
    let metas = MetaTags::read(&document);
    let linked = json_ld::read(&document);
    let mut page = blocks::read(&document);
    let title = linked
        .headline
        .clone()
        .or_else(|| page_title(&document, &metas));
    let paragraphs = content::main_text(&mut page, title.as_deref(), linked.body.as_deref());
    let url = page_url(&document, &metas).or_else(|| {
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
        site: metas
            .first(&["og:site_name"])
            .or(linked.publisher)
            .or_else(|| metas.first(&["application-name"])),
        published: linked
            .published
            .as_deref()
            .and_then(parse_datetime)
            .or_else(|| published(&document, &metas)),
        byline: Some(linked.authors.join(", "))
            .filter(|authors| !authors.is_empty())
            .or_else(|| byline(&document, &metas)),
        language: document
            .select(&HTML_ROOT)
            .next()
            .and_then(|html| html.value().attr("lang"))
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

/// `<meta>` tags by their `property`, `name` or `itemprop`, lowercased.
struct MetaTags(Vec<(String, String)>);

impl MetaTags {
    fn read(document: &Html) -> Self {
        let tags = document
            .select(&META)
            .filter_map(|meta| {
                let element = meta.value();
                let key = element
                    .attr("property")
                    .or_else(|| element.attr("name"))
                    .or_else(|| element.attr("itemprop"))?;
                let content = normalise_space(element.attr("content")?);
                (!content.is_empty()).then(|| (key.to_ascii_lowercase(), content))
            })
            .collect();
        Self(tags)
    }

    /// The content of the first tag with any of `keys`, in the order of `keys`.
    fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|key| {
            self.0
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, content)| content.clone())
        })
    }
}

fn page_title(document: &Html, metas: &MetaTags) -> Option<String> {
    metas
        .first(&["og:title", "twitter:title", "title", "headline"])
        .or_else(|| document.select(&H1).next().map(element_text))
        .or_else(|| {
            document
                .select(&TITLE)
                .next()
                .map(|title| title_without_site(&element_text(title)).to_string())
        })
        .filter(|title| !title.is_empty())
}

/// "Headline | Site" or "Headline - Site" → "Headline".
fn title_without_site(title: &str) -> &str {
    [" | ", " - ", " – ", " — "]
        .iter()
        .find_map(|separator| title.split_once(separator).map(|(head, _)| head.trim()))
        .unwrap_or(title)
}

fn page_url(document: &Html, metas: &MetaTags) -> Option<String> {
    document
        .select(&CANONICAL)
        .find_map(|link| link.value().attr("href"))
        .map(str::to_string)
        .or_else(|| metas.first(&["og:url"]))
        .filter(|url| url::Url::parse(url).is_ok())
}

fn published(document: &Html, metas: &MetaTags) -> Option<time::OffsetDateTime> {
    let from_meta = metas
        .first(&[
            "article:published_time",
            "datepublished",
            "og:published_time",
            "pubdate",
            "publishdate",
            "date",
            "dc.date",
            "dc.date.issued",
            "dcterms.created",
            "parsely-pub-date",
            "sailthru.date",
        ])
        .and_then(|value| parse_datetime(&value));
    from_meta.or_else(|| {
        document
            .select(&TIME)
            .find_map(|time| time.value().attr("datetime").and_then(parse_datetime))
    })
}

fn byline(document: &Html, metas: &MetaTags) -> Option<String> {
    metas
        .first(&[
            "author",
            "article:author",
            "sailthru.author",
            "parsely-author",
        ])
        .filter(|author| !author.starts_with("http"))
        .or_else(|| document.select(&AUTHOR_LINK).next().map(element_text))
        .filter(|author| !author.is_empty())
}

/// The visible text of `element`, white space collapsed, scripts and styles left out.
fn element_text(element: ElementRef<'_>) -> String {
    let mut text = String::new();
    for node in element.descendants() {
        if let Node::Text(chunk) = node.value() {
            let in_raw_text = node.ancestors().filter_map(ElementRef::wrap).any(|parent| {
                matches!(
                    parent.value().name(),
                    "script" | "style" | "noscript" | "template"
                )
            });
            if !in_raw_text {
                text.push_str(chunk);
                text.push(' ');
            }
        }
    }
    normalise_space(&text)
}

fn normalise_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
