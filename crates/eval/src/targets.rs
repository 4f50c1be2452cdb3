//! The project's targets, written once: `eval --check` holds an [`Evaluation`] to
//! [`TARGETS`], and the corpus tests (`tests/corpus_eval.rs`) read their thresholds from
//! the same table by name ([`target`]).
//!
//! A target whose metric is unknown or was not measured (0 of 0) is missed, with the
//! reason, never met.

use crate::Evaluation;
use crate::metric::MetricError;

/// The part of an [`Evaluation`] a target reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// All gold, when the gold holds children's services reports only (`dev-gold`): the
    /// targets of the issue "Real Ofsted PDFs of every framework".
    ReportsOnlyGold,
    /// All gold, whenever gold was given.
    Gold,
    /// The gold of one document kind (a group of [`crate::groups_of`]), when the gold has
    /// documents of that kind (the per-kind targets of issue 7).
    Kind(&'static str),
    /// The coverage of every input: always.
    Coverage,
    /// The scores against the official key, when it was given.
    Official,
}

/// One target: the metric `metric` of `scope` must be at least `min`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    /// The target's name in messages and tests (unique).
    pub name: &'static str,
    /// Where the metric is read.
    pub scope: Scope,
    /// The metric's name: a [`crate::metric::Field`] or one of
    /// [`crate::metric::REPORT_METRICS`] for gold scopes,
    /// [`crate::metric::COVERAGE_METRICS`] or [`crate::metric::OFFICIAL_METRICS`].
    pub metric: &'static str,
    /// The least value that meets the target (a fraction).
    pub min: f64,
}

const fn t(name: &'static str, scope: Scope, metric: &'static str, min: f64) -> Target {
    Target {
        name,
        scope,
        metric,
        min,
    }
}

use Scope::{Coverage, Gold, Kind, Official, ReportsOnlyGold};

/// Every target of `eval --check`, in the order misses are reported.
pub const TARGETS: &[Target] = &[
    t("judgement F1", ReportsOnlyGold, "judgement F1", 0.99),
    t(
        "reports with every judgement right",
        ReportsOnlyGold,
        "all judgements right",
        0.95,
    ),
    t("local authority", ReportsOnlyGold, "local_authority", 1.0),
    t("framework", ReportsOnlyGold, "framework", 1.0),
    t(
        "inspection start",
        ReportsOnlyGold,
        "inspection_start",
        0.98,
    ),
    t("inspection end", ReportsOnlyGold, "inspection_end", 0.98),
    t("lead inspector", ReportsOnlyGold, "lead_inspector", 0.98),
    t(
        "improvement count exact",
        ReportsOnlyGold,
        "improvement count exact",
        0.90,
    ),
    t(
        "improvement item text",
        ReportsOnlyGold,
        "improvement item text",
        0.95,
    ),
    t("rejects as expected", Gold, "rejects as expected", 1.0),
    t(
        "reports: judgement F1",
        Kind("report"),
        "judgement F1",
        0.995,
    ),
    t(
        "reports: improvement count exact",
        Kind("report"),
        "improvement count exact",
        0.95,
    ),
    t("letters: framework", Kind("letter"), "framework", 1.0),
    t(
        "letters: visit start",
        Kind("letter"),
        "inspection_start",
        0.95,
    ),
    t("letters: visit end", Kind("letter"), "inspection_end", 0.95),
    t(
        "letters: lead inspector",
        Kind("letter"),
        "lead_inspector",
        0.95,
    ),
    t("letters: theme", Kind("letter"), "visit_theme", 0.90),
    t(
        "letters: improvement count exact",
        Kind("letter"),
        "improvement count exact",
        0.90,
    ),
    t(
        "letters: priority-action count exact",
        Kind("letter"),
        "priority_action count exact",
        0.90,
    ),
    t("Area SEND: recognised", Kind("area_send"), "framework", 1.0),
    t(
        "Area SEND: no children's-services judgements",
        Kind("area_send"),
        "area_send without judgements",
        1.0,
    ),
    t("coverage", Coverage, "coverage", 0.995),
    t(
        "documents without a trace (must be none)",
        Coverage,
        "no document without a trace",
        1.0,
    ),
    t("official: grade F1", Official, "grade F1", 0.999),
    t("official: start date", Official, "start date", 0.995),
    t(
        "official: GSS code at the date",
        Official,
        "GSS code at the date",
        0.995,
    ),
];

/// The target named `name` in [`TARGETS`].
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

/// Every target of [`TARGETS`] that `e` misses, each with the measured value or why there
/// is none (see [`check`]).
pub fn check_targets(e: &Evaluation) -> Vec<String> {
    check(e, TARGETS)
}

/// Every target of `targets` that applies to `e` (see [`Scope`]) and is missed: below
/// its minimum (`name: 97.00% < 98.0%`), or with a metric that is unknown or was not
/// measured (`name: unknown metric "x"`, `name: "x" not measured (nothing scored)`).
pub fn check(e: &Evaluation, targets: &[Target]) -> Vec<String> {
    targets
        .iter()
        .filter_map(|t| {
            let got = value(e, t)?;
            match got {
                Ok(v) if v >= t.min => None,
                Ok(v) => Some(format!(
                    "{}: {:.2}% < {:.1}%",
                    t.name,
                    v * 100.0,
                    t.min * 100.0
                )),
                Err(err) => Some(format!("{}: {err}", t.name)),
            }
        })
        .collect()
}

/// The value of `t`'s metric in `e`; `None` when the target does not apply to `e`.
fn value(e: &Evaluation, t: &Target) -> Option<Result<f64, MetricError>> {
    Some(match t.scope {
        ReportsOnlyGold => {
            let g = e.gold.as_ref()?;
            if !g.by_kind.keys().all(|k| k == "report") {
                return None;
            }
            g.metric(t.metric)
        }
        Gold => e.gold.as_ref()?.metric(t.metric),
        Kind(kind) => e.gold.as_ref()?.by_kind.get(kind)?.metric(t.metric),
        Coverage => e.coverage.metric(t.metric),
        Official => e.official.as_ref()?.metric(t.metric),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metric::{COVERAGE_METRICS, Field, OFFICIAL_METRICS, REPORT_METRICS};
    use crate::{CoverageReport, EvalReport, Gold, OfficialReport, Tally, groups_of};
    use std::collections::BTreeSet;

    const ONE: Tally = Tally { right: 1, total: 1 };

    /// A gold report with every metric measured and right.
    fn perfect() -> EvalReport {
        let mut r = EvalReport {
            documents: 1,
            judgement_tp: 1,
            judgements_exact: ONE,
            improvement_count_exact: ONE,
            improvement_items: ONE,
            people_found: ONE,
            people_role: ONE,
            documents_exact: ONE,
            rejects: ONE,
            ..EvalReport::default()
        };
        for f in Field::ALL {
            r.fields.insert(f.as_str().to_owned(), ONE);
        }
        r
    }

    fn evaluation(kinds: &[&str]) -> Evaluation {
        let mut gold = perfect();
        for k in kinds {
            gold.by_kind.insert((*k).to_owned(), perfect());
        }
        Evaluation {
            gold: Some(gold),
            coverage: CoverageReport {
                inputs: 1,
                outcomes: [("primary".to_owned(), 1)].into(),
                ..CoverageReport::default()
            },
            official: Some(OfficialReport {
                grade_tp: 1,
                start_date: ONE,
                gss_code: ONE,
                framework: ONE,
                in_scope: 1,
                in_scope_matched: 1,
                ..OfficialReport::default()
            }),
        }
    }

    #[test]
    fn every_target_names_a_known_metric_and_is_met_by_a_perfect_evaluation() {
        assert_eq!(
            check_targets(&evaluation(&["report"])),
            Vec::<String>::new()
        );
        let e = evaluation(&["report", "letter", "area_send"]);
        assert_eq!(check_targets(&e), Vec::<String>::new());
        for t in TARGETS {
            let known = match t.scope {
                ReportsOnlyGold | Gold | Kind(_) => {
                    REPORT_METRICS.contains(&t.metric) || Field::from_name(t.metric).is_some()
                }
                Coverage => COVERAGE_METRICS.contains(&t.metric),
                Official => OFFICIAL_METRICS.contains(&t.metric),
            };
            assert!(known, "{}: unknown metric {:?}", t.name, t.metric);
        }
    }

    #[test]
    fn target_names_are_unique_and_found() {
        let names: BTreeSet<&str> = TARGETS.iter().map(|t| t.name).collect();
        assert_eq!(names.len(), TARGETS.len());
        assert_eq!(target("letters: theme").map(|t| t.min), Some(0.90));
        assert!(target("no such target").is_none());
    }

    /// A per-kind target on a kind that the gold grouping never produces would never apply.
    #[test]
    fn every_kind_of_a_target_is_a_kind_gold_is_grouped_in() {
        let gold = |kind: Option<&str>, fw: &str| Gold {
            file: "x.pdf".into(),
            expected_outcome: None,
            local_authority: None,
            la_short: None,
            report_title: None,
            framework: Some(fw.into()),
            inspection_start: None,
            inspection_end: None,
            published: None,
            lead_inspector: None,
            judgements: Vec::new(),
            what_needs_to_improve: Vec::new(),
            other_people_named_with_roles: Vec::new(),
            document_kind: kind.map(str::to_owned),
            letter_date: None,
            priority_actions: Vec::new(),
            addressee: None,
            addressees: Vec::new(),
            visit_theme: None,
            visit_theme_verbatim: None,
            jtai_theme_verbatim: None,
            inspectorates: None,
            send_outcome: None,
        };
        let groups: BTreeSet<String> = [
            gold(None, "ilacs"),
            gold(Some("inspection_letter"), "focused_visit"),
            gold(Some("inspection_report"), "area_send"),
        ]
        .iter()
        .flat_map(groups_of)
        .collect();
        for t in TARGETS {
            if let Kind(k) = t.scope {
                assert!(
                    groups.contains(k),
                    "{}: no gold is grouped as {k:?}",
                    t.name
                );
            }
        }
    }

    /// The test of the issue "checks that cannot fail": a renamed metric fails the check.
    #[test]
    fn a_renamed_metric_fails_the_check() {
        let e = evaluation(&["report", "letter"]);
        let renamed = [
            t("letters: theme", Kind("letter"), "visit theme", 0.90),
            t("coverage", Coverage, "coverage rate", 0.995),
            t("official: grade F1", Official, "grade f1", 0.999),
        ];
        assert_eq!(
            check(&e, &renamed),
            [
                "letters: theme: unknown metric \"visit theme\"",
                "coverage: unknown metric \"coverage rate\"",
                "official: grade F1: unknown metric \"grade f1\"",
            ]
        );
    }

    #[test]
    fn nothing_scored_fails_the_check() {
        let e = Evaluation {
            gold: Some(EvalReport::default()),
            ..Evaluation::default()
        };
        let fails = check_targets(&e);
        assert!(
            fails.contains(&"judgement F1: \"judgement F1\" not measured (nothing scored)".into()),
            "{fails:?}"
        );
        assert!(
            fails.contains(
                &"local authority: \"local_authority\" not measured (nothing scored)".into()
            ),
            "{fails:?}"
        );
        assert!(
            fails.contains(&"coverage: \"coverage\" not measured (nothing scored)".into()),
            "{fails:?}"
        );
        // a letter group whose theme nothing scored
        let mut e = evaluation(&["letter"]);
        if let Some(l) = e.gold.as_mut().and_then(|g| g.by_kind.get_mut("letter")) {
            l.fields.remove("visit_theme");
        }
        assert_eq!(
            check_targets(&e),
            ["letters: theme: \"visit_theme\" not measured (nothing scored)"]
        );
    }

    #[test]
    fn below_target_is_reported_with_the_value() {
        let mut e = evaluation(&["report"]);
        if let Some(g) = e.gold.as_mut() {
            g.fields.insert(
                "inspection_start".into(),
                Tally {
                    right: 97,
                    total: 100,
                },
            );
        }
        assert_eq!(check_targets(&e), ["inspection start: 97.00% < 98.0%"]);
    }
}
