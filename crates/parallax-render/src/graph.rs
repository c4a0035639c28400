//! The lineage graph of a story page, laid out here and drawn as inline SVG by the
//! template (so every label is escaped like any other text): agencies in the first
//! column, then the story's independent articles, then their copies, then copies of
//! copies. An arrow runs from each copy to the article it copies, and a dashed line from
//! each article to the agencies it credits.
//!
//! Written here rather than with a graph-layout crate: a lineage is a forest of short
//! chains, and columns by depth are the clearest drawing of it.

use std::collections::HashMap;

use parallax_core::contract::StoryDocument;
use parallax_core::{ArticleId, LineageKind};

/// Width of a node box.
const NODE_WIDTH: i32 = 200;
/// Height of a node box.
const NODE_HEIGHT: i32 = 26;
/// From one column's left edge to the next.
const COLUMN_STEP: i32 = 240;
/// From one row's top to the next.
const ROW_STEP: i32 = 36;
/// Space around the drawing.
const MARGIN: i32 = 8;
/// Characters of a label drawn in a box (the full label is in the node's title).
const LABEL_CHARS: usize = 26;
/// Copy chains deeper than this are drawn at this depth.
const MAX_DEPTH: usize = 6;
/// Above this many articles, only those in a copy relation or crediting an agency are
/// drawn.
const MAX_PLAIN_ARTICLES: usize = 40;

/// The graph as the template draws it.
pub(crate) struct LineageGraph {
    pub(crate) width: i32,
    pub(crate) height: i32,
    pub(crate) nodes: Vec<GraphNode>,
    pub(crate) edges: Vec<GraphEdge>,
    /// Articles left out of the drawing (large stories with no lineage to show).
    pub(crate) omitted: usize,
}

/// A box: an article (linking to it on the page) or an agency.
pub(crate) struct GraphNode {
    pub(crate) x: i32,
    pub(crate) y: i32,
    pub(crate) label: String,
    pub(crate) title: String,
    /// The article's anchor; `None` for an agency.
    pub(crate) href: Option<String>,
}

/// A line between two boxes: from `(x1, y1)` to `(x2, y2)`.
pub(crate) struct GraphEdge {
    pub(crate) x1: i32,
    pub(crate) y1: i32,
    pub(crate) x2: i32,
    pub(crate) y2: i32,
    /// `repost`, `rewrite`, `translation`, or `credit` (to an agency).
    pub(crate) kind: &'static str,
}

impl LineageGraph {
    /// Whether there is anything worth drawing: a copy, or an agency credited.
    pub(crate) fn is_worth_drawing(&self) -> bool {
        !self.edges.is_empty()
    }
}

/// Lays out `story`'s lineage; `label` names an article as the page does.
pub(crate) fn lineage_graph(
    story: &StoryDocument,
    label: &dyn Fn(&ArticleId) -> String,
) -> LineageGraph {
    let records = &story.articles;
    let index: HashMap<&ArticleId, usize> = records
        .iter()
        .enumerate()
        .map(|(position, record)| (&record.article.id, position))
        .collect();
    let source_of = |position: usize| {
        let lineage = &records[position].lineage;
        lineage
            .of
            .as_ref()
            .filter(|_| {
                matches!(
                    lineage.kind,
                    LineageKind::Repost | LineageKind::Rewrite | LineageKind::Translation
                )
            })
            .and_then(|of| index.get(of).copied())
    };
    let agencies: Vec<&str> = story.analysis.agencies.iter().map(String::as_str).collect();
    let credited = |position: usize| -> Vec<usize> {
        let credits = &records[position].article.credits;
        agencies
            .iter()
            .enumerate()
            .filter(|(_, agency)| {
                credits
                    .iter()
                    .any(|credit| credit.eq_ignore_ascii_case(agency))
            })
            .map(|(agency, _)| agency)
            .collect()
    };
    let copied: Vec<bool> = {
        let mut copied = vec![false; records.len()];
        for position in 0..records.len() {
            if let Some(source) = source_of(position) {
                copied[source] = true;
            }
        }
        copied
    };
    let shown: Vec<usize> = (0..records.len())
        .filter(|&position| {
            records.len() <= MAX_PLAIN_ARTICLES
                || copied[position]
                || source_of(position).is_some()
                || !credited(position).is_empty()
        })
        .collect();
    let used_agencies: Vec<bool> = (0..agencies.len())
        .map(|agency| {
            shown
                .iter()
                .any(|&position| credited(position).contains(&agency))
        })
        .collect();
    let first_article_column = i32::from(used_agencies.iter().any(|used| *used));

    let mut rows_per_column: HashMap<i32, i32> = HashMap::new();
    let mut place = |column: i32| {
        let row = rows_per_column.entry(column).or_insert(0);
        let at = (MARGIN + column * COLUMN_STEP, MARGIN + *row * ROW_STEP);
        *row += 1;
        at
    };
    let mut nodes = Vec::new();
    let mut agency_at: HashMap<usize, (i32, i32)> = HashMap::new();
    for (agency, name) in agencies.iter().enumerate() {
        if !used_agencies[agency] {
            continue;
        }
        let (x, y) = place(0);
        agency_at.insert(agency, (x, y));
        nodes.push(GraphNode {
            x,
            y,
            label: clip(name),
            title: format!("Agency: {name}"),
            href: None,
        });
    }
    let mut article_at: HashMap<usize, (i32, i32)> = HashMap::new();
    for &position in &shown {
        let depth = depth(position, &source_of);
        let (x, y) = place(first_article_column + depth as i32);
        article_at.insert(position, (x, y));
        let record = &records[position];
        let name = format!("[{}] {}", position + 1, label(&record.article.id));
        nodes.push(GraphNode {
            x,
            y,
            label: clip(&name),
            title: format!(
                "{name}: {} ({})",
                record.article.title.as_deref().unwrap_or("(untitled)"),
                record.lineage.kind.as_str()
            ),
            href: Some(format!("#{}", record.article.id)),
        });
    }
    let mut edges = Vec::new();
    for &position in &shown {
        let (x, y) = article_at[&position];
        if let Some((sx, sy)) = source_of(position).and_then(|source| article_at.get(&source)) {
            edges.push(edge(
                (x, y),
                (*sx, *sy),
                records[position].lineage.kind.as_str(),
            ));
        }
        for agency in credited(position) {
            if let Some(&(ax, ay)) = agency_at.get(&agency) {
                edges.push(edge((x, y), (ax, ay), "credit"));
            }
        }
    }
    let columns = rows_per_column.keys().max().map_or(0, |last| last + 1);
    let rows = rows_per_column.values().max().copied().unwrap_or(0);
    LineageGraph {
        width: 2 * MARGIN + (columns - 1).max(0) * COLUMN_STEP + NODE_WIDTH,
        height: 2 * MARGIN + (rows - 1).max(0) * ROW_STEP + NODE_HEIGHT,
        nodes,
        edges,
        omitted: records.len() - shown.len(),
    }
}

/// How many copy links lead from `position` to an independent article.
fn depth(position: usize, source_of: &dyn Fn(usize) -> Option<usize>) -> usize {
    let mut depth = 0;
    let mut at = position;
    while let Some(source) = source_of(at) {
        depth += 1;
        if depth >= MAX_DEPTH || source == position {
            break;
        }
        at = source;
    }
    depth.min(MAX_DEPTH)
}

/// A line from the left edge of the box at `from` to the right edge of the box at `to`.
fn edge(from: (i32, i32), to: (i32, i32), kind: &'static str) -> GraphEdge {
    GraphEdge {
        x1: from.0,
        y1: from.1 + NODE_HEIGHT / 2,
        x2: to.0 + NODE_WIDTH,
        y2: to.1 + NODE_HEIGHT / 2,
        kind,
    }
}

/// At most [`LABEL_CHARS`] characters, with `…` when cut.
fn clip(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        return text.to_string();
    }
    let mut clipped: String = text.chars().take(LABEL_CHARS - 1).collect();
    clipped.push('…');
    clipped
}

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn labels_are_clipped_by_characters_not_bytes() {
        assert_eq!(clip("short"), "short");
        let long = "Агентство новостей «Интерфакс» и партнёры";
        let clipped = clip(long);
        assert_eq!(clipped.chars().count(), 26);
        assert!(clipped.ends_with('…'));
    }
}
