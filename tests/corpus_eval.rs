//! The real corpus against hand-checked gold (`../shared/corpus`): fails below the
//! project's targets. Skipped, with one line, when `../shared` is absent.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;
use common::*;

#[test]
fn dev_corpus_meets_targets() {
    let Some(shared) = shared() else {
        eprintln!("skip: ../shared/corpus absent, real-corpus evaluation not run");
        return;
    };
    let o = bin()
        .args(["eval", "--check", "--gold"])
        .arg(shared.join("corpus/dev-gold"))
        .arg("--input")
        .arg(shared.join("corpus/dev"))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&o.stdout);
    eprintln!("{report}");
    assert!(
        o.status.success(),
        "eval below targets (exit {:?}):\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
}
