//! One input, in isolation: bytes to a [`DocResult`] or a reject. Nothing that happens
//! here can stop the run: errors, panics and time-outs all become [`Outcome::Rejected`].

use ofsted_extract::{ExtractError, ExtractOptions};
use ofsted_model::id::{doc_id, sha256_hex};
use ofsted_model::vocab::{RejectReason, RejectStage};
use ofsted_text::worker;
use ofsted_transform::tables::{DocMeta, DocResult, doc_result};
use serde::{Deserialize, Serialize};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// Why an input was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reject {
    /// The stage that rejected it.
    pub stage: RejectStage,
    /// Stable reason code.
    pub reason: RejectReason,
    /// Explanation for a person.
    pub message: String,
}

/// The result of processing one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    /// Read and analysed.
    Document(Box<DocResult>),
    /// Could not be read.
    Rejected(Reject),
}

impl Outcome {
    /// Whether the outcome depends only on the bytes and options (and so may be cached).
    /// Time-outs and panics may not recur, so they are retried on the next run.
    pub fn is_cacheable(&self) -> bool {
        match self {
            Outcome::Document(_) => true,
            Outcome::Rejected(r) => !r.reason.may_recur_differently(),
        }
    }
}

/// Time spent per stage for one input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTimes {
    /// Extract (format detection, PDF text, cleanup).
    pub extract: Duration,
    /// Transform (per-document analysis and rows).
    pub transform: Duration,
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_owned()
    }
}

/// The threads that process documents (the analysis recurses on deeply nested text, so
/// they get a large stack).
static DOC_LANE: worker::Lane = worker::Lane {
    name: "ofsted-doc",
    stack_bytes: 16 * 1024 * 1024,
};

/// Processes one input's bytes within the time budget `opts.pdf_timeout` (which bounds
/// the whole document, reading and analysis). `rel_path` is its `source_path`.
///
/// The work runs on this thread's long-lived worker ([`ofsted_text::worker`]); past the budget
/// the input is rejected as `timeout` and the worker is abandoned (Rust cannot stop a
/// thread; it ends when its work does).
pub fn process(rel_path: &str, bytes: &[u8], opts: &ExtractOptions) -> (Outcome, StageTimes) {
    let budget = opts.pdf_timeout;
    let (path, data, o) = (rel_path.to_owned(), bytes.to_vec(), opts.clone());
    match worker::run(&DOC_LANE, move || process_now(&path, &data, &o), budget) {
        Ok(r) => r,
        Err(worker::Failed::TimedOut) => (
            Outcome::Rejected(Reject {
                stage: RejectStage::Extract,
                reason: RejectReason::Timeout,
                message: format!(
                    "processing exceeded the per-document time budget of {} ms (extract.time_budget_ms)",
                    budget.as_millis()
                ),
            }),
            StageTimes {
                extract: budget,
                transform: Duration::ZERO,
            },
        ),
        Err(worker::Failed::Died) => (
            Outcome::Rejected(Reject {
                stage: RejectStage::Extract,
                reason: RejectReason::Panic,
                message: "the document's worker thread died".into(),
            }),
            StageTimes::default(),
        ),
    }
}

/// Processes one input on the current thread, without a time budget (the PDF engine keeps
/// its own).
pub fn process_now(rel_path: &str, bytes: &[u8], opts: &ExtractOptions) -> (Outcome, StageTimes) {
    let mut times = StageTimes::default();
    let t0 = Instant::now();
    let extracted = catch_unwind(AssertUnwindSafe(|| {
        ofsted_extract::extract(bytes, rel_path, opts)
    }));
    times.extract = t0.elapsed();
    let extracted = match extracted {
        Ok(Ok(x)) => x,
        Ok(Err(e)) => return (Outcome::Rejected(extract_reject(&e)), times),
        Err(p) => {
            return (
                Outcome::Rejected(Reject {
                    stage: RejectStage::Extract,
                    reason: RejectReason::Panic,
                    message: format!("extract panicked: {}", panic_message(p.as_ref())),
                }),
                times,
            );
        }
    };
    let t1 = Instant::now();
    let meta = DocMeta {
        doc_id: doc_id(bytes),
        source_path: rel_path.to_owned(),
        format: extracted.format,
        sha256: sha256_hex(bytes),
    };
    let analysed = catch_unwind(AssertUnwindSafe(|| {
        let a = ofsted_transform::analyse(&extracted.doc);
        doc_result(&meta, &extracted.doc, &a)
    }));
    times.transform = t1.elapsed();
    match analysed {
        Ok(r) => (Outcome::Document(Box::new(r)), times),
        Err(p) => (
            Outcome::Rejected(Reject {
                stage: RejectStage::Transform,
                reason: RejectReason::Panic,
                message: format!("transform panicked: {}", panic_message(p.as_ref())),
            }),
            times,
        ),
    }
}

fn extract_reject(e: &ExtractError) -> Reject {
    Reject {
        stage: RejectStage::Extract,
        reason: e.reason(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_saved_as_pdf_is_rejected_with_reason() {
        let (o, _) = process(
            "x.pdf",
            b"<!DOCTYPE html><html><body>Not found</body></html>",
            &ExtractOptions::default(),
        );
        match o {
            Outcome::Rejected(r) => {
                assert_eq!(r.reason, RejectReason::NotAPdf);
                assert!(
                    r.message.contains("HTML") || r.message.contains("html"),
                    "{}",
                    r.message
                );
            }
            Outcome::Document(_) => panic!("accepted an HTML page named .pdf"),
        }
    }

    #[test]
    fn empty_file_is_rejected() {
        let (o, _) = process("e.txt", b"", &ExtractOptions::default());
        assert!(matches!(o, Outcome::Rejected(r) if r.reason == RejectReason::EmptyFile));
    }
}
