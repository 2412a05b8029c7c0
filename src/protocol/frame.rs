//! Frames: a 4-byte big-endian length, then that many bytes of one message. The length
//! is checked against the reader's current limit ([`MAX_FRAME`] unless it asks for less,
//! as the daemon does before a client's Hello) before anything is allocated, and the body
//! grows only as its bytes arrive, so a garbage or hostile length costs nothing; a frame
//! cut short is an error, never a partial message.

use std::io::{self, Read, Write};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::store::codec::{self, CodecError, MAX_MESSAGE};

/// The largest frame either side accepts.
pub const MAX_FRAME: usize = MAX_MESSAGE;

/// How much of a body is made room for before its bytes have arrived.
const STEP: usize = 64 * 1024;

/// Why a frame could not be read or written. Any of them ends the connection.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("rámec ohlašuje {0} bajtů, víc než dovolených {1} / oversized frame")]
    TooLarge(usize, usize),
    #[error("spojení skončilo uprostřed rámce / connection closed mid-frame")]
    Truncated,
    #[error("nečitelná zpráva: {0} / undecodable message")]
    Garbage(#[from] CodecError),
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl FrameError {
    /// Whether the reader gave up waiting (a read timeout or deadline).
    pub fn is_timeout(&self) -> bool {
        matches!(self, FrameError::Io(e) if matches!(
            e.kind(),
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
        ))
    }
}

/// Reads one frame's message; `Ok(None)` when the peer closed the connection cleanly
/// between frames.
pub fn read<T: DeserializeOwned>(reader: &mut impl Read) -> Result<Option<T>, FrameError> {
    read_limited(reader, MAX_FRAME)
}

/// Reads one frame's message of at most `limit` bytes (never more than [`MAX_FRAME`]);
/// `Ok(None)` when the peer closed the connection cleanly between frames.
pub fn read_limited<T: DeserializeOwned>(
    reader: &mut impl Read,
    limit: usize,
) -> Result<Option<T>, FrameError> {
    let limit = limit.min(MAX_FRAME);
    let mut len = [0u8; 4];
    let mut got = 0;
    while got < len.len() {
        match reader.read(&mut len[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(FrameError::Truncated),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > limit {
        return Err(FrameError::TooLarge(len, limit));
    }
    // Room is made as the body arrives (at most twice what came), not for what the
    // length announces: a length alone costs nothing.
    let mut body = Vec::with_capacity(len.min(STEP));
    let got = reader
        .take(len as u64)
        .read_to_end(&mut body)
        .map_err(FrameError::Io)?;
    if got < len {
        return Err(FrameError::Truncated);
    }
    Ok(Some(codec::decode_message(&body)?))
}

/// Writes one message as a frame (length and body in one write) and flushes.
pub fn write<T: Serialize>(writer: &mut impl Write, message: &T) -> Result<(), FrameError> {
    let body = codec::encode_message(message)?;
    if body.len() > MAX_FRAME {
        return Err(FrameError::TooLarge(body.len(), MAX_FRAME));
    }
    let len = u32::try_from(body.len()).map_err(|_| FrameError::TooLarge(body.len(), MAX_FRAME))?;
    let mut bytes = Vec::with_capacity(4 + body.len());
    bytes.extend_from_slice(&len.to_be_bytes());
    bytes.extend_from_slice(&body);
    writer.write_all(&bytes)?;
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{ClientMessage, PROTOCOL_VERSION};

    #[test]
    fn a_message_goes_through_a_frame() {
        let hello = ClientMessage::Hello {
            version: PROTOCOL_VERSION,
            program: "kpss".into(),
        };
        let mut bytes = Vec::new();
        write(&mut bytes, &hello).unwrap();
        let back: Option<ClientMessage> = read(&mut bytes.as_slice()).unwrap();
        assert_eq!(back, Some(hello));
    }

    #[test]
    fn a_clean_end_is_none_and_a_cut_is_an_error() {
        let empty: &[u8] = &[];
        assert!(matches!(read::<ClientMessage>(&mut &*empty), Ok(None)));
        let mut bytes = Vec::new();
        write(
            &mut bytes,
            &ClientMessage::Hello {
                version: 1,
                program: "x".into(),
            },
        )
        .unwrap();
        for cut in [2, 4, bytes.len() - 1] {
            let r = read::<ClientMessage>(&mut &bytes[..cut]);
            assert!(matches!(r, Err(FrameError::Truncated)), "{cut}: {r:?}");
        }
    }

    #[test]
    fn an_oversized_length_is_refused_before_allocating() {
        let bytes = u32::MAX.to_be_bytes();
        let r = read::<ClientMessage>(&mut bytes.as_slice());
        assert!(matches!(r, Err(FrameError::TooLarge(n, MAX_FRAME)) if n == u32::MAX as usize));
    }

    #[test]
    fn a_length_over_the_current_limit_is_refused_before_the_body() {
        let hello = ClientMessage::Hello {
            version: PROTOCOL_VERSION,
            program: "x".repeat(100),
        };
        let mut bytes = Vec::new();
        write(&mut bytes, &hello).unwrap();
        // Nothing past the header is read: the limit decides from the length alone.
        let mut reader = bytes.as_slice();
        let r = read_limited::<ClientMessage>(&mut reader, 64);
        assert!(matches!(r, Err(FrameError::TooLarge(_, 64))), "{r:?}");
        assert_eq!(reader.len(), bytes.len() - 4);
        let back = read_limited::<ClientMessage>(&mut bytes.as_slice(), 1024).unwrap();
        assert_eq!(back, Some(hello));
    }

    #[test]
    fn garbage_is_refused() {
        let mut bytes = 5u32.to_be_bytes().to_vec();
        bytes.extend_from_slice(&[0xff, 0xfe, 0xfd, 0xfc, 0xfb]);
        let r = read::<ClientMessage>(&mut bytes.as_slice());
        assert!(matches!(r, Err(FrameError::Garbage(_))), "{r:?}");
    }
}
