//! The one place that knows bincode. Every stored value is `[schema version][payload]`;
//! a value written at another version, or with bytes left over, is an error.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::store::schema::SCHEMA_VERSION;

/// No stored value is this large; a length prefix claiming more is garbage, and is refused
/// before anything is allocated.
const MAX_VALUE: usize = 16 * 1024 * 1024;

/// The largest message on the shared server's wire (a whole register with its audit
/// trail fits many times over at the sample's size).
pub const MAX_MESSAGE: usize = 64 * 1024 * 1024;

fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_VALUE>()
}

fn message_config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_MESSAGE>()
}

/// Why stored bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    #[error("prázdná hodnota / empty value")]
    Empty,
    #[error("neznámá verze schématu {found} (očekávána {expected}) / unknown schema version")]
    UnknownVersion { found: u8, expected: u8 },
    #[error("nečitelná data: {0} / undecodable bytes")]
    Undecodable(String),
    #[error("po dekódování zbylo {0} bajtů / {0} bytes left unread")]
    TrailingBytes(usize),
    #[error("hodnotu nelze zakódovat: {0} / cannot encode value")]
    Encode(String),
}

/// Encodes a value at the current schema version.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    encode_at(SCHEMA_VERSION, value)
}

/// Encodes a value at a given schema version (migrations and their tests write old ones).
pub fn encode_at<T: Serialize>(version: u8, value: &T) -> Result<Vec<u8>, CodecError> {
    let mut out = vec![version];
    let payload = bincode::serde::encode_to_vec(value, config())
        .map_err(|e| CodecError::Encode(e.to_string()))?;
    out.extend_from_slice(&payload);
    Ok(out)
}

/// Decodes a value written at the current schema version.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    decode_at(SCHEMA_VERSION, bytes)
}

/// The schema version a stored value was written at.
pub fn version_of(bytes: &[u8]) -> Result<u8, CodecError> {
    bytes.first().copied().ok_or(CodecError::Empty)
}

/// Decodes a value that must have been written at `version`.
pub fn decode_at<T: DeserializeOwned>(version: u8, bytes: &[u8]) -> Result<T, CodecError> {
    let found = version_of(bytes)?;
    if found != version {
        return Err(CodecError::UnknownVersion {
            found,
            expected: version,
        });
    }
    let payload = &bytes[1..];
    let (value, read) = bincode::serde::decode_from_slice(payload, config())
        .map_err(|e| CodecError::Undecodable(e.to_string()))?;
    if read != payload.len() {
        return Err(CodecError::TrailingBytes(payload.len() - read));
    }
    Ok(value)
}

/// Encodes a message for the wire (the shared server's protocol carries its own version
/// in the handshake, so no version byte is written).
pub fn encode_message<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    bincode::serde::encode_to_vec(value, message_config())
        .map_err(|e| CodecError::Encode(e.to_string()))
}

/// Decodes a whole wire message; bytes left over are an error.
pub fn decode_message<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (value, read) = bincode::serde::decode_from_slice(bytes, message_config())
        .map_err(|e| CodecError::Undecodable(e.to_string()))?;
    if read != bytes.len() {
        return Err(CodecError::TrailingBytes(bytes.len() - read));
    }
    Ok(value)
}

/// Whether a stored value may hold `text` in one of its strings: bincode writes a string
/// as its length and then its UTF-8 bytes, so a value whose strings contain `text` holds
/// its bytes. A cheap test before decoding; a yes is only a maybe.
pub fn may_hold_text(bytes: &[u8], text: &str) -> bool {
    !text.is_empty() && memchr::memmem::find(bytes, text.as_bytes()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Meeting, MeetingKind, Record};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    #[test]
    fn leftover_bytes_and_unknown_versions_are_errors() {
        let mut bytes = encode(&42u64).unwrap();
        assert_eq!(decode::<u64>(&bytes), Ok(42));
        bytes.push(0);
        assert_eq!(decode::<u64>(&bytes), Err(CodecError::TrailingBytes(1)));
        let old = encode_at(SCHEMA_VERSION + 1, &42u64).unwrap();
        assert!(matches!(
            decode::<u64>(&old),
            Err(CodecError::UnknownVersion { .. })
        ));
        assert_eq!(decode::<u64>(&[]), Err(CodecError::Empty));
    }

    #[test]
    fn truncated_record_is_an_error_not_a_panic() {
        let record = Record::Meeting(Meeting {
            id: 7,
            region: 3,
            kind: MeetingKind::Steering,
            title: "Jednání".into(),
            date: NaiveDate::from_ymd_opt(2017, 12, 4).unwrap(),
            ..Meeting::default()
        });
        let bytes = encode(&record).unwrap();
        for cut in 0..bytes.len() {
            assert!(decode::<Record>(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert_eq!(decode::<Record>(&bytes).unwrap(), record);
    }

    #[test]
    fn huge_length_prefix_is_refused() {
        // A string claiming u64::MAX bytes must not allocate.
        let mut bytes = vec![SCHEMA_VERSION, 253];
        bytes.extend_from_slice(&u64::MAX.to_le_bytes());
        assert!(decode::<String>(&bytes).is_err());
    }

    proptest! {
        #[test]
        fn round_trip_strings_and_numbers(text in ".*", n in any::<u64>(), v in any::<i32>()) {
            let value = (text.clone(), n, v, Some(text.len()));
            let bytes = encode(&value).unwrap();
            prop_assert_eq!(decode::<(String, u64, i32, Option<usize>)>(&bytes).unwrap(), value);
        }

        #[test]
        fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = decode::<Record>(&bytes);
        }
    }
}
