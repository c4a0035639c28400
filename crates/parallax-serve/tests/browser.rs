//! The web UI in a real browser: headless Chromium driven over WebDriver (`chromedriver`,
//! Debian's `chromium-driver`), against the server on a store filled from our examples
//! plus a hostile article. It opens the list, searches, opens a story, reads a citation's
//! tip, follows the citation to its marked sentence, takes a screenshot, and checks that
//! markup in an article never runs.
//!
//! Without Chromium and chromedriver the test says so and passes, unless
//! `PARALLAX_REQUIRE_BROWSER=1` (as `.ci/run` sets), where their absence fails it.
//! `PARALLAX_SCREENSHOT=FILE` also saves the story page's screenshot there.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail the test on any error"
)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use support::{Server, start};

mod support;

/// An article whose title and body try to run script in every way markup allows.
const HOSTILE: &str = r#"{"url": "https://hostile.example/xss", "site": "hostile.example", "title": "<script>window.__pwned = 'title'</script><img src=x onerror=\"window.__pwned = 'img'\"> Zanderhoff dam breach", "text": "<img src=x onerror=\"window.__pwned = 'body'\"> The Zanderhoff dam breached on Tuesday night, flooding the lower valley.\n\n<script>window.__pwned = 'script'</script> Engineers said <svg onload=\"window.__pwned = 'svg'\"> the spillway failed first.\n\n<a href=\"javascript:window.__pwned='link'\">Click here</a> to read more about the Zanderhoff dam."}"#;

/// chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_program(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env) {
        return Some(PathBuf::from(path));
    }
    candidates
        .iter()
        .map(PathBuf::from)
        .find(|path| path.is_file())
}

/// Chromium and chromedriver, or why the test cannot run.
fn browser_programs() -> Result<(PathBuf, PathBuf), String> {
    let chromium = find_program("PARALLAX_CHROMIUM", &["/usr/bin/chromium"])
        .ok_or("no Chromium (install Debian's chromium, or set PARALLAX_CHROMIUM)")?;
    let driver = find_program("PARALLAX_CHROMEDRIVER", &["/usr/bin/chromedriver"]).ok_or(
        "no chromedriver (install Debian's chromium-driver, or set PARALLAX_CHROMEDRIVER)",
    )?;
    Ok((chromium, driver))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_driver(program: &Path) -> Driver {
    let port = free_port();
    let child = Command::new(program)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let driver = Driver { child, url };
    let deadline = Instant::now() + Duration::from_secs(20);
    while ureq::get(&format!("{}/status", driver.url)).call().is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    driver
}

async fn open_browser(driver: &Driver, chromium: &Path, profile: &Path) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_string(),
        json!({
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,1500",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .unwrap()
}

async fn script(client: &Client, code: &str) -> Value {
    client.execute(code, Vec::new()).await.unwrap()
}

/// Waits until `code` (a script's body) returns true.
async fn wait_until(client: &Client, code: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while script(client, code).await != Value::Bool(true) {
        assert!(Instant::now() < deadline, "timed out waiting for: {code}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The lowest contrast ratio (WCAG 2 relative luminance) between any visible text on
/// the page and the first opaque background behind it, with that text and its colours.
const WORST_CONTRAST: &str = r#"
const rgb = (value) => {
  const parts = (value.match(/rgba?\(([^)]+)\)/) || [null, ''])[1].split(',').map(Number);
  return parts.length >= 3 ? { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 } : null;
};
const luminance = ({ r, g, b }) => {
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
};
const background = (element) => {
  for (let at = element; at; at = at.parentElement) {
    const colour = rgb(getComputedStyle(at).backgroundColor);
    if (colour && colour.a > 0) return colour;
  }
  return { r: 255, g: 255, b: 255, a: 1 };
};
let worst = { ratio: 21, text: '' };
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode;
  const element = node.parentElement;
  if (!node.textContent.trim() || !element || element.getClientRects().length === 0) continue;
  const style = getComputedStyle(element);
  if (style.visibility === 'hidden') continue;
  const rect = element.getBoundingClientRect();
  if (rect.right < 0 || rect.bottom < 0) continue;
  const ink = rgb(style.color);
  const paper = background(element);
  const [a, b] = [luminance(ink), luminance(paper)];
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < worst.ratio) {
    worst = { ratio, text: node.textContent.trim().slice(0, 40), color: style.color, background: `rgb(${paper.r}, ${paper.g}, ${paper.b})` };
  }
}
return worst;
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ui_lists_searches_cites_and_never_runs_article_markup() {
    let (chromium, driver_program) = match browser_programs() {
        Ok(programs) => programs,
        Err(reason) if std::env::var("PARALLAX_REQUIRE_BROWSER").as_deref() != Ok("1") => {
            eprintln!("skipping the browser test: {reason}");
            return;
        }
        Err(reason) => panic!("PARALLAX_REQUIRE_BROWSER=1 but {reason}"),
    };
    let server = start(false, 2 * 1024 * 1024, &[("hostile.jsonl", HOSTILE)]);
    let driver = start_driver(&driver_program);
    let profile = tempfile::tempdir().unwrap();
    let client = open_browser(&driver, &chromium, profile.path()).await;
    walk_through(&client, &server).await;
    client.close().await.unwrap();
}

async fn walk_through(client: &Client, server: &Server) {
    // The list: every story, newest first, and the script ran under the policy.
    client.goto(&server.url("/")).await.unwrap();
    assert_eq!(client.title().await.unwrap(), "Stories · Parallax");
    let rows = client.find_all(Locator::Css("tbody tr")).await.unwrap();
    assert_eq!(rows.len(), 4, "three example stories and the hostile one");
    wait_until(
        client,
        "return document.documentElement.classList.contains('enhanced');",
    )
    .await;

    // Search from the header, as a reader would type it.
    let search = client.find(Locator::Id("site-search")).await.unwrap();
    search.send_keys("velmora quake").await.unwrap();
    client
        .find(Locator::Css("header form button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(client, "return location.pathname === '/search';").await;
    let heading = client
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(heading, "Search: velmora quake");
    let story_link = client
        .find(Locator::Css("section[aria-labelledby='stories-heading'] a"))
        .await
        .unwrap();
    story_link.click().await.unwrap();
    wait_until(client, "return location.pathname.startsWith('/stories/');").await;
    let title = client
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(title.contains("Velmora"), "{title}");
    wait_until(
        client,
        "return document.documentElement.classList.contains('enhanced');",
    )
    .await;

    // The keyboard reaches the content first: Tab lands on the skip link, which leads
    // to the main content.
    client
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys(&Key::Tab.to_string())
        .await
        .unwrap();
    let focused = client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("class").await.unwrap().as_deref(),
        Some("skip")
    );
    assert_eq!(
        focused.attr("href").await.unwrap().as_deref(),
        Some("#main")
    );
    assert_eq!(
        script(
            client,
            "return document.querySelectorAll('main#main h1').length;"
        )
        .await,
        json!(1)
    );

    // A citation's tip shows the cited article's sentence, on keyboard focus.
    let cite = client.find(Locator::Css("a.cite")).await.unwrap();
    let sentence = cite.attr("data-sentence").await.unwrap().unwrap();
    let target = cite.attr("href").await.unwrap().unwrap();
    assert!(!sentence.is_empty() && target.starts_with("#a-"));
    script(client, "document.querySelector('a.cite').focus();").await;
    let tip = client
        .find(Locator::Id("cite-tip"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(tip.contains(&sentence), "tip {tip:?} lacks {sentence:?}");
    assert_eq!(
        script(
            client,
            "return document.querySelector('a.cite').getAttribute('aria-describedby');"
        )
        .await,
        json!("cite-tip")
    );
    script(
        client,
        "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}));",
    )
    .await;
    assert!(
        client.find(Locator::Id("cite-tip")).await.is_err(),
        "Escape closes the tip"
    );

    // Following the citation lands on the article with its sentence marked.
    cite.click().await.unwrap();
    wait_until(
        client,
        "return document.querySelector('mark.cited') !== null;",
    )
    .await;
    let marked = client
        .find(Locator::Css("mark.cited"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(marked, sentence);
    assert_eq!(script(client, "return location.hash;").await, json!(target));
    assert_eq!(
        script(
            client,
            "return document.querySelector('mark.cited').closest('article').id;"
        )
        .await,
        json!(target.trim_start_matches('#'))
    );

    // A screenshot of the story page, from the top.
    script(client, "window.scrollTo(0, 0);").await;
    let png = client.screenshot().await.unwrap();
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 20_000,
        "{} bytes",
        png.len()
    );
    if let Some(path) = std::env::var_os("PARALLAX_SCREENSHOT") {
        std::fs::write(path, &png).unwrap();
    }
    // The story page, with a citation marked: every text contrasts enough.
    let worst = script(client, WORST_CONTRAST).await;
    eprintln!("lowest text contrast on the story page: {worst}");
    assert!(
        worst["ratio"].as_f64().unwrap() >= 4.5,
        "WCAG AA needs 4.5:1 for text: {worst}"
    );

    // The hostile article: its markup is text on the list, the story, the article page
    // and the search results, and none of it ran.
    let hostile = server.url("/search?q=zanderhoff");
    client.goto(&hostile).await.unwrap();
    let article_link = client
        .find(Locator::Css(
            "section[aria-labelledby='articles-heading'] a",
        ))
        .await
        .unwrap();
    let article_page = article_link.attr("href").await.unwrap().unwrap();
    let story_page = client
        .find(Locator::Css(
            "section[aria-labelledby='articles-heading'] .meta a",
        ))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    for path in [
        "/".to_string(),
        hostile.clone(),
        server.url(&format!("/{story_page}")),
        server.url(&format!("/{article_page}")),
    ] {
        let url = if path.starts_with("http") {
            path
        } else {
            server.url(&path)
        };
        client.goto(&url).await.unwrap();
        wait_until(client, "return document.readyState === 'complete';").await;
        assert_eq!(
            script(client, "return window.__pwned === undefined;").await,
            json!(true),
            "{url}"
        );
        assert_eq!(
            script(client, "return document.scripts.length;").await,
            json!(1),
            "{url}"
        );
        assert_eq!(
            script(client, "return document.querySelectorAll('img, main svg:not(.lineage-graph), [onerror], [onload], a[href^=\"javascript:\"]').length;").await,
            json!(0),
            "{url}"
        );
        let worst = script(client, WORST_CONTRAST).await;
        let ratio = worst["ratio"].as_f64().unwrap();
        eprintln!("lowest text contrast on {url}: {ratio:.2} ({worst})");
        assert!(
            ratio >= 4.5,
            "WCAG AA needs 4.5:1 for text: {worst} on {url}"
        );
        let text = script(client, "return document.body.innerText;").await;
        assert!(text.as_str().unwrap().contains("Zanderhoff"), "{url}");
    }
    let heading = client
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        heading.contains("<script>window.__pwned"),
        "the title shows as text: {heading}"
    );
}
