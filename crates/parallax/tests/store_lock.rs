//! One writer per store file: a second pipeline writing to the same file is refused with
//! a clear error while the first holds it, and may write once the first is gone.

use parallax::ingest::Input;
use parallax::{Error, Pipeline, QuietProgress, Settings, StoreLocation};

fn input(name: &str) -> Input {
    Input::bytes(
        format!("{name}.txt"),
        format!("Quake in {name}\nA strong earthquake struck {name} on Monday, officials said.")
            .into_bytes(),
    )
}

#[test]
fn a_second_writer_is_refused_until_the_first_is_done() {
    let dir = tempfile::tempdir().expect("tempdir");
    let settings = || Settings {
        store: StoreLocation::Sqlite(dir.path().join("parallax.db")),
        ..Settings::default()
    };
    let mut first = Pipeline::new(settings()).expect("first");
    first
        .ingest(&[input("Velmora")], &QuietProgress)
        .expect("first ingest");

    let mut second = Pipeline::new(settings()).expect("a reader may open the store");
    let refused = second.ingest(&[input("Brezno")], &QuietProgress);
    assert!(
        matches!(refused, Err(Error::StoreBusy { .. })),
        "{refused:?}"
    );
    assert_eq!(second.export().expect("reading is fine").stories.len(), 1);

    drop(first);
    second
        .ingest(&[input("Brezno")], &QuietProgress)
        .expect("the lock is free again");
    assert_eq!(second.export().expect("export").stories.len(), 2);
}
