//! `ofsted-etl`: the command line. Parses arguments, sets up output (progress bar, log
//! lines or JSON lines), calls `ofsted-pipeline`, and maps errors to exit codes.

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use ofsted_pipeline::config::{Config, ConfigError};
use ofsted_pipeline::run::{DoneStatus, Event, Paths, RunError, RunOptions};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

mod shard_cmd;

mod exit {
    //! Exit codes (documented in `--help` and the README).
    /// Completed (rejected inputs are reported, not fatal).
    pub const OK: u8 = 0;
    /// Internal error (a bug: please report it).
    pub const INTERNAL: u8 = 1;
    /// Command-line usage error (from clap).
    pub const _USAGE: u8 = 2;
    /// Configuration error: bad `pipeline.toml`, missing input directory.
    pub const CONFIG: u8 = 3;
    /// Output I/O error: tables, state or manifest could not be written.
    pub const OUTPUT: u8 = 4;
    /// More inputs rejected than `--max-reject-rate` allows; nothing was published.
    pub const REJECT_RATE: u8 = 5;
    /// Another run holds the output directory's lock.
    pub const LOCKED: u8 = 6;
    /// `eval --check`: scores below the targets.
    pub const EVAL_BELOW_TARGET: u8 = 7;
    /// `sync`: the site's layout may have changed (nothing held was touched).
    pub const LAYOUT_CHANGED: u8 = 8;
    /// `sync`: some pages or files could not be fetched (recorded, retried next time).
    pub const SYNC_INCOMPLETE: u8 = 9;
    /// `run` found no input file at all: nothing processed, previous tables kept.
    pub const NO_INPUT: u8 = 10;
    /// `reduce`: some shards of the plan have not finished.
    pub const SHARDS_INCOMPLETE: u8 = 11;
}

mod sync_cmd;

const AFTER_HELP: &str = "\
Exit codes:
  0  completed (rejected inputs are listed in the rejects table, not fatal)
  1  internal error (a bug)
  2  command-line usage error
  3  configuration error (pipeline.toml, input directory)
  4  output I/O error (tables, state or manifest could not be written)
  5  reject rate above --max-reject-rate (nothing published; previous tables kept)
  6  another run is using the output directory
  7  eval --check: scores below targets
  8  sync: the site's layout may have changed (the message names the URL)
  9  sync: some pages or files could not be fetched (retried at the next sync)
  10 run found no input file at all (nothing published; previous tables kept)
  11 reduce: some shards of the plan have not finished (nothing published)

Examples:
  ofsted-etl run                          # pipeline.toml in the current directory
  ofsted-etl run --input reports/ --output out/ --full
  ofsted-etl sync --dry-run               # what Ofsted's site has that is not held yet
  ofsted-etl inspect data/000_26166e069228efdc.txt
  ofsted-etl validate --config nightly.toml
  ofsted-etl eval --gold ../shared/corpus/dev-gold --input ../shared/corpus/dev
  ofsted-etl eval --gold ../shared/corpus/dev-more-gold \\
      --official ../shared/reference/ofsted_official_outcomes.csv
  ofsted-etl eval --secondary tests/secondary-real/gold \\
      --input ~/.cache/ofsted-etl/pages       # council papers and news on real pages
  ofsted-etl schema > docs/data-dictionary.md
  ofsted-etl report --output out/         # write out/report/index.html again

Sharded runs (any array-job scheduler; see deploy/):
  RUN=$(ofsted-etl plan --input reports/ --output out/ --shards 8)
  ofsted-etl map --output out/ --shard 3/8      # or JOB_COMPLETION_INDEX / SLURM_ARRAY_TASK_ID
  ofsted-etl reduce --output out/";

/// Turn Ofsted children's services inspection reports (PDF, HTML, text), council papers
/// and news articles into tidy Parquet and CSV tables: local authority, dates, framework,
/// judgements and grades, findings, people, acronyms and paragraphs, each value with the
/// document and character span it came from.
#[derive(Debug, Parser)]
#[command(name = "ofsted-etl", version, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Process the input folder and publish the tables (incremental: unchanged inputs are
    /// reused from the state store in the output directory).
    Run(RunArgs),
    /// Show what one document yields, table by table, without writing anything.
    Inspect(InspectArgs),
    /// Check a config file and report every problem with its key and line.
    Validate(ConfigArg),
    /// Score the pipeline against hand-checked gold JSON files.
    Eval(EvalArgs),
    /// Print the data dictionary (tables, columns, types, descriptions).
    Schema(SchemaArgs),
    /// Sharded run, step 1: freeze the input list into a plan of N shards; prints the run
    /// id. Every `map` of the run then sees the same inputs.
    Plan(PlanArgs),
    /// Sharded run, step 2: process one shard of the plan (`--shard I/N`, the scheduler's
    /// array index from the environment, or input paths on standard input with `--stdin`).
    /// Shards share the per-document cache; rerunning a shard redoes only missing work.
    Map(MapArgs),
    /// Sharded run, step 3: check that every shard finished, link across documents and
    /// publish the tables atomically, as `run` does.
    Reduce(ReduceArgs),
    /// Download new children's services publications from Ofsted's report site into
    /// <input.dir>/ofsted (politely, resumably; see [sync] in pipeline.toml).
    Sync(sync_cmd::SyncArgs),
    /// Write the summary page (output/report/index.html) again from the published tables.
    /// `run` writes it with every generation; this is for an output made by an older
    /// version or a page whose source links should point elsewhere.
    Report(ReportArgs),
}

#[derive(Debug, Args)]
struct ReportArgs {
    #[command(flatten)]
    config: ConfigArg,
    /// Input folder the page links source documents into (overrides input.dir).
    #[arg(long, short = 'i', value_name = "DIR")]
    input: Option<PathBuf>,
    /// Output folder holding the published tables (overrides output.dir).
    #[arg(long, short = 'o', value_name = "DIR")]
    output: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct PlanArgs {
    #[command(flatten)]
    config: ConfigArg,
    /// Input folder (overrides input.dir).
    #[arg(long, short = 'i', value_name = "DIR")]
    input: Option<PathBuf>,
    /// Output folder (overrides output.dir); the plan is kept in its `.shards/`.
    #[arg(long, short = 'o', value_name = "DIR")]
    output: Option<PathBuf>,
    /// Number of shards.
    #[arg(long, value_name = "N")]
    shards: u32,
}

#[derive(Debug, Args)]
struct MapArgs {
    #[command(flatten)]
    config: ConfigArg,
    /// Output folder of the plan (overrides output.dir).
    #[arg(long, short = 'o', value_name = "DIR")]
    output: Option<PathBuf>,
    /// The plan's run id (default: the latest plan of the output folder).
    #[arg(long, value_name = "RUN_ID")]
    run: Option<String>,
    /// The shard to process, 0-based: `I/N`. Without it (and without --stdin) the index
    /// comes from JOB_COMPLETION_INDEX (Kubernetes), SLURM_ARRAY_TASK_ID (Slurm, counted
    /// from SLURM_ARRAY_TASK_MIN) or AWS_BATCH_JOB_ARRAY_INDEX.
    #[arg(long, value_name = "I/N", conflicts_with = "stdin")]
    shard: Option<String>,
    /// Read the input paths to process from standard input, one a line (for Spark's
    /// `RDD.pipe`); prints one `status<TAB>path` line per input.
    #[arg(long)]
    stdin: bool,
    /// Worker threads (overrides run.threads; 0 = one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

#[derive(Debug, Args)]
struct ReduceArgs {
    #[command(flatten)]
    config: ConfigArg,
    /// Output folder of the plan (overrides output.dir).
    #[arg(long, short = 'o', value_name = "DIR")]
    output: Option<PathBuf>,
    /// The plan's run id (default: the latest plan of the output folder).
    #[arg(long, value_name = "RUN_ID")]
    run: Option<String>,
    /// Fail (exit 5, publish nothing) when more than this fraction of inputs is rejected.
    #[arg(long, value_name = "FRACTION")]
    max_reject_rate: Option<f64>,
    /// Only the final summary line (and errors).
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Debug, Args)]
struct ConfigArg {
    /// Config file. Paths inside it are relative to its folder. Default: ./pipeline.toml
    /// (built-in defaults if that file does not exist).
    #[arg(long, short = 'c', value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LogFormat {
    /// Progress bar on a terminal, plain lines otherwise.
    Text,
    /// One JSON object per line on stderr, for schedulers.
    Json,
}

#[derive(Debug, Args)]
struct RunArgs {
    #[command(flatten)]
    config: ConfigArg,
    /// Input folder (overrides input.dir).
    #[arg(long, short = 'i', value_name = "DIR")]
    input: Option<PathBuf>,
    /// Output folder (overrides output.dir).
    #[arg(long, short = 'o', value_name = "DIR")]
    output: Option<PathBuf>,
    /// Re-read every input, ignoring the state store.
    #[arg(long)]
    full: bool,
    /// List what would be processed and what is unchanged; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Fail (exit 5, publish nothing) when more than this fraction of inputs is rejected
    /// (overrides run.max_reject_rate).
    #[arg(long, value_name = "FRACTION")]
    max_reject_rate: Option<f64>,
    /// Worker threads (overrides run.threads; 0 = one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Log format.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    /// Only the final summary line (and errors).
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Debug, Args)]
struct InspectArgs {
    /// The document to read (PDF, HTML or text).
    file: PathBuf,
    #[command(flatten)]
    config: ConfigArg,
    /// Print the cleaned text too.
    #[arg(long)]
    text: bool,
}

#[derive(Debug, Args)]
struct EvalArgs {
    /// Folder of gold JSON files (`dev-gold`, `dev-more-gold`); gold naming a file that is
    /// not among the inputs is skipped with a note.
    #[arg(long, value_name = "DIR", required_unless_present_any = ["official", "secondary"])]
    gold: Option<PathBuf>,
    /// Score council papers and news on real pages instead: a folder of page gold
    /// (`tests/secondary-real/gold`, format in its README), with `--input` the folder of
    /// the cached page texts. Scores type, authority, right link, grades and phantoms per
    /// split and lists every miss; `--check` holds the `tune` split to the targets.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["gold", "official"], requires = "input")]
    secondary: Option<PathBuf>,
    /// Folder of the documents (default: the gold folder's name without `-gold` beside
    /// it, e.g. `dev` for `dev-gold`, else the gold folder itself). Every input counts for
    /// coverage, with or without gold.
    #[arg(long, value_name = "DIR", required_unless_present = "gold")]
    input: Option<PathBuf>,
    /// Also score against Ofsted's official outcomes (`ofsted_official_outcomes.csv`):
    /// grades, start dates, GSS codes and frameworks of matched events, and event recall
    /// over the events the inputs cover. Used only to score.
    #[arg(long, value_name = "FILE")]
    official: Option<PathBuf>,
    /// Also write the scores and disagreements as JSON.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Exit 7 when a score is below the project's targets.
    #[arg(long)]
    check: bool,
    /// The PDF text engine to evaluate (`pdf-extract` or `hayro`; default: the built-in
    /// default of `extract.pdf_engine`).
    #[arg(long, value_name = "ENGINE", value_parser = parse_engine)]
    pdf_engine: Option<ofsted_pipeline::config::PdfEngine>,
}

/// A PDF engine by its configuration name.
fn parse_engine(name: &str) -> Result<ofsted_pipeline::config::PdfEngine, String> {
    ofsted_pipeline::config::PdfEngine::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = ofsted_pipeline::config::PdfEngine::ALL
            .iter()
            .map(|e| e.name())
            .collect();
        format!("unknown PDF engine {name:?}: allowed are {names:?}")
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SchemaFormat {
    /// Markdown tables (the README's data dictionary).
    Markdown,
    /// JSON.
    Json,
}

#[derive(Debug, Args)]
struct SchemaArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = SchemaFormat::Markdown)]
    format: SchemaFormat,
}

fn main() -> ExitCode {
    quiet_panics();
    let cli = Cli::parse();
    // a panic outside a document's own processing (which turns it into a reject) is a
    // bug: say so with its message and place, exit 1
    let result = match std::panic::catch_unwind(move || dispatch(cli)) {
        Ok(result) => result,
        Err(payload) => {
            // the hook saw it on this thread (place and message), else it came from a
            // worker thread: its message only
            let what = LAST_PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_else(|| panic_text(payload.as_ref()));
            eprintln!(
                "error: internal error (a bug: please report it with the input): panicked at {what}"
            );
            return ExitCode::from(exit::INTERNAL);
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {}", error_chain(&e));
            ExitCode::from(exit_code(&e))
        }
    }
}

fn dispatch(cli: Cli) -> anyhow::Result<u8> {
    ofsted_model::pause::panic_at("start");
    match cli.command {
        Command::Run(a) => cmd_run(a),
        Command::Inspect(a) => cmd_inspect(a),
        Command::Validate(a) => cmd_validate(a),
        Command::Eval(a) => cmd_eval(a),
        Command::Schema(a) => cmd_schema(a),
        Command::Report(a) => cmd_report(a),
        Command::Sync(a) => sync_cmd::cmd_sync(a),
        Command::Plan(a) => shard_cmd::plan(a),
        Command::Map(a) => shard_cmd::map(a),
        Command::Reduce(a) => shard_cmd::reduce(a),
    }
}

thread_local! {
    /// The last panic of this thread, as "<place>: <message>", for [`main`]'s report.
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Panics inside a document's processing are caught and become rejects; the default hook
/// would still print a backtrace banner for each, so it runs only when debugging. Every
/// panic is remembered per thread, so that one on the main thread is reported by [`main`].
fn quiet_panics() {
    let debug = std::env::var_os("OFSTED_ETL_DEBUG").is_some();
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let place = info
            .location()
            .map_or_else(|| "an unknown place".to_owned(), ToString::to_string);
        let message = panic_text(info.payload());
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{place}: {message}")));
        if debug {
            default(info);
        }
    }));
}

/// A panic's message.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned())
}

/// The error and its causes on one line, skipping a cause whose text the previous
/// message already contains (typed errors often quote their source).
fn error_chain(e: &anyhow::Error) -> String {
    let mut out: Vec<String> = Vec::new();
    for cause in e.chain() {
        let msg = cause.to_string();
        if out.last().is_some_and(|prev| prev.contains(&msg)) {
            continue;
        }
        out.push(msg);
    }
    out.join(": ")
}

fn exit_code(e: &anyhow::Error) -> u8 {
    for cause in e.chain() {
        if let Some(s) = cause.downcast_ref::<ofsted_pipeline::shard::ShardError>() {
            use ofsted_pipeline::shard::ShardError as S;
            match s {
                S::Run(_) => continue,
                S::Incomplete { .. } => return exit::SHARDS_INCOMPLETE,
                S::NoPlan { .. } | S::BadShard { .. } => return exit::CONFIG,
                S::MissingResult { .. } | S::Io { .. } => return exit::OUTPUT,
            }
        }
        if cause.downcast_ref::<ConfigError>().is_some() {
            return exit::CONFIG;
        }
        if let Some(s) = cause.downcast_ref::<ofsted_sync::SyncError>() {
            return sync_cmd::exit_code(s);
        }
        if let Some(r) = cause.downcast_ref::<RunError>() {
            return match r {
                RunError::Input(_) | RunError::Pattern(_) => exit::CONFIG,
                RunError::Lock(ofsted_pipeline::lock::LockError::Held { .. }) => exit::LOCKED,
                RunError::Lock(_) | RunError::Output(_) | RunError::State(_) => exit::OUTPUT,
                RunError::Link(_) | RunError::Threads(_) | RunError::Stream(_) => exit::INTERNAL,
                RunError::NoInput { .. } => exit::NO_INPUT,
            };
        }
    }
    exit::INTERNAL
}

/// Loads the config: the given file, or ./pipeline.toml if present, or the defaults.
/// Returns it with the folder its relative paths are resolved against.
fn load_config(arg: &ConfigArg) -> anyhow::Result<(Config, PathBuf)> {
    let (path, required) = match &arg.config {
        Some(p) => (p.clone(), true),
        None => (PathBuf::from("pipeline.toml"), false),
    };
    if !required && !path.exists() {
        return Ok((Config::default(), PathBuf::from(".")));
    }
    let cfg = Config::load(&path)?;
    let base = path
        .parent()
        .map(Path::to_path_buf)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    Ok((cfg, base))
}

fn cmd_validate(a: ConfigArg) -> anyhow::Result<u8> {
    let (cfg, base) = load_config(&a)?;
    let input = base.join(&cfg.input.dir);
    println!(
        "config OK: input {} ({}), output {}",
        input.display(),
        if input.is_dir() { "found" } else { "NOT FOUND" },
        base.join(&cfg.output.dir).display()
    );
    Ok(exit::OK)
}

/// Prints progress: a bar on a terminal, plain lines otherwise, or JSON lines.
struct Reporter {
    format: LogFormat,
    quiet: bool,
    bar: Option<ProgressBar>,
    started: std::time::Instant,
    lock: Mutex<()>,
}

impl Reporter {
    fn new(format: LogFormat, quiet: bool) -> Self {
        let tty = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = (format == LogFormat::Text && tty && !quiet).then(|| {
            let b = ProgressBar::new(0);
            b.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} docs  {per_sec}  ETA {eta}  {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b
        });
        Reporter {
            format,
            quiet,
            bar,
            started: std::time::Instant::now(),
            lock: Mutex::new(()),
        }
    }

    fn json(&self, v: serde_json::Value) {
        let _g = self.lock.lock();
        eprintln!("{v}");
    }

    fn event(&self, e: Event) {
        if self.format == LogFormat::Json {
            let v = match &e {
                Event::Discovered { total, to_process } => {
                    serde_json::json!({"event": "discovered", "inputs": total, "to_process": to_process})
                }
                Event::Done { path, status } => {
                    serde_json::json!({"event": "document", "path": path, "status": status.as_str()})
                }
                Event::Stage(s) => serde_json::json!({"event": "stage", "stage": s}),
                Event::Info(m) => serde_json::json!({"event": "info", "message": m}),
            };
            self.json(v);
            return;
        }
        match e {
            Event::Discovered { total, to_process } => {
                if let Some(b) = &self.bar {
                    b.set_length(total as u64);
                } else if !self.quiet {
                    eprintln!("{total} inputs, {to_process} to process");
                }
            }
            Event::Done { path, status } => {
                if let Some(b) = &self.bar {
                    b.inc(1);
                    if let DoneStatus::Rejected(reason) = &status {
                        b.println(format!("rejected {path}: {reason}"));
                    }
                } else if let DoneStatus::Rejected(reason) = &status
                    && !self.quiet
                {
                    eprintln!("rejected {path}: {reason}");
                }
            }
            Event::Stage(s) => {
                if let Some(b) = &self.bar {
                    b.set_message(s);
                }
            }
            Event::Info(m) => {
                if let Some(b) = &self.bar {
                    b.println(m);
                } else if !self.quiet {
                    eprintln!("{m}");
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
        let _ = self.started;
    }
}

fn cmd_run(a: RunArgs) -> anyhow::Result<u8> {
    let (mut cfg, base) = load_config(&a.config)?;
    if let Some(t) = a.threads {
        cfg.run.threads = t;
    }
    set_max_reject_rate(&mut cfg, a.max_reject_rate)?;
    let paths = Paths {
        input: a.input.clone().unwrap_or_else(|| base.join(&cfg.input.dir)),
        output: a
            .output
            .clone()
            .unwrap_or_else(|| base.join(&cfg.output.dir)),
    };
    let opts = RunOptions {
        full: a.full,
        dry_run: a.dry_run,
    };
    let reporter = Reporter::new(a.log_format, a.quiet);
    let summary = ofsted_pipeline::run::run(&cfg, &paths, &opts, &|e| reporter.event(e))
        .with_context(|| format!("run over {}", paths.input.display()))?;
    reporter.finish();
    if opts.dry_run {
        print_dry_run(&summary.plan);
        return Ok(exit::OK);
    }
    Ok(report_summary(
        &summary,
        &reporter,
        a.log_format,
        &paths.output,
    ))
}

/// Applies `--max-reject-rate` to the config, checking it is a fraction.
fn set_max_reject_rate(cfg: &mut Config, rate: Option<f64>) -> anyhow::Result<()> {
    if let Some(r) = rate {
        if !(0.0..=1.0).contains(&r) {
            anyhow::bail!(ConfigError::Invalid {
                path: PathBuf::from("--max-reject-rate"),
                issues: vec![ofsted_pipeline::config::ConfigIssue {
                    key: "run.max_reject_rate".into(),
                    line: None,
                    message: format!("{r} is not a fraction between 0 and 1"),
                }],
            });
        }
        cfg.run.max_reject_rate = Some(toml::Spanned::new(0..0, r));
    }
    Ok(())
}

fn print_dry_run(plan: &[(String, &'static str)]) {
    for (path, what) in plan {
        println!("{what:<9} {path}");
    }
    let n = plan.iter().filter(|p| p.1 == "process").count();
    println!(
        "dry run: {} inputs, {n} to process, {} unchanged; nothing written",
        plan.len(),
        plan.len() - n
    );
}

/// Prints the final summary of a run (or reduce) and returns its exit code.
fn report_summary(
    summary: &ofsted_pipeline::run::RunSummary,
    reporter: &Reporter,
    format: LogFormat,
    output: &Path,
) -> u8 {
    let m = &summary.manifest;
    let rows: usize = m.rows.get("documents").copied().unwrap_or(0);
    if format == LogFormat::Json {
        reporter.json(serde_json::json!({
            "event": "summary", "run_id": m.run_id, "inputs": m.inputs_seen,
            "processed": m.inputs_processed, "unchanged": m.inputs_unchanged,
            "rejected": m.inputs_rejected, "documents": rows,
            "inspections": m.rows.get("inspections"), "published": m.published,
            "coverage": m.coverage,
            "duration_ms": m.duration_ms, "changes": m.changes,
        }));
    } else {
        let cov = |k: &str| m.coverage.get(k).copied().unwrap_or(0);
        eprintln!(
            "done: {} inputs ({} processed, {} unchanged, {} rejected) -> {} documents ({} primary, {} secondary, {} no inspection found, {} unrecognised), {} inspections, {} judgements in {:.1}s; tables {} in {}; {}",
            m.inputs_seen,
            m.inputs_processed,
            m.inputs_unchanged,
            m.inputs_rejected,
            rows,
            cov("primary"),
            cov("secondary"),
            cov("no_inspection_found"),
            cov("unrecognised_document"),
            m.rows.get("inspections").copied().unwrap_or(0),
            m.rows.get("judgements").copied().unwrap_or(0),
            m.duration_ms as f64 / 1000.0,
            if !m.published {
                "NOT published"
            } else if m.tables_unchanged {
                "unchanged"
            } else {
                "published"
            },
            output.display(),
            m.changes.line()
        );
    }
    if summary.reject_rate_exceeded {
        eprintln!(
            "error: {:.1}% of inputs rejected, above the maximum; previous tables kept (see {}/manifest.json)",
            m.reject_rate * 100.0,
            output.display()
        );
        return exit::REJECT_RATE;
    }
    exit::OK
}

fn cmd_inspect(a: InspectArgs) -> anyhow::Result<u8> {
    let (cfg, _) = load_config(&a.config)?;
    let bytes = std::fs::read(&a.file).with_context(|| format!("reading {}", a.file.display()))?;
    let name = a.file.to_string_lossy().into_owned();
    let inspection = ofsted_pipeline::inspect::inspect(&cfg, &name, &bytes, a.text)?;
    print!("{}", inspection.render());
    Ok(exit::OK)
}

fn cmd_eval(a: EvalArgs) -> anyhow::Result<u8> {
    if let Some(gold) = &a.secondary {
        return cmd_eval_secondary(&a, gold);
    }
    let input = match (&a.input, &a.gold) {
        (Some(i), _) => i.clone(),
        (None, Some(g)) => default_input(g),
        (None, None) => anyhow::bail!("eval needs --gold or --input"),
    };
    let mut cfg = ofsted_pipeline::config::Config::default();
    if let Some(e) = a.pdf_engine {
        cfg.extract.pdf_engine = toml::Spanned::new(0..0, e);
    }
    let report =
        ofsted_eval::evaluate_with(&cfg, a.gold.as_deref(), &input, a.official.as_deref())?;
    print!("{}", report.render());
    let failures = a.check.then(|| ofsted_eval::check_targets(&report));
    finish_eval(&a, || serde_json::to_vec_pretty(&report), failures)
}

/// The end of every `eval`: the JSON report (`json`) when asked, then with `--check` the targets
/// missed (`failures`), each on stderr, and the exit code.
fn finish_eval(
    a: &EvalArgs,
    json: impl FnOnce() -> serde_json::Result<Vec<u8>>,
    failures: Option<Vec<String>>,
) -> anyhow::Result<u8> {
    if let Some(p) = &a.json {
        std::fs::write(p, json()?).with_context(|| format!("writing {}", p.display()))?;
    }
    let Some(failures) = failures else {
        return Ok(exit::OK);
    };
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("below target: {f}");
        }
        return Ok(exit::EVAL_BELOW_TARGET);
    }
    println!("all targets met");
    Ok(exit::OK)
}

/// `eval --secondary GOLD --input CACHE`: the real-page development set.
fn cmd_eval_secondary(a: &EvalArgs, gold: &std::path::Path) -> anyhow::Result<u8> {
    let input = a
        .input
        .clone()
        .context("eval --secondary needs --input (the folder of cached page texts)")?;
    let cfg = ofsted_pipeline::config::Config::default();
    let report = ofsted_eval::evaluate_secondary(&cfg, gold, &input)?;
    print!("{}", report.render());
    let failures = a.check.then(|| {
        let tune = report.by_split.get("tune").cloned().unwrap_or_default();
        ofsted_eval::check_secondary(&tune, "tune")
    });
    finish_eval(a, || serde_json::to_vec_pretty(&report), failures)
}

/// `dev` for `dev-gold`, `dev-more` for `dev-more-gold`, else the gold folder itself.
fn default_input(gold: &std::path::Path) -> PathBuf {
    gold.file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix("-gold"))
        .map(|n| gold.with_file_name(n))
        .unwrap_or_else(|| gold.to_path_buf())
}

fn cmd_schema(a: SchemaArgs) -> anyhow::Result<u8> {
    match a.format {
        SchemaFormat::Markdown => print!("{}", ofsted_load::dictionary::markdown()),
        SchemaFormat::Json => println!("{}", ofsted_load::dictionary::json()),
    }
    Ok(exit::OK)
}

fn cmd_report(a: ReportArgs) -> anyhow::Result<u8> {
    let (cfg, base) = load_config(&a.config)?;
    let paths = Paths {
        input: a.input.unwrap_or_else(|| base.join(&cfg.input.dir)),
        output: a.output.unwrap_or_else(|| base.join(&cfg.output.dir)),
    };
    let page = ofsted_pipeline::run::report(&paths)
        .with_context(|| format!("summary page of {}", paths.output.display()))?;
    println!("{}", page.display());
    Ok(exit::OK)
}
