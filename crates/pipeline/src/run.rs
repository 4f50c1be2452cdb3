//! A whole run: lock, discover, process (in parallel, reusing cached results), link,
//! publish atomically, record the state and the run manifest.

use crate::changes::{ChangeSummary, changes, previous_summary, summarise};
use crate::config::Config;
use crate::discover::{Glob, InputFile, discover};
use crate::lock::{LockError, RunLock};
use crate::manifest::{Manifest, StageMillis, write_manifest};
use crate::process::{Outcome, Reject, StageTimes, process};
use crate::state::{IndexEntry, State, StateError, mtime_ns};
use ofsted_extract::ExtractOptions;
use ofsted_load::page::{PageOptions, relative_base};
use ofsted_load::publish::{Published, clean_leftovers, rewrite_page};
use ofsted_load::{Formats, LoadError, LoadOptions};
use ofsted_model::id::sha256_hex;
use ofsted_model::rows::{ChangeRow, RejectRow};
use ofsted_model::schema::{Row, TableData, TableSchema};
use ofsted_model::vocab::{RejectReason, RejectStage};
use ofsted_transform::authorities::local_authority_rows;
use ofsted_transform::link::{LinkError, Tables, link_owned};
use ofsted_transform::summary::summary_rows;
use ofsted_transform::tables::DocResult;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How a run was asked for (command-line choices on top of the config).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunOptions {
    /// Ignore cached results and the index: re-read every input.
    pub full: bool,
    /// Only list what would be processed; write nothing.
    pub dry_run: bool,
}

/// Progress events, for a progress bar or log lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Inputs found; `to_process` of them need reading.
    Discovered {
        /// All inputs.
        total: usize,
        /// Inputs not served from the cache.
        to_process: usize,
    },
    /// One input finished (processed or taken from the cache).
    Done {
        /// Its path.
        path: String,
        /// What became of it.
        status: DoneStatus,
    },
    /// A stage started (`link`, `publish`).
    Stage(&'static str),
    /// Something worth a log line (stale lock taken over, leftovers cleaned).
    Info(String),
}

/// What became of one input of a run ([`Event::Done`], a map's summary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoneStatus {
    /// Read and analysed now.
    Ok,
    /// Its result was taken from the state store.
    Cached,
    /// Rejected, with the `rejects.reason`.
    Rejected(RejectReason),
}

impl DoneStatus {
    /// The status of a fresh (`fresh`) or stored outcome.
    pub fn of(outcome: &Outcome, fresh: bool) -> DoneStatus {
        match outcome {
            Outcome::Document(_) if fresh => DoneStatus::Ok,
            Outcome::Document(_) => DoneStatus::Cached,
            Outcome::Rejected(r) => DoneStatus::Rejected(r.reason),
        }
    }

    /// `ok`, `cached` or the reject reason (log lines and `--log-format json`).
    pub fn as_str(&self) -> &'static str {
        match self {
            DoneStatus::Ok => "ok",
            DoneStatus::Cached => "cached",
            DoneStatus::Rejected(reason) => reason.as_str(),
        }
    }
}

impl std::fmt::Display for DoneStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Errors that stop a run (a bad input never does: it becomes a reject).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The input directory is unusable.
    #[error(transparent)]
    Input(#[from] crate::discover::DiscoverError),
    /// A glob in the config is invalid (normally caught by validation).
    #[error("input pattern: {0}")]
    Pattern(String),
    /// Another run holds the output directory.
    #[error(transparent)]
    Lock(#[from] LockError),
    /// Writing tables failed.
    #[error(transparent)]
    Output(#[from] LoadError),
    /// The state store failed.
    #[error(transparent)]
    State(#[from] StateError),
    /// Linking failed.
    #[error(transparent)]
    Link(#[from] LinkError),
    /// The thread pool could not start.
    #[error("thread pool: {0}")]
    Threads(String),
    /// Writing the per-document tables from the state store failed (a stored result went
    /// missing during the run, or a broken internal invariant).
    #[error("writing per-document tables: {0}")]
    Stream(String),
    /// The input directory holds no file the include patterns take: nothing to do, and
    /// publishing empty tables over the previous ones would be wrong.
    #[error(
        "no input found: no file under {} matches input.include ({}) and escapes input.exclude; previous tables kept",
        dir.display(),
        include.join(", ")
    )]
    NoInput {
        /// The input directory.
        dir: PathBuf,
        /// The include patterns.
        include: Vec<String>,
    },
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct RunSummary {
    /// The manifest written (or that would be written, for a dry run).
    pub manifest: Manifest,
    /// For a dry run: the inputs and whether each would be processed or reused.
    pub plan: Vec<(String, &'static str)>,
    /// True when the reject rate exceeded `max_reject_rate` (nothing was published).
    pub reject_rate_exceeded: bool,
}

/// Resolved paths of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Input directory.
    pub input: PathBuf,
    /// Output directory.
    pub output: PathBuf,
}

/// What processing all inputs yielded, before linking.
pub struct Processed {
    /// Documents, one per distinct content, in input order.
    pub docs: Vec<DocResult>,
    /// Rejected inputs.
    pub rejects: Vec<RejectRow>,
    /// New index entries.
    pub index: BTreeMap<String, IndexEntry>,
    /// Inputs read and analysed now.
    pub processed: usize,
    /// Inputs served from the cache.
    pub unchanged: usize,
    /// Summed stage times.
    pub times: StageTimes,
}

fn extract_options(cfg: &Config) -> ExtractOptions {
    ExtractOptions {
        pdf_timeout: Duration::from_millis(*cfg.extract.time_budget_ms.get_ref()),
        strip_boilerplate: cfg.extract.strip_boilerplate,
        pdf_engine: cfg.extract.engine(),
    }
}

/// The options of the load stage from the config.
pub fn load_options(cfg: &Config) -> LoadOptions {
    let formats = cfg.output.formats.get_ref();
    LoadOptions {
        formats: Formats {
            parquet: formats.iter().any(|f| f == "parquet"),
            csv: formats.iter().any(|f| f == "csv"),
            xlsx: formats.iter().any(|f| f == "xlsx"),
            dataset: formats.iter().any(|f| f == "dataset"),
        },
        zstd_level: *cfg.output.zstd_level.get_ref(),
        csv_formula_guard: cfg.output.csv_formula_guard,
        csv_bom: cfg.output.csv_bom,
        page: Some(PageOptions::default()),
    }
}

/// The page options of a run: source documents linked relative to `<output>/report/`.
/// Call once the output folder exists.
pub fn page_options(paths: &Paths) -> PageOptions {
    let abs = |p: &Path| std::fs::canonicalize(p).ok();
    let source_base = abs(&paths.output)
        .zip(abs(&paths.input))
        .and_then(|(out, input)| relative_base(&out.join("report"), &input));
    PageOptions { source_base }
}

/// Writes the summary page of the published tables again (`ofsted-etl report`), under the
/// run lock. Returns the page's path.
pub fn report(paths: &Paths) -> Result<PathBuf, RunError> {
    let who = format!("pid {} (ofsted-etl report)", std::process::id());
    let _lock = RunLock::acquire(&paths.output, &who)?;
    Ok(rewrite_page(&paths.output, &page_options(paths))?)
}

fn globs(pats: &[String]) -> Result<Vec<Glob>, RunError> {
    pats.iter()
        .map(|p| Glob::new(p).map_err(RunError::Pattern))
        .collect()
}

/// Lists the inputs of a config.
pub fn list_inputs(cfg: &Config, input: &Path) -> Result<crate::discover::Discovered, RunError> {
    let inc = globs(&cfg.input.include)?;
    let exc = globs(&cfg.input.exclude)?;
    Ok(discover(input, &inc, &exc)?)
}

enum Work<'a> {
    /// Unchanged path whose content has a stored result.
    Known(&'a InputFile, String),
    Read(&'a InputFile),
}

/// What to keep of each outcome while all inputs are processed (identity, or
/// [`crate::stream::stub_outcome`] to keep memory flat).
pub type Keep = dyn Fn(Outcome) -> Outcome + Sync;

/// How [`process_each`] treats its inputs. [`Default`]: no state store, every input read,
/// no progress events, every outcome kept whole.
#[derive(Clone, Copy)]
pub struct ProcessOptions<'a> {
    /// The state store whose cached results stand in for unchanged inputs; `None`: no
    /// caching (eval, benchmarks and tests).
    pub state: Option<&'a State>,
    /// Read every input even when the state store has its result (`run --full`).
    pub full: bool,
    /// Progress events, from the worker threads.
    pub on_event: &'a (dyn Fn(Event) + Sync),
    /// What to keep of each outcome, applied as each input finishes (identity, or
    /// [`crate::stream::stub_outcome`] to keep memory flat).
    pub keep: &'a Keep,
}

fn no_events(_: Event) {}

fn keep_whole(o: Outcome) -> Outcome {
    o
}

impl Default for ProcessOptions<'_> {
    fn default() -> Self {
        ProcessOptions {
            state: None,
            full: true,
            on_event: &no_events,
            keep: &keep_whole,
        }
    }
}

/// Each input's own result, in input order (no duplicate detection: [`assemble`] does
/// that), and the summed stage times: cached results where the state has them, the rest
/// read in parallel. The one entry for processing many inputs; [`process_single`] reads
/// one document in memory.
pub fn process_each(
    cfg: &Config,
    inputs: &[InputFile],
    opts: &ProcessOptions<'_>,
) -> Result<(Vec<InputResult>, StageTimes), RunError> {
    let ProcessOptions {
        state,
        full,
        on_event,
        keep,
    } = *opts;
    let max_bytes = cfg.input.max_file_mb.get_ref().saturating_mul(1024 * 1024);
    let opts = extract_options(cfg);
    let mut work = Vec::with_capacity(inputs.len());
    for f in inputs {
        let known = (!full).then_some(state).flatten().and_then(|s| {
            let meta = std::fs::metadata(&f.path).ok()?;
            let sha = s.known_sha(&f.rel_path, f.size, mtime_ns(&meta))?;
            s.has(sha).then(|| sha.to_owned())
        });
        match known {
            Some(sha) => work.push(Work::Known(f, sha)),
            None => work.push(Work::Read(f)),
        }
    }
    let to_process = work.iter().filter(|w| matches!(w, Work::Read(_))).count();
    on_event(Event::Discovered {
        total: inputs.len(),
        to_process,
    });
    let times = Mutex::new(StageTimes::default());
    let read = |f: &InputFile| -> Result<InputResult, RunError> {
        let (entry, outcome, analysed) = read_one(f, max_bytes, full, state, &opts, &times)?;
        ofsted_model::pause::pause_at("extract");
        on_event(Event::Done {
            path: f.rel_path.clone(),
            status: DoneStatus::of(&outcome, true),
        });
        Ok((f.rel_path.clone(), entry, keep(outcome), analysed))
    };
    let mut done: Vec<(usize, InputResult)> = largest_first(work)
        .par_bridge()
        .map(|(i, w)| {
            let r = match w {
                Work::Known(f, sha) => match state.and_then(|s| s.cached(&sha)) {
                    Some(o) => Ok(cached_result(f, sha, keep(o), on_event)),
                    None => read(f),
                },
                Work::Read(f) => read(f),
            };
            r.map(|r| (i, r))
        })
        .collect::<Result<_, RunError>>()?;
    done.sort_unstable_by_key(|(i, _)| *i);
    let results = done.into_iter().map(|(_, r)| r).collect();
    let times = times.into_inner().unwrap_or_else(|p| p.into_inner());
    Ok((results, times))
}

/// The work, numbered in input order, in the order to hand it to the threads: inputs to
/// read largest file first, then the stored results. The threads take the next job as
/// they come free, so the run does not end with one thread reading a large report that
/// came last in the folder while the others wait.
fn largest_first(work: Vec<Work<'_>>) -> std::vec::IntoIter<(usize, Work<'_>)> {
    let mut numbered: Vec<(usize, Work<'_>)> = work.into_iter().enumerate().collect();
    numbered.sort_by_key(|(i, w)| match w {
        Work::Read(f) => (0, std::cmp::Reverse(f.size), *i),
        Work::Known(..) => (1, std::cmp::Reverse(0), *i),
    });
    numbered.into_iter()
}

fn cached_result(
    f: &InputFile,
    sha: String,
    o: Outcome,
    on_event: &(dyn Fn(Event) + Sync),
) -> InputResult {
    on_event(Event::Done {
        path: f.rel_path.clone(),
        status: DoneStatus::Cached,
    });
    let mtime = std::fs::metadata(&f.path)
        .map(|m| mtime_ns(&m))
        .unwrap_or(0);
    let entry = IndexEntry {
        size: f.size,
        mtime_ns: mtime,
        sha256: sha,
    };
    (f.rel_path.clone(), entry, o, false)
}

/// One input's result as the workers (or the shards of a sharded run) leave it:
/// its path, index entry, outcome, and whether it was read now (not from the cache).
pub type InputResult = (String, IndexEntry, Outcome, bool);

/// Gathers per-input results, in input order, into documents and rejects: a second
/// input with the same bytes as an earlier one is rejected as `duplicate`.
pub fn assemble(results: Vec<InputResult>, times: StageTimes) -> Processed {
    let mut out = Processed {
        docs: Vec::new(),
        rejects: Vec::new(),
        index: BTreeMap::new(),
        processed: 0,
        unchanged: 0,
        times,
    };
    let mut seen: HashMap<String, String> = HashMap::new();
    for (path, entry, outcome, fresh) in results {
        if fresh {
            out.processed += 1;
        } else {
            out.unchanged += 1;
        }
        let sha = entry.sha256.clone();
        out.index.insert(path.clone(), entry);
        match outcome {
            Outcome::Document(mut d) => {
                if let Some(first) = seen.get(&d.document.doc_id) {
                    out.rejects.push(RejectRow {
                        source_path: path,
                        sha256: Some(sha),
                        stage: RejectStage::Discover,
                        reason: RejectReason::Duplicate,
                        message: format!("same bytes as {first}, which is in the tables"),
                    });
                    continue;
                }
                seen.insert(d.document.doc_id.clone(), path.clone());
                // The cache is keyed by content: the path is this run's.
                d.document.source_path = path;
                out.docs.push(*d);
            }
            Outcome::Rejected(r) => out.rejects.push(RejectRow {
                source_path: path,
                sha256: (!sha.is_empty()).then_some(sha),
                stage: r.stage,
                reason: r.reason,
                message: r.message,
            }),
        }
    }
    out
}

fn read_one(
    f: &InputFile,
    max_bytes: u64,
    full: bool,
    state: Option<&State>,
    opts: &ExtractOptions,
    times: &Mutex<StageTimes>,
) -> Result<(IndexEntry, Outcome, bool), RunError> {
    let meta = std::fs::metadata(&f.path);
    let mtime = meta.as_ref().map(mtime_ns).unwrap_or(0);
    let reject = |reason: RejectReason, message: String, sha: String| {
        (
            IndexEntry {
                size: f.size,
                mtime_ns: 0, // never trusted: such inputs are looked at again next run
                sha256: sha,
            },
            Outcome::Rejected(Reject {
                stage: RejectStage::Discover,
                reason,
                message,
            }),
            true,
        )
    };
    if f.size > max_bytes {
        return Ok(reject(
            RejectReason::TooLarge,
            format!(
                "{} bytes is over the limit of input.max_file_mb = {} MiB",
                f.size,
                max_bytes / (1024 * 1024)
            ),
            String::new(),
        ));
    }
    let bytes = match std::fs::read(&f.path) {
        Ok(b) => b,
        Err(e) => {
            return Ok(reject(
                RejectReason::IoError,
                format!("cannot read: {e}"),
                String::new(),
            ));
        }
    };
    let sha = sha256_hex(&bytes);
    if !full && let Some(o) = state.and_then(|s| s.cached(&sha)) {
        // Renamed or touched, same content.
        let entry = IndexEntry {
            size: f.size,
            mtime_ns: mtime,
            sha256: sha,
        };
        return Ok((entry, o, false));
    }
    let (outcome, t) = process(&f.rel_path, &bytes, opts);
    if let Ok(mut acc) = times.lock() {
        acc.extract += t.extract;
        acc.transform += t.transform;
    }
    if let Some(s) = state
        && outcome.is_cacheable()
    {
        s.store(&sha, &outcome)?;
    }
    let entry = IndexEntry {
        size: f.size,
        mtime_ns: if outcome.is_cacheable() { mtime } else { 0 },
        sha256: sha,
    };
    Ok((entry, outcome, true))
}

/// Applies config options that act after analysis.
pub fn apply_result_options(cfg: &Config, docs: &mut [DocResult]) {
    if !cfg.transform.infer_inspection_type {
        for d in docs {
            for m in &mut d.mentions {
                if m.type_basis == Some(ofsted_model::vocab::TypeBasis::InferredFromDuration) {
                    m.inspection_type = None;
                    m.type_basis = None;
                }
            }
        }
    }
}

/// Converts linked tables, rejects and changes into writable tables, in output order
/// (`inspection_summary` and `local_authorities` are derived here).
pub fn table_data(t: &Tables, rejects: &[RejectRow], changes: &[ChangeRow]) -> Vec<TableData> {
    table_data_except(t, rejects, changes, &[])
}

/// `rows` as a table, or no rows when the table is one of `skip`.
fn rows_unless<R: Row>(rows: &[R], skip: &[TableSchema]) -> TableData {
    if skip.iter().any(|s| s.name == R::SCHEMA.name) {
        TableData::from_rows::<R>(&[])
    } else {
        TableData::from_rows(rows)
    }
}

/// [`table_data`] with no rows in the tables of `skip` (the streamed tables, whose rows
/// a run writes from elsewhere: converting them would only hold a second copy).
fn table_data_except(
    t: &Tables,
    rejects: &[RejectRow],
    changes: &[ChangeRow],
    skip: &[TableSchema],
) -> Vec<TableData> {
    vec![
        rows_unless(&t.documents, skip),
        rows_unless(&t.texts, skip),
        rows_unless(&t.inspections, skip),
        rows_unless(&t.document_inspections, skip),
        rows_unless(&t.judgements, skip),
        rows_unless(&t.findings, skip),
        rows_unless(&t.inspectorates, skip),
        rows_unless(&t.paragraphs, skip),
        rows_unless(&t.people, skip),
        rows_unless(&t.acronyms, skip),
        rows_unless(&t.provenance, skip),
        rows_unless(&t.quality, skip),
        TableData::from_rows(rejects),
        TableData::from_rows::<ofsted_model::rows::PublicationRow>(&[]),
        TableData::from_rows(&summary_rows(t)),
        TableData::from_rows(&local_authority_rows()),
        TableData::from_rows(changes),
    ]
}

/// Puts the `publications` rows into tables made by [`table_data`].
pub fn with_publications(data: &mut [TableData], rows: &[ofsted_model::rows::PublicationRow]) {
    let name = <ofsted_model::rows::PublicationRow as ofsted_model::schema::Row>::SCHEMA.name;
    for t in data.iter_mut().filter(|t| t.schema.name == name) {
        *t = TableData::from_rows(rows);
    }
}

/// The tables of a run, with `changes` computed against the generation published in
/// `out_dir` (all inspections are new when nothing was published before); the streamed
/// tables ([`crate::stream::STREAMED`]) without rows.
pub fn tables_with_changes(
    t: &Tables,
    rejects: &[RejectRow],
    out_dir: &Path,
) -> (Vec<TableData>, ChangeSummary) {
    let summary = TableData::from_rows(&summary_rows(t));
    let change_rows = changes(previous_summary(out_dir).as_ref(), &summary);
    let counts = summarise(&change_rows);
    let skip = &crate::stream::STREAMED;
    (table_data_except(t, rejects, &change_rows, skip), counts)
}

/// Runs the pipeline.
pub fn run(
    cfg: &Config,
    paths: &Paths,
    opts: &RunOptions,
    on_event: &(dyn Fn(Event) + Sync),
) -> Result<RunSummary, RunError> {
    let started = chrono::Utc::now();
    let t0 = Instant::now();
    let (inputs, problems) = list_inputs(cfg, &paths.input)?;
    if inputs.is_empty() && problems.is_empty() {
        return Err(RunError::NoInput {
            dir: paths.input.clone(),
            include: cfg.input.include.clone(),
        });
    }
    let key = state_key(cfg);
    let mut manifest = Manifest::new(started, cfg, paths, opts);
    manifest.inputs_seen = inputs.len();

    if opts.dry_run {
        let state = State::open(&paths.output, &key);
        let plan = inputs
            .iter()
            .map(|f| {
                let reuse = !opts.full
                    && std::fs::metadata(&f.path)
                        .ok()
                        .and_then(|m| {
                            state
                                .known_sha(&f.rel_path, f.size, mtime_ns(&m))
                                .map(str::to_owned)
                        })
                        .is_some_and(|sha| state.cached(&sha).is_some());
                (
                    f.rel_path.clone(),
                    if reuse { "unchanged" } else { "process" },
                )
            })
            .collect();
        return Ok(RunSummary {
            manifest,
            plan,
            reject_rate_exceeded: false,
        });
    }

    let _lock = lock_output(&paths.output, started, on_event)?;
    let mut state = State::open(&paths.output, &key);
    if !opts.full && problems.is_empty() {
        let m = manifest.clone();
        if let Some(done) =
            crate::rerun::try_rerun(cfg, paths, &mut state, &inputs, m, t0, on_event)?
        {
            return Ok(done);
        }
    }

    // processing and publishing both run in the pool: `--threads 1` means one thread
    let pool = thread_pool(cfg)?;
    pool.install(|| {
        let (results, times) = process_each(
            cfg,
            &inputs,
            &ProcessOptions {
                state: Some(&state),
                full: opts.full,
                on_event,
                keep: &crate::stream::stub_outcome,
            },
        )?;
        let processed = assemble(results, times);
        publish_processed(
            cfg, paths, &mut state, processed, problems, manifest, t0, on_event,
        )
    })
}

/// The key of the state store's results: the pipeline version and the hash of the
/// options that change results.
pub fn state_key(cfg: &Config) -> String {
    format!("v{}-{}", ofsted_model::PIPELINE_VERSION, cfg.result_hash())
}

/// The worker pool of `run.threads` threads (0 = one per core).
pub fn thread_pool(cfg: &Config) -> Result<rayon::ThreadPool, RunError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.run.threads)
        .build()
        .map_err(|e| RunError::Threads(e.to_string()))
}

/// Takes the output directory's lock (taking over one left by a killed run, with a log
/// line) and removes the temporary files an interrupted run left.
pub fn lock_output(
    out_dir: &Path,
    started: chrono::DateTime<chrono::Utc>,
    on_event: &(dyn Fn(Event) + Sync),
) -> Result<RunLock, RunError> {
    let who = format!(
        "pid {} started {} (ofsted-etl {})",
        std::process::id(),
        started.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        ofsted_model::PIPELINE_VERSION
    );
    let lock = RunLock::acquire(out_dir, &who)?;
    if let Some(stale) = &lock.stale_holder {
        on_event(Event::Info(format!(
            "took over the lock left by a run that did not finish ({stale})"
        )));
    }
    let cleaned = clean_leftovers(out_dir)?;
    if cleaned > 0 {
        on_event(Event::Info(format!(
            "removed {cleaned} leftover temporary file(s) of an interrupted run"
        )));
    }
    Ok(lock)
}

/// The inputs the walk could not read, as `io_error` rejects.
pub fn problem_rejects(problems: Vec<(String, String)>) -> Vec<RejectRow> {
    problems
        .into_iter()
        .map(|(path, problem)| RejectRow {
            source_path: path,
            sha256: None,
            stage: RejectStage::Discover,
            reason: RejectReason::IoError,
            message: problem,
        })
        .collect()
}

/// The second half of a run, shared by `run` and a sharded run's `reduce`: links the
/// processed documents, applies the reject-rate limit, publishes the tables atomically,
/// commits the state index and writes the manifest. The caller holds the lock.
///
/// Memory stays flat: documents are linked in their [`crate::stream::lean`] form, read back
/// from the state store (so `processed` may hold [`crate::stream::stub`]s), and the large
/// per-document tables are written from the store too, which must hold every document's
/// full result (as `run` and `reduce` leave it).
#[allow(clippy::too_many_arguments)]
pub fn publish_processed(
    cfg: &Config,
    paths: &Paths,
    state: &mut State,
    processed: Processed,
    problems: Vec<(String, String)>,
    mut manifest: Manifest,
    t0: Instant,
    on_event: &(dyn Fn(Event) + Sync),
) -> Result<RunSummary, RunError> {
    let Processed {
        docs,
        mut rejects,
        index,
        processed: n_processed,
        unchanged,
        times,
    } = processed;
    let step = Publisher {
        cfg,
        paths,
        on_event,
    };
    let mut docs = crate::stream::lean_from_store(state, docs)?;
    rejects.extend(problem_rejects(problems));
    let site = step.apply_site_facts(&mut docs);
    let (keys, mut tables, link_ms) = step.link(docs, &rejects, &mut manifest)?;
    let reject_rate = record_inputs(&mut manifest, n_processed, unchanged, &rejects);
    let exceeded = reject_rate_exceeded(cfg, reject_rate);
    let mut data = step.tables(&tables, &rejects, &site, &mut manifest);
    // Only linking's rows of the streamed tables are needed from here: the rest is in `data`.
    let linked = crate::stream::Linked::take(&mut tables);
    drop(tables);

    let t_pub = Instant::now();
    let (published, streamed) = step.write_generation(state, keys, linked, &mut data, exceeded)?;
    manifest.record_tables(&data);
    record_streamed(&mut manifest, &streamed);
    let publish_ms = t_pub.elapsed();
    if let Some(p) = &published {
        step.commit(state, index, &site, p)?;
    }
    manifest.stage_ms = stage_millis(&times, link_ms, publish_ms);
    manifest.finish(
        chrono::Utc::now(),
        t0.elapsed(),
        published.as_ref(),
        reject_rate,
    );
    write_manifest(&paths.output, &manifest)?;
    Ok(RunSummary {
        manifest,
        plan: Vec::new(),
        reject_rate_exceeded: exceeded,
    })
}

/// What the steps of [`publish_processed`] share: the run's configuration, paths and events.
struct Publisher<'a> {
    cfg: &'a Config,
    paths: &'a Paths,
    on_event: &'a (dyn Fn(Event) + Sync),
}

impl Publisher<'_> {
    /// Applies the result options and the publication ledgers' facts to the documents.
    fn apply_site_facts(&self, docs: &mut [DocResult]) -> crate::publications::SiteFacts {
        apply_result_options(self.cfg, docs);
        let (site, problems) = crate::publications::read_ledgers(&self.paths.input);
        for p in problems {
            (self.on_event)(Event::Info(p));
        }
        site.apply(docs);
        site
    }

    /// Links the lean documents after recording their coverage; returns their keys, the
    /// tables (without texts) and the time linking took.
    fn link(
        &self,
        docs: Vec<DocResult>,
        rejects: &[RejectRow],
        manifest: &mut Manifest,
    ) -> Result<(Vec<crate::stream::DocKey>, Tables, Duration), RunError> {
        // Writing needs only the keys of the documents; the coverage counts are taken now,
        // and linking takes the (lean) documents themselves, so only one copy is held.
        let keys = crate::stream::doc_keys(&docs);
        manifest.record_coverage(&docs, rejects);
        (self.on_event)(Event::Stage("link"));
        let t_link = Instant::now();
        let mut tables = link_owned(docs)?;
        // the openings of the texts lean documents kept: not a table anyone writes from here
        tables.texts = Vec::new();
        Ok((keys, tables, t_link.elapsed()))
    }

    /// The tables but the streamed ones, with changes and publications; records the change
    /// counts and the rejects' warnings in the manifest.
    fn tables(
        &self,
        tables: &Tables,
        rejects: &[RejectRow],
        site: &crate::publications::SiteFacts,
        manifest: &mut Manifest,
    ) -> Vec<TableData> {
        let (mut data, change_counts) = tables_with_changes(tables, rejects, &self.paths.output);
        with_publications(&mut data, &site.rows(&tables.documents));
        manifest.changes = change_counts;
        manifest.record_warnings(&[], rejects);
        data
    }

    /// Publishes the generation, or, when the reject rate was exceeded, only counts the
    /// streamed rows and publishes nothing.
    fn write_generation(
        &self,
        state: &State,
        keys: Vec<crate::stream::DocKey>,
        linked: crate::stream::Linked,
        data: &mut [TableData],
        exceeded: bool,
    ) -> Result<(Option<Published>, crate::stream::Streamed), RunError> {
        let mut load = load_options(self.cfg);
        load.page = Some(page_options(self.paths));
        if exceeded {
            let streamed = crate::stream::write_docs(state, &keys, linked, None, false)?;
            Ok((None, streamed))
        } else {
            (self.on_event)(Event::Stage("publish"));
            publish_streamed(state, &keys, linked, data, &self.paths.output, &load)
        }
    }

    /// Commits the state index and records the stamp of the sources `published` came from.
    fn commit(
        &self,
        state: &mut State,
        index: BTreeMap<String, IndexEntry>,
        site: &crate::publications::SiteFacts,
        published: &Published,
    ) -> Result<(), RunError> {
        let stamp = crate::rerun::stamp(self.cfg, self.paths, &state_key(self.cfg), &index, site);
        state.commit(index)?;
        crate::rerun::record(&self.paths.output, &published.generation, stamp)
    }
}

/// Records the input counts in the manifest; returns the share of inputs rejected.
fn record_inputs(
    manifest: &mut Manifest,
    processed: usize,
    unchanged: usize,
    rejects: &[RejectRow],
) -> f64 {
    manifest.inputs_processed = processed;
    manifest.inputs_unchanged = unchanged;
    manifest.inputs_rejected = rejects.len();
    if manifest.inputs_seen == 0 {
        0.0
    } else {
        rejects.len() as f64 / manifest.inputs_seen as f64
    }
}

/// Whether `reject_rate` is over the configured `max_reject_rate` (never when none is set).
fn reject_rate_exceeded(cfg: &Config, reject_rate: f64) -> bool {
    cfg.run
        .max_reject_rate
        .as_ref()
        .is_some_and(|m| reject_rate > *m.get_ref())
}

/// The manifest's stage times in milliseconds.
fn stage_millis(times: &StageTimes, link: Duration, publish: Duration) -> StageMillis {
    StageMillis {
        extract: times.extract.as_millis() as u64,
        transform: times.transform.as_millis() as u64,
        link: link.as_millis() as u64,
        publish: publish.as_millis() as u64,
    }
}

/// Writes the generation: the streamed tables document by document, then the others
/// (`data`, whose streamed entries are replaced by the rows the workbook and page show).
fn publish_streamed(
    state: &State,
    docs: &[crate::stream::DocKey],
    linked: crate::stream::Linked,
    data: &mut [TableData],
    out: &Path,
    load: &LoadOptions,
) -> Result<(Option<Published>, crate::stream::Streamed), RunError> {
    let mut staging = ofsted_load::stream::Staging::start(out, load)?;
    let mut sinks = crate::stream::sinks(&staging)?;
    let keep_findings = load.formats.xlsx;
    let mut streamed =
        crate::stream::write_docs(state, docs, linked, Some(&mut sinks), keep_findings)?;
    staging.close_all(sinks)?;
    for t in data.iter_mut() {
        if let Some(s) = crate::stream::STREAMED
            .iter()
            .find(|s| s.name == t.schema.name)
        {
            t.rows = match s.name {
                "quality" => std::mem::take(&mut streamed.quality.rows),
                "findings" => std::mem::take(&mut streamed.findings.rows),
                _ => Vec::new(),
            };
        }
    }
    let published = staging.publish(data)?;
    Ok((Some(published), streamed))
}

/// The manifest's row counts and warnings of the streamed tables.
fn record_streamed(manifest: &mut Manifest, s: &crate::stream::Streamed) {
    for (name, n) in &s.counts {
        manifest.rows.insert((*name).to_owned(), *n);
    }
    for (code, n) in &s.warnings {
        *manifest.warnings.entry(code.clone()).or_default() += n;
    }
}

/// Processes one document in memory (for `inspect`): no state, no lock, no output.
pub fn process_single(cfg: &Config, name: &str, bytes: &[u8]) -> (Vec<DocResult>, Vec<RejectRow>) {
    let (outcome, _) = process(name, bytes, &extract_options(cfg));
    let mut docs = Vec::new();
    let mut rejects = Vec::new();
    match outcome {
        Outcome::Document(d) => docs.push(*d),
        Outcome::Rejected(r) => rejects.push(RejectRow {
            source_path: name.to_owned(),
            sha256: Some(sha256_hex(bytes)),
            stage: r.stage,
            reason: r.reason,
            message: r.message,
        }),
    }
    apply_result_options(cfg, &mut docs);
    (docs, rejects)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, size: u64) -> InputFile {
        InputFile {
            rel_path: name.to_owned(),
            path: PathBuf::from(name),
            size,
        }
    }

    #[test]
    fn largest_inputs_go_first_and_keep_their_numbers() {
        let files = [
            input("a", 10),
            input("b", 500),
            input("c", 10),
            input("d", 9_000),
        ];
        let work = vec![
            Work::Read(&files[0]),
            Work::Known(&files[1], "sha".into()),
            Work::Read(&files[2]),
            Work::Read(&files[3]),
        ];
        let order: Vec<(usize, &str)> = largest_first(work)
            .map(|(i, w)| match w {
                Work::Read(f) | Work::Known(f, _) => (i, f.rel_path.as_str()),
            })
            .collect();
        // reads by size (ties in input order), then the stored results
        assert_eq!(order, vec![(3, "d"), (0, "a"), (2, "c"), (1, "b")]);
    }
}
