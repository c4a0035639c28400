//! Chrome: the parts of a page that are the site's, not the article's — navigation,
//! cookie notices, share and follow prompts, clocks, "Related posts" lists, comment
//! prompts. This module knows their common wordings, for HTML blocks and scraped lines.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

/// Lines longer than this are never taken for chrome by wording alone.
const MAX_CHROME_CHARS: usize = 300;
/// A line starting like a JSON object or array with this many fields is a data blob.
const MIN_JSON_FIELDS: usize = 3;
/// Date lines are at most this long; with a byline before the date, this.
const MAX_DATE_LINE_CHARS: usize = 80;
const MAX_BYLINE_DATE_CHARS: usize = 100;
/// Lines longer than this never start an end section.
const MAX_END_MARKER_CHARS: usize = 60;

/// Whole-line wordings of chrome, lowercased.
static CHROME_LINES: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"^[-–—•·|/\\*]+$",
        r"^\d{1,2}[:.]\d{2}(\s?[ap]\.?m\.?)?$",
        r"^(follow|like|join) us( on| at)?(?-u:\b)",
        r"^(share|tweet|email|print|pin)( (this|on|via)(?-u:\b).*)?$",
        r"^share (this|on|via)(?-u:\b)",
        r"^(subscribe|sign up)(?-u:\b).*(?-u:\b)(newsletter|updates|alerts|channel)(?-u:\b)",
        r"(?-u:\b)(this (web)?site|we) uses? cookies(?-u:\b)",
        r"^(accept|reject|allow)( all)? cookies(?-u:\b)",
        r"(?-u:\b)cookie (policy|settings|preferences)(?-u:\b)",
        r"^accept( all)?( read more)?$",
        r"^read(?-u:\b).{0,40}(?-u:\b)on (telegram|whatsapp|google news|facebook|twitter|x)(?-u:\b)",
        r"^(skip to (main )?content|advertisement|sponsored|loading\.*)$",
        r"^(all rights reserved|©|\(c\)|copyright(?-u:\b))",
        r"^(leave a (comment|reply)|\d+ comments?|comments?)$",
        r"^(source link|posted in)$",
        r"^(previous|next) (article|post|story)(?-u:\b)",
        r"^(home|menu|search|login|log in|sign in|register)$",
        r"^((like|tweet|share|email|print|pin|comment|comments|reddit|whatsapp|facebook|twitter|linkedin|telegram)\s*\d*\s*[|·•/]?\s*)+$",
    ])
    .expect("chrome patterns are valid regular expressions") // invariant: literals above
});

/// A month's name or abbreviation, and a date written in one of the usual ways (one
/// separator throughout, so "7.4/10" is no date).
const MONTH: &str = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?";
static DATE: LazyLock<String> = LazyLock::new(|| {
    format!(
        r"({MONTH}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}-\d{{1,2}}-\d{{2,4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}})"
    )
});

/// Lines that are a date, perhaps "Updated" or "Published" before it, a time and a name
/// after it.
static DATE_LINES: LazyLock<RegexSet> = LazyLock::new(|| {
    let date = DATE.as_str();
    RegexSet::new([
        format!(
            r"^((last\s+)?(updated|modified|published|posted|post time|reviewed|date)(\s+on)?\s*:?\s*)?{date}(\s*(at\s*)?\d{{1,2}}:\d{{2}}(\s*[ap]\.?m\.?)?)?(\s*(by|·|\||-|–)\s*.{{0,40}})?$"
        ),
        format!(r"^(last\s+)?(updated|modified|published|posted|post time)(?-u:\b).{{0,40}}{date}.{{0,40}}$"),
    ])
    .expect("date line patterns are valid regular expressions") // invariant: literals above
});

/// "By Ana Sousa | May 12, 2024".
static BYLINE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^by\s.{{0,60}}{}", DATE.as_str()))
        .expect("the byline pattern is a valid regular expression") // invariant: literal
});

/// Lines that end the article: what follows them is the site's.
static END_MARKERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(related( posts| stories| articles| news| content| coverage| reading)?|read more|more from(?-u:\b).*|more stories|you may also like|you might also like|recommended( for you)?|source link|posted in|leave a (comment|reply)|tags?|most (read|popular)|trending( now)?|see also|also read|what to read next|discover more from(?-u:\b).*|((about|meet) )?the authors?|author bio|about the author|written by)\s*:?$",
    )
    .expect("the end-marker pattern is a valid regular expression") // invariant: literal above
});

/// Lines that say the page reposts another outlet's article.
static SYNDICATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(source link|original (article|source|link)|(originally|first) (published|appeared) (on|at|in|by)(?-u:\b).*|this (article|story|post) (was )?(originally|first) (published|appeared)(?-u:\b).*|the post(?-u:\b).*(?-u:\b)appeared first on(?-u:\b).*|republished (from|with permission)(?-u:\b).*|(source|via|read the original)\s*:\s*\S.*)$",
    )
    .expect("the syndication pattern is a valid regular expression") // invariant: literal above
});

/// Whether `line` says the page reposts another outlet's article ("Source link", "The
/// post … appeared first on …", "Originally published on …").
pub(crate) fn is_syndication_signal(line: &str) -> bool {
    let line = line.trim();
    line.chars().count() <= MAX_CHROME_CHARS && SYNDICATION.is_match(&line.to_lowercase())
}

/// Whether `line` is site chrome by its wording: a known prompt, a date line ("Updated
/// October 15, 2025 at 9:30 am", "By Ana Sousa, 12 May 2024"), or a JSON blob.
pub(crate) fn is_chrome(line: &str) -> bool {
    let line = line.trim();
    if line.starts_with(['{', '[']) && line.matches("\":").count() >= MIN_JSON_FIELDS {
        return true;
    }
    let chars = line.chars().count();
    if chars > MAX_CHROME_CHARS {
        return false;
    }
    let lower = line.to_lowercase();
    CHROME_LINES.is_match(&lower)
        || (chars <= MAX_DATE_LINE_CHARS && DATE_LINES.is_match(&lower))
        || (chars <= MAX_BYLINE_DATE_CHARS && BYLINE_DATE.is_match(&lower))
}

/// Whether `line` opens the section after an article ("Related posts", "Source link"...).
pub(crate) fn is_end_marker(line: &str) -> bool {
    let line = line.trim();
    line.chars().count() <= MAX_END_MARKER_CHARS && END_MARKERS.is_match(&line.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_chrome_is_recognised() {
        for line in [
            "-",
            "11:50",
            "Follow us on Facebook",
            "This website uses cookies to improve your experience. We'll assume you're ok with this, but you can opt-out if you wish. Accept Read More",
            "Read “Zamin” on Telegram!",
            "Share this article",
            "Subscribe to our newsletter",
            "Leave a Comment",
        ] {
            assert!(is_chrome(line), "{line}");
        }
        for line in [
            "Related posts",
            "Related Stories:",
            "Source link",
            "Posted in",
            "Tags:",
        ] {
            assert!(is_end_marker(line), "{line}");
        }
    }

    #[test]
    fn syndication_signals_are_recognised() {
        for line in [
            "Source link",
            "The post Syria’s Sharaa meets Putin appeared first on Billboard Lifestyle.",
            "Originally published on harbour-times.example",
            "Source: Reuters",
        ] {
            assert!(is_syndication_signal(line), "{line}");
        }
        for line in [
            "Sources said the talks went well.",
            "Posted in",
            "Related posts",
        ] {
            assert!(!is_syndication_signal(line), "{line}");
        }
    }

    #[test]
    fn date_lines_and_data_blobs_are_chrome() {
        for line in [
            "Updated October 15, 2025 at 9:30 am",
            "Published: 12 May 2024",
            "2024-06-30",
            "Oct. 11, 2023 · Ana Sousa",
            "By Ana Sousa | May 12, 2024",
            r#"{"@context":"https://schema.org","@type":"NewsArticle","headline":"x"}"#,
        ] {
            assert!(is_chrome(line), "{line}");
        }
        for line in [
            "The phone scored 7.4/10 in our tests.",
            "On May 12, 2024, the river burst its banks near Norhaven.",
            "By the end of 2024, the treaty had been signed.",
        ] {
            assert!(!is_chrome(line), "{line}");
        }
    }

    #[test]
    fn article_lines_are_not_chrome() {
        for line in [
            "Syrian leader Ahmed al-Sharaa met with President Vladimir Putin at the Kremlin on Wednesday.",
            "Key topics: military bases and Assad’s extradition",
            "Reporting contributed by AFP.",
            "Share prices fell sharply after the recall was announced.",
        ] {
            assert!(!is_chrome(line), "{line}");
            assert!(!is_end_marker(line), "{line}");
        }
    }
}
