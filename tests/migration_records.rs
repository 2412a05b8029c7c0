//! A database written with one sled key per record (the layout up to schema
//! `RECORDS_PACKED_FROM`, whose refs index packed one target to a bucket) is opened by
//! today's kpss: the records are packed sixteen to a key, the indexes rebuilt, and every
//! record, index entry and audit entry is still there — the export byte for byte the
//! one before. A migration cut short goes on at the next open.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use kpss::model::{Kind, Meeting, Person, Record, RecordRef, Versioned};
use kpss::store::keys::{Index, index_entries};
use kpss::store::schema::{META_SCHEMA, RECORDS_PACKED_FROM, SCHEMA_VERSION};
use kpss::store::{AuditEntry, EmbeddedStore, Store, StoreExt, codec, packed, records};

const USER: &str = "referentka";

/// A small national register, with a few changes so that the audit trail names records.
fn register_at_today(dir: &Path) -> EmbeddedStore {
    let store = EmbeddedStore::open(dir, USER).unwrap();
    store.import(&kpss::generate::national(0.01)).unwrap();
    for v in store.list_as::<Person>().unwrap().into_iter().take(3) {
        let mut p = v.record;
        p.function = format!("{} (změněno)", p.function);
        store.update_as(v.rev, p).unwrap();
    }
    store
}

/// Rewrites the database the way kpss wrote it at `RECORDS_PACKED_FROM`: a key per
/// record, every value at that version, the refs index one bucket per target, kind of
/// source and 65,536 sources.
fn downgrade(dir: &Path) {
    let db = common::layout::open_raw(dir);
    common::layout::unpack_records(&db);
    let mut refs: BTreeMap<Vec<u8>, Vec<Vec<u8>>> = BTreeMap::new();
    for kind in Kind::ALL {
        let tree = db.open_tree(kind.name()).unwrap();
        for entry in tree.iter() {
            let (key, bytes) = entry.unwrap();
            let v: Versioned<Record> = codec::decode(&bytes).unwrap();
            for (index, key) in index_entries(&v.record) {
                if index == Index::Refs {
                    refs.entry(key[..16].to_vec())
                        .or_default()
                        .push(key[16..].to_vec());
                }
            }
            tree.insert(key, codec::encode_at(RECORDS_PACKED_FROM, &v).unwrap())
                .unwrap();
        }
    }
    let tree = db.open_tree(Index::Refs.tree_name()).unwrap();
    tree.clear().unwrap();
    for (bucket, mut members) in refs {
        members.sort();
        tree.insert(bucket, packed::encode(Index::Refs, &members))
            .unwrap();
    }
    let audit = db.open_tree("audit").unwrap();
    for entry in audit.iter() {
        let (key, bytes) = entry.unwrap();
        let e: AuditEntry = codec::decode(&bytes).unwrap();
        audit
            .insert(key, codec::encode_at(RECORDS_PACKED_FROM, &e).unwrap())
            .unwrap();
    }
    db.open_tree("meta")
        .unwrap()
        .insert(META_SCHEMA, &[RECORDS_PACKED_FROM])
        .unwrap();
    db.flush().unwrap();
}

/// What a clerk would compare: the export, one person's history and the check.
fn state(store: &EmbeddedStore) -> (String, Vec<AuditEntry>) {
    let export = kpss::interchange::write(&store.export().unwrap()).unwrap();
    let history = store.history(RecordRef::new(Kind::Person, 1)).unwrap();
    (export, history)
}

/// The keys of every record tree, and how many are the eight-byte keys of one record.
fn record_keys(dir: &Path) -> (usize, usize) {
    let db = common::layout::open_raw(dir);
    let (mut all, mut single) = (0, 0);
    for kind in Kind::ALL {
        for entry in db.open_tree(kind.name()).unwrap().iter() {
            let (key, _) = entry.unwrap();
            all += 1;
            if key.len() == 8 {
                single += 1;
            }
        }
    }
    (all, single)
}

#[test]
fn a_database_with_a_key_per_record_opens_with_every_record_and_entry() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("db");
    let (before, entries) = {
        let store = register_at_today(&dir);
        let report = store.check().unwrap();
        assert!(report.is_ok(), "{:?}", report.problems);
        (state(&store), report.index_entries)
    };
    let records_count = kpss::generate::national(0.01).len();
    downgrade(&dir);
    let (keys, single) = record_keys(&dir);
    assert_eq!((keys, single), (records_count, records_count));
    let folder = std::fs::metadata(&dir).unwrap().ino();

    let store = EmbeddedStore::open(&dir, USER).unwrap();
    // The migrated database was copied into a fresh folder (without what sled keeps of
    // the removed keys) and swapped in; nothing half-built is left beside it.
    assert_ne!(std::fs::metadata(&dir).unwrap().ino(), folder);
    let beside: Vec<String> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside, ["db"]);
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.index_entries, entries);
    assert!(state(&store) == before, "the export or the history changed");
    // The readers answer from the packed records and the repacked refs.
    let meetings: Vec<Versioned<Meeting>> = store.list_as().unwrap();
    let first = &meetings[0].record;
    let person = first.attendance[0].person;
    assert!(
        store
            .referring(RecordRef::new(Kind::Person, person))
            .unwrap()
            .contains(&RecordRef::new(Kind::Meeting, first.id))
    );
    // A new record gets the id after the highest packed one.
    let mut copy = first.clone();
    copy.id = 0;
    let created = store.create_as(copy).unwrap();
    assert_eq!(
        created.record.id,
        meetings.iter().map(|m| m.record.id).max().unwrap() + 1
    );
    drop(store);

    // One key per bucket: sixteen records to a key, meetings one key a day.
    let mut register = kpss::generate::national(0.01);
    register.push(Record::Meeting(created.record));
    let buckets: std::collections::BTreeSet<_> = register
        .records()
        .map(|r| (r.kind(), records::place(&r)))
        .collect();
    let (keys, single) = record_keys(&dir);
    assert_eq!((keys, single), (buckets.len(), 0));
    assert!(
        keys < records_count,
        "{keys} keys for {records_count} records"
    );
    let db = common::layout::open_raw(&dir);
    let version = db.open_tree("meta").unwrap().get(META_SCHEMA).unwrap();
    assert_eq!(version.as_deref(), Some(&[SCHEMA_VERSION][..]));
}

/// A migration cut short (some records already in buckets, the rest under keys of their
/// own, the version not yet written) goes on at the next open.
#[test]
fn a_migration_cut_short_goes_on() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("db");
    let before = state(&register_at_today(&dir));
    downgrade(&dir);
    {
        // As if the step had packed the first 100 meetings, and part of a bucket.
        let db = common::layout::open_raw(&dir);
        let tree = db.open_tree(Kind::Meeting.name()).unwrap();
        let mut batch = sled::Batch::default();
        let mut buckets: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
        for entry in tree.iter().take(100) {
            let (key, bytes) = entry.unwrap();
            let id = u64::from_be_bytes(key.as_ref().try_into().unwrap());
            let v: Versioned<Record> = codec::decode_at(RECORDS_PACKED_FROM, &bytes).unwrap();
            let again = codec::encode(&v).unwrap();
            let bucket = records::place(&v.record);
            let old = buckets.remove(&bucket);
            let value = records::with_in(Kind::Meeting, old.as_deref(), id, Some(&again))
                .unwrap()
                .unwrap();
            buckets.insert(bucket, value);
            batch.remove(key);
        }
        for (bucket, value) in buckets {
            batch.insert(bucket, value);
        }
        tree.apply_batch(batch).unwrap();
        db.flush().unwrap();
    }
    let store = EmbeddedStore::open(&dir, USER).unwrap();
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert!(state(&store) == before, "the export or the history changed");
    drop(store);
    assert_eq!(record_keys(&dir).1, 0);
}
