//! Reading a published Parquet table back into [`TableData`], column by column as the
//! schema declares them (a column the file lacks reads as null), so a page or any other
//! sink can be rendered again from the tables on disk.

use crate::LoadError;
use arrow::array::{Array, ArrayRef, AsArray};
use arrow::datatypes::{DataType, Date32Type, Int32Type, Int64Type};
use chrono::NaiveDate;
use ofsted_model::schema::{ColType, TableData, TableSchema, Value};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::fs::File;
use std::path::Path;

/// Reads `path` as the table `schema` describes.
pub fn read_parquet(path: &Path, schema: TableSchema) -> Result<TableData, LoadError> {
    let parquet_err = |e: &dyn std::fmt::Display| LoadError::Parquet {
        table: schema.name,
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let file = File::open(path).map_err(|e| LoadError::io("open", path, e))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.build())
        .map_err(|e| parquet_err(&e))?;
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| parquet_err(&e))?;
        let columns: Vec<Option<&ArrayRef>> = schema
            .columns
            .iter()
            .map(|c| batch.column_by_name(c.name))
            .collect();
        for r in 0..batch.num_rows() {
            let mut row = Vec::with_capacity(columns.len());
            for (spec, col) in schema.columns.iter().zip(&columns) {
                let v = match col {
                    Some(a) => cell(a, r, spec.ty).map_err(|m| LoadError::Value {
                        table: schema.name,
                        column: spec.name,
                        row: rows.len(),
                        message: m,
                    })?,
                    None => Value::Null,
                };
                row.push(v);
            }
            rows.push(row);
        }
    }
    Ok(TableData { schema, rows })
}

/// One cell of an Arrow array as a [`Value`] of the declared type.
fn cell(a: &ArrayRef, r: usize, ty: ColType) -> Result<Value, String> {
    if a.is_null(r) {
        return Ok(Value::Null);
    }
    let found = a.data_type();
    Ok(match (ty, found) {
        (ColType::Str, DataType::Utf8) => Value::Str(a.as_string::<i32>().value(r).to_owned()),
        (ColType::I32, DataType::Int32) => {
            Value::Int(i64::from(a.as_primitive::<Int32Type>().value(r)))
        }
        (ColType::I64, DataType::Int64) => Value::Int(a.as_primitive::<Int64Type>().value(r)),
        (ColType::Bool, DataType::Boolean) => Value::Bool(a.as_boolean().value(r)),
        (ColType::Date, DataType::Date32) => {
            let days = a.as_primitive::<Date32Type>().value(r);
            NaiveDate::from_num_days_from_ce_opt(days + 719_163)
                .map(Value::Date)
                .ok_or_else(|| format!("day {days} is out of range"))?
        }
        _ => return Err(format!("expected {}, found {found}", ty.name())),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use ofsted_model::rows::{AcronymRow, InspectionRow};
    use ofsted_model::schema::Row;

    #[test]
    fn round_trips_every_column_type() {
        let dir = tempfile::tempdir().unwrap();
        let rows = vec![InspectionRow {
            inspection_id: "i".into(),
            local_authority: Some("Barnet".into()),
            la_gss_code: None,
            framework: "ilacs".into(),
            inspection_type: None,
            type_basis: None,
            start_date: NaiveDate::from_ymd_opt(2019, 3, 1),
            end_date: None,
            period: None,
            published_date: None,
            lead_inspector: None,
            overall_effectiveness: None,
            primary_doc_id: None,
            theme: None,
            theme_verbatim: None,
            n_documents: 3,
        }];
        let t = TableData::from_rows(&rows);
        let p = dir.path().join("x.parquet");
        let bytes = crate::parquet_out::write_parquet(&t, Vec::new(), 3, &p).unwrap();
        std::fs::write(&p, bytes).unwrap();
        assert_eq!(read_parquet(&p, InspectionRow::SCHEMA).unwrap(), t);
        // another table's schema: its columns are missing and read as null, or mistyped
        let other = read_parquet(&p, AcronymRow::SCHEMA);
        assert!(other.is_ok_and(|o| o.rows[0].iter().all(|v| *v == Value::Null)));
    }
}
