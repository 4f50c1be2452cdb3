//! Regexes are compiled once per process, never per document: the second pass over the
//! same documents compiles no pattern. (Two patterns built inside per-document functions
//! cost 180 ms of CPU on a 203-report run before they became statics.)
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;
use common::*;
use ofsted_pipeline::config::Config;
use ofsted_pipeline::run::process_single;
use std::sync::Mutex;

/// The compile counter is one per process: the two tests must not run at the same time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The sample documents, plus (`real`) a few real reports and letters of `../shared`.
fn documents(real: bool) -> Vec<(String, Vec<u8>)> {
    let mut paths: Vec<_> = std::fs::read_dir(root().join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    if real {
        let s = need_shared();
        for dir in ["corpus/dev", "corpus/dev-more"] {
            let mut pdfs: Vec<_> = std::fs::read_dir(s.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                .collect();
            pdfs.sort();
            // spread over the folder: several frameworks and letter kinds
            paths.extend(pdfs.into_iter().step_by(15));
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn a_second_pass_compiles_no_regex() {
    second_pass_compiles_no_regex(false);
}

#[test]
#[ignore = "needs ../shared"]
fn a_second_pass_over_real_reports_compiles_no_regex() {
    second_pass_compiles_no_regex(true);
}

fn second_pass_compiles_no_regex(real: bool) {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let cfg = Config::default();
    let docs = documents(real);
    for (name, bytes) in &docs {
        process_single(&cfg, name, bytes);
    }
    let after_first = ofsted_text::rx::compiled();
    assert!(after_first > 0, "the counter counts");
    for (name, bytes) in &docs {
        let before = ofsted_text::rx::compiled();
        process_single(&cfg, name, bytes);
        assert_eq!(
            ofsted_text::rx::compiled(),
            before,
            "{name} compiled a regex again: move the pattern into a static"
        );
    }
}
