//! What waits to be sent to one client: whole frames, in order, written without ever
//! blocking, and counted in bytes so that a client that does not read can be told apart
//! from one that does.

use std::collections::VecDeque;
use std::os::fd::{AsFd, AsRawFd};
use std::sync::Arc;

use nix::errno::Errno;
use nix::sys::socket::{MsgFlags, send};

/// Frames (or runs of frames) still to be sent, the first perhaps partly sent.
#[derive(Debug, Default)]
pub struct Outbox {
    chunks: VecDeque<Arc<[u8]>>,
    /// How much of the first chunk has gone out.
    sent: usize,
    /// Bytes still to send, over all chunks.
    bytes: usize,
    /// The length of the largest chunk waiting.
    largest: usize,
}

/// How far a [`Outbox::flush`] got.
#[derive(Debug)]
pub enum Flush {
    /// Everything went out.
    Done,
    /// The client's socket is full: the rest goes when it is writable again.
    Waiting,
    /// The connection is gone.
    Gone,
}

impl Outbox {
    pub fn is_empty(&self) -> bool {
        self.bytes == 0
    }

    /// Bytes waiting.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Whether `len` more bytes keep the waiting bytes within `limit`, the largest
    /// single message not counted: a client that reads can be given any one answer
    /// (an export of a large register, say) while events wait beside it.
    pub fn fits(&self, len: usize, limit: usize) -> bool {
        let largest = self.largest.max(len);
        self.bytes.saturating_add(len).saturating_sub(largest) <= limit
    }

    pub fn push(&mut self, chunk: Arc<[u8]>) {
        if chunk.is_empty() {
            return;
        }
        self.bytes += chunk.len();
        self.largest = self.largest.max(chunk.len());
        self.chunks.push_back(chunk);
    }

    /// Sends as much as the socket takes now, never waiting.
    pub fn flush(&mut self, socket: &impl AsFd) -> Flush {
        let fd = socket.as_fd().as_raw_fd();
        while let Some(first) = self.chunks.front() {
            let rest = first.get(self.sent..).unwrap_or_default();
            match send(fd, rest, MsgFlags::MSG_DONTWAIT | MsgFlags::MSG_NOSIGNAL) {
                Ok(n) => {
                    self.sent += n;
                    self.bytes -= n;
                    if self.sent >= first.len() {
                        let done = first.len();
                        self.chunks.pop_front();
                        self.sent = 0;
                        if done == self.largest {
                            self.largest = self.chunks.iter().map(|c| c.len()).max().unwrap_or(0);
                        }
                    }
                }
                Err(Errno::EINTR) => {}
                Err(Errno::EAGAIN) => return Flush::Waiting,
                Err(_) => return Flush::Gone,
            }
        }
        Flush::Done
    }

    /// Forgets everything waiting (the connection is being cut off).
    pub fn clear(&mut self) {
        self.chunks.clear();
        self.sent = 0;
        self.bytes = 0;
        self.largest = 0;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use std::io::Read;
    use std::os::unix::net::UnixStream;

    fn chunk(byte: u8, len: usize) -> Arc<[u8]> {
        vec![byte; len].into()
    }

    #[test]
    fn a_full_socket_leaves_the_rest_waiting_in_order() {
        let (ours, mut theirs) = UnixStream::pair().unwrap();
        let mut outbox = Outbox::default();
        let mut pushed = Vec::new();
        // Far more than a socket's buffer holds.
        for i in 0..64u8 {
            let c = chunk(i, 64 * 1024 + usize::from(i));
            pushed.extend_from_slice(&c);
            outbox.push(c);
        }
        assert!(matches!(outbox.flush(&ours), Flush::Waiting));
        assert!(outbox.bytes() > 0 && outbox.bytes() < pushed.len());

        theirs.set_nonblocking(true).unwrap();
        let mut received = Vec::new();
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            match theirs.read(&mut buf) {
                Ok(n) => received.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => panic!("{e}"),
            }
            if received.len() == pushed.len() {
                break;
            }
            match outbox.flush(&ours) {
                Flush::Done | Flush::Waiting => {}
                Flush::Gone => panic!("gone"),
            }
        }
        assert!(outbox.is_empty());
        assert!(received == pushed, "bytes came out of order");
    }

    #[test]
    fn a_closed_peer_is_gone_not_waiting() {
        let (ours, theirs) = UnixStream::pair().unwrap();
        drop(theirs);
        let mut outbox = Outbox::default();
        outbox.push(chunk(1, 10));
        assert!(matches!(outbox.flush(&ours), Flush::Gone));
    }

    #[test]
    fn the_largest_message_is_not_counted_and_the_rest_only_within_the_limit() {
        let mut outbox = Outbox::default();
        assert!(outbox.fits(1_000_000, 100));
        outbox.push(chunk(0, 60));
        assert!(outbox.fits(40, 100));
        // One large answer fits beside what waits.
        assert!(outbox.fits(1_000_000, 100));
        outbox.push(chunk(1, 1_000_000));
        assert!(outbox.fits(40, 100));
        assert!(!outbox.fits(41, 100));
        // A second large one does not.
        assert!(!outbox.fits(1_000_000, 100));
        outbox.clear();
        assert!(outbox.is_empty());
        assert!(outbox.fits(1_000_000, 0));
    }

    #[test]
    fn the_largest_is_forgotten_once_sent() {
        let (ours, mut theirs) = UnixStream::pair().unwrap();
        let mut outbox = Outbox::default();
        outbox.push(chunk(0, 100));
        outbox.push(chunk(1, 10));
        assert!(matches!(outbox.flush(&ours), Flush::Done));
        let mut buf = [0u8; 110];
        theirs.read_exact(&mut buf).unwrap();
        outbox.push(chunk(2, 50));
        // The 100 sent is forgotten: of two of 50, one counts.
        assert!(outbox.fits(50, 50));
        assert!(!outbox.fits(50, 49));
    }
}
