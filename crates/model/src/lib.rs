//! Shared vocabulary of ofsted-etl: the types that pass between stages and the table
//! schemas that form the project's public contract.
//!
//! What it is for:
//! - [`doc`]: a cleaned document ([`doc::CleanDoc`]) with typed blocks and spans, as `extract`
//!   produces it and `transform` reads it;
//! - [`vocab`]: closed vocabularies (document types, frameworks, judgement areas, grades,
//!   stages, severities, ...), one enum each, typed in the rows and listed from there in
//!   every column description, the data package and the page's labels;
//! - [`rows`]: one struct per output table row;
//! - [`schema`]: the single definition of every table's columns, types, descriptions,
//!   vocabularies, primary and foreign keys, from which the Parquet schema, the CSV header,
//!   the data package and the README data dictionary are made;
//! - [`span`]: conversion between byte offsets (used internally) and character offsets
//!   (published in the tables);
//! - [`id`]: stable content-hash identifiers.
//!
//! What it is not for: reading files, parsing text or writing tables. It depends on no
//! other crate of the workspace, and every other crate depends on it.

pub mod doc;
pub mod id;
pub mod ledger;
pub mod pause;
pub mod rows;
pub mod schema;
pub mod span;
pub mod vocab;

/// Version of the table schemas; bumped whenever a column is added, removed or changes
/// meaning. Written into Parquet key-value metadata and the run manifest.
pub const SCHEMA_VERSION: &str = "1";

/// Version of the pipeline (the workspace version), written into Parquet metadata and used
/// by incremental runs to decide when everything must be re-processed.
pub const PIPELINE_VERSION: &str = env!("CARGO_PKG_VERSION");
