//! HTML extraction: the page's metadata from its `<meta>`, `<link>`, `<time>` and `<html
//! lang>` tags, and its main text from the leaf blocks (paragraphs, headings, list items,
//! block quotes) of the element most likely to hold the article — an `<article>`,
//! `articleBody`, or `<main>` — leaving out navigation, asides, footers, forms, blocks
//! whose class or id names them chrome (share bars, cookie banners, related links), and
//! blocks that are mostly links.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};

use parallax_core::SkipReason;
use parallax_core::dates::parse_datetime;

use crate::chrome::{is_chrome, is_end_marker, is_syndication_signal};
use crate::depth::{self, MAX_MARKUP_DEPTH};
use crate::{Extracted, language};

/// Elements whose text is one paragraph of the article when they hold no other block.
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "div",
    "td",
    "section",
];
/// Elements that hold no article text, wherever they are.
const EXCLUDED_ELEMENTS: &[&str] = &[
    "nav", "footer", "aside", "form", "script", "style", "noscript", "template", "button",
    "select", "svg", "iframe", "figure", "menu", "dialog", "object",
];
/// ARIA roles of page furniture.
const EXCLUDED_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "menu",
];
/// Blocks with more of their text in links than this are navigation.
const MAX_LINK_DENSITY: f64 = 0.5;

static CHROME_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(^|[-_\s])(nav|navbar|menu|footer|sidebar|cookies?|consent|gdpr|share|sharing|social|related|recommended|comments?|newsletter|subscribe|subscription|promo|advert|advertisement|ads?|banner|breadcrumbs?|popup|modal|outbrain|taboola|widget|tags|byline|author|meta|caption|credits?)([-_\s]|$)",
    )
    .expect("the chrome class pattern is a valid regular expression") // invariant: literal
});

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("selectors in this module are valid CSS") // invariant: literals
}

static MAIN_CANDIDATES: LazyLock<Selector> =
    LazyLock::new(|| selector("article, [itemprop=articleBody], main, [role=main]"));
static BODY: LazyLock<Selector> = LazyLock::new(|| selector("body"));
static PARAGRAPHS: LazyLock<Selector> = LazyLock::new(|| selector("p"));
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
    let root = main_root(&document);
    let title = page_title(&document, &metas, root);
    let mut paragraphs = collect_paragraphs(root, title.as_deref());
    if paragraphs.is_empty()
        && let Some(body) = document.select(&BODY).next()
    {
        paragraphs = collect_paragraphs(body, title.as_deref());
    }
    let url = page_url(&document, &metas);
    let syndication = syndication_signal(&document);
    Ok(Extracted {
        syndication,
        site: metas.first(&["og:site_name", "application-name"]),
        published: published(&document, &metas, root),
        byline: byline(&document, &metas),
        language: document
            .select(&HTML_ROOT)
            .next()
            .and_then(|html| html.value().attr("lang"))
            .and_then(language::normalise_tag),
        title,
        url,
        paragraphs,
    })
}

/// The first block of the page that says it reposts another outlet's article.
fn syndication_signal(document: &Html) -> Option<String> {
    let body = document.select(&BODY).next()?;
    body.descendants()
        .filter_map(ElementRef::wrap)
        .filter(|element| is_leaf_block(*element))
        .map(element_text)
        .find(|text| is_syndication_signal(text))
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

/// The element holding the article: the candidate with the most paragraph text, or `<body>`.
fn main_root(document: &Html) -> ElementRef<'_> {
    let best = document
        .select(&MAIN_CANDIDATES)
        .map(|candidate| (paragraph_chars(candidate), candidate))
        .filter(|(chars, _)| *chars > 0)
        .max_by_key(|(chars, _)| *chars)
        .map(|(_, candidate)| candidate);
    best.or_else(|| document.select(&BODY).next())
        .unwrap_or_else(|| document.root_element())
}

fn paragraph_chars(element: ElementRef<'_>) -> usize {
    element
        .select(&PARAGRAPHS)
        .map(|p| p.text().map(str::len).sum::<usize>())
        .sum()
}

fn page_title(document: &Html, metas: &MetaTags, root: ElementRef<'_>) -> Option<String> {
    metas
        .first(&["og:title", "twitter:title", "title", "headline"])
        .or_else(|| root.select(&H1).next().map(element_text))
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

fn published(
    document: &Html,
    metas: &MetaTags,
    root: ElementRef<'_>,
) -> Option<time::OffsetDateTime> {
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
        root.select(&TIME)
            .chain(document.select(&TIME))
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

/// The text of the leaf blocks under `root`, in document order, chrome left out.
fn collect_paragraphs(root: ElementRef<'_>, title: Option<&str>) -> Vec<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    for node in root.descendants() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        if !is_leaf_block(element) || is_inside_chrome(element, root) {
            continue;
        }
        let text = element_text(element);
        if text.is_empty() || Some(text.as_str()) == title || is_chrome(&text) {
            continue;
        }
        if is_end_marker(&text) && !paragraphs.is_empty() {
            break;
        }
        if link_density(element, text.len()) <= MAX_LINK_DENSITY {
            paragraphs.push(text);
        }
    }
    paragraphs
}

fn is_block(element: ElementRef<'_>) -> bool {
    BLOCK_ELEMENTS.contains(&element.value().name())
}

fn is_leaf_block(element: ElementRef<'_>) -> bool {
    is_block(element)
        && !element
            .descendants()
            .skip(1)
            .filter_map(ElementRef::wrap)
            .any(is_block)
}

/// Whether `element`, or an ancestor up to `root`, is page furniture.
fn is_inside_chrome(element: ElementRef<'_>, root: ElementRef<'_>) -> bool {
    let mut current = Some(element);
    while let Some(candidate) = current {
        if is_furniture(candidate) {
            return true;
        }
        if candidate.id() == root.id() {
            return false;
        }
        current = candidate.parent().and_then(ElementRef::wrap);
    }
    false
}

fn is_furniture(element: ElementRef<'_>) -> bool {
    let value = element.value();
    if EXCLUDED_ELEMENTS.contains(&value.name()) || value.attr("hidden").is_some() {
        return true;
    }
    if value
        .attr("role")
        .is_some_and(|role| EXCLUDED_ROLES.contains(&role.to_ascii_lowercase().as_str()))
    {
        return true;
    }
    let class_and_id = format!(
        "{} {}",
        value.attr("class").unwrap_or_default(),
        value.attr("id").unwrap_or_default()
    );
    CHROME_CLASS.is_match(&class_and_id)
}

fn link_density(element: ElementRef<'_>, text_len: usize) -> f64 {
    let link_len: usize = element
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|descendant| descendant.value().name() == "a")
        .map(|link| element_text(link).len())
        .sum();
    link_len as f64 / text_len.max(1) as f64
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
