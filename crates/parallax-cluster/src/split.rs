//! Splitting a story that turned out to be two events. Online clustering decides on each
//! article as it comes, so two similar events (two boxing title fights of one champion,
//! two rule changes of one law) can share a story before enough articles arrive to tell
//! them apart. After each join, a young story is bisected by average linkage over its
//! members; when the two halves are much less alike than each half is within itself, the
//! story splits.

/// A two-way partition of members (indexes), or `None` when the story holds together:
/// the halves must each have `min_part` members, and their mean cross similarity must be
/// below `ratio` × the lower of their mean inner similarities.
pub(crate) fn bisect(
    count: usize,
    similarity: impl Fn(usize, usize) -> f32,
    ratio: f32,
    min_part: usize,
) -> Option<(Vec<usize>, Vec<usize>)> {
    if count < 2 * min_part {
        return None;
    }
    let mut pair = Square::new(count);
    for i in 0..count {
        for j in i + 1..count {
            pair.set(i, j, similarity(i, j));
        }
    }
    let (left, right) = two_clusters(&pair);
    if left.len() < min_part || right.len() < min_part {
        return None;
    }
    let cross = mean_between(&pair, &left, &right);
    let inner = mean_within(&pair, &left).min(mean_within(&pair, &right));
    (cross < ratio * inner).then_some((left, right))
}

/// A symmetric matrix of similarities.
#[derive(Clone)]
struct Square {
    size: usize,
    values: Vec<f32>,
}

impl Square {
    fn new(size: usize) -> Self {
        Self {
            size,
            values: vec![0.0; size * size],
        }
    }

    fn get(&self, i: usize, j: usize) -> f32 {
        self.values[i * self.size + j]
    }

    fn set(&mut self, i: usize, j: usize, value: f32) {
        self.values[i * self.size + j] = value;
        self.values[j * self.size + i] = value;
    }
}

/// Average-linkage agglomeration down to two clusters; ties merge the lower indexes.
fn two_clusters(pair: &Square) -> (Vec<usize>, Vec<usize>) {
    // Clusters are identified by their first member's row; `sums` holds the sum of
    // pairwise similarities between two clusters' members.
    let mut clusters: Vec<(usize, Vec<usize>)> = (0..pair.size).map(|i| (i, vec![i])).collect();
    let mut sums = pair.clone();
    while clusters.len() > 2 {
        let mut best = (f32::NEG_INFINITY, 0, 1);
        for a in 0..clusters.len() {
            for b in a + 1..clusters.len() {
                let (row_a, members_a) = &clusters[a];
                let (row_b, members_b) = &clusters[b];
                let mean = sums.get(*row_a, *row_b) / (members_a.len() * members_b.len()) as f32;
                if mean > best.0 {
                    best = (mean, a, b);
                }
            }
        }
        let (_, a, b) = best;
        let (row_b, absorbed) = clusters.remove(b);
        let row_a = clusters[a].0;
        clusters[a].1.extend(absorbed);
        for (row_c, _) in &clusters {
            if *row_c != row_a {
                let value = sums.get(row_a, *row_c) + sums.get(row_b, *row_c);
                sums.set(row_a, *row_c, value);
            }
        }
    }
    let mut halves = clusters.into_iter().map(|(_, members)| members);
    let mut left = halves.next().unwrap_or_default();
    let mut right = halves.next().unwrap_or_default();
    left.sort_unstable();
    right.sort_unstable();
    (left, right)
}

fn mean_between(pair: &Square, a: &[usize], b: &[usize]) -> f32 {
    let sum: f32 = a
        .iter()
        .flat_map(|&i| b.iter().map(move |&j| pair.get(i, j)))
        .sum();
    sum / (a.len() * b.len()) as f32
}

fn mean_within(pair: &Square, members: &[usize]) -> f32 {
    let mut sum = 0.0;
    for (k, &i) in members.iter().enumerate() {
        for &j in &members[k + 1..] {
            sum += pair.get(i, j);
        }
    }
    let pairs = members.len() * (members.len() - 1) / 2;
    if pairs == 0 { 0.0 } else { sum / pairs as f32 }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Members 0..3 are one event, 3..6 another: alike within, barely alike across.
    fn two_events(i: usize, j: usize) -> f32 {
        if (i < 3) == (j < 3) { 0.6 } else { 0.1 }
    }

    #[test]
    fn two_events_split_apart() {
        let (left, right) = bisect(6, two_events, 0.6, 3).expect("split");
        assert_eq!(left, vec![0, 1, 2]);
        assert_eq!(right, vec![3, 4, 5]);
    }

    #[test]
    fn one_event_holds_together() {
        assert!(bisect(6, |_, _| 0.5, 0.6, 3).is_none());
        // Too few members to judge.
        assert!(bisect(5, two_events, 0.6, 3).is_none());
    }

    #[test]
    fn an_outlier_alone_does_not_split_off() {
        let outlier = |i: usize, j: usize| if i == 5 || j == 5 { 0.0 } else { 0.5 };
        assert!(bisect(6, outlier, 0.6, 3).is_none());
    }
}
