//! Property tests: no input makes extraction panic, and the output keeps its invariants.

use ofsted_extract::{ExtractOptions, clean_pages, clean_text, extract, html_to_text};
use ofsted_model::doc::CleanDoc;
use proptest::prelude::*;

fn check_invariants(doc: &CleanDoc) -> Result<(), TestCaseError> {
    let mut last_end = 0usize;
    for b in &doc.blocks {
        prop_assert!(b.start <= b.end, "block start after end: {:?}", b);
        prop_assert!(b.end <= doc.text.len());
        prop_assert!(doc.text.is_char_boundary(b.start) && doc.text.is_char_boundary(b.end));
        prop_assert!(b.start >= last_end, "blocks overlap or are out of order");
        last_end = b.end;
        prop_assert!(
            !doc.block_text(b).contains('\n'),
            "a block contains a newline"
        );
    }
    for n in &doc.notes {
        if let Some((s, e)) = n.span {
            prop_assert!(s <= e && e <= doc.text.len());
            prop_assert!(doc.text.is_char_boundary(s) && doc.text.is_char_boundary(e));
        }
    }
    Ok(())
}

/// Text that looks like report lines: words, numbers, bullets, tabs, blank lines, markers.
fn reportish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("\n\n\n\n".to_owned()),
        Just(" ".to_owned()),
        Just("  ".to_owned()),
        Just("\t".to_owned()),
        Just("\u{F0B7} ".to_owned()),
        Just("- ".to_owned()),
        Just("12. ".to_owned()),
        Just("1.1. ".to_owned()),
        Just("multi-".to_owned()),
        Just("Good".to_owned()),
        Just("Requires improvement".to_owned()),
        Just("What needs to improve?".to_owned()),
        Just("< truncated 42 characters >".to_owned()),
        Just("<p>".to_owned()),
        Just("</p>".to_owned()),
        Just("© Crown copyright".to_owned()),
        Just("23 rd".to_owned()),
        Just("\u{FB01}".to_owned()),
        Just("é".to_owned()),
        Just("e\u{301}".to_owned()),
        Just(".".to_owned()),
        Just("\u{0C}".to_owned()),
        "[a-zA-Z]{1,9}",
        "[0-9]{1,3}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), pdf in any::<bool>()) {
        let name = if pdf { "x.pdf" } else { "x.txt" };
        if let Ok(x) = extract(&bytes, name, &ExtractOptions::default()) {
            check_invariants(&x.doc)?;
        }
    }

    #[test]
    fn pdf_like_bytes_never_panic(tail in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut bytes = b"%PDF-1.4\n".to_vec();
        bytes.extend(tail);
        let _ = extract(&bytes, "x.pdf", &ExtractOptions::default());
    }

    #[test]
    fn arbitrary_strings_clean_without_panic(s in any::<String>()) {
        let doc = clean_text(&s, &ExtractOptions::default());
        check_invariants(&doc)?;
        let _ = html_to_text(&s);
    }

    #[test]
    fn reportish_text_keeps_invariants(s in reportish()) {
        let doc = clean_text(&s, &ExtractOptions::default());
        check_invariants(&doc)?;
        let html = html_to_text(&s);
        check_invariants(&clean_text(&html, &ExtractOptions::default()))?;
    }

    #[test]
    fn reportish_pages_keep_invariants(pages in prop::collection::vec(reportish(), 0..6)) {
        let doc = clean_pages(&pages, &ExtractOptions::default());
        check_invariants(&doc)?;
        for b in &doc.blocks {
            let p = b.page.unwrap_or(0) as usize;
            prop_assert!(p >= 1 && p <= pages.len());
        }
    }

    #[test]
    fn cleaning_clean_text_changes_nothing(s in reportish()) {
        let opts = ExtractOptions { strip_boilerplate: false, ..ExtractOptions::default() };
        let once = clean_text(&s, &opts);
        let twice = clean_text(&once.text, &opts);
        prop_assert_eq!(&once.text, &twice.text);
        // page numbers (from form feeds) are not in the cleaned text, so compare the rest
        let shape = |d: &CleanDoc| -> Vec<_> {
            d.blocks.iter().map(|b| (b.kind, b.number.clone(), b.start, b.end)).collect()
        };
        prop_assert_eq!(shape(&once), shape(&twice));
    }
}
