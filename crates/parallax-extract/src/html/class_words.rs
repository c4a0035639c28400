//! Class and id words: what a page's `class` and `id` attributes say an element is.
//! An attribute is cut into lowercase tokens at `-`, `_` and white space, and a word of
//! a list matches a token, or a run of tokens for words such as `read-more`. This is the
//! same test as a regular expression anchored on those separators, without running
//! three automata over every attribute of every element.

use std::sync::LazyLock;

/// Words of furniture, whatever else the attribute says.
pub(crate) static STRONG_CHROME: LazyLock<Words> = LazyLock::new(|| {
    Words::new(&[
        "comment",
        "comments",
        "commentary",
        "disqus",
        "cookie",
        "cookies",
        "consent",
        "gdpr",
        "share",
        "sharing",
        "sharebar",
        "social",
        "socials",
        "related",
        "recommended",
        "recommendations",
        "newsletter",
        "subscribe",
        "subscription",
        "outbrain",
        "taboola",
        "promo",
        "promoted",
        "sponsored",
        "advert",
        "advertisement",
        "ads",
        "ad",
        "adslot",
        "breadcrumb",
        "breadcrumbs",
        "popup",
        "modal",
        "tags",
        "tag-list",
        "taglist",
        "signup",
        "byline",
        "dateline",
        "timestamp",
        "author-bio",
        "author-info",
        "bio",
        "caption",
        "credit",
        "credits",
        "more-stories",
        "read-more",
        "readmore",
        "most-popular",
        "trending",
        "toolbar",
        "skip",
        "visually-hidden",
        "sr-only",
        "screen-reader-text",
    ])
});

/// Words of furniture that an article word in the same attribute overrides.
pub(crate) static WEAK_CHROME: LazyLock<Words> = LazyLock::new(|| {
    Words::new(&[
        "nav",
        "navbar",
        "navigation",
        "menu",
        "footer",
        "header",
        "masthead",
        "sidebar",
        "side",
        "rail",
        "widget",
        "banner",
        "meta",
        "pagination",
        "pager",
        "topbar",
        "links",
        "teaser",
        "card",
        "tools",
        "utility",
        "supplemental",
        "extra",
    ])
});

/// Words of the article itself.
pub(crate) static ARTICLE: LazyLock<Words> = LazyLock::new(|| {
    Words::new(&[
        "article",
        "articlebody",
        "body",
        "content",
        "entry",
        "main",
        "post",
        "story",
        "text",
        "blog",
        "page",
        "prose",
        "richtext",
        "markdown",
        "rich-text",
    ])
});

/// A list of words, some of them runs of tokens.
pub(crate) struct Words {
    /// One-token words by their length in bytes, so a token is compared only with words
    /// as long as itself.
    by_length: Vec<Vec<&'static str>>,
    runs: Vec<Vec<&'static str>>,
}

impl Words {
    fn new(words: &[&'static str]) -> Self {
        let (runs, single): (Vec<&str>, Vec<&str>) =
            words.iter().partition(|word| word.contains('-'));
        let longest = single.iter().map(|word| word.len()).max().unwrap_or(0);
        let mut by_length = vec![Vec::new(); longest + 1];
        for word in single {
            by_length[word.len()].push(word);
        }
        Self {
            by_length,
            runs: runs.iter().map(|run| run.split('-').collect()).collect(),
        }
    }

    fn contains(&self, token: &str) -> bool {
        self.by_length
            .get(token.len())
            .is_some_and(|words| words.contains(&token))
    }

    /// Whether any word of the list is among `tokens`.
    pub(crate) fn any_in(&self, tokens: &[&str]) -> bool {
        tokens.iter().any(|token| self.contains(token))
            || self.runs.iter().any(|run| {
                tokens
                    .windows(run.len())
                    .any(|window| window == run.as_slice())
            })
    }
}

/// Cuts a lowercased attribute into tokens.
pub(crate) fn tokens(lowercased: &str) -> Vec<&str> {
    lowercased
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|token| !token.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_whole_tokens_and_runs() {
        let attribute = "entry-content entry-content-read-more".to_string();
        let cut = tokens(&attribute);
        assert!(STRONG_CHROME.any_in(&cut));
        assert!(ARTICLE.any_in(&cut));
        assert!(!STRONG_CHROME.any_in(&tokens("readmoreish shared-header")));
        assert!(WEAK_CHROME.any_in(&tokens("site shared_header")));
        assert!(!WEAK_CHROME.any_in(&tokens("sidebars")));
    }
}
