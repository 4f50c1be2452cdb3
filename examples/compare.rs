//! The comparing benchmark (issue 8): in one run on the same PDFs, ofsted-etl end to end
//! against `pdftotext` and `mutool draw -F txt` text extraction alone, `--threads 1`
//! against all cores, a scaling series of the corpus and a no-change rerun.
//!
//! Run it (slow: minutes; `cargo test` only compiles it):
//!
//! ```text
//! cargo build --release && cargo run --release --example compare
//! ```
//!
//! Environment:
//! - `OFSTED_BENCH_CORPUS`: folders of PDFs, `:`-separated (default
//!   `../shared/corpus/dev:../shared/corpus/dev-more`, else `data/`);
//! - `OFSTED_BENCH_SCALES`: corpus multipliers, comma-separated (default `1,4,16`);
//! - `OFSTED_BENCH_CONFIG`: config file passed to `ofsted-etl run --config` (default
//!   `pipeline.toml`), so the PDF engine the config selects is the one measured;
//! - `OFSTED_BENCH_BIN`: the `ofsted-etl` binary to measure (default: `ofsted-etl` beside
//!   the folder of this example, i.e. `target/release/ofsted-etl`), to compare two builds;
//! - `OFSTED_BENCH_KEEP`: keep the temporary folder and print its path.
//!
//! Every command runs under GNU `/usr/bin/time`, which reports the `wait4` resource usage
//! of exactly that command and the processes it waited for: CPU (user + system) and peak
//! RSS. Without it, CPU comes from this process's children times (`/proc/self/stat`) and
//! peak RSS from polling the command's `VmHWM` (its own peak, not its children's).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// One measured command.
#[derive(Debug, Clone, Copy, Default)]
struct Usage {
    wall_s: f64,
    cpu_s: f64,
    max_rss_mb: f64,
    ok: bool,
}

fn main() {
    if let Err(e) = bench() {
        eprintln!("compare: {e}");
        std::process::exit(1);
    }
}

/// Runs `cmd` (output discarded) and returns its usage.
fn measure(cmd: &[&str]) -> Result<Usage, String> {
    let Some((prog, args)) = cmd.split_first() else {
        return Err("empty command".into());
    };
    if Path::new("/usr/bin/time").is_file() {
        return gnu_time(prog, args);
    }
    polled(prog, args)
}

fn gnu_time(prog: &str, args: &[&str]) -> Result<Usage, String> {
    let report = std::env::temp_dir().join(format!("ofsted-bench-time-{}", std::process::id()));
    let t0 = Instant::now();
    let status = Command::new("/usr/bin/time")
        .args(["-f", "%x %U %S %M", "-o"])
        .arg(&report)
        .arg(prog)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| e.to_string())?;
    let wall_s = t0.elapsed().as_secs_f64();
    let text = fs::read_to_string(&report).map_err(|e| e.to_string())?;
    let _ = fs::remove_file(&report);
    let last = text.lines().last().unwrap_or("");
    let f: Vec<f64> = last
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    let [code, user, sys, rss_kb] = f[..] else {
        return Err(format!("/usr/bin/time printed {text:?}"));
    };
    Ok(Usage {
        wall_s,
        cpu_s: user + sys,
        max_rss_mb: rss_kb / 1024.0,
        ok: status.success() && code == 0.0,
    })
}

/// Children's user + system time of this process, in seconds (`/proc/self/stat`).
fn children_cpu() -> f64 {
    let stat = fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = after_name
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    // fields 16 and 17 of stat (cutime, cstime) are the 14th and 15th after the name
    (f.get(13).unwrap_or(&0.0) + f.get(14).unwrap_or(&0.0)) / 100.0
}

fn polled(prog: &str, args: &[&str]) -> Result<Usage, String> {
    let cpu0 = children_cpu();
    let t0 = Instant::now();
    let mut child = Command::new(prog)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let status_file = format!("/proc/{}/status", child.id());
    let mut hwm_kb = 0.0f64;
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        let text = fs::read_to_string(&status_file).unwrap_or_default();
        if let Some(kb) = text
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        {
            hwm_kb = hwm_kb.max(kb);
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    Ok(Usage {
        wall_s: t0.elapsed().as_secs_f64(),
        cpu_s: children_cpu() - cpu0,
        max_rss_mb: hwm_kb / 1024.0,
        ok: status.success(),
    })
}

fn default_bin() -> String {
    std::env::current_exe()
        .ok()
        .and_then(|p| Some(p.parent()?.parent()?.join("ofsted-etl")))
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "target/release/ofsted-etl".into())
}

fn corpus_dirs() -> (Vec<PathBuf>, String) {
    if let Ok(v) = std::env::var("OFSTED_BENCH_CORPUS") {
        return (v.split(':').map(PathBuf::from).collect(), v);
    }
    let shared = Path::new("../shared/corpus");
    if shared.is_dir() {
        let dirs = vec![shared.join("dev"), shared.join("dev-more")];
        return (dirs, "../shared/corpus/dev + dev-more".into());
    }
    (
        vec![PathBuf::from("data")],
        "data/ (note: ../shared/corpus is absent, so the small sample corpus)".into(),
    )
}

/// The PDFs of the corpus folders (recursively), sorted.
fn pdfs(dirs: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = fs::read_dir(d) else { return };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")) {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    for d in dirs {
        walk(d, &mut out);
    }
    out.sort();
    out
}

/// Writes `k` copies of every PDF into `dir`: copy 0 as is, copy `i` with a PDF comment
/// after `%%EOF` naming the copy (same content, distinct bytes). Returns the bytes written.
fn make_corpus(src: &[PathBuf], k: usize, dir: &Path) -> Result<u64, String> {
    fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let mut total = 0u64;
    for (n, p) in src.iter().enumerate() {
        let bytes = fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
        for i in 0..k {
            let mut b = bytes.clone();
            if i > 0 {
                b.extend_from_slice(format!("\n%ofsted-etl-bench copy {i}\n").as_bytes());
            }
            let name = format!("{n:05}-{i:03}.pdf");
            fs::write(dir.join(name), &b).map_err(|e| e.to_string())?;
            total += b.len() as u64;
        }
    }
    Ok(total)
}

struct Ctx {
    bin: String,
    config: String,
    tmp: PathBuf,
}

impl Ctx {
    fn run(&self, input: &Path, output: &Path, threads: Option<usize>) -> Result<Usage, String> {
        let (i, o) = (input.display().to_string(), output.display().to_string());
        let t = threads.map(|n| n.to_string());
        let mut cmd = vec![
            self.bin.as_str(),
            "run",
            "--config",
            &self.config,
            "--input",
            &i,
            "--output",
            &o,
            "--quiet",
        ];
        if let Some(t) = &t {
            cmd.extend(["--threads", t.as_str()]);
        }
        let u = measure(&cmd)?;
        if !u.ok {
            return Err(format!("ofsted-etl run failed on {i}"));
        }
        Ok(u)
    }
}

/// `name` over every PDF of `list` (one process per file, as a user would run it; a file
/// it fails on does not stop it).
fn tool(list: &Path, name: &str, script: &str) -> Result<Option<Usage>, String> {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        return Ok(None);
    }
    let full = format!(
        "while IFS= read -r f; do {script} || true; done < '{}'",
        list.display()
    );
    measure(&["sh", "-c", &full]).map(Some)
}

fn bench() -> Result<(), String> {
    let (dirs, label) = corpus_dirs();
    let src = pdfs(&dirs);
    if src.is_empty() {
        return Err(format!("no PDF under {label}"));
    }
    let scales: Vec<usize> = std::env::var("OFSTED_BENCH_SCALES")
        .unwrap_or_else(|_| "1,4,16".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .filter(|&k| k > 0)
        .collect();
    let tmp = std::env::temp_dir().join(format!("ofsted-bench-{}", std::process::id()));
    let ctx = Ctx {
        bin: std::env::var("OFSTED_BENCH_BIN").unwrap_or_else(|_| default_bin()),
        config: std::env::var("OFSTED_BENCH_CONFIG").unwrap_or_else(|_| "pipeline.toml".into()),
        tmp: tmp.clone(),
    };
    if !Path::new(&ctx.bin).is_file() {
        return Err(format!(
            "no binary {} (run `cargo build --release` first)",
            ctx.bin
        ));
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("# ofsted-etl benchmark (examples/compare.rs)");
    println!(
        "corpus: {label}: {} PDFs; config: {}; binary: {}; {cores} cores; scales {scales:?}\n",
        src.len(),
        ctx.config,
        ctx.bin
    );
    let result = sections(&ctx, &src, &scales, cores);
    if std::env::var_os("OFSTED_BENCH_KEEP").is_some() {
        println!("\nkept {}", tmp.display());
    } else {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

fn sections(ctx: &Ctx, src: &[PathBuf], scales: &[usize], cores: usize) -> Result<(), String> {
    let one = ctx.tmp.join("x1");
    let bytes = make_corpus(src, 1, &one)?;
    let n = src.len() as f64;
    let ours = ctx.run(&one, &ctx.tmp.join("out-x1"), None)?;
    compare_tools(ctx, &one, n, bytes, ours)?;
    threads(ctx, &one, cores)?;
    scaling(ctx, src, scales, ours)
}

/// Rounds of the threads comparison: a shared VM's neighbours (CPU steal) move a single
/// run by ±10%, so each setting runs this often, alternating, and medians are compared.
const THREAD_ROUNDS: usize = 3;

/// CPU time stolen by the hypervisor so far, in seconds (`steal` of `/proc/stat`; 0 where
/// it cannot be read).
fn steal_s() -> f64 {
    fs::read_to_string("/proc/stat")
        .ok()
        .and_then(|s| {
            let cpu = s
                .lines()
                .next()?
                .split_whitespace()
                .nth(8)?
                .parse::<f64>()
                .ok()?;
            Some(cpu / 100.0)
        })
        .unwrap_or(0.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// `--threads 1` against all cores, [`THREAD_ROUNDS`] alternating runs each (fresh output
/// folders), with the CPU time stolen during each run.
fn threads(ctx: &Ctx, one: &Path, cores: usize) -> Result<(), String> {
    println!("\n## Threads (1× corpus, wall time, {THREAD_ROUNDS} alternating runs each)\n");
    println!("| threads | run | wall s | CPU-s | stolen s |");
    println!("|---|---:|---:|---:|---:|");
    let mut walls: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for round in 1..=THREAD_ROUNDS {
        for (k, t) in [1, cores].into_iter().enumerate() {
            let out = ctx.tmp.join(format!("out-x1-t{t}-{round}"));
            let before = steal_s();
            let u = ctx.run(one, &out, Some(t))?;
            let stolen = steal_s() - before;
            let _ = fs::remove_dir_all(&out);
            println!(
                "| {t} | {round} | {:.2} | {:.2} | {stolen:.2} |",
                u.wall_s, u.cpu_s
            );
            if let Some(w) = walls.get_mut(k) {
                w.push(u.wall_s);
            }
        }
    }
    let [one_t, all_t] = walls.map(median);
    println!(
        "\nmedian wall: 1 thread {one_t:.2} s, {cores} threads {all_t:.2} s: speed-up {:.2}×",
        one_t / all_t.max(1e-9)
    );
    Ok(())
}

fn compare_tools(ctx: &Ctx, dir: &Path, n: f64, bytes: u64, ours: Usage) -> Result<(), String> {
    let mut list = String::new();
    for e in fs::read_dir(dir).map_err(|e| e.to_string())?.flatten() {
        list.push_str(&e.path().display().to_string());
        list.push('\n');
    }
    let list_path = ctx.tmp.join("pdfs.txt");
    fs::File::create(&list_path)
        .and_then(|mut f| f.write_all(list.as_bytes()))
        .map_err(|e| e.to_string())?;
    let mb = bytes as f64 / 1e6;
    println!("## End to end against text extraction alone (1× corpus, {mb:.1} MB)\n");
    println!(
        "| program | wall s | CPU-s | CPU ms/doc | MB/s (wall) | peak RSS MB | ours ÷ it (CPU) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let row = |name: &str, u: &Usage, ratio: String| {
        println!(
            "| {name} | {:.2} | {:.2} | {:.1} | {:.2} | {:.0} | {ratio} |",
            u.wall_s,
            u.cpu_s,
            1000.0 * u.cpu_s / n,
            mb / u.wall_s,
            u.max_rss_mb
        );
    };
    row("ofsted-etl run (PDF to all tables)", &ours, "—".into());
    let tools = [
        ("pdftotext", "pdftotext -q \"$f\" - >/dev/null"),
        (
            "mutool",
            "mutool draw -F txt -o /dev/null \"$f\" 2>/dev/null",
        ),
    ];
    let mut skipped = Vec::new();
    for (name, script) in tools {
        match tool(&list_path, name, script)? {
            Some(u) if u.ok => row(name, &u, format!("{:.2}×", ours.cpu_s / u.cpu_s)),
            Some(_) => skipped.push(format!("SKIP {name}: it failed on a file")),
            None => skipped.push(format!("SKIP {name}: not installed")),
        }
    }
    for s in skipped {
        println!("\n{s}");
    }
    Ok(())
}

fn scaling(ctx: &Ctx, src: &[PathBuf], scales: &[usize], x1: Usage) -> Result<(), String> {
    println!("\n## Scaling (all cores; copies distinct by a comment after %%EOF)\n");
    println!(
        "| corpus | documents | MB | wall s | CPU-s | wall ms/doc | CPU ms/doc | peak RSS MB |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut last = None;
    for &k in scales {
        let dir = ctx.tmp.join(format!("x{k}"));
        let bytes = make_corpus(src, k, &dir)?;
        let out = ctx.tmp.join(format!("out-x{k}"));
        let u = if k == 1 && out.is_dir() {
            x1
        } else {
            ctx.run(&dir, &out, None)?
        };
        let docs = (src.len() * k) as f64;
        println!(
            "| {k}× | {docs} | {:.0} | {:.2} | {:.2} | {:.1} | {:.1} | {:.0} |",
            bytes as f64 / 1e6,
            u.wall_s,
            u.cpu_s,
            1000.0 * u.wall_s / docs,
            1000.0 * u.cpu_s / docs,
            u.max_rss_mb
        );
        last = Some((k, dir, out));
    }
    if let Some((k, dir, out)) = last {
        let u = ctx.run(&dir, &out, None)?;
        println!(
            "\nNo-change rerun of the {k}× corpus: wall {:.2} s, CPU {:.2} s, peak RSS {:.0} MB",
            u.wall_s, u.cpu_s, u.max_rss_mb
        );
    }
    Ok(())
}
