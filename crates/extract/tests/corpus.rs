//! Checks on the real development corpus in `../shared`: `#[ignore = "needs ../shared"]`
//! (`cargo test --release -- --ignored`, as `.ci/run` does), failing when it is absent.

use ofsted_extract::{
    ExtractError, ExtractOptions, PdfEngine, clean_text, detect_format, extract, read_pdf_pages,
};
use ofsted_model::doc::{BlockKind, CleanDoc};
use std::collections::HashMap;
use std::path::PathBuf;

fn need_shared() -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    assert!(
        p.is_dir(),
        "{} not found: this test needs ../shared beside the repository",
        p.display()
    );
    p
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn gold_strings(json: &str, key: &str) -> Vec<String> {
    // tiny reader for `"key": "value"` and `"key": [ "a", "b" ]` without a JSON dependency
    let mut out = Vec::new();
    let pat = format!("\"{key}\":");
    let mut rest = json;
    while let Some(i) = rest.find(&pat) {
        rest = &rest[i + pat.len()..];
        let t = rest.trim_start();
        if let Some(arr) = t.strip_prefix('[') {
            let end = arr.find(']').unwrap_or(arr.len());
            for part in arr[..end].split("\",") {
                let v = part.trim().trim_start_matches('"').trim_end_matches('"');
                if !v.is_empty() && !v.starts_with('{') {
                    out.push(v.replace("\\\"", "\""));
                }
            }
        } else if let Some(s) = t.strip_prefix('"') {
            let end = s.find("\",").or_else(|| s.find("\"\n")).unwrap_or(s.len());
            out.push(s[..end].replace("\\\"", "\""));
        }
    }
    out
}

#[test]
#[ignore = "needs ../shared"]
fn corpus_extracts_and_keeps_the_needed_text() {
    let root = need_shared();
    let rd = std::fs::read_dir(root.join("dev")).expect("../shared/corpus/dev");
    let mut files: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    files.sort();
    let mut checked = 0;
    let (mut own_total, mut items_total) = (0usize, 0usize);
    for f in files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        let gold_path = root.join("dev-gold").join(name.replace(".pdf", ".json"));
        let gold = std::fs::read_to_string(gold_path).unwrap_or_default();
        let r = extract(&bytes, &name, &ExtractOptions::default());
        if gold.contains("\"expected_outcome\": \"reject\"") {
            assert!(
                matches!(r, Err(ExtractError::NotAPdf(_))),
                "{name} should be rejected"
            );
            continue;
        }
        let doc: CleanDoc = match r {
            Ok(x) => x.doc,
            Err(e) => panic!("{name}: {e}"),
        };
        let text = squash(&doc.text);
        for d in gold_strings(&gold, "inspection_dates_verbatim") {
            assert!(
                text.contains(&squash(&d)),
                "{name}: dates {d:?} not in text"
            );
        }
        for a in gold_strings(&gold, "area_verbatim") {
            assert!(
                text.contains(&squash(&a)),
                "{name}: judgement {a:?} not in text"
            );
        }
        // each improvement item is in the text; most are a block of their own
        let items = gold_strings(&gold, "what_needs_to_improve");
        let blocks: Vec<String> = doc
            .blocks
            .iter()
            .map(|b| squash(doc.block_text(b)))
            .collect();
        let own = items.iter().filter(|i| blocks.contains(&squash(i))).count();
        for i in &items {
            assert!(text.contains(&squash(i)), "{name}: item {i:?} not in text");
        }
        own_total += own;
        items_total += items.len();
        assert!(
            doc.blocks
                .iter()
                .any(|b| b.kind == BlockKind::TableRow || b.number.is_some())
        );
        assert!(
            !doc.text.contains("Crown copyright"),
            "{name}: back page left"
        );
        // cleaning the cleaned text again changes nothing
        let keep = ExtractOptions {
            strip_boilerplate: false,
            ..ExtractOptions::default()
        };
        let again = clean_text(&doc.text, &keep);
        assert_eq!(again.text, doc.text, "{name}: cleaning is not idempotent");
        let kinds = |d: &CleanDoc| -> Vec<_> {
            d.blocks
                .iter()
                .map(|b| (b.kind, b.number.clone(), b.start, b.end))
                .collect()
        };
        assert_eq!(
            kinds(&again),
            kinds(&doc),
            "{name}: blocks change on re-cleaning"
        );
        checked += 1;
    }
    assert!(checked >= 30);
    // items with sub-lists ("…monitoring of:" then "- …") are several blocks by design
    assert!(
        own_total * 100 >= items_total * 95,
        "only {own_total}/{items_total} improvement items are blocks of their own"
    );
}

/// Words of a text with their counts (letters and digits, lower case).
fn word_counts(text: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if !w.is_empty() {
            *m.entry(w.to_lowercase()).or_insert(0) += 1;
        }
    }
    m
}

#[test]
#[ignore = "needs ../shared"]
fn both_engines_read_every_corpus_pdf_with_the_same_words() {
    let root = need_shared();
    let opts = |engine| ExtractOptions {
        pdf_engine: engine,
        ..ExtractOptions::default()
    };
    let mut read = 0;
    for dir in ["dev", "dev-more", "negatives"] {
        let Ok(rd) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files {
            let name = f.to_string_lossy().into_owned();
            let Ok(bytes) = std::fs::read(&f) else {
                continue;
            };
            if detect_format(&bytes, &name).ok() != Some(ofsted_model::doc::SourceFormat::Pdf) {
                continue;
            }
            let hayro = read_pdf_pages(&bytes, &opts(PdfEngine::Hayro));
            let reference = read_pdf_pages(&bytes, &opts(PdfEngine::PdfExtract));
            let (Ok(h), Ok(r)) = (hayro, reference) else {
                panic!("{name}: an engine failed");
            };
            assert_eq!(h.len(), r.len(), "{name}: page counts differ");
            let (hw, rw) = (word_counts(&h.concat()), word_counts(&r.concat()));
            let total: usize = rw.values().sum();
            let hit: usize = rw
                .iter()
                .map(|(w, n)| (*n).min(hw.get(w).copied().unwrap_or(0)))
                .sum();
            assert!(
                hit * 1000 >= total * 999,
                "{name}: hayro has only {hit} of pdf-extract's {total} words"
            );
            read += 1;
        }
    }
    assert!(read >= 200, "only {read} PDFs read");
}
