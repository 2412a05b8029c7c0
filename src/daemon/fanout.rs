//! The one thread that carries events to every client and finishes sending whatever a
//! client's socket could not take at once.
//!
//! A writer hands its events over and goes on; the fan-out thread takes all events that
//! came meanwhile, encodes them once into one run of frames shared by every client, and
//! gives that run to each welcomed client's outbox with one non-blocking send. Clients
//! whose socket was full are watched with `poll(2)` until it takes more. So idle clients
//! cost a writer nothing, and a busy moment costs each client one send, not one per
//! event: runs go out at most once per [`WINDOW`] (the first after a quiet spell at
//! once), which bounds the fan-out's share of the processor however fast writes come.

use std::collections::HashMap;
use std::os::fd::{AsFd, AsRawFd};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError};
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::socket::{MsgFlags, recv, send};

use crate::daemon::hub::{Client, Delivery, Hub};
use crate::daemon::log::log;
use crate::daemon::outbox::Flush;
use crate::protocol::frame;
use crate::protocol::{Event, ServerMessage};

/// The shortest time between two runs of events.
const WINDOW: Duration = Duration::from_millis(10);

/// What the fan-out thread is given.
pub enum Work {
    /// Changes to tell every welcomed client of.
    Events(Vec<Event>),
    /// A client whose socket was full: send the rest when it is writable.
    Waiting(Arc<Client>),
    /// The daemon stops: end now.
    Stop,
}

/// The hub's ends: where work goes, and a socket whose every byte wakes the thread.
pub struct Senders {
    pub work: Sender<Work>,
    pub wake: UnixStream,
}

/// The thread's ends.
pub struct Inbox {
    work: Receiver<Work>,
    wake: UnixStream,
}

pub fn channel() -> std::io::Result<(Senders, Inbox)> {
    let (work, queue) = std::sync::mpsc::channel();
    let (wake, woken) = UnixStream::pair()?;
    wake.set_nonblocking(true)?;
    woken.set_nonblocking(true)?;
    Ok((
        Senders { work, wake },
        Inbox {
            work: queue,
            wake: woken,
        },
    ))
}

/// Wakes the thread. A full wake-up socket means it is due to wake anyway.
pub fn wake(socket: &UnixStream) {
    let _ = send(
        socket.as_fd().as_raw_fd(),
        &[1],
        MsgFlags::MSG_DONTWAIT | MsgFlags::MSG_NOSIGNAL,
    );
}

/// Runs until [`Work::Stop`] (or until the hub is gone).
pub fn run(hub: &Hub, inbox: &Inbox) {
    // Clients whose outbox holds what their socket did not take yet.
    let mut waiting: HashMap<u64, Arc<Client>> = HashMap::new();
    // Events not sent yet, and when the last run went out.
    let mut events = Vec::new();
    let mut last_run: Option<Instant> = None;
    loop {
        let next_run = match last_run {
            Some(last) if !events.is_empty() => Some(last + WINDOW),
            _ => None,
        };
        let writable = match wait(inbox, &waiting, next_run) {
            Ok(writable) => writable,
            Err(e) => {
                log(&format!("waiting for clients failed ({e}); trying again"));
                std::thread::sleep(Duration::from_millis(50));
                Vec::new()
            }
        };
        drain(&inbox.wake);
        for id in writable {
            let Some(client) = waiting.get(&id) else {
                continue;
            };
            let flushed = client.outbox().flush(&client.stream);
            match flushed {
                Flush::Waiting => {}
                Flush::Done => {
                    waiting.remove(&id);
                }
                Flush::Gone => {
                    client.cut_off();
                    waiting.remove(&id);
                }
            }
        }
        loop {
            match inbox.work.try_recv() {
                Ok(Work::Events(more)) => events.extend(more),
                Ok(Work::Waiting(client)) => {
                    waiting.insert(client.id, client);
                }
                Ok(Work::Stop) | Err(TryRecvError::Disconnected) => return,
                Err(TryRecvError::Empty) => break,
            }
        }
        if hub.stopping() {
            events.clear();
        }
        let due = last_run.is_none_or(|last| last.elapsed() >= WINDOW);
        if !events.is_empty() && due {
            announce(hub, &events, &mut waiting);
            events.clear();
            last_run = Some(Instant::now());
        }
    }
}

/// Waits for work, for a waiting client's socket to take more (or to close), or until
/// `until`; the clients whose sockets are ready.
fn wait(
    inbox: &Inbox,
    waiting: &HashMap<u64, Arc<Client>>,
    until: Option<Instant>,
) -> nix::Result<Vec<u64>> {
    let clients: Vec<&Arc<Client>> = waiting.values().collect();
    let mut fds = Vec::with_capacity(clients.len() + 1);
    fds.push(PollFd::new(inbox.wake.as_fd(), PollFlags::POLLIN));
    for client in &clients {
        fds.push(PollFd::new(client.stream.as_fd(), PollFlags::POLLOUT));
    }
    let timeout = match until {
        None => PollTimeout::NONE,
        // Rounded up, so that the run is due when the wait ends.
        Some(until) => {
            let left = until.saturating_duration_since(Instant::now()) + Duration::from_micros(999);
            PollTimeout::try_from(left).unwrap_or(PollTimeout::MAX)
        }
    };
    match poll(&mut fds, timeout) {
        Ok(_) => {}
        Err(Errno::EINTR) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    }
    Ok(clients
        .iter()
        .zip(fds.iter().skip(1))
        .filter(|(_, fd)| fd.revents().is_some_and(|r| !r.is_empty()))
        .map(|(client, _)| client.id)
        .collect())
}

fn drain(wake: &UnixStream) {
    let mut buf = [0u8; 256];
    while let Ok(n) = recv(wake.as_raw_fd(), &mut buf, MsgFlags::MSG_DONTWAIT) {
        if n == 0 {
            break;
        }
    }
}

/// Gives every welcomed client `events`, encoded once.
fn announce(hub: &Hub, events: &[Event], waiting: &mut HashMap<u64, Arc<Client>>) {
    let mut bytes = Vec::new();
    for event in events {
        if let Err(e) = frame::write(&mut bytes, &ServerMessage::Event(event.clone())) {
            log(&format!("an event cannot be sent ({e}); left out"));
        }
    }
    let run: Arc<[u8]> = bytes.into();
    for client in hub.welcomed() {
        if hub.deliver(&client, Arc::clone(&run)) == Delivery::Waiting {
            waiting.insert(client.id, client);
        }
    }
}
