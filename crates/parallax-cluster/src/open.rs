//! The open stories: those inside the time window, in memory, with an inverted index from
//! each story's most telling words to the story, so an article is compared with the few
//! stories that share its rarest words instead of with every story.

use std::cell::RefCell;
use std::collections::HashMap;

use parallax_core::StoryId;

use crate::frequencies::DocumentFrequencies;
use crate::story::StoryState;
use crate::vector::{Key, KeyMap, SparseVector};

/// Each story is indexed under this many of its words (by weight × idf).
const POSTED_KEYS: usize = 48;
/// An article looks stories up by this many of its words: the most telling of those that
/// some other article in the window uses too (a word only this article uses finds nothing).
const QUERY_KEYS: usize = 32;
/// Words indexed for more stories than this are too common to narrow the search.
const MAX_POSTINGS: usize = 2_000;

/// Where an open story lives.
pub(crate) type Slot = u32;

/// The open stories and their index.
#[derive(Debug, Default)]
pub(crate) struct OpenStories {
    slots: Vec<Option<StoryState>>,
    posted: Vec<Vec<Key>>,
    free: Vec<Slot>,
    by_id: HashMap<StoryId, Slot>,
    postings: KeyMap<Key, Vec<Slot>>,
    /// Per slot, the story's founding order (for tie-breaks without a lookup).
    seqs: Vec<u64>,
    /// Scratch for candidate scoring: an accumulator per slot and the slots touched.
    scratch: RefCell<(Vec<f32>, Vec<Slot>)>,
}

impl OpenStories {
    /// How many stories are open.
    pub(crate) fn len(&self) -> usize {
        self.by_id.len()
    }

    pub(crate) fn slot_of(&self, id: &StoryId) -> Option<Slot> {
        self.by_id.get(id).copied()
    }

    pub(crate) fn get(&self, slot: Slot) -> Option<&StoryState> {
        self.slots.get(slot as usize).and_then(Option::as_ref)
    }

    pub(crate) fn get_mut(&mut self, slot: Slot) -> Option<&mut StoryState> {
        self.slots.get_mut(slot as usize).and_then(Option::as_mut)
    }

    /// Opens `story` and indexes it.
    pub(crate) fn insert(&mut self, story: StoryState, frequencies: &DocumentFrequencies) -> Slot {
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.slots.push(None);
                self.posted.push(Vec::new());
                self.seqs.push(0);
                (self.slots.len() - 1) as Slot
            }
        };
        self.seqs[slot as usize] = story.seq;
        self.by_id.insert(story.id.clone(), slot);
        self.slots[slot as usize] = Some(story);
        self.reindex(slot, frequencies);
        slot
    }

    /// Closes the story in `slot` and returns it.
    pub(crate) fn remove(&mut self, slot: Slot) -> Option<StoryState> {
        let story = self.slots.get_mut(slot as usize)?.take()?;
        for key in std::mem::take(&mut self.posted[slot as usize]) {
            self.unpost(key, slot);
        }
        self.by_id.remove(&story.id);
        self.free.push(slot);
        Some(story)
    }

    /// Re-indexes the story in `slot` after its centroid changed.
    pub(crate) fn reindex(&mut self, slot: Slot, frequencies: &DocumentFrequencies) {
        let Some(story) = self.get(slot) else {
            return;
        };
        let mut keys = story
            .terms
            .top_keys(POSTED_KEYS, |key| frequencies.idf(key));
        keys.sort_unstable();
        let old = std::mem::take(&mut self.posted[slot as usize]);
        for key in &old {
            if keys.binary_search(key).is_err() {
                self.unpost(*key, slot);
            }
        }
        for key in &keys {
            if old.binary_search(key).is_err() {
                self.postings.entry(*key).or_default().push(slot);
            }
        }
        self.posted[slot as usize] = keys;
    }

    fn unpost(&mut self, key: Key, slot: Slot) {
        if let Some(list) = self.postings.get_mut(&key) {
            if let Some(index) = list.iter().position(|&s| s == slot) {
                list.swap_remove(index);
            }
            if list.is_empty() {
                self.postings.remove(&key);
            }
        }
    }

    /// Up to `limit` open stories sharing the most telling words of `terms`, best first
    /// (ties: the older story first).
    pub(crate) fn candidates(
        &self,
        terms: &SparseVector,
        limit: usize,
        frequencies: &DocumentFrequencies,
    ) -> Vec<Slot> {
        let idf = |key| frequencies.idf(key);
        let mut scratch = self.scratch.borrow_mut();
        let (overlap, touched) = &mut *scratch;
        overlap.resize(self.slots.len(), 0.0);
        let shared = |key| {
            if frequencies.is_shared(key) {
                idf(key)
            } else {
                0.0
            }
        };
        for key in terms.top_keys(QUERY_KEYS, shared) {
            let Some(list) = self.postings.get(&key) else {
                continue;
            };
            if list.len() > MAX_POSTINGS {
                continue;
            }
            let weight = terms.get(key) * idf(key);
            for &slot in list {
                let total = &mut overlap[slot as usize];
                if *total == 0.0 {
                    touched.push(slot);
                }
                *total += weight;
            }
        }
        let mut ranked: Vec<(f32, u64, Slot)> = touched
            .drain(..)
            .map(|slot| {
                let weight = std::mem::take(&mut overlap[slot as usize]);
                (weight, self.seqs[slot as usize], slot)
            })
            .collect();
        let better =
            |a: &(f32, u64, Slot), b: &(f32, u64, Slot)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if ranked.len() > limit {
            ranked.select_nth_unstable_by(limit, better);
            ranked.truncate(limit);
        }
        ranked.sort_unstable_by(better);
        ranked.into_iter().map(|(_, _, slot)| slot).collect()
    }

    /// The slots of open stories whose last article is before `start`.
    pub(crate) fn stale_slots(&self, start: i64) -> Vec<Slot> {
        self.slots
            .iter()
            .enumerate()
            .filter(|(_, story)| {
                story
                    .as_ref()
                    .and_then(StoryState::last_at)
                    .is_some_and(|last| last < start)
            })
            .map(|(slot, _)| slot as Slot)
            .collect()
    }

    /// Every open story's slot, oldest story first.
    pub(crate) fn slots_by_age(&self) -> Vec<Slot> {
        let mut slots: Vec<(u64, Slot)> = self
            .slots
            .iter()
            .enumerate()
            .filter_map(|(slot, story)| story.as_ref().map(|s| (s.seq, slot as Slot)))
            .collect();
        slots.sort_unstable();
        slots.into_iter().map(|(_, slot)| slot).collect()
    }

    /// Bytes held by the open stories and the index.
    pub(crate) fn memory_bytes(&self) -> usize {
        let stories: usize = self
            .slots
            .iter()
            .flatten()
            .map(StoryState::memory_bytes)
            .sum();
        let posted: usize = self.posted.iter().map(|keys| keys.capacity() * 4).sum();
        let postings: usize = self
            .postings
            .values()
            .map(|list| list.capacity() * 4 + 32)
            .sum();
        stories + posted + postings + self.by_id.len() * 48 + self.slots.capacity() * 8
    }
}
