//! Whole letters modelled on the real forms, through [`crate::analyse`].

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::analyse;
use chrono::NaiveDate;
use ofsted_model::doc::CleanDoc;
use ofsted_model::vocab::Theme;
use ofsted_model::vocab::{FindingKind, Framework, Inspectorate};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A 2023 focused visit letter with areas for priority action (Peterborough/Halton form).
const FOCUSED: &str = "Ofsted\nPiccadilly Gate\nStore Street\nManchester\nM1 2WD\n\nwww.gov.uk/ofsted\n\n9 May 2023\n\nJane Doe\nExecutive Director of Children’s Services\nPeterborough City Council\nTown Hall\n\nDear Ms Doe\n\nFocused visit to Peterborough children’s services\n\nThis letter summarises the findings of the focused visit to Peterborough children’s\nservices on 28 to 29 March 2023. His Majesty’s Inspectors for this visit were Anne Smith\nand Bob Jones.\n\nInspectors looked at the local authority’s arrangements for the ‘front door’.\n\nThis visit was carried out in line with the inspection of local authority children’s services (ILACS) framework.\n\nHeadline findings\n\nThe senior leadership team has changed.\n\nAreas for priority action\n\n◼ The timeliness of response to contacts, referrals and multi-agency safeguarding\nhub (MASH) enquiries about children.\n◼ Multi-agency arrangements and responses to children at risk of extra-familial harm.\n\nWhat needs to improve in this area of social work practice?\n\n◼ Operational management of the front door.\n◼ The quality of supervision.\n◼ The reliability of the online referral process.\n\nMain findings\n\nThe senior leadership team has significantly changed in recent months.\n\nYours sincerely\n\nAnne Smith\nHis Majesty’s Inspector\n";

#[test]
fn focused_visit_letter() {
    let a = analyse(&CleanDoc::from_text(FOCUSED));
    let m = a.mentions.iter().find(|m| m.is_primary).unwrap();
    assert_eq!(m.framework.value, Framework::FocusedVisit);
    assert_eq!(m.start.as_ref().unwrap().value, d(2023, 3, 28));
    assert_eq!(m.end.as_ref().unwrap().value, d(2023, 3, 29));
    assert_eq!(m.lead_inspector.as_ref().unwrap().value, "Anne Smith");
    assert_eq!(a.document_date.as_ref().unwrap().value, d(2023, 5, 9));
    let l = a.letter.as_ref().unwrap();
    assert_eq!(l.theme.as_ref().unwrap().value, Theme::FrontDoor);
    assert_eq!(l.theme_verbatim.as_ref().unwrap().value, "the ‘front door’");
    let kinds = |k: FindingKind| a.findings.iter().filter(|f| f.kind == k).count();
    assert_eq!(kinds(FindingKind::PriorityAction), 2);
    assert_eq!(kinds(FindingKind::Improvement), 3);
    let addressee = a.people.iter().find(|p| p.name == "Jane Doe").unwrap();
    assert_eq!(
        addressee.organisation.as_deref(),
        Some("Peterborough City Council")
    );
    assert_eq!(
        l.inspectorates
            .iter()
            .map(|i| i.inspectorate)
            .collect::<Vec<_>>(),
        [Inspectorate::Ofsted]
    );
}

#[test]
fn one_day_visit_and_older_heading() {
    // 2018 form: one day, "The inspectors were ..., HMI", heading without "social work"
    let t = "18 April 2018\n\nCaroline Jones\nStrategic Director, Care, Wellbeing and Learning\nGateshead Council\n\nDear Ms Jones\n\nFocused visit to Gateshead children’s services\n\nThis letter summarises the findings of a focused visit to Gateshead children’s services on 20 March 2018. The inspector was Jan Edwards, HMI.\n\nInspectors looked at the local authority’s arrangements for care leavers.\n\nWhat needs to improve in this area of practice\n\n◼ Pathway plans.\n◼ Health histories.\n◼ Staying put.\n\nFindings\n\nText.\n\nYours sincerely\n\nJan Edwards\nHer Majesty’s Inspector\n";
    let a = analyse(&CleanDoc::from_text(t));
    let m = a.mentions.iter().find(|m| m.is_primary).unwrap();
    assert_eq!(m.start.as_ref().unwrap().value, d(2018, 3, 20));
    assert_eq!(m.end.as_ref().unwrap().value, d(2018, 3, 20));
    assert_eq!(
        a.letter.as_ref().unwrap().theme.as_ref().unwrap().value,
        Theme::CareLeavers
    );
    assert_eq!(
        a.findings
            .iter()
            .filter(|f| f.kind == FindingKind::Improvement)
            .count(),
        3
    );
}

#[test]
fn monitoring_visit_letter() {
    let t = "12 April 2019\n\nJohn Smith\nDirector of Children’s Services\nSandwell Metropolitan Borough Council\n\nDear Mr Smith\n\nMonitoring visit to Sandwell children’s services\n\nThis letter summarises the findings of the monitoring visit to Sandwell children’s services on 12 and 13 March 2019. This visit was the third monitoring visit since the local authority was judged inadequate in October 2017. The inspectors were Jane Roe and Ali Khan, Her Majesty’s Inspectors.\n\nInspectors reviewed the progress made in the local authority’s arrangements for children in care.\n\nAreas for priority action\n\n◼ Care planning for children in care.\n\nYours sincerely\n\nJane Roe\nHer Majesty’s Inspector\n";
    let a = analyse(&CleanDoc::from_text(t));
    let m = a.mentions.iter().find(|m| m.is_primary).unwrap();
    assert_eq!(m.framework.value, Framework::MonitoringVisit);
    assert_eq!(m.start.as_ref().unwrap().value, d(2019, 3, 12));
    assert_eq!(m.end.as_ref().unwrap().value, d(2019, 3, 13));
    assert_eq!(m.lead_inspector.as_ref().unwrap().value, "Jane Roe");
    assert_eq!(
        a.letter.as_ref().unwrap().theme.as_ref().unwrap().value,
        Theme::ChildrenInCare
    );
    assert_eq!(
        a.findings
            .iter()
            .filter(|f| f.kind == FindingKind::PriorityAction)
            .count(),
        1
    );
}

#[test]
fn jtai_letter() {
    let t = "12 July 2024\n\nSharon Hubber, Director of Children’s Services, Rochdale local authority\nSteve Watson, Chief Constable, Greater Manchester Police\n\nDear Rochdale Local Safeguarding Partnership\n\nJoint targeted area inspection of Rochdale\n\nThis letter summarises the findings of the joint targeted area inspection (JTAI) of the\nmulti-agency response to identification of initial need and risk (often referred to as\nthe ‘front door’) in Rochdale.\n\nThis inspection took place from 22 April to 26 April 2024. It was carried out by\ninspectors from Ofsted, the Care Quality Commission (CQC) and His Majesty’s\nInspectorate of Constabulary and Fire & Rescue Services (HMICFRS).\n\nHeadline findings\n\nText.\n\nWhat needs to improve?\n\n◼ The RBSCP’s quality assurance arrangements.\n◼ Increased capacity in the police domestic abuse triage team.\n\nStrengths\n\n◼ Senior leaders are open.\n\nYours sincerely\n\nYvette Stanley\nNational Director Regulation and Social Care, Ofsted\n";
    let a = analyse(&CleanDoc::from_text(t));
    let m = a.mentions.iter().find(|m| m.is_primary).unwrap();
    assert_eq!(m.framework.value, Framework::Jtai);
    assert_eq!(m.start.as_ref().unwrap().value, d(2024, 4, 22));
    assert_eq!(m.end.as_ref().unwrap().value, d(2024, 4, 26));
    assert!(m.lead_inspector.is_none());
    let l = a.letter.as_ref().unwrap();
    assert_eq!(l.theme.as_ref().unwrap().value, Theme::FrontDoor);
    assert_eq!(
        l.inspectorates
            .iter()
            .map(|i| i.inspectorate)
            .collect::<Vec<_>>(),
        [
            Inspectorate::Ofsted,
            Inspectorate::Cqc,
            Inspectorate::Hmicfrs
        ]
    );
    let p = a.people.iter().find(|p| p.name == "Steve Watson").unwrap();
    assert_eq!(p.organisation.as_deref(), Some("Greater Manchester Police"));
    assert_eq!(
        a.findings
            .iter()
            .filter(|f| f.kind == FindingKind::Improvement)
            .count(),
        2
    );
}

/// A monitoring visit naming its focus under "Areas covered by the visit" with "The
/// focus of the monitoring visit was ...", then the areas of concern it reviewed as a
/// list (not improvement points); its one priority action printed as a paragraph.
#[test]
fn monitoring_visit_with_focus_sentence_and_areas_of_concern() {
    let t = "3 November 2022\n\nAnn Green\nCorporate Director for Children’s Services\nBarset Council\n\nDear Ms Green\n\nMonitoring visit to Barset children’s services\n\nThis letter summarises the findings of the monitoring visit to Barset children’s services on 4 and 5 October 2022. This was the second monitoring visit since the local authority was judged inadequate in December 2021. His Majesty’s Inspectors for this visit were Tom Hill and Uma Patel.\n\nAreas covered by the visit\n\nThe focus of the monitoring visit was children in need and those subject to a child protection plan, namely children at risk of significant harm. In particular, inspectors reviewed the progress made in the following areas of concern identified at the last inspection:\n\n- The quality of assessments and the use of chronologies.\n\n- The timeliness of support for unborn babies.\n\nHeadline findings\n\nPractice is improving but remains inconsistent.\n\nAreas for priority action\n\nThe local authority should make sure that every child at risk of harm has a plan that says who will do what, and by when.\n\nFindings and evaluation of progress\n\n- Children are seen regularly.\n\nOfsted will take the findings from this monitoring visit into account when planning your next inspection or visit.\n\nYours sincerely\n\nTom Hill\nHis Majesty’s Inspector\n";
    let a = analyse(&CleanDoc::from_text(t));
    let m = a.mentions.iter().find(|m| m.is_primary).unwrap();
    assert_eq!(m.framework.value, Framework::MonitoringVisit);
    assert_eq!(m.start.as_ref().unwrap().value, d(2022, 10, 4));
    let l = a.letter.as_ref().unwrap();
    assert_eq!(
        l.theme_verbatim.as_ref().unwrap().value,
        "children in need and those subject to a child protection plan"
    );
    assert_eq!(l.theme.as_ref().unwrap().value, Theme::ChildrenInNeedOrPlan);
    let kinds = |k: FindingKind| a.findings.iter().filter(|f| f.kind == k).count();
    assert_eq!(kinds(FindingKind::PriorityAction), 1);
    assert_eq!(kinds(FindingKind::Improvement), 0);
}

/// A 2018 focused visit whose improvement points are paragraphs, opening "This focused
/// visit looked at ...".
#[test]
fn focused_visit_with_paragraph_points_and_plain_opening() {
    let t = "4 October 2018\n\nMs Eve Black\nDirector of Children’s Services\nBarset Council\n\nDear Ms Black\n\nFocused visit to Barset council children’s services\n\nThis letter summarises the findings of the focused visit to Barset council children’s services on 11 and 12 September 2018. The visit was carried out by Ann Brown and Carl Dee, Her Majesty’s Inspectors.\n\nThis focused visit looked at the quality of planning for children in need and those on child protection plans.\n\nOverview\n\nAssessments are timely.\n\nWhat needs to improve in this area of social work practice\n\nPlans do not change when children’s circumstances change.\n\nSupervision does not help social workers to reflect on their work with families.\n\nOfsted will take the findings from this focused visit into account when planning your next inspection or visit.\n\nYours sincerely\n\nAnn Brown\nHer Majesty’s Inspector\n";
    let a = analyse(&CleanDoc::from_text(t));
    let l = a.letter.as_ref().unwrap();
    assert_eq!(
        l.theme_verbatim.as_ref().unwrap().value,
        "the quality of planning for children in need and those on child protection plans"
    );
    assert_eq!(l.theme.as_ref().unwrap().value, Theme::ChildrenInNeedOrPlan);
    let items: Vec<&str> = a
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Improvement)
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(
        items,
        [
            "Plans do not change when children’s circumstances change.",
            "Supervision does not help social workers to reflect on their work with families."
        ]
    );
}
