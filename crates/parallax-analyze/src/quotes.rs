//! Who said what: quotes and reported speech in a story's articles, each with its speaker,
//! and the same statement reported by several outlets merged into one quote with every
//! wording.
//!
//! A quote is the text between quotation marks (“…”, "…", «…») of at least
//! [`MIN_QUOTE_WORDS`] words (partial quotes included), verbatim; a quote split by its attribution (“…,” she said,
//! “…”) is two quotes of the same speaker. Names inside quotes never speak. Its speaker is,
//! in order: the name signing it ("“…” ― Ana Sousa"); the person named (or the pronoun or
//! title standing in) in the attribution right after it ("…,” Putin said", "said the
//! Russian leader"; not after a quote that ends its sentence); the name before a colon
//! that introduces it; in its sentence, the pronoun or description that says it ("She
//! says …"), the one named before a verb of saying, the first person named ("Lavrov told
//! reporters that … “…”"), a group ("Syrian officials"); and for a quote standing alone,
//! who spoke last. A pronoun, a description or a quote standing alone resolves to the last
//! quote's speaker when no one has been named since, else the first person named in the
//! nearest sentence that names one.
//! Reported speech is read in sentences without quotation marks ("…, X said", "According to
//! X, …", "X said (that) …"; see [`Attribution::reported_speech`]).
//! Quotes of one speaker join across articles when their content words overlap enough
//! (stems shared, numbers and names included), whatever the wording, or, with a sentence
//! encoder, when their embeddings are close.

use std::collections::{BTreeMap, HashSet};

use parallax_core::contract::ArticleRecord;
use parallax_core::embedding::{SentenceEncoder, cosine};
use parallax_core::hashing::hash_word;
use parallax_core::{ArticleId, Entity, Quote, QuoteVariant, Speaker};

use crate::ner::gazetteer::{Sex, first_name_sex, is_demonym};
use crate::ner::{EntityKind, TaggedText, Tagger, Token, tag_text};

/// A single quoted word is a label ("deplorables"), not a quote; two words or more are at
/// least a partial quote ("called Russia “a key partner”").
const MIN_QUOTE_WORDS: usize = 2;
/// How far after a quote its attribution may reach, in words.
const MAX_ATTRIBUTION_WORDS: usize = 8;
/// A question or exclamation is attributed by a verb at most this many words after it.
const QUESTION_ATTRIBUTION_WORDS: usize = 3;
/// A person named right after a quote may be followed by an apposition this long before
/// the verb of saying, in words.
const MAX_APPOSITION_WORDS: usize = 24;
/// A pronoun's person is looked for this many sentences back at most.
const MAX_ANTECEDENT_SENTENCES: usize = 5;
/// Two wordings are one statement when this share of the shorter one's content stems,
/// and at least [`MIN_SHARED_STEMS`] of them, are in the other.
const MIN_SHARED_SHARE: f64 = 0.4;
const MIN_SHARED_STEMS: usize = 3;
/// A partial quote too short to share [`MIN_SHARED_STEMS`] with anything, whose stems (at
/// least this many) all stand in a longer wording of its speaker, is part of that statement.
const MIN_CONTAINED_STEMS: usize = 2;
/// A reported statement has at least this many words ("he said the talks would resume").
const MIN_REPORTED_WORDS: usize = 4;
/// Words that may stand between a verb of saying and the "that" opening what was said
/// ("said on Tuesday that", "told reporters that").
const MAX_WORDS_BEFORE_THAT: usize = 5;
/// Verbs of saying that take what was said as a clause without "that" ("said the talks
/// would resume"); the others, which often take an object ("promised funds", "declared
/// three days of mourning", "claimed responsibility"), report speech only before "that".
const CLAUSE_VERBS: &[&str] = &["said", "says", "say", "stated", "argued", "asserted"];
/// Verbs of telling someone: their object stands before "that" ("told reporters that").
const TELL_VERBS: &[&str] = &["told", "tells", "tell", "assured", "informed", "reminded"];
/// Words that open a phrase of circumstance between a verb and "that" ("said on Tuesday
/// that", "said in a statement that").
const CIRCUMSTANCE_OPENERS: &[&str] = &[
    "on", "in", "at", "during", "late", "early", "earlier", "last", "this", "after", "before",
];
/// Words that open a clause or a phrase of circumstance, not a statement ("said as
/// rescuers searched", "said in the afternoon", "…, he said, and the tremor …").
const NOT_STATEMENT_OPENERS: &[&str] = &[
    "and", "but", "or", "as", "while", "when", "after", "before", "because", "since", "in", "on",
    "at", "during", "for", "with", "from", "to", "of", "by", "which", "who",
];
/// Sources "according to" names that are no one: hearsay.
const HEARSAY: &[&str] = &[
    "reports",
    "media reports",
    "some",
    "others",
    "many",
    "rumours",
    "rumors",
];
/// Words after a comma that start a clause, not an attribution (", which he said …").
const CLAUSE_WORDS: &[&str] = &["which", "who", "that", "and", "but", "while", "as", "if"];
/// Two wordings of one speaker whose embeddings are this close are one statement.
const MIN_QUOTE_EMBEDDING_COSINE: f32 = 0.75;
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
    "demanded",
    "tweeted",
    "posted",
    "boasted",
    "conceded",
    "admitted",
    "testified",
    "responded",
    "countered",
    "predicted",
    "promised",
    "complained",
    "cautioned",
    "joked",
    "quipped",
    "asks",
    "reports",
    "reported",
    "report",
];
/// Participles of saying, which name the speaker of a quote later in their sentence ("…,
/// with Lavrov asserting that the family faced “physical extermination”") but open no
/// reported speech of their own ("…, emphasizing the importance of ties" is no statement).
const SPEECH_PARTICIPLES: &[&str] = &[
    "saying",
    "adding",
    "noting",
    "stating",
    "asserting",
    "claiming",
    "warning",
    "insisting",
    "arguing",
    "announcing",
    "stressing",
    "emphasizing",
    "emphasising",
    "explaining",
    "telling",
];
const PRONOUNS: &[&str] = &["he", "she", "they", "him", "her"];
/// Party words that name no one in particular.
const PARTY_WORDS: &[&str] = &[
    "republican",
    "democrat",
    "democratic",
    "gop",
    "conservative",
    "liberal",
    "tory",
    "labour",
];
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
    /// Reported speech, not a quotation.
    indirect: bool,
}

/// The story's quotes, merged across articles; most reported first. With `encoder`,
/// wordings of one speaker whose embeddings are close also merge (translations,
/// paraphrases that share few words).
pub(crate) fn story_quotes(
    articles: &[ArticleRecord],
    tagged: &[TaggedText<'_>],
    entities: &[Entity],
    encoder: Option<&dyn SentenceEncoder>,
) -> Vec<Quote> {
    let found: Vec<Found> = articles
        .iter()
        .zip(tagged)
        .flat_map(|(record, tagged)| {
            quotes_in(&record.article.id, &record.article.text, tagged, entities)
        })
        .collect();
    let embeddings = encoder.and_then(|encoder| embed_quotes(&found, encoder));
    merge(found, embeddings.as_deref())
}

/// The embeddings of the quotes' wordings, in one batch; `None` (logged) when the model
/// fails, and quotes merge by their words alone.
fn embed_quotes(found: &[Found], encoder: &dyn SentenceEncoder) -> Option<Vec<Vec<f32>>> {
    if found.len() < 2 {
        return None;
    }
    let texts: Vec<&str> = found.iter().map(|quote| quote.text.as_str()).collect();
    match encoder.encode(&texts) {
        Ok(vectors) if vectors.len() == texts.len() => Some(vectors),
        Ok(vectors) => {
            tracing::warn!(
                model = encoder.name(),
                "{} embeddings for {} quotes; quotes merge by their words",
                vectors.len(),
                texts.len()
            );
            None
        }
        Err(error) => {
            tracing::warn!(model = encoder.name(), %error, "quotes not embedded; they merge by their words");
            None
        }
    }
}

/// Words after which a name is an object, not a subject.
const PREPOSITIONS: &[&str] = &[
    "with",
    "to",
    "by",
    "for",
    "about",
    "against",
    "under",
    "from",
    "of",
    "at",
    "on",
    "in",
    "than",
    "like",
    "between",
    "toward",
    "towards",
    "without",
    "behind",
    "including",
];

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
    /// Reported speech (no quotation marks): the article's account of what was said.
    pub indirect: bool,
}

/// The quotes in `text` with their speakers, names found by `tagger`.
pub fn article_quotes(text: &str, tagger: &dyn Tagger) -> Vec<ArticleQuote> {
    quotes_of(text, &tag_text(text, tagger))
}

/// The quotes in `text`, whose words and names are `tagged`.
fn quotes_of(text: &str, tagged: &TaggedText<'_>) -> Vec<ArticleQuote> {
    let spans: Vec<(usize, usize)> = quote_spans(text);
    let inside_quote = |start: usize| {
        spans
            .iter()
            .any(|&(open, close)| open <= start && start < close)
    };
    // A name inside a quote is what someone said, never who said it. A place speaks only
    // for its government, right before a verb of saying ("Moscow announced").
    let speaks_next = |end: usize| {
        token_after(&tagged.tokens, end).is_some_and(|token| is_speech_verb(token.text))
    };
    let people: Vec<Named> = tagged
        .names
        .iter()
        .filter(|name| match name.kind {
            EntityKind::Person | EntityKind::Organization => true,
            EntityKind::Place => speaks_next(name.end),
            _ => false,
        })
        .filter(|name| !inside_quote(name.start))
        .map(|name| Named {
            start: name.start,
            end: name.end,
            name: text[name.start..name.end]
                .trim_end_matches("’s")
                .trim_end_matches("'s")
                .to_string(),
            person: name.kind == EntityKind::Person,
        })
        .filter(|named| can_speak(named, &tagged.tokens))
        .collect();
    let context = Attribution {
        text,
        tokens: &tagged.tokens,
        sentences: &tagged.sentences,
        people,
    };
    let mut previous: Option<Previous> = None;
    let mut quotes = Vec::new();
    for &(open, close) in &spans {
        if text[open..close].split_whitespace().count() < MIN_QUOTE_WORDS {
            continue;
        }
        let Some(speaker) = context.speaker(open, close, previous.as_ref()) else {
            continue;
        };
        previous = Some(Previous {
            close,
            speaker: speaker.clone(),
        });
        let inner = &text[open..close];
        let start = open + (inner.len() - inner.trim_start().len());
        let trimmed = inner.trim().trim_end_matches(',').trim_end();
        quotes.push(ArticleQuote {
            start,
            end: start + trimmed.len(),
            speaker,
            indirect: false,
        });
    }
    quotes.extend(context.reported_speech(&spans));
    quotes.sort_by_key(|quote| quote.start);
    quotes
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
                indirect: quote.indirect,
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
            // Scraped text mixes straight and curly marks ("…” and “…").
            (Some((start, '“' | '"')), '”' | '"') | (Some((start, '«')), '»') => {
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

/// The last quote's speaker, for the quotes and pronouns that follow it.
struct Previous {
    /// Where the quote closed.
    close: usize,
    speaker: String,
}

/// What finding a quote's speaker reads in one text: its words, sentences, and the people
/// and organisations named outside quotes.
struct Attribution<'t> {
    text: &'t str,
    tokens: &'t [Token<'t>],
    sentences: &'t [std::ops::Range<usize>],
    people: Vec<Named>,
}

impl Attribution<'_> {
    /// Reported speech in the sentences that hold no quotation mark: "According to
    /// Lavrov, …", "…, Putin said", "…, according to the ministry", "Sharaa said (that)
    /// …", "he told reporters that …". What was said runs from its first word to the last
    /// before the sentence's final mark, verbatim.
    fn reported_speech(&self, spans: &[(usize, usize)]) -> Vec<ArticleQuote> {
        let mut previous: Option<Previous> = None;
        let mut found = Vec::new();
        for range in self.sentences {
            let words = &self.tokens[range.clone()];
            let (Some(first), Some(last)) = (words.first(), words.last()) else {
                continue;
            };
            let quoted = spans
                .iter()
                .any(|&(open, close)| open < last.end && close > first.start);
            if quoted || self.text[first.start..last.end].contains(['"', '“', '”']) {
                continue;
            }
            let body = match words.split_last() {
                Some((mark, body)) if matches!(mark.text, "." | "!" | "?") => body,
                _ => words,
            };
            let reported = self
                .according_to(body)
                .or_else(|| self.trailing_attribution(body, previous.as_ref()))
                .or_else(|| self.leading_attribution(body, previous.as_ref()));
            let Some((content, speaker)) = reported else {
                continue;
            };
            let content = trim_punctuation(content);
            let words = content
                .iter()
                .filter(|token| token.text.chars().any(char::is_alphanumeric))
                .count();
            let (Some(first), Some(last)) = (content.first(), content.last()) else {
                continue;
            };
            if words < MIN_REPORTED_WORDS {
                continue;
            }
            previous = Some(Previous {
                close: last.end,
                speaker: speaker.clone(),
            });
            found.push(ArticleQuote {
                start: first.start,
                end: last.end,
                speaker,
                indirect: true,
            });
        }
        found
    }

    /// "According to Lavrov, …": the name after "according to", and what follows the comma.
    fn according_to<'s>(&self, body: &'s [Token<'s>]) -> Option<(&'s [Token<'s>], String)> {
        let [according, to, rest @ ..] = body else {
            return None;
        };
        if !according.text.eq_ignore_ascii_case("according") || to.text != "to" {
            return None;
        }
        let comma = rest
            .iter()
            .take(MAX_ATTRIBUTION_WORDS + 2)
            .position(|token| token.text == ",")?;
        let speaker = self.source_named(to.end, &rest[..comma])?;
        Some((&rest[comma + 1..], speaker))
    }

    /// "…, Putin said", "…, said the minister", "…, according to the ministry": what
    /// stands before the sentence's last comma, when a short attribution follows it.
    fn trailing_attribution<'s>(
        &self,
        body: &'s [Token<'s>],
        previous: Option<&Previous>,
    ) -> Option<(&'s [Token<'s>], String)> {
        let comma = body.iter().rposition(|token| token.text == ",")?;
        let tail = &body[comma + 1..];
        if tail.is_empty()
            || tail.len() > MAX_ATTRIBUTION_WORDS
            || CLAUSE_WORDS.contains(&tail[0].text.to_lowercase().as_str())
        {
            return None;
        }
        let according = tail.windows(2).position(|pair| {
            pair[0].text.eq_ignore_ascii_case("according") && pair[1].text == "to"
        });
        let speaker = match according {
            Some(at) => self.source_named(tail[at + 1].end, &tail[at + 2..])?,
            None if tail.iter().any(|token| is_speech_verb(token.text)) => {
                self.attributed_after(body[0].start, body[comma].start, previous)?
            }
            None => return None,
        };
        Some((&body[..comma], speaker))
    }

    /// "Sharaa said (that) …", "He told reporters that …", "The minister said on Tuesday
    /// that …", "Officials said …", "…, and said …", and the parenthetical "…, he said,
    /// …": a verb of saying after its subject (a name, a pronoun, a group, a description,
    /// or an apposition closed by a comma), and what follows the verb.
    fn leading_attribution<'s>(
        &self,
        body: &'s [Token<'s>],
        previous: Option<&Previous>,
    ) -> Option<(&'s [Token<'s>], String)> {
        let (verb, named_subject) = (1..body.len()).find_map(|verb| {
            if !is_reporting_verb(body[verb].text) {
                return None;
            }
            let subject = &body[verb - 1];
            let named = self
                .people
                .iter()
                .find(|named| named.end == subject.end)
                .map(|named| named.name.clone());
            let lower = subject.text.to_lowercase();
            let before: Vec<&Token<'_>> = body[..verb].iter().collect();
            let stands_in = is_pronoun(subject.text)
                || GROUPS.contains(&lower.as_str())
                || is_description(&before)
                || matches!(lower.as_str(), "," | "and");
            (named.is_some() || stands_in).then_some((verb, named))
        })?;
        let rest = &body[verb + 1..];
        let opens_statement = |words: &[Token<'_>]| {
            words.first().is_some_and(|token| {
                !NOT_STATEMENT_OPENERS.contains(&token.text.to_lowercase().as_str())
            })
        };
        let content = match rest.first().map(|token| token.text) {
            None | Some(":") => return None,
            // "…, he said, replacing Clinton would be …": what follows the parenthesis,
            // or, when a new clause follows it ("…, the institute said, and …"), what
            // stands before it.
            Some(",") if opens_statement(&rest[1..]) => &rest[1..],
            Some(",") => {
                let opening = body[..verb].iter().rposition(|token| token.text == ",")?;
                &body[..opening]
            }
            Some(_) => {
                // "that" opens what was said right after the verb, after a circumstance
                // ("said on Tuesday that") or after whom it was told ("told reporters
                // that"); elsewhere it is a relative ("said the ships that sailed …").
                let verb_word = body[verb].text.to_lowercase();
                let that = rest
                    .iter()
                    .take(MAX_WORDS_BEFORE_THAT)
                    .position(|token| token.text == "that")
                    .filter(|&at| {
                        at == 0
                            || TELL_VERBS.contains(&verb_word.as_str())
                            || CIRCUMSTANCE_OPENERS.contains(&rest[0].text.to_lowercase().as_str())
                    });
                match that {
                    Some(at) => &rest[at + 1..],
                    None if CLAUSE_VERBS.contains(&verb_word.as_str()) && opens_statement(rest) => {
                        rest
                    }
                    // "told reporters", "urged Congress to …", "promised funds", "said
                    // as rescuers searched": no statement follows.
                    None => return None,
                }
            }
        };
        let speaker = match named_subject {
            Some(name) => name,
            None => self.in_sentence(content.first()?.start, previous)?,
        };
        Some((without_trailing_attribution(content), speaker))
    }

    /// Who "according to" names: the first person or organisation named in `words`
    /// (which follow byte `start`), the person a pronoun stands for ("according to
    /// him"), else the words themselves ("police", "a new poll"); no one for hearsay
    /// ("according to reports").
    fn source_named(&self, start: usize, words: &[Token<'_>]) -> Option<String> {
        let (first, last) = (words.first()?, words.last()?);
        if let Some(named) = self
            .people
            .iter()
            .find(|named| named.start >= start && named.end <= last.end)
        {
            return Some(named.name.clone());
        }
        if let [pronoun] = words
            && is_pronoun(pronoun.text)
        {
            return self.antecedent(pronoun.start, None, Sex::of_pronoun(pronoun.text));
        }
        let written = &self.text[first.start..last.end];
        (!HEARSAY.contains(&written.to_lowercase().as_str())).then(|| written.to_string())
    }

    /// The speaker of the quote between byte offsets `open` and `close`.
    fn speaker(&self, open: usize, close: usize, previous: Option<&Previous>) -> Option<String> {
        self.attributed_after(open, close, previous)
            .or_else(|| self.introduced(open))
            .or_else(|| self.in_sentence(open, previous))
    }

    /// The attribution after the quote: ", Putin said", ", he noted", ", said the leader",
    /// or a signature ("“…” ― Sonya Herridge").
    fn attributed_after(
        &self,
        open: usize,
        close: usize,
        previous: Option<&Previous>,
    ) -> Option<String> {
        if let Some(signer) = self.signer(close) {
            return Some(signer);
        }
        let quoted = self.text[open..close].trim_end();
        // A quote that ends its sentence ("…president.”) is not attributed by what follows;
        // a question or exclamation may be, by a verb close after it ("…?” Vitter demanded).
        let reach = if quoted.ends_with('.') {
            return None;
        } else if quoted.ends_with(['?', '!']) {
            QUESTION_ATTRIBUTION_WORDS
        } else {
            MAX_ATTRIBUTION_WORDS
        };
        if let Some(apposed) = self.apposed(close) {
            return Some(apposed);
        }
        let after = self.words_after(close, reach);
        let after_end = after.last().map_or(close, |token| token.end);
        let named_after: Vec<&Named> = self
            .people
            .iter()
            .filter(|named| named.start > close && named.end <= after_end)
            .collect();
        let verb_at = after.iter().position(|token| is_speech_verb(token.text))?;
        let verb = after[verb_at];
        // "he said", "said she", "he told InsideSources": the pronoun is the speaker, not
        // a name after the verb.
        let pronoun_next_to_verb = [verb_at.checked_sub(1), Some(verb_at + 1)]
            .into_iter()
            .flatten()
            .filter_map(|at| after.get(at))
            .find(|token| matches!(token.text.to_lowercase().as_str(), "he" | "she" | "they"));
        if let Some(pronoun) = pronoun_next_to_verb {
            return self.antecedent(open, previous, Sex::of_pronoun(pronoun.text));
        }
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
        let stand_in = after
            .iter()
            .find(|token| is_pronoun(token.text) || token.text == "the")?;
        self.antecedent(open, previous, Sex::of_pronoun(stand_in.text))
    }

    /// "“…,” Scott Pruitt, the attorney general of Oklahoma, said": a person named right
    /// after the quote, with a verb of saying after a long apposition.
    fn apposed(&self, close: usize) -> Option<String> {
        let named = self
            .people
            .iter()
            .find(|named| named.start > close)
            .filter(|named| {
                named.person
                    && self.text[close..named.start]
                        .chars()
                        .all(|c| matches!(c, '”' | '"' | ',' | '’' | '\'') || c.is_whitespace())
            })?;
        self.words_after(close, MAX_APPOSITION_WORDS)
            .iter()
            .any(|token| is_speech_verb(token.text))
            .then(|| named.name.clone())
    }

    /// Up to `limit` words after byte `close`, to the end of the sentence or the next quote.
    fn words_after(&self, close: usize, limit: usize) -> Vec<&Token<'_>> {
        self.tokens
            .iter()
            .filter(|token| token.start > close)
            .take_while(|token| !matches!(token.text, "." | "“" | "\""))
            .take(limit)
            .collect()
    }

    /// "“…” ― Sonya Herridge": a dash and a name after the quote sign it.
    fn signer(&self, close: usize) -> Option<String> {
        let after = self.words_after(close, MAX_ATTRIBUTION_WORDS);
        let dash = after
            .iter()
            .find(|token| !matches!(token.text, "”" | "\"" | "," | "’"))
            .filter(|token| matches!(token.text, "―" | "—" | "–" | "-"))?;
        let end = after.last().map_or(close, |token| token.end);
        self.people
            .iter()
            .find(|named| named.start > dash.start && named.end <= end)
            .map(|named| named.name.clone())
    }

    /// "Caddell continued: “…”": the name before a colon that introduces the quote.
    fn introduced(&self, open: usize) -> Option<String> {
        let before_quote: Vec<&Token<'_>> = self
            .tokens
            .iter()
            .filter(|token| token.end <= open)
            .collect();
        let colon = before_quote
            .iter()
            .rev()
            .find(|token| !matches!(token.text, "“" | "\"" | "«"))
            .filter(|token| token.text == ":")?;
        let window_start = before_quote
            .iter()
            .rev()
            .nth(MAX_ATTRIBUTION_WORDS)
            .map_or(0, |token| token.start);
        self.people
            .iter()
            .rfind(|named| named.start >= window_start && named.end <= colon.start)
            .map(|named| named.name.clone())
    }

    /// In the quote's sentence, before it: the pronoun that says it ("She says … “…”"),
    /// the one who "stated", "told", "reported" (a person or an outlet), its first person,
    /// else a group ("Harbour officials"); for a quote standing alone, who spoke last.
    fn in_sentence(&self, open: usize, previous: Option<&Previous>) -> Option<String> {
        let sentence_start = self
            .sentence_at(open)
            .map_or(0, |index| self.tokens[self.sentences[index].start].start);
        let before: Vec<&Token<'_>> = self
            .tokens
            .iter()
            .filter(|token| token.start >= sentence_start && token.end <= open)
            .collect();
        // "She says …", "The president told …": a pronoun or a description before the
        // last verb of saying stands for its speaker.
        if let Some(verb) = before.iter().rposition(|token| is_speech_verb(token.text))
            && verb > 0
            && (is_pronoun(before[verb - 1].text) || is_description(&before[..verb]))
        {
            let subject = before[verb - 1];
            return self.antecedent(subject.start, previous, Sex::of_pronoun(subject.text));
        }
        let in_sentence: Vec<&Named> = self
            .people
            .iter()
            .filter(|named| named.start >= sentence_start && named.end <= open)
            .collect();
        let speaking = in_sentence.iter().find(|named| {
            token_after(self.tokens, named.end)
                .is_some_and(|token| is_speech_verb(token.text) || is_speech_participle(token.text))
        });
        let first_person = in_sentence.iter().find(|named| named.person);
        if let Some(named) = speaking.or(first_person).copied() {
            // "Harbour officials": a name before a group noun qualifies the group.
            let next = token_after(self.tokens, named.end);
            if let Some(group) =
                next.filter(|token| GROUPS.contains(&token.text.to_lowercase().as_str()))
            {
                return Some(self.text[named.start..group.end].to_string());
            }
            return Some(named.name.clone());
        }
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
            return Some(self.text[before[start].start..before[position].end].to_string());
        }
        let stands_alone = before
            .iter()
            .all(|token| !token.text.chars().any(char::is_alphanumeric));
        if stands_alone {
            return self.antecedent(open, previous, None);
        }
        None
    }

    /// Who a pronoun, a description or a quote standing alone at `offset` stands for: the
    /// last quote's speaker when no one has been named since (and it is at most
    /// [`MAX_ANTECEDENT_SENTENCES`] sentences back), else the first person named in the
    /// nearest sentence that names one (the subject, most often), else the last person named.
    /// A pronoun's `sex` ("he", "she") rules out people whose first name is the other's.
    fn antecedent(
        &self,
        offset: usize,
        previous: Option<&Previous>,
        sex: Option<Sex>,
    ) -> Option<String> {
        let agrees =
            |name: &str| sex.is_none() || self.sex_of(name).is_none_or(|known| Some(known) == sex);
        let here = self.sentence_at(offset)?;
        let first_sentence = here.saturating_sub(MAX_ANTECEDENT_SENTENCES);
        let earliest = self.tokens[self.sentences[first_sentence].start].start;
        if let Some(previous) = previous
            && previous.close >= earliest
            && agrees(&previous.speaker)
            && !self
                .people
                .iter()
                .any(|named| named.person && named.start > previous.close && named.end <= offset)
        {
            return Some(previous.speaker.clone());
        }
        for index in (first_sentence..=here).rev() {
            let range = &self.sentences[index];
            let start = self.tokens[range.start].start;
            let end = if index == here {
                offset
            } else {
                self.tokens[range.end - 1].end
            };
            let candidates = || {
                self.people.iter().filter(|named| {
                    named.person && named.start >= start && named.end <= end && agrees(&named.name)
                })
            };
            // The sentence's first person not named after a preposition ("with Rusty
            // Humphries"), else its first.
            let subject = candidates().find(|named| !self.after_preposition(named));
            if let Some(named) = subject.or_else(|| candidates().next()) {
                return Some(named.name.clone());
            }
        }
        self.people
            .iter()
            .rfind(|named| named.person && named.end <= offset && agrees(&named.name))
            .map(|named| named.name.clone())
    }

    /// Whether a preposition stands just before the name ("with Rusty Humphries", "under
    /// President Barack Obama"): not the sentence's subject.
    fn after_preposition(&self, named: &Named) -> bool {
        token_before(self.tokens, named.start)
            .is_some_and(|token| PREPOSITIONS.contains(&token.text.to_lowercase().as_str()))
    }

    /// The sex a person's first name tells, from the name itself or, for a surname alone,
    /// from the full name the text gives elsewhere ("Obama" after "Barack Obama").
    fn sex_of(&self, name: &str) -> Option<Sex> {
        let first_word = |name: &str| name.split_whitespace().next().and_then(first_name_sex);
        if name.contains(' ') {
            return first_word(name);
        }
        let surname = format!(" {name}");
        let mut sexes = self
            .people
            .iter()
            .filter(|other| other.person && other.name.ends_with(&surname))
            .map(|other| first_word(&other.name));
        // "Clinton" after "Bill Clinton" and "Hillary Clinton" could be either.
        match sexes.next() {
            Some(first) => sexes.all(|sex| sex == first).then_some(first).flatten(),
            None => first_name_sex(name),
        }
    }

    /// The index of the sentence holding byte `offset`.
    fn sentence_at(&self, offset: usize) -> Option<usize> {
        self.sentences.iter().position(|range| {
            let (first, last) = (&self.tokens[range.start], &self.tokens[range.end - 1]);
            first.start <= offset && offset <= last.end
        })
    }
}

/// Whether a name can be a speaker: not a party or nationality word ("Republican",
/// "African-Americans", "GOP"), and not one word after "in", "at", "on" or "from", where it is
/// a place the rules took for a person ("a press conference in Chelsea").
fn can_speak(named: &Named, tokens: &[Token<'_>]) -> bool {
    let name = named.name.as_str();
    let adjective = name
        .split([' ', '-'])
        .filter(|word| !word.is_empty())
        .all(|word| {
            let singular = word.trim_end_matches('s');
            is_demonym(word)
                || is_demonym(singular)
                || PARTY_WORDS.contains(&singular.to_lowercase().as_str())
        });
    let after_preposition = !name.contains(' ')
        && token_before(tokens, named.start)
            .is_some_and(|token| matches!(token.text, "in" | "at" | "on" | "from"));
    !adjective && !after_preposition
}

/// Whether a word is a verb of saying.
fn is_speech_verb(word: &str) -> bool {
    SPEECH_VERBS.contains(&word.to_lowercase().as_str())
}

/// Whether a word is a participle of saying ("asserting").
fn is_speech_participle(word: &str) -> bool {
    SPEECH_PARTICIPLES.contains(&word.to_lowercase().as_str())
}

/// Whether a word is a verb of saying that a subject stands before ("said", "told"), not
/// the "according" of "according to", which has readings of its own.
fn is_reporting_verb(word: &str) -> bool {
    is_speech_verb(word) && !word.eq_ignore_ascii_case("according")
}

/// Whether the words before a verb end in a description of a person: "the" and up to
/// two more words, the last in lower case ("The president", "the Indiana governor").
fn is_description(words: &[&Token<'_>]) -> bool {
    let Some(last) = words.last() else {
        return false;
    };
    let lower_noun = last.text.chars().all(char::is_lowercase) && last.text.len() > 2;
    lower_noun
        && words
            .iter()
            .rev()
            .take(3)
            .any(|token| token.text.eq_ignore_ascii_case("the"))
        && !words
            .iter()
            .rev()
            .take(3)
            .any(|token| GROUPS.contains(&token.text.to_lowercase().as_str()))
}

/// What was said without a second attribution closing it ("… had been recorded, the
/// mayor added").
fn without_trailing_attribution<'s>(content: &'s [Token<'s>]) -> &'s [Token<'s>] {
    let Some(comma) = content.iter().rposition(|token| token.text == ",") else {
        return content;
    };
    let tail = &content[comma + 1..];
    let attribution = tail.len() <= MAX_ATTRIBUTION_WORDS
        && tail.first().is_some_and(|token| {
            !NOT_STATEMENT_OPENERS.contains(&token.text.to_lowercase().as_str())
        })
        && tail.iter().any(|token| is_reporting_verb(token.text));
    if attribution {
        &content[..comma]
    } else {
        content
    }
}

/// The tokens without commas, dashes and colons at either end.
fn trim_punctuation<'s>(tokens: &'s [Token<'s>]) -> &'s [Token<'s>] {
    let is_mark = |token: &Token<'_>| matches!(token.text, "," | ";" | ":" | "-" | "—" | "–");
    let start = tokens
        .iter()
        .position(|token| !is_mark(token))
        .unwrap_or(tokens.len());
    let end = tokens
        .iter()
        .rposition(|token| !is_mark(token))
        .map_or(start, |at| at + 1);
    &tokens[start..end.max(start)]
}

/// The first token that starts at or after byte `offset` (tokens are in text order).
fn token_after<'t>(tokens: &'t [Token<'t>], offset: usize) -> Option<&'t Token<'t>> {
    tokens.get(tokens.partition_point(|token| token.start < offset))
}

/// The last token that ends at or before byte `offset` (tokens are in text order).
fn token_before<'t>(tokens: &'t [Token<'t>], offset: usize) -> Option<&'t Token<'t>> {
    let after = tokens.partition_point(|token| token.end <= offset);
    after.checked_sub(1).map(|index| &tokens[index])
}

/// Whether a word is a personal pronoun that can stand for a speaker.
fn is_pronoun(word: &str) -> bool {
    PRONOUNS.contains(&word.to_lowercase().as_str())
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

/// Whether two wordings (as content stems) are one statement: enough stems shared.
fn same_statement(a: &HashSet<String>, b: &HashSet<String>) -> bool {
    let shared = a.intersection(b).count();
    let smaller = a.len().min(b.len()).max(1);
    shared >= MIN_SHARED_STEMS && shared as f64 >= smaller as f64 * MIN_SHARED_SHARE
}

/// Whether `part` is a short partial quote too small for [`same_statement`] ("special
/// relationship": at least [`MIN_CONTAINED_STEMS`] stems) whose stems all stand in `whole`.
fn is_part_of(part: &HashSet<String>, whole: &HashSet<String>) -> bool {
    (MIN_CONTAINED_STEMS..MIN_SHARED_STEMS).contains(&part.len())
        && whole.len() > part.len()
        && part.is_subset(whole)
}

/// Whether two quotes have one speaker.
fn same_speaker(a: &Found, b: &Found) -> bool {
    match (&a.entity, &b.entity) {
        (Some(x), Some(y)) => x == y,
        _ => a.speaker == b.speaker,
    }
}

/// Merges one speaker's wordings of one statement: shared content stems, or (with
/// `embeddings`, one per quote) an embedding cosine of at least
/// [`MIN_QUOTE_EMBEDDING_COSINE`]. Then each short partial quote joins the one wording
/// that holds its words with the fewest others (only one, so a partial never links two
/// statements).
fn merge(found: Vec<Found>, embeddings: Option<&[Vec<f32>]>) -> Vec<Quote> {
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
            if !same_speaker(&found[a], &found[b]) {
                continue;
            }
            let close = embeddings.is_some_and(|vectors| {
                cosine(&vectors[a], &vectors[b]) >= MIN_QUOTE_EMBEDDING_COSINE
            });
            if close || same_statement(&stem_sets[a], &stem_sets[b]) {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[rb] = ra;
            }
        }
    }
    for part in 0..found.len() {
        let whole = (0..found.len())
            .filter(|&whole| whole != part && same_speaker(&found[part], &found[whole]))
            .filter(|&whole| is_part_of(&stem_sets[part], &stem_sets[whole]))
            .min_by_key(|&whole| (stem_sets[whole].len(), whole));
        if let Some(whole) = whole {
            let (ra, rb) = (root(&mut parent, whole), root(&mut parent, part));
            parent[rb] = ra;
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
                        indirect: quote.indirect,
                    });
                }
            }
            let first = &found[members[0]];
            // A quoted wording represents the statement before any reported one.
            let (text, indirect) = variants
                .iter()
                .max_by_key(|variant| (!variant.indirect, variant.text.len()))
                .map(|variant| (variant.text.clone(), variant.indirect))
                .unwrap_or_default();
            Quote {
                id: quote_id(&first.speaker, &text),
                speaker: Speaker {
                    entity: first.entity.clone(),
                    name: first.speaker.clone(),
                },
                text,
                variants,
                indirect,
            }
        })
        .collect();
    // Most reported first: by the articles that report it (one article may both quote
    // and paraphrase a statement).
    quotes.sort_by_cached_key(|quote| {
        let reach = quote
            .variants
            .iter()
            .map(|variant| &variant.article)
            .collect::<HashSet<_>>()
            .len();
        (std::cmp::Reverse(reach), quote.id.clone())
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

    pub(super) fn article(name: &str) -> ArticleId {
        ArticleId::derive(name, &parallax_core::ContentHash::of(name.as_bytes()))
    }

    /// (speaker, text) of the quotations in `text`, or of its reported speech.
    pub(super) fn found(text: &str, indirect: bool) -> Vec<(String, String)> {
        quotes_in(&article("a"), text, &tag_text(text, &RuleTagger), &[])
            .into_iter()
            .filter(|quote| quote.indirect == indirect)
            .map(|quote| (quote.speaker, quote.text))
            .collect()
    }

    /// (speaker, text) of the quotations in `text`.
    fn quotes(text: &str) -> Vec<(String, String)> {
        found(text, false)
    }

    pub(super) fn pair(speaker: &str, text: &str) -> (String, String) {
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
    fn pronouns_and_descriptions_stand_for_the_person_named_before() {
        assert_eq!(
            quotes(
                "Ana Sousa toured the harbour on Monday. She says Rui Mendes's plan is “a gift to the shipowners”."
            ),
            [pair("Ana Sousa", "a gift to the shipowners")],
            "the subject pronoun speaks, not the name after the verb"
        );
        assert_eq!(
            quotes(
                "Rui Mendes runs the port authority. “We check every ship by hand,” he told Portwatch."
            ),
            [pair("Rui Mendes", "We check every ship by hand")]
        );
        assert_eq!(
            quotes(
                "Mayor Rui Mendes opened the bridge. The mayor told Ana Sousa that it was “built to last a century”."
            ),
            [pair("Rui Mendes", "built to last a century")]
        );
    }

    #[test]
    fn a_pronoun_skips_people_of_the_other_sex() {
        assert_eq!(
            quotes(
                "Maria Lopes sat by the radio. Her husband Peter Lopes had left for the harbour. “He will be back by noon,” she said."
            ),
            [pair("Maria Lopes", "He will be back by noon")]
        );
    }

    #[test]
    fn a_short_partial_quote_is_part_of_the_wording_that_holds_it() {
        let partial = stems("special relationship");
        assert!(is_part_of(
            &partial,
            &stems("Over the past decades, our countries have built a special relationship")
        ));
        assert!(!is_part_of(
            &partial,
            &stems("Our relationship with the region is complicated")
        ));
        assert!(
            !is_part_of(
                &stems("historic"),
                &stems("a historic visit to the capital")
            ),
            "one word is too little to tell"
        );
    }

    #[test]
    fn a_partial_quote_joins_one_statement_never_two() {
        let quote = |text: &str| Found {
            article: article("a"),
            text: text.to_string(),
            speaker: "Ana Sousa".to_string(),
            entity: None,
            indirect: false,
        };
        let merged = merge(
            vec![
                quote("The special relationship with Lisbon will last for decades"),
                quote("special relationship"),
                quote("Our special relationship does not cover fishing quotas or harbour fees"),
            ],
            None,
        );
        assert_eq!(merged.len(), 2, "{merged:#?}");
        let with_partial: Vec<_> = merged
            .iter()
            .filter(|q| q.variants.iter().any(|v| v.text == "special relationship"))
            .collect();
        assert_eq!(with_partial.len(), 1);
        assert_eq!(with_partial[0].variants.len(), 2, "{merged:#?}");
    }

    #[test]
    fn a_participle_of_saying_and_a_place_for_its_government_speak() {
        assert_eq!(
            quotes(
                "Kerlow defended granting asylum to Ivo Marn, with Foreign Minister Dana Velk asserting that the family faced threats of “physical extermination.”"
            ),
            [pair("Dana Velk", "physical extermination.")]
        );
        assert_eq!(
            quotes(
                "Ivo Marn and his family fled to Kerlow, where Moscow announced it had granted them asylum “on humanitarian grounds.”"
            ),
            [pair("Moscow", "on humanitarian grounds.")]
        );
        assert!(
            quotes("Ivo Marn flew to Moscow, calling the trip “a new beginning for us.”")
                .iter()
                .all(|(speaker, _)| speaker != "Moscow"),
            "a place with no verb of saying after it speaks for no one"
        );
    }

    #[test]
    fn parties_nationalities_and_places_do_not_speak() {
        let speaks = |text: &str, name: &str| {
            let start = text.find(name).unwrap();
            let named = Named {
                start,
                end: start + name.len(),
                name: name.to_string(),
                person: true,
            };
            can_speak(&named, &crate::ner::tokenize(text))
        };
        let text =
            "At a press conference in Chelsea, Republicans and African-Americans met Ana Sousa.";
        assert!(!speaks(text, "Chelsea"), "one word after \"in\" is a place");
        assert!(!speaks(text, "Republicans"));
        assert!(!speaks(text, "African-Americans"));
        assert!(speaks(text, "Ana Sousa"));
        assert!(speaks("Chelsea Clinton spoke first.", "Chelsea Clinton"));
    }

    #[test]
    fn what_follows_a_finished_quote_does_not_attribute_it() {
        assert_eq!(
            quotes(
                "Ana Sousa opened the meeting. “The port stays closed today.” Rui Mendes said the ferries would wait."
            ),
            [pair("Ana Sousa", "The port stays closed today.")]
        );
        assert_eq!(
            quotes("“Why is this not proof enough?” Ana Sousa demanded."),
            [pair("Ana Sousa", "Why is this not proof enough?")],
            "a question is attributed by a verb close after it"
        );
        assert_eq!(
            quotes(
                "“It is an invasion of our domain,” Rui Mendes, the attorney general of the northern province, said on Monday."
            ),
            [pair("Rui Mendes", "It is an invasion of our domain")],
            "a long apposition between the name and the verb"
        );
    }

    #[test]
    fn names_inside_quotes_never_speak_and_mixed_marks_close_quotes() {
        assert_eq!(
            quotes("Ana Sousa arrived late. “Rui Mendes has the keys, not me.”"),
            [pair("Ana Sousa", "Rui Mendes has the keys, not me.")]
        );
        assert_eq!(
            quotes("\"The dam will hold all winter,” said Ana Sousa."),
            [pair("Ana Sousa", "The dam will hold all winter")]
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
                indirect: false,
            },
            Found {
                article: article("b"),
                text: "We are restoring these relations so there is independence for Aldoria, a sovereign Aldoria, and its security".into(),
                speaker: "Ana Sousa".into(),
                entity: Some("e-1".into()),
                indirect: false,
            },
            Found {
                article: article("b"),
                text: "The ferries will sail again from Monday morning".into(),
                speaker: "Ana Sousa".into(),
                entity: Some("e-1".into()),
                indirect: false,
            },
        ];
        let merged = merge(found, None);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].variants.len(), 2);
        assert_eq!(merged[0].speaker.entity.as_deref(), Some("e-1"));
        assert!(merged[0].id.starts_with("q-"));
    }

    #[test]
    fn a_pronoun_stands_for_the_subject_not_a_name_after_a_preposition() {
        let text = "In an interview with Rusty Humphries, Carlos Ramos made it clear he had \
                    doubts.\n\n“It was demoralizing to work there,” he told the host.";
        assert_eq!(
            quotes(text),
            [pair("Carlos Ramos", "It was demoralizing to work there")]
        );
    }
}

#[cfg(test)]
mod reported_tests {
    use super::*;

    use super::tests::{article, found, pair};

    /// (speaker, text) of the reported speech in `text`.
    fn reported(text: &str) -> Vec<(String, String)> {
        found(text, true)
    }

    #[test]
    fn a_subject_and_a_verb_of_saying_report_what_follows() {
        assert_eq!(
            reported("Mayor Rui Mendes said the harbour would reopen on Monday."),
            [pair("Rui Mendes", "the harbour would reopen on Monday")]
        );
        assert_eq!(
            reported("Ana Sousa told reporters on Friday that the talks had failed again."),
            [pair("Ana Sousa", "the talks had failed again")]
        );
        assert_eq!(
            reported("Ana Sousa visited Norhaven. She said that the bridge must be rebuilt soon."),
            [pair("Ana Sousa", "the bridge must be rebuilt soon")]
        );
        assert_eq!(
            reported("Harbour officials said the ships would sail at dawn."),
            [pair("Harbour officials", "the ships would sail at dawn")]
        );
    }

    #[test]
    fn attributions_after_or_around_the_statement_and_according_to() {
        assert_eq!(
            reported("The ferry will resume service next week, Rui Mendes said."),
            [pair(
                "Rui Mendes",
                "The ferry will resume service next week"
            )]
        );
        assert_eq!(
            reported("According to Ana Sousa, the budget doubles spending on railways."),
            [pair("Ana Sousa", "the budget doubles spending on railways")]
        );
        assert_eq!(
            reported("Fares will rise by a third, according to the port authority."),
            [pair("the port authority", "Fares will rise by a third")]
        );
        assert_eq!(
            reported(
                "Rui Mendes spoke. Though the storm passed, he said, the harbour stays shut for now."
            ),
            [pair("Rui Mendes", "the harbour stays shut for now")]
        );
    }

    #[test]
    fn no_report_without_a_speaker_or_a_statement() {
        // Hearsay, an object after "told", too few words, a quotation.
        assert!(
            reported("According to reports, the minister plays video games all day.").is_empty()
        );
        assert!(
            reported("Ana Sousa told the committee about her plans for the harbour.").is_empty()
        );
        assert!(reported("Rui Mendes said no.").is_empty());
        assert!(reported("Rui Mendes said “the harbour will reopen on Monday.”").is_empty());
        assert!(reported("The harbour reopened on Monday after a long winter.").is_empty());
        // Verbs that take an object, and circumstances after "said".
        assert!(
            reported("Minister Rui Mendes promised emergency funds for the rebuilding.").is_empty()
        );
        assert!(
            reported("Ana Sousa said as rescuers searched the collapsed buildings.").is_empty()
        );
    }

    #[test]
    fn a_parenthesis_before_a_new_clause_reports_what_precedes_it() {
        assert_eq!(
            reported(
                "The quake struck at dawn near the coast, Rui Mendes said, and aftershocks followed."
            ),
            [pair(
                "Rui Mendes",
                "The quake struck at dawn near the coast"
            )]
        );
    }

    #[test]
    fn a_quoted_wording_represents_a_statement_also_reported() {
        let wording = |name: &str, text: &str, indirect: bool| Found {
            article: article(name),
            text: text.into(),
            speaker: "Rui Mendes".into(),
            entity: None,
            indirect,
        };
        let merged = merge(
            vec![
                wording(
                    "a",
                    "the harbour of Velmora will reopen to ships on Monday morning",
                    true,
                ),
                wording("b", "Velmora harbour reopens Monday", false),
            ],
            None,
        );
        assert_eq!(merged.len(), 1, "{merged:#?}");
        assert_eq!(merged[0].text, "Velmora harbour reopens Monday");
        assert!(!merged[0].indirect);
        assert_eq!(
            merged[0]
                .variants
                .iter()
                .filter(|variant| variant.indirect)
                .count(),
            1
        );
    }
}
