//! Clustering: each new article joins the story about the same event, or founds one.
//!
//! Online: an article is placed once, against the stories open when it arrives, and
//! history is never re-clustered, so story ids stay stable. What it compares:
//! - **content words** weighted by `1 + ln(tf)` × inverse document frequency over a time
//!   window (`frequencies.rs`), title words counted double;
//! - **names and numbers** (capitalised words inside sentences, figures, dates), which tell
//!   two similar events apart (two title fights of one champion, two quakes in one region);
//! - **time**: beyond a grace period, each day between an article and a story raises the
//!   score it needs; stories quiet for longer than the window close.
//!
//! The score is `(1 − w)·cos(words) + w·cos(names)` against the story's centroid, idf
//! applied at comparison time. Candidate stories come from an inverted index over each
//! story's most telling words (`open.rs`), never from a scan. A story that turns out to be
//! two events **splits** (`split.rs`); two stories that turn out to be one **merge**, the
//! older keeping its id. Every decision carries its [`Membership`] explanation.
//!
//! Written here rather than taken from a crate: this is the product's core, and no crate
//! does online, time-aware story clustering with merges and splits.
//!
//! ```
//! use parallax_cluster::{ArticleFeatures, ClusterConfig, Clusterer};
//! use parallax_core::ArticleId;
//!
//! let mut clusterer = Clusterer::new(ClusterConfig::default());
//! let texts = [
//!     "A strong earthquake struck Velmora on Monday; rescuers in Velmora searched the rubble.",
//!     "Rescuers in Velmora searched the rubble after Monday's earthquake struck the town.",
//!     "Aldoria and Belmark signed a river water treaty in Norhaven after long talks.",
//! ];
//! let stories: Vec<_> = texts
//!     .iter()
//!     .enumerate()
//!     .map(|(i, text)| {
//!         let id = ArticleId::from_string(format!("a-{i}"));
//!         clusterer.assign(&id, &ArticleFeatures::from_text(None, text, None)).story
//!     })
//!     .collect();
//! assert_eq!(stories[0], stories[1]);
//! assert_ne!(stories[0], stories[2]);
//! ```

mod features;
mod frequencies;
mod open;
mod split;
mod story;
mod vector;

use std::collections::BTreeSet;

pub use features::ArticleFeatures;
pub use frequencies::{DayFrequencies, FrequencyChanges};
pub use story::{StateError, StoryState};
pub use vector::{Key, SparseVector};

use parallax_core::{ArticleId, Membership, StoryId};

use frequencies::{DAY, DocumentFrequencies};
use open::{OpenStories, Slot};
use story::MemberSketch;

/// How many words and names an explanation lists.
const EXPLAINED_TERMS: usize = 6;

/// What clustering computes with. The defaults were set on ECB+ topics 1–35 and hold
/// for any news stream; none is tuned per topic.
#[derive(Clone, Debug)]
pub struct ClusterConfig {
    /// Score at which an article joins a story.
    pub join_threshold: f32,
    /// Share of the score from names and numbers (the rest from content words).
    pub entity_weight: f32,
    /// Score between two stories' centroids at which they merge.
    pub merge_threshold: f32,
    /// A story splits when its halves' cross similarity is below this share of their
    /// inner similarity.
    pub split_ratio: f32,
    /// Neither half of a split may have fewer articles.
    pub min_split_part: usize,
    /// Stories with more articles are settled: they no longer split.
    pub max_splittable: usize,
    /// Stories with no article for this many days close.
    pub window_days: i64,
    /// Days between an article and a story that cost nothing.
    pub grace_days: f32,
    /// Score added to the threshold per day beyond the grace period.
    pub penalty_per_day: f32,
    /// Candidate stories scored per article.
    pub candidate_limit: usize,
    /// With an embedding model: the share of the score from the embedding cosine of the
    /// article's lead and the story's.
    pub embedding_weight: f32,
    /// Content-word cosine at which a story counts as related to its nearest story (a
    /// sibling event of the same topic)...
    pub related_threshold: f32,
    /// ...or, lower, when the two are each other's nearest.
    pub mutual_related_threshold: f32,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        Self {
            join_threshold: 0.2,
            entity_weight: 0.7,
            merge_threshold: 0.5,
            split_ratio: 0.6,
            min_split_part: 3,
            max_splittable: 64,
            window_days: 14,
            grace_days: 2.0,
            penalty_per_day: 0.02,
            candidate_limit: 32,
            related_threshold: 0.15,
            mutual_related_threshold: 0.05,
            embedding_weight: 0.3,
        }
    }
}

/// Where an article went, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    /// The story it is in after this step (after any split or merge it caused).
    pub story: StoryId,
    /// Whether it founded a story.
    pub founded: bool,
    /// Why.
    pub membership: Membership,
    /// Stories this step merged or split, for the store to move their articles.
    pub relocations: Vec<Relocation>,
}

/// Articles that changed story.
#[derive(Clone, Debug, PartialEq)]
pub enum Relocation {
    /// Every article of `from` joined `into`; `from` is now an alias of `into`.
    Merged {
        /// The younger story, now gone.
        from: StoryId,
        /// The older story, which keeps its id.
        into: StoryId,
    },
    /// `articles` left `from` for the new story `into`.
    Split {
        /// The story that split; it keeps its id and its founder.
        from: StoryId,
        /// The new story.
        into: StoryId,
        /// The articles that moved.
        articles: Vec<ArticleId>,
    },
}

/// What changed since the store last saved clustering state.
#[derive(Clone, Debug, Default)]
pub struct ClusterChanges {
    /// New or changed stories, oldest first.
    pub stories: Vec<StoryState>,
    /// Stories merged into others.
    pub removed: Vec<StoryId>,
    /// New document-frequency counts.
    pub frequencies: FrequencyChanges,
    /// The window's first day: counts of earlier days are no longer needed.
    pub forget_days_before: Option<i64>,
}

/// A candidate story with its score.
#[derive(Clone, Copy, Debug)]
struct Scored {
    slot: Slot,
    seq: u64,
    score: f32,
    threshold: f32,
    days_apart: Option<f32>,
}

impl Scored {
    fn passes(&self) -> bool {
        self.score >= self.threshold
    }
}

/// Assigns articles to stories, one at a time.
#[derive(Debug)]
pub struct Clusterer {
    config: ClusterConfig,
    frequencies: DocumentFrequencies,
    open: OpenStories,
    next_seq: u64,
    now: Option<i64>,
    /// Whether the clock has been set by a publication date: from then on, only
    /// publication dates move it (an undated file seen today must not close the stories
    /// of an archive from years ago).
    dated_clock: bool,
    dirty: BTreeSet<StoryId>,
    removed: Vec<StoryId>,
}

impl Clusterer {
    /// A clusterer with no stories.
    pub fn new(config: ClusterConfig) -> Self {
        Self::restore(config, Vec::new(), Vec::new())
    }

    /// A clusterer with the open stories and the window's frequencies the store kept.
    pub fn restore(
        config: ClusterConfig,
        stories: Vec<StoryState>,
        days: Vec<DayFrequencies>,
    ) -> Self {
        let frequencies = DocumentFrequencies::restore(days);
        let mut open = OpenStories::default();
        let mut next_seq = 0;
        let mut now = None;
        let mut dated_clock = false;
        let mut stories = stories;
        stories.sort_by_key(|story| story.seq);
        for mut story in stories {
            next_seq = next_seq.max(story.seq + 1);
            if let Some(last) = story.last_at() {
                now = Some(now.map_or(last, |n: i64| n.max(last)));
            }
            dated_clock |= story.span.is_some();
            story.refresh(&frequencies);
            open.insert(story, &frequencies);
        }
        Self {
            config,
            frequencies,
            open,
            next_seq,
            now,
            dated_clock,
            dirty: BTreeSet::new(),
            removed: Vec::new(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }

    /// How many stories are open.
    pub fn open_stories(&self) -> usize {
        self.open.len()
    }

    /// Bytes held by the open stories, their index and the frequencies (an estimate from
    /// the containers' sizes).
    pub fn memory_bytes(&self) -> usize {
        self.open.memory_bytes() + self.frequencies.vocabulary() * 40
    }

    /// The first Unix second inside the window that ends at `latest`: the store loads
    /// stories and frequencies from here on.
    pub fn window_start(&self, latest: i64) -> i64 {
        latest - self.config.window_days * DAY
    }

    /// Places the article `id` with `features`: joins the best open story at or above
    /// its threshold (the older on ties), or founds a story; then splits or merges what
    /// the new member shows to be two events or one.
    pub fn assign(&mut self, id: &ArticleId, features: &ArticleFeatures) -> Placement {
        self.advance_clock(features);
        let day = features.at().or(self.now).unwrap_or(0).div_euclid(DAY);
        let keys = features.terms.entries().iter().map(|&(key, _)| key);
        self.frequencies.observe(day, keys);

        let scored = self.score_candidates(features);
        let best = scored.iter().find(|candidate| candidate.passes()).copied();
        match best {
            Some(best) => self.join(id, features, best, &scored),
            None => self.found(id, features, scored.first().copied()),
        }
    }

    /// Moves the window's clock to the article's time: its publication date; or, while no
    /// article of the stream has been dated, when it was seen.
    fn advance_clock(&mut self, features: &ArticleFeatures) {
        let at = match features.published {
            Some(published) => {
                self.dated_clock = true;
                published
            }
            None if self.dated_clock => return,
            None => match features.seen {
                Some(seen) => seen,
                None => return,
            },
        };
        self.now = Some(self.now.map_or(at, |now| now.max(at)));
    }

    /// Candidates scored, best first (ties: older first).
    fn score_candidates(&self, features: &ArticleFeatures) -> Vec<Scored> {
        let idf = |key| self.frequencies.idf(key);
        let norms = (
            features.terms.norm_with(idf),
            features.entities.norm_with(idf),
        );
        let slots = self.open.candidates(
            &features.terms,
            self.config.candidate_limit,
            &self.frequencies,
        );
        let mut scored: Vec<Scored> = slots
            .into_iter()
            .filter_map(|slot| {
                let story = self.open.get(slot)?;
                let story_norms = self.fresh_norms(story);
                let lexical = self.similarity(
                    (&features.terms, &features.entities, norms),
                    (&story.terms, &story.entities, story_norms),
                );
                let score = self.with_embedding(
                    lexical,
                    features.embedding.as_deref(),
                    story.embedding.as_deref(),
                );
                let days_apart = days_apart(features.published, story.span);
                let late = days_apart.map_or(0.0, |days| (days - self.config.grace_days).max(0.0));
                Some(Scored {
                    slot,
                    seq: story.seq,
                    score,
                    threshold: self.config.join_threshold + late * self.config.penalty_per_day,
                    days_apart,
                })
            })
            .collect();
        scored.sort_by(|a, b| {
            b.passes()
                .cmp(&a.passes())
                .then(b.score.total_cmp(&a.score))
                .then(a.seq.cmp(&b.seq))
        });
        scored
    }

    /// Mixes the embedding cosine of `article` and `story` (a sum of unit vectors) into a
    /// lexical score, when both have embeddings.
    fn with_embedding(&self, lexical: f32, article: Option<&[f32]>, story: Option<&[f32]>) -> f32 {
        let (Some(article), Some(story)) = (article, story) else {
            return lexical;
        };
        let norm = story.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm == 0.0 || story.len() != article.len() {
            return lexical;
        }
        let cosine = parallax_core::embedding::cosine(article, story) / norm;
        let weight = self.config.embedding_weight;
        (1.0 - weight) * lexical + weight * cosine.max(0.0)
    }

    /// A story's idf-weighted norms under today's idf, which moves as articles arrive:
    /// recomputed when the window's article count has moved by more than 2 % since.
    fn fresh_norms(&self, story: &StoryState) -> (f32, f32) {
        let documents = self.frequencies.documents();
        if let Some((at, terms, entities)) = story.cached_norms.get()
            && documents.abs_diff(at) * 50 <= documents
        {
            return (terms, entities);
        }
        let idf = |key| self.frequencies.idf(key);
        let (terms, entities) = (story.terms.norm_with(idf), story.entities.norm_with(idf));
        story.cached_norms.set(Some((documents, terms, entities)));
        (terms, entities)
    }

    /// `(1 − w)·cos(words) + w·cos(names)`, idf-weighted; `norms` are the idf-weighted
    /// lengths of each side's vectors.
    fn similarity(
        &self,
        (a_terms, a_entities, a_norms): (&SparseVector, &SparseVector, (f32, f32)),
        (b_terms, b_entities, b_norms): (&SparseVector, &SparseVector, (f32, f32)),
    ) -> f32 {
        let idf = |key| self.frequencies.idf(key);
        let cosine = |a: &SparseVector, b: &SparseVector, na: f32, nb: f32| {
            if na == 0.0 || nb == 0.0 {
                0.0
            } else {
                a.dot_with(b, idf) / (na * nb)
            }
        };
        let words = cosine(a_terms, b_terms, a_norms.0, b_norms.0);
        let names = cosine(a_entities, b_entities, a_norms.1, b_norms.1);
        (1.0 - self.config.entity_weight) * words + self.config.entity_weight * names
    }

    fn join(
        &mut self,
        id: &ArticleId,
        features: &ArticleFeatures,
        best: Scored,
        scored: &[Scored],
    ) -> Placement {
        let mut membership = self.explain(features, &best);
        let sketch = MemberSketch::of(id, features, &self.frequencies);
        let max_splittable = self.config.max_splittable;
        let Some(story) = self.open.get_mut(best.slot) else {
            return self.found(id, features, None);
        };
        story.add_member(features, sketch, max_splittable, &self.frequencies);
        let mut story_id = story.id.clone();
        self.open.reindex(best.slot, &self.frequencies);
        self.dirty.insert(story_id.clone());

        let mut relocations = Vec::new();
        if let Some(split) = self.split(best.slot) {
            if let Relocation::Split { into, articles, .. } = &split
                && articles.contains(id)
            {
                story_id = into.clone();
            }
            relocations.push(split);
        } else if let Some(merge) = self.merge(best.slot, scored) {
            if let Relocation::Merged { into, .. } = &merge {
                story_id = into.clone();
            }
            relocations.push(merge);
        }
        membership.founded = false;
        Placement {
            story: story_id,
            founded: false,
            membership,
            relocations,
        }
    }

    fn found(
        &mut self,
        id: &ArticleId,
        features: &ArticleFeatures,
        nearest: Option<Scored>,
    ) -> Placement {
        let mut membership = match nearest {
            Some(nearest) => {
                let mut membership = self.explain(features, &nearest);
                membership.nearest = self.open.get(nearest.slot).map(|s| s.id.clone());
                membership
            }
            None => Membership {
                threshold: round(self.config.join_threshold),
                ..Membership::default()
            },
        };
        membership.founded = true;
        let story_id = StoryId::founded_by(id);
        let mut story = StoryState::new(story_id.clone(), self.next_seq);
        self.next_seq += 1;
        let sketch = MemberSketch::of(id, features, &self.frequencies);
        story.add_member(
            features,
            sketch,
            self.config.max_splittable,
            &self.frequencies,
        );
        self.open.insert(story, &self.frequencies);
        self.dirty.insert(story_id.clone());
        Placement {
            story: story_id,
            founded: true,
            membership,
            relocations: Vec::new(),
        }
    }

    /// Splits the story in `slot` when its members form two events; the half with the
    /// founder keeps the id.
    fn split(&mut self, slot: Slot) -> Option<Relocation> {
        let story = self.open.get(slot)?;
        if !story.splittable {
            return None;
        }
        let members = &story.members;
        let idf = |key| self.frequencies.idf(key);
        let norms: Vec<(f32, f32)> = members
            .iter()
            .map(|m| (m.terms.norm_with(idf), m.entities.norm_with(idf)))
            .collect();
        let (left, right) = split::bisect(
            members.len(),
            |i, j| {
                self.similarity(
                    (&members[i].terms, &members[i].entities, norms[i]),
                    (&members[j].terms, &members[j].entities, norms[j]),
                )
            },
            self.config.split_ratio,
            self.config.min_split_part,
        )?;
        let (keep, leave) = if left.contains(&0) {
            (left, right)
        } else {
            (right, left)
        };
        let story = self.open.remove(slot)?;
        let (parent, seq) = (story.id, story.seq);
        let mut members: Vec<Option<MemberSketch>> = story.members.into_iter().map(Some).collect();
        let take = |indexes: &[usize], members: &mut Vec<Option<MemberSketch>>| {
            indexes
                .iter()
                .filter_map(|&i| members[i].take())
                .collect::<Vec<_>>()
        };
        let kept = take(&keep, &mut members);
        let left_out = take(&leave, &mut members);
        let moved: Vec<ArticleId> = left_out.iter().map(|m| m.article.clone()).collect();
        let new_id = StoryId::split_from(&parent, moved.first()?);
        let kept_story = StoryState::from_members(parent.clone(), seq, kept, &self.frequencies);
        let new_story =
            StoryState::from_members(new_id.clone(), self.next_seq, left_out, &self.frequencies);
        self.next_seq += 1;
        self.open.insert(kept_story, &self.frequencies);
        self.open.insert(new_story, &self.frequencies);
        self.dirty.insert(new_id.clone());
        tracing::debug!(from = %parent, into = %new_id, moved = moved.len(), "story split");
        Some(Relocation::Split {
            from: parent,
            into: new_id,
            articles: moved,
        })
    }

    /// Merges the story in `slot` with the best other candidate the article also passed,
    /// when the two stories' centroids are alike enough; the older keeps its id.
    fn merge(&mut self, slot: Slot, scored: &[Scored]) -> Option<Relocation> {
        let other = scored
            .iter()
            .find(|candidate| candidate.slot != slot && candidate.passes())?;
        let (a, b) = (self.open.get(slot)?, self.open.get(other.slot)?);
        let score = self.similarity(
            (&a.terms, &a.entities, self.fresh_norms(a)),
            (&b.terms, &b.entities, self.fresh_norms(b)),
        );
        if score < self.config.merge_threshold {
            return None;
        }
        let (older, younger) = if a.seq <= b.seq {
            (slot, other.slot)
        } else {
            (other.slot, slot)
        };
        let absorbed = self.open.remove(younger)?;
        let from = absorbed.id.clone();
        let max_splittable = self.config.max_splittable;
        let target = self.open.get_mut(older)?;
        target.absorb(absorbed, max_splittable, &self.frequencies);
        let into = target.id.clone();
        self.open.reindex(older, &self.frequencies);
        self.dirty.remove(&from);
        self.dirty.insert(into.clone());
        self.removed.push(from.clone());
        tracing::debug!(%from, %into, score, "stories merged");
        Some(Relocation::Merged { from, into })
    }

    /// The explanation of a decision against `candidate`: its score, threshold, and the
    /// shared words and names that weighed most.
    fn explain(&self, features: &ArticleFeatures, candidate: &Scored) -> Membership {
        let Some(story) = self.open.get(candidate.slot) else {
            return Membership::default();
        };
        let idf = |key| self.frequencies.idf(key);
        let top = |a: &SparseVector, b: &SparseVector, labels: &vector::KeyMap<Key, String>| {
            let mut shared: Vec<(f32, &str)> = Vec::new();
            a.for_each_shared(b, |key, x, y| {
                if let Some(label) = labels.get(&key) {
                    shared.push((x * y * idf(key) * idf(key), label));
                }
            });
            shared.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(q.1)));
            shared
                .into_iter()
                .take(EXPLAINED_TERMS)
                .map(|(_, label)| label.to_string())
                .collect::<Vec<_>>()
        };
        Membership {
            founded: false,
            score: round(candidate.score),
            threshold: round(candidate.threshold),
            shared_terms: top(&features.terms, &story.terms, &features.term_labels),
            shared_entities: top(&features.entities, &story.entities, &features.entity_labels),
            days_apart: candidate.days_apart.map(round),
            nearest: None,
            moves: Vec::new(),
        }
    }

    /// The open story most like `story` by content words, when at least `threshold` alike,
    /// with its cosine: the story it is a sibling of (another event of the same topic).
    pub fn related(&self, story: &StoryId, threshold: f32) -> Option<(StoryId, f32)> {
        let slot = self.open.slot_of(story)?;
        let this = self.open.get(slot)?;
        let idf = |key| self.frequencies.idf(key);
        let this_norm = self.fresh_norms(this).0;
        let mut best: Option<(f32, u64, &StoryId)> = None;
        for other in
            self.open
                .candidates(&this.terms, self.config.candidate_limit, &self.frequencies)
        {
            if other == slot {
                continue;
            }
            let Some(candidate) = self.open.get(other) else {
                continue;
            };
            let norms = this_norm * self.fresh_norms(candidate).0;
            if norms == 0.0 {
                continue;
            }
            let score = this.terms.dot_with(&candidate.terms, idf) / norms;
            let better = best
                .is_none_or(|(top, seq, _)| score > top || (score == top && candidate.seq < seq));
            if score >= threshold && better {
                best = Some((score, candidate.seq, &candidate.id));
            }
        }
        best.map(|(score, _, id)| (id.clone(), score))
    }

    /// How many articles the open story `id` has.
    pub fn story_size(&self, id: &StoryId) -> Option<u32> {
        let slot = self.open.slot_of(id)?;
        self.open.get(slot).map(StoryState::articles)
    }

    /// Every open story's id, oldest first.
    pub fn story_ids(&self) -> Vec<StoryId> {
        self.open
            .slots_by_age()
            .into_iter()
            .filter_map(|slot| self.open.get(slot).map(|s| s.id.clone()))
            .collect()
    }

    /// What changed since the last call (for the store), then closes the stories that
    /// fell out of the window.
    pub fn take_changes(&mut self) -> ClusterChanges {
        let mut stories: Vec<StoryState> = std::mem::take(&mut self.dirty)
            .iter()
            .filter_map(|id| self.open.slot_of(id).and_then(|slot| self.open.get(slot)))
            .cloned()
            .collect();
        stories.sort_by_key(|story| story.seq);
        let removed = std::mem::take(&mut self.removed);
        let frequencies = self.frequencies.take_changes();
        ClusterChanges {
            stories,
            removed,
            frequencies,
            forget_days_before: self.close_stale(),
        }
    }

    /// Closes stories whose last article is older than the window and forgets the
    /// frequencies of days before it; returns that first day.
    fn close_stale(&mut self) -> Option<i64> {
        let start = self.window_start(self.now?);
        for slot in self.open.stale_slots(start) {
            self.open.remove(slot);
        }
        let first_day = start.div_euclid(DAY);
        self.frequencies.expire_before(first_day);
        Some(first_day)
    }
}

/// Days between a publication date and the nearest end of a story's span of publication
/// dates, when both are known.
fn days_apart(at: Option<i64>, span: Option<(i64, i64)>) -> Option<f32> {
    let (at, (first, last)) = (at?, span?);
    let seconds = if at < first {
        first - at
    } else if at > last {
        at - last
    } else {
        0
    };
    Some(seconds as f32 / DAY as f32)
}

/// A score as shown: three decimals.
fn round(value: f32) -> f64 {
    (f64::from(value) * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
