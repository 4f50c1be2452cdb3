//! The ledger on disk: loaded at the start, written atomically (temporary file, fsync,
//! rename, fsync of the folder) after every change worth keeping.

use crate::SyncError;
use ofsted_model::ledger::{LEDGER_FILE, LEDGER_VERSION, Ledger};
use std::io::Write;
use std::path::Path;

fn io(path: &Path, source: std::io::Error) -> SyncError {
    SyncError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads the ledger of `state_dir`, or a new one when there is none.
pub fn load(state_dir: &Path, base_url: &str) -> Result<Ledger, SyncError> {
    let path = state_dir.join(LEDGER_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ledger::new(base_url)),
        Err(e) => return Err(io(&path, e)),
    };
    let ledger: Ledger = serde_json::from_str(&text).map_err(|e| SyncError::Ledger {
        path: path.clone(),
        message: e.to_string(),
    })?;
    if ledger.version != LEDGER_VERSION {
        return Err(SyncError::Ledger {
            path,
            message: format!("ledger version {} is not {LEDGER_VERSION}", ledger.version),
        });
    }
    Ok(ledger)
}

/// Writes the ledger atomically.
pub fn save(state_dir: &Path, ledger: &Ledger) -> Result<(), SyncError> {
    let path = state_dir.join(LEDGER_FILE);
    let tmp = state_dir.join(format!("{LEDGER_FILE}.tmp"));
    let json = serde_json::to_vec(ledger).map_err(|e| SyncError::Ledger {
        path: path.clone(),
        message: e.to_string(),
    })?;
    let mut f = std::fs::File::create(&tmp).map_err(|e| io(&tmp, e))?;
    f.write_all(&json).map_err(|e| io(&tmp, e))?;
    f.sync_all().map_err(|e| io(&tmp, e))?;
    drop(f);
    std::fs::rename(&tmp, &path).map_err(|e| io(&path, e))?;
    sync_dir(state_dir);
    Ok(())
}

/// Makes a rename durable (best effort: not every platform can open a folder).
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Removes temporary files an interrupted sync left in the state folder; returns how many.
pub fn clean_leftovers(state_dir: &Path) -> Result<usize, SyncError> {
    let mut n = 0;
    let entries = std::fs::read_dir(state_dir).map_err(|e| io(state_dir, e))?;
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".part") || name.ends_with(".tmp") {
            std::fs::remove_file(&p).map_err(|err| io(&p, err))?;
            n += 1;
        }
    }
    Ok(n)
}
