//! Index entries gathered in bulk (an import, the migration to packed indexes, `kpss
//! check`): kept as packed bytes in one buffer, sorted once, and handed out bucket by
//! bucket with their packed values, so that millions of entries cost a few tens of
//! bytes each and no allocation of their own.

use crate::model::Record;
use crate::store::error::{Result, StoreError};
use crate::store::keys::{self, Index};
use crate::store::packed;

/// Index entries, each stored as `[index][bucket length][bucket][member]`.
#[derive(Default)]
pub(crate) struct Entries {
    bytes: Vec<u8>,
    /// Where each entry starts and how long it is.
    spans: Vec<(u32, u32)>,
    sorted: bool,
}

/// One bucket with its members, in order.
pub(crate) struct Bucket<'a> {
    pub index: Index,
    pub key: &'a [u8],
    pub members: Vec<&'a [u8]>,
}

impl Entries {
    /// Adds every index entry of `record`.
    pub fn add_record(&mut self, record: &Record) -> Result<()> {
        for (index, key) in keys::index_entries(record) {
            self.add(index, &key)?;
        }
        Ok(())
    }

    pub fn add(&mut self, index: Index, key: &[u8]) -> Result<()> {
        let (bucket, member) = packed::split(index, key).ok_or_else(|| {
            StoreError::Storage(format!("{}: index key too short", index.tree_name()))
        })?;
        let bucket_len = u8::try_from(bucket.len())
            .map_err(|_| StoreError::Storage(format!("{}: key too long", index.tree_name())))?;
        let start = u32::try_from(self.bytes.len()).map_err(|_| too_many())?;
        self.bytes.push(index as u8);
        self.bytes.push(bucket_len);
        self.bytes.extend_from_slice(&bucket);
        self.bytes.extend_from_slice(&member);
        let len = u32::try_from(self.bytes.len()).map_err(|_| too_many())? - start;
        self.spans.push((start, len));
        self.sorted = false;
        Ok(())
    }

    fn entry(&self, (start, len): (u32, u32)) -> &[u8] {
        &self.bytes[start as usize..(start + len) as usize]
    }

    /// Sorts the entries (by index, bucket, member) and drops repeated ones.
    fn sort(&mut self) {
        if self.sorted {
            return;
        }
        let mut spans = std::mem::take(&mut self.spans);
        spans.sort_unstable_by(|&a, &b| self.entry(a).cmp(self.entry(b)));
        spans.dedup_by(|a, b| self.entry(*a) == self.entry(*b));
        self.spans = spans;
        self.sorted = true;
    }

    /// The buckets in order of index (as in [`Index::ALL`]), bucket and member.
    pub fn buckets(&mut self) -> impl Iterator<Item = Bucket<'_>> {
        self.sort();
        let mut spans = self.spans.iter().peekable();
        let bytes = &self.bytes;
        std::iter::from_fn(move || {
            let &(start, len) = spans.next()?;
            let first = &bytes[start as usize..(start + len) as usize];
            let head = 2 + usize::from(first[1]);
            let (index, key) = (first[0], &first[2..head]);
            let mut members = vec![&first[head..]];
            while let Some(&&(start, len)) = spans.peek() {
                let next = &bytes[start as usize..(start + len) as usize];
                if next.len() < head || next[..head] != first[..head] {
                    break;
                }
                members.push(&next[head..]);
                spans.next();
            }
            let index = Index::ALL.get(usize::from(index)).copied()?;
            Some(Bucket {
                index,
                key,
                members,
            })
        })
    }
}

impl Bucket<'_> {
    /// The bucket's packed value.
    pub fn value(&self) -> Vec<u8> {
        let members: Vec<Vec<u8>> = self.members.iter().map(|m| m.to_vec()).collect();
        packed::encode(self.index, &members)
    }
}

fn too_many() -> StoreError {
    StoreError::Storage("too many index entries for one pass".into())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn entries_come_out_grouped_by_bucket_in_order() {
        let mut entries = Entries::default();
        let key = |date: u8, id: u8| [&[0, 0, 0, date][..], &[0, 0, 0, 0, 0, 0, 0, id]].concat();
        for (date, id) in [(2, 9), (1, 5), (2, 3), (1, 5), (1, 4)] {
            entries.add(Index::MeetingByDate, &key(date, id)).unwrap();
        }
        entries.add(Index::Refs, &[1; 18]).unwrap();
        let got: Vec<(Index, Vec<u8>, usize)> = entries
            .buckets()
            .map(|b| (b.index, b.key.to_vec(), b.members.len()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Index::MeetingByDate, vec![0, 0, 0, 1], 2),
                (Index::MeetingByDate, vec![0, 0, 0, 2], 2),
                (Index::Refs, vec![1; 16], 1),
            ]
        );
    }
}
