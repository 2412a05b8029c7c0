//! One description per kind of record drives the form: every record of the sample
//! register, opened in its form and saved unchanged, comes back identical.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use kpss::app::Keymap;
use kpss::app::form::{Form, FormOutcome};
use kpss::model::{Kind, Lang, Record};
use kpss::store::Store;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const KINDS: [Kind; 8] = [
    Kind::Region,
    Kind::Organisation,
    Kind::Person,
    Kind::Project,
    Kind::Document,
    Kind::Group,
    Kind::Membership,
    Kind::Meeting,
];

#[test]
fn every_sample_record_saved_unchanged_from_its_form_is_identical() {
    let store = common::sample_store();
    let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let mut seen = 0;
    for lang in [Lang::Cs, Lang::En] {
        for kind in KINDS {
            let stored = store.list(kind).unwrap();
            assert!(!stored.is_empty(), "the sample register has no {kind:?}");
            for versioned in stored {
                let rev = versioned.rev;
                let original = versioned.record.clone();
                let mut form = Form::edit(versioned, &store, lang).unwrap();
                assert!(!form.is_dirty(), "{original:?}");
                match form.handle_key(ctrl_s, &Keymap::defaults(), &store) {
                    FormOutcome::Save {
                        rev: saved_rev,
                        record,
                        members,
                    } => {
                        assert_eq!(saved_rev, Some(rev));
                        assert_eq!(record, original);
                        match &original {
                            Record::Group(g) => {
                                let stored: Vec<_> = store
                                    .memberships_of_group(g.id)
                                    .unwrap()
                                    .into_iter()
                                    .map(|m| m.record)
                                    .collect();
                                assert_eq!(members, Some(stored), "{}", g.name);
                            }
                            _ => assert_eq!(members, None),
                        }
                    }
                    other => panic!("{original:?} did not save: {other:?}"),
                }
                seen += 1;
            }
        }
    }
    assert!(seen > 100, "{seen}");
}

#[test]
fn a_meeting_whose_attendance_lists_a_non_member_first_saves_unchanged() {
    use kpss::model::{Attendance, Meeting, Presence};
    use kpss::store::StoreExt;
    let store = common::sample_store();
    let stored = store.get_as::<Meeting>(1).unwrap().unwrap();
    let members: Vec<u64> = store
        .memberships_of_group(stored.record.group.unwrap())
        .unwrap()
        .iter()
        .map(|m| m.record.person)
        .collect();
    let guest = (1..=14).find(|p| !members.contains(p)).unwrap();
    let mut meeting = stored.record;
    meeting.attendance.insert(
        0,
        Attendance {
            person: guest,
            presence: Presence::Present,
        },
    );
    meeting.attendance.swap(1, 2);
    let saved = store.update_as(stored.rev, meeting).unwrap();
    let versioned = kpss::model::Versioned {
        rev: saved.rev,
        record: Record::Meeting(saved.record.clone()),
    };
    let mut form = Form::edit(versioned, &store, Lang::Cs).unwrap();
    let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
    match form.handle_key(ctrl_s, &Keymap::defaults(), &store) {
        FormOutcome::Save { record, .. } => assert_eq!(record, Record::Meeting(saved.record)),
        other => panic!("{other:?}"),
    }
}
