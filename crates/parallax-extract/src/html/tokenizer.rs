//! An HTML tokenizer for extraction: start tags with their attributes, end tags, text and
//! the raw content of `<script>`, `<style>`, `<title>`, `<textarea>`, `<noscript>`...
//! Comments, doctypes and processing instructions are passed over.
//!
//! Written here rather than using html5ever's: extraction needs no spec-exact DOM, and a
//! full parse spent most of extraction's time, much of it walking inline scripts and JSON
//! blobs character by character. This one jumps between `<`s with `memchr`, finds the end
//! of raw text with `memmem`, borrows every slice from the input and decodes entities
//! (`htmlize`, the full HTML5 table) only where text holds an `&`. Malformed markup never
//! fails: a `<` that opens no tag is text, an unclosed tag or comment ends at the input's end.

use std::borrow::Cow;

use memchr::memmem;

/// One token of the input.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// A start tag; its attributes are in the list given to [`Tokenizer::next_token`].
    Start {
        /// The name as written (any case).
        name: &'a str,
        /// `<br/>`-style.
        self_closing: bool,
    },
    /// An end tag's name as written.
    End(&'a str),
    /// Text between tags, entities not yet decoded (see [`decode_text`]).
    Text(&'a str),
    /// The content of a raw-text element, up to its end tag (an `End` follows).
    Raw(&'a str),
}

/// An attribute: name as written, value raw (see [`decode_attribute`]).
pub(crate) type Attribute<'a> = (&'a str, &'a str);

/// Elements whose content is raw text, not markup.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Splits an HTML document into tokens.
pub(crate) struct Tokenizer<'a> {
    html: &'a str,
    at: usize,
    /// After a raw-text element's start tag: its name, to find the end tag.
    raw_until: Option<&'a str>,
    /// The end tag to emit after raw content.
    pending_end: Option<&'a str>,
}

impl<'a> Tokenizer<'a> {
    pub(crate) fn new(html: &'a str) -> Self {
        Self {
            html: html.trim_start_matches('\u{feff}'),
            at: 0,
            raw_until: None,
            pending_end: None,
        }
    }

    /// The next token; a start tag's attributes replace the contents of `attributes`.
    pub(crate) fn next_token(&mut self, attributes: &mut Vec<Attribute<'a>>) -> Option<Token<'a>> {
        if let Some(name) = self.pending_end.take() {
            return Some(Token::End(name));
        }
        if let Some(name) = self.raw_until.take() {
            return Some(self.raw_text(name));
        }
        loop {
            let bytes = self.html.as_bytes();
            if self.at >= bytes.len() {
                return None;
            }
            let rest = &bytes[self.at..];
            let Some(lt) = memchr::memchr(b'<', rest) else {
                let text = &self.html[self.at..];
                self.at = bytes.len();
                return Some(Token::Text(text));
            };
            if lt > 0 {
                let text = &self.html[self.at..self.at + lt];
                self.at += lt;
                return Some(Token::Text(text));
            }
            match self.markup(attributes) {
                Some(token) => return Some(token),
                None => continue,
            }
        }
    }

    /// At a `<`: a tag, or a comment or declaration passed over (`None`), or a lone `<`
    /// returned as text.
    fn markup(&mut self, attributes: &mut Vec<Attribute<'a>>) -> Option<Token<'a>> {
        let bytes = self.html.as_bytes();
        let start = self.at;
        let next = bytes.get(start + 1).copied();
        match next {
            Some(b'!') if bytes[start..].starts_with(b"<!--") => {
                self.at = memmem::find(&bytes[start + 4..], b"-->")
                    .map_or(bytes.len(), |end| start + 4 + end + 3);
                None
            }
            Some(b'!' | b'?') => {
                self.at = memchr::memchr(b'>', &bytes[start..])
                    .map_or(bytes.len(), |end| start + end + 1);
                None
            }
            Some(b'/') if bytes.get(start + 2).is_some_and(u8::is_ascii_alphabetic) => {
                let name_end = name_end(bytes, start + 2);
                let name = &self.html[start + 2..name_end];
                self.at = memchr::memchr(b'>', &bytes[name_end..])
                    .map_or(bytes.len(), |end| name_end + end + 1);
                Some(Token::End(name))
            }
            Some(letter) if letter.is_ascii_alphabetic() => Some(self.start_tag(attributes)),
            _ => {
                // A `<` that opens nothing is text.
                self.at = start + 1;
                Some(Token::Text(&self.html[start..start + 1]))
            }
        }
    }

    fn start_tag(&mut self, attributes: &mut Vec<Attribute<'a>>) -> Token<'a> {
        attributes.clear();
        let html = self.html;
        let bytes = html.as_bytes();
        let name_start = self.at + 1;
        let mut at = name_end(bytes, name_start);
        let name = &html[name_start..at];
        let mut self_closing = false;
        loop {
            while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
                self_closing = bytes[at] == b'/';
                at += 1;
            }
            if at >= bytes.len() {
                break;
            }
            if bytes[at] == b'>' {
                at += 1;
                break;
            }
            self_closing = false;
            let attribute_start = at;
            while at < bytes.len()
                && !matches!(bytes[at], b'=' | b'>' | b'/')
                && !bytes[at].is_ascii_whitespace()
            {
                at += 1;
            }
            // A stray `=` or quote starts a name of its own; step over it.
            if at == attribute_start {
                at += 1;
                continue;
            }
            let attribute = &html[attribute_start..at];
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let mut value = "";
            if bytes.get(at) == Some(&b'=') {
                at += 1;
                while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                match bytes.get(at) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let value_start = at + 1;
                        let end = memchr::memchr(quote, &bytes[value_start..])
                            .map_or(bytes.len(), |end| value_start + end);
                        value = &html[value_start..end];
                        at = (end + 1).min(bytes.len());
                    }
                    _ => {
                        let value_start = at;
                        while at < bytes.len()
                            && bytes[at] != b'>'
                            && !bytes[at].is_ascii_whitespace()
                        {
                            at += 1;
                        }
                        value = &html[value_start..at];
                    }
                }
            }
            attributes.push((attribute, value));
        }
        self.at = at;
        if !self_closing && RAW_TEXT.iter().any(|raw| raw.eq_ignore_ascii_case(name)) {
            self.raw_until = Some(name);
        }
        Token::Start { name, self_closing }
    }

    /// The content of raw-text element `name`, up to `</name`, and its end tag queued.
    fn raw_text(&mut self, name: &'a str) -> Token<'a> {
        let html = self.html;
        let bytes = html.as_bytes();
        let start = self.at;
        let finder = memmem::Finder::new(b"</");
        let mut search = start;
        let end = loop {
            let Some(offset) = finder.find(&bytes[search..]) else {
                break bytes.len();
            };
            let candidate = search + offset;
            let after = &bytes[candidate + 2..];
            if after.len() >= name.len()
                && after[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                && after
                    .get(name.len())
                    .is_none_or(|byte| byte.is_ascii_whitespace() || matches!(byte, b'>' | b'/'))
            {
                break candidate;
            }
            search = candidate + 2;
        };
        self.at = if end < bytes.len() {
            memchr::memchr(b'>', &bytes[end..]).map_or(bytes.len(), |close| end + close + 1)
        } else {
            end
        };
        self.pending_end = Some(name);
        Token::Raw(&html[start..end])
    }
}

/// One past a tag name starting at `from`.
fn name_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while at < bytes.len() && !bytes[at].is_ascii_whitespace() && !matches!(bytes[at], b'>' | b'/')
    {
        at += 1;
    }
    at
}

/// Text with its character references decoded.
pub(crate) fn decode_text(text: &str) -> Cow<'_, str> {
    if text.contains('&') {
        htmlize::unescape(text)
    } else {
        Cow::Borrowed(text)
    }
}

/// An attribute value with its character references decoded.
pub(crate) fn decode_attribute(value: &str) -> Cow<'_, str> {
    if value.contains('&') {
        htmlize::unescape_attribute(value)
    } else {
        Cow::Borrowed(value)
    }
}

/// The raw value of attribute `name` (any case) in `attributes`.
pub(crate) fn attribute<'a>(attributes: &[Attribute<'a>], name: &str) -> Option<&'a str> {
    attributes
        .iter()
        .find(|(attribute, _)| attribute.eq_ignore_ascii_case(name))
        .map(|(_, value)| *value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(html: &str) -> Vec<String> {
        let mut tokenizer = Tokenizer::new(html);
        let mut attributes = Vec::new();
        let mut out = Vec::new();
        while let Some(token) = tokenizer.next_token(&mut attributes) {
            out.push(match token {
                Token::Start { name, self_closing } => {
                    let attributes: Vec<String> = attributes
                        .iter()
                        .map(|(name, value)| format!("{name}={}", decode_attribute(value)))
                        .collect();
                    format!(
                        "<{name}{}{}>",
                        if attributes.is_empty() {
                            String::new()
                        } else {
                            format!(" {}", attributes.join(" "))
                        },
                        if self_closing { "/" } else { "" }
                    )
                }
                Token::End(name) => format!("</{name}>"),
                Token::Text(text) => format!("text:{}", decode_text(text)),
                Token::Raw(text) => format!("raw:{text}"),
            });
        }
        out
    }

    #[test]
    fn tags_attributes_text_and_entities() {
        assert_eq!(
            tokens(
                r#"<!DOCTYPE html><P class="a b" id=x hidden data-x='1 > 0'>Tom &amp; Jerry&nbsp;&mdash; <br/>ok</p><!-- <p>gone</p> -->"#
            ),
            [
                "<P class=a b id=x hidden= data-x=1 > 0>",
                "text:Tom & Jerry\u{a0}— ",
                "<br/>",
                "text:ok",
                "</p>",
            ]
        );
    }

    #[test]
    fn raw_text_runs_to_its_own_end_tag() {
        assert_eq!(
            tokens("<script>if (a<b && c) { x = '</div>'; }</script ><style>p{}</STYLE>after"),
            [
                "<script>",
                "raw:if (a<b && c) { x = '</div>'; }",
                "</script>",
                "<style>",
                "raw:p{}",
                "</style>",
                "text:after"
            ]
        );
    }

    #[test]
    fn broken_markup_degrades_to_text() {
        assert_eq!(
            tokens("a < b and 3<4"),
            ["text:a ", "text:<", "text: b and 3", "text:<", "text:4"]
        );
        assert_eq!(tokens("<p class=\"unclosed"), ["<p class=unclosed>"]);
        assert_eq!(
            tokens("<script>never closed"),
            ["<script>", "raw:never closed", "</script>"]
        );
        assert_eq!(tokens("text <!-- open comment"), ["text:text "]);
    }
}
