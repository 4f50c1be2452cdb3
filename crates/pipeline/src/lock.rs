//! One run at a time per output directory.
//!
//! The lock is an OS advisory lock (`flock`) on `output/.lock`, which the kernel releases
//! when the holding process dies, however it dies: a lock file left by a killed run is
//! therefore never an obstacle. The file's content names the holder (pid, host, start time)
//! so that a second run can say who is running, and so that a run taking over after a kill
//! can say so.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Errors taking the lock.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another live run holds it.
    #[error("another run is using {path}: {holder}")]
    Held {
        /// The lock file.
        path: PathBuf,
        /// What the holder wrote about itself.
        holder: String,
    },
    /// The lock file could not be opened or written.
    #[error("lock file {path}: {source}")]
    Io {
        /// The lock file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// A held run lock; released on drop.
#[derive(Debug)]
pub struct RunLock {
    file: File,
    /// What the previous holder had written, when the lock was taken over from a run that
    /// died without releasing it (its file still named it).
    pub stale_holder: Option<String>,
}

impl RunLock {
    /// Takes the lock on `dir/.lock`, or fails at once naming the holder.
    pub fn acquire(dir: &Path, who: &str) -> Result<RunLock, LockError> {
        let path = dir.join(".lock");
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                return Err(LockError::Held {
                    path: path.clone(),
                    holder: if holder.is_empty() {
                        "holder unknown".into()
                    } else {
                        holder.to_owned()
                    },
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        let mut previous = String::new();
        let _ = file.read_to_string(&mut previous);
        let stale_holder = Some(previous.trim().to_owned()).filter(|s| !s.is_empty());
        file.set_len(0).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(who.as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)?;
        Ok(RunLock { file, stale_holder })
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        // Empty content marks a clean release; the OS lock goes with the handle.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_fails_naming_holder_then_succeeds_after_release() {
        let d = tempfile::tempdir().unwrap();
        let a = RunLock::acquire(d.path(), "pid 1 on host").unwrap();
        assert!(a.stale_holder.is_none());
        match RunLock::acquire(d.path(), "pid 2") {
            Err(LockError::Held { holder, .. }) => assert_eq!(holder, "pid 1 on host"),
            other => panic!("expected Held, got {other:?}"),
        }
        drop(a);
        let b = RunLock::acquire(d.path(), "pid 3").unwrap();
        assert!(
            b.stale_holder.is_none(),
            "clean release leaves no stale holder"
        );
    }

    #[test]
    fn leftover_file_content_is_reported_as_stale() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join(".lock"), "pid 99 (killed)").unwrap();
        let l = RunLock::acquire(d.path(), "pid 4").unwrap();
        assert_eq!(l.stale_holder.as_deref(), Some("pid 99 (killed)"));
    }
}
