//! Language identification of the main text (whatlang), as ISO 639-1 codes where one
//! exists, ISO 639-3 otherwise.

/// The language of `text`, when it can be told with confidence.
pub(crate) fn detect(text: &str) -> Option<String> {
    let info = whatlang::detect(text)?;
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    Some(iso639_1(code).unwrap_or(code).to_string())
}

/// Normalises a language tag (`en-GB`, `EN`) to its primary subtag in lowercase.
pub(crate) fn normalise_tag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (2..=3)
        .contains(&primary.len())
        .then_some(primary)
        .filter(|primary| primary.bytes().all(|b| b.is_ascii_lowercase()))
}

fn iso639_1(code: &str) -> Option<&'static str> {
    const PAIRS: &[(&str, &str)] = &[
        ("eng", "en"),
        ("rus", "ru"),
        ("ara", "ar"),
        ("fra", "fr"),
        ("deu", "de"),
        ("spa", "es"),
        ("por", "pt"),
        ("ita", "it"),
        ("nld", "nl"),
        ("pol", "pl"),
        ("ukr", "uk"),
        ("tur", "tr"),
        ("pes", "fa"),
        ("heb", "he"),
        ("cmn", "zh"),
        ("jpn", "ja"),
        ("kor", "ko"),
        ("hin", "hi"),
        ("urd", "ur"),
        ("ben", "bn"),
        ("ell", "el"),
        ("swe", "sv"),
        ("dan", "da"),
        ("nob", "nb"),
        ("fin", "fi"),
        ("ces", "cs"),
        ("slk", "sk"),
        ("hun", "hu"),
        ("ron", "ro"),
        ("bul", "bg"),
        ("srp", "sr"),
        ("hrv", "hr"),
        ("slv", "sl"),
        ("lit", "lt"),
        ("lav", "lv"),
        ("est", "et"),
        ("ind", "id"),
        ("vie", "vi"),
        ("tha", "th"),
        ("aze", "az"),
        ("kat", "ka"),
        ("hye", "hy"),
        ("bel", "be"),
        ("kaz", "kk"),
        ("uzb", "uz"),
        ("cat", "ca"),
        ("afr", "af"),
        ("swh", "sw"),
        ("tgl", "tl"),
        ("zul", "zu"),
    ];
    PAIRS
        .iter()
        .find(|(three, _)| *three == code)
        .map(|(_, two)| *two)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_russian_are_told_apart() {
        let english = "The president met his counterpart in Moscow on Wednesday to discuss military bases and trade.";
        assert_eq!(detect(english).as_deref(), Some("en"));
        let russian = "Президент встретился со своим коллегой в Москве в среду, чтобы обсудить военные базы и торговлю.";
        assert_eq!(detect(russian).as_deref(), Some("ru"));
    }

    #[test]
    fn tags_are_normalised() {
        assert_eq!(normalise_tag("en-GB").as_deref(), Some("en"));
        assert_eq!(normalise_tag("EN").as_deref(), Some("en"));
        assert_eq!(normalise_tag("x").as_deref(), None);
    }
}
