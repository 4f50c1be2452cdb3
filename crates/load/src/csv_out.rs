//! CSV output: UTF-8, header row, RFC 4180 quoting (only where needed), `\n` row ends, ISO
//! dates, empty field for null, `true`/`false` booleans.
//!
//! Spreadsheet safety: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
//! return would be run as a formula by Excel, LibreOffice or Google Sheets ("CSV
//! injection"). With the guard on (the default), such cells are written with a leading
//! apostrophe `'`, which spreadsheets show as text and hide. Only free-text (string) columns
//! are affected; Parquet always keeps the exact text. A researcher who needs the raw value
//! strips one leading `'` from cells that start with `'=`, `'+`, `'-`, `'@`, `'\t`, `'\r`.

use crate::LoadError;
use ofsted_model::schema::{TableData, TableSchema, Value};
use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

/// The UTF-8 byte-order mark written first when `output.csv_bom` is on.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Characters that make a spreadsheet treat a cell as a formula.
const FORMULA_START: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// Prefixes `'` to a cell a spreadsheet would execute as a formula; other cells unchanged.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    if s.starts_with(FORMULA_START) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

fn cell(v: &Value, guard: bool) -> Cow<'_, str> {
    match v {
        Value::Null => Cow::Borrowed(""),
        Value::Str(s) if guard => neutralise(s),
        Value::Str(s) => Cow::Borrowed(s.as_str()),
        Value::Int(i) => Cow::Owned(i.to_string()),
        Value::Date(d) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
        Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
    }
}

/// Writes a table as CSV to `out` and returns the writer.
pub fn write_csv<W: Write>(
    data: &TableData,
    out: W,
    formula_guard: bool,
    path_for_errors: &Path,
) -> Result<W, LoadError> {
    let name = data.schema.name;
    let mut w = header(out, &data.schema, path_for_errors)?;
    for row in &data.rows {
        record(&mut w, row, formula_guard, name, path_for_errors)?;
    }
    finish(w, name, path_for_errors)
}

fn csv_error(table: &'static str, path: &Path, e: impl std::fmt::Display) -> LoadError {
    LoadError::Csv {
        table,
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Starts a CSV writer on `out` and writes the header row of `schema`.
pub fn header<W: Write>(
    out: W,
    schema: &TableSchema,
    path_for_errors: &Path,
) -> Result<csv::Writer<W>, LoadError> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(out);
    w.write_record(schema.columns.iter().map(|c| c.name))
        .map_err(|e| csv_error(schema.name, path_for_errors, e))?;
    Ok(w)
}

/// Writes one row.
pub fn record<W: Write>(
    w: &mut csv::Writer<W>,
    row: &[Value],
    formula_guard: bool,
    table: &'static str,
    path_for_errors: &Path,
) -> Result<(), LoadError> {
    w.write_record(row.iter().map(|v| cell(v, formula_guard).into_owned()))
        .map_err(|e| csv_error(table, path_for_errors, e))
}

/// Flushes the writer and returns what it wrote to.
pub fn finish<W: Write>(
    mut w: csv::Writer<W>,
    table: &'static str,
    path_for_errors: &Path,
) -> Result<W, LoadError> {
    w.flush()
        .map_err(|e| LoadError::io("flush", path_for_errors, e))?;
    w.into_inner()
        .map_err(|e| csv_error(table, path_for_errors, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ofsted_model::rows::RejectRow;
    use ofsted_model::vocab::{RejectReason, RejectStage};

    fn table(message: &str) -> TableData {
        TableData::from_rows(&[RejectRow {
            source_path: "dir/a \"b\".pdf".into(),
            sha256: None,
            stage: RejectStage::Extract,
            reason: RejectReason::NotAPdf,
            message: message.into(),
        }])
    }

    fn render(t: &TableData, guard: bool) -> String {
        String::from_utf8(write_csv(t, Vec::new(), guard, Path::new("mem")).unwrap()).unwrap()
    }

    #[test]
    fn header_quoting_and_null() {
        let s = render(&table("line one,\nline two"), true);
        assert_eq!(
            s,
            "source_path,sha256,stage,reason,message\n\"dir/a \"\"b\"\".pdf\",,extract,not_a_pdf,\"line one,\nline two\"\n"
        );
    }

    #[test]
    fn formula_cells_are_neutralised_only_with_guard() {
        for bad in ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx"] {
            assert!(
                render(&table(bad), true).contains(&format!("'{}", &bad[..1])),
                "{bad:?}"
            );
            assert!(!render(&table(bad), false).contains('\''), "{bad:?}");
        }
        assert!(!render(&table("plain text"), true).contains('\''));
    }

    #[test]
    fn csv_reads_back_with_the_csv_crate() {
        let s = render(&table("a \"quoted\" word"), true);
        let mut r = csv::Reader::from_reader(s.as_bytes());
        let rec = r.records().next().unwrap().unwrap();
        assert_eq!(&rec[4], "a \"quoted\" word");
    }
}
