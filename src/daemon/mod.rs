//! The shared server (`kpss serve`): owns the database and serves clerks over a Unix
//! socket, one thread per connection, speaking [`crate::protocol`].
//!
//! Who a client is comes from the socket's peer credentials alone; what they may do
//! from [`Roles`]. Every change is recorded in the audit trail under the connecting
//! user, is durable before it is answered, and is announced to every connected client.
//!
//! Events are notifications: each names the record, its new revision and who changed
//! it, and a client re-reads what it shows. Two writes to the same record made at the
//! same moment on two connections may be announced in either order (the store
//! serialises the writes; the announcements follow each write's own flush), so a
//! client must not take an older revision in an event over a newer one it has read.
//!
//! The socket gets mode 0660 (and `--group`'s group); the directory it lives in should
//! not be open to every user either (the systemd unit's `RuntimeDirectory` is 0750).

mod connection;
mod error;
mod hub;
pub(crate) mod log;

/// How long the outcome of a write is kept for a client that sends it again.
const REMEMBER_WRITES: chrono::Duration = chrono::Duration::days(1);
pub mod peer;
pub mod roles;
mod socket;

use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use crate::store::EmbeddedStore;

pub use error::DaemonError;
pub use peer::Peer;
pub use roles::Roles;
pub use socket::SOCKET_MODE;

use hub::Hub;
use log::log;

/// What `kpss serve` serves, and where.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The database directory.
    pub dir: PathBuf,
    /// Where the socket goes ([`default_socket`] unless told otherwise).
    pub socket: PathBuf,
    /// The group the socket is given, whose members may connect.
    pub group: Option<String>,
    pub roles: Roles,
}

/// The socket's default place: `DIR/kpss.sock`.
pub fn default_socket(dir: &Path) -> PathBuf {
    dir.join("kpss.sock")
}

/// A running daemon. Dropping it shuts it down as [`Daemon::shutdown`] does.
pub struct Daemon {
    socket: PathBuf,
    running: Option<Running>,
}

struct Running {
    hub: Arc<Hub>,
    /// A second handle on the listening socket, to wake the accept thread.
    listener: UnixListener,
    inode: (u64, u64),
    accept: JoinHandle<()>,
    threads: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Daemon {
    /// Opens the database, binds the socket, starts accepting; returns at once.
    pub fn start(config: ServeConfig) -> Result<Daemon, DaemonError> {
        let owner = Peer::me().user;
        let store = EmbeddedStore::open(&config.dir, &owner)?;
        // A client asks again about a write within seconds of a broken connection; the
        // outcomes of older writes are no longer needed.
        let forgotten = store.forget_writes(REMEMBER_WRITES)?;
        if forgotten > 0 {
            log(&format!(
                "forgot the outcomes of {forgotten} writes older than a day"
            ));
        }
        socket::clear_stale(&config.socket)?;
        if let Some(dir) = socket::directory_is_open(&config.socket) {
            log(&format!(
                "warning: every user may enter {}, where the socket is; make it 0750 or 0770",
                dir.display()
            ));
        }
        let bound = socket::bind(&config.socket, config.group.as_deref())?;
        let listener = bound.listener;
        let waker = listener.try_clone().map_err(|e| DaemonError::Socket {
            socket: config.socket.clone(),
            problem: e.to_string(),
        });
        let waker = match waker {
            Ok(waker) => waker,
            Err(e) => {
                let _ = socket::remove(&config.socket, bound.inode);
                return Err(e);
            }
        };
        let hub = Arc::new(Hub::new(
            store,
            config.roles,
            config.dir.display().to_string(),
        ));
        let threads = Arc::new(Mutex::new(Vec::new()));
        let accept = {
            let hub = Arc::clone(&hub);
            let threads = Arc::clone(&threads);
            std::thread::Builder::new()
                .name("kpss-accept".into())
                .spawn(move || accept_all(&hub, listener, &threads))
        };
        let accept = match accept {
            Ok(handle) => handle,
            Err(e) => {
                let _ = socket::remove(&config.socket, bound.inode);
                return Err(DaemonError::Thread(e.to_string()));
            }
        };
        Ok(Daemon {
            socket: config.socket,
            running: Some(Running {
                hub,
                listener: waker,
                inode: bound.inode,
                accept,
                threads,
            }),
        })
    }

    /// Where the daemon listens.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// The database the daemon serves (for its backups).
    pub fn store(&self) -> Option<EmbeddedStore> {
        self.running.as_ref().map(|r| r.hub.store.clone())
    }

    /// How many clients are connected now.
    pub fn connections(&self) -> usize {
        self.running
            .as_ref()
            .map_or(0, |r| r.hub.connection_count())
    }

    /// Stops accepting, lets requests already received finish and be answered, sends
    /// nothing more, flushes the database and removes the socket.
    pub fn shutdown(mut self) -> Result<(), DaemonError> {
        match self.running.take() {
            Some(running) => stop(running, &self.socket),
            None => Ok(()),
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Some(running) = self.running.take()
            && let Err(e) = stop(running, &self.socket)
        {
            log(&e.message(crate::model::Lang::En));
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn accept_all(hub: &Arc<Hub>, listener: UnixListener, threads: &Mutex<Vec<JoinHandle<()>>>) {
    for stream in listener.incoming() {
        if hub.stopping() {
            break;
        }
        let stream = match stream {
            Ok(stream) => stream,
            Err(e) => {
                log(&format!("accepting a connection failed: {e}"));
                // Out of descriptors or memory: give the rest of the system a moment.
                std::thread::sleep(std::time::Duration::from_millis(100));
                continue;
            }
        };
        let id = match hub.register(&stream) {
            Ok(id) => id,
            Err(e) => {
                log(&format!("a connection was dropped: {e}"));
                continue;
            }
        };
        let spawned = {
            let hub = Arc::clone(hub);
            std::thread::Builder::new()
                .name(format!("kpss-conn-{id}"))
                .spawn(move || connection::serve(hub, id, stream))
        };
        let mut threads = lock(threads);
        threads.retain(|t| !t.is_finished());
        match spawned {
            Ok(handle) => threads.push(handle),
            Err(e) => {
                hub.unregister(id);
                log(&format!("a connection was dropped: {e}"));
            }
        }
    }
}

fn stop(running: Running, socket: &Path) -> Result<(), DaemonError> {
    let Running {
        hub,
        listener,
        inode,
        accept,
        threads,
    } = running;
    hub.begin_stop();
    // Wake the accept thread: a connection of our own, else end the listening socket.
    if UnixStream::connect(socket).is_err() {
        let _ = nix::sys::socket::shutdown(
            std::os::fd::AsRawFd::as_raw_fd(&listener),
            nix::sys::socket::Shutdown::Both,
        );
    }
    let _ = accept.join();
    drop(listener);
    hub.stop_reading();
    let threads = std::mem::take(&mut *lock(&threads));
    for thread in threads {
        let _ = thread.join();
    }
    let flushed = hub.store.flush().map_err(DaemonError::from);
    drop(hub);
    let removed = socket::remove(socket, inode);
    flushed.and(removed)
}
