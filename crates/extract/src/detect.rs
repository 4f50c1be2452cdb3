//! Format detection from the bytes (never from the file name) and text decoding.

use crate::ExtractError;
use ofsted_model::doc::{Note, Severity};

/// What the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sniffed {
    /// `%PDF-` signature near the start.
    Pdf,
    /// An HTML document.
    Html,
    /// Text (UTF-8, UTF-16 with a BOM, or bytes that are mostly printable).
    Text,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How far into the file the `%PDF-` signature may appear (as readers accept).
const PDF_WINDOW: usize = 1024;

/// Detects the format of `bytes`. `name_hint` only words errors: HTML or text bytes under a
/// `.pdf` name are [`ExtractError::NotAPdf`].
pub(crate) fn sniff(bytes: &[u8], name_hint: &str) -> Result<Sniffed, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if is_pdf(body) {
        return Ok(Sniffed::Pdf);
    }
    let named_pdf = name_hint.trim().to_ascii_lowercase().ends_with(".pdf");
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    if !utf16 && looks_binary(body) {
        return Err(ExtractError::Binary(describe_binary(body)));
    }
    if let Some(tag) = html_start(body) {
        if named_pdf {
            return Err(ExtractError::NotAPdf(format!(
                "file starts with {tag}: an HTML page saved under a .pdf name"
            )));
        }
        return Ok(Sniffed::Html);
    }
    if named_pdf {
        let head: String = String::from_utf8_lossy(body.get(..body.len().min(40)).unwrap_or(body))
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        return Err(ExtractError::NotAPdf(format!(
            "file is text starting with {:?}, not the %PDF- signature",
            head.trim()
        )));
    }
    Ok(Sniffed::Text)
}

/// `%PDF-` within the first KiB, preceded only by whitespace, or by binary junk (as some
/// mail gateways prepend), never by ordinary text.
fn is_pdf(body: &[u8]) -> bool {
    let window = body.get(..body.len().min(PDF_WINDOW)).unwrap_or(body);
    let Some(pos) = crate::pdf::find(window, b"%PDF-", 0) else {
        return false;
    };
    let before = window.get(..pos).unwrap_or(&[]);
    before.iter().all(|b| b.is_ascii_whitespace() || *b == 0)
        || before
            .iter()
            .any(|&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t'))
}

/// The HTML tag the document starts with (after whitespace and comments), as it should be
/// quoted in an error message, or `None` if this is not HTML.
fn html_start(body: &[u8]) -> Option<&'static str> {
    let head = body.get(..body.len().min(2048)).unwrap_or(body);
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut rest: &[u8] = &lower;
    loop {
        while let Some((first, tail)) = rest.split_first() {
            if first.is_ascii_whitespace() {
                rest = tail;
            } else {
                break;
            }
        }
        if rest.starts_with(b"<!--") {
            let end = crate::pdf::find(rest, b"-->", 4)?;
            rest = rest.get(end + 3..)?;
            continue;
        }
        if rest.starts_with(b"<?xml") {
            let end = crate::pdf::find(rest, b"?>", 5)?;
            rest = rest.get(end + 2..)?;
            continue;
        }
        break;
    }
    let tags: [(&[u8], &'static str); 4] = [
        (b"<!doctype html", "<!DOCTYPE html>"),
        (b"<html", "<html>"),
        (b"<head", "<head>"),
        (b"<body", "<body>"),
    ];
    for (tag, shown) in tags {
        if rest.starts_with(tag) {
            let next = rest.get(tag.len()).copied().unwrap_or(b'>');
            if !next.is_ascii_alphanumeric() {
                return Some(shown);
            }
        }
    }
    // a fragment that opens with another tag but has <html>/<body> soon after
    if rest.starts_with(b"<") {
        for (tag, shown) in [(&b"<html"[..], "<html>"), (&b"<body"[..], "<body>")] {
            if crate::pdf::find(rest, tag, 0).is_some_and(|p| p < 1024) {
                return Some(shown);
            }
        }
    }
    None
}

/// NUL bytes, or many control bytes, in the first 8 KiB.
fn looks_binary(body: &[u8]) -> bool {
    let head = body.get(..body.len().min(8192)).unwrap_or(body);
    if head.is_empty() {
        return false;
    }
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C | 0x1B))
        .count();
    control * 20 > head.len()
}

/// A short description of binary bytes: a known signature, else the first bytes in hex.
fn describe_binary(body: &[u8]) -> String {
    let known: [(&[u8], &str); 9] = [
        (b"PK\x03\x04", "a ZIP archive (e.g. .docx, .xlsx, .odt)"),
        (
            b"\xD0\xCF\x11\xE0",
            "an OLE2 compound file (e.g. old .doc or .xls)",
        ),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1F\x8B", "gzip-compressed data"),
        (b"II*\x00", "a TIFF image"),
        (b"MM\x00*", "a TIFF image"),
        (b"Rar!", "a RAR archive"),
    ];
    let hex: Vec<String> = body.iter().take(8).map(|b| format!("{b:02X}")).collect();
    let hex = hex.join(" ");
    for (sig, what) in known {
        if body.starts_with(sig) {
            return format!("starts with bytes {hex}: {what}");
        }
    }
    format!("starts with bytes {hex} (no known signature; contains NUL or control bytes)")
}

/// Decodes text bytes: strips a UTF-8 BOM, decodes UTF-16 with a BOM, and decodes invalid
/// UTF-8 byte by byte as Windows-1252 (what such files almost always are), with a note.
pub(crate) fn decode_text(bytes: &[u8], notes: &mut Vec<Note>) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(rest, u16::from_le_bytes, notes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(rest, u16::from_be_bytes, notes);
    }
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let mut out = String::with_capacity(body.len());
    let mut bad = 0usize;
    let mut undefined = 0usize;
    for chunk in body.utf8_chunks() {
        out.push_str(chunk.valid());
        for &b in chunk.invalid() {
            bad += 1;
            let c = cp1252(b);
            if c == char::REPLACEMENT_CHARACTER {
                undefined += 1;
            }
            out.push(c);
        }
    }
    if bad > 0 {
        notes.push(Note::new(
            Severity::Warning,
            "invalid_utf8",
            format!(
                "{bad} byte(s) were not valid UTF-8; decoded them as Windows-1252 \
                 ({undefined} had no meaning and became U+FFFD)"
            ),
        ));
    }
    out
}

fn decode_utf16(rest: &[u8], word: fn([u8; 2]) -> u16, notes: &mut Vec<Note>) -> String {
    let units: Vec<u16> = rest
        .chunks(2)
        .map(|c| {
            word([
                c.first().copied().unwrap_or(0),
                c.get(1).copied().unwrap_or(0),
            ])
        })
        .collect();
    let mut bad = 0usize;
    let s: String = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                bad += 1;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if bad > 0 {
        notes.push(Note::new(
            Severity::Warning,
            "invalid_utf8",
            format!("{bad} invalid UTF-16 code unit(s) replaced with U+FFFD"),
        ));
    }
    s
}

/// Windows-1252 decoding of one byte >= 0x80 (Latin-1 except 0x80..=0x9F).
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž',
        '\u{FFFD}', '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{FFFD}', 'ž', 'Ÿ',
    ];
    if (0x80..0xA0).contains(&b) {
        HIGH.get(usize::from(b - 0x80))
            .copied()
            .unwrap_or(char::REPLACEMENT_CHARACTER)
    } else {
        char::from(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_signature_with_bom_and_whitespace() {
        assert_eq!(sniff(b"%PDF-1.7\n", "x.pdf"), Ok(Sniffed::Pdf));
        assert_eq!(sniff(b"\xEF\xBB\xBF \n%PDF-1.4", "x"), Ok(Sniffed::Pdf));
        assert_eq!(sniff(b"\x00\x01junk%PDF-1.4", "x"), Ok(Sniffed::Pdf));
    }

    #[test]
    fn text_mentioning_pdf_is_not_pdf() {
        assert_eq!(
            sniff(b"See the %PDF-1.4 header", "a.txt"),
            Ok(Sniffed::Text)
        );
    }

    #[test]
    fn html_under_pdf_name_is_rejected() {
        let e = sniff(b"<!DOCTYPE html>\n<html lang=\"en\">", "birmingham.pdf");
        assert_eq!(
            e,
            Err(ExtractError::NotAPdf(
                "file starts with <!DOCTYPE html>: an HTML page saved under a .pdf name".into()
            ))
        );
        assert_eq!(sniff(b"  <html><body>x", "page.html"), Ok(Sniffed::Html));
        assert_eq!(sniff(b"<!-- c --><HTML>", "page"), Ok(Sniffed::Html));
        assert_eq!(sniff(b"<p>hello</p>", "a.txt"), Ok(Sniffed::Text));
    }

    #[test]
    fn text_under_pdf_name_is_rejected() {
        assert!(matches!(
            sniff(b"404 Not Found", "x.PDF"),
            Err(ExtractError::NotAPdf(_))
        ));
    }

    #[test]
    fn empty_and_binary() {
        assert_eq!(sniff(b"", "x"), Err(ExtractError::Empty));
        let Err(ExtractError::Binary(m)) = sniff(b"PK\x03\x04\x14\x00\x06\x00", "x.docx") else {
            panic!("expected binary");
        };
        assert!(m.contains("50 4B 03 04") && m.contains("ZIP"), "{m}");
        assert!(matches!(
            sniff(b"\x01\x02\x03\x04\x05abc", "x"),
            Err(ExtractError::Binary(_))
        ));
    }

    #[test]
    fn invalid_utf8_is_decoded_with_a_note() {
        let mut notes = Vec::new();
        let s = decode_text(b"caf\xE9 \x93q\x94 \xEF\xBB\xBFok", &mut notes);
        assert_eq!(s, "café “q” \u{FEFF}ok");
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].code, "invalid_utf8");
        assert!(notes[0].message.starts_with("3 byte(s)"));
    }

    #[test]
    fn bom_is_stripped_and_utf16_decoded() {
        let mut notes = Vec::new();
        assert_eq!(decode_text(b"\xEF\xBB\xBFabc", &mut notes), "abc");
        assert_eq!(decode_text(b"\xFF\xFEa\x00b\x00", &mut notes), "ab");
        assert!(notes.is_empty());
        assert_eq!(sniff(b"\xFF\xFEa\x00b\x00", "x.txt"), Ok(Sniffed::Text));
    }
}
