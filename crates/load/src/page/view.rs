//! Read access to the rows of [`TableData`] by table and column name, so the page works on
//! the same rows as every other writer and tolerates tables it does not know.

use chrono::{Datelike, NaiveDate};
use ofsted_model::schema::{TableData, Value};

/// The tables of one generation, looked up by name.
#[derive(Clone, Copy)]
pub(crate) struct Tables<'a> {
    all: &'a [TableData],
    counts: Option<&'a [(&'static str, usize)]>,
}

impl<'a> Tables<'a> {
    /// Tables whose row counts are given apart (tables written in chunks are held here
    /// without all their rows).
    pub(crate) fn counted(
        all: &'a [TableData],
        counts: Option<&'a [(&'static str, usize)]>,
    ) -> Self {
        Tables { all, counts }
    }

    /// The table called `name`, when this generation has it.
    pub(crate) fn get(&self, name: &str) -> Option<&'a TableData> {
        self.all.iter().find(|t| t.schema.name == name)
    }

    /// The rows of `name` (none when the table is absent).
    pub(crate) fn rows(&self, name: &str) -> Vec<Rec<'a>> {
        self.get(name).map(records).unwrap_or_default()
    }

    /// Number of rows of each table, in output order.
    pub(crate) fn counts(&self) -> Vec<(&'static str, usize)> {
        if let Some(c) = self.counts {
            return c.to_vec();
        }
        self.all
            .iter()
            .map(|t| (t.schema.name, t.rows.len()))
            .collect()
    }
}

/// The rows of one table.
pub(crate) fn records(t: &TableData) -> Vec<Rec<'_>> {
    t.rows.iter().map(|row| Rec { table: t, row }).collect()
}

/// One row, read by column name. A missing column reads as null.
#[derive(Clone, Copy)]
pub(crate) struct Rec<'a> {
    table: &'a TableData,
    row: &'a [Value],
}

impl<'a> Rec<'a> {
    pub(crate) fn value(&self, col: &str) -> &'a Value {
        self.table
            .schema
            .index_of(col)
            .and_then(|i| self.row.get(i))
            .unwrap_or(&Value::Null)
    }

    pub(crate) fn str(&self, col: &str) -> Option<&'a str> {
        match self.value(col) {
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }

    pub(crate) fn date(&self, col: &str) -> Option<NaiveDate> {
        match self.value(col) {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    pub(crate) fn int(&self, col: &str) -> Option<i64> {
        match self.value(col) {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub(crate) fn bool(&self, col: &str) -> Option<bool> {
        match self.value(col) {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A cell as display text ("" for null).
    pub(crate) fn text(&self, col: &str) -> String {
        cell_text(self.value(col))
    }
}

/// A value as display text ("" for null).
pub(crate) fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Str(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
    }
}

/// The year of an inspection: of its first day on site, else of its publication, else of
/// its vaguest period (`YYYY` or `YYYY-MM`).
pub(crate) fn inspection_year(r: &Rec<'_>) -> Option<i32> {
    r.date("start_date")
        .or_else(|| r.date("published_date"))
        .map(|d| d.year())
        .or_else(|| r.str("period").and_then(|p| p.get(..4)?.parse().ok()))
}
