//! The Excel workbook `xlsx/ofsted-etl.xlsx` (rust_xlsxwriter): a first sheet with the
//! data dictionary, then one sheet per table analysts filter most ([`SHEETS`]).
//!
//! Every sheet has a bold header row that stays frozen and carries an autofilter; dates are
//! real Excel dates (serial numbers shown as `yyyy-mm-dd`); integers are numbers; text is
//! always written as a text cell, so a value such as `=HYPERLINK(..)` is shown, never run
//! (no apostrophe needed, unlike CSV). The file's creation date is fixed so that the same
//! tables give the same bytes. Sheets are "low memory" worksheets: each row goes to a
//! temporary file as soon as the next one starts (strings still go to the shared string
//! table, so the file is the one the default mode writes), so a large `findings` or
//! `quality` sheet is not held in memory cell by cell.

use crate::LoadError;
use chrono::Datelike;
use ofsted_model::schema::{TableData, Value};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// Path of the workbook in a generation (and through the `output/xlsx` link).
pub const WORKBOOK_PATH: &str = "xlsx/ofsted-etl.xlsx";

/// The sheets after `dictionary`: (sheet name, source table, only `is_latest` rows).
pub const SHEETS: &[(&str, &str, bool)] = &[
    ("inspection_summary", "inspection_summary", false),
    ("latest_grades", "inspection_summary", true),
    ("judgements", "judgements", false),
    ("findings", "findings", false),
    ("changes", "changes", false),
    ("quality", "quality", false),
    ("rejects", "rejects", false),
];

/// Excel's limit on the characters of one cell.
const MAX_CELL_CHARS: usize = 32_767;

fn xerr(e: XlsxError) -> LoadError {
    LoadError::Xlsx {
        message: e.to_string(),
    }
}

/// The rows of a sheet: the table's rows, or only those with `is_latest` true.
pub fn sheet_rows(t: &TableData, latest_only: bool) -> Vec<&Vec<Value>> {
    let latest = t.schema.index_of("is_latest");
    t.rows
        .iter()
        .filter(|r| !latest_only || latest.is_some_and(|i| r.get(i) == Some(&Value::Bool(true))))
        .collect()
}

struct Formats {
    header: Format,
    date: Format,
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: &Value,
    f: &Formats,
) -> Result<(), XlsxError> {
    match v {
        Value::Null => {}
        Value::Str(s) => {
            let s: String = if s.chars().count() > MAX_CELL_CHARS {
                s.chars().take(MAX_CELL_CHARS).collect()
            } else {
                s.clone()
            };
            ws.write_string(row, col, s)?;
        }
        Value::Int(i) => {
            ws.write_number(row, col, *i as f64)?;
        }
        Value::Date(d) => {
            let x = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(row, col, &x, &f.date)?;
        }
        Value::Bool(b) => {
            ws.write_boolean(row, col, *b)?;
        }
    }
    Ok(())
}

fn width(v: &Value) -> usize {
    match v {
        Value::Str(s) => s.chars().count(),
        Value::Date(_) => 10,
        Value::Int(i) => i.to_string().len(),
        Value::Bool(_) => 5,
        Value::Null => 0,
    }
}

/// Writes one sheet: header, rows, frozen header, autofilter, column widths.
fn write_sheet(
    ws: &mut Worksheet,
    header: &[&str],
    rows: &[&Vec<Value>],
    f: &Formats,
) -> Result<(), XlsxError> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            write_cell(ws, r as u32 + 1, c as u16, v, f)?;
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(width(v));
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).clamp(8, 60) as f64 + 1.0)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let last_col = header.len().saturating_sub(1) as u16;
    ws.autofilter(0, 0, rows.len() as u32, last_col)?;
    Ok(())
}

/// The dictionary sheet's rows: table, column, type, nullable, description.
fn dictionary_rows(tables: &[TableData]) -> Vec<Vec<Value>> {
    let mut out = Vec::new();
    for t in tables {
        let s = &t.schema;
        out.push(vec![
            Value::Str(s.name.to_owned()),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Str(s.description.to_owned()),
        ]);
        for c in s.columns {
            out.push(vec![
                Value::Str(s.name.to_owned()),
                Value::Str(c.name.to_owned()),
                Value::Str(c.ty.name().to_owned()),
                Value::Bool(c.nullable),
                Value::Str(c.description().into_owned()),
            ]);
        }
    }
    out
}

/// Renders the workbook from the run's tables (those named in [`SHEETS`]; a missing table
/// gives a sheet with its header only when its schema is known, else no sheet).
pub fn write_xlsx(tables: &[TableData]) -> Result<Vec<u8>, LoadError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2009, 4, 1).map_err(xerr)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("ofsted-etl tables")
            .set_creation_datetime(&created),
    );
    let f = Formats {
        header: Format::new().set_bold(),
        date: Format::new().set_num_format("yyyy-mm-dd"),
    };
    let dict = dictionary_rows(tables);
    let dict_refs: Vec<&Vec<Value>> = dict.iter().collect();
    let ws = wb.add_worksheet_with_low_memory().map_err(xerr)?;
    ws.set_name("dictionary").map_err(xerr)?;
    write_sheet(
        ws,
        &["table", "column", "type", "nullable", "description"],
        &dict_refs,
        &f,
    )
    .map_err(xerr)?;
    for (sheet, table, latest) in SHEETS {
        let Some(t) = tables.iter().find(|t| t.schema.name == *table) else {
            continue;
        };
        let header: Vec<&str> = t.schema.columns.iter().map(|c| c.name).collect();
        let ws = wb.add_worksheet_with_low_memory().map_err(xerr)?;
        ws.set_name(*sheet).map_err(xerr)?;
        write_sheet(ws, &header, &sheet_rows(t, *latest), &f).map_err(xerr)?;
    }
    wb.save_to_buffer().map_err(xerr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ofsted_model::rows::RejectRow;
    use ofsted_model::vocab::{RejectReason, RejectStage};

    #[test]
    fn same_tables_same_bytes() {
        let t = vec![TableData::from_rows(&[RejectRow {
            source_path: "=cmd.pdf".into(),
            sha256: None,
            stage: RejectStage::Extract,
            reason: RejectReason::NotAPdf,
            message: "+1".into(),
        }])];
        let a = write_xlsx(&t).unwrap();
        let b = write_xlsx(&t).unwrap();
        assert_eq!(a, b);
        assert_eq!(&a[..2], b"PK");
    }
}
