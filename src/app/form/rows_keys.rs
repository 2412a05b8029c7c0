//! The keys of the row editors. Adding a row is always explicit (Insert or Ctrl-N; Enter
//! at the end of a goal starts the next one), so text never runs on into the row above.
//! A cell is typed in place: a letter replaces the cell's text (Esc puts it back), Enter
//! edits it with the cursor at its end. ←→ choose the column; Del clears a cell that may
//! be empty, Ctrl-D deletes the row; Backspace never clears a choice.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::form::fields::{Effect, PickFor};
use crate::app::form::input::TextInput;
use crate::app::form::rows::{Column, Editing, OutputRow, RowContext, RowList, Rows, cycle_value};
use crate::model::date::{format_date, parse_date_on};
use crate::model::{Field, Output, OutputState};

const DUE: Field = Field::new("Termín", "Due");
const UNTIL: Field = Field::new("Členem do", "Member until");

impl Rows {
    pub fn handle_key(&mut self, key: KeyEvent, cx: RowContext) -> Effect {
        self.error = None;
        if self.editing.is_some() {
            return self.editing_key(key, cx);
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let len = self.len();
        let columns = self.columns().len();
        let attendance = matches!(self.list, RowList::Attendance(_));
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
            KeyCode::Char('u') if ctrl => self.clear_cell(),
            KeyCode::Delete if self.column > 0 && !attendance => self.clear_cell(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left | KeyCode::Right if attendance => self.cycle(key.code == KeyCode::Right),
            KeyCode::Left => {
                self.column = self.column.saturating_sub(1);
                Effect::Used { changed: false }
            }
            KeyCode::Right => {
                self.column = (self.column + 1).min(columns.saturating_sub(1));
                Effect::Used { changed: false }
            }
            // A cell's text never starts with a space: Space changes the row's choice
            // (an output's state from any of its cells).
            KeyCode::Char(' ') if plain => match (&self.list, self.column_kind()) {
                (RowList::Outputs(_), _) => {
                    let column = std::mem::replace(&mut self.column, 1);
                    let effect = self.cycle(true);
                    self.column = column;
                    effect
                }
                (_, Column::Choice) => self.cycle(true),
                _ => Effect::Used { changed: false },
            },
            KeyCode::Enter => self.pick(),
            KeyCode::Char(c) if plain && !c.is_control() => self.typed(key, cx),
            _ => Effect::Ignored,
        }
    }

    /// The pick key (and Enter): the cell's own way of being changed.
    pub fn pick(&mut self) -> Effect {
        if self.len() == 0 {
            return self.add();
        }
        match self.column_kind() {
            Column::Text | Column::Date => {
                self.edit(false);
                Effect::Used { changed: false }
            }
            Column::Choice => self.cycle(true),
            Column::Pick(_) => Effect::Open(PickFor::Replace {
                row: self.selected,
                column: self.column,
            }),
            Column::Fixed => Effect::Ignored,
        }
    }

    /// A letter typed on a cell that is not being edited.
    fn typed(&mut self, key: KeyEvent, cx: RowContext) -> Effect {
        match self.column_kind() {
            _ if self.len() == 0
                && matches!(self.list, RowList::Items(_) | RowList::Outputs(_)) =>
            {
                self.add();
                self.editing_key(key, cx)
            }
            Column::Text | Column::Date if self.len() > 0 => {
                // As in a spreadsheet: what is typed replaces the cell; Esc puts it back.
                self.edit(true);
                self.editing_key(key, cx)
            }
            Column::Pick(_) if self.len() > 0 => Effect::Open(PickFor::Replace {
                row: self.selected,
                column: self.column,
            }),
            Column::Pick(_) => Effect::Open(PickFor::Add),
            _ => Effect::Ignored,
        }
    }

    /// A new empty row at the end, being typed; or the picker for a new person.
    fn add(&mut self) -> Effect {
        self.add_at(self.len())
    }

    /// A new empty row at `at`, being typed; or the picker for a new person.
    fn add_at(&mut self, at: usize) -> Effect {
        let at = at.min(self.len());
        match &mut self.list {
            RowList::Items(rows) => rows.insert(at, String::new()),
            RowList::Outputs(rows) => rows.insert(
                at,
                OutputRow {
                    output: Output {
                        title: String::new(),
                        document: None,
                        due: None,
                        state: OutputState::Planned,
                    },
                    document: String::new(),
                },
            ),
            _ => return Effect::Open(PickFor::Add),
        }
        self.selected = at;
        self.column = 0;
        self.editing = Some(Editing {
            column: 0,
            input: TextInput::new("", false),
            original: String::new(),
            new_row: true,
        });
        Effect::Used { changed: true }
    }

    fn delete(&mut self) -> Effect {
        let at = self.selected;
        let removed = match &mut self.list {
            RowList::Items(r) => (at < r.len()).then(|| r.remove(at)).is_some(),
            RowList::Outputs(r) => (at < r.len()).then(|| r.remove(at)).is_some(),
            RowList::People(r) => (at < r.len()).then(|| r.remove(at)).is_some(),
            RowList::Members(r) => (at < r.len()).then(|| r.remove(at)).is_some(),
            RowList::Attendance(r) => (at < r.len()).then(|| r.remove(at)).is_some(),
        };
        self.selected = self.selected.min(self.len().saturating_sub(1));
        Effect::Used { changed: removed }
    }

    /// Empties the selected cell when it may be empty (a due date, a document, an
    /// organisation, an end, a role); a row's name or title is not a cell to empty.
    fn clear_cell(&mut self) -> Effect {
        let (at, column) = (self.selected, self.column);
        let changed = match &mut self.list {
            RowList::Outputs(rows) => rows.get_mut(at).is_some_and(|o| match column {
                2 => o.output.due.take().is_some(),
                3 => {
                    o.document.clear();
                    o.output.document.take().is_some()
                }
                _ => false,
            }),
            RowList::Members(rows) => rows.get_mut(at).is_some_and(|m| {
                let ms = &mut m.membership;
                match column {
                    1 => ms.role.take().is_some(),
                    2 => ms.represents.take().is_some(),
                    3 => {
                        m.organisation.clear();
                        ms.organisation.take().is_some()
                    }
                    4 => ms.until.take().is_some(),
                    _ => false,
                }
            }),
            RowList::Attendance(rows) => rows
                .get_mut(at)
                .is_some_and(|a| a.presence.take().is_some()),
            _ => false,
        };
        Effect::Used { changed }
    }

    /// The text of the selected cell as it is typed back.
    fn cell_text(&self, column: usize) -> String {
        let at = self.selected;
        match &self.list {
            RowList::Items(rows) => rows.get(at).cloned().unwrap_or_default(),
            RowList::Outputs(rows) => rows.get(at).map_or_else(String::new, |o| match column {
                2 => o.output.due.map(format_date).unwrap_or_default(),
                _ => o.output.title.clone(),
            }),
            RowList::Members(rows) => rows
                .get(at)
                .and_then(|m| m.membership.until)
                .map(format_date)
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// Starts typing in the selected cell; `replace` selects its text whole, so that the
    /// key typed next replaces it.
    fn edit(&mut self, replace: bool) {
        let column = self.column;
        let original = self.cell_text(column);
        let mut input = TextInput::new(&original, false);
        if replace {
            input.enter();
        }
        self.editing = Some(Editing {
            column,
            input,
            original,
            new_row: false,
        });
    }

    fn editing_key(&mut self, key: KeyEvent, cx: RowContext) -> Effect {
        let items = matches!(self.list, RowList::Items(_));
        match key.code {
            KeyCode::Enter => {
                let Some(edit) = &self.editing else {
                    return Effect::Ignored;
                };
                let text = edit.input.text();
                let column = edit.column;
                if let Err(e) = self.commit(cx) {
                    self.error = Some(e);
                    return Effect::Used { changed: false };
                }
                // Enter after a goal starts the next one, as in a written list.
                if items && column == 0 && !text.trim().is_empty() {
                    self.add_at(self.selected + 1);
                }
                Effect::Used { changed: true }
            }
            KeyCode::Insert => self.commit_then(key, cx),
            KeyCode::Char('n') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.commit_then(key, cx)
            }
            KeyCode::Up | KeyCode::Down => self.commit_then(key, cx),
            _ => {
                let Some(edit) = &mut self.editing else {
                    return Effect::Ignored;
                };
                let changed = edit.input.input(key);
                if edit.column == 0 {
                    let text = edit.input.text();
                    self.set_text(text);
                }
                Effect::Used { changed }
            }
        }
    }

    /// Ends typing in the cell, then does what the key does outside it (moves, adds a row).
    fn commit_then(&mut self, key: KeyEvent, cx: RowContext) -> Effect {
        match self.commit(cx) {
            Err(e) => {
                self.error = Some(e);
                Effect::Used { changed: false }
            }
            Ok(()) => match self.handle_key(key, cx) {
                Effect::Used { .. } => Effect::Used { changed: true },
                other => other,
            },
        }
    }

    /// The selected row's text (a goal, an output's title) as typed so far.
    fn set_text(&mut self, text: String) {
        let at = self.selected;
        match &mut self.list {
            RowList::Items(rows) => {
                if let Some(row) = rows.get_mut(at) {
                    *row = text;
                }
            }
            RowList::Outputs(rows) => {
                if let Some(row) = rows.get_mut(at) {
                    row.output.title = text;
                }
            }
            _ => {}
        }
    }

    /// Ends typing in a cell, keeping what was typed: a date that does not parse is
    /// refused (the cell stays open, the message says why); a row left empty that was
    /// added for this edit, or an empty goal, goes away.
    pub fn commit(&mut self, cx: RowContext) -> Result<(), String> {
        let Some(edit) = &self.editing else {
            return Ok(());
        };
        let text = edit.input.text();
        let (column, new_row) = (edit.column, edit.new_row);
        if column > 0 {
            let field = if matches!(self.list, RowList::Outputs(_)) {
                DUE
            } else {
                UNTIL
            };
            let date = match text.trim() {
                "" => None,
                typed => match cx.today {
                    Some(today) => Some(parse_date_on(field, typed, today)),
                    None => Some(crate::model::date::parse_date(field, typed)),
                }
                .transpose()
                .map_err(|e| e.message(cx.lang))?,
            };
            let at = self.selected;
            match &mut self.list {
                RowList::Outputs(rows) => {
                    if let Some(o) = rows.get_mut(at) {
                        o.output.due = date;
                    }
                }
                RowList::Members(rows) => {
                    if let Some(m) = rows.get_mut(at) {
                        m.membership.until = date;
                    }
                }
                _ => {}
            }
        } else {
            let empty = text.trim().is_empty();
            if empty && (new_row || matches!(self.list, RowList::Items(_))) {
                self.editing = None;
                self.delete();
                return Ok(());
            }
        }
        self.editing = None;
        Ok(())
    }

    /// Esc while typing: the cell as it was; a row added for this edit goes away.
    pub fn cancel(&mut self) {
        let Some(edit) = self.editing.take() else {
            return;
        };
        if edit.new_row {
            self.delete();
        } else if edit.column == 0 {
            self.set_text(edit.original);
        }
    }

    /// The next (or previous) state, role, whom-represents or presence of the row.
    fn cycle(&mut self, forward: bool) -> Effect {
        let at = self.selected;
        let column = self.column;
        let changed = match &mut self.list {
            RowList::Outputs(rows) => rows.get_mut(at).is_some_and(|row| {
                let state = &mut row.output.state;
                *state = cycle_value(Some(*state), false, forward).unwrap_or(*state);
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
            RowList::People(_) | RowList::Items(_) => false,
        };
        Effect::Used { changed }
    }
}
