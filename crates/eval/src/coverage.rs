//! Coverage: what became of every input (`ofsted_transform::coverage`), checked against
//! the tables: a document without an inspection must carry its error row.

use super::name_of;
use ofsted_model::rows::RejectRow;
use ofsted_model::vocab::Severity;
use ofsted_transform::coverage::{Outcome, outcome};
use ofsted_transform::link::Tables;
use ofsted_transform::tables::DocResult;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Inputs per outcome, and the ones that yielded no inspection.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CoverageReport {
    /// Inputs found.
    pub inputs: usize,
    /// Inputs per outcome (`primary`, `secondary`, `no_inspection_found`,
    /// `unrecognised_document`, `rejected`).
    pub outcomes: BTreeMap<String, usize>,
    /// Documents that are not the primary document of an inspection nor linked to one:
    /// (file, outcome, the message of its error row).
    pub no_inspection: Vec<(String, String, String)>,
    /// Rejected inputs: (file, reason).
    pub rejected: Vec<(String, String)>,
    /// Documents with no inspection, no link and no error row saying why (must be none).
    pub without_trace: Vec<String>,
}

impl CoverageReport {
    /// Share of the documents read that are not secondary (in a folder of Ofsted
    /// documents: every Ofsted document) that yielded their inspection.
    pub fn rate(&self) -> f64 {
        let n = |k: &str| self.outcomes.get(k).copied().unwrap_or(0);
        let primary = n(Outcome::Primary.as_str());
        let denominator =
            primary + n(Outcome::NoInspectionFound.as_str()) + n(Outcome::Unrecognised.as_str());
        super::ratio(primary, denominator)
    }

    /// A plain-text report.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let counts: Vec<String> = self
            .outcomes
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        let _ = writeln!(
            s,
            "coverage: {} inputs: {}; inspection yielded by {:.2}% of the documents that are not secondary; {} without a trace",
            self.inputs,
            counts.join(", "),
            self.rate() * 100.0,
            self.without_trace.len()
        );
        for (f, o, m) in &self.no_inspection {
            let _ = writeln!(s, "  {o}: {f}: {m}");
        }
        for (f, reason) in &self.rejected {
            let _ = writeln!(s, "  rejected: {f}: {reason}");
        }
        for f in &self.without_trace {
            let _ = writeln!(s, "  WITHOUT TRACE: {f}");
        }
        s
    }
}

/// Coverage of one run's inputs.
pub fn score_coverage(
    docs: &[DocResult],
    rejects: &[RejectRow],
    tables: &Tables,
) -> CoverageReport {
    let mut r = CoverageReport {
        inputs: docs.len() + rejects.len(),
        ..CoverageReport::default()
    };
    for o in Outcome::ALL {
        r.outcomes.insert(o.as_str().to_owned(), 0);
    }
    r.outcomes.insert("rejected".to_owned(), rejects.len());
    for d in docs {
        let o = outcome(d);
        *r.outcomes.entry(o.as_str().to_owned()).or_default() += 1;
        let id = &d.document.doc_id;
        let file = name_of(&d.document.source_path).to_owned();
        let is_primary = tables
            .inspections
            .iter()
            .any(|i| i.primary_doc_id.as_ref() == Some(id));
        if o == Outcome::Primary && is_primary || o == Outcome::Secondary {
            continue;
        }
        let row = tables.quality.iter().find(|q| {
            q.doc_id.as_ref() == Some(id) && q.severity == Severity::Error && q.code == o.as_str()
        });
        match row {
            Some(q) => r
                .no_inspection
                .push((file, o.as_str().to_owned(), q.message.clone())),
            None => r.without_trace.push(file),
        }
    }
    r.no_inspection.sort();
    r.rejected = rejects
        .iter()
        .map(|x| (name_of(&x.source_path).to_owned(), x.reason.to_string()))
        .collect();
    r.rejected.sort();
    r.without_trace.sort();
    r
}
