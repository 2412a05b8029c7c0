//! A database written by kpss at schema version 3 (before people had a salutation) is
//! opened by today's kpss: every value is read with the frozen version-3 shapes and
//! written again; every person, audit entry and remembered write is still there, each
//! person with the salutation "neuvedeno" until a clerk gives one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use kpss::model::{Kind, Person, Record, RecordRef, Salutation, Versioned};
use kpss::store::legacy::{
    AppliedV3, AuditEntryV3, OutcomeV3, PersonV3, RecordV3, RememberedV3, TouchedV3,
};
use kpss::store::schema::META_SCHEMA;
use kpss::store::{AuditEntry, Change, ChangeSet, EmbeddedStore, Store, StoreExt, WriteId, codec};

const USER: &str = "referentka";
const REMEMBERED: WriteId = WriteId([9; 16]);

/// The sample register with a few people changed, so that the audit trail holds people
/// before and after.
fn register_at_today(dir: &Path) -> EmbeddedStore {
    let store = EmbeddedStore::open(dir, USER).unwrap();
    store
        .import(&{
            // Services became records of their own only at version 5; the plan came after.
            let mut register = kpss::sample::sample_register()
                .unwrap()
                .without(&Kind::PLAN);
            register.services.clear();
            register
        })
        .unwrap();
    for v in store.list_as::<Person>().unwrap().into_iter().take(3) {
        let mut p = v.record;
        p.function = format!("{} (změněno)", p.function);
        store.update_as(v.rev, p).unwrap();
    }
    store
}

fn remembered_person() -> PersonV3 {
    PersonV3 {
        id: 9999,
        title_before: String::new(),
        first_name: "Marie".into(),
        last_name: "Dvořáková".into(),
        title_after: String::new(),
        function: String::new(),
        organisation: None,
        phone: String::new(),
        email: String::new(),
        note: String::new(),
    }
}

fn remembered_v3() -> RememberedV3 {
    RememberedV3 {
        at: chrono::Utc::now(),
        outcome: OutcomeV3::Applied(AppliedV3 {
            touched: vec![TouchedV3 {
                before: None,
                after: Some(Versioned {
                    rev: 1,
                    record: RecordV3::Person(remembered_person()),
                }),
            }],
        }),
    }
}

/// Rewrites every value the way kpss at schema version 3 wrote it.
fn downgrade_to_v3(dir: &Path) {
    let db = sled::open(dir).unwrap();
    common::layout::unpack_records(&db);
    for kind in Kind::ALL {
        let tree = db.open_tree(kind.name()).unwrap();
        for entry in tree.iter() {
            let (key, bytes) = entry.unwrap();
            let v: Versioned<Record> = codec::decode(&bytes).unwrap();
            let old = Versioned {
                rev: v.rev,
                record: RecordV3::try_from(v.record).unwrap(),
            };
            tree.insert(key, codec::encode_at(3, &old).unwrap())
                .unwrap();
        }
    }
    let audit = db.open_tree("audit").unwrap();
    for entry in audit.iter() {
        let (key, bytes) = entry.unwrap();
        let e: AuditEntry = codec::decode(&bytes).unwrap();
        audit
            .insert(
                key,
                codec::encode_at(3, &AuditEntryV3::try_from(e).unwrap()).unwrap(),
            )
            .unwrap();
    }
    let writes = db.open_tree("writes").unwrap();
    writes.clear().unwrap();
    writes
        .insert(
            [REMEMBERED.0.as_slice(), USER.as_bytes()].concat(),
            codec::encode_at(3, &remembered_v3()).unwrap(),
        )
        .unwrap();
    db.open_tree("meta")
        .unwrap()
        .insert(META_SCHEMA, &[3u8])
        .unwrap();
    db.flush().unwrap();
    // The version-3 bytes are not readable as today's values: the migration is needed.
    let (_, bytes) = db.open_tree("person").unwrap().first().unwrap().unwrap();
    assert!(codec::decode::<Versioned<Record>>(&bytes).is_err());
}

/// A person as version 3 kept them: no salutation.
fn unknown(mut p: Person) -> Person {
    p.salutation = Salutation::Unknown;
    p
}

fn without_salutations(entry: &AuditEntry) -> AuditEntry {
    let strip = |r: &Option<Record>| match r {
        Some(Record::Person(p)) => Some(Record::Person(unknown(p.clone()))),
        other => other.clone(),
    };
    AuditEntry {
        before: strip(&entry.before),
        after: strip(&entry.after),
        ..entry.clone()
    }
}

#[test]
fn a_database_written_at_version_3_opens_with_every_person_intact() {
    let dir = tempfile::tempdir().unwrap();
    let (before, histories) = {
        let store = register_at_today(dir.path());
        let people = store.list_as::<Person>().unwrap();
        assert!(people.len() > 10, "the sample has people");
        assert!(
            people
                .iter()
                .all(|p| p.record.salutation != Salutation::Unknown),
            "the sample gives everyone a salutation"
        );
        let histories: Vec<Vec<AuditEntry>> = people
            .iter()
            .map(|p| {
                store
                    .history(RecordRef::new(Kind::Person, p.record.id))
                    .unwrap()
            })
            .collect();
        (people, histories)
    };
    downgrade_to_v3(dir.path());

    let store = EmbeddedStore::open(dir.path(), USER).unwrap();
    let expected: Vec<Versioned<Person>> = before
        .iter()
        .map(|v| Versioned {
            rev: v.rev,
            record: unknown(v.record.clone()),
        })
        .collect();
    assert_eq!(store.list_as::<Person>().unwrap(), expected);
    for (p, history) in before.iter().zip(&histories) {
        let now = store
            .history(RecordRef::new(Kind::Person, p.record.id))
            .unwrap();
        let then: Vec<AuditEntry> = history.iter().map(without_salutations).collect();
        assert_eq!(now, then, "person {}", p.record.id);
    }
    let changed = histories.iter().filter(|h| !h.is_empty()).count();
    assert_eq!(
        changed, 3,
        "the people changed before the downgrade have a history"
    );
    assert!(store.check().unwrap().problems.is_empty());
    // The write remembered at version 3 is answered again, not applied twice.
    let again = store
        .apply_once(
            REMEMBERED,
            ChangeSet::one(Change::Create(Record::Person(remembered_person().into()))),
        )
        .unwrap();
    let stored = again.first_of(Kind::Person).unwrap();
    assert_eq!(stored.record, Record::Person(remembered_person().into()));
    assert_eq!(store.list(Kind::Person).unwrap().len(), before.len());
    // A person can now keep a salutation; reopened, the store reads it back (at the
    // current schema version: an older value would not decode).
    let first = store.list_as::<Person>().unwrap().remove(0);
    let vera = store
        .update_as(
            first.rev,
            Person {
                salutation: Salutation::Ms,
                ..first.record.clone()
            },
        )
        .unwrap();
    drop(store);
    let store = EmbeddedStore::open(dir.path(), USER).unwrap();
    let back = store.get_as::<Person>(vera.record.id).unwrap().unwrap();
    assert_eq!(back.record.salutation, Salutation::Ms);
}
