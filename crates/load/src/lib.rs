//! Stage 3 of ofsted-etl: write tables as typed Parquet and RFC 4180 CSV, and publish a
//! complete set atomically.
//!
//! What it is for:
//! - [`parquet_out`]: a [`TableData`] to an Arrow `RecordBatch` with the exact schema from
//!   `ofsted-model` (dates as `Date32`, integers as integers, nullability as declared),
//!   written zstd-compressed with key-value metadata (schema and pipeline version, column
//!   descriptions);
//! - [`arrow_rows`]: rows to an Arrow batch one row at a time (no second copy of a batch);
//! - [`csv_out`]: the same table as UTF-8 CSV with a header row, RFC 4180 quoting, ISO
//!   dates, empty fields for null, and spreadsheet-formula neutralisation;
//! - [`xlsx_out`]: the Excel workbook of the tables analysts filter most;
//! - [`datapackage`]: `datapackage.json` (Frictionless Data Package) describing the CSVs;
//! - [`page`]: the summary page `report/index.html` (inline SVG charts, tables, data
//!   quality) rendered from the same rows, written into each generation;
//! - [`parquet_in`]: reading published Parquet back into [`TableData`] (for `report` and `changes`);
//! - [`publish`]: writing a whole generation of tables into a staging directory, flushing
//!   it to disk, and switching `output/parquet` and `output/csv` to it by atomic renames;
//! - [`stream`]: the same generation written in bounded memory, large tables arriving in
//!   sorted chunks straight into their files;
//! - [`spill`]: where those files' open row groups wait: on disk, not on the heap.
//!
//! What it is not for: deciding what goes into the tables (that is `ofsted-transform`) or
//! which inputs to process (that is `ofsted-pipeline`).

pub mod arrow_rows;
pub mod csv_out;
pub mod datapackage;
pub mod dictionary;
pub mod page;
pub mod parquet_in;
pub mod parquet_out;
pub mod publish;
pub mod spill;
pub mod stream;
pub mod xlsx_out;

pub use ofsted_model::schema::TableData;
use std::path::PathBuf;

/// Errors of the load stage, each naming the file (and table) involved.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A filesystem operation failed.
    #[error("{op} {path}: {source}")]
    Io {
        /// What was being done ("create", "rename", "fsync", ...).
        op: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Arrow refused the data for a table (a value of the wrong type for a column).
    #[error("table {table}: building Arrow data: {message}")]
    Arrow {
        /// Table name.
        table: &'static str,
        /// Arrow's message.
        message: String,
    },
    /// The Parquet writer failed.
    #[error("table {table}: writing Parquet {path}: {message}")]
    Parquet {
        /// Table name.
        table: &'static str,
        /// The file.
        path: PathBuf,
        /// The writer's message.
        message: String,
    },
    /// The CSV writer failed.
    #[error("table {table}: writing CSV {path}: {message}")]
    Csv {
        /// Table name.
        table: &'static str,
        /// The file.
        path: PathBuf,
        /// The writer's message.
        message: String,
    },
    /// The Excel writer failed.
    #[error("writing the Excel workbook: {message}")]
    Xlsx {
        /// The writer's message.
        message: String,
    },
    /// A cell does not fit its column's declared type.
    #[error("table {table}, column {column}, row {row}: {message}")]
    Value {
        /// Table name.
        table: &'static str,
        /// Column name.
        column: &'static str,
        /// Row index (after sorting).
        row: usize,
        /// What is wrong.
        message: String,
    },
}

impl LoadError {
    pub(crate) fn io(op: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        LoadError::Io {
            op,
            path: path.into(),
            source,
        }
    }
}

/// Which formats to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// Write `parquet/<table>.parquet`.
    pub parquet: bool,
    /// Write `csv/<table>.csv` (and `datapackage.json` describing them).
    pub csv: bool,
    /// Write the workbook `xlsx/ofsted-etl.xlsx`.
    pub xlsx: bool,
    /// Write `dataset/<table>/part-NNNNN.parquet` with `_SUCCESS` markers: the
    /// folder-per-table layout that Spark, DuckDB and Polars read as one dataset.
    pub dataset: bool,
}

/// Options for writing tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    /// Formats to write.
    pub formats: Formats,
    /// zstd level for Parquet (1–22).
    pub zstd_level: i32,
    /// Neutralise spreadsheet formulas in CSV text cells (see [`csv_out::neutralise`]).
    pub csv_formula_guard: bool,
    /// Start every CSV file with a UTF-8 byte-order mark (for spreadsheets that open CSV by
    /// double-click and otherwise guess a legacy encoding).
    pub csv_bom: bool,
    /// Write the summary page `report/index.html` into the generation (`None`: no page).
    pub page: Option<page::PageOptions>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            formats: Formats {
                parquet: true,
                csv: true,
                xlsx: true,
                dataset: false,
            },
            zstd_level: 3,
            csv_formula_guard: true,
            csv_bom: false,
            page: Some(page::PageOptions::default()),
        }
    }
}
