//! Property tests: one input's processing (format detection, cleanup, analysis, rows)
//! never panics and never lets a panic escape, whatever the bytes; and spans stay inside
//! the text.
#![allow(clippy::unwrap_used, missing_docs)]

use ofsted_extract::ExtractOptions;
use ofsted_pipeline::process::{Outcome, process};
use proptest::prelude::*;

fn check(name: &str, bytes: &[u8]) {
    let (outcome, _) = process(name, bytes, &ExtractOptions::default());
    if let Outcome::Rejected(r) = &outcome {
        // caught, but a panic is still a bug
        assert_ne!(
            r.reason,
            ofsted_model::vocab::RejectReason::Panic,
            "{}",
            r.message
        );
    }
    if let Outcome::Document(d) = outcome {
        let n = d.text.text.chars().count() as i64;
        for p in &d.paragraphs {
            assert!(0 <= p.char_start && p.char_start <= p.char_end && p.char_end <= n);
        }
        for (_, f) in &d.findings {
            assert!(f.char_start <= f.char_end && f.char_end <= n);
        }
        for m in &d.mentions {
            for j in &m.judgements {
                assert!(j.char_start <= j.char_end && j.char_end <= n);
            }
        }
    }
}

/// Fragments of real report wording, so that random mixtures reach deep into the rules.
const PIECES: &[&str] = &[
    "Inspection of Camden local authority children's services\n",
    "Inspection dates: 25 to 29 April 2022\n",
    "Lead inspector: Steve Lowe, Her Majesty's Inspector\n",
    "Judgement\tGrade\n",
    "Overall effectiveness\tOutstanding\n",
    "Requires improvement\nto be good\n",
    "The overall judgement is inadequate\n",
    "What needs to improve?\n",
    "- The execution of the local authority designated officer (LADO) duties.\n",
    "1. Children are ",
    "\n\n",
    "\u{f0b7} ",
    "< truncated 42 characters >",
    "<p>",
    "23 rd June 2025",
    "\u{feff}",
    "Page 3 of 12\n",
    "multi-\nagency",
    "Children's services in Bromley are inadequate.\n",
    "The effectiveness of the Local Safeguarding Children Board (LSCB) requires improvement\n",
    "Dear Ms Baxter\n",
    "Yours sincerely\n\nIan Young Her Majesty's Inspector\n",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check("x.txt", &bytes);
        check("x.pdf", &bytes);
    }

    #[test]
    fn arbitrary_text(s in "\\PC{0,600}") {
        check("x.txt", s.as_bytes());
    }

    #[test]
    fn shuffled_report_fragments(idx in proptest::collection::vec(0..PIECES.len(), 0..40)) {
        let s: String = idx.iter().map(|&i| PIECES[i]).collect();
        check("x.txt", s.as_bytes());
        let mut pdfish = b"%PDF-1.4\n".to_vec();
        pdfish.extend_from_slice(s.as_bytes());
        check("x.pdf", &pdfish);
    }
}
