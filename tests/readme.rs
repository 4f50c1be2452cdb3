//! The README's data dictionary is generated from the schema code and must match it;
//! every key of the shipped `pipeline.toml` is documented.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;
use common::*;

#[test]
fn readme_data_dictionary_matches_schema() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let generated = String::from_utf8(bin().arg("schema").output().unwrap().stdout).unwrap();
    let begin = "<!-- BEGIN DATA DICTIONARY -->\n";
    let end = "<!-- END DATA DICTIONARY -->";
    let a = readme.find(begin).expect("begin marker") + begin.len();
    let b = readme.find(end).expect("end marker");
    assert!(
        readme[a..b] == generated,
        "README data dictionary is stale: regenerate it with `cargo run --release -- schema` between the markers"
    );
}

#[test]
fn every_config_key_is_documented_and_the_shipped_config_is_valid() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let cfg = std::fs::read_to_string(root().join("pipeline.toml")).unwrap();
    let mut table = String::new();
    for line in cfg.lines() {
        let t = line.split('#').next().unwrap().trim();
        if t.starts_with('[') {
            table = t.trim_matches(['[', ']']).to_owned();
        } else if let Some((k, _)) = t.split_once('=') {
            let key = format!("`{table}.{}`", k.trim());
            assert!(readme.contains(&key), "{key} not documented in README");
        }
    }
    let o = bin()
        .args(["validate", "--config"])
        .arg(root().join("pipeline.toml"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
