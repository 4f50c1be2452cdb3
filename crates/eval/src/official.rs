//! Scoring against Ofsted's official statistics (`shared/reference/ofsted_official_outcomes.csv`):
//! one row per (authority, inspection event, judgement area). The key is only read here,
//! to score; it never produces a value.
//!
//! Matching (the key's README): an inspection of ours (one with a primary document) and a
//! key event match when they are of the same authority (a recoded authority's old and new
//! GSS codes count as one: the gazetteer's name), and the start dates are equal, or the
//! publication dates are within 3 days, or, for SIF events (which give only a
//! publication date), our publication date is within 45 days of the key's or the key's
//! publication is 14–240 days after our start. Each key event matches at most one of
//! ours: candidates of the same framework first, then the nearest date.
//!
//! Recall counts only key events *covered by the inputs*: the inputs hold a document
//! (read, not rejected) of the event's authority that carries a date near the event (its
//! printed publication or letter date, or a `YYYY-MM-DD` in its file name): for events with
//! a start date, 0–120 days after it; otherwise within 3 days of the key's publication
//! (45 for SIF). The key covers all of England; the inputs are a sample.

use super::{Tally, f1, name_of, ratio};
use chrono::NaiveDate;
use ofsted_model::rows::{DocumentRow, InspectionRow};
use ofsted_model::vocab::Framework;
use ofsted_transform::gazetteer;
use ofsted_transform::link::Tables;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One inspection event of the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyEvent {
    /// `<GSS>:<event_kind>:<date>`.
    pub id: String,
    /// Authority name as the key gives it.
    pub la_name: String,
    /// GSS code valid at the event's date.
    pub la_gss: String,
    /// `ilacs_standard`, `sif`, `focused_visit`, ...
    pub kind: String,
    /// The framework value a pipeline should give.
    pub framework: String,
    /// First day on site.
    pub start: Option<NaiveDate>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// (area, grade) pairs.
    pub grades: BTreeSet<(String, String)>,
}

/// Errors reading the key.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The file could not be read or parsed.
    #[error("official key {path}: {message}")]
    Read {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// Reads the key: one [`KeyEvent`] per `event_id`, in file order.
pub fn read_key(path: &Path) -> Result<Vec<KeyEvent>, KeyError> {
    let err = |m: String| KeyError::Read {
        path: path.to_path_buf(),
        message: m,
    };
    let mut rdr = csv::Reader::from_path(path).map_err(|e| err(e.to_string()))?;
    let headers = rdr.headers().map_err(|e| err(e.to_string()))?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .ok_or_else(|| err(format!("no column {name}")))
    };
    let c = [
        col("event_id")?,
        col("la_name")?,
        col("la_gss")?,
        col("event_kind")?,
        col("framework")?,
        col("start_date")?,
        col("published_date")?,
        col("area")?,
        col("grade")?,
    ];
    let mut events: Vec<KeyEvent> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| err(e.to_string()))?;
        let f = |i: usize| {
            c.get(i)
                .and_then(|&ix| rec.get(ix))
                .unwrap_or("")
                .trim()
                .to_owned()
        };
        let date = |i: usize| NaiveDate::parse_from_str(&f(i), "%Y-%m-%d").ok();
        let id = f(0);
        let at = *index.entry(id.clone()).or_insert_with(|| {
            events.push(KeyEvent {
                id: id.clone(),
                la_name: f(1),
                la_gss: f(2),
                kind: f(3),
                framework: f(4),
                start: date(5),
                published: date(6),
                grades: BTreeSet::new(),
            });
            events.len() - 1
        });
        let (area, grade) = (f(7), f(8));
        if let Some(e) = events.get_mut(at)
            && !area.is_empty()
            && !grade.is_empty()
        {
            e.grades.insert((area, grade));
        }
    }
    Ok(events)
}

/// Scores against the key.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OfficialReport {
    /// Events in the key.
    pub key_events: usize,
    /// Key events covered by the inputs (see the module documentation).
    pub in_scope: usize,
    /// Of those, events matched by an inspection of ours.
    pub in_scope_matched: usize,
    /// Our inspections with a primary document.
    pub ours: usize,
    /// Our inspections matched to a key event.
    pub matched: usize,
    /// Grade true positives over matched events (in the areas the key lists).
    pub grade_tp: usize,
    /// Grade false positives over matched events.
    pub grade_fp: usize,
    /// Grade false negatives over matched events.
    pub grade_fn: usize,
    /// Start date equal (matched events whose key gives one).
    pub start_date: Tally,
    /// Our GSS code equals the key's (valid at the event's date).
    pub gss_code: Tally,
    /// Our framework equals the key's.
    pub framework: Tally,
    /// Every disagreement on a matched event: (event, field, expected, got).
    pub disagreements: Vec<(String, String, String, String)>,
    /// Key events in scope that no inspection of ours matched.
    pub missed: Vec<String>,
    /// Our inspections that match no key event (with their primary document).
    pub unmatched_ours: Vec<String>,
}

impl OfficialReport {
    /// Grade precision.
    pub fn precision(&self) -> f64 {
        ratio(self.grade_tp, self.grade_tp + self.grade_fp)
    }
    /// Grade recall.
    pub fn recall(&self) -> f64 {
        ratio(self.grade_tp, self.grade_tp + self.grade_fn)
    }
    /// Grade F1.
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
    /// Key events in scope that were matched.
    pub fn event_recall(&self) -> f64 {
        ratio(self.in_scope_matched, self.in_scope)
    }

    /// A plain-text report.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "official key: {} events; {} covered by the inputs, {} of them matched (event recall {:.4}); {} of our {} inspections matched",
            self.key_events,
            self.in_scope,
            self.in_scope_matched,
            self.event_recall(),
            self.matched,
            self.ours
        );
        let _ = writeln!(
            s,
            "  grades over matched events: precision {:.4}  recall {:.4}  F1 {:.4}  (tp {}, fp {}, fn {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.grade_tp,
            self.grade_fp,
            self.grade_fn
        );
        for (name, t) in [
            ("start date", &self.start_date),
            ("GSS code at the date", &self.gss_code),
            ("framework", &self.framework),
        ] {
            let _ = writeln!(
                s,
                "  {name:<26} {:>7.2}%  ({}/{})",
                t.rate() * 100.0,
                t.right,
                t.total
            );
        }
        let mut list = |title: &str, items: &[String]| {
            if !items.is_empty() {
                let _ = writeln!(s, "  {title} ({}):", items.len());
                for i in items {
                    let _ = writeln!(s, "    {i}");
                }
            }
        };
        list(
            "key events covered by the inputs but not matched",
            &self.missed,
        );
        list(
            "our inspections matching no key event",
            &self.unmatched_ours,
        );
        if !self.disagreements.is_empty() {
            let _ = writeln!(s, "  disagreements ({}):", self.disagreements.len());
            for (e, f, want, got) in &self.disagreements {
                let _ = writeln!(s, "    {e}: {f}: expected {want:?}, got {got:?}");
            }
        }
        s
    }
}

/// The authority's identity across recodes: the gazetteer's name for a GSS code, else
/// the normalised name.
fn authority(gss: Option<&str>, name: Option<&str>) -> Option<String> {
    static BY_GSS: std::sync::LazyLock<HashMap<String, String>> = std::sync::LazyLock::new(|| {
        gazetteer::authorities()
            .iter()
            .filter_map(|a| Some((a.gss.clone()?, a.name.clone())))
            .collect()
    });
    gss.and_then(|g| BY_GSS.get(g).cloned())
        .or_else(|| name.map(gazetteer::normalise_name))
        .map(|n| gazetteer::normalise_name(&n))
}

fn days(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

/// Date distance of a match, or `None` when the rules do not match.
fn match_distance(o: &InspectionRow, k: &KeyEvent) -> Option<i64> {
    if let (Some(a), Some(b)) = (o.start_date, k.start)
        && a == b
    {
        return Some(0);
    }
    if let (Some(a), Some(b)) = (o.published_date, k.published) {
        let d = days(a, b).abs();
        if d <= 3 || (k.framework == Framework::Sif.as_str() && d <= 45) {
            return Some(d);
        }
    }
    if k.framework == Framework::Sif.as_str()
        && let (Some(a), Some(b)) = (o.start_date, k.published)
        && (14..=240).contains(&days(a, b))
    {
        return Some(days(a, b));
    }
    None
}

/// Scores our linked tables against the key.
pub fn score_official(key: &[KeyEvent], tables: &Tables) -> OfficialReport {
    let mut r = OfficialReport {
        key_events: key.len(),
        ..OfficialReport::default()
    };
    let ours: Vec<&InspectionRow> = tables
        .inspections
        .iter()
        .filter(|i| i.primary_doc_id.is_some())
        .collect();
    r.ours = ours.len();
    let key_la: Vec<Option<String>> = key
        .iter()
        .map(|k| authority(Some(&k.la_gss), Some(&k.la_name)))
        .collect();
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new(); // key index -> ours index
    for (oi, o) in ours.iter().enumerate() {
        let la = authority(o.la_gss_code.as_deref(), o.local_authority.as_deref());
        let best = key
            .iter()
            .enumerate()
            .filter(|(ki, _)| {
                !taken.contains_key(ki) && la.is_some() && key_la.get(*ki) == Some(&la)
            })
            .filter_map(|(ki, k)| {
                match_distance(o, k).map(|d| ((k.framework != o.framework.as_str(), d), ki))
            })
            .min();
        match best {
            Some((_, ki)) => {
                taken.insert(ki, oi);
            }
            None => r.unmatched_ours.push(describe(o, tables)),
        }
    }
    r.matched = taken.len();
    for (&ki, &oi) in &taken {
        if let (Some(k), Some(o)) = (key.get(ki), ours.get(oi)) {
            compare(k, o, tables, &mut r);
        }
    }
    let docs = dated_documents(tables);
    for (ki, (k, k_la)) in key.iter().zip(&key_la).enumerate() {
        let covered = k_la
            .as_ref()
            .is_some_and(|la| docs.iter().any(|(l, d)| l == la && covers(k, *d)));
        if covered {
            r.in_scope += 1;
            if taken.contains_key(&ki) {
                r.in_scope_matched += 1;
            } else {
                r.missed.push(format!(
                    "{} ({}, start {}, published {})",
                    k.id,
                    k.la_name,
                    k.start.map(|d| d.to_string()).unwrap_or_default(),
                    k.published.map(|d| d.to_string()).unwrap_or_default()
                ));
            }
        }
    }
    r
}

fn compare(k: &KeyEvent, o: &InspectionRow, tables: &Tables, r: &mut OfficialReport) {
    let mut dis = Vec::new();
    // only the areas the key lists are scored: it records no grade for visits and only
    // some areas for older frameworks (e.g. overall effectiveness alone for 2013 TLAC)
    let areas: BTreeSet<&str> = k.grades.iter().map(|(a, _)| a.as_str()).collect();
    let got: BTreeSet<(String, String)> = primary_grades(o, tables)
        .into_iter()
        .filter(|(a, _)| areas.contains(a.as_str()))
        .collect();
    let hit = k.grades.intersection(&got).count();
    r.grade_tp += hit;
    r.grade_fp += got.len() - hit;
    r.grade_fn += k.grades.len() - hit;
    for m in k.grades.difference(&got) {
        dis.push(("grade missing", format!("{} {}", m.0, m.1), String::new()));
    }
    for m in got.difference(&k.grades) {
        dis.push(("grade extra", String::new(), format!("{} {}", m.0, m.1)));
    }
    if let Some(want) = k.start {
        let ok = o.start_date == Some(want);
        r.start_date.add(ok);
        if !ok {
            let got = o.start_date.map(|d| d.to_string()).unwrap_or_default();
            dis.push(("start date", want.to_string(), got));
        }
    }
    let got_gss = o.la_gss_code.clone().unwrap_or_default();
    let ok = got_gss == k.la_gss;
    r.gss_code.add(ok);
    if !ok {
        dis.push(("gss code", k.la_gss.clone(), got_gss));
    }
    let ok = o.framework.as_str() == k.framework;
    r.framework.add(ok);
    if !ok {
        dis.push(("framework", k.framework.clone(), o.framework.to_string()));
    }
    for (f, want, got) in dis {
        r.disagreements
            .push((k.id.clone(), f.to_owned(), want, got));
    }
}

fn primary_grades(o: &InspectionRow, tables: &Tables) -> BTreeSet<(String, String)> {
    tables
        .judgements
        .iter()
        .filter(|j| j.inspection_id == o.inspection_id && j.is_primary)
        .map(|j| (j.area.to_string(), j.grade.to_string()))
        .collect()
}

fn describe(o: &InspectionRow, tables: &Tables) -> String {
    let file = tables
        .documents
        .iter()
        .find(|d| Some(&d.doc_id) == o.primary_doc_id.as_ref())
        .map(|d| name_of(&d.source_path).to_owned())
        .unwrap_or_default();
    format!(
        "{} {} start {} published {} ({file})",
        o.local_authority.as_deref().unwrap_or("?"),
        o.framework,
        o.start_date.map(|d| d.to_string()).unwrap_or_default(),
        o.published_date.map(|d| d.to_string()).unwrap_or_default(),
    )
}

/// Each document's authority with each date it carries (printed publication or letter
/// date, a `YYYY-MM-DD` part of its file name).
fn dated_documents(tables: &Tables) -> Vec<(String, NaiveDate)> {
    let mut out = Vec::new();
    for d in &tables.documents {
        let Some(la) = authority(d.la_gss_code.as_deref(), d.local_authority.as_deref()) else {
            continue;
        };
        let mut dates: Vec<NaiveDate> = d.published_date.into_iter().collect();
        dates.extend(d.document_date);
        dates.extend(file_dates(d));
        for date in dates {
            out.push((la.clone(), date));
        }
    }
    out
}

fn file_dates(d: &DocumentRow) -> Vec<NaiveDate> {
    name_of(&d.source_path)
        .split(['_', '.', ' '])
        .filter_map(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
        .collect()
}

/// Whether a document dated `d` covers the key event `k`.
fn covers(k: &KeyEvent, d: NaiveDate) -> bool {
    if let Some(s) = k.start {
        return (0..=120).contains(&days(s, d));
    }
    let window = if k.framework == Framework::Sif.as_str() {
        45
    } else {
        3
    };
    k.published.is_some_and(|p| days(p, d).abs() <= window)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(framework: &str, start: Option<&str>, published: Option<&str>) -> KeyEvent {
        let d = |s: Option<&str>| s.and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        KeyEvent {
            id: "x".into(),
            la_name: "Barnsley".into(),
            la_gss: "E08000016".into(),
            kind: framework.into(),
            framework: framework.into(),
            start: d(start),
            published: d(published),
            grades: BTreeSet::new(),
        }
    }

    #[test]
    fn documents_cover_events_near_their_dates() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        let ilacs = ev("ilacs", Some("2019-01-07"), Some("2019-02-20"));
        assert!(covers(&ilacs, d("2019-02-20")));
        assert!(!covers(&ilacs, d("2018-12-20")));
        let sif = ev("sif", None, Some("2014-08-08"));
        assert!(covers(&sif, d("2014-09-01")));
        assert!(!covers(&sif, d("2014-11-01")));
    }

    #[test]
    fn recoded_authorities_are_one() {
        assert_eq!(
            authority(Some("E10000002"), None),
            authority(Some("E06000060"), None)
        );
        assert!(authority(Some("E10000002"), None).is_some());
    }
}
