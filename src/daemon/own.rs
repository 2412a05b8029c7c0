//! A clerk's own server. The terminal application that opens the database itself (no
//! shared server serves it) also serves it, on threads of its own process, to the same
//! user's other kpss processes: `kpss agenda` or a second `kpss` in another terminal
//! connect instead of being told the database is locked. It is the shared server's code
//! and protocol on `DIR/kpss.sock` (where every kpss looks for a database's server),
//! with three differences: the socket is the user's alone (mode 0600), a peer of any
//! other uid is refused whatever it can reach (root included), and the log goes to
//! `DIR/kpss.log`, not over the screen.
//!
//! The application's own writes are announced to those processes through the same hub
//! ([`Announcing`]), and their writes reach the application as events ([`OwnServer::events`]).

use std::fs::OpenOptions;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use crate::daemon::announcing::Announcing;
use crate::daemon::{
    Daemon, DaemonError, Limits, Peer, Roles, Served, default_socket, log, serve, socket,
};
use crate::protocol::Event;
use crate::store::{EmbeddedStore, Store};

/// The mode of the own server's socket: its user's alone.
pub const OWN_SOCKET_MODE: u32 = 0o600;

/// Where the own server logs, in the database directory.
pub const LOG_FILE: &str = "kpss.log";

/// The database served to its clerk's other kpss processes while this one runs.
/// Dropping it stops serving and removes the socket, as [`OwnServer::shutdown`] does.
pub struct OwnServer {
    daemon: Daemon,
    store: Arc<Announcing>,
}

impl OwnServer {
    /// Serves `store` (the database in `dir`, opened by this process) on `DIR/kpss.sock`.
    /// A socket left there by a kpss that was killed is replaced; a live one (which
    /// cannot be: this process holds the database) is refused.
    pub fn start(dir: &Path, store: &EmbeddedStore) -> Result<OwnServer, DaemonError> {
        log_to_file(&dir.join(LOG_FILE))?;
        let path = default_socket(dir);
        socket::clear_stale(&path)?;
        let bound = socket::bind(&path, None, OWN_SOCKET_MODE)?;
        let me = Peer::me();
        let owner = nix::unistd::geteuid().as_raw();
        let served = Served {
            // Every peer let in is the clerk whose database this is: admin.
            roles: Roles::without_file(&me.user),
            database: dir.display().to_string(),
            limits: Limits::default(),
            owner: Some(owner),
        };
        let daemon = serve(store.clone(), path, bound, served)?;
        let hub = match &daemon.running {
            Some(running) => Arc::clone(&running.hub),
            None => return Err(DaemonError::Thread("no hub".into())),
        };
        Ok(OwnServer {
            daemon,
            store: Arc::new(Announcing::new(hub)),
        })
    }

    /// The database for this process: its writes are announced to the other processes.
    pub fn store(&self) -> Arc<dyn Store> {
        Arc::clone(&self.store) as Arc<dyn Store>
    }

    /// Every change announced from now on: the other processes' and this one's.
    pub fn events(&self) -> Receiver<Event> {
        self.store.hub().listen()
    }

    /// Where it listens.
    pub fn socket(&self) -> &Path {
        self.daemon.socket()
    }

    /// Stops serving (answers already asked for are given), flushes the database and
    /// removes the socket.
    pub fn shutdown(self) -> Result<(), DaemonError> {
        self.daemon.shutdown()
    }
}

/// The own server's log lines go to `file` (appended, the user's alone).
fn log_to_file(file: &Path) -> Result<(), DaemonError> {
    let opened = OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(file)
        .map_err(|e| DaemonError::Log {
            file: PathBuf::from(file),
            problem: e.to_string(),
        })?;
    log::to_file(opened);
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use std::time::Duration;

    use super::*;
    use crate::daemon::connection::admit;
    use crate::daemon::hub::Hub;
    use crate::model::{Kind, Record, Region};
    use crate::protocol::{PROTOCOL_VERSION, Refusal, Role};
    use crate::remote::RemoteStore;

    fn region(name: &str) -> Record {
        Record::Region(Region {
            name: name.into(),
            ..Region::default()
        })
    }

    fn peer(uid: u32, user: &str) -> Peer {
        Peer {
            uid,
            user: user.into(),
            groups: Vec::new(),
        }
    }

    #[test]
    fn a_peer_of_another_uid_is_refused_by_an_own_server() {
        let store = EmbeddedStore::temporary("alice").unwrap();
        let (mut hub, _inbox) = Hub::new(
            store,
            Roles::without_file("alice"),
            "db".into(),
            Limits::default(),
        )
        .unwrap();
        let admitted = |hub: &Hub, who: &Peer| admit(hub, who, PROTOCOL_VERSION, "test");
        // The shared server: whoever reaches the socket has a role.
        assert_eq!(admitted(&hub, &peer(1001, "bob")), Ok(Role::Editor));
        hub.owner = Some(1000);
        assert_eq!(admitted(&hub, &peer(1000, "alice")), Ok(Role::Admin));
        for stranger in [peer(1001, "bob"), peer(0, "root"), peer(1001, "alice")] {
            assert_eq!(
                admitted(&hub, &stranger),
                Err(Refusal::NoRole {
                    user: stranger.user.clone()
                }),
                "{stranger:?}"
            );
        }
    }

    #[test]
    fn the_clerks_other_process_is_admin_and_changes_go_both_ways() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("db");
        std::fs::create_dir(&dir).unwrap();
        let store = EmbeddedStore::open(&dir, "alice").unwrap();
        let server = OwnServer::start(&dir, &store).unwrap();
        assert_eq!(server.socket(), default_socket(&dir));
        let own = server.store();
        let heard_here = server.events();

        let other = RemoteStore::connect(server.socket(), "test").unwrap();
        assert_eq!(other.role(), Role::Admin);
        let heard_there = other.events();
        let made_there = other.create(region("Tábor")).unwrap();
        match heard_here.recv_timeout(Duration::from_secs(20)).unwrap() {
            Event::Changed { records, .. } => {
                assert_eq!(records, vec![(made_there.record.reference(), Some(1))]);
            }
            other => panic!("{other:?}"),
        }
        let made_here = own.create(region("Písek")).unwrap();
        loop {
            match heard_there.recv_timeout(Duration::from_secs(20)).unwrap() {
                Event::Changed { records, .. }
                    if records.contains(&(made_here.record.reference(), Some(1))) =>
                {
                    break;
                }
                _ => {}
            }
        }
        assert_eq!(other.list(Kind::Region).unwrap().len(), 2);
        drop(other);
        server.shutdown().unwrap();
        assert!(!default_socket(&dir).exists());
    }
}
