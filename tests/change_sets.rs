//! Changes that belong together are one change set: all or nothing, undone as one, and
//! a failed read never turns into an empty value that a save writes back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use common::{app_on, ctrl, day, key, sample_store, screen, typed};
use kpss::model::{
    Group, Id, Kind, MAX_ID, Meeting, Membership, Record, RecordRef, Region, Register, Versioned,
};
use kpss::store::interpose::{Call, Interposed};
use kpss::store::{Change, ChangeSet, EmbeddedStore, Store, StoreError, StoreExt, WriteId};
use ratatui::crossterm::event::KeyCode;

/// The embedded store, except that reading a group's members fails while `fail` is set
/// (a dropped link to the shared server, a timeout).
fn flaky_members(inner: EmbeddedStore, fail: Arc<AtomicBool>) -> Interposed<EmbeddedStore> {
    Interposed::new(inner, move |call| match call {
        Call::Other("memberships_of_group") if fail.load(Ordering::SeqCst) => {
            Some(StoreError::Disconnected("timeout".into()))
        }
        _ => None,
    })
}

fn steering_group_of_sobeslav(store: &dyn Store) -> Versioned<Group> {
    store
        .list_as::<Group>()
        .unwrap()
        .into_iter()
        .find(|g| g.record.name.contains("Řídící") && g.record.name.contains("Soběslav"))
        .unwrap()
}

fn select(app: &mut kpss::app::App, tab: char, filter: &str) {
    key(app, KeyCode::Char(tab));
    key(app, KeyCode::Char('/'));
    typed(app, filter);
    key(app, KeyCode::Enter);
}

/// Found: when reading the members failed as the group form opened, the form opened
/// with no members and saving it deleted every membership.
#[test]
fn a_group_form_whose_members_cannot_be_read_does_not_open() {
    let fail = Arc::new(AtomicBool::new(false));
    let flaky = Arc::new(flaky_members(sample_store(), fail.clone()));
    let group = steering_group_of_sobeslav(flaky.inner());
    let members = flaky.inner().memberships_of_group(group.record.id).unwrap();
    assert!(members.len() >= 5, "{}", members.len());

    let mut app = kpss::app::App::new(
        flaky.clone(),
        kpss::model::Lang::Cs,
        common::today(),
        "referentka".into(),
        "test".into(),
    );
    select(&mut app, '3', "ridici skupina sobeslav");
    fail.store(true, Ordering::SeqCst);
    key(&mut app, KeyCode::Char('e'));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Formulář nelze otevřít"), "{text}");
    // Whatever the clerk presses now saves nothing.
    ctrl(&mut app, 's');
    fail.store(false, Ordering::SeqCst);
    let after = flaky.inner().memberships_of_group(group.record.id).unwrap();
    assert_eq!(after, members);
    assert_eq!(
        flaky
            .inner()
            .get_as::<Group>(group.record.id)
            .unwrap()
            .unwrap(),
        group
    );
}

/// A group's save writes the group and its members as one change set, and one undo
/// puts all of them back.
#[test]
fn a_group_and_its_members_are_saved_and_undone_as_one() {
    let store = sample_store();
    let group = steering_group_of_sobeslav(&store);
    let before = store.memberships_of_group(group.record.id).unwrap();
    let audit_before = store
        .history(RecordRef::new(Kind::Group, group.record.id))
        .unwrap()
        .len();
    let mut app = app_on(store, kpss::model::Lang::Cs);
    select(&mut app, '3', "ridici skupina sobeslav");
    key(&mut app, KeyCode::Char('e'));
    // Rename the group; the members stay as they are.
    typed(&mut app, " (nová)");
    ctrl(&mut app, 's');
    let renamed = app
        .store()
        .get_as::<Group>(group.record.id)
        .unwrap()
        .unwrap();
    assert!(
        renamed.record.name.ends_with("(nová)"),
        "{}",
        screen(&app, 80, 24)
    );
    assert_eq!(
        app.store().memberships_of_group(group.record.id).unwrap(),
        before
    );
    assert_eq!(
        app.store()
            .history(RecordRef::new(Kind::Group, group.record.id))
            .unwrap()
            .len(),
        audit_before + 1
    );
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(
        app.store()
            .get_as::<Group>(group.record.id)
            .unwrap()
            .unwrap()
            .record,
        group.record
    );
}

/// Found: undo restored only the group, not the members its save deleted.
#[test]
fn undoing_a_group_save_brings_back_the_members_it_removed() {
    let store = sample_store();
    let group = steering_group_of_sobeslav(&store);
    let members = store.memberships_of_group(group.record.id).unwrap();
    let mut renamed = group.record.clone();
    renamed.name.push_str(" (nová)");
    let mut set = ChangeSet::one(Change::Update {
        rev: group.rev,
        record: Record::Group(renamed),
    });
    for m in &members[..3] {
        set.push(Change::Delete {
            record: RecordRef::new(Kind::Membership, m.record.id),
            rev: m.rev,
            cascade: false,
        });
    }
    let applied = store.apply(set).unwrap();
    assert_eq!(
        store.memberships_of_group(group.record.id).unwrap().len(),
        members.len() - 3
    );
    store.apply(applied.inverse()).unwrap();
    let back = store.memberships_of_group(group.record.id).unwrap();
    assert_eq!(
        back.iter().map(|m| &m.record).collect::<Vec<_>>(),
        members.iter().map(|m| &m.record).collect::<Vec<_>>()
    );
    assert_eq!(
        store
            .get_as::<Group>(group.record.id)
            .unwrap()
            .unwrap()
            .record,
        group.record
    );
}

fn meeting(region: Id, date: NaiveDate, title: &str) -> Record {
    Record::Meeting(Meeting {
        region,
        date,
        title: title.into(),
        ..Meeting::default()
    })
}

/// A series whose fourth meeting breaks a rule stores none of them.
#[test]
fn a_series_that_fails_half_way_leaves_nothing() {
    let store = sample_store();
    let before = store.list(Kind::Meeting).unwrap().len();
    let audit_before = store
        .history(RecordRef::new(Kind::Region, 1))
        .unwrap()
        .len();
    let mut set: ChangeSet = (0..6)
        .map(|i| Change::Create(meeting(1, day(2019, 1, 7 + i), "Setkání")))
        .collect();
    set.changes[3] = Change::Create(meeting(1, day(2019, 1, 10), ""));
    let e = store.apply(set).unwrap_err();
    assert!(matches!(e, StoreError::Invalid { .. }), "{e:?}");
    assert_eq!(store.list(Kind::Meeting).unwrap().len(), before);
    assert_eq!(
        store
            .history(RecordRef::new(Kind::Region, 1))
            .unwrap()
            .len(),
        audit_before
    );
    // The same series without the broken meeting is stored whole, with consecutive ids,
    // and undone whole.
    let set: ChangeSet = (0..5)
        .map(|i| Change::Create(meeting(1, day(2019, 1, 7 + i), "Setkání")))
        .collect();
    let applied = store.apply(set).unwrap();
    assert_eq!(applied.stored().count(), 5);
    assert_eq!(store.list(Kind::Meeting).unwrap().len(), before + 5);
    store.apply(applied.inverse()).unwrap();
    assert_eq!(store.list(Kind::Meeting).unwrap().len(), before);
}

/// A new group and its members in one set: the members point at the group through a
/// placeholder and get its fresh id.
#[test]
fn a_new_group_and_its_members_are_one_change_set() {
    let store = sample_store();
    let person = store.list(Kind::Person).unwrap()[0].record.id();
    let group = Record::Group(Group {
        id: kpss::store::changeset::placeholder(0),
        name: "Pracovní skupina Senioři".into(),
        region: 1,
        ..Group::default()
    });
    let member = Record::Membership(Membership {
        group: kpss::store::changeset::placeholder(0),
        person,
        ..Membership::default()
    });
    let applied = store
        .apply(ChangeSet {
            changes: vec![Change::Create(group), Change::Create(member)],
        })
        .unwrap();
    let stored = applied.first_of(Kind::Group).unwrap().record.id();
    assert!(stored < MAX_ID);
    let members = store.memberships_of_group(stored).unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].record.person, person);
    assert!(store.check().unwrap().is_ok());
    // A placeholder no earlier change created is refused.
    let orphan = Record::Membership(Membership {
        group: kpss::store::changeset::placeholder(5),
        person,
        ..Membership::default()
    });
    let e = store
        .apply(ChangeSet::one(Change::Create(orphan)))
        .unwrap_err();
    assert!(matches!(e, StoreError::Invalid { .. }), "{e:?}");
}

/// A cascade returns every record it changed, the ones that only lost a mention too, and
/// undoing it puts everything back.
#[test]
fn a_cascade_names_every_record_it_changed_and_is_undone_whole() {
    let store = sample_store();
    let before = store.export().unwrap();
    // The person attending most meetings.
    let meetings = store.list_as::<Meeting>().unwrap();
    let person = meetings
        .iter()
        .flat_map(|m| m.record.attendance.iter().map(|a| a.person))
        .max_by_key(|p| {
            meetings
                .iter()
                .filter(|m| m.record.attendance.iter().any(|a| a.person == *p))
                .count()
        })
        .unwrap();
    let target = RecordRef::new(Kind::Person, person);
    let rev = store.get(target).unwrap().unwrap().rev;
    let attended: Vec<RecordRef> = meetings
        .iter()
        .filter(|m| m.record.attendance.iter().any(|a| a.person == person))
        .map(|m| RecordRef::new(Kind::Meeting, m.record.id))
        .collect();
    let memberships: Vec<RecordRef> = store
        .memberships_of_person(person)
        .unwrap()
        .iter()
        .map(|m| RecordRef::new(Kind::Membership, m.record.id))
        .collect();
    assert!(!attended.is_empty() && !memberships.is_empty());
    let applied = store
        .apply(ChangeSet::one(Change::Delete {
            record: target,
            rev,
            cascade: true,
        }))
        .unwrap();
    let changes = applied.changes();
    for m in &attended {
        assert!(
            changes.iter().any(|(r, rev)| r == m && rev.is_some()),
            "{m:?} lost its attendee but is not announced: {changes:?}"
        );
    }
    for m in memberships.iter().chain([&target]) {
        assert!(changes.contains(&(*m, None)), "{m:?} not announced");
    }
    store.apply(applied.inverse()).unwrap();
    let mut after = store.export().unwrap();
    // Revisions moved on; the content is back.
    assert_eq!(after.people.len(), before.people.len());
    after.meetings.sort_by_key(|m| m.id);
    let mut expected = before.meetings.clone();
    expected.sort_by_key(|m| m.id);
    assert_eq!(after.meetings, expected);
    assert_eq!(after.memberships.len(), before.memberships.len());
    assert!(store.check().unwrap().is_ok());
}

/// The same write sent twice under one id is applied once and answered alike.
#[test]
fn a_write_sent_again_under_its_id_is_applied_once() {
    let store = EmbeddedStore::temporary("referentka").unwrap();
    let write = WriteId::fresh();
    let region = Record::Region(Region {
        name: "Tábor".into(),
        ..Region::default()
    });
    let first = store
        .apply_once(write, ChangeSet::one(Change::Create(region.clone())))
        .unwrap();
    let again = store
        .apply_once(write, ChangeSet::one(Change::Create(region.clone())))
        .unwrap();
    assert_eq!(first, again);
    assert_eq!(store.list(Kind::Region).unwrap().len(), 1);
    // Another user's write with the same id is another write.
    let other = store.with_actor("jiny");
    other
        .apply_once(write, ChangeSet::one(Change::Create(region)))
        .unwrap();
    assert_eq!(store.list(Kind::Region).unwrap().len(), 2);
    assert!(store.check().unwrap().is_ok());
}

/// Found: an import accepted id 2^64−1; the next create wrapped to 0 and the one after
/// overwrote record 1.
#[test]
fn ids_stay_within_1_to_2_pow_53_minus_1() {
    let region = |id: Id| Region {
        id,
        name: format!("ORP {id}"),
        ..Region::default()
    };
    for bad in [u64::MAX, MAX_ID + 1] {
        let store = EmbeddedStore::temporary("referentka").unwrap();
        let mut register = Register::default();
        register.regions.push(region(bad));
        let e = store.import(&register).unwrap_err();
        assert!(
            e.message(kpss::model::Lang::Cs).contains("Id"),
            "{e:?}: {}",
            e.message(kpss::model::Lang::Cs)
        );
        assert!(store.is_empty().unwrap());
    }
    // The highest id is fine; the counter then has nowhere to go, and says so.
    let store = EmbeddedStore::temporary("referentka").unwrap();
    let mut register = Register::default();
    register.regions.push(region(MAX_ID));
    store.import(&register).unwrap();
    let e = store.create(Record::Region(region(0))).unwrap_err();
    assert!(matches!(e, StoreError::IdsExhausted(Kind::Region)), "{e:?}");
    // A record put back under its own id must have one in range too.
    let e = store
        .restore(Record::Region(region(MAX_ID + 1)))
        .unwrap_err();
    assert!(matches!(e, StoreError::Invalid { .. }), "{e:?}");
    assert_eq!(store.list(Kind::Region).unwrap().len(), 1);
    assert!(store.check().unwrap().is_ok());
}

/// Found: JSON import accepted years 0000 and +99999. One range, 1900–2100, holds for
/// every way a date comes in.
#[test]
fn dates_outside_1900_to_2100_are_refused_by_the_store() {
    let store = EmbeddedStore::temporary("referentka").unwrap();
    let mut register = Register::default();
    register.regions.push(Region {
        id: 1,
        name: "Tábor".into(),
        ..Region::default()
    });
    store.import(&register).unwrap();
    for date in [
        NaiveDate::from_ymd_opt(0, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(99_999, 1, 1).unwrap(),
        day(1899, 12, 31),
        day(2101, 1, 1),
    ] {
        let e = store.create(meeting(1, date, "Setkání")).unwrap_err();
        let text = e.message(kpss::model::Lang::Cs);
        assert!(text.contains("Datum") && text.contains("1900"), "{text}");
    }
    store
        .create(meeting(1, day(1900, 1, 1), "Setkání"))
        .unwrap();
    store
        .create(meeting(1, day(2100, 12, 31), "Setkání"))
        .unwrap();
    // And a JSON file with such a date is refused whole.
    let json = r#"{"regions":[{"id":1,"name":"Tábor"}],
        "meetings":[{"id":1,"region":1,"title":"X","date":"+99999-01-01"}]}"#;
    let fresh = EmbeddedStore::temporary("referentka").unwrap();
    if let Ok(register) = kpss::interchange::read(json) {
        assert!(fresh.import(&register).is_err());
    }
    assert!(fresh.is_empty().unwrap());
}
