//! Charset detection and decoding: byte-order marks first, then UTF-16 without a BOM,
//! then an HTML `<meta charset>` declaration, then UTF-8 when the bytes are valid UTF-8,
//! and otherwise `chardetng`'s guess among legacy encodings (windows-1252, KOI8-R,
//! Shift_JIS...). NUL bytes or control characters left after decoding mean binary data.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::SkipReason;

/// How far into a document a `<meta charset>` declaration is looked for (as browsers do).
const META_PRESCAN_BYTES: usize = 1024;
/// Share of code units in the sniff window with a zero byte in one half that marks UTF-16.
const UTF16_ZERO_SHARE: f64 = 0.6;
/// Control characters (other than white space) tolerated per thousand characters.
const MAX_CONTROL_PER_MILLE: usize = 5;

/// Decodes `bytes` to a string, or says why they are not text.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, SkipReason> {
    let (encoding, payload) = detect(bytes);
    if encoding != UTF_16LE && encoding != UTF_16BE && payload.contains(&0) {
        return Err(SkipReason::Binary("NUL bytes".to_string()));
    }
    let (text, _) = encoding.decode_without_bom_handling(payload);
    check_is_text(&text)?;
    Ok(text.into_owned())
}

/// Decodes owned `bytes`: UTF-8 input (no byte-order mark, no other declared charset)
/// becomes the string without a copy and is validated once; anything else goes through
/// [`decode`].
pub(crate) fn decode_owned(bytes: Vec<u8>) -> Result<String, SkipReason> {
    let plain_utf8 = Encoding::for_bom(&bytes).is_none()
        && utf16_without_bom(&bytes).is_none()
        && meta_charset(&bytes).is_none_or(|declared| declared == UTF_8);
    if !plain_utf8 {
        return decode(&bytes);
    }
    if memchr::memchr(0, &bytes).is_some() {
        return Err(SkipReason::Binary("NUL bytes".to_string()));
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            check_is_text(&text)?;
            Ok(text)
        }
        Err(error) => decode(error.as_bytes()),
    }
}

/// Decodes `bytes` whose transport declared `label` (an HTTP `charset`): a byte-order mark
/// still wins, then the declared charset, then detection as in [`decode`].
pub(crate) fn decode_with_label(bytes: &[u8], label: Option<&str>) -> Result<String, SkipReason> {
    let declared = label.and_then(|label| Encoding::for_label(label.trim().as_bytes()));
    match declared {
        Some(encoding) if Encoding::for_bom(bytes).is_none() => {
            if encoding != UTF_16LE && encoding != UTF_16BE && bytes.contains(&0) {
                return Err(SkipReason::Binary("NUL bytes".to_string()));
            }
            let (text, _) = encoding.decode_without_bom_handling(bytes);
            check_is_text(&text)?;
            Ok(text.into_owned())
        }
        _ => decode(bytes),
    }
}

fn detect(bytes: &[u8]) -> (&'static Encoding, &[u8]) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return (encoding, &bytes[bom_len..]);
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return (encoding, bytes);
    }
    if let Some(encoding) = meta_charset(bytes) {
        return (encoding, bytes);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return (UTF_8, bytes);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    (detector.guess(None, chardetng::Utf8Detection::Deny), bytes)
}

fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let window = &bytes[..bytes.len().min(4096)];
    let units = window.len() / 2;
    if units < 4 {
        return None;
    }
    let zero_at = |parity: usize| {
        window
            .chunks_exact(2)
            .filter(|unit| unit[parity] == 0 && unit[1 - parity] != 0)
            .count() as f64
            / units as f64
    };
    if zero_at(1) > UTF16_ZERO_SHARE {
        Some(UTF_16LE)
    } else if zero_at(0) > UTF16_ZERO_SHARE {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The encoding an HTML `<meta charset=…>` or `<meta http-equiv … content="…charset=…">`
/// declares in the first kilobyte. A declared UTF-16 means UTF-8, as in browsers: the
/// declaration could not have been read as ASCII otherwise.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_PRESCAN_BYTES)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(start) = rest.find("<meta") {
        rest = &rest[start + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(encoding) = charset_in_tag(tag) {
            return Some(if encoding == UTF_16LE || encoding == UTF_16BE {
                UTF_8
            } else {
                encoding
            });
        }
    }
    None
}

fn charset_in_tag(tag: &str) -> Option<&'static Encoding> {
    let value = &tag[tag.find("charset")? + "charset".len()..];
    let value = value.trim_start().strip_prefix('=')?.trim_start();
    let value = value.trim_start_matches(['"', '\'']);
    let end = value
        .find(|c: char| c == '"' || c == '\'' || c == ';' || c == '/' || c.is_whitespace())
        .unwrap_or(value.len());
    Encoding::for_label(&value.as_bytes()[..end])
}

const CONTINUATION: u8 = 1;
const CONTROL: u8 = 2;

/// What each byte is to [`check_is_text`].
static BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        if b & 0xC0 == 0x80 {
            table[byte] = CONTINUATION;
        } else if (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)) || b == 0x7f {
            table[byte] = CONTROL;
        }
        byte += 1;
    }
    table
};

/// Refuses text with NUL characters or more than a few control characters per thousand.
/// Scans bytes, not chars: in UTF-8 the C0 controls are single bytes and the C1 controls
/// (U+0080–U+009F) are 0xC2 followed by 0x80–0x9F, so no decoding is needed.
fn check_is_text(text: &str) -> Result<(), SkipReason> {
    let bytes = text.as_bytes();
    if memchr::memchr(0, bytes).is_some() {
        return Err(SkipReason::Binary("NUL characters".to_string()));
    }
    // One pass through a byte table: a continuation byte adds nothing to the character
    // count; a C0 control (white space aside) or DEL counts as a control.
    let mut continuations = 0usize;
    let mut c0 = 0usize;
    for &byte in bytes {
        let class = BYTE_CLASS[byte as usize];
        continuations += usize::from(class & CONTINUATION);
        c0 += usize::from(class >> 1);
    }
    let chars = bytes.len() - continuations;
    let c1 = memchr::memchr_iter(0xC2, bytes)
        .filter(|&at| {
            bytes
                .get(at + 1)
                .is_some_and(|next| (0x80..=0x9F).contains(next))
        })
        .count();
    let controls = c0 + c1;
    if controls * 1000 > chars.max(1) * MAX_CONTROL_PER_MILLE {
        return Err(SkipReason::Binary(format!(
            "{controls} control characters in {chars}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_select_their_encoding() {
        assert_eq!(decode(b"\xef\xbb\xbfcaf\xc3\xa9").unwrap(), "café");
        let utf16le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("café".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16le).unwrap(), "café");
        let utf16be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("café".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&utf16be).unwrap(), "café");
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let bytes: Vec<u8> = "Quake in Velmora"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(&bytes).unwrap(), "Quake in Velmora");
    }

    #[test]
    fn meta_charset_is_honoured() {
        let page = b"<html><head><meta charset=\"windows-1252\"></head><p>\x93Hi\x94 caf\xe9</p>";
        assert!(decode(page).unwrap().contains("\u{201c}Hi\u{201d} café"));
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">\xf0\xd5\xd4\xc9\xce";
        assert!(decode(page).unwrap().ends_with("Путин"));
    }

    #[test]
    fn legacy_encodings_are_guessed() {
        // "Заявление Кремля о переговорах" in windows-1251.
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("Заявление Кремля о переговорах в Москве");
        assert_eq!(
            decode(&bytes).unwrap(),
            "Заявление Кремля о переговорах в Москве"
        );
    }

    #[test]
    fn nul_bytes_and_control_characters_are_binary() {
        assert!(matches!(decode(b"abc\0def"), Err(SkipReason::Binary(_))));
        let noisy: Vec<u8> = (0..200u8)
            .map(|i| if i % 3 == 0 { 0x01 } else { b'a' })
            .collect();
        assert!(matches!(decode(&noisy), Err(SkipReason::Binary(_))));
    }
}
