//! One page per structure news sites use, written for these tests: the extractor must
//! keep exactly the article's paragraphs and read the metadata each structure gives.

#![expect(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

use parallax_core::{Article, ContentHash, MediaType, RawDocument, SkipReason, SuppliedMetadata};
use parallax_extract::{DefaultExtractor, Extractor};

fn extract(media: MediaType, body: &str) -> Result<Article, SkipReason> {
    DefaultExtractor.extract(&RawDocument {
        origin: "page.html".into(),
        media,
        body: body.into(),
        supplied: SuppliedMetadata::default(),
        fetched_at: time::OffsetDateTime::UNIX_EPOCH,
        content_hash: ContentHash::of(body.as_bytes()),
    })
}

fn html(body: &str) -> Article {
    extract(MediaType::Html, body).unwrap()
}

fn paragraphs(article: &Article) -> Vec<&str> {
    article.text.split("\n\n").collect()
}

const QUAKE_1: &str = "A strong earthquake struck the coastal town of Velmora early on Wednesday, damaging hundreds of homes.";
const QUAKE_2: &str = "Rescuers searched the rubble through the night, and the mayor said at least twelve people were missing.";
const QUAKE_3: &str = "The regional government opened shelters in three schools and asked residents to keep off the damaged bridge.";

#[test]
fn json_ld_gives_the_metadata_and_plain_divs_the_text() {
    let page = format!(
        r#"<html><head><title>Velmora quake | Harbour Times</title>
        <script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
          "headline":"Quake hits Velmora","datePublished":"2026-10-14T09:30:00+01:00",
          "author":[{{"@type":"Person","name":"Rui Mendes"}}],"publisher":{{"@type":"Organization","name":"Harbour Times"}},
          "mainEntityOfPage":"https://harbour-times.example/quake","inLanguage":"en-GB"}}</script></head>
        <body><div id="top"><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></div>
        <div class="story"><h1>Quake hits Velmora</h1><div>{QUAKE_1}</div><div>{QUAKE_2}</div><div>{QUAKE_3}</div></div>
        <div class="more"><a href="/a">Ferry strike ends after a week</a><br><a href="/b">Bridge reopens after repairs</a></div>
        </body></html>"#
    );
    let article = html(&page);
    assert_eq!(article.title.as_deref(), Some("Quake hits Velmora"));
    assert_eq!(article.byline.as_deref(), Some("Rui Mendes"));
    assert_eq!(article.site.as_deref(), Some("Harbour Times"));
    assert_eq!(
        article.url.as_deref(),
        Some("https://harbour-times.example/quake")
    );
    assert_eq!(article.language.as_deref(), Some("en"));
    let published = article.published.unwrap();
    assert_eq!((published.hour(), published.offset().whole_hours()), (9, 1));
    assert_eq!(paragraphs(&article), [QUAKE_1, QUAKE_2, QUAKE_3]);
}

#[test]
fn open_graph_alone_gives_the_metadata() {
    let page = format!(
        r#"<html lang="pt"><head><meta property="og:title" content="Sismo atinge Velmora">
        <meta property="og:site_name" content="Jornal do Porto"><meta property="og:url" content="https://jornal.example/sismo">
        <meta property="article:published_time" content="2026-10-14T08:00:00Z"><meta name="author" content="Ana Sousa"></head>
        <body><main><p>{QUAKE_1}</p><p>{QUAKE_2}</p></main></body></html>"#
    );
    let article = html(&page);
    assert_eq!(article.title.as_deref(), Some("Sismo atinge Velmora"));
    assert_eq!(article.site.as_deref(), Some("Jornal do Porto"));
    assert_eq!(article.url.as_deref(), Some("https://jornal.example/sismo"));
    assert_eq!(article.byline.as_deref(), Some("Ana Sousa"));
    assert_eq!(article.language.as_deref(), Some("pt"));
    assert_eq!(article.published.unwrap().hour(), 8);
    assert_eq!(paragraphs(&article), [QUAKE_1, QUAKE_2]);
}

#[test]
fn article_element_keeps_headings_lists_and_quotes_and_drops_furniture() {
    let page = format!(
        r#"<body><nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li></ul></nav>
        <div class="cookie-banner"><p>We use cookies to improve your experience on our site.</p></div>
        <article><header><h1>Quake hits Velmora</h1><p class="byline">By Rui Mendes, 14 October 2026</p></header>
        <p>{QUAKE_1}</p>
        <figure><img src="q.jpg"><figcaption>Rescuers at work in Velmora on Wednesday morning.</figcaption></figure>
        <h2>What we know</h2>
        <ul><li>Twelve people are missing after the quake.</li><li>Three schools are open as shelters tonight.</li></ul>
        <blockquote>“We will not stop until everyone is found,” the mayor said.</blockquote>
        <div class="share-bar"><a href="/s/fb">Share on Facebook</a> <a href="/s/x">Share on X</a></div>
        <p>{QUAKE_2}</p></article>
        <aside><h3>Most read</h3><p>A different story about the ferry strike that ended.</p></aside>
        <footer><p>© 2026 Harbour Times. All rights reserved.</p></footer></body>"#
    );
    assert_eq!(
        paragraphs(&html(&page)),
        [
            QUAKE_1,
            "What we know",
            "Twelve people are missing after the quake.",
            "Three schools are open as shelters tonight.",
            "“We will not stop until everyone is found,” the mayor said.",
            QUAKE_2,
        ]
    );
}

#[test]
fn table_layouts_are_read_cell_by_cell() {
    let page = format!(
        r#"<html><body><table width="100%"><tr><td class="menu"><a href="/">Home</a><br><a href="/n">News</a><br><a href="/c">Contact</a></td>
        <td><font size="2"><b>Quake hits Velmora</b></font><br><br>{QUAKE_1}<br><br>{QUAKE_2}</td></tr></table></body></html>"#
    );
    let article = html(&page);
    let kept = paragraphs(&article);
    assert!(
        kept.contains(&QUAKE_1) && kept.contains(&QUAKE_2),
        "{kept:?}"
    );
    assert!(!article.text.contains("Contact"), "{kept:?}");
}

#[test]
fn bodies_split_around_an_advert_are_joined() {
    let page = format!(
        r#"<body><div class="page"><div class="article-body part"><p>{QUAKE_1}</p><p>{QUAKE_2}</p></div>
        <div class="ad-slot"><p>Advertisement</p><p>Buy the new phone today, the best price in town.</p></div>
        <div class="article-body part"><p>{QUAKE_3}</p></div>
        <div class="related"><h3>Related stories</h3><ul><li><a href="/f">Ferry strike ends</a></li></ul></div></div></body>"#
    );
    assert_eq!(paragraphs(&html(&page)), [QUAKE_1, QUAKE_2, QUAKE_3]);
}

#[test]
fn articles_cut_into_builder_rows_are_read_whole() {
    let row = |text: &str| {
        format!(
            r#"<div class="row"><div class="col"><div class="text-block"><p>{text}</p></div></div></div>"#
        )
    };
    let page = format!(
        r#"<body><div class="builder">{}{}{}</div><div class="footer-links"><a href="/a">About</a> <a href="/p">Privacy</a></div></body>"#,
        row(QUAKE_1),
        row(QUAKE_2),
        row(QUAKE_3)
    );
    assert_eq!(paragraphs(&html(&page)), [QUAKE_1, QUAKE_2, QUAKE_3]);
}

#[test]
fn a_related_box_inside_the_article_is_skipped_not_the_end() {
    let page = format!(
        r#"<body><article><p>{QUAKE_1}</p>
        <div class="inline-box"><h4>Related news</h4><p><a href="/f">Ferry strike ends after a week of talks</a></p></div>
        <p>{QUAKE_2}</p><h3>Related stories</h3><p><a href="/b">Bridge reopens</a></p></article></body>"#
    );
    assert_eq!(paragraphs(&html(&page)), [QUAKE_1, QUAKE_2]);
}

#[test]
fn text_hidden_until_scripts_run_is_the_article_when_it_is_most_of_the_page() {
    let page = format!(
        r#"<body><div id="app"><a href="/">Home</a></div><div hidden id="stream"><p>{QUAKE_1}</p><p>{QUAKE_2}</p></div>
        <div style="display: none"><p>Sign up for our newsletter to get the morning briefing.</p></div></body>"#
    );
    assert_eq!(paragraphs(&html(&page)), [QUAKE_1, QUAKE_2]);
}

#[test]
fn words_keep_their_spacing_across_inline_tags() {
    let page = "<article><p>The <a href=\"/hd\">Home Depot</a> store in <em>Velmora</em>, a <b>member</b>. \
        of the chain, reopened on Friday after the quake damaged its roof and walls.</p></article>";
    assert_eq!(
        html(page).text,
        "The Home Depot store in Velmora, a member. of the chain, reopened on Friday after the quake damaged its roof and walls."
    );
}

#[test]
fn scraped_text_with_chrome_before_between_and_after() {
    let text = format!(
        "Home\nWorld\n11:50\nFollow us on Facebook\nQuake hits Velmora | World | harbour-times.example\n\
         {QUAKE_1}\nAdvertisement\n{QUAKE_2}\nShare this article\n{QUAKE_3}\nRelated posts\nFerry strike ends\n\
         This website uses cookies to improve your experience. Accept"
    );
    let article = extract(MediaType::Text, &text).unwrap();
    assert_eq!(article.title.as_deref(), Some("Quake hits Velmora"));
    assert_eq!(article.site.as_deref(), Some("harbour-times.example"));
    assert_eq!(paragraphs(&article), [QUAKE_1, QUAKE_2, QUAKE_3]);
}

#[test]
fn pages_without_article_text_are_skipped() {
    let page = "<html><body><nav><a href=\"/\">Home</a><a href=\"/n\">News</a></nav></body></html>";
    assert!(matches!(
        extract(MediaType::Html, page),
        Err(SkipReason::NoText)
    ));
}
