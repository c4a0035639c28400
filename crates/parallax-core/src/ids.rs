//! Content hashes and the stable identifiers derived from them.
//!
//! Ids are pure functions of their input, so the same input in the same order gives the
//! same ids on every run and every machine: an article id hashes its origin and content,
//! a story id hashes the id of the article that founded it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Hex digits kept from the hash in an id: 80 bits, collision-free for any news archive.
const ID_HEX_DIGITS: usize = 20;

/// The BLAKE3 hash of a document's bytes (or of a normalised text), hex encoded.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentHash(String);

impl ContentHash {
    /// Hashes `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self(blake3::hash(bytes).to_hex().to_string())
    }

    /// Wraps a hash read back from a store.
    pub fn from_hex(hex: impl Into<String>) -> Self {
        Self(hex.into())
    }

    /// The hash as lowercase hex.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn short_hash(parts: &[&[u8]]) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in parts {
        // Length-prefix each part so ("ab","c") and ("a","bc") differ.
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher.finalize().to_hex()[..ID_HEX_DIGITS].to_string()
}

macro_rules! string_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps an id read back from a store or a request; not validated.
            pub fn from_string(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

string_id!(
    /// `a-…`: one article, the same for the same content from the same origin.
    ArticleId
);
string_id!(
    /// `s-…`: one story, named after the article that founded it.
    StoryId
);

impl ArticleId {
    /// Whether `text` has the shape of an article id (`a-` then lowercase hex).
    pub fn is_well_formed(text: &str) -> bool {
        text.strip_prefix("a-").is_some_and(|hex| {
            !hex.is_empty()
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
    }

    /// The id of the document with content `hash` read from `origin`.
    pub fn derive(origin: &str, hash: &ContentHash) -> Self {
        Self(format!(
            "a-{}",
            short_hash(&[origin.as_bytes(), hash.as_str().as_bytes()])
        ))
    }
}

impl StoryId {
    /// The id of the story founded by `article`.
    pub fn founded_by(article: &ArticleId) -> Self {
        Self(format!(
            "s-{}",
            short_hash(&[b"story", article.as_str().as_bytes()])
        ))
    }

    /// The id of the story that splits off `parent`, first reported by `first_member`.
    /// Distinct from [`StoryId::founded_by`], so a split never takes an id already used.
    pub fn split_from(parent: &StoryId, first_member: &ArticleId) -> Self {
        Self(format!(
            "s-{}",
            short_hash(&[
                b"split",
                parent.as_str().as_bytes(),
                first_member.as_str().as_bytes()
            ])
        ))
    }

    /// Whether `text` has the shape of a story id (`s-` then lowercase hex), so it is safe
    /// to use in a file name or a URL path.
    pub fn is_well_formed(text: &str) -> bool {
        text.strip_prefix("s-").is_some_and(|hex| {
            !hex.is_empty()
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_id_depends_on_origin_and_content() {
        let hash = ContentHash::of(b"text");
        let id = ArticleId::derive("a.txt", &hash);
        assert_eq!(id.as_str().len(), 2 + ID_HEX_DIGITS);
        assert_ne!(id, ArticleId::derive("b.txt", &hash));
        assert_ne!(id, ArticleId::derive("a.txt", &ContentHash::of(b"other")));
    }

    #[test]
    fn story_id_is_well_formed_and_stable() {
        let article = ArticleId::derive("a.txt", &ContentHash::of(b"text"));
        let story = StoryId::founded_by(&article);
        assert_eq!(story, StoryId::founded_by(&article));
        assert!(StoryId::is_well_formed(story.as_str()));
        assert!(!StoryId::is_well_formed("s-../../etc"));
        assert!(!StoryId::is_well_formed("s-"));
    }
}
