//! A field's value, whatever its type: what a description's getter gives and its setter
//! takes, what the form reads its fields into and what the history compares.

use chrono::{NaiveDate, NaiveTime};

use crate::app::form::describe::FieldKey;
use crate::model::{Attendance, Id, Labelled, Lang, Milestone, Output};

/// One field's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// One line or several.
    Text(String),
    Lines(Vec<String>),
    Timeline(Vec<Milestone>),
    Date(Option<NaiveDate>),
    Time(Option<NaiveTime>),
    Number(Option<i64>),
    Choice(Option<Chosen>),
    /// `None` also for a required reference not yet set (id 0).
    Reference(Option<Id>),
    People(Vec<Id>),
    Outputs(Vec<Output>),
    Attendance(Vec<Attendance>),
    /// ORPs (a service's territory).
    Regions(Vec<Id>),
}

/// A value of a labelled list: its position in the list and its labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chosen {
    pub index: usize,
    pub cs: &'static str,
    pub en: &'static str,
}

impl Chosen {
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.cs, self.en)
    }
}

/// A value that does not fit the field it is written into: a description that disagrees
/// with itself. The tests of every description make sure none does.
#[derive(Debug, Clone, PartialEq)]
pub enum Mismatch {
    /// The kind of record has no field with this key.
    NoField(FieldKey),
    /// A value of another shape than the field's.
    Shape(Box<Value>),
    /// A number the field's type cannot hold.
    OutOfRange(i64),
    /// A choice that is not in the field's list.
    NotInList(Chosen),
}

impl Mismatch {
    pub fn message(&self, lang: Lang) -> String {
        let what = match self {
            Mismatch::NoField(key) => format!("{key:?}"),
            Mismatch::Shape(value) => format!("{value:?}"),
            Mismatch::OutOfRange(n) => n.to_string(),
            Mismatch::NotInList(chosen) => chosen.cs.to_owned(),
        };
        let text = match lang {
            Lang::Cs => format!("Vnitřní chyba formuláře, hodnotu nelze uložit: {what}"),
            Lang::En => format!("Internal error of the form, the value cannot be saved: {what}"),
        };
        crate::model::text::sanitize_line(&text)
    }
}

impl Value {
    /// A value of a labelled list (`None`: "—").
    pub fn choice<T: Labelled + PartialEq>(value: Option<T>) -> Value {
        Value::Choice(value.and_then(|v| {
            T::ALL.iter().position(|x| *x == v).map(|index| Chosen {
                index,
                cs: v.label_cs(),
                en: v.label_en(),
            })
        }))
    }

    /// A reference that may be empty.
    pub fn reference(id: Option<Id>) -> Value {
        Value::Reference(id.filter(|&id| id != 0))
    }

    pub fn number<T: Into<i64>>(n: Option<T>) -> Value {
        Value::Number(n.map(Into::into))
    }

    fn wrong(self) -> Mismatch {
        Mismatch::Shape(Box::new(self))
    }

    pub fn text(self) -> Result<String, Mismatch> {
        match self {
            Value::Text(text) => Ok(text),
            other => Err(other.wrong()),
        }
    }

    pub fn lines(self) -> Result<Vec<String>, Mismatch> {
        match self {
            Value::Lines(lines) => Ok(lines),
            other => Err(other.wrong()),
        }
    }

    pub fn timeline(self) -> Result<Vec<Milestone>, Mismatch> {
        match self {
            Value::Timeline(steps) => Ok(steps),
            other => Err(other.wrong()),
        }
    }

    pub fn date(self) -> Result<Option<NaiveDate>, Mismatch> {
        match self {
            Value::Date(date) => Ok(date),
            other => Err(other.wrong()),
        }
    }

    pub fn time(self) -> Result<Option<NaiveTime>, Mismatch> {
        match self {
            Value::Time(time) => Ok(time),
            other => Err(other.wrong()),
        }
    }

    pub fn number_of<T: TryFrom<i64>>(self) -> Result<Option<T>, Mismatch> {
        match self {
            Value::Number(Some(n)) => T::try_from(n)
                .map(Some)
                .map_err(|_| Mismatch::OutOfRange(n)),
            Value::Number(None) => Ok(None),
            other => Err(other.wrong()),
        }
    }

    /// The value of a labelled list, found by its position and checked by its label.
    pub fn chosen<T: Labelled>(self) -> Result<Option<T>, Mismatch> {
        match self {
            Value::Choice(None) => Ok(None),
            Value::Choice(Some(chosen)) => match T::ALL.get(chosen.index) {
                Some(&v) if v.label_cs() == chosen.cs => Ok(Some(v)),
                _ => Err(Mismatch::NotInList(chosen)),
            },
            other => Err(other.wrong()),
        }
    }

    /// A reference that may be empty.
    pub fn id(self) -> Result<Option<Id>, Mismatch> {
        match self {
            Value::Reference(id) => Ok(id),
            other => Err(other.wrong()),
        }
    }

    /// A required reference: 0 when not set, which the record's check refuses.
    pub fn required_id(self) -> Result<Id, Mismatch> {
        self.id().map(|id| id.unwrap_or(0))
    }

    pub fn people(self) -> Result<Vec<Id>, Mismatch> {
        match self {
            Value::People(ids) => Ok(ids),
            other => Err(other.wrong()),
        }
    }

    pub fn outputs(self) -> Result<Vec<Output>, Mismatch> {
        match self {
            Value::Outputs(outputs) => Ok(outputs),
            other => Err(other.wrong()),
        }
    }

    pub fn attendance(self) -> Result<Vec<Attendance>, Mismatch> {
        match self {
            Value::Attendance(rows) => Ok(rows),
            other => Err(other.wrong()),
        }
    }

    pub fn regions(self) -> Result<Vec<Id>, Mismatch> {
        match self {
            Value::Regions(ids) => Ok(ids),
            other => Err(other.wrong()),
        }
    }
}
