//! The page's own description of itself: `<meta>` tags (OpenGraph, Dublin Core, Parsely,
//! Sailthru...), `<link rel=canonical>`, the first `<time datetime>`, `<html lang>`, the
//! first `<h1>`, `<title>`, `rel=author` links and the JSON-LD scripts, gathered in one
//! pass over the parsed document's nodes.

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};

use parallax_core::dates::parse_datetime;

/// What the page's tags say, before the choices between them.
#[derive(Default)]
pub(super) struct PageTags {
    /// `<meta>` tags by their `property`, `name` or `itemprop` (lowercased), in order.
    metas: Vec<(String, String)>,
    /// The text of each `<script type="application/ld+json">`.
    pub(super) json_ld: Vec<String>,
    canonical: Option<String>,
    time: Option<String>,
    pub(super) lang: Option<String>,
    h1: Option<NodeId>,
    title: Option<NodeId>,
    author_link: Option<NodeId>,
}

impl PageTags {
    pub(super) fn read(document: &Html) -> Self {
        let mut tags = Self::default();
        for node in document.tree.nodes() {
            let Node::Element(element) = node.value() else {
                continue;
            };
            match element.name() {
                "meta" => {
                    let key = element
                        .attr("property")
                        .or_else(|| element.attr("name"))
                        .or_else(|| element.attr("itemprop"));
                    if let (Some(key), Some(content)) = (key, element.attr("content")) {
                        let content = normalise_space(content);
                        if !content.is_empty() {
                            tags.metas.push((key.to_ascii_lowercase(), content));
                        }
                    }
                }
                "script" => {
                    if element
                        .attr("type")
                        .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("application/ld+json"))
                    {
                        let text = ElementRef::wrap(node).map(|script| script.text().collect());
                        tags.json_ld.extend(text);
                    }
                }
                "link" if tags.canonical.is_none() && has_rel(element, "canonical") => {
                    tags.canonical = element.attr("href").map(str::to_string);
                }
                "time" if tags.time.is_none() => {
                    tags.time = element.attr("datetime").map(str::to_string);
                }
                "html" if tags.lang.is_none() => {
                    tags.lang = element.attr("lang").map(str::to_string);
                }
                "h1" if tags.h1.is_none() => tags.h1 = Some(node.id()),
                "title" if tags.title.is_none() => tags.title = Some(node.id()),
                _ => {}
            }
            if tags.author_link.is_none() && has_rel(element, "author") {
                tags.author_link = Some(node.id());
            }
        }
        tags
    }

    /// The content of the first `<meta>` with any of `keys`, in the order of `keys`.
    pub(super) fn meta(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|key| {
            self.metas
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, content)| content.clone())
        })
    }

    /// The headline the tags give: OpenGraph, Twitter, `<meta name=title>`, the first
    /// `<h1>`, or `<title>` without the site's name.
    pub(super) fn title(&self, document: &Html) -> Option<String> {
        self.meta(&["og:title", "twitter:title", "title", "headline"])
            .or_else(|| self.h1.and_then(|id| text_of(document, id)))
            .or_else(|| {
                let title = self.title.and_then(|id| text_of(document, id))?;
                Some(title_without_site(&title).to_string())
            })
            .filter(|title| !title.is_empty())
    }

    /// The canonical URL, or OpenGraph's.
    pub(super) fn url(&self) -> Option<String> {
        self.canonical
            .clone()
            .or_else(|| self.meta(&["og:url"]))
            .filter(|url| url::Url::parse(url).is_ok())
    }

    /// The publication date from the tags, or the first `<time datetime>`.
    pub(super) fn published(&self) -> Option<time::OffsetDateTime> {
        self.meta(&[
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
        .and_then(|value| parse_datetime(&value))
        .or_else(|| self.time.as_deref().and_then(parse_datetime))
    }

    /// The author from the tags, or the first `rel=author` link's text.
    pub(super) fn byline(&self, document: &Html) -> Option<String> {
        self.meta(&["author", "article:author", "sailthru.author", "parsely-author"])
            .filter(|author| !author.starts_with("http"))
            .or_else(|| self.author_link.and_then(|id| text_of(document, id)))
            .filter(|author| !author.is_empty())
    }
}

fn has_rel(element: &scraper::node::Element, value: &str) -> bool {
    element
        .attr("rel")
        .is_some_and(|rel| rel.split_whitespace().any(|token| token.eq_ignore_ascii_case(value)))
}

fn text_of(document: &Html, id: NodeId) -> Option<String> {
    let element = ElementRef::wrap(document.tree.get(id)?)?;
    Some(element_text(element)).filter(|text| !text.is_empty())
}

/// "Headline | Site" or "Headline - Site" → "Headline".
fn title_without_site(title: &str) -> &str {
    [" | ", " - ", " – ", " — "]
        .iter()
        .find_map(|separator| title.split_once(separator).map(|(head, _)| head.trim()))
        .unwrap_or(title)
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
