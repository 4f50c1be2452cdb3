//! Council papers and news on real pages (`tests/secondary-real/`): `eval --secondary`
//! over the gold in the repo and the page texts in the local cache
//! (`$HOME/.cache/ofsted-etl/pages`, or `OFSTED_ETL_PAGES`), which is never committed.
//! The gold must parse, name a `tune` or `holdout` split that agrees with its hash, and the
//! `tune` half must meet issue 23's targets. The tests that read the cache are ignored
//! (`cargo test --release -- --ignored`) and fail when it is absent; `.ci/run` runs them
//! only where the cache is (it is local, never in a fresh clone).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;
use common::*;
use std::path::PathBuf;

fn gold_dir() -> PathBuf {
    root().join("tests/secondary-real/gold")
}

/// The page cache, or a failure saying where it was looked for.
fn cache_dir() -> PathBuf {
    let dir = std::env::var_os("OFSTED_ETL_PAGES")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/ofsted-etl/pages"))
        })
        .unwrap_or_default();
    assert!(
        dir.is_dir(),
        "no page cache at {:?} (set OFSTED_ETL_PAGES): this test needs it",
        dir
    );
    dir
}

/// `ofsted-etl eval --secondary <gold> --input <cache> <extra…>`.
fn eval_secondary(cache: &std::path::Path, extra: &[&str]) -> std::process::Output {
    bin()
        .arg("eval")
        .arg("--secondary")
        .arg(gold_dir())
        .arg("--input")
        .arg(cache)
        .args(extra)
        .output()
        .unwrap()
}

/// Every gold file parses and its split is the one its file name's hash gives.
#[test]
fn gold_is_well_formed() {
    let gold = ofsted_eval::read_page_gold(&gold_dir()).unwrap();
    for g in &gold {
        let hex = g
            .file
            .strip_prefix("p-")
            .and_then(|f| f.strip_suffix(".txt"))
            .unwrap_or_else(|| panic!("{}: file name not p-<hash>.txt", g.file));
        assert_eq!(hex.len(), 12, "{}", g.file);
        let first = u8::from_str_radix(&hex[..1], 16).unwrap();
        let want = if first < 8 { "tune" } else { "holdout" };
        assert_eq!(g.split, want, "{}: split", g.file);
        assert!(
            ["news_article", "committee_report", "other"].contains(&g.doc_type.as_str()),
            "{}: type {}",
            g.file,
            g.doc_type
        );
    }
}

/// The tune half meets the targets (`eval --secondary --check`); the holdout half is
/// printed, not held.
#[test]
#[ignore = "issue 23: tune half below target (2026-12-08, 158 cached pages: type 94.9%, authority 84.6%, right link 58.6%, grade P 0.964 R 0.870, 1 phantom)"]
fn tune_half_meets_targets() {
    let cache = cache_dir();
    let o = eval_secondary(&cache, &["--check"]);
    let out = String::from_utf8_lossy(&o.stdout);
    eprintln!("{out}");
    assert!(
        o.status.success(),
        "{}\n{}",
        out,
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The scorer runs over the cache and scores every gold page whose text is there.
#[test]
#[ignore = "needs the page cache (~/.cache/ofsted-etl/pages)"]
fn scorer_runs_on_the_cache() {
    let cache = cache_dir();
    let o = eval_secondary(&cache, &[]);
    let out = String::from_utf8_lossy(&o.stdout);
    eprintln!("{out}");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.contains("secondary all:"), "{out}");
}
