//! Sharded runs for schedulers that run array jobs (Kubernetes Indexed Jobs, Slurm arrays,
//! AWS Batch, Spark's `RDD.pipe`): `plan`, then any number of `map`s, then `reduce`.
//!
//! - [`plan`] freezes the list of inputs of one run in `OUT/.shards/<run_id>/plan.json`
//!   (so every shard sees the same list even if the folder changes meanwhile) and assigns
//!   each input to a shard by a hash of its path. The run id is a hash of the plan, so the
//!   same inputs and shard count always give the same run id.
//! - [`map`] processes one shard's inputs (or the inputs named on standard input) through
//!   the shared per-content cache of the state store and writes a shard record
//!   `OUT/.shards/<run_id>/results/<name>.json` atomically. A record holds only what the
//!   inputs yielded (index entries and rejects; documents stay in the cache), so re-running
//!   a shard gives a byte-identical record, and a shard killed midway leaves no record:
//!   rerunning it redoes only the inputs whose results are not cached yet.
//! - [`reduce`] checks that every planned input has a record, rebuilds the run's
//!   documents from the cache in plan order, and hands them to the same linking and
//!   publishing code as `run` ([`crate::run::publish_processed`]), under the output lock.
//!
//! What it is not for: scheduling. Shards are independent processes started by whatever
//! runs array jobs; nothing here talks to another machine.

use crate::config::Config;
use crate::discover::InputFile;
use crate::manifest::Manifest;
use crate::process::{Outcome, Reject, StageTimes};
use crate::run::{
    DoneStatus, Event, Paths, ProcessOptions, RunError, RunOptions, RunSummary, assemble,
    list_inputs, lock_output, process_each, publish_processed, state_key, thread_pool,
};
use crate::state::{IndexEntry, State, mtime_ns};
use ofsted_load::publish::write_file_atomic;
use ofsted_model::id::sha256_hex;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Folder of the plans and shard records, inside the output directory.
pub const SHARDS_DIR: &str = ".shards";
const CURRENT: &str = "current";

/// Errors of sharded runs.
#[derive(Debug, thiserror::Error)]
pub enum ShardError {
    /// The pipeline failed (inputs, lock, state, output).
    #[error(transparent)]
    Run(#[from] RunError),
    /// No plan, or an unreadable one.
    #[error("no usable plan at {path}: {reason} (run `ofsted-etl plan` first)")]
    NoPlan {
        /// The plan file looked for.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
    /// The shard given does not fit the plan.
    #[error("shard {given}: {reason}")]
    BadShard {
        /// The shard as given (`I/N`, or the environment variable).
        given: String,
        /// What is wrong.
        reason: String,
    },
    /// Some planned inputs have no shard record yet.
    #[error(
        "run {run_id}: {missing} of {total} planned inputs have no result yet; unfinished shards: {shards}"
    )]
    Incomplete {
        /// The run.
        run_id: String,
        /// Inputs without a record.
        missing: usize,
        /// Planned inputs.
        total: usize,
        /// The shards that have not finished (`3/7, 5/7`).
        shards: String,
    },
    /// A record names a cached document that is gone from the state store.
    #[error(
        "input {path}: its cached result {sha} is missing from the state store; rerun its shard"
    )]
    MissingResult {
        /// The input.
        path: String,
        /// Its content hash.
        sha: String,
    },
    /// Reading or writing a plan or record failed.
    #[error("{path}: {reason}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
}

/// One planned input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedInput {
    /// Path relative to the input directory (the `source_path` column).
    pub rel_path: String,
    /// Full path as found by the walk.
    pub path: PathBuf,
    /// Size in bytes when planned.
    pub size: u64,
    /// Modification time when planned (ns since the epoch; part of the run id).
    pub mtime_ns: i128,
    /// The shard (0-based) that processes it.
    pub shard: u32,
}

/// The frozen input list of one sharded run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Run id: the first 16 hex digits of the SHA-256 of the plan's other fields.
    pub run_id: String,
    /// Number of shards.
    pub shards: u32,
    /// The input directory.
    pub input_dir: PathBuf,
    /// Hash of the options that change results (the state store's key).
    pub state_key: String,
    /// Inputs in walk order.
    pub inputs: Vec<PlannedInput>,
    /// Paths the walk could not read, with the reason (they become `io_error` rejects).
    pub problems: Vec<(String, String)>,
}

/// The shard (0-based) of an input path among `shards`: a hash of the path, so the
/// assignment does not depend on the order or number of other inputs.
pub fn shard_of(rel_path: &str, shards: u32) -> u32 {
    let h = sha256_hex(rel_path.as_bytes());
    let n = u64::from_str_radix(h.get(..12).unwrap_or("0"), 16).unwrap_or(0);
    (n % u64::from(shards.max(1))) as u32
}

fn io(path: &Path, e: impl std::fmt::Display) -> ShardError {
    ShardError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

fn run_dir(out: &Path, run_id: &str) -> PathBuf {
    out.join(SHARDS_DIR).join(run_id)
}

/// Freezes the inputs of `paths.input` into a plan of `shards` shards under
/// `paths.output` and makes it the current plan. Returns the plan.
pub fn plan(cfg: &Config, paths: &Paths, shards: u32) -> Result<Plan, ShardError> {
    if shards == 0 {
        return Err(ShardError::BadShard {
            given: "0".into(),
            reason: "the number of shards must be at least 1".into(),
        });
    }
    let (inputs, problems) = list_inputs(cfg, &paths.input)?;
    let inputs = inputs
        .into_iter()
        .map(|f| PlannedInput {
            mtime_ns: std::fs::metadata(&f.path)
                .map(|m| mtime_ns(&m))
                .unwrap_or(0),
            shard: shard_of(&f.rel_path, shards),
            rel_path: f.rel_path,
            path: f.path,
            size: f.size,
        })
        .collect();
    let mut p = Plan {
        run_id: String::new(),
        shards,
        input_dir: paths.input.clone(),
        state_key: state_key(cfg),
        inputs,
        problems,
    };
    let body = serde_json::to_vec(&p).map_err(|e| io(&paths.output, e))?;
    p.run_id = sha256_hex(&body)[..16].to_owned();
    let dir = run_dir(&paths.output, &p.run_id);
    let json = serde_json::to_vec_pretty(&p).map_err(|e| io(&dir, e))?;
    write_file_atomic(&dir.join("plan.json"), &json).map_err(RunError::Output)?;
    let current = paths.output.join(SHARDS_DIR).join(CURRENT);
    write_file_atomic(&current, p.run_id.as_bytes()).map_err(RunError::Output)?;
    Ok(p)
}

/// Loads the plan `run_id`, or the current plan of `out`.
pub fn load_plan(out: &Path, run_id: Option<&str>) -> Result<Plan, ShardError> {
    let id = match run_id {
        Some(id) => id.to_owned(),
        None => {
            let current = out.join(SHARDS_DIR).join(CURRENT);
            std::fs::read_to_string(&current)
                .map_err(|e| ShardError::NoPlan {
                    path: current.clone(),
                    reason: e.to_string(),
                })?
                .trim()
                .to_owned()
        }
    };
    let path = run_dir(out, &id).join("plan.json");
    let bytes = std::fs::read(&path).map_err(|e| ShardError::NoPlan {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    serde_json::from_slice(&bytes).map_err(|e| ShardError::NoPlan {
        path,
        reason: e.to_string(),
    })
}

/// Which inputs one `map` processes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Shard `index` (0-based) of the plan's shards.
    Shard(u32),
    /// These input paths (relative to the input directory, or as planned).
    Paths(Vec<String>),
}

/// Reads the shard from a scheduler's environment: Kubernetes Indexed Jobs
/// (`JOB_COMPLETION_INDEX`), Slurm arrays (`SLURM_ARRAY_TASK_ID`, counted from
/// `SLURM_ARRAY_TASK_MIN`, checked against `SLURM_ARRAY_TASK_COUNT`) or AWS Batch array
/// jobs (`AWS_BATCH_JOB_ARRAY_INDEX`). `get` looks a variable up (the process
/// environment in the binary). Returns the 0-based index and, when the scheduler says
/// it, the shard count; `None` when no scheduler variable is set.
pub fn shard_from_env(
    get: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<(u32, Option<u32>)>, ShardError> {
    let num = |name: &str| -> Result<Option<u32>, ShardError> {
        get(name)
            .map(|v| {
                v.trim().parse::<u32>().map_err(|_| ShardError::BadShard {
                    given: format!("{name}={v}"),
                    reason: "not a non-negative whole number".into(),
                })
            })
            .transpose()
    };
    if let Some(i) = num("JOB_COMPLETION_INDEX")? {
        return Ok(Some((i, None)));
    }
    if let Some(id) = num("SLURM_ARRAY_TASK_ID")? {
        let min = num("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
        let i = id.checked_sub(min).ok_or_else(|| ShardError::BadShard {
            given: format!("SLURM_ARRAY_TASK_ID={id}"),
            reason: format!("below SLURM_ARRAY_TASK_MIN={min}"),
        })?;
        return Ok(Some((i, num("SLURM_ARRAY_TASK_COUNT")?)));
    }
    Ok(num("AWS_BATCH_JOB_ARRAY_INDEX")?.map(|i| (i, None)))
}

/// Parses `I/N` (0-based `I`).
pub fn parse_shard(s: &str) -> Result<(u32, u32), ShardError> {
    let bad = |reason: &str| ShardError::BadShard {
        given: s.to_owned(),
        reason: reason.to_owned(),
    };
    let (i, n) = s
        .split_once('/')
        .ok_or_else(|| bad("expected I/N, e.g. 0/4"))?;
    let i: u32 = i.trim().parse().map_err(|_| bad("I is not a number"))?;
    let n: u32 = n.trim().parse().map_err(|_| bad("N is not a number"))?;
    Ok((i, n))
}

/// Checks a shard index (and the count the caller was given, if any) against the plan.
pub fn check_shard(plan: &Plan, index: u32, count: Option<u32>) -> Result<(), ShardError> {
    let given = format!("{index}/{}", count.unwrap_or(plan.shards));
    if let Some(n) = count
        && n != plan.shards
    {
        return Err(ShardError::BadShard {
            given,
            reason: format!("plan {} has {} shards", plan.run_id, plan.shards),
        });
    }
    if index >= plan.shards {
        return Err(ShardError::BadShard {
            given,
            reason: format!(
                "shards are numbered 0 to {} (plan {})",
                plan.shards - 1,
                plan.run_id
            ),
        });
    }
    Ok(())
}

/// One input's entry in a shard record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordEntry {
    /// The input.
    pub rel_path: String,
    /// Its index entry (size, mtime, content hash).
    pub entry: IndexEntry,
    /// Why it was rejected; `None` when it is a document (in the cache under its hash).
    pub reject: Option<Reject>,
}

/// What one `map` left: its inputs' entries, in plan order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardRecord {
    /// The run.
    pub run_id: String,
    /// The inputs' entries.
    pub entries: Vec<RecordEntry>,
}

/// What one `map` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapSummary {
    /// The run.
    pub run_id: String,
    /// The record's name (`shard-0002-of-0007`, or `paths-<hash>` for `--stdin`).
    pub name: String,
    /// Per input: its path and what became of it.
    pub statuses: Vec<(String, DoneStatus)>,
    /// Inputs read and analysed now.
    pub processed: usize,
    /// Inputs served from the cache.
    pub unchanged: usize,
}

fn select<'p>(
    plan: &'p Plan,
    sel: &Selection,
) -> Result<(String, Vec<&'p PlannedInput>), ShardError> {
    match sel {
        Selection::Shard(i) => {
            check_shard(plan, *i, None)?;
            let name = format!("shard-{i:04}-of-{:04}", plan.shards);
            Ok((name, plan.inputs.iter().filter(|p| p.shard == *i).collect()))
        }
        Selection::Paths(paths) => {
            let wanted: BTreeSet<&str> = paths.iter().map(|s| s.trim()).collect();
            let chosen: Vec<&PlannedInput> = plan
                .inputs
                .iter()
                .filter(|p| {
                    wanted.contains(p.rel_path.as_str())
                        || wanted.contains(p.path.to_string_lossy().as_ref())
                })
                .collect();
            let known: BTreeSet<String> = chosen
                .iter()
                .flat_map(|p| [p.rel_path.clone(), p.path.to_string_lossy().into_owned()])
                .collect();
            if let Some(unknown) = wanted.iter().find(|w| !known.contains(**w)) {
                return Err(ShardError::BadShard {
                    given: (*unknown).to_owned(),
                    reason: format!("not an input of plan {}", plan.run_id),
                });
            }
            let list: Vec<&str> = chosen.iter().map(|p| p.rel_path.as_str()).collect();
            let name = format!("paths-{}", &sha256_hex(list.join("\n").as_bytes())[..16]);
            Ok((name, chosen))
        }
    }
}

/// Processes the selected inputs of the plan through the shared cache and writes their
/// shard record. Takes no lock: shards run at the same time.
pub fn map(
    cfg: &Config,
    out: &Path,
    plan: &Plan,
    sel: &Selection,
    on_event: &(dyn Fn(Event) + Sync),
) -> Result<MapSummary, ShardError> {
    let (name, chosen) = select(plan, sel)?;
    let files: Vec<InputFile> = chosen
        .iter()
        .map(|p| InputFile {
            rel_path: p.rel_path.clone(),
            path: p.path.clone(),
            size: p.size,
        })
        .collect();
    let state = State::open(out, &plan.state_key);
    let pool = thread_pool(cfg)?;
    let (results, _) = pool.install(|| {
        process_each(
            cfg,
            &files,
            &ProcessOptions {
                state: Some(&state),
                full: false,
                on_event,
                keep: &crate::stream::stub_outcome,
            },
        )
    })?;
    let mut summary = MapSummary {
        run_id: plan.run_id.clone(),
        name: name.clone(),
        statuses: Vec::new(),
        processed: 0,
        unchanged: 0,
    };
    let mut record = ShardRecord {
        run_id: plan.run_id.clone(),
        entries: Vec::new(),
    };
    for (rel_path, entry, outcome, fresh) in results {
        let status = DoneStatus::of(&outcome, fresh);
        let reject = match outcome {
            Outcome::Document(_) => None,
            Outcome::Rejected(r) => Some(r),
        };
        if fresh {
            summary.processed += 1;
        } else {
            summary.unchanged += 1;
        }
        summary.statuses.push((rel_path.clone(), status));
        record.entries.push(RecordEntry {
            rel_path,
            entry,
            reject,
        });
    }
    let path = run_dir(out, &plan.run_id)
        .join("results")
        .join(format!("{name}.json"));
    let json = serde_json::to_vec_pretty(&record).map_err(|e| io(&path, e))?;
    write_file_atomic(&path, &json).map_err(RunError::Output)?;
    Ok(summary)
}

fn read_records(out: &Path, plan: &Plan) -> Result<BTreeMap<String, RecordEntry>, ShardError> {
    let dir = run_dir(out, &plan.run_id).join("results");
    let mut by_path = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(by_path);
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for f in files {
        let bytes = std::fs::read(&f).map_err(|e| io(&f, e))?;
        let rec: ShardRecord = serde_json::from_slice(&bytes).map_err(|e| io(&f, e))?;
        for e in rec.entries {
            by_path.insert(e.rel_path.clone(), e);
        }
    }
    Ok(by_path)
}

fn missing_error(plan: &Plan, records: &BTreeMap<String, RecordEntry>) -> Option<ShardError> {
    let missing: Vec<&PlannedInput> = plan
        .inputs
        .iter()
        .filter(|p| !records.contains_key(&p.rel_path))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let shards: BTreeSet<u32> = missing.iter().map(|p| p.shard).collect();
    let shards: Vec<String> = shards
        .iter()
        .map(|s| format!("{s}/{}", plan.shards))
        .collect();
    Some(ShardError::Incomplete {
        run_id: plan.run_id.clone(),
        missing: missing.len(),
        total: plan.inputs.len(),
        shards: shards.join(", "),
    })
}

/// Checks that every planned input has a record, rebuilds the run from the cache and
/// publishes it as `run` does (lock, link, reject-rate limit, atomic publish, manifest).
pub fn reduce(
    cfg: &Config,
    paths: &Paths,
    plan: &Plan,
    on_event: &(dyn Fn(Event) + Sync),
) -> Result<RunSummary, ShardError> {
    let started = chrono::Utc::now();
    let t0 = Instant::now();
    let _lock = lock_output(&paths.output, started, on_event)?;
    let records = read_records(&paths.output, plan)?;
    if let Some(e) = missing_error(plan, &records) {
        return Err(e);
    }
    let state = State::open(&paths.output, &plan.state_key);
    let mut results = Vec::with_capacity(plan.inputs.len());
    for p in &plan.inputs {
        let Some(r) = records.get(&p.rel_path) else {
            continue;
        };
        let outcome = match &r.reject {
            Some(rej) => Outcome::Rejected(rej.clone()),
            None => crate::stream::stored_stub(&state, &r.entry.sha256).ok_or_else(|| {
                ShardError::MissingResult {
                    path: p.rel_path.clone(),
                    sha: r.entry.sha256.clone(),
                }
            })?,
        };
        results.push((p.rel_path.clone(), r.entry.clone(), outcome, false));
    }
    let processed = assemble(results, StageTimes::default());
    let mut manifest = Manifest::new(started, cfg, paths, &RunOptions::default());
    manifest.mode = format!("sharded:{}x{}", plan.run_id, plan.shards);
    manifest.inputs_seen = plan.inputs.len();
    let mut state = state;
    Ok(publish_processed(
        cfg,
        paths,
        &mut state,
        processed,
        plan.problems.clone(),
        manifest,
        t0,
        on_event,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_assignment_is_stable_and_in_range() {
        for n in [1, 3, 7] {
            for p in ["a.pdf", "b/c.pdf", "z.txt"] {
                let s = shard_of(p, n);
                assert!(s < n);
                assert_eq!(s, shard_of(p, n));
            }
        }
        assert_eq!(shard_of("anything", 1), 0);
    }

    #[test]
    fn shard_argument_and_environment() {
        assert_eq!(parse_shard("2/7").ok(), Some((2, 7)));
        assert!(parse_shard("2").is_err());
        assert!(parse_shard("x/7").is_err());
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let k8s = env(&[("JOB_COMPLETION_INDEX", "4")]);
        assert_eq!(shard_from_env(&k8s).ok(), Some(Some((4, None))));
        let slurm = env(&[
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "7"),
        ]);
        assert_eq!(shard_from_env(&slurm).ok(), Some(Some((2, Some(7)))));
        let aws = env(&[("AWS_BATCH_JOB_ARRAY_INDEX", "0")]);
        assert_eq!(shard_from_env(&aws).ok(), Some(Some((0, None))));
        let none = env(&[]);
        assert_eq!(shard_from_env(&none).ok(), Some(None));
        let bad = env(&[("JOB_COMPLETION_INDEX", "-1")]);
        assert!(shard_from_env(&bad).is_err());
    }
}
