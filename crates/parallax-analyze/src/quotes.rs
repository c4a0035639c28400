//! Who said what: direct quotes in a story's articles, each with its speaker, and the same
//! statement reported by several outlets merged into one quote with every wording.
//!
//! A quote is the text between quotation marks (“…”, "…", «…») of at least
//! [`MIN_QUOTE_WORDS`] words (partial quotes included), verbatim; a quote split by its attribution (“…,” she said,
//! “…”) is two quotes of the same speaker. Its speaker is, in order: the person named (or the pronoun or title standing in)
//! in the attribution right after it ("…,” Putin said", "said the Russian leader"); the
//! first person named before it in its sentence ("Lavrov told reporters that … “…”"); a
//! group named there ("Syrian officials"); and for a quote standing alone, the last person
//! named before it. A pronoun or title resolves to the last person named before the quote.
//! Quotes of one speaker join across articles when their content words overlap enough
//! (stems shared, numbers and names included), whatever the wording.

use std::collections::{BTreeMap, HashSet};

use parallax_core::contract::ArticleRecord;
use parallax_core::hashing::hash_word;
use parallax_core::{ArticleId, Entity, Quote, QuoteVariant, Speaker};

use crate::ner::{EntityKind, TaggedText, Tagger, Token, tag_text};

/// A single quoted word is a label ("deplorables"), not a quote; two words or more are at
/// least a partial quote ("called Russia “a key partner”").
const MIN_QUOTE_WORDS: usize = 2;
/// How far after a quote its attribution may reach, in words.
const MAX_ATTRIBUTION_WORDS: usize = 8;
/// Two wordings are one statement when this share of the shorter one's content stems,
/// and at least [`MIN_SHARED_STEMS`] of them, are in the other.
const MIN_SHARED_SHARE: f64 = 0.4;
const MIN_SHARED_STEMS: usize = 3;
/// Stems are cut to this many characters ("sovereign" and "sovereignty" agree).
const STEM_CHARS: usize = 6;

/// Verbs that attribute speech.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "stated",
    "states",
    "noted",
    "notes",
    "added",
    "adds",
    "told",
    "tells",
    "asserted",
    "emphasized",
    "emphasised",
    "stressed",
    "explained",
    "declared",
    "announced",
    "wrote",
    "writes",
    "insisted",
    "warned",
    "argued",
    "acknowledged",
    "remarked",
    "replied",
    "continued",
    "recalled",
    "underlined",
    "commented",
    "asked",
    "urged",
    "vowed",
    "claimed",
    "according",
    "reports",
    "reported",
    "report",
];
const PRONOUNS: &[&str] = &["he", "she", "they", "him", "her"];
/// Nouns naming groups of speakers ("Syrian officials said").
const GROUPS: &[&str] = &[
    "officials",
    "sources",
    "analysts",
    "experts",
    "diplomats",
    "observers",
    "residents",
    "witnesses",
    "critics",
    "authorities",
    "ministry",
    "government",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "kremlin",
    "police",
    "army",
    "statement",
];
/// Words too common to tell statements apart.
const STOP: &[&str] = &[
    "about",
    "after",
    "again",
    "also",
    "been",
    "before",
    "being",
    "between",
    "both",
    "could",
    "does",
    "done",
    "each",
    "every",
    "from",
    "have",
    "having",
    "here",
    "into",
    "just",
    "more",
    "most",
    "much",
    "must",
    "only",
    "other",
    "over",
    "same",
    "should",
    "some",
    "such",
    "than",
    "that",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "very",
    "want",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "will",
    "with",
    "would",
    "your",
    "ours",
    "ourselves",
];

/// One quote in one article, before merging.
#[derive(Clone, Debug)]
struct Found {
    article: ArticleId,
    text: String,
    speaker: String,
    /// The story entity the speaker is, if any.
    entity: Option<String>,
}

/// The story's quotes, merged across articles; most reported first.
pub(crate) fn story_quotes(
    articles: &[ArticleRecord],
    tagged: &[TaggedText<'_>],
    entities: &[Entity],
) -> Vec<Quote> {
    let found: Vec<Found> = articles
        .iter()
        .zip(tagged)
        .flat_map(|(record, tagged)| {
            quotes_in(&record.article.id, &record.article.text, tagged, entities)
        })
        .collect();
    merge(found)
}

/// A person or organisation named in the text, at a byte offset.
#[derive(Clone, Debug)]
struct Named {
    start: usize,
    end: usize,
    name: String,
    /// A person (else an organisation, which speaks only when a verb of saying follows).
    person: bool,
}

/// A quote found in one text: where its words are (bytes, quotation marks excluded) and
/// who said it, as the text names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleQuote {
    /// Byte offset of the quote's first character.
    pub start: usize,
    /// Byte offset one past its last character.
    pub end: usize,
    /// The speaker as named in the text.
    pub speaker: String,
}

/// The quotes in `text` with their speakers, names found by `tagger`.
pub fn article_quotes(text: &str, tagger: &dyn Tagger) -> Vec<ArticleQuote> {
    quotes_of(text, &tag_text(text, tagger))
}

/// The quotes in `text`, whose words and names are `tagged`.
fn quotes_of(text: &str, tagged: &TaggedText<'_>) -> Vec<ArticleQuote> {
    let people: Vec<Named> = tagged
        .names
        .iter()
        .filter(|name| matches!(name.kind, EntityKind::Person | EntityKind::Organization))
        .map(|name| Named {
            start: name.start,
            end: name.end,
            name: text[name.start..name.end]
                .trim_end_matches("’s")
                .trim_end_matches("'s")
                .to_string(),
            person: name.kind == EntityKind::Person,
        })
        .collect();
    let (tokens, ranges) = (&tagged.tokens, &tagged.sentences);
    quote_spans(text)
        .into_iter()
        .filter(|(open, close)| text[*open..*close].split_whitespace().count() >= MIN_QUOTE_WORDS)
        .filter_map(|(open, close)| {
            let speaker = speaker_of(text, tokens, ranges, &people, open, close)?;
            let inner = &text[open..close];
            let start = open + (inner.len() - inner.trim_start().len());
            let trimmed = inner.trim().trim_end_matches(',').trim_end();
            Some(ArticleQuote {
                start,
                end: start + trimmed.len(),
                speaker,
            })
        })
        .collect()
}

fn quotes_in(
    article: &ArticleId,
    text: &str,
    tagged: &TaggedText<'_>,
    entities: &[Entity],
) -> Vec<Found> {
    quotes_of(text, tagged)
        .into_iter()
        .map(|quote| {
            // A speaker the story knows is named as the story names them.
            let known = entities
                .iter()
                .find(|entity| entity.aliases.contains(&quote.speaker));
            let (entity, speaker) = match known {
                Some(entity) => (Some(entity.id.clone()), entity.name.clone()),
                None => (None, quote.speaker),
            };
            Found {
                article: article.clone(),
                text: text[quote.start..quote.end].to_string(),
                speaker,
                entity,
            }
        })
        .collect()
}

/// Byte ranges of the text inside each pair of quotation marks.
fn quote_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (at, c) in text.char_indices() {
        match (open, c) {
            (None, '“' | '«') => open = Some((at + c.len_utf8(), c)),
            (None, '"') => open = Some((at + 1, '"')),
            (Some((start, '“')), '”') | (Some((start, '«')), '»') | (Some((start, '"')), '"') =>
            {
                spans.push((start, at));
                open = None;
            }
            // A paragraph ends an unclosed quote.
            (Some(_), '\n') => open = None,
            _ => {}
        }
    }
    spans
}

fn speaker_of(
    text: &str,
    tokens: &[Token<'_>],
    ranges: &[std::ops::Range<usize>],
    people: &[Named],
    open: usize,
    close: usize,
) -> Option<String> {
    let last_person_before = |offset: usize| {
        people
            .iter()
            .rfind(|named| named.person && named.end <= offset)
            .map(|named| named.name.clone())
    };
    // The attribution after the quote: ", Putin said", ", he noted", ", said the leader".
    let after: Vec<&Token<'_>> = tokens
        .iter()
        .filter(|token| token.start > close)
        .take_while(|token| !matches!(token.text, "." | "“" | "\""))
        .take(MAX_ATTRIBUTION_WORDS)
        .collect();
    let after_end = after.last().map_or(close, |token| token.end);
    let named_after: Vec<&Named> = people
        .iter()
        .filter(|named| named.start > close && named.end <= after_end)
        .collect();
    // "“…” ― Sonya Herridge": a dash and a name sign the quote.
    let signed = after
        .iter()
        .find(|token| !matches!(token.text, "”" | "\"" | "," | "’"))
        .is_some_and(|token| matches!(token.text, "―" | "—" | "–" | "-"));
    if signed && let Some(named) = named_after.first() {
        return Some(named.name.clone());
    }
    let verb = after
        .iter()
        .find(|token| SPEECH_VERBS.contains(&token.text.to_lowercase().as_str()));
    if let Some(verb) = verb {
        // The name next to the verb ("said Caddell", "Caddell said") before any other.
        let next_to_verb = named_after.iter().find(|named| {
            let gap_after = named.start.saturating_sub(verb.end);
            let gap_before = verb.start.saturating_sub(named.end);
            (named.start >= verb.end && gap_after <= 1)
                || (named.end <= verb.start && gap_before <= 1)
        });
        if let Some(named) = next_to_verb
            .or(named_after.iter().find(|named| named.person))
            .or(named_after.first())
        {
            return Some(named.name.clone());
        }
        if after.iter().any(|token| {
            PRONOUNS.contains(&token.text.to_lowercase().as_str()) || token.text == "the"
        }) {
            return last_person_before(open);
        }
    }
    // "Caddell continued: “…”": the name before a colon that introduces the quote.
    let before_quote: Vec<&Token<'_>> = tokens.iter().filter(|token| token.end <= open).collect();
    let introduced = before_quote
        .iter()
        .rev()
        .find(|token| !matches!(token.text, "“" | "\"" | "«"))
        .filter(|token| token.text == ":");
    if let Some(colon) = introduced {
        let window_start = before_quote
            .iter()
            .rev()
            .nth(MAX_ATTRIBUTION_WORDS)
            .map_or(0, |token| token.start);
        if let Some(named) = people
            .iter()
            .rfind(|named| named.start >= window_start && named.end <= colon.start)
        {
            return Some(named.name.clone());
        }
    }
    // In the quote's sentence, before it: the first person, else a group.
    let sentence_start = ranges
        .iter()
        .find(|range| {
            let (first, last) = (&tokens[range.start], &tokens[range.end - 1]);
            first.start <= open && open <= last.end
        })
        .map_or(0, |range| tokens[range.start].start);
    let in_sentence: Vec<&Named> = people
        .iter()
        .filter(|named| named.start >= sentence_start && named.end <= open)
        .collect();
    // The one who "stated", "told", "reported" in the sentence (a person or an outlet),
    // else its first person.
    let speaking = in_sentence.iter().find(|named| {
        tokens
            .iter()
            .find(|token| token.start >= named.end)
            .is_some_and(|token| SPEECH_VERBS.contains(&token.text.to_lowercase().as_str()))
    });
    let first_person = in_sentence.iter().find(|named| named.person);
    if let Some(named) = speaking.or(first_person).copied() {
        // "Harbour officials": a name before a group noun qualifies the group.
        let next = tokens.iter().find(|token| token.start >= named.end);
        if let Some(group) =
            next.filter(|token| GROUPS.contains(&token.text.to_lowercase().as_str()))
        {
            return Some(text[named.start..group.end].to_string());
        }
        return Some(named.name.clone());
    }
    let before: Vec<&Token<'_>> = tokens
        .iter()
        .filter(|token| token.start >= sentence_start && token.end <= open)
        .collect();
    if let Some(position) = before
        .iter()
        .position(|token| GROUPS.contains(&token.text.to_lowercase().as_str()))
    {
        let first = position.saturating_sub(1);
        let qualifier = before[first]
            .text
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
            && first < position;
        let start = if qualifier { first } else { position };
        return Some(text[before[start].start..before[position].end].to_string());
    }
    // A quote standing alone as its sentence: the last person named before it.
    let stands_alone = before
        .iter()
        .all(|token| !token.text.chars().any(char::is_alphanumeric));
    if stands_alone {
        return last_person_before(open);
    }
    None
}

/// Content stems of a wording: words of four letters or more, not too common, cut to
/// [`STEM_CHARS`] characters; numbers kept whole.
fn stems(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| {
            word.chars().count() >= 4
                || word.chars().all(|c| c.is_ascii_digit()) && !word.is_empty()
        })
        .map(str::to_lowercase)
        .filter(|word| !STOP.contains(&word.as_str()))
        .map(|word| word.chars().take(STEM_CHARS).collect())
        .collect()
}

fn same_statement(a: &HashSet<String>, b: &HashSet<String>) -> bool {
    let shared = a.intersection(b).count();
    let smaller = a.len().min(b.len()).max(1);
    shared >= MIN_SHARED_STEMS && shared as f64 >= smaller as f64 * MIN_SHARED_SHARE
}

fn merge(found: Vec<Found>) -> Vec<Quote> {
    let stem_sets: Vec<HashSet<String>> = found.iter().map(|quote| stems(&quote.text)).collect();
    // Union-find over quotes of the same speaker with overlapping content.
    let mut parent: Vec<usize> = (0..found.len()).collect();
    fn root(parent: &mut [usize], mut at: usize) -> usize {
        while parent[at] != at {
            parent[at] = parent[parent[at]];
            at = parent[at];
        }
        at
    }
    for a in 0..found.len() {
        for b in a + 1..found.len() {
            let same_speaker = match (&found[a].entity, &found[b].entity) {
                (Some(x), Some(y)) => x == y,
                _ => found[a].speaker == found[b].speaker,
            };
            if same_speaker && same_statement(&stem_sets[a], &stem_sets[b]) {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[rb] = ra;
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for index in 0..found.len() {
        let group = root(&mut parent, index);
        groups.entry(group).or_default().push(index);
    }
    let mut quotes: Vec<Quote> = groups
        .into_values()
        .map(|members| {
            let mut variants: Vec<QuoteVariant> = Vec::new();
            for &index in &members {
                let quote = &found[index];
                let known = variants
                    .iter()
                    .any(|variant| variant.article == quote.article && variant.text == quote.text);
                if !known {
                    variants.push(QuoteVariant {
                        article: quote.article.clone(),
                        text: quote.text.clone(),
                    });
                }
            }
            let first = &found[members[0]];
            let text = variants
                .iter()
                .map(|variant| variant.text.clone())
                .max_by_key(|text| text.len())
                .unwrap_or_default();
            Quote {
                id: quote_id(&first.speaker, &text),
                speaker: Speaker {
                    entity: first.entity.clone(),
                    name: first.speaker.clone(),
                },
                text,
                variants,
            }
        })
        .collect();
    quotes.sort_by(|a, b| {
        b.variants
            .len()
            .cmp(&a.variants.len())
            .then_with(|| a.id.cmp(&b.id))
    });
    quotes
}

fn quote_id(speaker: &str, text: &str) -> String {
    format!("q-{:016x}", hash_word(&format!("{speaker}\u{0}{text}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::RuleTagger;

    fn article(name: &str) -> ArticleId {
        ArticleId::derive(name, &parallax_core::ContentHash::of(name.as_bytes()))
    }

    /// (speaker, text) of the quotes in `text`.
    fn quotes(text: &str) -> Vec<(String, String)> {
        quotes_in(&article("a"), text, &tag_text(text, &RuleTagger), &[])
            .into_iter()
            .map(|quote| (quote.speaker, quote.text))
            .collect()
    }

    fn pair(speaker: &str, text: &str) -> (String, String) {
        (speaker.to_string(), text.to_string())
    }

    #[test]
    fn attributions_after_the_quote_name_the_speaker() {
        assert_eq!(
            quotes("“We will rebuild every home in Velmora,” Mayor Rui Mendes said."),
            [pair("Rui Mendes", "We will rebuild every home in Velmora")]
        );
        assert_eq!(
            quotes("\"The bridge is safe for traffic again,\" said Ana Sousa."),
            [pair("Ana Sousa", "The bridge is safe for traffic again")]
        );
        assert_eq!(
            quotes("Ana Sousa spoke first. “Nobody will be left behind this winter,” she added."),
            [pair("Ana Sousa", "Nobody will be left behind this winter")]
        );
    }

    #[test]
    fn subjects_groups_and_standalone_quotes_have_speakers() {
        assert_eq!(
            quotes(
                "Minister Rui Mendes told reporters that the port would reopen “as soon as the cranes are repaired”."
            ),
            [pair("Rui Mendes", "as soon as the cranes are repaired")]
        );
        assert_eq!(
            quotes("Harbour officials described it as “the worst storm in fifty years”."),
            [pair("Harbour officials", "the worst storm in fifty years")]
        );
        assert_eq!(
            quotes(
                "Rui Mendes visited the shelters on Tuesday.\n\n“We have food for every family here.”"
            ),
            [pair("Rui Mendes", "We have food for every family here.")]
        );
    }

    #[test]
    fn signed_and_introduced_quotes_name_their_speaker() {
        assert_eq!(
            quotes(
                "Rui Mendes spoke first.\n“The harbour will open again next spring.” ― Ana Sousa"
            ),
            [pair(
                "Ana Sousa",
                "The harbour will open again next spring."
            )]
        );
        assert_eq!(
            quotes(
                "Ana Sousa spoke first. Rui Mendes continued: “We will rebuild every single home.”"
            ),
            [pair("Rui Mendes", "We will rebuild every single home.")]
        );
        assert_eq!(
            quotes(
                "“The storm is over for the coast,” said Rui Mendes, speaking of Ana Sousa's warning."
            ),
            [pair("Rui Mendes", "The storm is over for the coast")]
        );
    }

    #[test]
    fn single_words_are_not_quotes_and_split_quotes_keep_their_speaker() {
        assert!(quotes("Ana Sousa called the plan “reckless” on Monday.").is_empty());
        assert_eq!(
            quotes("Ana Sousa said the plan was “deeply reckless” on Monday."),
            [pair("Ana Sousa", "deeply reckless")]
        );
        assert_eq!(
            quotes(
                "“We will rebuild the town,” Rui Mendes said, “and we will do it with every neighbour.”"
            ),
            [
                pair("Rui Mendes", "We will rebuild the town"),
                pair("Rui Mendes", "and we will do it with every neighbour."),
            ]
        );
    }

    #[test]
    fn one_statement_in_two_wordings_is_one_quote_and_others_stay_apart() {
        let found = vec![
            Found {
                article: article("a"),
                text: "We aim to rebuild our relations and ensure Aldoria's independence, sovereignty and security".into(),
                speaker: "Ana Sousa".into(),
                entity: Some("e-1".into()),
            },
            Found {
                article: article("b"),
                text: "We are restoring these relations so there is independence for Aldoria, a sovereign Aldoria, and its security".into(),
                speaker: "Ana Sousa".into(),
                entity: Some("e-1".into()),
            },
            Found {
                article: article("b"),
                text: "The ferries will sail again from Monday morning".into(),
                speaker: "Ana Sousa".into(),
                entity: Some("e-1".into()),
            },
        ];
        let merged = merge(found);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].variants.len(), 2);
        assert_eq!(merged[0].speaker.entity.as_deref(), Some("e-1"));
        assert!(merged[0].id.starts_with("q-"));
    }
}
