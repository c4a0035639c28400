//! Text helpers every stage shares: sentence splitting that returns slices of the text
//! itself (so quotes, claims and evidence can cite sentences verbatim), and word tokens.

/// English stop words: function words, reporting verbs and calendar words that say
/// nothing about what an article reports. Sorted, so lookups are a binary search.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "according",
    "after",
    "again",
    "against",
    "all",
    "almost",
    "also",
    "although",
    "always",
    "am",
    "among",
    "an",
    "and",
    "another",
    "any",
    "are",
    "around",
    "as",
    "at",
    "away",
    "back",
    "be",
    "became",
    "because",
    "become",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "could",
    "day",
    "days",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "down",
    "during",
    "each",
    "either",
    "else",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "friday",
    "from",
    "further",
    "get",
    "gets",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "last",
    "least",
    "less",
    "like",
    "made",
    "make",
    "many",
    "may",
    "me",
    "might",
    "monday",
    "more",
    "most",
    "mr",
    "mrs",
    "ms",
    "much",
    "must",
    "my",
    "myself",
    "near",
    "never",
    "new",
    "next",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "onto",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "percent",
    "perhaps",
    "put",
    "rather",
    "said",
    "same",
    "saturday",
    "say",
    "saying",
    "says",
    "see",
    "seen",
    "several",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "sunday",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "thursday",
    "thus",
    "time",
    "to",
    "told",
    "too",
    "toward",
    "towards",
    "tuesday",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "way",
    "we",
    "wednesday",
    "week",
    "well",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "year",
    "years",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Whether `word` (lowercase) is an English stop word.
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "gov",
    "sen", "rep", "rev", "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "no", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k",
    "u.n", "e.g", "i.e", "a.m", "p.m", "approx", "est", "dept", "univ", "mt", "ft",
];

/// The sentences of `text`, in order, each a trimmed slice of `text`. A line break always
/// ends a sentence; within a line, `.`, `!`, `?` or `…` (with any closing quotes or
/// brackets after it) ends one when white space and a capital, digit or opening quote
/// follow, and the word before a period is not an abbreviation or an initial. A leading
/// dialogue dash or bullet ("— ", "• ") is trimmed off like white space.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for line in text.split('\n') {
        split_line(line, &mut found);
    }
    found
}

fn split_line<'t>(line: &'t str, found: &mut Vec<&'t str>) {
    let mut start = 0;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut end = i + 1;
            while end < chars.len() && is_closer(chars[end].1) {
                end += 1;
            }
            let boundary = chars.get(end).map_or(line.len(), |(offset, _)| *offset);
            if is_sentence_end(line, &chars, at, c, end) {
                push_trimmed(&line[start..boundary], found);
                start = boundary;
            }
            i = end;
        } else {
            i += 1;
        }
    }
    push_trimmed(&line[start..], found);
}

fn is_sentence_end(
    line: &str,
    chars: &[(usize, char)],
    at: usize,
    mark: char,
    next: usize,
) -> bool {
    let Some(&(_, space)) = chars.get(next) else {
        return false; // end of line: the line break ends it anyway
    };
    if !space.is_whitespace() {
        return false;
    }
    let Some(&(_, following)) = chars[next..].iter().find(|(_, c)| !c.is_whitespace()) else {
        return false;
    };
    let opens = following.is_uppercase()
        || following.is_ascii_digit()
        || matches!(
            following,
            '"' | '“' | '‘' | '\'' | '(' | '«' | '—' | '–' | '['
        );
    opens && !(mark == '.' && is_abbreviation(&line[..at]))
}

fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or_default();
    let lower = word.to_lowercase();
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    is_initial || ABBREVIATIONS.contains(&lower.as_str())
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»')
}

fn push_trimmed<'t>(piece: &'t str, found: &mut Vec<&'t str>) {
    let mut piece = piece.trim();
    // A dialogue dash or a bullet and the space after it are no part of the sentence
    // ("— “Special, friendly relations…”"); a dash with no space after it ("–5 °C") is.
    while let Some(rest) = piece.strip_prefix(['—', '–', '•'])
        && rest.starts_with(char::is_whitespace)
    {
        piece = rest.trim_start();
    }
    if piece.chars().any(char::is_alphanumeric) {
        found.push(piece);
    }
}

/// The words of `text`: runs of letters and digits, lowercased.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_ends_and_keep_quotes() {
        let text = "Putin met Sharaa. “We aim to rebuild,” Sharaa said. Was it historic? Yes!\nNew line here";
        assert_eq!(
            sentences(text),
            [
                "Putin met Sharaa.",
                "“We aim to rebuild,” Sharaa said.",
                "Was it historic?",
                "Yes!",
                "New line here"
            ]
        );
    }

    #[test]
    fn abbreviations_initials_and_numbers_do_not_split() {
        let text = "Mr. Lavrov met U.S. envoys at 3.5 p.m. on Monday. J. Smith said the talks on Dec. 8 went well.";
        assert_eq!(
            sentences(text),
            [
                "Mr. Lavrov met U.S. envoys at 3.5 p.m. on Monday.",
                "J. Smith said the talks on Dec. 8 went well."
            ]
        );
    }

    #[test]
    fn quotes_closing_after_the_period_stay_with_their_sentence() {
        let text = "He said: “It is over.” Then he left.";
        assert_eq!(sentences(text), ["He said: “It is over.”", "Then he left."]);
    }

    #[test]
    fn dialogue_dashes_and_bullets_are_not_part_of_a_sentence() {
        let text = "— “Special, friendly relations have developed.” Putin said.\n• Talks ended.\n–5 °C was the low.";
        assert_eq!(
            sentences(text),
            [
                "“Special, friendly relations have developed.”",
                "Putin said.",
                "Talks ended.",
                "–5 °C was the low."
            ]
        );
    }

    #[test]
    fn stopword_list_is_sorted_and_lookups_work() {
        assert!(STOPWORDS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(is_stopword("the"));
        assert!(!is_stopword("earthquake"));
    }

    #[test]
    fn every_sentence_is_a_slice_of_the_text() {
        let text = "One. Two!  Three?\n\nFour";
        for sentence in sentences(text) {
            assert!(text.contains(sentence));
        }
        assert_eq!(
            words("Al-Sharaa’s 2024 visit").collect::<Vec<_>>(),
            ["al", "sharaa", "s", "2024", "visit"]
        );
    }
}
