//! Container formats end to end: a gzipped WARC crawl, RSS and Atom feeds and a gzipped
//! page go through `ingest` and `extract` like any file, each record or item one article.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

use crate::util::Workspace;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn warc_record(kind: &str, uri: &str, block: &str) -> Vec<u8> {
    let record = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-10-14T09:30:00Z\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
        block.len()
    );
    gzip(record.as_bytes())
}

fn page(title: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><head><title>{title}</title></head><body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    )
}

const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbour Times</title>
<item><title>Ferry strike ends in Velmora</title><link>https://harbour-times.example/ferry</link>
<pubDate>Thu, 15 Oct 2026 08:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p>Ferries sailed again from Velmora harbour on Thursday after a week-long strike by crews ended with a pay deal.</p>]]></content:encoded></item>
</channel></rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Riverlands Post</title><id>urn:rp</id><updated>2026-10-20T10:00:00Z</updated>
<entry><title>Aldoria and Belmark sign Ostra treaty</title><id>urn:treaty</id><link href="https://riverlands-post.example/treaty"/>
<updated>2026-10-20T10:00:00Z</updated><content type="html">&lt;p&gt;Ministers from Aldoria and Belmark signed the Ostra water treaty in Norhaven on Tuesday, ending years of dispute.&lt;/p&gt;</content></entry></feed>"#;

#[test]
fn warc_feeds_and_gzip_become_articles() {
    let work = Workspace::new();
    let crawl = [
        warc_record("warcinfo", "", "software: a crawler"),
        warc_record("request", "https://harbour-times.example/quake", "GET /quake HTTP/1.1\r\n\r\n"),
        warc_record(
            "response",
            "https://harbour-times.example/quake",
            &page("Quake hits Velmora", "A strong earthquake struck the coastal town of Velmora early on Wednesday, the mayor said."),
        ),
        warc_record(
            "response",
            "https://harbour-times.example/logo.png",
            "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG",
        ),
        warc_record(
            "response",
            "https://harbour-times.example/bridge",
            &page("Bridge reopens", "The Norhaven bridge reopened to traffic on Monday after two years of repairs, officials said."),
        ),
    ]
    .concat();
    work.write("in/crawl.warc.gz", crawl);
    work.write("in/news.rss", RSS);
    work.write("in/post.atom", ATOM);
    work.write(
        "in/page.html.gz",
        gzip(b"<html><body><article><p>Rescuers in Velmora searched collapsed homes through the night for survivors of the quake.</p></article></body></html>"),
    );

    let run = work.run(&["ingest", "in", "--db", "f.db"]).expect_code(2);
    let skips: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("skipped "))
        .collect();
    assert_eq!(
        skips,
        [
            "skipped in/crawl.warc.gz#https://harbour-times.example/logo.png: not an article page (image/png, not HTML)"
        ],
        "{}",
        run.stderr
    );

    let export = work.export("f.db");
    let mut urls: Vec<String> = export["stories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|story| story["articles"].as_array().unwrap().clone())
        .map(|article| article["url"].as_str().unwrap_or("none").to_string())
        .collect();
    urls.sort();
    assert_eq!(
        urls,
        [
            "https://harbour-times.example/bridge",
            "https://harbour-times.example/ferry",
            "https://harbour-times.example/quake",
            "https://riverlands-post.example/treaty",
            "none",
        ]
    );

    let extracted = work
        .run(&["extract", "in/crawl.warc.gz", "--threads", "1"])
        .expect_code(2);
    let articles: Vec<serde_json::Value> = extracted
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(articles.len(), 2);
    assert_eq!(articles[0]["title"], "Quake hits Velmora");
    assert_eq!(
        articles[0]["text"],
        "A strong earthquake struck the coastal town of Velmora early on Wednesday, the mayor said."
    );
    assert_eq!(articles[1]["url"], "https://harbour-times.example/bridge");
}
