//! Rule tests and regression tests (synthetic snippets reproducing real layouts).

use super::*;

fn opts() -> ExtractOptions {
    ExtractOptions::default()
}

fn kinds(doc: &CleanDoc) -> Vec<(BlockKind, Option<String>, String)> {
    doc.blocks
        .iter()
        .map(|b| (b.kind, b.number.clone(), doc.block_text(b).to_owned()))
        .collect()
}

fn pdf_pages(pages: &[&str]) -> CleanDoc {
    let v: Vec<String> = pages.iter().map(|s| (*s).to_owned()).collect();
    clean_pages(&v, &opts())
}

crate::rx::patterns_test!();

#[test]
fn text_paragraph_split_by_page_break_is_joined() {
    // data/000: "...had become\n\ncustomary."
    let doc = clean_text(
        "5. The use of review strategy meetings at the end of investigations had become\n\ncustomary. Although less prevalent now.\n\n6. Social workers think deeply.",
        &opts(),
    );
    let k = kinds(&doc);
    assert_eq!(k.len(), 2, "{k:?}");
    assert_eq!(k[0].1.as_deref(), Some("5"));
    assert!(k[0].2.contains("had become customary. Although"));
    assert_eq!(
        doc.text.lines().next(),
        Some(
            "5. The use of review strategy meetings at the end of investigations had become customary. Although less prevalent now."
        )
    );
}

#[test]
fn fake_list_item_after_page_break_gap_is_joined() {
    // data/003: a page break leaves blank lines and fakes a "- " item
    let doc = clean_text(
        "Strengths\n\n Good arrangements are in place, with good examples of joint working between\n\n\n\n\n\n- the two services. The duty team can call on expertise.\n- Strong partnership work is evident.\n\nAreas for development\n\n Administrators, including recently appointed staff, provide oral prioritisation.\n\nThe area for development identified above will be considered.",
        &opts(),
    );
    let k = kinds(&doc);
    assert_eq!(k[0], (BlockKind::Heading, None, "Strengths".into()));
    assert_eq!(k[1].0, BlockKind::ListItem);
    assert_eq!(
        k[1].2,
        "Good arrangements are in place, with good examples of joint working between the two services. The duty team can call on expertise."
    );
    assert_eq!(
        k[2],
        (
            BlockKind::ListItem,
            None,
            "Strong partnership work is evident.".into()
        )
    );
    assert_eq!(k[3].0, BlockKind::Heading);
    assert_eq!(k[4].0, BlockKind::ListItem);
    assert!(k[4].2.starts_with("Administrators,"));
    assert_eq!(k[5].0, BlockKind::Paragraph);
}

#[test]
fn lost_bullet_inside_a_list() {
    let doc = clean_text(
        "- Staff are supervised by experienced managers.\n Supervision is regular and recorded.\n- Staff are suitably qualified.",
        &opts(),
    );
    let k = kinds(&doc);
    assert_eq!(k.len(), 3, "{k:?}");
    assert!(k.iter().all(|b| b.0 == BlockKind::ListItem));
    assert_eq!(k[1].2, "Supervision is regular and recorded.");
}

#[test]
fn real_pdf_bullet_after_page_break_stays_an_item() {
    // lower-case items without full stops, split by a page break (2013 reports)
    let doc = pdf_pages(&[
        "Within three months:\n\n\u{F0A7}  Complete initial health assessments within\nstatutory timescales to assist care leavers in their transition \n",
        "\n\u{F0A7}  ensure that an appropriate service is available for care leavers\n",
    ]);
    let k = kinds(&doc);
    assert_eq!(k.len(), 3, "{k:?}");
    assert_eq!(k[1].0, BlockKind::ListItem);
    assert_eq!(k[2].0, BlockKind::ListItem);
    assert!(k[2].2.starts_with("ensure that"));
    assert_eq!(doc.blocks[2].page, Some(2));
}

#[test]
fn pdf_paragraph_continues_on_next_page() {
    let doc = pdf_pages(&[
        "1 \n\nThe local authority is in touch with virtually all of its care leavers, most \n",
        "2 \n\n of whom receive a good level of support. Services are strong.\n\nWhat needs to improve\n",
    ]);
    let k = kinds(&doc);
    assert_eq!(k.len(), 2, "{k:?}");
    assert_eq!(
        k[0].2,
        "The local authority is in touch with virtually all of its care leavers, most of whom receive a good level of support. Services are strong."
    );
    assert_eq!(k[1].0, BlockKind::Heading);
}

#[test]
fn wrapped_number_is_not_a_paragraph_number() {
    // "...reduced from 60 to\n36. During the same periods..."
    let doc = pdf_pages(&[
        "41.  Multi-agency working is adequate. Between 2011/12 and 2012/13 the total number of \nlooked after children open to the Youth Offending Team reduced from 60 to \n36. During the same periods however, re-offending has only reduced from 14 to 12. \n\n42.  The impact of services is inadequate.",
    ]);
    let k = kinds(&doc);
    assert_eq!(k.len(), 2, "{k:?}");
    assert_eq!(k[0].1.as_deref(), Some("41"));
    assert!(k[0].2.contains("from 60 to 36. During"));
    assert_eq!(k[1].1.as_deref(), Some("42"));
    assert!(doc.notes.iter().all(|n| n.code != "paragraph_number_gap"));
}

#[test]
fn numbered_lines_of_a_text_file_are_separate_paragraphs() {
    let doc = clean_text(
        "1. Children in need are identified quickly.\n2. Decision-making is timely.\n3. Children receive help.",
        &opts(),
    );
    let nums: Vec<_> = doc.blocks.iter().map(|b| b.number.clone()).collect();
    assert_eq!(
        nums,
        vec![Some("1".into()), Some("2".into()), Some("3".into())]
    );
    assert!(doc.blocks.iter().all(|b| b.kind == BlockKind::Paragraph));
}

#[test]
fn judgement_table_rows_from_pdf_layout() {
    let doc = pdf_pages(&[
        "Judgement  Grade \n\nThe impact of leaders on social work practice with children \nand families  Good \n\nThe experiences and progress of children who need help and \nprotection  Requires improvement \nto be good \n\nOverall effectiveness  Requires improvement \nto be good \n\nSince the inspection in 2014, services have improved substantially for care \nleavers, children in care and children in need of help and protection.",
    ]);
    let k = kinds(&doc);
    assert_eq!(k[0], (BlockKind::TableRow, None, "Judgement\tGrade".into()));
    assert_eq!(
        k[1].2,
        "The impact of leaders on social work practice with children and families\tGood"
    );
    assert_eq!(
        k[2].2,
        "The experiences and progress of children who need help and protection\tRequires improvement to be good"
    );
    assert_eq!(
        k[3].2,
        "Overall effectiveness\tRequires improvement to be good"
    );
    assert_eq!(k[4].0, BlockKind::Paragraph);
}

#[test]
fn numbered_table_rows_keep_their_number() {
    let doc = pdf_pages(&[
        "1.  Children who need help and protection  Requires \nimprovement \n\n  2.1  Adoption performance   Good \n",
    ]);
    let k = kinds(&doc);
    assert_eq!(
        k[0],
        (
            BlockKind::TableRow,
            Some("1".into()),
            "Children who need help and protection\tRequires improvement".into()
        )
    );
    assert_eq!(
        k[1],
        (
            BlockKind::TableRow,
            Some("2.1".into()),
            "Adoption performance\tGood".into()
        )
    );
    assert!(doc.text.starts_with("1. Children who need"));
}

#[test]
fn tab_separated_tables_from_text() {
    let doc = clean_text(
        "Judgement\tGrade\nOverall effectiveness\tOutstanding\n\nChildren are safe.",
        &opts(),
    );
    let k = kinds(&doc);
    assert_eq!(k[0], (BlockKind::TableRow, None, "Judgement\tGrade".into()));
    assert_eq!(
        k[1],
        (
            BlockKind::TableRow,
            None,
            "Overall effectiveness\tOutstanding".into()
        )
    );
    assert_eq!(
        doc.text,
        "Judgement\tGrade\n\nOverall effectiveness\tOutstanding\n\nChildren are safe."
    );
}

#[test]
fn line_end_hyphen_is_kept_when_joining() {
    let doc = pdf_pages(&[
        "The response is well-coordinated and multi-\nagency work is effective across the partnership and the \ndecision-\nmaking is clear.",
    ]);
    assert_eq!(
        doc.text,
        "The response is well-coordinated and multi-agency work is effective across the partnership and the decision-making is clear."
    );
}

#[test]
fn bullet_glyphs_become_list_items() {
    let doc = pdf_pages(&[
        "What needs to improve? \n\n\u{F06E}  The quality of strategy discussions, including \nrecords of decision-making.  \n\n\u{25FC}  The quality of case recording. \n\n\u{F0B7} The take-up of return home interviews.",
    ]);
    let k = kinds(&doc);
    assert_eq!(
        k[0],
        (BlockKind::Heading, None, "What needs to improve?".into())
    );
    assert_eq!(
        k[1],
        (
            BlockKind::ListItem,
            None,
            "The quality of strategy discussions, including records of decision-making.".into()
        )
    );
    assert_eq!(k[2].2, "The quality of case recording.");
    assert_eq!(k[3].0, BlockKind::ListItem);
    assert!(
        doc.text
            .contains("\n\n- The quality of case recording.\n\n")
    );
}

#[test]
fn running_footer_page_numbers_and_contents_are_removed() {
    let mut pages =
        vec!["Metropolitan Borough of Barnsley\n\nInspection dates: 2 to 6 June 2014\n".to_owned()];
    pages.push("Inspection of X local authority children’s services \n2 to 6 June 2014  2\n\nContents\nSummary of findings  3\nWhat needs to improve  4\nInformation about this inspection  9\n".to_owned());
    let bodies = [
        "Alpha is first.",
        "Beta is second.",
        "Gamma is third.",
        "Delta is fourth.",
    ];
    for (i, body) in (3..=6).zip(bodies) {
        pages.push(format!(
            "Inspection of X local authority children’s services \n2 to 6 June 2014  {i}\n\n{i}.  {body}\n"
        ));
    }
    let doc = clean_pages(&pages, &opts());
    assert!(
        !doc.text.contains("Inspection of X local authority"),
        "{}",
        doc.text
    );
    assert!(!doc.text.contains("Contents"));
    assert!(!doc.text.contains("Summary of findings"));
    assert!(doc.text.contains("Inspection dates: 2 to 6 June 2014"));
    assert_eq!(doc.blocks.iter().filter(|b| b.number.is_some()).count(), 4);
    let codes: Vec<&str> = doc.notes.iter().map(|n| n.code.as_str()).collect();
    assert!(codes.contains(&"page_furniture_removed") && codes.contains(&"contents_removed"));
    assert_eq!(doc.pages, Some(6));
}

#[test]
fn footnote_marker_after_title_is_removed() {
    let doc = pdf_pages(&[
        "1 \n\nBolton Council \n\nReview of the effectiveness of the local safeguarding children \nboard\n1 \n\nInspection date: 14 January – 5 February 2014 \n\n1 Ofsted produces this report under its power to combine reports in accordance with section 152.\n",
        "2 \n\nExecutive summary\n",
    ]);
    assert!(
        doc.text
            .contains("local safeguarding children board\n\nInspection date"),
        "{}",
        doc.text
    );
    assert!(doc.text.ends_with("1 Ofsted produces this report under its power to combine reports in accordance with section 152."));
}

#[test]
fn split_ordinals_are_joined() {
    assert_eq!(
        join_split_ordinals("DATE 23 rd June 2025, 1 st and 2 nd, 11 th"),
        "DATE 23rd June 2025, 1st and 2nd, 11th"
    );
    assert_eq!(
        join_split_ordinals("aged 3 st and 4 rd"),
        "aged 3 st and 4 rd"
    );
    let doc = clean_text("DATE 23 rd June 2025", &opts());
    assert_eq!(doc.text, "DATE 23rd June 2025");
}

#[test]
fn html_tags_in_text_are_removed() {
    // data/002
    let doc = clean_text(
        "REPORT TITLE Ofsted inspection\t\n<p>SUMMARY OF REPORT</p> <p>An inspection was carried out in March 2025.</p> <p>Leaders &amp; managers</p>\t\n",
        &opts(),
    );
    assert!(!doc.text.contains("<p>") && !doc.text.contains("</p>"));
    let k = kinds(&doc);
    assert!(
        k.iter()
            .any(|b| b.0 == BlockKind::Heading && b.2 == "SUMMARY OF REPORT"),
        "{k:?}"
    );
    assert!(
        k.iter()
            .any(|b| b.2 == "An inspection was carried out in March 2025.")
    );
    assert!(k.iter().any(|b| b.2 == "Leaders & managers"));
    assert_eq!(
        doc.notes.first().map(|n| n.code.as_str()),
        Some("html_tags_removed")
    );
}

#[test]
fn ofsted_back_page_is_removed() {
    let doc = clean_text(
        "44. Senior leaders are highly visible.\n\nThe Office for Standards in Education, Children's Services and Skills (Ofsted) regulates and inspects to achieve excellence in the care of children and young people.\n\nIf you would like a copy of this document in a different format, such as large print or Braille, please telephone 0300 123 1231.\n\nThis report is available at <http://reports.ofsted.gov.uk/>.\n\nPiccadilly Gate\nStore Street\nManchester\nM1 2WD\n\nT: 0300 123 1231\nTextphone: 0161 618 8524\nE: enquiries@ofsted.gov.uk\nW: www.gov.uk/ofsted\n\n© Crown copyright 2022",
        &opts(),
    );
    assert_eq!(doc.text, "44. Senior leaders are highly visible.");
    let n = doc.notes.iter().find(|n| n.code == "boilerplate_removed");
    assert!(n.is_some_and(|n| n.severity == Severity::Info));
    let kept = clean_text(
        "44. Senior leaders are highly visible.\n\n© Crown copyright 2022",
        &ExtractOptions {
            strip_boilerplate: false,
            ..opts()
        },
    );
    assert!(kept.text.contains("Crown copyright"));
}

#[test]
fn publisher_footer_is_removed() {
    // data/001: trailing address / contact / credits
    let doc = clean_text(
        "Communication between panels should be strengthened.\n\nCamden inspection report available here\n\nDelivering a diverse, reliable range of services to children and their families across the UK\nRegistered Address:\nSpeed House, Matrix Park, Chorley, Lancashire, England, PR7 7NA\nTel: 01206 878178Contact Us\n\nA Group collaboration - market research by Research | website design by Studio",
        &opts(),
    );
    assert!(
        doc.text
            .ends_with("Camden inspection report available here"),
        "{}",
        doc.text
    );
    assert!(!doc.text.contains("Registered"));
}

#[test]
fn copyright_page_at_the_front_is_removed() {
    let doc = pdf_pages(&[
        "Inspection of looked after children services \n\nKent County Council\n",
        "© Crown copyright 2013 \n\nWebsite: www.ofsted.gov.uk \n\nThis document may be reproduced in whole or in part for non-commercial purposes, provided \nthat the information quoted is reproduced without adaptation. \n\nFurther copies of this report are obtainable from the local authority or at www.ofsted.gov.uk \n",
        "About this inspection\n\n1.  The purpose of the inspection is to evaluate services.",
    ]);
    assert!(!doc.text.contains("Website"), "{}", doc.text);
    assert!(doc.text.contains("About this inspection"));
}

#[test]
fn damage_marker_and_number_gap_are_noted() {
    // data/004-like damage: a truncation marker swallowed the start of paragraph 13
    let doc = clean_text(
        "12. Children in care are extremely well supported.< truncated 42 characters >ority of children's plans are clear.\n14. The local authority is a founder member of an agency.",
        &opts(),
    );
    let marker = doc.notes.iter().find(|n| n.code == "damage_marker");
    let Some(marker) = marker else {
        panic!("no damage note: {:?}", doc.notes)
    };
    assert_eq!(marker.severity, Severity::Error);
    let (s, e) = marker.span.unwrap_or((0, 0));
    assert_eq!(&doc.text[s..e], "< truncated 42 characters >");
    assert!(marker.message.contains("< truncated 42 characters >"));
    let gap = doc.notes.iter().find(|n| n.code == "paragraph_number_gap");
    let Some(gap) = gap else {
        panic!("no gap note: {:?}", doc.notes)
    };
    assert_eq!(gap.severity, Severity::Warning);
    assert!(gap.message.contains("13"));
    let (s, _) = gap.span.unwrap_or((0, 0));
    assert!(doc.text[s..].starts_with("The local authority is a founder"));
}

#[test]
fn non_ascii_cleanup() {
    let doc = clean_text("The \u{FB01}nal\u{A0}report\r\nis e\u{301}tabli.", &opts());
    assert_eq!(doc.text, "The final report is établi.");
}

#[test]
fn html_input_is_stripped() {
    let html = b"<!DOCTYPE html><html><head><title>x</title><script>alert(1)</script></head><body><h1>Ofsted rates Camden outstanding</h1><p>Inspectors found&nbsp;strong practice.</p><ul><li>First item.</li><li>Second item.</li></ul></body></html>";
    let Ok(x) = extract(html, "news.html", &opts()) else {
        panic!("html failed")
    };
    assert_eq!(x.format, SourceFormat::Html);
    let k = kinds(&x.doc);
    assert_eq!(
        k[0],
        (
            BlockKind::Heading,
            None,
            "Ofsted rates Camden outstanding".into()
        )
    );
    assert_eq!(k[1].2, "Inspectors found strong practice.");
    assert_eq!(k[2], (BlockKind::ListItem, None, "First item.".into()));
    assert!(!x.doc.text.contains("alert"));
}

#[test]
fn rejections() {
    assert_eq!(extract(b"", "a.pdf", &opts()), Err(ExtractError::Empty));
    let e = extract(b"<!DOCTYPE html>\n<html>", "birmingham_2012.pdf", &opts());
    assert_eq!(
        e,
        Err(ExtractError::NotAPdf(
            "file starts with <!DOCTYPE html>: an HTML page saved under a .pdf name".into()
        ))
    );
    assert!(matches!(
        extract(
            b"%PDF-1.4\ntrailer\n<< /Root 1 0 R /Encrypt 5 0 R >>\n",
            "x.pdf",
            &opts()
        ),
        Err(ExtractError::Encrypted(_))
    ));
    // cut short (no %%EOF at the end) and unreadable: truncated, not a parse error
    assert!(matches!(
        extract(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "x.pdf", &opts()),
        Err(ExtractError::Truncated(_))
    ));
    assert!(matches!(
        extract(
            b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog\n%%EOF\n",
            "x.pdf",
            &opts()
        ),
        Err(ExtractError::PdfParse(_) | ExtractError::Panic(_) | ExtractError::NoText(_))
    ));
    assert!(matches!(
        extract(b"   \n\t\n", "a.txt", &opts()),
        Err(ExtractError::NoText(_))
    ));
    assert!(matches!(
        extract(b"\x00\x01\x02binary", "a.bin", &opts()),
        Err(ExtractError::Binary(_))
    ));
}

#[test]
fn invalid_utf8_gets_a_note() {
    let Ok(x) = extract(b"Caf\xe9 children\x92s services.", "a.txt", &opts()) else {
        panic!()
    };
    assert_eq!(x.doc.text, "Café children’s services.");
    assert_eq!(x.doc.notes[0].code, "invalid_utf8");
    assert_eq!(x.doc.notes[0].severity, Severity::Warning);
}

#[test]
fn timeout_is_reported() {
    // a zero budget cannot be met by any PDF
    let o = ExtractOptions {
        pdf_timeout: Duration::from_nanos(1),
        ..opts()
    };
    let r = extract(
        b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << /Root 1 0 R >>",
        "x.pdf",
        &o,
    );
    assert!(matches!(
        r,
        Err(ExtractError::Timeout(_)) | Err(ExtractError::PdfParse(_))
    ));
}

#[test]
fn headings_and_label_lines() {
    let doc = clean_text(
        "Inspection of Camden local authority children's services\n\nInspection dates: 25 to 29 April 2022\n\nThe experiences and progress of children who need help and protection: good\n\nEstablish an effective recruitment strategy for adopters. (Para 103)",
        &opts(),
    );
    let k: Vec<BlockKind> = doc.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        k,
        vec![
            BlockKind::Heading,
            BlockKind::Paragraph,
            BlockKind::Heading,
            BlockKind::Paragraph
        ]
    );
}

#[test]
fn clean_text_is_idempotent_on_samples() {
    let samples = [
        "Strengths\n\n Good arrangements, joint working between\n\n\n\n- the two services.\n- Strong work.",
        "Judgement\tGrade\nOverall\tGood\n\n1. Children are safe.\n2. Plans are clear.",
        "REPORT\t\n<p>SUMMARY</p> <p>Text &amp; more.</p>\n\nDATE 23 rd June",
    ];
    for s in samples {
        let once = clean_text(s, &opts());
        let twice = clean_text(&once.text, &opts());
        assert_eq!(once.text, twice.text);
        assert_eq!(once.blocks, twice.blocks);
    }
}

#[test]
fn numbered_row_with_cells_on_separate_lines() {
    // 2018 SIF table: label and grade on separate lines, no column gap
    let doc = pdf_pages(&[
        "1.  Children who need help and protection  Requires \nimprovement to be \ngood \n\n2.  Children looked after and achieving \npermanence \n Requires \nimprovement to be \ngood \n\n  2.1 Adoption performance  Good \n",
    ]);
    let k = kinds(&doc);
    assert_eq!(k.len(), 3, "{k:?}");
    assert_eq!(
        k[1],
        (
            BlockKind::TableRow,
            Some("2".into()),
            "Children looked after and achieving permanence\tRequires improvement to be good"
                .into()
        )
    );
}

#[test]
fn large_inputs_are_linear() {
    let started = std::time::Instant::now();
    let joined = "word and\n\n".repeat(100_000);
    let doc = clean_text(&joined, &opts());
    assert_eq!(doc.blocks.len(), 1);
    let lines =
        "1. A numbered paragraph that ends here.\n- an item\nShort heading\n\n".repeat(30_000);
    let doc = clean_text(&lines, &opts());
    assert!(doc.blocks.len() >= 60_000);
    let pages: Vec<String> = (0..2_000)
        .map(|i| format!("Running header\n{i}\n\nBody text of page {i} goes on and\n"))
        .collect();
    let doc = clean_pages(&pages, &opts());
    assert!(!doc.text.contains("Running header"));
    assert!(
        started.elapsed().as_secs() < 20,
        "too slow: {:?}",
        started.elapsed()
    );
}
