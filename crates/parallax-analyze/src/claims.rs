//! Claims: the story's sentences aligned across its articles by content, and grouped so
//! that each group states one fact in every wording the outlets gave it.
//!
//! Grouping is average-linkage agglomeration over a sparse similarity graph: candidate
//! pairs come from an inverted index over the sentences' rarer terms (no all-pairs scan),
//! pairs merge strongest first, and two groups merge only when their sentences are, on
//! average, alike, so one shared phrase cannot chain two facts together. Two sentences
//! that give different values for one slot (12 dead and 14 dead; Thursday and Friday)
//! never share a group: they are a difference, which [`Alignment::conflicts`] keeps.
//!
//! With a sentence-embedding model, embeddings are one more similarity (see
//! [`Sentence::similarity`]) and propose pairs the terms cannot: paraphrases that share no
//! content word.

use std::collections::{HashMap, HashSet};

use parallax_core::contract::ArticleRecord;
use parallax_core::hashing::hash_word;
use parallax_core::{ArticleId, Claim, ClaimSupport, Coverage};

use crate::is_copy;
use crate::sentences::{Sentence, paraphrase_similarity};

/// Two sentences are candidates for one claim from this similarity on.
const JOIN_SIMILARITY: f32 = 0.18;
/// Two groups merge when their sentences' mean similarity reaches this.
const MEAN_SIMILARITY: f32 = 0.15;
/// Sentences about one thing (values left out) that disagree on a value are a
/// difference from this similarity on.
const DIFFERENCE_SIMILARITY: f32 = 0.25;
/// Pairs less alike than this count as not alike at all.
const SIMILARITY_FLOOR: f32 = 0.08;
/// Terms in more than this share of the story's sentences do not propose candidates
/// (they still count in the similarity).
const COMMON_TERM_SHARE: f32 = 0.2;
/// ...unless the story is this small.
const COMMON_TERM_MIN: usize = 12;
/// Embeddings propose pairs (all against all) in stories of up to this many statements;
/// in larger ones they only weigh the pairs the terms propose.
const MAX_EMBEDDED_STATEMENTS: usize = 4000;

/// The story's sentences in groups of one fact, and the pairs that disagree.
#[derive(Debug, Default)]
pub(crate) struct Alignment {
    /// Groups of sentence indexes; every statement is in one, and a sentence that states
    /// two facts may be attached to a second.
    pub(crate) groups: Vec<Vec<usize>>,
    /// Pairs of alike sentences that give different values for one slot.
    pub(crate) conflicts: Vec<(usize, usize)>,
}

/// Aligns the story's statements into groups of one fact.
pub(crate) fn align(sentences: &[Sentence<'_>]) -> Alignment {
    let statements: Vec<usize> = (0..sentences.len())
        .filter(|&index| sentences[index].is_statement)
        .collect();
    let similar = similar_pairs(sentences, &statements);
    let mut edges: Vec<(usize, usize, f32)> = similar
        .iter()
        .filter(|(_, similarity)| **similarity >= JOIN_SIMILARITY)
        .map(|(&(a, b), &similarity)| (a, b, similarity))
        .collect();
    edges.sort_by(|x, y| {
        y.2.total_cmp(&x.2)
            .then_with(|| x.0.cmp(&y.0))
            .then_with(|| x.1.cmp(&y.1))
    });
    let mut conflicts: Vec<(usize, usize)> = similar
        .iter()
        .filter(|&(&(a, b), _)| {
            sentences[a].topic_similarity(&sentences[b]) >= DIFFERENCE_SIMILARITY
                && sentences[a].conflicts_with(&sentences[b])
        })
        .map(|(&pair, _)| pair)
        .collect();
    conflicts.sort_unstable();
    let mut groups = Groups::new(sentences.len());
    for (a, b, _) in edges {
        groups.merge_if_alike(a, b, sentences, &similar);
    }
    let mut groups = groups.into_groups(&statements);
    attach(&mut groups, sentences, &similar);
    Alignment { groups, conflicts }
}

/// A sentence also supports a claim of several articles when it is this alike, on
/// average over the claim's other articles, to each one's closest sentence (it may state two facts: "asked for the extradition
/// of Assad, who was granted asylum")...
const ATTACH_MEAN: f32 = 0.14;

/// Lets each article support each claim it states, even from a sentence grouped with
/// another fact: for every claim of two articles or more, each article's sentence (not
/// yet in the claim) most alike to the claim joins it when it is alike enough ([`ATTACH_MEAN`] on
/// average, [`JOIN_SIMILARITY`] to one sentence) and disagrees with none.
fn attach(
    groups: &mut [Vec<usize>],
    sentences: &[Sentence<'_>],
    similar: &HashMap<(usize, usize), f32>,
) {
    let mut neighbours: HashMap<usize, Vec<usize>> = HashMap::new();
    for &(a, b) in similar.keys() {
        neighbours.entry(a).or_default().push(b);
        neighbours.entry(b).or_default().push(a);
    }
    let similarity =
        |a: usize, b: usize| similar.get(&(a.min(b), a.max(b))).copied().unwrap_or(0.0);
    for group in groups.iter_mut() {
        let articles: Vec<usize> = group.iter().map(|&i| sentences[i].article).collect();
        let mut distinct = articles.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 2 {
            continue;
        }
        let mut candidates: Vec<usize> = group
            .iter()
            .filter_map(|member| neighbours.get(member))
            .flatten()
            .copied()
            .filter(|candidate| !group.contains(candidate))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        // The best candidate of each article: (article, mean, sentence).
        let mut best: HashMap<usize, (f32, usize)> = HashMap::new();
        for candidate in candidates {
            // Per other article, its sentence most like the candidate; then their mean.
            let own = sentences[candidate].article;
            let mut per_article: HashMap<usize, f32> = HashMap::new();
            for &member in group.iter() {
                let article = sentences[member].article;
                if article != own {
                    let best = per_article.entry(article).or_insert(0.0);
                    *best = best.max(similarity(candidate, member));
                }
            }
            if per_article.is_empty() {
                continue;
            }
            let mean = per_article.values().sum::<f32>() / per_article.len() as f32;
            let strongest = per_article.values().copied().fold(0.0, f32::max);
            let agrees = group
                .iter()
                .all(|&member| !sentences[candidate].conflicts_with(&sentences[member]));
            if mean < ATTACH_MEAN || strongest < JOIN_SIMILARITY || !agrees {
                continue;
            }
            let article = sentences[candidate].article;
            let entry = best.entry(article).or_insert((mean, candidate));
            if mean > entry.0 {
                *entry = (mean, candidate);
            }
        }
        let mut joining: Vec<usize> = best.into_values().map(|(_, sentence)| sentence).collect();
        joining.sort_unstable();
        group.extend(joining);
        group.sort_unstable();
    }
}

/// Similarities of the statement pairs (from different articles) that share a rarer
/// term, at or above [`SIMILARITY_FLOOR`], keyed (lower index, higher index).
fn similar_pairs(sentences: &[Sentence<'_>], statements: &[usize]) -> HashMap<(usize, usize), f32> {
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
    for &index in statements {
        for &(term, _) in &sentences[index].vector {
            postings.entry(term).or_default().push(index);
        }
    }
    let common = ((statements.len() as f32 * COMMON_TERM_SHARE) as usize).max(COMMON_TERM_MIN);
    let mut similar = HashMap::new();
    let mut seen = vec![usize::MAX; sentences.len()];
    for &index in statements {
        let sentence = &sentences[index];
        for &(term, _) in &sentence.vector {
            let posting = &postings[&term];
            if posting.len() > common {
                continue;
            }
            for &other in posting {
                if other <= index
                    || seen[other] == index
                    || sentences[other].article == sentence.article
                {
                    continue;
                }
                seen[other] = index;
                let similarity = sentence.similarity(&sentences[other]);
                if similarity >= SIMILARITY_FLOOR {
                    similar.insert((index, other), similarity);
                }
            }
        }
    }
    add_paraphrase_pairs(sentences, statements, &mut similar);
    similar
}

/// Adds the pairs that share no rarer term but whose embeddings say they are alike
/// (paraphrases). Every pair of embedded statements from different articles is compared,
/// so only stories of up to [`MAX_EMBEDDED_STATEMENTS`] statements are scanned.
fn add_paraphrase_pairs(
    sentences: &[Sentence<'_>],
    statements: &[usize],
    similar: &mut HashMap<(usize, usize), f32>,
) {
    let embedded: Vec<(usize, &[f32])> = statements
        .iter()
        .filter_map(|&index| Some((index, sentences[index].embedding.as_deref()?)))
        .collect();
    if embedded.len() > MAX_EMBEDDED_STATEMENTS {
        return;
    }
    for (at, &(index, mine)) in embedded.iter().enumerate() {
        for &(other, theirs) in &embedded[at + 1..] {
            if sentences[other].article == sentences[index].article
                || similar.contains_key(&(index, other))
                || paraphrase_similarity(mine, theirs) < SIMILARITY_FLOOR
            {
                continue;
            }
            similar.insert(
                (index, other),
                sentences[index].similarity(&sentences[other]),
            );
        }
    }
}

/// Groups under construction: a union-find whose roots hold their members.
struct Groups {
    parent: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl Groups {
    fn new(count: usize) -> Self {
        Self {
            parent: (0..count).collect(),
            members: (0..count).map(|index| vec![index]).collect(),
        }
    }

    fn root(&mut self, mut at: usize) -> usize {
        while self.parent[at] != at {
            self.parent[at] = self.parent[self.parent[at]];
            at = self.parent[at];
        }
        at
    }

    /// Merges the groups of `a` and `b` when their sentences from different articles are
    /// alike on average and none of them disagree.
    fn merge_if_alike(
        &mut self,
        a: usize,
        b: usize,
        sentences: &[Sentence<'_>],
        similar: &HashMap<(usize, usize), f32>,
    ) {
        let (root_a, root_b) = (self.root(a), self.root(b));
        if root_a == root_b {
            return;
        }
        let mut total = 0.0;
        let mut pairs = 0usize;
        for &x in &self.members[root_a] {
            for &y in &self.members[root_b] {
                if sentences[x].article == sentences[y].article {
                    continue;
                }
                if sentences[x].conflicts_with(&sentences[y]) {
                    return;
                }
                pairs += 1;
                total += similar.get(&(x.min(y), x.max(y))).copied().unwrap_or(0.0);
            }
        }
        if pairs > 0 && total / (pairs as f32) < MEAN_SIMILARITY {
            return;
        }
        let (keep, fold) = if root_a < root_b {
            (root_a, root_b)
        } else {
            (root_b, root_a)
        };
        let moved = std::mem::take(&mut self.members[fold]);
        self.members[keep].extend(moved);
        self.parent[fold] = keep;
    }

    /// The groups holding `statements`, each sorted, in order of their first sentence.
    fn into_groups(mut self, statements: &[usize]) -> Vec<Vec<usize>> {
        let mut by_root: HashMap<usize, Vec<usize>> = HashMap::new();
        for &index in statements {
            let root = self.root(index);
            by_root.entry(root).or_default().push(index);
        }
        let mut groups: Vec<Vec<usize>> = by_root.into_values().collect();
        for group in &mut groups {
            group.sort_unstable();
        }
        groups.sort_unstable_by_key(|group| group[0]);
        groups
    }
}

/// Which articles are independent of each other: each article's source, followed back
/// through its copies within the story (an article is its own source when it copies
/// nothing here).
pub(crate) fn sources(articles: &[ArticleRecord]) -> Vec<usize> {
    let by_id = crate::sourcing::records_by_id(articles);
    let index_of: HashMap<&ArticleId, usize> = articles
        .iter()
        .enumerate()
        .map(|(index, record)| (&record.article.id, index))
        .collect();
    articles
        .iter()
        .enumerate()
        .map(|(index, record)| {
            crate::sourcing::lineage_chain(record, &by_id)
                .last()
                .map_or(index, |source| index_of[&source.article.id])
        })
        .collect()
}

/// A claim under construction: its group and how it stands.
#[derive(Debug)]
pub(crate) struct StoryClaim {
    /// The claim as the contract shows it.
    pub(crate) claim: Claim,
    /// Its sentences (indexes into the story's sentences).
    pub(crate) sentences: Vec<usize>,
    /// Its representative sentence.
    pub(crate) representative: usize,
    /// How many independent sources report it.
    pub(crate) independent: usize,
}

/// The claims of the aligned groups, most widely reported first, then in story order.
///
/// A sentence may support two claims (it states two facts), and a copy repeats its
/// source's sentences: a wording represents only the first claim that can show it, the
/// most widely reported, and a later claim shows another of its wordings when it has one.
pub(crate) fn story_claims(
    articles: &[ArticleRecord],
    sentences: &[Sentence<'_>],
    alignment: &Alignment,
) -> Vec<StoryClaim> {
    let sources = sources(articles);
    let mut all_sources = sources.clone();
    all_sources.sort_unstable();
    all_sources.dedup();
    let mut groups: Vec<(&Vec<usize>, usize)> = alignment
        .groups
        .iter()
        .map(|group| {
            let mut backing: Vec<usize> = group
                .iter()
                .map(|&index| sources[sentences[index].article])
                .collect();
            backing.sort_unstable();
            backing.dedup();
            (group, backing.len())
        })
        .collect();
    groups.sort_by_key(|&(_, independent)| std::cmp::Reverse(independent));
    let mut shown: HashSet<&str> = HashSet::new();
    let mut ids: HashSet<String> = HashSet::new();
    groups
        .into_iter()
        .map(|(group, independent)| {
            let coverage = if independent >= 2 && independent == all_sources.len() {
                Coverage::All
            } else if independent >= 2 {
                Coverage::Several
            } else {
                Coverage::Single
            };
            let representative = representative(group, articles, sentences, &shown);
            shown.insert(sentences[representative].text);
            let support = group
                .iter()
                .map(|&index| {
                    let record = &articles[sentences[index].article];
                    ClaimSupport {
                        article: record.article.id.clone(),
                        sentence: sentences[index].text.to_string(),
                        copy: is_copy(record),
                    }
                })
                .collect();
            let text = sentences[representative].text.to_string();
            let id = unique_id(&mut ids, &text, group, representative, sentences);
            StoryClaim {
                claim: Claim {
                    id,
                    text,
                    support,
                    coverage,
                },
                sentences: group.clone(),
                representative,
                independent,
            }
        })
        .collect()
}

/// A claim's id from its text; a group that can only show a wording an earlier claim
/// shows takes in its first other sentence (and then a count), so ids stay unique and
/// stable.
fn unique_id(
    ids: &mut HashSet<String>,
    text: &str,
    group: &[usize],
    representative: usize,
    sentences: &[Sentence<'_>],
) -> String {
    let other = group
        .iter()
        .find(|&&index| index != representative)
        .map_or("", |&index| sentences[index].text);
    let keys = [text.to_string(), format!("{text}\u{0}{other}")]
        .into_iter()
        .chain((2..).map(|n| format!("{text}\u{0}{other}\u{0}{n}")));
    for key in keys {
        let id = format!("c-{:016x}", hash_word(&key));
        if ids.insert(id.clone()) {
            return id;
        }
    }
    unreachable!("the keys never run out")
}

/// The sentence most like the rest of its group, from an independent article when there
/// is one, and a wording no earlier claim shows when there is one; the earlier of equals.
/// `group` is never empty.
fn representative(
    group: &[usize],
    articles: &[ArticleRecord],
    sentences: &[Sentence<'_>],
    shown: &HashSet<&str>,
) -> usize {
    let independent = |index: &usize| !is_copy(&articles[sentences[*index].article]);
    let unshown = |index: &usize| !shown.contains(sentences[*index].text);
    let preferences: [&dyn Fn(&usize) -> bool; 3] = [
        &|index| independent(index) && unshown(index),
        &unshown,
        &independent,
    ];
    let pool: Vec<usize> = preferences
        .iter()
        .map(|keep| group.iter().copied().filter(|index| keep(index)).collect())
        .find(|pool: &Vec<usize>| !pool.is_empty())
        .unwrap_or_else(|| group.to_vec());
    let mut best = (pool[0], f32::MIN);
    for &candidate in &pool {
        let score: f32 = group
            .iter()
            .filter(|&&other| other != candidate)
            .map(|&other| sentences[candidate].similarity(&sentences[other]))
            .sum();
        if score > best.1 {
            best = (candidate, score);
        }
    }
    best.0
}
