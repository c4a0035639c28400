//! Tree construction: tokens in, properly nested open/close events out, with the implied
//! end tags real pages rely on (`<p>` closed by the next block, `<li>` by the next item,
//! cells and rows by the next cell or row, `<head>` by the first body content), void
//! elements closed at once, stray end tags ignored and everything closed at the end.
//!
//! A simplification of the HTML5 tree-construction rules that keeps what matters for
//! finding text blocks and their containers; it builds no DOM, so a page is read in one
//! pass. Nesting deeper than [`MAX_MARKUP_DEPTH`] is refused (every tag would cost time
//! proportional to the depth).

use parallax_core::SkipReason;

use super::tokenizer::{Attribute, Token, Tokenizer, decode_text};

/// The deepest nesting Parallax reads. Real pages stay well under 100.
pub const MAX_MARKUP_DEPTH: usize = 512;

/// What tree construction reports, in document order.
pub(crate) trait Events<'a> {
    /// An element opens; `name` is lowercase.
    fn open(&mut self, name: &str, attributes: &[Attribute<'a>]);
    /// The innermost open element closes.
    fn close(&mut self);
    /// Text (character references decoded) inside the innermost open element.
    fn text(&mut self, text: &str);
    /// The raw content of the innermost open element (`<script>`, `<title>`...).
    fn raw(&mut self, text: &'a str);
}

/// Elements with no content and no end tag.
fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "param"
            | "keygen"
            | "basefont"
            | "bgsound"
            | "frame"
            | "image"
    )
}

/// Start tags that close an open `<p>` (block-level elements).
fn closes_p(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "ul"
            | "li"
            | "dd"
            | "dt"
            | "listing"
            | "xmp"
    )
}

/// Elements a search for an open element does not look past.
fn is_scope(tag: &str) -> bool {
    matches!(
        tag,
        "html" | "table" | "td" | "th" | "caption" | "template" | "object" | "marquee" | "applet"
    )
}

/// Elements allowed in `<head>`; anything else starts the body.
fn is_head_content(tag: &str) -> bool {
    matches!(
        tag,
        "meta" | "link" | "title" | "script" | "style" | "base" | "noscript" | "template" | "head"
    )
}

/// A lowercased element name kept on the stack without allocating.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Name {
    bytes: [u8; 24],
    len: u8,
}

impl Name {
    fn new(name: &str) -> Self {
        let mut bytes = [0u8; 24];
        let len = name.len().min(bytes.len());
        for (slot, byte) in bytes.iter_mut().zip(name.bytes().take(len)) {
            *slot = byte.to_ascii_lowercase();
        }
        Self {
            bytes,
            len: len as u8,
        }
    }

    fn as_str(&self) -> &str {
        // Names are cut at a byte count, so a multi-byte character may be split; such
        // names match nothing we look for, and the lossy fallback keeps them distinct.
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("?")
    }
}

/// Builds the tree of `html`, reporting it to `events`.
pub(crate) fn build<'a>(html: &'a str, events: &mut impl Events<'a>) -> Result<(), SkipReason> {
    let mut builder = Builder {
        events,
        open: Vec::new(),
        head_open: false,
    };
    let mut tokenizer = Tokenizer::new(html);
    let mut attributes = Vec::new();
    while let Some(token) = tokenizer.next_token(&mut attributes) {
        match token {
            // As in browsers, `/>` closes only void elements: `<div/>` stays open.
            Token::Start { name, .. } => builder.start(Name::new(name), &attributes)?,
            Token::End(name) => builder.end(Name::new(name), &attributes)?,
            Token::Text(text) => builder.text(text),
            Token::Raw(text) => builder.events.raw(text),
        }
    }
    while !builder.open.is_empty() {
        builder.pop();
    }
    Ok(())
}

struct Builder<'e, E> {
    events: &'e mut E,
    open: Vec<Name>,
    /// A `<head>` is open.
    head_open: bool,
}

impl<'a, E: Events<'a>> Builder<'_, E> {
    fn start(&mut self, name: Name, attributes: &[Attribute<'a>]) -> Result<(), SkipReason> {
        let tag = name.as_str();
        if matches!(tag, "html" | "body") && self.is_open(tag) {
            return Ok(());
        }
        if self.head_open && !is_head_content(tag) {
            self.close_head();
        }
        self.imply_end_tags(tag);
        self.push(name, attributes)?;
        if is_void(tag) {
            self.pop();
        }
        Ok(())
    }

    fn end(&mut self, name: Name, attributes: &[Attribute<'a>]) -> Result<(), SkipReason> {
        let tag = name.as_str();
        match tag {
            "html" | "body" | "head" if tag != "head" || !self.head_open => Ok(()),
            "br" => {
                self.push(name, attributes)?;
                self.pop();
                Ok(())
            }
            _ => {
                let block = closes_p(tag) || is_scope(tag) || tag == "head";
                if let Some(position) = self.find_open(tag, block) {
                    while self.open.len() > position {
                        self.pop();
                    }
                }
                Ok(())
            }
        }
    }

    fn text(&mut self, text: &str) {
        if self.head_open && !text.trim().is_empty() {
            self.close_head();
        }
        self.events.text(&decode_text(text));
    }

    /// Closes what a start tag `tag` implies is finished.
    fn imply_end_tags(&mut self, tag: &str) {
        if closes_p(tag) {
            self.close_in_scope(&["p"], &[]);
        }
        match tag {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                if self.open.last().is_some_and(|top| {
                    matches!(top.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
                }) =>
            {
                self.pop();
            }
            "li" => self.close_in_scope(&["li"], &["ul", "ol", "menu"]),
            "dd" | "dt" => self.close_in_scope(&["dd", "dt"], &["dl"]),
            "tr" => {
                self.close_in_scope(&["td", "th"], &["tr", "table"]);
                self.close_in_scope(&["tr"], &["thead", "tbody", "tfoot"]);
            }
            "td" | "th" => self.close_in_scope(&["td", "th"], &["tr", "table"]),
            "thead" | "tbody" | "tfoot" => {
                self.close_in_scope(&["thead", "tbody", "tfoot", "tr", "td", "th"], &[]);
            }
            "a" => self.close_in_scope(&["a"], &[]),
            "option" => self.close_in_scope(&["option"], &[]),
            _ => {}
        }
    }

    /// Pops back to and including the innermost open element named in `targets`, unless
    /// a scope element or one of `stops` comes first.
    fn close_in_scope(&mut self, targets: &[&str], stops: &[&str]) {
        for position in (0..self.open.len()).rev() {
            let name = self.open[position].as_str();
            if targets.contains(&name) {
                while self.open.len() > position {
                    self.pop();
                }
                return;
            }
            if is_scope(name) || stops.contains(&name) {
                return;
            }
        }
    }

    /// Where `tag` is open: for block elements anywhere inside the current scope, for
    /// inline ones only above the innermost block (a stray `</span>` closes nothing).
    fn find_open(&self, tag: &str, block: bool) -> Option<usize> {
        for position in (0..self.open.len()).rev() {
            let name = self.open[position].as_str();
            if name == tag {
                return Some(position);
            }
            if is_scope(name) || (!block && closes_p(name)) {
                return None;
            }
        }
        None
    }

    fn is_open(&self, tag: &str) -> bool {
        self.open.iter().any(|name| name.as_str() == tag)
    }

    fn close_head(&mut self) {
        if let Some(position) = self.open.iter().position(|name| name.as_str() == "head") {
            while self.open.len() > position {
                self.pop();
            }
        }
        self.head_open = false;
    }

    fn push(&mut self, name: Name, attributes: &[Attribute<'a>]) -> Result<(), SkipReason> {
        if self.open.len() >= MAX_MARKUP_DEPTH {
            return Err(SkipReason::TooDeep {
                limit: MAX_MARKUP_DEPTH,
            });
        }
        self.events.open(name.as_str(), attributes);
        self.head_open |= name.as_str() == "head";
        self.open.push(name);
        Ok(())
    }

    fn pop(&mut self) {
        if let Some(name) = self.open.pop() {
            if name.as_str() == "head" {
                self.head_open = false;
            }
            self.events.close();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders the events back as balanced markup.
    #[derive(Default)]
    struct Markup(String);

    impl<'a> Events<'a> for Markup {
        fn open(&mut self, name: &str, _: &[Attribute<'a>]) {
            self.0.push_str(&format!("<{name}>"));
        }
        fn close(&mut self) {
            self.0.push_str("</>");
        }
        fn text(&mut self, text: &str) {
            self.0.push_str(text);
        }
        fn raw(&mut self, text: &'a str) {
            self.0.push_str(&format!("[{text}]"));
        }
    }

    fn tree(html: &str) -> String {
        let mut markup = Markup::default();
        build(html, &mut markup).unwrap();
        markup.0
    }

    #[test]
    fn implied_end_tags_close_paragraphs_items_and_cells() {
        assert_eq!(
            tree("<p>One<p>Two<div>Three</div>"),
            "<p>One</><p>Two</><div>Three</>"
        );
        assert_eq!(tree("<ul><li>a<li>b</ul>c"), "<ul><li>a</><li>b</></>c");
        assert_eq!(
            tree("<table><tr><td>1<td>2<tr><td>3</table>"),
            "<table><tr><td>1</><td>2</></><tr><td>3</></></>"
        );
        assert_eq!(tree("<h2>Title<h3>Sub</h3>"), "<h2>Title</><h3>Sub</>");
    }

    #[test]
    fn head_closes_at_the_first_body_content() {
        assert_eq!(
            tree("<html><head><title>T</title><meta charset=utf-8><div>Body</div>"),
            "<html><head><title>[T]</><meta></></><div>Body</></>"
        );
    }

    #[test]
    fn stray_end_tags_are_ignored_and_open_ones_closed() {
        assert_eq!(
            tree("<div><span>a</div>b</span>c</p>"),
            "<div><span>a</></>bc"
        );
        assert_eq!(tree("<div><b>x<p>y</b>z</p>"), "<div><b>x<p>yz</></></>");
        assert_eq!(tree("text</body></html>more"), "textmore");
        assert_eq!(tree("<br/><img src=x>a</br>"), "<br></><img></>a<br></>");
    }

    #[test]
    fn absurd_nesting_is_refused() {
        let page = "<div>".repeat(MAX_MARKUP_DEPTH + 1);
        let mut markup = Markup::default();
        assert!(matches!(
            build(&page, &mut markup),
            Err(SkipReason::TooDeep { .. })
        ));
        assert_eq!(tree(&"<p>x".repeat(2000)).matches("</>").count(), 2000);
    }
}
