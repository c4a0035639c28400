//! The trainable tagger: an averaged perceptron (Collins 2002) over hashed features, with
//! the two previous tags as features, searched with a small beam both in training (early
//! update) and in tagging; an optional second stage reads the document. Trained on
//! CoNLL-style documents by `parallax train ner`; saved to and loaded from a file the
//! user names.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use super::clusters::WordClusters;
use super::features::{document_features, history_features, sentence_features};
use super::{Tag, Tagger};

/// Tag sequences kept while decoding.
const BEAM: usize = 8;
/// Share of a word's features (static, and the document stage's) hidden from each
/// training step (feature dropout),
/// so that strong features (the word itself, the rule tagger's tag) do not leave the
/// weaker ones (classes, shapes, context) untrained. Chosen on CoNLL dev: 30 % scores
/// 0.924, 45 % 0.921, 60 % 0.922 (beam training, 20 passes, one-sentence documents).
const DROPOUT_PERCENT: u64 = 30;

/// The model file's first bytes, and the format version after them.
const MAGIC: &[u8; 8] = b"PLXNER\0\0";
/// (2: the rule tagger's tags became features; 3: word classes, stored after the
/// bucket count, and the document stage's weights after the first stage's.)
const FORMAT: u32 = 3;

/// How a tagger is trained.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    /// Passes over the training sentences.
    pub epochs: usize,
    /// log2 of the number of feature buckets.
    pub bucket_bits: u32,
    /// Seed of the shuffle between passes and of feature dropout.
    pub seed: u64,
    /// Parts the training documents are cut into to give the document stage honest
    /// first-stage tags (each part tagged by a first stage trained on the others); below
    /// 2, no document stage.
    pub folds: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            epochs: 20,
            bucket_bits: 20,
            seed: 0x5eed,
            folds: 4,
        }
    }
}

/// Why a model file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The file could not be read or written.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The file is not a Parallax NER model of this version.
    #[error("not a Parallax NER model (format {FORMAT})")]
    Format,
}

/// A training document: its sentences' words and gold tags.
pub type TrainingDocument = Vec<(Vec<String>, Vec<Tag>)>;

/// A trained averaged-perceptron tagger: a first stage that reads each sentence alone
/// and, when trained with one, a document stage that also reads how the first stage
/// tagged the same words elsewhere in the document (Ratinov and Roth 2009's non-local
/// features).
#[derive(Clone, Debug)]
pub struct PerceptronTagger {
    first: Weights,
    document: Option<Weights>,
    /// Word classes read as features, when the model was trained with them.
    clusters: Option<WordClusters>,
}

/// One stage's averaged weights over hashed feature buckets.
#[derive(Clone, Debug)]
struct Weights {
    bucket_mask: u64,
    /// `buckets × Tag::COUNT` weights.
    values: Vec<f32>,
}

impl PerceptronTagger {
    /// Trains a tagger on `documents` (sentences of words and their gold tags), with
    /// word classes as features when `clusters` are given (they are kept in the model).
    /// `report` hears each pass's number and token accuracy on the training data, for
    /// the last stage trained.
    pub fn train(
        documents: &[TrainingDocument],
        clusters: Option<WordClusters>,
        config: &TrainConfig,
        mut report: impl FnMut(usize, f64),
    ) -> Self {
        let words: Vec<Vec<Vec<&str>>> = documents
            .iter()
            .map(|document| {
                document
                    .iter()
                    .map(|(words, _)| words.iter().map(String::as_str).collect())
                    .collect()
            })
            .collect();
        let prepared: Vec<Vec<Prepared>> = documents
            .iter()
            .zip(&words)
            .map(|(document, words)| {
                document
                    .iter()
                    .zip(words)
                    .map(|((_, tags), refs)| {
                        let (features, lower) = static_view(refs, clusters.as_ref());
                        Prepared {
                            features,
                            lower,
                            gold: canonical(tags),
                        }
                    })
                    .collect()
            })
            .collect();
        let everything: Vec<&Prepared> = prepared.iter().flatten().collect();
        // A document stage needs documents to hold out: at least one per fold.
        let with_document_stage = config.folds >= 2 && documents.len() >= config.folds;
        let first = train_weights(&everything, config, |pass, accuracy| {
            if !with_document_stage {
                report(pass, accuracy);
            }
        });
        let document = with_document_stage.then(|| {
            let first_tags = held_out_tags(&prepared, config);
            let staged: Vec<Prepared> = prepared
                .iter()
                .zip(&words)
                .zip(&first_tags)
                .flat_map(|((document, words), tags)| {
                    let extra = document_features(words, tags);
                    document
                        .iter()
                        .zip(extra)
                        .map(|(sentence, extra)| Prepared {
                            features: joined(&sentence.features, extra),
                            lower: sentence.lower.clone(),
                            gold: sentence.gold.clone(),
                        })
                })
                .collect();
            let staged: Vec<&Prepared> = staged.iter().collect();
            train_weights(&staged, config, &mut report)
        });
        Self {
            first,
            document,
            clusters,
        }
    }

    /// Writes the model to `path`.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let mut out = BufWriter::new(File::create(path)?);
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT.to_le_bytes())?;
        out.write_all(&(self.first.bucket_mask + 1).to_le_bytes())?;
        out.write_all(&[u8::from(self.clusters.is_some())])?;
        if let Some(clusters) = &self.clusters {
            clusters.write(&mut out)?;
        }
        out.write_all(&[u8::from(self.document.is_some())])?;
        for stage in std::iter::once(&self.first).chain(&self.document) {
            for weight in &stage.values {
                out.write_all(&weight.to_le_bytes())?;
            }
        }
        out.flush()?;
        Ok(())
    }

    /// Reads a model written by [`save`](Self::save).
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        let mut input = BufReader::new(File::open(path)?);
        let mut magic = [0u8; 8];
        input.read_exact(&mut magic)?;
        let mut word = [0u8; 4];
        input.read_exact(&mut word)?;
        if &magic != MAGIC || u32::from_le_bytes(word) != FORMAT {
            return Err(ModelError::Format);
        }
        let mut count = [0u8; 8];
        input.read_exact(&mut count)?;
        let buckets = u64::from_le_bytes(count);
        if !buckets.is_power_of_two() || buckets > 1 << 26 {
            return Err(ModelError::Format);
        }
        let clusters = match read_flag(&mut input)? {
            false => None,
            true => Some(WordClusters::read(&mut input)?.ok_or(ModelError::Format)?),
        };
        let stages = 1 + usize::from(read_flag(&mut input)?);
        let mut bytes = Vec::new();
        input.read_to_end(&mut bytes)?;
        let stage_bytes = buckets as usize * Tag::COUNT * 4;
        if bytes.len() != stage_bytes * stages {
            return Err(ModelError::Format);
        }
        let mut weights = bytes.chunks_exact(stage_bytes).map(|chunk| Weights {
            bucket_mask: buckets - 1,
            values: chunk
                .chunks_exact(4)
                .map(|value| f32::from_le_bytes([value[0], value[1], value[2], value[3]]))
                .collect(),
        });
        let first = weights.next().ok_or(ModelError::Format)?;
        Ok(Self {
            first,
            document: weights.next(),
            clusters,
        })
    }
}

impl Tagger for PerceptronTagger {
    fn tag(&self, words: &[&str]) -> Vec<Tag> {
        self.tag_sentences(&[words.to_vec()])
            .pop()
            .unwrap_or_default()
    }

    /// Both stages over the document.
    fn tag_sentences(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Tag>> {
        let prepared: Vec<_> = sentences
            .iter()
            .map(|words| static_view(words, self.clusters.as_ref()))
            .collect();
        let first: Vec<Vec<Tag>> = prepared
            .iter()
            .map(|(features, lower)| self.first.decode(features, lower))
            .collect();
        let Some(document) = &self.document else {
            return first;
        };
        prepared
            .iter()
            .zip(document_features(sentences, &first))
            .map(|((features, lower), extra)| document.decode(&joined(features, extra), lower))
            .collect()
    }
}

impl Weights {
    fn scores(&self, features: &[u64]) -> [f32; Tag::COUNT] {
        let mut scores = [0.0f32; Tag::COUNT];
        for feature in features {
            let base = (feature & self.bucket_mask) as usize * Tag::COUNT;
            for (score, weight) in scores.iter_mut().zip(&self.values[base..base + Tag::COUNT]) {
                *score += weight;
            }
        }
        scores
    }

    /// Tags one sentence given its static features and lowercased words.
    fn decode(&self, features: &[Vec<u64>], lower: &[String]) -> Vec<Tag> {
        self.search(features, lower, None).0
    }

    /// A beam of the [`BEAM`] best tag sequences so far, each extended by every tag.
    /// Returns the best sequence, and how many words it covers: all of them, or, when
    /// `gold` is given and falls out of the beam, the words up to where it fell out
    /// (Collins and Roark 2004's early update).
    fn search(
        &self,
        features: &[Vec<u64>],
        lower: &[String],
        gold: Option<&[Tag]>,
    ) -> (Vec<Tag>, usize) {
        // Each sequence: its score, its tags, and whether it is the gold one so far.
        let mut beam: Vec<(f32, Vec<Tag>, bool)> =
            vec![(0.0, Vec::with_capacity(features.len()), gold.is_some())];
        let mut history = Vec::with_capacity(4);
        // Each extension: its score, the sequence it extends, its tag, whether gold.
        let mut extensions: Vec<(f32, usize, Tag, bool)> = Vec::with_capacity(BEAM * Tag::COUNT);
        for (position, word_features) in features.iter().enumerate() {
            let word_scores = self.scores(word_features);
            extensions.clear();
            for (parent, (score, tags, on_gold)) in beam.iter().enumerate() {
                history.clear();
                let (previous, before) = previous_two(tags, position);
                history_features(previous, before, &lower[position], &mut history);
                let history_scores = self.scores(&history);
                for index in 0..Tag::COUNT {
                    let tag = valid_after(previous, index);
                    if tag != Tag::from_index(index) {
                        continue;
                    }
                    let gold_still = *on_gold && gold.is_some_and(|gold| gold[position] == tag);
                    let total = score + word_scores[index] + history_scores[index];
                    extensions.push((total, parent, tag, gold_still));
                }
            }
            extensions.sort_by(|a, b| b.0.total_cmp(&a.0));
            extensions.truncate(BEAM);
            beam = extensions
                .iter()
                .map(|&(score, parent, tag, gold_still)| {
                    let mut tags = Vec::with_capacity(features.len());
                    tags.extend_from_slice(&beam[parent].1);
                    tags.push(tag);
                    (score, tags, gold_still)
                })
                .collect();
            if gold.is_some() && !beam.iter().any(|(_, _, on_gold)| *on_gold) {
                let best = beam.swap_remove(0).1;
                return (best, position + 1);
            }
        }
        let best = beam
            .into_iter()
            .next()
            .map(|(_, tags, _)| tags)
            .unwrap_or_default();
        (best, features.len())
    }
}

/// A training sentence ready for passes: static features, lowercased words, gold tags.
struct Prepared {
    features: Vec<Vec<u64>>,
    lower: Vec<String>,
    gold: Vec<Tag>,
}

/// A sentence's static features and lowercased words: what tagging and training read
/// before any tag is given.
fn static_view(words: &[&str], clusters: Option<&WordClusters>) -> (Vec<Vec<u64>>, Vec<String>) {
    (
        sentence_features(words, clusters),
        words.iter().map(|word| word.to_lowercase()).collect(),
    )
}

/// Each word's static features followed by its document features.
fn joined(features: &[Vec<u64>], extra: Vec<Vec<u64>>) -> Vec<Vec<u64>> {
    features
        .iter()
        .zip(extra)
        .map(|(static_features, mut more)| {
            more.extend_from_slice(static_features);
            more
        })
        .collect()
}

/// One stage trained on `sentences` for `config.epochs` shuffled passes.
fn train_weights(
    sentences: &[&Prepared],
    config: &TrainConfig,
    mut report: impl FnMut(usize, f64),
) -> Weights {
    let buckets = 1usize << config.bucket_bits;
    let mut trainer = Trainer {
        model: Weights {
            bucket_mask: buckets as u64 - 1,
            values: vec![0.0; buckets * Tag::COUNT],
        },
        totals: vec![0.0; buckets * Tag::COUNT],
        stamps: vec![0; buckets * Tag::COUNT],
        clock: 0,
        random: config.seed | 1,
    };
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut random = config.seed | 1;
    for epoch in 0..config.epochs {
        shuffle(&mut order, &mut random);
        let (mut correct, mut total) = (0usize, 0usize);
        for &index in &order {
            let sentence = sentences[index];
            let (right, count) = trainer.learn(&sentence.features, &sentence.lower, &sentence.gold);
            correct += right;
            total += count;
        }
        report(epoch + 1, correct as f64 / total.max(1) as f64);
    }
    trainer.finish()
}

/// First-stage tags of every training document from a first stage that did not see
/// it: the documents are cut into `config.folds` parts and each part is tagged by a
/// stage trained on the rest, so the document stage learns how far to trust tags as
/// wrong as they will be on new text.
fn held_out_tags(prepared: &[Vec<Prepared>], config: &TrainConfig) -> Vec<Vec<Vec<Tag>>> {
    let mut tags: Vec<Vec<Vec<Tag>>> = vec![Vec::new(); prepared.len()];
    for fold in 0..config.folds {
        let rest: Vec<&Prepared> = prepared
            .iter()
            .enumerate()
            .filter(|(index, _)| index % config.folds != fold)
            .flat_map(|(_, document)| document)
            .collect();
        let stage = train_weights(&rest, config, |_, _| {});
        for (index, document) in prepared.iter().enumerate() {
            if index % config.folds == fold {
                tags[index] = document
                    .iter()
                    .map(|sentence| stage.decode(&sentence.features, &sentence.lower))
                    .collect();
            }
        }
    }
    tags
}

/// Training state: the weights, their running totals and when each last changed.
struct Trainer {
    model: Weights,
    totals: Vec<f64>,
    stamps: Vec<u32>,
    clock: u32,
    random: u64,
}

impl Trainer {
    /// Searches one sentence, each word seen through a random part of its features, and
    /// where the best sequence is not the gold one (up to where the gold
    /// one fell out of the beam), moves the weights towards the gold sequence's features
    /// and away from the best one's. Returns the words tagged right and the words searched
    /// (up to where the gold sequence fell out of the beam).
    fn learn(&mut self, features: &[Vec<u64>], lower: &[String], gold: &[Tag]) -> (usize, usize) {
        self.clock += 1;
        let kept: Vec<Vec<u64>> = features
            .iter()
            .map(|word_features| {
                word_features
                    .iter()
                    .copied()
                    .filter(|_| next_random(&mut self.random) % 100 >= DROPOUT_PERCENT)
                    .collect()
            })
            .collect();
        let (best, covered) = self.model.search(&kept, lower, Some(gold));
        let correct = best[..covered]
            .iter()
            .zip(gold)
            .filter(|(a, b)| a == b)
            .count();
        if best[..covered] != gold[..covered] {
            let mut history = Vec::with_capacity(4);
            for (tags, change) in [(gold, 1.0), (best.as_slice(), -1.0)] {
                for position in 0..covered {
                    history.clear();
                    let (previous, before) = previous_two(tags, position);
                    history_features(previous, before, &lower[position], &mut history);
                    let tag = tags[position].index();
                    for &feature in kept[position].iter().chain(&history) {
                        self.update(feature, tag, change);
                    }
                }
            }
        }
        (correct, covered)
    }

    fn update(&mut self, feature: u64, tag: usize, change: f32) {
        let slot = (feature & self.model.bucket_mask) as usize * Tag::COUNT + tag;
        let elapsed = self.clock - self.stamps[slot];
        self.totals[slot] += f64::from(elapsed) * f64::from(self.model.values[slot]);
        self.stamps[slot] = self.clock;
        self.model.values[slot] += change;
    }

    /// The averaged weights.
    fn finish(mut self) -> Weights {
        let clock = f64::from(self.clock.max(1));
        for slot in 0..self.model.values.len() {
            let elapsed = f64::from(self.clock - self.stamps[slot]);
            let total = self.totals[slot] + elapsed * f64::from(self.model.values[slot]);
            self.model.values[slot] = (total / clock) as f32;
        }
        self.model
    }
}

fn read_flag(input: &mut impl Read) -> Result<bool, ModelError> {
    let mut flag = [0u8; 1];
    input.read_exact(&mut flag)?;
    match flag {
        [0] => Ok(false),
        [1] => Ok(true),
        _ => Err(ModelError::Format),
    }
}

fn previous_two(tags: &[Tag], position: usize) -> (Tag, Tag) {
    let previous = position.checked_sub(1).map_or(Tag::Outside, |at| tags[at]);
    let before = position.checked_sub(2).map_or(Tag::Outside, |at| tags[at]);
    (previous, before)
}

/// Gold tags as decoding writes them: an `I-X` that continues no `X` begins one (CoNLL
/// files mix IOB1 and IOB2), so the gold sequence is one the beam can hold.
fn canonical(tags: &[Tag]) -> Vec<Tag> {
    let mut canonical: Vec<Tag> = Vec::with_capacity(tags.len());
    for tag in tags {
        let previous = canonical.last().copied().unwrap_or(Tag::Outside);
        canonical.push(valid_after(previous, tag.index()));
    }
    canonical
}

/// `I-X` only continues an `X`; elsewhere it begins one.
fn valid_after(previous: Tag, index: usize) -> Tag {
    match Tag::from_index(index) {
        Tag::Inside(kind) if !matches!(previous, Tag::Begin(k) | Tag::Inside(k) if k == kind) => {
            Tag::Begin(kind)
        }
        tag => tag,
    }
}

/// The next number of a xorshift generator, so training is reproducible.
fn next_random(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Fisher–Yates with [`next_random`].
fn shuffle(order: &mut [usize], state: &mut u64) {
    for index in (1..order.len()).rev() {
        let other = (next_random(state) % (index as u64 + 1)) as usize;
        order.swap(index, other);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::{EntityKind, spans};

    /// Sentences of our own, in CoNLL's shape.
    fn fixture() -> Vec<(Vec<String>, Vec<Tag>)> {
        let rows = [
            "President/B-PER Aldo/I-PER Verrin/I-PER visited/O Norhaven/B-LOC on/O Monday/O ./O",
            "The/O Velmora/B-ORG Port/I-ORG Authority/I-ORG said/O ships/O would/O sail/O ./O",
            "Minister/O Ana/B-PER Sousa/I-PER met/O officials/O in/O Belmark/B-LOC ./O",
            "Rescuers/O from/O Ostra/B-LOC reached/O Velmora/B-LOC late/O ./O",
            "The/O Harbour/B-ORG Times/I-ORG reported/O that/O Rui/B-PER Mendes/I-PER resigned/O ./O",
            "Talks/O in/O Aldoria/B-LOC ended/O ,/O Ana/B-PER Sousa/I-PER said/O ./O",
            "The/O Aldorian/B-MISC delegation/O left/O Norhaven/B-LOC ./O",
        ];
        rows.iter()
            .map(|row| {
                row.split(' ')
                    .map(|pair| {
                        let (word, tag) = pair.rsplit_once('/').unwrap();
                        (word.to_string(), Tag::from_conll(tag).unwrap())
                    })
                    .unzip()
            })
            .collect()
    }

    #[test]
    fn a_tiny_model_learns_its_sentences_and_round_trips() {
        let documents: Vec<TrainingDocument> = fixture().into_iter().map(|s| vec![s]).collect();
        let config = TrainConfig {
            epochs: 12,
            bucket_bits: 14,
            seed: 7,
            folds: 2,
        };
        let mut accuracies = Vec::new();
        let tagger = PerceptronTagger::train(&documents, None, &config, |_, accuracy| {
            accuracies.push(accuracy)
        });
        assert_eq!(accuracies.len(), 12);
        assert!(accuracies[11] > 0.95, "{accuracies:?}");
        let words = ["Minister", "Ana", "Sousa", "visited", "Norhaven", "."];
        let found = spans(&tagger.tag(&words));
        assert!(
            found
                .iter()
                .any(|span| span.kind == EntityKind::Person && (span.start, span.end) == (1, 3)),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|span| span.kind == EntityKind::Place && span.start == 4),
            "{found:?}"
        );

        let file = tempfile::NamedTempFile::new().unwrap();
        tagger.save(file.path()).unwrap();
        let loaded = PerceptronTagger::load(file.path()).unwrap();
        assert_eq!(loaded.tag(&words), tagger.tag(&words));
        std::fs::write(file.path(), b"not a model").unwrap();
        assert!(matches!(
            PerceptronTagger::load(file.path()),
            Err(ModelError::Io(_) | ModelError::Format)
        ));
    }
}
