use chrono::NaiveDate;

use super::*;
use crate::model::{Meeting, MeetingState, Person, Presence, Region};
use crate::store::interpose::{Call, Interposed};
use crate::store::{EmbeddedStore, StoreError, StoreExt};

fn sample() -> EmbeddedStore {
    let store = EmbeddedStore::temporary("referentka").unwrap();
    store
        .import(&crate::sample::sample_register().unwrap())
        .unwrap();
    store
}

fn meeting(store: &dyn Store, id: Id) -> Meeting {
    store.get_as::<Meeting>(id).unwrap().unwrap().record
}

fn person_name(store: &dyn Store, id: Id) -> String {
    store
        .get_as::<Person>(id)
        .unwrap()
        .unwrap()
        .record
        .display_name()
}

fn value(old: &str, new: &str) -> ChangeText {
    ChangeText::Value {
        old: old.into(),
        new: new.into(),
    }
}

#[test]
fn a_meetings_state_reads_by_its_label_in_either_language() {
    let store = sample();
    let before = meeting(&store, 3);
    let after = Meeting {
        state: if before.state == MeetingState::Held {
            MeetingState::Planned
        } else {
            MeetingState::Held
        },
        ..before.clone()
    };
    let labels = |state: MeetingState, lang| state.label(lang).to_owned();
    for lang in [Lang::Cs, Lang::En] {
        let changes = diff(
            &Record::Meeting(before.clone()),
            &Record::Meeting(after.clone()),
            &mut Names::new(&store, lang),
        );
        assert_eq!(
            changes,
            vec![Change {
                field: lang.pick("Stav", "State").into(),
                text: ChangeText::Value {
                    old: labels(before.state, lang),
                    new: labels(after.state, lang),
                },
            }]
        );
    }
    let planned = Meeting {
        state: MeetingState::Planned,
        ..before.clone()
    };
    let held = Meeting {
        state: MeetingState::Held,
        ..before
    };
    let changes = diff(
        &Record::Meeting(planned),
        &Record::Meeting(held),
        &mut Names::new(&store, Lang::Cs),
    );
    assert_eq!(changes[0].text, value("plánováno", "proběhlo"));
}

#[test]
fn references_read_by_the_referenced_records_name() {
    let store = sample();
    let before = meeting(&store, 1);
    let group = before.group.unwrap();
    let other_group = (1..=7).find(|&g| g != group).unwrap();
    let after = Meeting {
        group: Some(other_group),
        ..before.clone()
    };
    let changes = diff(
        &Record::Meeting(before),
        &Record::Meeting(after),
        &mut Names::new(&store, Lang::Cs),
    );
    let title = |id| {
        store
            .get(RecordRef::new(Kind::Group, id))
            .unwrap()
            .unwrap()
            .record
            .title()
    };
    assert_eq!(
        changes,
        vec![Change {
            field: "Skupina".into(),
            text: ChangeText::Value {
                old: title(group),
                new: title(other_group),
            },
        }]
    );
}

#[test]
fn attendance_reads_as_names_with_presence() {
    let store = sample();
    let before = meeting(&store, 1);
    let mut after = before.clone();
    let first = after.attendance[0].person;
    after.attendance[0].presence = Presence::Excused;
    let gone = after.attendance.remove(1).person;
    after.attendance.push(Attendance {
        person: 12,
        presence: Presence::Present,
    });
    let changes = diff(
        &Record::Meeting(before),
        &Record::Meeting(after),
        &mut Names::new(&store, Lang::Cs),
    );
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].field, "Docházka");
    assert_eq!(
        changes[0].text,
        ChangeText::Items(vec![
            ItemChange::Removed(format!("{}: přítomen", person_name(&store, gone))),
            ItemChange::Changed {
                item: person_name(&store, first),
                old: "přítomen".into(),
                new: "omluven".into(),
            },
            ItemChange::Added(format!("{}: přítomna", person_name(&store, 12))),
        ])
    );
}

#[test]
fn lists_and_texts_of_several_lines_change_item_by_item() {
    let store = sample();
    let before = store.list_as::<Region>().unwrap()[0].record.clone();
    let mut after = before.clone();
    after.links = vec!["https://a.example.cz".into(), "https://b.example.cz".into()];
    after.note = "první řádek\ndruhý řádek".into();
    let mut reordered = after.clone();
    reordered.links.reverse();
    let mut names = Names::new(&store, Lang::Cs);
    let changes = diff(
        &Record::Region(before.clone()),
        &Record::Region(after.clone()),
        &mut names,
    );
    let links = changes.iter().find(|c| c.field == "Odkazy").unwrap();
    let mut wanted: Vec<ItemChange> = before
        .links
        .iter()
        .map(|l| ItemChange::Removed(l.clone()))
        .collect();
    wanted.push(ItemChange::Added("https://a.example.cz".into()));
    wanted.push(ItemChange::Added("https://b.example.cz".into()));
    assert_eq!(links.text, ChangeText::Items(wanted));
    let note = changes.iter().find(|c| c.field == "Poznámka").unwrap();
    match &note.text {
        ChangeText::Items(items) => {
            assert!(items.contains(&ItemChange::Added("první řádek".into())));
            assert!(items.contains(&ItemChange::Added("druhý řádek".into())));
        }
        other => panic!("{other:?}"),
    }
    let changes = diff(
        &Record::Region(after),
        &Record::Region(reordered),
        &mut names,
    );
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].text, ChangeText::Reordered);
}

#[test]
fn a_reference_that_cannot_be_read_says_so_and_a_deleted_one_keeps_its_name() {
    let inner = sample();
    let gone = inner
        .create_as(Person {
            first_name: "Jana".into(),
            last_name: "Dočasná".into(),
            ..Person::default()
        })
        .unwrap();
    inner
        .delete(
            RecordRef::new(Kind::Person, gone.record.id),
            gone.rev,
            false,
        )
        .unwrap();
    let mut names = Names::new(&inner, Lang::Cs);
    assert_eq!(
        names.name(Kind::Person, gone.record.id),
        "Jana Dočasná (smazáno)"
    );
    let failing = Interposed::new(inner, |call| match call {
        Call::Other("get") => Some(StoreError::Disconnected("timeout".into())),
        _ => None,
    });
    let mut names = Names::new(&failing, Lang::Cs);
    let name = names.name(Kind::Person, 5);
    assert!(name.starts_with("osoba (nelze přečíst: "), "{name}");
    assert!(!name.contains('5'), "{name}");
    let mut names = Names::new(&failing, Lang::En);
    assert!(
        names
            .name(Kind::Organisation, 5)
            .starts_with("organisation (cannot be read: ")
    );
}

#[test]
fn no_change_of_any_field_reads_as_json_or_in_english() {
    let store = sample();
    let english: Vec<&str> = ["planned", "held", "present", "excused", "true", "null"].into();
    for record in crate::app::form::describe::tests::sample_records() {
        for (entry, old) in describe::values(&record) {
            let new = crate::app::form::describe::tests::other(entry, &old);
            let mut after = record.clone();
            describe::set(&mut after, entry.key, new).unwrap();
            let changes = diff(&record, &after, &mut Names::new(&store, Lang::Cs));
            assert_eq!(changes.len(), 1, "{:?}: {changes:?}", entry.key);
            let text = format!("{:?}", changes[0].text);
            for bad in ["{\\\"", "[\\\"", "\\\":"] {
                assert!(!text.contains(bad), "{:?}: {text}", entry.key);
            }
            for word in &english {
                assert!(
                    !text.to_lowercase().contains(word),
                    "{:?}: {text}",
                    entry.key
                );
            }
            assert!(!changes[0].field.contains('_'), "{:?}", entry.key);
        }
    }
}

#[test]
fn a_date_reads_as_a_czech_date() {
    let store = sample();
    let before = meeting(&store, 1);
    let after = Meeting {
        date: NaiveDate::from_ymd_opt(2018, 2, 3).unwrap(),
        ..before.clone()
    };
    let changes = diff(
        &Record::Meeting(before),
        &Record::Meeting(after),
        &mut Names::new(&store, Lang::Cs),
    );
    assert_eq!(changes[0].field, "Datum");
    assert_eq!(changes[0].text, value("4. 12. 2017", "3. 2. 2018"));
}
