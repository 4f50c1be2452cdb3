use super::*;
use ofsted_model::vocab::Grade;
use std::path::PathBuf;

fn la() -> Spanned<LaRef> {
    Spanned {
        value: LaRef {
            name: "Barset".into(),
            gss: None,
            dfe: None,
            urn: None,
        },
        start: 0,
        end: 6,
    }
}

fn grades_of(m: &InspectionMention) -> Vec<(&str, Grade, JudgementSource)> {
    let mut v: Vec<(&str, Grade, JudgementSource)> = m
        .judgements
        .iter()
        .map(|j| (j.area.fixed().unwrap_or("other"), j.grade, j.source))
        .collect();
    v.sort_by_key(|x| x.0);
    v
}

/// The mentions of news text about Barset, with no document date of its own.
fn news_mentions(text: &str) -> (Vec<InspectionMention>, Vec<Note>) {
    find_mentions(
        &CleanDoc::from_text(text),
        DocType::NewsArticle,
        Some(&la()),
        None,
    )
}

/// The mention that news text about Barset reports on.
fn subject_of(text: &str) -> InspectionMention {
    let (ms, _) = news_mentions(text);
    let subject = ms.iter().find(|m| m.relation == Relation::ReportsOn);
    subject
        .cloned()
        .unwrap_or_else(|| panic!("no subject: {ms:?}"))
}

const NEWS: &str = "Leadership at Barset is judged as outstanding by Ofsted

Ofsted has praised children’s services in Barset, rating them overall as good.

An inspection of the council rated leadership, management and governance and adoption services as outstanding while child protection, children requiring permanence and care leavers services were rated as good.

“Leaders think deeply,” said the report.

Adoption performance is outstanding, inspectors said. Services to care leavers are good and they live in safe, good-quality accommodation.

Barset inspection report available here";

#[test]
fn news_article_undated_sif() {
    let (ms, _) = news_mentions(NEWS);
    assert_eq!(ms.len(), 1);
    let m = ms.first().cloned().unwrap_or_else(|| panic!("no mention"));
    assert!(!m.is_primary);
    assert_eq!(m.framework.value, Framework::Sif);
    assert!(m.start.is_none() && m.end.is_none() && m.period.is_none());
    assert_eq!(m.la.as_ref().map(|l| l.value.name.as_str()), Some("Barset"));
    let p = JudgementSource::Prose;
    assert_eq!(
        grades_of(&m),
        vec![
            ("adoption", Grade::Outstanding, p),
            ("care_leavers", Grade::Good, p),
            ("help_and_protection", Grade::Good, p),
            ("leadership_management_governance", Grade::Outstanding, p),
            ("looked_after_and_permanence", Grade::Good, p),
            ("overall_effectiveness", Grade::Good, p),
        ]
    );
    for j in &m.judgements {
        assert!(
            NEWS.get(j.start..j.end)
                .is_some_and(|s| s.ends_with(j.grade_verbatim.as_str()))
        );
    }
}

const COMMITTEE: &str = "BARSET COUNCIL\tWARDS: ALL
REPORT TITLE Ofsted Inspection of Children's Services in Barset\t
FOR SUBMISSION TO Scrutiny Committee\tDATE 23rd June 2025
<p>SUMMARY OF REPORT</p> <p>An Ofsted Inspection of Local Authority Children's Services (ILACS) short inspection of Barset was carried out in March 2025, with the final report published in April 2025 confirming that Barset Children's Services are judged to be Outstanding.</p> <p>After a short inspection local authorities are expected to write an action plan.</p>\t

Date: 11th June 2025

1. Purpose of Report

1.1. This report gives an overview of the Ofsted inspection of local authority children's services (ILACS) which took place in Barset in March 2025.

2. Background

2.1. The ILACS framework focuses on four areas of judgement which include:

- help and protection for children.
- the experiences and progress of care leavers.

2.2. Ofsted inspect local authorities based on their most recent inspection judgement, with local authorities judged to be good or outstanding at their most recent inspection usually receiving a short inspection.

2.3. Barset’s last short inspection took place in 2022 where the overall effectiveness of services was judged to be ‘outstanding’. At this inspection ‘the experiences and progress of children who need help and protection’ were judged to be ‘good’ and two areas for improvement were recommended.

2.4. In between inspections, the local authority will usually receive one focused visit or a Joint Targeted Area Inspection. Barset received a focused visit in October 2023 where inspectors looked at children in need.

2.5. Since Barset’s last short inspection in 2022 there have been some changes to the framework.

3. Inspection Findings and Judgement

3.1. The inspection report published in April 2025, confirmed the overall effectiveness of children’s services in Barset as ‘outstanding’. A summary of the judgements is in the table below.

Judgement\tGrade
The impact of leaders on social work practice with children and families\tOutstanding
The experiences and progress of children who need help and protection\tOutstanding
The experiences and progress of children in care\tOutstanding
The experiences and progress of care leavers\tOutstanding
Overall effectiveness\tOutstanding

3.2. Inspectors found that children continue to receive excellent support since the last inspection in 2022.

3.3. Inspectors identified that the previously ‘good’ services to children in need of help and protection are now even stronger.

4. Next Steps

4.1. An update will be shared with the Committee in September 2025.
";

#[test]
fn committee_three_mentions() {
    let (ms, _) = find_mentions(
        &CleanDoc::from_text(COMMITTEE),
        DocType::CommitteeReport,
        Some(&la()),
        None,
    );
    let summary: Vec<(Framework, Option<InspectionType>, Option<&str>)> = ms
        .iter()
        .map(|m| {
            (
                m.framework.value,
                m.inspection_type,
                m.period.as_ref().map(|p| p.value.as_str()),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                Framework::Ilacs,
                Some(InspectionType::Short),
                Some("2025-03")
            ),
            (Framework::Ilacs, Some(InspectionType::Short), Some("2022")),
            (Framework::FocusedVisit, None, Some("2023-10")),
        ]
    );
    let t = JudgementSource::Table;
    let first = ms.first().map(grades_of).unwrap_or_default();
    assert_eq!(
        first,
        vec![
            ("care_leavers", Grade::Outstanding, t),
            ("children_in_care", Grade::Outstanding, t),
            ("help_and_protection", Grade::Outstanding, t),
            ("impact_of_leaders", Grade::Outstanding, t),
            ("overall_effectiveness", Grade::Outstanding, t),
        ]
    );
    assert_eq!(
        ms.first().and_then(|m| m.type_basis),
        Some(TypeBasis::Stated)
    );
    let s = JudgementSource::Statement;
    assert_eq!(
        ms.get(1).map(grades_of).unwrap_or_default(),
        vec![
            ("help_and_protection", Grade::Good, s),
            ("overall_effectiveness", Grade::Outstanding, s),
        ]
    );
    assert!(ms.get(2).is_some_and(|m| m.judgements.is_empty()));
    let ev: Vec<&str> = ms
        .get(1)
        .map(|m| {
            m.judgements
                .iter()
                .filter_map(|j| COMMITTEE.get(j.start..j.end))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        ev,
        vec![
            "overall effectiveness of services was judged to be ‘outstanding’",
            "the experiences and progress of children who need help and protection’ were judged to be ‘good’"
        ]
    );
    assert!(ms.iter().all(|m| m.start.is_none() && !m.is_primary));
}

#[test]
fn committee_document_date() {
    let d = document_date(&CleanDoc::from_text(COMMITTEE), DocType::CommitteeReport);
    assert_eq!(
        d.as_ref().map(|d| d.value),
        NaiveDate::from_ymd_opt(2025, 6, 23)
    );
    let d = d.unwrap_or_else(|| panic!("no date"));
    assert_eq!(COMMITTEE.get(d.start..d.end), Some("23rd June 2025"));
    let t = "Agenda item 5\nCabinet\nDate of meeting: 4 March 2019\nDate: 1 February 2019\n";
    assert_eq!(
        document_date(&CleanDoc::from_text(t), DocType::CommitteeReport).map(|d| d.value),
        NaiveDate::from_ymd_opt(2019, 3, 4)
    );
    let n = "Barset children's services rated good\n\n12 May 2016\n\nOfsted has praised...";
    assert_eq!(
        document_date(&CleanDoc::from_text(n), DocType::NewsArticle).map(|d| d.value),
        NaiveDate::from_ymd_opt(2016, 5, 12)
    );
    assert_eq!(
        document_date(
            &CleanDoc::from_text("Nothing dated here."),
            DocType::NewsArticle
        ),
        None
    );
}

#[test]
fn exact_dates_and_jtai() {
    let t = "Ofsted carried out a joint targeted area inspection in Barset between 4 and 8 March 2019. Inspectors found strong partnership working.\n\nA monitoring visit on 12 June 2020 looked at care leavers.";
    let (ms, _) = find_mentions(
        &CleanDoc::from_text(t),
        DocType::CommitteeReport,
        None,
        None,
    );
    assert_eq!(ms.len(), 2);
    let a = ms.first().unwrap_or_else(|| panic!("none"));
    assert_eq!(a.framework.value, Framework::Jtai);
    assert_eq!(
        a.start.as_ref().map(|d| d.value),
        NaiveDate::from_ymd_opt(2019, 3, 4)
    );
    assert_eq!(
        a.end.as_ref().map(|d| d.value),
        NaiveDate::from_ymd_opt(2019, 3, 8)
    );
    assert!(a.period.is_none());
    let b = ms.get(1).unwrap_or_else(|| panic!("none"));
    assert_eq!(b.framework.value, Framework::MonitoringVisit);
    assert_eq!(
        b.start.as_ref().map(|d| d.value),
        NaiveDate::from_ymd_opt(2020, 6, 12)
    );
}

#[test]
fn generic_talk_makes_no_mentions() {
    let t = "Local authorities judged to be good or outstanding usually receive a short inspection every three years. In between inspections, the local authority will usually receive one focused visit. The ILACS framework focuses on four areas.";
    let (ms, _) = find_mentions(
        &CleanDoc::from_text(t),
        DocType::CommitteeReport,
        None,
        None,
    );
    assert!(ms.is_empty(), "{ms:?}");
}

#[test]
fn future_and_publication_dates_are_not_inspection_dates() {
    let t = "The next inspection will take place in 2026. The report was published in May 2024.";
    let (ms, _) = find_mentions(
        &CleanDoc::from_text(t),
        DocType::CommitteeReport,
        None,
        None,
    );
    assert!(ms.is_empty(), "{ms:?}");
}

#[test]
fn reports_and_letters_get_no_secondary_mentions() {
    for ty in [DocType::InspectionReport, DocType::InspectionLetter] {
        let (ms, _) = find_mentions(&CleanDoc::from_text(NEWS), ty, None, None);
        assert!(ms.is_empty());
    }
}

#[test]
fn conflicting_grades_are_noted() {
    let t = "The inspection of children's services in May 2019 judged adoption performance to be good. Adoption performance was rated inadequate by inspectors in that inspection.";
    let (ms, notes) = find_mentions(&CleanDoc::from_text(t), DocType::NewsArticle, None, None);
    assert_eq!(ms.len(), 1);
    assert!(
        notes.iter().any(|n| n.code == "grade_conflict"),
        "{notes:?}"
    );
}

proptest::proptest! {
    #[test]
    fn never_panics(s in "\\PC{0,500}") {
        let d = CleanDoc::from_text(&s);
        for ty in [DocType::CommitteeReport, DocType::NewsArticle, DocType::Other] {
            let (ms, _) = find_mentions(&d, ty, None, None);
            for m in ms {
                for j in m.judgements {
                    proptest::prop_assert!(s.get(j.start..j.end).is_some());
                }
            }
        }
        let _ = document_date(&d, DocType::CommitteeReport);
        let _ = document_date(&d, DocType::NewsArticle);
        let _ = committee::committee(&s);
    }

    #[test]
    fn never_panics_vocab(s in "(inspection|focused visit|in March 2025|in 2022|rated|as|good|outstanding|care leavers|adoption|judged to be|‘|’|\\.|,| |\n|\t|é){0,60}") {
        let d = CleanDoc::from_text(&s);
        let (ms, _) = find_mentions(&d, DocType::CommitteeReport, None, None);
        for m in ms {
            for j in m.judgements {
                proptest::prop_assert!(s.get(j.start..j.end).is_some());
            }
        }
    }
}

fn seed(prefix: &str) -> Option<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let rd = std::fs::read_dir(dir).ok()?;
    let p = rd.filter_map(|e| e.ok().map(|e| e.path())).find(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".txt"))
    })?;
    std::fs::read_to_string(p).ok()
}

fn cleaned(raw: &str) -> CleanDoc {
    ofsted_extract::clean_text(raw, &ofsted_extract::ExtractOptions::default())
}

#[test]
fn seed_news_and_committee() {
    let (news, comm) = (
        seed("001_").expect("data/ is part of the repository"),
        seed("002_").expect("data/ is part of the repository"),
    );
    for d in [CleanDoc::from_text(&news), cleaned(&news)] {
        let (ms, _) = find_mentions(&d, DocType::NewsArticle, None, None);
        assert_eq!(ms.len(), 1, "{ms:#?}");
        let m = ms.first().cloned().unwrap_or_else(|| panic!("no mention"));
        assert_eq!(m.framework.value, Framework::Sif);
        assert!(m.start.is_none() && m.end.is_none() && m.period.is_none());
        let p = JudgementSource::Prose;
        assert_eq!(
            grades_of(&m),
            vec![
                ("adoption", Grade::Outstanding, p),
                ("care_leavers", Grade::Good, p),
                ("help_and_protection", Grade::Good, p),
                ("leadership_management_governance", Grade::Outstanding, p),
                ("looked_after_and_permanence", Grade::Good, p),
                ("overall_effectiveness", Grade::Good, p),
            ]
        );
    }
    for d in [CleanDoc::from_text(&comm), cleaned(&comm)] {
        let (ms, _) = find_mentions(&d, DocType::CommitteeReport, None, None);
        let got: Vec<(Framework, Option<InspectionType>, Option<&str>, usize)> = ms
            .iter()
            .map(|m| {
                (
                    m.framework.value,
                    m.inspection_type,
                    m.period.as_ref().map(|p| p.value.as_str()),
                    m.judgements.len(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    Framework::Ilacs,
                    Some(InspectionType::Short),
                    Some("2025-03"),
                    5
                ),
                (
                    Framework::Ilacs,
                    Some(InspectionType::Short),
                    Some("2022"),
                    2
                ),
                (Framework::FocusedVisit, None, Some("2023-10"), 0),
            ],
            "{ms:#?}"
        );
        assert!(ms.first().is_some_and(|m| {
            m.judgements
                .iter()
                .all(|j| j.source == JudgementSource::Table && j.grade == Grade::Outstanding)
        }));
        let date = document_date(&d, DocType::CommitteeReport);
        assert_eq!(
            date.as_ref().map(|x| x.value),
            NaiveDate::from_ymd_opt(2025, 6, 23)
        );
    }
}

#[test]
fn sif_committee_table_and_statement() {
    let t = "Purpose of Report\n\n1.1 The Ofsted inspection of children's services took place between 2 and 25 February 2016. Children's services in Barset were judged to require improvement to be good.\n\n1.2 The judgements were:\n\nChildren who need help and protection\tRequires improvement\nChildren looked after and achieving permanence\tGood\nAdoption performance\tGood\nLeadership, management and governance\tRequires improvement to be good\n\n1.3 The next inspection is expected in 2019.";
    let (ms, _) = find_mentions(
        &CleanDoc::from_text(t),
        DocType::CommitteeReport,
        None,
        None,
    );
    assert_eq!(ms.len(), 1, "{ms:#?}");
    let m = ms.first().cloned().unwrap_or_else(|| panic!("none"));
    assert_eq!(m.framework.value, Framework::Sif);
    assert_eq!(
        m.start.as_ref().map(|d| d.value),
        NaiveDate::from_ymd_opt(2016, 2, 2)
    );
    assert_eq!(
        m.end.as_ref().map(|d| d.value),
        NaiveDate::from_ymd_opt(2016, 2, 25)
    );
    let got: Vec<(&str, Grade)> = grades_of(&m).into_iter().map(|x| (x.0, x.1)).collect();
    assert_eq!(
        got,
        vec![
            ("adoption", Grade::Good),
            ("help_and_protection", Grade::RequiresImprovement),
            (
                "leadership_management_governance",
                Grade::RequiresImprovement
            ),
            ("looked_after_and_permanence", Grade::Good),
            ("overall_effectiveness", Grade::RequiresImprovement),
        ]
    );
}

#[test]
fn looked_after_services_grade_is_the_lac_inspections_overall_judgement() {
    use crate::areas::AreaWord;
    assert_eq!(
        area_key(AreaWord::InCare, Framework::LacOnly, true, None),
        Area::OverallEffectiveness
    );
    assert_eq!(
        area_key(AreaWord::InCare, Framework::SafeguardingAndLac, true, None),
        Area::LookedAfterAndPermanence
    );
    assert_eq!(
        area_key(AreaWord::Capacity, Framework::LacOnly, true, None),
        Area::CapacityForImprovement
    );
}

fn day(y: i32, m: u32, d: u32) -> Spanned<NaiveDate> {
    Spanned {
        value: NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default(),
        start: 0,
        end: 0,
    }
}

fn reports_on(ms: &[InspectionMention]) -> Vec<(Framework, Option<String>, Option<NaiveDate>)> {
    ms.iter()
        .filter(|m| m.relation == Relation::ReportsOn)
        .map(|m| {
            (
                m.framework.value,
                m.period.as_ref().map(|p| p.value.clone()),
                m.start.as_ref().map(|d| d.value),
            )
        })
        .collect()
}

/// Regression (real news pages): the story is about the latest inspection it dates; one
/// counted from ("since its 'inadequate' judgement in September 2017") is an earlier one.
#[test]
fn the_latest_dated_inspection_is_the_subject() {
    let t = "Barset children's services show improvement\n\nDuring an Ofsted inspection in March 2023, inspectors raised serious concerns.\n\nA monitoring inspection took place in March 2025, and children are no longer at risk.";
    let (ms, _) = news_mentions(t);
    assert_eq!(
        reports_on(&ms),
        vec![(Framework::MonitoringVisit, Some("2025-03".to_owned()), None)],
        "{ms:#?}"
    );
    let t = "Ofsted rated the council's children's services as good.\n\nInspectors found the service transformed since its inadequate judgement in September 2017.";
    let (ms, _) = find_mentions(
        &CleanDoc::from_text(t),
        DocType::NewsArticle,
        Some(&la()),
        Some(&day(2020, 3, 16)),
    );
    assert_eq!(
        reports_on(&ms),
        vec![(Framework::Ilacs, Some("2020".to_owned()), None)],
        "{ms:#?}"
    );
}

/// Regression: a yearless month or range takes its year from the document's date, and
/// the document's own date is not an inspection date.
#[test]
fn yearless_dates_and_the_documents_own_date() {
    let t = "date 2016-08-17 Barset County Council's children's services require improvement, according to Ofsted.\n\nThe last time the department was inspected in 2014, it was rated inadequate.\n\nInspectors who visited the authority in July say there has been progress.";
    let dd = Spanned {
        value: NaiveDate::from_ymd_opt(2016, 8, 17).unwrap_or_default(),
        start: 5,
        end: 15,
    };
    let (ms, _) = find_mentions(
        &CleanDoc::from_text(t),
        DocType::NewsArticle,
        Some(&la()),
        Some(&dd),
    );
    assert_eq!(
        reports_on(&ms),
        vec![(Framework::Sif, Some("2016-07".to_owned()), None)],
        "{ms:#?}"
    );
}

/// Regression: the opening names the kind ("Monitoring Letter"), a later sentence the date.
#[test]
fn an_opening_kind_names_the_dated_visit() {
    let t = "Barset Council acknowledges the findings of the Ofsted Monitoring Letter on its children's services\n\nBarset Council accepts the findings of the letter from the second visit since December 2023.\n\nOfsted's visit took place in February 2025 and the letter was published today (25 March 2025).";
    let (ms, _) = find_mentions(
        &CleanDoc::from_text(t),
        DocType::NewsArticle,
        Some(&la()),
        Some(&day(2025, 3, 25)),
    );
    assert_eq!(
        reports_on(&ms),
        vec![(Framework::MonitoringVisit, Some("2025-02".to_owned()), None)],
        "{ms:#?}"
    );
}

/// Regression (real news): a headline verdict is the story's inspection even when no
/// sentence dates or names it; the period comes from the story's date.
#[test]
fn a_headline_verdict_makes_the_subject() {
    let t = "Ofsted praises 'outstanding' Barset children's services for focus on participation\n\nChildren's services in Barset have been lifted to the top rating, with inspectors impressed.";
    let (ms, _) = find_mentions(
        &CleanDoc::from_text(t),
        DocType::NewsArticle,
        Some(&la()),
        Some(&day(2019, 11, 6)),
    );
    assert_eq!(
        reports_on(&ms),
        vec![(Framework::Ilacs, Some("2019".to_owned()), None)],
        "{ms:#?}"
    );
}

/// Regression: a round-up of several councils (no authority) reports on no one inspection;
/// a paper titled as a fostering service's inspection makes no inspection of children's
/// services.
#[test]
fn round_ups_and_regulated_services_report_on_nothing() {
    let t = "Children's services at three councils rated 'good' by Ofsted\n\nOfsted inspectors have rated children's services at three councils as good.";
    let (ms, _) = find_mentions(
        &CleanDoc::from_text(t),
        DocType::NewsArticle,
        None,
        Some(&day(2016, 8, 1)),
    );
    assert!(reports_on(&ms).is_empty(), "{ms:#?}");
    let t = "Ofsted Inspection Report of the Fostering Service\n\nThe Executive Director of Children's Services submitted the report.\n\nThe inspection had taken place on 24 and 25 November 2020 and was a virtual visit.";
    let (ms, _) = find_mentions(
        &CleanDoc::from_text(t),
        DocType::CommitteeReport,
        Some(&la()),
        Some(&day(2021, 1, 12)),
    );
    assert!(ms.is_empty(), "{ms:#?}");
}

/// Regression (real news page): an undated story dates its visit without a year ("on
/// January 8") after naming the previous visit ("the last visit in October 2019"): the
/// visit is the first such day after it. A full inspection years earlier fixes no year.
#[test]
fn an_undated_pages_visit_follows_its_last_visit() {
    let t = "Inspectors give their verdict after a return visit to Barset's 'inadequate' children's services\n\nOfsted carried out a monitoring visit to the department on January 8.\n\nThe January visit was the fourth since the department was judged inadequate in 2018. A report after the last visit in October 2019 said the pace of change was too slow.";
    let (ms, _) = news_mentions(t);
    assert_eq!(
        reports_on(&ms),
        vec![(
            Framework::MonitoringVisit,
            None,
            NaiveDate::from_ymd_opt(2020, 1, 8)
        )],
        "{ms:#?}"
    );
    let t = "Barset children's services rated good\n\nOfsted rated the council's services as good after a full inspection in February this year, transformed since its inadequate judgement in September 2017.";
    let (ms, _) = news_mentions(t);
    assert!(
        reports_on(&ms)
            .iter()
            .all(|(_, p, d)| d.is_none() && p.as_deref() != Some("2018-02")),
        "{ms:#?}"
    );
}

/// Regression (real news): the date after "since" belongs to the judgement counted from,
/// not to the visit named before it; the visit the story is about stays undated (and the
/// month in "May 2018" is no modal "may" that makes the sentence habit talk).
#[test]
fn a_date_counted_from_is_not_the_visits() {
    let t = "Barset is making progress, says Ofsted\n\nIn a third monitoring visit since the council was judged inadequate in May 2018, inspectors said the council continues to improve its children's services seen during the first monitoring visit.";
    let (ms, _) = news_mentions(t);
    assert_eq!(
        reports_on(&ms),
        vec![(Framework::MonitoringVisit, None, None)],
        "{ms:#?}"
    );
    assert!(
        ms.iter()
            .all(|m| m.period.as_ref().is_none_or(|p| p.value != "2018-05")
                || m.relation == Relation::Mentions),
        "{ms:#?}"
    );
    // "after … rated" counts from an earlier event too; "in" does not
    let t = "Barset visited again\n\nOfsted made a focused visit to children's services after the council was rated good in 2021, looking at care leavers.";
    let (ms, _) = news_mentions(t);
    assert_eq!(
        reports_on(&ms),
        vec![(Framework::FocusedVisit, None, None)],
        "{ms:#?}"
    );
    let t = "Barset visited again\n\nOfsted made a focused visit to children's services in March 2021, looking at care leavers.";
    let (ms, _) = news_mentions(t);
    assert_eq!(
        reports_on(&ms),
        vec![(Framework::FocusedVisit, Some("2021-03".into()), None)],
        "{ms:#?}"
    );
}

/// A graded inspection of 2010–2013 whose framework is unnamed is the safeguarding and
/// looked after children inspection (the unannounced inspections of those years gave no
/// grades), also from the document's date; "under this inspection regime" is no event.
#[test]
fn older_graded_inspection_and_regime_talk() {
    let t = "Barset children's services judged good\n\nChildren's services in Barset have been rated as good in the latest inspection by Ofsted, published yesterday.";
    let date = Spanned {
        value: NaiveDate::from_ymd_opt(2011, 5, 25).unwrap_or_default(),
        start: 0,
        end: 0,
    };
    let (ms, _) = find_mentions(
        &CleanDoc::from_text(t),
        DocType::NewsArticle,
        Some(&la()),
        Some(&date),
    );
    assert_eq!(
        ms.iter().map(|m| m.framework.value).collect::<Vec<_>>(),
        vec![Framework::SafeguardingAndLac],
        "{ms:#?}"
    );
    // mid-2009: a joint area review is still possible
    let date = Spanned {
        value: NaiveDate::from_ymd_opt(2009, 8, 1).unwrap_or_default(),
        start: 0,
        end: 0,
    };
    let (ms, _) = find_mentions(
        &CleanDoc::from_text(t),
        DocType::NewsArticle,
        Some(&la()),
        Some(&date),
    );
    assert!(
        ms.iter().all(|m| m.framework.value == Framework::Unknown),
        "{ms:#?}"
    );
    let t = "Barset rated good\n\nBarset's services have been rated good in the most recent Ofsted inspection. Only ten councils have improved to good under this inspection regime and Barset is the only one rated inadequate between 2010 and 2011 to do so.";
    let (ms, _) = news_mentions(t);
    assert!(
        ms.iter().all(|m| m.period.is_none() && m.start.is_none()),
        "{ms:#?}"
    );
}

/// An anchor between two dates, right before the second, is the second date's: the story
/// reports on the 2022 inspection, and the 2017 grade is an earlier one's.
#[test]
fn an_anchor_before_the_next_date_is_its_own() {
    let t = "Barset children's services now good\n\nBarset's children's services, rated 'inadequate' in 2017, are now 'good' according to an Ofsted inspection in January 2022.";
    let (ms, _) = news_mentions(t);
    let subject = ms.iter().find(|m| m.relation == Relation::ReportsOn);
    assert_eq!(
        subject
            .and_then(|m| m.period.as_ref())
            .map(|p| p.value.as_str()),
        Some("2022-01"),
        "{ms:#?}"
    );
    assert!(
        subject.is_some_and(|m| m.judgements.iter().all(|j| j.grade != Grade::Inadequate)),
        "{ms:#?}"
    );
}

/// The judgements of the story's inspection from the forms of issue 23 (grades as stated):
/// "all but one area" expands to the framework's judgements but the overall one and the
/// exception; before 2023 "children in care" is the judgement of children in care and
/// care leavers; a grade counted from or "once rated" is no grade of the story's inspection.
#[test]
fn grades_as_stated_reach_the_story_inspection() {
    let story = |t: &str| {
        let (ms, _) = news_mentions(t);
        ms.iter()
            .find(|m| m.relation == Relation::ReportsOn)
            .map(|m| {
                grades_of(m)
                    .into_iter()
                    .map(|(a, g, _)| (a.to_owned(), g))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let own = |v: &[(&str, Grade)]| {
        v.iter()
            .map(|(a, g)| ((*a).to_owned(), *g))
            .collect::<Vec<_>>()
    };
    let (good, ri, out) = (Grade::Good, Grade::RequiresImprovement, Grade::Outstanding);
    let t = "Barset judged good\n\nBarset was rated 'good' in all but one area, with care leavers judged to require improvement, after an Ofsted inspection in May 2023.";
    assert_eq!(
        story(t),
        own(&[
            ("care_leavers", ri),
            ("children_in_care", good),
            ("help_and_protection", good),
            ("impact_of_leaders", good)
        ])
    );
    let t = "Barset judged good\n\nBarset's children's services were rated 'outstanding' in every area except help and protection, which was judged good, after an Ofsted inspection in March 2019.";
    assert_eq!(
        story(t),
        own(&[
            ("children_in_care_and_care_leavers", out),
            ("help_and_protection", good),
            ("impact_of_leaders", out)
        ])
    );
    let t = "Barset judged\n\nOfsted judged Barset's services for children in care as 'requires improvement' after the inspection in April 2019.";
    assert_eq!(story(t), own(&[("children_in_care_and_care_leavers", ri)]));
    let t = "Barset upgraded\n\nBarset's children's services have improved from 'inadequate' to 'requires improvement', Ofsted said after an inspection in March 2019.";
    assert_eq!(story(t), own(&[("overall_effectiveness", ri)]));
    let t = "Barset now good\n\nBarset's children's services, rated 'inadequate' in 2017, are now 'good' according to an Ofsted inspection in January 2022.";
    assert_eq!(story(t), own(&[("overall_effectiveness", good)]));
    let t = "Barset downgraded\n\nBarset's children's services, once rated 'outstanding', were judged 'requires improvement' after an Ofsted inspection in November 2023.";
    assert_eq!(story(t), own(&[("overall_effectiveness", ri)]));
}

/// Regression (real news pages, 2023 and 2025 ILACS): an undated inspection that follows
/// a dated earlier one of 2018 or later is an ILACS; "all five areas" gives the five
/// judgements of the 2023 framework, "all areas" the three both versions have.
#[test]
fn undated_inspection_after_a_dated_earlier_one_is_ilacs() {
    let five = "Barset children's services rated good\n\nIn the report published today all five areas inspected were given a 'good' grading.\n\nThe report said: \"Since the last inspection in 2018, much progress has been made.\"";
    let subject = subject_of(five);
    assert_eq!(subject.framework.value, Framework::Ilacs);
    assert_eq!(subject.judgements.len(), 5, "{:?}", grades_of(&subject));

    let all = "Barset council hits back\n\nThe watchdog has said the authority requires improvement in all areas of its children's services.\n\nThe overall effectiveness of services has declined since the last inspection in 2021.";
    let subject = subject_of(all);
    assert_eq!(subject.framework.value, Framework::Ilacs);
    let areas: Vec<&str> = grades_of(&subject).iter().map(|g| g.0).collect();
    assert_eq!(
        areas,
        vec![
            "help_and_protection",
            "impact_of_leaders",
            "overall_effectiveness"
        ]
    );
}

#[test]
fn every_area_of_an_ilacs_of_unknown_year_by_its_count() {
    use crate::areas::AreaWord::{
        CareLeavers, HelpProtection, ImpactOfLeaders, InCare, InCareAndLeavers, Overall,
    };
    let f = Framework::Ilacs;
    assert_eq!(
        super::every_area(f, None, "three of the four inspected categories"),
        &[Overall, ImpactOfLeaders, HelpProtection, InCareAndLeavers]
    );
    assert_eq!(
        super::every_area(f, None, "four of the five areas"),
        &[
            Overall,
            ImpactOfLeaders,
            HelpProtection,
            InCare,
            CareLeavers
        ]
    );
    assert_eq!(
        super::every_area(f, None, "all areas"),
        &[Overall, ImpactOfLeaders, HelpProtection]
    );
}

#[test]
fn residential_homes_title_scopes_its_inspections() {
    let text = "Council news\n\nChildren’s residential homes rated “Outstanding” in latest Ofsted reports\n\nRelated topics: Children's services\n\nRedhouse (inspected January 2023) and Elm Lodge (inspected February 2023) were both rated Outstanding in every area.";
    let (ms, _) = news_mentions(text);
    assert!(ms.is_empty(), "{ms:?}");
}
