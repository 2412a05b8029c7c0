//! Row editors: a project's outputs (title and state), a region's contact persons, a
//! group's members (person, role, whom they represent) and a meeting's attendance.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::form::draft::DraftValue;
use crate::app::form::fields::{Choice, Effect, PickFor};
use crate::app::form::input::TextInput;
use crate::model::{Id, Kind, Labelled, MemberRole, Membership, Output, OutputState, Presence};

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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct AttendanceRow {
    pub person: Named,
    /// `None`: not recorded.
    pub presence: Option<Presence>,
}

#[derive(Debug, Clone)]
pub(super) enum RowList {
    Outputs(Vec<Output>),
    People(Vec<Named>),
    Members(Vec<MemberRow>),
    Attendance(Vec<AttendanceRow>),
}

/// A list of rows with a selected row (and, for members, a selected column).
#[derive(Debug, Clone)]
pub(super) struct Rows {
    pub list: RowList,
    pub selected: usize,
    /// Members: 0 the person, 1 the role, 2 whom they represent.
    pub column: usize,
    /// The title of the selected output, while it is being typed.
    pub editing: Option<TextInput>,
}

impl Rows {
    pub fn new(list: RowList) -> Rows {
        Rows {
            list,
            selected: 0,
            column: 0,
            editing: None,
        }
    }

    pub fn len(&self) -> usize {
        match &self.list {
            RowList::Outputs(r) => r.len(),
            RowList::People(r) => r.len(),
            RowList::Members(r) => r.len(),
            RowList::Attendance(r) => r.len(),
        }
    }

    pub fn editing(&self) -> bool {
        self.editing.is_some()
    }

    pub fn stop_editing(&mut self) {
        self.editing = None;
    }

    /// The kind of record the picker offers for new rows.
    pub fn pick_kind(&self) -> Option<Kind> {
        match self.list {
            RowList::Outputs(_) => None,
            _ => Some(Kind::Person),
        }
    }

    /// People already listed, whom the picker leaves out.
    pub fn taken(&self) -> Vec<Id> {
        match &self.list {
            RowList::Outputs(_) => Vec::new(),
            RowList::People(r) => r.iter().map(|p| p.id).collect(),
            RowList::Members(r) => r.iter().map(|m| m.membership.person).collect(),
            RowList::Attendance(r) => r.iter().map(|a| a.person.id).collect(),
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Effect {
        if let Some(input) = &mut self.editing {
            if matches!(key.code, KeyCode::Enter | KeyCode::Up | KeyCode::Down) {
                self.editing = None;
                return Effect::Used { changed: false };
            }
            let changed = input.input(key);
            let title = input.text();
            if let RowList::Outputs(rows) = &mut self.list
                && let Some(row) = rows.get_mut(self.selected)
            {
                row.title = title;
            }
            return Effect::Used { changed };
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let len = self.len();
        match key.code {
            KeyCode::Up if self.selected == 0 || len == 0 => Effect::Prev,
            KeyCode::Up => {
                self.selected -= 1;
                Effect::Used { changed: false }
            }
            KeyCode::Down if self.selected + 1 >= len => Effect::Next,
            KeyCode::Down => {
                self.selected += 1;
                Effect::Used { changed: false }
            }
            KeyCode::Insert => self.add(),
            KeyCode::Char('n') if ctrl => self.add(),
            KeyCode::Char('d') if ctrl => self.delete(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left if matches!(self.list, RowList::Members(_)) => {
                self.column = self.column.saturating_sub(1);
                Effect::Used { changed: false }
            }
            KeyCode::Right if matches!(self.list, RowList::Members(_)) => {
                self.column = (self.column + 1).min(2);
                Effect::Used { changed: false }
            }
            KeyCode::Left => self.cycle(false),
            KeyCode::Right | KeyCode::Char(' ') if !ctrl => self.cycle(true),
            KeyCode::Enter => match self.list {
                RowList::Outputs(_) if len > 0 => {
                    self.edit_title();
                    Effect::Used { changed: false }
                }
                RowList::Attendance(_) if len > 0 => self.cycle(true),
                RowList::Members(_) if len > 0 && self.column > 0 => self.cycle(true),
                _ => self.pick(),
            },
            _ => Effect::Ignored,
        }
    }

    /// The pick key: a person for the row (or a new row), or the next state.
    pub fn pick(&mut self) -> Effect {
        let len = self.len();
        match self.list {
            RowList::Outputs(_) | RowList::Attendance(_) => self.cycle(true),
            RowList::Members(_) if len > 0 && self.column > 0 => self.cycle(true),
            RowList::Members(_) if len > 0 => Effect::Open(PickFor::Replace(self.selected)),
            _ => Effect::Open(PickFor::Add),
        }
    }

    fn add(&mut self) -> Effect {
        match &mut self.list {
            RowList::Outputs(rows) => {
                rows.push(Output {
                    title: String::new(),
                    document: None,
                    due: None,
                    state: OutputState::Planned,
                });
                self.selected = rows.len() - 1;
                self.editing = Some(TextInput::new("", false));
                Effect::Used { changed: true }
            }
            _ => Effect::Open(PickFor::Add),
        }
    }

    fn delete(&mut self) -> Effect {
        let at = self.selected;
        let removed = match &mut self.list {
            RowList::Outputs(r) => (at < r.len()).then(|| r.remove(at)).is_some(),
            RowList::People(r) => (at < r.len()).then(|| r.remove(at)).is_some(),
            RowList::Members(r) => (at < r.len()).then(|| r.remove(at)).is_some(),
            RowList::Attendance(r) => (at < r.len()).then(|| r.remove(at)).is_some(),
        };
        self.selected = self.selected.min(self.len().saturating_sub(1));
        Effect::Used { changed: removed }
    }

    fn edit_title(&mut self) {
        if let RowList::Outputs(rows) = &self.list
            && let Some(row) = rows.get(self.selected)
        {
            self.editing = Some(TextInput::new(&row.title, false));
        }
    }

    /// The next (or previous) state, role, whom-represents or presence of the row.
    fn cycle(&mut self, forward: bool) -> Effect {
        let at = self.selected;
        let column = self.column;
        let changed = match &mut self.list {
            RowList::Outputs(rows) => rows.get_mut(at).is_some_and(|row| {
                row.state = cycle_value(Some(row.state), false, forward).unwrap_or(row.state);
                true
            }),
            RowList::Members(rows) => rows.get_mut(at).is_some_and(|row| {
                let m = &mut row.membership;
                match column {
                    1 => m.role = cycle_value(m.role, true, forward),
                    2 => m.represents = cycle_value(m.represents, true, forward),
                    _ => return false,
                }
                true
            }),
            RowList::Attendance(rows) => rows.get_mut(at).is_some_and(|row| {
                row.presence = cycle_value(row.presence, true, forward);
                true
            }),
            RowList::People(_) => false,
        };
        Effect::Used { changed }
    }

    /// Puts a picked person in: a new row, or the person of a member's row.
    pub fn picked(&mut self, pick: PickFor, id: Id, name: String) {
        let person = Named { id, name };
        match (&mut self.list, pick) {
            (RowList::People(rows), _) => {
                rows.push(person);
                self.selected = rows.len() - 1;
            }
            (RowList::Members(rows), PickFor::Replace(at)) => {
                if let Some(row) = rows.get_mut(at) {
                    row.membership.person = person.id;
                    row.name = person.name;
                }
            }
            (RowList::Members(rows), _) => {
                rows.push(MemberRow {
                    membership: Membership {
                        person: person.id,
                        role: Some(MemberRole::Member),
                        ..Membership::default()
                    },
                    name: person.name,
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
            (RowList::Outputs(_), _) => {}
        }
    }

    pub fn draft(&self) -> DraftValue {
        match &self.list {
            RowList::Outputs(r) => DraftValue::Outputs(r.clone()),
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
            (RowList::Outputs(rows), DraftValue::Outputs(v)) => *rows = v,
            (RowList::People(rows), DraftValue::People(v)) => {
                *rows = v.into_iter().map(named).collect();
            }
            (RowList::Members(rows), DraftValue::Members(v)) => {
                *rows = v
                    .into_iter()
                    .map(|membership| MemberRow {
                        name: title(Kind::Person, membership.person),
                        membership,
                    })
                    .collect();
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

/// The next value of an enum, through "—" (`None`) when the value may be empty.
fn cycle_value<T: Labelled + PartialEq>(
    value: Option<T>,
    optional: bool,
    forward: bool,
) -> Option<T> {
    let mut choice = Choice::of(value, optional);
    choice.cycle(forward);
    choice.value()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn outputs_are_added_titled_cycled_and_deleted() {
        let mut rows = Rows::new(RowList::Outputs(Vec::new()));
        rows.handle_key(press(KeyCode::Insert));
        for c in "AP 2019".chars() {
            rows.handle_key(press(KeyCode::Char(c)));
        }
        rows.handle_key(press(KeyCode::Enter));
        rows.handle_key(press(KeyCode::Char(' ')));
        assert_eq!(
            crate::app::form::render_rows::cells(&rows, crate::model::Lang::Cs),
            vec![vec!["AP 2019".to_owned(), "rozpracováno".to_owned()]]
        );
        rows.handle_key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL));
        assert_eq!(rows.len(), 0);
    }

    #[test]
    fn attendance_cycles_through_not_recorded() {
        let mut rows = Rows::new(RowList::Attendance(vec![AttendanceRow {
            person: Named {
                id: 1,
                name: "Jana".into(),
            },
            presence: None,
        }]));
        let presence = |rows: &Rows| match &rows.list {
            RowList::Attendance(r) => r[0].presence,
            _ => None,
        };
        rows.handle_key(press(KeyCode::Char(' ')));
        assert_eq!(presence(&rows), Some(Presence::Present));
        rows.handle_key(press(KeyCode::Char(' ')));
        rows.handle_key(press(KeyCode::Char(' ')));
        assert_eq!(presence(&rows), Some(Presence::Absent));
        rows.handle_key(press(KeyCode::Char(' ')));
        assert_eq!(presence(&rows), None);
    }
}
