//! Frames: a 4-byte big-endian length, then that many bytes of one message. The length
//! is checked against [`MAX_FRAME`] before anything is allocated, so a garbage or hostile
//! length costs nothing; a frame cut short is an error, never a partial message.

use std::io::{self, Read, Write};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::store::codec::{self, CodecError, MAX_MESSAGE};

/// The largest frame either side accepts.
pub const MAX_FRAME: usize = MAX_MESSAGE;

/// Why a frame could not be read or written. Any of them ends the connection.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("rámec ohlašuje {0} bajtů, víc než dovolených {MAX_FRAME} / oversized frame")]
    TooLarge(usize),
    #[error("spojení skončilo uprostřed rámce / connection closed mid-frame")]
    Truncated,
    #[error("nečitelná zpráva: {0} / undecodable message")]
    Garbage(#[from] CodecError),
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Reads one frame's message; `Ok(None)` when the peer closed the connection cleanly
/// between frames.
pub fn read<T: DeserializeOwned>(reader: &mut impl Read) -> Result<Option<T>, FrameError> {
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
    if len > MAX_FRAME {
        return Err(FrameError::TooLarge(len));
    }
    let mut body = vec![0u8; len];
    reader.read_exact(&mut body).map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => FrameError::Truncated,
        _ => FrameError::Io(e),
    })?;
    Ok(Some(codec::decode_message(&body)?))
}

/// Writes one message as a frame (length and body in one write) and flushes.
pub fn write<T: Serialize>(writer: &mut impl Write, message: &T) -> Result<(), FrameError> {
    let body = codec::encode_message(message)?;
    if body.len() > MAX_FRAME {
        return Err(FrameError::TooLarge(body.len()));
    }
    let len = u32::try_from(body.len()).map_err(|_| FrameError::TooLarge(body.len()))?;
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
        assert!(matches!(r, Err(FrameError::TooLarge(n)) if n == u32::MAX as usize));
    }

    #[test]
    fn garbage_is_refused() {
        let mut bytes = 5u32.to_be_bytes().to_vec();
        bytes.extend_from_slice(&[0xff, 0xfe, 0xfd, 0xfc, 0xfb]);
        let r = read::<ClientMessage>(&mut bytes.as_slice());
        assert!(matches!(r, Err(FrameError::Garbage(_))), "{r:?}");
    }
}
