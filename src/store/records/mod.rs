//! The physical layout of the record trees: records are packed many to a sled key.
//!
//! A record's logical key is its id; the sled key is the *bucket*, the id shifted right by
//! the kind's [`shift`] in seven big-endian bytes (so a bucket key can never be mistaken
//! for the eight-byte key of one record, which the layout before schema 7 used), and the
//! value is `[RECORDS_FORMAT]` followed by the bucket's records in ascending id order,
//! each as the id's bits below the shift (one byte), a varint length and the record's
//! stored bytes (`[schema version][bincode]`, [`crate::store::codec`]).
//!
//! At the national register's shape this makes 27,000 record keys of 438,829 records;
//! sled's start and its page table grow with the number of keys, not with their bytes.
//!
//! Meetings are kept by day instead: the key is the day ([`keys::date_key`], four
//! bytes), the value `[DAY_FORMAT]` and the day's meetings in id order, each as the
//! varint of its id's difference from the one before, a varint length and its bytes. A
//! month's agenda then reads some thirty keys rather than a leaf page per meeting (a
//! month's meetings lie anywhere among the ids); a meeting read by its id finds its day
//! in the `meeting_day` index first.

use crate::model::{Id, Kind, Record};
use crate::store::codec::CodecError;
use crate::store::error::{Result, StoreError};
use crate::store::keys;
use crate::store::packed::{get_varint, put_varint};
use crate::store::schema::TreeId;

mod day;

pub use day::{decode_day, encode_day, get_day, with_day};

/// The first byte of every record bucket's value: the format of what follows.
pub const RECORDS_FORMAT: u8 = 1;

/// How many ids of a kind share a bucket, as a shift: sixteen. (Four meetings to a key
/// instead, measured at the national register, made a month's agenda no faster and the
/// open slower: what a month's scattered meetings cost is the number of leaves read, not
/// their bytes.)
pub fn shift(_kind: Kind) -> u32 {
    4
}

/// The bits in which the ids of one bucket differ.
fn low_mask(kind: Kind) -> u64 {
    (1 << shift(kind)) - 1
}

/// The length of a bucket key.
pub const BUCKET_KEY: usize = 7;

/// The first byte of every day bucket's value ([`by_day`]).
pub const DAY_FORMAT: u8 = 2;

/// How many buckets share a day: a meeting's is chosen by its id. A whole day under
/// one key made each key some 4 KB at the national register, and a meeting read alone
/// (a person's, a group's) brought in a leaf page of nine of them: the people tab's
/// one-row move had a p99 of 2.8 ms, 2.4 ms with four parts, 1.6 ms with eight; a month
/// is still one stretch of keys (its agenda 31–34 ms at 1× with four parts or eight).
pub const DAY_PARTS: u64 = 8;

/// The length of a day bucket's key: the day, and the part of it.
pub const DAY_KEY: usize = 5;

/// The key of the day bucket meeting `id` of the day `day` (its [`keys::date_key`]) is
/// kept in.
pub fn day_key(day: [u8; 4], id: Id) -> [u8; DAY_KEY] {
    let mut key = [0u8; DAY_KEY];
    key[..4].copy_from_slice(&day);
    key[4] = (id % DAY_PARTS) as u8;
    key
}

/// Whether a kind's records are kept by day (meetings) rather than by id.
pub fn by_day(kind: Kind) -> bool {
    kind == Kind::Meeting
}

/// The sled key of the bucket a record is stored in.
pub fn place(record: &Record) -> Vec<u8> {
    match record {
        Record::Meeting(m) => day_key(keys::date_key(m.date), m.id).to_vec(),
        _ => bucket_key(record.kind(), record.id()).to_vec(),
    }
}

/// A bucket's value of a kind after record `id` is set or removed.
pub fn with_in<'a>(
    kind: Kind,
    value: Option<&'a [u8]>,
    id: Id,
    bytes: Option<&'a [u8]>,
) -> std::result::Result<Option<Vec<u8>>, CodecError> {
    if by_day(kind) {
        with_day(value, id, bytes)
    } else {
        with(kind, value, id, bytes)
    }
}

/// The sled key of the bucket that holds `id`.
pub fn bucket_key(kind: Kind, id: Id) -> [u8; BUCKET_KEY] {
    let mut key = [0u8; BUCKET_KEY];
    key.copy_from_slice(&(id >> shift(kind)).to_be_bytes()[8 - BUCKET_KEY..]);
    key
}

/// The first id a bucket key stands for; `None` for a key of another length.
pub fn first_id(kind: Kind, bucket: &[u8]) -> Option<Id> {
    if bucket.len() != BUCKET_KEY {
        return None;
    }
    let mut bytes = [0u8; 8];
    bytes[8 - BUCKET_KEY..].copy_from_slice(bucket);
    Some(u64::from_be_bytes(bytes) << shift(kind))
}

/// Encodes a bucket's records, given as (id's last four bits, stored bytes) in ascending
/// order.
pub fn encode<B: AsRef<[u8]>>(members: &[(u8, B)]) -> Vec<u8> {
    let size: usize = members.iter().map(|(_, b)| b.as_ref().len() + 4).sum();
    let mut out = Vec::with_capacity(1 + size);
    out.push(RECORDS_FORMAT);
    for (low, bytes) in members {
        out.push(*low);
        put_varint(&mut out, bytes.as_ref().len() as u64);
        out.extend_from_slice(bytes.as_ref());
    }
    out
}

/// Decodes a bucket's value into its records (id's last four bits, stored bytes),
/// refusing a value that is empty, of another format, cut short, or out of order.
pub fn decode(kind: Kind, value: &[u8]) -> std::result::Result<Vec<(u8, &[u8])>, CodecError> {
    decode_members(low_mask(kind), value).map_err(CodecError::Undecodable)
}

fn decode_members(mask: u64, value: &[u8]) -> std::result::Result<Vec<(u8, &[u8])>, String> {
    match value.first() {
        None => return Err("empty record bucket".into()),
        Some(&RECORDS_FORMAT) => {}
        Some(other) => return Err(format!("record bucket format {other}")),
    }
    if value.len() == 1 {
        return Err("record bucket without records".into());
    }
    let mut out: Vec<(u8, &[u8])> = Vec::new();
    let mut at = 1;
    while at < value.len() {
        let low = value[at];
        at += 1;
        if u64::from(low) > mask {
            return Err(format!("record {low} outside its bucket"));
        }
        if out.last().is_some_and(|&(last, _)| last >= low) {
            return Err("records not in ascending order".into());
        }
        let len = get_varint(value, &mut at)?;
        let len = usize::try_from(len).map_err(|_| "record length")?;
        let end = at.checked_add(len).ok_or("record length")?;
        let bytes = value.get(at..end).ok_or("record cut short")?;
        if bytes.is_empty() {
            return Err("empty record".into());
        }
        at = end;
        out.push((low, bytes));
    }
    Ok(out)
}

/// The id's bits below the kind's shift: its place in its bucket.
pub fn low(kind: Kind, id: Id) -> u8 {
    (id & low_mask(kind)) as u8
}

pub(super) fn corrupt(kind: Kind, bucket: &[u8], error: CodecError) -> StoreError {
    StoreError::Corrupt {
        tree: TreeId::Records(kind).name(),
        key: bucket.to_vec(),
        error,
    }
}

/// The stored bytes of record `id` in a bucket's value, if it holds it.
pub fn find(kind: Kind, value: &[u8], id: Id) -> std::result::Result<Option<&[u8]>, CodecError> {
    Ok(decode(kind, value)?
        .into_iter()
        .find(|&(l, _)| l == low(kind, id))
        .map(|(_, bytes)| bytes))
}

/// The bucket's value after record `id` is set to `bytes` (or removed, for `None`);
/// `None` when no record is left in it.
pub fn with<'a>(
    kind: Kind,
    value: Option<&'a [u8]>,
    id: Id,
    bytes: Option<&'a [u8]>,
) -> std::result::Result<Option<Vec<u8>>, CodecError> {
    let mut members = match value {
        Some(value) => decode(kind, value)?,
        None => Vec::new(),
    };
    let at = members.binary_search_by_key(&low(kind, id), |&(l, _)| l);
    match (at, bytes) {
        (Ok(at), Some(bytes)) => members[at].1 = bytes,
        (Err(at), Some(bytes)) => members.insert(at, (low(kind, id), bytes)),
        (Ok(at), None) => {
            members.remove(at);
        }
        (Err(_), None) => {}
    }
    Ok((!members.is_empty()).then(|| encode(&members)))
}

/// Reads the stored bytes of record `id` from its tree.
pub fn get(tree: &sled::Tree, kind: Kind, id: Id) -> Result<Option<Vec<u8>>> {
    let bucket = bucket_key(kind, id);
    match tree.get(bucket)? {
        None => Ok(None),
        Some(value) => Ok(find(kind, &value, id)
            .map_err(|e| corrupt(kind, &bucket, e))?
            .map(<[u8]>::to_vec)),
    }
}

/// The highest id stored in a tree.
pub fn last_id(tree: &sled::Tree, kind: Kind) -> Result<Option<Id>> {
    let Some((bucket, value)) = tree.last()? else {
        return Ok(None);
    };
    let first = first_id(kind, &bucket).ok_or_else(|| {
        corrupt(
            kind,
            &bucket,
            CodecError::Undecodable("not a record bucket's key".into()),
        )
    })?;
    let members = decode(kind, &value).map_err(|e| corrupt(kind, &bucket, e))?;
    Ok(members.last().map(|&(l, _)| first | u64::from(l)))
}

/// Every record of a tree, as (the record's id key, its stored bytes): in id order, but
/// a kind kept [`by_day`] in day order (ids in order within a day). A bucket that cannot
/// be read is one error item; the records after it follow.
/// The iterator owns what it reads (sled's iterator holds its tree), so it may outlive
/// `tree`.
pub fn iter(
    tree: &sled::Tree,
    kind: Kind,
) -> impl Iterator<Item = Result<(Vec<u8>, Vec<u8>)>> + use<> {
    iter_placed(tree, kind).map(|entry| entry.map(|(_, key, bytes)| (key, bytes)))
}

/// A record as found: its bucket's key, its id key and its stored bytes.
pub type Placed = (sled::IVec, Vec<u8>, Vec<u8>);

/// [`iter`], each record with the key of the bucket it was found in.
pub fn iter_placed(tree: &sled::Tree, kind: Kind) -> impl Iterator<Item = Result<Placed>> + use<> {
    tree.iter().flat_map(move |entry| {
        let items: Vec<Result<Placed>> = match entry {
            Err(e) => vec![Err(StoreError::from(e))],
            Ok((bucket, value)) => match bucket_records(kind, &bucket, &value) {
                Ok(records) => records
                    .into_iter()
                    .map(|(key, bytes)| Ok((bucket.clone(), key, bytes)))
                    .collect(),
                Err(e) => vec![Err(e)],
            },
        };
        items
    })
}

/// The records of one bucket, as (id key, stored bytes).
pub fn bucket_records(kind: Kind, bucket: &[u8], value: &[u8]) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
    if by_day(kind) {
        if bucket.len() != DAY_KEY {
            return Err(corrupt(
                kind,
                bucket,
                CodecError::Undecodable("not a day bucket's key".into()),
            ));
        }
        return Ok(decode_day(value)
            .map_err(|e| corrupt(kind, bucket, e))?
            .into_iter()
            .map(|(id, bytes)| (keys::id_key(id).to_vec(), bytes.to_vec()))
            .collect());
    }
    let first = first_id(kind, bucket).ok_or_else(|| {
        corrupt(
            kind,
            bucket,
            CodecError::Undecodable("not a record bucket's key".into()),
        )
    })?;
    Ok(decode(kind, value)
        .map_err(|e| corrupt(kind, bucket, e))?
        .into_iter()
        .map(|(l, bytes)| {
            (
                crate::store::keys::id_key(first | u64::from(l)).to_vec(),
                bytes.to_vec(),
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use proptest::prelude::*;

    const K: Kind = Kind::Person;

    #[test]
    fn sixteen_ids_share_a_bucket_key_of_seven_bytes() {
        let p = Kind::Person;
        assert_eq!(bucket_key(p, 1), [0; 7]);
        assert_eq!(bucket_key(p, 15), [0; 7]);
        assert_eq!(bucket_key(p, 16), [0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(first_id(p, &bucket_key(p, 0x1234_5678)), Some(0x1234_5670));
        assert_eq!(first_id(p, &[0; 8]), None);
        // Bucket keys sort as their ids do.
        assert!(bucket_key(p, 300_000) < bucket_key(p, 300_016));
        assert!(bucket_key(p, 255) < bucket_key(p, 256));
        assert!(decode(p, &[RECORDS_FORMAT, 16, 1, 7]).is_err());
        assert!(decode(p, &[RECORDS_FORMAT, 15, 1, 7]).is_ok());
    }

    #[test]
    fn a_bucket_is_changed_record_by_record() {
        let one = with(K, None, 17, Some(b"\x07a")).unwrap().unwrap();
        assert_eq!(one, vec![RECORDS_FORMAT, 1, 2, 7, b'a']);
        let two = with(K, Some(&one), 31, Some(b"\x07bb")).unwrap().unwrap();
        let three = with(K, Some(&two), 16, Some(b"\x07c")).unwrap().unwrap();
        assert_eq!(find(K, &three, 16).unwrap(), Some(&b"\x07c"[..]));
        assert_eq!(find(K, &three, 17).unwrap(), Some(&b"\x07a"[..]));
        assert_eq!(find(K, &three, 31).unwrap(), Some(&b"\x07bb"[..]));
        assert_eq!(find(K, &three, 18).unwrap(), None);
        let replaced = with(K, Some(&three), 17, Some(b"\x07zz")).unwrap().unwrap();
        assert_eq!(find(K, &replaced, 17).unwrap(), Some(&b"\x07zz"[..]));
        let fewer = with(K, Some(&replaced), 16, None).unwrap().unwrap();
        assert_eq!(decode(K, &fewer).unwrap().len(), 2);
        let fewer = with(K, Some(&fewer), 17, None).unwrap().unwrap();
        assert_eq!(with(K, Some(&fewer), 31, None).unwrap(), None);
    }

    #[test]
    fn broken_buckets_are_refused() {
        assert!(decode(K, &[]).is_err());
        assert!(decode(K, &[RECORDS_FORMAT]).is_err());
        assert!(decode(K, &[9, 0, 1, 7]).is_err());
        // cut short, a low part past 15, out of order, an empty record
        assert!(decode(K, &[RECORDS_FORMAT, 0, 3, 7]).is_err());
        assert!(decode(K, &[RECORDS_FORMAT, 16, 1, 7]).is_err());
        assert!(decode(K, &[RECORDS_FORMAT, 2, 1, 7, 1, 1, 7]).is_err());
        assert!(decode(K, &[RECORDS_FORMAT, 2, 1, 7, 2, 1, 7]).is_err());
        assert!(decode(K, &[RECORDS_FORMAT, 2, 0]).is_err());
        assert!(decode(K, &[RECORDS_FORMAT, 2, 0x80]).is_err());
    }

    #[test]
    fn a_tree_reads_back_in_id_order() {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let tree = db.open_tree("t").unwrap();
        let name = K;
        for id in [40u64, 3, 17, 16, 1] {
            let bucket = bucket_key(K, id);
            let old = tree.get(bucket).unwrap();
            let new = with(K, old.as_deref(), id, Some(&[7, id as u8]))
                .unwrap()
                .unwrap();
            tree.insert(bucket, new).unwrap();
        }
        let ids: Vec<u64> = iter(&tree, name)
            .map(|e| crate::store::keys::read_id(&e.unwrap().0).unwrap())
            .collect();
        assert_eq!(ids, [1, 3, 16, 17, 40]);
        assert_eq!(get(&tree, name, 17).unwrap(), Some(vec![7, 17]));
        assert_eq!(get(&tree, name, 18).unwrap(), None);
        assert_eq!(last_id(&tree, name).unwrap(), Some(40));
        tree.insert(bucket_key(K, 64), vec![9]).unwrap();
        let read: Vec<_> = iter(&tree, name).collect();
        assert_eq!(read.len(), 6);
        assert!(read[5].is_err());
    }

    proptest! {
        #[test]
        fn buckets_round_trip(
            records in proptest::collection::btree_map(0u8..16, proptest::collection::vec(any::<u8>(), 1..40), 1..16),
        ) {
            let members: Vec<(u8, Vec<u8>)> = records.into_iter().collect();
            let value = encode(&members);
            let back: Vec<(u8, Vec<u8>)> = decode(K, &value)
                .unwrap()
                .into_iter()
                .map(|(l, b)| (l, b.to_vec()))
                .collect();
            prop_assert_eq!(back, members);
        }

        #[test]
        fn any_bytes_decode_or_fail_without_panic(value in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = decode(K, &value);
        }
    }
}
