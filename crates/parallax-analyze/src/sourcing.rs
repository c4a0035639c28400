//! Sourcing: which agencies and outlets stand behind a story. An article is *backed* by
//! the outlets it credits and by those its source credits (a repost of a Reuters story is
//! Reuters copy, whether or not the repost says so).

use std::collections::HashMap;

use parallax_core::ArticleId;
use parallax_core::contract::ArticleRecord;

/// How far a chain of copies is followed back to its source.
const MAX_LINEAGE_HOPS: usize = 8;

/// The outlets behind `articles`, most articles backed first, then by first appearance.
pub(crate) fn agencies(articles: &[ArticleRecord]) -> Vec<String> {
    let by_id = records_by_id(articles);
    let mut backing: Vec<(String, usize)> = Vec::new();
    for record in articles {
        let mut credited: Vec<&str> = Vec::new();
        for ancestor in lineage_chain(record, &by_id) {
            for credit in &ancestor.article.credits {
                if !credited.contains(&credit.as_str()) {
                    credited.push(credit);
                }
            }
        }
        for credit in credited {
            match backing.iter_mut().find(|(name, _)| name == credit) {
                Some((_, count)) => *count += 1,
                None => backing.push((credit.to_string(), 1)),
            }
        }
    }
    // A stable sort keeps first appearance among equals.
    backing.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    backing.into_iter().map(|(name, _)| name).collect()
}

/// The story's articles by id.
pub(crate) fn records_by_id(articles: &[ArticleRecord]) -> HashMap<&ArticleId, &ArticleRecord> {
    articles
        .iter()
        .map(|record| (&record.article.id, record))
        .collect()
}

/// The article, then its source, its source's source... within the story.
pub(crate) fn lineage_chain<'a>(
    record: &'a ArticleRecord,
    by_id: &HashMap<&ArticleId, &'a ArticleRecord>,
) -> Vec<&'a ArticleRecord> {
    let mut chain = vec![record];
    let mut current = record;
    while chain.len() <= MAX_LINEAGE_HOPS {
        let Some(source) = current.lineage.of.as_ref().and_then(|of| by_id.get(of)) else {
            break;
        };
        if chain
            .iter()
            .any(|seen| seen.article.id == source.article.id)
        {
            break;
        }
        chain.push(source);
        current = source;
    }
    chain
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::{Article, ContentHash, Lineage, LineageKind};

    fn record(name: &str, credits: &[&str], copies: Option<&ArticleRecord>) -> ArticleRecord {
        ArticleRecord::new(
            Article {
                id: ArticleId::derive(name, &ContentHash::of(name.as_bytes())),
                origin: name.to_string(),
                url: None,
                site: None,
                title: None,
                byline: None,
                published: None,
                language: None,
                text: name.to_string(),
                credits: credits.iter().map(ToString::to_string).collect(),
                fetched_at: time::OffsetDateTime::UNIX_EPOCH,
                syndication: None,
            },
            match copies {
                Some(source) => Lineage {
                    kind: LineageKind::Repost,
                    of: Some(source.article.id.clone()),
                    similarity: 1.0,
                    evidence: Vec::new(),
                },
                None => Lineage::original(),
            },
        )
    }

    #[test]
    fn copies_count_for_their_sources_agencies() {
        let wire = record("wire", &["AFP"], None);
        let repost = record("repost", &[], Some(&wire));
        let other = record("other", &["Reuters"], None);
        let again = record("again", &[], Some(&repost));
        assert_eq!(agencies(&[other, wire, repost, again]), ["AFP", "Reuters"]);
    }

    #[test]
    fn no_credits_means_no_agencies() {
        assert!(agencies(&[record("a", &[], None)]).is_empty());
    }
}
