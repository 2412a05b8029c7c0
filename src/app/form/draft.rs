//! What a form keeps on disk when the terminal disappears: the record it started from and
//! every field's raw content, so nothing typed is lost, not even text that does not parse.

use serde::{Deserialize, Serialize};

use crate::app::form::describe::FieldKey;
use crate::model::{Id, Kind, Membership, Output, Presence, Record};

/// A form's raw typed content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormDraft {
    pub kind: Kind,
    /// The record's id; 0 for a new record.
    pub id: Id,
    /// The revision an edit is based on; `None` for a new record.
    pub rev: Option<u64>,
    /// The record as the form opened it: what the form does not show is kept from here.
    pub base: Record,
    /// The focused field.
    pub focus: usize,
    pub fields: Vec<FieldDraft>,
}

/// One field's raw content, under the field's key in its record's description (its
/// serde name is the record's own field name, as drafts have always kept it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldDraft {
    pub key: FieldKey,
    pub value: DraftValue,
}

/// The raw content of a field of any kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftValue {
    /// Text as typed (dates, times, numbers and lists of lines too).
    Text(String),
    /// A choice by its Czech label; `None` for "—".
    Choice(Option<String>),
    Reference(Option<Id>),
    Outputs(Vec<Output>),
    People(Vec<Id>),
    Members(Vec<Membership>),
    /// Each row's person and presence; `None` when not recorded.
    Attendance(Vec<(Id, Option<Presence>)>),
}
