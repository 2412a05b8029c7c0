//! Backups: the whole register as a kpss-register JSON file (what `kpss export` writes
//! and `kpss import` reads back), written whole or not at all, one file per moment in a
//! backup directory, named so that names sort by time (`kpss-2026-12-01T140000Z.json`).
//! The newest N are kept. [`restore`] builds a database from one.

mod error;
mod restore;

use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::store::Store;

pub use error::BackupError;
pub use restore::{Restored, restore};

const PREFIX: &str = "kpss-";
const SUFFIX: &str = ".json";
const STAMP: &str = "%Y-%m-%dT%H%M%SZ";

/// The default backup directory: beside the database directory, named after it
/// (`/var/lib/kpss` → `/var/lib/kpss-backups`), so that restoring a database (which
/// swaps the database directory) leaves the backups where they are.
pub fn default_dir(db_dir: &Path) -> PathBuf {
    sibling(db_dir, "-backups")
}

/// A directory beside `dir` whose name is `dir`'s followed by `suffix`.
pub(crate) fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kpss".into());
    crate::fsutil::parent_of(dir).join(format!("{name}{suffix}"))
}

/// The name of a backup taken at `at`.
pub fn file_name(at: DateTime<Utc>) -> String {
    format!("{PREFIX}{}{SUFFIX}", at.format(STAMP))
}

/// When a backup of this name was taken; `None` for a name that is not a backup's.
pub fn taken_at(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| t.and_utc())
}

/// The backups in `dir`, oldest first; none when the directory does not exist.
pub fn list(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        if let Some(at) = taken_at(&name.to_string_lossy()) {
            found.push((at, entry.path()));
        }
    }
    found.sort();
    Ok(found.into_iter().map(|(_, path)| path).collect())
}

/// The newest backup in `dir`.
pub fn newest(dir: &Path) -> std::io::Result<Option<PathBuf>> {
    Ok(list(dir)?.pop())
}

/// Removes all but the newest `keep` backups in `dir`; the ones removed.
pub fn prune(dir: &Path, keep: usize) -> Result<Vec<PathBuf>, BackupError> {
    let all = list(dir).map_err(|e| BackupError::io(dir, &e))?;
    let surplus = all.len().saturating_sub(keep);
    let old: Vec<PathBuf> = all.into_iter().take(surplus).collect();
    for path in &old {
        std::fs::remove_file(path).map_err(|e| BackupError::io(path, &e))?;
    }
    Ok(old)
}

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub file: PathBuf,
    pub records: usize,
    /// Older backups removed to keep the newest N.
    pub pruned: Vec<PathBuf>,
}

/// Writes a backup of `store` into `dir` (created when missing) as taken at `at`, then
/// keeps the newest `keep` backups when asked to.
pub fn write(
    store: &dyn Store,
    dir: &Path,
    keep: Option<usize>,
    at: DateTime<Utc>,
) -> Result<Written, BackupError> {
    let register = store.export().map_err(BackupError::Store)?;
    let text = crate::interchange::write(&register).map_err(|e| BackupError::Format {
        file: dir.to_path_buf(),
        problem: e.to_string(),
    })?;
    // The register holds personal data: the directory and the files are the owner's.
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| BackupError::io(dir, &e))?;
    let file = dir.join(file_name(at));
    crate::fsutil::write_privately(&file, text.as_bytes())
        .map_err(|e| BackupError::io(&file, &e))?;
    let pruned = match keep {
        Some(keep) => prune(dir, keep.max(1))?,
        None => Vec::new(),
    };
    Ok(Written {
        file,
        records: register.len(),
        pruned,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use chrono::TimeZone;

    use super::*;

    #[test]
    fn names_carry_the_time_and_sort_by_it() {
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 14, 0, 0).unwrap();
        assert_eq!(file_name(at), "kpss-2026-12-01T140000Z.json");
        assert_eq!(taken_at("kpss-2026-12-01T140000Z.json"), Some(at));
        assert_eq!(taken_at("kpss-2026-12-01T140000Z.json.kpss-tmp"), None);
        assert_eq!(taken_at("notes.json"), None);
        let later = Utc.with_ymd_and_hms(2027, 1, 2, 3, 4, 5).unwrap();
        assert!(file_name(at) < file_name(later));
    }

    #[test]
    fn backups_sit_beside_the_database() {
        assert_eq!(
            default_dir(Path::new("/var/lib/kpss")),
            Path::new("/var/lib/kpss-backups")
        );
    }

    #[test]
    fn prune_keeps_the_newest_and_ignores_other_files() {
        let dir = tempfile::tempdir().unwrap();
        for day in 1..=5 {
            let at = Utc.with_ymd_and_hms(2026, 12, day, 3, 0, 0).unwrap();
            std::fs::write(dir.path().join(file_name(at)), b"{}").unwrap();
        }
        std::fs::write(dir.path().join("README"), b"mine").unwrap();
        let removed = prune(dir.path(), 2).unwrap();
        assert_eq!(removed.len(), 3);
        let left: Vec<String> = list(dir.path())
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            left,
            [
                "kpss-2026-12-04T030000Z.json",
                "kpss-2026-12-05T030000Z.json"
            ]
        );
        assert!(dir.path().join("README").exists());
    }

    #[test]
    fn a_missing_directory_has_no_backups() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(newest(&dir.path().join("none")).unwrap(), None);
    }
}
