#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use chrono::NaiveDate;
use ofsted_model::rows::{DocumentRow, InspectionRow, JudgementRow, QualityRow, RejectRow};
use ofsted_model::vocab::{
    DocType, Evidence, JudgementSource, QualityStage, RejectReason, RejectStage, Severity,
    SourceFormat,
};

fn doc(id: &str, path: &str, title: &str) -> DocumentRow {
    DocumentRow {
        doc_id: id.into(),
        source_path: path.into(),
        source_format: SourceFormat::Text,
        sha256: "0".into(),
        doc_type: DocType::InspectionReport,
        title: Some(title.into()),
        local_authority: None,
        la_gss_code: None,
        la_dfe_code: None,
        ofsted_urn: None,
        document_date: None,
        committee: None,
        published_date: None,
        n_pages: None,
        n_paragraphs: 0,
        n_words: 0,
    }
}

fn insp(id: &str, la: &str, year: i32, doc: &str) -> InspectionRow {
    InspectionRow {
        inspection_id: id.into(),
        local_authority: Some(la.into()),
        la_gss_code: None,
        framework: Framework::Ilacs,
        inspection_type: None,
        type_basis: None,
        start_date: NaiveDate::from_ymd_opt(year, 3, 1),
        end_date: NaiveDate::from_ymd_opt(year, 3, 12),
        period: None,
        published_date: None,
        lead_inspector: None,
        overall_effectiveness: Some(Grade::Good),
        primary_doc_id: Some(doc.into()),
        evidence: Evidence::OfstedDocument,
        theme: None,
        theme_verbatim: None,
        send_outcome: None,
        n_documents: 1,
    }
}

fn judgement(id: &str, doc: &str, area: &str, grade: &str) -> JudgementRow {
    JudgementRow {
        inspection_id: id.into(),
        doc_id: doc.into(),
        area: Area::parse(area).unwrap(),
        area_verbatim: area.into(),
        grade: Grade::parse(grade).unwrap(),
        grade_verbatim: grade.into(),
        grade_code: 2,
        source: JudgementSource::Table,
        is_primary: true,
        char_start: 0,
        char_end: 1,
    }
}

fn sample() -> Vec<TableData> {
    vec![
        TableData::from_rows(&[
            doc("d1", "dev/a b.pdf", "Inspection of <Barnet>"),
            doc("d2", "dev/c.pdf", "Inspection of Camden"),
            doc("d3", "news/x.html", "A news story"),
        ]),
        TableData::from_rows(&[
            insp("i1", "Barnet", 2019, "d1"),
            insp("i2", "Camden", 2022, "d2"),
        ]),
        TableData::from_rows(&[
            judgement("i1", "d1", "overall_effectiveness", "good"),
            judgement("i2", "d2", "overall_effectiveness", "inadequate"),
            judgement("i2", "d2", "help_and_protection", "requires_improvement"),
        ]),
        TableData::from_rows(&[QualityRow::note(
            Some("d1"),
            QualityStage::Transform,
            Severity::Warning,
            "grade_conflict",
            "two grades",
        )]),
        TableData::from_rows(&[RejectRow {
            source_path: "bad.pdf".into(),
            sha256: None,
            stage: RejectStage::Extract,
            reason: RejectReason::NotAPdf,
            message: "HTML saved as .pdf".into(),
        }]),
    ]
}

#[test]
fn page_is_deterministic_and_complete() {
    let opts = PageOptions {
        source_base: Some("../../data/".into()),
    };
    let a = render(&sample(), &opts);
    assert_eq!(a, render(&sample(), &opts));
    assert_eq!(
        a.matches("<svg class=\"chart\"").count(),
        4,
        "two areas, two charts each"
    );
    assert!(a.contains("href=\"../../data/dev/a%20b.pdf\""));
    assert!(a.contains("href=\"#rows-i1\"") && a.contains("id=\"rows-i1\""));
    assert!(a.contains("not_a_pdf") && a.contains("grade_conflict"));
    assert!(a.contains("news/x.html"), "unlinked document listed");
    assert!(!a.contains("<Barnet>") && a.contains("&lt;Barnet&gt;"));
    assert!(!a.contains("<script") && !a.contains("http"));
}

#[test]
fn missing_tables_are_said_not_failed() {
    let a = render(&[], &PageOptions::default());
    assert!(a.contains("no inspection_summary table"));
    assert!(a.contains("No graded judgements"));
}

#[test]
fn relative_base_between_folders() {
    let rb = |a: &str, b: &str| relative_base(Path::new(a), Path::new(b));
    assert_eq!(
        rb("/r/out/report", "/r/data").as_deref(),
        Some("../../data/")
    );
    assert_eq!(
        rb("/r/out/report", "/r/out/report/in").as_deref(),
        Some("in/")
    );
    assert_eq!(rb("out/report", "/r/data"), None);
}

#[test]
fn labels() {
    assert_eq!(area_label("help_and_protection"), "Help and protection");
    assert_eq!(
        area_label("other:fostering_service"),
        "Other: fostering service"
    );
    assert_eq!(grade_label("requires_improvement"), "Requires improvement");
    // every framework has a label of its own (`area_send` used to print as it is)
    assert_eq!(framework_label("area_send"), "Area SEND");
    assert_eq!(framework_label("something_else"), "something_else");
}
