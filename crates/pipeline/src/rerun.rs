//! A no-change rerun without reading any stored result.
//!
//! After each publish, `.state/published.json` records the generation and a stamp of all
//! its tables were made from: the configuration, the input and output folders, the key of
//! the stored results, the index of inputs (paths, sizes, modification times, contents)
//! and the site ledgers. A later run with the same stamp would make the same tables except
//! `changes`, which is empty when nothing changed, and the files that show it (workbook,
//! page, the dataset's index). Such a run reuses the published generation: as it is when
//! its `changes` is empty already, else as a new generation that hard-links every other
//! file and writes only those few again from the published Parquet tables.

use crate::config::Config;
use crate::discover::InputFile;
use crate::manifest::{Manifest, write_manifest};
use crate::run::{Event, Paths, RunError, RunSummary, load_options, page_options};
use crate::state::{IndexEntry, State, mtime_ns};
use ofsted_load::LoadOptions;
use ofsted_load::publish::{GENERATIONS_DIR, Published, current_generation, write_file_atomic};
use ofsted_model::id::sha256_hex;
use ofsted_model::rows::{ALL_TABLES, ChangeRow};
use ofsted_model::schema::{Row, TableData};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What `.state/published.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stamped {
    generation: String,
    stamp: String,
}

fn stamp_path(out: &Path) -> PathBuf {
    out.join(".state").join("published.json")
}

/// The stamp of a run's sources (see the module's documentation).
pub fn stamp(
    cfg: &Config,
    paths: &Paths,
    key: &str,
    index: &BTreeMap<String, IndexEntry>,
    site: &crate::publications::SiteFacts,
) -> String {
    let index = serde_json::to_string(index).unwrap_or_default();
    let text = format!(
        "{}\n{cfg:?}\n{}\n{}\n{key}\n{index}\n{site:?}",
        ofsted_model::PIPELINE_VERSION,
        paths.input.display(),
        paths.output.display()
    );
    sha256_hex(text.as_bytes())
}

/// Records that `generation` was published from sources with `stamp`.
pub fn record(out: &Path, generation: &str, stamp: String) -> Result<(), RunError> {
    let s = Stamped {
        generation: generation.to_owned(),
        stamp,
    };
    let json = serde_json::to_vec_pretty(&s).unwrap_or_default();
    write_file_atomic(&stamp_path(out), &json)?;
    Ok(())
}

/// The index this run would commit when every input is unchanged (size and modification
/// time as indexed) and has a stored result; `None` otherwise.
fn unchanged_index(inputs: &[InputFile], state: &State) -> Option<BTreeMap<String, IndexEntry>> {
    let mut index = BTreeMap::new();
    for f in inputs {
        let mtime = mtime_ns(&std::fs::metadata(&f.path).ok()?);
        let sha = state.known_sha(&f.rel_path, f.size, mtime)?;
        if !state.has(sha) {
            return None;
        }
        let entry = IndexEntry {
            size: f.size,
            mtime_ns: mtime,
            sha256: sha.to_owned(),
        };
        index.insert(f.rel_path.clone(), entry);
    }
    Some(index)
}

/// The previous manifest when it published `generation`.
fn previous_manifest(out: &Path, generation: &str) -> Option<Manifest> {
    let bytes = std::fs::read(out.join("manifest.json")).ok()?;
    let m: Manifest = serde_json::from_slice(&bytes).ok()?;
    (m.published && m.generation == generation).then_some(m)
}

/// Publishes the run without reading stored results when nothing changed since the
/// visible generation was published; `None` when something did (run as usual).
pub fn try_rerun(
    cfg: &Config,
    paths: &Paths,
    state: &mut State,
    inputs: &[InputFile],
    manifest: Manifest,
    t0: Instant,
    on_event: &(dyn Fn(Event) + Sync),
) -> Result<Option<RunSummary>, RunError> {
    let out = &paths.output;
    let Some(stamped) = std::fs::read(stamp_path(out))
        .ok()
        .and_then(|b| serde_json::from_slice::<Stamped>(&b).ok())
    else {
        return Ok(None);
    };
    if current_generation(out).as_deref() != Some(stamped.generation.as_str()) {
        return Ok(None);
    }
    let Some(previous) = previous_manifest(out, &stamped.generation) else {
        return Ok(None);
    };
    let Some(index) = unchanged_index(inputs, state) else {
        return Ok(None);
    };
    let (site, _) = crate::publications::read_ledgers(&paths.input);
    let key = crate::run::state_key(cfg);
    if stamp(cfg, paths, &key, &index, &site) != stamped.stamp {
        return Ok(None);
    }
    let mut load = load_options(cfg);
    load.page = Some(page_options(paths));
    if !load.formats.parquet {
        return Ok(None);
    }
    on_event(Event::Stage("publish"));
    let published = if previous.rows.get(ChangeRow::SCHEMA.name) == Some(&0) {
        None
    } else {
        Some(without_changes(out, &stamped.generation, &previous, &load)?)
    };
    let generation = published
        .as_ref()
        .map_or(stamped.generation.clone(), |p| p.generation.clone());
    state.commit(index)?;
    record(out, &generation, stamped.stamp)?;
    let m = rerun_manifest(manifest, &previous, published.as_ref(), inputs.len(), t0);
    write_manifest(out, &m)?;
    Ok(Some(RunSummary {
        manifest: m,
        plan: Vec::new(),
        reject_rate_exceeded: false,
    }))
}

/// The manifest of a no-change rerun: the previous one's counts, nothing processed, no
/// changes.
fn rerun_manifest(
    mut m: Manifest,
    previous: &Manifest,
    published: Option<&Published>,
    inputs: usize,
    t0: Instant,
) -> Manifest {
    m.inputs_seen = inputs;
    m.inputs_unchanged = inputs;
    m.inputs_rejected = previous.inputs_rejected;
    m.rows = previous.rows.clone();
    m.rows.insert(ChangeRow::SCHEMA.name.to_owned(), 0);
    m.warnings = previous.warnings.clone();
    m.coverage = previous.coverage.clone();
    let unchanged = Published {
        generation: previous.generation.clone(),
        unchanged: true,
        files: Vec::new(),
    };
    m.finish(
        chrono::Utc::now(),
        t0.elapsed(),
        Some(published.unwrap_or(&unchanged)),
        previous.reject_rate,
    );
    m
}

/// The published generation with an empty `changes` table, published as a new
/// generation: unchanged files hard-linked, the `changes` files, the dataset's index, the
/// workbook and the page written again.
fn without_changes(
    out: &Path,
    generation: &str,
    previous: &Manifest,
    load: &LoadOptions,
) -> Result<Published, RunError> {
    let gen_dir = out.join(GENERATIONS_DIR).join(generation);
    let mut tables = Vec::new();
    for schema in ALL_TABLES {
        let path = gen_dir
            .join("parquet")
            .join(format!("{}.parquet", schema.name));
        // the changes table is empty on a no-change rerun; streamed tables are not
        // re-read (except quality and findings, which the workbook and page use)
        let streamed = crate::stream::STREAMED
            .iter()
            .any(|s| s.name == schema.name)
            && !matches!(schema.name, "quality" | "findings");
        let rows = if schema.name == ChangeRow::SCHEMA.name || streamed {
            Vec::new()
        } else {
            ofsted_load::parquet_in::read_parquet(&path, *schema)?.rows
        };
        tables.push(TableData {
            schema: *schema,
            rows,
        });
    }
    let counts: Vec<(&'static str, usize)> = ALL_TABLES
        .iter()
        .map(|s| (s.name, previous.rows.get(s.name).copied().unwrap_or(0)))
        .map(|(n, c)| (n, if n == ChangeRow::SCHEMA.name { 0 } else { c }))
        .collect();
    Ok(ofsted_load::stream::relink(
        out,
        generation,
        &tables,
        &counts,
        ChangeRow::SCHEMA.name,
        load,
    )?)
}
