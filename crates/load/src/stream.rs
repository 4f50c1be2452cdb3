//! Writing a generation in bounded memory: large tables arrive in sorted chunks and go
//! straight to their files (Parquet, CSV, dataset parts) in a staging folder, while small
//! tables are rendered whole as [`crate::publish::publish`] does. The files, and so the
//! generation, are byte for byte those `publish` writes for the same rows.
//!
//! Parquet bytes depend on how rows are handed to the writer: the column writers cut data
//! pages after each mini-batch of `write_batch_size` (1,024) rows of one `write` call. A
//! [`TableSink`] therefore hands rows over in the batches [`RowBatch::is_full`] cuts (a
//! dataset part starts a fresh batch), as writing the whole table does: the same pages.

use crate::publish::{PART_ROWS, Staged, install, render_table};
use crate::spill::SpillFolder;
use crate::{LoadError, LoadOptions, csv_out, page, parquet_out, publish::Published};
use crate::{arrow_rows::RowBatch, publish::WrittenFile, xlsx_out};
use ofsted_model::schema::{TableData, TableSchema, Value};
use parquet::arrow::ArrowWriter;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file being written, hashed and counted on the way.
struct HashFile {
    out: BufWriter<File>,
    hasher: Sha256,
    bytes: u64,
    path: PathBuf,
}

impl HashFile {
    fn create(path: &Path) -> Result<Self, LoadError> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| LoadError::io("create dir", parent, e))?;
        }
        let f = File::create(path).map_err(|e| LoadError::io("create", path, e))?;
        Ok(HashFile {
            out: BufWriter::new(f),
            hasher: Sha256::new(),
            bytes: 0,
            path: path.to_path_buf(),
        })
    }

    /// Flushes and fsyncs; returns the size and SHA-256.
    fn finish(self) -> Result<(u64, String), LoadError> {
        let path = self.path;
        let f = self
            .out
            .into_inner()
            .map_err(|e| LoadError::io("flush", &path, e.into_error()))?;
        f.sync_all().map_err(|e| LoadError::io("fsync", &path, e))?;
        let sha: String = self
            .hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok((self.bytes, sha))
    }
}

impl Write for HashFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        if let Some(done) = buf.get(..n) {
            self.hasher.update(done);
        }
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

fn entry(
    table: &str,
    format: &'static str,
    rel: String,
    (bytes, sha256): (u64, String),
) -> WrittenFile {
    WrittenFile {
        table: table.to_owned(),
        format,
        path: rel,
        bytes,
        sha256,
    }
}

/// One Parquet file written in batches cut by [`RowBatch::is_full`], each gathered straight into
/// Arrow columns ([`RowBatch`]).
struct ParquetFile {
    schema: TableSchema,
    writer: ArrowWriter<HashFile>,
    batch: RowBatch,
    rows: usize,
    wrote: bool,
    rel: String,
    format: &'static str,
}

impl ParquetFile {
    fn create(
        dir: &Path,
        rel: String,
        schema: TableSchema,
        format: &'static str,
        spill: &Spill,
    ) -> Result<Self, LoadError> {
        let file = HashFile::create(&dir.join(&rel))?;
        let (level, pages) = (spill.level, Some(spill.pages.clone() as _));
        let writer = parquet_out::arrow_writer_with(file, &schema, level, Path::new(&rel), pages)?;
        Ok(ParquetFile {
            schema,
            writer,
            batch: RowBatch::new(schema),
            rows: 0,
            wrote: false,
            rel,
            format,
        })
    }

    fn push(&mut self, row: &[Value]) -> Result<(), LoadError> {
        self.batch.push(row, self.rows)?;
        self.rows += 1;
        if self.batch.is_full() {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), LoadError> {
        let batch = self.batch.finish()?;
        parquet_out::write_bounded(&mut self.writer, &batch)
            .map_err(|e| parquet_out::parquet_error(self.schema.name, Path::new(&self.rel), e))?;
        self.wrote = true;
        Ok(())
    }

    fn finish(mut self) -> Result<WrittenFile, LoadError> {
        if !self.batch.is_empty() || !self.wrote {
            self.flush()?;
        }
        let (name, rel) = (self.schema.name, self.rel);
        let file = self
            .writer
            .into_inner()
            .map_err(|e| parquet_out::parquet_error(name, Path::new(&rel), e))?;
        Ok(entry(name, self.format, rel, file.finish()?))
    }
}

/// One CSV file, row by row.
struct CsvFile {
    writer: csv::Writer<HashFile>,
    guard: bool,
    name: &'static str,
    rel: String,
}

impl CsvFile {
    fn create(dir: &Path, schema: &TableSchema, opts: &LoadOptions) -> Result<Self, LoadError> {
        let rel = format!("csv/{}.csv", schema.name);
        let mut file = HashFile::create(&dir.join(&rel))?;
        if opts.csv_bom {
            file.write_all(csv_out::BOM)
                .map_err(|e| LoadError::io("write", dir.join(&rel), e))?;
        }
        let writer = csv_out::header(file, schema, Path::new(&rel))?;
        Ok(CsvFile {
            writer,
            guard: opts.csv_formula_guard,
            name: schema.name,
            rel,
        })
    }

    fn push(&mut self, row: &[Value]) -> Result<(), LoadError> {
        csv_out::record(
            &mut self.writer,
            row,
            self.guard,
            self.name,
            Path::new(&self.rel),
        )
    }

    fn finish(self) -> Result<WrittenFile, LoadError> {
        let file = csv_out::finish(self.writer, self.name, Path::new(&self.rel))?;
        Ok(entry(self.name, "csv", self.rel, file.finish()?))
    }
}

/// One table in the dataset layout: parts of [`PART_ROWS`] rows, then `_SUCCESS`.
struct DatasetParts {
    dir: PathBuf,
    schema: TableSchema,
    spill: Spill,
    part: ParquetFile,
    index: usize,
    in_part: usize,
    done: Vec<WrittenFile>,
}

impl DatasetParts {
    fn part(
        dir: &Path,
        schema: TableSchema,
        i: usize,
        spill: &Spill,
    ) -> Result<ParquetFile, LoadError> {
        let rel = format!("dataset/{}/part-{i:05}.parquet", schema.name);
        ParquetFile::create(dir, rel, schema, "dataset", spill)
    }

    fn create(dir: &Path, schema: TableSchema, spill: &Spill) -> Result<Self, LoadError> {
        Ok(DatasetParts {
            dir: dir.to_path_buf(),
            schema,
            spill: spill.clone(),
            part: Self::part(dir, schema, 0, spill)?,
            index: 0,
            in_part: 0,
            done: Vec::new(),
        })
    }

    fn push(&mut self, row: &[Value]) -> Result<(), LoadError> {
        if self.in_part == PART_ROWS {
            self.index += 1;
            let next = Self::part(&self.dir, self.schema, self.index, &self.spill)?;
            let full = std::mem::replace(&mut self.part, next);
            self.done.push(full.finish()?);
            self.in_part = 0;
        }
        self.in_part += 1;
        self.part.push(row)
    }

    fn finish(mut self) -> Result<Vec<WrittenFile>, LoadError> {
        self.done.push(self.part.finish()?);
        let rel = format!("dataset/{}/_SUCCESS", self.schema.name);
        let marker = HashFile::create(&self.dir.join(&rel))?;
        self.done
            .push(entry(self.schema.name, "dataset", rel, marker.finish()?));
        Ok(self.done)
    }
}

/// One large table being written to every enabled file format at once. Rows must come
/// in the table's sorted order, without duplicates (see [`TableData::sort`]).
pub struct TableSink {
    schema: TableSchema,
    parquet: Option<ParquetFile>,
    csv: Option<CsvFile>,
    dataset: Option<DatasetParts>,
    rows: usize,
}

impl TableSink {
    /// The table's schema.
    pub fn schema(&self) -> TableSchema {
        self.schema
    }

    /// Appends rows (already in order). The formats are written side by side.
    pub fn push(&mut self, rows: Vec<Vec<Value>>) -> Result<(), LoadError> {
        self.rows += rows.len();
        let rows = &rows;
        let (csv, (parquet, dataset)) = rayon::join(
            || each(&mut self.csv, rows, CsvFile::push),
            || {
                rayon::join(
                    || each(&mut self.parquet, rows, ParquetFile::push),
                    || each(&mut self.dataset, rows, DatasetParts::push),
                )
            },
        );
        csv.and(parquet).and(dataset)
    }

    /// Closes the files (side by side); returns them in `publish`'s order and the number
    /// of rows.
    fn finish(self) -> Result<(Vec<WrittenFile>, usize), LoadError> {
        let Self {
            parquet,
            csv,
            dataset,
            rows,
            ..
        } = self;
        let (parquet, (csv, dataset)) = rayon::join(
            || parquet.map(ParquetFile::finish).transpose(),
            || {
                rayon::join(
                    || csv.map(CsvFile::finish).transpose(),
                    || dataset.map(DatasetParts::finish).transpose(),
                )
            },
        );
        let mut files: Vec<WrittenFile> = [parquet?, csv?].into_iter().flatten().collect();
        files.extend(dataset?.unwrap_or_default());
        Ok((files, rows))
    }
}

/// Pushes every row to `writer` when there is one.
fn each<W>(
    writer: &mut Option<W>,
    rows: &[Vec<Value>],
    push: fn(&mut W, &[Value]) -> Result<(), LoadError>,
) -> Result<(), LoadError> {
    match writer {
        Some(w) => rows.iter().try_for_each(|r| push(w, r)),
        None => Ok(()),
    }
}

/// How a sink's Parquet files are written: the compression level and the spill folder
/// of their open row groups.
#[derive(Clone)]
struct Spill {
    level: i32,
    pages: Arc<SpillFolder>,
}

/// Creates `dir` empty (removing what a killed run of the same process id left there).
fn fresh_dir(dir: &Path) -> Result<(), LoadError> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| LoadError::io("remove dir", dir, e))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| LoadError::io("create dir", dir, e))
}

/// A generation being written into a staging folder.
pub struct Staging {
    out_dir: PathBuf,
    tmp: PathBuf,
    opts: LoadOptions,
    streamed: HashMap<&'static str, (Vec<WrittenFile>, usize)>,
    /// The spill folder (beside the staging folder, so never part of the generation).
    spill_dir: PathBuf,
    spill: Spill,
}

impl Staging {
    /// Starts a staging folder under `out_dir/.generations` (the caller holds the lock).
    pub fn start(out_dir: &Path, opts: &LoadOptions) -> Result<Self, LoadError> {
        let tmp = out_dir
            .join(crate::publish::GENERATIONS_DIR)
            .join(format!(".tmp-stream-{}", std::process::id()));
        fresh_dir(&tmp)?;
        let spill_dir = out_dir
            .join(crate::publish::GENERATIONS_DIR)
            .join(format!(".tmp-spill-{}", std::process::id()));
        fresh_dir(&spill_dir)?;
        Ok(Staging {
            out_dir: out_dir.to_path_buf(),
            tmp,
            opts: opts.clone(),
            streamed: HashMap::new(),
            spill: Spill {
                level: opts.zstd_level,
                pages: Arc::new(SpillFolder::new(&spill_dir)),
            },
            spill_dir,
        })
    }

    /// A sink for the large table `schema`, writing every enabled file format.
    pub fn sink(&self, schema: TableSchema) -> Result<TableSink, LoadError> {
        let f = self.opts.formats;
        let rel = format!("parquet/{}.parquet", schema.name);
        let spill = &self.spill;
        Ok(TableSink {
            schema,
            parquet: f
                .parquet
                .then(|| ParquetFile::create(&self.tmp, rel, schema, "parquet", spill))
                .transpose()?,
            csv: f
                .csv
                .then(|| CsvFile::create(&self.tmp, &schema, &self.opts))
                .transpose()?,
            dataset: f
                .dataset
                .then(|| DatasetParts::create(&self.tmp, schema, spill))
                .transpose()?,
            rows: 0,
        })
    }

    /// Closes every sink (side by side); their files take their tables' places in the
    /// generation.
    pub fn close_all(&mut self, sinks: Vec<TableSink>) -> Result<(), LoadError> {
        let closed: Vec<(&'static str, Vec<WrittenFile>, usize)> = sinks
            .into_par_iter()
            .map(|sink| {
                let name = sink.schema.name;
                sink.finish().map(|(files, rows)| (name, files, rows))
            })
            .collect::<Result<_, LoadError>>()?;
        for (name, files, rows) in closed {
            self.streamed.insert(name, (files, rows));
        }
        // every spilled page was written out when its file closed
        std::fs::remove_dir_all(&self.spill_dir)
            .map_err(|e| LoadError::io("remove dir", &self.spill_dir, e))
    }

    /// Writes the other tables, the workbook and the page, and publishes the generation.
    /// `tables` lists every table in output order; a streamed table's entry supplies only
    /// the rows the workbook and the page show (its files come from its sink), and the
    /// page counts the rows its sink wrote.
    pub fn publish(mut self, tables: &[TableData]) -> Result<Published, LoadError> {
        let streamed: Vec<Option<(Vec<WrittenFile>, usize)>> = tables
            .iter()
            .map(|t| self.streamed.remove(t.schema.name))
            .collect();
        let counts: Vec<(&'static str, usize)> = tables
            .iter()
            .zip(&streamed)
            .map(|(t, s)| (t.schema.name, s.as_ref().map_or(t.rows.len(), |s| s.1)))
            .collect();
        // the tables, the workbook and the page are independent files: written side by side
        let (written, derived) = rayon::join(
            || self.write_tables(tables, streamed),
            || self.write_derived(tables, &counts),
        );
        let mut files: Vec<WrittenFile> = written?.into_iter().flatten().collect();
        let mut derived = derived?;
        if self.opts.formats.dataset {
            let (f, bytes) = crate::publish::dataset_index(&files);
            write_staged(&self.tmp, &f, &bytes)?;
            derived.insert(0, f);
        }
        files.extend(derived);
        install(&self.out_dir, &self.opts, files, Staged::OnDisk(self.tmp))
    }

    /// Renders and stages each table that has no sink, in parallel; a streamed table's
    /// files come from its sink. One entry per table, in order.
    fn write_tables(
        &self,
        tables: &[TableData],
        streamed: Vec<Option<(Vec<WrittenFile>, usize)>>,
    ) -> Result<Vec<Vec<WrittenFile>>, LoadError> {
        tables
            .par_iter()
            .zip(streamed)
            .map(|(t, s)| match s {
                Some((files, _)) => Ok(files),
                None => render_table(t, &self.opts)?
                    .into_iter()
                    .map(|(f, bytes)| write_staged(&self.tmp, &f, &bytes).map(|()| f))
                    .collect(),
            })
            .collect()
    }

    /// Stages the workbook and the page (when enabled), made from every table.
    fn write_derived(
        &self,
        tables: &[TableData],
        counts: &[(&'static str, usize)],
    ) -> Result<Vec<WrittenFile>, LoadError> {
        let (workbook, page) = rayon::join(
            || {
                self.opts
                    .formats
                    .xlsx
                    .then(|| -> Result<_, LoadError> {
                        let bytes = xlsx_out::write_xlsx(tables)?;
                        let rel = xlsx_out::WORKBOOK_PATH.to_owned();
                        let f = crate::publish::file_entry("workbook", "xlsx", rel, &bytes);
                        write_staged(&self.tmp, &f, &bytes)?;
                        Ok(f)
                    })
                    .transpose()
            },
            || {
                self.opts
                    .page
                    .as_ref()
                    .map(|p| -> Result<_, LoadError> {
                        let bytes = page::render_counted(tables, Some(counts), p).into_bytes();
                        let rel = page::PAGE_PATH.to_owned();
                        let f = crate::publish::file_entry("report", "html", rel, &bytes);
                        write_staged(&self.tmp, &f, &bytes)?;
                        Ok(f)
                    })
                    .transpose()
            },
        );
        Ok([workbook?, page?].into_iter().flatten().collect())
    }
}

/// A new generation made from the published `generation`: the files of table `replaced`
/// written again from `tables`, and the files derived from all tables (dataset index,
/// workbook, page with the rows per table `counts`); every other file hard-linked (or
/// copied) from `generation`. `tables` lists every table in output order with the rows the
/// workbook and page show.
pub fn relink(
    out_dir: &Path,
    generation: &str,
    tables: &[TableData],
    counts: &[(&'static str, usize)],
    replaced: &str,
    opts: &LoadOptions,
) -> Result<Published, LoadError> {
    let gens = out_dir.join(crate::publish::GENERATIONS_DIR);
    let old = gens.join(generation);
    let marker = old.join(crate::publish::COMPLETE_MARKER);
    let listing =
        std::fs::read_to_string(&marker).map_err(|e| LoadError::io("read", &marker, e))?;
    let tmp = gens.join(format!(".tmp-relink-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| LoadError::io("remove dir", &tmp, e))?;
    }
    let mut new_table = match tables.iter().find(|t| t.schema.name == replaced) {
        Some(t) => Some(render_table(t, opts)?),
        None => None,
    };
    let derived = [
        "dataset/_manifest.json",
        xlsx_out::WORKBOOK_PATH,
        page::PAGE_PATH,
    ];
    let mut files = Vec::new();
    for line in listing.lines() {
        let Some((path, sha)) = line.rsplit_once(' ') else {
            continue;
        };
        if derived.contains(&path) {
            continue;
        }
        if table_of(path) == replaced {
            for (f, bytes) in new_table.take().into_iter().flatten() {
                write_staged(&tmp, &f, &bytes)?;
                files.push(f);
            }
            continue;
        }
        files.push(link_file(&old, &tmp, path, sha)?);
    }
    let mut extra = Vec::new();
    if opts.formats.dataset {
        extra.push(crate::publish::dataset_index(&files));
    }
    if opts.formats.xlsx {
        let bytes = xlsx_out::write_xlsx(tables)?;
        let rel = xlsx_out::WORKBOOK_PATH.to_owned();
        extra.push((
            crate::publish::file_entry("workbook", "xlsx", rel, &bytes),
            bytes,
        ));
    }
    if let Some(p) = &opts.page {
        let bytes = page::render_counted(tables, Some(counts), p).into_bytes();
        let rel = page::PAGE_PATH.to_owned();
        extra.push((
            crate::publish::file_entry("report", "html", rel, &bytes),
            bytes,
        ));
    }
    for (f, bytes) in extra {
        write_staged(&tmp, &f, &bytes)?;
        files.push(f);
    }
    install(out_dir, opts, files, Staged::OnDisk(tmp))
}

/// The table a generation's file belongs to (`parquet/x.parquet`, `csv/x.csv`,
/// `dataset/x/part-00000.parquet` belong to `x`).
fn table_of(path: &str) -> &str {
    let mut parts = path.split('/');
    match (parts.next(), parts.next()) {
        (Some("dataset"), Some(t)) if parts.next().is_some() => t,
        (Some("parquet" | "csv"), Some(file)) => file.split('.').next().unwrap_or(file),
        _ => "",
    }
}

/// Hard-links (or, across file systems, copies) one file of the old generation.
fn link_file(old: &Path, tmp: &Path, path: &str, sha: &str) -> Result<WrittenFile, LoadError> {
    let (from, to) = (old.join(path), tmp.join(path));
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| LoadError::io("create dir", parent, e))?;
    }
    if std::fs::hard_link(&from, &to).is_err() {
        std::fs::copy(&from, &to).map_err(|e| LoadError::io("copy", &from, e))?;
    }
    let bytes = std::fs::metadata(&to)
        .map_err(|e| LoadError::io("stat", &to, e))?
        .len();
    let format = match path.split('/').next() {
        Some("parquet") => "parquet",
        Some("csv") => "csv",
        Some("dataset") => "dataset",
        Some("xlsx") => "xlsx",
        _ => "html",
    };
    Ok(WrittenFile {
        table: table_of(path).to_owned(),
        format,
        path: path.to_owned(),
        bytes,
        sha256: sha.to_owned(),
    })
}

fn write_staged(tmp: &Path, f: &WrittenFile, bytes: &[u8]) -> Result<(), LoadError> {
    let mut file = HashFile::create(&tmp.join(&f.path))?;
    file.write_all(bytes)
        .map_err(|e| LoadError::io("write", tmp.join(&f.path), e))?;
    file.finish().map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Formats;
    use ofsted_model::rows::ParagraphRow;
    use ofsted_model::schema::Row;
    use ofsted_model::vocab::ParagraphKind;

    fn paragraphs(n: usize) -> TableData {
        let rows: Vec<ParagraphRow> = (0..n)
            .map(|i| ParagraphRow {
                doc_id: format!("d{:03}", i / 700),
                seq: i32::try_from(i).unwrap_or(0),
                number: (i % 3 == 0).then(|| format!("{i}")),
                kind: ParagraphKind::Paragraph,
                section: Some(format!("section {}", i % 17)),
                area: None,
                n_words: 5,
                text: format!(
                    "Paragraph {i}: {}",
                    "words of a long paragraph ".repeat(i % 90)
                ),
                char_start: i as i64 * 10,
                char_end: i as i64 * 10 + 9,
            })
            .collect();
        TableData::from_rows(&rows)
    }

    fn opts(dataset: bool) -> LoadOptions {
        LoadOptions {
            formats: Formats {
                parquet: true,
                csv: true,
                xlsx: true,
                dataset,
            },
            ..LoadOptions::default()
        }
    }

    /// Streams `t` in uneven chunks as its only large table; returns the published files.
    fn streamed(t: &TableData, dir: &Path, o: &LoadOptions) -> Published {
        let mut st = Staging::start(dir, o).unwrap();
        let mut sink = st.sink(t.schema).unwrap();
        for chunk in t.rows.chunks(333) {
            sink.push(chunk.to_vec()).unwrap();
        }
        st.close_all(vec![sink]).unwrap();
        st.publish(std::slice::from_ref(t)).unwrap()
    }

    #[test]
    fn streamed_files_are_the_bytes_publish_writes() {
        for dataset in [false, true] {
            let t = paragraphs(3000);
            let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
            let whole = crate::publish::publish(std::slice::from_ref(&t), a.path(), &opts(dataset));
            let chunked = streamed(&t, b.path(), &opts(dataset));
            assert_eq!(whole.unwrap().files, chunked.files);
        }
        assert_eq!(ParagraphRow::SCHEMA.name, "paragraphs");
    }

    #[test]
    fn long_texts_stream_like_publish() {
        // whole documents: batches are cut by bytes of text, not by 1,024 rows
        let mut t = paragraphs(60);
        for (i, r) in t.rows.iter_mut().enumerate() {
            r[ParagraphRow::SCHEMA.index_of("text").unwrap()] =
                Value::Str(format!("{i} {}", "a long document ".repeat(20_000)));
        }
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let whole = crate::publish::publish(std::slice::from_ref(&t), a.path(), &opts(true));
        assert_eq!(
            whole.unwrap().files,
            streamed(&t, b.path(), &opts(true)).files
        );
    }

    #[test]
    fn empty_table_streams_like_publish() {
        let t = paragraphs(0);
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let whole = crate::publish::publish(std::slice::from_ref(&t), a.path(), &opts(true));
        assert_eq!(
            whole.unwrap().files,
            streamed(&t, b.path(), &opts(true)).files
        );
    }
}
