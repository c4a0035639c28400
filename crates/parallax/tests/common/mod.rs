//! Helpers shared by this crate's integration tests.

use std::path::PathBuf;

/// The five shared seed articles' folder, or `None` (with a message) when `../shared`
/// is not beside the repository.
pub(crate) fn seeds() -> Option<PathBuf> {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/seeds");
    if seeds.is_dir() {
        Some(seeds)
    } else {
        eprintln!(
            "SKIPPED: the shared seeds are not at {}; this test needs ../shared beside the repository",
            seeds.display()
        );
        None
    }
}
