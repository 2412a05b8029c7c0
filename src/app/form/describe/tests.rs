//! Every description against its record: it covers every field the record serialises,
//! each getter and setter agree, and each setter writes the field its key names.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveTime};
use serde_json::{Map, Value as Json};

use super::*;
use crate::model::{
    Attendance, Document, Group, Meeting, Membership, Milestone, Organisation, Output, OutputState,
    Person, Presence, Project, Region, Salutation, Service,
};

/// One record of every kind, with nothing filled in but what JSON always writes.
pub(crate) fn empty_records() -> Vec<Record> {
    vec![
        Record::Region(Region::default()),
        Record::Organisation(Organisation::default()),
        // The interchange leaves an unknown salutation out; a known one is written.
        Record::Person(Person {
            salutation: Salutation::Ms,
            ..Person::default()
        }),
        Record::Project(Project::default()),
        Record::Document(Document::default()),
        Record::Group(Group::default()),
        Record::Membership(Membership::default()),
        // The interchange leaves an empty uid and an invitation not sent out; filled
        // ones are written.
        Record::Meeting(Meeting {
            uid: "udalost@kalendar".into(),
            invitation_sent: chrono::NaiveDate::from_ymd_opt(2018, 12, 3),
            ..Meeting::default()
        }),
        Record::Service(Service::default()),
    ]
}

/// Every record of the sample register, and the empty ones.
pub(crate) fn sample_records() -> Vec<Record> {
    let register = crate::sample::sample_register().unwrap();
    register.records().chain(empty_records()).collect()
}

/// A record's fields as JSON, nested objects (an organisation's address) flattened to
/// their own fields' names.
pub(crate) fn json_fields(record: &Record) -> Map<String, Json> {
    let Json::Object(outer) = serde_json::to_value(record).unwrap() else {
        panic!("a record is an object");
    };
    let Some((_, Json::Object(inner))) = outer.into_iter().next() else {
        panic!("a record is one kind's object");
    };
    let mut out = Map::new();
    for (key, value) in inner {
        match value {
            Json::Object(nested) => out.extend(nested),
            other => {
                out.insert(key, other);
            }
        }
    }
    out
}

pub(crate) fn key_name(key: FieldKey) -> String {
    serde_json::to_value(key)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

/// A value of the same shape that differs from `value`.
pub(crate) fn other(entry: &Entry, value: &Value) -> Value {
    let date = NaiveDate::from_ymd_opt(2019, 3, 14).unwrap();
    match value.clone() {
        Value::Text(t) => Value::Text(format!("{t}jiný")),
        Value::Lines(mut v) => {
            v.push(match entry.key {
                FieldKey::Forms if v.is_empty() => "terénní".into(),
                FieldKey::Forms => return Value::Lines(Vec::new()),
                FieldKey::TargetGroups if v.is_empty() => "senioři".into(),
                FieldKey::TargetGroups => return Value::Lines(Vec::new()),
                FieldKey::Capacities => "terénní: 99 hodin".into(),
                FieldKey::Places => "Nová 1, 392 01 Soběslav".into(),
                _ => "další řádek".into(),
            });
            Value::Lines(v)
        }
        Value::Timeline(mut v) => {
            v.push(Milestone {
                from: 2021,
                to: None,
                text: "nový plán".into(),
            });
            Value::Timeline(v)
        }
        Value::Date(d) => Value::Date(Some(d.map_or(date, |d| d.succ_opt().unwrap()))),
        Value::Time(t) => Value::Time(Some(
            match t {
                Some(t) if t.format("%H").to_string() == "09" => NaiveTime::from_hms_opt(10, 0, 0),
                _ => NaiveTime::from_hms_opt(9, 0, 0),
            }
            .unwrap(),
        )),
        Value::Number(n) => Value::Number(Some(n.map_or(2000, |n| n + 1))),
        Value::Choice(c) => {
            let Shape::Choice { options, .. } = entry.shape else {
                panic!("{:?} holds a choice", entry.key);
            };
            let options = options();
            let index = c.map_or(0, |c| (c.index + 1) % options.len());
            let (cs, en) = options[index];
            Value::Choice(Some(Chosen { index, cs, en }))
        }
        Value::Reference(id) => Value::Reference(Some(id.map_or(5, |id| id + 1))),
        Value::People(mut v) => {
            v.push(999);
            Value::People(v)
        }
        Value::Outputs(mut v) => {
            v.push(Output {
                title: "Akční plán".into(),
                document: None,
                due: Some(date),
                state: OutputState::Planned,
            });
            Value::Outputs(v)
        }
        Value::Attendance(mut v) => {
            v.push(Attendance {
                person: 999,
                presence: Presence::Excused,
            });
            Value::Attendance(v)
        }
        Value::Regions(mut v) => {
            v.push(999);
            Value::Regions(v)
        }
    }
}

#[test]
fn every_serialised_field_is_described_once_under_its_own_name() {
    for record in empty_records() {
        let kind = record.kind();
        let described: Vec<String> = entries(kind).iter().map(|e| key_name(e.key)).collect();
        let unique: BTreeSet<&String> = described.iter().collect();
        assert_eq!(unique.len(), described.len(), "{kind:?}: {described:?}");
        let serialised: BTreeSet<String> = json_fields(&record)
            .keys()
            .filter(|k| k.as_str() != "id")
            .cloned()
            .collect();
        let described: BTreeSet<String> = described.into_iter().collect();
        assert_eq!(described, serialised, "{kind:?}");
    }
}

#[test]
fn every_getter_and_setter_agree_and_a_setter_writes_its_own_field() {
    for record in sample_records() {
        let kind = record.kind();
        let before = json_fields(&record);
        for (entry, value) in values(&record) {
            // Writing back what was read changes nothing.
            let mut same = record.clone();
            set(&mut same, entry.key, value.clone()).unwrap();
            assert_eq!(same, record, "{kind:?} {:?}", entry.key);
            // Writing another value changes this field, and only this one.
            let changed = other(entry, &value);
            let mut edited = record.clone();
            set(&mut edited, entry.key, changed.clone()).unwrap();
            let read = values(&edited)
                .into_iter()
                .find(|(e, _)| e.key == entry.key)
                .map(|(_, v)| v);
            assert_eq!(read, Some(changed), "{kind:?} {:?}", entry.key);
            let after = json_fields(&edited);
            let differ: Vec<&String> = after
                .keys()
                .chain(before.keys())
                .filter(|k| after.get(*k) != before.get(*k))
                .collect();
            let name = key_name(entry.key);
            assert!(
                !differ.is_empty() && differ.iter().all(|k| **k == name),
                "{kind:?} {:?} changed {differ:?}",
                entry.key
            );
        }
    }
}

#[test]
fn a_value_of_another_shape_is_refused_not_dropped() {
    let mut record = Record::Person(Person::default());
    let wrong = set(&mut record, FieldKey::LastName, Value::Date(None));
    assert_eq!(wrong, Err(Mismatch::Shape(Box::new(Value::Date(None)))));
    assert!(matches!(
        set(
            &mut record,
            FieldKey::Attendance,
            Value::Text(String::new())
        ),
        Err(Mismatch::NoField(FieldKey::Attendance))
    ));
    let stale = Chosen {
        index: 0,
        cs: "neexistuje",
        en: "missing",
    };
    let mut meeting = Record::Meeting(Meeting::default());
    assert_eq!(
        set(&mut meeting, FieldKey::State, Value::Choice(Some(stale))),
        Err(Mismatch::NotInList(stale))
    );
    let mut region = Record::Region(Region::default());
    assert_eq!(
        set(
            &mut region,
            FieldKey::MunicipalityCount,
            Value::Number(Some(70_000))
        ),
        Err(Mismatch::OutOfRange(70_000))
    );
}

#[test]
fn the_history_names_every_field_as_its_form_does() {
    use crate::app::form::Form;
    use crate::app::history_text::{Names, diff};
    use crate::store::{EmbeddedStore, Store};
    let store = EmbeddedStore::temporary("referentka").unwrap();
    store
        .import(&crate::sample::sample_register().unwrap())
        .unwrap();
    let mut fields = 0;
    for lang in [crate::model::Lang::Cs, crate::model::Lang::En] {
        for record in empty_records() {
            let kind = record.kind();
            // A stored record of the kind, so that the form opens as an edit.
            let stored = store.list(kind).unwrap().remove(0);
            let form = Form::edit(stored.clone(), &store, lang).unwrap();
            let mut shown = 0;
            for field in &form.fields {
                if field.key == FieldKey::Members {
                    continue;
                }
                let (entry, value) = values(&stored.record)
                    .into_iter()
                    .find(|(e, _)| e.key == field.key)
                    .unwrap();
                let mut after = stored.record.clone();
                set(&mut after, entry.key, other(entry, &value)).unwrap();
                let changes = diff(&stored.record, &after, &mut Names::new(&store, lang));
                assert_eq!(changes.len(), 1, "{kind:?} {:?}", field.key);
                assert_eq!(changes[0].field, field.label.label(lang), "{kind:?}");
                shown += 1;
            }
            // Every field the form shows, and the ones it keeps, have a history label.
            let hidden = entries(kind).iter().filter(|e| !e.form).count();
            assert_eq!(shown + hidden, entries(kind).len(), "{kind:?}");
            fields += shown;
        }
    }
    assert!(fields > 100, "{fields}");
}
