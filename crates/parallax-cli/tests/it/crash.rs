//! A process killed mid-ingest leaves a consistent store: whole batches only, no
//! half-written article, and a re-run completes the work.

use std::time::{Duration, Instant};

use crate::util::Workspace;

/// Documents per store transaction (the pipeline's default batch size).
const BATCH: usize = 64;
const ROWS: usize = 1_200;

fn stored_articles(db: &std::path::Path) -> usize {
    let Ok(connection) =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return 0;
    };
    connection
        .query_row("SELECT COUNT(*) FROM articles", [], |row| {
            row.get::<_, i64>(0)
        })
        .map_or(0, |count| count as usize)
}

#[test]
fn sigkill_mid_ingest_leaves_whole_batches_and_a_rerun_completes() {
    let work = Workspace::new();
    let mut rows = String::new();
    for i in 0..ROWS {
        rows.push_str(&format!(
            "{{\"url\": \"https://council.example/{i}\", \"text\": \"Velmora council item {i}: the council approved harbour repair budget line {i} after a debate about street lighting and ferry timetables.\"}}\n"
        ));
    }
    work.write("rows.jsonl", rows);
    let db = work.path().join("crash.db");
    let mut child = work
        .command()
        .args(["ingest", "rows.jsonl", "--db", "crash.db", "-q"])
        .spawn()
        .unwrap();
    let started = Instant::now();
    while stored_articles(&db) < BATCH {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no batch committed in 60 s"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "ingest finished before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();

    let connection = rusqlite::Connection::open(&db).unwrap();
    let verdict: String = connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(verdict, "ok");
    let stored = stored_articles(&db);
    assert!(stored < ROWS, "the kill came too late to test anything");
    assert_eq!(
        stored % BATCH,
        0,
        "{stored} articles: a batch was half written"
    );
    let orphans: i64 = connection
        .query_row(
            "SELECT COUNT(*) FROM articles WHERE story_id NOT IN (SELECT id FROM stories)
             OR id NOT IN (SELECT article_id FROM fingerprints) OR text = ''",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    drop(connection);

    let rerun = work
        .run(&["ingest", "rows.jsonl", "--db", "crash.db", "-q"])
        .expect_code(0);
    assert!(
        rerun.stdout.contains(&format!(
            "{} articles added, {stored} already present",
            ROWS - stored
        )),
        "{}",
        rerun.stdout
    );
    assert_eq!(stored_articles(&db), ROWS);
}
