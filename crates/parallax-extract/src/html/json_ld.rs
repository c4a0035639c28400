//! JSON-LD: the schema.org description news sites embed for search engines
//! (`<script type="application/ld+json">`). The first article-typed object (`NewsArticle`,
//! `Article`, `BlogPosting`, `ReportageNewsArticle`...), found at the top level, in an
//! array or in an `@graph`, gives the headline, dates, authors, publisher, URL and
//! language; its `articleBody`, when present, tells the content stage what the article
//! says.

use serde_json::Value;

/// What the page's JSON-LD says about its article.
#[derive(Debug, Default)]
pub(crate) struct LinkedData {
    pub(crate) headline: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) authors: Vec<String>,
    pub(crate) publisher: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) language: Option<String>,
    pub(crate) body: Option<String>,
}

/// schema.org types of articles, lowercased.
const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "article",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "liveblogposting",
    "scholarlyarticle",
    "techarticle",
    "report",
    "posting",
    "socialmediaposting",
];

/// Reads the first article described in the page's JSON-LD `scripts`, if any.
pub(crate) fn read(scripts: &[String]) -> LinkedData {
    for text in scripts {
        let Ok(value) = serde_json::from_str::<Value>(text.trim().trim_end_matches(';')) else {
            continue;
        };
        if let Some(article) = find_article(&value, 0) {
            return describe(article);
        }
    }
    LinkedData::default()
}

/// The first article-typed object in `value`, searched a few levels deep.
fn find_article(value: &Value, depth: usize) -> Option<&Value> {
    if depth > 4 {
        return None;
    }
    match value {
        Value::Array(items) => items.iter().find_map(|item| find_article(item, depth + 1)),
        Value::Object(object) => {
            if is_article(object.get("@type")) {
                return Some(value);
            }
            object
                .get("@graph")
                .or_else(|| object.get("mainEntity"))
                .and_then(|inner| find_article(inner, depth + 1))
        }
        _ => None,
    }
}

fn is_article(kind: Option<&Value>) -> bool {
    match kind {
        Some(Value::String(kind)) => ARTICLE_TYPES.contains(&kind.to_ascii_lowercase().as_str()),
        Some(Value::Array(kinds)) => kinds.iter().any(|kind| is_article(Some(kind))),
        _ => false,
    }
}

fn describe(article: &Value) -> LinkedData {
    LinkedData {
        headline: text(article.get("headline")).or_else(|| text(article.get("name"))),
        published: text(article.get("datePublished")).or_else(|| text(article.get("dateCreated"))),
        authors: names(article.get("author")),
        publisher: article
            .get("publisher")
            .and_then(|publisher| names(Some(publisher)).into_iter().next()),
        url: text(article.get("url")).or_else(|| {
            article
                .get("mainEntityOfPage")
                .and_then(|page| text(Some(page)).or_else(|| text(page.get("@id"))))
        }),
        language: text(article.get("inLanguage")),
        body: text(article.get("articleBody")),
    }
}

/// A string field, white space collapsed; `None` when absent or empty.
fn text(value: Option<&Value>) -> Option<String> {
    let Value::String(text) = value? else {
        return None;
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// Names in a person or organisation field: a string, an object with `name`, or a list.
fn names(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items.iter().flat_map(|item| names(Some(item))).collect(),
        Some(Value::Object(object)) => text(object.get("name")).into_iter().collect(),
        Some(string @ Value::String(_)) => text(Some(string))
            .filter(|name| !name.starts_with("http"))
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_in_a_graph_is_described() {
        let page = r#"<html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Harbour Times"},
              {"@type":["NewsArticle"],"headline":"Quake hits Velmora","datePublished":"2026-10-14T09:30:00+01:00",
               "author":[{"@type":"Person","name":"Rui Mendes"},{"@type":"Person","name":"Ana Sousa"}],
               "publisher":{"@type":"Organization","name":"Harbour Times"},
               "mainEntityOfPage":{"@id":"https://harbour-times.example/quake"},
               "articleBody":"A strong earthquake struck   Velmora."}]}
            </script></head><body></body></html>"#;
        let (_, tags) = crate::html::blocks::read(page).unwrap();
        let data = read(&tags.json_ld);
        assert_eq!(data.headline.as_deref(), Some("Quake hits Velmora"));
        assert_eq!(data.authors, ["Rui Mendes", "Ana Sousa"]);
        assert_eq!(data.publisher.as_deref(), Some("Harbour Times"));
        assert_eq!(
            data.url.as_deref(),
            Some("https://harbour-times.example/quake")
        );
        assert_eq!(
            data.body.as_deref(),
            Some("A strong earthquake struck Velmora.")
        );
        assert_eq!(data.published.as_deref(), Some("2026-10-14T09:30:00+01:00"));
    }

    #[test]
    fn broken_or_unrelated_json_ld_is_ignored() {
        let page = r#"<script type="application/ld+json">{"@type": "Article", </script>
            <script type="application/ld+json">{"@type":"BreadcrumbList","name":"Home"}</script>"#;
        let (_, tags) = crate::html::blocks::read(page).unwrap();
        let data = read(&tags.json_ld);
        assert!(data.headline.is_none() && data.authors.is_empty());
    }
}
