//! The readers' indexes, kept as stories are written: each story's listing line (times,
//! size, sources) on its row, the names it carries (sites, agencies, every spelling of
//! every entity) in `story_names`, and full text in FTS5 (`story_fts` over headlines and
//! summaries, `article_fts` over articles' titles and texts, `entity_name_fts` over entity
//! spellings). Listing, search and entity lookup read only these, so their cost follows
//! the page asked for, not the size of the store.

use std::collections::{BTreeSet, HashMap, HashSet};

use parallax_core::contract::StorySummary;
use parallax_core::{ArticleId, EntityType, StoryAnalysis, StoryId};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use super::{format_time, parse_time};
use crate::StoreError;
use crate::error::Doing;
use crate::query::{
    ArticleHit, ENTITY_STORIES, EntityMatch, SearchHits, StoryFilter, StoryHit, StoryList,
    StorySort, fts_query,
};

/// Entity spellings read per lookup at most (the best matches first).
const MAX_ENTITY_ROWS: usize = 5_000;
/// Words of context in a search snippet.
const SNIPPET_WORDS: usize = 16;

/// What a name row says: where one of the story's articles comes from, an agency behind
/// it, or one spelling of one of its entities.
#[derive(Clone, Copy)]
enum NameKind {
    Site,
    Agency,
    Entity,
}

impl NameKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Site => "site",
            Self::Agency => "agency",
            Self::Entity => "entity",
        }
    }
}

/// Refreshes `story`'s listing line, names and full text after its articles or analysis
/// changed.
pub(super) fn index_story(
    connection: &Connection,
    story: &StoryId,
    headline: &str,
    analysis: &StoryAnalysis,
) -> Result<(), StoreError> {
    let Some(summary) = summarise(connection, story, headline)? else {
        return Ok(());
    };
    let sources = serde_json::to_string(&summary.sources)
        .map_err(|error| StoreError::Corrupt(format!("sources of {story}: {error}")))?;
    let seq: Option<i64> = connection
        .prepare_cached(
            "UPDATE stories SET article_count = ?2, sources = ?3, first_seen = ?4, first_at = ?5,
                 last_updated = ?6, updated_at = ?7
             WHERE id = ?1 RETURNING seq",
        )
        .doing("listing a story")?
        .query_row(
            params![
                story.as_str(),
                summary.article_count as i64,
                sources,
                format_time(summary.first_seen)?,
                micros(summary.first_seen),
                format_time(summary.last_updated)?,
                micros(summary.last_updated),
            ],
            |row| row.get(0),
        )
        .optional()
        .doing("listing a story")?;
    let Some(seq) = seq else {
        return Ok(());
    };
    save_names(connection, seq, &summary, analysis)?;
    let summary_text: Vec<&str> = analysis
        .summary
        .iter()
        .map(|sentence| sentence.sentence.as_str())
        .collect();
    connection
        .prepare_cached("DELETE FROM story_fts WHERE rowid = ?1")
        .doing("indexing a story's text")?
        .execute([seq])
        .doing("indexing a story's text")?;
    connection
        .prepare_cached("INSERT INTO story_fts (rowid, headline, summary) VALUES (?1, ?2, ?3)")
        .doing("indexing a story's text")?
        .execute(params![seq, headline, summary_text.join(" ")])
        .doing("indexing a story's text")?;
    Ok(())
}

/// Lists every story again (a store written before these indexes existed).
pub(crate) fn rebuild_all(connection: &Connection) -> Result<(), StoreError> {
    let stories: Vec<(String, String, String)> = connection
        .prepare("SELECT id, headline, analysis FROM stories ORDER BY seq")
        .doing("re-listing stories")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .doing("re-listing stories")?
        .collect::<Result<_, _>>()
        .doing("re-listing stories")?;
    for (id, headline, analysis) in stories {
        let analysis: StoryAnalysis = serde_json::from_str(&analysis)
            .map_err(|error| StoreError::Corrupt(format!("analysis of {id}: {error}")))?;
        index_story(connection, &StoryId::from_string(id), &headline, &analysis)?;
    }
    Ok(())
}

/// A story's listing line, from its articles' metadata (never their text).
fn summarise(
    connection: &Connection,
    story: &StoryId,
    headline: &str,
) -> Result<Option<StorySummary>, StoreError> {
    let mut statement = connection
        .prepare_cached(
            "SELECT coalesce(site, origin), coalesce(published, fetched_at)
             FROM articles WHERE story_id = ?1 ORDER BY seq",
        )
        .doing("summarising a story")?;
    let rows = statement
        .query_map([story.as_str()], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .doing("summarising a story")?;
    let mut summary: Option<StorySummary> = None;
    for row in rows {
        let (source, seen) = row.doing("summarising a story")?;
        let seen = parse_time(&seen)?;
        match &mut summary {
            Some(summary) => {
                summary.article_count += 1;
                if !summary.sources.contains(&source) {
                    summary.sources.push(source);
                }
                summary.first_seen = summary.first_seen.min(seen);
                summary.last_updated = summary.last_updated.max(seen);
            }
            None => {
                summary = Some(StorySummary {
                    id: story.clone(),
                    title: headline.to_string(),
                    article_count: 1,
                    sources: vec![source],
                    first_seen: seen,
                    last_updated: seen,
                });
            }
        }
    }
    Ok(summary)
}

fn save_names(
    connection: &Connection,
    seq: i64,
    summary: &StorySummary,
    analysis: &StoryAnalysis,
) -> Result<(), StoreError> {
    connection
        .prepare_cached("DELETE FROM story_names WHERE story_seq = ?1")
        .doing("indexing a story's names")?
        .execute([seq])
        .doing("indexing a story's names")?;
    let mut insert = connection
        .prepare_cached(
            "INSERT INTO story_names (story_seq, kind, name, display, canonical, entity_type)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .doing("indexing a story's names")?;
    let mut seen: HashSet<(&'static str, String)> = HashSet::new();
    let mut add = |kind: NameKind,
                   display: &str,
                   entity: Option<(&str, EntityType)>|
     -> Result<(), StoreError> {
        let name = display.trim().to_lowercase();
        if name.is_empty() || !seen.insert((kind.as_str(), name.clone())) {
            return Ok(());
        }
        insert
            .execute(params![
                seq,
                kind.as_str(),
                name,
                display.trim(),
                entity.map(|(canonical, _)| canonical),
                entity.map(|(_, kind)| entity_type_name(kind)),
            ])
            .doing("indexing a story's names")?;
        Ok(())
    };
    for source in &summary.sources {
        add(NameKind::Site, source, None)?;
    }
    for agency in &analysis.agencies {
        add(NameKind::Agency, agency, None)?;
    }
    for entity in &analysis.entities {
        let about = Some((entity.name.as_str(), entity.entity_type));
        add(NameKind::Entity, &entity.name, about)?;
        for alias in &entity.aliases {
            add(NameKind::Entity, alias, about)?;
        }
    }
    Ok(())
}

/// One page of the stories `filter` keeps.
pub(super) fn list_stories(
    connection: &Connection,
    filter: &StoryFilter,
) -> Result<StoryList, StoreError> {
    let mut conditions = vec!["s.updated_at IS NOT NULL".to_string()];
    let mut values: Vec<Value> = Vec::new();
    if let Some(text) = filter.text.as_deref() {
        let Some(query) = fts_query(text) else {
            return Ok(StoryList::default());
        };
        conditions.push("s.seq IN (SELECT rowid FROM story_fts WHERE story_fts MATCH ?)".into());
        values.push(Value::Text(query));
    }
    for (kind, name) in [
        (NameKind::Site, &filter.site),
        (NameKind::Entity, &filter.entity),
        (NameKind::Agency, &filter.agency),
    ] {
        if let Some(name) = name {
            conditions.push(format!(
                "s.seq IN (SELECT story_seq FROM story_names WHERE kind = '{}' AND name = ?)",
                kind.as_str()
            ));
            values.push(Value::Text(name.trim().to_lowercase()));
        }
    }
    if let Some(from) = filter.updated_from {
        conditions.push("s.updated_at >= ?".into());
        values.push(Value::Integer(micros(from)));
    }
    if let Some(to) = filter.first_seen_to {
        conditions.push("s.first_at <= ?".into());
        values.push(Value::Integer(micros(to)));
    }
    let conditions = conditions.join(" AND ");
    let total: i64 = connection
        .prepare_cached(&format!(
            "SELECT count(*) FROM stories s WHERE {conditions}"
        ))
        .doing("counting stories")?
        .query_row(params_from_iter(values.iter()), |row| row.get(0))
        .doing("counting stories")?;
    let order = match filter.sort {
        StorySort::Updated => "s.updated_at DESC, s.seq DESC",
        StorySort::Size => "s.article_count DESC, s.updated_at DESC, s.seq DESC",
    };
    values.push(Value::Integer(
        i64::try_from(filter.limit).unwrap_or(i64::MAX),
    ));
    values.push(Value::Integer(
        i64::try_from(filter.offset).unwrap_or(i64::MAX),
    ));
    let stories = read_summaries(
        connection,
        &format!("WHERE {conditions} ORDER BY {order} LIMIT ? OFFSET ?"),
        &values,
    )?;
    Ok(StoryList {
        total: usize::try_from(total).unwrap_or_default(),
        stories,
    })
}

/// Every story's listing line, oldest first.
pub(super) fn all_summaries(connection: &Connection) -> Result<Vec<StorySummary>, StoreError> {
    read_summaries(
        connection,
        "WHERE s.updated_at IS NOT NULL ORDER BY s.seq",
        &[],
    )
}

/// One story's listing line.
pub(super) fn summary(
    connection: &Connection,
    id: &StoryId,
) -> Result<Option<StorySummary>, StoreError> {
    let found = read_summaries(
        connection,
        "WHERE s.id = ? AND s.updated_at IS NOT NULL",
        &[Value::Text(id.as_str().to_string())],
    )?;
    Ok(found.into_iter().next())
}

fn read_summaries(
    connection: &Connection,
    rest: &str,
    values: &[Value],
) -> Result<Vec<StorySummary>, StoreError> {
    let mut statement = connection
        .prepare_cached(&format!(
            "SELECT s.id, s.headline, s.article_count, s.sources, s.first_seen, s.last_updated
             FROM stories s {rest}"
        ))
        .doing("listing stories")?;
    let rows = statement
        .query_map(params_from_iter(values.iter()), |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
            ))
        })
        .doing("listing stories")?;
    let mut summaries = Vec::new();
    for row in rows {
        let (id, title, count, sources, first_seen, last_updated) = row.doing("listing stories")?;
        let sources: Vec<String> = serde_json::from_str(&sources)
            .map_err(|error| StoreError::Corrupt(format!("sources of {id}: {error}")))?;
        summaries.push(StorySummary {
            id: StoryId::from_string(id),
            title,
            article_count: usize::try_from(count).unwrap_or_default(),
            sources,
            first_seen: parse_time(&first_seen)?,
            last_updated: parse_time(&last_updated)?,
        });
    }
    Ok(summaries)
}

/// Stories and articles whose text has every word of `text`, best first, at most `limit`
/// of each. Ranking (BM25, titles weighted up) is among the [`RANKED_MATCHES`] most
/// recent matches: news search wants the recent, and a common word then costs a bounded
/// walk of the index instead of scoring every article that has it.
pub(super) fn search(
    connection: &Connection,
    text: &str,
    limit: usize,
) -> Result<SearchHits, StoreError> {
    let Some(query) = fts_query(text) else {
        return Ok(SearchHits::default());
    };
    let words = query_words(text);
    let stories = best_matches(connection, "story_fts", "2.0, 1.0", &query, limit)?
        .into_iter()
        .map(|rowid| {
            connection
                .prepare_cached(
                    "SELECT s.id, s.headline, f.summary
                     FROM story_fts f JOIN stories s ON s.seq = f.rowid WHERE f.rowid = ?1",
                )?
                .query_row([rowid], |row| {
                    let headline: String = row.get(1)?;
                    let summary: String = row.get(2)?;
                    Ok(StoryHit {
                        id: StoryId::from_string(row.get::<_, String>(0)?),
                        snippet: snippet(&format!("{headline}. {summary}"), &words),
                        title: headline,
                    })
                })
        })
        .collect::<Result<Vec<_>, _>>()
        .doing("searching stories")?;
    let articles = best_matches(connection, "article_fts", "3.0, 1.0", &query, limit)?
        .into_iter()
        .map(|rowid| {
            connection
                .prepare_cached(
                    "SELECT id, title, site, story_id, text FROM articles WHERE seq = ?1",
                )?
                .query_row([rowid], |row| {
                    let text: String = row.get(4)?;
                    Ok(ArticleHit {
                        id: ArticleId::from_string(row.get::<_, String>(0)?),
                        title: row.get(1)?,
                        site: row.get(2)?,
                        story: StoryId::from_string(row.get::<_, String>(3)?),
                        snippet: snippet(&text, &words),
                    })
                })
        })
        .collect::<Result<Vec<_>, _>>()
        .doing("searching articles")?;
    Ok(SearchHits { stories, articles })
}

/// The words of a search, as [`fts_query`] reads them: lowercase, accents kept (the
/// snippet only places itself; the index already matched).
fn query_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// About [`SNIPPET_WORDS`] words of `text` around the first word that starts with one of
/// `words`, `…` where cut. Done here rather than by FTS5's `snippet()`, which would run
/// the match again for every hit.
fn snippet(text: &str, words: &[String]) -> String {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let folded = |token: &str| {
        token
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let hit = tokens
        .iter()
        .position(|token| {
            let token = folded(token);
            words.iter().any(|word| token.starts_with(word.as_str()))
        })
        .unwrap_or(0);
    let width = SNIPPET_WORDS;
    let start = hit.saturating_sub(width / 4);
    let end = (start + width).min(tokens.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(&tokens[start..end].join(" "));
    if end < tokens.len() {
        out.push('…');
    }
    out
}

/// Matches ranked at most per search (the most recent ones).
const RANKED_MATCHES: i64 = 1_000;

/// The rowids of `table`'s best `limit` matches for `query` among its
/// [`RANKED_MATCHES`] most recent, best first; `weights` are BM25's column weights.
fn best_matches(
    connection: &Connection,
    table: &str,
    weights: &str,
    query: &str,
    limit: usize,
) -> Result<Vec<i64>, StoreError> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    connection
        .prepare_cached(&format!(
            "SELECT rowid FROM (
                 SELECT rowid, bm25({table}, {weights}) AS score FROM {table}
                 WHERE {table} MATCH ?1 ORDER BY rowid DESC LIMIT ?2
             ) ORDER BY score, rowid DESC LIMIT ?3"
        ))
        .doing("searching")?
        .query_map(params![query, RANKED_MATCHES, limit], |row| row.get(0))
        .doing("searching")?
        .collect::<Result<Vec<i64>, _>>()
        .doing("searching")
}

/// Entities with a spelling that has every word of `text` (the last as a prefix), each
/// once over all the stories that name it: most-named first, at most `limit`.
pub(super) fn find_entities(
    connection: &Connection,
    text: &str,
    limit: usize,
) -> Result<Vec<EntityMatch>, StoreError> {
    let Some(query) = fts_query(text) else {
        return Ok(Vec::new());
    };
    let mut statement = connection
        .prepare_cached(
            "SELECT n.canonical, n.entity_type, n.display, s.id, s.updated_at
             FROM entity_name_fts f
             JOIN story_names n ON n.name_id = f.rowid
             JOIN stories s ON s.seq = n.story_seq
             WHERE entity_name_fts MATCH ?1 ORDER BY f.rank LIMIT ?2",
        )
        .doing("finding entities")?;
    let rows = statement
        .query_map(params![query, MAX_ENTITY_ROWS as i64], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, i64>(4)?,
            ))
        })
        .doing("finding entities")?;
    let mut found: Vec<EntityGroup> = Vec::new();
    let mut by_key: HashMap<(String, String), usize> = HashMap::new();
    for row in rows {
        let (canonical, kind, display, story, updated_at) = row.doing("finding entities")?;
        let key = (kind.clone(), canonical.to_lowercase());
        let index = *by_key.entry(key).or_insert_with(|| {
            found.push(EntityGroup::new(canonical, &kind));
            found.len() - 1
        });
        let group = &mut found[index];
        group.aliases.insert(display);
        group.stories.insert(story, updated_at);
    }
    found.sort_by(|a, b| {
        b.stories
            .len()
            .cmp(&a.stories.len())
            .then_with(|| a.canonical.cmp(&b.canonical))
    });
    found.truncate(limit);
    // The spellings that matched are known; each entity's other spellings are added, so a
    // search for "Ahmad" shows "Ahmed" too.
    let matches = found
        .into_iter()
        .map(|group| group.finish(connection))
        .collect::<Result<_, _>>()?;
    Ok(matches)
}

/// One entity's matches while they are gathered.
struct EntityGroup {
    canonical: String,
    entity_type: EntityType,
    aliases: BTreeSet<String>,
    stories: HashMap<String, i64>,
}

impl EntityGroup {
    fn new(canonical: String, kind: &str) -> Self {
        Self {
            canonical,
            entity_type: parse_entity_type(kind),
            aliases: BTreeSet::new(),
            stories: HashMap::new(),
        }
    }

    fn finish(mut self, connection: &Connection) -> Result<EntityMatch, StoreError> {
        let mut spellings = connection
            .prepare_cached(
                "SELECT DISTINCT display FROM story_names
                 WHERE kind = 'entity' AND canonical = ?1 AND entity_type = ?2 LIMIT 50",
            )
            .doing("finding an entity's spellings")?;
        let rows = spellings
            .query_map(
                params![self.canonical, entity_type_name(self.entity_type)],
                |row| row.get::<_, String>(0),
            )
            .doing("finding an entity's spellings")?;
        for spelling in rows {
            self.aliases
                .insert(spelling.doing("finding an entity's spellings")?);
        }
        let mut stories: Vec<(String, i64)> = self.stories.into_iter().collect();
        stories.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(EntityMatch {
            name: self.canonical,
            entity_type: self.entity_type,
            aliases: self.aliases.into_iter().collect(),
            story_count: stories.len(),
            stories: stories
                .into_iter()
                .take(ENTITY_STORIES)
                .map(|(id, _)| StoryId::from_string(id))
                .collect(),
        })
    }
}

/// Microseconds since 1970: the listing's order and date filters, exact to the
/// microsecond so that articles a moment apart sort in time order.
fn micros(time: time::OffsetDateTime) -> i64 {
    i64::try_from(time.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

fn entity_type_name(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "person",
        EntityType::Place => "place",
        EntityType::Organization => "organization",
        EntityType::Other => "other",
    }
}

fn parse_entity_type(name: &str) -> EntityType {
    match name {
        "person" => EntityType::Person,
        "place" => EntityType::Place,
        "organization" => EntityType::Organization,
        _ => EntityType::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::{query_words, snippet};

    #[test]
    fn snippets_centre_on_the_first_matching_word() {
        let text = "one two three four five six seven eight nine ten eleven twelve \
                    Velmora's harbour thirteen fourteen fifteen sixteen seventeen eighteen \
                    nineteen twenty twenty-one twenty-two twenty-three twenty-four";
        let found = snippet(text, &query_words("velmora"));
        assert!(
            found.starts_with("…nine ten eleven twelve Velmora's"),
            "{found}"
        );
        assert!(found.ends_with('…'));
        assert_eq!(found.trim_matches('…').split(' ').count(), 16);
        // Prefixes match; short texts are whole.
        assert_eq!(
            snippet("A ferry sank.", &query_words("sa")),
            "A ferry sank."
        );
        // No match (the index matched a folded form): the start of the text.
        assert_eq!(
            snippet("Açores storm", &query_words("acores")),
            "Açores storm"
        );
    }
}
