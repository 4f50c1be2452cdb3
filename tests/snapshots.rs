//! Snapshot tests of the table output for the five samples: any change to what the
//! pipeline writes shows up as a reviewable diff (`cargo insta review`, or
//! `INSTA_UPDATE=always cargo test --release --test snapshots` to accept).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;
use common::*;

#[test]
fn sample_tables_as_csv() {
    let d = tempfile::tempdir().unwrap();
    let o = run_pipeline(&root().join("data"), d.path(), &["--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for table in [
        "documents",
        "inspections",
        "document_inspections",
        "judgements",
        "findings",
        "people",
        "acronyms",
        "provenance",
        "quality",
        "rejects",
        "inspection_summary",
    ] {
        let csv =
            std::fs::read_to_string(d.path().join("csv").join(format!("{table}.csv"))).unwrap();
        insta::assert_snapshot!(table, csv);
    }
}
