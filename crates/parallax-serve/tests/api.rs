//! The server over real HTTP: every route, filter, error code and limit, on a SQLite
//! store filled from the repository's own examples.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail the test on any error"
)]

use std::sync::OnceLock;

use serde_json::Value;

use support::{Server, start};

mod support;

/// The read-only server most tests share.
fn shared() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| start(false, 2 * 1024 * 1024, &[]))
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap().to_string()
    }
}

fn read(mut response: ureq::http::Response<ureq::Body>) -> Reply {
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_string()))
        .collect();
    let body = response
        .body_mut()
        .with_config()
        .limit(50 * 1024 * 1024)
        .read_to_string()
        .unwrap_or_default();
    Reply {
        status,
        headers,
        body,
    }
}

fn get(server: &Server, path: &str) -> Reply {
    read(
        agent()
            .get(&format!("http://{}{path}", server.addr))
            .call()
            .unwrap(),
    )
}

fn post(server: &Server, path: &str, body: &[u8]) -> Reply {
    read(
        agent()
            .post(&format!("http://{}{path}", server.addr))
            .send(body)
            .unwrap(),
    )
}

fn story_ids(page: &Value) -> Vec<String> {
    page["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|story| story["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn stories_are_listed_paginated_filtered_and_sorted() {
    let server = shared();
    let all = get(server, "/api/stories").json();
    assert_eq!(all["total"], 3, "{all:#}");
    assert_eq!(all["schema"], 1);
    let first = get(server, "/api/stories?per_page=2&page=1").json();
    let second = get(server, "/api/stories?per_page=2&page=2").json();
    assert_eq!(story_ids(&first).len(), 2);
    assert_eq!(story_ids(&second).len(), 1);
    assert!(!story_ids(&first).contains(&story_ids(&second)[0]));
    // Newest update first by default.
    let updates: Vec<&str> = all["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|story| story["last_updated"].as_str().unwrap())
        .collect();
    let mut sorted = updates.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(updates, sorted);
    // Text query on headlines, any case.
    let voltara = get(server, "/api/stories?q=voltara%20RECALL").json();
    assert_eq!(voltara["total"], 1, "{voltara:#}");
    assert!(
        voltara["stories"][0]["title"]
            .as_str()
            .unwrap()
            .contains("Voltara")
    );
    assert_eq!(
        get(server, "/api/stories?q=nothing-like-this").json()["total"],
        0
    );
    // A source filter.
    let site = voltara["stories"][0]["sources"][0]
        .as_str()
        .unwrap()
        .to_string();
    let by_site = get(
        server,
        &format!("/api/stories?site={}", site.replace(' ', "%20")),
    )
    .json();
    assert!(story_ids(&by_site).contains(&story_ids(&voltara)[0]));
    // Entities by any spelling, any case; agencies behind a story.
    let id = story_ids(&voltara)[0].clone();
    let story = get(server, &format!("/api/stories/{id}")).json();
    let entity = story["entities"][0]["aliases"][0]
        .as_str()
        .unwrap()
        .to_uppercase();
    let by_entity = get(
        server,
        &format!("/api/stories?entity={}", entity.replace(' ', "%20")),
    )
    .json();
    assert!(
        story_ids(&by_entity).contains(&id),
        "{entity}: {by_entity:#}"
    );
    assert_eq!(
        get(server, "/api/stories?entity=Nobody%20Anywhere").json()["total"],
        0
    );
    if let Some(agency) = story["agencies"][0].as_str() {
        let by_agency = get(
            server,
            &format!("/api/stories?agency={}", agency.replace(' ', "%20")),
        )
        .json();
        assert!(story_ids(&by_agency).contains(&id), "{agency}");
    }
    assert_eq!(
        get(server, "/api/stories?agency=No%20Such%20Agency").json()["total"],
        0
    );
    // Sorted by size; date ranges.
    assert_eq!(get(server, "/api/stories?sort=size").json()["total"], 3);
    assert_eq!(
        get(server, "/api/stories?from=2100-01-01").json()["total"],
        0
    );
    assert_eq!(get(server, "/api/stories?to=1990-01-01").json()["total"], 0);
}

#[test]
fn bad_listing_parameters_are_the_callers_fault() {
    let server = shared();
    for (query, code) in [
        ("sort=name", "bad_sort"),
        ("page=0", "bad_page"),
        ("per_page=1000", "bad_page"),
        ("from=yesterday", "bad_date"),
        ("page=abc", "bad_query"),
        ("colour=red", "bad_query"),
    ] {
        let reply = get(server, &format!("/api/stories?{query}"));
        assert_eq!(reply.status, 400, "{query}: {}", reply.body);
        assert_eq!(reply.error_code(), code, "{query}");
    }
}

#[test]
fn one_story_keeps_the_contract_and_errors_have_codes() {
    let server = shared();
    let id = story_ids(&get(server, "/api/stories").json())[0].clone();
    let reply = get(server, &format!("/api/stories/{id}"));
    assert_eq!(reply.status, 200);
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let story = reply.json();
    assert_eq!(story["id"], id.as_str());
    for field in [
        "articles",
        "entities",
        "quotes",
        "claims",
        "differences",
        "timeline",
        "summary",
    ] {
        assert!(story[field].is_array(), "{field}");
    }
    let missing = get(server, "/api/stories/s-0123456789abcdef0123");
    assert_eq!(
        (missing.status, missing.error_code().as_str()),
        (404, "story_not_found")
    );
    let malformed = get(server, "/api/stories/..%2F..%2Fetc%2Fpasswd");
    assert_eq!(
        (malformed.status, malformed.error_code().as_str()),
        (400, "bad_id")
    );
    let nowhere = get(server, "/api/nothing");
    assert_eq!(
        (nowhere.status, nowhere.error_code().as_str()),
        (404, "no_such_route")
    );
}

#[test]
fn articles_are_served_with_their_story() {
    let server = shared();
    let id = story_ids(&get(server, "/api/stories").json())[0].clone();
    let story = get(server, &format!("/api/stories/{id}")).json();
    let article_id = story["articles"][0]["id"].as_str().unwrap();
    let article = get(server, &format!("/api/articles/{article_id}"));
    assert_eq!(article.status, 200);
    let article = article.json();
    assert_eq!(article["story"], id.as_str());
    assert_eq!(article["text"], story["articles"][0]["text"]);
    assert_eq!(article["lineage"], story["articles"][0]["lineage"]);
    let missing = get(server, "/api/articles/a-00000000000000000000");
    assert_eq!(
        (missing.status, missing.error_code().as_str()),
        (404, "article_not_found")
    );
    let malformed = get(server, "/api/articles/%3Cscript%3E");
    assert_eq!(malformed.status, 400);
}

#[test]
fn merged_ids_redirect_to_the_story_they_joined() {
    let server = start(false, 1024, &[]);
    let id = story_ids(&get(&server, "/api/stories").json())[0].clone();
    let db = server.folder.path().join("serve.db");
    let connection = rusqlite::Connection::open(&db).unwrap();
    connection
        .execute(
            "INSERT INTO story_aliases (alias, story_id, kind) VALUES ('s-00aa', ?1, 'merge')",
            [&id],
        )
        .unwrap();
    for (path, target) in [
        ("/api/stories/s-00aa", format!("/api/stories/{id}")),
        ("/stories/s-00aa.html", format!("/stories/{id}.html")),
        (
            "/feeds/stories/s-00aa.atom",
            format!("/feeds/stories/{id}.atom"),
        ),
    ] {
        let reply = get(&server, path);
        assert_eq!(reply.status, 308, "{path}");
        assert_eq!(reply.header("location"), Some(target.as_str()), "{path}");
    }
}

#[test]
fn pages_share_the_reports_templates_and_carry_a_strict_policy() {
    let server = shared();
    let index = get(server, "/");
    assert_eq!(index.status, 200);
    assert!(index.body.contains("Voltara"), "{}", index.body);
    let id = story_ids(&get(server, "/api/stories").json())[0].clone();
    assert!(index.body.contains(&format!("href=\"stories/{id}.html\"")));
    let page = get(server, &format!("/stories/{id}.html"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("summary-heading") && page.body.contains("claims-heading"));
    for reply in [
        &index,
        &page,
        &get(server, "/stories/../../etc/passwd"),
        &get(server, "/api/stories"),
    ] {
        let policy = reply.header("content-security-policy").unwrap();
        assert!(policy.contains("default-src 'none'") && policy.contains("script-src 'self';"));
        assert!(!policy.contains("unsafe-eval") && !policy.contains("script-src 'unsafe-inline'"));
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    }
    assert_eq!(get(server, "/stories/../../etc/passwd").status, 404);
    assert_eq!(get(server, "/stories/s-00.html").status, 404);
    assert_eq!(get(server, "/static/../Cargo.toml").status, 404);
}

#[test]
fn feeds_list_stories_and_a_storys_articles() {
    let server = shared();
    let all = get(server, "/feeds/stories.atom");
    assert_eq!(all.status, 200);
    assert!(
        all.header("content-type")
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let feed: atom_syndication::Feed = all.body.parse().unwrap();
    assert_eq!(feed.entries().len(), 3);
    let id = story_ids(&get(server, "/api/stories").json())[0].clone();
    let story = get(server, &format!("/api/stories/{id}")).json();
    let one: atom_syndication::Feed = get(server, &format!("/feeds/stories/{id}.atom"))
        .body
        .parse()
        .unwrap();
    let entries_of = |kind: &str| -> Vec<&atom_syndication::Entry> {
        one.entries()
            .iter()
            .filter(|entry| entry.id().starts_with(&format!("urn:parallax:{kind}:")))
            .collect()
    };
    // An entry per article as it joined, and one per claim as it was first reported.
    assert_eq!(
        entries_of("article").len(),
        story["articles"].as_array().unwrap().len()
    );
    assert_eq!(
        entries_of("claim").len(),
        story["claims"].as_array().unwrap().len()
    );
    assert_eq!(
        one.entries().len(),
        entries_of("article").len() + entries_of("claim").len()
    );
    assert!(
        entries_of("article")[0].links()[0]
            .href()
            .starts_with(&format!("/stories/{id}.html#a-"))
    );
    let claim = &story["claims"][0];
    let claim_entry = entries_of("claim")
        .into_iter()
        .find(|entry| entry.id().ends_with(claim["id"].as_str().unwrap()))
        .unwrap();
    assert_eq!(
        claim_entry.title().as_str(),
        format!("Claim: {}", claim["text"].as_str().unwrap())
    );
    // Newest first.
    let times: Vec<_> = one.entries().iter().map(|entry| *entry.updated()).collect();
    assert!(times.windows(2).all(|pair| pair[0] >= pair[1]));
    assert_eq!(get(server, "/feeds/stories/s-0000.atom").status, 404);
}

#[test]
fn ingest_is_off_by_default() {
    let reply = post(shared(), "/api/articles", b"{\"text\": \"x\"}");
    assert_eq!(
        (reply.status, reply.error_code().as_str()),
        (403, "ingest_disabled")
    );
}

#[test]
fn ingest_adds_articles_once_escapes_them_and_bounds_bodies() {
    let server = start(true, 64 * 1024, &[]);
    let row = serde_json::json!({
        "url": "https://example.org/quake",
        "title": "<script>alert('t')</script> Quake in Velmora",
        "site": "Example News",
        "text": "<img src=x onerror=alert(1)> A strong earthquake struck the coastal town of Velmora on Wednesday, officials said.\n\nRescuers searched the rubble through the night for survivors."
    });
    let body = format!("{row}\n");
    let added = post(&server, "/api/articles", body.as_bytes());
    assert_eq!(added.status, 201, "{}", added.body);
    assert_eq!(added.json()["added"], 1);
    let again = post(&server, "/api/articles", body.as_bytes());
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.json()["already_present"], 1);
    let binary = post(
        &server,
        "/api/articles",
        &[0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0],
    );
    assert_eq!(binary.status, 422, "{}", binary.body);
    assert!(
        !binary.json()["skipped"][0]["reason"]
            .as_str()
            .unwrap()
            .is_empty()
    );
    // A body over the limit is refused, and the server carries on.
    let huge = vec![b'a'; 20 * 1024 * 1024];
    let refused = agent()
        .post(&format!("http://{}/api/articles", server.addr))
        .send(&huge[..]);
    if let Ok(response) = refused {
        assert_eq!(read(response).status, 413);
    }
    assert_eq!(get(&server, "/api/stories").status, 200);
    // The new article's markup is text on every page.
    let quake = get(&server, "/api/stories?q=velmora").json();
    for id in story_ids(&quake) {
        let page = get(&server, &format!("/stories/{id}.html")).body;
        assert!(
            !page.contains("<script>alert") && !page.contains("<img src=x"),
            "{page}"
        );
    }
    assert!(!get(&server, "/").body.contains("<script>alert"));
}

/// The id of the one story whose headline has `words`.
fn story_with(server: &Server, words: &str) -> String {
    let found = story_ids(&get(server, &format!("/api/stories?q={words}")).json());
    assert_eq!(found.len(), 1, "{words}");
    found[0].clone()
}

#[test]
fn search_finds_stories_and_articles_by_their_words() {
    let server = shared();
    let ostra = story_with(server, "ostra");
    let reply = get(server, "/api/search?q=water-sharing%20pact");
    assert_eq!(reply.status, 200);
    let hits = reply.json();
    assert_eq!(hits["query"], "water-sharing pact");
    let articles = hits["articles"].as_array().unwrap();
    assert!(!articles.is_empty(), "{hits:#}");
    assert!(
        articles.iter().all(|hit| hit["story"] == ostra.as_str()),
        "{hits:#}"
    );
    let first = format!("{} {}", articles[0]["title"], articles[0]["snippet"]).to_lowercase();
    assert!(first.contains("pact"), "{hits:#}");
    // Stories by their headline and summary; the last word may be a word's start.
    let hits = get(server, "/api/search?q=overheat").json();
    let stories = hits["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1, "{hits:#}");
    assert_eq!(stories[0]["id"], story_with(server, "voltara").as_str());
    // A word nobody wrote finds nothing; limits and empty queries are the caller's fault.
    let none = get(server, "/api/search?q=zyzzyva").json();
    assert!(none["stories"].as_array().unwrap().is_empty());
    assert!(none["articles"].as_array().unwrap().is_empty());
    assert_eq!(
        get(server, "/api/search?q=pact&limit=1").json()["articles"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    for (path, code) in [
        ("/api/search?q=%20", "empty_query"),
        ("/api/search", "bad_query"),
        ("/api/search?q=pact&limit=0", "bad_limit"),
        ("/api/search?q=pact&limit=101", "bad_limit"),
        ("/api/search?q=pact&sort=x", "bad_query"),
    ] {
        let reply = get(server, path);
        assert_eq!(
            (reply.status, reply.error_code().as_str()),
            (400, code),
            "{path}"
        );
    }
}

#[test]
fn entities_are_found_by_any_spelling_with_their_stories() {
    let server = shared();
    let velmora = story_with(server, "velmora");
    // Without the accent, by a word's start.
    let found = get(server, "/api/entities?q=ines%20carv").json();
    let entities = found["entities"].as_array().unwrap();
    assert_eq!(entities.len(), 1, "{found:#}");
    assert_eq!(entities[0]["name"], "Inês Carvalho");
    assert_eq!(entities[0]["type"], "person");
    let aliases = entities[0]["aliases"].as_array().unwrap();
    assert!(aliases.contains(&Value::from("Ines Carvalho")), "{found:#}");
    assert_eq!(entities[0]["story_count"], 1);
    assert_eq!(entities[0]["stories"][0], velmora.as_str());
    assert!(
        get(server, "/api/entities?q=nobody").json()["entities"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let reply = get(server, "/api/entities?q=");
    assert_eq!(
        (reply.status, reply.error_code().as_str()),
        (400, "empty_query")
    );
    // The entity's feed: the stories that name it, by any spelling.
    let reply = get(server, "/feeds/entities/Ines%20Carvalho.atom");
    assert_eq!(reply.status, 200);
    let feed: atom_syndication::Feed = reply.body.parse().unwrap();
    assert_eq!(feed.entries().len(), 1);
    assert_eq!(
        feed.entries()[0].id(),
        format!("urn:parallax:story:{velmora}")
    );
    let empty: atom_syndication::Feed = get(server, "/feeds/entities/Nobody.atom")
        .body
        .parse()
        .unwrap();
    assert!(empty.entries().is_empty());
    assert_eq!(get(server, "/feeds/entities/Ines").status, 404);
}

#[test]
fn the_web_ui_lists_searches_and_shows_articles() {
    let server = shared();
    let velmora = story_with(server, "velmora");
    // The list, filtered by an entity (any spelling), shows only its stories, with a feed.
    let page = get(server, "/?entity=ines%20carvalho");
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("stories/{velmora}.html")));
    assert!(!page.body.contains("Voltara"), "{}", page.body);
    assert!(page.body.contains("/feeds/entities/ines%20carvalho.atom"));
    assert!(page.body.contains("value=\"ines carvalho\""));
    // Pages link to each other.
    let second = get(server, "/?per_page=1&page=2");
    assert!(
        second.body.contains("rel=\"prev\" href=\"/?page=1\""),
        "{}",
        second.body
    );
    assert!(second.body.contains("rel=\"next\" href=\"/?page=3\""));
    assert_eq!(get(server, "/?page=0").status, 400);
    // Search results: entities, stories, articles; the query is escaped.
    let results = get(server, "/search?q=velmora");
    assert_eq!(results.status, 200);
    assert!(results.body.contains("entities-heading") && results.body.contains("articles-heading"));
    assert!(results.body.contains(&format!("stories/{velmora}.html")));
    let hostile = get(server, "/search?q=%3Cscript%3Ealert(1)%3C/script%3E");
    assert!(!hostile.body.contains("<script>alert"), "{}", hostile.body);
    assert!(
        hostile.body.contains("&#60;script&#62;alert(1)"),
        "{}",
        hostile.body
    );
    assert_eq!(get(server, "/search?q=").status, 303);
    // An article's own page: text, metadata, its story.
    let story = get(server, &format!("/api/stories/{velmora}")).json();
    let article = &story["articles"][0];
    let id = article["id"].as_str().unwrap();
    let page = get(server, &format!("/articles/{id}.html"));
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains(&format!("href=\"../stories/{velmora}.html\""))
    );
    assert!(page.body.contains("<p class=\"text\">"));
    assert!(page.body.contains("Why it is in this story"));
    // A repost's page links the article it copies by that article's site or file.
    let listing = get(server, "/api/stories").json();
    let repost = listing["stories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|story| {
            let id = story["id"].as_str().unwrap();
            let story = get(server, &format!("/api/stories/{id}")).json();
            story["articles"].as_array().unwrap().clone()
        })
        .find(|article| article["lineage"]["of"].is_string())
        .expect("the examples hold a repost");
    let of = repost["lineage"]["of"].as_str().unwrap();
    let page = get(
        server,
        &format!("/articles/{}.html", repost["id"].as_str().unwrap()),
    );
    assert!(
        page.body.contains(&format!(" of <a href=\"{of}.html\">")),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains(&format!("\">{of}</a>")),
        "the link names the source, not its id: {}",
        page.body
    );
    assert_eq!(get(server, "/articles/a-0000.html").status, 404);
    assert_eq!(
        get(server, "/articles/..%2F..%2Fetc%2Fpasswd.html").status,
        404
    );
    // The pages' one script, and nothing else under /assets.
    let script = get(server, "/assets/parallax.js");
    assert_eq!(script.status, 200);
    assert!(
        script
            .header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(script.body.contains("data-sentence"));
    for path in [
        "/assets/other.js",
        "/assets/..%2FCargo.toml",
        "/assets/../Cargo.toml",
    ] {
        assert_eq!(get(server, path).status, 404, "{path}");
    }
}

#[test]
fn a_story_page_draws_its_lineage_and_carries_citation_sentences() {
    let server = shared();
    let voltara = story_with(server, "voltara");
    let story = get(server, &format!("/api/stories/{voltara}")).json();
    let page = get(server, &format!("/stories/{voltara}.html")).body;
    // The repost points at its source; Reuters is drawn as the agency behind the wire copy.
    let copies = story["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|article| article["lineage"]["kind"] == "repost")
        .count();
    assert!(copies > 0);
    assert!(page.contains("<svg class=\"lineage-graph\""));
    assert_eq!(page.matches("<line class=\"repost\"").count(), copies);
    assert!(page.matches("<line class=\"credit\"").count() >= 1);
    assert!(page.contains("<title>Agency: Reuters</title>"));
    // Every citation marker carries the sentence it cites, for the script's tip.
    let markers = page.matches("class=\"cite\"").count();
    assert!(markers > 0);
    assert_eq!(page.matches("data-sentence=\"").count(), markers);
    assert!(page.contains("src=\"../assets/parallax.js\""));
    assert!(page.contains(&format!("/feeds/stories/{voltara}.atom")));
}
