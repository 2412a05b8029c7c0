//! Files written whole or not at all: the bytes go to a temporary file of a unique name
//! beside the target, are flushed to the disk, and the file is renamed over the target;
//! the directory is flushed too, so that the rename survives a power cut. A reader sees
//! the old file or the new one, never half of one; a failed write leaves the target as
//! it was and removes its temporary file.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Temporary names end with this, so that a crash's leftovers are recognisable.
pub const TEMP_SUFFIX: &str = ".kpss-tmp";

/// Writes `bytes` to `path` whole or not at all.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with(path, |file| file.write_all(bytes))
}

/// Writes `bytes` to `path` whole or not at all, readable by its owner alone (0600):
/// for files that hold the register's personal data, such as backups.
pub fn write_privately(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with_mode(path, 0o600, |file| file.write_all(bytes))
}

/// Writes what `fill` writes to `path` whole or not at all. When `fill` fails, the
/// target is untouched and the temporary file is removed.
pub fn write_atomically_with(
    path: &Path,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    write_with_mode(path, 0o666, fill)
}

/// As [`write_atomically_with`], for a `fill` with an error of its own (a file written
/// as it is read from elsewhere): what `fill` returns is handed back, and its error
/// comes back as it was.
pub fn fill_atomically<T, E: From<io::Error>>(
    path: &Path,
    fill: impl FnOnce(&mut File) -> Result<T, E>,
) -> Result<T, E> {
    write_with_mode(path, 0o666, fill)
}

/// As [`fill_atomically`], readable by its owner alone (0600) as [`write_privately`]:
/// a backup written as the register is read.
pub fn fill_privately<T, E: From<io::Error>>(
    path: &Path,
    fill: impl FnOnce(&mut File) -> Result<T, E>,
) -> Result<T, E> {
    write_with_mode(path, 0o600, fill)
}

/// As [`write_atomically_with`], the new file created with `mode` (less the umask).
fn write_with_mode<T, E: From<io::Error>>(
    path: &Path,
    mode: u32,
    fill: impl FnOnce(&mut File) -> Result<T, E>,
) -> Result<T, E> {
    let dir = parent_of(path);
    let (tmp, mut file) = create_temp(path, mode)?;
    let written = fill(&mut file).and_then(|value| {
        file.flush()?;
        file.sync_all()?;
        Ok(value)
    });
    drop(file);
    let renamed = written.and_then(|value| {
        std::fs::rename(&tmp, path)?;
        Ok(value)
    });
    match renamed {
        Ok(value) => {
            sync_dir(&dir)?;
            Ok(value)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Flushes a directory's entries (a rename or a new file in it) to the disk.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// The directory a path lives in (`.` for a bare file name).
pub fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A new file beside `path` whose name no other writer (thread or process) uses.
fn create_temp(path: &Path, mode: u32) -> io::Result<(PathBuf, File)> {
    use std::os::unix::fs::OpenOptionsExt;
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = parent_of(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: not a file name", path.display()),
            )
        })?;
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.{}.{n}{TEMP_SUFFIX}", std::process::id()));
        // `create_new` refuses a name that exists (a leftover of a process that had the
        // same id): the next number is tried.
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&tmp)
        {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_the_whole_file_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("export.json");
        write_atomically(&target, b"first").unwrap();
        write_atomically(&target, b"second, longer").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"second, longer");
        assert_eq!(names(dir.path()), ["export.json"]);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_removes_the_temporary_one() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("export.json");
        std::fs::write(&target, b"old").unwrap();
        let err = write_atomically_with(&target, |file| {
            file.write_all(b"half of the new")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["export.json"]);
    }

    #[test]
    fn a_failed_first_write_leaves_no_file_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("new.ics");
        write_atomically_with(&target, |_| Err(io::Error::other("no"))).unwrap_err();
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("missing").join("file");
        assert!(write_atomically(&target, b"x").is_err());
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn temporary_names_are_unique_across_threads() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("draft.json");
        let seen = std::sync::Mutex::new(std::collections::HashSet::new());
        std::thread::scope(|scope| {
            for t in 0..8 {
                let target = &target;
                let seen = &seen;
                scope.spawn(move || {
                    for i in 0..50 {
                        let text = format!("thread {t} write {i} ").repeat(100);
                        write_atomically_with(target, |file| {
                            // Half, a pause for the other writers, the rest: a temporary
                            // file shared with another writer would mix their texts.
                            let (a, b) = text.as_bytes().split_at(text.len() / 2);
                            file.write_all(a)?;
                            std::thread::yield_now();
                            file.write_all(b)
                        })
                        .unwrap();
                        seen.lock().unwrap().insert((t, i));
                    }
                });
            }
        });
        assert_eq!(seen.lock().unwrap().len(), 400);
        // Whatever won, it is one writer's whole text.
        let last = std::fs::read_to_string(&target).unwrap();
        let first_line = last.split(' ').take(4).collect::<Vec<_>>().join(" ");
        assert_eq!(last, format!("{first_line} ").repeat(100));
        assert_eq!(names(dir.path()), ["draft.json"]);
    }

    #[test]
    fn a_failed_private_write_hands_back_its_own_error_and_leaves_nothing() {
        #[derive(Debug, PartialEq)]
        enum Stop {
            Damaged,
            Io(io::ErrorKind),
        }
        impl From<io::Error> for Stop {
            fn from(e: io::Error) -> Stop {
                Stop::Io(e.kind())
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("kpss-2026-12-01T140000Z.json");
        let err = fill_privately(&target, |file| {
            file.write_all(b"{ \"format\": ")?;
            Err::<(), _>(Stop::Damaged)
        })
        .unwrap_err();
        assert_eq!(err, Stop::Damaged);
        assert!(names(dir.path()).is_empty());
        let missing = dir.path().join("missing").join("file");
        let err = fill_privately(&missing, |_| Ok::<(), Stop>(())).unwrap_err();
        assert_eq!(err, Stop::Io(io::ErrorKind::NotFound));
    }

    #[test]
    fn a_private_file_written_piece_by_piece_is_its_owners_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("kpss-2026-12-01T140000Z.json");
        fill_privately(&target, |file| {
            file.write_all(b"{")?;
            file.write_all(b"}")
        })
        .unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"{}");
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_private_file_is_its_owners_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("kpss-2026-12-01T140000Z.json");
        write_privately(&target, b"{}").unwrap();
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn temporary_names_differ_for_each_call() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("x");
        let (a, _fa) = create_temp(&target, 0o666).unwrap();
        let (b, _fb) = create_temp(&target, 0o666).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.parent(), Some(dir.path()));
        assert!(a.to_string_lossy().ends_with(TEMP_SUFFIX));
    }
}
