//! What every connection shares: the store, the roles, the limits and the clients
//! themselves, so that a response, an event and a shutdown reach each.
//!
//! Nothing here waits for a client. What a client is sent goes into its [`Outbox`] and
//! out of it as far as its socket takes at once; the rest is left to the fan-out thread
//! ([`crate::daemon::fanout`]), which also carries events to every client, so a writer
//! pays the same for an announcement whether one clerk is connected or a thousand.

use std::collections::HashMap;
use std::net::Shutdown;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Instant;

use crate::daemon::Roles;
use crate::daemon::fanout::{self, Work};
use crate::daemon::limits::Limits;
use crate::daemon::log::log;
use crate::daemon::outbox::{Flush, Outbox};
use crate::protocol::frame;
use crate::protocol::{Event, ServerMessage};
use crate::store::EmbeddedStore;

/// One connection as everyone else sees it.
pub struct Client {
    pub id: u64,
    pub stream: UnixStream,
    /// Who connected, once known (for the log).
    user: OnceLock<String>,
    /// Whether the client has been welcomed and so hears of every change.
    welcomed: AtomicBool,
    outbox: Mutex<Outbox>,
}

impl Client {
    fn new(id: u64, stream: UnixStream) -> Client {
        Client {
            id,
            stream,
            user: OnceLock::new(),
            welcomed: AtomicBool::new(false),
            outbox: Mutex::new(Outbox::default()),
        }
    }

    pub fn user(&self) -> &str {
        self.user.get().map_or("?", String::as_str)
    }

    pub fn set_user(&self, user: &str) {
        let _ = self.user.set(user.to_string());
    }

    pub fn outbox(&self) -> MutexGuard<'_, Outbox> {
        // An outbox holds whole chunks after any push or flush: safe to take over.
        self.outbox
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Ends the connection from outside its thread: nothing more is sent, and its
    /// reader sees the end.
    pub fn cut_off(&self) {
        self.outbox().clear();
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

/// What became of something given to a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// It went out whole.
    Sent,
    /// It waits behind what already waited (and is watched already).
    Queued,
    /// The client's socket is full: it goes when the socket is writable.
    Waiting,
    /// The connection is over (closed, or cut off now).
    Closed,
}

pub struct Hub {
    pub store: EmbeddedStore,
    pub roles: Roles,
    /// The database as the Welcome names it.
    pub database: String,
    pub limits: Limits,
    /// The only user (by uid) let in, when the server is one clerk's own
    /// ([`crate::daemon::own`]); anyone with a role otherwise.
    pub owner: Option<u32>,
    stopping: AtomicBool,
    /// When answers still on their way at a stop stop being waited for.
    stop_deadline: OnceLock<Instant>,
    next: AtomicU64,
    clients: Mutex<HashMap<u64, Arc<Client>>>,
    /// Listeners in this process (the terminal application that serves its own
    /// database), told of every change as clients are.
    local: Mutex<Vec<Sender<Event>>>,
    fanout: Sender<Work>,
    wake: UnixStream,
}

impl Hub {
    /// A hub and the two ends the fan-out thread waits on.
    pub fn new(
        store: EmbeddedStore,
        roles: Roles,
        database: String,
        limits: Limits,
    ) -> std::io::Result<(Hub, fanout::Inbox)> {
        let (sender, inbox) = fanout::channel()?;
        let hub = Hub {
            store,
            roles,
            database,
            limits,
            owner: None,
            stopping: AtomicBool::new(false),
            stop_deadline: OnceLock::new(),
            next: AtomicU64::new(1),
            clients: Mutex::new(HashMap::new()),
            local: Mutex::new(Vec::new()),
            fanout: sender.work,
            wake: sender.wake,
        };
        Ok((hub, inbox))
    }

    fn clients(&self) -> MutexGuard<'_, HashMap<u64, Arc<Client>>> {
        // The map is consistent after any single insert or remove, so a poisoned lock
        // is safe to take over.
        self.clients
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// When a stop no longer waits for slow clients (none before a stop).
    pub fn stop_deadline(&self) -> Option<Instant> {
        self.stop_deadline.get().copied()
    }

    pub fn begin_stop(&self) {
        let _ = self
            .stop_deadline
            .set(Instant::now() + self.limits.stop_grace);
        self.stopping.store(true, Ordering::SeqCst);
    }

    /// Records a new connection.
    pub fn register(&self, stream: UnixStream) -> Arc<Client> {
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        let client = Arc::new(Client::new(id, stream));
        self.clients().insert(id, Arc::clone(&client));
        client
    }

    pub fn unregister(&self, id: u64) {
        self.clients().remove(&id);
    }

    /// From now on the client hears of every change.
    pub fn welcome(&self, client: &Client) {
        client.welcomed.store(true, Ordering::SeqCst);
    }

    /// The clients that hear of changes.
    pub fn welcomed(&self) -> Vec<Arc<Client>> {
        self.clients()
            .values()
            .filter(|c| c.welcomed.load(Ordering::SeqCst))
            .cloned()
            .collect()
    }

    /// Sends `message` to `client` without waiting for it; false when the connection is
    /// over.
    pub fn send(&self, client: &Arc<Client>, message: &ServerMessage) -> bool {
        let mut bytes = Vec::new();
        if let Err(e) = frame::write(&mut bytes, message) {
            // A message too large for a frame: the client cannot be told the truth, so
            // it is disconnected rather than left waiting.
            log(&format!(
                "a message to {} cannot be sent ({e}); connection closed",
                client.user()
            ));
            client.cut_off();
            return false;
        }
        match self.deliver(client, bytes.into()) {
            Delivery::Sent | Delivery::Queued => true,
            Delivery::Waiting => {
                self.hand_over(Work::Waiting(Arc::clone(client)));
                true
            }
            Delivery::Closed => false,
        }
    }

    /// Puts `chunk` (whole frames) in the client's outbox and sends what the socket
    /// takes now. A client whose waiting bytes would pass the limit is cut off.
    pub fn deliver(&self, client: &Client, chunk: Arc<[u8]>) -> Delivery {
        let mut outbox = client.outbox();
        let limit = self.limits.outbox_bytes;
        if !outbox.fits(chunk.len(), limit) {
            let waiting = outbox.bytes();
            drop(outbox);
            client.cut_off();
            log(&format!(
                "connection {} of {} disconnected: it left {waiting} bytes unread, and at \
                 most {limit} may wait for a client",
                client.id,
                client.user()
            ));
            return Delivery::Closed;
        }
        let queued = !outbox.is_empty();
        outbox.push(chunk);
        if queued {
            return Delivery::Queued;
        }
        match outbox.flush(&client.stream) {
            Flush::Done => Delivery::Sent,
            Flush::Waiting => Delivery::Waiting,
            Flush::Gone => {
                outbox.clear();
                drop(outbox);
                let _ = client.stream.shutdown(Shutdown::Both);
                Delivery::Closed
            }
        }
    }

    /// Has every welcomed client told of `events` (by the fan-out thread, so the caller
    /// does not wait for them).
    /// Listeners in this process hear of them at once.
    pub fn announce(&self, events: Vec<Event>) {
        if events.is_empty() || self.stopping() {
            return;
        }
        {
            let mut local = self
                .local
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            // A listener that is gone is forgotten.
            local.retain(|listener| events.iter().all(|e| listener.send(e.clone()).is_ok()));
        }
        self.hand_over(Work::Events(events));
    }

    /// Every change announced from now on, for a listener in this process.
    pub fn listen(&self) -> Receiver<Event> {
        let (sender, receiver) = std::sync::mpsc::channel();
        self.local
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(sender);
        receiver
    }

    /// Stops the fan-out thread.
    pub fn stop_fanout(&self) {
        self.hand_over(Work::Stop);
    }

    fn hand_over(&self, work: Work) {
        if self.fanout.send(work).is_ok() {
            fanout::wake(&self.wake);
        }
    }

    /// Ends reading on every connection: requests already received are finished and
    /// answered, nothing new is read.
    pub fn stop_reading(&self) {
        for c in self.clients().values() {
            let _ = c.stream.shutdown(Shutdown::Read);
        }
    }

    /// Connections now, those still to say Hello included.
    pub fn connection_count(&self) -> usize {
        self.clients().len()
    }
}
