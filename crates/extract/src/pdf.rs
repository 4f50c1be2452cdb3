//! Reading PDF text with the configured engine ([`PdfEngine`]: `pdf-extract`, or
//! `hayro-interpret` with our own text assembler), guarded against panics and slow files.

mod assemble;
mod hayro;

use crate::{ExtractError, PdfEngine, worker};
use std::sync::Once;
use std::time::Duration;

/// Name of the worker threads that run the PDF engine; the panic hook stays quiet for them.
const WORKER_NAME: &str = "ofsted-extract-pdf";

/// The threads that run the PDF engine: one per asking thread, reused from document to
/// document (a fresh thread per document cost a stack, a malloc cache and a regex cache
/// each time).
static PDF_LANE: worker::Lane = worker::Lane {
    name: WORKER_NAME,
    stack_bytes: 8 * 1024 * 1024,
};

static QUIET_HOOK: Once = Once::new();

thread_local! {
    /// Set while this thread reads a PDF itself (see [`read_pages`]).
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs (once per process) a panic hook that keeps the PDF engine's panics (on the PDF
/// worker, or while a worker reads a PDF itself) off stderr and hands every other panic to
/// the hook that was installed before.
fn install_quiet_hook() {
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(WORKER_NAME) || READING.with(|r| r.get()) {
                return;
            }
            previous(info);
        }));
    });
}

/// Whether the PDF's trailer (or cross-reference stream dictionary) names an `/Encrypt`
/// dictionary. Trailers are never compressed, so a byte scan finds them.
pub(crate) fn has_encrypt_entry(bytes: &[u8]) -> bool {
    const KEY: &[u8] = b"/Encrypt";
    let mut from = 0;
    while let Some(pos) = find(bytes, KEY, from) {
        from = pos + KEY.len();
        // the key must end here: "/EncryptMetadata" is a different name
        let next = bytes.get(from).copied().unwrap_or(b' ');
        if next.is_ascii_alphanumeric() || next == b'_' {
            continue;
        }
        // inside a trailer or an XRef stream dictionary (they carry /Root or /Size)
        let lo = pos.saturating_sub(2048);
        let hi = (pos + 2048).min(bytes.len());
        let around = bytes.get(lo..hi).unwrap_or(&[]);
        if find(around, b"trailer", 0).is_some()
            || find(around, b"/XRef", 0).is_some()
            || find(around, b"/Root", 0).is_some()
        {
            return true;
        }
    }
    false
}

/// Position of `needle` in `hay` at or after `from`.
pub(crate) fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let hay_tail = hay.get(from..)?;
    if needle.is_empty() {
        return Some(from);
    }
    let first = *needle.first()?;
    let mut i = 0;
    while i + needle.len() <= hay_tail.len() {
        match hay_tail
            .get(i..)
            .and_then(|t| t.iter().position(|&b| b == first))
        {
            None => return None,
            Some(off) => {
                let at = i + off;
                if hay_tail.get(at..at + needle.len()) == Some(needle) {
                    return Some(from + at);
                }
                i = at + 1;
            }
        }
    }
    None
}

/// Text of each page, in order (page 1 first), read inside `catch_unwind` with `engine`:
/// on this thread's PDF worker, waiting at most `timeout`, or here when this thread is
/// itself a worker under a budget ([`worker::on_worker`]).
pub(crate) fn read_pages(
    bytes: &[u8],
    timeout: Duration,
    engine: PdfEngine,
) -> Result<Vec<String>, ExtractError> {
    install_quiet_hook();
    let data = bytes.to_vec();
    let read = move || {
        std::panic::catch_unwind(move || match engine {
            PdfEngine::PdfExtract => pdf_extract::extract_text_from_mem_by_pages(&data)
                .map_err(|e| ExtractError::PdfParse(e.to_string())),
            PdfEngine::Hayro => hayro::read_pages(data),
        })
    };
    let outcome = if worker::on_worker() {
        // already on a worker under the caller's budget (the pipeline's document worker):
        // reading here saves a thread hop and keeps the document's allocations in one
        // malloc arena
        READING.with(|r| r.set(true));
        let r = read();
        READING.with(|r| r.set(false));
        Ok(r)
    } else {
        worker::run(&PDF_LANE, read, timeout)
    };
    match outcome {
        Ok(Ok(Ok(pages))) => Ok(pages),
        Ok(Ok(Err(e))) => Err(e),
        Ok(Err(payload)) => Err(ExtractError::Panic(panic_message(payload.as_ref()))),
        Err(worker::Failed::TimedOut) => Err(ExtractError::Timeout(timeout)),
        Err(worker::Failed::Died) => Err(ExtractError::Panic(
            "the PDF worker thread ended without a result".to_owned(),
        )),
    }
}

/// The message a panic carried (`&str` or `String` payloads), or a placeholder.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-text payload".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_encrypt_in_trailer() {
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer\n<< /Size 3 /Root 1 0 R /Encrypt 2 0 R >>\n%%EOF";
        assert!(has_encrypt_entry(pdf));
    }

    #[test]
    fn ignores_encrypt_metadata_and_plain_pdfs() {
        assert!(!has_encrypt_entry(
            b"%PDF-1.4\ntrailer\n<< /Size 3 /Root 1 0 R /EncryptMetadata false >>"
        ));
        assert!(!has_encrypt_entry(
            b"%PDF-1.4\ntrailer\n<< /Size 3 /Root 1 0 R >>"
        ));
    }

    #[test]
    fn find_works_at_edges() {
        assert_eq!(find(b"abc", b"c", 0), Some(2));
        assert_eq!(find(b"abc", b"abcd", 0), None);
        assert_eq!(find(b"abc", b"a", 5), None);
        assert_eq!(find(b"aab", b"ab", 0), Some(1));
    }

    #[test]
    fn garbage_pdf_is_a_parse_error_not_a_panic() {
        for engine in [PdfEngine::PdfExtract, PdfEngine::Hayro] {
            let r = read_pages(b"%PDF-1.4\ngarbage", Duration::from_secs(20), engine);
            assert!(matches!(
                r,
                Err(ExtractError::PdfParse(_)) | Err(ExtractError::Panic(_))
            ));
        }
    }
}
