//! Clustering state in SQLite: story states (`stories.state`, postcard-encoded), windowed
//! document frequencies (`term_days`, `term_counts`), merges (`story_aliases`) and the
//! log of merges and splits (`story_moves`).

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use time::OffsetDateTime;

use parallax_cluster::{ClusterChanges, DayFrequencies, Relocation, StoryState};
use parallax_core::{ArticleId, Membership, MoveKind, StoryId, StoryMove};

use crate::error::Doing;
use crate::{ClusterSnapshot, StoreError};

const SECONDS_PER_DAY: i64 = 86_400;

/// Creates the row of `story` if it has none yet.
pub(super) fn ensure_story(
    transaction: &Transaction<'_>,
    story: &StoryId,
) -> Result<(), StoreError> {
    transaction
        .prepare_cached(
            "INSERT INTO stories (id, centroid, article_count) VALUES (?1, '', 0)
             ON CONFLICT(id) DO NOTHING",
        )
        .and_then(|mut statement| statement.execute([story.as_str()]))
        .doing("creating a story")?;
    Ok(())
}

pub(super) fn encode_membership(membership: &Membership) -> Result<String, StoreError> {
    serde_json::to_string(membership)
        .map_err(|error| StoreError::Corrupt(format!("membership: {error}")))
}

pub(super) fn save_changes(
    transaction: &Transaction<'_>,
    changes: &ClusterChanges,
) -> Result<(), StoreError> {
    let mut save = transaction
        .prepare_cached(
            "INSERT INTO stories (id, centroid, article_count, state, last_at)
             VALUES (?1, '', ?2, ?3, ?4)
             ON CONFLICT(id) DO UPDATE SET article_count = excluded.article_count,
                 state = excluded.state, last_at = excluded.last_at",
        )
        .doing("saving story states")?;
    for story in &changes.stories {
        let state = story
            .encode()
            .map_err(|error| StoreError::Corrupt(format!("state of {}: {error}", story.id())))?;
        save.execute(params![
            story.id().as_str(),
            i64::from(story.articles()),
            state,
            story.last_at()
        ])
        .doing("saving story states")?;
    }
    let mut drop = transaction
        .prepare_cached(
            "DELETE FROM stories WHERE id = ?1
             AND NOT EXISTS (SELECT 1 FROM articles WHERE story_id = ?1)",
        )
        .doing("dropping merged stories")?;
    for story in &changes.removed {
        drop.execute([story.as_str()])
            .doing("dropping merged stories")?;
    }
    let mut days = transaction
        .prepare_cached(
            "INSERT INTO term_days (day, documents) VALUES (?1, ?2)
             ON CONFLICT(day) DO UPDATE SET documents = documents + excluded.documents",
        )
        .doing("saving document frequencies")?;
    for &(day, documents) in &changes.frequencies.documents {
        days.execute(params![day, documents])
            .doing("saving document frequencies")?;
    }
    let mut counts = transaction
        .prepare_cached(
            "INSERT INTO term_counts (day, key, count) VALUES (?1, ?2, ?3)
             ON CONFLICT(day, key) DO UPDATE SET count = count + excluded.count",
        )
        .doing("saving document frequencies")?;
    for &(day, key, count) in &changes.frequencies.counts {
        counts
            .execute(params![day, key, count])
            .doing("saving document frequencies")?;
    }
    if let Some(first_day) = changes.forget_days_before {
        for table in ["term_counts", "term_days"] {
            transaction
                .prepare_cached(&format!("DELETE FROM {table} WHERE day < ?1"))
                .and_then(|mut statement| statement.execute([first_day]))
                .doing("forgetting document frequencies before the window")?;
        }
    }
    Ok(())
}

pub(super) fn relocate(
    transaction: &Transaction<'_>,
    relocation: &Relocation,
) -> Result<(), StoreError> {
    let (kind, from, to) = match relocation {
        Relocation::Merged { from, into } => (MoveKind::Merge, from, into),
        Relocation::Split { from, into, .. } => (MoveKind::Split, from, into),
    };
    ensure_story(transaction, to)?;
    let moved: Vec<ArticleId> = match relocation {
        Relocation::Merged { from, .. } => members(transaction, from)?,
        Relocation::Split { articles, .. } => articles.clone(),
    };
    let step = StoryMove {
        kind,
        from: from.clone(),
        to: to.clone(),
    };
    for article in &moved {
        move_article(transaction, article, &step)?;
    }
    if kind == MoveKind::Merge {
        transaction
            .execute(
                "UPDATE story_aliases SET story_id = ?2 WHERE story_id = ?1",
                params![from.as_str(), to.as_str()],
            )
            .doing("re-pointing story aliases")?;
        transaction
            .execute(
                "INSERT INTO story_aliases (alias, story_id, kind) VALUES (?1, ?2, 'merge')
                 ON CONFLICT(alias) DO UPDATE SET story_id = excluded.story_id",
                params![from.as_str(), to.as_str()],
            )
            .doing("recording a story alias")?;
        transaction
            .execute("DELETE FROM stories WHERE id = ?1", [from.as_str()])
            .doing("dropping a merged story")?;
    }
    let now = OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .map_err(|error| StoreError::Corrupt(format!("clock: {error}")))?;
    transaction
        .execute(
            "INSERT INTO story_moves (kind, from_id, to_id, articles, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                kind.as_str(),
                from.as_str(),
                to.as_str(),
                moved.len() as i64,
                now
            ],
        )
        .doing("recording a story move")?;
    Ok(())
}

fn members(transaction: &Transaction<'_>, story: &StoryId) -> Result<Vec<ArticleId>, StoreError> {
    let mut statement = transaction
        .prepare_cached("SELECT id FROM articles WHERE story_id = ?1 ORDER BY seq")
        .doing("reading a story's articles")?;
    let ids = statement
        .query_map([story.as_str()], |row| row.get::<_, String>(0))
        .doing("reading a story's articles")?
        .map(|id| id.map(ArticleId::from_string))
        .collect::<Result<_, _>>()
        .doing("reading a story's articles")?;
    Ok(ids)
}

/// Moves one article to `step.to` and appends the step to its membership.
fn move_article(
    transaction: &Transaction<'_>,
    article: &ArticleId,
    step: &StoryMove,
) -> Result<(), StoreError> {
    let stored: Option<Option<String>> = transaction
        .query_row(
            "SELECT membership FROM articles WHERE id = ?1",
            [article.as_str()],
            |row| row.get(0),
        )
        .optional()
        .doing("reading an article's membership")?;
    let Some(stored) = stored else {
        return Ok(());
    };
    let mut membership: Membership = match stored {
        Some(json) => serde_json::from_str(&json)
            .map_err(|error| StoreError::Corrupt(format!("membership of {article}: {error}")))?,
        None => Membership::default(),
    };
    membership.moves.push(step.clone());
    transaction
        .execute(
            "UPDATE articles SET story_id = ?2, membership = ?3 WHERE id = ?1",
            params![
                article.as_str(),
                step.to.as_str(),
                encode_membership(&membership)?
            ],
        )
        .doing("moving an article")?;
    Ok(())
}

pub(super) fn resolve_story(
    connection: &Connection,
    id: &StoryId,
) -> Result<Option<StoryId>, StoreError> {
    let exists = connection
        .query_row("SELECT 1 FROM stories WHERE id = ?1", [id.as_str()], |_| {
            Ok(())
        })
        .optional()
        .doing("looking up a story")?;
    if exists.is_some() {
        return Ok(Some(id.clone()));
    }
    let alias: Option<String> = connection
        .query_row(
            "SELECT story_id FROM story_aliases WHERE alias = ?1",
            [id.as_str()],
            |row| row.get(0),
        )
        .optional()
        .doing("looking up a story alias")?;
    Ok(alias.map(StoryId::from_string))
}

pub(super) fn snapshot(
    connection: &Connection,
    window_seconds: i64,
) -> Result<ClusterSnapshot, StoreError> {
    let latest: Option<i64> = connection
        .query_row(
            "SELECT MAX(last_at) FROM stories WHERE state IS NOT NULL",
            [],
            |row| row.get(0),
        )
        .doing("reading the clustering window")?;
    let start = latest.map_or(i64::MIN, |latest| latest - window_seconds);
    let mut statement = connection
        .prepare(
            "SELECT id, state FROM stories
             WHERE state IS NOT NULL AND (last_at IS NULL OR last_at >= ?1) ORDER BY seq",
        )
        .doing("reading open stories")?;
    let rows = statement
        .query_map([start], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, Vec<u8>>(1)?))
        })
        .doing("reading open stories")?;
    let mut stories = Vec::new();
    for row in rows {
        let (id, state) = row.doing("reading open stories")?;
        match StoryState::decode(&state) {
            Ok(story) => stories.push(story),
            // A state from another format version: the story stays, closed to new articles.
            Err(error @ parallax_cluster::StateError::Version(_)) => {
                tracing::warn!(story = %id, %error, "story state not reopened");
            }
            Err(error) => {
                return Err(StoreError::Corrupt(format!("state of {id}: {error}")));
            }
        }
    }
    Ok(ClusterSnapshot {
        stories,
        days: frequencies(connection, start.div_euclid(SECONDS_PER_DAY))?,
    })
}

fn frequencies(connection: &Connection, first_day: i64) -> Result<Vec<DayFrequencies>, StoreError> {
    let mut days: Vec<DayFrequencies> = Vec::new();
    let mut statement = connection
        .prepare("SELECT day, documents FROM term_days WHERE day >= ?1 ORDER BY day")
        .doing("reading document frequencies")?;
    let rows = statement
        .query_map([first_day], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, u32>(1)?))
        })
        .doing("reading document frequencies")?;
    for row in rows {
        let (day, documents) = row.doing("reading document frequencies")?;
        days.push(DayFrequencies {
            day,
            documents,
            counts: Vec::new(),
        });
    }
    let mut statement = connection
        .prepare("SELECT day, key, count FROM term_counts WHERE day >= ?1 ORDER BY day, key")
        .doing("reading document frequencies")?;
    let rows = statement
        .query_map([first_day], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, u32>(1)?,
                row.get::<_, u32>(2)?,
            ))
        })
        .doing("reading document frequencies")?;
    for row in rows {
        let (day, key, count) = row.doing("reading document frequencies")?;
        if let Some(entry) = days.iter_mut().rev().find(|entry| entry.day == day) {
            entry.counts.push((key, count));
        }
    }
    Ok(days)
}
