//! The database is the daemon's alone. Whoever can read its files reads the whole
//! register, whatever the roles file says, so the daemon creates them for its own user
//! only (`kpss serve` sets the umask to 0077 before anything is opened), refuses a
//! database directory that anyone else may enter, and takes the group's and others'
//! bits off what it finds inside that it owns.

use std::io::ErrorKind;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use nix::sys::stat::{Mode, umask};

use crate::daemon::DaemonError;
use crate::daemon::log::log;

/// The umask of `kpss serve`: files 0600, directories 0700.
pub const UMASK: u32 = 0o077;

/// The bits of a mode that let the group or others in.
const OPEN: u32 = 0o077;

/// From now on this process creates files and directories for its own user only.
pub fn set_umask() {
    umask(Mode::from_bits_truncate(UMASK));
}

/// Makes `dir` ready to hold the database: created 0700 if it is missing, refused if
/// anyone but its owner may enter it, and whatever inside it belongs to this process's
/// user taken away from the group and others (each change logged).
pub fn prepare(dir: &Path) -> Result<(), DaemonError> {
    let problem = |e: std::io::Error| DaemonError::Private {
        path: dir.to_path_buf(),
        problem: e.to_string(),
    };
    match std::fs::metadata(dir) {
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::NotFound => std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(problem)?,
        Err(e) => return Err(problem(e)),
    }
    let meta = std::fs::metadata(dir).map_err(problem)?;
    let mode = meta.permissions().mode() & 0o7777;
    if mode & OPEN != 0 {
        return Err(DaemonError::OpenDirectory {
            dir: dir.to_path_buf(),
            mode,
        });
    }
    for (path, was) in tighten(dir)? {
        log(&format!(
            "{} was open to others (mode {was:04o}); now {:04o}",
            path.display(),
            was & !OPEN
        ));
    }
    Ok(())
}

/// Takes the group's and others' bits off every file and directory under `dir` that
/// this process's user owns (symbolic links and sockets are left as they are); what was
/// changed, with its mode before.
fn tighten(dir: &Path) -> Result<Vec<(PathBuf, u32)>, DaemonError> {
    let me = nix::unistd::geteuid().as_raw();
    let mut changed = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current).map_err(|e| private(&current, e))?;
        for entry in entries {
            let path = entry.map_err(|e| private(&current, e))?.path();
            let meta = std::fs::symlink_metadata(&path).map_err(|e| private(&path, e))?;
            let kind = meta.file_type();
            if kind.is_dir() {
                pending.push(path.clone());
            } else if !kind.is_file() {
                continue;
            }
            let mode = meta.permissions().mode() & 0o7777;
            if mode & OPEN == 0 || meta.uid() != me {
                continue;
            }
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode & !OPEN))
                .map_err(|e| private(&path, e))?;
            changed.push((path, mode));
        }
    }
    Ok(changed)
}

fn private(path: &Path, e: std::io::Error) -> DaemonError {
    DaemonError::Private {
        path: path.to_path_buf(),
        problem: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::symlink_metadata(path)
            .unwrap()
            .permissions()
            .mode()
            & 0o7777
    }

    fn chmod(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn a_missing_directory_is_made_for_the_owner_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a").join("db");
        prepare(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
    }

    #[test]
    fn a_directory_others_may_enter_is_refused_and_left_as_it_is() {
        let tmp = tempfile::tempdir().unwrap();
        for open in [0o755, 0o750, 0o701, 0o710, 0o705] {
            let dir = tmp.path().join(format!("db{open:o}"));
            std::fs::create_dir(&dir).unwrap();
            chmod(&dir, open);
            match prepare(&dir) {
                Err(DaemonError::OpenDirectory { dir: d, mode }) => {
                    assert_eq!(d, dir);
                    assert_eq!(mode, open);
                }
                other => panic!("{open:o}: {other:?}"),
            }
            assert_eq!(mode(&dir), open);
        }
    }

    #[test]
    fn what_the_owner_has_inside_is_taken_from_others() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("db");
        std::fs::create_dir(&dir).unwrap();
        chmod(&dir, 0o700);
        let db = dir.join("db");
        std::fs::write(&db, "x").unwrap();
        chmod(&db, 0o644);
        let blobs = dir.join("blobs");
        std::fs::create_dir(&blobs).unwrap();
        chmod(&blobs, 0o775);
        let blob = blobs.join("1");
        std::fs::write(&blob, "x").unwrap();
        chmod(&blob, 0o660);
        let kept = dir.join("private");
        std::fs::write(&kept, "x").unwrap();
        chmod(&kept, 0o600);
        let link = dir.join("link");
        std::os::unix::fs::symlink(&db, &link).unwrap();

        prepare(&dir).unwrap();
        assert_eq!(mode(&db), 0o600);
        assert_eq!(mode(&blobs), 0o700);
        assert_eq!(mode(&blob), 0o600);
        assert_eq!(mode(&kept), 0o600);
        assert_eq!(mode(&dir), 0o700);
    }
}
