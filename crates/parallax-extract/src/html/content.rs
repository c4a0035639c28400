//! The main text of a page: which elements hold the article, and which of their blocks
//! are its paragraphs.
//!
//! Written here rather than taken from a crate: this is the product's core (every later
//! figure is bounded by it), and the Rust ports measured did not reach the accuracy and
//! speed we need (see BENCHMARKS.md). The approach is Readability's idea with our own
//! weights, on the block arena of [`super::blocks`]:
//!
//! 1. Every block of running text (at least [`MIN_SCORED_CHARS`]) votes for the elements
//!    around it: its score grows with length and commas and shrinks with its share of link
//!    text; the element holding it gets it whole, the next one up half, and further
//!    ancestors a third per level.
//! 2. Each voted-for element starts from what its tag and class say (`<article>`,
//!    `articleBody`, "post-content" up; lists, headings, "sidebar" down) and ends scaled by
//!    its own link density. The best one holds the article.
//! 3. Its siblings join when they score close to it, share its class, or are plain
//!    paragraphs of prose (bodies split around an advert).
//! 4. Inside the chosen elements every block is kept unless it is furniture (inside a
//!    navigation, share bar, caption... below the chosen element), mostly links, chrome by
//!    its wording, or the title again; the first "Related stories"-style heading ends it.

use crate::chrome::{is_chrome, is_end_marker};

use super::blocks::{Block, Chrome, ElementIndex, Kind, Page};

/// Blocks shorter than this do not vote.
const MIN_SCORED_CHARS: u32 = 25;
/// How far up a block's vote reaches.
const MAX_VOTE_LEVELS: usize = 5;
/// Blocks with more of their text in links than this are navigation.
const MAX_LINK_DENSITY: f32 = 0.5;
/// Paragraphs and list items are link lists only above this link share.
const MAX_PROSE_LINK_DENSITY: f32 = 0.7;
/// Weak furniture whose text is at least this share long prose is an article wrapper.
const FURNITURE_PROSE_SHARE: f32 = 0.7;
/// An end marker inside the article skips its box when this much prose follows.
const PROSE_AFTER_END_MARKER: u32 = 500;
/// Short blocks are held to a stricter link share.
const SHORT_BLOCK_CHARS: u32 = 40;
const MAX_SHORT_LINK_DENSITY: f32 = 0.34;
/// A sibling joins when it scores at least this share of the best element...
const SIBLING_SHARE: f32 = 0.2;
/// ...and at least this much.
const MIN_SIBLING_SCORE: f32 = 10.0;
/// Rivals of the best element looked at when deciding to promote it...
const RIVALS_CONSIDERED: usize = 4;
/// ...those scoring at least this share of it count...
const RIVAL_SHARE: f32 = 0.75;
/// ...and an ancestor holding this many of them holds the article.
const MIN_RIVALS: usize = 2;
/// Climbing: an ancestor is taken when at least this share of the text it adds is long
/// prose...
const CLIMB_PROSE_SHARE: f32 = 0.7;
/// ...blocks of at least this many characters with a link share below this.
const LONG_PROSE_CHARS: u32 = 80;
const LONG_PROSE_LINK_DENSITY: f32 = 0.25;
/// With a guide, blocks it holds vote this much more, others this much less...
const GUIDED_VOTE: f32 = 2.0;
const UNGUIDED_VOTE: f32 = 0.5;
/// ...and short blocks it does not hold (captions, credits, prompts) are left out.
const MAX_UNGUIDED_CHARS: u32 = 160;
/// A guide shorter than this says too little to go by.
const MIN_GUIDE_CHARS: usize = 400;
/// A block is in the guide when this share of its word triples are.
const MIN_GUIDED_SHARE: f32 = 0.5;

/// The article's text as the page describes it elsewhere, as a set of word triples.
struct Guide {
    triples: std::collections::HashSet<u64>,
}

impl Guide {
    fn new(text: &str) -> Option<Self> {
        if text.len() < MIN_GUIDE_CHARS {
            return None;
        }
        let triples = word_triples(text).collect();
        Some(Self { triples })
    }

    /// Whether most of `text` is in the guide.
    fn holds(&self, text: &str) -> bool {
        let (mut total, mut found) = (0u32, 0u32);
        for triple in word_triples(text) {
            total += 1;
            found += u32::from(self.triples.contains(&triple));
        }
        total > 0 && found as f32 >= total as f32 * MIN_GUIDED_SHARE
    }
}

/// Hashes of each run of three words (of one or two for shorter texts), lowercased,
/// punctuation ignored.
fn word_triples(text: &str) -> impl Iterator<Item = u64> + '_ {
    use std::hash::{Hash, Hasher};
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    let width = words.len().clamp(1, 3);
    let windows: Vec<u64> = words
        .windows(width)
        .map(|window| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            window.hash(&mut hasher);
            hasher.finish()
        })
        .collect();
    windows.into_iter()
}

/// The article's paragraphs, in page order. `guide` is the article's text as the page
/// describes it elsewhere (JSON-LD `articleBody`), when it does.
pub(crate) fn main_text(page: &mut Page, title: Option<&str>, guide: Option<&str>) -> Vec<String> {
    let guide = guide.and_then(Guide::new);
    let mut scores = vote(page, guide.as_ref());
    let mut best = best_element(page, &scores);
    if best.is_none() {
        page.clear_weak_chrome();
        scores = vote(page, guide.as_ref());
        best = best_element(page, &scores);
    }
    let Some(best) = best else {
        return Vec::new();
    };
    let best = climb(page, promote(page, &scores, best));
    let containers = with_siblings(page, &scores, best);
    collect(page, &containers, title, guide.as_ref())
}

/// Each element's score; `None` for elements no block voted for.
fn vote(page: &Page, guide: Option<&Guide>) -> Vec<Option<f32>> {
    let mut scores: Vec<Option<f32>> = vec![None; page.elements.len()];
    for block in &page.blocks {
        let Some(mut score) = block_score(page, block) else {
            continue;
        };
        if let Some(guide) = guide {
            score *= if guide.holds(&block.text) {
                GUIDED_VOTE
            } else {
                UNGUIDED_VOTE
            };
        }
        let holder = &page.elements[block.element as usize];
        let start = if holder.kind == Kind::Container {
            Some(block.element)
        } else {
            holder.parent
        };
        let mut current = start;
        for level in 0..MAX_VOTE_LEVELS {
            let Some(index) = current else { break };
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f32 * 3.0,
            };
            let slot = &mut scores[index as usize];
            let base = slot.unwrap_or_else(|| initial_score(page, index));
            *slot = Some(base + score / divider);
            current = page.elements[index as usize].parent;
        }
    }
    for (index, slot) in scores.iter_mut().enumerate() {
        if let Some(score) = slot {
            *score *= 1.0 - page.elements[index].link_density();
        }
    }
    scores
}

/// A block's vote, or `None` when it is too short, a heading, or furniture.
fn block_score(page: &Page, block: &Block) -> Option<f32> {
    let holder = &page.elements[block.element as usize];
    if block.chars < MIN_SCORED_CHARS || holder.kind == Kind::Heading {
        return None;
    }
    if page.chrome_depth(block.element).is_some() {
        return None;
    }
    let commas = block
        .text
        .chars()
        .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
        .count() as f32;
    let length = (block.chars as f32 / 100.0).min(3.0);
    let weight = if holder.kind == Kind::ListItem {
        0.5
    } else {
        1.0
    };
    Some((1.0 + commas + length) * (1.0 - block.link_density()) * weight)
}

/// What an element's tag and class say before any block votes.
fn initial_score(page: &Page, index: ElementIndex) -> f32 {
    let element = &page.elements[index as usize];
    let by_tag = match element.tag {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" | "address" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let hint = if element.article_hint { 15.0 } else { 0.0 };
    by_tag + hint + 25.0 * f32::from(element.class_weight)
}

/// The best-scoring element that is not furniture.
fn best_element(page: &Page, scores: &[Option<f32>]) -> Option<ElementIndex> {
    scores
        .iter()
        .enumerate()
        .filter_map(|(index, score)| score.map(|score| (index as ElementIndex, score)))
        .filter(|(index, _)| page.elements[*index as usize].chrome == Chrome::No)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(index, _)| index)
}

/// The nearest ancestor of `best` holding at least [`MIN_RIVALS`] of its close rivals
/// (the next best elements outside it, scoring at least [`RIVAL_SHARE`] of it): an article
/// cut into rows by a page builder, each row a candidate of its own.
fn promote(page: &Page, scores: &[Option<f32>], best: ElementIndex) -> ElementIndex {
    let best_score = scores[best as usize].unwrap_or_default();
    if best_score <= 0.0 {
        return best;
    }
    let mut ranked: Vec<(f32, ElementIndex)> = scores
        .iter()
        .enumerate()
        .filter_map(|(index, score)| Some((score.as_ref().copied()?, index as ElementIndex)))
        .filter(|(_, index)| *index != best && page.elements[*index as usize].chrome == Chrome::No)
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let rivals: Vec<ElementIndex> = ranked
        .iter()
        .take(RIVALS_CONSIDERED)
        .filter(|(score, index)| {
            *score >= best_score * RIVAL_SHARE
                && !page.is_within(*index, best)
                && !page.is_within(best, *index)
        })
        .map(|(_, index)| *index)
        .collect();
    if rivals.len() < MIN_RIVALS {
        return best;
    }
    let mut ancestor = page.elements[best as usize].parent;
    while let Some(index) = ancestor {
        let element = &page.elements[index as usize];
        if matches!(element.tag, "body" | "html") {
            break;
        }
        let held = rivals
            .iter()
            .filter(|rival| page.is_within(**rival, index))
            .count();
        if held >= MIN_RIVALS {
            return if element.chrome == Chrome::No {
                index
            } else {
                best
            };
        }
        ancestor = element.parent;
    }
    best
}

/// Climbs from `best` to the highest ancestor (below `<body>`, not furniture) whose text
/// beyond the current choice is mostly long prose: the rest of an article whose
/// paragraphs sit in several wrappers.
fn climb(page: &Page, best: ElementIndex) -> ElementIndex {
    let prose = long_prose_chars(page, false);
    let mut pick = best;
    let mut ancestor = page.elements[best as usize].parent;
    while let Some(index) = ancestor {
        let element = &page.elements[index as usize];
        if matches!(element.tag, "body" | "html") || element.chrome != Chrome::No {
            break;
        }
        let added_prose = prose[index as usize].saturating_sub(prose[pick as usize]);
        let added_text = element
            .text_chars
            .saturating_sub(page.elements[pick as usize].text_chars);
        if added_prose > 0 && added_prose as f32 >= added_text.max(1) as f32 * CLIMB_PROSE_SHARE {
            pick = index;
        }
        ancestor = element.parent;
    }
    pick
}

/// Per element, the characters of long prose blocks (at least [`LONG_PROSE_CHARS`], few
/// links, not furniture unless `in_furniture`) in its subtree.
fn long_prose_chars(page: &Page, in_furniture: bool) -> Vec<u32> {
    let mut prose = vec![0u32; page.elements.len()];
    for block in &page.blocks {
        if block.chars < LONG_PROSE_CHARS
            || block.link_density() >= LONG_PROSE_LINK_DENSITY
            || (!in_furniture && page.chrome_depth(block.element).is_some())
        {
            continue;
        }
        let mut current = Some(block.element);
        while let Some(index) = current {
            prose[index as usize] += block.chars;
            current = page.elements[index as usize].parent;
        }
    }
    prose
}

/// `best` and the siblings that belong with it, in page order.
fn with_siblings(page: &Page, scores: &[Option<f32>], best: ElementIndex) -> Vec<ElementIndex> {
    let top = &page.elements[best as usize];
    let Some(parent) = top.parent else {
        return vec![best];
    };
    let best_score = scores[best as usize].unwrap_or_default();
    let threshold = (best_score * SIBLING_SHARE).max(MIN_SIBLING_SCORE);
    let mut chosen = Vec::new();
    for (index, element) in page.elements.iter().enumerate() {
        let index = index as ElementIndex;
        if element.parent != Some(parent) {
            continue;
        }
        if index == best {
            chosen.push(index);
            continue;
        }
        if element.chrome != Chrome::No {
            continue;
        }
        let same_class = top.class.is_some() && element.class == top.class;
        let bonus = if same_class {
            best_score * SIBLING_SHARE
        } else {
            0.0
        };
        let score = scores[index as usize].map(|score| score + bonus);
        if score.is_some_and(|score| score >= threshold) || is_prose_paragraph(page, index) {
            chosen.push(index);
        }
    }
    chosen
}

/// A sibling paragraph of plain prose: long with few links, or short, linkless and
/// ending a sentence.
fn is_prose_paragraph(page: &Page, index: ElementIndex) -> bool {
    let element = &page.elements[index as usize];
    if element.kind != Kind::Paragraph {
        return false;
    }
    let density = element.link_density();
    if element.text_chars > 80 {
        return density < 0.25;
    }
    density == 0.0
        && page
            .blocks
            .iter()
            .filter(|block| block.element == index)
            .any(|block| block.text.ends_with(['.', '!', '?', '"', '”']))
}

/// The kept blocks under `containers`, in page order.
fn collect(
    page: &Page,
    containers: &[ElementIndex],
    title: Option<&str>,
    guide: Option<&Guide>,
) -> Vec<String> {
    let prose_anywhere = long_prose_chars(page, true);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut skipped_box: Option<ElementIndex> = None;
    for (position, block) in page.blocks.iter().enumerate() {
        let Some(container) = containers
            .iter()
            .copied()
            .find(|container| page.is_within(block.element, *container))
        else {
            continue;
        };
        if is_furniture_below(page, block.element, container, &prose_anywhere) {
            continue;
        }
        if skipped_box.is_some_and(|boxed| page.is_within(block.element, boxed)) {
            continue;
        }
        let text = block.text.as_str();
        let holder = page.elements[block.element as usize].kind;
        if is_end_marker(text) && !paragraphs.is_empty() {
            // A "Related" box inside the article is left out; one at its end ends it.
            match box_to_skip(page, position, container) {
                Some(boxed) => {
                    skipped_box = Some(boxed);
                    continue;
                }
                None => break,
            }
        }
        if Some(text) == title || is_chrome(text) || too_many_links(block, holder) {
            continue;
        }
        if let Some(guide) = guide
            && block.chars < MAX_UNGUIDED_CHARS
            && holder != Kind::Heading
            && !guide.holds(text)
        {
            continue;
        }
        paragraphs.push(repair_mojibake(text).into_owned());
    }
    paragraphs
}

/// Whether furniture lies between `element` and `container`. Furniture known only by a
/// weak class word ("card", "header", "widget") is not furniture when at least
/// [`FURNITURE_PROSE_SHARE`] of its text is long prose: page builders name article
/// wrappers that way.
fn is_furniture_below(
    page: &Page,
    element: ElementIndex,
    container: ElementIndex,
    prose_anywhere: &[u32],
) -> bool {
    let floor = page.elements[container as usize].depth;
    let mut current = Some(element);
    while let Some(index) = current {
        let candidate = &page.elements[index as usize];
        if candidate.depth <= floor {
            return false;
        }
        let prose_wrapper = candidate.chrome == Chrome::Weak
            && !candidate.strong_name
            && !matches!(candidate.tag, "form" | "header")
            && prose_anywhere[index as usize] as f32
                >= candidate.text_chars as f32 * FURNITURE_PROSE_SHARE;
        if candidate.chrome != Chrome::No && !prose_wrapper {
            return true;
        }
        current = candidate.parent;
    }
    false
}

/// At an end marker (block `position`, under `container`): the box to leave out instead
/// of ending the article, if any. That is the child of `container` holding the marker
/// when it is a container or list (a "Related" box inside the article) and either the
/// marker is nested inside it or at least [`PROSE_AFTER_END_MARKER`] characters of
/// long prose follow outside it.
fn box_to_skip(page: &Page, position: usize, container: ElementIndex) -> Option<ElementIndex> {
    let block = &page.blocks[position];
    let element = block.element;
    if element == container {
        return None;
    }
    let mut child = element;
    while let Some(parent) = page.elements[child as usize].parent {
        if parent == container {
            break;
        }
        child = parent;
    }
    let boxed = &page.elements[child as usize];
    if !matches!(boxed.kind, Kind::Container | Kind::List) {
        return None;
    }
    if child != element {
        return Some(child);
    }
    if boxed.text_chars <= block.chars {
        return None;
    }
    let floor = page.elements[container as usize].depth;
    let prose_after: u32 = page.blocks[position + 1..]
        .iter()
        .filter(|later| {
            page.is_within(later.element, container)
                && !page.is_within(later.element, child)
                && later.chars >= LONG_PROSE_CHARS
                && later.link_density() < LONG_PROSE_LINK_DENSITY
                && page
                    .chrome_depth(later.element)
                    .is_none_or(|depth| depth <= floor)
        })
        .map(|later| later.chars)
        .sum();
    (prose_after >= PROSE_AFTER_END_MARKER).then_some(child)
}

/// Whether a block is mostly links: headings never are (linked headlines of the article's
/// sections), paragraphs and list items only when nearly all link text, other blocks
/// when over half is, or a third for short ones.
fn too_many_links(block: &Block, holder: Kind) -> bool {
    let density = block.link_density();
    match holder {
        Kind::Heading => false,
        Kind::Paragraph | Kind::ListItem => density > MAX_PROSE_LINK_DENSITY,
        _ => {
            density > MAX_LINK_DENSITY
                || (block.chars < SHORT_BLOCK_CHARS && density > MAX_SHORT_LINK_DENSITY)
        }
    }
}

/// Undoes UTF-8 read as Latin-1 ("itâ\u{80}\u{99}s" → "it’s"), run by run, where the
/// bytes decode.
fn repair_mojibake(text: &str) -> std::borrow::Cow<'_, str> {
    let lead = |c: char| ('\u{C2}'..='\u{F4}').contains(&c);
    let continuation = |c: char| ('\u{80}'..='\u{BF}').contains(&c);
    if !text.chars().any(continuation) {
        return std::borrow::Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < chars.len() {
        if lead(chars[at]) {
            let run = chars[at + 1..]
                .iter()
                .take(3)
                .take_while(|c| continuation(**c))
                .count();
            if run > 0 {
                let bytes: Vec<u8> = chars[at..=at + run]
                    .iter()
                    .map(|c| *c as u32 as u8)
                    .collect();
                if let Ok(decoded) = std::str::from_utf8(&bytes) {
                    out.push_str(decoded);
                    at += run + 1;
                    continue;
                }
            }
        }
        out.push(chars[at]);
        at += 1;
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_is_repaired_and_clean_text_left_alone() {
        assert_eq!(
            repair_mojibake("it\u{e2}\u{80}\u{99}s here"),
            "it\u{2019}s here"
        );
        assert_eq!(repair_mojibake("caf\u{c3}\u{a9}"), "caf\u{e9}");
        assert_eq!(repair_mojibake("Café, déjà vu"), "Café, déjà vu");
        assert!(matches!(
            repair_mojibake("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn link_rules_depend_on_the_kind_of_block() {
        let block = |chars: u32, link_chars: u32| Block {
            element: 0,
            text: String::new(),
            chars,
            link_chars,
        };
        assert!(!too_many_links(&block(40, 40), Kind::Heading));
        assert!(!too_many_links(&block(100, 60), Kind::Paragraph));
        assert!(too_many_links(&block(100, 80), Kind::ListItem));
        assert!(too_many_links(&block(100, 60), Kind::Container));
        assert!(too_many_links(&block(30, 12), Kind::Cell));
    }
}
