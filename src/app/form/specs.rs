//! A record's form fields, in order, made from its kind's description: each described
//! field the form shows becomes the editor its shape asks for, holding the record's value.
//! A group's form adds its members, which are records of their own.

use crate::app::form::describe::{self, Entry, FieldKey, Mismatch, Shape, Value};
use crate::app::form::fields::{Choice, FormField, Reference, TextKind};
use crate::app::form::labels::MEMBERS;
use crate::app::form::lookup;
use crate::app::form::reader::milestone_line;
use crate::app::form::rows::{Named, RowList, Rows, member_row, output_row};
use crate::model::date::{format_date, format_time};
use crate::model::{Id, Kind, Lang, Record};
use crate::store::{Store, StoreError};

/// A record's fields. A read the fields need (a group's members, a meeting's group)
/// that fails is an error: a form opened without them would save them away.
pub(super) fn fields(
    record: &Record,
    store: &dyn Store,
    lang: Lang,
) -> Result<Vec<FormField>, StoreError> {
    let group = match record {
        Record::Meeting(m) => m.group,
        _ => None,
    };
    let mut out = Vec::new();
    for (entry, value) in describe::values(record) {
        if entry.form {
            out.push(field(entry, value, group, store, lang)?.also(entry.also));
        }
    }
    if let Record::Group(g) = record {
        out.push(members(g.id, store)?);
    }
    Ok(out)
}

/// The editor for one field, holding its value.
fn field(
    entry: &Entry,
    value: Value,
    group: Option<Id>,
    store: &dyn Store,
    lang: Lang,
) -> Result<FormField, StoreError> {
    let (key, label) = (entry.key, entry.label);
    let text = |kind, text: &str| FormField::text(key, label, kind, text);
    let rows = |list| FormField::rows(key, label, Rows::new(list));
    Ok(match (entry.shape, value) {
        (Shape::Line { .. }, Value::Text(t)) => text(TextKind::Line, &t),
        (Shape::Multi, Value::Text(t)) => text(TextKind::Multi, &t),
        (Shape::Lines, Value::Lines(items)) => text(TextKind::Lines, &items.join("\n")),
        (Shape::Items, Value::Lines(items)) => rows(RowList::Items(items)),
        (Shape::Timeline, Value::Timeline(steps)) => {
            let lines: Vec<String> = steps.iter().map(milestone_line).collect();
            text(TextKind::Timeline, &lines.join("\n"))
        }
        (Shape::Date { required }, Value::Date(date)) => text(
            TextKind::Date { required },
            &date.map(format_date).unwrap_or_default(),
        ),
        (Shape::Time, Value::Time(time)) => {
            text(TextKind::Time, &time.map(format_time).unwrap_or_default())
        }
        (Shape::Number { min, max, year }, Value::Number(n)) => text(
            TextKind::Number { min, max, year },
            &n.map(|n| n.to_string()).unwrap_or_default(),
        ),
        (Shape::Choice { options, optional }, Value::Choice(chosen)) => {
            let index = chosen.map(|c| c.index);
            let choice = Choice {
                options: options(),
                // A value that must be set starts at the list's first.
                index: if optional { index } else { index.or(Some(0)) },
                optional,
            };
            FormField::choice(key, label, choice)
        }
        (Shape::Reference { kind, optional }, Value::Reference(id)) => {
            let title = id
                .map(|id| lookup::title_of(store, kind, id))
                .unwrap_or_default();
            let reference = Reference {
                kind,
                id,
                title,
                optional,
            };
            FormField::reference(key, label, reference)
        }
        (Shape::People, Value::People(ids)) => rows(RowList::People(
            ids.into_iter()
                .map(|id| Named {
                    id,
                    name: lookup::title_of(store, Kind::Person, id),
                })
                .collect(),
        )),
        (Shape::Outputs, Value::Outputs(outputs)) => rows(RowList::Outputs(
            outputs
                .into_iter()
                .map(|o| output_row(o, &|kind, id| lookup::title_of(store, kind, id)))
                .collect(),
        )),
        (Shape::Attendance, Value::Attendance(attendance)) => rows(RowList::Attendance(
            lookup::attendance_rows(store, group, &attendance)?,
        )),
        // A description whose getter disagrees with its shape: the field says so, and
        // the form cannot save until it is mended.
        (_, value) => {
            let mut field = text(TextKind::Line, "");
            field
                .errors
                .push(Mismatch::Shape(Box::new(value)).message(lang));
            field
        }
    })
}

/// A group's members: their memberships as stored, each with the person's name.
fn members(group: Id, store: &dyn Store) -> Result<FormField, StoreError> {
    let stored = if group == 0 {
        Vec::new()
    } else {
        store.memberships_of_group(group)?
    };
    let rows = stored
        .into_iter()
        .map(|m| member_row(m.record, &|kind, id| lookup::title_of(store, kind, id)))
        .collect();
    Ok(FormField::rows(
        FieldKey::Members,
        MEMBERS,
        Rows::new(RowList::Members(rows)),
    ))
}
