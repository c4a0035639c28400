//! Dedup and lineage: for each new article, whether it copies an earlier one, and which —
//! or whether an earlier one turns out to copy it.
//!
//! *Lineage* is the relation between a copy and its source: a **repost** is near-verbatim
//! (possibly trimmed, possibly wrapped in other chrome), a **rewrite** tells the same facts
//! and quotes in the same order in other words, a **translation** renders an article in
//! another language. Everything else is **original**. Telling a translation needs a
//! sentence-embedding model ([`Deduplicator::with_encoder`], `translation.rs`); without
//! one, an article in another language than the articles it could copy is **unknown**.
//!
//! Three steps:
//! 1. [`Fingerprinter`] turns a text into a [`Fingerprint`]: an exact hash and index keys
//!    (MinHash band keys over content words, and sampled sentence keys — see `minhash`).
//! 2. A [`FingerprintIndex`] (the store, or [`MemoryIndex`]) returns the exact source and the
//!    [`Candidate`]s sharing keys; the pipeline adds the story's recent members.
//! 3. [`Deduplicator::decide`] aligns the article with each candidate sentence by sentence,
//!    both ways, and decides the edge: which is the copy, of which kind, and the evidence.
//!    A rewrite keeps its source's quotes: two outlets reporting the same facts in the same
//!    order with quotes of their own are two originals.
//!
//! ```
//! use parallax_dedup::{DedupConfig, EarlierArticle};
//! use parallax_core::{Article, ArticleId, ContentHash, Lineage, LineageKind};
//!
//! let article = |origin: &str, text: &str| Article {
//!     id: ArticleId::derive(origin, &ContentHash::of(text.as_bytes())),
//!     origin: origin.into(), url: None, site: None, title: None, byline: None,
//!     published: None, language: Some("en".into()), text: text.into(), credits: vec![],
//!     fetched_at: time::OffsetDateTime::UNIX_EPOCH, syndication: None,
//! };
//! let source = article("wire.txt", "A strong earthquake struck the coastal town of Velmora on Wednesday. \
//!     Rescuers searched the rubble of collapsed homes through the night, the mayor said. \
//!     At least twelve people were killed and dozens more were injured.");
//! let copy = article("blog.txt", "A strong earthquake struck the coastal town of Velmora on Wednesday. \
//!     Rescuers searched the rubble of collapsed homes through the night, the mayor said.");
//! let dedup = DedupConfig::default().build();
//! let original = Lineage::original();
//! let decision = dedup.decide(&copy, None, &[EarlierArticle { article: &source, lineage: &original }]);
//! assert_eq!(decision.lineage.kind, LineageKind::Repost);
//! assert_eq!(decision.lineage.of, Some(source.id.clone()));
//! ```

mod alignment;
mod cache;
mod fingerprint;
mod index;
mod minhash;
mod translation;

pub use fingerprint::{Fingerprint, Fingerprinter};
pub use index::{
    Candidate, FingerprintIndex, MIN_CANDIDATE_SIMILARITY, MIN_SHARED_KEYS_WHEN_DISSIMILAR,
    MemoryIndex, rank_candidates,
};

use std::cmp::Ordering;
use std::sync::Arc;

use parallax_core::embedding::SentenceEncoder;
use parallax_core::{Article, ArticleId, Evidence, Lineage, LineageKind};
use rust_stemmers::Stemmer;

use crate::alignment::{Alignment, PreparedText, align, english_stemmer, keeps_quotes};
use crate::cache::ArticleCache;
use crate::translation::Embeddings;

/// At most this many aligned pairs are kept as an edge's evidence.
const MAX_EVIDENCE: usize = 50;
/// How many prepared (split and stemmed) texts are kept for reuse: a story's recent
/// members are aligned with every new member, and preparing is most of alignment's cost.
const PREPARED_CACHE_SIZE: usize = 4096;

/// What decides lineage.
#[derive(Clone, Debug)]
pub struct DedupConfig {
    /// A copy is a repost when at least this share of it is found word for word.
    pub repost_verbatim_coverage: f64,
    /// A copy is a rewrite when at least this share of it aligns with the source...
    pub rewrite_coverage: f64,
    /// ...with at least this share of the aligned sentences in the source's order...
    pub min_ordered_share: f64,
    /// ...and at least this many aligned sentences.
    pub min_aligned_sentences: usize,
    /// How many index candidates are aligned per article.
    pub candidate_limit: usize,
    /// With a model: a sentence matches another language's sentence when they are each
    /// other's nearest, at least at this embedding cosine...
    pub translation_similarity: f32,
    /// ...and this much above either one's next best match...
    pub translation_margin: f32,
    /// ...and a copy is a translation when at least this share of its sentences match
    /// (in order, and at least `min_aligned_sentences`).
    pub translation_coverage: f64,
}

impl Default for DedupConfig {
    fn default() -> Self {
        Self {
            repost_verbatim_coverage: 0.8,
            rewrite_coverage: 0.42,
            min_ordered_share: 0.7,
            min_aligned_sentences: 3,
            candidate_limit: 10,
            translation_similarity: 0.3,
            translation_margin: 0.1,
            translation_coverage: 0.6,
        }
    }
}

impl DedupConfig {
    /// The deduplicator this configuration describes.
    pub fn build(self) -> Deduplicator {
        Deduplicator {
            config: self,
            fingerprinter: Fingerprinter::default(),
            stemmer: english_stemmer(),
            prepared: ArticleCache::new(PREPARED_CACHE_SIZE),
            embeddings: None,
        }
    }
}

/// An earlier article a new one is compared with, and its current lineage.
#[derive(Clone, Copy, Debug)]
pub struct EarlierArticle<'a> {
    /// The article.
    pub article: &'a Article,
    /// Its lineage so far.
    pub lineage: &'a Lineage,
}

/// What dedup decided for a new article.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// The new article's lineage.
    pub lineage: Lineage,
    /// Earlier articles that turn out to copy the new one, with their new lineage.
    pub revised: Vec<(ArticleId, Lineage)>,
}

/// A copy relation found by alignment.
struct Edge {
    kind: LineageKind,
    similarity: f64,
    evidence: Vec<Evidence>,
}

/// What sentence embeddings say about an article in another language.
enum Translation {
    /// No model (or it failed): cannot tell.
    Unknown,
    /// Not a translation either way.
    No,
    /// The new article translates the other.
    Of(Edge),
    /// The other translates the new article.
    By(Edge),
}

impl Edge {
    /// The copy's lineage: this edge, to the source `of`.
    fn into_lineage(self, of: ArticleId) -> Lineage {
        Lineage {
            kind: self.kind,
            of: Some(of),
            similarity: self.similarity,
            evidence: self.evidence,
        }
    }
}

/// Decides lineage.
pub struct Deduplicator {
    config: DedupConfig,
    fingerprinter: Fingerprinter,
    stemmer: Stemmer,
    prepared: ArticleCache<PreparedText>,
    embeddings: Option<Embeddings>,
}

impl std::fmt::Debug for Deduplicator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deduplicator")
            .field("config", &self.config)
            .field("model", &self.embeddings.as_ref().map(Embeddings::name))
            .finish()
    }
}

impl Deduplicator {
    /// The same deduplicator, telling translations with `encoder`'s sentence embeddings.
    pub fn with_encoder(mut self, encoder: Arc<dyn SentenceEncoder>) -> Self {
        self.embeddings = Some(Embeddings::new(encoder));
        self
    }

    /// The fingerprint of `text`.
    pub fn fingerprint(&self, text: &str) -> Fingerprint {
        self.fingerprinter.fingerprint(text)
    }

    /// How many index candidates to align per article.
    pub fn candidate_limit(&self) -> usize {
        self.config.candidate_limit
    }

    /// The lineage of `article`, given the earliest article with exactly its text
    /// (`exact`) and the `earlier` articles it may copy or be copied by. A repost of a
    /// repost points at the first one's source: copies of one text share one root.
    pub fn decide(
        &self,
        article: &Article,
        exact: Option<EarlierArticle<'_>>,
        earlier: &[EarlierArticle<'_>],
    ) -> Decision {
        if let Some(source) = exact {
            return Decision {
                lineage: Lineage {
                    kind: LineageKind::Repost,
                    of: Some(repost_root(source)),
                    similarity: 1.0,
                    evidence: Vec::new(),
                },
                revised: Vec::new(),
            };
        }
        let prepared = self.prepare(article);
        let mut best: Option<(Edge, EarlierArticle<'_>)> = None;
        let mut revised = Vec::new();
        let mut other_language = false;
        for candidate in earlier.iter().filter(|c| c.article.id != article.id) {
            if !same_language(article, candidate.article) {
                match self.translation(article, candidate.article) {
                    Translation::Unknown => other_language = true,
                    Translation::No => {}
                    Translation::Of(edge) if is_better(&edge, candidate.article, best.as_ref()) => {
                        best = Some((edge, *candidate));
                    }
                    Translation::Of(_) => {}
                    Translation::By(edge) if is_revisable(candidate.lineage) => {
                        revised.push((
                            candidate.article.id.clone(),
                            edge.into_lineage(article.id.clone()),
                        ));
                    }
                    Translation::By(_) => {}
                }
                continue;
            }
            let source = self.prepare(candidate.article);
            let forward = self.edge(&align(&prepared, &source), &prepared, &source);
            let backward = self.edge(&align(&source, &prepared), &source, &prepared);
            let verbatim = [&forward, &backward].iter().any(|edge| {
                edge.as_ref()
                    .is_some_and(|edge| edge.kind == LineageKind::Repost)
            });
            let new_is_source =
                is_source_of(article, &prepared, candidate.article, &source, verbatim);
            match (forward, backward) {
                (Some(edge), _)
                    if !new_is_source && is_better(&edge, candidate.article, best.as_ref()) =>
                {
                    best = Some((edge, *candidate));
                }
                (_, Some(edge)) if new_is_source && is_revisable(candidate.lineage) => {
                    revised.push((
                        candidate.article.id.clone(),
                        edge.into_lineage(article.id.clone()),
                    ));
                }
                _ => {}
            }
        }
        let lineage = match best {
            Some((edge, source)) => {
                let of = if edge.kind == LineageKind::Repost {
                    repost_root(source)
                } else {
                    source.article.id.clone()
                };
                edge.into_lineage(of)
            }
            None if article.syndication.is_some() => Lineage::without_source(LineageKind::Repost),
            None if other_language => Lineage::without_source(LineageKind::Unknown),
            None => Lineage::original(),
        };
        let ancestors = ancestors(lineage.of.as_ref(), earlier);
        revised.retain(|(id, _)| !ancestors.contains(id));
        Decision { lineage, revised }
    }

    /// Whether `article` translates `other` or is translated by it (the earlier published
    /// is the source; undated, the one stored first).
    fn translation(&self, article: &Article, other: &Article) -> Translation {
        let Some(embeddings) = &self.embeddings else {
            return Translation::Unknown;
        };
        let (Some(new), Some(old)) = (embeddings.of(article), embeddings.of(other)) else {
            return Translation::Unknown;
        };
        let new_is_source = matches!(
            (article.published, other.published),
            (Some(a), Some(b)) if a < b
        );
        let (copy, source) = if new_is_source {
            (&old, &new)
        } else {
            (&new, &old)
        };
        let alignment = translation::align(
            copy,
            source,
            self.config.translation_similarity,
            self.config.translation_margin,
        );
        let is_translation = alignment.coverage >= self.config.translation_coverage
            && alignment.ordered_share >= self.config.min_ordered_share
            && alignment.matches.len() >= self.config.min_aligned_sentences;
        if !is_translation {
            return Translation::No;
        }
        let mut matches = alignment.matches.clone();
        matches.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.copy.cmp(&b.copy)));
        let edge = Edge {
            kind: LineageKind::Translation,
            similarity: (alignment.coverage * 1000.0).round() / 1000.0,
            evidence: matches
                .into_iter()
                .take(MAX_EVIDENCE)
                .map(|m| Evidence {
                    sentence: copy.sentences[m.copy].clone(),
                    source_sentence: source.sentences[m.source].clone(),
                    score: (f64::from(m.score) * 1000.0).round() / 1000.0,
                })
                .collect(),
        };
        if new_is_source {
            Translation::By(edge)
        } else {
            Translation::Of(edge)
        }
    }

    /// `article`'s text split and stemmed, from the cache when it was prepared before.
    fn prepare(&self, article: &Article) -> Arc<PreparedText> {
        self.prepared
            .get_or_insert(&article.id, || {
                Some(PreparedText::new(&article.text, &self.stemmer))
            })
            .unwrap_or_else(|| Arc::new(PreparedText::new(&article.text, &self.stemmer)))
    }

    /// The copy edge an alignment shows, if any.
    fn edge(
        &self,
        alignment: &Alignment,
        copy: &PreparedText,
        source: &PreparedText,
    ) -> Option<Edge> {
        let config = &self.config;
        let aligned = alignment.pairs.len();
        let ordered = alignment.ordered_share >= config.min_ordered_share;
        let (kind, similarity) = if alignment.verbatim_coverage >= config.repost_verbatim_coverage
            && ordered
            && aligned >= 2
        {
            (LineageKind::Repost, alignment.verbatim_coverage)
        } else if alignment.coverage >= config.rewrite_coverage
            && ordered
            && aligned >= config.min_aligned_sentences
            && keeps_quotes(copy, source)
        {
            (LineageKind::Rewrite, alignment.coverage)
        } else {
            return None;
        };
        let mut pairs = alignment.pairs.clone();
        pairs.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.copy.cmp(&b.copy)));
        let evidence = pairs
            .into_iter()
            .take(MAX_EVIDENCE)
            .map(|pair| Evidence {
                sentence: copy.sentence(pair.copy).to_string(),
                source_sentence: source.sentence(pair.source).to_string(),
                score: (pair.score * 1000.0).round() / 1000.0,
            })
            .collect();
        Some(Edge {
            kind,
            similarity: (similarity * 1000.0).round() / 1000.0,
            evidence,
        })
    }
}

/// The articles `source` copies, directly or through its own sources, as far as `earlier`
/// knows them (`source` included). An earlier article on that chain must not be revised
/// to copy the new article: that would close a loop (X copies Z copies Y copies X) and
/// leave the story without an original.
fn ancestors(source: Option<&ArticleId>, earlier: &[EarlierArticle<'_>]) -> Vec<ArticleId> {
    let mut chain: Vec<ArticleId> = Vec::new();
    let mut next = source.cloned();
    while let Some(id) = next.take() {
        if chain.contains(&id) {
            break;
        }
        next = earlier
            .iter()
            .find(|candidate| candidate.article.id == id)
            .and_then(|candidate| candidate.lineage.of.clone());
        chain.push(id);
    }
    chain
}

/// The article a repost ultimately reposts: the source's own source when the source is a
/// repost of a known article, else the source.
fn repost_root(source: EarlierArticle<'_>) -> ArticleId {
    match (&source.lineage.kind, &source.lineage.of) {
        (LineageKind::Repost, Some(root)) => root.clone(),
        _ => source.article.id.clone(),
    }
}

fn same_language(a: &Article, b: &Article) -> bool {
    match (&a.language, &b.language) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// Whether, when two articles may copy one another, the new one is the source. For
/// near-verbatim copies, the one without a repost signal ("Source link") is the source
/// when only one has one (a repost that names its source copies this text; a rewrite of
/// the same text is another matter). Then the earlier published when both are dated, else
/// the longer text.
fn is_source_of(
    new: &Article,
    new_text: &PreparedText,
    old: &Article,
    old_text: &PreparedText,
    verbatim: bool,
) -> bool {
    if verbatim {
        match (new.syndication.is_some(), old.syndication.is_some()) {
            (false, true) => return true,
            (true, false) => return false,
            _ => {}
        }
    }
    match (new.published, old.published) {
        (Some(new_date), Some(old_date)) if new_date != old_date => new_date < old_date,
        _ => new_text.len() > old_text.len(),
    }
}

/// Whether an earlier article's lineage may be replaced by "copy of a later arrival":
/// only when it was not already found to copy a stored article.
fn is_revisable(lineage: &Lineage) -> bool {
    lineage.of.is_none()
}

/// Whether `edge` to `source` beats the best edge so far.
fn is_better(edge: &Edge, source: &Article, best: Option<&(Edge, EarlierArticle<'_>)>) -> bool {
    best.is_none_or(|(top, top_source)| {
        rank(edge, source, top, top_source.article) == Ordering::Greater
    })
}

/// Orders edges: reposts over rewrites, then higher similarity, then the earlier source.
fn rank(edge: &Edge, source: &Article, other: &Edge, other_source: &Article) -> Ordering {
    let kind_rank = |kind: LineageKind| u8::from(kind == LineageKind::Repost);
    kind_rank(edge.kind)
        .cmp(&kind_rank(other.kind))
        .then(edge.similarity.total_cmp(&other.similarity))
        .then_with(|| match (source.published, other_source.published) {
            (Some(a), Some(b)) => b.cmp(&a),
            _ => Ordering::Equal,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_of_sources_is_followed_and_stops_at_a_loop() {
        let copy_of = |other: &Article| Lineage {
            kind: LineageKind::Rewrite,
            of: Some(other.id.clone()),
            similarity: 0.5,
            evidence: Vec::new(),
        };
        let (x, y, z) = (article("x", "X."), article("y", "Y."), article("z", "Z."));
        let (x_lineage, y_lineage, z_lineage) = (Lineage::original(), copy_of(&x), copy_of(&y));
        let earlier = [
            EarlierArticle {
                article: &x,
                lineage: &x_lineage,
            },
            EarlierArticle {
                article: &y,
                lineage: &y_lineage,
            },
            EarlierArticle {
                article: &z,
                lineage: &z_lineage,
            },
        ];
        // A new article copying z has z, y and x upstream: none may be revised to copy it.
        let chain = ancestors(Some(&z.id), &earlier);
        assert_eq!(chain, [z.id.clone(), y.id.clone(), x.id.clone()]);
        assert!(ancestors(None, &earlier).is_empty());
        // A loop already in the data (x copies z) ends the walk.
        let looped = copy_of(&z);
        let earlier = [
            EarlierArticle {
                article: &x,
                lineage: &looped,
            },
            earlier[1],
            earlier[2],
        ];
        assert_eq!(ancestors(Some(&z.id), &earlier).len(), 3);
    }
    use parallax_core::ContentHash;

    const WIRE: &str = "A strong earthquake struck the coastal town of Velmora early on Wednesday, officials said.\n\n\
        Rescuers searched the rubble of collapsed homes through the night, the mayor Ines Carvalho said.\n\n\
        “We are doing everything we can to reach the people still trapped,” Carvalho told reporters.\n\n\
        At least twelve people were killed and dozens more were injured in the quake.\n\n\
        The regional government sent soldiers and heavy equipment to help with the search.\n\n\
        Aftershocks continued to rattle the town into the afternoon, the seismology institute said.";

    fn article(origin: &str, text: &str) -> Article {
        Article {
            id: ArticleId::derive(origin, &ContentHash::of(text.as_bytes())),
            origin: origin.to_string(),
            url: None,
            site: None,
            title: None,
            byline: None,
            published: None,
            language: Some("en".to_string()),
            text: text.to_string(),
            credits: Vec::new(),
            fetched_at: time::OffsetDateTime::UNIX_EPOCH,
            syndication: None,
        }
    }

    fn decide(new: &Article, earlier: &[&Article]) -> Decision {
        let original = Lineage::original();
        let earlier: Vec<EarlierArticle<'_>> = earlier
            .iter()
            .map(|article| EarlierArticle {
                article,
                lineage: &original,
            })
            .collect();
        DedupConfig::default().build().decide(new, None, &earlier)
    }

    #[test]
    fn a_trimmed_repost_in_other_chrome_is_a_repost() {
        let wire = article("wire.txt", WIRE);
        let trimmed: String = WIRE.split("\n\n").take(3).collect::<Vec<_>>().join("\n\n");
        let copy = article("blog.txt", &format!("{trimmed}\n\nShare this article"));
        let decision = decide(&copy, &[&wire]);
        assert_eq!(decision.lineage.kind, LineageKind::Repost);
        assert_eq!(decision.lineage.of, Some(wire.id.clone()));
        assert!(decision.lineage.similarity >= 0.99);
        assert!(!decision.lineage.evidence.is_empty());
        assert!(decision.revised.is_empty());
    }

    #[test]
    fn a_rewording_in_the_same_order_is_a_rewrite() {
        let wire = article("wire.txt", WIRE);
        let rewrite = article(
            "rewrite.txt",
            "Officials said a powerful earthquake hit the coastal town of Velmora early Wednesday.\n\n\
             Through the night rescuers searched rubble of collapsed homes, according to mayor Ines Carvalho.\n\n\
             Twelve people at least were killed, and dozens were injured by the quake.\n\n\
             Soldiers and heavy equipment were sent by the regional government to help search.",
        );
        let decision = decide(&rewrite, &[&wire]);
        assert_eq!(decision.lineage.kind, LineageKind::Rewrite, "{decision:?}");
        assert_eq!(decision.lineage.of, Some(wire.id.clone()));
        for evidence in &decision.lineage.evidence {
            assert!(rewrite.text.contains(&evidence.sentence));
            assert!(wire.text.contains(&evidence.source_sentence));
        }
    }

    #[test]
    fn the_same_facts_in_order_with_quotes_of_their_own_are_not_a_rewrite() {
        let wire = article("wire.txt", WIRE);
        let own_quotes = article(
            "own.txt",
            "Officials said a powerful earthquake hit the coastal town of Velmora early Wednesday.\n\n\
             Through the night rescuers searched rubble of collapsed homes, according to mayor Ines Carvalho.\n\n\
             “Nobody in this town will sleep until the last family is found,” a firefighter told our reporter.\n\n\
             Twelve people at least were killed, and dozens were injured by the quake.\n\n\
             Soldiers and heavy equipment were sent by the regional government to help search.",
        );
        assert_eq!(decide(&own_quotes, &[&wire]).lineage, Lineage::original());
    }

    #[test]
    fn two_originals_sharing_a_quote_are_not_copies() {
        let wire = article("wire.txt", WIRE);
        let other = article(
            "local.txt",
            "Families in the hills above Velmora spent the night outdoors, afraid to go back inside.\n\n\
             “We are doing everything we can to reach the people still trapped,” Carvalho told reporters.\n\n\
             Shopkeepers on the harbour front swept glass from their doorsteps on Thursday morning.\n\n\
             Schools will stay closed until engineers have inspected every building, the council said.",
        );
        assert_eq!(decide(&other, &[&wire]).lineage, Lineage::original());
        assert_eq!(decide(&wire, &[&other]).lineage, Lineage::original());
    }

    #[test]
    fn an_earlier_shorter_copy_is_revised_when_its_source_arrives() {
        let trimmed: String = WIRE.split("\n\n").take(4).collect::<Vec<_>>().join("\n\n");
        let copy = article("early-copy.txt", &trimmed);
        let wire = article("wire.txt", WIRE);
        let decision = decide(&wire, &[&copy]);
        assert_eq!(decision.lineage, Lineage::original());
        assert_eq!(decision.revised.len(), 1);
        let (revised, lineage) = &decision.revised[0];
        assert_eq!(revised, &copy.id);
        assert_eq!(
            (lineage.kind, lineage.of.as_ref()),
            (LineageKind::Repost, Some(&wire.id))
        );
    }

    #[test]
    fn dates_decide_which_is_the_source() {
        let mut copy = article("copy.txt", WIRE);
        copy.text.push_str(
            "\n\nThe town's football match on Saturday has been postponed, the club said.",
        );
        let mut wire = article("wire.txt", WIRE);
        copy.published = time::OffsetDateTime::UNIX_EPOCH.checked_add(time::Duration::hours(5));
        wire.published = time::OffsetDateTime::UNIX_EPOCH.checked_add(time::Duration::hours(1));
        // The longer text arrives first but was published later: it copies the wire.
        let decision = decide(&wire, &[&copy]);
        assert_eq!(decision.lineage, Lineage::original());
        assert_eq!(decision.revised[0].1.of, Some(wire.id.clone()));
    }

    #[test]
    fn syndication_signals_and_other_languages_are_said_honestly() {
        let mut reposted = article("blog.txt", WIRE);
        reposted.syndication = Some("Source link".to_string());
        let unrelated = article(
            "other.txt",
            "Ministers from Aldoria and Belmark signed the Ostra river treaty in Norhaven on Tuesday.",
        );
        let decision = decide(&reposted, &[&unrelated]);
        assert_eq!(
            decision.lineage,
            Lineage::without_source(LineageKind::Repost)
        );
        let mut russian = article(
            "ru.txt",
            "Сильное землетрясение произошло в прибрежном городе Велмора в среду.",
        );
        russian.language = Some("ru".to_string());
        let wire = article("wire.txt", WIRE);
        assert_eq!(
            decide(&russian, &[&wire]).lineage,
            Lineage::without_source(LineageKind::Unknown)
        );
    }

    #[test]
    fn exact_copies_are_reposts_of_the_earliest() {
        let root = article("wire.txt", WIRE);
        let first_copy = article("first.txt", WIRE);
        let copy = article("copy.txt", WIRE);
        let dedup = DedupConfig::default().build();
        let original = Lineage::original();
        let exact = EarlierArticle {
            article: &root,
            lineage: &original,
        };
        let decision = dedup.decide(&first_copy, Some(exact), &[]);
        assert_eq!(decision.lineage.kind, LineageKind::Repost);
        assert_eq!(decision.lineage.of, Some(root.id.clone()));
        assert_eq!(decision.lineage.similarity, 1.0);
        let reposted = EarlierArticle {
            article: &first_copy,
            lineage: &decision.lineage,
        };
        let again = dedup.decide(&copy, Some(reposted), &[]);
        assert_eq!(
            again.lineage.of,
            Some(root.id.clone()),
            "a repost of a repost points at its root"
        );
    }
}
