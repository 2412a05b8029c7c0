//! The shared server (`kpss serve`): owns the database and serves clerks over a Unix
//! socket, speaking [`crate::protocol`]. Each connection has one thread that reads and
//! answers its requests; one fan-out thread carries events to every client and finishes
//! sending what a client's socket could not take at once, so nothing waits for a client
//! that does not read ([`Limits`] bounds what such a client may cost).
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
//! The database directory is the daemon's alone ([`private`]).

mod announcing;
mod connection;
mod deadline;
mod error;
mod fanout;
mod hub;
pub mod limits;
pub(crate) mod log;
mod outbox;
pub mod own;
pub mod peer;
pub mod private;
mod refuse;
pub mod roles;
mod socket;

use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use crate::store::EmbeddedStore;

pub use error::DaemonError;
pub use limits::Limits;
pub use peer::Peer;
pub use roles::Roles;
pub use socket::SOCKET_MODE;

use hub::Hub;
use log::log;
use refuse::Refusals;

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
    fanout: JoinHandle<()>,
    threads: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Daemon {
    /// [`Daemon::start_with`] the default [`Limits`].
    pub fn start(config: ServeConfig) -> Result<Daemon, DaemonError> {
        Daemon::start_with(config, Limits::default())
    }

    /// Makes sure the database directory is private ([`private::prepare`]), opens the
    /// database, binds the socket, starts accepting; returns at once.
    pub fn start_with(config: ServeConfig, limits: Limits) -> Result<Daemon, DaemonError> {
        private::prepare(&config.dir)?;
        match limits::raise_open_files() {
            Ok(open) if limits::clients_within(open) < limits.max_clients => log(&format!(
                "warning: the open-file limit ({open}) leaves room for about {} clients, \
                 fewer than --max-clients {}; raise it (LimitNOFILE in the systemd unit)",
                limits::clients_within(open),
                limits.max_clients
            )),
            Ok(_) => {}
            Err(e) => log(&format!("warning: cannot raise the open-file limit: {e}")),
        }
        socket::clear_stale(&config.socket)?;
        if config.group.is_some() && socket::is_inside(&config.socket, &config.dir) {
            log(&format!(
                "warning: the socket {} is in the database directory, which only the \
                 daemon's user may enter, so the group cannot reach it; give --socket a \
                 place in a directory of the group (the systemd unit uses /run/kpss)",
                config.socket.display()
            ));
        }
        if let Some(dir) = socket::directory_is_open(&config.socket) {
            log(&format!(
                "warning: every user may enter {}, where the socket is; make it 0750 or 0770",
                dir.display()
            ));
        }
        // The socket is bound before the database is opened (half a second for a national
        // register): a client started meanwhile finds a daemon listening and waits for
        // its welcome, instead of opening the database itself and taking it from the
        // daemon, or being told it is in use.
        let bound = socket::bind(&config.socket, config.group.as_deref(), SOCKET_MODE)?;
        let store = match open_store(&config.dir) {
            Ok(store) => store,
            Err(e) => {
                let _ = socket::remove(&config.socket, bound.inode);
                return Err(e);
            }
        };
        let served = Served {
            roles: config.roles,
            database: config.dir.display().to_string(),
            limits,
            owner: None,
        };
        serve(store, config.socket, bound, served)
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

    /// Stops accepting, lets requests already received finish and be answered (giving
    /// clients slow to read the answers [`Limits::stop_grace`]), sends nothing more,
    /// flushes the database and removes the socket.
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

/// Opens the database for the daemon's own user and forgets old write outcomes.
fn open_store(dir: &Path) -> Result<EmbeddedStore, DaemonError> {
    // For the test of a slow start only: a pause before the database is opened.
    if let Some(ms) = std::env::var(OPEN_DELAY_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms.min(10_000)));
    }
    let store = EmbeddedStore::open(dir, &Peer::me().user)?;
    // A client asks again about a write within seconds of a broken connection; the
    // outcomes of older writes are no longer needed.
    let forgotten = store.forget_writes(crate::store::REMEMBER_WRITES)?;
    if forgotten > 0 {
        log(&format!(
            "forgot the outcomes of {forgotten} writes older than a day"
        ));
    }
    Ok(store)
}

/// How a database is served, besides where.
struct Served {
    roles: Roles,
    /// The database as the Welcome names it.
    database: String,
    limits: Limits,
    /// The only uid let in, if any.
    owner: Option<u32>,
}

/// Serves `store` on the socket bound at `socket`: the hub, the fan-out and the accept
/// threads. On failure the socket is removed.
fn serve(
    store: EmbeddedStore,
    socket: PathBuf,
    bound: socket::Bound,
    served: Served,
) -> Result<Daemon, DaemonError> {
    let listener = bound.listener;
    let waker = listener.try_clone().map_err(|e| DaemonError::Socket {
        socket: socket.clone(),
        problem: e.to_string(),
    });
    let waker = match waker {
        Ok(waker) => waker,
        Err(e) => {
            let _ = socket::remove(&socket, bound.inode);
            return Err(e);
        }
    };
    let fail = |e: std::io::Error| {
        let _ = socket::remove(&socket, bound.inode);
        DaemonError::Thread(e.to_string())
    };
    let (mut hub, inbox) =
        Hub::new(store, served.roles, served.database, served.limits).map_err(fail)?;
    hub.owner = served.owner;
    let hub = Arc::new(hub);
    let fanout = {
        let hub = Arc::clone(&hub);
        std::thread::Builder::new()
            .name("kpss-fanout".into())
            .spawn(move || fanout::run(&hub, &inbox))
            .map_err(fail)?
    };
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
            hub.stop_fanout();
            let _ = fanout.join();
            return Err(fail(e));
        }
    };
    Ok(Daemon {
        socket,
        running: Some(Running {
            hub,
            listener: waker,
            inode: bound.inode,
            accept,
            fanout,
            threads,
        }),
    })
}

/// A test hook: milliseconds `kpss serve` waits before opening its database, to show
/// that clients started meanwhile wait for it.
pub const OPEN_DELAY_ENV: &str = "KPSS_TEST_SERVE_OPEN_DELAY_MS";

fn accept_all(hub: &Arc<Hub>, listener: UnixListener, threads: &Mutex<Vec<JoinHandle<()>>>) {
    let refusals = Refusals::default();
    let mut full = false;
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
        let connected = hub.connection_count();
        if connected >= hub.limits.max_clients {
            if !full {
                log(&format!(
                    "{connected} connections, the most allowed (--max-clients): refusing more"
                ));
                full = true;
            }
            refusals.refuse(stream, &hub.limits);
            continue;
        }
        full = false;
        let client = hub.register(stream);
        let id = client.id;
        let spawned = {
            let hub = Arc::clone(hub);
            let client = Arc::clone(&client);
            std::thread::Builder::new()
                .name(format!("kpss-conn-{id}"))
                .spawn(move || connection::serve(&hub, &client))
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
        fanout,
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
    // Every reader ends after the request it is carrying out, and waits at most until
    // the stop's deadline for its answer to go out.
    hub.stop_reading();
    let threads = std::mem::take(&mut *lock(&threads));
    for thread in threads {
        let _ = thread.join();
    }
    hub.stop_fanout();
    let _ = fanout.join();
    let flushed = hub.store.flush().map_err(DaemonError::from);
    drop(hub);
    let removed = socket::remove(socket, inode);
    flushed.and(removed)
}
