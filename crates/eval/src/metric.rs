//! Metrics by name, for the targets of `eval --check` ([`crate::targets`]): every name
//! is known here, so a misspelt or renamed metric is an error ([`MetricError::Unknown`]),
//! and a metric over nothing (0 of 0) has no value ([`MetricError::NotMeasured`]) rather
//! than a perfect one.

use crate::{CoverageReport, EvalReport, OfficialReport, Tally};
use ofsted_transform::coverage::Outcome;

/// Why a metric has no value to hold to a target.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetricError {
    /// No metric has this name (a typo, or a metric that was renamed).
    #[error("unknown metric {0:?}")]
    Unknown(String),
    /// The metric exists but nothing was scored (0 of 0).
    #[error("{0:?} not measured (nothing scored)")]
    NotMeasured(String),
}

/// A per-field accuracy of the gold scorer: the keys of [`EvalReport::fields`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The authority (`la_short` or `local_authority` of the gold).
    LocalAuthority,
    /// The document's title.
    ReportTitle,
    /// Framework (and ILACS type).
    Framework,
    /// First day on site.
    InspectionStart,
    /// Last day on site.
    InspectionEnd,
    /// Publication date.
    Published,
    /// Lead inspector.
    LeadInspector,
    /// Extended gold: the date at the top of a letter.
    LetterDate,
    /// Extended gold: the visit's theme key.
    VisitTheme,
    /// Extended gold: the theme as printed.
    ThemeVerbatim,
    /// Extended gold: the number of priority actions is exact.
    PriorityActionCount,
    /// Extended gold: priority actions found with matching text.
    PriorityActionItems,
    /// Extended gold: an Area SEND report's outcome.
    SendOutcome,
    /// Extended gold: an Area SEND report yields no children's-services judgement.
    AreaSendWithoutJudgements,
    /// Extended gold: a letter's addressee found by name.
    Addressee,
    /// Extended gold: that addressee's role.
    AddresseeRole,
    /// Extended gold: that addressee's organisation.
    AddresseeOrganisation,
    /// Extended gold: every JTAI addressee found by name.
    JtaiAddresseesFound,
    /// Extended gold: the organisation of those found.
    JtaiAddresseeOrganisation,
    /// Extended gold: a JTAI's set of inspectorates.
    Inspectorates,
}

impl Field {
    /// Every field, in no particular order.
    pub const ALL: [Field; 20] = [
        Field::LocalAuthority,
        Field::ReportTitle,
        Field::Framework,
        Field::InspectionStart,
        Field::InspectionEnd,
        Field::Published,
        Field::LeadInspector,
        Field::LetterDate,
        Field::VisitTheme,
        Field::ThemeVerbatim,
        Field::PriorityActionCount,
        Field::PriorityActionItems,
        Field::SendOutcome,
        Field::AreaSendWithoutJudgements,
        Field::Addressee,
        Field::AddresseeRole,
        Field::AddresseeOrganisation,
        Field::JtaiAddresseesFound,
        Field::JtaiAddresseeOrganisation,
        Field::Inspectorates,
    ];

    /// The name in reports, JSON and targets.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::LocalAuthority => "local_authority",
            Field::ReportTitle => "report_title",
            Field::Framework => "framework",
            Field::InspectionStart => "inspection_start",
            Field::InspectionEnd => "inspection_end",
            Field::Published => "published",
            Field::LeadInspector => "lead_inspector",
            Field::LetterDate => "letter_date",
            Field::VisitTheme => "visit_theme",
            Field::ThemeVerbatim => "theme_verbatim",
            Field::PriorityActionCount => "priority_action count exact",
            Field::PriorityActionItems => "priority_action item text",
            Field::SendOutcome => "send_outcome",
            Field::AreaSendWithoutJudgements => "area_send without judgements",
            Field::Addressee => "addressee",
            Field::AddresseeRole => "addressee role",
            Field::AddresseeOrganisation => "addressee organisation",
            Field::JtaiAddresseesFound => "jtai addressees found",
            Field::JtaiAddresseeOrganisation => "jtai addressee organisation",
            Field::Inspectorates => "inspectorates",
        }
    }

    /// The field of this name.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

impl Tally {
    /// Fraction right, or `None` when nothing was scored (for targets: 0 of 0 is not a pass).
    pub fn measured(&self) -> Option<f64> {
        (self.total > 0).then(|| self.right as f64 / self.total as f64)
    }
}

/// `a / b`, or `None` when `b` is 0.
pub(crate) fn measured_ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// `f1` (the F1 computed from these counts), or `None` when there is no true positive,
/// false positive or false negative at all.
fn measured_f1(tp: usize, fp: usize, fneg: usize, f1: f64) -> Option<f64> {
    (tp + fp + fneg > 0).then_some(f1)
}

/// `value` for a target on `name`, [`MetricError::NotMeasured`] when it is `None`.
fn measured(name: &str, value: Option<f64>) -> Result<f64, MetricError> {
    value.ok_or_else(|| MetricError::NotMeasured(name.to_owned()))
}

/// The metrics of a gold report, besides the [`Field`]s (named as in its plain-text
/// report).
pub const REPORT_METRICS: &[&str] = &[
    "judgement F1",
    "all judgements right",
    "improvement count exact",
    "improvement item text",
    "people named (recall)",
    "people role right",
    "rejects as expected",
    "documents fully right",
];

impl EvalReport {
    /// Accuracy of one field: an error for a name that is no [`Field`], or for a field
    /// that nothing scored.
    pub fn field(&self, name: &str) -> Result<f64, MetricError> {
        if Field::from_name(name).is_none() {
            return Err(MetricError::Unknown(name.to_owned()));
        }
        measured(name, self.fields.get(name).and_then(Tally::measured))
    }

    /// A metric by name: one of [`REPORT_METRICS`] or a [`Field`].
    ///
    /// `rejects as expected` is measured whenever gold was scored: with no reject expected
    /// and none made, it is met.
    pub fn metric(&self, name: &str) -> Result<f64, MetricError> {
        let tally = |t: &Tally| measured(name, t.measured());
        match name {
            "judgement F1" => measured(
                name,
                measured_f1(
                    self.judgement_tp,
                    self.judgement_fp,
                    self.judgement_fn,
                    self.f1(),
                ),
            ),
            "all judgements right" => tally(&self.judgements_exact),
            "improvement count exact" => tally(&self.improvement_count_exact),
            "improvement item text" => tally(&self.improvement_items),
            "people named (recall)" => tally(&self.people_found),
            "people role right" => tally(&self.people_role),
            "documents fully right" => tally(&self.documents_exact),
            "rejects as expected" => match self.rejects.measured() {
                Some(v) => Ok(v),
                None if self.documents > 0 => Ok(1.0),
                None => Err(MetricError::NotMeasured(name.to_owned())),
            },
            _ => self.field(name),
        }
    }
}

/// The metrics of the coverage report.
pub const COVERAGE_METRICS: &[&str] = &["coverage", "no document without a trace"];

impl CoverageReport {
    /// A metric by name (one of [`COVERAGE_METRICS`]): `coverage` is [`Self::rate`] over
    /// at least one document that is not secondary; `no document without a trace` is 1
    /// when [`Self::without_trace`] is empty (0 otherwise), over at least one input.
    pub fn metric(&self, name: &str) -> Result<f64, MetricError> {
        let n = |k: &str| self.outcomes.get(k).copied().unwrap_or(0);
        match name {
            "coverage" => {
                let primary = n(Outcome::Primary.as_str());
                let denominator = primary
                    + n(Outcome::NoInspectionFound.as_str())
                    + n(Outcome::Unrecognised.as_str());
                measured(name, measured_ratio(primary, denominator))
            }
            "no document without a trace" => measured(
                name,
                (self.inputs > 0).then_some(if self.without_trace.is_empty() {
                    1.0
                } else {
                    0.0
                }),
            ),
            _ => Err(MetricError::Unknown(name.to_owned())),
        }
    }
}

/// The metrics of the report against the official key.
pub const OFFICIAL_METRICS: &[&str] = &[
    "grade F1",
    "start date",
    "GSS code at the date",
    "framework",
    "event recall",
];

impl OfficialReport {
    /// A metric by name (one of [`OFFICIAL_METRICS`]).
    pub fn metric(&self, name: &str) -> Result<f64, MetricError> {
        let value = match name {
            "grade F1" => measured_f1(self.grade_tp, self.grade_fp, self.grade_fn, self.f1()),
            "start date" => self.start_date.measured(),
            "GSS code at the date" => self.gss_code.measured(),
            "framework" => self.framework.measured(),
            "event recall" => measured_ratio(self.in_scope_matched, self.in_scope),
            _ => return Err(MetricError::Unknown(name.to_owned())),
        };
        measured(name, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_round_trip() {
        for f in Field::ALL {
            assert_eq!(Field::from_name(f.as_str()), Some(f));
        }
        assert_eq!(Field::from_name("visit theme"), None);
    }

    #[test]
    fn an_unknown_field_is_an_error_and_an_empty_one_is_not_measured() {
        let mut r = EvalReport::default();
        assert_eq!(
            r.field("renamed"),
            Err(MetricError::Unknown("renamed".into()))
        );
        assert_eq!(
            r.metric("renamed"),
            Err(MetricError::Unknown("renamed".into()))
        );
        assert_eq!(
            r.field("visit_theme"),
            Err(MetricError::NotMeasured("visit_theme".into()))
        );
        r.fields
            .insert("visit_theme".into(), Tally { right: 0, total: 0 });
        assert_eq!(
            r.field("visit_theme"),
            Err(MetricError::NotMeasured("visit_theme".into()))
        );
        r.fields
            .insert("visit_theme".into(), Tally { right: 1, total: 4 });
        assert_eq!(r.field("visit_theme"), Ok(0.25));
    }

    #[test]
    fn empty_counts_are_not_measured() {
        let r = EvalReport::default();
        for m in REPORT_METRICS {
            assert_eq!(r.metric(m), Err(MetricError::NotMeasured((*m).into())));
        }
        let c = CoverageReport::default();
        for m in COVERAGE_METRICS {
            assert_eq!(c.metric(m), Err(MetricError::NotMeasured((*m).into())));
        }
        let o = OfficialReport::default();
        for m in OFFICIAL_METRICS {
            assert_eq!(o.metric(m), Err(MetricError::NotMeasured((*m).into())));
        }
        assert!(matches!(c.metric("x"), Err(MetricError::Unknown(_))));
        assert!(matches!(o.metric("x"), Err(MetricError::Unknown(_))));
    }

    #[test]
    fn rejects_are_met_when_none_was_expected_or_made_over_scored_gold() {
        let r = EvalReport {
            documents: 3,
            ..EvalReport::default()
        };
        assert_eq!(r.metric("rejects as expected"), Ok(1.0));
    }

    #[test]
    fn judgement_f1_is_measured_over_any_judgement() {
        let mut r = EvalReport {
            judgement_fn: 1,
            ..EvalReport::default()
        };
        assert_eq!(r.metric("judgement F1"), Ok(0.0));
        r.judgement_tp = 3;
        assert_eq!(r.metric("judgement F1"), Ok(r.f1()));
    }
}
