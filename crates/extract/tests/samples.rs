//! Acceptance facts on the sample inputs in the repository's `data/` folder.

use ofsted_extract::{ExtractOptions, extract};
use ofsted_model::doc::{BlockKind, CleanDoc};
use std::path::PathBuf;

fn sample(prefix: &str) -> Option<CleanDoc> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let entry = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))?;
    let bytes = std::fs::read(entry.path()).ok()?;
    let name = entry.file_name().to_string_lossy().into_owned();
    extract(&bytes, &name, &ExtractOptions::default())
        .ok()
        .map(|x| x.doc)
}

fn numbered(doc: &CleanDoc) -> Vec<(String, String)> {
    doc.blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .filter_map(|b| b.number.clone().map(|n| (n, doc.block_text(b).to_owned())))
        .collect()
}

#[test]
fn sample_000_report() {
    let doc = sample("000_").expect("data/ is part of the repository");
    let paras = numbered(&doc);
    assert_eq!(paras.len(), 44);
    let nums: Vec<u32> = paras.iter().filter_map(|(n, _)| n.parse().ok()).collect();
    assert_eq!(nums, (1..=44).collect::<Vec<u32>>());
    let p5 = &paras[4].1;
    assert!(p5.contains("had become customary. Although"), "{p5}");
    for b in &doc.blocks {
        let t = doc.block_text(b);
        for bad in [
            "Piccadilly",
            "Crown copyright",
            "Textphone",
            "regulates and inspects",
        ] {
            assert!(!t.contains(bad), "boilerplate left in a block: {t}");
        }
    }
    let items: Vec<&str> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::ListItem)
        .map(|b| doc.block_text(b))
        .collect();
    assert_eq!(items.len(), 2);
    assert!(doc.blocks.iter().any(|b| b.kind == BlockKind::TableRow
        && doc.block_text(b) == "Overall effectiveness\tOutstanding"));
    assert!(doc.notes.iter().all(|n| n.code != "paragraph_number_gap"));
}

#[test]
fn sample_001_news_footer() {
    let doc = sample("001_").expect("data/ is part of the repository");
    for b in &doc.blocks {
        let t = doc.block_text(b);
        assert!(
            !t.contains("Registered Address")
                && !t.contains("website design")
                && !t.contains("Tel:"),
            "publisher footer left: {t}"
        );
    }
    assert!(doc.text.contains("Camden inspection report available here"));
}

#[test]
fn sample_002_no_html_tags() {
    let doc = sample("002_").expect("data/ is part of the repository");
    assert!(!doc.text.contains("<p>") && !doc.text.contains("</p>"));
    assert!(doc.text.contains("DATE 23rd June 2025"));
    assert!(doc.blocks.iter().any(|b| b.kind == BlockKind::TableRow
        && doc.block_text(b) == "Overall effectiveness\tOutstanding"));
}

#[test]
fn sample_003_first_strength() {
    let doc = sample("003_").expect("data/ is part of the repository");
    let items: Vec<&str> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::ListItem)
        .map(|b| doc.block_text(b))
        .collect();
    let first = items.first().copied().unwrap_or("");
    assert!(
        first.starts_with("Good arrangements are in place"),
        "{first}"
    );
    assert!(
        first.contains("joint working between the two services. The duty team"),
        "{first}"
    );
    assert!(items.iter().all(|i| !i.starts_with("the two services")));
    assert!(
        items
            .iter()
            .any(|i| i.starts_with("Supervision is regular"))
    );
    assert!(
        items
            .iter()
            .any(|i| i.starts_with("Administrators, including"))
    );
    assert!(
        items
            .iter()
            .any(|i| i.contains("Good induction arrangements are in place"))
    );
}

#[test]
fn sample_004_numbering() {
    let doc = sample("004_").expect("data/ is part of the repository");
    // The stored sample has no damage marker and paragraphs 1..=37 in order; if a marker is
    // present (damaged copy), both notes must be there.
    let nums: Vec<u32> = numbered(&doc)
        .iter()
        .filter_map(|(n, _)| n.parse().ok())
        .collect();
    let has_marker = doc.text.contains("truncated");
    if has_marker {
        assert!(doc.notes.iter().any(|n| n.code == "damage_marker"));
        assert!(doc.notes.iter().any(|n| n.code == "paragraph_number_gap"));
    } else {
        assert_eq!(nums, (1..=37).collect::<Vec<u32>>());
    }
}
