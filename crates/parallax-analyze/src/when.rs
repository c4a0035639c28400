//! Time expressions in article sentences — "December 8, 2024", "in July", "on Wednesday",
//! "10 months ago", "yesterday" — and what they resolve to against the article's
//! publication date. An expression that cannot be resolved (no publication date for a
//! weekday or "last week") keeps its words, so the timeline can still show it as written.

use parallax_core::dates::MONTH_NAMES;
use time::{Date, Duration, Month, Weekday};

use crate::ner::Token;

/// What a time expression points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Point {
    /// A year.
    Year(i32),
    /// A month of a year.
    Month(i32, u8),
    /// A day.
    Day(Date),
}

impl Point {
    /// ISO 8601: `2024`, `2024-12`, `2024-12-08`.
    pub(crate) fn iso(self) -> String {
        match self {
            Self::Year(year) => format!("{year:04}"),
            Self::Month(year, month) => format!("{year:04}-{month:02}"),
            Self::Day(date) => format!(
                "{:04}-{:02}-{:02}",
                date.year(),
                u8::from(date.month()),
                date.day()
            ),
        }
    }

    /// The first day it covers, for ordering.
    pub(crate) fn first_day(self) -> Date {
        let first = |year, month| {
            Date::from_calendar_date(year, Month::try_from(month).unwrap_or(Month::January), 1)
                .unwrap_or(Date::MIN)
        };
        match self {
            Self::Year(year) => first(year, 1),
            Self::Month(year, month) => first(year, month),
            Self::Day(date) => date,
        }
    }

    /// Whether the two can be the same time: equal, or one contains the other
    /// ("December 2024" and "December 8, 2024").
    pub(crate) fn compatible(self, other: Self) -> bool {
        let iso = self.iso();
        let other_iso = other.iso();
        iso.starts_with(&other_iso) || other_iso.starts_with(&iso)
    }
}

/// The kind of an expression, which decides how it resolves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimeKind {
    /// A calendar date, month or year as written.
    Calendar,
    /// A day of the week.
    Weekday,
    /// Relative to the day of writing ("yesterday", "10 months ago", "last week").
    Relative,
}

/// One time expression of a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TimeMention {
    /// The words, as written.
    pub(crate) written: String,
    /// What it resolves to, when it does.
    pub(crate) point: Option<Point>,
    /// Its kind.
    pub(crate) kind: TimeKind,
    /// Indexes of the tokens it covers (so numbers in dates are not counted as amounts).
    pub(crate) tokens: std::ops::Range<usize>,
}

/// Abbreviated month names and their numbers.
const MONTH_ABBREVIATIONS: &[(&str, u8)] = &[
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sept", 9),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

/// Verbs that reckon "N months after" from the day of writing: "the visit comes nearly a
/// year after the fall" (elsewhere "two days after" counts from another event).
const NOW_FRAMES: &[&str] = &["comes", "come", "coming", "marks", "mark", "is", "falls"];

/// Words that make a weekday or "next" point forward from the day of writing.
const FUTURE_CUES: &[&str] = &["will", "expected", "plans", "scheduled", "due", "next"];

/// The time expressions of one sentence (its `tokens`), resolved against `published`
/// when it is known.
pub(crate) fn time_mentions(tokens: &[Token<'_>], published: Option<Date>) -> Vec<TimeMention> {
    let lower: Vec<String> = tokens
        .iter()
        .map(|token| token.text.trim_end_matches('.').to_lowercase())
        .collect();
    let future = lower
        .iter()
        .any(|word| FUTURE_CUES.contains(&word.as_str()));
    let mut found = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        let parsed = calendar_at(tokens, &lower, at, published)
            .or_else(|| weekday_at(tokens, &lower, at, published, future))
            .or_else(|| relative_at(&lower, at, published));
        match parsed {
            Some((end, point, kind)) => {
                let written = tokens[at..end]
                    .iter()
                    .map(|token| token.text)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace(" ,", ",");
                found.push(TimeMention {
                    written,
                    point,
                    kind,
                    tokens: at..end,
                });
                at = end;
            }
            None => at += 1,
        }
    }
    found
}

type Parsed = (usize, Option<Point>, TimeKind);

fn month_of(word: &str) -> Option<u8> {
    let named = MONTH_NAMES.iter().position(|name| *name == word);
    named
        .and_then(|index| u8::try_from(index + 1).ok())
        .or_else(|| {
            MONTH_ABBREVIATIONS
                .iter()
                .find(|(name, _)| *name == word)
                .map(|(_, month)| *month)
        })
}

/// Whether `word` (in any case) is a month or weekday name written in full: words a
/// surname ("Theresa May") must not claim wherever they stand.
pub(crate) fn is_calendar_name(word: &str) -> bool {
    MONTH_NAMES
        .iter()
        .chain(WEEKDAYS.iter().map(|(name, _)| name))
        .any(|name| name.eq_ignore_ascii_case(word))
}

fn day_of(word: &str) -> Option<u8> {
    let digits = word.trim_end_matches(|c: char| c.is_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse().ok().filter(|day| (1..=31).contains(day))
}

/// The year a four-digit word names, 1800 to 2199 ("2024").
pub(crate) fn year_of(word: &str) -> Option<i32> {
    (word.len() == 4)
        .then(|| word.parse().ok())
        .flatten()
        .filter(|year| (1800..=2199).contains(year))
}

/// "December 8, 2024", "8 December 2024", "December 2024", "December 8", "in July",
/// "2024-12-08", "in 2011".
fn calendar_at(
    tokens: &[Token<'_>],
    lower: &[String],
    at: usize,
    published: Option<Date>,
) -> Option<Parsed> {
    let word = lower[at].as_str();
    let capitalised = tokens[at].text.starts_with(|c: char| c.is_uppercase());
    if let Some(date) = iso_date(word) {
        return Some((at + 1, Some(Point::Day(date)), TimeKind::Calendar));
    }
    // "8 December 2024"
    if let (Some(day), Some(month)) = (
        day_of(word),
        lower.get(at + 1).and_then(|next| month_of(next)),
    ) && tokens[at + 1].text.starts_with(|c: char| c.is_uppercase())
    {
        let year = lower.get(at + 2).and_then(|next| year_of(next));
        let end = at + 2 + usize::from(year.is_some());
        return Some((
            end,
            day_point(year, month, day, published),
            TimeKind::Calendar,
        ));
    }
    if let Some(month) = month_of(word).filter(|_| capitalised) {
        // "May" alone is too often a verb; it needs a day or year.
        let day = lower.get(at + 1).and_then(|next| day_of(next));
        if let Some(day) = day {
            let comma = usize::from(lower.get(at + 2).is_some_and(|next| next == ","));
            let year = lower.get(at + 2 + comma).and_then(|next| year_of(next));
            let end = if year.is_some() {
                at + 3 + comma
            } else {
                at + 2
            };
            return Some((
                end,
                day_point(year, month, day, published),
                TimeKind::Calendar,
            ));
        }
        if let Some(year) = lower.get(at + 1).and_then(|next| year_of(next)) {
            return Some((at + 2, Some(Point::Month(year, month)), TimeKind::Calendar));
        }
        let introduced =
            at > 0 && matches!(lower[at - 1].as_str(), "in" | "since" | "until" | "by");
        if introduced && month != 5 {
            let point = published.map(|published| {
                let year = if month <= u8::from(published.month()) {
                    published.year()
                } else {
                    published.year() - 1
                };
                Point::Month(year, month)
            });
            return Some((at + 1, point, TimeKind::Calendar));
        }
        return None;
    }
    let introduced = at > 0
        && matches!(
            lower[at - 1].as_str(),
            "in" | "since" | "until" | "by" | "from" | "of"
        );
    year_of(word)
        .filter(|_| introduced && lower.get(at + 1).is_none_or(|next| next != "%"))
        .map(|year| (at + 1, Some(Point::Year(year)), TimeKind::Calendar))
}

fn iso_date(word: &str) -> Option<Date> {
    let mut parts = word.split('-');
    let year = year_of(parts.next()?)?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// A day of a month; the year from the text, else the publication year (the previous one
/// when the day would fall more than a month after publication).
fn day_point(year: Option<i32>, month: u8, day: u8, published: Option<Date>) -> Option<Point> {
    let month = Month::try_from(month).ok()?;
    let year = match (year, published) {
        (Some(year), _) => year,
        (None, Some(published)) => {
            let same_year = Date::from_calendar_date(published.year(), month, day).ok()?;
            if same_year > published + Duration::days(31) {
                published.year() - 1
            } else {
                published.year()
            }
        }
        (None, None) => return None,
    };
    Date::from_calendar_date(year, month, day)
        .ok()
        .map(Point::Day)
}

/// "Wednesday" (capitalised): the last such day on or before publication, or the next one
/// when the sentence speaks of the future.
fn weekday_at(
    tokens: &[Token<'_>],
    lower: &[String],
    at: usize,
    published: Option<Date>,
    future: bool,
) -> Option<Parsed> {
    let weekday = WEEKDAYS
        .iter()
        .find(|(name, _)| *name == lower[at])
        .map(|(_, weekday)| *weekday)?;
    if !tokens[at].text.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let point = published.map(|published| {
        let mut day = published;
        if future {
            while day.weekday() != weekday || day == published {
                day += Duration::days(1);
            }
        } else {
            while day.weekday() != weekday {
                day -= Duration::days(1);
            }
        }
        Point::Day(day)
    });
    Some((at + 1, point, TimeKind::Weekday))
}

/// "yesterday", "today", "tomorrow", "last week|month|year", "[nearly] N days|weeks|months|years
/// ago|since", and "… comes [nearly] N … after".
fn relative_at(lower: &[String], at: usize, published: Option<Date>) -> Option<Parsed> {
    let word = lower[at].as_str();
    let days = |n: i64| published.map(|p| Point::Day(p + Duration::days(n)));
    match word {
        "yesterday" => return Some((at + 1, days(-1), TimeKind::Relative)),
        "today" => return Some((at + 1, days(0), TimeKind::Relative)),
        "tomorrow" => return Some((at + 1, days(1), TimeKind::Relative)),
        "last" | "next" => {
            let sign = if word == "last" { -1 } else { 1 };
            let unit = lower.get(at + 1)?;
            let point = match unit.as_str() {
                "week" => published.map(|p| Point::Day(p + Duration::weeks(sign))),
                "month" => published.map(|p| shift_months(p, sign)),
                "year" => published.map(|p| Point::Year(p.year() + sign as i32)),
                _ => return None,
            };
            return Some((at + 2, point, TimeKind::Relative));
        }
        _ => {}
    }
    // "10 months ago", "nearly a year ago", "a year since", "comes nearly a year after"
    let counted = at + hedge_length(lower, at);
    let count: i64 = match lower.get(counted)?.as_str() {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        other => other.parse().ok().filter(|n| (1..=500).contains(n))?,
    };
    let unit = lower.get(counted + 1)?.trim_end_matches('s');
    let reckoned_from_now = match lower.get(counted + 2).map(String::as_str) {
        Some("ago" | "since") => true,
        Some("after") => at
            .checked_sub(1)
            .is_some_and(|before| NOW_FRAMES.contains(&lower[before].as_str())),
        _ => false,
    };
    if !reckoned_from_now {
        return None;
    }
    let point = match unit {
        "day" => days(-count),
        "week" => days(-7 * count),
        "month" => published.map(|p| shift_months(p, -count)),
        "year" => published.map(|p| Point::Year(p.year() - count as i32)),
        _ => return None,
    };
    Some((counted + 3, point, TimeKind::Relative))
}

/// How many words of hedge ("nearly", "more than") open a duration at `at`.
fn hedge_length(lower: &[String], at: usize) -> usize {
    match lower[at].as_str() {
        "nearly" | "almost" | "about" | "around" | "roughly" | "some" | "over" | "just" => 1,
        "more" | "less" if lower.get(at + 1).map(String::as_str) == Some("than") => 2,
        _ => 0,
    }
}

/// The month `by` months from `date`'s.
fn shift_months(date: Date, by: i64) -> Point {
    let index = i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + by;
    Point::Month(
        (index.div_euclid(12)) as i32,
        (index.rem_euclid(12) + 1) as u8,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::tokenize;
    use time::macros::date;

    fn resolved(sentence: &str, published: Option<Date>) -> Vec<(String, Option<String>)> {
        time_mentions(&tokenize(sentence), published)
            .into_iter()
            .map(|mention| (mention.written, mention.point.map(Point::iso)))
            .collect()
    }

    fn pair(written: &str, iso: Option<&str>) -> (String, Option<String>) {
        (written.to_string(), iso.map(str::to_string))
    }

    #[test]
    fn calendar_dates_resolve_with_or_without_a_year() {
        let published = Some(date!(2025 - 10 - 16));
        assert_eq!(
            resolved(
                "The regime collapsed on December 8, 2024, and he left in July.",
                published
            ),
            [
                pair("December 8, 2024", Some("2024-12-08")),
                pair("July", Some("2025-07"))
            ]
        );
        assert_eq!(
            resolved("It fell in December 2024 and on 3 March.", published),
            [
                pair("December 2024", Some("2024-12")),
                pair("3 March", Some("2025-03-03"))
            ]
        );
        assert_eq!(
            resolved("Since 2011, 2025-01-02 and 45 %.", None),
            [
                pair("2011", Some("2011")),
                pair("2025-01-02", Some("2025-01-02"))
            ]
        );
        // "may" the verb is no date.
        assert!(resolved("He May attend; they may not.", published).is_empty());
    }

    #[test]
    fn weekdays_and_relative_expressions_need_the_publication_date() {
        // 16 October 2025 is a Thursday.
        let published = Some(date!(2025 - 10 - 16));
        assert_eq!(
            resolved(
                "They met on Wednesday and will meet again on Monday.",
                published
            ),
            [
                pair("Wednesday", Some("2025-10-22")),
                pair("Monday", Some("2025-10-20"))
            ],
            "a sentence about the future points forward"
        );
        assert_eq!(
            resolved("They met on Wednesday, 10 months ago.", published),
            [
                pair("Wednesday", Some("2025-10-15")),
                pair("10 months ago", Some("2024-12"))
            ]
        );
        assert_eq!(
            resolved(
                "The visit comes nearly a year after the fall, more than 10 months since the vote.",
                published
            ),
            [
                pair("nearly a year after", Some("2024")),
                pair("more than 10 months since", Some("2024-12"))
            ]
        );
        assert_eq!(
            resolved("Police arrested him two days after the attack.", published),
            [],
            "\"after\" counts from the day of writing only where the sentence says so"
        );
        assert_eq!(
            resolved("They met yesterday.", None),
            [pair("yesterday", None)],
            "kept as written without a publication date"
        );
    }

    #[test]
    fn points_contain_each_other() {
        let day = Point::Day(date!(2024 - 12 - 08));
        assert!(day.compatible(Point::Month(2024, 12)));
        assert!(day.compatible(Point::Year(2024)));
        assert!(!day.compatible(Point::Month(2024, 11)));
        assert!(!Point::Month(2024, 1).compatible(Point::Month(2024, 11)));
    }
}
