//! Evaluation of ofsted-etl: runs the pipeline in memory over a folder of inputs and
//! scores the tables against hand-checked gold JSON (format of `shared/corpus/README.md`):
//! per-field accuracy, judgement precision/recall/F1, per-document exact match,
//! improvement lists, rejects, and every disagreement; coverage of every input; Ofsted's
//! official outcomes (`official`); and council papers and news on real pages
//! (`secondary`). It also holds the project's targets that `eval --check` applies.
//!
//! What it is for: measuring. It depends on `ofsted-pipeline` (never the other way round),
//! so the pipeline builds and runs without any of it.
//!
//! What it is not for: producing or publishing tables (`ofsted-pipeline`), or printing and
//! exit codes (the binary's `eval` command turns these reports into output).

mod coverage;
mod extended;
pub mod metric;
mod official;
mod secondary;
pub mod targets;

pub use coverage::{CoverageReport, score_coverage};
pub use metric::{Field, MetricError};
pub use official::{KeyError, KeyEvent, OfficialReport, read_key, score_official};
pub use secondary::{
    PageGold, SECONDARY_TARGETS, SecondaryReport, SecondaryScores, check_secondary, read_page_gold,
    score_secondary,
};
pub use targets::{TARGETS, Target, check_targets, target};

use ofsted_model::rows::{DocumentRow, FindingRow, InspectionRow};
use ofsted_model::schema::{Row, Value};
use ofsted_model::vocab::{
    DocType, FindingKind, Framework, InspectionType, RejectReason, RejectStage, TypeBasis,
};
use ofsted_pipeline::run::{ProcessOptions, Processed};
use ofsted_transform::link::Tables;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One gold judgement.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct GoldJudgement {
    /// Canonical area.
    pub area: String,
    /// Grade key.
    pub grade: String,
    /// Label as printed.
    #[serde(default)]
    pub area_verbatim: Option<String>,
    /// Grade as printed.
    #[serde(default)]
    pub grade_verbatim: Option<String>,
}

/// One gold file.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Gold {
    /// The input's file name.
    pub file: String,
    /// `"reject"` for files that must be rejected.
    #[serde(default)]
    pub expected_outcome: Option<String>,
    /// Council name as the report gives it.
    #[serde(default)]
    pub local_authority: Option<String>,
    /// Plain area name.
    #[serde(default)]
    pub la_short: Option<String>,
    /// Title.
    #[serde(default)]
    pub report_title: Option<String>,
    /// Framework key.
    #[serde(default)]
    pub framework: Option<String>,
    /// Start date.
    #[serde(default)]
    pub inspection_start: Option<String>,
    /// End date.
    #[serde(default)]
    pub inspection_end: Option<String>,
    /// Publication date.
    #[serde(default)]
    pub published: Option<String>,
    /// Lead inspector.
    #[serde(default)]
    pub lead_inspector: Option<String>,
    /// Judgements.
    #[serde(default)]
    pub judgements: Vec<GoldJudgement>,
    /// Improvement list.
    #[serde(default)]
    pub what_needs_to_improve: Vec<String>,
    /// People named with roles.
    #[serde(default)]
    pub other_people_named_with_roles: Vec<GoldPerson>,
    /// Extended format: `inspection_report`, `inspection_letter` or `other`.
    #[serde(default)]
    pub document_kind: Option<String>,
    /// Extended format: the date printed at the top of a letter.
    #[serde(default)]
    pub letter_date: Option<String>,
    /// Extended format: "areas for priority action" items.
    #[serde(default)]
    pub priority_actions: Vec<String>,
    /// Extended format: the letter's first addressee.
    #[serde(default)]
    pub addressee: Option<GoldAddressee>,
    /// Extended format: every addressee (JTAI).
    #[serde(default)]
    pub addressees: Vec<GoldAddressee>,
    /// Extended format: the visit's theme key.
    #[serde(default)]
    pub visit_theme: Option<String>,
    /// Extended format: the visit's focus as printed.
    #[serde(default)]
    pub visit_theme_verbatim: Option<String>,
    /// Extended format: a JTAI's theme as printed.
    #[serde(default)]
    pub jtai_theme_verbatim: Option<String>,
    /// Extended format: a JTAI's inspectorates.
    #[serde(default)]
    pub inspectorates: Option<Vec<String>>,
    /// Extended format: an Area SEND report's outcome as printed.
    #[serde(default)]
    pub send_outcome: Option<String>,
}

/// An addressee in the extended gold format.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct GoldAddressee {
    /// Name.
    pub name: String,
    /// Role as printed.
    #[serde(default)]
    pub role: Option<String>,
    /// Organisation as printed.
    #[serde(default)]
    pub organisation: Option<String>,
}

/// A person in gold.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct GoldPerson {
    /// Name.
    pub name: String,
    /// Role as printed.
    #[serde(default)]
    pub role: Option<String>,
}

/// Errors reading gold.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A gold file could not be read or parsed.
    #[error("gold file {path}: {message}")]
    Gold {
        /// The file.
        path: PathBuf,
        /// What went wrong (with line and column for JSON errors).
        message: String,
    },
}

/// Reads every `*.json` in `dir`, sorted by name.
pub fn read_gold(dir: &Path) -> Result<Vec<Gold>, EvalError> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| EvalError::Gold {
            path: dir.to_path_buf(),
            message: e.to_string(),
        })?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).map_err(|e| EvalError::Gold {
                path: p.clone(),
                message: e.to_string(),
            })?;
            serde_json::from_slice(&bytes).map_err(|e| EvalError::Gold {
                path: p.clone(),
                message: e.to_string(),
            })
        })
        .collect()
}

/// Correct / total counter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Right.
    pub right: usize,
    /// Scored.
    pub total: usize,
}

impl Tally {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        if ok {
            self.right += 1;
        }
    }

    /// Fraction right, as the plain-text report shows it (1.0 when nothing was scored;
    /// targets use [`Tally::measured`], for which 0 of 0 is no value).
    pub fn rate(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.right as f64 / self.total as f64
        }
    }
}

/// The scores.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EvalReport {
    /// Gold files scored.
    pub documents: usize,
    /// Per-field accuracy.
    pub fields: BTreeMap<String, Tally>,
    /// Judgement true positives.
    pub judgement_tp: usize,
    /// Judgement false positives.
    pub judgement_fp: usize,
    /// Judgement false negatives.
    pub judgement_fn: usize,
    /// Reports whose judgements are all right (and none extra).
    pub judgements_exact: Tally,
    /// Reports whose improvement list has the gold's number of items.
    pub improvement_count_exact: Tally,
    /// Gold improvement items found with matching text.
    pub improvement_items: Tally,
    /// Gold people found by name in the document's `people` rows.
    pub people_found: Tally,
    /// Of those, people whose role matches too.
    pub people_role: Tally,
    /// Reports where every scored field and all judgements are right.
    pub documents_exact: Tally,
    /// Expected rejects that were rejected (and nothing else rejected).
    pub rejects: Tally,
    /// Every disagreement: (file, field, expected, got).
    pub disagreements: Vec<(String, String, String, String)>,
    /// Gold files with no input file: not scored.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
    /// The same scores per document kind (see [`groups_of`]).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub by_kind: BTreeMap<String, EvalReport>,
}

impl Tally {
    fn merge(&mut self, o: Tally) {
        self.right += o.right;
        self.total += o.total;
    }
}

impl EvalReport {
    fn disagree(&mut self, file: &str, field: &str, want: String, got: String) {
        self.disagreements
            .push((file.to_owned(), field.to_owned(), want, got));
    }

    fn merge_field(&mut self, name: &str, t: Tally) {
        self.fields.entry(name.to_owned()).or_default().merge(t);
    }

    fn add_field(&mut self, field: Field, t: Tally) {
        self.merge_field(field.as_str(), t);
    }

    /// Adds another report's counts and disagreements to this one.
    fn absorb(&mut self, o: &EvalReport) {
        self.documents += o.documents;
        for (k, t) in &o.fields {
            self.merge_field(k, *t);
        }
        self.judgement_tp += o.judgement_tp;
        self.judgement_fp += o.judgement_fp;
        self.judgement_fn += o.judgement_fn;
        self.judgements_exact.merge(o.judgements_exact);
        self.improvement_count_exact
            .merge(o.improvement_count_exact);
        self.improvement_items.merge(o.improvement_items);
        self.people_found.merge(o.people_found);
        self.people_role.merge(o.people_role);
        self.documents_exact.merge(o.documents_exact);
        self.rejects.merge(o.rejects);
        self.disagreements.extend(o.disagreements.iter().cloned());
    }

    /// Judgement precision.
    pub fn precision(&self) -> f64 {
        ratio(self.judgement_tp, self.judgement_tp + self.judgement_fp)
    }
    /// Judgement recall.
    pub fn recall(&self) -> f64 {
        ratio(self.judgement_tp, self.judgement_tp + self.judgement_fn)
    }
    /// Judgement F1.
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
    /// A plain-text report for a person: the scores over all gold, per document kind
    /// (when there is more than one kind), skipped gold, then every disagreement.
    pub fn render(&self) -> String {
        let mut s = String::new();
        self.render_scores(&mut s, "");
        let only_reports = self.by_kind.keys().all(|k| k == "report");
        if !only_reports {
            for (kind, r) in &self.by_kind {
                let _ = writeln!(s, "\n[{kind}]");
                r.render_scores(&mut s, "  ");
            }
        }
        if !self.skipped.is_empty() {
            let _ = writeln!(
                s,
                "\ngold without an input file, not scored ({}):",
                self.skipped.len()
            );
            for f in &self.skipped {
                let _ = writeln!(s, "  {f}");
            }
        }
        if !self.disagreements.is_empty() {
            let _ = writeln!(s, "\ndisagreements ({}):", self.disagreements.len());
            for (f, field, want, got) in &self.disagreements {
                let _ = writeln!(s, "  {f}: {field}: expected {want:?}, got {got:?}");
            }
        }
        s
    }

    fn render_scores(&self, s: &mut String, indent: &str) {
        let _ = writeln!(s, "{indent}documents scored: {}", self.documents);
        let _ = writeln!(
            s,
            "{indent}judgements: precision {:.4}  recall {:.4}  F1 {:.4}  (tp {}, fp {}, fn {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.judgement_tp,
            self.judgement_fp,
            self.judgement_fn
        );
        let line = |s: &mut String, name: &str, t: &Tally| {
            let _ = writeln!(
                s,
                "{indent}{name:<28} {:>7.2}%  ({}/{})",
                t.rate() * 100.0,
                t.right,
                t.total
            );
        };
        line(s, "all judgements right", &self.judgements_exact);
        for (k, t) in &self.fields {
            line(s, k, t);
        }
        line(s, "improvement count exact", &self.improvement_count_exact);
        line(s, "improvement item text", &self.improvement_items);
        line(s, "people named (recall)", &self.people_found);
        line(s, "people role right", &self.people_role);
        if indent.is_empty() {
            line(s, "rejects as expected", &self.rejects);
        }
        line(s, "documents fully right", &self.documents_exact);
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// The harmonic mean of precision and recall (0 when both are 0).
fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

/// Text normalisation for comparisons: case, quotes, dashes, whitespace, trailing dot,
/// and hyphens inside words ("decision-making" = "decisionmaking"): gold read through
/// poppler drops the hyphen of compounds split at a line end, while the pipeline keeps it
/// (see `shared/notes/pdf-engines.md`), so word text is compared hyphen-neutrally.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let is_hyphen = matches!(c, '-' | '\u{2010}' | '\u{2011}');
        let between_letters = i > 0
            && chars.get(i - 1).is_some_and(|p| p.is_alphabetic())
            && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
        if is_hyphen && between_letters {
            continue;
        }
        let c = match c {
            '\u{2018}' | '\u{2019}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2013}' | '\u{2014}' | '\u{2010}' | '\u{2011}' => '-',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out.trim_end_matches(['.', ';', ',']).to_owned()
}

fn name_of(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn la_matches(gold: &Gold, got: Option<&str>) -> bool {
    let Some(got) = got else { return false };
    let g = norm(got).replace('&', "and");
    [gold.la_short.as_deref(), gold.local_authority.as_deref()]
        .into_iter()
        .flatten()
        .any(|want| {
            let w = norm(want).replace('&', "and");
            w == g || w.contains(&g)
        })
}

/// Which groups a gold document is reported in: `report` (children's services reports),
/// `area_send`, `letter` plus `letter:<framework>`, or `other`.
pub fn groups_of(g: &Gold) -> Vec<String> {
    let fw = g
        .framework
        .as_deref()
        .unwrap_or(Framework::Unknown.as_str());
    let kind = g.document_kind.as_deref();
    if fw == Framework::AreaSend.as_str() {
        vec!["area_send".to_owned()]
    } else if kind == Some(DocType::InspectionLetter.as_str()) {
        vec!["letter".to_owned(), format!("letter:{fw}")]
    } else if kind == Some(DocType::Other.as_str()) {
        vec!["other".to_owned()]
    } else {
        vec!["report".to_owned()]
    }
}

/// Scores linked tables (plus rejects) against gold. Gold whose file is neither a
/// document nor a reject of this run is skipped (listed in `skipped`).
pub fn score(gold: &[Gold], processed: &Processed, tables: &Tables) -> EvalReport {
    let mut r = EvalReport::default();
    score_rejects(gold, processed, &mut r);
    for g in gold {
        if g.expected_outcome.as_deref() == Some("reject") {
            continue;
        }
        let doc = tables
            .documents
            .iter()
            .find(|d| name_of(&d.source_path) == g.file);
        let rejected = processed
            .rejects
            .iter()
            .any(|x| name_of(&x.source_path) == g.file);
        if doc.is_none() && !rejected {
            r.skipped.push(g.file.clone());
            continue;
        }
        let one = score_doc(g, doc, tables);
        for k in groups_of(g) {
            r.by_kind.entry(k).or_default().absorb(&one);
        }
        r.absorb(&one);
    }
    r
}

fn score_rejects(gold: &[Gold], processed: &Processed, r: &mut EvalReport) {
    let expected: BTreeSet<&str> = gold
        .iter()
        .filter(|g| g.expected_outcome.as_deref() == Some("reject"))
        .map(|g| g.file.as_str())
        .collect();
    for rj in &processed.rejects {
        if !expected.contains(name_of(&rj.source_path)) {
            r.rejects.add(false);
            r.disagree(
                name_of(&rj.source_path),
                "reject",
                "document".into(),
                format!("{}: {}", rj.reason, rj.message),
            );
        }
    }
    for file in expected {
        let ok = processed
            .rejects
            .iter()
            .any(|x| name_of(&x.source_path) == file);
        r.rejects.add(ok);
        if !ok {
            r.disagree(file, "reject", "reject".into(), "accepted".into());
        }
    }
}

/// One gold document's scores, in a report of its own (`documents` = 1).
fn score_doc(g: &Gold, doc: Option<&DocumentRow>, tables: &Tables) -> EvalReport {
    let mut s = DocScore {
        g,
        r: EvalReport {
            documents: 1,
            ..EvalReport::default()
        },
        all_ok: true,
    };
    let Some(doc) = doc else {
        s.r.disagree(
            &g.file,
            "document",
            "present".into(),
            "missing (rejected?)".into(),
        );
        s.r.documents_exact.add(false);
        return s.r;
    };
    let insp = tables
        .inspections
        .iter()
        .find(|i| i.primary_doc_id.as_deref() == Some(doc.doc_id.as_str()));
    s.basics(doc, insp);
    s.judgements(doc, tables);
    let ours = findings_of(
        tables,
        doc,
        &[FindingKind::Improvement, FindingKind::Recommendation],
    );
    let (count, items) = s.list("improvement", &g.what_needs_to_improve, &ours);
    s.r.improvement_count_exact = count;
    s.r.improvement_items = items;
    s.people(doc, tables);
    if g.document_kind.is_some() {
        s.extended(doc, insp, tables);
    }
    let ok = s.all_ok;
    s.r.documents_exact.add(ok);
    s.r
}

fn findings_of<'a>(
    tables: &'a Tables,
    doc: &DocumentRow,
    kinds: &[FindingKind],
) -> Vec<&'a FindingRow> {
    let mut ours: Vec<_> = tables
        .findings
        .iter()
        .filter(|f| f.doc_id == doc.doc_id && kinds.contains(&f.kind))
        .collect();
    ours.sort_by_key(|f| f.char_start);
    ours
}

/// The value of an `inspections` column by name, when the schema has it (so that the
/// eval can score columns other crates add: `theme`, `theme_verbatim`, ...). `None`: no
/// such column; `Some(None)`: null.
pub fn inspection_column(i: &InspectionRow, name: &str) -> Option<Option<String>> {
    let idx = InspectionRow::SCHEMA.index_of(name)?;
    let v = i.values().into_iter().nth(idx)?;
    Some(match v {
        Value::Null => None,
        Value::Str(s) => Some(s),
        Value::Int(n) => Some(n.to_string()),
        Value::Date(d) => Some(d.to_string()),
        Value::Bool(b) => Some(b.to_string()),
    })
}

struct DocScore<'a> {
    g: &'a Gold,
    r: EvalReport,
    all_ok: bool,
}

impl DocScore<'_> {
    fn field(&mut self, field: Field, ok: bool, want: String, got: String) {
        let name = field.as_str();
        self.r.fields.entry(name.to_owned()).or_default().add(ok);
        if !ok {
            self.all_ok = false;
            let file = self.g.file.clone();
            self.r.disagree(&file, name, want, got);
        }
    }

    fn basics(&mut self, doc: &DocumentRow, insp: Option<&InspectionRow>) {
        let g = self.g;
        let la = insp
            .and_then(|i| i.local_authority.as_deref())
            .or(doc.local_authority.as_deref());
        self.field(
            Field::LocalAuthority,
            la_matches(g, la),
            g.la_short.clone().unwrap_or_default(),
            la.unwrap_or("").to_owned(),
        );
        if let Some(want) = &g.report_title {
            let got = doc.title.clone().unwrap_or_default();
            self.field(
                Field::ReportTitle,
                norm(want) == norm(&got),
                want.clone(),
                got,
            );
        }
        if let Some(want) = &g.framework {
            let (ok, got) = framework_matches(want, insp);
            self.field(Field::Framework, ok, want.clone(), got);
        }
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
        let got_start = insp.and_then(|i| date(i.start_date));
        self.field(
            Field::InspectionStart,
            g.inspection_start == got_start,
            g.inspection_start.clone().unwrap_or_default(),
            got_start.unwrap_or_default(),
        );
        let got_end = insp.and_then(|i| date(i.end_date));
        self.field(
            Field::InspectionEnd,
            g.inspection_end == got_end,
            g.inspection_end.clone().unwrap_or_default(),
            got_end.unwrap_or_default(),
        );
        let got_pub =
            date(doc.published_date).or_else(|| insp.and_then(|i| date(i.published_date)));
        self.field(
            Field::Published,
            g.published == got_pub,
            g.published.clone().unwrap_or_default(),
            got_pub.unwrap_or_default(),
        );
        let got_lead = insp.and_then(|i| i.lead_inspector.clone());
        self.field(
            Field::LeadInspector,
            g.lead_inspector.as_deref().map(norm) == got_lead.as_deref().map(norm),
            g.lead_inspector.clone().unwrap_or_default(),
            got_lead.unwrap_or_default(),
        );
    }

    /// Judgements of this document about its own inspection.
    fn judgements(&mut self, doc: &DocumentRow, tables: &Tables) {
        let want: BTreeSet<(String, String)> = self
            .g
            .judgements
            .iter()
            .map(|j| (j.area.clone(), j.grade.clone()))
            .collect();
        let got: BTreeSet<(String, String)> = tables
            .judgements
            .iter()
            .filter(|j| j.doc_id == doc.doc_id && j.is_primary)
            .map(|j| (j.area.to_string(), j.grade.to_string()))
            .collect();
        let hit = want.intersection(&got).count();
        self.r.judgement_tp += hit;
        self.r.judgement_fp += got.len() - hit;
        self.r.judgement_fn += want.len() - hit;
        let ok = want == got;
        self.r.judgements_exact.add(ok);
        if ok {
            return;
        }
        self.all_ok = false;
        let file = self.g.file.clone();
        for m in want.difference(&got) {
            self.r.disagree(
                &file,
                "judgement missing",
                format!("{} {}", m.0, m.1),
                String::new(),
            );
        }
        for m in got.difference(&want) {
            self.r.disagree(
                &file,
                "judgement extra",
                String::new(),
                format!("{} {}", m.0, m.1),
            );
        }
    }

    /// A findings list against gold items: (count exact, items found with matching text).
    fn list(&mut self, what: &str, want: &[String], ours: &[&FindingRow]) -> (Tally, Tally) {
        let (mut count, mut items) = (Tally::default(), Tally::default());
        let file = self.g.file.clone();
        let cok = ours.len() == want.len();
        count.add(cok);
        if !cok {
            self.all_ok = false;
            self.r.disagree(
                &file,
                &format!("{what} count"),
                want.len().to_string(),
                ours.len().to_string(),
            );
        }
        let mut pool: Vec<String> = ours.iter().map(|f| norm(&f.text)).collect();
        for item in want {
            let n = norm(item);
            let found = pool.iter().position(|p| *p == n);
            items.add(found.is_some());
            if let Some(i) = found {
                pool.remove(i);
                continue;
            }
            self.all_ok = false;
            let closest = ours
                .iter()
                .map(|f| f.text.as_str())
                .find(|t| {
                    let t = norm(t);
                    t.get(..20.min(t.len())) == n.get(..20.min(n.len()))
                })
                .unwrap_or("")
                .to_owned();
            self.r
                .disagree(&file, &format!("{what} item"), item.clone(), closest);
        }
        (count, items)
    }

    fn people(&mut self, doc: &DocumentRow, tables: &Tables) {
        let file = self.g.file.clone();
        for p in &self.g.other_people_named_with_roles {
            let ours = tables
                .people
                .iter()
                .find(|x| x.doc_id == doc.doc_id && norm(&x.name) == norm(&p.name));
            self.r.people_found.add(ours.is_some());
            let Some(x) = ours else {
                self.r
                    .disagree(&file, "person", p.name.clone(), String::new());
                continue;
            };
            let ok = p.role.as_deref().map(norm) == x.role.as_deref().map(norm);
            self.r.people_role.add(ok);
            if !ok {
                self.r.disagree(
                    &file,
                    "person role",
                    format!("{}: {}", p.name, p.role.clone().unwrap_or_default()),
                    x.role.clone().unwrap_or_default(),
                );
            }
        }
    }
}

fn framework_matches(want: &str, insp: Option<&InspectionRow>) -> (bool, String) {
    let fw = insp.map(|i| i.framework);
    let got_fw = fw.map_or("none", Framework::as_str);
    let ilacs = fw == Some(Framework::Ilacs);
    let ty = insp.and_then(|i| i.inspection_type);
    let basis = insp.and_then(|i| i.type_basis);
    // the gold writes an ILACS inspection's type after it (`ilacs_short`), any other
    // framework as its value, optionally followed by `:<detail>`
    let ok = match want {
        "ilacs_unknown" => ilacs && basis != Some(TypeBasis::Stated),
        "ilacs_standard" => ilacs && ty == Some(InspectionType::Standard),
        "ilacs_short" => ilacs && ty == Some(InspectionType::Short),
        other => got_fw == other.split(':').next().unwrap_or(other),
    };
    let got = format!(
        "{got_fw}{}",
        ty.map(|t| format!(" {t} ({})", basis.map_or("?", TypeBasis::as_str)))
            .unwrap_or_default()
    );
    (ok, got)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_folds_quotes_dashes_space_and_case() {
        assert_eq!(
            norm("Children’s  services – good."),
            "children's services - good"
        );
    }

    #[test]
    fn tally_rate() {
        let mut t = Tally::default();
        assert_eq!(t.rate(), 1.0);
        t.add(true);
        t.add(false);
        assert_eq!(t.rate(), 0.5);
    }
}

/// Errors of a whole evaluation.
#[derive(Debug, thiserror::Error)]
pub enum EvaluateError {
    /// Gold unreadable.
    #[error(transparent)]
    Gold(#[from] EvalError),
    /// Inputs unreadable.
    #[error(transparent)]
    Run(#[from] ofsted_pipeline::run::RunError),
    /// Linking failed.
    #[error(transparent)]
    Link(#[from] ofsted_transform::link::LinkError),
    /// The official key is unreadable.
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// What `eval` measures in one run over an input folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Evaluation {
    /// Scores against hand-checked gold, when a gold folder was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold: Option<EvalReport>,
    /// What became of every input.
    pub coverage: CoverageReport,
    /// Scores against the official key, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub official: Option<OfficialReport>,
}

impl Evaluation {
    /// A plain-text report for a person.
    pub fn render(&self) -> String {
        let mut s = String::new();
        if let Some(g) = &self.gold {
            s.push_str(&g.render());
            s.push('\n');
        }
        s.push_str(&self.coverage.render());
        if let Some(o) = &self.official {
            s.push('\n');
            s.push_str(&o.render());
        }
        s
    }
}

/// Runs the pipeline in memory over every input of `input_dir` (nothing is written) and
/// scores the result: against the gold of `gold_dir` when given (gold naming no input
/// file is skipped with a note), coverage of every input, and against the official key
/// when given.
pub fn evaluate(
    gold_dir: Option<&Path>,
    input_dir: &Path,
    official: Option<&Path>,
) -> Result<Evaluation, EvaluateError> {
    evaluate_with(
        &ofsted_pipeline::config::Config::default(),
        gold_dir,
        input_dir,
        official,
    )
}

/// [`evaluate`] with the options of `cfg` (e.g. another `extract.pdf_engine`); its input
/// and output folders are not used.
pub fn evaluate_with(
    cfg: &ofsted_pipeline::config::Config,
    gold_dir: Option<&Path>,
    input_dir: &Path,
    official: Option<&Path>,
) -> Result<Evaluation, EvaluateError> {
    let gold = gold_dir.map(read_gold).transpose()?;
    let key = official.map(read_key).transpose()?;
    let (processed, tables) = run_in_memory(cfg, input_dir)?;
    Ok(Evaluation {
        gold: gold.map(|g| score(&g, &processed, &tables)),
        coverage: score_coverage(&processed.docs, &processed.rejects, &tables),
        official: key.map(|k| score_official(&k, &tables)),
    })
}

/// Runs the pipeline over the cached pages of `input_dir` and scores them against the
/// page gold of `gold_dir` (`tests/secondary-real/gold`).
pub fn evaluate_secondary(
    cfg: &ofsted_pipeline::config::Config,
    gold_dir: &Path,
    input_dir: &Path,
) -> Result<SecondaryReport, EvaluateError> {
    let gold = read_page_gold(gold_dir)?;
    let (_, tables) = run_in_memory(cfg, input_dir)?;
    Ok(score_secondary(&gold, &tables))
}

/// Every input of `input_dir` processed and linked in memory (nothing is written).
fn run_in_memory(
    cfg: &ofsted_pipeline::config::Config,
    input_dir: &Path,
) -> Result<(Processed, Tables), EvaluateError> {
    let (inputs, problems) = ofsted_pipeline::run::list_inputs(cfg, input_dir)?;
    let (results, times) =
        ofsted_pipeline::run::process_each(cfg, &inputs, &ProcessOptions::default())?;
    let mut processed = ofsted_pipeline::run::assemble(results, times);
    for (path, problem) in problems {
        processed.rejects.push(ofsted_model::rows::RejectRow {
            source_path: path,
            sha256: None,
            stage: RejectStage::Discover,
            reason: RejectReason::IoError,
            message: problem,
        });
    }
    ofsted_pipeline::run::apply_result_options(cfg, &mut processed.docs);
    let tables = ofsted_transform::link::link(&processed.docs)?;
    Ok((processed, tables))
}
