//! A record from a form's fields: a clone of the record the form opened (so what the form
//! does not show is kept) with every shown field read back by its shape and written
//! through its record's description, normalised where the description names a validator.

use chrono::NaiveDate;

use crate::app::form::describe::{self, Entry, FieldKey, Shape, Value};
use crate::app::form::fields::FormField;
use crate::app::form::reader::Reader;
use crate::model::{Attendance, Kind, Lang, Membership, Record};

/// What the fields make: the record, a group's wanted members, and what did not parse.
pub(super) struct Built {
    pub record: Record,
    pub members: Option<Vec<Membership>>,
    /// A message per field index.
    pub errors: Vec<(usize, String)>,
}

/// `today` is the day a date typed without its year counts from.
pub(super) fn build(
    base: &Record,
    fields: &[FormField],
    lang: Lang,
    today: Option<NaiveDate>,
) -> Built {
    let mut reader = Reader::new(fields, lang, today);
    let mut record = base.clone();
    let kind = base.kind();
    // A description that disagrees with its form is said at the field, never dropped.
    let mut mismatches = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        if field.key == FieldKey::Members {
            continue;
        }
        let written = match describe::entry(kind, field.key) {
            Some(entry) => match read(&mut reader, entry) {
                Some(Value::Attendance(rows)) => {
                    let rows = in_order_of(rows, base, field.key);
                    describe::set(&mut record, field.key, Value::Attendance(rows))
                }
                Some(value) => describe::set(&mut record, field.key, value),
                None => Ok(()),
            },
            None => Err(describe::Mismatch::NoField(field.key)),
        };
        if let Err(e) = written {
            mismatches.push((index, e.message(lang)));
        }
    }
    let members = (kind == Kind::Group).then(|| reader.members(FieldKey::Members, base.id()));
    let mut errors = reader.errors;
    errors.extend(mismatches);
    Built {
        record,
        members,
        errors,
    }
}

/// A field's value as its shape reads it; `None` for a shape the form does not edit.
fn read(f: &mut Reader, entry: &Entry) -> Option<Value> {
    let key = entry.key;
    Some(match entry.shape {
        Shape::Line {
            normal: Some(normal),
        } => Value::Text(f.normal(key, normal)),
        Shape::Line { normal: None } | Shape::Multi => Value::Text(f.text(key)),
        Shape::Lines => Value::Lines(f.lines(key)),
        Shape::Items => Value::Lines(f.items(key)),
        Shape::Timeline => Value::Timeline(f.timeline(key)),
        Shape::Date { .. } => Value::Date(f.date(key)),
        Shape::Time => Value::Time(f.time(key)),
        Shape::Number { .. } => Value::Number(f.number(key)),
        Shape::Choice { .. } => Value::Choice(f.chosen(key)),
        Shape::Reference { .. } => Value::Reference(f.reference(key)),
        Shape::People => Value::People(f.people(key)),
        Shape::Outputs => Value::Outputs(f.outputs(key)),
        Shape::Attendance => Value::Attendance(f.attendance(key)),
        Shape::Kept => return None,
    })
}

/// Attendance as the record listed it: the form shows a group's members first, but a
/// save that changes nothing must not reorder what was recorded. People recorded anew
/// follow, in the form's order.
fn in_order_of(mut rows: Vec<Attendance>, base: &Record, key: FieldKey) -> Vec<Attendance> {
    let before: Vec<Attendance> = describe::values(base)
        .into_iter()
        .find(|(e, _)| e.key == key)
        .and_then(|(_, v)| v.attendance().ok())
        .unwrap_or_default();
    let at = |a: &Attendance| {
        before
            .iter()
            .position(|b| b.person == a.person)
            .unwrap_or(usize::MAX)
    };
    // A stable sort: people not recorded before keep the form's order among themselves.
    rows.sort_by_key(at);
    rows
}
