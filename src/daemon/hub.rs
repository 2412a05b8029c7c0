//! What every connection shares: the store, the roles, and the connections themselves,
//! so that an event reaches every client and a shutdown reaches every connection.

use std::collections::HashMap;
use std::net::Shutdown;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError};
use std::sync::{Mutex, MutexGuard};

use crate::daemon::Roles;
use crate::daemon::log::log;
use crate::protocol::{Event, ServerMessage};
use crate::store::EmbeddedStore;

/// How many messages may wait for a client's writer; a client that lets more pile up
/// is too slow to follow the events and is disconnected.
pub const OUTBOX: usize = 4096;

pub struct Hub {
    pub store: EmbeddedStore,
    pub roles: Roles,
    /// The database as the Welcome names it.
    pub database: String,
    stopping: AtomicBool,
    next: AtomicU64,
    connections: Mutex<HashMap<u64, Connection>>,
}

struct Connection {
    /// A handle on the socket, to end the connection from outside its thread.
    stream: UnixStream,
    /// Where events go, once the client has been welcomed.
    outbox: Option<SyncSender<ServerMessage>>,
    user: String,
}

impl Hub {
    pub fn new(store: EmbeddedStore, roles: Roles, database: String) -> Hub {
        Hub {
            store,
            roles,
            database,
            stopping: AtomicBool::new(false),
            next: AtomicU64::new(1),
            connections: Mutex::new(HashMap::new()),
        }
    }

    fn connections(&self) -> MutexGuard<'_, HashMap<u64, Connection>> {
        // The map is consistent after any single insert or remove, so a poisoned lock
        // is safe to take over.
        self.connections
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    pub fn begin_stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
    }

    /// Records a new connection; its number.
    pub fn register(&self, stream: &UnixStream) -> std::io::Result<u64> {
        let handle = stream.try_clone()?;
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        self.connections().insert(
            id,
            Connection {
                stream: handle,
                outbox: None,
                user: String::new(),
            },
        );
        Ok(id)
    }

    /// From now on the connection receives events.
    pub fn welcome(&self, id: u64, user: &str, outbox: SyncSender<ServerMessage>) {
        if let Some(c) = self.connections().get_mut(&id) {
            c.outbox = Some(outbox);
            c.user = user.to_string();
        }
    }

    pub fn unregister(&self, id: u64) {
        self.connections().remove(&id);
    }

    /// Sends an event to every welcomed client; one whose outbox is full is cut off.
    pub fn broadcast(&self, event: &Event) {
        let mut slow = Vec::new();
        {
            let connections = self.connections();
            for (&id, c) in connections.iter() {
                let Some(outbox) = &c.outbox else { continue };
                match outbox.try_send(ServerMessage::Event(event.clone())) {
                    Ok(()) | Err(TrySendError::Disconnected(_)) => {}
                    Err(TrySendError::Full(_)) => {
                        let _ = c.stream.shutdown(Shutdown::Both);
                        slow.push((id, c.user.clone()));
                    }
                }
            }
        }
        for (id, user) in slow {
            log(&format!(
                "connection {id} of {user} disconnected: it did not read {OUTBOX} waiting messages"
            ));
        }
    }

    /// Ends reading on every connection: requests already received are finished and
    /// answered, nothing new is read.
    pub fn stop_reading(&self) {
        for c in self.connections().values() {
            let _ = c.stream.shutdown(Shutdown::Read);
        }
    }

    pub fn connection_count(&self) -> usize {
        self.connections().len()
    }
}
