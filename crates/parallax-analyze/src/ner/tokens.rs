//! Words and sentences of article text, with byte offsets so every entity and quote can
//! point back at the exact characters of its article.

/// One word or punctuation mark of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    /// The characters, as in the text.
    pub text: &'a str,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "st",
    "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "u.s", "u.k", "u.n", "e.g", "i.e", "jan",
    "feb", "aug", "sept", "oct", "nov", "dec",
];

/// The words of `text`: runs of letters and digits, kept whole across inner hyphens,
/// apostrophes before more letters ("O'Neill", but "Sharaa’s" is "Sharaa" + "’s"), dots
/// of abbreviations ("U.S.") and separators inside numbers ("2-1", "250,000", "3.5");
/// every other non-space character is a token of its own.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut at = 0;
    while at < chars.len() {
        let (start, c) = chars[at];
        if c.is_whitespace() {
            at += 1;
            continue;
        }
        let mut next = at + 1;
        if c.is_alphanumeric() {
            while next < chars.len() {
                let (_, c) = chars[next];
                if c.is_alphanumeric() {
                    next += 1;
                    continue;
                }
                let following = chars.get(next + 1).map(|(_, c)| *c);
                let previous = chars[next - 1].1;
                let joins = match c {
                    '-' | '‐' => following.is_some_and(char::is_alphanumeric),
                    '\'' | '’' => {
                        let after = chars.get(next + 2).map(|(_, c)| *c);
                        let possessive = matches!(following, Some('s' | 'S'))
                            && after.is_none_or(|c| !c.is_alphanumeric());
                        following.is_some_and(char::is_alphabetic) && !possessive
                    }
                    '.' => {
                        // "U.S." and "3.5": a dot between single letters or between digits.
                        (previous.is_ascii_digit() && following.is_some_and(|f| f.is_ascii_digit()))
                            || (previous.is_alphabetic()
                                && (next < 2 || !chars[next - 2].1.is_alphanumeric())
                                && following.is_some_and(char::is_alphabetic)
                                && chars
                                    .get(next + 2)
                                    .is_none_or(|(_, c)| !c.is_alphanumeric()))
                    }
                    ',' => {
                        previous.is_ascii_digit()
                            && following.is_some_and(|f| f.is_ascii_digit())
                            && chars[next + 1..]
                                .iter()
                                .take_while(|(_, c)| c.is_ascii_digit())
                                .count()
                                == 3
                    }
                    _ => false,
                };
                if !joins {
                    break;
                }
                next += 1;
            }
            // The trailing dot of an abbreviation ("U.S.", "Mr.") belongs to it.
            if chars.get(next).is_some_and(|(_, c)| *c == '.') {
                let word = &text[start..chars[next].0];
                let lower = word.to_lowercase();
                if word.contains('.') || ABBREVIATIONS.contains(&lower.as_str()) {
                    next += 1;
                }
            }
        } else if matches!(c, '\'' | '’')
            && chars.get(next).is_some_and(|(_, c)| matches!(c, 's' | 'S'))
            && chars
                .get(next + 1)
                .is_none_or(|(_, c)| !c.is_alphanumeric())
            && at > 0
            && chars[at - 1].1.is_alphanumeric()
        {
            next += 1;
        }
        let end = chars.get(next).map_or(text.len(), |(offset, _)| *offset);
        tokens.push(Token {
            text: &text[start..end],
            start,
            end,
        });
        at = next;
    }
    tokens
}

/// The sentences of `tokens`, as ranges of token indices: a sentence ends at `.`, `!` or
/// `?` (and any closing quotes after it) when the next word starts with a capital, a digit
/// or a quote, and at a line break.
pub fn sentences(text: &str, tokens: &[Token<'_>]) -> Vec<std::ops::Range<usize>> {
    let mut sentences = Vec::new();
    let mut start = 0;
    for (index, token) in tokens.iter().enumerate() {
        let Some(next) = tokens.get(index + 1) else {
            break;
        };
        let line_break = text[token.end..next.start].contains('\n');
        let ends = matches!(token.text, "." | "!" | "?" | "”" | "\"" | "’" | "»")
            && (matches!(token.text, "." | "!" | "?")
                || tokens[..index]
                    .last()
                    .is_some_and(|previous| matches!(previous.text, "." | "!" | "?")))
            && next.text.chars().next().is_some_and(|c| {
                c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"' | '«')
            })
            && !matches!(next.text, "”" | "\"" | "’" | "»");
        if ends || line_break {
            sentences.push(start..index + 1);
            start = index + 1;
        }
    }
    if start < tokens.len() {
        sentences.push(start..tokens.len());
    }
    sentences
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|token| token.text).collect()
    }

    #[test]
    fn words_keep_names_numbers_and_abbreviations_whole() {
        assert_eq!(
            words("Ahmed al-Sharaa’s visit to the U.S. cost $250,000 (3.5%), Mr. O'Neill said."),
            [
                "Ahmed",
                "al-Sharaa",
                "’s",
                "visit",
                "to",
                "the",
                "U.S.",
                "cost",
                "$",
                "250,000",
                "(",
                "3.5",
                "%",
                ")",
                ",",
                "Mr.",
                "O'Neill",
                "said",
                "."
            ]
        );
        assert_eq!(
            words("Japan won 2-1 on Friday."),
            ["Japan", "won", "2-1", "on", "Friday", "."]
        );
    }

    #[test]
    fn offsets_point_at_the_text() {
        let text = "“We will rebuild,” Sharaa said.";
        for token in tokenize(text) {
            assert_eq!(&text[token.start..token.end], token.text);
        }
    }

    #[test]
    fn sentences_end_at_stops_before_capitals() {
        let text = "Putin met Sharaa. Mr. Lavrov spoke in the U.S. on Monday. “It went well.” Then he left.";
        let tokens = tokenize(text);
        let spans: Vec<String> = sentences(text, &tokens)
            .into_iter()
            .map(|range| text[tokens[range.start].start..tokens[range.end - 1].end].to_string())
            .collect();
        assert_eq!(
            spans,
            [
                "Putin met Sharaa.",
                "Mr. Lavrov spoke in the U.S. on Monday.",
                "“It went well.”",
                "Then he left."
            ]
        );
    }
}
