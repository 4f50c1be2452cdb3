//! The `changes` table: what this run's `inspection_summary` adds, alters or drops against
//! the previously published generation (read back from `output/parquet`), and its one-line
//! summary for the manifest and the log.

use ofsted_load::parquet_in::read_parquet;
use ofsted_model::rows::{ChangeRow, InspectionSummaryRow};
use ofsted_model::schema::{Row, TableData, Value};
use ofsted_model::vocab::{Change, Framework};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Counts of the `changes` table, for the manifest and the final log line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeSummary {
    /// Inspections not published before.
    pub new: usize,
    /// Inspections with at least one changed value.
    pub changed: usize,
    /// Inspections no longer in the tables.
    pub gone: usize,
    /// The new inspections, as "authority (framework, start date)".
    pub new_inspections: Vec<String>,
}

impl ChangeSummary {
    /// "3 new inspections: A (ilacs, 2024-01-08), …; 1 changed; 0 gone".
    pub fn line(&self) -> String {
        let mut s = format!("{} new inspection{}", self.new, plural(self.new));
        if !self.new_inspections.is_empty() {
            let shown: Vec<&str> = self
                .new_inspections
                .iter()
                .take(5)
                .map(String::as_str)
                .collect();
            s.push_str(": ");
            s.push_str(&shown.join(", "));
            if self.new_inspections.len() > shown.len() {
                s.push_str(&format!(
                    " and {} more",
                    self.new_inspections.len() - shown.len()
                ));
            }
        }
        format!("{s}; {} changed; {} gone", self.changed, self.gone)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The previously published `inspection_summary`, if there is one to compare with.
pub fn previous_summary(out_dir: &Path) -> Option<TableData> {
    let path = out_dir.join("parquet/inspection_summary.parquet");
    read_parquet(&path, InspectionSummaryRow::SCHEMA).ok()
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
        Value::Bool(b) => Some(b.to_string()),
    }
}

fn by_id(t: &TableData) -> BTreeMap<String, &[Value]> {
    t.rows
        .iter()
        .filter_map(|r| match r.first() {
            Some(Value::Str(id)) => Some((id.clone(), r.as_slice())),
            _ => None,
        })
        .collect()
}

fn change_row(
    kind: Change,
    row: &[Value],
    field: Option<String>,
    old: Option<String>,
    new: Option<String>,
) -> ChangeRow {
    let col = |name: &str| {
        InspectionSummaryRow::SCHEMA
            .index_of(name)
            .and_then(|i| row.get(i))
            .unwrap_or(&Value::Null)
    };
    ChangeRow {
        change: kind,
        inspection_id: text(col("inspection_id")).unwrap_or_default(),
        local_authority: text(col("local_authority")),
        // a generation written by an older version may name a framework no longer in
        // the vocabulary (or none): `unknown`
        framework: text(col("framework"))
            .and_then(|f| Framework::parse(&f))
            .unwrap_or(Framework::Unknown),
        start_date: match col("start_date") {
            Value::Date(d) => Some(*d),
            _ => None,
        },
        field,
        old_value: old,
        new_value: new,
    }
}

/// The changes from `previous` (None: nothing published yet) to `current`.
pub fn changes(previous: Option<&TableData>, current: &TableData) -> Vec<ChangeRow> {
    let now = by_id(current);
    let before = previous.map(by_id).unwrap_or_default();
    let columns = InspectionSummaryRow::SCHEMA.columns;
    let mut out = Vec::new();
    for (id, row) in &now {
        let Some(old) = before.get(id) else {
            out.push(change_row(Change::New, row, None, None, None));
            continue;
        };
        for (i, c) in columns.iter().enumerate() {
            let (a, b) = (
                old.get(i).unwrap_or(&Value::Null),
                row.get(i).unwrap_or(&Value::Null),
            );
            if a != b {
                out.push(change_row(
                    Change::Changed,
                    row,
                    Some(c.name.to_owned()),
                    text(a),
                    text(b),
                ));
            }
        }
    }
    for (id, row) in &before {
        if !now.contains_key(id) {
            out.push(change_row(Change::Gone, row, None, None, None));
        }
    }
    out
}

/// Counts and names the changes.
pub fn summarise(rows: &[ChangeRow]) -> ChangeSummary {
    let mut s = ChangeSummary::default();
    let mut changed = std::collections::BTreeSet::new();
    for r in rows {
        match r.change {
            Change::New => {
                s.new += 1;
                let date = r
                    .start_date
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "no date".into());
                let la = r.local_authority.as_deref().unwrap_or("unknown authority");
                s.new_inspections
                    .push(format!("{la} ({}, {date})", r.framework));
            }
            Change::Gone => s.gone += 1,
            Change::Changed => {
                changed.insert(r.inspection_id.as_str());
            }
        }
    }
    s.new_inspections.sort();
    s.changed = changed.len();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: Vec<Vec<Value>>) -> TableData {
        TableData {
            schema: InspectionSummaryRow::SCHEMA,
            rows,
        }
    }

    fn row(id: &str, grade: Option<&str>) -> Vec<Value> {
        let mut r = vec![Value::Null; InspectionSummaryRow::SCHEMA.columns.len()];
        r[0] = Value::Str(id.into());
        r[1] = Value::Str("Barnet".into());
        let f = InspectionSummaryRow::SCHEMA
            .index_of("framework")
            .unwrap_or(0);
        r[f] = Value::Str("ilacs".into());
        let oe = InspectionSummaryRow::SCHEMA
            .index_of("overall_effectiveness")
            .unwrap_or(0);
        r[oe] = grade.map_or(Value::Null, |g| Value::Str(g.into()));
        r
    }

    #[test]
    fn new_changed_gone_and_nothing() {
        let before = table(vec![row("a", Some("good")), row("b", None)]);
        let now = table(vec![row("a", Some("outstanding")), row("c", None)]);
        let c = changes(Some(&before), &now);
        let kinds: Vec<_> = c
            .iter()
            .map(|r| (r.change.as_str(), r.inspection_id.as_str()))
            .collect();
        assert_eq!(kinds, vec![("changed", "a"), ("new", "c"), ("gone", "b")]);
        assert_eq!(c[0].old_value.as_deref(), Some("good"));
        assert_eq!(c[0].field.as_deref(), Some("overall_effectiveness"));
        assert!(changes(Some(&now), &now).is_empty());
        let s = summarise(&c);
        assert_eq!((s.new, s.changed, s.gone), (1, 1, 1));
        assert!(
            s.line()
                .starts_with("1 new inspection: Barnet (ilacs, no date)"),
            "{}",
            s.line()
        );
    }
}
