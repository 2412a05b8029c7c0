//! One client's connection, on one thread: the handshake (small frames, a deadline),
//! then requests read and answered in order. Answers go through the client's outbox
//! ([`Hub::send`]), so this thread never waits for a client to read; events go to the
//! fan-out thread ([`Hub::announce`]).

use std::io::BufReader;
use std::net::Shutdown;
use std::os::fd::AsFd;
use std::sync::Arc;
use std::time::{Duration, Instant};

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};

use crate::daemon::deadline::Timed;
use crate::daemon::hub::{Client, Hub};
use crate::daemon::log::log;
use crate::daemon::outbox::Flush;
use crate::daemon::peer::Peer;
use crate::protocol::frame::{self, FrameError, MAX_FRAME};
use crate::protocol::{
    ClientMessage, PROTOCOL_VERSION, Refusal, Role, ServerMessage, WireError, dispatch,
};

/// How long what waits for a client that has stopped sending may still take to go out.
const LINGER: Duration = Duration::from_secs(10);

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

/// Serves one connection until the client leaves, sends something unreadable, is cut
/// off, or the daemon stops.
pub fn serve(hub: &Hub, client: &Arc<Client>) {
    let _registered = Registered { hub, id: client.id };
    let id = client.id;
    match Peer::of(&client.stream) {
        Ok(peer) => {
            client.set_user(&peer.user);
            converse(hub, client, &peer);
            linger(hub, client);
        }
        Err(e) => log(&format!(
            "connection {id}: cannot tell who connected ({e}); closed"
        )),
    }
    let _ = client.stream.shutdown(Shutdown::Both);
}

fn converse(hub: &Hub, client: &Arc<Client>, peer: &Peer) {
    let user = peer.user.as_str();
    let limits = hub.limits;
    let mut reader = BufReader::new(Timed::new(
        &client.stream,
        Instant::now() + limits.hello_deadline,
    ));
    let role = match frame::read_limited::<ClientMessage>(&mut reader, limits.hello_frame) {
        Ok(Some(ClientMessage::Hello { version, program })) => {
            match admit(hub, peer, version, &program) {
                Ok(role) => role,
                Err(refusal) => {
                    hub.send(client, &ServerMessage::Refused(refusal));
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
        Err(e) if e.is_timeout() => {
            log(&format!(
                "{user} did not say Hello within {} s; connection closed",
                limits.hello_deadline.as_secs_f64()
            ));
            return;
        }
        Err(e) => {
            log_frame_error(hub, user, &e);
            return;
        }
    };
    if reader.get_mut().lift().is_err() {
        return;
    }
    let welcome = ServerMessage::Welcome {
        version: PROTOCOL_VERSION,
        user: user.to_string(),
        role,
        database: hub.database.clone(),
    };
    if !hub.send(client, &welcome) {
        return;
    }
    hub.welcome(client);

    let store = hub.store.with_actor(user);
    loop {
        let (request_id, request) =
            match frame::read_limited::<ClientMessage>(&mut reader, MAX_FRAME) {
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
        if !hub.send(client, &response) {
            return;
        }
        hub.announce(events);
    }
}

/// Gives what still waits for the client a bounded time to go out: [`LINGER`], or
/// until the stop's deadline.
fn linger(hub: &Hub, client: &Client) {
    let mut until = Instant::now() + LINGER;
    loop {
        if let Some(stop) = hub.stop_deadline() {
            until = until.min(stop);
        }
        match client.outbox().flush(&client.stream) {
            Flush::Waiting => {}
            Flush::Done | Flush::Gone => return,
        }
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            let left_over = client.outbox().bytes();
            log(&format!(
                "connection {} of {}: {left_over} bytes were not read in time; closed",
                client.id,
                client.user()
            ));
            client.cut_off();
            return;
        }
        // In short steps, so that a stop begun meanwhile shortens the wait.
        let step = left.min(Duration::from_millis(100));
        let timeout = PollTimeout::try_from(step).unwrap_or(PollTimeout::ZERO);
        let mut fds = [PollFd::new(client.stream.as_fd(), PollFlags::POLLOUT)];
        let _ = poll(&mut fds, timeout);
    }
}

/// The client's role, or why it is refused.
pub(super) fn admit(hub: &Hub, peer: &Peer, version: u32, program: &str) -> Result<Role, Refusal> {
    let user = &peer.user;
    // What the client calls itself is its say, not ours: it goes to the log cleaned.
    let program = crate::model::text::sanitize_line(program);
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
    if let Some(owner) = hub.owner
        && peer.uid != owner
    {
        log(&format!(
            "{user} (uid {}, {program}) is not the clerk whose database this is: refused",
            peer.uid
        ));
        return Err(Refusal::NoRole { user: user.clone() });
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
