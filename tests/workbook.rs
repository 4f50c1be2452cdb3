//! The Excel workbook opened by a real spreadsheet program: LibreOffice (headless) converts
//! every sheet to CSV, and the values must equal the Parquet tables.
//!
//! LibreOffice is found through `OFSTED_ETL_SOFFICE`, else `soffice` on the PATH (Debian:
//! `libreoffice-calc-nogui`; `.ci/run` installs it when missing). The test is
//! `#[ignore = "needs LibreOffice (soffice)"]` (`cargo test --release -- --ignored`, as
//! `.ci/run` does) and fails without it.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;
use common::*;
use ofsted_load::xlsx_out::SHEETS;
use std::path::{Path, PathBuf};
use std::process::Command;

fn soffice() -> Option<PathBuf> {
    let exe = std::env::var_os("OFSTED_ETL_SOFFICE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("soffice"));
    let ok = Command::new(&exe)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(exe)
}

/// Converts every sheet of `xlsx` to `<stem>-<sheet>.csv` in `dir` (UTF-8, as shown).
fn convert(exe: &Path, xlsx: &Path, dir: &Path) {
    let profile = dir.join("lo-profile");
    let o = Command::new(exe)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--norestore", "--convert-to"])
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1")
        .arg("--outdir")
        .arg(dir)
        .arg(xlsx)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// A Parquet cell as LibreOffice shows it (booleans in capitals).
fn shown(v: &str) -> String {
    match v {
        "true" => "TRUE".into(),
        "false" => "FALSE".into(),
        v => v.to_owned(),
    }
}

#[test]
#[ignore = "needs LibreOffice (soffice)"]
fn every_sheet_equals_its_parquet_table() {
    let exe = soffice().unwrap_or_else(|| {
        panic!(
            "LibreOffice (soffice) not found: set OFSTED_ETL_SOFFICE or install libreoffice-calc-nogui (.ci/run does)"
        )
    });
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let o = run_pipeline(&root().join("data"), &out, &["--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let sheets = d.path().join("sheets");
    std::fs::create_dir_all(&sheets).unwrap();
    convert(&exe, &out.join("xlsx/ofsted-etl.xlsx"), &sheets);

    let dict = read_csv(&sheets.join("ofsted-etl-dictionary.csv"));
    assert_eq!(
        dict[0],
        ["table", "column", "type", "nullable", "description"]
    );
    assert!(
        dict.iter()
            .any(|r| r[0] == "inspection_summary" && r[1] == "direction")
    );

    for (sheet, table, latest_only) in SHEETS {
        let got = read_csv(&sheets.join(format!("ofsted-etl-{sheet}.csv")));
        let rows: Vec<RowMap> = read_table(&out, table)
            .into_iter()
            .filter(|r| !latest_only || r["is_latest"] == "true")
            .collect();
        let schema = ofsted_model::rows::ALL_TABLES
            .iter()
            .find(|t| t.name == *table)
            .unwrap();
        let header: Vec<&str> = schema.columns.iter().map(|c| c.name).collect();
        assert_eq!(got[0], header, "{sheet}: header");
        assert_eq!(got.len() - 1, rows.len(), "{sheet}: rows");
        for (n, (g, want)) in got[1..].iter().zip(&rows).enumerate() {
            for (c, name) in header.iter().enumerate() {
                let empty = String::new();
                let cell = g.get(c).unwrap_or(&empty);
                assert_eq!(
                    *cell,
                    shown(&want[*name]),
                    "{sheet} row {} column {name}",
                    n + 1
                );
            }
        }
    }
}
