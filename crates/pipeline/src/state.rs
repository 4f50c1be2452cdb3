//! The state store behind incremental runs, in `output/.state/`.
//!
//! - `results/<key>/<sha[0..2]>/<sha>.json`: the [`Outcome`] of each distinct input
//!   content, where `<key>` combines the pipeline version and the hash of the options that
//!   change results. A new version or a changed option means a new key, so nothing cached
//!   under the old one is used: everything is re-processed.
//! - `index.json`: for each input path, its size, modification time and SHA-256 as last
//!   seen, so unchanged files are not even read again.
//!
//! Every file is written atomically (temporary file, fsync, rename): a run killed at any
//! moment leaves only complete entries, which the next run reuses. Entries that no input
//! uses any more are removed after a successful publish.

use crate::process::Outcome;
use ofsted_load::publish::write_file_atomic;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Errors of the state store.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// Writing an entry failed.
    #[error("state store: {0}")]
    Write(#[from] ofsted_load::LoadError),
    /// Reading or removing failed.
    #[error("state store {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// What the index remembers of one input path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexEntry {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch (0 if unknown).
    pub mtime_ns: i128,
    /// SHA-256 of the content.
    pub sha256: String,
}

/// The state store of one output directory.
#[derive(Debug, Clone)]
pub struct State {
    root: PathBuf,
    key: String,
    index: BTreeMap<String, IndexEntry>,
}

impl State {
    /// Opens (or starts) the store under `out_dir/.state` for results of `key`.
    /// A missing or unreadable index is treated as empty (everything gets hashed again).
    pub fn open(out_dir: &Path, key: &str) -> State {
        let root = out_dir.join(".state");
        let index = std::fs::read(root.join("index.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        State {
            root,
            key: key.to_owned(),
            index,
        }
    }

    /// The SHA-256 recorded for `rel_path` if its size and mtime are unchanged.
    pub fn known_sha(&self, rel_path: &str, size: u64, mtime_ns: i128) -> Option<&str> {
        self.index
            .get(rel_path)
            .filter(|e| e.size == size && e.mtime_ns == mtime_ns && mtime_ns != 0)
            .map(|e| e.sha256.as_str())
    }

    fn result_path(&self, sha: &str) -> PathBuf {
        let prefix = sha.get(..2).unwrap_or("xx");
        self.root
            .join("results")
            .join(&self.key)
            .join(prefix)
            .join(format!("{sha}.json"))
    }

    /// The cached outcome for content `sha`, if any (an unreadable entry counts as none).
    pub fn cached(&self, sha: &str) -> Option<Outcome> {
        self.cached_as(sha)
    }

    /// The cached outcome for content `sha` read as `T`: a type with fewer fields reads
    /// only those (serde skips the others without building them).
    pub fn cached_as<T: serde::de::DeserializeOwned>(&self, sha: &str) -> Option<T> {
        let bytes = std::fs::read(self.result_path(sha)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Whether a result for content `sha` is stored (without reading it).
    pub fn has(&self, sha: &str) -> bool {
        self.result_path(sha).is_file()
    }

    /// Stores the outcome for content `sha` atomically.
    pub fn store(&self, sha: &str, outcome: &Outcome) -> Result<(), StateError> {
        let json = serde_json::to_vec(outcome).unwrap_or_default();
        write_file_atomic(&self.result_path(sha), &json)?;
        Ok(())
    }

    /// Replaces the index by the inputs of this run and removes cached results of other
    /// keys and of content no input has any more.
    pub fn commit(&mut self, index: BTreeMap<String, IndexEntry>) -> Result<usize, StateError> {
        let json = serde_json::to_vec_pretty(&index).unwrap_or_default();
        write_file_atomic(&self.root.join("index.json"), &json)?;
        let live: BTreeSet<String> = index
            .values()
            .map(|e| format!("{}.json", e.sha256))
            .collect();
        self.index = index;
        let mut removed = 0;
        let results = self.root.join("results");
        let Ok(keys) = std::fs::read_dir(&results) else {
            return Ok(0);
        };
        for k in keys.flatten() {
            let path = k.path();
            if k.file_name().to_string_lossy() != self.key.as_str() {
                std::fs::remove_dir_all(&path).map_err(|source| StateError::Io {
                    path: path.clone(),
                    source,
                })?;
                removed += 1;
                continue;
            }
            for prefix in std::fs::read_dir(&path).into_iter().flatten().flatten() {
                for f in std::fs::read_dir(prefix.path())
                    .into_iter()
                    .flatten()
                    .flatten()
                {
                    let name = f.file_name().to_string_lossy().into_owned();
                    if !live.contains(&name) {
                        let p = f.path();
                        std::fs::remove_file(&p)
                            .map_err(|source| StateError::Io { path: p, source })?;
                        removed += 1;
                    }
                }
            }
        }
        Ok(removed)
    }
}

/// Modification time of a file in nanoseconds since the epoch (0 when unknown).
pub fn mtime_ns(meta: &std::fs::Metadata) -> i128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::Reject;
    use ofsted_model::vocab::{RejectReason, RejectStage};

    fn reject() -> Outcome {
        Outcome::Rejected(Reject {
            stage: RejectStage::Extract,
            reason: RejectReason::EmptyFile,
            message: "empty".into(),
        })
    }

    #[test]
    fn store_and_reuse_under_the_same_key_only() {
        let d = tempfile::tempdir().unwrap();
        let s = State::open(d.path(), "v1-abc");
        s.store("ab12", &reject()).unwrap();
        assert_eq!(s.cached("ab12"), Some(reject()));
        let other = State::open(d.path(), "v2-abc");
        assert_eq!(other.cached("ab12"), None);
    }

    #[test]
    fn commit_removes_dead_entries_and_old_keys() {
        let d = tempfile::tempdir().unwrap();
        State::open(d.path(), "old")
            .store("cc00", &reject())
            .unwrap();
        let mut s = State::open(d.path(), "new");
        s.store("aa11", &reject()).unwrap();
        s.store("bb22", &reject()).unwrap();
        let mut idx = BTreeMap::new();
        idx.insert(
            "a.txt".to_owned(),
            IndexEntry {
                size: 1,
                mtime_ns: 5,
                sha256: "aa11".into(),
            },
        );
        assert_eq!(s.commit(idx).unwrap(), 2);
        assert!(s.cached("aa11").is_some());
        assert!(s.cached("bb22").is_none());
        let reopened = State::open(d.path(), "new");
        assert_eq!(reopened.known_sha("a.txt", 1, 5), Some("aa11"));
        assert_eq!(reopened.known_sha("a.txt", 2, 5), None);
    }
}
