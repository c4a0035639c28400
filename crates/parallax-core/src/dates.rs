//! Reading the date formats pages and feeds state: RFC 3339 / ISO 8601 date-times (with
//! or without seconds or offset), bare dates, and RFC 2822.

use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// English month names in full, lowercase, January first (index + 1 is the month's number).
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Parses a stated date or date-time. A time without an offset is taken as UTC; a bare
/// date as midnight UTC. Returns `None` for anything else.
pub fn parse_datetime(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    if let Ok(parsed) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(parsed);
    }
    if let Ok(parsed) = OffsetDateTime::parse(text, &Rfc2822) {
        return Some(parsed);
    }
    let with_offset = format_description!(
        "[year]-[month]-[day]T[hour]:[minute][optional [:[second]]][optional [.[subsecond]]][offset_hour sign:mandatory]:[offset_minute]"
    );
    if let Ok(parsed) = OffsetDateTime::parse(text, with_offset) {
        return Some(parsed);
    }
    let naive = format_description!(
        "[year]-[month]-[day][first [T][ ]][hour]:[minute][optional [:[second]]][optional [.[subsecond]]]"
    );
    if let Ok(parsed) = PrimitiveDateTime::parse(text.trim_end_matches('Z'), naive) {
        return Some(parsed.assume_offset(UtcOffset::UTC));
    }
    let date_only = format_description!("[year]-[month]-[day]");
    let date = text.get(..10).unwrap_or(text);
    Date::parse(date, date_only)
        .ok()
        .map(|date| date.midnight().assume_offset(UtcOffset::UTC))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_forms_parse() {
        let full = parse_datetime("2026-10-14T09:30:00+01:00").unwrap();
        assert_eq!(full.offset().whole_hours(), 1);
        assert_eq!(parse_datetime("2026-10-14T09:30+01:00").unwrap(), full);
        assert_eq!(
            parse_datetime("2026-10-14T08:30:00Z").unwrap(),
            parse_datetime("2026-10-14 08:30").unwrap()
        );
        assert_eq!(parse_datetime("2026-10-14").unwrap().hour(), 0);
        assert!(parse_datetime("Wed, 14 Oct 2026 09:30:00 +0100").is_some());
        assert!(parse_datetime("last Tuesday").is_none());
        assert!(parse_datetime("").is_none());
    }
}
