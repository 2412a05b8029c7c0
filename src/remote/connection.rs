//! The connection under a [`super::RemoteStore`]: the handshake, the write half shared by
//! every caller, the reader thread that routes responses by id and events to subscribers,
//! and the loop that gets a dropped connection back.

use std::collections::HashMap;
use std::io::BufReader;
use std::net::Shutdown;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::model::Lang;
use crate::protocol::frame::{self, FrameError};
use crate::protocol::{
    ClientMessage, Event, PROTOCOL_VERSION, Refusal, Reply, Request, Role, ServerMessage,
};
use crate::remote::status::{Connection, backoff};
use crate::store::{Result, StoreError};

/// How long a call waits for its response.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(30);
/// How long connecting waits for the daemon's answer to the hello.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a write whose connection broke waits for the connection to come back before
/// it is sent again (and, failing that, reported as of unknown outcome).
pub const WRITE_RETRY: Duration = Duration::from_secs(10);

/// A lock, taken over if a holder panicked: nothing under these locks is left half-done.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Who the daemon says the client is.
#[derive(Debug, Clone)]
pub(crate) struct Welcome {
    pub user: String,
    pub role: Role,
    pub database: String,
}

/// A connection that has passed the handshake.
pub(crate) struct Handshaken {
    pub writer: UnixStream,
    pub reader: BufReader<UnixStream>,
    pub welcome: Welcome,
}

/// Why a handshake failed.
#[derive(Debug)]
pub(crate) enum HandshakeError {
    /// No daemon could be reached, or it did not answer in time, or answered nonsense.
    Unreachable(String),
    /// The daemon refused the client.
    Refused(Refusal),
    /// A daemon listens on the socket but did not answer within the wait: it may still
    /// be opening its database.
    Slow(String),
}

impl HandshakeError {
    pub fn into_store_error(self, socket: &Path) -> StoreError {
        match self {
            HandshakeError::Unreachable(why) | HandshakeError::Slow(why) => {
                StoreError::Disconnected(format!("{}: {why}", socket.display()))
            }
            HandshakeError::Refused(refusal) => StoreError::Remote {
                cs: refusal.message(Lang::Cs),
                en: refusal.message(Lang::En),
            },
        }
    }

    /// Whether trying again later cannot help (the daemon will keep refusing).
    fn is_permanent(&self) -> bool {
        matches!(
            self,
            HandshakeError::Refused(Refusal::Version { .. } | Refusal::NoRole { .. })
        )
    }
}

/// Connects to `socket`, says hello and reads the daemon's answer, waiting at most
/// `timeout` for each step.
pub(crate) fn handshake(
    socket: &Path,
    program: &str,
    timeout: Duration,
) -> std::result::Result<Handshaken, HandshakeError> {
    let unreachable = |e: &dyn std::fmt::Display| HandshakeError::Unreachable(e.to_string());
    let stream = UnixStream::connect(socket).map_err(|e| unreachable(&e))?;
    stream
        .set_read_timeout(Some(timeout))
        .map_err(|e| unreachable(&e))?;
    stream
        .set_write_timeout(Some(timeout))
        .map_err(|e| unreachable(&e))?;
    let mut writer = stream.try_clone().map_err(|e| unreachable(&e))?;
    let hello = ClientMessage::Hello {
        version: PROTOCOL_VERSION,
        program: program.to_string(),
    };
    frame::write(&mut writer, &hello).map_err(|e| unreachable(&e))?;
    let mut reader = BufReader::new(stream);
    let answer = frame::read::<ServerMessage>(&mut reader).map_err(|e| {
        if e.is_timeout() {
            HandshakeError::Slow(e.to_string())
        } else {
            unreachable(&e)
        }
    })?;
    let welcome = match answer {
        Some(ServerMessage::Welcome {
            version,
            user,
            role,
            database,
        }) => {
            if version != PROTOCOL_VERSION {
                return Err(HandshakeError::Refused(Refusal::Version {
                    client: PROTOCOL_VERSION,
                    server: version,
                }));
            }
            Welcome {
                user,
                role,
                database,
            }
        }
        Some(ServerMessage::Refused(refusal)) => return Err(HandshakeError::Refused(refusal)),
        Some(_) => {
            return Err(HandshakeError::Unreachable(
                "server neodpověděl na pozdrav / the server did not answer the hello".into(),
            ));
        }
        None => {
            return Err(HandshakeError::Unreachable(
                "server ukončil spojení / the server closed the connection".into(),
            ));
        }
    };
    // From now on the reader waits as long as it takes; a call bounds its own wait.
    reader
        .get_ref()
        .set_read_timeout(None)
        .map_err(|e| unreachable(&e))?;
    writer
        .set_write_timeout(Some(CALL_TIMEOUT))
        .map_err(|e| unreachable(&e))?;
    Ok(Handshaken {
        writer,
        reader,
        welcome,
    })
}

type Answer = Result<Reply>;

/// Everything the callers and the reader thread share.
pub(crate) struct Shared {
    socket: PathBuf,
    program: String,
    /// The write half; `None` while disconnected. Requests are written under this lock,
    /// and a waiting caller is registered in `pending` under it too, so that dropping the
    /// link (set to `None`, then drain `pending`) answers every request sent on it.
    link: Mutex<Option<UnixStream>>,
    pending: Mutex<HashMap<u64, Sender<Answer>>>,
    next_id: AtomicU64,
    subscribers: Mutex<Vec<Sender<Event>>>,
    watchers: Mutex<Vec<Sender<Connection>>>,
    status: Mutex<Connection>,
    welcome: Mutex<Welcome>,
    reconnects: AtomicU64,
    /// Set when the store is dropped: the reader thread ends and never reconnects.
    closed: AtomicBool,
}

impl Shared {
    pub fn new(socket: &Path, program: &str, writer: UnixStream, welcome: Welcome) -> Shared {
        Shared {
            socket: socket.to_path_buf(),
            program: program.to_string(),
            link: Mutex::new(Some(writer)),
            pending: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(1),
            subscribers: Mutex::new(Vec::new()),
            watchers: Mutex::new(Vec::new()),
            status: Mutex::new(Connection::Connected),
            welcome: Mutex::new(welcome),
            reconnects: AtomicU64::new(0),
            closed: AtomicBool::new(false),
        }
    }

    pub fn welcome(&self) -> Welcome {
        lock(&self.welcome).clone()
    }

    pub fn status(&self) -> Connection {
        lock(&self.status).clone()
    }

    pub fn reconnects(&self) -> u64 {
        self.reconnects.load(Ordering::SeqCst)
    }

    pub fn subscribe(&self) -> mpsc::Receiver<Event> {
        let (tx, rx) = mpsc::channel();
        lock(&self.subscribers).push(tx);
        rx
    }

    pub fn watch(&self) -> mpsc::Receiver<Connection> {
        let (tx, rx) = mpsc::channel();
        lock(&self.watchers).push(tx);
        rx
    }

    fn set_status(&self, status: Connection) {
        let mut current = lock(&self.status);
        if *current == status {
            return;
        }
        *current = status.clone();
        drop(current);
        lock(&self.watchers).retain(|w| w.send(status.clone()).is_ok());
    }

    fn publish(&self, event: Event) {
        lock(&self.subscribers).retain(|s| s.send(event.clone()).is_ok());
    }

    /// Why a call cannot even be sent.
    fn not_connected(&self) -> StoreError {
        match self.status() {
            Connection::Failed { cs, en } => StoreError::Remote { cs, en },
            _ => StoreError::Disconnected("obnovuji spojení / reconnecting".into()),
        }
    }

    /// Sends one request and waits for its response.
    pub fn call(&self, request: Request) -> Answer {
        self.exchange(request).1
    }

    /// Sends a write and waits for its response. The request carries the client's write
    /// id, so when the connection breaks after it went out (it may or may not have been
    /// committed), it is sent again once the connection is back: the daemon answers a
    /// write it has already applied with that first outcome, so the clerk hears the
    /// truth and nothing is stored twice. If the connection does not come back within
    /// [`WRITE_RETRY`], the answer is [`StoreError::Uncertain`].
    pub fn call_write(&self, request: Request) -> Answer {
        let (sent, answer) = self.exchange(request.clone());
        let why = match answer {
            Err(StoreError::Disconnected(why)) if sent => why,
            other => return other,
        };
        if !self.wait_connected(WRITE_RETRY) {
            return Err(StoreError::Uncertain(why));
        }
        match self.exchange(request) {
            (_, Err(StoreError::Disconnected(why))) => Err(StoreError::Uncertain(why)),
            (_, other) => other,
        }
    }

    /// Waits until the connection is up (true), or the store is closed, the daemon
    /// refused for good or `limit` passed (false).
    fn wait_connected(&self, limit: Duration) -> bool {
        let until = Instant::now() + limit;
        loop {
            match self.status() {
                Connection::Connected if lock(&self.link).is_some() => return true,
                Connection::Failed { .. } => return false,
                _ => {}
            }
            if self.closed.load(Ordering::SeqCst) || Instant::now() >= until {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends one request and waits for its response; the flag says whether the request
    /// may have reached the daemon (false: it was certainly not sent).
    fn exchange(&self, request: Request) -> (bool, Answer) {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let (tx, rx) = mpsc::channel();
        {
            let mut link = lock(&self.link);
            let Some(stream) = link.as_mut() else {
                return (false, Err(self.not_connected()));
            };
            lock(&self.pending).insert(id, tx);
            let message = ClientMessage::Request {
                id,
                request: Box::new(request),
            };
            if let Err(e) = frame::write(stream, &message) {
                lock(&self.pending).remove(&id);
                return match e {
                    FrameError::Io(e) => {
                        // Part of a frame may have gone out: the stream is unusable. The
                        // reader sees it end and reconnects.
                        let _ = stream.shutdown(Shutdown::Both);
                        (true, Err(StoreError::Disconnected(e.to_string())))
                    }
                    // Nothing was written; the connection is fine.
                    other => (
                        false,
                        Err(StoreError::Remote {
                            cs: format!("Požadavek nelze odeslat: {other}"),
                            en: format!("The request cannot be sent: {other}"),
                        }),
                    ),
                };
            }
        }
        let answer = match rx.recv_timeout(CALL_TIMEOUT) {
            Ok(answer) => answer,
            Err(RecvTimeoutError::Timeout) => {
                lock(&self.pending).remove(&id);
                // The answer may have come in just now.
                match rx.try_recv() {
                    Ok(answer) => answer,
                    Err(_) => Err(StoreError::Disconnected("timeout".into())),
                }
            }
            Err(RecvTimeoutError::Disconnected) => Err(self.not_connected()),
        };
        (true, answer)
    }

    /// Reads frames until the connection ends; returns why it ended.
    fn read_until_drop(&self, reader: &mut BufReader<UnixStream>) -> String {
        loop {
            match frame::read::<ServerMessage>(reader) {
                Ok(Some(ServerMessage::Response { id, result })) => {
                    // No one waiting: the caller gave up (timeout); drop the answer.
                    if let Some(tx) = lock(&self.pending).remove(&id) {
                        let _ = tx.send((*result).map_err(StoreError::from));
                    }
                }
                Ok(Some(ServerMessage::Event(event))) => self.publish(event),
                Ok(Some(_)) => {
                    return "nečekaná zpráva serveru / unexpected message from the server".into();
                }
                Ok(None) => {
                    return "server ukončil spojení / the server closed the connection".into();
                }
                Err(e) => return e.to_string(),
            }
        }
    }

    /// The connection is gone: no more requests on it, and every one waiting is answered
    /// with [`StoreError::Disconnected`].
    fn lose_link(&self, why: &str) {
        if !self.closed.load(Ordering::SeqCst) {
            self.set_status(Connection::Reconnecting { attempt: 1 });
        }
        if let Some(stream) = lock(&self.link).take() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        let waiting: Vec<Sender<Answer>> = lock(&self.pending).drain().map(|(_, tx)| tx).collect();
        for tx in waiting {
            let _ = tx.send(Err(StoreError::Disconnected(why.to_string())));
        }
    }

    /// Sleeps `wait`, waking early when the store is dropped; false if it was.
    fn sleep(&self, wait: Duration) -> bool {
        let until = Instant::now() + wait;
        loop {
            if self.closed.load(Ordering::SeqCst) {
                return false;
            }
            let now = Instant::now();
            if now >= until {
                return true;
            }
            std::thread::sleep((until - now).min(Duration::from_millis(20)));
        }
    }

    /// Tries to connect again with growing waits until it works, the daemon refuses for
    /// good, or the store is dropped.
    fn reconnect(&self) -> Option<BufReader<UnixStream>> {
        let mut attempt = 1u32;
        loop {
            self.set_status(Connection::Reconnecting { attempt });
            if !self.sleep(backoff(attempt)) {
                return None;
            }
            match handshake(&self.socket, &self.program, HANDSHAKE_TIMEOUT) {
                Ok(h) => {
                    let mut link = lock(&self.link);
                    if self.closed.load(Ordering::SeqCst) {
                        let _ = h.writer.shutdown(Shutdown::Both);
                        return None;
                    }
                    *lock(&self.welcome) = h.welcome;
                    *link = Some(h.writer);
                    drop(link);
                    self.reconnects.fetch_add(1, Ordering::SeqCst);
                    self.set_status(Connection::Connected);
                    return Some(h.reader);
                }
                Err(e) if e.is_permanent() => {
                    let e = e.into_store_error(&self.socket);
                    self.set_status(Connection::Failed {
                        cs: e.message(Lang::Cs),
                        en: e.message(Lang::En),
                    });
                    return None;
                }
                Err(_) => attempt = attempt.saturating_add(1),
            }
        }
    }

    /// The reader thread: reads, and when the connection drops, gets it back.
    pub fn run(self: Arc<Shared>, mut reader: BufReader<UnixStream>) {
        loop {
            let why = self.read_until_drop(&mut reader);
            self.lose_link(&why);
            if self.closed.load(Ordering::SeqCst) {
                return;
            }
            match self.reconnect() {
                Some(next) => reader = next,
                None => return,
            }
        }
    }

    /// The store is being dropped: end the connection and the reader thread.
    pub fn close(&self) {
        let mut link = lock(&self.link);
        self.closed.store(true, Ordering::SeqCst);
        if let Some(stream) = link.take() {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}
