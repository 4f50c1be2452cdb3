//! The run manifest: what one run did, in `output/runs/<run_id>.json`, the latest also
//! in `output/manifest.json`, and all of them as the `runs` table in
//! `output/runs/runs.{parquet,csv}`. Times and run ids live only here, never in the data
//! tables, so that those stay byte-identical between runs over the same inputs.

use crate::config::Config;
use crate::run::{Paths, RunOptions};
use chrono::{DateTime, SecondsFormat, Utc};
use ofsted_load::LoadError;
use ofsted_load::publish::{Published, write_file_atomic};
use ofsted_model::rows::{QualityRow, RejectRow, RunRow};
use ofsted_model::schema::TableData;
use ofsted_transform::coverage::{self, Outcome};
use ofsted_transform::tables::DocResult;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// Milliseconds spent per stage (extract and transform summed over worker threads).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageMillis {
    /// Extract, CPU-summed over workers.
    pub extract: u64,
    /// Transform, CPU-summed over workers.
    pub transform: u64,
    /// Cross-document linking.
    pub link: u64,
    /// Writing and publishing tables.
    pub publish: u64,
}

/// One run's manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Run id: UTC start time and process id.
    pub run_id: String,
    /// Start, RFC 3339 UTC.
    pub started_at: String,
    /// End, RFC 3339 UTC.
    pub finished_at: String,
    /// Wall-clock milliseconds.
    pub duration_ms: u64,
    /// ofsted-etl version.
    pub pipeline_version: String,
    /// Schema version of the tables.
    pub schema_version: String,
    /// Hash of the result-changing options.
    pub config_hash: String,
    /// `full` or `incremental`.
    pub mode: String,
    /// Input directory.
    pub input_dir: String,
    /// Output directory.
    pub output_dir: String,
    /// Inputs found.
    pub inputs_seen: usize,
    /// Inputs read and analysed in this run.
    pub inputs_processed: usize,
    /// Inputs reused from the state store.
    pub inputs_unchanged: usize,
    /// Inputs rejected.
    pub inputs_rejected: usize,
    /// Rejected fraction of inputs.
    pub reject_rate: f64,
    /// Rows per table.
    pub rows: BTreeMap<String, usize>,
    /// Quality rows per code, and rejects per reason (`reject:<reason>`).
    pub warnings: BTreeMap<String, usize>,
    /// What became of each input: `primary`, `secondary`, `no_inspection_found`,
    /// `unrecognised_document` (documents) and `rejected` (inputs); they sum to
    /// `inputs_seen`.
    #[serde(default)]
    pub coverage: BTreeMap<String, usize>,
    /// Time per stage.
    pub stage_ms: StageMillis,
    /// Published generation (empty when nothing was published).
    pub generation: String,
    /// Whether tables were published.
    pub published: bool,
    /// Whether the generation was already there (no table changed).
    pub tables_unchanged: bool,
    /// What changed against the previously published generation (the `changes` table).
    #[serde(default)]
    pub changes: crate::changes::ChangeSummary,
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Manifest {
    /// A manifest for a run starting now.
    pub fn new(started: DateTime<Utc>, cfg: &Config, paths: &Paths, opts: &RunOptions) -> Self {
        Manifest {
            run_id: format!(
                "{}-{}",
                started.format("%Y%m%dT%H%M%S%.3fZ"),
                std::process::id()
            ),
            started_at: ts(started),
            finished_at: String::new(),
            duration_ms: 0,
            pipeline_version: ofsted_model::PIPELINE_VERSION.to_owned(),
            schema_version: ofsted_model::SCHEMA_VERSION.to_owned(),
            config_hash: cfg.result_hash(),
            mode: if opts.full { "full" } else { "incremental" }.to_owned(),
            input_dir: paths.input.display().to_string(),
            output_dir: paths.output.display().to_string(),
            inputs_seen: 0,
            inputs_processed: 0,
            inputs_unchanged: 0,
            inputs_rejected: 0,
            reject_rate: 0.0,
            rows: BTreeMap::new(),
            warnings: BTreeMap::new(),
            coverage: BTreeMap::new(),
            stage_ms: StageMillis::default(),
            generation: String::new(),
            published: false,
            tables_unchanged: false,
            changes: Default::default(),
        }
    }

    /// Records rows per table.
    pub fn record_tables(&mut self, tables: &[TableData]) {
        for t in tables {
            self.rows.insert(t.schema.name.to_owned(), t.rows.len());
        }
    }

    /// Counts quality rows per code and rejects per reason.
    pub fn record_warnings(&mut self, quality: &[QualityRow], rejects: &[RejectRow]) {
        for q in quality {
            *self.warnings.entry(q.code.clone()).or_default() += 1;
        }
        for r in rejects {
            *self
                .warnings
                .entry(format!("reject:{}", r.reason))
                .or_default() += 1;
        }
    }

    /// Counts what became of each input (see [`Manifest::coverage`]).
    pub fn record_coverage(&mut self, docs: &[DocResult], rejects: &[RejectRow]) {
        for o in Outcome::ALL {
            self.coverage.insert(o.as_str().to_owned(), 0);
        }
        for d in docs {
            *self
                .coverage
                .entry(coverage::outcome(d).as_str().to_owned())
                .or_default() += 1;
        }
        self.coverage.insert("rejected".to_owned(), rejects.len());
    }

    /// Completes the manifest at the end of the run.
    pub fn finish(
        &mut self,
        end: DateTime<Utc>,
        took: Duration,
        published: Option<&Published>,
        reject_rate: f64,
    ) {
        self.finished_at = ts(end);
        self.duration_ms = took.as_millis() as u64;
        self.reject_rate = reject_rate;
        if let Some(p) = published {
            self.generation = p.generation.clone();
            self.published = true;
            self.tables_unchanged = p.unchanged;
        }
    }

    fn row(&self) -> RunRow {
        RunRow {
            run_id: self.run_id.clone(),
            started_at: self.started_at.clone(),
            finished_at: self.finished_at.clone(),
            pipeline_version: self.pipeline_version.clone(),
            config_hash: self.config_hash.clone(),
            mode: self.mode.clone(),
            inputs_seen: self.inputs_seen as i64,
            inputs_processed: self.inputs_processed as i64,
            inputs_unchanged: self.inputs_unchanged as i64,
            inputs_rejected: self.inputs_rejected as i64,
            generation: self.generation.clone(),
            published: self.published,
            duration_ms: self.duration_ms as i64,
        }
    }
}

/// Writes the manifest (atomically) and refreshes the `runs` table.
pub fn write_manifest(out_dir: &Path, m: &Manifest) -> Result<(), LoadError> {
    let json = serde_json::to_vec_pretty(m).unwrap_or_default();
    let runs = out_dir.join("runs");
    write_file_atomic(&runs.join(format!("{}.json", m.run_id)), &json)?;
    write_file_atomic(&out_dir.join("manifest.json"), &json)?;
    let mut rows = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&runs) {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "json")
                && let Some(m) = std::fs::read(&p)
                    .ok()
                    .and_then(|b| serde_json::from_slice::<Manifest>(&b).ok())
            {
                rows.push(m.row());
            }
        }
    }
    let table = TableData::from_rows(&rows);
    let pq =
        ofsted_load::parquet_out::write_parquet(&table, Vec::new(), 3, &runs.join("runs.parquet"))?;
    write_file_atomic(&runs.join("runs.parquet"), &pq)?;
    let csv = ofsted_load::csv_out::write_csv(&table, Vec::new(), true, &runs.join("runs.csv"))?;
    write_file_atomic(&runs.join("runs.csv"), &csv)?;
    Ok(())
}
