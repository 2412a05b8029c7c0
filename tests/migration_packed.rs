//! A database written with one sled key per index entry (the layout up to schema
//! `PACKED_FROM`) is opened by today's kpss: the indexes are rebuilt packed, every
//! record, audit entry and remembered write is still there, the export is byte for byte
//! the one before, and every index entry the old layout held is in the packed one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use kpss::model::{Kind, Meeting, Person, Record, RecordRef, Versioned};
use kpss::store::keys::{Index, index_entries};
use kpss::store::records;
use kpss::store::schema::{META_SCHEMA, PACKED_FROM, SCHEMA_VERSION};
use kpss::store::{AuditEntry, EmbeddedStore, Store, StoreExt, packed};

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

/// Rewrites the database the way kpss wrote it at `PACKED_FROM`: every value at that
/// version, every index entry a key of its own with an empty value. Returns the index
/// entries written.
fn downgrade(dir: &Path) -> BTreeSet<(Index, Vec<u8>)> {
    let db = common::layout::open_raw(dir);
    let mut entries = BTreeSet::new();
    for index in Index::ALL {
        db.open_tree(index.tree_name()).unwrap().clear().unwrap();
    }
    for kind in Kind::ALL {
        let tree = db.open_tree(kind.name()).unwrap();
        // One key per record, as before schema 7.
        let stored: Vec<(Vec<u8>, Vec<u8>)> =
            records::iter(&tree, kind).map(Result::unwrap).collect();
        tree.clear().unwrap();
        for (key, bytes) in stored {
            let v: Versioned<Record> = kpss::store::codec::decode(&bytes).unwrap();
            for (index, key) in index_entries(&v.record) {
                db.open_tree(index.tree_name())
                    .unwrap()
                    .insert(&key, &[])
                    .unwrap();
                entries.insert((index, key));
            }
            tree.insert(key, kpss::store::codec::encode_at(PACKED_FROM, &v).unwrap())
                .unwrap();
        }
    }
    let audit = db.open_tree("audit").unwrap();
    for entry in audit.iter() {
        let (key, bytes) = entry.unwrap();
        let e: AuditEntry = kpss::store::codec::decode(&bytes).unwrap();
        audit
            .insert(key, kpss::store::codec::encode_at(PACKED_FROM, &e).unwrap())
            .unwrap();
    }
    db.open_tree("meta")
        .unwrap()
        .insert(META_SCHEMA, &[PACKED_FROM])
        .unwrap();
    db.flush().unwrap();
    entries
}

/// Every logical index entry the packed trees hold.
fn packed_entries(dir: &Path) -> BTreeSet<(Index, Vec<u8>)> {
    let db = common::layout::open_raw(dir);
    let mut out = BTreeSet::new();
    for index in Index::ALL {
        for entry in db.open_tree(index.tree_name()).unwrap().iter() {
            let (bucket, value) = entry.unwrap();
            for member in packed::decode(index, &bucket, &value).unwrap() {
                out.insert((index, packed::join(index, &bucket, &member)));
            }
        }
    }
    out
}

#[test]
fn a_database_with_a_key_per_index_entry_opens_with_every_record_and_entry() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("db");
    let (before, trail, keys_before) = {
        let store = register_at_today(&dir);
        let some = RecordRef::new(Kind::Person, 1);
        let export = kpss::interchange::write(&store.export().unwrap()).unwrap();
        (export, store.history(some).unwrap(), store.check().unwrap())
    };
    assert!(keys_before.is_ok(), "{:?}", keys_before.problems);
    let old_entries = downgrade(&dir);
    assert!(old_entries.len() > 10_000, "{}", old_entries.len());

    let store = EmbeddedStore::open(&dir, USER).unwrap();
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.index_entries, old_entries.len());
    let after = kpss::interchange::write(&store.export().unwrap()).unwrap();
    assert!(before == after, "the export changed in the migration");
    let person = RecordRef::new(Kind::Person, 1);
    let migrated: Vec<AuditEntry> = store.history(person).unwrap();
    assert_eq!(migrated, trail);
    // The readers answer from the packed indexes.
    let meetings: Vec<Versioned<Meeting>> = store.list_as().unwrap();
    let first = &meetings[0].record;
    let day = store.meetings_between(first.date, first.date).unwrap();
    assert!(day.iter().any(|m| m.record.id == first.id));
    let group = first.group.unwrap();
    let of_group = store.meetings_of_group(group).unwrap();
    assert_eq!(
        of_group.len(),
        meetings
            .iter()
            .filter(|m| m.record.group == Some(group))
            .count()
    );
    assert!(
        store
            .referring(RecordRef::new(Kind::Group, group))
            .unwrap()
            .contains(&RecordRef::new(Kind::Meeting, first.id))
    );
    let region = store.list(Kind::Region).unwrap()[0].record.title();
    let found = store.search(Kind::Region, &region).unwrap();
    assert!(found.iter().any(|r| r.record.title() == region), "{region}");
    drop(store);

    assert_eq!(packed_entries(&dir), old_entries);
    let db = common::layout::open_raw(&dir);
    let version = db.open_tree("meta").unwrap().get(META_SCHEMA).unwrap();
    assert_eq!(version.as_deref(), Some(&[SCHEMA_VERSION][..]));
    // Far fewer keys than entries.
    let keys: usize = Index::ALL
        .iter()
        .map(|i| db.open_tree(i.tree_name()).unwrap().len())
        .sum();
    assert!(keys * 4 < old_entries.len(), "{keys} keys");
}

/// A migration cut short (the index trees half rebuilt, the version not yet written) is
/// done again from the start at the next open.
#[test]
fn a_migration_cut_short_is_done_again() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("db");
    drop(register_at_today(&dir));
    let old_entries = downgrade(&dir);
    {
        // As if the step had stopped after writing part of the packed refs index.
        let db = common::layout::open_raw(&dir);
        let refs = db.open_tree(Index::Refs.tree_name()).unwrap();
        let (key, _) = refs.first().unwrap().unwrap();
        let (bucket, member) = packed::split(Index::Refs, &key).unwrap();
        refs.insert(bucket, packed::encode(Index::Refs, &[member]))
            .unwrap();
        db.flush().unwrap();
    }
    let store = EmbeddedStore::open(&dir, USER).unwrap();
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    drop(store);
    assert_eq!(packed_entries(&dir), old_entries);
}
