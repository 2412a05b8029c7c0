//! A database written by kpss at schema version 2 (before meetings kept their event UID)
//! is opened by today's kpss: every value is read with the frozen version-2 shapes and
//! written again, and every meeting, audit entry and remembered write is still there.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use kpss::model::{Kind, Meeting, Record, RecordRef, Versioned};
use kpss::store::legacy::{
    AppliedV2, AuditEntryV2, MeetingV2, OutcomeV2, RecordV2, RememberedV2, TouchedV2,
};
use kpss::store::schema::{META_SCHEMA, SCHEMA_VERSION};
use kpss::store::{AuditEntry, Change, ChangeSet, EmbeddedStore, Store, StoreExt, WriteId, codec};

const USER: &str = "referentka";

/// The sample register with a few meetings changed, so that the audit trail holds
/// meetings before and after.
fn register_at_today(dir: &Path) -> Vec<Versioned<Meeting>> {
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
    for v in store.list_as::<Meeting>().unwrap().into_iter().take(3) {
        let mut m = v.record;
        m.minutes = format!("Zápis z jednání {}", m.id);
        store.update_as(v.rev, m).unwrap();
    }
    store.list_as::<Meeting>().unwrap()
}

/// Rewrites every value the way kpss at schema version 2 wrote it.
fn downgrade_to_v2(dir: &Path) {
    let db = sled::open(dir).unwrap();
    common::layout::unpack_records(&db);
    for kind in Kind::ALL {
        let tree = db.open_tree(kind.name()).unwrap();
        for entry in tree.iter() {
            let (key, bytes) = entry.unwrap();
            let v: Versioned<Record> = codec::decode(&bytes).unwrap();
            let old = Versioned {
                rev: v.rev,
                record: RecordV2::try_from(v.record).unwrap(),
            };
            tree.insert(key, codec::encode_at(2, &old).unwrap())
                .unwrap();
        }
    }
    let audit = db.open_tree("audit").unwrap();
    for entry in audit.iter() {
        let (key, bytes) = entry.unwrap();
        let e: AuditEntry = codec::decode(&bytes).unwrap();
        let old = AuditEntryV2 {
            seq: e.seq,
            at: e.at,
            who: e.who,
            operation: e.operation,
            record: e.record,
            before: e.before.map(|r| RecordV2::try_from(r).unwrap()),
            after: e.after.map(|r| RecordV2::try_from(r).unwrap()),
            note: e.note,
            rev: e.rev,
        };
        audit
            .insert(key, codec::encode_at(2, &old).unwrap())
            .unwrap();
    }
    // Nothing written with a write id so far; the client's id and the user make the key.
    let writes = db.open_tree("writes").unwrap();
    writes.clear().unwrap();
    writes
        .insert(
            [REMEMBERED.0.as_slice(), USER.as_bytes()].concat(),
            codec::encode_at(2, &remembered_v2()).unwrap(),
        )
        .unwrap();
    db.open_tree("meta")
        .unwrap()
        .insert(META_SCHEMA, &[2u8])
        .unwrap();
    db.flush().unwrap();
}

const REMEMBERED: WriteId = WriteId([7; 16]);

fn remembered_meeting() -> MeetingV2 {
    MeetingV2 {
        id: 9999,
        region: 1,
        group: None,
        kind: kpss::model::MeetingKind::Public,
        title: "Veřejné setkání".into(),
        date: chrono::NaiveDate::from_ymd_opt(2019, 5, 6).unwrap(),
        start: None,
        end: None,
        place: String::new(),
        agenda: String::new(),
        minutes: String::new(),
        state: kpss::model::MeetingState::Planned,
        attendance: Vec::new(),
        guests: Vec::new(),
        note: String::new(),
    }
}

fn remembered_v2() -> RememberedV2 {
    RememberedV2 {
        at: chrono::Utc::now(),
        outcome: OutcomeV2::Applied(AppliedV2 {
            touched: vec![TouchedV2 {
                before: None,
                after: Some(Versioned {
                    rev: 1,
                    record: RecordV2::Meeting(remembered_meeting()),
                }),
            }],
        }),
    }
}

#[test]
fn a_database_written_at_version_2_opens_with_every_meeting_intact() {
    let dir = tempfile::tempdir().unwrap();
    let before = register_at_today(dir.path());
    assert!(before.len() > 20, "the sample has meetings");
    let histories: Vec<Vec<AuditEntry>> = {
        let store = EmbeddedStore::open(dir.path(), USER).unwrap();
        before
            .iter()
            .map(|m| {
                store
                    .history(RecordRef::new(Kind::Meeting, m.record.id))
                    .unwrap()
            })
            .collect()
    };
    downgrade_to_v2(dir.path());
    // The version-2 bytes are not readable as today's values: the migration is needed.
    {
        let db = sled::open(dir.path()).unwrap();
        let (_, bytes) = db.open_tree("meeting").unwrap().first().unwrap().unwrap();
        assert!(codec::decode::<Versioned<Record>>(&bytes).is_err());
    }

    let store = EmbeddedStore::open(dir.path(), USER).unwrap();
    assert_eq!(store.list_as::<Meeting>().unwrap(), before);
    for (m, history) in before.iter().zip(&histories) {
        let now = store
            .history(RecordRef::new(Kind::Meeting, m.record.id))
            .unwrap();
        assert_eq!(&now, history, "meeting {}", m.record.id);
    }
    assert!(store.check().unwrap().problems.is_empty());
    // The write remembered at version 2 is answered again, not applied twice.
    let again = store
        .apply_once(
            REMEMBERED,
            ChangeSet::one(Change::Create(Record::Meeting(remembered_meeting().into()))),
        )
        .unwrap();
    let stored = again.first_of(Kind::Meeting).unwrap();
    assert_eq!(stored.record, Record::Meeting(remembered_meeting().into()));
    assert_eq!(store.list_as::<Meeting>().unwrap(), before);
    // A meeting can now keep its event's UID.
    let imported = store
        .create_as(Meeting {
            uid: "abc@example.org".into(),
            ..before[0].record.clone()
        })
        .unwrap();
    drop(store);
    let store = EmbeddedStore::open(dir.path(), USER).unwrap();
    let back = store
        .get_as::<Meeting>(imported.record.id)
        .unwrap()
        .unwrap();
    assert_eq!(back.record.uid, "abc@example.org");
    let db_version = {
        drop(store);
        let db = sled::open(dir.path()).unwrap();
        db.open_tree("meta")
            .unwrap()
            .get(META_SCHEMA)
            .unwrap()
            .unwrap()[0]
    };
    assert_eq!(db_version, SCHEMA_VERSION);
}
