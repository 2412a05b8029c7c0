//! The store's rules: revisions and conflicts, the audit trail, refused and cascaded
//! deletes, references, indexes, and durability across `kill -9`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use kpss::model::{
    Attendance, Group, GroupKind, Kind, Meeting, MeetingKind, Membership, Person, Presence,
    Project, Record, RecordRef, Region, Rule,
};
use kpss::store::{EmbeddedStore, Operation, Store, StoreError, StoreExt};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

struct Fixture {
    store: EmbeddedStore,
    region: u64,
    group: u64,
    person: u64,
    meeting: u64,
}

fn fixture() -> Fixture {
    let store = EmbeddedStore::temporary("alice").unwrap();
    let region = store
        .create_as(Region {
            name: "Soběslav".into(),
            ..Region::default()
        })
        .unwrap()
        .record
        .id;
    let group = store
        .create_as(Group {
            name: "Řídící skupina".into(),
            short_name: "ŘS Soběslav".into(),
            region,
            kind: Some(GroupKind::Steering),
            ..Group::default()
        })
        .unwrap()
        .record
        .id;
    let person = store
        .create_as(Person {
            first_name: "Jana".into(),
            last_name: "Nováková".into(),
            ..Person::default()
        })
        .unwrap()
        .record
        .id;
    store
        .create_as(Membership {
            group,
            person,
            ..Membership::default()
        })
        .unwrap();
    let meeting = store
        .create_as(Meeting {
            region,
            group: Some(group),
            kind: MeetingKind::Steering,
            date: date(2017, 12, 4),
            attendance: vec![Attendance {
                person,
                presence: Presence::Present,
            }],
            ..Meeting::default()
        })
        .unwrap()
        .record
        .id;
    Fixture {
        store,
        region,
        group,
        person,
        meeting,
    }
}

#[test]
fn ids_are_assigned_and_revisions_count_up() {
    let f = fixture();
    let region = f.store.get_as::<Region>(f.region).unwrap().unwrap();
    assert_eq!(region.rev, 1);
    let mut changed = region.record.clone();
    changed.municipality_count = Some(22);
    let saved = f.store.update_as(1, changed).unwrap();
    assert_eq!(saved.rev, 2);
    assert_eq!(
        f.store
            .get_as::<Region>(f.region)
            .unwrap()
            .unwrap()
            .record
            .municipality_count,
        Some(22)
    );
}

#[test]
fn a_stale_revision_is_refused_with_conflict() {
    let f = fixture();
    let region = f.store.get_as::<Region>(f.region).unwrap().unwrap();
    let mut first = region.record.clone();
    first.note = "first".into();
    f.store
        .with_actor("bob")
        .update_as(region.rev, first)
        .unwrap();
    let mut second = region.record.clone();
    second.note = "second".into();
    let err = f.store.update_as(region.rev, second).unwrap_err();
    match &err {
        StoreError::Conflict {
            expected,
            found,
            by,
            ..
        } => {
            assert_eq!((*expected, *found, by.as_str()), (1, 2, "bob"));
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("mezitím změnil(a) bob"), "{err}");
    let kept = f.store.get_as::<Region>(f.region).unwrap().unwrap();
    assert_eq!(kept.record.note, "first");
    // A delete at a stale revision is refused too.
    let err = f
        .store
        .delete(RecordRef::new(Kind::Region, f.region), 1, true)
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }));
}

#[test]
fn every_change_is_audited_with_who_before_and_after() {
    let f = fixture();
    let r = RecordRef::new(Kind::Region, f.region);
    let v = f.store.get_as::<Region>(f.region).unwrap().unwrap();
    let mut changed = v.record.clone();
    changed.name = "Soběslav (ORP)".into();
    f.store.with_actor("bob").update_as(v.rev, changed).unwrap();
    let history = f.store.history(r).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].operation, Operation::Create);
    assert_eq!(history[0].who, "alice");
    assert_eq!(history[1].operation, Operation::Update);
    assert_eq!(history[1].who, "bob");
    assert_eq!(history[1].rev, 2);
    let name = |rec: &Option<Record>| match rec {
        Some(Record::Region(r)) => r.name.clone(),
        _ => String::new(),
    };
    assert_eq!(name(&history[1].before), "Soběslav");
    assert_eq!(name(&history[1].after), "Soběslav (ORP)");
    assert!(history[0].seq < history[1].seq);
}

#[test]
fn invalid_records_and_dangling_references_change_nothing() {
    let f = fixture();
    let err = f.store.create_as(Region::default()).unwrap_err();
    match err {
        StoreError::Invalid { problem, .. } => assert_eq!(problem.rule, Rule::Required),
        other => panic!("{other:?}"),
    }
    let err = f
        .store
        .create_as(Project {
            name: "P".into(),
            region: 999,
            ..Project::default()
        })
        .unwrap_err();
    match &err {
        StoreError::Invalid { problem, .. } => {
            assert_eq!(problem.rule, Rule::Dangling { id: 999 })
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(f.store.list(Kind::Project).unwrap().len(), 0);
    assert_eq!(f.store.list(Kind::Region).unwrap().len(), 1);
    assert!(f.store.check().unwrap().is_ok());
}

#[test]
fn deleting_what_others_point_to_is_refused_with_their_names() {
    let f = fixture();
    let group = RecordRef::new(Kind::Group, f.group);
    let err = f.store.delete(group, 1, false).unwrap_err();
    match &err {
        StoreError::Referenced { by, .. } => {
            let kinds: Vec<Kind> = by.iter().map(|r| r.record.kind).collect();
            assert_eq!(kinds, vec![Kind::Membership, Kind::Meeting]);
        }
        other => panic!("{other:?}"),
    }
    let message = err.to_string();
    assert!(
        message
            .starts_with("Skupinu „Řídící skupina“ nelze smazat. Odkazují sem 2 záznamy: členství"),
        "{message}"
    );
    assert!(
        message.contains("členství „Jana Nováková – ŘS Soběslav“"),
        "{message}"
    );
    assert!(
        message.contains("jednání „4. 12. 2017 ŘS Soběslav“"),
        "{message}"
    );
    assert!(f.store.get(group).unwrap().is_some());

    let person = RecordRef::new(Kind::Person, f.person);
    assert!(matches!(
        f.store.delete(person, 1, false),
        Err(StoreError::Referenced { .. })
    ));
}

#[test]
fn a_cascade_deletes_dependants_and_drops_mentions() {
    let f = fixture();
    // Deleting the person drops the membership and the attendance, keeps the meeting.
    let deleted = f
        .store
        .delete(RecordRef::new(Kind::Person, f.person), 1, true)
        .unwrap();
    assert_eq!(deleted.len(), 2, "{deleted:?}");
    let meeting = f.store.get_as::<Meeting>(f.meeting).unwrap().unwrap();
    assert!(meeting.record.attendance.is_empty());
    assert_eq!(meeting.rev, 2);
    // Deleting the region takes the group and its meeting with it.
    let deleted = f
        .store
        .delete(RecordRef::new(Kind::Region, f.region), 1, true)
        .unwrap();
    assert_eq!(deleted.len(), 3, "{deleted:?}");
    assert!(f.store.is_empty().unwrap());
    let report = f.store.check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.index_entries, 0);
}

#[test]
fn indexes_follow_updates() {
    let f = fixture();
    let v = f.store.get_as::<Meeting>(f.meeting).unwrap().unwrap();
    assert_eq!(
        f.store
            .meetings_between(date(2017, 12, 1), date(2017, 12, 31))
            .unwrap()
            .len(),
        1
    );
    let mut moved = v.record.clone();
    moved.date = date(2018, 1, 10);
    f.store.update_as(v.rev, moved).unwrap();
    assert!(
        f.store
            .meetings_between(date(2017, 12, 1), date(2017, 12, 31))
            .unwrap()
            .is_empty()
    );
    let january = f
        .store
        .meetings_between(date(2018, 1, 10), date(2018, 1, 10))
        .unwrap();
    assert_eq!(january.len(), 1);
    assert_eq!(f.store.meetings_of_group(f.group).unwrap().len(), 1);
    let earlier = f
        .store
        .create_as(Meeting {
            date: date(2017, 11, 30),
            ..v.record.clone()
        })
        .unwrap();
    assert_eq!(
        f.store
            .meeting_number(f.group, earlier.record.date, earlier.record.id)
            .unwrap(),
        1
    );
    assert_eq!(
        f.store
            .meeting_number(f.group, date(2018, 1, 10), f.meeting)
            .unwrap(),
        2
    );
    assert_eq!(
        f.store
            .meetings_of_region(f.region, date(2018, 1, 11), 10)
            .unwrap()
            .len(),
        0
    );
    assert_eq!(f.store.memberships_of_person(f.person).unwrap().len(), 1);
    assert_eq!(f.store.in_region(Kind::Group, f.region).unwrap().len(), 1);
    assert_eq!(f.store.search(Kind::Region, "SOBESLAV").unwrap().len(), 1);
    assert_eq!(
        f.store.search(Kind::Person, "novakova jana").unwrap().len(),
        1
    );
    assert!(f.store.search(Kind::Region, "tabor").unwrap().is_empty());
    assert!(f.store.check().unwrap().is_ok());
}

#[test]
fn a_second_open_of_the_database_says_it_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let _first = EmbeddedStore::open(dir.path(), "alice").unwrap();
    let err = EmbeddedStore::open(dir.path(), "bob").err().unwrap();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    assert!(err.to_string().contains("kpss serve"), "{err}");
}

/// Set in the environment of the process the kill -9 test starts: the database
/// directory the child saves into.
const DURABILITY_CHILD: &str = "KPSS_DURABILITY_CHILD_DIR";

/// The child's part: saves a record, says so, then waits to be killed. It never returns.
fn save_and_wait_to_be_killed(dir: &str) -> ! {
    let store = EmbeddedStore::open(std::path::Path::new(dir), "child").unwrap();
    let saved = store
        .create_as(Region {
            name: "Vimperk".into(),
            ..Region::default()
        })
        .unwrap();
    println!("SAVED {}", saved.record.id);
    loop {
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}

/// The test runs this test binary again as its child (with only this test selected and
/// the database directory in the environment): the child saves, the test kills it with
/// SIGKILL and reads the save back.
#[test]
fn an_acknowledged_save_survives_kill_9() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    if let Ok(dir) = std::env::var(DURABILITY_CHILD) {
        save_and_wait_to_be_killed(&dir);
    }
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "an_acknowledged_save_survives_kill_9",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DURABILITY_CHILD, dir.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let saved = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        // libtest may print "test an_acknowledged_save_survives_kill_9 ... " on the same
        // line first.
        .find_map(|line| {
            line.split_once("SAVED ")
                .map(|(_, id)| id.trim().to_string())
        });
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    let saved = saved.expect("the child never said it saved");
    // Killed, not ended by itself: the save was read back from a process that died
    // without closing the database.
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(9),
        "{status:?}"
    );
    let store = EmbeddedStore::open(dir.path(), "parent").unwrap();
    let region = store
        .get_as::<Region>(saved.parse().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(region.record.name, "Vimperk");
}

#[test]
fn a_deleted_record_can_be_restored_under_its_id() {
    let f = fixture();
    let project = f
        .store
        .create_as(Project {
            name: "Projekt".into(),
            region: f.region,
            ..Project::default()
        })
        .unwrap();
    let r = RecordRef::new(Kind::Project, project.record.id);
    f.store.delete(r, 1, false).unwrap();
    assert!(f.store.get(r).unwrap().is_none());
    let back = f
        .store
        .restore(Record::Project(project.record.clone()))
        .unwrap();
    assert_eq!(back.record.id(), project.record.id);
    assert_eq!(f.store.in_region(Kind::Project, f.region).unwrap().len(), 1);
    // Not twice, and a new record still gets a fresh id.
    assert!(matches!(
        f.store.restore(Record::Project(project.record.clone())),
        Err(StoreError::DuplicateId(_))
    ));
    let next = f
        .store
        .create_as(Project {
            name: "Další".into(),
            region: f.region,
            ..Project::default()
        })
        .unwrap();
    assert!(next.record.id > project.record.id);
}

#[test]
fn the_nearest_meeting_date_looks_forward_then_back() {
    let f = fixture();
    f.store
        .create_as(Meeting {
            region: f.region,
            title: "Veřejné setkání".into(),
            date: date(2018, 3, 19),
            ..Meeting::default()
        })
        .unwrap();
    let near = |d| f.store.nearest_meeting_date(d).unwrap();
    assert_eq!(near(date(2017, 1, 1)), Some(date(2017, 12, 4)));
    assert_eq!(near(date(2017, 12, 4)), Some(date(2017, 12, 4)));
    assert_eq!(near(date(2017, 12, 5)), Some(date(2018, 3, 19)));
    assert_eq!(near(date(2026, 11, 22)), Some(date(2018, 3, 19)));
    let empty = EmbeddedStore::temporary("t").unwrap();
    assert_eq!(empty.nearest_meeting_date(date(2026, 1, 1)).unwrap(), None);
}

#[test]
fn region_and_group_meetings_are_read_by_the_slice_shown() {
    let f = fixture();
    for (m, d) in [(1, 10), (2, 5), (3, 20), (4, 15)] {
        f.store
            .create_as(Meeting {
                region: f.region,
                group: Some(f.group),
                kind: MeetingKind::Steering,
                date: date(2018, m, d),
                ..Meeting::default()
            })
            .unwrap();
    }
    let dates = |v: Vec<kpss::model::Versioned<Meeting>>| {
        v.into_iter().map(|m| m.record.date).collect::<Vec<_>>()
    };
    let next = f.store.meetings_of_region(f.region, date(2018, 2, 1), 2);
    assert_eq!(dates(next.unwrap()), [date(2018, 2, 5), date(2018, 3, 20)]);
    let last = f
        .store
        .meetings_of_region_before(f.region, date(2018, 3, 20), 2);
    assert_eq!(dates(last.unwrap()), [date(2018, 2, 5), date(2018, 1, 10)]);
    let all = f.store.meeting_dates_of_group(f.group).unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(all[0], (date(2017, 12, 4), f.meeting));
    assert!(all.windows(2).all(|w| w[0].0 <= w[1].0));
    let referring = f
        .store
        .referring(RecordRef::new(Kind::Person, f.person))
        .unwrap();
    assert!(referring.contains(&RecordRef::new(Kind::Meeting, f.meeting)));
    assert!(referring.iter().any(|r| r.kind == Kind::Membership));
}
