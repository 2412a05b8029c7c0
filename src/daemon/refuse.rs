//! A connection past `--max-clients` is told so over the protocol and closed. Each
//! costs a short-lived thread, and only a few run at once: past them a connection is
//! closed without a word.

use std::net::Shutdown;
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::daemon::deadline::Timed;
use crate::daemon::limits::Limits;
use crate::protocol::frame;
use crate::protocol::{ClientMessage, Refusal, ServerMessage};

/// Refusals under way at once, at most.
const AT_ONCE: usize = 16;

/// How long a refused client's Hello is waited for, at most.
const HELLO: Duration = Duration::from_secs(2);

/// Refusals under way.
#[derive(Debug, Default, Clone)]
pub struct Refusals(Arc<AtomicUsize>);

/// Counts a refusal under way until dropped.
struct Underway(Arc<AtomicUsize>);

impl Drop for Underway {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Refusals {
    /// Tells the client on `stream` that the daemon serves as many clients as it may,
    /// and closes the connection.
    pub fn refuse(&self, stream: UnixStream, limits: &Limits) {
        if self.0.fetch_add(1, Ordering::SeqCst) >= AT_ONCE {
            self.0.fetch_sub(1, Ordering::SeqCst);
            return;
        }
        let underway = Underway(Arc::clone(&self.0));
        let limit = u64::try_from(limits.max_clients).unwrap_or(u64::MAX);
        let hello_frame = limits.hello_frame;
        let wait = HELLO.min(limits.hello_deadline);
        let _ = std::thread::Builder::new()
            .name("kpss-refuse".into())
            .spawn(move || {
                let _underway = underway;
                tell(&stream, limit, hello_frame, wait);
            });
    }
}

fn tell(stream: &UnixStream, limit: u64, hello_frame: usize, wait: Duration) {
    let refusal = ServerMessage::Refused(Refusal::TooManyClients { limit });
    if stream.set_write_timeout(Some(wait)).is_err()
        || frame::write(&mut &*stream, &refusal).is_err()
    {
        return;
    }
    // The client's Hello is read before closing: a socket closed with unread bytes
    // resets the connection, and the client might lose the refusal to the reset.
    let mut reader = Timed::new(stream, Instant::now() + wait);
    let _ = frame::read_limited::<ClientMessage>(&mut reader, hello_frame);
    let _ = stream.shutdown(Shutdown::Both);
}
