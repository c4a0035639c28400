//! `parallax eval ner` and `parallax train ner`: named entities against CoNLL-2003
//! (`../shared/data/conll2003`), entity-level exact-match micro P/R/F1 as conlleval counts
//! them (a span counts only with both boundaries and its type right), overall and per type.

use std::collections::HashSet;
use std::fs;
use std::path::Path;
use std::time::Instant;

use parallax_analyze::ner::{
    EntityKind, PerceptronTagger, RuleTagger, Span, Tag, Tagger, TrainConfig, WordClusters, spans,
};
use serde::Serialize;

use crate::Error;
use crate::eval::metrics::Scores;

/// One sentence of a CoNLL file: words and gold tags.
pub type Sentence = (Vec<String>, Vec<Tag>);

/// Scores of a tagger on one CoNLL file.
#[derive(Clone, Debug, Serialize)]
pub struct NerReport {
    /// `rules` or the model file.
    pub tagger: String,
    /// The file scored.
    pub file: String,
    /// Sentences and words tagged.
    pub sentences: usize,
    /// See `sentences`.
    pub words: usize,
    /// Micro-averaged over every entity.
    pub overall: Scores,
    /// Per type (`PER`, `LOC`, `ORG`, `MISC`), with the number of gold entities.
    pub per_type: Vec<TypeScore>,
    /// Seconds spent tagging.
    pub seconds: f64,
}

/// Scores on one entity type.
#[derive(Clone, Debug, Serialize)]
pub struct TypeScore {
    /// CoNLL label.
    pub label: String,
    /// Gold entities of the type.
    pub gold: usize,
    /// P/R/F1 on the type.
    pub scores: Scores,
}

/// Reads a CoNLL file (`word TAG` per line, blank lines between sentences,
/// `-DOCSTART-` lines ignored).
pub fn read_conll(path: &Path) -> Result<Vec<Sentence>, Error> {
    Ok(read_conll_documents(path)?.into_iter().flatten().collect())
}

/// Reads a CoNLL file as documents of sentences, split at `-DOCSTART-` lines; a file
/// without them (the train and dev splits as distributed here) is split where Reuters
/// stories begin, before each dateline ("BRUSSELS 1996-08-22"), so document-level
/// features and consistency see documents there too.
pub fn read_conll_documents(path: &Path) -> Result<Vec<Vec<Sentence>>, Error> {
    let text = fs::read_to_string(path).map_err(|error| Error::data(path, error))?;
    let marked = text.contains("-DOCSTART-");
    let mut documents: Vec<Vec<Sentence>> = Vec::new();
    let mut document: Vec<Sentence> = Vec::new();
    let (mut words, mut tags) = (Vec::new(), Vec::new());
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        let new_document = line.starts_with("-DOCSTART-");
        if line.is_empty() || new_document {
            if !words.is_empty() {
                document.push((std::mem::take(&mut words), std::mem::take(&mut tags)));
            }
            if new_document && !document.is_empty() {
                documents.push(std::mem::take(&mut document));
            }
            continue;
        }
        let (word, tag) = line.rsplit_once(' ').ok_or_else(|| {
            Error::data(path, format!("line {}: expected `word TAG`", number + 1))
        })?;
        let tag = Tag::from_conll(tag).ok_or_else(|| {
            Error::data(path, format!("line {}: unknown tag {tag:?}", number + 1))
        })?;
        words.push(word.to_string());
        tags.push(tag);
    }
    if !words.is_empty() {
        document.push((words, tags));
    }
    if !document.is_empty() {
        documents.push(document);
    }
    if !marked {
        documents = split_at_datelines(documents.into_iter().flatten().collect());
    }
    Ok(documents)
}

/// Cuts a run of sentences into stories: each begins with the headline before a
/// dateline (a short line ending in an ISO date), or with the byline before that. Without
/// any dateline, nothing says which sentences belong together: each is its own document.
fn split_at_datelines(sentences: Vec<Sentence>) -> Vec<Vec<Sentence>> {
    let mut starts: Vec<usize> = (0..sentences.len())
        .filter(|&index| is_dateline(&sentences[index].0))
        .map(|dateline| {
            let headline = dateline.saturating_sub(1);
            if headline > 0 && is_byline(&sentences[headline].0) {
                headline - 1
            } else {
                headline
            }
        })
        .collect();
    starts.dedup();
    if starts.is_empty() {
        return sentences
            .into_iter()
            .map(|sentence| vec![sentence])
            .collect();
    }
    let mut documents = Vec::with_capacity(starts.len() + 1);
    let mut sentences = sentences.into_iter();
    let mut taken = 0;
    for start in starts.into_iter().chain(std::iter::once(usize::MAX)) {
        let document: Vec<Sentence> = sentences
            .by_ref()
            .take(start.saturating_sub(taken))
            .collect();
        taken += document.len();
        if !document.is_empty() {
            documents.push(document);
        }
    }
    documents
}

/// "BRUSSELS 1996-08-22", "LONDON 1996-08-30": a few words ending in an ISO date.
fn is_dateline(words: &[String]) -> bool {
    const ISO_DATE_LENGTH: usize = "1996-08-22".len();
    words.len() <= 8
        && words.last().is_some_and(|last| {
            last.len() == ISO_DATE_LENGTH && parallax_core::dates::parse_datetime(last).is_some()
        })
}

/// "Peter Blackburn": a line of up to four capitalised words and nothing else.
fn is_byline(words: &[String]) -> bool {
    words.len() <= 4
        && words
            .iter()
            .all(|word| word.chars().next().is_some_and(char::is_uppercase))
}

/// Scores the rule tagger, or the model at `model`, on CoNLL-2003's test split under `data`.
pub fn run(data: &Path, model: Option<&Path>) -> Result<NerReport, Error> {
    let file = data.join("conll2003").join("test.txt");
    let documents = read_conll_documents(&file)?;
    let tagger = load_tagger(model)?;
    let name = model.map_or_else(|| "rules".to_string(), |path| path.display().to_string());
    Ok(score(tagger.as_ref(), &documents, &name, &file))
}

/// The model at `model`, or the rule tagger.
pub(crate) fn load_tagger(model: Option<&Path>) -> Result<Box<dyn Tagger>, Error> {
    Ok(match model {
        Some(path) => {
            Box::new(PerceptronTagger::load(path).map_err(|error| Error::data(path, error))?)
        }
        None => Box::new(RuleTagger),
    })
}

/// Scores `tagger` on `documents`, each tagged as a whole (see [`Tagger::tag_document`]).
pub fn score(
    tagger: &dyn Tagger,
    documents: &[Vec<Sentence>],
    name: &str,
    file: &Path,
) -> NerReport {
    let started = Instant::now();
    let predicted: Vec<Vec<Tag>> = documents
        .iter()
        .flat_map(|document| {
            let words: Vec<Vec<&str>> = document
                .iter()
                .map(|(words, _)| words.iter().map(String::as_str).collect())
                .collect();
            tagger.tag_document(&words)
        })
        .collect();
    let sentences: Vec<&Sentence> = documents.iter().flatten().collect();
    let seconds = started.elapsed().as_secs_f64();
    let mut gold_spans = HashSet::new();
    let mut found_spans = HashSet::new();
    for (index, ((_, gold), found)) in sentences.iter().copied().zip(&predicted).enumerate() {
        gold_spans.extend(spans(gold).into_iter().map(|span| (index, span)));
        found_spans.extend(spans(found).into_iter().map(|span| (index, span)));
    }
    let scores_of = |keep: &dyn Fn(&Span) -> bool| {
        let gold: HashSet<_> = gold_spans.iter().filter(|(_, span)| keep(span)).collect();
        let found: HashSet<_> = found_spans.iter().filter(|(_, span)| keep(span)).collect();
        let hits = gold.intersection(&found).count() as f64;
        (
            Scores::new(
                hits / found.len().max(1) as f64,
                hits / gold.len().max(1) as f64,
            ),
            gold.len(),
        )
    };
    let (overall, _) = scores_of(&|_| true);
    let per_type = [
        EntityKind::Person,
        EntityKind::Place,
        EntityKind::Organization,
        EntityKind::Other,
    ]
    .into_iter()
    .map(|kind| {
        let (scores, gold) = scores_of(&|span: &Span| span.kind == kind);
        TypeScore {
            label: kind.conll().to_string(),
            gold,
            scores,
        }
    })
    .collect();
    NerReport {
        tagger: name.to_string(),
        file: file.display().to_string(),
        sentences: sentences.len(),
        words: sentences.iter().map(|(words, _)| words.len()).sum(),
        overall,
        per_type,
        seconds,
    }
}

/// What training did.
#[derive(Clone, Debug, Serialize)]
pub struct TrainReport {
    /// Training sentences.
    pub sentences: usize,
    /// Word accuracy on the training data after each pass.
    pub accuracy_by_pass: Vec<f64>,
    /// Scores on the development split, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dev: Option<NerReport>,
    /// Words with a class from the word vectors, when training used them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classed_words: Option<usize>,
    /// Seconds spent training.
    pub seconds: f64,
}

/// Trains a tagger on `DIR/train.txt` (CoNLL format), scores it on `DIR/dev.txt` when
/// present, and writes it to `out`. With `word_vectors` (a sentence-transformer's
/// folder), words are grouped into classes by the model's input embeddings and the
/// tagger reads the classes as features.
pub fn train(
    data: &Path,
    word_vectors: Option<&Path>,
    out: &Path,
    config: &TrainConfig,
) -> Result<TrainReport, Error> {
    let train_file = data.join("train.txt");
    let documents = read_conll_documents(&train_file)?;
    let sentences: usize = documents.iter().map(Vec::len).sum();
    if sentences == 0 {
        return Err(Error::data(&train_file, "no sentences"));
    }
    let started = Instant::now();
    let clusters = word_vectors
        .map(|folder| {
            let vectors =
                parallax_embed::word_vectors(folder).map_err(|error| Error::data(folder, error))?;
            Ok::<_, Error>(WordClusters::from_vectors(
                &vectors.words,
                &vectors.values,
                vectors.dimensions,
            ))
        })
        .transpose()?;
    let classed_words = clusters.as_ref().map(WordClusters::len);
    let mut accuracy_by_pass = Vec::new();
    let tagger = PerceptronTagger::train(&documents, clusters, config, |_, accuracy| {
        accuracy_by_pass.push(accuracy)
    });
    let seconds = started.elapsed().as_secs_f64();
    tagger.save(out).map_err(|error| Error::data(out, error))?;
    let dev_file = data.join("dev.txt");
    let dev = if dev_file.is_file() {
        let dev_documents = read_conll_documents(&dev_file)?;
        Some(score(
            &tagger,
            &dev_documents,
            &out.display().to_string(),
            &dev_file,
        ))
    } else {
        None
    };
    Ok(TrainReport {
        sentences,
        accuracy_by_pass,
        dev,
        classed_words,
        seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conll_files_are_read_and_scored_as_conlleval_does() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("test.txt");
        fs::write(
            &file,
            "-DOCSTART- O\n\nAna B-PER\nSousa I-PER\nvisited O\nNorhaven B-LOC\n. O\n\nThe O\nHarbour B-ORG\nTimes I-ORG\nreported O\n. O\n",
        )
        .unwrap();
        let sentences = read_conll(&file).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[0].0, ["Ana", "Sousa", "visited", "Norhaven", "."]);
        struct Fixed;
        impl Tagger for Fixed {
            fn tag(&self, words: &[&str]) -> Vec<Tag> {
                // Right on the person, wrong type on the place, misses the organisation.
                words
                    .iter()
                    .map(|word| match *word {
                        "Ana" => Tag::Begin(EntityKind::Person),
                        "Sousa" => Tag::Inside(EntityKind::Person),
                        "Norhaven" => Tag::Begin(EntityKind::Organization),
                        _ => Tag::Outside,
                    })
                    .collect()
            }
        }
        let documents = read_conll_documents(&file).unwrap();
        assert_eq!(documents.len(), 1);
        let report = score(&Fixed, &documents, "fixed", &file);
        assert_eq!(report.overall.precision, 0.5);
        assert!((report.overall.recall - 1.0 / 3.0).abs() < 1e-9);
        let person = &report.per_type[0];
        assert_eq!(
            (person.label.as_str(), person.gold, person.scores.f1),
            ("PER", 1, 1.0)
        );
    }

    #[test]
    fn files_without_document_marks_are_cut_before_datelines() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("train.txt");
        let sentences = [
            "Velmora ports reopen .",
            "Ana Sousa",
            "NORHAVEN 1996-08-22",
            "Ships sailed on Monday .",
            "Harbour Times sold .",
            "BELMARK 1996-08-23",
            "The sale closed .",
        ];
        let text: String = sentences
            .iter()
            .map(|sentence| {
                sentence
                    .split(' ')
                    .map(|word| format!("{word} O\n"))
                    .collect::<String>()
                    + "\n"
            })
            .collect();
        fs::write(&file, text).unwrap();
        let documents = read_conll_documents(&file).unwrap();
        let firsts: Vec<(usize, &str)> = documents
            .iter()
            .map(|document| (document.len(), document[0].0[0].as_str()))
            .collect();
        assert_eq!(firsts, [(4, "Velmora"), (3, "Harbour")]);
    }
}
