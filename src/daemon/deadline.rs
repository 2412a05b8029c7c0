//! Reading a socket against one deadline for the whole of a message, not a timeout per
//! read: a client that sends a byte now and then gets no more time than one that sends
//! nothing.

use std::io::Read;
use std::os::unix::net::UnixStream;
use std::time::Instant;

pub struct Timed<'a> {
    stream: &'a UnixStream,
    until: Option<Instant>,
}

impl<'a> Timed<'a> {
    pub fn new(stream: &'a UnixStream, until: Instant) -> Timed<'a> {
        Timed {
            stream,
            until: Some(until),
        }
    }

    /// From now on reads wait as long as it takes.
    pub fn lift(&mut self) -> std::io::Result<()> {
        self.until = None;
        self.stream.set_read_timeout(None)
    }
}

impl Read for Timed<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Some(until) = self.until {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(std::io::ErrorKind::TimedOut.into());
            }
            self.stream.set_read_timeout(Some(left))?;
        }
        (&mut &*self.stream).read(buf)
    }
}
