//! Day buckets: a day's meetings under [`super::DAY_PARTS`] keys ([`super::by_day`]),
//! each as the varint of its id's difference from the one before, a varint length and
//! its bytes.

use crate::model::{Id, Kind};
use crate::store::codec::CodecError;
use crate::store::error::Result;

use crate::store::packed::{get_varint, put_varint};

use super::{DAY_FORMAT, corrupt, day_key};

/// Encodes a day's records, given as (id, stored bytes) in ascending id order.
pub fn encode_day<B: AsRef<[u8]>>(members: &[(Id, B)]) -> Vec<u8> {
    let size: usize = members.iter().map(|(_, b)| b.as_ref().len() + 6).sum();
    let mut out = Vec::with_capacity(1 + size);
    out.push(DAY_FORMAT);
    let mut last = 0;
    for (id, bytes) in members {
        put_varint(&mut out, id.wrapping_sub(last));
        put_varint(&mut out, bytes.as_ref().len() as u64);
        out.extend_from_slice(bytes.as_ref());
        last = *id;
    }
    out
}

/// Decodes a day bucket's value into its records (id, stored bytes).
pub fn decode_day(value: &[u8]) -> std::result::Result<Vec<(Id, &[u8])>, CodecError> {
    decode_day_members(value).map_err(CodecError::Undecodable)
}

fn decode_day_members(value: &[u8]) -> std::result::Result<Vec<(Id, &[u8])>, String> {
    match value.first() {
        None => return Err("empty day bucket".into()),
        Some(&DAY_FORMAT) => {}
        Some(other) => return Err(format!("day bucket format {other}")),
    }
    if value.len() == 1 {
        return Err("day bucket without records".into());
    }
    let mut out: Vec<(Id, &[u8])> = Vec::new();
    let (mut at, mut last) = (1, 0u64);
    while at < value.len() {
        let step = get_varint(value, &mut at)?;
        if step == 0 {
            return Err("records not in ascending order".into());
        }
        let id = last.checked_add(step).ok_or("id overflows")?;
        let len = get_varint(value, &mut at)?;
        let len = usize::try_from(len).map_err(|_| "record length")?;
        let end = at.checked_add(len).ok_or("record length")?;
        let bytes = value.get(at..end).ok_or("record cut short")?;
        if bytes.is_empty() {
            return Err("empty record".into());
        }
        at = end;
        out.push((id, bytes));
        last = id;
    }
    Ok(out)
}

/// A day bucket's value after record `id` is set to `bytes` (or removed, for `None`);
/// `None` when no record is left in it.
pub fn with_day<'a>(
    value: Option<&'a [u8]>,
    id: Id,
    bytes: Option<&'a [u8]>,
) -> std::result::Result<Option<Vec<u8>>, CodecError> {
    let mut members = match value {
        Some(value) => decode_day(value)?,
        None => Vec::new(),
    };
    let at = members.binary_search_by_key(&id, |&(i, _)| i);
    match (at, bytes) {
        (Ok(at), Some(bytes)) => members[at].1 = bytes,
        (Err(at), Some(bytes)) => members.insert(at, (id, bytes)),
        (Ok(at), None) => {
            members.remove(at);
        }
        (Err(_), None) => {}
    }
    Ok((!members.is_empty()).then(|| encode_day(&members)))
}

/// Reads the stored bytes of meeting `id` of the day `day` (its date key, four bytes)
/// from its day bucket.
pub fn get_day(tree: &sled::Tree, day: &[u8], id: Id) -> Result<Option<Vec<u8>>> {
    let day: [u8; 4] = day.try_into().map_err(|_| {
        corrupt(
            Kind::Meeting,
            day,
            CodecError::Undecodable("not a day".into()),
        )
    })?;
    let bucket = day_key(day, id);
    match tree.get(bucket)? {
        None => Ok(None),
        Some(value) => Ok(decode_day(&value)
            .map_err(|e| corrupt(Kind::Meeting, &bucket, e))?
            .into_iter()
            .find(|&(i, _)| i == id)
            .map(|(_, bytes)| bytes.to_vec())),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_day_is_changed_meeting_by_meeting() {
        let one = with_day(None, 300, Some(b"\x07a")).unwrap().unwrap();
        assert_eq!(one, vec![DAY_FORMAT, 0xac, 0x02, 2, 7, b'a']);
        let two = with_day(Some(&one), 12, Some(b"\x07bb")).unwrap().unwrap();
        let ids: Vec<Id> = decode_day(&two)
            .unwrap()
            .iter()
            .map(|(id, _)| *id)
            .collect();
        assert_eq!(ids, [12, 300]);
        let replaced = with_day(Some(&two), 300, Some(b"\x07z")).unwrap().unwrap();
        assert_eq!(decode_day(&replaced).unwrap()[1].1, b"\x07z");
        let fewer = with_day(Some(&replaced), 12, None).unwrap().unwrap();
        assert_eq!(with_day(Some(&fewer), 300, None).unwrap(), None);
    }

    #[test]
    fn broken_days_are_refused() {
        assert!(decode_day(&[]).is_err());
        assert!(decode_day(&[DAY_FORMAT]).is_err());
        assert!(decode_day(&[1, 1, 1, 7]).is_err());
        // a repeated id (difference 0), cut short, an empty record
        assert!(decode_day(&[DAY_FORMAT, 5, 1, 7, 0, 1, 7]).is_err());
        assert!(decode_day(&[DAY_FORMAT, 5, 3, 7]).is_err());
        assert!(decode_day(&[DAY_FORMAT, 5, 0]).is_err());
        assert!(decode_day(&[DAY_FORMAT, 0x80]).is_err());
    }

    proptest! {
        #[test]
        fn days_round_trip(
            records in proptest::collection::btree_map(1u64..1 << 53, proptest::collection::vec(any::<u8>(), 1..40), 1..30),
        ) {
            let members: Vec<(Id, Vec<u8>)> = records.into_iter().collect();
            let value = encode_day(&members);
            let back: Vec<(Id, Vec<u8>)> = decode_day(&value)
                .unwrap()
                .into_iter()
                .map(|(id, b)| (id, b.to_vec()))
                .collect();
            prop_assert_eq!(back, members);
        }

        #[test]
        fn any_bytes_decode_or_fail_without_panic(value in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = decode_day(&value);
        }
    }
}
