//! Sparse vectors over hashed words: the representation of articles and stories.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

/// A word's key: the low 32 bits of its stable hash. Collisions (a few in a vocabulary of
/// millions) merge two words' weights, which moves a similarity by a hair.
pub type Key = u32;

/// A map keyed by [`Key`]s (or small tuples with them). Keys are hashes already, so a
/// multiply-rotate mix is enough; `std`'s SipHash, made to resist chosen keys, costs a
/// tenth of clustering's time here.
pub(crate) type KeyMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

/// The hasher behind [`KeyMap`].
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl KeyHasher {
    fn add(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.add(u64::from(byte));
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn write_i64(&mut self, value: i64) {
        self.add(value as u64);
    }
}

/// `(key, weight)` pairs sorted by key, keys unique.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SparseVector {
    entries: Vec<(Key, f32)>,
}

impl SparseVector {
    /// A vector from pairs in any order; weights of repeated keys add up.
    pub fn from_pairs(mut pairs: Vec<(Key, f32)>) -> Self {
        pairs.sort_unstable_by_key(|&(key, _)| key);
        let mut entries: Vec<(Key, f32)> = Vec::with_capacity(pairs.len());
        for (key, weight) in pairs {
            match entries.last_mut() {
                Some(last) if last.0 == key => last.1 += weight,
                _ => entries.push((key, weight)),
            }
        }
        Self { entries }
    }

    /// The pairs, sorted by key.
    pub fn entries(&self) -> &[(Key, f32)] {
        &self.entries
    }

    /// How many keys it has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it has no keys.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The weight of `key` (0 when absent).
    pub fn get(&self, key: Key) -> f32 {
        self.entries
            .binary_search_by_key(&key, |&(k, _)| k)
            .map_or(0.0, |index| self.entries[index].1)
    }

    /// Whether it has `key`.
    pub fn contains(&self, key: Key) -> bool {
        self.entries.binary_search_by_key(&key, |&(k, _)| k).is_ok()
    }

    /// Euclidean length of the vector with each weight scaled by `scale(key)`.
    pub fn norm_with(&self, scale: impl Fn(Key) -> f32) -> f32 {
        self.entries
            .iter()
            .map(|&(key, weight)| {
                let scaled = weight * scale(key);
                scaled * scaled
            })
            .sum::<f32>()
            .sqrt()
    }

    /// `Σ self[k]·other[k]·scale(k)²` over the keys both have.
    pub fn dot_with(&self, other: &Self, scale: impl Fn(Key) -> f32) -> f32 {
        let mut sum = 0.0;
        self.for_each_shared(other, |key, a, b| {
            let factor = scale(key);
            sum += a * b * factor * factor;
        });
        sum
    }

    /// Calls `visit(key, self weight, other weight)` for each key both have, in key order.
    pub fn for_each_shared(&self, other: &Self, mut visit: impl FnMut(Key, f32, f32)) {
        let (mut i, mut j) = (0, 0);
        let (a, b) = (&self.entries, &other.entries);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    visit(a[i].0, a[i].1, b[j].1);
                    i += 1;
                    j += 1;
                }
            }
        }
    }

    /// Adds `other`, scaled by `factor`.
    pub fn add_scaled(&mut self, other: &Self, factor: f32) {
        let mut merged = Vec::with_capacity(self.entries.len() + other.entries.len());
        let (mut i, mut j) = (0, 0);
        let (a, b) = (&self.entries, &other.entries);
        while i < a.len() || j < b.len() {
            let take_a = j >= b.len() || (i < a.len() && a[i].0 < b[j].0);
            let take_b = i >= a.len() || (j < b.len() && b[j].0 < a[i].0);
            if take_a {
                merged.push(a[i]);
                i += 1;
            } else if take_b {
                merged.push((b[j].0, b[j].1 * factor));
                j += 1;
            } else {
                merged.push((a[i].0, a[i].1 + b[j].1 * factor));
                i += 1;
                j += 1;
            }
        }
        self.entries = merged;
    }

    /// The same vector scaled to unit Euclidean length (unchanged when empty).
    pub fn unit(&self) -> Self {
        let norm = self.norm_with(|_| 1.0);
        if norm == 0.0 {
            return self.clone();
        }
        Self {
            entries: self.entries.iter().map(|&(k, w)| (k, w / norm)).collect(),
        }
    }

    /// Keeps the `limit` keys with the largest `weight·rank(key)` (ties by key).
    pub fn truncate_by(&mut self, limit: usize, rank: impl Fn(Key) -> f32) {
        if self.entries.len() <= limit {
            return;
        }
        let mut ranked: Vec<(f32, Key, f32)> = self
            .entries
            .iter()
            .map(|&(key, weight)| (weight * rank(key), key, weight))
            .collect();
        ranked.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.truncate(limit);
        self.entries = ranked
            .into_iter()
            .map(|(_, key, weight)| (key, weight))
            .collect();
        self.entries.sort_unstable_by_key(|&(key, _)| key);
    }

    /// The `limit` keys with the largest `weight·rank(key)`, heaviest first (ties by key).
    pub fn top_keys(&self, limit: usize, rank: impl Fn(Key) -> f32) -> Vec<Key> {
        let mut ranked: Vec<(f32, Key)> = self
            .entries
            .iter()
            .map(|&(key, weight)| (weight * rank(key), key))
            .collect();
        let heavier = |a: &(f32, Key), b: &(f32, Key)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if ranked.len() > limit {
            ranked.select_nth_unstable_by(limit, heavier);
            ranked.truncate(limit);
        }
        ranked.sort_unstable_by(heavier);
        ranked.into_iter().map(|(_, key)| key).collect()
    }

    /// Gives back spare capacity.
    pub(crate) fn shrink(&mut self) {
        self.entries.shrink_to_fit();
    }

    /// Bytes held on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<(Key, f32)>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vector(pairs: &[(Key, f32)]) -> SparseVector {
        SparseVector::from_pairs(pairs.to_vec())
    }

    #[test]
    fn repeated_keys_add_up_and_stay_sorted() {
        let v = vector(&[(5, 1.0), (2, 1.0), (5, 2.0)]);
        assert_eq!(v.entries(), &[(2, 1.0), (5, 3.0)]);
        assert_eq!(v.get(5), 3.0);
        assert_eq!(v.get(3), 0.0);
    }

    #[test]
    fn scaled_dot_and_norm() {
        let a = vector(&[(1, 1.0), (2, 2.0)]);
        let b = vector(&[(2, 3.0), (3, 1.0)]);
        assert_eq!(a.dot_with(&b, |_| 1.0), 6.0);
        assert_eq!(a.dot_with(&b, |_| 2.0), 24.0);
        assert!((a.norm_with(|_| 1.0) - 5f32.sqrt()).abs() < 1e-6);
    }

    #[test]
    fn adding_merges_keys() {
        let mut a = vector(&[(1, 1.0), (4, 1.0)]);
        a.add_scaled(&vector(&[(2, 1.0), (4, 2.0)]), 0.5);
        assert_eq!(a.entries(), &[(1, 1.0), (2, 0.5), (4, 2.0)]);
    }

    #[test]
    fn truncation_keeps_the_heaviest_after_ranking() {
        let mut a = vector(&[(1, 3.0), (2, 2.0), (3, 1.0)]);
        a.truncate_by(2, |key| if key == 3 { 10.0 } else { 1.0 });
        assert_eq!(a.entries(), &[(1, 3.0), (3, 1.0)]);
        assert_eq!(a.top_keys(1, |_| 1.0), vec![1]);
    }
}
