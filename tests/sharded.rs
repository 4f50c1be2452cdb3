//! Sharded runs: `plan` + every `map` + `reduce` publish the same files as `run`, for
//! 1, 3 and 7 shards, with a shard run twice and a shard killed midway and rerun; Spark
//! in local mode drives the shards through `RDD.pipe` (`#[ignore = "needs pyspark and Java"]`:
//! run by `cargo test --release -- --ignored`, as `.ci/run` does; fails without them).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn plan(input: &Path, out: &Path, shards: u32) -> String {
    let o = bin()
        .args(["plan", "--input"])
        .arg(input)
        .arg("--output")
        .arg(out)
        .args(["--shards", &shards.to_string()])
        .output()
        .unwrap();
    ok(&o).trim().to_owned()
}

fn map(out: &Path, shard: &str) -> Output {
    bin()
        .args(["map", "--output"])
        .arg(out)
        .args(["--shard", shard])
        .output()
        .unwrap()
}

fn reduce(out: &Path) -> Output {
    bin()
        .args(["reduce", "--quiet", "--output"])
        .arg(out)
        .output()
        .unwrap()
}

fn record(out: &Path, run_id: &str, i: u32, n: u32) -> PathBuf {
    out.join(".shards")
        .join(run_id)
        .join("results")
        .join(format!("shard-{i:04}-of-{n:04}.json"))
}

fn reference(input: &Path, dir: &Path) -> PathBuf {
    let out = dir.join("run");
    ok(&run_pipeline(input, &out, &["--quiet"]));
    out
}

#[test]
fn plan_map_reduce_equals_run_for_1_3_and_7_shards() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("in");
    copy_samples(&input);
    let want = files_digest(&reference(&input, d.path()));
    assert!(!want.is_empty());
    for n in [1u32, 3, 7] {
        let out = d.path().join(format!("sharded-{n}"));
        let run_id = plan(&input, &out, n);
        assert_eq!(run_id.len(), 16, "{run_id}");
        // reduce before every shard finished: refused, nothing published
        if n > 1 {
            ok(&map(&out, &format!("0/{n}")));
            let early = reduce(&out);
            assert_eq!(early.status.code(), Some(11), "{early:?}");
            assert!(String::from_utf8_lossy(&early.stderr).contains("unfinished shards"));
            assert!(!out.join("parquet").exists());
        }
        for i in 0..n {
            ok(&map(&out, &format!("{i}/{n}")));
        }
        // a shard run twice writes the same record
        let rec = record(&out, &run_id, n - 1, n);
        let first = std::fs::read(&rec).unwrap();
        let again = ok(&map(&out, &format!("{}/{n}", n - 1)));
        assert_eq!(std::fs::read(&rec).unwrap(), first);
        assert!(again.lines().all(|l| l.starts_with("cached\t")), "{again}");
        ok(&reduce(&out));
        assert_eq!(files_digest(&out), want, "{n} shards differ from run");
        // the same inputs plan to the same run id
        assert_eq!(plan(&input, &out, n), run_id);
    }
}

#[test]
fn a_shard_killed_midway_is_rerun_and_the_result_is_the_same() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("in");
    copy_samples(&input);
    let want = files_digest(&reference(&input, d.path()));
    let out = d.path().join("sharded");
    let run_id = plan(&input, &out, 1);
    let mut child = bin()
        .args(["map", "--threads", "1", "--shard", "0/1", "--output"])
        .arg(&out)
        .env("OFSTED_ETL_PAUSE_AT", "extract")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    wait_for(&mut child, "paused at extract");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        !record(&out, &run_id, 0, 1).exists(),
        "a killed shard left a record"
    );
    assert_eq!(reduce(&out).status.code(), Some(11));
    let rerun = ok(&map(&out, "0/1"));
    assert!(rerun.lines().any(|l| l.starts_with("cached\t")), "{rerun}");
    ok(&reduce(&out));
    assert_eq!(files_digest(&out), want);
}

#[test]
fn map_reads_paths_on_stdin_and_the_shard_from_the_scheduler() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("in");
    copy_samples(&input);
    let want = files_digest(&reference(&input, d.path()));
    let out = d.path().join("sharded");
    plan(&input, &out, 2);
    // shard 0 from a Kubernetes index, shard 1 from Slurm (1-based array)
    ok(&bin()
        .args(["map", "--output"])
        .arg(&out)
        .env("JOB_COMPLETION_INDEX", "0")
        .output()
        .unwrap());
    let bad = bin()
        .args(["map", "--output"])
        .arg(&out)
        .env("SLURM_ARRAY_TASK_ID", "2")
        .env("SLURM_ARRAY_TASK_MIN", "1")
        .env("SLURM_ARRAY_TASK_COUNT", "3")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(3), "{bad:?}");
    ok(&bin()
        .args(["map", "--output"])
        .arg(&out)
        .env("SLURM_ARRAY_TASK_ID", "2")
        .env("SLURM_ARRAY_TASK_MIN", "1")
        .env("SLURM_ARRAY_TASK_COUNT", "2")
        .output()
        .unwrap());
    ok(&reduce(&out));
    assert_eq!(files_digest(&out), want);

    // --stdin: any split of the inputs, as Spark's RDD.pipe sends them
    let out2 = d.path().join("stdin");
    plan(&input, &out2, 3);
    let names: Vec<String> = std::fs::read_dir(&input)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for chunk in names.chunks(2) {
        let mut child = bin()
            .args(["map", "--stdin", "--output"])
            .arg(&out2)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "{}", chunk.join("\n")).unwrap();
        drop(stdin);
        let o = child.wait_with_output().unwrap();
        let printed = ok(&o);
        assert_eq!(printed.lines().count(), chunk.len(), "{printed}");
    }
    ok(&reduce(&out2));
    assert_eq!(files_digest(&out2), want);
}

#[test]
fn the_dataset_layout_holds_the_same_rows_in_part_files() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("in");
    copy_samples(&input);
    let config = d.path().join("dataset.toml");
    std::fs::write(&config, "[output]\nformats = [\"parquet\", \"dataset\"]\n").unwrap();
    let out = d.path().join("out");
    let o = bin()
        .args(["run", "--quiet", "--config"])
        .arg(&config)
        .arg("--input")
        .arg(&input)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    ok(&o);
    let dataset = out.join("dataset");
    assert!(dataset.join("_manifest.json").is_file());
    for table in ["documents", "inspections", "judgements", "rejects"] {
        let dir = dataset.join(table);
        assert!(dir.join("_SUCCESS").is_file(), "{table}");
        let part = dir.join("part-00000.parquet");
        assert_eq!(
            read_parquet_file(&part),
            read_table(&out, table),
            "{table}: the part file and the single file differ"
        );
    }
    // reruns over the same inputs (whose `changes` are empty) publish the same bytes
    let rerun = || {
        ok(&bin()
            .args(["run", "--quiet", "--full", "--config"])
            .arg(&config)
            .arg("--input")
            .arg(&input)
            .arg("--output")
            .arg(&out)
            .output()
            .unwrap());
        std::fs::read(dataset.join("_manifest.json")).unwrap()
    };
    let second = rerun();
    assert_eq!(rerun(), second);
}

/// The Python of the Spark test: `OFSTED_ETL_SPARK_PYTHON`, else the virtual
/// environment `.ci/run` makes, if pyspark imports there and Java runs.
fn spark_python() -> Result<PathBuf, String> {
    let py = std::env::var_os("OFSTED_ETL_SPARK_PYTHON")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .map(|h| PathBuf::from(h).join(".cache/ofsted-etl-spark-venv/bin/python"))
        })
        .ok_or("no HOME")?;
    let has = |c: &mut Command| c.output().is_ok_and(|o| o.status.success());
    if !has(Command::new(&py).args(["-c", "import pyspark"])) {
        return Err(format!("pyspark not importable with {}", py.display()));
    }
    if !has(Command::new("java").arg("-version")) {
        return Err("no Java runtime".into());
    }
    Ok(py)
}

#[test]
#[ignore = "needs pyspark and Java"]
fn spark_drives_the_shards_and_reads_every_table_back() {
    let py = spark_python().unwrap_or_else(|why| {
        panic!("{why} (.ci/run installs pyspark and Java from the package registries)")
    });
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("in");
    copy_samples(&input);
    let run_out = reference(&input, d.path());
    let sharded = d.path().join("spark");
    let config = d.path().join("dataset.toml");
    std::fs::write(
        &config,
        "[output]\nformats = [\"parquet\", \"csv\", \"dataset\"]\n",
    )
    .unwrap();
    let o = Command::new(&py)
        .arg(root().join("tests/spark/sharded_vs_run.py"))
        .arg(env!("CARGO_BIN_EXE_ofsted-etl"))
        .arg(&input)
        .arg(&sharded)
        .arg(&run_out)
        .arg("3")
        .arg(&config)
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .output()
        .unwrap();
    let out = ok(&o);
    let v: serde_json::Value = serde_json::from_str(out.lines().last().unwrap_or("")).unwrap();
    let tables = v["tables"].as_object().unwrap();
    assert!(tables.len() >= 11, "{v}");
    for (t, s) in tables {
        assert_eq!(
            s["sharded"], s["run"],
            "table {t} differs as Spark reads it"
        );
    }
    assert_eq!(v["layout"], "dataset", "{v}");
    assert!(tables["documents"]["sharded"][0].as_i64().unwrap() >= 5);
    for (engine, counts) in v["engines"].as_object().unwrap() {
        for (t, n) in counts.as_object().unwrap() {
            assert_eq!(n, &tables[t]["run"][0], "{engine} reads {t} differently");
        }
    }
    println!("spark read back: {v}");
}
