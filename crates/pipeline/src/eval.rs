//! Scoring the pipeline against hand-checked gold JSON (format of
//! `shared/corpus/README.md`): per-field accuracy, judgement precision/recall/F1,
//! per-document exact match, improvement lists, rejects, and every disagreement.

use crate::run::Processed;
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

    /// Fraction right (1.0 when nothing was scored).
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
}

impl EvalReport {
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
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Accuracy of one field (1.0 if unscored).
    pub fn field(&self, name: &str) -> f64 {
        self.fields.get(name).map(Tally::rate).unwrap_or(1.0)
    }

    /// A plain-text report for a person.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "documents scored: {}", self.documents);
        let _ = writeln!(
            s,
            "judgements: precision {:.4}  recall {:.4}  F1 {:.4}  (tp {}, fp {}, fn {})",
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
                "{name:<28} {:>7.2}%  ({}/{})",
                t.rate() * 100.0,
                t.right,
                t.total
            );
        };
        line(&mut s, "all judgements right", &self.judgements_exact);
        for (k, t) in &self.fields {
            line(&mut s, k, t);
        }
        line(
            &mut s,
            "improvement count exact",
            &self.improvement_count_exact,
        );
        line(&mut s, "improvement item text", &self.improvement_items);
        line(&mut s, "people named (recall)", &self.people_found);
        line(&mut s, "people role right", &self.people_role);
        line(&mut s, "rejects as expected", &self.rejects);
        line(&mut s, "documents fully right", &self.documents_exact);
        if !self.disagreements.is_empty() {
            let _ = writeln!(s, "\ndisagreements ({}):", self.disagreements.len());
            for (f, field, want, got) in &self.disagreements {
                let _ = writeln!(s, "  {f}: {field}: expected {want:?}, got {got:?}");
            }
        }
        s
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
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

/// Scores linked tables (plus rejects) against gold.
pub fn score(gold: &[Gold], processed: &Processed, tables: &Tables) -> EvalReport {
    let mut r = EvalReport::default();
    let mut dis = |file: &str, field: &str, want: String, got: String| {
        r.disagreements
            .push((file.to_owned(), field.to_owned(), want, got));
    };
    let mut fields: BTreeMap<String, Tally> = BTreeMap::new();
    let (mut tp, mut fp, mut fneg) = (0, 0, 0);
    let mut judgements_exact = Tally::default();
    let mut count_exact = Tally::default();
    let mut items = Tally::default();
    let mut docs_exact = Tally::default();
    let mut rejects = Tally::default();
    let mut people_found = Tally::default();
    let mut people_role = Tally::default();
    let expected_rejects: BTreeSet<&str> = gold
        .iter()
        .filter(|g| g.expected_outcome.as_deref() == Some("reject"))
        .map(|g| g.file.as_str())
        .collect();
    for rj in &processed.rejects {
        if !expected_rejects.contains(name_of(&rj.source_path)) {
            rejects.add(false);
            dis(
                name_of(&rj.source_path),
                "reject",
                "document".into(),
                format!("{}: {}", rj.reason, rj.message),
            );
        }
    }
    for g in gold {
        if g.expected_outcome.as_deref() == Some("reject") {
            let ok = processed
                .rejects
                .iter()
                .any(|x| name_of(&x.source_path) == g.file);
            rejects.add(ok);
            if !ok {
                dis(&g.file, "reject", "reject".into(), "accepted".into());
            }
            continue;
        }
        r.documents += 1;
        let doc = tables
            .documents
            .iter()
            .find(|d| name_of(&d.source_path) == g.file);
        let Some(doc) = doc else {
            dis(
                &g.file,
                "document",
                "present".into(),
                "missing (rejected?)".into(),
            );
            docs_exact.add(false);
            continue;
        };
        let insp = tables
            .inspections
            .iter()
            .find(|i| i.primary_doc_id.as_deref() == Some(doc.doc_id.as_str()));
        let mut all_ok = true;
        let mut field = |name: &str, ok: bool, want: String, got: String| {
            fields.entry(name.to_owned()).or_default().add(ok);
            if !ok {
                all_ok = false;
                dis(&g.file, name, want, got);
            }
        };
        let la = insp
            .and_then(|i| i.local_authority.as_deref())
            .or(doc.local_authority.as_deref());
        field(
            "local_authority",
            la_matches(g, la),
            g.la_short.clone().unwrap_or_default(),
            la.unwrap_or("").to_owned(),
        );
        if let Some(want) = &g.report_title {
            let got = doc.title.clone().unwrap_or_default();
            field("report_title", norm(want) == norm(&got), want.clone(), got);
        }
        if let Some(want) = &g.framework {
            let got_fw = insp.map(|i| i.framework.as_str()).unwrap_or("none");
            let got_type = insp.and_then(|i| i.inspection_type.as_deref());
            let got_basis = insp.and_then(|i| i.type_basis.as_deref());
            let ok = match want.as_str() {
                "ilacs_unknown" => got_fw == "ilacs" && got_basis != Some("stated"),
                "ilacs_standard" => got_fw == "ilacs" && got_type == Some("standard"),
                "ilacs_short" => got_fw == "ilacs" && got_type == Some("short"),
                other => got_fw == other.split(':').next().unwrap_or(other),
            };
            let got = format!(
                "{got_fw}{}",
                got_type
                    .map(|t| format!(" {t} ({})", got_basis.unwrap_or("?")))
                    .unwrap_or_default()
            );
            field("framework", ok, want.clone(), got);
        }
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
        field(
            "inspection_start",
            g.inspection_start == insp.and_then(|i| date(i.start_date)),
            g.inspection_start.clone().unwrap_or_default(),
            insp.and_then(|i| date(i.start_date)).unwrap_or_default(),
        );
        field(
            "inspection_end",
            g.inspection_end == insp.and_then(|i| date(i.end_date)),
            g.inspection_end.clone().unwrap_or_default(),
            insp.and_then(|i| date(i.end_date)).unwrap_or_default(),
        );
        let got_pub =
            date(doc.published_date).or_else(|| insp.and_then(|i| date(i.published_date)));
        field(
            "published",
            g.published == got_pub,
            g.published.clone().unwrap_or_default(),
            got_pub.unwrap_or_default(),
        );
        let got_lead = insp.and_then(|i| i.lead_inspector.clone());
        field(
            "lead_inspector",
            g.lead_inspector.as_deref().map(norm) == got_lead.as_deref().map(norm),
            g.lead_inspector.clone().unwrap_or_default(),
            got_lead.unwrap_or_default(),
        );
        // judgements of this report about its own inspection
        let want: BTreeSet<(String, String)> = g
            .judgements
            .iter()
            .map(|j| (j.area.clone(), j.grade.clone()))
            .collect();
        let got: BTreeSet<(String, String)> = tables
            .judgements
            .iter()
            .filter(|j| j.doc_id == doc.doc_id && j.is_primary)
            .map(|j| (j.area.clone(), j.grade.clone()))
            .collect();
        let hit = want.intersection(&got).count();
        tp += hit;
        fp += got.len() - hit;
        fneg += want.len() - hit;
        let jok = want == got;
        judgements_exact.add(jok);
        if !jok {
            all_ok = false;
            for m in want.difference(&got) {
                dis(
                    &g.file,
                    "judgement missing",
                    format!("{} {}", m.0, m.1),
                    String::new(),
                );
            }
            for m in got.difference(&want) {
                dis(
                    &g.file,
                    "judgement extra",
                    String::new(),
                    format!("{} {}", m.0, m.1),
                );
            }
        }
        // improvement list
        let mut ours: Vec<_> = tables
            .findings
            .iter()
            .filter(|f| {
                f.doc_id == doc.doc_id && (f.kind == "improvement" || f.kind == "recommendation")
            })
            .collect();
        ours.sort_by_key(|f| f.char_start);
        let cok = ours.len() == g.what_needs_to_improve.len();
        count_exact.add(cok);
        if !cok {
            all_ok = false;
            dis(
                &g.file,
                "improvement count",
                g.what_needs_to_improve.len().to_string(),
                ours.len().to_string(),
            );
        }
        let mut pool: Vec<String> = ours.iter().map(|f| norm(&f.text)).collect();
        for item in &g.what_needs_to_improve {
            let n = norm(item);
            let found = pool.iter().position(|p| *p == n);
            items.add(found.is_some());
            match found {
                Some(i) => {
                    pool.remove(i);
                }
                None => {
                    all_ok = false;
                    let closest = ours
                        .iter()
                        .map(|f| f.text.as_str())
                        .find(|t| {
                            let t = norm(t);
                            t.get(..20.min(t.len())) == n.get(..20.min(n.len()))
                        })
                        .unwrap_or("")
                        .to_owned();
                    dis(&g.file, "improvement item", item.clone(), closest);
                }
            }
        }
        for p in &g.other_people_named_with_roles {
            let ours = tables
                .people
                .iter()
                .find(|x| x.doc_id == doc.doc_id && norm(&x.name) == norm(&p.name));
            people_found.add(ours.is_some());
            match ours {
                None => dis(&g.file, "person", p.name.clone(), String::new()),
                Some(x) => {
                    let ok = p.role.as_deref().map(norm) == x.role.as_deref().map(norm);
                    people_role.add(ok);
                    if !ok {
                        dis(
                            &g.file,
                            "person role",
                            format!("{}: {}", p.name, p.role.clone().unwrap_or_default()),
                            x.role.clone().unwrap_or_default(),
                        );
                    }
                }
            }
        }
        docs_exact.add(all_ok);
    }
    r.fields = fields;
    r.judgement_tp = tp;
    r.judgement_fp = fp;
    r.judgement_fn = fneg;
    r.judgements_exact = judgements_exact;
    r.improvement_count_exact = count_exact;
    r.improvement_items = items;
    r.documents_exact = docs_exact;
    r.people_found = people_found;
    r.people_role = people_role;
    r.rejects = rejects;
    r
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
    Run(#[from] crate::run::RunError),
    /// Linking failed.
    #[error(transparent)]
    Link(#[from] ofsted_transform::link::LinkError),
}

/// Runs the pipeline in memory over the inputs of `input_dir` that the gold names and
/// scores the result. Nothing is written.
pub fn evaluate(gold_dir: &Path, input_dir: &Path) -> Result<EvalReport, EvaluateError> {
    let gold = read_gold(gold_dir)?;
    let cfg = crate::config::Config::default();
    let (inputs, _) = crate::run::list_inputs(&cfg, input_dir)?;
    let wanted: BTreeSet<&str> = gold.iter().map(|g| g.file.as_str()).collect();
    let inputs: Vec<_> = inputs
        .into_iter()
        .filter(|f| wanted.contains(name_of(&f.rel_path)))
        .collect();
    let mut processed = crate::run::process_inputs(&cfg, &inputs, None, true, &|_| {})?;
    crate::run::apply_result_options(&cfg, &mut processed.docs);
    let tables = ofsted_transform::link::link(&processed.docs)?;
    Ok(score(&gold, &processed, &tables))
}

/// The project's targets (issue "Real Ofsted PDFs of every framework"); returns each
/// target missed, with the measured value.
pub fn check_targets(r: &EvalReport) -> Vec<String> {
    let mut fails = Vec::new();
    let mut need = |what: &str, got: f64, min: f64| {
        if got < min {
            fails.push(format!("{what}: {:.2}% < {:.0}%", got * 100.0, min * 100.0));
        }
    };
    need("judgement F1", r.f1(), 0.99);
    need(
        "reports with every judgement right",
        r.judgements_exact.rate(),
        0.95,
    );
    need("local authority", r.field("local_authority"), 1.0);
    need("framework", r.field("framework"), 1.0);
    need("inspection start", r.field("inspection_start"), 0.98);
    need("inspection end", r.field("inspection_end"), 0.98);
    need("lead inspector", r.field("lead_inspector"), 0.98);
    need(
        "improvement count exact",
        r.improvement_count_exact.rate(),
        0.90,
    );
    need("improvement item text", r.improvement_items.rate(), 0.95);
    need("rejects as expected", r.rejects.rate(), 1.0);
    fails
}
