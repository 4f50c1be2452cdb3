//! Parquet output through arrow-rs: exact types from the schema, zstd, key-value metadata.

use crate::LoadError;
use crate::arrow_rows::RowBatch;
use arrow::datatypes::{DataType, Field, Schema};
use arrow::record_batch::RecordBatch;
use ofsted_model::schema::{ColType, TableData, TableSchema};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_writer::{ArrowWriterOptions, PageStoreFactory};
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// The Arrow type of a column type.
pub fn arrow_type(ty: ColType) -> DataType {
    match ty {
        ColType::Str => DataType::Utf8,
        ColType::I64 => DataType::Int64,
        ColType::I32 => DataType::Int32,
        ColType::Date => DataType::Date32,
        ColType::Bool => DataType::Boolean,
    }
}

/// The Arrow schema of a table, with each column's description as field metadata
/// (`description`) and the table's description as schema metadata.
pub fn arrow_schema(schema: &TableSchema) -> Schema {
    let fields: Vec<Field> = schema
        .columns
        .iter()
        .map(|c| {
            Field::new(c.name, arrow_type(c.ty), c.nullable).with_metadata(HashMap::from([(
                "description".to_owned(),
                c.description().into_owned(),
            )]))
        })
        .collect();
    Schema::new(fields).with_metadata(HashMap::from([
        ("table".to_owned(), schema.name.to_owned()),
        ("description".to_owned(), schema.description.to_owned()),
    ]))
}

/// Converts a table to one Arrow record batch (row by row, as [`RowBatch`] does for a
/// streamed table, so both give the same batch).
pub fn to_record_batch(data: &TableData) -> Result<RecordBatch, LoadError> {
    let mut batch = RowBatch::new(data.schema);
    for (i, row) in data.rows.iter().enumerate() {
        batch.push(row, i)?;
    }
    batch.finish()
}

/// Writes a table as Parquet to `out` (any writer; the caller owns flushing to disk).
/// The bytes depend only on the rows and options: no timestamps are written. Rows go to
/// the writer in batches cut by [`RowBatch::is_full`], as a streamed table's do.
pub fn write_parquet<W: Write + Send>(
    data: &TableData,
    out: W,
    zstd_level: i32,
    path_for_errors: &Path,
) -> Result<W, LoadError> {
    let mut writer = arrow_writer(out, &data.schema, zstd_level, path_for_errors)?;
    let perr = |e| parquet_error(data.schema.name, path_for_errors, e);
    let mut batch = RowBatch::new(data.schema);
    for (i, row) in data.rows.iter().enumerate() {
        batch.push(row, i)?;
        if batch.is_full() {
            write_bounded(&mut writer, &batch.finish()?).map_err(perr)?;
        }
    }
    if !batch.is_empty() {
        write_bounded(&mut writer, &batch.finish()?).map_err(perr)?;
    }
    writer.into_inner().map_err(perr)
}

/// Rows per `write` call to the Parquet writer at most: its default `write_batch_size`,
/// so that a batch is one mini-batch of the column writers.
pub const WRITE_ROWS: usize = 1024;

/// Bytes of text per `write` call at most (the row that crosses it is the batch's last):
/// a table of long texts (`texts`: whole documents) is gathered and encoded a few
/// megabytes at a time, not 1,024 documents at a time.
pub const WRITE_BYTES: usize = 4 * 1024 * 1024;

/// Encoded bytes a row group may reach before it is closed: the writer holds the open row
/// group in memory, so this bounds the memory of writing a large table. Tables smaller
/// than this are one row group.
pub const ROW_GROUP_BYTES: usize = 16 * 1024 * 1024;

/// Writes `batch` (at most [`WRITE_ROWS`] rows), then closes the row group when it has
/// reached [`ROW_GROUP_BYTES`]: the same rows in the same slices give the same row groups,
/// whether a table is written whole or streamed.
pub fn write_bounded<W: Write + Send>(
    writer: &mut ArrowWriter<W>,
    batch: &RecordBatch,
) -> Result<(), parquet::errors::ParquetError> {
    writer.write(batch)?;
    if writer.in_progress_size() >= ROW_GROUP_BYTES {
        writer.flush()?;
    }
    Ok(())
}

/// The error of the Parquet writer for `table`, naming the file.
pub fn parquet_error(
    table: &'static str,
    path: &Path,
    e: parquet::errors::ParquetError,
) -> LoadError {
    LoadError::Parquet {
        table,
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// The Arrow-to-Parquet writer of a table with this crate's properties (zstd, no
/// timestamps, schema and pipeline versions as key-value metadata).
pub fn arrow_writer<W: Write + Send>(
    out: W,
    schema: &TableSchema,
    zstd_level: i32,
    path_for_errors: &Path,
) -> Result<ArrowWriter<W>, LoadError> {
    arrow_writer_with(out, schema, zstd_level, path_for_errors, None)
}

/// [`arrow_writer`] keeping the open row group's pages in `pages` (a spill folder, see
/// [`crate::spill`]) instead of on the heap; the bytes written are the same.
pub fn arrow_writer_with<W: Write + Send>(
    out: W,
    schema: &TableSchema,
    zstd_level: i32,
    path_for_errors: &Path,
    pages: Option<Arc<dyn PageStoreFactory>>,
) -> Result<ArrowWriter<W>, LoadError> {
    let perr = |e| parquet_error(schema.name, path_for_errors, e);
    let level = ZstdLevel::try_new(zstd_level).map_err(perr)?;
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(level))
        .set_created_by(format!("ofsted-etl {}", ofsted_model::PIPELINE_VERSION))
        .set_key_value_metadata(Some(vec![
            KeyValue::new(
                "ofsted_etl.schema_version".to_owned(),
                ofsted_model::SCHEMA_VERSION.to_owned(),
            ),
            KeyValue::new(
                "ofsted_etl.pipeline_version".to_owned(),
                ofsted_model::PIPELINE_VERSION.to_owned(),
            ),
            KeyValue::new("ofsted_etl.table".to_owned(), schema.name.to_owned()),
        ]))
        .build();
    let mut options = ArrowWriterOptions::new().with_properties(props);
    if let Some(pages) = pages {
        options = options.with_page_store_factory(pages);
    }
    ArrowWriter::try_new_with_options(out, Arc::new(arrow_schema(schema)), options).map_err(perr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use ofsted_model::rows::DocumentRow;
    use ofsted_model::schema::{Row, Value};
    use ofsted_model::vocab::{DocType, SourceFormat};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    fn sample() -> TableData {
        TableData::from_rows(&[DocumentRow {
            doc_id: "abc".into(),
            source_path: "a.txt".into(),
            source_format: SourceFormat::Text,
            sha256: "00".into(),
            doc_type: DocType::Other,
            title: None,
            local_authority: Some("Camden".into()),
            la_gss_code: Some("E09000007".into()),
            la_dfe_code: Some(202),
            ofsted_urn: None,
            document_date: NaiveDate::from_ymd_opt(2025, 6, 23),
            committee: Some("Scrutiny Committee".to_owned()),
            published_date: None,
            n_pages: None,
            n_paragraphs: 3,
            n_words: 10,
        }])
    }

    #[test]
    fn epoch_days() {
        let d = NaiveDate::from_ymd_opt(1970, 1, 2).unwrap();
        assert_eq!(crate::arrow_rows::days_since_epoch(d), 1);
    }

    #[test]
    fn round_trip_types_and_metadata() {
        let bytes = write_parquet(&sample(), Vec::new(), 3, Path::new("mem")).unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes)).unwrap();
        let kv = reader
            .metadata()
            .file_metadata()
            .key_value_metadata()
            .cloned()
            .unwrap_or_default();
        assert!(kv.iter().any(|k| k.key == "ofsted_etl.schema_version"));
        let schema = reader.schema().clone();
        assert_eq!(
            schema.field_with_name("document_date").unwrap().data_type(),
            &DataType::Date32
        );
        assert_eq!(
            schema.field_with_name("la_dfe_code").unwrap().data_type(),
            &DataType::Int32
        );
        assert!(!schema.field_with_name("doc_id").unwrap().is_nullable());
        let batches: Vec<_> = reader.build().unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!(batches[0].num_rows(), 1);
    }

    #[test]
    fn identical_input_identical_bytes() {
        let a = write_parquet(&sample(), Vec::new(), 3, Path::new("mem")).unwrap();
        let b = write_parquet(&sample(), Vec::new(), 3, Path::new("mem")).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn null_in_required_column_is_an_error() {
        let mut t = sample();
        t.rows[0][0] = Value::Null;
        let e = write_parquet(&t, Vec::new(), 3, Path::new("mem")).unwrap_err();
        assert!(e.to_string().contains("doc_id"), "{e}");
        assert_eq!(DocumentRow::SCHEMA.columns[0].name, "doc_id");
    }
}
