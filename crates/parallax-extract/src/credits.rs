//! Credits: the agencies and outlets an article is credited to or cites as its source —
//! "(Reuters) -" datelines, "Reporting contributed by AFP", "TASS reported", "told AFP",
//! "according to Reuters", "in an interview with CBS News". A name merely mentioned ("a
//! Reuters photographer was injured") is not a credit: only these attribution phrases count.

use std::sync::LazyLock;

use regex::Regex;

/// Known agencies and outlets: the name credits use, and the spellings that mean it.
const OUTLETS: &[(&str, &[&str])] = &[
    ("Reuters", &["Reuters", "Thomson Reuters"]),
    (
        "AFP",
        &[
            "AFP",
            "Agence France-Presse",
            "Agence France Presse",
            "France-Presse",
        ],
    ),
    ("AP", &["AP", "Associated Press", "The Associated Press"]),
    ("TASS", &["TASS", "ITAR-TASS", "Tass"]),
    ("RIA Novosti", &["RIA Novosti", "RIA"]),
    ("Interfax", &["Interfax"]),
    ("Xinhua", &["Xinhua"]),
    ("Anadolu", &["Anadolu", "Anadolu Agency", "Anadolu Ajansi"]),
    ("dpa", &["dpa", "DPA", "Deutsche Presse-Agentur"]),
    ("EFE", &["EFE"]),
    ("ANSA", &["ANSA"]),
    ("Kyodo", &["Kyodo", "Kyodo News"]),
    ("Yonhap", &["Yonhap"]),
    ("PTI", &["PTI", "Press Trust of India"]),
    ("UPI", &["UPI", "United Press International"]),
    ("Bloomberg", &["Bloomberg", "Bloomberg News"]),
    ("SANA", &["SANA"]),
    ("IRNA", &["IRNA"]),
    ("Sputnik", &["Sputnik"]),
    ("RT", &["RT"]),
    ("BBC", &["BBC", "BBC News"]),
    ("CNN", &["CNN"]),
    ("CBS News", &["CBS News", "CBS"]),
    ("NBC News", &["NBC News", "NBC"]),
    ("ABC News", &["ABC News"]),
    ("Fox News", &["Fox News"]),
    ("Al Jazeera", &["Al Jazeera", "Al-Jazeera"]),
    ("Al Arabiya", &["Al Arabiya", "Al-Arabiya"]),
    (
        "The New York Times",
        &["The New York Times", "New York Times"],
    ),
    (
        "The Washington Post",
        &["The Washington Post", "Washington Post"],
    ),
    (
        "The Wall Street Journal",
        &["The Wall Street Journal", "Wall Street Journal", "WSJ"],
    ),
    (
        "Financial Times",
        &["Financial Times", "the Financial Times", "FT"],
    ),
    ("The Guardian", &["The Guardian", "the Guardian"]),
    ("Axios", &["Axios"]),
    ("Politico", &["Politico"]),
    ("NHK", &["NHK"]),
    ("Kommersant", &["Kommersant"]),
    ("Izvestia", &["Izvestia"]),
];

/// Phrases before an outlet's name that credit it.
const CREDIT_BEFORE: &str = r"(?:according to|told|telling|speaking to|speaking with|spoke to|spoke with|said to|in an interview with|interviewed by|an interview with|quoted by|cited by|reported by|reporting by|contributed by|via|source:|sources?:|courtesy of|\(c\)|©|copyright)";
/// Phrases after an outlet's name that credit it.
const CREDIT_AFTER: &str = r"(?:reported|reports|has reported|had reported|said in a report|wrote|writes|quoted|cited|learned|has learned|understands|contributed|news agency reported|agency reported|correspondent|reporter reported)";

static OUTLET_PATTERN: LazyLock<String> = LazyLock::new(|| {
    let mut spellings: Vec<&str> = OUTLETS
        .iter()
        .flat_map(|(_, names)| names.iter().copied())
        .collect();
    // Longest first, so "Associated Press" wins over "AP".
    spellings.sort_by_key(|name| std::cmp::Reverse(name.len()));
    let alternation: Vec<String> = spellings.iter().map(|name| regex::escape(name)).collect();
    format!("(?P<outlet>{})", alternation.join("|"))
});

static CREDIT_PHRASES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let outlet = OUTLET_PATTERN.as_str();
    [
        // A dateline or byline credit: "(Reuters) -", "(AFP)", "— AFP".
        format!(r"\(\s*{outlet}\s*\)"),
        format!(r"(?m)^\s*[-–—]?\s*{outlet}\s*$"),
        // "according to Reuters", "told AFP", "in an interview with CBS News' 60 Minutes".
        format!(r"(?i:(?-u:\b){CREDIT_BEFORE})\s+(?:the\s+)?{outlet}(?:’s|'s|’|')?(?-u:\b)"),
        // "TASS reported", "Reuters news agency reported", "AFP contributed to this report".
        format!(r"(?-u:\b){outlet}(?:\s+news agency|\s+agency)?\s+(?i:{CREDIT_AFTER})(?-u:\b)"),
        // "the news agency AFP reported".
        format!(r"(?i:news agency|wire service)\s+{outlet}\s+(?i:{CREDIT_AFTER})(?-u:\b)"),
    ]
    .iter()
    .map(|pattern| Regex::new(pattern).expect("credit patterns are valid regular expressions")) // invariant: built from escaped literals
    .collect()
});

/// The canonical names of the outlets `text` credits, in order of first credit.
pub(crate) fn find(text: &str) -> Vec<String> {
    let mut hits: Vec<(usize, &'static str)> = Vec::new();
    for pattern in CREDIT_PHRASES.iter() {
        for captures in pattern.captures_iter(text) {
            let Some(outlet) = captures.name("outlet") else {
                continue;
            };
            if let Some(name) = canonical(outlet.as_str(), text, outlet.start()) {
                hits.push((outlet.start(), name));
            }
        }
    }
    hits.sort_unstable();
    let mut credits: Vec<String> = Vec::new();
    for (_, name) in hits {
        if !credits.iter().any(|known| known == name) {
            credits.push(name.to_string());
        }
    }
    credits
}

/// The canonical name for a spelling, rejecting short all-caps spellings ("AP", "RT")
/// that are part of a longer word or name.
fn canonical(spelling: &str, text: &str, start: usize) -> Option<&'static str> {
    let end = start + spelling.len();
    let touches_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
    if touches_word(text[..start].chars().next_back()) || touches_word(text[end..].chars().next()) {
        return None;
    }
    OUTLETS
        .iter()
        .find(|(_, names)| names.contains(&spelling))
        .map(|(name, _)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribution_phrases_are_credits() {
        let cases: &[(&str, &[&str])] = &[
            ("MOSCOW (Reuters) - Putin met Sharaa.", &["Reuters"]),
            (
                "On Tuesday, Reuters reported that bodies were moved.",
                &["Reuters"],
            ),
            (
                "An official, speaking to AFP on condition of anonymity, said so.",
                &["AFP"],
            ),
            ("Reporting contributed by AFP.", &["AFP"]),
            ("He was welcomed at the Kremlin, TASS reported.", &["TASS"]),
            (
                "According to Reuters, the president raised the issue.",
                &["Reuters"],
            ),
            (
                "In an interview with CBS News’ 60 Minutes, Sharaa said so.",
                &["CBS News"],
            ),
            ("The minister told the Associated Press on Friday.", &["AP"]),
            (
                "Quake kills 12 (AFP) and rescue goes on. Reuters reported more.",
                &["AFP", "Reuters"],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(find(text), *expected, "{text}");
        }
    }

    #[test]
    fn mere_mentions_are_not_credits() {
        for text in [
            "A Reuters photographer was injured in the blast.",
            "Critics accused the BBC of bias during the election.",
            "The APEC summit opened with an AP-style stylebook on the table.",
            "Sources indicate that Syria intends to request the extradition.",
            "Foreign Minister Sergei Lavrov told reporters that Russia had granted asylum.",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }
}
