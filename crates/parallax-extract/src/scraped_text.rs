//! Scraped text: a page's visible text as a scraper saved it, one block per line, the
//! site's chrome included. Lines are classified by shape and position: the *body* runs
//! from the first prose line to the first end marker ("Related posts", "Source link"...)
//! or the last prose line; the *title* is the last headline-shaped line before the body
//! (often "Headline | Section | site.example", which also names the site).

use crate::Extracted;
use crate::chrome::{is_chrome, is_end_marker, is_syndication_signal};

/// A prose line has at least this many words...
const MIN_PROSE_WORDS: usize = 8;
/// ...and ends like a sentence, or is at least this long.
const MIN_UNPUNCTUATED_PROSE_CHARS: usize = 120;
/// A headline has at least this many words and at most this many characters.
const MIN_TITLE_WORDS: usize = 3;
const MAX_TITLE_CHARS: usize = 250;

/// Extracts title, site and body paragraphs from scraped text.
pub(crate) fn extract(body: &str) -> Extracted {
    let lines: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let Some(start) = lines.iter().position(|line| is_prose(line)) else {
        return Extracted::default();
    };
    let (title, site) = title_and_site(&lines[..start]);
    let end = body_end(&lines, start);
    let paragraphs = lines[start..end]
        .iter()
        .filter(|line| !is_chrome(line) && Some(**line) != title.as_deref())
        .map(|line| (*line).to_string())
        .collect();
    let syndication = lines
        .iter()
        .find(|line| is_syndication_signal(line))
        .map(|line| (*line).to_string());
    Extracted {
        title,
        site,
        paragraphs,
        syndication,
        ..Extracted::default()
    }
}

/// Whether `line` reads as a sentence of running text.
fn is_prose(line: &str) -> bool {
    let words = line.split_whitespace().count();
    words >= MIN_PROSE_WORDS
        && site_in_title_line(line).is_none()
        && (ends_like_sentence(line) || line.chars().count() >= MIN_UNPUNCTUATED_PROSE_CHARS)
        && !is_chrome(line)
}

fn ends_like_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', '"', '”', '’', '»', ')', '…', ':'])
}

/// The index one past the body's last line: the first end marker after `start`, and no
/// further than the last line before it that reads as a sentence.
fn body_end(lines: &[&str], start: usize) -> usize {
    let limit = lines[start..]
        .iter()
        .position(|line| is_end_marker(line))
        .map_or(lines.len(), |offset| start + offset);
    lines[start..limit]
        .iter()
        .rposition(|line| is_prose(line) || (ends_like_sentence(line) && !is_chrome(line)))
        .map_or(limit, |offset| start + offset + 1)
}

/// The headline among the lines before the body, and the site a "Title | Section | site"
/// line names.
fn title_and_site(header: &[&str]) -> (Option<String>, Option<String>) {
    let Some(line) = header.iter().rev().find(|line| is_headline(line)) else {
        return (None, None);
    };
    let site = header.iter().find_map(|line| site_in_title_line(line));
    let title = split_title_line(line).0.to_string();
    (Some(title), site)
}

fn is_headline(line: &str) -> bool {
    !is_chrome(line)
        && !is_end_marker(line)
        && line.split_whitespace().count() >= MIN_TITLE_WORDS
        && line.chars().count() <= MAX_TITLE_CHARS
}

/// Splits "Headline | Section | site.example" into the headline and the other parts.
fn split_title_line(line: &str) -> (&str, Vec<&str>) {
    let mut parts = line.split(" | ").map(str::trim);
    let headline = parts.next().unwrap_or(line);
    (headline, parts.collect())
}

fn site_in_title_line(line: &str) -> Option<String> {
    let (_, rest) = split_title_line(line);
    rest.into_iter()
        .rev()
        .find(|part| looks_like_host(part))
        .map(str::to_string)
}

fn looks_like_host(text: &str) -> bool {
    let text = text.trim_start_matches("www.");
    text.contains('.')
        && !text.starts_with('.')
        && !text.ends_with('.')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_around_the_body_is_removed() {
        let page = "-\n11:50\n-\n11:30\nFollow us on Facebook\nVelmora counts the cost of the quake\n\
            Rescuers in Velmora worked through the night to reach people trapped under rubble.\n\
            Key facts\n\
            The quake struck at 04:12 local time and was felt across the southern coast.\n\
            Reporting contributed by AFP.\n\
            Related posts\nFerry strike ends\nThis website uses cookies to improve your experience.";
        let extracted = extract(page);
        assert_eq!(
            extracted.title.as_deref(),
            Some("Velmora counts the cost of the quake")
        );
        assert_eq!(
            extracted.paragraphs,
            [
                "Rescuers in Velmora worked through the night to reach people trapped under rubble.",
                "Key facts",
                "The quake struck at 04:12 local time and was felt across the southern coast.",
                "Reporting contributed by AFP.",
            ]
        );
    }

    #[test]
    fn title_line_names_the_site_and_repeats_are_dropped() {
        let page = "Aldoria and Belmark sign Ostra treaty | World | riverlands-post.example\n\nAldoria and Belmark sign Ostra treaty\n\n\
            Ministers from Aldoria and Belmark signed the water treaty in Norhaven on Tuesday.\n\n\
            Aldoria and Belmark sign Ostra treaty\n\nSource link\nPosted in\nA lifestyle blog that shares stories that inspire growth.";
        let extracted = extract(page);
        assert_eq!(
            extracted.title.as_deref(),
            Some("Aldoria and Belmark sign Ostra treaty")
        );
        assert_eq!(extracted.site.as_deref(), Some("riverlands-post.example"));
        assert_eq!(extracted.paragraphs.len(), 1);
        assert_eq!(extracted.syndication.as_deref(), Some("Source link"));
    }

    #[test]
    fn text_without_headline_has_no_title() {
        let page = "In a notable shift, ministers from Aldoria and Belmark met in Norhaven to sign a treaty.\n\
            The treaty shares the river's water between the two countries for thirty years.";
        let extracted = extract(page);
        assert_eq!(extracted.title, None);
        assert_eq!(extracted.paragraphs.len(), 2);
    }

    #[test]
    fn no_prose_means_no_paragraphs() {
        assert!(extract("Home\nMenu\n11:50").paragraphs.is_empty());
    }
}
