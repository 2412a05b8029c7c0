//! The listening socket: a stale one from a crashed daemon is replaced, a live one is
//! left to its daemon; the new one gets mode 0660 (and `--group`) before anyone can
//! reach it, by being bound under a temporary name and renamed into place.

use std::io::ErrorKind;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};

use nix::unistd::Group;

use crate::daemon::DaemonError;

/// The socket's file mode: the daemon's user and group read and write, nobody else.
pub const SOCKET_MODE: u32 = 0o660;

/// A bound socket and the file it is at.
pub struct Bound {
    pub listener: UnixListener,
    /// The inode of the socket file, so that shutdown removes only its own socket.
    pub inode: (u64, u64),
}

/// Clears the way for a socket at `path`: nothing there, or a stale socket (removed).
pub fn clear_stale(path: &Path) -> Result<(), DaemonError> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(problem(path, e)),
    };
    if !meta.file_type().is_socket() {
        return Err(DaemonError::NotASocket {
            socket: path.to_path_buf(),
        });
    }
    match UnixStream::connect(path) {
        Ok(_) => Err(DaemonError::Running {
            socket: path.to_path_buf(),
        }),
        Err(e) if e.kind() == ErrorKind::ConnectionRefused => {
            crate::daemon::log::log(&format!(
                "removing the stale socket {} of a daemon that is gone",
                path.display()
            ));
            std::fs::remove_file(path).map_err(|e| problem(path, e))
        }
        Err(e) => Err(problem(path, e)),
    }
}

/// Binds a listener at `path` with `mode` ([`SOCKET_MODE`] for the daemon) and, given a
/// group, that group.
pub fn bind(path: &Path, group: Option<&str>, mode: u32) -> Result<Bound, DaemonError> {
    let gid = match group {
        None => None,
        Some(name) => match Group::from_name(name) {
            Ok(Some(g)) => Some(g.gid.as_raw()),
            Ok(None) => {
                return Err(DaemonError::NoSuchGroup {
                    name: name.to_string(),
                });
            }
            Err(e) => return Err(problem(path, e.into())),
        },
    };
    let temporary = temporary_name(path);
    // A leftover of a start that failed half-way.
    let _ = std::fs::remove_file(&temporary);
    let listener = UnixListener::bind(&temporary).map_err(|e| problem(&temporary, e))?;
    let placed = (|| {
        if let (Some(gid), Some(name)) = (gid, group) {
            std::os::unix::fs::chown(&temporary, None, Some(gid)).map_err(|e| {
                std::io::Error::new(
                    e.kind(),
                    format!(
                        "cannot give the socket to the group {name} ({e}); the daemon's user \
                         must be a member of it"
                    ),
                )
            })?;
        }
        std::fs::set_permissions(&temporary, std::fs::Permissions::from_mode(mode))?;
        std::fs::rename(&temporary, path)?;
        std::fs::symlink_metadata(path)
    })();
    match placed {
        Ok(meta) => Ok(Bound {
            listener,
            inode: (meta.dev(), meta.ino()),
        }),
        Err(e) => {
            let _ = std::fs::remove_file(&temporary);
            Err(problem(path, e))
        }
    }
}

/// Removes the socket file if it is still the one this daemon bound.
pub fn remove(path: &Path, inode: (u64, u64)) -> Result<(), DaemonError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if (meta.dev(), meta.ino()) == inode => {
            std::fs::remove_file(path).map_err(|e| problem(path, e))
        }
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(problem(path, e)),
    }
}

/// The directory of the socket when every user may reach into it (every directory on
/// the way lets others through): then the socket's own mode is all that guards it.
pub fn directory_is_open(path: &Path) -> Option<PathBuf> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let dir = std::fs::canonicalize(dir).ok()?;
    let everyone_passes = dir
        .ancestors()
        .all(|d| std::fs::metadata(d).is_ok_and(|m| m.permissions().mode() & 0o001 != 0));
    everyone_passes.then_some(dir)
}

fn temporary_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kpss.sock".into());
    path.with_file_name(format!(".{name}.{}", std::process::id()))
}

fn problem(path: &Path, e: std::io::Error) -> DaemonError {
    DaemonError::Socket {
        socket: path.to_path_buf(),
        problem: e.to_string(),
    }
}

/// Whether the socket's place is inside `dir`.
pub fn is_inside(path: &Path, dir: &Path) -> bool {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(parent), std::fs::canonicalize(dir)) {
        (Ok(parent), Ok(dir)) => parent.starts_with(dir),
        _ => false,
    }
}
