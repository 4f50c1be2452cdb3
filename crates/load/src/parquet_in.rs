//! Reading a published Parquet table back into [`TableData`] (for comparing a run with the
//! previously published generation). Columns are matched by name: a column the file lacks
//! (an older schema) reads as null, a column the schema lacks is ignored.

use crate::LoadError;
use arrow::array::{Array, ArrayRef, AsArray};
use arrow::datatypes::{DataType, Date32Type, Int32Type, Int64Type};
use chrono::NaiveDate;
use ofsted_model::schema::{TableData, TableSchema, Value};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::path::Path;

fn cell(col: &ArrayRef, row: usize) -> Value {
    if col.is_null(row) {
        return Value::Null;
    }
    match col.data_type() {
        DataType::Utf8 => Value::Str(col.as_string::<i32>().value(row).to_owned()),
        DataType::Int32 => Value::Int(i64::from(col.as_primitive::<Int32Type>().value(row))),
        DataType::Int64 => Value::Int(col.as_primitive::<Int64Type>().value(row)),
        DataType::Boolean => Value::Bool(col.as_boolean().value(row)),
        DataType::Date32 => {
            let days = i64::from(col.as_primitive::<Date32Type>().value(row));
            NaiveDate::from_ymd_opt(1970, 1, 1)
                .and_then(|e| e.checked_add_signed(chrono::Duration::days(days)))
                .map_or(Value::Null, Value::Date)
        }
        _ => Value::Null,
    }
}

/// Reads `path` as a table of `schema`.
pub fn read_parquet(path: &Path, schema: TableSchema) -> Result<TableData, LoadError> {
    let perr = |e: parquet::errors::ParquetError| LoadError::Parquet {
        table: schema.name,
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let file = std::fs::File::open(path).map_err(|e| LoadError::io("open", path, e))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(perr)?
        .build()
        .map_err(perr)?;
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| LoadError::Arrow {
            table: schema.name,
            message: e.to_string(),
        })?;
        let cols: Vec<Option<&ArrayRef>> = schema
            .columns
            .iter()
            .map(|c| batch.column_by_name(c.name))
            .collect();
        for r in 0..batch.num_rows() {
            rows.push(
                cols.iter()
                    .map(|c| c.map_or(Value::Null, |a| cell(a, r)))
                    .collect(),
            );
        }
    }
    Ok(TableData { schema, rows })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ofsted_model::rows::InspectionRow;
    use ofsted_model::vocab::{Evidence, Framework, Grade};

    #[test]
    fn round_trip() {
        let t = TableData::from_rows(&[InspectionRow {
            inspection_id: "i".into(),
            local_authority: Some("Barnet".into()),
            la_gss_code: None,
            framework: Framework::Ilacs,
            inspection_type: None,
            type_basis: None,
            start_date: NaiveDate::from_ymd_opt(2022, 5, 2),
            end_date: None,
            period: None,
            published_date: None,
            lead_inspector: None,
            overall_effectiveness: Some(Grade::Good),
            primary_doc_id: None,
            evidence: Evidence::SecondaryOnly,
            n_documents: 2,
            theme: None,
            theme_verbatim: None,
            send_outcome: None,
        }]);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("i.parquet");
        let bytes = crate::parquet_out::write_parquet(&t, Vec::new(), 3, &p).unwrap();
        std::fs::write(&p, bytes).unwrap();
        assert_eq!(read_parquet(&p, t.schema).unwrap(), t);
    }
}
