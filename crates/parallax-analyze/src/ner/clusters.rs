//! Word classes for the trainable tagger: words that a large unlabeled corpus uses alike
//! share a class, so the tagger can generalise from "Germany" in its training sentences
//! to "Bolivia", which it never saw. The classes are the leaves of a binary tree built by
//! splitting word vectors (e.g. a sentence-transformer's input embeddings) in two again and
//! again (spherical 2-means on unit vectors, started from the principal direction); a
//! word's class is its path of left/right turns, and the tagger reads prefixes of it,
//! coarse to fine, as Brown-cluster features are read (Miller et al. 2004, Turian et
//! al. 2010). Ours, not a crate's: the split is twenty lines of 2-means and the table is
//! stored inside the model file.

use std::collections::HashMap;
use std::io::{Read, Write};

/// Deepest path kept: 2^16 classes is far more than any vocabulary needs.
const MAX_DEPTH: u8 = 16;
/// Longest word kept, in bytes.
const MAX_WORD_BYTES: usize = 255;
/// Nodes this small are not split further.
const SMALLEST_SPLIT: usize = 3;
/// Refinement passes of each 2-means split.
const PASSES: usize = 6;

/// Each word's path in the tree: its bits (first turn highest) and their count.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WordClusters {
    paths: HashMap<String, (u32, u8)>,
}

impl WordClusters {
    /// Builds the tree over `words` and their `vectors` (`words.len() × dimensions`,
    /// row by row). Words are matched lowercased; in a cased vocabulary, spellings that
    /// differ only in case share the class of the last of them.
    pub fn from_vectors(words: &[String], vectors: &[f32], dimensions: usize) -> Self {
        let unit: Vec<Vec<f32>> = vectors
            .chunks_exact(dimensions.max(1))
            .map(|row| normalized(row.to_vec()))
            .collect();
        // Rows that are not finite would poison every mean; words too long for the
        // model file's table are left out.
        let kept: Vec<usize> = (0..unit.len().min(words.len()))
            .filter(|&index| unit[index].iter().all(|value| value.is_finite()))
            .filter(|&index| words[index].len() <= MAX_WORD_BYTES)
            .collect();
        let mut paths = HashMap::with_capacity(kept.len());
        let mut pending = vec![(kept, 0u32, 0u8)];
        while let Some((members, path, depth)) = pending.pop() {
            let halves = (depth < MAX_DEPTH && members.len() >= SMALLEST_SPLIT)
                .then(|| split(&unit, &members))
                .filter(|(left, right)| !left.is_empty() && !right.is_empty());
            match halves {
                Some((left, right)) => {
                    pending.push((left, path << 1, depth + 1));
                    pending.push((right, (path << 1) | 1, depth + 1));
                }
                None => {
                    for index in members {
                        paths.insert(words[index].to_lowercase(), (path, depth));
                    }
                }
            }
        }
        Self { paths }
    }

    /// Number of words with a class.
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// Whether no word has a class.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// The first `length` turns of a lowercased word's path (all of them when it is
    /// shorter), with the number of turns given; `None` for a word without a class.
    pub fn prefix(&self, lower_word: &str, length: u8) -> Option<(u32, u8)> {
        let &(path, depth) = self.paths.get(lower_word)?;
        let kept = length.min(depth);
        Some((path >> (depth - kept), kept))
    }

    /// Writes the table: a count, then per word its length, bytes, path and depth.
    pub(crate) fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        let mut entries: Vec<_> = self.paths.iter().collect();
        entries.sort();
        out.write_all(&(entries.len() as u32).to_le_bytes())?;
        for (word, (path, depth)) in entries {
            out.write_all(&(word.len() as u16).to_le_bytes())?;
            out.write_all(word.as_bytes())?;
            out.write_all(&path.to_le_bytes())?;
            out.write_all(&[*depth])?;
        }
        Ok(())
    }

    /// Reads a table written by [`write`](Self::write); `None` when it is malformed.
    pub(crate) fn read(input: &mut impl Read) -> std::io::Result<Option<Self>> {
        let count = u32::from_le_bytes(read_array(input)?);
        let mut paths = HashMap::with_capacity(count.min(1 << 20) as usize);
        for _ in 0..count {
            let length = u16::from_le_bytes(read_array(input)?);
            let mut word = vec![0u8; usize::from(length)];
            input.read_exact(&mut word)?;
            let path = u32::from_le_bytes(read_array(input)?);
            let [depth] = read_array(input)?;
            let Ok(word) = String::from_utf8(word) else {
                return Ok(None);
            };
            if depth > MAX_DEPTH || (depth < 32 && path >> depth != 0) {
                return Ok(None);
            }
            paths.insert(word, (path, depth));
        }
        Ok(Some(Self { paths }))
    }
}

fn read_array<const N: usize>(input: &mut impl Read) -> std::io::Result<[u8; N]> {
    let mut bytes = [0u8; N];
    input.read_exact(&mut bytes)?;
    Ok(bytes)
}

/// Splits `members` in two by spherical 2-means, started from the sign of their
/// projection on the principal direction (found by power iteration), so the split is
/// deterministic and rarely cuts off a lone outlier.
fn split(unit: &[Vec<f32>], members: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let dimensions = unit[members[0]].len();
    let mean = centroid(unit, members.iter().copied(), dimensions);
    let mut direction: Vec<f32> = unit[members[0]]
        .iter()
        .zip(&mean)
        .map(|(v, m)| v - m + 1e-3)
        .collect();
    for _ in 0..8 {
        let mut next = vec![0.0f32; dimensions];
        for &index in members {
            let projection: f32 = centered_dot(&unit[index], &mean, &direction);
            for ((sum, v), m) in next.iter_mut().zip(&unit[index]).zip(&mean) {
                *sum += projection * (v - m);
            }
        }
        let norm = next.iter().map(|v| v * v).sum::<f32>().sqrt();
        if norm < 1e-12 {
            break;
        }
        direction = next.into_iter().map(|v| v / norm).collect();
    }
    let projected: Vec<bool> = members
        .iter()
        .map(|&index| centered_dot(&unit[index], &mean, &direction) > 0.0)
        .collect();
    let mut side = projected.clone();
    for _ in 0..PASSES {
        let pick = |want: bool| {
            members
                .iter()
                .zip(&side)
                .filter(move |(_, on)| **on == want)
                .map(|(index, _)| *index)
        };
        let left = normalized(centroid(unit, pick(false), dimensions));
        let right = normalized(centroid(unit, pick(true), dimensions));
        let next: Vec<bool> = members
            .iter()
            .map(|&index| dot(&unit[index], &right) > dot(&unit[index], &left))
            .collect();
        if next == side {
            break;
        }
        side = next;
    }
    // A refinement that empties a side keeps the principal direction's split.
    if side.iter().all(|on| *on) || !side.iter().any(|on| *on) {
        side = projected;
    }
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for (&index, on_right) in members.iter().zip(side) {
        if on_right {
            right.push(index);
        } else {
            left.push(index);
        }
    }
    (left, right)
}

fn centroid(
    unit: &[Vec<f32>],
    members: impl Iterator<Item = usize>,
    dimensions: usize,
) -> Vec<f32> {
    let mut sum = vec![0.0f32; dimensions];
    let mut count = 0usize;
    for index in members {
        count += 1;
        for (total, value) in sum.iter_mut().zip(&unit[index]) {
            *total += value;
        }
    }
    let count = count.max(1) as f32;
    sum.iter_mut().for_each(|value| *value /= count);
    sum
}

/// `vector` scaled to unit length (left as it is when it is zero).
fn normalized(mut vector: Vec<f32>) -> Vec<f32> {
    let norm = vector.iter().map(|v| v * v).sum::<f32>().sqrt();
    if norm > 1e-12 {
        vector.iter_mut().for_each(|value| *value /= norm);
    }
    vector
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// `(v − mean) · direction`.
fn centered_dot(vector: &[f32], mean: &[f32], direction: &[f32]) -> f32 {
    vector
        .iter()
        .zip(mean)
        .zip(direction)
        .map(|((v, m), d)| (v - m) * d)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two groups of words in two directions, with a little noise.
    fn fixture() -> (Vec<String>, Vec<f32>) {
        let words = [
            "paris", "berlin", "madrid", "rome", "apple", "pear", "plum", "fig",
        ];
        let mut vectors = Vec::new();
        for (index, _) in words.iter().enumerate() {
            let noise = index as f32 * 0.01;
            if index < 4 {
                vectors.extend([1.0, noise, 0.1 - noise]);
            } else {
                vectors.extend([noise, 1.0, 0.1 + noise]);
            }
        }
        (words.iter().map(ToString::to_string).collect(), vectors)
    }

    #[test]
    fn alike_words_share_the_first_turn() {
        let (words, vectors) = fixture();
        let clusters = WordClusters::from_vectors(&words, &vectors, 3);
        assert_eq!(clusters.len(), 8);
        let first = |word: &str| clusters.prefix(word, 1).unwrap();
        assert_eq!(first("paris"), first("rome"));
        assert_eq!(first("apple"), first("fig"));
        assert_ne!(first("paris"), first("apple"));
        assert_eq!(
            clusters.prefix("Paris", 1),
            None,
            "words are looked up lowercased"
        );
    }

    #[test]
    fn the_table_round_trips() {
        let (words, vectors) = fixture();
        let clusters = WordClusters::from_vectors(&words, &vectors, 3);
        let mut bytes = Vec::new();
        clusters.write(&mut bytes).unwrap();
        let read = WordClusters::read(&mut bytes.as_slice()).unwrap().unwrap();
        assert_eq!(read, clusters);
        assert!(WordClusters::read(&mut &bytes[..bytes.len() - 1]).is_err());
    }
}
