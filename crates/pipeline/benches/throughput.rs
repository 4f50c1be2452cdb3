//! Throughput benchmark: reads a folder (default: `../shared/corpus/dev`, else `data/`)
//! through extract + transform + link, cold (no state store), and reports wall time, CPU
//! time, documents per second, MB/s and peak memory. Also times a no-change incremental
//! rerun against a full run through the state store.
//!
//! Run: `cargo bench -p ofsted-pipeline --bench throughput [-- DIR]`

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use ofsted_pipeline::config::Config;
use ofsted_pipeline::run::{
    Paths, ProcessOptions, RunOptions, assemble, list_inputs, process_each, run,
};
use std::path::PathBuf;
use std::time::Instant;

fn cpu_seconds() -> f64 {
    // utime + stime of this process from /proc (Linux); 0 elsewhere.
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks: f64 = fields
        .get(11)
        .and_then(|u| u.parse::<f64>().ok())
        .unwrap_or(0.0)
        + fields
            .get(12)
            .and_then(|s| s.parse::<f64>().ok())
            .unwrap_or(0.0);
    ticks / 100.0
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let corpus = root.join("../shared/corpus/dev");
            if corpus.is_dir() {
                corpus
            } else {
                root.join("data")
            }
        });
    let cfg = Config::default();
    let (inputs, _) = list_inputs(&cfg, &dir).expect("input folder");
    let bytes: u64 = inputs.iter().map(|f| f.size).sum();
    println!(
        "input: {} ({} files, {:.1} MB)",
        dir.display(),
        inputs.len(),
        bytes as f64 / 1e6
    );

    let (c0, t0) = (cpu_seconds(), Instant::now());
    let (results, times) =
        process_each(&cfg, &inputs, &ProcessOptions::default()).expect("process");
    let p = assemble(results, times);
    let tables = ofsted_transform::link::link(&p.docs).expect("link");
    let wall = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - c0;
    println!(
        "cold, in memory: {:.2} s wall, {:.2} s CPU ({} threads), {:.1} docs/s, {:.2} MB/s; {} documents, {} rejects, {} judgements",
        wall,
        cpu,
        rayon::current_num_threads(),
        inputs.len() as f64 / wall,
        bytes as f64 / 1e6 / wall,
        tables.documents.len(),
        p.rejects.len(),
        tables.judgements.len()
    );
    println!(
        "  extract {:.2} s CPU, transform {:.2} s CPU (summed over threads)",
        p.times.extract.as_secs_f64(),
        p.times.transform.as_secs_f64()
    );

    let out = tempfile::tempdir().expect("temp dir");
    let paths = Paths {
        input: dir.clone(),
        output: out.path().to_path_buf(),
    };
    let t = Instant::now();
    run(
        &cfg,
        &paths,
        &RunOptions {
            full: true,
            dry_run: false,
        },
        &|_| {},
    )
    .expect("full run");
    let full = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let s = run(&cfg, &paths, &RunOptions::default(), &|_| {}).expect("rerun");
    let rerun = t.elapsed().as_secs_f64();
    println!(
        "full run with publish: {:.2} s; no-change incremental rerun: {:.3} s ({} unchanged, {} processed)",
        full, rerun, s.manifest.inputs_unchanged, s.manifest.inputs_processed
    );
    println!("peak memory: {:.0} MB", peak_rss_mb());
}
