//! `parallax eval quotes`: quotes and their speakers against PolNeAR's development split
//! (`../shared/data/polnear/dev`, brat standoff: Source, Cue and Content spans bound into
//! attribution relations).
//!
//! Relation-level scores: a quote Parallax finds is right when it lies in a gold relation's
//! Content (at least half of the quote's characters inside it) and its speaker shares a
//! name word with that relation's Source — or, when the Source is a pronoun or a
//! description ("he", "the senator"), with the nearest named Source annotated before it. Recall is counted over all gold relations and,
//! separately, over the relations whose Content holds a direct quotation (quotation marks),
//! scored with the quotes Parallax found in quotation marks only; the reported speech it
//! finds ("he said the talks would resume") counts toward all relations.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use parallax_analyze::article_quotes;
use serde::Serialize;

use crate::Error;
use crate::eval::metrics::Scores;

/// Scores on PolNeAR.
#[derive(Clone, Debug, Serialize)]
pub struct QuotesReport {
    /// Articles scored.
    pub articles: usize,
    /// Gold attribution relations, and those with a direct quotation.
    pub gold_relations: usize,
    /// See `gold_relations`.
    pub gold_direct: usize,
    /// Quotes Parallax found, reported speech included.
    pub found: usize,
    /// Of those, reported speech.
    pub found_indirect: usize,
    /// Quotes found inside a gold Content.
    pub content_matched: usize,
    /// Relation P/R/F1 against every gold relation.
    pub all_relations: Scores,
    /// Relation P/R/F1 against the gold relations with a direct quotation.
    pub direct_relations: Scores,
}

/// One gold relation: its Content range (bytes), its Source text, and for a Source that
/// is a pronoun or a description ("he", "the senator"), the name of the nearest named
/// Source before it (gold-side coreference, approximated).
struct Relation {
    content: (usize, usize),
    source: String,
    named_source: Option<String>,
    direct: bool,
}

/// Scores quote and speaker extraction on `data/polnear/dev`.
pub fn run(data: &Path, ner_model: Option<&Path>) -> Result<QuotesReport, Error> {
    let tagger = crate::eval::ner::load_tagger(ner_model)?;
    let root = data.join("polnear").join("dev");
    let text_dir = root.join("text");
    let mut files: Vec<PathBuf> = fs::read_dir(&text_dir)
        .map_err(|error| Error::data(&text_dir, error))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    files.sort();
    let annotations = annotation_files(&root.join("attributions"))?;
    let mut report = QuotesReport {
        articles: 0,
        gold_relations: 0,
        gold_direct: 0,
        found: 0,
        found_indirect: 0,
        content_matched: 0,
        all_relations: Scores::new(0.0, 0.0),
        direct_relations: Scores::new(0.0, 0.0),
    };
    let (mut correct, mut correct_direct) = (0usize, 0usize);
    let (mut recalled_all, mut recalled_direct) = (0usize, 0usize);
    for file in files {
        let stem = file
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(annotation) = annotations.get(&stem) else {
            continue;
        };
        let text = fs::read_to_string(&file).map_err(|error| Error::data(&file, error))?;
        let relations = read_relations(annotation, &text)?;
        let quotes = article_quotes(&text, tagger.as_ref());
        report.articles += 1;
        report.gold_relations += relations.len();
        report.gold_direct += relations.iter().filter(|relation| relation.direct).count();
        report.found += quotes.len();
        report.found_indirect += quotes.iter().filter(|quote| quote.indirect).count();
        let mut recalled = vec![false; relations.len()];
        let mut recalled_quoted = vec![false; relations.len()];
        for quote in &quotes {
            let inside = relations.iter().enumerate().find(|(_, relation)| {
                let overlap = quote
                    .end
                    .min(relation.content.1)
                    .saturating_sub(quote.start.max(relation.content.0));
                overlap * 2 >= quote.end - quote.start
            });
            let Some((index, relation)) = inside else {
                continue;
            };
            report.content_matched += 1;
            let named = relation.named_source.as_deref().unwrap_or("");
            if same_speaker(&quote.speaker, &relation.source) || same_speaker(&quote.speaker, named)
            {
                correct += 1;
                recalled[index] = true;
                if !quote.indirect {
                    correct_direct += 1;
                    recalled_quoted[index] = true;
                }
            }
        }
        recalled_all += recalled.iter().filter(|hit| **hit).count();
        recalled_direct += recalled_quoted
            .iter()
            .zip(&relations)
            .filter(|(hit, relation)| **hit && relation.direct)
            .count();
    }
    report.all_relations = Scores::new(
        correct as f64 / report.found.max(1) as f64,
        recalled_all as f64 / report.gold_relations.max(1) as f64,
    );
    let found_direct = report.found - report.found_indirect;
    report.direct_relations = Scores::new(
        correct_direct as f64 / found_direct.max(1) as f64,
        recalled_direct as f64 / report.gold_direct.max(1) as f64,
    );
    Ok(report)
}

/// One annotation file per article: the first annotator's, by file name.
fn annotation_files(folder: &Path) -> Result<HashMap<String, PathBuf>, Error> {
    let mut files: Vec<PathBuf> = fs::read_dir(folder)
        .map_err(|error| Error::data(folder, error))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ann"))
        .collect();
    files.sort();
    let mut by_article = HashMap::new();
    for file in files {
        let stem = file
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        // `<article>_<annotator>.ann`
        if let Some((article, _)) = stem.rsplit_once('_') {
            by_article.entry(article.to_string()).or_insert(file);
        }
    }
    Ok(by_article)
}

/// The relations of a brat file whose offsets count characters of `text`.
fn read_relations(path: &Path, text: &str) -> Result<Vec<Relation>, Error> {
    let annotation = fs::read_to_string(path).map_err(|error| Error::data(path, error))?;
    let byte_at: Vec<usize> = text
        .char_indices()
        .map(|(at, _)| at)
        .chain([text.len()])
        .collect();
    let mut spans: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut relations = Vec::new();
    for line in annotation.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        if line.starts_with('T') && fields.len() >= 2 {
            let mut parts = fields[1].split([' ', ';']);
            let _role = parts.next();
            let start: Option<usize> = parts.next().and_then(|n| n.parse().ok());
            let end: Option<usize> = parts.next_back().and_then(|n| n.parse().ok());
            if let (Some(start), Some(end)) = (start, end)
                && end < byte_at.len()
                && start <= end
            {
                spans.insert(fields[0], (byte_at[start], byte_at[end]));
            }
        } else if line.starts_with('E') && fields.len() >= 2 {
            let mut content = None;
            let mut source = None;
            for part in fields[1].split(' ') {
                if let Some(id) = part.strip_prefix("Content:") {
                    content = spans.get(id).copied();
                } else if let Some(id) = part.strip_prefix("Source:") {
                    source = spans.get(id).copied();
                }
            }
            if let (Some(content), Some(source)) = (content, source) {
                let content_text = &text[content.0..content.1];
                relations.push(Relation {
                    content,
                    source: text[source.0..source.1].to_string(),
                    named_source: None,
                    direct: content_text.contains(['“', '"', '«']),
                });
            }
        }
    }
    relations.sort_by_key(|relation| relation.content.0);
    let mut last_name: Option<String> = None;
    for relation in &mut relations {
        let is_name = relation
            .source
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
            && !matches!(
                relation.source.as_str(),
                "He" | "She" | "They" | "I" | "We" | "It"
            )
            && !relation.source.starts_with("The ");
        if is_name {
            last_name = Some(relation.source.clone());
        } else {
            relation.named_source = last_name.clone();
        }
    }
    Ok(relations)
}

/// Whether a found speaker and a gold Source share a name word (three letters or more,
/// case aside).
fn same_speaker(found: &str, source: &str) -> bool {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|word| word.chars().count() >= 3)
            .map(str::to_lowercase)
            .collect()
    };
    let source = words(source);
    words(found).iter().any(|word| source.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brat_relations_are_read_with_character_offsets() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Ana Sousa said: “We will rebuild every home.” Then she left.";
        let content_start = text[..text.find("We will").unwrap()].chars().count();
        let content_end = content_start + "We will rebuild every home.".chars().count();
        let annotation = format!(
            "T1\tSource 0 9\tAna Sousa\nT2\tContent {} {}\tWe will rebuild every home.\nT3\tCue 10 14\tsaid\nT4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Content:T2 Cue:T3 Source:T1\n",
            content_start - 1,
            content_end + 1
        );
        let path = dir.path().join("a_1.ann");
        fs::write(&path, annotation).unwrap();
        let relations = read_relations(&path, text).unwrap();
        assert_eq!(relations.len(), 1);
        assert_eq!(relations[0].source, "Ana Sousa");
        assert!(relations[0].direct);
        assert!(same_speaker("Ana Sousa", "Sousa") && !same_speaker("Rui Mendes", "Ana Sousa"));
    }
}
