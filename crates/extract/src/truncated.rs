//! PDFs cut short (a download that stopped, a copy that ran out of space): a complete PDF
//! ends with its cross-reference offset and the `%%EOF` marker; a cut one does not.
//!
//! - A cut PDF the engines cannot read at all is rejected as `truncated_pdf`
//!   ([`ExtractError::Truncated`]), the message naming its size.
//! - A cut PDF read in part keeps what was read and carries an error note `truncated_pdf`
//!   naming the pages lost: those after the last page that gave text, up to the page count
//!   the page tree declares (`/Type /Pages … /Count N`), when it survived.

use crate::ExtractError;
use crate::pdf::find;
use ofsted_model::doc::{Note, Severity};

/// How far from the end the `%%EOF` marker may be (writers add a newline or a few bytes of
/// padding after it).
const TAIL: usize = 1024;

/// A PDF that ends without its end-of-file marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Truncation {
    /// The file's size in bytes.
    pub size: usize,
    /// Pages the page tree declares, when its root survived in plain (uncompressed) form.
    pub declared_pages: Option<usize>,
}

impl Truncation {
    /// `Some` when `bytes` (a PDF) have no `%%EOF` near their end.
    pub(crate) fn of(bytes: &[u8]) -> Option<Truncation> {
        let tail = bytes
            .get(bytes.len().saturating_sub(TAIL)..)
            .unwrap_or(bytes);
        if find(tail, b"%%EOF", 0).is_some() {
            return None;
        }
        Some(Truncation {
            size: bytes.len(),
            declared_pages: declared_pages(bytes),
        })
    }

    /// What is wrong with the file, for a message.
    fn what(&self) -> String {
        let xref = "no cross-reference table or %%EOF marker at its end";
        format!(
            "the file ends after {} bytes with {xref}: the PDF is truncated",
            thousands(self.size)
        )
    }

    /// The reject for a cut PDF no engine could read (`why`: the engine's error).
    pub(crate) fn reject(&self, why: &ExtractError) -> ExtractError {
        let pages = self
            .declared_pages
            .map(|n| format!("; it declares {n} page(s), none could be read"))
            .unwrap_or_default();
        ExtractError::Truncated(format!("{}{pages} ({why})", self.what()))
    }

    /// The error note for a cut PDF read in part: `pages` are the page texts read.
    pub(crate) fn note(&self, pages: &[String]) -> Note {
        let read = pages
            .iter()
            .rposition(|p| !p.trim().is_empty())
            .map_or(0, |i| i + 1);
        let got = match read {
            1 => "page 1".to_owned(),
            n => format!("pages 1..{n}"),
        };
        let lost = match self.declared_pages {
            Some(n) if n > read => {
                format!("pages {}..{n} of {n} lost (text read from {got})", read + 1)
            }
            Some(n) => format!("all {n} declared page(s) read; the end of the file is lost"),
            None => format!(
                "pages {}.. lost (text read from {got}; the page count did not survive)",
                read + 1
            ),
        };
        Note::new(
            Severity::Error,
            "truncated_pdf",
            format!("{}; {lost}", self.what()),
        )
    }
}

/// The largest `/Count` of a `/Type /Pages` dictionary in the plain bytes: the page tree's
/// root counts every page.
fn declared_pages(bytes: &[u8]) -> Option<usize> {
    let mut best: Option<usize> = None;
    let mut from = 0;
    while let Some(at) = find(bytes, b"/Pages", from) {
        from = at + b"/Pages".len();
        if !is_pages_type(bytes, at) {
            continue;
        }
        if let Some(n) = count_in(object_around(bytes, at)) {
            best = Some(best.map_or(n, |b| b.max(n)));
        }
    }
    best
}

/// Whether the `/Pages` at `at` is the value of a `/Type` key (`/Type /Pages`,
/// `/Type/Pages`), not a reference key (`/Pages 2 0 R`).
fn is_pages_type(bytes: &[u8], at: usize) -> bool {
    let before = bytes.get(at.saturating_sub(12)..at).unwrap_or(&[]);
    let trimmed: Vec<u8> = before
        .iter()
        .rev()
        .skip_while(|b| b.is_ascii_whitespace())
        .copied()
        .collect();
    trimmed.starts_with(b"epyT/")
}

/// The object around byte `at`: from the `obj` keyword before it to the `endobj` after it
/// (or the file's end), at most 2 KiB each way.
fn object_around(bytes: &[u8], at: usize) -> &[u8] {
    let lo = at.saturating_sub(2048);
    let before = bytes.get(lo..at).unwrap_or(&[]);
    let start = before
        .windows(3)
        .rposition(|w| w == b"obj")
        .map_or(lo, |i| lo + i + 3);
    let hi = (at + 2048).min(bytes.len());
    let end = find(bytes.get(..hi).unwrap_or(bytes), b"endobj", at).unwrap_or(hi);
    bytes.get(start..end).unwrap_or(&[])
}

/// The number after the first `/Count` in `dict`.
fn count_in(dict: &[u8]) -> Option<usize> {
    let at = find(dict, b"/Count", 0)? + b"/Count".len();
    let digits: String = dict
        .get(at..)?
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    digits.parse().ok()
}

/// `30000` as `30,000`.
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_pdf_is_not_truncated() {
        let pdf = b"%PDF-1.4\n1 0 obj<< /Type /Pages /Count 3 >>endobj\nstartxref\n9\n%%EOF\n";
        assert_eq!(Truncation::of(pdf), None);
    }

    #[test]
    fn cut_pdf_names_size_and_declared_pages() {
        let pdf = b"%PDF-1.4\n1 0 obj<< /Type /Catalog /Pages 2 0 R >>endobj\n2 0 obj<< /Kids [3 0 R] /Type/Pages /Count 12 >>endobj\n3 0 obj<< /Type /Outlines /Count 40 >>endobj\n3 0 obj<< /Type /Page";
        let t = Truncation::of(pdf).expect("truncated");
        assert_eq!(t.declared_pages, Some(12));
        let pages = vec!["one".to_owned(), "two".to_owned(), " ".to_owned()];
        let n = t.note(&pages);
        assert_eq!(n.code, "truncated_pdf");
        assert_eq!(n.severity, Severity::Error);
        assert!(
            n.message.contains("pages 3..12 of 12 lost"),
            "{}",
            n.message
        );
        assert!(n.message.contains(&format!("{} bytes", pdf.len())));
    }

    #[test]
    fn unknown_page_count_and_reject_message() {
        let t = Truncation {
            size: 30_000,
            declared_pages: None,
        };
        assert!(t.note(&["a".to_owned()]).message.contains("pages 2.. lost"));
        let r = t.reject(&ExtractError::PdfParse("no xref".into()));
        assert_eq!(r.reason(), ofsted_model::vocab::RejectReason::TruncatedPdf);
        assert!(r.to_string().contains("30,000 bytes"), "{r}");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(30_000), "30,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
