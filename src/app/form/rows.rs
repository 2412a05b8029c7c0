//! Row editors: a project's goals and activities (a line each), its outputs (title,
//! state, due date, the document that is the output), a region's contact persons, a
//! group's members (person, role, whom they represent, organisation, until when) and a
//! meeting's attendance. The keys are in `rows_keys.rs`, the drawing in `render_rows.rs`.

use chrono::NaiveDate;

use crate::app::form::draft::DraftValue;
use crate::app::form::fields::{Choice, PickFor};
use crate::app::form::input::TextInput;
use crate::model::text::sanitize_line;
use crate::model::{Id, Kind, Labelled, Lang, MemberRole, Membership, Output, Presence};

/// A person in a row, with the name the row shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Named {
    pub id: Id,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MemberRow {
    /// The membership as stored (or new, id 0): what the row does not show is kept.
    pub membership: Membership,
    pub name: String,
    /// The name of the membership's organisation; empty when it has none.
    pub organisation: String,
}

impl MemberRow {
    /// A membership that ended before `today`.
    pub fn former(&self, today: Option<NaiveDate>) -> bool {
        matches!((self.membership.until, today), (Some(until), Some(today)) if until < today)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct OutputRow {
    pub output: Output,
    /// The title of the output's document; empty when it has none.
    pub document: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct AttendanceRow {
    pub person: Named,
    /// `None`: not recorded.
    pub presence: Option<Presence>,
}

#[derive(Debug, Clone)]
pub(super) enum RowList {
    /// One line each: goals, activities.
    Items(Vec<String>),
    Outputs(Vec<OutputRow>),
    People(Vec<Named>),
    Members(Vec<MemberRow>),
    Attendance(Vec<AttendanceRow>),
}

/// What a column of a row holds, and so how it is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    /// Text typed in place (a goal, an output's title).
    Text,
    /// A date typed in place (an output's due date, a membership's end).
    Date,
    /// A value of an official list, changed with Space.
    Choice,
    /// A record chosen in the picker.
    Pick(Kind),
    /// Shown, not edited (an attending person's name).
    Fixed,
}

/// A cell being typed in.
#[derive(Debug, Clone)]
pub(super) struct Editing {
    pub column: usize,
    pub input: TextInput,
    /// The cell as it was, for Esc.
    pub original: String,
    /// The row was added for this edit: Esc, or leaving it empty, takes it away.
    pub new_row: bool,
}

/// What the rows need to know from the form: the language of messages and today (for
/// dates without a year and for members whose membership ended).
#[derive(Debug, Clone, Copy)]
pub(super) struct RowContext {
    pub lang: Lang,
    pub today: Option<NaiveDate>,
}

/// A list of rows with a selected row and a selected column.
#[derive(Debug, Clone)]
pub(super) struct Rows {
    pub list: RowList,
    pub selected: usize,
    /// The selected column, an index into [`Rows::columns`].
    pub column: usize,
    pub editing: Option<Editing>,
    /// Why the last key was refused (a due date that does not parse).
    pub error: Option<String>,
}

impl Rows {
    pub fn new(list: RowList) -> Rows {
        let column = usize::from(matches!(list, RowList::Attendance(_)));
        Rows {
            list,
            selected: 0,
            column,
            editing: None,
            error: None,
        }
    }

    pub fn len(&self) -> usize {
        match &self.list {
            RowList::Items(r) => r.len(),
            RowList::Outputs(r) => r.len(),
            RowList::People(r) => r.len(),
            RowList::Members(r) => r.len(),
            RowList::Attendance(r) => r.len(),
        }
    }

    /// The columns of every row, the first one being the row's name or text.
    pub fn columns(&self) -> &'static [Column] {
        use Column::*;
        match self.list {
            RowList::Items(_) => &[Text],
            RowList::Outputs(_) => &[Text, Choice, Date, Pick(Kind::Document)],
            RowList::People(_) => &[Pick(Kind::Person)],
            RowList::Members(_) => &[
                Pick(Kind::Person),
                Choice,
                Choice,
                Pick(Kind::Organisation),
                Date,
            ],
            RowList::Attendance(_) => &[Fixed, Choice],
        }
    }

    pub fn column_kind(&self) -> Column {
        self.columns()
            .get(self.column)
            .copied()
            .unwrap_or(Column::Fixed)
    }

    pub fn editing(&self) -> bool {
        self.editing.is_some()
    }

    /// Whether the row with this index ended its membership before today.
    pub fn former(&self, row: usize, today: Option<NaiveDate>) -> bool {
        match &self.list {
            RowList::Members(r) => r.get(row).is_some_and(|m| m.former(today)),
            _ => false,
        }
    }

    /// The kind of record the picker offers, for a new row or for a row's cell.
    pub fn pick_kind(&self, pick: PickFor) -> Option<Kind> {
        match (pick, &self.list) {
            (PickFor::Add, RowList::Items(_) | RowList::Outputs(_)) => None,
            (PickFor::Add, _) => Some(Kind::Person),
            (PickFor::Replace { column, .. }, _) => match self.columns().get(column) {
                Some(Column::Pick(kind)) => Some(*kind),
                _ => None,
            },
            (PickFor::Set, _) => None,
        }
    }

    /// People already listed, whom the picker leaves out.
    pub fn taken(&self) -> Vec<Id> {
        match &self.list {
            RowList::Items(_) | RowList::Outputs(_) => Vec::new(),
            RowList::People(r) => r.iter().map(|p| p.id).collect(),
            RowList::Members(r) => r.iter().map(|m| m.membership.person).collect(),
            RowList::Attendance(r) => r.iter().map(|a| a.person.id).collect(),
        }
    }

    /// Puts a picked record in: a new row, or a row's person, organisation or document.
    /// `organisation` is a picked person's organisation, which a new member takes.
    pub fn picked(
        &mut self,
        pick: PickFor,
        id: Id,
        name: String,
        organisation: Option<(Id, String)>,
    ) {
        let person = Named {
            id,
            name: name.clone(),
        };
        match (&mut self.list, pick) {
            (RowList::People(rows), _) => {
                rows.push(person);
                self.selected = rows.len() - 1;
            }
            (RowList::Members(rows), PickFor::Replace { row, column }) => {
                if let Some(m) = rows.get_mut(row) {
                    if column == 3 {
                        m.membership.organisation = Some(id);
                        m.organisation = name;
                    } else {
                        m.membership.person = id;
                        m.name = name;
                        if m.membership.organisation.is_none()
                            && let Some((org, org_name)) = organisation
                        {
                            m.membership.organisation = Some(org);
                            m.organisation = org_name;
                        }
                    }
                }
            }
            (RowList::Members(rows), _) => {
                let (org, org_name) =
                    organisation.map_or((None, String::new()), |(id, n)| (Some(id), n));
                rows.push(MemberRow {
                    membership: Membership {
                        person: id,
                        role: Some(MemberRole::Member),
                        organisation: org,
                        ..Membership::default()
                    },
                    name,
                    organisation: org_name,
                });
                self.selected = rows.len() - 1;
                self.column = 0;
            }
            (RowList::Attendance(rows), _) => {
                rows.push(AttendanceRow {
                    person,
                    presence: Some(Presence::Present),
                });
                self.selected = rows.len() - 1;
            }
            (RowList::Outputs(rows), PickFor::Replace { row, .. }) => {
                if let Some(o) = rows.get_mut(row) {
                    o.output.document = Some(id);
                    o.document = name;
                }
            }
            (RowList::Outputs(_) | RowList::Items(_), _) => {}
        }
    }

    pub fn draft(&self) -> DraftValue {
        match &self.list {
            // As the lines of text these fields were before they had rows.
            RowList::Items(r) => DraftValue::Text(r.join("\n")),
            RowList::Outputs(r) => {
                DraftValue::Outputs(r.iter().map(|o| o.output.clone()).collect())
            }
            RowList::People(r) => DraftValue::People(r.iter().map(|p| p.id).collect()),
            RowList::Members(r) => {
                DraftValue::Members(r.iter().map(|m| m.membership.clone()).collect())
            }
            RowList::Attendance(r) => {
                DraftValue::Attendance(r.iter().map(|a| (a.person.id, a.presence)).collect())
            }
        }
    }

    pub fn restore(&mut self, value: DraftValue, title: &dyn Fn(Kind, Id) -> String) {
        let named = |id: Id| Named {
            id,
            name: title(Kind::Person, id),
        };
        match (&mut self.list, value) {
            (RowList::Items(rows), DraftValue::Text(text)) => *rows = items(&text),
            (RowList::Outputs(rows), DraftValue::Outputs(v)) => {
                *rows = v.into_iter().map(|o| output_row(o, title)).collect();
            }
            (RowList::People(rows), DraftValue::People(v)) => {
                *rows = v.into_iter().map(named).collect();
            }
            (RowList::Members(rows), DraftValue::Members(v)) => {
                *rows = v.into_iter().map(|m| member_row(m, title)).collect();
            }
            (RowList::Attendance(rows), DraftValue::Attendance(v)) => {
                *rows = v
                    .into_iter()
                    .map(|(id, presence)| AttendanceRow {
                        person: named(id),
                        presence,
                    })
                    .collect();
            }
            _ => {}
        }
        self.selected = 0;
        self.editing = None;
    }
}

/// A line of text a row each, blank lines dropped.
pub(super) fn items(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| sanitize_line(l.trim()))
        .filter(|l| !l.is_empty())
        .collect()
}

/// An output's row, its document named by `title`.
pub(super) fn output_row(output: Output, title: &dyn Fn(Kind, Id) -> String) -> OutputRow {
    OutputRow {
        document: output
            .document
            .map(|id| title(Kind::Document, id))
            .unwrap_or_default(),
        output,
    }
}

/// A membership's row, its person and organisation named by `title`.
pub(super) fn member_row(membership: Membership, title: &dyn Fn(Kind, Id) -> String) -> MemberRow {
    MemberRow {
        name: title(Kind::Person, membership.person),
        organisation: membership
            .organisation
            .map(|id| title(Kind::Organisation, id))
            .unwrap_or_default(),
        membership,
    }
}

/// The next value of an enum, through "—" (`None`) when the value may be empty.
pub(super) fn cycle_value<T: Labelled + PartialEq>(
    value: Option<T>,
    optional: bool,
    forward: bool,
) -> Option<T> {
    let mut choice = Choice::of(value, optional);
    choice.cycle(forward);
    choice.value()
}
