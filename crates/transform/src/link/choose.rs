//! Which inspection each mention belongs to, and on what basis: every linking decision in
//! one place.
//!
//! 1. A primary mention (an Ofsted report or letter) is its own inspection
//!    (`own_document`).
//! 2. A secondary mention (a council paper or article) joins the one primary inspection it
//!    is compatible with ([`super::candidates`]: same authority, framework equal or
//!    unknown, days or period overlapping). Among several, or to confirm an undated one,
//!    the grades decide: an overall grade the paper states that differs from the report's
//!    rules that inspection out. Several left: not linked, a `quality` warning says so.
//! 3. Secondary mentions left over form events of their own (`secondary_only`), the most
//!    precisely dated first; a later mention joins an earlier event of the same authority
//!    and compatible framework whose dates overlap, so several papers about one event make
//!    one inspection. An undated mention joins only the single event of its authority and
//!    named framework; otherwise it stays on its own (never merged on a guess).
//! 4. A mention that names only a framework ("a focused visit", "the recent monitoring
//!    visit"), with no date and no grades, is evidence of no particular event: it joins the
//!    one compatible inspection of its authority (a report's or an event of rule 3) when
//!    there is exactly one, and otherwise makes nothing; an info row in `quality` says so.
//!    The inspection a page reports on is the exception: a story whose subject is one
//!    named visit or inspection of its authority is an event of rule 3 even undated, and
//!    an info row says it has no date.

use super::{inspection_key, link_note};
use crate::tables::MentionRecord;
use chrono::NaiveDate;
use ofsted_model::rows::QualityRow;
use ofsted_model::vocab::{Area, Framework, MatchBasis, Relation, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// The inspection a mention was given, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Assignment {
    /// Inspection id.
    pub id: String,
    /// How it was matched.
    pub basis: MatchBasis,
}

/// First and last day a mention's date covers, and whether it is exact to the day.
pub(crate) fn bounds(m: &MentionRecord) -> Option<(NaiveDate, NaiveDate, bool)> {
    if let Some(s) = m.start {
        return Some((s, m.end.unwrap_or(s).max(s), true));
    }
    let p = m.period.as_deref()?;
    let year: i32 = p.get(..4)?.parse().ok()?;
    match p.get(5..7).and_then(|x| x.parse::<u32>().ok()) {
        Some(month) => {
            let a = NaiveDate::from_ymd_opt(year, month, 1)?;
            let b = if month == 12 {
                NaiveDate::from_ymd_opt(year, 12, 31)?
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)?.pred_opt()?
            };
            Some((a, b, false))
        }
        None => Some((
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year, 12, 31)?,
            false,
        )),
    }
}

/// Whether two date extents can be the same event: they overlap, with a week's slack when
/// both are exact days (a paper may give the first day of a fortnight's inspection).
pub(crate) fn dates_overlap(
    a: Option<(NaiveDate, NaiveDate, bool)>,
    b: Option<(NaiveDate, NaiveDate, bool)>,
) -> bool {
    match (a, b) {
        (Some((a0, a1, ap)), Some((b0, b1, bp))) => {
            let slack = chrono::Duration::days(if ap && bp { 7 } else { 0 });
            a0 <= b1 + slack && b0 <= a1 + slack
        }
        _ => true,
    }
}

fn overall(m: &MentionRecord) -> Option<&str> {
    m.judgements
        .iter()
        .find(|j| j.area == Area::OverallEffectiveness)
        .map(|j| j.grade.as_str())
}

/// How a secondary mention that joined an event matched it.
fn basis_of(m: &MentionRecord, grades_agree: bool) -> MatchBasis {
    if m.start.is_some() {
        MatchBasis::LaAndDate
    } else if m.period.is_some() {
        MatchBasis::LaAndPeriod
    } else if grades_agree {
        MatchBasis::LaAndGrade
    } else {
        MatchBasis::LaAndFramework
    }
}

/// An undated, ungraded secondary mention.
fn undated_ungraded(m: &MentionRecord) -> bool {
    !m.is_primary && bounds(m).is_none() && m.judgements.is_empty()
}

/// An undated, ungraded secondary mention that names at most a framework (rule 4).
fn framework_only(m: &MentionRecord) -> bool {
    undated_ungraded(m) && !undated_subject(m)
}

/// The undated, ungraded inspection a page reports on, of a named framework and a known
/// authority: it founds an event of its own (rule 4's exception).
fn undated_subject(m: &MentionRecord) -> bool {
    undated_ungraded(m)
        && m.relation == Relation::ReportsOn
        && m.framework != Framework::Unknown
        && m.local_authority.is_some()
}

/// Assigns every mention (in the order of `all`) to an inspection; `None` for a
/// framework-only mention that matches no single inspection (rule 4).
pub(crate) fn assign(
    all: &[&MentionRecord],
    primary_ids: &[Option<String>],
    cands: &BTreeMap<u32, BTreeSet<String>>,
    quality: &mut Vec<QualityRow>,
) -> Vec<Option<Assignment>> {
    let (mut out, undecided) = join_reports(all, primary_ids, cands, quality);
    cluster_secondary(all, &mut out, &undecided);
    out.into_iter()
        .zip(all)
        .enumerate()
        .map(|(i, (a, m))| {
            if undecided.contains(&i) {
                return None;
            }
            settle(a, m, quality)
        })
        .collect()
}

/// The overall grade each primary inspection's report gives.
fn primary_overall_grades<'a>(
    all: &[&'a MentionRecord],
    primary_ids: &'a [Option<String>],
) -> BTreeMap<&'a str, &'a str> {
    let mut primary_overall: BTreeMap<&str, &str> = BTreeMap::new();
    for (m, id) in all.iter().zip(primary_ids) {
        if let (Some(id), Some(g)) = (id, overall(m)) {
            primary_overall.entry(id.as_str()).or_insert(g);
        }
    }
    primary_overall
}

/// Rules 1 and 2: each primary mention's own inspection, and the one report's inspection
/// a secondary mention is compatible with; also the undated subjects that could be any
/// of several reports (they make no event of their own).
fn join_reports(
    all: &[&MentionRecord],
    primary_ids: &[Option<String>],
    cands: &BTreeMap<u32, BTreeSet<String>>,
    quality: &mut Vec<QualityRow>,
) -> (Vec<Option<Assignment>>, BTreeSet<usize>) {
    let primary_overall = primary_overall_grades(all, primary_ids);
    let mut out: Vec<Option<Assignment>> = vec![None; all.len()];
    let mut undecided: BTreeSet<usize> = BTreeSet::new();
    for (i, m) in all.iter().enumerate() {
        let Some(slot) = out.get_mut(i) else { continue };
        if let Some(Some(p)) = primary_ids.get(i) {
            *slot = Some(Assignment {
                id: p.clone(),
                basis: MatchBasis::OwnDocument,
            });
            continue;
        }
        let key = u32::try_from(i).unwrap_or(u32::MAX);
        let Some(c) = cands.get(&key) else { continue };
        let mine = overall(m);
        let agreeing: Vec<&String> = c
            .iter()
            .filter(|id| match (mine, primary_overall.get(id.as_str())) {
                (Some(a), Some(b)) => a == *b,
                _ => true,
            })
            .collect();
        match agreeing.as_slice() {
            [one] => {
                let agree = mine.is_some() && primary_overall.contains_key(one.as_str());
                *slot = Some(Assignment {
                    id: (*one).clone(),
                    basis: basis_of(m, agree),
                });
            }
            [] => {}
            many => {
                if undated_subject(m) {
                    undecided.insert(i);
                }
                quality.push(ambiguous_note(m, many.len()));
            }
        }
    }
    (out, undecided)
}

/// A mention's final inspection once events are clustered: none for a framework-only
/// mention left unassigned (rule 4), else its assignment or an event of its own.
fn settle(
    a: Option<Assignment>,
    m: &MentionRecord,
    quality: &mut Vec<QualityRow>,
) -> Option<Assignment> {
    if a.is_none() && framework_only(m) {
        quality.push(link_note(
            &m.doc_id,
            Severity::Info,
            "undated_mention_unlinked",
            format!(
                "an undated {} of {} mentioned here matches no single inspection: no inspection made",
                m.framework,
                m.local_authority
                    .as_deref()
                    .unwrap_or("an unknown authority")
            ),
        ));
        return None;
    }
    let a = a.unwrap_or_else(|| Assignment {
        id: inspection_key(m),
        basis: MatchBasis::SecondaryEvidence,
    });
    if undated_subject(m) && a.basis == MatchBasis::SecondaryEvidence {
        quality.push(link_note(
            &m.doc_id,
            Severity::Info,
            "undated_subject_inspection",
            format!(
                "the {} of {} this page reports on has no date in the text: an inspection without dates made",
                m.framework,
                m.local_authority.as_deref().unwrap_or("an unknown authority")
            ),
        ));
    }
    Some(a)
}

/// A secondary mention compatible with `n` reported inspections: kept apart.
fn ambiguous_note(m: &MentionRecord, n: usize) -> QualityRow {
    link_note(
        &m.doc_id,
        Severity::Warning,
        "ambiguous_link",
        format!(
            "a {} inspection of {} mentioned here could be any of {n} reported inspections; kept separate",
            m.framework,
            m.local_authority
                .as_deref()
                .unwrap_or("an unknown authority"),
        ),
    )
}

/// An event made from secondary mentions only.
struct Cluster<'a> {
    id: String,
    founder: &'a MentionRecord,
}

fn same_la(a: &MentionRecord, b: &MentionRecord) -> bool {
    a.local_authority.is_some() && a.local_authority == b.local_authority
}

fn framework_ok(a: Framework, b: Framework) -> bool {
    a == b || a == Framework::Unknown || b == Framework::Unknown
}

/// Groups the secondary mentions not linked to a primary inspection into events
/// (rule 3 of the module).
fn cluster_secondary(
    all: &[&MentionRecord],
    out: &mut [Option<Assignment>],
    undecided: &BTreeSet<usize>,
) {
    let precision = |m: &MentionRecord| match (m.start, m.period.as_deref().map(str::len)) {
        (Some(_), _) => 0,
        (None, Some(7)) => 1,
        (None, Some(_)) => 2,
        (None, None) => 3,
    };
    let mut order: Vec<usize> = (0..all.len())
        .filter(|&i| out.get(i).is_some_and(Option::is_none) && !undecided.contains(&i))
        .collect();
    order.sort_by_key(|&i| (all.get(i).map_or(4, |m| precision(m)), i));
    let mut clusters: Vec<Cluster<'_>> = Vec::new();
    for i in order {
        let Some(m) = all.get(i).copied() else {
            continue;
        };
        let fits: Vec<usize> = clusters
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                let f = c.founder;
                // one document's mentions are distinct events (it has merged its own)
                f.doc_id != m.doc_id
                    && same_la(f, m)
                    && framework_ok(f.framework, m.framework)
                    && match (bounds(f), bounds(m)) {
                        (Some(_), Some(_)) => dates_overlap(bounds(f), bounds(m)),
                        // undated: only the same named framework
                        _ => m.framework != Framework::Unknown && f.framework == m.framework,
                    }
                    && match (overall(f), overall(m)) {
                        (Some(a), Some(b)) => a == b,
                        _ => true,
                    }
            })
            .map(|(k, _)| k)
            .collect();
        let assignment = match fits.as_slice() {
            [k] => clusters.get(*k).map(|c| Assignment {
                id: c.id.clone(),
                basis: basis_of(m, overall(m).is_some() && overall(c.founder).is_some()),
            }),
            // rule 4: founds no event
            _ if framework_only(m) => None,
            _ => {
                let id = inspection_key(m);
                clusters.push(Cluster {
                    id: id.clone(),
                    founder: m,
                });
                Some(Assignment {
                    id,
                    basis: MatchBasis::SecondaryEvidence,
                })
            }
        };
        if let Some(slot) = out.get_mut(i) {
            *slot = assignment;
        }
    }
}
