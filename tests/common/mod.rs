//! Shared helpers of the end-to-end tests: run the binary, read tables back from Parquet.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, missing_docs)]

use arrow::array::{Array, AsArray};
use arrow::datatypes::{DataType, Date32Type, Int32Type, Int64Type};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository, for a test marked `#[ignore = "needs ../shared"]`
/// (run by `cargo test --release -- --ignored`, as `.ci/run` does): a failure saying so
/// when it is absent, never a silent pass.
pub fn need_shared() -> PathBuf {
    let p = root().join("../shared");
    assert!(
        p.join("corpus").is_dir(),
        "{}/corpus not found: this test needs ../shared beside the repository",
        p.display()
    );
    p
}

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ofsted-etl"));
    c.env("CI", "true");
    c
}

pub fn run_pipeline(input: &Path, output: &Path, extra: &[&str]) -> Output {
    bin()
        .arg("run")
        .arg("--input")
        .arg(input)
        .arg("--output")
        .arg(output)
        .args(extra)
        .current_dir(root())
        .output()
        .expect("start binary")
}

/// The output folder of one successful pipeline run, removed when dropped.
pub struct RunOutput {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

/// Runs the pipeline once over `input` into a fresh temporary folder; panics with the
/// run's output if it fails.
pub fn run_once(input: &Path) -> RunOutput {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let o = run_pipeline(input, &path, &["--quiet"]);
    assert!(
        o.status.success(),
        "run failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    RunOutput { _dir: dir, path }
}

/// A cell as text ("" for null; dates ISO; bools true/false).
pub type RowMap = BTreeMap<String, String>;

pub fn read_table(output: &Path, table: &str) -> Vec<RowMap> {
    read_parquet_file(&output.join("parquet").join(format!("{table}.parquet")))
}

pub fn read_parquet_file(path: &Path) -> Vec<RowMap> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        let schema = batch.schema();
        for r in 0..batch.num_rows() {
            let mut m = RowMap::new();
            for (c, field) in schema.fields().iter().enumerate() {
                let col = batch.column(c);
                let v = if col.is_null(r) {
                    String::new()
                } else {
                    match field.data_type() {
                        DataType::Utf8 => col.as_string::<i32>().value(r).to_owned(),
                        DataType::Int32 => col.as_primitive::<Int32Type>().value(r).to_string(),
                        DataType::Int64 => col.as_primitive::<Int64Type>().value(r).to_string(),
                        DataType::Boolean => col.as_boolean().value(r).to_string(),
                        DataType::Date32 => {
                            let d = col.as_primitive::<Date32Type>().value(r);
                            (chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()
                                + chrono::Duration::days(i64::from(d)))
                            .to_string()
                        }
                        other => panic!("unexpected type {other}"),
                    }
                };
                m.insert(field.name().clone(), v);
            }
            rows.push(m);
        }
    }
    rows
}

pub fn files_digest(output: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for sub in ["parquet", "csv", "xlsx"] {
        let dir = output.join(sub);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let bytes = std::fs::read(e.path()).unwrap();
            out.insert(
                format!("{sub}/{}", e.file_name().to_string_lossy()),
                ofsted_model::id::sha256_hex(&bytes),
            );
        }
    }
    out
}

/// Copies the text samples of `data/` into `to`.
pub fn copy_samples(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(root().join("data")).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "txt") {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Asserts the command succeeded (showing its output if not) and returns its stdout.
pub fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Reads the child's stderr until a line contains `marker` (e.g. `paused at extract`),
/// then keeps draining it so the child never blocks on a full pipe.
pub fn wait_for(child: &mut std::process::Child, marker: &str) {
    use std::io::{BufRead, BufReader};
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    loop {
        match lines.next() {
            Some(Ok(l)) if l.contains(marker) => break,
            Some(Ok(_)) => continue,
            _ => panic!("child ended before {marker}"),
        }
    }
    std::thread::spawn(move || for _ in lines {});
}
