//! The static report: `index.html` and `stories/<id>.html` in a folder.

use std::fs;
use std::path::{Path, PathBuf};

use parallax_core::StoryId;
use parallax_core::contract::StoryDocument;

use crate::{RenderError, render_index, render_story};

/// The files a report wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportFiles {
    /// The index page.
    pub index: PathBuf,
    /// How many story pages.
    pub stories: usize,
}

/// Writes the report for `stories` into `dir` (created if needed).
pub fn write_report(dir: &Path, stories: &[StoryDocument]) -> Result<ReportFiles, RenderError> {
    let story_dir = dir.join("stories");
    fs::create_dir_all(&story_dir).map_err(|source| RenderError::Write {
        path: story_dir.clone(),
        source,
    })?;
    for story in stories {
        if !StoryId::is_well_formed(story.id.as_str()) {
            return Err(RenderError::BadStoryId(story.id.to_string()));
        }
        let path = story_dir.join(format!("{}.html", story.id));
        write(&path, &render_story(story)?)?;
    }
    let summaries: Vec<_> = stories.iter().map(StoryDocument::summary).collect();
    let index = dir.join("index.html");
    write(&index, &render_index(&summaries)?)?;
    Ok(ReportFiles {
        index,
        stories: stories.len(),
    })
}

fn write(path: &Path, contents: &str) -> Result<(), RenderError> {
    fs::write(path, contents).map_err(|source| RenderError::Write {
        path: path.to_path_buf(),
        source,
    })
}
