//! The PDF engine fallback: when the configured engine cannot read a PDF (a parse error,
//! a panic, or pages without text) and it has a fallback ([`PdfEngine::fallback`]), the
//! PDF is read again with that engine and a `pdf_engine_fallback` warning note says so.
//! A timeout is not retried (the time budget is spent), nor an encrypted PDF (both
//! engines refuse it alike).

use crate::{ExtractError, PdfEngine};
use ofsted_model::doc::{CleanDoc, Note, Severity};

/// Whether an error of the first engine is worth the fallback engine's try.
fn worth_retrying(e: &ExtractError) -> bool {
    matches!(
        e,
        ExtractError::PdfParse(_) | ExtractError::Panic(_) | ExtractError::NoText(_)
    )
}

/// `read(engine)`, then `read(fallback)` when the first failed in a way worth retrying.
/// The fallback's result is returned (its error, when it fails too), with a warning note
/// naming the first engine's error when it succeeds.
pub(crate) fn with_fallback(
    engine: PdfEngine,
    read: impl Fn(PdfEngine) -> Result<CleanDoc, ExtractError>,
) -> Result<CleanDoc, ExtractError> {
    let first = read(engine);
    let (Err(e), Some(other)) = (&first, engine.fallback()) else {
        return first;
    };
    if !worth_retrying(e) {
        return first;
    }
    let mut doc = read(other)?;
    doc.notes.insert(
        0,
        Note::new(
            Severity::Warning,
            "pdf_engine_fallback",
            format!(
                "the {} engine could not read this PDF ({e}); its text was read with {} instead",
                engine.name(),
                other.name()
            ),
        ),
    );
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// A reader that fails with `hayro_error` for hayro and reads "text" otherwise,
    /// recording the engines asked.
    fn run(
        engine: PdfEngine,
        hayro_error: ExtractError,
    ) -> (Result<CleanDoc, ExtractError>, Vec<PdfEngine>) {
        let asked = RefCell::new(Vec::new());
        let r = with_fallback(engine, |e| {
            asked.borrow_mut().push(e);
            match e {
                PdfEngine::Hayro => Err(hayro_error.clone()),
                PdfEngine::PdfExtract => Ok(CleanDoc::from_text("text")),
            }
        });
        (r, asked.into_inner())
    }

    #[test]
    fn hayro_failure_falls_back_to_pdf_extract_with_a_warning() {
        for err in [
            ExtractError::PdfParse("broken xref".into()),
            ExtractError::Panic("index out of bounds".into()),
            ExtractError::NoText("2 page(s) but no extractable text".into()),
        ] {
            let (r, asked) = run(PdfEngine::Hayro, err.clone());
            assert_eq!(asked, vec![PdfEngine::Hayro, PdfEngine::PdfExtract]);
            let d = r.unwrap();
            assert_eq!(d.text, "text");
            let note = &d.notes[0];
            assert_eq!(note.code, "pdf_engine_fallback");
            assert_eq!(note.severity, Severity::Warning);
            assert!(note.message.contains(&err.to_string()), "{}", note.message);
        }
    }

    #[test]
    fn timeouts_and_encryption_are_not_retried() {
        for err in [
            ExtractError::Timeout(std::time::Duration::from_secs(1)),
            ExtractError::Encrypted("/Encrypt".into()),
        ] {
            let (r, asked) = run(PdfEngine::Hayro, err.clone());
            assert_eq!(asked, vec![PdfEngine::Hayro]);
            assert_eq!(r, Err(err));
        }
    }

    #[test]
    fn success_and_pdf_extract_are_read_once() {
        let (r, asked) = run(PdfEngine::PdfExtract, ExtractError::Empty);
        assert_eq!(asked, vec![PdfEngine::PdfExtract]);
        assert!(r.unwrap().notes.is_empty());
        let r = with_fallback(PdfEngine::Hayro, |_| Ok(CleanDoc::from_text("t")));
        assert!(r.unwrap().notes.is_empty());
    }

    #[test]
    fn when_both_fail_the_fallback_error_is_returned() {
        let r = with_fallback(PdfEngine::Hayro, |e| {
            Err(ExtractError::PdfParse(e.name().to_owned()))
        });
        assert_eq!(r, Err(ExtractError::PdfParse("pdf-extract".into())));
    }
}
