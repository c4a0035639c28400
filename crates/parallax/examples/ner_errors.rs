//! Counts a tagger's errors on a CoNLL file by kind, each document tagged as `eval ner`
//! tags it (a debugging aid): `cargo run --release -p parallax --example ner_errors --
//! ../shared/data/conll2003/test.txt [MODEL]`, the rule tagger without a trained model.
use std::collections::HashMap;

use parallax::analyze::ner::{PerceptronTagger, RuleTagger, Tagger, spans};

fn main() {
    let path = std::env::args().nth(1).expect("a CoNLL file");
    let trained = std::env::args()
        .nth(2)
        .map(|model| PerceptronTagger::load(std::path::Path::new(&model)).expect("a model"));
    let tagger: &dyn Tagger = match &trained {
        Some(model) => model,
        None => &RuleTagger,
    };
    let documents =
        parallax::eval::ner::read_conll_documents(std::path::Path::new(&path)).expect("readable");
    let mut errors: HashMap<String, usize> = HashMap::new();
    let mut examples: HashMap<String, Vec<String>> = HashMap::new();
    let tagged = documents.iter().flat_map(|document| {
        let words: Vec<Vec<&str>> = document
            .iter()
            .map(|(words, _)| words.iter().map(String::as_str).collect())
            .collect();
        let tags = tagger.tag_document(&words);
        document.iter().zip(tags)
    });
    for ((words, gold), tags) in tagged {
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let found = spans(&tags);
        let gold = spans(gold);
        for span in &found {
            let text = refs[span.start..span.end].join(" ");
            let category = match gold
                .iter()
                .find(|g| g.start == span.start && g.end == span.end)
            {
                Some(g) if g.kind == span.kind => continue,
                Some(g) => format!("type {:?}->{:?}", g.kind, span.kind),
                None if gold
                    .iter()
                    .any(|g| g.start < span.end && span.start < g.end) =>
                {
                    format!("bounds {:?}", span.kind)
                }
                None => format!("spurious {:?}", span.kind),
            };
            *errors.entry(category.clone()).or_insert(0) += 1;
            examples.entry(category).or_default().push(text);
        }
        for g in &gold {
            if !found
                .iter()
                .any(|span| span.start < g.end && g.start < span.end)
            {
                let category = format!("missed {:?}", g.kind);
                *errors.entry(category.clone()).or_insert(0) += 1;
                examples
                    .entry(category)
                    .or_default()
                    .push(refs[g.start..g.end].join(" "));
            }
        }
    }
    let mut sorted: Vec<_> = errors.into_iter().collect();
    sorted.sort_by_key(|entry| std::cmp::Reverse(entry.1));
    for (category, count) in sorted {
        let shown: Vec<&String> = examples[&category].iter().take(12).collect();
        println!("{count:5} {category}: {shown:?}");
    }
}
