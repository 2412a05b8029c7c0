//! Opening the sled database safely: a database damaged on disk is an error naming it
//! and the newest backup, never a panic; a full disk says so; what a full disk left
//! behind (a snapshot sled began and could not finish) is cleared before sled reads it.

use std::cell::Cell;
use std::fs::File;
use std::path::Path;
use std::sync::Once;
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::fcntl::{Flock, FlockArg};

use crate::store::error::{Damage, Result, StoreError, is_disk_full};

/// How long opening waits for another process's lock before saying the database is in
/// use: a process that has just closed the database (a command that ended a moment
/// ago, sled's flusher thread winding down) lets go of it within that time.
pub const LOCK_WAIT: Duration = Duration::from_secs(1);

/// sled's data file, which it locks while the database is open.
const DATA_FILE: &str = "db";
/// sled's configuration file, written when the database is created.
const CONF_FILE: &str = "conf";
/// Written beside sled's files once the database holds a register: a database that has
/// it and opens empty has lost its data.
pub const MARKER_FILE: &str = "kpss-database";

/// The lock sled holds on a database, taken by this process: while it is held no kpss
/// (nor a daemon) can open the database.
pub struct DatabaseLock {
    _lock: Option<Flock<File>>,
}

/// Takes the database's lock, or says who holds it. A directory without a database
/// needs no lock.
pub fn lock(dir: &Path) -> Result<DatabaseLock> {
    let data = dir.join(DATA_FILE);
    let file = match File::open(&data) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(DatabaseLock { _lock: None });
        }
        Err(e) => return Err(StoreError::Storage(format!("{}: {e}", data.display()))),
    };
    match Flock::lock(file, FlockArg::LockExclusiveNonblock) {
        Ok(lock) => Ok(DatabaseLock { _lock: Some(lock) }),
        Err((_, Errno::EWOULDBLOCK)) => Err(StoreError::Locked {
            path: dir.to_path_buf(),
        }),
        Err((_, errno)) => Err(StoreError::Storage(format!("{}: {errno}", data.display()))),
    }
}

/// Opens the sled database in `dir` (creating it when the directory holds none),
/// waiting up to [`LOCK_WAIT`] for another process's lock.
pub(crate) fn open_db(dir: &Path) -> Result<sled::Db> {
    let started = Instant::now();
    loop {
        match open_once(dir) {
            Err(StoreError::Locked { .. }) if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(Duration::from_millis(25));
            }
            other => return other,
        }
    }
}

fn open_once(dir: &Path) -> Result<sled::Db> {
    if dir.join(CONF_FILE).exists() && !dir.join(DATA_FILE).exists() {
        return Err(damaged(dir, Damage::MissingDataFile));
    }
    {
        // Only while no one else has the database open may its files be tidied.
        let _held = lock(dir)?;
        clear_unfinished_snapshots(dir)?;
    }
    match quietly(|| tuned(sled::Config::new().path(dir)).open()) {
        Ok(Ok(db)) => Ok(db),
        Ok(Err(e)) => Err(open_error(dir, e)),
        Err(panic) => Err(damaged(dir, Damage::Unreadable(panic_text(panic.as_ref())))),
    }
}

/// sled's page cache. Its default (1 GiB) only lets a whole-database read such as
/// `kpss check` keep more in memory: on the national register (250,000 meetings, 150 MB
/// on disk) `kpss check` took 6.9 s and 420 MB with the default and 7.2 s and 375 MB with
/// 64 MiB; a cold `kpss agenda` (85–110 ms, sled's recovery of its page table) and the
/// shared server after a month, a year and three years of agenda (135–141 MB) did not
/// change. sled's other settings were measured too and left at their defaults: a
/// snapshot every 20,000 operations instead of 1,000,000 changed neither the import
/// (18.8 s) nor the cold open.
const CACHE_CAPACITY: u64 = 64 * 1024 * 1024;

fn tuned(config: sled::Config) -> sled::Config {
    config.cache_capacity(CACHE_CAPACITY)
}

/// The database was written by kpss before: it must hold a register.
pub(crate) fn has_marker(dir: &Path) -> bool {
    dir.join(MARKER_FILE).exists()
}

pub(crate) fn write_marker(dir: &Path) -> Result<()> {
    crate::fsutil::write_atomically(&dir.join(MARKER_FILE), b"kpss database\n")
        .map_err(|e| io_error(dir, &e))
}

/// A snapshot sled was writing when it failed (a full disk) stays as
/// `snap.*.generating`, empty or cut short, and sled would read it as the newest
/// snapshot and call the whole database corrupt. It holds nothing the log does not.
fn clear_unfinished_snapshots(dir: &Path) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_error(dir, &e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, &e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            std::fs::remove_file(entry.path()).map_err(|e| io_error(&entry.path(), &e))?;
        }
    }
    Ok(())
}

fn io_error(path: &Path, e: &std::io::Error) -> StoreError {
    if is_disk_full(e) {
        StoreError::DiskFull
    } else {
        StoreError::Storage(format!("{}: {e}", path.display()))
    }
}

fn open_error(dir: &Path, e: sled::Error) -> StoreError {
    match &e {
        sled::Error::Io(io) if io.to_string().contains("could not acquire lock") => {
            StoreError::Locked {
                path: dir.to_path_buf(),
            }
        }
        sled::Error::Io(io) if is_disk_full(io) => StoreError::DiskFull,
        sled::Error::Corruption { .. } => damaged(dir, Damage::Unreadable(e.to_string())),
        _ => StoreError::Storage(format!("{}: {e}", dir.display())),
    }
}

/// The error for a damaged database, pointing to the newest backup.
pub(crate) fn damaged(dir: &Path, detail: Damage) -> StoreError {
    let backups = crate::backup::default_dir(dir);
    let newest = crate::backup::newest(&backups).ok().flatten();
    StoreError::Damaged {
        path: dir.to_path_buf(),
        detail,
        backups,
        newest,
    }
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!("sled: {what}")
}

thread_local! {
    /// Set while this thread runs code whose panics are caught and reported.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, catching a panic without the panic hook printing it (sled panics on some
/// damaged files; the caller turns that into a message). Other threads' panics reach the
/// hook as before.
fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn a_caught_panic_is_returned_not_raised() {
        let caught = quietly(|| -> u8 { panic!("index out of bounds") });
        let panic = caught.err().unwrap();
        assert_eq!(panic_text(panic.as_ref()), "sled: index out of bounds");
        assert!(!QUIET.with(Cell::get));
    }

    #[test]
    fn unfinished_snapshots_are_cleared_and_finished_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("snap.0000000000001000"), b"ok").unwrap();
        std::fs::write(dir.path().join("snap.0000000000002000.generating"), b"").unwrap();
        clear_unfinished_snapshots(dir.path()).unwrap();
        assert!(dir.path().join("snap.0000000000001000").exists());
        assert!(!dir.path().join("snap.0000000000002000.generating").exists());
    }

    #[test]
    fn a_held_lock_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DATA_FILE), b"").unwrap();
        let _first = lock(dir.path()).unwrap();
        assert!(matches!(lock(dir.path()), Err(StoreError::Locked { .. })));
    }
}
