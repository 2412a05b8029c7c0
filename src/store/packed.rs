//! The physical layout of the secondary indexes: their logical entries (keys ending in a
//! record id, [`crate::store::keys::index_entries`]) are packed many to a sled key.
//!
//! A logical key is split into a *bucket* (the sled key) and a *member* (its last bytes,
//! kept in the bucket's value). A bucket's value is `[PACKED_FORMAT]` followed by its
//! members in ascending order, each coded against the one before it:
//!
//! - a member of up to 8 bytes is a number; each is written as the varint of its
//!   difference from the previous one (the first from 0);
//! - a member of 9 to 16 bytes is a pair: its leading bytes `high` (a date, a date's last
//!   byte, a person id's last byte) and its last eight `low` (the record id). Each is
//!   written as the varint of `high`'s difference from the previous `high`, then the
//!   varint of `low`'s difference from the previous `low` when `high` is the same, or of
//!   `low` itself when it is not;
//! - the search index's members (an id's last byte and a folded name) are written as a
//!   varint length and the bytes.
//!
//! So the date index keeps one key per day, a group's meetings one key per group, the
//! refs index one key per target, kind of source and 65,536 source ids. An index added
//! later packs by default one key per everything but its trailing record id.

use crate::model::Kind;
use crate::store::codec::CodecError;
use crate::store::error::{Result, StoreError};
use crate::store::keys::Index;

/// The first byte of every packed value: the format of what follows.
pub const PACKED_FORMAT: u8 = 1;

/// How an index's logical keys are split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Packing {
    /// The last `member` bytes are the member, the rest is the bucket; `key` is the
    /// length of every logical key of the index, when fixed.
    Tail { member: usize, key: Option<usize> },
    /// The last `member` bytes are the member; the bucket is the bytes before them and
    /// the member's first byte cut to the bits of `mask`, so that neighbouring values of
    /// that byte share a bucket. Every logical key is `key` bytes long.
    Shared { member: usize, key: usize, mask: u8 },
    /// Search keys (kind, folded name, 0, id): the bucket is the kind and the id's first
    /// seven bytes, the member the id's last byte and the folded name.
    Search,
}

impl Packing {
    /// How `index` packs the logical key, bucket or read prefix `key`: the refs index
    /// packs by the kind of its target (the key's first byte).
    pub fn of(index: Index, key: &[u8]) -> Packing {
        let tail = |member, key| Packing::Tail {
            member,
            key: Some(key),
        };
        match index {
            // date, id: one bucket a day.
            Index::MeetingByDate => tail(8, 12),
            // group, date, id: one bucket a group (a group's meetings are read whole to
            // number them).
            Index::MeetingByGroup => tail(12, 20),
            // region, date, id: one bucket per region and 256 days.
            Index::MeetingByRegion => tail(9, 20),
            // person, id: one bucket per 256 people.
            Index::MembershipByPerson => tail(9, 16),
            // meeting id, date: one bucket per 256 meetings.
            Index::MeetingDay => tail(5, 12),
            // target kind, target id, source kind, source id.
            Index::Refs => match key.first().copied().and_then(Kind::from_tag) {
                // A region is pointed at by thousands of meetings: one bucket per region,
                // kind of source and 65,536 source ids, so that its values stay bounded.
                Some(Kind::Region) | None => tail(2, 18),
                // A group by its meetings and members: one bucket per group.
                Some(Kind::Group) => tail(9, 18),
                // A person, an organisation, a project, a plan's parts: a few records
                // each, sixteen targets (ids differing in their last four bits) a bucket.
                Some(_) => Packing::Shared {
                    member: 10,
                    key: 18,
                    mask: 0xf0,
                },
            },
            Index::Search => Packing::Search,
            // group / region, id: one bucket per group or region.
            Index::MembershipByGroup
            | Index::ProjectByRegion
            | Index::DocumentByRegion
            | Index::GroupByRegion
            | Index::ServiceByRegion => tail(8, 16),
            #[allow(unreachable_patterns)]
            _ => Packing::Tail {
                member: 8,
                key: None,
            },
        }
    }

    /// The bucket a read of `prefix` finds its entries under: the prefix itself, cut to
    /// the bucket's length where the prefix reaches into the member.
    fn bucket_prefix(self, prefix: &[u8]) -> Vec<u8> {
        match self {
            Packing::Tail {
                member,
                key: Some(key),
            } => prefix[..prefix.len().min(key - member)].to_vec(),
            Packing::Tail { key: None, .. } => prefix.to_vec(),
            Packing::Shared { member, key, mask } => {
                let cut = key - member;
                match prefix.get(cut) {
                    Some(&shared) => [&prefix[..cut], &[shared & mask]].concat(),
                    None => prefix.to_vec(),
                }
            }
            Packing::Search => prefix[..prefix.len().min(1)].to_vec(),
        }
    }

    /// The width of a member as stored, for the packings that keep numbers.
    fn member_width(self) -> Option<usize> {
        match self {
            Packing::Tail { member, .. } | Packing::Shared { member, .. } => Some(member),
            Packing::Search => None,
        }
    }
}

/// Splits a logical key into its bucket and member.
pub fn split(index: Index, key: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    match Packing::of(index, key) {
        Packing::Tail { member, .. } => {
            let at = key.len().checked_sub(member)?;
            Some((key[..at].to_vec(), key[at..].to_vec()))
        }
        Packing::Shared {
            member,
            key: len,
            mask,
        } => {
            if key.len() != len {
                return None;
            }
            let at = len - member;
            let bucket = [&key[..at], &[key[at] & mask]].concat();
            Some((bucket, key[at..].to_vec()))
        }
        Packing::Search => {
            // kind, text, 0, id
            let id_at = key.len().checked_sub(8)?;
            if id_at < 2 || key[id_at - 1] != 0 {
                return None;
            }
            let mut bucket = vec![key[0]];
            bucket.extend_from_slice(&key[id_at..id_at + 7]);
            let mut member = vec![key[id_at + 7]];
            member.extend_from_slice(&key[1..id_at - 1]);
            Some((bucket, member))
        }
    }
}

/// The logical key a bucket and one of its members stand for.
pub fn join(index: Index, bucket: &[u8], member: &[u8]) -> Vec<u8> {
    match Packing::of(index, bucket) {
        Packing::Tail { .. } => [bucket, member].concat(),
        Packing::Shared { .. } => [
            bucket
                .get(..bucket.len().saturating_sub(1))
                .unwrap_or_default(),
            member,
        ]
        .concat(),
        Packing::Search => {
            let mut key = Vec::with_capacity(bucket.len() + member.len() + 1);
            key.extend_from_slice(bucket.get(..1).unwrap_or_default());
            key.extend_from_slice(member.get(1..).unwrap_or_default());
            key.push(0);
            key.extend_from_slice(bucket.get(1..).unwrap_or_default());
            key.extend_from_slice(member.get(..1).unwrap_or_default());
            key
        }
    }
}

/// A number in seven-bit groups, low first (the packed values' and the record buckets'
/// integers).
pub(crate) fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

pub(crate) fn get_varint(bytes: &[u8], at: &mut usize) -> std::result::Result<u64, String> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at).ok_or("varint cut short")?;
        *at += 1;
        let part = u64::from(byte & 0x7f);
        if shift == 63 && part > 1 {
            return Err("varint too large".into());
        }
        n |= part << shift;
        if byte & 0x80 == 0 {
            return Ok(n);
        }
    }
    Err("varint too long".into())
}

fn number(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |n, &b| (n << 8) | u64::from(b))
}

/// The high and low halves of a fixed-width member.
fn halves(member: &[u8]) -> (u64, u64) {
    let cut = member.len().saturating_sub(8);
    (number(&member[..cut]), number(&member[cut..]))
}

/// Encodes a bucket's members, which must be sorted and distinct.
pub fn encode(index: Index, members: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![PACKED_FORMAT];
    match index {
        Index::Search => {
            for member in members {
                put_varint(&mut out, member.len() as u64);
                out.extend_from_slice(member);
            }
        }
        _ => {
            let (mut high, mut low) = (0u64, 0u64);
            for member in members {
                let (h, l) = halves(member);
                put_varint(&mut out, h.wrapping_sub(high));
                if h == high {
                    put_varint(&mut out, l.wrapping_sub(low));
                } else {
                    put_varint(&mut out, l);
                }
                (high, low) = (h, l);
            }
        }
    }
    out
}

/// Decodes a bucket's value into its members, refusing a value that is empty, of
/// another format, cut short, or not strictly ascending.
pub fn decode(
    index: Index,
    bucket: &[u8],
    value: &[u8],
) -> std::result::Result<Vec<Vec<u8>>, CodecError> {
    decode_members(Packing::of(index, bucket), value).map_err(CodecError::Undecodable)
}

/// The first member of a bucket's value that starts with `prefix`, found without
/// building the members before it or reading those after it: a point lookup (a
/// meeting's day by its id). A value that cannot be read up to there is an error.
pub fn find_prefixed(
    index: Index,
    bucket: &[u8],
    value: &[u8],
    prefix: &[u8],
) -> std::result::Result<Option<Vec<u8>>, CodecError> {
    let packing = Packing::of(index, bucket);
    let Some(width) = packing.member_width().filter(|w| *w <= 16) else {
        return Ok(decode(index, bucket, value)?
            .into_iter()
            .find(|m| m.starts_with(prefix)));
    };
    find_number(width, value, prefix).map_err(CodecError::Undecodable)
}

fn find_number(
    width: usize,
    value: &[u8],
    prefix: &[u8],
) -> std::result::Result<Option<Vec<u8>>, String> {
    let mut found = None;
    each_number(width, value, &mut |member| {
        let cut = prefix.len().min(width);
        match member[..cut].cmp(&prefix[..cut]) {
            std::cmp::Ordering::Equal if prefix.len() <= width => {
                found = Some(member.to_vec());
                false
            }
            std::cmp::Ordering::Greater => false,
            _ => true,
        }
    })?;
    Ok(found)
}

/// Hands each member of a value of numbers (members of `width` bytes, at most 16) to
/// `each` in order, built in one buffer, until `each` says stop; refuses a value that is
/// empty, of another format, cut short, not strictly ascending or wider than `width`.
fn each_number(
    width: usize,
    value: &[u8],
    each: &mut dyn FnMut(&[u8]) -> bool,
) -> std::result::Result<(), String> {
    match value.first() {
        None => return Err("empty packed value".into()),
        Some(&PACKED_FORMAT) => {}
        Some(other) => return Err(format!("packed format {other}")),
    }
    if value.len() == 1 {
        return Err("packed value without members".into());
    }
    let width = width.min(16);
    let (high_width, low_width) = (width.saturating_sub(8), width.min(8));
    let mut member = [0u8; 16];
    let (mut high, mut low, mut at, mut first) = (0u64, 0u64, 1, true);
    while at < value.len() {
        let dh = get_varint(value, &mut at)?;
        let dl = get_varint(value, &mut at)?;
        let h = high.checked_add(dh).ok_or("member overflows")?;
        let l = if dh == 0 {
            if !first && dl == 0 {
                return Err("members not in ascending order".into());
            }
            low.checked_add(dl).ok_or("member overflows")?
        } else {
            dl
        };
        if high_width < 8 && h >> (8 * high_width) != 0 {
            return Err(format!("member {h} wider than {high_width} bytes"));
        }
        if low_width < 8 && l >> (8 * low_width) != 0 {
            return Err(format!("member {l} wider than {low_width} bytes"));
        }
        member[..high_width].copy_from_slice(&h.to_be_bytes()[8 - high_width..]);
        member[high_width..width].copy_from_slice(&l.to_be_bytes()[8 - low_width..]);
        if !each(&member[..width]) {
            return Ok(());
        }
        (high, low, first) = (h, l, false);
    }
    Ok(())
}

fn decode_members(packing: Packing, value: &[u8]) -> std::result::Result<Vec<Vec<u8>>, String> {
    match value.first() {
        None => return Err("empty packed value".into()),
        Some(&PACKED_FORMAT) => {}
        Some(other) => return Err(format!("packed format {other}")),
    }
    if value.len() == 1 {
        return Err("packed value without members".into());
    }
    let mut members: Vec<Vec<u8>> = Vec::new();
    let mut at = 1;
    match packing.member_width() {
        Some(width) => {
            each_number(width, value, &mut |member| {
                members.push(member.to_vec());
                true
            })?;
        }
        None => {
            while at < value.len() {
                let len = get_varint(value, &mut at)?;
                let len = usize::try_from(len).map_err(|_| "member length")?;
                let end = at.checked_add(len).ok_or("member length")?;
                let member = value.get(at..end).ok_or("member cut short")?;
                at = end;
                if member.is_empty() {
                    return Err("empty member".into());
                }
                if members.last().is_some_and(|last| last.as_slice() >= member) {
                    return Err("members not in ascending order".into());
                }
                members.push(member.to_vec());
            }
        }
    }
    Ok(members)
}

fn corrupt(index: Index, bucket: &[u8], error: CodecError) -> StoreError {
    StoreError::Corrupt {
        tree: index.tree_name().into(),
        key: bucket.to_vec(),
        error,
    }
}

/// The logical keys of one bucket.
fn entries_of(index: Index, bucket: &[u8], value: &[u8]) -> Result<Vec<Vec<u8>>> {
    Ok(decode(index, bucket, value)
        .map_err(|e| corrupt(index, bucket, e))?
        .into_iter()
        .map(|member| join(index, bucket, &member))
        .collect())
}

/// Every logical key of `index` that starts with `prefix`, in key order.
pub(crate) fn scan_prefix(tree: &sled::Tree, index: Index, prefix: &[u8]) -> Result<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    for entry in tree.scan_prefix(Packing::of(index, prefix).bucket_prefix(prefix)) {
        let (bucket, value) = entry?;
        let packing = Packing::of(index, &bucket);
        let (Some(width), false) = (packing.member_width(), index == Index::Search) else {
            out.extend(
                entries_of(index, &bucket, &value)?
                    .into_iter()
                    .filter(|key| key.starts_with(prefix)),
            );
            continue;
        };
        // Only the members under `prefix` are made into keys (a bucket may hold
        // sixteen people's references and the read wants one person's).
        let head = match packing {
            Packing::Shared { .. } => &bucket[..bucket.len().saturating_sub(1)],
            _ => &bucket[..],
        };
        let (head_part, member_part) = prefix.split_at(prefix.len().min(head.len()));
        if !head.starts_with(head_part) {
            continue;
        }
        each_number(width, &value, &mut |member| {
            if member.starts_with(member_part) {
                out.push([head, member].concat());
            }
            true
        })
        .map_err(|e| corrupt(index, &bucket, CodecError::Undecodable(e)))?;
    }
    if index == Index::Search {
        out.sort_unstable();
    }
    Ok(out)
}

/// Every logical key of `index` from `start` to `end` (both included), in key order.
pub(crate) fn scan_range(
    tree: &sled::Tree,
    index: Index,
    start: &[u8],
    end: &[u8],
) -> Result<Vec<Vec<u8>>> {
    if index == Index::Search {
        let mut all = scan_prefix(tree, index, &[])?;
        all.retain(|key| key.as_slice() >= start && key.as_slice() <= end);
        return Ok(all);
    }
    // A bucket is a prefix of its keys, so the buckets that can hold keys from `start`
    // to `end` lie between the two cut to a bucket's length.
    let first = Packing::of(index, start).bucket_prefix(start);
    let last = Packing::of(index, end).bucket_prefix(end);
    let mut out = Vec::new();
    for entry in tree.range(first..=last) {
        let (bucket, value) = entry?;
        out.extend(
            entries_of(index, &bucket, &value)?
                .into_iter()
                .filter(|key| key.as_slice() >= start && key.as_slice() <= end),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::{Kind, Meeting, Record, RecordRef};
    use crate::store::keys::{self, index_entries};
    use proptest::prelude::*;

    #[test]
    fn every_index_packs_members_of_at_most_16_bytes() {
        for index in Index::ALL {
            for kind in Kind::ALL {
                match Packing::of(index, &[kind.tag()]) {
                    Packing::Tail { member, key } => {
                        assert!((1..=16).contains(&member), "{index:?}");
                        assert!(key.is_none_or(|key| key > member), "{index:?}");
                    }
                    Packing::Shared { member, key, .. } => {
                        assert!((9..=16).contains(&member), "{index:?}");
                        assert!(key > member, "{index:?}");
                    }
                    Packing::Search => {}
                }
            }
        }
    }

    #[test]
    fn a_meetings_entries_split_and_join_back() {
        let meeting = Record::Meeting(Meeting {
            id: 300_001,
            region: 7,
            group: Some(12),
            date: chrono::NaiveDate::from_ymd_opt(2020, 2, 29).unwrap(),
            attendance: vec![crate::model::Attendance {
                person: 99,
                presence: crate::model::Presence::Present,
            }],
            ..Meeting::default()
        });
        for (index, key) in index_entries(&meeting) {
            let (bucket, member) = split(index, &key).unwrap();
            assert_eq!(join(index, &bucket, &member), key, "{index:?}");
            let value = encode(index, std::slice::from_ref(&member));
            assert_eq!(
                decode(index, &bucket, &value).unwrap(),
                vec![member],
                "{index:?}"
            );
        }
        let target = keys::refs_prefix(RecordRef::new(Kind::Person, 99));
        let refs = index_entries(&meeting)
            .into_iter()
            .find(|(i, k)| *i == Index::Refs && k.starts_with(&target))
            .unwrap();
        // A person's references share a bucket with fifteen other people's.
        let (bucket, member) = split(Index::Refs, &refs.1).unwrap();
        assert_eq!(bucket, [&target[..8], &[99 & 0xf0]].concat());
        assert_eq!(
            member,
            [&[99u8, Kind::Meeting.tag()][..], &keys::id_key(300_001)].concat()
        );
        // A region's: its own, per kind of source and 65,536 sources.
        let region = keys::refs_prefix(RecordRef::new(Kind::Region, 7));
        let refs = index_entries(&meeting)
            .into_iter()
            .find(|(i, k)| *i == Index::Refs && k.starts_with(&region))
            .unwrap();
        let (bucket, member) = split(Index::Refs, &refs.1).unwrap();
        assert_eq!(bucket.len(), 16);
        assert_eq!(member, (300_001u64 & 0xffff).to_be_bytes()[6..].to_vec());
        // A group's: one bucket per group.
        let group = keys::refs_prefix(RecordRef::new(Kind::Group, 12));
        let refs = index_entries(&meeting)
            .into_iter()
            .find(|(i, k)| *i == Index::Refs && k.starts_with(&group))
            .unwrap();
        let (bucket, _) = split(Index::Refs, &refs.1).unwrap();
        assert_eq!(bucket, group);
    }

    #[test]
    fn neighbouring_people_share_a_refs_bucket_and_read_apart() {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let tree = db.open_tree("refs").unwrap();
        let mut entries = crate::store::bulk::Entries::default();
        // People 16..=40 each in meetings 1..=3; person 41 in none.
        for person in 16..=40u64 {
            for meeting in 1..=3u64 {
                let key = [
                    &keys::refs_prefix(RecordRef::new(Kind::Person, person))[..],
                    &[Kind::Meeting.tag()],
                    &keys::id_key(meeting * 1000 + person),
                ]
                .concat();
                entries.add(Index::Refs, &key).unwrap();
            }
        }
        let mut buckets = 0;
        for bucket in entries.buckets() {
            tree.insert(bucket.key, bucket.value()).unwrap();
            buckets += 1;
        }
        assert_eq!(buckets, 2);
        for person in [16u64, 17, 31, 32, 40, 41] {
            let prefix = keys::refs_prefix(RecordRef::new(Kind::Person, person));
            let found = scan_prefix(&tree, Index::Refs, &prefix).unwrap();
            let sources: Vec<RecordRef> =
                found.iter().filter_map(|k| keys::refs_source(k)).collect();
            let expected: Vec<RecordRef> = if person <= 40 {
                (1..=3)
                    .map(|m| RecordRef::new(Kind::Meeting, m * 1000 + person))
                    .collect()
            } else {
                Vec::new()
            };
            assert_eq!(sources, expected, "person {person}");
        }
        let all = scan_range(&tree, Index::Refs, &[], &[0xff; 18]).unwrap();
        assert_eq!(all.len(), 25 * 3);
        assert!(all.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_meetings_day_is_found_by_its_id_alone() {
        let day = |d: u32| keys::date_key(chrono::NaiveDate::from_ymd_opt(2020, 1, d).unwrap());
        let entries: Vec<Vec<u8>> = [(0x0100u64, 3), (0x0105, 1), (0x01ff, 31)]
            .iter()
            .map(|&(id, d)| [&keys::id_key(id)[..], &day(d)].concat())
            .collect();
        let index = Index::MeetingDay;
        let (bucket, _) = split(index, &entries[0]).unwrap();
        let members: Vec<Vec<u8>> = entries.iter().map(|e| split(index, e).unwrap().1).collect();
        let value = encode(index, &members);
        for (entry, member) in entries.iter().zip(&members) {
            let found = find_prefixed(index, &bucket, &value, &entry[7..8]).unwrap();
            assert_eq!(found.as_ref(), Some(member));
        }
        assert_eq!(
            find_prefixed(index, &bucket, &value, &[0x06]).unwrap(),
            None
        );
        assert_eq!(
            find_prefixed(index, &bucket, &value, &[0xfe]).unwrap(),
            None
        );
        // A cut value is an error, not "not there".
        assert!(find_prefixed(index, &bucket, &value[..value.len() - 1], &[0xff]).is_err());
        assert!(find_prefixed(index, &bucket, &[], &[0x00]).is_err());
        // The search index's members are found by decoding them all.
        let search = encode(Index::Search, &[b"\x01jana".to_vec(), b"\x02petr".to_vec()]);
        let found = find_prefixed(Index::Search, &[3], &search, b"\x02").unwrap();
        assert_eq!(found, Some(b"\x02petr".to_vec()));
    }

    #[test]
    fn search_keys_split_by_id_and_join_back() {
        let key = [
            &[3u8][..],
            b"novakova jana",
            &[0],
            &keys::id_key(0x0102_0304),
        ]
        .concat();
        let (bucket, member) = split(Index::Search, &key).unwrap();
        assert_eq!(
            bucket,
            [&[3u8][..], &keys::id_key(0x0102_0304)[..7]].concat()
        );
        assert_eq!(member, [&[4u8][..], b"novakova jana"].concat());
        assert_eq!(join(Index::Search, &bucket, &member), key);
        assert_eq!(split(Index::Search, b"short"), None);
    }

    #[test]
    fn unsorted_repeated_and_cut_values_are_refused() {
        let members = vec![vec![0, 0, 0, 0, 0, 0, 0, 5], vec![0, 0, 0, 0, 0, 0, 0, 9]];
        let good = encode(Index::MeetingByDate, &members);
        assert_eq!(good, vec![PACKED_FORMAT, 0, 5, 0, 4]);
        assert_eq!(decode(Index::MeetingByDate, &[], &good).unwrap(), members);
        // A repeated member (difference 0) and a value cut in the middle of a varint.
        assert!(decode(Index::MeetingByDate, &[], &[PACKED_FORMAT, 0, 5, 0, 0]).is_err());
        assert!(decode(Index::MeetingByDate, &[], &[PACKED_FORMAT, 0, 0x85]).is_err());
        assert!(decode(Index::MeetingByDate, &[], &[PACKED_FORMAT]).is_err());
        assert!(decode(Index::MeetingByDate, &[], &[]).is_err());
        assert!(decode(Index::MeetingByDate, &[], &[9, 0, 5]).is_err());
        // A member wider than the index's (2 bytes for refs).
        assert!(
            decode(
                Index::Refs,
                &[Kind::Region.tag()],
                &[PACKED_FORMAT, 0, 0x80, 0x80, 0x04]
            )
            .is_err()
        );
        let search = encode(Index::Search, &[b"b".to_vec(), b"a".to_vec()]);
        assert!(decode(Index::Search, &[], &search).is_err());
    }

    proptest! {
        #[test]
        fn members_round_trip(
            mut pairs in proptest::collection::vec((any::<u32>(), any::<u64>()), 1..60),
        ) {
            let mut members: Vec<Vec<u8>> = pairs
                .drain(..)
                .map(|(date, id)| [&date.to_be_bytes()[..], &id.to_be_bytes()].concat())
                .collect();
            members.sort();
            members.dedup();
            let value = encode(Index::MeetingByGroup, &members);
            prop_assert_eq!(decode(Index::MeetingByGroup, &[], &value).unwrap(), members);
        }
    }
}
