//! `output/datapackage.json` validated with the Frictionless validator (PyPI
//! `frictionless`): types, required columns, enums, primary and foreign keys of every CSV.
//!
//! The validator is found in the virtual environment `OFSTED_ETL_VENV` (`.ci/run` makes
//! `$HOME/.cache/ofsted-etl-venv` and installs it there when missing), else that default
//! environment, else on the PATH. The test is `#[ignore = "needs frictionless"]`
//! (`cargo test --release -- --ignored`, as `.ci/run` does) and fails without it.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;
use common::*;
use std::path::PathBuf;
use std::process::Command;

fn frictionless() -> Option<PathBuf> {
    let venv = std::env::var_os("OFSTED_ETL_VENV")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/ofsted-etl-venv"))
        });
    let candidates = venv
        .map(|v| v.join("bin/frictionless"))
        .into_iter()
        .chain(std::iter::once(PathBuf::from("frictionless")));
    candidates.into_iter().find(|exe| {
        Command::new(exe)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
#[ignore = "needs frictionless"]
fn the_data_package_validates_with_frictionless() {
    let exe = frictionless().unwrap_or_else(|| {
        panic!(
            "frictionless not found: set OFSTED_ETL_VENV or pip install frictionless (.ci/run does)"
        )
    });
    let d = tempfile::tempdir().unwrap();
    for (name, config) in [("plain", ""), ("bom", "[output]\ncsv_bom = true\n")] {
        let out = d.path().join(name);
        let cfg = d.path().join(format!("{name}.toml"));
        std::fs::write(&cfg, config).unwrap();
        let o = run_pipeline(
            &root().join("data"),
            &out,
            &["--quiet", "--config", cfg.to_str().unwrap()],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v = Command::new(&exe)
            .arg("validate")
            .arg(out.join("datapackage.json"))
            .current_dir(&out)
            .output()
            .unwrap();
        assert!(
            v.status.success(),
            "{name}: frictionless found problems:\n{}\n{}",
            String::from_utf8_lossy(&v.stdout),
            String::from_utf8_lossy(&v.stderr)
        );
    }
}
