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
    // one 2025 inspection (the previous one, of 2019, is a separate `mentions` event)
    let rutland: Vec<_> = table("inspections")
        .into_iter()
        .filter(|i| {
            i["local_authority"] == "Rutland"
                && i["framework"] == "ilacs"
                && (i["start_date"].starts_with("2025") || i["period"].starts_with("2025"))
        })
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
#[ignore = "needs ../shared"]
fn negatives_make_no_inspection() {
    let shared = need_shared();
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

/// What one of our own secondary documents should give: its type, authority, the
/// inspection it reports on (framework and start date or period) and the grades it states
/// of that inspection; `earlier` are grades it states of another inspection (by period),
/// which may be recorded there or dropped, never put on the reported one.
struct Expect {
    prefix: &'static str,
    doc_type: &'static str,
    la: &'static str,
    link: Option<(&'static str, &'static str)>,
    grades: &'static [(&'static str, &'static str)],
    earlier: &'static [(&'static str, &'static str, &'static str)],
}

const OE: &str = "overall_effectiveness";
const RI: &str = "requires_improvement";

#[rustfmt::skip]
const EXPECT: &[Expect] = &[
    Expect { prefix: "02_", doc_type: "committee_report", la: "Rutland", link: Some(("ilacs", "2025-02-10")),
        grades: &[(OE, "good"), ("impact_of_leaders", "good"), ("care_leavers", "good"), ("children_in_care", RI)],
        earlier: &[(OE, RI, "2019")] },
    Expect { prefix: "03_", doc_type: "news_article", la: "Rutland", link: Some(("ilacs", "2025-02-10")),
        grades: &[(OE, "good"), ("care_leavers", "good")], earlier: &[] },
    Expect { prefix: "04_", doc_type: "news_article", la: "Torbay", link: Some(("sif", "2013-01-14")),
        grades: &[(OE, "inadequate"), ("leadership_management_governance", "inadequate"), ("adoption", RI)], earlier: &[] },
    Expect { prefix: "05_", doc_type: "committee_report", la: "Torbay", link: Some(("sif", "2013-01-14")),
        grades: &[(OE, "inadequate")], earlier: &[] },
    Expect { prefix: "06_", doc_type: "committee_report", la: "Halton", link: Some(("focused_visit", "2019-07-30")),
        grades: &[], earlier: &[(OE, RI, "2017")] },
    Expect { prefix: "07_", doc_type: "committee_report", la: "", link: None, grades: &[], earlier: &[] },
    Expect { prefix: "08_", doc_type: "committee_report", la: "", link: None, grades: &[], earlier: &[] },
    Expect { prefix: "09_", doc_type: "other", la: "", link: None, grades: &[], earlier: &[] },
    Expect { prefix: "10_", doc_type: "news_article", la: "Stockport", link: Some(("jtai", "2024-03-04")), grades: &[], earlier: &[] },
    Expect { prefix: "11_", doc_type: "committee_report", la: "Walsall", link: Some(("focused_visit", "2019-03-05")),
        grades: &[], earlier: &[(OE, RI, "2017-04-03")] },
    Expect { prefix: "12_", doc_type: "news_article", la: "Devon", link: Some(("monitoring_visit", "2024-03")),
        grades: &[], earlier: &[(OE, "inadequate", "2020")] },
    Expect { prefix: "13_", doc_type: "news_article", la: "Cumbria", link: Some(("safeguarding_and_lac", "2010-03-08")),
        grades: &[(OE, "adequate")], earlier: &[] },
    Expect { prefix: "14_", doc_type: "news_article", la: "Wiltshire", link: Some(("unannounced_cra", "2009-11")), grades: &[], earlier: &[] },
    Expect { prefix: "15_", doc_type: "news_article", la: "Sefton", link: Some(("sif", "2016-07")),
        grades: &[(OE, RI), ("adoption", "good"), ("care_leavers", RI)], earlier: &[] },
    Expect { prefix: "16_", doc_type: "news_article", la: "Bury", link: Some(("ilacs", "2023-05-15")),
        grades: &[(OE, "good"), ("children_in_care", "good"), ("impact_of_leaders", "good")], earlier: &[(OE, "inadequate", "2021")] },
    Expect { prefix: "17_", doc_type: "committee_report", la: "Bradford", link: Some(("monitoring_visit", "2019-10-02")),
        grades: &[], earlier: &[(OE, "inadequate", "2018")] },
    Expect { prefix: "18_", doc_type: "committee_report", la: "Sutton", link: Some(("focused_visit", "2019-12-10")), grades: &[], earlier: &[] },
    Expect { prefix: "19_", doc_type: "news_article", la: "Sutton", link: Some(("focused_visit", "2019-12-10")), grades: &[], earlier: &[] },
    Expect { prefix: "20_", doc_type: "news_article", la: "Slough", link: None, grades: &[], earlier: &[] },
    Expect { prefix: "21_", doc_type: "committee_report", la: "Wirral", link: Some(("jtai", "2022-05-09")), grades: &[], earlier: &[] },
    Expect { prefix: "22_", doc_type: "committee_report", la: "Swindon", link: Some(("ilacs", "2022-01-10")),
        grades: &[(OE, RI), ("impact_of_leaders", RI), ("help_and_protection", "good"), ("children_in_care", RI), ("care_leavers", "good")], earlier: &[] },
    Expect { prefix: "23_", doc_type: "news_article", la: "Wokingham", link: Some(("lac_only", "2012-06")),
        grades: &[(OE, "good"), ("capacity_for_improvement", "good")], earlier: &[] },
    Expect { prefix: "24_", doc_type: "news_article", la: "Salford", link: Some(("ilacs", "2024-06")),
        grades: &[(OE, "good")], earlier: &[(OE, RI, "2019")] },
    Expect { prefix: "25_", doc_type: "committee_report", la: "Peterborough", link: Some(("ilacs", "2019-01")),
        grades: &[(OE, "good")], earlier: &[] },
    Expect { prefix: "26_", doc_type: "news_article", la: "Kirklees", link: Some(("sif", "2016-10")),
        grades: &[(OE, "inadequate"), ("care_leavers", RI)], earlier: &[] },
];

/// The inspection a document reports on, if exactly one.
fn reported_opt(prefix: &str) -> Option<RowMap> {
    let d = doc(prefix);
    let on: Vec<_> = links_of(&d["doc_id"])
        .into_iter()
        .filter(|l| l["relation"] == "reports_on")
        .collect();
    match on.as_slice() {
        [l] => Some(inspection(&l["inspection_id"])),
        _ => None,
    }
}

/// Scores every own secondary document against [`EXPECT`] and prints the counts: document
/// type, authority, the reported inspection (framework and date or period), grade
/// precision and recall. Authority must be perfect, type and grade precision ≥ 95%, links
/// ≥ 90% (the targets).
#[test]
fn own_documents_scorecard() {
    let (mut ty, mut la, mut link, mut g_ok, mut g_found, mut g_recall, mut g_expected) =
        (0, 0, 0, 0, 0, 0, 0);
    let mut misses = Vec::new();
    for e in EXPECT {
        let d = doc(e.prefix);
        if d["doc_type"] == e.doc_type {
            ty += 1;
        } else {
            misses.push(format!("{} type {}", e.prefix, d["doc_type"]));
        }
        if d["local_authority"] == e.la {
            la += 1;
        } else {
            misses.push(format!("{} la {}", e.prefix, d["local_authority"]));
        }
        let got = reported_opt(e.prefix);
        let link_ok = match (&got, e.link) {
            (None, None) => links_of(&d["doc_id"]).is_empty(),
            (Some(i), Some((fw, date))) => {
                i["framework"] == fw
                    && i["local_authority"] == e.la
                    && (i["start_date"] == date || i["period"] == date)
            }
            _ => false,
        };
        if link_ok {
            link += 1;
        } else {
            misses.push(format!(
                "{} link {:?}",
                e.prefix,
                got.as_ref()
                    .map(|i| (&i["framework"], &i["start_date"], &i["period"]))
            ));
        }
        let reported_id = got.as_ref().map(|i| i["inspection_id"].clone());
        for j in table("judgements")
            .into_iter()
            .filter(|j| j["doc_id"] == d["doc_id"])
        {
            g_found += 1;
            let pair = (j["area"].as_str(), j["grade"].as_str());
            let on_reported = Some(&j["inspection_id"]) == reported_id.as_ref();
            let ok = if on_reported && link_ok {
                e.grades.contains(&pair)
            } else {
                let i = inspection(&j["inspection_id"]);
                e.earlier.iter().any(|&(a, g, when)| {
                    (a, g) == pair && (i["period"] == when || i["start_date"] == when)
                })
            };
            if ok {
                g_ok += 1;
            } else {
                misses.push(format!(
                    "{} grade {pair:?} on {}",
                    e.prefix, j["inspection_id"]
                ));
            }
            if ok && on_reported {
                g_recall += 1;
            }
        }
        g_expected += e.grades.len();
    }
    let n = EXPECT.len();
    println!(
        "own secondary documents: {n}; type {ty}/{n}; authority {la}/{n}; reported inspection {link}/{n}; grades correct {g_ok}/{g_found}; grades found {g_recall}/{g_expected}"
    );
    for m in &misses {
        println!("  miss: {m}");
    }
    assert!(ty * 100 >= n * 95, "{misses:?}");
    assert_eq!(la, n, "{misses:?}");
    assert!(g_ok * 100 >= g_found * 95, "{misses:?}");
    assert!(link * 10 >= n * 9, "{misses:?}");
}

/// Committee reports and minutes name their committee from the heading (with its span
/// in `provenance`); other documents have none.
#[test]
fn committee_from_the_heading() {
    for (prefix, want) in [
        ("02_", "Children and Young People Scrutiny Panel"),
        ("05_", "Children's Services Overview and Scrutiny Board"),
        (
            "06_",
            "Children, Young People and Families Policy and Performance Board",
        ),
        ("08_", "Cabinet"),
        ("17_", "Children's Services Scrutiny Committee"),
        ("21_", "Health and Wellbeing Board"),
        ("22_", "Cabinet"),
        ("25_", "Children's Overview and Scrutiny Committee"),
    ] {
        let d = doc(prefix);
        assert_eq!(d["committee"], want, "{prefix}");
        let prov: Vec<_> = table("provenance")
            .into_iter()
            .filter(|p| p["doc_id"] == d["doc_id"] && p["field"] == "committee")
            .collect();
        assert_eq!(prov.len(), 1, "{prefix}");
        assert_eq!(prov[0]["value"], want);
        let text = &table("texts")
            .into_iter()
            .find(|t| t["doc_id"] == d["doc_id"])
            .unwrap()["text"];
        let (a, b): (usize, usize) = (
            prov[0]["char_start"].parse().unwrap(),
            prov[0]["char_end"].parse().unwrap(),
        );
        let got: String = text.chars().skip(a).take(b - a).collect();
        assert_eq!(got, want, "{prefix}");
    }
    for prefix in ["03_", "04_", "09_", "10_", "12_"] {
        assert_eq!(doc(prefix)["committee"], "", "{prefix}");
    }
}

/// Minutes without a meeting date: `document_date` stays null, never the date of the
/// letter they quote or of its publication.
#[test]
fn minutes_without_meeting_date_have_no_document_date() {
    assert_eq!(doc("18_")["document_date"], "");
    assert_eq!(doc("11_")["document_date"], "");
    assert_eq!(doc("17_")["document_date"], "2019-11-12");
    assert_eq!(doc("25_")["document_date"], "2019-03-14");
}

/// An undated mention that names only a framework joins the one compatible inspection of
/// its authority ("a focused visit to Sutton" → the visit of 18_); the visit a page
/// reports on ("the recent monitoring visit" in Slough, the story's subject) is an
/// inspection of its own, undated, with an info row.
#[test]
fn undated_framework_only_mentions() {
    let (a, _) = reported("18_");
    let (b, lb) = reported("19_");
    assert_eq!(a["inspection_id"], b["inspection_id"]);
    assert_eq!(lb["match_basis"], "la_and_framework");
    let slough = doc("20_");
    let (i, l) = reported("20_");
    assert_eq!(links_of(&slough["doc_id"]).len(), 1);
    assert_eq!(l["match_basis"], "secondary_evidence");
    assert_eq!(
        (
            i["local_authority"].as_str(),
            i["framework"].as_str(),
            i["start_date"].as_str(),
            i["period"].as_str(),
            i["evidence"].as_str()
        ),
        ("Slough", "monitoring_visit", "", "", "secondary_only")
    );
    assert!(
        table("quality")
            .iter()
            .any(|q| q["doc_id"] == slough["doc_id"]
                && q["code"] == "undated_subject_inspection"
                && q["severity"] == "info")
    );
}

/// Grades in sentences that name no judgement: the authority's services as a whole give
/// the overall grade (secondary); a school's grade and an earlier inspection's never land
/// on the reported inspection.
#[test]
fn grades_of_the_whole_authority() {
    let (i, _) = reported("24_");
    let d = doc("24_");
    assert_eq!(
        grades(&d["doc_id"], &i["inspection_id"]),
        vec![(OE.to_owned(), "good".to_owned())]
    );
    let js: Vec<_> = table("judgements")
        .into_iter()
        .filter(|j| j["doc_id"] == d["doc_id"])
        .collect();
    assert!(js.iter().all(|j| j["is_primary"] == "false"));
    assert!(js.iter().all(|j| j["grade"] != "outstanding"), "{js:?}");
    let (k, _) = reported("26_");
    let kd = doc("26_");
    assert!(
        grades(&kd["doc_id"], &k["inspection_id"])
            .contains(&(OE.to_owned(), "inadequate".to_owned()))
    );
}
