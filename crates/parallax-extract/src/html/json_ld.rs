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

/// Reads the first article described in the page's JSON-LD `scripts`, if any. Without
/// an article, a page object's date and authors (`WebPage` in Yoast-style graphs) still
/// count. Authors given as `{"@id": ...}` are looked up in the graph.
pub(crate) fn read(scripts: &[String]) -> LinkedData {
    let values: Vec<Value> = scripts
        .iter()
        .filter_map(|text| serde_json::from_str(text.trim().trim_end_matches(';')).ok())
        .collect();
    let mut objects = Vec::new();
    for value in &values {
        flatten(value, 0, &mut objects);
    }
    let graph = Graph(&objects);
    if let Some(article) = objects
        .iter()
        .find(|object| is_article(object.get("@type")))
    {
        return describe(article, &graph);
    }
    objects
        .iter()
        .find(|object| object.get("datePublished").is_some())
        .map(|page| LinkedData {
            published: text(page.get("datePublished")),
            authors: graph.names(page.get("author")),
            ..LinkedData::default()
        })
        .unwrap_or_default()
}

/// Every object in `value`: itself, the items of an array, the members of an `@graph`.
fn flatten<'v>(value: &'v Value, depth: usize, objects: &mut Vec<&'v Value>) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => items
            .iter()
            .for_each(|item| flatten(item, depth + 1, objects)),
        Value::Object(object) => {
            objects.push(value);
            for key in ["@graph", "mainEntity"] {
                if let Some(inner) = object.get(key) {
                    flatten(inner, depth + 1, objects);
                }
            }
        }
        _ => {}
    }
}

fn is_article(kind: Option<&Value>) -> bool {
    match kind {
        Some(Value::String(kind)) => ARTICLE_TYPES.contains(&kind.to_ascii_lowercase().as_str()),
        Some(Value::Array(kinds)) => kinds.iter().any(|kind| is_article(Some(kind))),
        _ => false,
    }
}

/// The page's JSON-LD objects, for `@id` references.
struct Graph<'v>(&'v [&'v Value]);

impl Graph<'_> {
    fn by_id(&self, id: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|object| object.get("@id").and_then(Value::as_str) == Some(id))
            .copied()
    }

    /// Names in a person or organisation field: a string, an object with `name` (or an
    /// `@id` naming one elsewhere in the graph), or a list of these.
    fn names(&self, value: Option<&Value>) -> Vec<String> {
        match value {
            Some(Value::Array(items)) => items
                .iter()
                .flat_map(|item| self.names(Some(item)))
                .collect(),
            Some(Value::Object(object)) => text(object.get("name"))
                .or_else(|| {
                    let id = object.get("@id")?.as_str()?;
                    text(self.by_id(id)?.get("name"))
                })
                .into_iter()
                .collect(),
            Some(string @ Value::String(_)) => text(Some(string))
                .filter(|name| !name.starts_with("http"))
                .into_iter()
                .collect(),
            _ => Vec::new(),
        }
    }
}

fn describe(article: &Value, graph: &Graph<'_>) -> LinkedData {
    LinkedData {
        headline: text(article.get("headline")).or_else(|| text(article.get("name"))),
        published: text(article.get("datePublished")).or_else(|| text(article.get("dateCreated"))),
        authors: graph.names(article.get("author")),
        publisher: graph.names(article.get("publisher")).into_iter().next(),
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
    fn authors_by_reference_and_page_dates_are_found() {
        let scripts = [
            r#"{"@graph":[{"@type":"WebPage","datePublished":"2024-06-30T08:00:00+00:00",
            "author":{"@id":"https://a.example/#/person/1"}},
            {"@type":"Person","@id":"https://a.example/#/person/1","name":"Kimber Streams"}]}"#
                .to_string(),
        ];
        let data = read(&scripts);
        assert_eq!(data.published.as_deref(), Some("2024-06-30T08:00:00+00:00"));
        assert_eq!(data.authors, ["Kimber Streams"]);
        assert!(data.headline.is_none());
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
