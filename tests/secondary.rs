//! Council papers and news articles end to end (issue 14): each is tied to the inspection
//! it is about (`document_inspections`), papers about an inspection whose Ofsted report is
//! in the inputs link to it, the others make one `secondary_only` inspection per event,
//! inspections of anything else (schools, planning, CQC) make none, and a minister's letter
//! is not an inspection letter. The fixtures in `tests/fixtures/secondary/` are written
//! for these tests, modelled on the forms of real papers and articles. The last test runs
//! the real council papers of `../shared/corpus/negatives` (none is about an inspection of
//! children's services) and is skipped, with one line, when `../shared` is absent.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;
use common::*;
use std::sync::OnceLock;

/// One pipeline run over the fixtures, shared by the tests of this file.
fn out() -> &'static RunOutput {
    static OUT: OnceLock<RunOutput> = OnceLock::new();
    OUT.get_or_init(|| run_once(&root().join("tests/fixtures/secondary")))
}

fn table(name: &str) -> Vec<RowMap> {
    read_table(&out().path, name)
}

fn doc(prefix: &str) -> RowMap {
    table("documents")
        .into_iter()
        .find(|d| d["source_path"].starts_with(prefix))
        .unwrap_or_else(|| panic!("no document {prefix}"))
}

fn links_of(doc_id: &str) -> Vec<RowMap> {
    table("document_inspections")
        .into_iter()
        .filter(|l| l["doc_id"] == doc_id)
        .collect()
}

fn inspection(id: &str) -> RowMap {
    table("inspections")
        .into_iter()
        .find(|i| i["inspection_id"] == id)
        .unwrap_or_else(|| panic!("no inspection {id}"))
}

fn grades(doc_id: &str, inspection_id: &str) -> Vec<(String, String)> {
    let mut v: Vec<_> = table("judgements")
        .into_iter()
        .filter(|j| j["doc_id"] == doc_id && j["inspection_id"] == inspection_id)
        .map(|j| (j["area"].clone(), j["grade"].clone()))
        .collect();
    v.sort();
    v
}

/// The one inspection a document reports on.
fn reported(prefix: &str) -> (RowMap, RowMap) {
    let d = doc(prefix);
    let on: Vec<_> = links_of(&d["doc_id"])
        .into_iter()
        .filter(|l| l["relation"] == "reports_on")
        .collect();
    assert_eq!(on.len(), 1, "{prefix}: {on:?}");
    let l = on.into_iter().next().unwrap();
    (inspection(&l["inspection_id"]), l)
}

/// Every inspection has as many documents as rows in `document_inspections`, and each
/// row's evidence lies inside its document's text.
#[test]
fn n_documents_counts_the_links() {
    let links = table("document_inspections");
    for i in table("inspections") {
        let n = links
            .iter()
            .filter(|l| l["inspection_id"] == i["inspection_id"])
            .count();
        assert_eq!(i["n_documents"], n.to_string(), "{i:?}");
    }
    let texts = table("texts");
    for l in &links {
        let t = texts.iter().find(|t| t["doc_id"] == l["doc_id"]).unwrap();
        let (a, b): (usize, usize) = (
            l["char_start"].parse().unwrap(),
            l["char_end"].parse().unwrap(),
        );
        assert!(a < b && b <= t["text"].chars().count(), "{l:?}");
    }
}

/// A committee paper about an ILACS inspection whose report is among the inputs links to
/// that inspection (no second one); its grades are secondary and on that inspection.
#[test]
fn committee_paper_links_to_the_report_in_the_inputs() {
    let d = doc("02_");
    assert_eq!(d["doc_type"], "committee_report");
    assert_eq!(d["local_authority"], "Rutland");
    assert_eq!(d["document_date"], "2025-05-08");
    let (i, l) = reported("02_");
    assert_eq!(i["primary_doc_id"], doc("01_")["doc_id"]);
    assert_eq!(i["evidence"], "ofsted_document");
    assert_eq!(i["framework"], "ilacs");
    assert_eq!(l["match_basis"], "la_and_date");
    let g = grades(&d["doc_id"], &i["inspection_id"]);
    assert!(
        g.contains(&("overall_effectiveness".into(), "good".into())),
        "{g:?}"
    );
    assert!(!g.iter().any(|(_, grade)| grade == "inadequate"), "{g:?}");
    let js: Vec<_> = table("judgements")
        .into_iter()
        .filter(|j| j["doc_id"] == d["doc_id"])
        .collect();
    assert!(js.iter().all(|j| j["is_primary"] == "false"));
    let people: Vec<_> = table("people")
        .into_iter()
        .filter(|p| p["doc_id"] == d["doc_id"])
        .map(|p| p["name"].clone())
        .collect();
    assert!(people.contains(&"Daniel Cooper".to_owned()), "{people:?}");
    let rutland: Vec<_> = table("inspections")
        .into_iter()
        .filter(|i| i["local_authority"] == "Rutland" && i["framework"] == "ilacs")
        .collect();
    assert_eq!(rutland.len(), 1, "{rutland:?}");
}

/// The grade of the previous inspection ("previously inspected in 2019, ... judged to
/// require improvement") is never put on the current one; that inspection is a `mentions`.
#[test]
fn previous_inspection_is_a_mention_with_its_own_grade() {
    let d = doc("02_");
    let (current, _) = reported("02_");
    let g = grades(&d["doc_id"], &current["inspection_id"]);
    assert!(
        !g.contains(&(
            "overall_effectiveness".into(),
            "requires_improvement".into()
        )),
        "{g:?}"
    );
    for l in links_of(&d["doc_id"])
        .iter()
        .filter(|l| l["inspection_id"] != current["inspection_id"])
    {
        assert_eq!(l["relation"], "mentions", "{l:?}");
        let i = inspection(&l["inspection_id"]);
        assert_eq!(i["period"], "2019", "{i:?}");
    }
}

/// A news article about the same inspection, undated, links to it by its grades.
#[test]
fn undated_article_links_by_authority_and_grade() {
    let d = doc("03_");
    assert_eq!(d["doc_type"], "news_article");
    let (i, l) = reported("03_");
    assert_eq!(i["primary_doc_id"], doc("01_")["doc_id"]);
    assert_eq!(l["match_basis"], "la_and_grade");
    assert_eq!(i["n_documents"], "3");
}

/// Two papers about an inspection whose report is not in the inputs make one
/// `secondary_only` inspection.
#[test]
fn two_papers_about_one_unreported_event_make_one_inspection() {
    let (a, la) = reported("04_");
    let (b, lb) = reported("05_");
    assert_eq!(a["inspection_id"], b["inspection_id"]);
    assert_eq!(a["evidence"], "secondary_only");
    assert_eq!(a["primary_doc_id"], "");
    assert_eq!(a["local_authority"], "Torbay");
    assert_eq!(a["framework"], "sif");
    assert_eq!(a["start_date"], "2013-01-14");
    assert_eq!(a["end_date"], "2013-01-25");
    assert_eq!(a["n_documents"], "2");
    assert_eq!(lb["match_basis"], "secondary_evidence");
    assert_eq!(la["match_basis"], "la_and_period");
    let torbay = table("inspections")
        .into_iter()
        .filter(|i| i["local_authority"] == "Torbay")
        .count();
    assert_eq!(torbay, 1);
    let d = doc("04_");
    let g = grades(&d["doc_id"], &a["inspection_id"]);
    assert!(
        g.contains(&("overall_effectiveness".into(), "inadequate".into())),
        "{g:?}"
    );
}

/// "30 and 31 July 2019" is a two-day visit; the inspection "last inspected in 2017" is a
/// mention, and its grade never reaches the visit.
#[test]
fn focused_visit_two_day_range_and_passing_mention() {
    let d = doc("06_");
    assert_eq!(d["doc_type"], "committee_report");
    let (fv, _) = reported("06_");
    assert_eq!(fv["framework"], "focused_visit");
    assert_eq!(fv["start_date"], "2019-07-30");
    assert_eq!(fv["end_date"], "2019-07-31");
    assert_eq!(fv["evidence"], "secondary_only");
    assert!(grades(&d["doc_id"], &fv["inspection_id"]).is_empty());
    let other: Vec<_> = links_of(&d["doc_id"])
        .into_iter()
        .filter(|l| l["inspection_id"] != fv["inspection_id"])
        .collect();
    assert_eq!(other.len(), 1, "{other:?}");
    assert_eq!(other[0]["relation"], "mentions");
    let earlier = inspection(&other[0]["inspection_id"]);
    assert_eq!(earlier["period"], "2017");
    // its grade ("they were judged to require improvement") is that inspection's or none
    let g = grades(&d["doc_id"], &earlier["inspection_id"]);
    assert!(
        g.iter().all(|(_, grade)| grade == "requires_improvement"),
        "{g:?}"
    );
}

/// Papers about school, early-years, CQC, highway and planning inspections, and a
/// minister's letter, make no inspection and no link; rejected mentions are info rows.
#[test]
fn other_inspections_make_nothing() {
    for prefix in ["07_", "08_", "09_"] {
        let d = doc(prefix);
        assert!(links_of(&d["doc_id"]).is_empty(), "{prefix}");
        assert!(
            table("judgements")
                .iter()
                .all(|j| j["doc_id"] != d["doc_id"]),
            "{prefix}"
        );
    }
    let q = table("quality");
    for prefix in ["07_", "08_"] {
        let id = doc(prefix)["doc_id"].clone();
        assert!(
            q.iter()
                .any(|r| r["doc_id"] == id && r["code"] == "out_of_scope_inspection"),
            "{prefix}"
        );
    }
}

/// A minister's letter is `other`, not an inspection letter.
#[test]
fn minister_letter_is_not_an_inspection_letter() {
    assert_eq!(doc("09_")["doc_type"], "other");
}

/// A JTAI named by a news article, with other inspectorates in the sentence, is in scope.
#[test]
fn jtai_article_makes_one_secondary_inspection() {
    let (i, l) = reported("10_");
    assert_eq!(i["framework"], "jtai");
    assert_eq!(i["local_authority"], "Stockport");
    assert_eq!(i["start_date"], "2024-03-04");
    assert_eq!(i["evidence"], "secondary_only");
    assert_eq!(l["match_basis"], "secondary_evidence");
}

/// The real council papers of `../shared/corpus/negatives` (budgets, a minerals plan and
/// its planning inspector's report, a minister's letter, a performance report): no
/// inspection, no link, no inspection letter.
#[test]
fn negatives_make_no_inspection() {
    let Some(shared) = shared() else {
        eprintln!("SKIP negatives_make_no_inspection: ../shared absent");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = shared.join("corpus/negatives");
    let o = run_pipeline(&input, dir.path(), &["--quiet", "--max-reject-rate", "1"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let insp = read_table(dir.path(), "inspections");
    assert!(insp.is_empty(), "{insp:?}");
    assert!(read_table(dir.path(), "document_inspections").is_empty());
    assert!(read_table(dir.path(), "judgements").is_empty());
    let docs = read_table(dir.path(), "documents");
    assert!(docs.iter().all(|d| d["doc_type"] != "inspection_letter"));
}
