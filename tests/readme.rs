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

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[test]
fn contents_links_every_section_and_every_link_resolves() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("\n## Contents\n")
        .expect("a `## Contents` section");
    let contents = &readme[start + 1..];
    let contents = &contents[..contents[1..].find("\n## ").expect("a section after it") + 1];
    let mut anchors = Vec::new();
    let mut in_code = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && let Some(h) = line.trim_start_matches('#').strip_prefix(' ') {
            let a = anchor(h);
            if line.starts_with("## ") && h != "Contents" {
                assert!(
                    contents.contains(&format!("](#{a})")),
                    "the README's contents list does not link `## {h}` (#{a})"
                );
            }
            anchors.push(a);
        }
    }
    for (i, _) in readme.match_indices("](") {
        let target = &readme[i + 2..];
        let Some(end) = target.find(')') else {
            continue;
        };
        let target = &target[..end];
        if let Some(a) = target.strip_prefix('#') {
            assert!(
                anchors.iter().any(|x| x == a),
                "README links to #{a}, no such heading"
            );
        } else if !target.contains("://") {
            assert!(
                root().join(target).exists(),
                "README links to {target}, no such file"
            );
        }
    }
}
