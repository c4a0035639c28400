//! The benchmark corpus: real article texts from the public data sets in `../shared/data`
//! (PolNeAR articles, extraction ground truths, WikiRef220 pages, ECB+ documents).

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::Error;

/// Every article text under `data`, in a fixed order. Sets that are absent are left out;
/// none at all is an error.
pub fn load_texts(data: &Path) -> Result<Vec<String>, Error> {
    let mut texts = Vec::new();
    for split in ["train", "dev"] {
        texts.extend(text_files(&data.join("polnear").join(split).join("text"))?);
    }
    texts.extend(scrapinghub(
        &data.join("extraction/scrapinghub/ground-truth.json"),
    )?);
    texts.extend(wcxb(&data.join("extraction/wcxb-test/ground-truth"))?);
    texts.extend(jsonl_field(
        &data.join("wikiref220/wikiref220.jsonl"),
        |row| row["text"].as_str().map(str::to_string),
    )?);
    texts.extend(jsonl_field(
        &data.join("ecbplus/ecbplus_docs.jsonl"),
        |row| {
            let sentences = row["sentences"].as_array()?;
            Some(
                sentences
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        },
    )?);
    texts.retain(|text| text.split_whitespace().count() >= 50);
    if texts.is_empty() {
        return Err(Error::Data {
            path: data.to_path_buf(),
            reason:
                "no article texts found (expected polnear/, extraction/, wikiref220/ or ecbplus/)"
                    .into(),
        });
    }
    Ok(texts)
}

fn text_files(dir: &Path) -> Result<Vec<String>, Error> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut paths: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| fs::read_to_string(path).map_err(|error| Error::data(path, error)))
        .collect()
}

fn scrapinghub(path: &Path) -> Result<Vec<String>, Error> {
    let Ok(raw) = fs::read_to_string(path) else {
        return Ok(Vec::new());
    };
    let truth: serde_json::Map<String, Value> =
        serde_json::from_str(&raw).map_err(|error| Error::data(path, error))?;
    let mut keys: Vec<&String> = truth.keys().collect();
    keys.sort();
    Ok(keys
        .into_iter()
        .filter_map(|key| truth[key]["articleBody"].as_str().map(str::to_string))
        .collect())
}

fn wcxb(dir: &Path) -> Result<Vec<String>, Error> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut paths: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    paths.sort();
    let mut texts = Vec::new();
    for path in paths {
        let raw = fs::read_to_string(&path).map_err(|error| Error::data(&path, error))?;
        let page: Value = serde_json::from_str(&raw).map_err(|error| Error::data(&path, error))?;
        if let Some(text) = page["ground_truth"]["main_content"].as_str() {
            texts.push(text.to_string());
        }
    }
    Ok(texts)
}

fn jsonl_field(
    path: &Path,
    field: impl Fn(&Value) -> Option<String>,
) -> Result<Vec<String>, Error> {
    let Ok(raw) = fs::read_to_string(path) else {
        return Ok(Vec::new());
    };
    let mut texts = Vec::new();
    for line in raw.lines().filter(|line| !line.trim().is_empty()) {
        let row: Value = serde_json::from_str(line).map_err(|error| Error::data(path, error))?;
        texts.extend(field(&row));
    }
    Ok(texts)
}
