//! The static report: article content is always text, never markup.

use crate::util::Workspace;

#[test]
fn script_in_titles_and_bodies_renders_as_text() {
    let work = Workspace::new();
    let row = serde_json::json!({
        "url": "javascript:alert(1)",
        "title": "<script>alert('title')</script> Quake",
        "site": "<b>evil</b>",
        "text": "<img src=x onerror=alert(1)> A strong earthquake struck the coastal town of Velmora on Wednesday.\n\n<script>alert('body')</script> Rescuers searched the rubble."
    });
    work.write("xss.jsonl", format!("{row}\n"));
    work.run(&["run", "xss.jsonl", "--db", "x.db", "--out", "out"])
        .expect_code(0);
    let export = work.export("x.db");
    let id = export["stories"][0]["id"].as_str().unwrap();
    let index = std::fs::read_to_string(work.path().join("out/index.html")).unwrap();
    let page = std::fs::read_to_string(work.path().join(format!("out/stories/{id}.html"))).unwrap();
    let article_id = export["stories"][0]["articles"][0]["id"].as_str().unwrap();
    let article =
        std::fs::read_to_string(work.path().join(format!("out/articles/{article_id}.html")))
            .unwrap();
    for html in [&index, &page, &article] {
        // The one script element is the report's own, from its folder.
        assert_eq!(html.matches("<script").count(), 1, "{html}");
        assert!(
            html.contains("assets/parallax.js\" defer></script>"),
            "{html}"
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>evil"), "{html}");
        assert!(
            html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"),
            "{html}"
        );
    }
    assert!(page.contains("onerror=alert(1)") && !page.contains("<img src=x onerror"));
    assert!(
        !page.contains("href=\"javascript:"),
        "unsafe URLs are not linked"
    );
    assert!(page.contains("Content-Security-Policy"));
    assert!(work.path().join("out/assets/parallax.js").is_file());
}
