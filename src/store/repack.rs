//! The migration to packed indexes ([`crate::store::packed`]): before it, every index
//! entry was a sled key of its own with an empty value (about twenty keys a record at the
//! national register's shape); after it, the entries are packed many to a key.
//!
//! The indexes are rebuilt from the records, which this step leaves as they are but for
//! the schema version at the front of each value (records, audit entries and remembered
//! writes are read with the shapes of the version before, which are today's, and written
//! again at the current version). Whoever changes a stored shape later freezes today's in
//! `src/store/legacy/` and reads with it here.
//!
//! The step writes in batches, not in one transaction, so that a national register's
//! database is migrated in bounded memory. Every part can be done again: a crash leaves
//! the schema version where it was, and the next open starts the step over (values
//! already at the current version are not read as old ones; the index trees are cleared
//! and built again).

use std::collections::BTreeMap;
use std::ops::Bound::{Excluded, Unbounded};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::model::{Id, Kind, Record, Versioned};
use crate::store::apply::Remembered;
use crate::store::audit::AuditEntry;
use crate::store::bulk::Entries;
use crate::store::codec;
use crate::store::embedded::EmbeddedStore;
use crate::store::error::{Result, StoreError};
use crate::store::keys::{self, Index};
use crate::store::records;
use crate::store::schema::{SCHEMA_VERSION, TreeId};
use crate::store::staging::BATCH;
use crate::store::write::Write;

/// Rebuilds every index packed and brings every value to the current version; `from` is
/// the version the database is at. Returns no writes: everything is written already.
pub(crate) fn pack_indexes(store: &EmbeddedStore, from: u8) -> Result<Vec<Write>> {
    let mut entries = Entries::default();
    for kind in Kind::ALL {
        let tree = TreeId::Records(kind);
        each_value::<Versioned<Record>>(store, tree, from, &mut |stored| {
            entries.add_record(&stored.record)
        })?;
    }
    rebuild(store, from, entries)
}

/// Packs the records sixteen to a key ([`crate::store::records`]) and rebuilds every
/// index (the refs index packs several targets to a key since the same version); `from`
/// is the version the database is at. Done in place, in batches: each batch writes its
/// buckets (joined with what an earlier batch or an interrupted run wrote of them) and
/// removes the one-record keys they replace, so a crash leaves every record under one
/// of the two kinds of key and the next open goes on.
pub(crate) fn pack_records(store: &EmbeddedStore, from: u8) -> Result<Vec<Write>> {
    let mut entries = Entries::default();
    for kind in Kind::ALL {
        let name = TreeId::Records(kind);
        let tree = store.tree(name)?;
        if records::by_day(kind) {
            pack_days(&tree, kind, from)?;
        }
        let mut after: Option<sled::IVec> = None;
        loop {
            let range = match &after {
                Some(key) => tree.range::<&[u8], _>((Excluded(key.as_ref()), Unbounded)),
                None => tree.iter(),
            };
            let mut chunk: Vec<(sled::IVec, sled::IVec)> = Vec::new();
            for entry in range {
                let (key, value) = entry?;
                // Bucket keys (seven bytes) are what this step wrote already.
                if key.len() == 8 {
                    chunk.push((key, value));
                    if chunk.len() >= BATCH {
                        break;
                    }
                }
            }
            let Some((last, _)) = chunk.last() else {
                break;
            };
            after = Some(last.clone());
            pack_chunk(&tree, kind, from, &chunk)?;
        }
        // Every record is in a bucket now, at the current version.
        for entry in records::iter(&tree, kind) {
            let (key, bytes) = entry?;
            let stored: Versioned<Record> =
                codec::decode(&bytes).map_err(|error| StoreError::Corrupt {
                    tree: name.name(),
                    key,
                    error,
                })?;
            entries.add_record(&stored.record)?;
        }
    }
    rebuild(store, from, entries)
}

/// A stored value read at the current version or at `from`, with its bytes at the current
/// version when it was at `from` (`None`: the stored bytes are current already).
fn current<T: Serialize + DeserializeOwned>(
    tree: TreeId,
    from: u8,
    key: &[u8],
    bytes: &[u8],
) -> Result<(T, Option<Vec<u8>>)> {
    let corrupt = |error| StoreError::Corrupt {
        tree: tree.name(),
        key: key.to_vec(),
        error,
    };
    if codec::version_of(bytes).map_err(corrupt)? == SCHEMA_VERSION {
        return Ok((codec::decode(bytes).map_err(corrupt)?, None));
    }
    let old: T = codec::decode_at(from, bytes).map_err(corrupt)?;
    let again = codec::encode(&old).map_err(|e| StoreError::Storage(e.to_string()))?;
    Ok((old, Some(again)))
}

/// A kind kept by day (meetings): every one-record key read (their bytes held, some
/// 50 MB at the national register), each day's bucket written with them (joined with
/// what an interrupted run wrote), then the one-record keys removed, in batches. Cut
/// short anywhere, the next run writes the same buckets again and goes on.
fn pack_days(tree: &sled::Tree, kind: Kind, from: u8) -> Result<()> {
    let mut days: BTreeMap<Vec<u8>, Vec<(Id, Vec<u8>)>> = BTreeMap::new();
    let mut old: Vec<sled::IVec> = Vec::new();
    for entry in tree.iter() {
        let (key, bytes) = entry?;
        if key.len() != 8 {
            continue;
        }
        let (stored, again): (Versioned<Record>, _) =
            current(TreeId::Records(kind), from, &key, &bytes)?;
        days.entry(records::place(&stored.record))
            .or_default()
            .push((stored.record.id(), again.unwrap_or_else(|| bytes.to_vec())));
        old.push(key);
    }
    let mut batch = sled::Batch::default();
    let mut pending = 0;
    for (day, members) in days {
        let mut value = tree.get(&day)?.map(|v| v.to_vec());
        for (id, bytes) in &members {
            value = records::with_day(value.as_deref(), *id, Some(bytes)).map_err(|error| {
                StoreError::Corrupt {
                    tree: TreeId::Records(kind).name(),
                    key: day.clone(),
                    error,
                }
            })?;
        }
        if let Some(value) = value {
            batch.insert(day, value);
            pending += 1;
        }
        if pending >= BATCH {
            tree.apply_batch(std::mem::take(&mut batch))?;
            pending = 0;
        }
    }
    tree.apply_batch(std::mem::take(&mut batch))?;
    for keys in old.chunks(BATCH) {
        let mut batch = sled::Batch::default();
        for key in keys {
            batch.remove(key);
        }
        tree.apply_batch(batch)?;
    }
    Ok(())
}

/// One batch of one-record keys written into their buckets, the keys removed.
fn pack_chunk(
    tree: &sled::Tree,
    kind: Kind,
    from: u8,
    chunk: &[(sled::IVec, sled::IVec)],
) -> Result<()> {
    let mut buckets: BTreeMap<[u8; records::BUCKET_KEY], Option<Vec<u8>>> = BTreeMap::new();
    let mut batch = sled::Batch::default();
    for (key, bytes) in chunk {
        let id = keys::read_id(key).ok_or_else(|| StoreError::Corrupt {
            tree: TreeId::Records(kind).name(),
            key: key.to_vec(),
            error: codec::CodecError::Undecodable("not a record's id".into()),
        })?;
        let (_, again): (Versioned<Record>, _) = current(TreeId::Records(kind), from, key, bytes)?;
        let again = again.unwrap_or_else(|| bytes.to_vec());
        let bucket = records::bucket_key(kind, id);
        let value = match buckets.remove(&bucket) {
            Some(value) => value,
            None => tree.get(bucket)?.map(|v| v.to_vec()),
        };
        let value = records::with(kind, value.as_deref(), id, Some(&again)).map_err(|error| {
            StoreError::Corrupt {
                tree: TreeId::Records(kind).name(),
                key: bucket.to_vec(),
                error,
            }
        })?;
        buckets.insert(bucket, value);
        batch.remove(key);
    }
    for (bucket, value) in buckets {
        if let Some(value) = value {
            batch.insert(&bucket, value);
        }
    }
    tree.apply_batch(batch)?;
    Ok(())
}

/// Rewrites the audit trail and the remembered writes at the current version, clears
/// every index and writes it again from `entries`, bucket by bucket.
fn rebuild(store: &EmbeddedStore, from: u8, mut entries: Entries) -> Result<Vec<Write>> {
    each_value::<AuditEntry>(store, TreeId::Audit, from, &mut |_| Ok(()))?;
    each_value::<Remembered>(store, TreeId::Writes, from, &mut |_| Ok(()))?;
    for index in Index::ALL {
        store.tree(TreeId::Index(index))?.clear()?;
    }
    let mut batches: Vec<(TreeId, sled::Batch)> = Vec::new();
    let mut pending = 0;
    for bucket in entries.buckets() {
        let tree = TreeId::Index(bucket.index);
        if batches.last().is_none_or(|(t, _)| *t != tree) {
            batches.push((tree, sled::Batch::default()));
        }
        if let Some((_, batch)) = batches.last_mut() {
            batch.insert(bucket.key, bucket.value());
        }
        pending += 1;
        if pending >= BATCH {
            apply(store, &mut batches)?;
            pending = 0;
        }
    }
    apply(store, &mut batches)?;
    store.flush()?;
    Ok(Vec::new())
}

fn apply(store: &EmbeddedStore, batches: &mut Vec<(TreeId, sled::Batch)>) -> Result<()> {
    for (tree, batch) in batches.drain(..) {
        store.tree(tree)?.apply_batch(batch)?;
    }
    Ok(())
}

/// Reads every value of `tree` (at `from`, or already at the current version), hands it
/// to `each`, and writes the ones at `from` again at the current version, in batches.
fn each_value<T: Serialize + DeserializeOwned>(
    store: &EmbeddedStore,
    tree: TreeId,
    from: u8,
    each: &mut dyn FnMut(T) -> Result<()>,
) -> Result<()> {
    let sled_tree = store.tree(tree)?;
    let mut batch = sled::Batch::default();
    let mut pending = 0;
    for entry in sled_tree.iter() {
        let (key, bytes) = entry?;
        let (value, again) = current::<T>(tree, from, &key, &bytes)?;
        if let Some(again) = again {
            batch.insert(&key, again);
            pending += 1;
        }
        each(value)?;
        if pending >= BATCH {
            sled_tree.apply_batch(std::mem::take(&mut batch))?;
            pending = 0;
        }
    }
    sled_tree.apply_batch(batch)?;
    Ok(())
}
