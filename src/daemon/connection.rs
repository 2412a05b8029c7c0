//! One client's connection: the handshake, then requests answered in order. Everything
//! the client receives (responses and events) goes through one writer thread fed by a
//! channel, so that frames never interleave.

use std::io::{BufReader, Write as _};
use std::net::Shutdown;
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::Duration;

use crate::daemon::hub::{Hub, OUTBOX};
use crate::daemon::log::log;
use crate::daemon::peer::Peer;
use crate::protocol::frame::{self, FrameError};
use crate::protocol::{
    ClientMessage, PROTOCOL_VERSION, Refusal, Role, ServerMessage, WireError, dispatch,
};

/// How long a client has to say Hello.
const HANDSHAKE: Duration = Duration::from_secs(30);
/// How many bytes of waiting messages go out in one write, at most (roughly).
const BATCH: usize = 256 * 1024;
/// How long a write to a client that does not read may block.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// Takes the connection off the hub even if its thread ends by a panic.
struct Registered<'a> {
    hub: &'a Hub,
    id: u64,
}

impl Drop for Registered<'_> {
    fn drop(&mut self) {
        self.hub.unregister(self.id);
    }
}

/// Serves one connection until the client leaves, sends something unreadable, or the
/// daemon stops.
pub fn serve(hub: Arc<Hub>, id: u64, stream: UnixStream) {
    let registered = Registered { hub: &hub, id };
    let peer = match Peer::of(&stream) {
        Ok(peer) => peer,
        Err(e) => {
            log(&format!(
                "connection {id}: cannot tell who connected ({e}); closed"
            ));
            return;
        }
    };
    let writer = match stream.try_clone().and_then(|out| {
        out.set_write_timeout(Some(WRITE_TIMEOUT))?;
        let (outbox, queue) = sync_channel(OUTBOX);
        let user = peer.user.clone();
        let handle = std::thread::Builder::new()
            .name(format!("kpss-writer-{id}"))
            .spawn(move || write_all(out, queue, &user))?;
        Ok((outbox, handle))
    }) {
        Ok(writer) => writer,
        Err(e) => {
            log(&format!("connection {id} of {}: {e}; closed", peer.user));
            return;
        }
    };
    let (outbox, handle) = writer;
    converse(&hub, id, &peer, &stream, &outbox);
    drop(registered);
    drop(outbox);
    let _ = handle.join();
    let _ = stream.shutdown(Shutdown::Both);
}

/// Writes what the connection's outbox holds, in order, until every sender is gone.
/// Messages that are waiting together go out in one write.
fn write_all(mut stream: UnixStream, queue: Receiver<ServerMessage>, user: &str) {
    let mut batch = Vec::new();
    while let Ok(first) = queue.recv() {
        batch.clear();
        let mut next = Some(first);
        while let Some(message) = next.take() {
            if let Err(e) = frame::write(&mut batch, &message) {
                // A message too large for a frame: the client cannot be told the truth,
                // so it is disconnected rather than left waiting.
                log(&format!(
                    "a message to {user} cannot be sent ({e}); connection closed"
                ));
                let _ = stream.shutdown(Shutdown::Both);
                return;
            }
            if batch.len() < BATCH {
                next = queue.try_recv().ok();
            }
        }
        if let Err(e) = stream.write_all(&batch).and_then(|()| stream.flush()) {
            if !is_departure_io(&e) {
                log(&format!(
                    "writing to {user} failed ({e}); connection closed"
                ));
            }
            let _ = stream.shutdown(Shutdown::Both);
            return;
        }
    }
}

fn converse(
    hub: &Hub,
    id: u64,
    peer: &Peer,
    stream: &UnixStream,
    outbox: &SyncSender<ServerMessage>,
) {
    let user = peer.user.as_str();
    let mut reader = BufReader::new(stream);
    let _ = stream.set_read_timeout(Some(HANDSHAKE));
    let role = match frame::read::<ClientMessage>(&mut reader) {
        Ok(Some(ClientMessage::Hello { version, program })) => {
            match admit(hub, peer, version, &program) {
                Ok(role) => role,
                Err(refusal) => {
                    let _ = outbox.send(ServerMessage::Refused(refusal));
                    return;
                }
            }
        }
        Ok(Some(ClientMessage::Request { .. })) => {
            log(&format!(
                "{user} sent a request before Hello; connection closed"
            ));
            return;
        }
        Ok(None) => return,
        Err(e) => {
            log_frame_error(hub, user, &e);
            return;
        }
    };
    let _ = stream.set_read_timeout(None);
    let welcome = ServerMessage::Welcome {
        version: PROTOCOL_VERSION,
        user: user.to_string(),
        role,
        database: hub.database.clone(),
    };
    if outbox.send(welcome).is_err() {
        return;
    }
    hub.welcome(id, user, outbox.clone());

    let store = hub.store.with_actor(user);
    loop {
        let (request_id, request) = match frame::read::<ClientMessage>(&mut reader) {
            Ok(Some(ClientMessage::Request { id, request })) => (id, request),
            Ok(Some(ClientMessage::Hello { .. })) => {
                log(&format!("{user} sent a second Hello; connection closed"));
                return;
            }
            Ok(None) => return,
            Err(e) => {
                log_frame_error(hub, user, &e);
                return;
            }
        };
        let announce = request.announces();
        let result = if role.allows(&request) {
            dispatch(&store, *request).map_err(WireError::from)
        } else {
            log(&format!(
                "{user} ({}) was refused a change it may not make",
                role_name(role)
            ));
            Err(WireError::Denied {
                user: user.to_string(),
                role: role_name(role).to_string(),
            })
        };
        let events = match &result {
            Ok(reply) => announce.events(reply, user),
            Err(_) => Vec::new(),
        };
        let response = ServerMessage::Response {
            id: request_id,
            result: Box::new(result),
        };
        if outbox.send(response).is_err() {
            return;
        }
        if !hub.stopping() {
            for event in &events {
                hub.broadcast(event);
            }
        }
    }
}

/// The client's role, or why it is refused.
fn admit(hub: &Hub, peer: &Peer, version: u32, program: &str) -> Result<Role, Refusal> {
    let user = &peer.user;
    if version != PROTOCOL_VERSION {
        log(&format!(
            "{user} ({program}) speaks protocol version {version}, this daemon \
             {PROTOCOL_VERSION}: refused"
        ));
        return Err(Refusal::Version {
            client: version,
            server: PROTOCOL_VERSION,
        });
    }
    if hub.stopping() {
        return Err(Refusal::ShuttingDown);
    }
    match hub.roles.role_of(user, &peer.groups) {
        Some(role) => Ok(role),
        None => {
            log(&format!("{user} ({program}) has no role: refused"));
            Err(Refusal::NoRole { user: user.clone() })
        }
    }
}

/// The role as the roles file spells it.
fn role_name(role: Role) -> &'static str {
    match role {
        Role::Viewer => "viewer",
        Role::Editor => "editor",
        Role::Admin => "admin",
    }
}

fn log_frame_error(hub: &Hub, user: &str, e: &FrameError) {
    // A read cut by the daemon's own shutdown is no problem of the client's.
    if hub.stopping() && matches!(e, FrameError::Truncated | FrameError::Io(_)) {
        return;
    }
    if is_departure(e) {
        return;
    }
    log(&format!("{user}: {e}; connection closed"));
}

/// A client that went away without saying goodbye (it closed with messages still
/// unread): an ordinary end, not a problem to log.
fn is_departure(e: &FrameError) -> bool {
    matches!(e, FrameError::Io(io) if is_departure_io(io))
}

fn is_departure_io(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
    )
}
