//! The `inspection_summary` table: one wide row per inspection with a primary document,
//! built from the linked tables (inspections, judgements, findings, documents) and the
//! gazetteer, with the previous inspection of the same kind and the direction of change.

use crate::authorities::{find, region_of_dfe};
use crate::link::Tables;
use chrono::NaiveDate;
use ofsted_model::rows::{InspectionRow, InspectionSummaryRow, JudgementRow};
use ofsted_model::vocab::{Area, Direction, FindingKind, Framework, Grade};
use std::collections::{BTreeMap, HashMap};

/// The kind an inspection is compared within: ILACS and SIF are both full inspections
/// ([`Framework::is_full_inspection`]); other frameworks only match themselves.
fn kind(framework: Framework) -> Option<Framework> {
    (!framework.is_full_inspection()).then_some(framework)
}

/// The direction of `now` against `before`, when both are graded.
fn direction(now: Option<Grade>, before: Option<Grade>) -> Option<Direction> {
    Some(Direction::of(now?, before?))
}

/// Grades of one inspection's primary document, by area.
fn primary_grades<'a>(
    judgements: &'a [JudgementRow],
    inspection_id: &str,
    doc_id: &str,
) -> HashMap<&'a Area, Grade> {
    let mut out = HashMap::new();
    for j in judgements
        .iter()
        .filter(|j| j.inspection_id == inspection_id && j.doc_id == doc_id)
    {
        out.entry(&j.area).or_insert(j.grade);
    }
    out
}

fn base_row(t: &Tables, i: &InspectionRow, doc_id: &str) -> InspectionSummaryRow {
    let date = i.start_date.or(i.published_date);
    let la = find(i.local_authority.as_deref(), i.la_gss_code.as_deref(), date);
    let dfe = la.and_then(|a| a.dfe);
    let g = primary_grades(&t.judgements, &i.inspection_id, doc_id);
    let grade = |area: Area| g.get(&area).copied();
    let count = |kind: FindingKind| {
        t.findings
            .iter()
            .filter(|f| f.doc_id == doc_id && f.kind == kind)
            .count() as i32
    };
    InspectionSummaryRow {
        inspection_id: i.inspection_id.clone(),
        local_authority: i.local_authority.clone(),
        la_gss_code: i.la_gss_code.clone(),
        la_dfe_code: dfe,
        ofsted_urn: la.and_then(|a| a.urn),
        region: dfe.and_then(region_of_dfe).map(|r| r.name.to_owned()),
        framework: i.framework,
        inspection_type: i.inspection_type,
        type_basis: i.type_basis,
        start_date: i.start_date,
        end_date: i.end_date,
        published_date: i.published_date,
        lead_inspector: i.lead_inspector.clone(),
        theme: i.theme.clone(),
        overall_effectiveness: grade(Area::OverallEffectiveness),
        impact_of_leaders: grade(Area::ImpactOfLeaders),
        help_and_protection: grade(Area::HelpAndProtection),
        children_in_care_and_care_leavers: grade(Area::ChildrenInCareAndCareLeavers),
        children_in_care: grade(Area::ChildrenInCare),
        care_leavers: grade(Area::CareLeavers),
        looked_after_and_permanence: grade(Area::LookedAfterAndPermanence),
        adoption: grade(Area::Adoption),
        leadership_management_governance: grade(Area::LeadershipManagementGovernance),
        lscb: grade(Area::Lscb),
        capacity_for_improvement: grade(Area::CapacityForImprovement),
        n_improvements: count(FindingKind::Improvement),
        n_priority_actions: count(FindingKind::PriorityAction),
        previous_inspection_id: None,
        previous_start_date: None,
        previous_overall_effectiveness: None,
        direction: None,
        is_latest: false,
        source_path: t
            .documents
            .iter()
            .find(|d| d.doc_id == doc_id)
            .map(|d| d.source_path.clone()),
    }
}

/// The date an inspection is ordered by: first day on site, else publication.
fn order_date(r: &InspectionSummaryRow) -> Option<NaiveDate> {
    r.start_date.or(r.published_date)
}

/// Fills previous inspection, direction and `is_latest` within each authority and kind.
fn link_previous(rows: &mut [InspectionSummaryRow]) {
    // `None` is the full inspections' kind
    let mut groups: BTreeMap<(String, Option<&'static str>), Vec<usize>> = BTreeMap::new();
    for (n, r) in rows.iter().enumerate() {
        if let (Some(la), Some(_)) = (&r.local_authority, order_date(r)) {
            groups
                .entry((la.clone(), kind(r.framework).map(Framework::as_str)))
                .or_default()
                .push(n);
        }
    }
    for ((_, kind), mut idx) in groups {
        idx.sort_by(|&a, &b| {
            (order_date(&rows[a]), &rows[a].inspection_id)
                .cmp(&(order_date(&rows[b]), &rows[b].inspection_id))
        });
        for w in idx.windows(2) {
            let (prev, cur) = (rows[w[0]].clone(), &mut rows[w[1]]);
            cur.direction = direction(cur.overall_effectiveness, prev.overall_effectiveness);
            cur.previous_inspection_id = Some(prev.inspection_id);
            cur.previous_start_date = prev.start_date;
            cur.previous_overall_effectiveness = prev.overall_effectiveness;
        }
        if kind.is_none()
            && let Some(&last) = idx.last()
        {
            rows[last].is_latest = true;
        }
    }
}

/// The `inspection_summary` rows of linked tables.
pub fn summary_rows(t: &Tables) -> Vec<InspectionSummaryRow> {
    let mut rows: Vec<InspectionSummaryRow> = t
        .inspections
        .iter()
        .filter_map(|i| Some(base_row(t, i, i.primary_doc_id.as_deref()?)))
        .collect();
    link_previous(&mut rows);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use ofsted_model::vocab::Evidence;

    #[test]
    fn direction_compares_grade_codes() {
        use Grade as G;
        assert_eq!(
            direction(Some(G::Good), Some(G::Inadequate)),
            Some(Direction::Improved)
        );
        assert_eq!(
            direction(Some(G::Inadequate), Some(G::Good)),
            Some(Direction::Declined)
        );
        assert_eq!(
            direction(Some(G::RequiresImprovement), Some(G::Adequate)),
            Some(Direction::Same)
        );
        assert_eq!(direction(None, Some(G::Good)), None);
    }

    fn row(id: &str, framework: &str, start: &str, oe: &str) -> InspectionSummaryRow {
        let mut r = base_row(
            &Tables::default(),
            &InspectionRow {
                inspection_id: id.into(),
                local_authority: Some("Barnet".into()),
                la_gss_code: Some("E09000003".into()),
                framework: Framework::parse(framework).unwrap(),
                inspection_type: None,
                type_basis: None,
                start_date: NaiveDate::parse_from_str(start, "%Y-%m-%d").ok(),
                end_date: None,
                period: None,
                published_date: None,
                lead_inspector: None,
                overall_effectiveness: None,
                primary_doc_id: None,
                evidence: Evidence::OfstedDocument,
                n_documents: 1,
                theme: None,
                theme_verbatim: None,
                send_outcome: None,
            },
            "d",
        );
        r.overall_effectiveness = Grade::parse(oe);
        r
    }

    #[test]
    fn previous_of_the_same_kind_and_latest() {
        let mut rows = vec![
            row("c", "ilacs", "2022-05-02", "good"),
            row("a", "sif", "2016-01-10", "inadequate"),
            row("v", "focused_visit", "2020-01-10", ""),
        ];
        link_previous(&mut rows);
        assert_eq!(rows[0].previous_inspection_id.as_deref(), Some("a"));
        assert_eq!(rows[0].direction, Some(Direction::Improved));
        assert!(rows[0].is_latest && !rows[1].is_latest && !rows[2].is_latest);
        assert_eq!(rows[2].previous_inspection_id, None);
        assert_eq!(rows[0].region.as_deref(), Some("London"));
        assert_eq!(rows[0].la_dfe_code, Some(302));
    }
}
