//! End to end on the five sample documents in `data/`: the binary runs, and the facts the
//! project promises are read back from the written Parquet files.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;
use common::*;
use std::sync::OnceLock;

/// One pipeline run shared by every test of this file.
fn out() -> &'static RunOutput {
    static OUT: OnceLock<RunOutput> = OnceLock::new();
    OUT.get_or_init(|| run_once(&root().join("data")))
}

fn table(name: &str) -> Vec<RowMap> {
    read_table(&out().path, name)
}

fn doc_id(prefix: &str) -> String {
    table("documents")
        .into_iter()
        .find(|d| d["source_path"].starts_with(prefix))
        .unwrap_or_else(|| panic!("no document {prefix}"))["doc_id"]
        .clone()
}

fn doc(prefix: &str) -> RowMap {
    let id = doc_id(prefix);
    table("documents")
        .into_iter()
        .find(|d| d["doc_id"] == id)
        .unwrap()
}

fn primary_inspection(prefix: &str) -> RowMap {
    let id = doc_id(prefix);
    table("inspections")
        .into_iter()
        .find(|i| i["primary_doc_id"] == id)
        .unwrap_or_else(|| panic!("no primary inspection for {prefix}"))
}

fn judgements_of(doc: &str, inspection: &str) -> Vec<(String, String)> {
    let mut v: Vec<_> = table("judgements")
        .into_iter()
        .filter(|j| j["doc_id"] == doc && j["inspection_id"] == inspection)
        .map(|j| (j["area"].clone(), j["grade"].clone()))
        .collect();
    v.sort();
    v
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<_> = v
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    v.sort();
    v
}

fn texts(doc: &str) -> String {
    table("texts")
        .into_iter()
        .find(|t| t["doc_id"] == doc)
        .unwrap()["text"]
        .clone()
}

#[test]
fn every_input_is_a_document_and_nothing_is_rejected() {
    assert_eq!(table("documents").len(), 5);
    assert!(table("rejects").is_empty(), "{:?}", table("rejects"));
}

#[test]
fn camden_2022_ilacs_report() {
    let d = doc("000_");
    assert_eq!(d["doc_type"], "inspection_report");
    assert_eq!(d["local_authority"], "Camden");
    assert_eq!(d["la_gss_code"], "E09000007");
    assert_eq!(d["la_dfe_code"], "202");
    let i = primary_inspection("000_");
    assert_eq!(i["framework"], "ilacs");
    assert_eq!(i["inspection_type"], "short");
    assert_eq!(i["type_basis"], "inferred_from_duration");
    assert_eq!(i["start_date"], "2022-04-25");
    assert_eq!(i["end_date"], "2022-04-29");
    assert_eq!(i["lead_inspector"], "Steve Lowe");
    assert_eq!(i["overall_effectiveness"], "outstanding");
    let js = judgements_of(&d["doc_id"], &i["inspection_id"]);
    assert_eq!(
        js,
        pairs(&[
            ("impact_of_leaders", "outstanding"),
            ("help_and_protection", "good"),
            ("children_in_care_and_care_leavers", "outstanding"),
            ("overall_effectiveness", "outstanding"),
        ])
    );
    let table_sources = table("judgements")
        .into_iter()
        .filter(|j| j["doc_id"] == d["doc_id"] && j["area"] == "overall_effectiveness")
        .all(|j| j["source"] == "table" && j["is_primary"] == "true");
    assert!(table_sources);
    let improvements = table("findings")
        .into_iter()
        .filter(|f| f["doc_id"] == d["doc_id"] && f["kind"] == "improvement")
        .count();
    assert_eq!(improvements, 2);
    let paras: Vec<_> = table("paragraphs")
        .into_iter()
        .filter(|p| p["doc_id"] == d["doc_id"])
        .collect();
    let numbered = paras.iter().filter(|p| !p["number"].is_empty()).count();
    assert_eq!(numbered, 44);
    let p5 = paras.iter().find(|p| p["number"] == "5").unwrap();
    assert!(
        p5["text"].contains("had become customary"),
        "{}",
        p5["text"]
    );
    for p in &paras {
        for bad in ["Crown copyright", "textphone", "Piccadilly Gate"] {
            assert!(
                !p["text"].contains(bad),
                "back page in paragraph: {}",
                p["text"]
            );
        }
    }
    let acr: Vec<_> = table("acronyms")
        .into_iter()
        .filter(|a| a["doc_id"] == d["doc_id"])
        .map(|a| (a["acronym"].clone(), a["expansion"].to_lowercase()))
        .collect();
    assert!(
        acr.contains(&("LADO".into(), "local authority designated officer".into())),
        "{acr:?}"
    );
    assert!(
        acr.contains(&("EDT".into(), "emergency duty team".into())),
        "{acr:?}"
    );
}

#[test]
fn news_article_prose_grades_are_secondary() {
    let d = doc("001_");
    assert_eq!(d["doc_type"], "news_article");
    assert_eq!(d["local_authority"], "Camden");
    let js: Vec<_> = table("judgements")
        .into_iter()
        .filter(|j| j["doc_id"] == d["doc_id"])
        .collect();
    assert!(
        js.iter()
            .all(|j| j["is_primary"] == "false" && j["source"] == "prose")
    );
    let insp = &js.first().expect("judgements from the article")["inspection_id"];
    assert_eq!(
        judgements_of(&d["doc_id"], insp),
        pairs(&[
            ("overall_effectiveness", "good"),
            ("leadership_management_governance", "outstanding"),
            ("adoption", "outstanding"),
            ("help_and_protection", "good"),
            ("looked_after_and_permanence", "good"),
            ("care_leavers", "good"),
        ])
    );
    let i = table("inspections")
        .into_iter()
        .find(|i| &i["inspection_id"] == insp)
        .unwrap();
    assert_eq!(i["framework"], "sif");
    assert_eq!(i["start_date"], "", "date must not be invented");
    assert_eq!(i["la_gss_code"], "E09000007");
    let paras: Vec<_> = table("paragraphs")
        .into_iter()
        .filter(|p| p["doc_id"] == d["doc_id"])
        .collect();
    assert!(
        paras
            .iter()
            .all(|p| !p["text"].contains("Registered Address")
                && !p["text"].contains("website design by"))
    );
}

#[test]
fn committee_report_links_to_the_2022_inspection() {
    let d = doc("002_");
    assert_eq!(d["doc_type"], "committee_report");
    assert_eq!(d["local_authority"], "Camden");
    assert_eq!(d["document_date"], "2025-06-23");
    let people: Vec<_> = table("people")
        .into_iter()
        .filter(|p| p["doc_id"] == d["doc_id"])
        .map(|p| (p["name"].clone(), p["role"].clone()))
        .collect();
    assert!(
        people.contains(&(
            "Tim Aldridge".into(),
            "Executive Director, Children and Learning".into()
        )),
        "{people:?}"
    );
    assert!(
        people.contains(&(
            "Lucy Sawyer".into(),
            "Principal Policy and Project Officer".into()
        )),
        "{people:?}"
    );
    let insp = table("inspections");
    let camden: Vec<_> = insp
        .iter()
        .filter(|i| i["la_gss_code"] == "E09000007")
        .collect();
    let march = camden
        .iter()
        .find(|i| i["period"] == "2025-03" || i["start_date"].starts_with("2025-03"))
        .expect("March 2025 inspection");
    assert_eq!(march["framework"], "ilacs");
    assert_eq!(march["inspection_type"], "short");
    assert_eq!(
        judgements_of(&d["doc_id"], &march["inspection_id"]),
        pairs(&[
            ("impact_of_leaders", "outstanding"),
            ("help_and_protection", "outstanding"),
            ("children_in_care", "outstanding"),
            ("care_leavers", "outstanding"),
            ("overall_effectiveness", "outstanding"),
        ])
    );
    let i2022 = primary_inspection("000_");
    assert_eq!(
        judgements_of(&d["doc_id"], &i2022["inspection_id"]),
        pairs(&[
            ("overall_effectiveness", "outstanding"),
            ("help_and_protection", "good")
        ])
    );
    assert!(i2022["n_documents"].parse::<i32>().unwrap() >= 2);
    let fv = camden
        .iter()
        .find(|i| i["framework"] == "focused_visit")
        .expect("focused visit");
    assert_eq!(fv["period"], "2023-10");
    assert!(judgements_of(&d["doc_id"], &fv["inspection_id"]).is_empty());
    for t in table("texts") {
        assert!(!t["text"].contains("<p>"), "HTML left in {}", t["doc_id"]);
    }
}

#[test]
fn letter_2010_unannounced_inspection() {
    let d = doc("003_");
    assert_eq!(d["doc_type"], "inspection_letter");
    assert_eq!(d["local_authority"], "Camden");
    assert_eq!(d["document_date"], "2010-12-08");
    let i = primary_inspection("003_");
    assert_eq!(i["framework"], "unannounced_cra");
    assert_eq!(i["start_date"], "2010-11-09");
    assert_eq!(i["end_date"], "2010-11-10");
    assert_eq!(i["lead_inspector"], "Ian Young");
    assert!(judgements_of(&d["doc_id"], &i["inspection_id"]).is_empty());
    let f: Vec<_> = table("findings")
        .into_iter()
        .filter(|f| f["doc_id"] == d["doc_id"])
        .collect();
    let count = |k: &str| f.iter().filter(|x| x["kind"] == k).count();
    assert_eq!(count("strength"), 2);
    assert_eq!(count("area_for_development"), 1);
    // The supplied text lists 12 "- " items and one whose bullet glyph was lost
    // (" Supervision is regular ...") under "meets the requirements": 13 items. (The issue
    // text says 10; no reading of the supplied letter gives 10.)
    assert_eq!(count("meets_requirements"), 13);
    let first = f
        .iter()
        .find(|x| x["kind"] == "strength" && x["seq"] == "1")
        .unwrap();
    assert!(
        first["text"].contains("joint working between the two services"),
        "{}",
        first["text"]
    );
    let names: Vec<_> = table("people")
        .into_iter()
        .filter(|p| p["doc_id"] == d["doc_id"])
        .map(|p| p["name"].clone())
        .collect();
    for n in [
        "Ann Baxter",
        "Moira Gibb",
        "Dominic Clout",
        "Heather Johnson",
        "Andrew Spencer",
    ] {
        assert!(names.iter().any(|x| x == n), "{n} missing from {names:?}");
    }
}

#[test]
fn city_of_london_2020_damaged_report() {
    let d = doc("004_");
    assert_eq!(d["doc_type"], "inspection_report");
    assert_eq!(d["local_authority"], "City of London");
    assert_eq!(d["la_gss_code"], "E09000001");
    assert_eq!(d["la_dfe_code"], "201");
    let i = primary_inspection("004_");
    assert_eq!(i["framework"], "ilacs");
    assert_eq!(i["inspection_type"], "short");
    assert_eq!(i["type_basis"], "inferred_from_duration");
    assert_eq!(i["start_date"], "2020-03-02");
    assert_eq!(i["end_date"], "2020-03-06");
    assert_eq!(i["lead_inspector"], "Matt Reed");
    assert_eq!(
        judgements_of(&d["doc_id"], &i["inspection_id"]),
        pairs(&[
            ("impact_of_leaders", "outstanding"),
            ("help_and_protection", "good"),
            ("children_in_care_and_care_leavers", "outstanding"),
            ("overall_effectiveness", "outstanding"),
        ])
    );
    let improvements = table("findings")
        .into_iter()
        .filter(|f| f["doc_id"] == d["doc_id"] && f["kind"] == "improvement")
        .count();
    assert_eq!(improvements, 2);
}

/// The supplied `data/004` is intact (paragraphs 1-37, no marker), although the issue
/// describes it as damaged; the damage case is therefore built here: a truncation marker
/// swallows the start of paragraph 13, as happens in real scraped text.
#[test]
fn damaged_copy_gets_damage_and_numbering_notes() {
    let text = std::fs::read_to_string(root().join("data/004_c570fd68abfb28e6.txt")).unwrap();
    let para13 = "13. The overwhelming majority of children's plans";
    assert!(text.contains(para13));
    let damaged = text.replace(para13, "< truncated 42 characters >n's plans");
    let d = tempfile::tempdir().unwrap();
    let (input, out) = (d.path().join("in"), d.path().join("out"));
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("damaged.txt"), damaged).unwrap();
    let o = run_pipeline(&input, &out, &["--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let q = read_table(&out, "quality");
    let marker = q
        .iter()
        .find(|q| q["code"] == "damage_marker")
        .expect("damage note");
    assert_eq!(marker["severity"], "error");
    let text = &read_table(&out, "texts")[0]["text"];
    let chars: Vec<char> = text.chars().collect();
    let (s, e): (usize, usize) = (
        marker["char_start"].parse().unwrap(),
        marker["char_end"].parse().unwrap(),
    );
    assert!(chars[s..e].iter().collect::<String>().contains("truncated"));
    assert!(
        q.iter()
            .any(|q| q["code"] == "paragraph_number_gap" && q["message"].contains("13")),
        "{q:?}"
    );
    // the facts around the damage are still read
    let i = &read_table(&out, "inspections")[0];
    assert_eq!(i["start_date"], "2020-03-02");
    assert_eq!(i["lead_inspector"], "Matt Reed");
}

#[test]
fn spans_point_at_their_evidence() {
    // Every span of every table lies inside its document's text, and judgement evidence
    // contains the printed grade.
    let texts: std::collections::HashMap<String, Vec<char>> = table("texts")
        .into_iter()
        .map(|t| (t["doc_id"].clone(), t["text"].chars().collect()))
        .collect();
    for name in [
        "judgements",
        "findings",
        "paragraphs",
        "people",
        "acronyms",
        "provenance",
    ] {
        for r in table(name) {
            let t = &texts[&r["doc_id"]];
            let (s, e): (usize, usize) = (
                r["char_start"].parse().unwrap(),
                r["char_end"].parse().unwrap(),
            );
            assert!(
                s <= e && e <= t.len(),
                "{name}: span {s}..{e} outside text of {}",
                r["doc_id"]
            );
        }
    }
    for j in table("judgements") {
        let t = &texts[&j["doc_id"]];
        let (s, e): (usize, usize) = (
            j["char_start"].parse().unwrap(),
            j["char_end"].parse().unwrap(),
        );
        let ev: String = t[s..e].iter().collect();
        assert!(
            ev.to_lowercase()
                .contains(&j["grade_verbatim"].to_lowercase()),
            "evidence {ev:?} lacks {:?}",
            j["grade_verbatim"]
        );
    }
    let doc3 = doc_id("003_");
    assert!(texts_contains(&doc3, "joint working"));
}

fn texts_contains(doc: &str, s: &str) -> bool {
    texts(doc).contains(s)
}

#[test]
fn tables_from_more_than_one_document() {
    for name in [
        "documents",
        "texts",
        "judgements",
        "findings",
        "paragraphs",
        "people",
        "acronyms",
    ] {
        let docs: std::collections::BTreeSet<_> = table(name)
            .into_iter()
            .map(|r| r["doc_id"].clone())
            .collect();
        assert!(
            docs.len() > 1,
            "{name} has rows from {} document(s)",
            docs.len()
        );
    }
}
