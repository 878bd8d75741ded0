//! Bytes to text: byte-order marks, declared HTML charsets, a windows-1252
//! fallback for plain text, and binary detection.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// Why bytes could not be decoded.
#[derive(Debug, PartialEq)]
pub(crate) enum DecodeError {
    Binary,
    NotText,
}

/// Decodes with a byte-order mark, if there is one.
pub(crate) fn decode_bom(bytes: &[u8]) -> Option<String> {
    let (enc, skip): (&'static Encoding, usize) = match bytes {
        [0xEF, 0xBB, 0xBF, ..] => (UTF_8, 3),
        [0xFF, 0xFE, ..] => (UTF_16LE, 2),
        [0xFE, 0xFF, ..] => (UTF_16BE, 2),
        _ => return None,
    };
    let rest = bytes.get(skip..).unwrap_or(&[]);
    let (text, _) = enc.decode_without_bom_handling(rest);
    Some(text.into_owned())
}

/// True for bytes that are not text: NUL bytes, or many control characters.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(64 * 1024)).unwrap_or(bytes);
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    controls * 100 > head.len().max(1)
}

/// The charset an HTML page declares (`<meta charset>` or http-equiv
/// content-type) in its first bytes.
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let needle = b"charset";
    let mut i = 0;
    while let Some(pos) = find(&lower[i..], needle) {
        let at = i + pos + needle.len();
        let rest = lower.get(at..).unwrap_or(&[]);
        let rest = skip_while(rest, |b| b == b' ' || b == b'=');
        let rest = skip_while(rest, |b| b == b'"' || b == b'\'' || b == b' ');
        let end = rest
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
            .unwrap_or(rest.len());
        if let Some(enc) = rest.get(..end).and_then(Encoding::for_label) {
            // A page that says UTF-16 in its ASCII-readable head is not UTF-16.
            return Some(if enc == UTF_16LE || enc == UTF_16BE {
                UTF_8
            } else {
                enc
            });
        }
        i = at;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn skip_while(s: &[u8], f: impl Fn(u8) -> bool) -> &[u8] {
    let n = s.iter().position(|&b| !f(b)).unwrap_or(s.len());
    s.get(n..).unwrap_or(&[])
}

/// Decodes bytes with no byte-order mark. HTML honours its declared charset;
/// anything else is UTF-8, or windows-1252 when it is not UTF-8 but looks
/// like text (few bytes above 0x7F).
pub(crate) fn decode(bytes: &[u8], html: bool) -> Result<String, DecodeError> {
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    if html {
        if let Some(enc) = declared_charset(bytes) {
            if enc != UTF_8 {
                let (t, _) = enc.decode_without_bom_handling(bytes);
                return Ok(t.into_owned());
            }
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => {
            let high = bytes.iter().filter(|&&b| b >= 0x80).count();
            if !html && high * 100 > bytes.len() * 30 {
                return Err(DecodeError::NotText);
            }
            if html {
                // A page that lies about UTF-8 usually has a few stray bytes;
                // replacement characters are better than dropping the page.
                if high * 100 <= bytes.len() * 30 {
                    let (t, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
                    return Ok(t.into_owned());
                }
                return Ok(String::from_utf8_lossy(bytes).into_owned());
            }
            let (t, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok(t.into_owned())
        }
    }
}

/// CRLF and lone CR become LF.
pub(crate) fn normalise_newlines(s: String) -> String {
    if !s.contains('\r') {
        return s;
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_declared_charsets() {
        let h = b"<html><head><meta charset=\"windows-1252\"></head>";
        assert_eq!(declared_charset(h), Some(WINDOWS_1252));
        let h = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">";
        assert_eq!(declared_charset(h), Some(WINDOWS_1252));
        assert_eq!(declared_charset(b"<html>"), None);
    }

    #[test]
    fn windows_1252_fallback_and_binary() {
        assert_eq!(
            decode(b"caf\xe9 au lait", false).as_deref(),
            Ok("café au lait")
        );
        assert_eq!(decode(b"\x00\x01\x02abc", false), Err(DecodeError::Binary));
        assert_eq!(
            decode(
                &[0xC3u8, 0x28, 0xA0, 0xA1, 0xFF, 0xFE, 0x80, 0x81][..],
                false
            ),
            Err(DecodeError::NotText)
        );
    }
}
