//! Atomic publication of a complete set of tables.
//!
//! Layout of the output directory:
//!
//! ```text
//! output/
//!   parquet -> .generations/<gen>/parquet   (symlink)
//!   csv     -> .generations/<gen>/csv       (symlink)
//!   xlsx    -> .generations/<gen>/xlsx      (symlink; ofsted-etl.xlsx)
//!   dataset -> .generations/<gen>/dataset   (symlink; only with the `dataset` format)
//!   datapackage.json                        (describes csv/; replaced atomically)
//!   .generations/<gen>/{parquet,csv}/<table>.{parquet,csv}, xlsx/, .complete
//!   .generations/<gen>/dataset/<table>/{part-00000.parquet, …, _SUCCESS}, _manifest.json
//!   report  -> .generations/<gen>/report    (symlink; the summary page, `report/index.html`)
//! ```
//!
//! `<gen>` is a hash of the files' bytes, so the same tables always land in the same
//! generation and a rerun that changes nothing writes nothing. A new generation is written
//! into a temporary directory, every file is fsynced, the directory is renamed into place,
//! and only then are the `parquet` and `csv` links replaced, each by one atomic `rename`
//! of a fresh symlink over the old one. A reader that opens `output/parquet/x.parquet` sees
//! a file of the previous complete set or of the new one, never a partial file; a run killed
//! at any point leaves the links on the previous complete generation. The previous
//! generation is kept until the next publish so readers that opened it can finish.

use crate::{LoadError, LoadOptions, csv_out, datapackage, page, parquet_out, xlsx_out};
use ofsted_model::id::sha256_hex;
use ofsted_model::schema::TableData;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Name of the directory holding generations, inside the output directory.
pub const GENERATIONS_DIR: &str = ".generations";
/// The file that marks a generation complete; it lists every file with its SHA-256.
pub(crate) const COMPLETE_MARKER: &str = ".complete";
/// The formats, each a folder of a generation and a link in the output directory.
pub const FORMATS: [&str; 4] = ["parquet", "csv", "xlsx", "dataset"];

/// One written file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    /// Table name.
    pub table: String,
    /// `parquet` or `csv`.
    pub format: &'static str,
    /// Path relative to the output directory, through the public link
    /// (`parquet/documents.parquet`).
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the file.
    pub sha256: String,
}

/// What [`publish`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// Generation id now visible.
    pub generation: String,
    /// True when that generation already existed (nothing was written).
    pub unchanged: bool,
    /// The files of the generation.
    pub files: Vec<WrittenFile>,
}

/// Renders every table in memory in the enabled formats.
pub fn render(
    tables: &[TableData],
    opts: &LoadOptions,
) -> Result<Vec<(WrittenFile, Vec<u8>)>, LoadError> {
    let mut out = Vec::new();
    for t in tables {
        out.extend(render_table(t, opts)?);
    }
    if opts.formats.dataset {
        let index = dataset_index(out.iter().map(|(f, _)| f));
        out.push(index);
    }
    if opts.formats.xlsx {
        let bytes = xlsx_out::write_xlsx(tables)?;
        let rel = xlsx_out::WORKBOOK_PATH.to_owned();
        out.push((file_entry("workbook", "xlsx", rel, &bytes), bytes));
    }
    if let Some(p) = &opts.page {
        let bytes = page::render(tables, p).into_bytes();
        out.push((
            file_entry("report", "html", page::PAGE_PATH.to_owned(), &bytes),
            bytes,
        ));
    }
    Ok(out)
}

/// One table's files in the enabled table formats (Parquet, CSV, dataset parts), in memory.
pub(crate) fn render_table(
    t: &TableData,
    opts: &LoadOptions,
) -> Result<Vec<(WrittenFile, Vec<u8>)>, LoadError> {
    let mut out = Vec::new();
    if opts.formats.parquet {
        let rel = format!("parquet/{}.parquet", t.schema.name);
        let bytes = parquet_out::write_parquet(t, Vec::new(), opts.zstd_level, Path::new(&rel))?;
        out.push((file_entry(t.schema.name, "parquet", rel, &bytes), bytes));
    }
    if opts.formats.csv {
        let rel = format!("csv/{}.csv", t.schema.name);
        let start = if opts.csv_bom {
            csv_out::BOM.to_vec()
        } else {
            Vec::new()
        };
        let bytes = csv_out::write_csv(t, start, opts.csv_formula_guard, Path::new(&rel))?;
        out.push((file_entry(t.schema.name, "csv", rel, &bytes), bytes));
    }
    if opts.formats.dataset {
        out.extend(render_dataset_table(t, opts)?);
    }
    Ok(out)
}

/// Rows per part file of the `dataset` layout.
pub const PART_ROWS: usize = 250_000;

/// One table in the `dataset` layout: `dataset/<table>/part-NNNNN.parquet` of at most
/// [`PART_ROWS`] rows each (one part, possibly empty, for a small table) and an empty
/// `_SUCCESS` marker, as Spark writes a table.
fn render_dataset_table(
    t: &TableData,
    opts: &LoadOptions,
) -> Result<Vec<(WrittenFile, Vec<u8>)>, LoadError> {
    let mut out = Vec::new();
    let name = t.schema.name;
    let n_parts = t.rows.len().div_ceil(PART_ROWS).max(1);
    for i in 0..n_parts {
        let rows = t
            .rows
            .get(i * PART_ROWS..((i + 1) * PART_ROWS).min(t.rows.len()))
            .unwrap_or(&[])
            .to_vec();
        let part = TableData {
            schema: t.schema,
            rows,
        };
        let rel = format!("dataset/{name}/part-{i:05}.parquet");
        let bytes =
            parquet_out::write_parquet(&part, Vec::new(), opts.zstd_level, Path::new(&rel))?;
        out.push((file_entry(name, "dataset", rel, &bytes), bytes));
    }
    let rel = format!("dataset/{name}/_SUCCESS");
    out.push((file_entry(name, "dataset", rel, &[]), Vec::new()));
    Ok(out)
}

/// `dataset/_manifest.json`: every file of the dataset with its size and SHA-256, in a
/// stable order and without clock time, so the generation's bytes depend only on the data.
pub(crate) fn dataset_index<'a>(
    files: impl IntoIterator<Item = &'a WrittenFile>,
) -> (WrittenFile, Vec<u8>) {
    let listed: Vec<serde_json::Value> = files
        .into_iter()
        .filter(|f| f.format == "dataset")
        .map(|f| {
            serde_json::json!({"table": f.table, "path": f.path, "bytes": f.bytes, "sha256": f.sha256})
        })
        .collect();
    let doc = serde_json::json!({
        "schema_version": ofsted_model::SCHEMA_VERSION,
        "pipeline_version": ofsted_model::PIPELINE_VERSION,
        "files": listed,
    });
    let bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    let rel = "dataset/_manifest.json".to_owned();
    (file_entry("_manifest", "dataset", rel, &bytes), bytes)
}

/// The sub-folders of a generation (each with its link in the output directory) and
/// whether `opts` writes each.
fn outputs(opts: &LoadOptions) -> [(&'static str, bool); 5] {
    [
        ("parquet", opts.formats.parquet),
        ("csv", opts.formats.csv),
        ("xlsx", opts.formats.xlsx),
        ("dataset", opts.formats.dataset),
        ("report", opts.page.is_some()),
    ]
}

pub(crate) fn file_entry(
    table: &str,
    format: &'static str,
    path: String,
    bytes: &[u8],
) -> WrittenFile {
    WrittenFile {
        table: table.to_owned(),
        format,
        path,
        bytes: bytes.len() as u64,
        sha256: sha256_hex(bytes),
    }
}

/// Writes `tables` as a new generation under `out_dir` and makes it the visible one.
pub fn publish(
    tables: &[TableData],
    out_dir: &Path,
    opts: &LoadOptions,
) -> Result<Published, LoadError> {
    let rendered = render(tables, opts)?;
    let files = rendered.iter().map(|(f, _)| f.clone()).collect();
    install(out_dir, opts, files, Staged::InMemory(&rendered))
}

/// Where the files of a generation are before [`install`] puts them in place.
pub(crate) enum Staged<'a> {
    /// Rendered in memory, not written yet.
    InMemory(&'a [(WrittenFile, Vec<u8>)]),
    /// Already written (and fsynced) into this staging folder of `.generations`.
    OnDisk(PathBuf),
}

/// Names the generation after its files, moves it into place (unless it exists already)
/// and switches the links to it.
pub(crate) fn install(
    out_dir: &Path,
    opts: &LoadOptions,
    files: Vec<WrittenFile>,
    staged: Staged<'_>,
) -> Result<Published, LoadError> {
    let mut fingerprint = String::new();
    for f in &files {
        fingerprint.push_str(&f.path);
        fingerprint.push(' ');
        fingerprint.push_str(&f.sha256);
        fingerprint.push('\n');
    }
    let generation = sha256_hex(fingerprint.as_bytes())[..16].to_owned();
    let gens = out_dir.join(GENERATIONS_DIR);
    create_dir_all(&gens)?;
    let gen_dir = gens.join(&generation);
    let unchanged = gen_dir.join(COMPLETE_MARKER).is_file();
    match (unchanged, staged) {
        (true, Staged::OnDisk(tmp)) => remove_dir_all(&tmp)?,
        (true, Staged::InMemory(_)) => {}
        (false, staged) => {
            if gen_dir.exists() {
                remove_dir_all(&gen_dir)?;
            }
            let tmp = match staged {
                Staged::OnDisk(tmp) => tmp,
                Staged::InMemory(rendered) => write_tmp(&gens, &generation, rendered)?,
            };
            ofsted_model::pause::pause_at("write");
            write_synced(&tmp.join(COMPLETE_MARKER), fingerprint.as_bytes())?;
            sync_tree(&tmp)?;
            rename(&tmp, &gen_dir)?;
            sync_dir(&gens)?;
        }
    }
    ofsted_model::pause::pause_at("publish");
    let previous = current_generation(out_dir);
    for (format, enabled) in outputs(opts) {
        let link = out_dir.join(format);
        if enabled {
            let target = PathBuf::from(GENERATIONS_DIR)
                .join(&generation)
                .join(format);
            switch_link(out_dir, &link, &target)?;
        } else if fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()) {
            // A disabled format must not keep serving an older generation.
            remove_file(&link)?;
        }
    }
    write_datapackage(out_dir, opts)?;
    sync_dir(out_dir)?;
    collect_garbage(&gens, &generation, previous.as_deref())?;
    Ok(Published {
        generation,
        unchanged,
        files,
    })
}

/// Writes rendered files into a fresh temporary folder of `gens`.
fn write_tmp(
    gens: &Path,
    generation: &str,
    rendered: &[(WrittenFile, Vec<u8>)],
) -> Result<PathBuf, LoadError> {
    let tmp = gens.join(format!(".tmp-{generation}-{}", std::process::id()));
    if tmp.exists() {
        remove_dir_all(&tmp)?;
    }
    for (f, bytes) in rendered {
        let path = tmp.join(&f.path);
        if let Some(parent) = path.parent() {
            create_dir_all(parent)?;
        }
        write_synced(&path, bytes)?;
    }
    Ok(tmp)
}

/// `datapackage.json` beside the `csv` link when CSV is written; removed otherwise so that
/// it never describes files that are not there.
fn write_datapackage(out_dir: &Path, opts: &LoadOptions) -> Result<(), LoadError> {
    let path = out_dir.join(datapackage::FILE_NAME);
    if opts.formats.csv {
        write_file_atomic(&path, datapackage::json(opts).as_bytes())
    } else if path.is_file() {
        remove_file(&path)
    } else {
        Ok(())
    }
}

/// Writes the summary page of the visible generation again, from its Parquet tables, and
/// points the `report` link at it (`ofsted-etl report`). Returns the page's path through
/// the link. Call under the run lock.
pub fn rewrite_page(out_dir: &Path, opts: &page::PageOptions) -> Result<PathBuf, LoadError> {
    let Some(generation) = current_generation(out_dir) else {
        return Err(LoadError::io(
            "find published tables in",
            out_dir,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no published generation (run `ofsted-etl run` first)",
            ),
        ));
    };
    let gen_dir = PathBuf::from(GENERATIONS_DIR).join(&generation);
    let mut tables = Vec::new();
    for schema in ofsted_model::rows::ALL_TABLES {
        let path = out_dir
            .join(&gen_dir)
            .join("parquet")
            .join(format!("{}.parquet", schema.name));
        if path.is_file() {
            tables.push(crate::parquet_in::read_parquet(&path, *schema)?);
        }
    }
    let page_file = out_dir.join(&gen_dir).join(page::PAGE_PATH);
    write_file_atomic(&page_file, page::render(&tables, opts).as_bytes())?;
    switch_link(out_dir, &out_dir.join("report"), &gen_dir.join("report"))?;
    Ok(out_dir.join(page::PAGE_PATH))
}

/// The generation the `parquet` (or else `csv`) link points to, if any.
pub fn current_generation(out_dir: &Path) -> Option<String> {
    for format in FORMATS {
        if let Ok(target) = fs::read_link(out_dir.join(format)) {
            let mut parts = target.components().rev();
            parts.next();
            if let Some(g) = parts.next() {
                return Some(g.as_os_str().to_string_lossy().into_owned());
            }
        }
    }
    None
}

/// Replaces `link` by a symlink to `target` (relative to `out_dir`) atomically.
fn switch_link(out_dir: &Path, link: &Path, target: &Path) -> Result<(), LoadError> {
    if let Ok(meta) = fs::symlink_metadata(link) {
        if meta.file_type().is_symlink() {
            if fs::read_link(link).is_ok_and(|t| t == target) {
                return Ok(());
            }
        } else {
            // A real directory from an older layout or made by hand: move it aside once.
            let aside = out_dir.join(GENERATIONS_DIR).join(format!(
                "legacy-{}-{}",
                link.file_name()
                    .map(|s| s.to_string_lossy())
                    .unwrap_or_default(),
                std::process::id()
            ));
            rename(link, &aside)?;
        }
    }
    let tmp_link = out_dir.join(format!(
        ".{}.link-{}",
        link.file_name()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    if fs::symlink_metadata(&tmp_link).is_ok() {
        remove_file(&tmp_link)?;
    }
    symlink(target, &tmp_link)?;
    rename(&tmp_link, link)
}

/// Fsyncs every directory of a freshly written tree, deepest first.
fn sync_tree(dir: &Path) -> Result<(), LoadError> {
    let entries = fs::read_dir(dir).map_err(|e| LoadError::io("read dir", dir, e))?;
    for entry in entries.flatten() {
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            sync_tree(&entry.path())?;
        }
    }
    sync_dir(dir)
}

/// Removes generations other than `keep` and `previous`, and temporary leftovers of killed
/// runs. Only called while holding the run lock.
fn collect_garbage(gens: &Path, keep: &str, previous: Option<&str>) -> Result<(), LoadError> {
    let entries = fs::read_dir(gens).map_err(|e| LoadError::io("read dir", gens, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == keep || Some(name.as_str()) == previous {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            remove_dir_all(&path)?;
        } else {
            remove_file(&path)?;
        }
    }
    Ok(())
}

/// Removes leftovers of killed runs in the output directory: temporary generations and
/// temporary links. Safe only under the run lock.
pub fn clean_leftovers(out_dir: &Path) -> Result<usize, LoadError> {
    let mut n = 0;
    let gens = out_dir.join(GENERATIONS_DIR);
    for dir in [out_dir, gens.as_path()] {
        let Ok(entries) = fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(".tmp-") || name.contains(".link-") || name.ends_with(".partial") {
                let path = entry.path();
                if fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                    remove_dir_all(&path)?;
                } else {
                    remove_file(&path)?;
                }
                n += 1;
            }
        }
    }
    Ok(n)
}

/// Writes `bytes` to `path` atomically: a `.partial` file, fsync, rename, fsync of the
/// directory. Readers see the old file or the new one.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<(), LoadError> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    // Unique per process and call: two threads may write the same path at once.
    static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}-{seq}.partial", std::process::id()));
    let tmp = PathBuf::from(tmp);
    write_synced(&tmp, bytes)?;
    rename(&tmp, path)?;
    if let Some(parent) = path.parent() {
        sync_dir(parent)?;
    }
    Ok(())
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), LoadError> {
    let mut f = File::create(path).map_err(|e| LoadError::io("create", path, e))?;
    f.write_all(bytes)
        .map_err(|e| LoadError::io("write", path, e))?;
    f.sync_all().map_err(|e| LoadError::io("fsync", path, e))
}

fn sync_dir(path: &Path) -> Result<(), LoadError> {
    // Directories are fsynced so that renames survive a power cut (POSIX).
    match File::open(path) {
        Ok(d) => d
            .sync_all()
            .map_err(|e| LoadError::io("fsync dir", path, e)),
        Err(e) => Err(LoadError::io("open dir", path, e)),
    }
}

fn create_dir_all(path: &Path) -> Result<(), LoadError> {
    fs::create_dir_all(path).map_err(|e| LoadError::io("create dir", path, e))
}

fn remove_dir_all(path: &Path) -> Result<(), LoadError> {
    fs::remove_dir_all(path).map_err(|e| LoadError::io("remove dir", path, e))
}

fn remove_file(path: &Path) -> Result<(), LoadError> {
    fs::remove_file(path).map_err(|e| LoadError::io("remove", path, e))
}

fn rename(from: &Path, to: &Path) -> Result<(), LoadError> {
    fs::rename(from, to).map_err(|e| LoadError::io("rename", from, e))
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> Result<(), LoadError> {
    std::os::unix::fs::symlink(target, link).map_err(|e| LoadError::io("symlink", link, e))
}

#[cfg(not(unix))]
fn symlink(target: &Path, link: &Path) -> Result<(), LoadError> {
    std::os::windows::fs::symlink_dir(target, link).map_err(|e| LoadError::io("symlink", link, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ofsted_model::rows::RejectRow;
    use ofsted_model::vocab::{RejectReason, RejectStage};

    fn tables(msg: &str) -> Vec<TableData> {
        vec![TableData::from_rows(&[RejectRow {
            source_path: "a".into(),
            sha256: None,
            stage: RejectStage::Extract,
            reason: RejectReason::EmptyFile,
            message: msg.into(),
        }])]
    }

    #[test]
    fn publish_switches_links_and_keeps_previous() {
        let dir = tempfile::tempdir().unwrap();
        let opts = LoadOptions::default();
        let a = publish(&tables("one"), dir.path(), &opts).unwrap();
        assert!(!a.unchanged);
        let csv1 = fs::read_to_string(dir.path().join("csv/rejects.csv")).unwrap();
        assert!(csv1.contains("one"));
        let again = publish(&tables("one"), dir.path(), &opts).unwrap();
        assert!(again.unchanged);
        assert_eq!(again.generation, a.generation);
        let b = publish(&tables("two"), dir.path(), &opts).unwrap();
        assert_ne!(b.generation, a.generation);
        assert!(
            fs::read_to_string(dir.path().join("csv/rejects.csv"))
                .unwrap()
                .contains("two")
        );
        // previous generation kept for readers still holding it
        assert!(
            dir.path()
                .join(GENERATIONS_DIR)
                .join(&a.generation)
                .is_dir()
        );
        let c = publish(&tables("three"), dir.path(), &opts).unwrap();
        assert!(
            !dir.path()
                .join(GENERATIONS_DIR)
                .join(&a.generation)
                .exists()
        );
        assert!(
            dir.path()
                .join(GENERATIONS_DIR)
                .join(&b.generation)
                .is_dir()
        );
        assert_eq!(
            current_generation(dir.path()).as_deref(),
            Some(c.generation.as_str())
        );
    }

    #[test]
    fn replaces_a_real_directory_once() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("parquet")).unwrap();
        fs::write(dir.path().join("parquet/old.parquet"), b"x").unwrap();
        publish(&tables("one"), dir.path(), &LoadOptions::default()).unwrap();
        assert!(
            fs::symlink_metadata(dir.path().join("parquet"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn leftovers_are_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        let gens = dir.path().join(GENERATIONS_DIR);
        fs::create_dir_all(gens.join(".tmp-abc-1/parquet")).unwrap();
        fs::write(dir.path().join("manifest.json.9.partial"), b"{").unwrap();
        assert_eq!(clean_leftovers(dir.path()).unwrap(), 2);
    }

    #[test]
    fn atomic_file_write() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("runs/x.json");
        write_file_atomic(&p, b"{}").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"{}");
    }
}
