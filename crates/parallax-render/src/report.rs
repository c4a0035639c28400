//! The static report: `index.html`, `stories/<id>.html`, `articles/<id>.html` and
//! `assets/parallax.js` in a folder.

use std::fs;
use std::path::{Path, PathBuf};

use parallax_core::contract::StoryDocument;
use parallax_core::{ArticleId, StoryId};

use crate::{RenderError, SCRIPT, Site, render_article, render_index, render_story};

/// The files a report wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportFiles {
    /// The index page.
    pub index: PathBuf,
    /// How many story pages.
    pub stories: usize,
    /// How many article pages.
    pub articles: usize,
}

/// Writes the report for `stories` into `dir` (created if needed).
pub fn write_report(dir: &Path, stories: &[StoryDocument]) -> Result<ReportFiles, RenderError> {
    let story_dir = dir.join("stories");
    let article_dir = dir.join("articles");
    let asset_dir = dir.join("assets");
    for folder in [&story_dir, &article_dir, &asset_dir] {
        fs::create_dir_all(folder).map_err(|source| RenderError::Write {
            path: folder.clone(),
            source,
        })?;
    }
    write(&asset_dir.join("parallax.js"), SCRIPT)?;
    let mut articles = 0;
    for story in stories {
        if !StoryId::is_well_formed(story.id.as_str()) {
            return Err(RenderError::BadStoryId(story.id.to_string()));
        }
        let path = story_dir.join(format!("{}.html", story.id));
        write(&path, &render_story(story, Site::Report)?)?;
        let summary = story.summary();
        for record in &story.articles {
            let id = record.article.id.as_str();
            if !ArticleId::is_well_formed(id) {
                return Err(RenderError::BadArticleId(id.to_string()));
            }
            let path = article_dir.join(format!("{id}.html"));
            let source = record.lineage.of.as_ref().and_then(|of| {
                story
                    .articles
                    .iter()
                    .find(|other| &other.article.id == of)
                    .map(|other| &other.article)
            });
            write(
                &path,
                &render_article(record, &summary, source, Site::Report)?,
            )?;
            articles += 1;
        }
    }
    let summaries: Vec<_> = stories.iter().map(StoryDocument::summary).collect();
    let index = dir.join("index.html");
    write(&index, &render_index(&summaries)?)?;
    Ok(ReportFiles {
        index,
        stories: stories.len(),
        articles,
    })
}

fn write(path: &Path, contents: &str) -> Result<(), RenderError> {
    fs::write(path, contents).map_err(|source| RenderError::Write {
        path: path.to_path_buf(),
        source,
    })
}
