//! The record trees' layout (`kpss::store::records`) as a clerk's changes meet it: a
//! meeting moved to another day leaves one day's bucket for the other's, a deleted one
//! leaves nothing behind, records imported out of id order land in their buckets, and
//! `kpss check` finds every record where it belongs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::NaiveDate;
use kpss::model::{Kind, Meeting, MeetingKind, Person, Record, RecordRef, Region, Register};
use kpss::store::{EmbeddedStore, Store, StoreExt};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

fn meeting(id: u64, date: NaiveDate) -> Meeting {
    Meeting {
        id,
        region: 1,
        kind: MeetingKind::Public,
        title: format!("Veřejné setkání {id}"),
        date,
        ..Meeting::default()
    }
}

fn ids(found: &[kpss::model::Versioned<Meeting>]) -> Vec<u64> {
    found.iter().map(|m| m.record.id).collect()
}

/// A register with people and meetings whose ids come in no order, meetings of one day
/// spread over the ids and ids of one bucket spread over the days.
fn unordered() -> Register {
    let mut register = Register::default();
    register.push(Record::Region(Region {
        id: 1,
        name: "Soběslav".into(),
        ..Region::default()
    }));
    for id in [40u64, 3, 17, 16, 1, 33] {
        register.push(Record::Person(Person {
            id,
            first_name: "Jana".into(),
            last_name: format!("Nováková {id}"),
            ..Person::default()
        }));
    }
    for (id, d) in [(9u64, 2), (2, 2), (30, 1), (5, 3), (1, 2), (31, 1)] {
        register.push(Record::Meeting(meeting(id, day(d))));
    }
    register
}

#[test]
fn records_imported_out_of_order_read_back_by_id_and_by_day() {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(&dir.path().join("db"), "referentka").unwrap();
    store.import(&unordered()).unwrap();
    let people: Vec<u64> = store
        .list_as::<Person>()
        .unwrap()
        .iter()
        .map(|p| p.record.id)
        .collect();
    assert_eq!(people, [1, 3, 16, 17, 33, 40]);
    for id in people {
        let found = store.get_as::<Person>(id).unwrap().unwrap();
        assert_eq!(found.record.last_name, format!("Nováková {id}"));
    }
    assert_eq!(
        ids(&store.list_as::<Meeting>().unwrap()),
        [1, 2, 5, 9, 30, 31]
    );
    assert_eq!(
        ids(&store.meetings_between(day(1), day(1)).unwrap()),
        [30, 31]
    );
    assert_eq!(
        ids(&store.meetings_between(day(2), day(3)).unwrap()),
        [1, 2, 9, 5]
    );
    assert_eq!(
        store.get_as::<Meeting>(9).unwrap().unwrap().record.date,
        day(2)
    );
    assert_eq!(store.get_as::<Meeting>(10).unwrap(), None);
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

#[test]
fn a_meeting_moved_to_another_day_is_found_there_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(&dir.path().join("db"), "referentka").unwrap();
    store.import(&unordered()).unwrap();
    let moved = store.get_as::<Meeting>(2).unwrap().unwrap();
    let mut record = moved.record;
    record.date = day(20);
    store.update_as(moved.rev, record).unwrap();
    assert_eq!(
        ids(&store.meetings_between(day(2), day(2)).unwrap()),
        [1, 9]
    );
    assert_eq!(ids(&store.meetings_between(day(20), day(20)).unwrap()), [2]);
    assert_eq!(
        store.get_as::<Meeting>(2).unwrap().unwrap().record.date,
        day(20)
    );
    // The last meeting of a day deleted: the day is gone, its neighbours stay.
    let last = store.get_as::<Meeting>(5).unwrap().unwrap();
    store
        .delete(RecordRef::new(Kind::Meeting, 5), last.rev, false)
        .unwrap();
    assert_eq!(store.get_as::<Meeting>(5).unwrap(), None);
    assert!(store.meetings_between(day(3), day(3)).unwrap().is_empty());
    // A new meeting takes the id after the highest, wherever its day lies.
    let created = store.create_as(meeting(0, day(1))).unwrap();
    assert_eq!(created.record.id, 32);
    assert_eq!(
        ids(&store.meetings_between(day(1), day(1)).unwrap()),
        [30, 31, 32]
    );
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    // The same after reopening.
    drop(store);
    let store = EmbeddedStore::open(&dir.path().join("db"), "referentka").unwrap();
    assert_eq!(
        ids(&store.meetings_between(day(2), day(2)).unwrap()),
        [1, 9]
    );
    assert_eq!(store.list_as::<Meeting>().unwrap().len(), 6);
}

#[test]
fn check_finds_a_meeting_in_another_days_bucket() {
    use kpss::store::{keys, records};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    {
        let store = EmbeddedStore::open(&path, "referentka").unwrap();
        store.import(&unordered()).unwrap();
    }
    {
        // Meeting 9 of 2 March taken out of its day and put into 3 March's.
        let db = common::layout::open_raw(&path);
        let tree = db.open_tree(Kind::Meeting.name()).unwrap();
        let from = records::day_key(keys::date_key(day(2)), 9);
        let to = records::day_key(keys::date_key(day(3)), 9);
        let old = tree.get(from).unwrap().unwrap();
        let bytes = records::decode_day(&old)
            .unwrap()
            .into_iter()
            .find(|(id, _)| *id == 9)
            .unwrap()
            .1
            .to_vec();
        let without = records::with_day(Some(&old), 9, None).unwrap().unwrap();
        tree.insert(from, without).unwrap();
        let there = tree.get(to).unwrap();
        let with = records::with_day(there.as_deref(), 9, Some(&bytes))
            .unwrap()
            .unwrap();
        tree.insert(to, with).unwrap();
        db.flush().unwrap();
    }
    let store = EmbeddedStore::open(&path, "referentka").unwrap();
    let report = store.check().unwrap();
    let text: Vec<String> = report
        .problems
        .iter()
        .map(|p| p.message(kpss::model::Lang::En))
        .collect();
    assert!(
        text.iter()
            .any(|t| t.starts_with("meeting: key") && t.contains("holds")),
        "{text:?}"
    );
}
