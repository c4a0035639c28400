//! Bad input: each kind is skipped with one line naming it and the reason, the good
//! inputs beside it are still ingested, and the run exits 2. No panic, no hang.

use crate::util::{Run, Workspace};

const GOOD: &str = "Quake hits Velmora\nA strong earthquake struck the coastal town of Velmora on Wednesday, officials said.";

/// Ingests a folder holding `good.txt` and the bad file; returns the run and the number
/// of articles stored.
fn ingest_beside_good(name: &str, bad: &[u8]) -> (Run, usize) {
    let work = Workspace::new();
    work.write("in/good.txt", GOOD);
    work.write(&format!("in/{name}"), bad);
    let run = work.run(&["ingest", "in", "--db", "b.db", "-q"]);
    let export = work.export("b.db");
    let articles = export["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|story| story["articles"].as_array().unwrap().len())
        .sum();
    (run, articles)
}

fn assert_skipped(name: &str, bad: &[u8], reason: &str) {
    let (run, articles) = ingest_beside_good(name, bad);
    let run = run.expect_code(2);
    let skips: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.starts_with("skipped "))
        .collect();
    assert_eq!(skips.len(), 1, "{}", run.stderr);
    assert!(
        skips[0].starts_with(&format!("skipped in/{name}")) && skips[0].contains(reason),
        "expected `{reason}` for {name}: {}",
        run.stderr
    );
    assert_eq!(articles, 1, "the good file is still ingested");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn binary_files_are_skipped() {
    let png = [
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, b'I', b'H', b'D', b'R',
    ];
    assert_skipped("photo.txt", &png, "binary content (image/png)");
}

#[test]
fn empty_files_are_skipped() {
    assert_skipped("empty.txt", b"", "empty");
    assert_skipped("blank.html", b"  \n\n ", "empty");
}

#[test]
fn compressed_files_other_than_gzip_and_broken_gzip_are_skipped() {
    assert_skipped(
        "page.html.bz2",
        b"BZh91AY&SY\x00\x00\x00\x00",
        "compressed content (bzip2)",
    );
    let truncated_gzip = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03, 0x01, 0x00];
    assert_skipped("page.html.gz", &truncated_gzip, "gzip");
}

#[test]
fn nul_bytes_are_skipped() {
    assert_skipped(
        "nul.txt",
        b"Some words\0 and a NUL byte in the middle of the text.",
        "NUL",
    );
}

#[test]
fn truncated_markup_keeps_what_it_has() {
    let work = Workspace::new();
    work.write(
        "cut.html",
        "<html><head><title>Cut</title></head><body><article><p>Aldoria and Belmark signed the Ostra treaty in Norhaven.</p><p>Ministers from both sides said the deal would la",
    );
    work.run(&["ingest", "cut.html", "--db", "t.db"])
        .expect_code(0);
    let export = work.export("t.db");
    let text = export["stories"][0]["articles"][0]["text"]
        .as_str()
        .unwrap();
    assert!(text.ends_with("said the deal would la"), "{text}");
}

#[test]
fn markup_without_text_is_skipped() {
    assert_skipped("chrome.html", b"<html><body><nav><a href=/>Home</a></nav><div class=cookie-banner>We use cookies</div></body></html>", "no article text");
}

#[test]
fn absurdly_nested_markup_is_skipped_quickly() {
    let page = format!(
        "<html><body>{}Deep text in the middle of nowhere at all.</body></html>",
        "<div><span>".repeat(200_000)
    );
    assert_skipped("deep.html", page.as_bytes(), "nested deeper than");
}

#[test]
fn malformed_jsonl_rows_are_skipped_by_line() {
    let rows = concat!(
        "{\"text\": \"Ministers from Aldoria and Belmark signed the Ostra treaty in Norhaven on Tuesday.\", \"url\": \"https://wire.example/1\"}\n",
        "{\"text\": \"unterminated\n",
        "not json at all\n",
        "{\"title\": \"no text or html\"}\n",
    );
    let (run, articles) = ingest_beside_good("wire.jsonl", rows.as_bytes());
    let run = run.expect_code(2);
    for line in [2, 3, 4] {
        assert!(
            run.stderr
                .contains(&format!("skipped in/wire.jsonl:{line}: malformed JSON")),
            "line {line}: {}",
            run.stderr
        );
    }
    assert_eq!(articles, 2);
}

#[test]
fn files_over_the_size_cap_are_skipped_unread() {
    let big = "Velmora rescue workers searched the rubble. ".repeat(500_000);
    assert!(big.len() > 20 * 1024 * 1024);
    assert_skipped("huge.txt", big.as_bytes(), "too large");
}

#[test]
fn missing_paths_are_skipped_by_name() {
    let work = Workspace::new();
    work.write("good.txt", GOOD);
    let run = work
        .run(&["ingest", "good.txt", "nope.txt", "--db", "m.db"])
        .expect_code(2);
    assert!(
        run.stderr
            .contains("skipped nope.txt: cannot read: no such file or folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn broken_feeds_and_warc_archives_are_skipped_by_name() {
    assert_skipped(
        "feed.xml",
        b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>cut",
        "malformed: feed",
    );
    assert_skipped(
        "crawl.warc",
        b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 200 OK\r\n",
        "ends inside a record",
    );
}
