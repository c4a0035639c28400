//! The page's own description of itself: `<meta>` tags (OpenGraph, Dublin Core, Parsely,
//! Sailthru...), `<link rel=canonical>`, the first `<time datetime>`, `<html lang>`,
//! `<title>`, the first `<h1>`, `rel=author` links and the JSON-LD scripts, noted as the
//! one walk over the page meets them.

use parallax_core::dates::{MONTH_NAMES, parse_datetime};

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
    /// The text of the first element marked as the author (`rel=author`, `itemprop=author`,
    /// class "byline" or "author") that reads as a name.
    pub(crate) author_link: Option<String>,
    /// The first `itemprop=datePublished` value.
    item_date: Option<String>,
    /// The first date stated in the text of a date element ("Published October 17, 2018").
    text_date: Option<time::OffsetDateTime>,
}

/// What the text of an element may state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Capture {
    Author,
    Date,
}

/// What the raw content of an element is to the page's description.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RawKind {
    Title,
    JsonLd,
    Other,
}

impl PageTags {
    /// Notes what an opening element `tag` says. Returns what its text may state that is
    /// not known yet (the author's name, the publication date).
    pub(crate) fn observe(&mut self, tag: &str, attributes: &[Attribute<'_>]) -> Vec<Capture> {
        let get = |name: &str| attribute(attributes, name).map(decode_attribute);
        let itemprop = attribute(attributes, "itemprop").map(str::trim);
        if self.item_date.is_none()
            && itemprop.is_some_and(|prop| prop.eq_ignore_ascii_case("datePublished"))
        {
            self.item_date = get("content").or_else(|| get("datetime")).map(Into::into);
        }
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
        let mut wanted = Vec::new();
        if matches!(tag, "link" | "meta") {
            return wanted;
        }
        let class = attribute(attributes, "class");
        if self.author_link.is_none()
            && (has_rel(attributes, "author")
                || itemprop.is_some_and(|prop| prop.eq_ignore_ascii_case("author"))
                || class.is_some_and(names_the_author))
        {
            wanted.push(Capture::Author);
        }
        if self.text_date.is_none()
            && (itemprop.is_some_and(|prop| prop.eq_ignore_ascii_case("datePublished"))
                || class.is_some_and(names_the_date))
        {
            wanted.push(Capture::Date);
        }
        wanted
    }

    /// Keeps what an element's `text` states, if it reads as what was expected.
    pub(crate) fn observe_capture(&mut self, capture: Capture, text: &str) {
        match capture {
            Capture::Author => self.observe_author(text),
            Capture::Date if self.text_date.is_none() && text.len() <= MAX_DATE_CHARS => {
                self.text_date = date_in_text(text);
            }
            Capture::Date => {}
        }
    }

    /// Keeps `text`, captured from an element that may name the author, if it reads as a
    /// name: short, "By" and trailing dates or roles left out.
    fn observe_author(&mut self, text: &str) {
        if self.author_link.is_some() {
            return;
        }
        let text = normalise_space(text);
        let text = ["By ", "by ", "BY ", "Written by ", "Author: ", "Posted by "]
            .iter()
            .find_map(|prefix| text.strip_prefix(prefix))
            .unwrap_or(&text);
        let name = text
            .split(['|', '•', '·', '\n'])
            .next()
            .unwrap_or_default()
            .trim()
            .trim_end_matches([',', ';', ':']);
        let words = name.split_whitespace().count();
        let looks_like_name = (1..=MAX_AUTHOR_WORDS).contains(&words)
            && name.chars().count() <= MAX_AUTHOR_CHARS
            && name.chars().next().is_some_and(char::is_alphabetic)
            && !name.chars().any(|c| c.is_ascii_digit());
        if looks_like_name {
            self.author_link = Some(name.to_string());
        }
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

    /// The headline: the first `<h1>` when the tags' title starts with it (the tags add
    /// the site's name), else OpenGraph, Twitter or `<meta name=title>` without the site's
    /// name, else the `<h1>`, else `<title>` without the site's name.
    pub(crate) fn title(&self) -> Option<String> {
        let site = self.meta(&["og:site_name", "application-name"]);
        let tagged = self.meta(&["og:title", "twitter:title", "title", "headline"]);
        if let (Some(h1), Some(tagged)) = (&self.h1, &tagged) {
            let (h1_words, tagged_words) = (squash(h1), squash(tagged));
            if h1_words.split(' ').count() >= 2 && tagged_words.starts_with(&h1_words) {
                return Some(h1.clone());
            }
        }
        tagged
            .map(|title| without_site(&title, site.as_deref()).to_string())
            .or_else(|| self.h1.clone())
            .or_else(|| {
                let title = self.title.as_deref()?;
                Some(without_site(title, site.as_deref()).to_string())
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
        .or_else(|| self.item_date.as_deref().and_then(parse_datetime))
        .or_else(|| self.time.as_deref().and_then(parse_datetime))
        .or(self.text_date)
        .or_else(|| self.url().as_deref().and_then(date_in_url))
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

/// "Headline | Site", "Headline - Section - Site" → "Headline": the last part goes while
/// it is the site's name or a few words after a longer headline.
fn without_site<'t>(title: &'t str, site: Option<&str>) -> &'t str {
    let mut title = title.trim();
    for _ in 0..2 {
        let Some((head, tail)) = TITLE_SEPARATORS
            .iter()
            .filter_map(|separator| title.rsplit_once(separator))
            .max_by_key(|(head, _)| head.len())
        else {
            break;
        };
        let (head, tail) = (head.trim(), tail.trim());
        let is_site = site.is_some_and(|site| squash(site) == squash(tail));
        let short_tail = tail.split_whitespace().count() <= MAX_SITE_WORDS
            && head.split_whitespace().count() > tail.split_whitespace().count();
        if head.is_empty() || !(is_site || short_tail) {
            break;
        }
        title = head;
    }
    title
}

/// Lowercase words, punctuation dropped, for comparing titles.
fn squash(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A class that marks the author's name ("byline", "author", "author-name").
fn names_the_author(class: &str) -> bool {
    class.split_whitespace().any(|name| {
        let name = name.to_ascii_lowercase();
        matches!(
            name.as_str(),
            "byline"
                | "author"
                | "author-name"
                | "authorname"
                | "byline__author"
                | "article-author"
        ) || name.ends_with("__author")
            || name.ends_with("-author-name")
    })
}

/// A class that marks a publication date ("date", "published", "post-date").
fn names_the_date(class: &str) -> bool {
    class.split_whitespace().any(|name| {
        let name = name.to_ascii_lowercase();
        name.split(['-', '_']).any(|token| {
            matches!(
                token,
                "date" | "published" | "pubdate" | "dateline" | "timestamp"
            )
        })
    })
}

/// The first date written out in `text`: "October 17, 2018", "Oct. 17, 2018",
/// "17 October 2018", "2018-10-17" — at midnight UTC.
fn date_in_text(text: &str) -> Option<time::OffsetDateTime> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|word| !word.is_empty())
        .collect();
    let number = |word: &str, digits: std::ops::RangeInclusive<usize>| {
        let word = word.trim_end_matches(['.', ',', ';']);
        let word = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|suffix| word.strip_suffix(suffix))
            .unwrap_or(word);
        (digits.contains(&word.len()) && word.chars().all(|c| c.is_ascii_digit()))
            .then(|| word.parse::<u32>().ok())
            .flatten()
    };
    let build =
        |year: u32, month: u32, day: u32| parse_datetime(&format!("{year:04}-{month:02}-{day:02}"));
    for (index, word) in words.iter().enumerate() {
        if let Some(date) = parse_datetime(word.trim_end_matches(['.', ','])) {
            return Some(date);
        }
        let Some(month) = month_number(word) else {
            continue;
        };
        // "October 17, 2018"
        if let (Some(day), Some(year)) = (
            words.get(index + 1).and_then(|w| number(w, 1..=2)),
            words.get(index + 2).and_then(|w| number(w, 4..=4)),
        ) && let Some(date) = build(year, month, day)
        {
            return Some(date);
        }
        // "17 October 2018"
        if let (Some(day), Some(year)) = (
            index.checked_sub(1).and_then(|i| number(words[i], 1..=2)),
            words.get(index + 1).and_then(|w| number(w, 4..=4)),
        ) && let Some(date) = build(year, month, day)
        {
            return Some(date);
        }
    }
    None
}

/// The month an English month name or abbreviation ("Oct", "Sept.") names.
fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    if word.len() < 3 {
        return None;
    }
    MONTH_NAMES
        .iter()
        .position(|month| *month == word || (word.len() <= 4 && month.starts_with(&word)))
        .map(|index| index as u32 + 1)
}

/// The date in a URL's path (`/2024/06/30/` or `/2024-06-30-`), at midnight UTC.
fn date_in_url(url: &str) -> Option<time::OffsetDateTime> {
    let path = url::Url::parse(url).ok()?.path().to_string();
    let digits: Vec<&str> = path.split(['/', '-', '_']).collect();
    digits.windows(3).find_map(|window| {
        let [year, month, day] = window else {
            return None;
        };
        let valid = year.len() == 4 && month.len() == 2 && day.len() == 2;
        valid
            .then(|| format!("{year}-{month}-{day}"))
            .and_then(|date| parse_datetime(&date))
            .filter(|date| (1990..=2100).contains(&date.year()))
    })
}

/// What separates a headline from the site's name in a title.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " » ", " :: ", " · ", " // "];
/// A site's name has at most this many words.
const MAX_SITE_WORDS: usize = 4;
/// Text longer than this is not a date line.
const MAX_DATE_CHARS: usize = 120;
/// An author's name (or two) has at most this many words and characters.
const MAX_AUTHOR_WORDS: usize = 8;
const MAX_AUTHOR_CHARS: usize = 80;

pub(crate) fn normalise_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_written_out_are_read() {
        let day = |text: &str| date_in_text(text).map(|date| date.date().to_string());
        assert_eq!(
            day("Updated November 18, 2025").as_deref(),
            Some("2025-11-18")
        );
        assert_eq!(
            day("Oct. 11, 2023 · 5 min read").as_deref(),
            Some("2023-10-11")
        );
        assert_eq!(
            day("Published 17 October 2018").as_deref(),
            Some("2018-10-17")
        );
        assert_eq!(day("2024-06-30").as_deref(), Some("2024-06-30"));
        assert_eq!(day("May the force be with you"), None);
        assert_eq!(day("March 45, 2020"), None);
    }

    #[test]
    fn titles_lose_the_site_name_only() {
        assert_eq!(
            without_site("Brief History of Coffee - Charleston Coffee Roasters", None),
            "Brief History of Coffee"
        );
        assert_eq!(
            without_site(
                "Quake hits Velmora | World | Harbour Times",
                Some("Harbour Times")
            ),
            "Quake hits Velmora"
        );
        assert_eq!(
            without_site(
                "Fed raises rates - what it means for your mortgage payments",
                None
            ),
            "Fed raises rates - what it means for your mortgage payments"
        );
    }

    #[test]
    fn bylines_read_as_names() {
        let mut tags = PageTags::default();
        tags.observe_capture(
            Capture::Author,
            "Share this article on every network you use today",
        );
        assert_eq!(tags.author_link, None);
        tags.observe_capture(Capture::Author, "By Rui Mendes | 14 October 2026");
        assert_eq!(tags.author_link.as_deref(), Some("Rui Mendes"));
    }
}
