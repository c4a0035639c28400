//! Ingest behaviour: idempotence, stable ids, stdin, global options, usage errors.

use crate::util::{Workspace, article_ids, repo_root};

fn copy_examples(work: &Workspace) {
    let examples = repo_root().join("examples");
    for entry in walk(&examples) {
        let relative = entry.strip_prefix(&examples).unwrap();
        work.write(
            &format!("examples/{}", relative.display()),
            std::fs::read(&entry).unwrap(),
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn re_ingesting_changes_nothing() {
    let work = Workspace::new();
    copy_examples(&work);
    let first = work
        .run(&["ingest", "examples", "--db", "x.db"])
        .expect_code(0);
    assert!(
        first.stdout.contains("12 articles added"),
        "{}",
        first.stdout
    );
    let before = work.export("x.db");
    let second = work
        .run(&["ingest", "./examples/", "--db", "x.db"])
        .expect_code(0);
    assert!(
        second
            .stdout
            .contains("0 articles added, 12 already present"),
        "{}",
        second.stdout
    );
    assert_eq!(work.export("x.db"), before);
}

#[test]
fn ids_are_stable_across_runs_and_thread_counts() {
    let one = Workspace::new();
    let other = Workspace::new();
    copy_examples(&one);
    copy_examples(&other);
    one.run(&["ingest", "examples", "--db", "a.db", "--threads", "1"])
        .expect_code(0);
    other
        .run(&["--threads", "2", "ingest", "examples", "--db", "b.db"])
        .expect_code(0);
    let first = article_ids(&one.export("a.db"));
    assert_eq!(first, article_ids(&other.export("b.db")));
    let story_ids = |work: &Workspace, db: &str| -> Vec<String> {
        work.export(db)["stories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|story| story["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(story_ids(&one, "a.db"), story_ids(&other, "b.db"));
}

#[test]
fn global_options_work_before_and_after_the_command_and_from_the_environment() {
    let work = Workspace::new();
    work.write("a.txt", "Quake hits Velmora\nA strong earthquake struck the coastal town of Velmora on Wednesday, officials said.");
    work.run(&["--db", "g.db", "ingest", "a.txt"])
        .expect_code(0);
    let after = work
        .run(&["stories", "--json", "--db", "g.db"])
        .expect_code(0);
    let before = work
        .run(&["--db", "g.db", "stories", "--json"])
        .expect_code(0);
    let env = work
        .command()
        .args(["stories", "--json"])
        .env("PARALLAX_DB", "g.db")
        .output()
        .unwrap();
    assert_eq!(after.stdout, before.stdout);
    assert_eq!(String::from_utf8(env.stdout).unwrap(), before.stdout);
    let stories = after.json();
    assert_eq!(stories.as_array().unwrap().len(), 1);
    assert_eq!(stories[0]["title"], "Quake hits Velmora");
}

#[test]
fn stdin_is_read_with_a_dash() {
    let work = Workspace::new();
    let page = b"<html><head><title>Treaty signed | Herald</title></head><body><article><p>Aldoria and Belmark signed the Ostra water treaty in Norhaven on Tuesday.</p></article></body></html>";
    work.run_with_stdin(&["ingest", "-", "--db", "s.db"], page)
        .expect_code(0);
    let export = work.export("s.db");
    let article = &export["stories"][0]["articles"][0];
    assert_eq!(article["origin"], "stdin");
    assert_eq!(article["title"], "Treaty signed");
}

#[test]
fn show_prints_one_story_and_unknown_ids_fail() {
    let work = Workspace::new();
    work.write("a.txt", "Quake hits Velmora\nA strong earthquake struck the coastal town of Velmora on Wednesday, officials said.");
    work.run(&["ingest", "a.txt", "--db", "s.db"])
        .expect_code(0);
    let id = work.export("s.db")["stories"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let shown = work
        .run(&["show", &id, "--json", "--db", "s.db"])
        .expect_code(0)
        .json();
    assert_eq!(shown["id"], id.as_str());
    assert_eq!(shown["articles"][0]["lineage"]["kind"], "original");
    let text = work.run(&["show", &id, "--db", "s.db"]).expect_code(0);
    assert!(text.stdout.starts_with("Quake hits Velmora\n"));
    let missing = work.run(&["show", "s-0000", "--db", "s.db"]).expect_code(1);
    assert!(missing.stderr.contains("no story `s-0000`"));
}

#[test]
fn exact_copies_are_reposts_of_the_first() {
    let work = Workspace::new();
    let text = "Quake hits Velmora\nA strong earthquake struck the coastal town of Velmora on Wednesday, officials said.";
    work.write("a/first.txt", text);
    work.write("b/copy.txt", format!("{text}\nShare this article"));
    work.run(&["ingest", "a", "b", "--db", "c.db"])
        .expect_code(0);
    let export = work.export("c.db");
    let articles = export["stories"][0]["articles"].as_array().unwrap();
    assert_eq!(articles[1]["lineage"]["kind"], "repost");
    assert_eq!(articles[1]["lineage"]["of"], articles[0]["id"]);
}

#[test]
fn usage_errors_and_unfinished_commands_exit_1() {
    let work = Workspace::new();
    work.run(&["ingest"]).expect_code(1);
    work.run(&["frobnicate"]).expect_code(1);
    work.run(&["ingest", "x", "--format", "pdf"]).expect_code(1);
    work.run(&["serve", "--addr", "not-an-address"])
        .expect_code(1);
    let serve = work.run(&["serve", "--db", ":memory:"]).expect_code(1);
    assert!(serve.stderr.contains("memory store"), "{}", serve.stderr);
    let postgres = work
        .run(&["stories", "--db", "postgres://localhost/x"])
        .expect_code(1);
    assert!(
        postgres.stderr.contains("PostgreSQL"),
        "{}",
        postgres.stderr
    );
    work.run(&["--help"]).expect_code(0);
}

/// A title carrying a terminal escape sequence reaches neither the store (extraction drops
/// control characters) nor `stories` and `show` (which make what they print safe anyway).
#[test]
fn terminal_escapes_in_articles_are_defused_on_output() {
    let work = Workspace::new();
    work.write(
        "rows.jsonl",
        "{\"url\": \"https://news.example/q\", \"title\": \"Quake\\u001b]0;owned\\u0007 hits Velmora\", \"text\": \"A strong earthquake struck the coastal town of Velmora on Wednesday, officials said.\\u001b[2J Rescue teams searched collapsed buildings through the night while the harbour stayed closed to ferries. The mayor asked residents to stay away from the old town until engineers had checked every bridge.\"}\n",
    );
    work.run(&["ingest", "rows.jsonl", "--db", "s.db"])
        .expect_code(0);
    let listed = work.run(&["stories", "--db", "s.db"]).expect_code(0);
    assert!(listed.stdout.contains("hits Velmora"), "{}", listed.stdout);
    let id = work.export("s.db")["stories"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let stored = work.export("s.db")["stories"][0]["articles"][0]["title"].clone();
    assert_eq!(stored, "Quake]0;owned hits Velmora");
    let shown = work.run(&["show", &id, "--db", "s.db"]).expect_code(0);
    assert!(shown.stdout.contains("hits Velmora"), "{}", shown.stdout);
    for output in [&listed.stdout, &shown.stdout] {
        assert!(!output.contains('\u{1b}'), "{output:?}");
        assert!(!output.contains('\u{7}'), "{output:?}");
    }
}
