//! Which store a command works on: the shared server when a daemon serves the database
//! (its socket answers), else the database itself.

use std::path::{Path, PathBuf};

use crate::cli::os_user;
use crate::daemon::default_socket;
use crate::model::Lang;
use crate::remote::RemoteStore;
use crate::store::{EmbeddedStore, Store};

/// The store a command was given.
pub enum Opened {
    /// The database opened by this process alone.
    Local(EmbeddedStore),
    /// The database as the shared server serves it.
    Shared(RemoteStore),
}

impl Opened {
    pub fn store(&self) -> &dyn Store {
        match self {
            Opened::Local(store) => store,
            Opened::Shared(store) => store,
        }
    }
}

/// Where the shared server for `dir` listens: `--socket`/`KPSS_SOCKET`, else
/// `DIR/kpss.sock`.
pub fn socket_for(dir: &Path, socket: Option<&Path>) -> PathBuf {
    socket.map_or_else(|| default_socket(dir), Path::to_path_buf)
}

/// The shared server if one answers on the socket, else the database directly (created
/// when missing).
pub fn open(dir: &Path, socket: Option<&Path>, lang: Lang) -> Result<Opened, String> {
    let socket = socket_for(dir, socket);
    if RemoteStore::is_alive(&socket) {
        return RemoteStore::connect(&socket, "kpss")
            .map(Opened::Shared)
            .map_err(|e| format!("{}: {}", socket.display(), e.message(lang)));
    }
    std::fs::create_dir_all(dir).map_err(|e| crate::cli::output::file_error(dir, &e, lang))?;
    EmbeddedStore::open(dir, &os_user())
        .map(Opened::Local)
        .map_err(|e| e.message(lang))
}
