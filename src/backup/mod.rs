//! Backups: the whole register as a kpss-register JSON file (what `kpss export` writes
//! and `kpss import` reads back), written whole or not at all, one file per moment in a
//! backup directory, named so that names sort by time (`kpss-2026-12-01T140000Z.json`).
//! The newest N are kept. [`restore`] builds a database from one.

mod error;
mod restore;

use std::io::BufWriter;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::store::{ExportError, Store};

pub use error::BackupError;
pub use restore::{Restored, restore};
// The import builds its database beside the old one and swaps it in the same way.
pub(crate) use restore::{carry_over, exchange, same_owner_and_mode};

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
    // The register holds personal data: the directory and the files are the owner's.
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| BackupError::io(dir, &e))?;
    let file = dir.join(file_name(at));
    // Written as it is read, record by record (the national register's text is hundreds
    // of megabytes); a failure on the way leaves no file under the backup's name.
    let records = crate::fsutil::fill_privately(&file, |out| {
        store.export_into(&mut BufWriter::with_capacity(BUFFER, out))
    })
    .map_err(|e| match e {
        ExportError::Source(e) => BackupError::Store(e),
        ExportError::Output(e) => BackupError::io(&file, &e),
    })?;
    let pruned = match keep {
        Some(keep) => prune(dir, keep.max(1))?,
        None => Vec::new(),
    };
    Ok(Written {
        file,
        records,
        pruned,
    })
}

/// How much of a backup is gathered before it is handed to the file.
const BUFFER: usize = 256 * 1024;

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

    fn sample_store() -> crate::store::EmbeddedStore {
        let store = crate::store::EmbeddedStore::temporary("referentka").unwrap();
        store
            .import(&crate::sample::sample_register().unwrap())
            .unwrap();
        store
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// The backup is the export's bytes, the owner's alone, and restores to the same
    /// register.
    #[test]
    fn a_backup_is_the_export_and_restores_to_it() {
        use std::os::unix::fs::PermissionsExt;
        let store = sample_store();
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("kpss-backups");
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 14, 0, 0).unwrap();
        let written = write(&store, &dir, Some(3), at).unwrap();
        let register = store.export().unwrap();
        assert_eq!(written.records, register.len());
        assert_eq!(
            std::fs::read_to_string(&written.file).unwrap(),
            crate::interchange::write(&register).unwrap()
        );
        let mode = std::fs::metadata(&written.file)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(names(&dir), ["kpss-2026-12-01T140000Z.json"]);
        let db = root.path().join("kpss");
        let restored = restore(&db, &written.file, "referentka", at).unwrap();
        assert_eq!(restored.records, register.len());
        let back = crate::store::EmbeddedStore::open(&db, "referentka").unwrap();
        assert_eq!(back.export().unwrap(), register);
    }

    /// A record that does not decode fails the backup, and nothing is left behind: no
    /// file under the backup's name, no temporary file.
    #[test]
    fn a_damaged_record_fails_the_backup_and_leaves_no_file() {
        use crate::model::Kind;
        use crate::store::schema::TreeId;
        let store = sample_store();
        let tree = store.tree(TreeId::Records(Kind::Meeting)).unwrap();
        let (key, bytes) = tree.first().unwrap().unwrap();
        tree.insert(&key, &bytes[..bytes.len() - 1]).unwrap();
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("kpss-backups");
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 14, 0, 0).unwrap();
        match write(&store, &dir, None, at) {
            Err(BackupError::Store(crate::store::StoreError::Corrupt { tree, .. })) => {
                assert_eq!(tree, "meeting");
            }
            other => panic!("{other:?}"),
        }
        assert!(names(&dir).is_empty(), "{:?}", names(&dir));
    }

    /// A backup that cannot be written names the file it was writing.
    #[test]
    fn a_failed_write_names_the_backup_file() {
        let store = sample_store();
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("kpss-backups");
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 14, 0, 0).unwrap();
        // A directory in the way of the rename.
        std::fs::create_dir_all(dir.join(file_name(at)).join("in-the-way")).unwrap();
        let err = write(&store, &dir, None, at).unwrap_err();
        let message = err.message(crate::model::Lang::En);
        assert!(
            matches!(&err, BackupError::Io { path, .. } if *path == dir.join(file_name(at))),
            "{err:?}"
        );
        assert!(
            message.contains("kpss-2026-12-01T140000Z.json"),
            "{message}"
        );
        assert_eq!(names(&dir), ["kpss-2026-12-01T140000Z.json"]);
    }

    #[test]
    fn a_missing_directory_has_no_backups() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(newest(&dir.path().join("none")).unwrap(), None);
    }
}
