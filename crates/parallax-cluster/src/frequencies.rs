//! Document frequencies over a time window: how many recent articles use each word, for
//! inverse document frequency. Counted per day, so a day leaving the window is subtracted
//! whole and memory follows the window's vocabulary, not history's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::vector::{Key, KeyMap};

/// Seconds in a day.
pub(crate) const DAY: i64 = 86_400;

/// Pseudo-articles behind the idf prior.
const PRIOR_DOCUMENTS: f32 = 50.0;
/// How often a word appears in them.
const PRIOR_RATE: f32 = 0.01;

/// One day's counts, as the store keeps them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DayFrequencies {
    /// Days since the Unix epoch.
    pub day: i64,
    /// Articles counted that day.
    pub documents: u32,
    /// Articles that day using each word.
    pub counts: Vec<(Key, u32)>,
}

/// Counts added since the store last saved them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrequencyChanges {
    /// `(day, articles added)`.
    pub documents: Vec<(i64, u32)>,
    /// `(day, key, articles added)`.
    pub counts: Vec<(i64, Key, u32)>,
}

impl FrequencyChanges {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty() && self.counts.is_empty()
    }
}

/// `ln(df + 0.5 + P·q)` for small document frequencies, so idf costs no logarithm.
const LN_TABLE_SIZE: usize = 4096;

#[derive(Debug, Default)]
struct Day {
    documents: u32,
    counts: KeyMap<Key, u32>,
}

/// Windowed document frequencies.
#[derive(Debug)]
pub(crate) struct DocumentFrequencies {
    days: BTreeMap<i64, Day>,
    totals: KeyMap<Key, u32>,
    documents: u64,
    /// `ln(N + 1 + P)`, kept with `documents`.
    ln_documents: f32,
    ln_df: Vec<f32>,
    pending_documents: BTreeMap<i64, u32>,
    pending_counts: KeyMap<(i64, Key), u32>,
}

impl Default for DocumentFrequencies {
    fn default() -> Self {
        let mut frequencies = Self {
            days: BTreeMap::new(),
            totals: KeyMap::default(),
            documents: 0,
            ln_documents: 0.0,
            ln_df: (0..LN_TABLE_SIZE).map(|df| ln_df(df as f32)).collect(),
            pending_documents: BTreeMap::new(),
            pending_counts: KeyMap::default(),
        };
        frequencies.documents_changed();
        frequencies
    }
}

fn ln_df(df: f32) -> f32 {
    (df + 0.5 + PRIOR_DOCUMENTS * PRIOR_RATE).ln()
}

impl DocumentFrequencies {
    /// Frequencies restored from the store's days.
    pub(crate) fn restore(days: Vec<DayFrequencies>) -> Self {
        let mut frequencies = Self::default();
        for stored in days {
            let day = frequencies.days.entry(stored.day).or_default();
            day.documents += stored.documents;
            frequencies.documents += u64::from(stored.documents);
            for (key, count) in stored.counts {
                *day.counts.entry(key).or_default() += count;
                *frequencies.totals.entry(key).or_default() += count;
            }
        }
        frequencies.documents_changed();
        frequencies
    }

    fn documents_changed(&mut self) {
        self.ln_documents = (self.documents as f32 + 1.0 + PRIOR_DOCUMENTS).ln();
    }

    /// Counts one article of `day` using `keys` (each once).
    pub(crate) fn observe(&mut self, day: i64, keys: impl Iterator<Item = Key>) {
        let entry = self.days.entry(day).or_default();
        entry.documents += 1;
        for key in keys {
            *entry.counts.entry(key).or_default() += 1;
            *self.totals.entry(key).or_default() += 1;
            *self.pending_counts.entry((day, key)).or_default() += 1;
        }
        *self.pending_documents.entry(day).or_default() += 1;
        self.documents += 1;
        self.documents_changed();
    }

    /// Inverse document frequency of `key`: `ln((N + 1 + P) / (df + 0.5 + P·q))`, never
    /// below a small floor so a word in every article still counts a little. `P` prior
    /// articles in which a word appears at rate `q` keep the first articles of a stream
    /// from calling every shared word common: with two articles, a word both use would
    /// otherwise weigh a quarter of a word only one uses.
    pub(crate) fn idf(&self, key: Key) -> f32 {
        let df = self.totals.get(&key).copied().unwrap_or(0) as usize;
        let ln_df = match self.ln_df.get(df) {
            Some(&value) => value,
            None => ln_df(df as f32),
        };
        (self.ln_documents - ln_df).max(0.05)
    }

    /// Articles counted in the window.
    pub(crate) fn documents(&self) -> u64 {
        self.documents
    }

    /// Whether more than one article in the window uses `key`.
    pub(crate) fn is_shared(&self, key: Key) -> bool {
        self.totals.get(&key).is_some_and(|&df| df > 1)
    }

    /// Forgets days before `first_day`.
    pub(crate) fn expire_before(&mut self, first_day: i64) {
        let kept = self.days.split_off(&first_day);
        let expired = std::mem::replace(&mut self.days, kept);
        if expired.is_empty() {
            return;
        }
        for (_, day) in expired {
            self.documents -= u64::from(day.documents);
            for (key, count) in day.counts {
                if let Some(total) = self.totals.get_mut(&key) {
                    *total -= count.min(*total);
                    if *total == 0 {
                        self.totals.remove(&key);
                    }
                }
            }
        }
        self.documents_changed();
    }

    /// The counts added since the last call, sorted, for the store.
    pub(crate) fn take_changes(&mut self) -> FrequencyChanges {
        let documents = std::mem::take(&mut self.pending_documents)
            .into_iter()
            .collect();
        let mut counts: Vec<(i64, Key, u32)> = std::mem::take(&mut self.pending_counts)
            .into_iter()
            .map(|((day, key), count)| (day, key, count))
            .collect();
        counts.sort_unstable();
        FrequencyChanges { documents, counts }
    }

    /// Distinct words counted in the window.
    pub(crate) fn vocabulary(&self) -> usize {
        self.totals.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_words_weigh_more_and_expired_days_are_forgotten() {
        let mut frequencies = DocumentFrequencies::default();
        frequencies.observe(10, [1, 2].into_iter());
        frequencies.observe(11, [1].into_iter());
        frequencies.observe(11, [1, 3].into_iter());
        assert!(frequencies.idf(3) > frequencies.idf(1));
        frequencies.expire_before(11);
        assert_eq!(frequencies.vocabulary(), 2);
        assert_eq!(frequencies.idf(2), frequencies.idf(99));
    }

    #[test]
    fn changes_round_trip_through_a_restore() {
        let mut frequencies = DocumentFrequencies::default();
        frequencies.observe(3, [7, 8].into_iter());
        frequencies.observe(3, [7].into_iter());
        let changes = frequencies.take_changes();
        assert_eq!(changes.documents, vec![(3, 2)]);
        assert_eq!(changes.counts, vec![(3, 7, 2), (3, 8, 1)]);
        assert!(frequencies.take_changes().is_empty());
        let restored = DocumentFrequencies::restore(vec![DayFrequencies {
            day: 3,
            documents: 2,
            counts: vec![(7, 2), (8, 1)],
        }]);
        assert_eq!(restored.idf(7), frequencies.idf(7));
        assert_eq!(restored.idf(8), frequencies.idf(8));
    }
}
