//! Clustering metrics: pairwise precision/recall/F1 (as Miranda et al. 2018) and B-cubed
//! (Bagga & Baldwin 1998), from a predicted and a gold label per item.

use std::collections::HashMap;
use std::hash::Hash;

use serde::Serialize;

/// Precision, recall and their harmonic mean.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl Scores {
    pub(crate) fn new(precision: f64, recall: f64) -> Self {
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Self {
            precision,
            recall,
            f1,
        }
    }
}

/// Pairwise scores: over all pairs of items, a pair predicted together is a true positive
/// when gold puts it together too. Counted from the contingency table, so it is
/// O(items), not O(items²).
pub fn pairwise<P: Eq + Hash, G: Eq + Hash>(predicted: &[P], gold: &[G]) -> Scores {
    let mut joint: HashMap<(&P, &G), u64> = HashMap::new();
    let mut by_predicted: HashMap<&P, u64> = HashMap::new();
    let mut by_gold: HashMap<&G, u64> = HashMap::new();
    for (p, g) in predicted.iter().zip(gold) {
        *joint.entry((p, g)).or_default() += 1;
        *by_predicted.entry(p).or_default() += 1;
        *by_gold.entry(g).or_default() += 1;
    }
    let together = pairs(joint.values()) as f64;
    let predicted_pairs = pairs(by_predicted.values()) as f64;
    let gold_pairs = pairs(by_gold.values()) as f64;
    Scores::new(
        if predicted_pairs == 0.0 {
            1.0
        } else {
            together / predicted_pairs
        },
        if gold_pairs == 0.0 {
            1.0
        } else {
            together / gold_pairs
        },
    )
}

/// Pairs within groups of the given sizes.
fn pairs<'a>(sizes: impl Iterator<Item = &'a u64>) -> u64 {
    sizes.map(|&n| n * (n - 1) / 2).sum()
}

/// B-cubed scores: per item, the share of its predicted cluster that shares its gold
/// cluster (precision) and the share of its gold cluster in its predicted one (recall),
/// averaged over items.
pub fn b_cubed<P: Eq + Hash, G: Eq + Hash>(predicted: &[P], gold: &[G]) -> Scores {
    let mut joint: HashMap<(&P, &G), f64> = HashMap::new();
    let mut by_predicted: HashMap<&P, f64> = HashMap::new();
    let mut by_gold: HashMap<&G, f64> = HashMap::new();
    for (p, g) in predicted.iter().zip(gold) {
        *joint.entry((p, g)).or_default() += 1.0;
        *by_predicted.entry(p).or_default() += 1.0;
        *by_gold.entry(g).or_default() += 1.0;
    }
    let items = predicted.len().max(1) as f64;
    let (mut precision, mut recall) = (0.0, 0.0);
    for ((p, g), n) in &joint {
        precision += n * n / by_predicted[p];
        recall += n * n / by_gold[g];
    }
    Scores::new(precision / items, recall / items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_clustering_scores_one() {
        let labels = [1, 1, 2, 2, 3];
        assert_eq!(pairwise(&labels, &labels).f1, 1.0);
        assert_eq!(b_cubed(&labels, &labels).f1, 1.0);
    }

    #[test]
    fn lumping_everything_keeps_recall_and_loses_precision() {
        let predicted = [0, 0, 0, 0];
        let gold = ["a", "a", "b", "b"];
        let scores = pairwise(&predicted, &gold);
        // 2 true pairs among 6 predicted.
        assert!((scores.precision - 2.0 / 6.0).abs() < 1e-12);
        assert_eq!(scores.recall, 1.0);
        let cubed = b_cubed(&predicted, &gold);
        assert!((cubed.precision - 0.5).abs() < 1e-12);
        assert_eq!(cubed.recall, 1.0);
    }

    #[test]
    fn singletons_have_no_pairs() {
        let predicted = [0, 1, 2];
        let gold = ["a", "a", "b"];
        let scores = pairwise(&predicted, &gold);
        assert_eq!(scores.precision, 1.0);
        assert_eq!(scores.recall, 0.0);
    }
}
