//! One typed description per kind of record: every field's key, label, shape, and how its
//! value is read from and written into the record. The form's fields, the record a form
//! saves, the history's field names and the drafts' keys all come from here, so that they
//! cannot drift apart.
//!
//! Each kind's table lives in a file of its own (`region.rs`, …); `tests.rs` checks that
//! every table covers every field the record serialises, that each getter and setter
//! agree, and that no key is used twice.

mod document;
mod group;
mod meeting;
mod organisation;
mod person;
mod project;
mod region;
mod service;
mod value;

#[cfg(test)]
pub(crate) mod tests;

use serde::{Deserialize, Serialize};

use crate::model::{Field, Invalid, Kind, Labelled, Record};

pub use value::{Chosen, Mismatch, Value};

/// The stable name of a field: what drafts keep on disk and what the form and the
/// history look a field up by. The serde names are the record's own field names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKey {
    Name,
    ShortName,
    Title,
    Kraj,
    MunicipalityCount,
    Municipalities,
    PartnerTown,
    Implementer,
    Contacts,
    Links,
    Timeline,
    Note,
    Kind,
    Ico,
    Street,
    Psc,
    City,
    Web,
    Email,
    Phone,
    Region,
    TitleBefore,
    Salutation,
    FirstName,
    LastName,
    TitleAfter,
    Function,
    Organisation,
    RegistrationNumber,
    Programme,
    ProgrammeDetail,
    Recipient,
    Partner,
    Start,
    End,
    Goals,
    Activities,
    Outputs,
    Description,
    Project,
    YearFrom,
    YearTo,
    State,
    ApprovedOn,
    ApprovedBy,
    Link,
    TargetGroup,
    /// A group's members: kept as membership records of their own, not in the group.
    Members,
    Group,
    Person,
    Role,
    Represents,
    Since,
    Until,
    Date,
    Place,
    Agenda,
    Minutes,
    Attendance,
    Guests,
    Uid,
    InvitationSent,
    Provider,
    Registered,
    ServiceType,
    Identifier,
    Forms,
    TargetGroups,
    Places,
    Capacities,
    Hours,
    ContactPerson,
    InNetwork,
    ValidFrom,
    ValidUntil,
    Regions,
}

/// A normal form a validator gives (`387 06`, `+420 730 870 048`).
pub type Normalise = fn(Field, &str) -> Result<String, Invalid>;

/// What kind of value a field holds, and so how the form edits it.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// One line of text, brought to its normal form on save when a validator gives one.
    Line {
        normal: Option<Normalise>,
    },
    /// Several lines of text.
    Multi,
    /// One item per line.
    Lines,
    /// One item per row of a list editor: adding a row is a key of its own, and a long
    /// item wraps (a project's goals and activities).
    Items,
    /// One milestone per line: `2013–2015 text`.
    Timeline,
    Date {
        required: bool,
    },
    Time,
    Number {
        min: i64,
        max: i64,
        year: bool,
    },
    /// One of a labelled list, with "—" first when it may be empty.
    Choice {
        options: fn() -> Vec<(&'static str, &'static str)>,
        optional: bool,
    },
    Reference {
        kind: Kind,
        optional: bool,
    },
    /// A list of people (a region's contacts).
    People,
    Outputs,
    Attendance,
    /// Kept by the form as it was, edited elsewhere (a service's ORPs).
    Kept,
}

/// The options of a choice: every value's Czech and English label, in the list's order.
pub fn options<T: Labelled>() -> Vec<(&'static str, &'static str)> {
    T::ALL
        .iter()
        .map(|v| (v.label_cs(), v.label_en()))
        .collect()
}

/// What a field is, whatever the kind of record it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    pub key: FieldKey,
    /// The name the form and the history show.
    pub label: Field,
    pub shape: Shape,
    /// The model's fields (besides the label) whose problems are shown at this field.
    pub also: &'static [Field],
    /// Whether the form shows the field; one it does not show is kept as it was.
    pub form: bool,
}

/// A field of records of type `T`: what it is, and how its value is read and written.
pub struct Spec<T: 'static> {
    pub entry: Entry,
    pub get: fn(&T) -> Value,
    pub set: fn(&mut T, Value) -> Result<(), Mismatch>,
}

impl<T> Spec<T> {
    /// A field the form shows.
    const fn shown(
        key: FieldKey,
        label: Field,
        shape: Shape,
        get: fn(&T) -> Value,
        set: fn(&mut T, Value) -> Result<(), Mismatch>,
    ) -> Spec<T> {
        Spec {
            entry: Entry {
                key,
                label,
                shape,
                also: &[],
                form: true,
            },
            get,
            set,
        }
    }

    /// Problems of these model fields are shown at this field too.
    const fn also(mut self, fields: &'static [Field]) -> Spec<T> {
        self.entry.also = fields;
        self
    }

    /// The form keeps the field as it was; only the history shows it.
    const fn hidden(mut self) -> Spec<T> {
        self.entry.form = false;
        self
    }
}

/// A record type with a description.
pub trait Described: Sized + 'static {
    const FIELDS: &'static [Spec<Self>];
}

/// Runs `$body` with `$r` bound to the record inside `$record` and `$t` naming its type.
macro_rules! each_kind {
    ($record:expr, $r:ident => $body:expr) => {
        match $record {
            Record::Region($r) => $body,
            Record::Organisation($r) => $body,
            Record::Person($r) => $body,
            Record::Project($r) => $body,
            Record::Document($r) => $body,
            Record::Group($r) => $body,
            Record::Membership($r) => $body,
            Record::Meeting($r) => $body,
            Record::Service($r) => $body,
        }
    };
}

fn entries_of<T: Described>() -> Vec<&'static Entry> {
    T::FIELDS.iter().map(|s| &s.entry).collect()
}

/// Every field of a kind of record, in the form's order (fields the form does not show
/// last).
pub fn entries(kind: Kind) -> Vec<&'static Entry> {
    use crate::model::*;
    match kind {
        Kind::Region => entries_of::<Region>(),
        Kind::Organisation => entries_of::<Organisation>(),
        Kind::Person => entries_of::<Person>(),
        Kind::Project => entries_of::<Project>(),
        Kind::Document => entries_of::<Document>(),
        Kind::Group => entries_of::<Group>(),
        Kind::Membership => entries_of::<Membership>(),
        Kind::Meeting => entries_of::<Meeting>(),
        Kind::Service => entries_of::<Service>(),
    }
}

/// The field of a kind with this key.
pub fn entry(kind: Kind, key: FieldKey) -> Option<&'static Entry> {
    entries(kind).into_iter().find(|e| e.key == key)
}

fn values_of<T: Described>(record: &T) -> Vec<(&'static Entry, Value)> {
    T::FIELDS
        .iter()
        .map(|s| (&s.entry, (s.get)(record)))
        .collect()
}

/// Every field of a record with its value.
pub fn values(record: &Record) -> Vec<(&'static Entry, Value)> {
    each_kind!(record, r => values_of(r))
}

fn set_of<T: Described>(record: &mut T, key: FieldKey, value: Value) -> Result<(), Mismatch> {
    match T::FIELDS.iter().find(|s| s.entry.key == key) {
        Some(spec) => (spec.set)(record, value),
        None => Err(Mismatch::NoField(key)),
    }
}

/// Writes one field's value into a record.
pub fn set(record: &mut Record, key: FieldKey, value: Value) -> Result<(), Mismatch> {
    each_kind!(record, r => set_of(r, key, value))
}

const LINE: Shape = Shape::Line { normal: None };
const DATE: Shape = Shape::Date { required: false };
const YEAR: Shape = Shape::Number {
    min: 1990,
    max: 2100,
    year: true,
};

/// A choice from `T`'s list; `optional` when "—" is a value.
const fn choice<T: Labelled>(optional: bool) -> Shape {
    Shape::Choice {
        options: options::<T>,
        optional,
    }
}

const fn reference(kind: Kind, optional: bool) -> Shape {
    Shape::Reference { kind, optional }
}
