//! The real corpus against hand-checked gold and Ofsted's official statistics
//! (`../shared`): fails below the project's targets. Skipped, with one line, when
//! `../shared` is absent.
//!
//! `dev` is checked with `eval --check` (the earlier issues' targets plus coverage);
//! `dev-more` and the official key are evaluated once each (JSON) and every target of
//! issue 7 is its own test, so that a target the pipeline does not meet yet can be marked
//! `#[ignore = "..."]` alone while the others keep guarding.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;

/// Coverage: share of the Ofsted documents read that yield their inspection.
const COVERAGE: f64 = 0.995;
/// Official key: grade F1 over matched events.
const OFFICIAL_GRADE_F1: f64 = 0.999;
/// Official key: start date right.
const OFFICIAL_START_DATE: f64 = 0.995;
/// Official key: GSS code valid at the date.
const OFFICIAL_GSS: f64 = 0.995;
/// Report gold: judgement F1.
const REPORT_JUDGEMENT_F1: f64 = 0.995;
/// Report gold: improvement list count exact.
const REPORT_IMPROVEMENT_COUNT: f64 = 0.95;
/// Letter gold: framework.
const LETTER_FRAMEWORK: f64 = 1.0;
/// Letter gold: visit start and end.
const LETTER_DATES: f64 = 0.95;
/// Letter gold: lead inspector.
const LETTER_LEAD_INSPECTOR: f64 = 0.95;
/// Letter gold: theme.
const LETTER_THEME: f64 = 0.90;
/// Letter gold: improvement and priority-action counts exact.
const LETTER_COUNTS: f64 = 0.90;

fn skip() -> bool {
    if shared().is_none() {
        eprintln!("skip: ../shared/corpus absent, real-corpus evaluation not run");
        return true;
    }
    false
}

/// `eval --json` over one corpus folder (with its gold, and the official key).
fn evaluate(folder: &str) -> Value {
    let shared = shared().expect("checked by skip()");
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("eval.json");
    let o = bin()
        .arg("eval")
        .arg("--gold")
        .arg(shared.join(format!("corpus/{folder}-gold")))
        .arg("--input")
        .arg(shared.join(format!("corpus/{folder}")))
        .arg("--official")
        .arg(shared.join("reference/ofsted_official_outcomes.csv"))
        .arg("--json")
        .arg(&json)
        .output()
        .unwrap();
    eprintln!("{}", String::from_utf8_lossy(&o.stdout));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&std::fs::read(Path::new(&json)).unwrap()).unwrap()
}

fn dev_more() -> &'static Value {
    static E: OnceLock<Value> = OnceLock::new();
    E.get_or_init(|| evaluate("dev-more"))
}

fn dev() -> &'static Value {
    static E: OnceLock<Value> = OnceLock::new();
    E.get_or_init(|| evaluate("dev"))
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or(0.0)
}

fn tally(t: &Value) -> f64 {
    let total = num(&t["total"]);
    if total == 0.0 {
        1.0
    } else {
        num(&t["right"]) / total
    }
}

fn f1(tp: f64, fp: f64, fneg: f64) -> f64 {
    if tp == 0.0 {
        return if fp + fneg == 0.0 { 1.0 } else { 0.0 };
    }
    2.0 * tp / (2.0 * tp + fp + fneg)
}

fn at_least(what: &str, got: f64, min: f64) {
    assert!(
        got >= min,
        "{what}: {:.2}% < {:.2}%",
        got * 100.0,
        min * 100.0
    );
}

fn kind<'a>(e: &'a Value, k: &str) -> &'a Value {
    &e["gold"]["by_kind"][k]
}

fn field(e: &Value, k: &str, name: &str) -> f64 {
    tally(&kind(e, k)["fields"][name])
}

#[test]
fn dev_corpus_meets_targets() {
    let Some(shared) = shared() else {
        eprintln!("skip: ../shared/corpus absent, real-corpus evaluation not run");
        return;
    };
    let o = bin()
        .args(["eval", "--check", "--gold"])
        .arg(shared.join("corpus/dev-gold"))
        .arg("--input")
        .arg(shared.join("corpus/dev"))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&o.stdout);
    eprintln!("{report}");
    assert!(
        o.status.success(),
        "eval below targets (exit {:?}):\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn no_document_without_a_trace() {
    if skip() {
        return;
    }
    for e in [dev(), dev_more()] {
        let none = e["coverage"]["without_trace"].as_array().unwrap();
        assert!(none.is_empty(), "documents without a trace: {none:?}");
    }
}

fn coverage_rate(e: &Value) -> f64 {
    let n = |k: &str| num(&e["coverage"]["outcomes"][k]);
    let primary = n("primary");
    let all = primary + n("no_inspection_found") + n("unrecognised_document");
    if all == 0.0 { 1.0 } else { primary / all }
}

#[test]
fn dev_coverage() {
    if skip() {
        return;
    }
    at_least("dev coverage", coverage_rate(dev()), COVERAGE);
}

#[test]
fn dev_more_coverage() {
    if skip() {
        return;
    }
    at_least("dev-more coverage", coverage_rate(dev_more()), COVERAGE);
}

fn official(what: &str, f: impl Fn(&Value) -> f64, min: f64) {
    if skip() {
        return;
    }
    for (name, e) in [("dev", dev()), ("dev-more", dev_more())] {
        at_least(&format!("{name}: official {what}"), f(&e["official"]), min);
    }
}

#[test]
fn official_grade_f1() {
    official(
        "grade F1",
        |o| {
            f1(
                num(&o["grade_tp"]),
                num(&o["grade_fp"]),
                num(&o["grade_fn"]),
            )
        },
        OFFICIAL_GRADE_F1,
    );
}

#[test]
fn official_start_date() {
    official(
        "start date",
        |o| tally(&o["start_date"]),
        OFFICIAL_START_DATE,
    );
}

#[test]
fn official_gss_code() {
    official(
        "GSS code at the date",
        |o| tally(&o["gss_code"]),
        OFFICIAL_GSS,
    );
}

#[test]
fn dev_more_report_judgements() {
    if skip() {
        return;
    }
    let k = kind(dev_more(), "report");
    let got = f1(
        num(&k["judgement_tp"]),
        num(&k["judgement_fp"]),
        num(&k["judgement_fn"]),
    );
    at_least("reports: judgement F1", got, REPORT_JUDGEMENT_F1);
}

#[test]
fn dev_more_report_improvement_counts() {
    if skip() {
        return;
    }
    let got = tally(&kind(dev_more(), "report")["improvement_count_exact"]);
    at_least(
        "reports: improvement count exact",
        got,
        REPORT_IMPROVEMENT_COUNT,
    );
}

#[test]
fn dev_more_letter_framework() {
    if skip() {
        return;
    }
    let got = field(dev_more(), "letter", "framework");
    at_least("letters: framework", got, LETTER_FRAMEWORK);
}

#[test]
fn dev_more_letter_dates() {
    if skip() {
        return;
    }
    for f in ["inspection_start", "inspection_end"] {
        at_least(
            &format!("letters: {f}"),
            field(dev_more(), "letter", f),
            LETTER_DATES,
        );
    }
}

#[test]
fn dev_more_letter_lead_inspector() {
    if skip() {
        return;
    }
    let got = field(dev_more(), "letter", "lead_inspector");
    at_least("letters: lead inspector", got, LETTER_LEAD_INSPECTOR);
}

#[test]
fn dev_more_letter_theme() {
    if skip() {
        return;
    }
    let got = field(dev_more(), "letter", "visit_theme");
    at_least("letters: theme", got, LETTER_THEME);
}

#[test]
fn dev_more_letter_counts() {
    if skip() {
        return;
    }
    let k = kind(dev_more(), "letter");
    at_least(
        "letters: improvement count exact",
        tally(&k["improvement_count_exact"]),
        LETTER_COUNTS,
    );
    at_least(
        "letters: priority-action count exact",
        tally(&k["fields"]["priority_action count exact"]),
        LETTER_COUNTS,
    );
}

#[test]
fn dev_more_area_send() {
    if skip() {
        return;
    }
    at_least(
        "Area SEND recognised",
        field(dev_more(), "area_send", "framework"),
        1.0,
    );
    at_least(
        "Area SEND without children's-services judgements",
        field(dev_more(), "area_send", "area_send without judgements"),
        1.0,
    );
}
