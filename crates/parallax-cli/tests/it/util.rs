//! Test helpers: a temporary working folder, a `parallax` command wrapper, and the
//! location of the shared seeds.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// A temporary working folder in which `parallax` runs.
pub(crate) struct Workspace {
    dir: tempfile::TempDir,
}

/// What a finished `parallax` run printed and returned.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    fn from_output(output: Output) -> Self {
        Self {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts the exit status, showing the output when it differs.
    pub(crate) fn expect_code(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "exit status\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// stdout parsed as one JSON document.
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not JSON ({error}):\n{}", self.stdout))
    }
}

impl Workspace {
    pub(crate) fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `contents` to `relative` (folders created as needed) and returns its path.
    pub(crate) fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(relative);
        std::fs::create_dir_all(path.parent().expect("a file has a parent")).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// A `parallax` command running in this folder, with no PARALLAX_DB set.
    pub(crate) fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_parallax"));
        command
            .current_dir(self.dir.path())
            .env_remove("PARALLAX_DB")
            .env("PARALLAX_LOG", "warn")
            .stdin(Stdio::null());
        command
    }

    /// Runs `parallax ARGS` in this folder.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        Run::from_output(self.command().args(args).output().expect("parallax runs"))
    }

    /// Runs `parallax ARGS` with `stdin` on standard input.
    pub(crate) fn run_with_stdin(&self, args: &[&str], stdin: &[u8]) -> Run {
        use std::io::Write;
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("parallax starts");
        child.stdin.take().unwrap().write_all(stdin).unwrap();
        Run::from_output(child.wait_with_output().unwrap())
    }

    /// `parallax export` of the store `db`, parsed.
    pub(crate) fn export(&self, db: &str) -> Value {
        self.run(&["export", "--db", db]).expect_code(0).json()
    }
}

/// The repository's root.
pub(crate) fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The five shared seed articles, or `None` (with a message) when `../shared` is absent.
pub(crate) fn seeds() -> Option<PathBuf> {
    let seeds = repo_root().join("../shared/fixtures/seeds");
    if seeds.is_dir() {
        Some(seeds.canonicalize().unwrap())
    } else {
        eprintln!(
            "SKIPPED: the shared seeds are not at {}; this test needs ../shared beside the repository",
            seeds.display()
        );
        None
    }
}

/// The ids of every article in an export, story by story.
pub(crate) fn article_ids(export: &Value) -> Vec<Vec<String>> {
    export["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|story| {
            story["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|article| article["id"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}
