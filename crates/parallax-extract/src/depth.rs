//! Markup depth: a cheap scan of an HTML document's tags that tells how deeply its
//! elements nest, before the parser sees it. HTML parsers spend time proportional to the
//! depth on each tag, so absurdly nested markup (a hostile page, a broken generator)
//! would take quadratic time; such documents are refused up front.

/// The deepest nesting Parallax parses. Real pages stay well under 100.
pub const MAX_MARKUP_DEPTH: usize = 512;

/// Elements that never have content (void), or whose end tag the parser implies when a
/// sibling starts, so they do not deepen the tree however many are left open.
const FLAT_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "thead", "tbody", "tfoot", "rb", "rt", "rp", "colgroup", "caption", "!doctype",
];

/// Elements whose content is raw text, skipped to their end tag.
const RAW_TEXT_ELEMENTS: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];

/// Whether the open elements of `html` nest deeper than `limit` at any point.
pub(crate) fn exceeds(html: &str, limit: usize) -> bool {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut at = 0usize;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        at += offset + 1;
        if bytes[at..].starts_with(b"!--") {
            at = find(bytes, at, b"-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        let closing = bytes.get(at) == Some(&b'/');
        let name_start = at + usize::from(closing);
        let Some(name) = TagName::read(&bytes[name_start..]) else {
            continue;
        };
        let tag_end = memchr::memchr(b'>', &bytes[name_start..])
            .map_or(bytes.len(), |offset| name_start + offset);
        let self_closing = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
        at = tag_end;
        let name = name.as_str();
        if closing {
            if !is_flat(name) {
                depth = depth.saturating_sub(1);
            }
        } else if RAW_TEXT_ELEMENTS.contains(&name) {
            at = skip_raw_text(bytes, at, name);
        } else if !self_closing && !is_flat(name) {
            depth += 1;
            if depth > limit {
                return true;
            }
        }
    }
    false
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|offset| from + offset)
}

/// A tag's name, lowercased, on the stack (longer names are cut; none we look for is).
struct TagName {
    bytes: [u8; 16],
    len: usize,
}

impl TagName {
    fn read(bytes: &[u8]) -> Option<Self> {
        let mut name = Self {
            bytes: [0; 16],
            len: 0,
        };
        for &byte in bytes {
            if !(byte.is_ascii_alphanumeric() || byte == b'!' || byte == b'-') {
                break;
            }
            if name.len < name.bytes.len() {
                name.bytes[name.len] = byte.to_ascii_lowercase();
                name.len += 1;
            }
        }
        (name.len > 0).then_some(name)
    }

    fn as_str(&self) -> &str {
        // Only ASCII bytes are kept, so this is always valid UTF-8.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

fn is_flat(name: &str) -> bool {
    FLAT_ELEMENTS.contains(&name)
}

/// The position of the end tag closing a raw-text element (`</script`), or the end.
fn skip_raw_text(bytes: &[u8], from: usize, name: &str) -> usize {
    let finder = memchr::memmem::Finder::new(b"</");
    let mut at = from;
    while let Some(offset) = finder.find(&bytes[at..]) {
        let start = at + offset;
        let candidate = &bytes[start + 2..];
        if candidate.len() >= name.len() && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return start;
        }
        at = start + 2;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_pass() {
        let page = "<!DOCTYPE html><html><head><meta charset=utf-8><title>a<b</title>\
            <script>if (a<b) {}</script></head><body><div><p>One<p>Two<br><img src=x>\
            <ul><li>a<li>b</ul></div><!-- <div><div> --></body></html>";
        assert!(!exceeds(page, 5));
    }

    #[test]
    fn deep_nesting_is_caught() {
        let page = "<div>".repeat(600);
        assert!(exceeds(&page, MAX_MARKUP_DEPTH));
        let closed = "<div></div>".repeat(10_000);
        assert!(!exceeds(&closed, MAX_MARKUP_DEPTH));
        let formatting = "<b><i>".repeat(300);
        assert!(exceeds(&formatting, MAX_MARKUP_DEPTH));
    }
}
