//! The page's own description of itself: `<meta>` tags (OpenGraph, Dublin Core, Parsely,
//! Sailthru...), `<link rel=canonical>`, the first `<time datetime>`, `<html lang>`,
//! `<title>`, the first `<h1>`, `rel=author` links and the JSON-LD scripts, noted as the
//! one walk over the page meets them.

use parallax_core::dates::parse_datetime;

use super::tokenizer::{Attribute, attribute, decode_attribute, decode_text};

/// What the page's tags say, before the choices between them.
#[derive(Debug, Default)]
pub(crate) struct PageTags {
    /// `<meta>` tags by their `property`, `name` or `itemprop` (lowercased), in order.
    metas: Vec<(String, String)>,
    /// The text of each `<script type="application/ld+json">`.
    pub(crate) json_ld: Vec<String>,
    canonical: Option<String>,
    time: Option<String>,
    pub(crate) lang: Option<String>,
    title: Option<String>,
    pub(crate) h1: Option<String>,
    pub(crate) author_link: Option<String>,
}

/// What the raw content of an element is to the page's description.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RawKind {
    Title,
    JsonLd,
    Other,
}

impl PageTags {
    /// Notes what an opening element `tag` says. Returns whether its text is the author's
    /// name (a `rel=author` link, the first one).
    pub(crate) fn observe(&mut self, tag: &str, attributes: &[Attribute<'_>]) -> bool {
        let get = |name: &str| attribute(attributes, name).map(decode_attribute);
        match tag {
            "meta" => {
                let key = get("property")
                    .or_else(|| get("name"))
                    .or_else(|| get("itemprop"));
                if let (Some(key), Some(content)) = (key, get("content")) {
                    let content = normalise_space(&content);
                    if !content.is_empty() {
                        self.metas.push((key.to_ascii_lowercase(), content));
                    }
                }
            }
            "link" if self.canonical.is_none() && has_rel(attributes, "canonical") => {
                self.canonical = get("href").map(|href| href.trim().to_string());
            }
            "time" if self.time.is_none() => self.time = get("datetime").map(Into::into),
            "html" if self.lang.is_none() => self.lang = get("lang").map(Into::into),
            _ => {}
        }
        self.author_link.is_none() && tag != "link" && has_rel(attributes, "author")
    }

    /// What kind of raw content an opening element `tag` holds.
    pub(crate) fn raw_kind(tag: &str, attributes: &[Attribute<'_>]) -> RawKind {
        match tag {
            "title" => RawKind::Title,
            "script"
                if attribute(attributes, "type").is_some_and(|kind| {
                    kind.trim().eq_ignore_ascii_case("application/ld+json")
                }) =>
            {
                RawKind::JsonLd
            }
            _ => RawKind::Other,
        }
    }

    /// Notes raw content of `kind`.
    pub(crate) fn observe_raw(&mut self, kind: RawKind, text: &str) {
        match kind {
            RawKind::Title if self.title.is_none() => {
                self.title = Some(normalise_space(&decode_text(text)));
            }
            RawKind::JsonLd => self.json_ld.push(text.to_string()),
            _ => {}
        }
    }

    /// The content of the first `<meta>` with any of `keys`, in the order of `keys`.
    pub(crate) fn meta(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|key| {
            self.metas
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, content)| content.clone())
        })
    }

    /// The headline the tags give: OpenGraph, Twitter, `<meta name=title>`, the first
    /// `<h1>`, or `<title>` without the site's name.
    pub(crate) fn title(&self) -> Option<String> {
        self.meta(&["og:title", "twitter:title", "title", "headline"])
            .or_else(|| self.h1.clone())
            .or_else(|| {
                let title = self.title.as_deref()?;
                Some(title_without_site(title).to_string())
            })
            .filter(|title| !title.is_empty())
    }

    /// The canonical URL, or OpenGraph's.
    pub(crate) fn url(&self) -> Option<String> {
        self.canonical
            .clone()
            .or_else(|| self.meta(&["og:url"]))
            .filter(|url| url::Url::parse(url).is_ok())
    }

    /// The publication date from the tags, or the first `<time datetime>`.
    pub(crate) fn published(&self) -> Option<time::OffsetDateTime> {
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
    pub(crate) fn byline(&self) -> Option<String> {
        self.meta(&[
            "author",
            "article:author",
            "sailthru.author",
            "parsely-author",
        ])
        .filter(|author| !author.starts_with("http"))
        .or_else(|| self.author_link.clone())
        .filter(|author| !author.is_empty())
    }
}

fn has_rel(attributes: &[Attribute<'_>], value: &str) -> bool {
    attribute(attributes, "rel").is_some_and(|rel| {
        rel.split_whitespace()
            .any(|token| token.eq_ignore_ascii_case(value))
    })
}

/// "Headline | Site" or "Headline - Site" → "Headline".
fn title_without_site(title: &str) -> &str {
    [" | ", " - ", " – ", " — "]
        .iter()
        .find_map(|separator| title.split_once(separator).map(|(head, _)| head.trim()))
        .unwrap_or(title)
}

pub(crate) fn normalise_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
