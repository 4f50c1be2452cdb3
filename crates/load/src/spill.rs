//! Where a streamed Parquet file keeps the pages of its open row group: in a file on
//! disk, not on the heap.
//!
//! Parquet needs each column of a row group stored contiguously, while rows arrive with
//! all columns interleaved, so the writer holds every encoded page of the open row group
//! until it closes. On the heap that is up to [`crate::parquet_out::ROW_GROUP_BYTES`] per
//! large table, held while every other buffer of the run comes and goes around it. A
//! [`SpillPages`] store appends each page to a file of its own in a spill folder and
//! reads it back when the row group is written out; the file is removed when the column
//! chunk is done. The Parquet bytes are the same as with the in-memory store: where pages
//! wait does not change what is written.

use bytes::Bytes;
use parquet::arrow::arrow_writer::{PageKey, PageStore, PageStoreArgs, PageStoreFactory};
use parquet::errors::{ParquetError, Result};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Makes one [`SpillPages`] file per column chunk in a folder (the caller creates it and
/// removes it when the files are written).
#[derive(Debug)]
pub struct SpillFolder {
    dir: PathBuf,
    next: AtomicU64,
}

impl SpillFolder {
    /// Spill files go into `dir`, which must exist.
    pub fn new(dir: &Path) -> Self {
        SpillFolder {
            dir: dir.to_path_buf(),
            next: AtomicU64::new(0),
        }
    }
}

impl PageStoreFactory for SpillFolder {
    fn create(&self, _args: &PageStoreArgs<'_>) -> Result<Box<dyn PageStore>> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let path = self.dir.join(format!("{n:06}.pages"));
        Ok(Box::new(SpillPages::create(path)?))
    }
}

/// The pages of one column chunk, appended to one file; removed when dropped.
#[derive(Debug)]
pub struct SpillPages {
    file: File,
    path: PathBuf,
    /// Bytes written so far: where the next page goes.
    end: u64,
    /// Offset and length of each page, by key.
    at: Vec<(u64, usize)>,
}

impl SpillPages {
    /// A store in a new file at `path` (an error if it exists).
    pub fn create(path: PathBuf) -> Result<Self> {
        let file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| io_error("create", &path, e))?;
        Ok(SpillPages {
            file,
            path,
            end: 0,
            at: Vec::new(),
        })
    }
}

impl PageStore for SpillPages {
    fn put(&mut self, value: Bytes) -> Result<PageKey> {
        self.file
            .seek(SeekFrom::Start(self.end))
            .and_then(|_| self.file.write_all(&value))
            .map_err(|e| io_error("write", &self.path, e))?;
        self.at.push((self.end, value.len()));
        self.end += value.len() as u64;
        Ok(PageKey::new(self.at.len() as u64 - 1))
    }

    fn take(&mut self, key: PageKey) -> Result<Bytes> {
        let &(offset, len) = usize::try_from(key.get())
            .ok()
            .and_then(|k| self.at.get(k))
            .ok_or_else(|| ParquetError::General(format!("no spilled page {}", key.get())))?;
        let mut buf = vec![0; len];
        self.file
            .seek(SeekFrom::Start(offset))
            .and_then(|_| self.file.read_exact(&mut buf))
            .map_err(|e| io_error("read", &self.path, e))?;
        Ok(Bytes::from(buf))
    }
}

impl Drop for SpillPages {
    fn drop(&mut self) {
        // the folder is removed with whatever is left in it; nothing to report here
        let _ = std::fs::remove_file(&self.path);
    }
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> ParquetError {
    ParquetError::General(format!("cannot {what} spill file {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parquet_out::{arrow_writer_with, write_parquet};
    use ofsted_model::rows::ParagraphRow;
    use ofsted_model::schema::{TableData, Value};
    use ofsted_model::vocab::ParagraphKind;
    use std::sync::Arc;

    #[test]
    fn pages_come_back_in_any_order_and_files_go() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SpillPages::create(dir.path().join("x.pages")).unwrap();
        assert!(SpillPages::create(dir.path().join("x.pages")).is_err());
        let a = store.put(Bytes::from_static(b"first page")).unwrap();
        let b = store.put(Bytes::from_static(b"second")).unwrap();
        assert_eq!(&store.take(b).unwrap()[..], b"second");
        let c = store.put(Bytes::from_static(b"third")).unwrap();
        assert_eq!(&store.take(a).unwrap()[..], b"first page");
        assert_eq!(&store.take(c).unwrap()[..], b"third");
        assert!(store.take(PageKey::new(9)).is_err());
        drop(store);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn spilled_row_groups_are_the_same_bytes() {
        let rows: Vec<ParagraphRow> = (0..5000)
            .map(|i| ParagraphRow {
                doc_id: format!("d{:04}", i / 40),
                seq: i,
                number: None,
                kind: ParagraphKind::Paragraph,
                section: None,
                area: None,
                text: format!("{i} {}", "text of a paragraph ".repeat((i % 200) as usize)),
                n_words: 4,
                char_start: 0,
                char_end: 1,
            })
            .collect();
        let t = TableData::from_rows(&rows);
        let in_memory = write_parquet(&t, Vec::new(), 3, Path::new("mem")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let spill = Arc::new(SpillFolder::new(dir.path()));
        let mut w =
            arrow_writer_with(Vec::new(), &t.schema, 3, Path::new("mem"), Some(spill)).unwrap();
        let mut batch = crate::arrow_rows::RowBatch::new(t.schema);
        for (i, r) in t.rows.iter().enumerate() {
            batch.push(r, i).unwrap();
            if batch.is_full() {
                crate::parquet_out::write_bounded(&mut w, &batch.finish().unwrap()).unwrap();
            }
        }
        crate::parquet_out::write_bounded(&mut w, &batch.finish().unwrap()).unwrap();
        assert_eq!(w.into_inner().unwrap(), in_memory);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        assert!(matches!(t.rows[0][0], Value::Str(_)));
    }
}
