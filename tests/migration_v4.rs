//! A database written by kpss at schema version 4 (before meetings kept the day their
//! invitation was sent) is opened by today's kpss: every value is read with the frozen
//! version-4 shapes and written again; every meeting, its history and a remembered write
//! are still there, no invitation marked sent, and a mark set now is kept.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use chrono::NaiveDate;
use kpss::model::{Kind, Meeting, Record, RecordRef, Versioned};
use kpss::store::legacy::{
    AppliedV4, AuditEntryV4, MeetingV4, OutcomeV4, RecordV4, RememberedV4, TouchedV4,
};
use kpss::store::schema::META_SCHEMA;
use kpss::store::{AuditEntry, Change, ChangeSet, EmbeddedStore, Store, StoreExt, WriteId, codec};

const USER: &str = "referentka";
const REMEMBERED: WriteId = WriteId([4; 16]);

fn remembered_meeting() -> Meeting {
    Meeting {
        id: 9_000,
        region: 10,
        title: "Kulatý stůl".into(),
        date: NaiveDate::from_ymd_opt(2019, 5, 6).unwrap(),
        ..Meeting::default()
    }
}

/// Rewrites every value the way kpss at schema version 4 wrote it.
fn downgrade_to_v4(dir: &Path) {
    let db = sled::open(dir).unwrap();
    common::layout::unpack_records(&db);
    for kind in Kind::ALL {
        let tree = db.open_tree(kind.name()).unwrap();
        for entry in tree.iter() {
            let (key, bytes) = entry.unwrap();
            let v: Versioned<Record> = codec::decode(&bytes).unwrap();
            let old = Versioned {
                rev: v.rev,
                record: RecordV4::try_from(v.record).unwrap(),
            };
            tree.insert(key, codec::encode_at(4, &old).unwrap())
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
                codec::encode_at(4, &AuditEntryV4::try_from(e).unwrap()).unwrap(),
            )
            .unwrap();
    }
    let writes = db.open_tree("writes").unwrap();
    writes.clear().unwrap();
    let remembered = RememberedV4 {
        at: chrono::Utc::now(),
        outcome: OutcomeV4::Applied(AppliedV4 {
            touched: vec![TouchedV4 {
                before: None,
                after: Some(Versioned {
                    rev: 1,
                    record: RecordV4::Meeting(MeetingV4::from(remembered_meeting())),
                }),
            }],
        }),
    };
    writes
        .insert(
            [REMEMBERED.0.as_slice(), USER.as_bytes()].concat(),
            codec::encode_at(4, &remembered).unwrap(),
        )
        .unwrap();
    db.open_tree("meta")
        .unwrap()
        .insert(META_SCHEMA, &[4u8])
        .unwrap();
    db.flush().unwrap();
    let (_, bytes) = db.open_tree("meeting").unwrap().first().unwrap().unwrap();
    assert!(codec::decode::<Versioned<Record>>(&bytes).is_err());
}

#[test]
fn a_database_written_at_version_4_opens_with_every_meeting_intact() {
    let dir = tempfile::tempdir().unwrap();
    let (before, history) = {
        let store = EmbeddedStore::open(dir.path(), USER).unwrap();
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
        let v = store.get_as::<Meeting>(5).unwrap().unwrap();
        let mut m = v.record;
        m.minutes = "Schválen akční plán.".into();
        store.update_as(v.rev, m).unwrap();
        let history = store.history(RecordRef::new(Kind::Meeting, 5)).unwrap();
        (store.list_as::<Meeting>().unwrap(), history)
    };
    assert!(before.iter().all(|m| m.record.invitation_sent.is_none()));
    downgrade_to_v4(dir.path());

    let store = EmbeddedStore::open(dir.path(), USER).unwrap();
    assert_eq!(store.list_as::<Meeting>().unwrap(), before);
    assert_eq!(
        store.history(RecordRef::new(Kind::Meeting, 5)).unwrap(),
        history
    );
    assert!(store.check().unwrap().problems.is_empty());
    // The write remembered at version 4 is answered again, not applied twice.
    let again = store
        .apply_once(
            REMEMBERED,
            ChangeSet::one(Change::Create(Record::Meeting(remembered_meeting()))),
        )
        .unwrap();
    assert_eq!(
        again.first_of(Kind::Meeting).unwrap().record,
        Record::Meeting(remembered_meeting())
    );
    assert_eq!(store.list(Kind::Meeting).unwrap().len(), before.len());
    // A meeting now keeps the day its invitation was sent, across a reopening.
    let v = store.get_as::<Meeting>(5).unwrap().unwrap();
    let sent = NaiveDate::from_ymd_opt(2018, 12, 3);
    store
        .update_as(
            v.rev,
            Meeting {
                invitation_sent: sent,
                ..v.record
            },
        )
        .unwrap();
    drop(store);
    let store = EmbeddedStore::open(dir.path(), USER).unwrap();
    let back = store.get_as::<Meeting>(5).unwrap().unwrap();
    assert_eq!(back.record.invitation_sent, sent);
}
