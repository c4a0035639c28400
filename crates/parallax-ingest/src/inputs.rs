//! Inputs: the files, folder members and stdin the user names, in a deterministic order.

use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use crate::{SkipReason, Skipped};

/// Where an input's bytes come from.
#[derive(Clone, Debug)]
pub enum InputSource {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// Bytes already in memory (an API request body, a test).
    Bytes(Vec<u8>),
}

/// One input: a source and the origin name documents from it carry.
#[derive(Clone, Debug)]
pub struct Input {
    /// The name documents from this input carry: the path as the user wrote it (made
    /// tidy), or `stdin`.
    pub origin: String,
    /// Where the bytes are.
    pub source: InputSource,
}

impl Input {
    /// An input of bytes already in memory, named `origin`.
    pub fn bytes(origin: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self {
            origin: origin.into(),
            source: InputSource::Bytes(bytes),
        }
    }

    /// The file name's extension, lowercased, if the input has one; a final `.gz` is
    /// passed over (`page.html.gz` is `html`).
    pub(crate) fn extension(&self) -> Option<String> {
        let name = self.origin.strip_suffix(".gz").unwrap_or(&self.origin);
        Path::new(name)
            .extension()
            .and_then(|ext| ext.to_str())
            .map(str::to_ascii_lowercase)
    }
}

/// Expands `paths` into inputs: a file is itself, a folder is every file under it
/// (recursively, sorted by path, hidden files skipped), `-` is stdin. Paths that do not
/// exist or cannot be listed come back as skips.
pub fn collect_inputs<P: AsRef<Path>>(paths: &[P]) -> (Vec<Input>, Vec<Skipped>) {
    let mut inputs = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        let path = path.as_ref();
        if path == Path::new("-") {
            inputs.push(Input {
                origin: "stdin".to_string(),
                source: InputSource::Stdin,
            });
        } else if path.is_dir() {
            collect_folder(path, &mut inputs, &mut skipped);
        } else if path.exists() {
            inputs.push(file_input(path));
        } else {
            skipped.push(Skipped::new(
                tidy_path(path),
                SkipReason::Io("no such file or folder".to_string()),
            ));
        }
    }
    (inputs, skipped)
}

fn collect_folder(folder: &Path, inputs: &mut Vec<Input>, skipped: &mut Vec<Skipped>) {
    let walker = WalkDir::new(folder)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => inputs.push(file_input(entry.path())),
            Ok(_) => {}
            Err(error) => {
                let origin = error.path().map_or_else(|| tidy_path(folder), tidy_path);
                skipped.push(Skipped::new(origin, SkipReason::Io(error.to_string())));
            }
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|name| name.starts_with('.'))
}

fn file_input(path: &Path) -> Input {
    Input {
        origin: tidy_path(path),
        source: InputSource::File(path.to_path_buf()),
    }
}

/// The path as the user wrote it, without `.` components or doubled separators, so that
/// `./examples//a.txt` and `examples/a.txt` name the same origin.
fn tidy_path(path: &Path) -> String {
    let tidy: PathBuf = path
        .components()
        .filter(|component| !matches!(component, Component::CurDir))
        .collect();
    tidy.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_expand_in_sorted_order_without_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("b")).unwrap();
        std::fs::write(dir.path().join("b/2.txt"), "x").unwrap();
        std::fs::write(dir.path().join("b/1.txt"), "x").unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        std::fs::write(dir.path().join(".hidden"), "x").unwrap();
        let (inputs, skipped) = collect_inputs(&[dir.path()]);
        assert!(skipped.is_empty());
        let names: Vec<_> = inputs
            .iter()
            .map(|input| input.origin.rsplit('/').next().unwrap().to_string())
            .collect();
        assert_eq!(names, ["a.txt", "1.txt", "2.txt"]);
    }

    #[test]
    fn missing_paths_are_skipped_by_name() {
        let (inputs, skipped) = collect_inputs(&["./no/such/file.txt"]);
        assert!(inputs.is_empty());
        assert_eq!(skipped[0].origin, "no/such/file.txt");
    }

    #[test]
    fn dash_is_stdin() {
        let (inputs, _) = collect_inputs(&["-"]);
        assert!(matches!(inputs[0].source, InputSource::Stdin));
        assert_eq!(inputs[0].origin, "stdin");
    }
}
