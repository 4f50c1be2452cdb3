//! Rows to an Arrow `RecordBatch` one row at a time: each cell is appended to its
//! column's builder as the row arrives, checked against the schema (type, nullability,
//! `int32` range), so a batch being gathered is held once, as Arrow columns, never also as
//! rows of [`Value`]s. The batch is the one [`crate::parquet_out::to_record_batch`] makes
//! of the same rows (same values, same nulls), so the Parquet bytes are the same.

use crate::LoadError;
use crate::parquet_out::{WRITE_BYTES, WRITE_ROWS, arrow_schema};
use arrow::array::{
    ArrayRef, BooleanBuilder, Date32Builder, Int32Builder, Int64Builder, StringBuilder,
};
use arrow::record_batch::RecordBatch;
use chrono::Datelike;
use ofsted_model::schema::{ColType, TableSchema, Value};
use std::sync::Arc;

/// One column being built.
enum Column {
    Str(StringBuilder),
    I64(Int64Builder),
    I32(Int32Builder),
    Date(Date32Builder),
    Bool(BooleanBuilder),
}

impl Column {
    fn new(ty: ColType) -> Self {
        match ty {
            ColType::Str => Column::Str(StringBuilder::new()),
            ColType::I64 => Column::I64(Int64Builder::new()),
            ColType::I32 => Column::I32(Int32Builder::new()),
            ColType::Date => Column::Date(Date32Builder::new()),
            ColType::Bool => Column::Bool(BooleanBuilder::new()),
        }
    }

    fn append_null(&mut self) {
        match self {
            Column::Str(b) => b.append_null(),
            Column::I64(b) => b.append_null(),
            Column::I32(b) => b.append_null(),
            Column::Date(b) => b.append_null(),
            Column::Bool(b) => b.append_null(),
        }
    }

    /// Appends a non-null cell; returns the bytes of text it added (0 for a number, a date
    /// or a flag). `Err` with a message when it is of another type or out of range (nothing
    /// is appended then).
    fn append(&mut self, v: &Value) -> Result<usize, String> {
        match (self, v) {
            (Column::Str(b), Value::Str(s)) => {
                b.append_value(s);
                return Ok(s.len());
            }
            (Column::I64(b), Value::Int(i)) => b.append_value(*i),
            (Column::I32(b), Value::Int(i)) => {
                b.append_value(i32::try_from(*i).map_err(|_| format!("{i} overflows int32"))?)
            }
            (Column::Date(b), Value::Date(d)) => b.append_value(days_since_epoch(*d)),
            (Column::Bool(b), Value::Bool(x)) => b.append_value(*x),
            _ => return Err(String::new()),
        }
        Ok(0)
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Column::Str(b) => Arc::new(b.finish()),
            Column::I64(b) => Arc::new(b.finish()),
            Column::I32(b) => Arc::new(b.finish()),
            Column::Date(b) => Arc::new(b.finish()),
            Column::Bool(b) => Arc::new(b.finish()),
        }
    }
}

/// Days since 1970-01-01 (Arrow's `Date32`).
pub fn days_since_epoch(d: chrono::NaiveDate) -> i32 {
    // 1970-01-01 is day 719_163 counted from 0001-01-01 (day 1).
    d.num_days_from_ce() - 719_163
}

/// A record batch being gathered row by row.
pub struct RowBatch {
    schema: TableSchema,
    columns: Vec<Column>,
    rows: usize,
    text_bytes: usize,
}

impl RowBatch {
    /// An empty batch of table `schema`.
    pub fn new(schema: TableSchema) -> Self {
        RowBatch {
            schema,
            columns: schema.columns.iter().map(|c| Column::new(c.ty)).collect(),
            rows: 0,
            text_bytes: 0,
        }
    }

    /// True when the batch should be written now: it holds [`WRITE_ROWS`] rows or
    /// [`WRITE_BYTES`] of text. Every writer of a table cuts its batches by this one rule,
    /// so a table written whole and one streamed in chunks give the same Parquet bytes.
    pub fn is_full(&self) -> bool {
        self.rows >= WRITE_ROWS || self.text_bytes >= WRITE_BYTES
    }

    /// Rows gathered since the last [`RowBatch::finish`].
    pub fn len(&self) -> usize {
        self.rows
    }

    /// True when no row was gathered since the last [`RowBatch::finish`].
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Appends one row. On an error (a cell of the wrong type, a null in a non-nullable
    /// column, a number out of range; `row` numbers the row in the error) the batch is
    /// left unusable: the caller stops writing the table.
    pub fn push(&mut self, cells: &[Value], row: usize) -> Result<(), LoadError> {
        let schema = self.schema;
        for (col, (spec, b)) in schema.columns.iter().zip(&mut self.columns).enumerate() {
            let err = |message: String| LoadError::Value {
                table: schema.name,
                column: spec.name,
                row,
                message,
            };
            match cells.get(col) {
                Some(Value::Null) | None if spec.nullable => b.append_null(),
                Some(Value::Null) | None => {
                    return Err(err("null in a non-nullable column".into()));
                }
                Some(v) => {
                    self.text_bytes += b.append(v).map_err(|m| {
                        err(if m.is_empty() {
                            format!("expected {}, found {v:?}", spec.ty.name())
                        } else {
                            m
                        })
                    })?
                }
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// The gathered rows as one record batch; the builders start again empty.
    pub fn finish(&mut self) -> Result<RecordBatch, LoadError> {
        let columns: Vec<ArrayRef> = self.columns.iter_mut().map(Column::finish).collect();
        self.rows = 0;
        self.text_bytes = 0;
        RecordBatch::try_new(Arc::new(arrow_schema(&self.schema)), columns).map_err(|e| {
            LoadError::Arrow {
                table: self.schema.name,
                message: e.to_string(),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parquet_out::to_record_batch;
    use ofsted_model::rows::{DocumentRow, ParagraphRow};
    use ofsted_model::schema::{Row, TableData};
    use ofsted_model::vocab::{Area, ParagraphKind};

    fn paragraphs(n: usize) -> TableData {
        let rows: Vec<ParagraphRow> = (0..n)
            .map(|i| ParagraphRow {
                doc_id: format!("d{}", i / 7),
                seq: i as i32,
                number: (i % 3 == 0).then(|| format!("{i}")),
                kind: ParagraphKind::Paragraph,
                section: None,
                area: (i % 2 == 0).then_some(Area::HelpAndProtection),
                n_words: 3,
                text: "x".repeat(i % 50),
                char_start: i as i64,
                char_end: i as i64 + 1,
            })
            .collect();
        TableData::from_rows(&rows)
    }

    #[test]
    fn row_by_row_is_the_whole_table_batch() {
        for n in [0, 1, 40] {
            let t = paragraphs(n);
            let mut b = RowBatch::new(t.schema);
            for (i, r) in t.rows.iter().enumerate() {
                b.push(r, i).unwrap();
            }
            assert_eq!(b.len(), n);
            assert_eq!(b.finish().unwrap(), to_record_batch(&t).unwrap());
            assert!(b.is_empty());
        }
    }

    #[test]
    fn full_at_rows_or_bytes_of_text() {
        let mut short = RowBatch::new(ParagraphRow::SCHEMA);
        for (i, r) in paragraphs(WRITE_ROWS).rows.iter().enumerate() {
            assert!(!short.is_full());
            short.push(r, i).unwrap();
        }
        assert!(short.is_full());
        let mut t = paragraphs(3);
        let text = ParagraphRow::SCHEMA.index_of("text").unwrap();
        t.rows[0][text] = Value::Str("x".repeat(WRITE_BYTES - 100));
        t.rows[1][text] = Value::Str("y".repeat(200));
        let mut long = RowBatch::new(t.schema);
        long.push(&t.rows[0], 0).unwrap();
        assert!(!long.is_full());
        long.push(&t.rows[1], 1).unwrap();
        assert!(
            long.is_full(),
            "the row crossing the budget closes the batch"
        );
        long.finish().unwrap();
        assert!(!long.is_full());
    }

    #[test]
    fn builders_start_again_after_finish() {
        let t = paragraphs(10);
        let mut b = RowBatch::new(t.schema);
        for (i, r) in t.rows.iter().enumerate() {
            b.push(r, i).unwrap();
            if i == 4 {
                assert_eq!(b.finish().unwrap().num_rows(), 5);
            }
        }
        assert_eq!(b.finish().unwrap().num_rows(), 5);
    }

    #[test]
    fn wrong_cells_are_errors_naming_the_column() {
        let mut b = RowBatch::new(DocumentRow::SCHEMA);
        let mut row = vec![Value::Null; DocumentRow::SCHEMA.columns.len()];
        let e = b.push(&row, 3).unwrap_err().to_string();
        assert!(e.contains("doc_id") && e.contains("non-nullable"), "{e}");
        row[0] = Value::Int(1);
        let e = b.push(&row, 0).unwrap_err().to_string();
        assert!(e.contains("expected"), "{e}");
    }
}
