//! The calendar's rules on the sample register: numbering follows date order through
//! inserts, moves and deletes; series become ordinary meetings; clashes are found.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::{NaiveDate, NaiveTime};
use kpss::model::overlap::Clash;
use kpss::model::series::{self, Repeat};
use kpss::model::{Attendance, Kind, Meeting, Presence, RecordRef};
use kpss::store::{Store, StoreExt, clash};

/// Soběslav's steering group: seven meetings from 4. 12. 2017 to 1. 4. 2019.
const STEERING: u64 = 1;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The group's meetings as (number, date, id), numbered by the store.
fn numbered(store: &dyn Store, group: u64) -> Vec<(usize, NaiveDate, u64)> {
    store
        .meetings_of_group(group)
        .unwrap()
        .into_iter()
        .map(|v| {
            let m = v.record;
            (
                store.meeting_number(group, m.date, m.id).unwrap(),
                m.date,
                m.id,
            )
        })
        .collect()
}

fn assert_numbered_in_date_order(store: &dyn Store, group: u64) {
    let rows = numbered(store, group);
    let mut sorted = rows.clone();
    sorted.sort_by_key(|&(_, d, id)| (d, id));
    for (i, (n, _, _)) in sorted.iter().enumerate() {
        assert_eq!(*n, i + 1, "{sorted:?}");
    }
}

#[test]
fn the_sample_steering_group_is_numbered_one_to_seven() {
    let store = common::sample_store();
    let rows = numbered(&store, STEERING);
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[0].0, 1);
    assert_eq!(rows[0].1, date(2017, 12, 4));
    assert_eq!(rows[6].0, 7);
    assert_eq!(rows[6].1, date(2019, 4, 1));
    assert_numbered_in_date_order(&store, STEERING);
}

#[test]
fn inserting_a_meeting_renumbers_those_after_it() {
    let store = common::sample_store();
    let before = numbered(&store, STEERING);
    let (_, third_date, third_id) = before[2];
    let template = store
        .get_as::<Meeting>(before[1].2)
        .unwrap()
        .unwrap()
        .record;
    let inserted = store
        .create_as(Meeting {
            id: 0,
            date: third_date.pred_opt().unwrap(),
            attendance: Vec::new(),
            ..template
        })
        .unwrap();
    assert_eq!(
        store
            .meeting_number(STEERING, inserted.record.date, inserted.record.id)
            .unwrap(),
        3
    );
    assert_eq!(
        store
            .meeting_number(STEERING, third_date, third_id)
            .unwrap(),
        4
    );
    assert_eq!(numbered(&store, STEERING).len(), 8);
    assert_numbered_in_date_order(&store, STEERING);
}

#[test]
fn moving_the_first_meeting_to_the_end_renumbers_all() {
    let store = common::sample_store();
    let before = numbered(&store, STEERING);
    let first = store.get_as::<Meeting>(before[0].2).unwrap().unwrap();
    let mut moved = first.record.clone();
    moved.date = date(2019, 6, 3);
    store.update_as(first.rev, moved).unwrap();
    assert_eq!(
        store
            .meeting_number(STEERING, date(2019, 6, 3), first.record.id)
            .unwrap(),
        7
    );
    // The former second meeting is the first now.
    assert_eq!(
        store
            .meeting_number(STEERING, before[1].1, before[1].2)
            .unwrap(),
        1
    );
    assert_numbered_in_date_order(&store, STEERING);
}

#[test]
fn deleting_a_meeting_renumbers_those_after_it() {
    let store = common::sample_store();
    let before = numbered(&store, STEERING);
    let second = store.get_as::<Meeting>(before[1].2).unwrap().unwrap();
    store
        .delete(
            RecordRef::new(Kind::Meeting, second.record.id),
            second.rev,
            false,
        )
        .unwrap();
    let after = numbered(&store, STEERING);
    assert_eq!(after.len(), 6);
    assert_eq!(
        store
            .meeting_number(STEERING, before[2].1, before[2].2)
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .meeting_number(STEERING, before[6].1, before[6].2)
            .unwrap(),
        6
    );
    assert_numbered_in_date_order(&store, STEERING);
}

#[test]
fn a_series_is_stored_as_ordinary_meetings_and_numbered() {
    let store = common::sample_store();
    let last = numbered(&store, STEERING)[6];
    let template = store.get_as::<Meeting>(last.2).unwrap().unwrap().record;
    // 1. 4. 2019 is the 1st Monday of April: the 1st Monday of May and June follow.
    let copies = series::meetings(&template, Repeat::MonthlyWeekday, date(2019, 6, 30)).unwrap();
    assert_eq!(
        copies.iter().map(|m| m.date).collect::<Vec<_>>(),
        vec![date(2019, 5, 6), date(2019, 6, 3)]
    );
    let mut ids = Vec::new();
    for m in copies {
        ids.push(store.create_as(m).unwrap().record.id);
    }
    assert_eq!(
        store
            .meeting_number(STEERING, date(2019, 6, 3), ids[1])
            .unwrap(),
        9
    );
    // Each stands alone: editing one leaves the other as it was.
    let one = store.get_as::<Meeting>(ids[0]).unwrap().unwrap();
    let mut edited = one.record.clone();
    edited.place = "Kulturní dům".into();
    store.update_as(one.rev, edited).unwrap();
    let other = store.get_as::<Meeting>(ids[1]).unwrap().unwrap().record;
    assert_eq!(other.place, template.place);
}

#[test]
fn a_member_at_two_meetings_and_a_double_booked_place_are_warned_of() {
    let store = common::sample_store();
    let last = numbered(&store, STEERING)[6];
    let held = store.get_as::<Meeting>(last.2).unwrap().unwrap().record;
    let person = held
        .attendance
        .first()
        .map(|a| a.person)
        .or_else(|| {
            store
                .memberships_of_group(STEERING)
                .unwrap()
                .first()
                .map(|v| v.record.person)
        })
        .unwrap();
    let existing = store
        .create_as(Meeting {
            id: 0,
            region: held.region,
            group: None,
            title: "Kulatý stůl k sociálnímu bydlení".into(),
            date: date(2019, 9, 2),
            start: NaiveTime::from_hms_opt(9, 0, 0),
            end: NaiveTime::from_hms_opt(11, 0, 0),
            place: "Zasedací místnost MěÚ".into(),
            attendance: vec![Attendance {
                person,
                presence: Presence::Present,
            }],
            ..Meeting::default()
        })
        .unwrap()
        .record;
    let planned = Meeting {
        id: 0,
        date: date(2019, 9, 2),
        start: NaiveTime::from_hms_opt(10, 0, 0),
        end: NaiveTime::from_hms_opt(12, 0, 0),
        place: "zasedací místnost měú".into(),
        attendance: Vec::new(),
        ..held.clone()
    };
    let found = clash::clashes(&store, &planned).unwrap();
    assert!(
        found.contains(&Clash::Place { other: existing.id }),
        "{found:?}"
    );
    assert!(
        found.contains(&Clash::Person {
            person,
            other: existing.id
        }),
        "{found:?}"
    );
    // An hour later, after the round table ends, nothing clashes.
    let later = Meeting {
        start: NaiveTime::from_hms_opt(11, 0, 0),
        end: NaiveTime::from_hms_opt(12, 0, 0),
        ..planned
    };
    assert!(clash::clashes(&store, &later).unwrap().is_empty());
}
