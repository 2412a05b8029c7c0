//! Restoring the database from a backup: a new database is built from the backup in a
//! fresh directory beside the old one, checked against the backup, and only then
//! swapped in with one atomic exchange of the two directories. A crash at any moment
//! leaves a database directory that opens: the old one (the new one half-built beside it,
//! under a hidden name) or the new one. The old database is kept beside it as
//! `DIR.before-restore-TIME`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::backup::BackupError;
use crate::fsutil::{parent_of, sync_dir};
use crate::store::{EmbeddedStore, Store, StoreError};

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub records: usize,
    /// Where the database that was replaced now lies; `None` when there was none.
    pub previous: Option<PathBuf>,
}

/// Replaces the database in `db_dir` by one built from the backup `file`. Refused while
/// any process has the database open.
pub fn restore(
    db_dir: &Path,
    file: &Path,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<Restored, BackupError> {
    let text = std::fs::read_to_string(file).map_err(|e| BackupError::io(file, &e))?;
    let register = crate::interchange::read(&text).map_err(|e| BackupError::Format {
        file: file.to_path_buf(),
        problem: e.message(crate::model::Lang::En),
    })?;
    // Held until the swap is done: no kpss can open the old database meanwhile.
    let _held = crate::store::open::lock(db_dir).map_err(|e| match e {
        StoreError::Locked { path } => BackupError::InUse { dir: path },
        other => BackupError::Store(other),
    })?;
    let stamp = at.format("%Y-%m-%dT%H%M%SZ");
    let name = db_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kpss".into());
    let fresh = parent_of(db_dir).join(format!(".{name}.restore-{stamp}-{}", std::process::id()));
    std::fs::create_dir(&fresh).map_err(|e| BackupError::io(&fresh, &e))?;
    let built = build(&fresh, &register, file, actor).and_then(|records| {
        carry_over(db_dir, &fresh)?;
        same_owner_and_mode(db_dir, &fresh)?;
        sync_dir(&fresh).map_err(|e| BackupError::io(&fresh, &e))?;
        Ok(records)
    });
    let records = match built {
        Ok(records) => records,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&fresh);
            return Err(e);
        }
    };
    let parent = parent_of(db_dir);
    if !db_dir.exists() {
        std::fs::rename(&fresh, db_dir).map_err(|e| BackupError::io(db_dir, &e))?;
        sync_dir(&parent).map_err(|e| BackupError::io(&parent, &e))?;
        return Ok(Restored {
            records,
            previous: None,
        });
    }
    exchange(&fresh, db_dir)?;
    sync_dir(&parent).map_err(|e| BackupError::io(&parent, &e))?;
    // The old database now lies under the fresh directory's hidden name.
    let previous = crate::backup::sibling(db_dir, &format!(".before-restore-{stamp}"));
    std::fs::rename(&fresh, &previous).map_err(|e| BackupError::io(&previous, &e))?;
    sync_dir(&parent).map_err(|e| BackupError::io(&parent, &e))?;
    Ok(Restored {
        records,
        previous: Some(previous),
    })
}

/// Builds the database in `dir` and checks that it holds exactly the backup.
fn build(
    dir: &Path,
    register: &crate::model::Register,
    file: &Path,
    actor: &str,
) -> Result<usize, BackupError> {
    let store = EmbeddedStore::open(dir, actor).map_err(BackupError::Store)?;
    let records = store.import(register).map_err(BackupError::Store)?;
    let back = store.export().map_err(BackupError::Store)?;
    if &back != register {
        return Err(BackupError::Mismatch {
            file: file.to_path_buf(),
        });
    }
    Ok(records)
}

/// Files of the database directory that are not the database (the roles file, drafts)
/// go with the restored database.
fn carry_over(old: &Path, fresh: &Path) -> Result<(), BackupError> {
    let entries = match std::fs::read_dir(old) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(BackupError::io(old, &e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| BackupError::io(old, &e))?;
        let name = entry.file_name();
        let name_text = name.to_string_lossy();
        let is_database = matches!(
            name_text.as_ref(),
            "db" | "conf" | "blobs" | crate::store::open::MARKER_FILE
        ) || name_text.starts_with("snap.");
        let kind = entry
            .file_type()
            .map_err(|e| BackupError::io(&entry.path(), &e))?;
        if is_database || !(kind.is_file() || kind.is_dir()) {
            continue;
        }
        copy_all(&entry.path(), &fresh.join(&name))?;
    }
    Ok(())
}

/// The new directory gets the old one's mode, and (when root restores a service's
/// database) its owner, all the way down: the daemon must be able to open it.
fn same_owner_and_mode(old: &Path, fresh: &Path) -> Result<(), BackupError> {
    use std::os::unix::fs::MetadataExt;
    let meta = match std::fs::metadata(old) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(BackupError::io(old, &e)),
    };
    std::fs::set_permissions(fresh, meta.permissions()).map_err(|e| BackupError::io(fresh, &e))?;
    let mine = std::fs::metadata(fresh).map_err(|e| BackupError::io(fresh, &e))?;
    if (mine.uid(), mine.gid()) != (meta.uid(), meta.gid()) {
        chown_all(fresh, meta.uid(), meta.gid())?;
    }
    Ok(())
}

fn chown_all(path: &Path, uid: u32, gid: u32) -> Result<(), BackupError> {
    std::os::unix::fs::lchown(path, Some(uid), Some(gid)).map_err(|e| BackupError::io(path, &e))?;
    if std::fs::symlink_metadata(path)
        .map_err(|e| BackupError::io(path, &e))?
        .is_dir()
    {
        for entry in std::fs::read_dir(path).map_err(|e| BackupError::io(path, &e))? {
            let entry = entry.map_err(|e| BackupError::io(path, &e))?;
            chown_all(&entry.path(), uid, gid)?;
        }
    }
    Ok(())
}

fn copy_all(from: &Path, to: &Path) -> Result<(), BackupError> {
    let meta = std::fs::metadata(from).map_err(|e| BackupError::io(from, &e))?;
    if meta.is_dir() {
        std::fs::create_dir_all(to).map_err(|e| BackupError::io(to, &e))?;
        std::fs::set_permissions(to, meta.permissions()).map_err(|e| BackupError::io(to, &e))?;
        for entry in std::fs::read_dir(from).map_err(|e| BackupError::io(from, &e))? {
            let entry = entry.map_err(|e| BackupError::io(from, &e))?;
            copy_all(&entry.path(), &to.join(entry.file_name()))?;
        }
    } else if meta.is_file() {
        std::fs::copy(from, to).map_err(|e| BackupError::io(to, &e))?;
        std::fs::File::open(to)
            .and_then(|f| f.sync_all())
            .map_err(|e| BackupError::io(to, &e))?;
    }
    Ok(())
}

/// Swaps two directories in one step.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(a: &Path, b: &Path) -> Result<(), BackupError> {
    use nix::fcntl::{AT_FDCWD, RenameFlags, renameat2};
    renameat2(AT_FDCWD, a, AT_FDCWD, b, RenameFlags::RENAME_EXCHANGE)
        .map_err(|e| BackupError::io(b, &std::io::Error::from(e)))
}

/// Without an atomic exchange: the old directory is moved aside and the new one in; a
/// crash between the two renames leaves no database directory (the new one is then
/// beside it under its hidden name).
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn exchange(a: &Path, b: &Path) -> Result<(), BackupError> {
    let tmp = crate::backup::sibling(b, ".swap");
    std::fs::rename(b, &tmp).map_err(|e| BackupError::io(b, &e))?;
    std::fs::rename(a, b).map_err(|e| BackupError::io(b, &e))?;
    std::fs::rename(&tmp, a).map_err(|e| BackupError::io(a, &e))
}
