//! The analysts' outputs: `inspection_summary`, `local_authorities`, `changes`, the
//! workbook, the data package, `csv_bom`; and the edges of a run: linked input folders and
//! a run that finds no input.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;
use common::*;

#[test]
fn summary_authorities_changes_workbook_and_package() {
    let d = tempfile::tempdir().unwrap();
    let (input, out) = (d.path().join("in"), d.path().join("out"));
    copy_samples(&input);
    let first = run_pipeline(&input, &out, &[]);
    ok(&first);
    let inspections = read_table(&out, "inspections");
    let summary = read_table(&out, "inspection_summary");
    let with_primary = inspections
        .iter()
        .filter(|i| !i["primary_doc_id"].is_empty())
        .count();
    assert_eq!(summary.len(), with_primary);
    assert!(
        summary.iter().all(|s| !s["region"].is_empty()),
        "{summary:?}"
    );
    assert!(summary.iter().any(|s| s["is_latest"] == "true"));
    // the first run: every summarised inspection is new, and the log says so
    let changes = read_table(&out, "changes");
    assert_eq!(changes.len(), summary.len());
    assert!(changes.iter().all(|c| c["change"] == "new"));
    let log = String::from_utf8_lossy(&first.stderr);
    assert!(
        log.contains(&format!("{} new inspection", summary.len())),
        "{log}"
    );
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["changes"]["new"], summary.len());

    let las = read_table(&out, "local_authorities");
    assert!(las.len() >= 160, "{}", las.len());
    assert!(
        las.iter()
            .any(|l| l["name"] == "Northamptonshire" && l["status"] == "abolished")
    );
    assert!(out.join("xlsx/ofsted-etl.xlsx").is_file());
    let pkg: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("datapackage.json")).unwrap()).unwrap();
    assert_eq!(
        pkg["resources"].as_array().unwrap().len(),
        ofsted_model::rows::ALL_TABLES.len()
    );
}

#[test]
fn a_changed_grade_is_listed_with_old_and_new_value() {
    let d = tempfile::tempdir().unwrap();
    let (input, out) = (d.path().join("in"), d.path().join("out"));
    copy_samples(&input);
    ok(&run_pipeline(&input, &out, &["--quiet"]));
    let before = read_table(&out, "inspection_summary");
    let target = before
        .iter()
        .find(|s| !s["lead_inspector"].is_empty())
        .expect("a summary row with a lead inspector");
    let name = target["lead_inspector"].clone();
    // rename the lead inspector in its source document
    let src = input.join(&target["source_path"]);
    let text = std::fs::read_to_string(&src).unwrap();
    std::fs::write(&src, text.replace(&name, "Zed Quill")).unwrap();
    let o = run_pipeline(&input, &out, &[]);
    ok(&o);
    let changes = read_table(&out, "changes");
    let c = changes
        .iter()
        .find(|c| c["field"] == "lead_inspector")
        .unwrap_or_else(|| panic!("{changes:?}"));
    assert_eq!(c["change"], "changed");
    assert_eq!(c["old_value"], name);
    assert_eq!(c["new_value"], "Zed Quill");
    assert!(String::from_utf8_lossy(&o.stderr).contains("1 changed"));
}

#[test]
fn csv_bom_is_off_by_default_and_on_when_asked() {
    let d = tempfile::tempdir().unwrap();
    let (input, out, bom) = (
        d.path().join("in"),
        d.path().join("out"),
        d.path().join("bom"),
    );
    copy_samples(&input);
    ok(&run_pipeline(&input, &out, &["--quiet"]));
    let plain = std::fs::read(out.join("csv/documents.csv")).unwrap();
    assert!(plain.starts_with(b"doc_id,"));
    let cfg = d.path().join("bom.toml");
    std::fs::write(&cfg, "[output]\ncsv_bom = true\n").unwrap();
    ok(&run_pipeline(
        &input,
        &bom,
        &["--quiet", "--config", cfg.to_str().unwrap()],
    ));
    let with = std::fs::read(bom.join("csv/documents.csv")).unwrap();
    assert_eq!(&with[..3], b"\xEF\xBB\xBF");
    assert_eq!(&with[3..], &plain[..]);
}

#[test]
fn a_run_without_any_input_fails_with_its_own_code() {
    let d = tempfile::tempdir().unwrap();
    let (input, out) = (d.path().join("in"), d.path().join("out"));
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("notes.doc"), b"not an input").unwrap();
    let o = run_pipeline(&input, &out, &[]);
    assert_eq!(
        o.status.code(),
        Some(10),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("no input found"));
    assert!(!out.join("parquet").exists());
}

#[cfg(unix)]
#[test]
fn linked_input_folders_are_read() {
    let d = tempfile::tempdir().unwrap();
    let (real, input, out) = (
        d.path().join("real"),
        d.path().join("in"),
        d.path().join("out"),
    );
    copy_samples(&real);
    std::fs::create_dir_all(&input).unwrap();
    std::os::unix::fs::symlink(&real, input.join("reports")).unwrap();
    std::os::unix::fs::symlink(&input, real.join("loop")).unwrap();
    ok(&run_pipeline(&input, &out, &["--quiet"]));
    let docs = read_table(&out, "documents");
    assert_eq!(docs.len(), 5);
    assert!(
        docs.iter()
            .all(|r| r["source_path"].starts_with("reports/"))
    );
}

#[test]
fn validate_reports_every_problem_at_once() {
    let d = tempfile::tempdir().unwrap();
    let cfg = d.path().join("bad.toml");
    std::fs::write(&cfg, "[input]\nmax_file_mb = -1\n\n[outptu]\ndir = \"x\"\n").unwrap();
    let o = bin()
        .args(["validate", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("input.max_file_mb") && err.contains("outptu"),
        "{err}"
    );
}

/// Every authority of the reference lookup has the region, GSS code and Ofsted URN the
/// gazetteer gives it. The lookup's `rgn22cd` column disagrees with its own `region_name`
/// in places (Buckinghamshire, Gloucestershire), so the region is compared by name; its
/// abolished authorities (empty GSS code) are matched on any gazetteer period.
#[test]
#[ignore = "needs ../shared"]
fn gazetteer_regions_and_codes_match_the_reference_lookup() {
    let shared = need_shared();
    let path = shared.join("reference/la_lookup.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = r.headers().unwrap().clone();
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let (dfe, gss, region, urn) = (
        col("la_code"),
        col("la_code_new"),
        col("region_name"),
        col("urn"),
    );
    let rows: Vec<_> = ofsted_transform::authorities::local_authority_rows();
    let mut checked = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        let code: i32 = rec[dfe].parse().unwrap();
        let current = !rec[gss].is_empty();
        // The lookup is a 2023 snapshot: compare with the code valid then (Barnsley and
        // Sheffield were recoded in April 2025).
        let snapshot = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let valid_then = |l: &&ofsted_model::rows::LocalAuthorityRow| {
            l.valid_from.is_none_or(|d| d <= snapshot) && l.valid_to.is_none_or(|d| d >= snapshot)
        };
        let mine = rows
            .iter()
            .filter(|l| l.la_dfe_code == code)
            .find(|l| !current || valid_then(l))
            .unwrap_or_else(|| panic!("DfE {code} not in the gazetteer"));
        assert!(
            mine.region.eq_ignore_ascii_case(&rec[region]),
            "{}: {} vs {}",
            mine.name,
            mine.region,
            &rec[region]
        );
        if current {
            assert_eq!(
                mine.la_gss_code.as_deref(),
                Some(&rec[gss]),
                "{}",
                mine.name
            );
        }
        assert_eq!(
            mine.ofsted_urn.map(|u| u.to_string()).as_deref(),
            Some(&rec[urn]),
            "{}",
            mine.name
        );
        checked += 1;
    }
    assert!(checked >= 150, "{checked}");
}
