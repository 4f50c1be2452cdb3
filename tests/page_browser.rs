//! The summary page in a real browser: headless Chromium (Debian's `chromium`, which
//! `.ci/run` installs when missing) loads `output/report/index.html` from disk; no console
//! errors, no failed or network requests, the charts and tables are in the rendered DOM,
//! and a screenshot is saved under the target directory (`target/tmp/page-screenshots/`).
//! Runs on `data/` and on all of `../shared/corpus`, each its own test, both
//! `#[ignore = "needs chromium ..."]` (`cargo test --release -- --ignored`, as `.ci/run`
//! does): a missing browser or `../shared` fails them.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The browser to use: `$CHROMIUM`, else the first of the usual names found on `PATH`.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| ["chromium", "chromium-browser", "google-chrome"].map(|n| d.join(n)))
        .find(|p| p.is_file())
}

fn python() -> Option<&'static str> {
    ["python3", "python"].into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Runs the check script; returns its JSON report.
fn browse(browser: &Path, py: &str, page: &Path, shot: &Path) -> serde_json::Value {
    let o = Command::new(py)
        .arg(root().join("tests/browser/check_page.py"))
        .arg(browser)
        .arg(page)
        .arg(shot)
        .output()
        .expect("start python");
    assert!(
        o.status.success(),
        "check_page.py failed\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON from check_page.py")
}

fn n(v: &serde_json::Value, key: &str) -> u64 {
    v["dom"][key].as_u64().unwrap_or(0)
}

/// Publishes `input` into a temporary output, checks the page in Chromium, returns the
/// browser's report and the number of inspections in the tables.
fn check(browser: &Path, py: &str, input: &Path, name: &str) -> (serde_json::Value, usize) {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let o = run_pipeline(input, &out, &["--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = out.join("report/index.html");
    let first = std::fs::read(&page).unwrap();
    // `report` rewrites the same bytes from the Parquet tables.
    let r = bin()
        .args(["report", "--output"])
        .arg(&out)
        .arg("--input")
        .arg(input)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(
        std::fs::read(&page).unwrap() == first,
        "report gave other bytes than run"
    );
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("page-screenshots")
        .join(format!("{name}.png"));
    let v = browse(browser, py, &page, &shot);
    eprintln!("{name}: screenshot {}", shot.display());
    let inspections = read_table(&out, "inspections").len();
    (v, inspections)
}

fn assert_clean(v: &serde_json::Value, inspections: usize) {
    assert_eq!(v["console"], serde_json::json!([]), "console: {v}");
    assert_eq!(v["failed"], serde_json::json!([]), "failed requests: {v}");
    for url in v["requests"].as_array().unwrap() {
        let url = url.as_str().unwrap_or("");
        assert!(
            url.starts_with("file:") || url.starts_with("data:"),
            "network request {url}"
        );
    }
    assert_eq!(v["dom"]["scripts"], 0, "{v}");
    assert_eq!(v["dom"]["external"], serde_json::json!([]), "{v}");
    let sections = v["dom"]["sections"].to_string();
    for s in ["grades", "latest", "changes", "inspections", "quality"] {
        assert!(sections.contains(s), "section {s} missing: {sections}");
    }
    assert!(
        n(v, "charts") >= 2 && n(v, "charts") == n(v, "charts_with_text"),
        "{v}"
    );
    assert!(
        n(v, "chart_segments") > 0 && n(v, "chart_width_px") > 50,
        "{v}"
    );
    assert_eq!(
        n(v, "tables"),
        n(v, "tables_with_caption_and_headers"),
        "{v}"
    );
    assert_eq!(n(v, "inspection_rows") as usize, inspections, "{v}");
    assert_eq!(n(v, "row_links_resolved") as usize, inspections, "{v}");
    assert!(n(v, "source_links") > 0, "{v}");
}

/// The browser and Python, or a failure naming what is missing.
fn need_browser() -> (PathBuf, &'static str) {
    match (chromium(), python()) {
        (Some(b), Some(py)) => (b, py),
        _ => panic!(
            "this test needs chromium (or $CHROMIUM) and python3 on PATH; .ci/run installs Debian's chromium"
        ),
    }
}

#[test]
#[ignore = "needs chromium"]
fn summary_page_in_headless_chromium() {
    let (browser, py) = need_browser();
    let (v, inspections) = check(&browser, py, &root().join("data"), "data");
    assert_clean(&v, inspections);
}

#[test]
#[ignore = "needs chromium and ../shared"]
fn corpus_summary_page_in_headless_chromium() {
    let shared = need_shared();
    let (browser, py) = need_browser();
    let (v, inspections) = check(&browser, py, &shared.join("corpus"), "corpus");
    assert_clean(&v, inspections);
    assert!(
        n(&v, "reject_rows") >= 1,
        "the corpus has an HTML error page: {v}"
    );
    eprintln!("corpus page: {}", v["dom"]);
}
