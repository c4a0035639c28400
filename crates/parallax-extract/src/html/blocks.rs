//! The page as blocks: one walk over the parsed document gives an arena of its elements
//! (parent, depth, what kind of element, whether it is page furniture, text and link
//! totals of its subtree) and its text blocks in document order (each run of text between
//! two block-level boundaries, with the element that holds it).
//!
//! Everything the content stage decides, it decides on this arena: no DOM, no second
//! walk, no repeated text collection. The same walk notes the page's own description of
//! itself ([`PageTags`]).

use parallax_core::SkipReason;

use super::class_words;
use super::metadata::{Capture, PageTags, RawKind};
use super::tokenizer::{Attribute, attribute};
use super::tree::{self, Events};

/// Index of an element in [`Page::elements`].
pub(crate) type ElementIndex = u32;

/// What an element is, as far as the content stage cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `p`, `pre`, `blockquote`, `dd`, `dt`...: holds one paragraph.
    Paragraph,
    /// `h1`…`h6`.
    Heading,
    /// `li`.
    ListItem,
    /// `td`, `th`.
    Cell,
    /// `div`, `section`, `article`, `main`, `body`...: holds blocks.
    Container,
    /// `ul`, `ol`, `dl`, `table`, `tr`...: holds items.
    List,
    /// Inline elements: no boundary.
    Inline,
}

/// One element of the page.
#[derive(Clone, Debug)]
pub(crate) struct Element {
    pub(crate) parent: Option<ElementIndex>,
    pub(crate) depth: u16,
    pub(crate) kind: Kind,
    /// The tag name.
    pub(crate) tag: &'static str,
    /// The element marks the article: `<article>`, `itemprop=articleBody`, `<main>`.
    pub(crate) article_hint: bool,
    /// Class and id say article (+1), page furniture (-1), or nothing (0).
    pub(crate) class_weight: i8,
    /// Whether the element is page furniture, by its tag, role, class, id or visibility.
    pub(crate) chrome: Chrome,
    /// Characters of text in the subtree.
    pub(crate) text_chars: u32,
    /// Characters of link text in the subtree.
    pub(crate) link_chars: u32,
    /// Characters of the subtree's prose blocks (see [`PROSE_CHARS`]).
    pub(crate) prose_chars: u32,
    /// The subtree holds a `<table>`.
    pub(crate) has_table: bool,
    /// Its class or id holds a word of furniture that no article word overrides.
    pub(crate) strong_name: bool,
    /// The element's `class` attribute, for siblings that share it.
    pub(crate) class: Option<Box<str>>,
}

impl Element {
    pub(crate) fn link_density(&self) -> f32 {
        self.link_chars as f32 / self.text_chars.max(1) as f32
    }
}

/// How sure the page is that an element is furniture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Chrome {
    /// Not furniture.
    No,
    /// Furniture by a sign pages also put on whole-page wrappers (`<form>`, `<header>`,
    /// class and id words): believed only when the element holds a minor share of the text.
    Weak,
    /// Hidden (`hidden`, `aria-hidden`, `display: none`): furniture, unless it holds most
    /// of the page (text some pages reveal by script). Settled after the walk.
    Hidden,
    /// Furniture wherever it is (`<nav>`, `<aside>`, furniture roles).
    Strong,
}

/// One run of text between block boundaries.
#[derive(Clone, Debug)]
pub(crate) struct Block {
    /// The innermost block-level element holding the text.
    pub(crate) element: ElementIndex,
    pub(crate) text: String,
    pub(crate) chars: u32,
    pub(crate) link_chars: u32,
}

impl Block {
    pub(crate) fn link_density(&self) -> f32 {
        self.link_chars as f32 / self.chars.max(1) as f32
    }
}

/// The page's elements and text blocks.
#[derive(Debug, Default)]
pub(crate) struct Page {
    pub(crate) elements: Vec<Element>,
    pub(crate) blocks: Vec<Block>,
}

impl Page {
    /// Depth of the innermost furniture element that is `element` or holds it.
    pub(crate) fn chrome_depth(&self, mut element: ElementIndex) -> Option<u16> {
        loop {
            let current = &self.elements[element as usize];
            if current.chrome != Chrome::No {
                return Some(current.depth);
            }
            element = current.parent?;
        }
    }

    /// Forgets the weak furniture signs, for pages whose every block sits in something
    /// named like furniture ("card", "teaser").
    pub(crate) fn clear_weak_chrome(&mut self) {
        for element in &mut self.elements {
            if element.chrome == Chrome::Weak {
                element.chrome = Chrome::No;
            }
        }
    }

    /// Whether `element` is `ancestor` or lies inside it.
    pub(crate) fn is_within(&self, mut element: ElementIndex, ancestor: ElementIndex) -> bool {
        let floor = self.elements[ancestor as usize].depth;
        loop {
            if element == ancestor {
                return true;
            }
            let current = &self.elements[element as usize];
            if current.depth <= floor {
                return false;
            }
            match current.parent {
                Some(parent) => element = parent,
                None => return false,
            }
        }
    }
}

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
    "select", "textarea", "button", "math", "video", "audio", "picture", "head", "title",
];
/// Elements that are page furniture wherever they are.
const FURNITURE: &[&str] = &[
    "nav",
    "footer",
    "aside",
    "menu",
    "dialog",
    "figure",
    "figcaption",
    "address",
    "label",
    "fieldset",
    "input",
];
/// Elements that are furniture unless they hold most of the page.
const WEAK_FURNITURE: &[&str] = &["form", "header"];
/// A weak sign of furniture is not believed of an element with more than this share of
/// the page's text or prose.
const MAX_WEAK_CHROME_SHARE: f32 = 0.5;
/// A prose block has at least this many characters...
pub(crate) const PROSE_CHARS: u32 = 25;
/// ...and less than this share of them in links.
const PROSE_LINK_DENSITY: f32 = 0.5;
/// ARIA roles of page furniture.
const FURNITURE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
    "toolbar",
    "tablist",
];

/// Reads `html` into elements, blocks and the page's tags.
pub(crate) fn read(html: &str) -> Result<(Page, PageTags), SkipReason> {
    let mut walker = Walker::default();
    // One root for every page, fragments included, so each block has a container.
    walker.open_element("html", &[]);
    tree::build(html, &mut walker)?;
    let (mut page, mut tags) = walker.finish();
    settle_chrome(&mut page);
    tags.h1 = page
        .blocks
        .iter()
        .find(|block| page.elements[block.element as usize].tag == "h1")
        .map(|block| block.text.clone());
    Ok((page, tags))
}

/// Clears weak furniture signs on elements that hold most of the page's text or prose
/// (a wrapper named "entry-content-read-more" or hidden until scripts run is the
/// article), and keeps figures that hold a table.
fn settle_chrome(page: &mut Page) {
    let roots = page
        .elements
        .iter()
        .filter(|element| element.parent.is_none());
    let (total, prose) = roots.fold((0u32, 0u32), |(text, prose), root| {
        (text + root.text_chars, prose + root.prose_chars)
    });
    let (total, prose) = (total.max(1) as f32, prose.max(1) as f32);
    for element in &mut page.elements {
        let holds_most = element.text_chars as f32 / total > MAX_WEAK_CHROME_SHARE
            || element.prose_chars as f32 / prose > MAX_WEAK_CHROME_SHARE;
        element.chrome = match element.chrome {
            Chrome::Weak | Chrome::Hidden if holds_most => Chrome::No,
            Chrome::Hidden => Chrome::Strong,
            Chrome::Strong if element.tag == "figure" && element.has_table => Chrome::No,
            other => other,
        };
    }
}

#[derive(Default)]
struct Walker {
    page: Page,
    tags: PageTags,
    /// Open elements, innermost last, with whether each is a link.
    open: Vec<(ElementIndex, bool)>,
    links_open: usize,
    /// Open elements inside a skipped one (a script, an SVG, the head), counting it.
    skipped_open: usize,
    /// What the raw content of the innermost skipped element is.
    raw_kind: Option<RawKind>,
    /// Text of open elements that may state the author or the date: (depth, what, text).
    captures: Vec<(usize, Capture, String)>,
    buffer: String,
    buffer_link_chars: u32,
    /// White space came after the buffer's last word (in this text node or an earlier one).
    pending_space: bool,
    /// Open `<article>` elements.
    articles_open: usize,
}

impl<'a> Events<'a> for Walker {
    fn open(&mut self, name: &str, attributes: &[Attribute<'a>]) {
        let wanted = self.tags.observe(name, attributes);
        if self.skipped_open == 0 && !SKIPPED.contains(&name) {
            for capture in wanted {
                self.captures
                    .push((self.open.len() + 1, capture, String::new()));
            }
        }
        if self.skipped_open > 0 || SKIPPED.contains(&name) {
            self.skipped_open += 1;
            self.raw_kind = Some(PageTags::raw_kind(name, attributes));
            return;
        }
        self.open_element(name, attributes);
    }

    fn close(&mut self) {
        if self.skipped_open > 0 {
            self.skipped_open -= 1;
            return;
        }
        while let Some((depth, capture, text)) = self.captures.last()
            && *depth == self.open.len()
        {
            self.tags.observe_capture(*capture, text);
            self.captures.pop();
        }
        self.close_element();
    }

    fn text(&mut self, text: &str) {
        if self.skipped_open > 0 {
            return;
        }
        for (_, _, captured) in &mut self.captures {
            captured.push_str(text);
        }
        self.append_text(text);
    }

    fn raw(&mut self, text: &'a str) {
        if let Some(kind) = self.raw_kind.take() {
            self.tags.observe_raw(kind, text);
        }
    }
}

impl Walker {
    fn open_element(&mut self, name: &str, attributes: &[Attribute<'_>]) {
        let tag = static_tag(name);
        let kind = kind_of(tag);
        if kind != Kind::Inline || tag == "br" {
            self.flush();
        }
        let depth = self.open.len() as u16;
        let (class_weight, mut chrome, strong_name) = furniture(attributes, tag);
        if tag == "article" {
            // An article inside an article is a teaser of another one.
            if self.articles_open > 0 && chrome == Chrome::No {
                chrome = Chrome::Weak;
            }
            self.articles_open += 1;
        }
        let index = self.page.elements.len() as ElementIndex;
        self.page.elements.push(Element {
            parent: self.open.last().map(|(parent, _)| *parent),
            depth,
            kind,
            tag,
            article_hint: tag == "article"
                || tag == "main"
                || attribute(attributes, "itemprop")
                    .is_some_and(|prop| prop.eq_ignore_ascii_case("articleBody")),
            class_weight,
            chrome,
            strong_name,
            text_chars: 0,
            link_chars: 0,
            prose_chars: 0,
            has_table: tag == "table",
            class: attribute(attributes, "class").map(Into::into),
        });
        let is_link = tag == "a";
        if is_link {
            self.links_open += 1;
        }
        self.open.push((index, is_link));
    }

    fn close_element(&mut self) {
        let Some((index, is_link)) = self.open.last().copied() else {
            return;
        };
        let element = &self.page.elements[index as usize];
        if element.kind != Kind::Inline {
            self.flush();
        }
        self.open.pop();
        if is_link {
            self.links_open -= 1;
        }
        let element = &self.page.elements[index as usize];
        if element.tag == "article" {
            self.articles_open -= 1;
        }
        let (text, links, prose, table, parent) = (
            element.text_chars,
            element.link_chars,
            element.prose_chars,
            element.has_table,
            element.parent,
        );
        if let Some(parent) = parent {
            let parent = &mut self.page.elements[parent as usize];
            parent.text_chars += text;
            parent.link_chars += links;
            parent.prose_chars += prose;
            parent.has_table |= table;
        }
    }

    /// Appends a text node: words keep the spacing the page gives them, so
    /// `giant <a>Home Depot</a>` reads "giant Home Depot" and `<a>member</a>.` "member.".
    fn append_text(&mut self, text: &str) {
        let in_link = self.links_open > 0;
        if text.starts_with(char::is_whitespace) {
            self.pending_space = true;
        }
        for (index, word) in text.split_whitespace().enumerate() {
            if !self.buffer.is_empty() && (index > 0 || self.pending_space) {
                self.buffer.push(' ');
            }
            self.buffer.push_str(word);
            if in_link {
                self.buffer_link_chars += word.chars().count() as u32;
            }
            self.pending_space = false;
        }
        if text.ends_with(char::is_whitespace) {
            self.pending_space = true;
        }
    }

    /// Ends the current block: its text goes to the innermost open block-level element.
    fn flush(&mut self) {
        let text = self.buffer.trim();
        if !text.is_empty() {
            let element = self
                .open
                .iter()
                .rev()
                .map(|(index, _)| *index)
                .find(|index| self.page.elements[*index as usize].kind != Kind::Inline)
                .or_else(|| self.open.first().map(|(index, _)| *index));
            if let Some(element) = element {
                let chars = text.chars().count() as u32;
                let link_chars = self.buffer_link_chars.min(chars);
                let holder = &mut self.page.elements[element as usize];
                holder.text_chars += chars;
                holder.link_chars += link_chars;
                if chars >= PROSE_CHARS && (link_chars as f32) < chars as f32 * PROSE_LINK_DENSITY {
                    holder.prose_chars += chars;
                }
                self.page.blocks.push(Block {
                    element,
                    text: text.to_string(),
                    chars,
                    link_chars,
                });
            }
        }
        self.buffer.clear();
        self.buffer_link_chars = 0;
        self.pending_space = false;
    }

    fn finish(mut self) -> (Page, PageTags) {
        while !self.open.is_empty() {
            self.close_element();
        }
        self.flush();
        (self.page, self.tags)
    }
}

/// What an element's class and id say, and whether it is furniture.
fn furniture(attributes: &[Attribute<'_>], tag: &str) -> (i8, Chrome, bool) {
    let get = |name: &str| attribute(attributes, name);
    if matches!(tag, "html" | "body") {
        return (0, Chrome::No, false);
    }
    let strong = FURNITURE.contains(&tag)
        || get("role").is_some_and(|role| {
            FURNITURE_ROLES.contains(&role.trim().to_ascii_lowercase().as_str())
        });
    let hidden = get("hidden").is_some()
        || get("aria-hidden").is_some_and(|value| value.eq_ignore_ascii_case("true"))
        || get("style").is_some_and(hides);
    let mut chrome = if strong {
        Chrome::Strong
    } else if hidden {
        Chrome::Hidden
    } else if WEAK_FURNITURE.contains(&tag) {
        Chrome::Weak
    } else {
        Chrome::No
    };
    let names = [get("class"), get("id")];
    let mut weight = 0i8;
    let mut strong_name = false;
    for name in names.into_iter().flatten() {
        if name.is_empty() {
            continue;
        }
        let lowercased = name.to_ascii_lowercase();
        let tokens = class_words::tokens(&lowercased);
        let article = class_words::ARTICLE.any_in(&tokens);
        // Class words are furniture only while the element holds a minor share of the
        // page: wrappers named "has-comments" or "with-sidebar" hold the whole article.
        let strong = class_words::STRONG_CHROME.any_in(&tokens);
        strong_name |= strong;
        if strong || (class_words::WEAK_CHROME.any_in(&tokens) && !article) {
            if chrome == Chrome::No {
                chrome = Chrome::Weak;
            }
            weight = -1;
        } else if article && weight == 0 {
            weight = 1;
        }
    }
    (weight, chrome, strong_name)
}

fn hides(style: &str) -> bool {
    let style: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    style.contains("display:none") || style.contains("visibility:hidden")
}

fn kind_of(tag: &str) -> Kind {
    match tag {
        "p" | "pre" | "blockquote" | "dd" | "dt" | "caption" => Kind::Paragraph,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading,
        "li" => Kind::ListItem,
        "td" | "th" => Kind::Cell,
        "ul" | "ol" | "dl" | "table" | "thead" | "tbody" | "tfoot" | "tr" => Kind::List,
        "div" | "section" | "article" | "main" | "body" | "html" | "header" | "footer" | "nav"
        | "aside" | "form" | "figure" | "figcaption" | "address" | "center" | "hr" | "details"
        | "summary" | "fieldset" | "menu" | "dialog" => Kind::Container,
        _ => Kind::Inline,
    }
}

/// Tag names as `'static` strings: the ones this module knows, `"inline"` for the rest.
fn static_tag(name: &str) -> &'static str {
    match name {
        "a" => "a",
        "p" => "p",
        "pre" => "pre",
        "blockquote" => "blockquote",
        "dd" => "dd",
        "dt" => "dt",
        "caption" => "caption",
        "h1" => "h1",
        "h2" => "h2",
        "h3" => "h3",
        "h4" => "h4",
        "h5" => "h5",
        "h6" => "h6",
        "li" => "li",
        "td" => "td",
        "th" => "th",
        "ul" => "ul",
        "ol" => "ol",
        "dl" => "dl",
        "table" => "table",
        "thead" => "thead",
        "tbody" => "tbody",
        "tfoot" => "tfoot",
        "tr" => "tr",
        "div" => "div",
        "section" => "section",
        "article" => "article",
        "main" => "main",
        "body" => "body",
        "html" => "html",
        "header" => "header",
        "footer" => "footer",
        "nav" => "nav",
        "aside" => "aside",
        "form" => "form",
        "figure" => "figure",
        "figcaption" => "figcaption",
        "address" => "address",
        "center" => "center",
        "hr" => "hr",
        "details" => "details",
        "summary" => "summary",
        "fieldset" => "fieldset",
        "menu" => "menu",
        "dialog" => "dialog",
        "label" => "label",
        "input" => "input",
        "br" => "br",
        "span" => "span",
        "strong" => "strong",
        "em" => "em",
        "b" => "b",
        "i" => "i",
        _ => "inline",
    }
}
