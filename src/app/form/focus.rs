//! Moving the focus between a form's fields: a row's cell being typed in is ended first
//! (and a date that does not parse keeps it), a date typed without its year is written
//! out whole, and the field entered selects its one-line value.

use crate::app::form::Form;
use crate::app::form::fields::{Input, TextKind};
use crate::model::date::{format_date, names_year, parse_date_on};

impl Form {
    /// Ends typing in a row's cell, keeping what was typed; false (with the message at
    /// the field) when the cell's text does not parse, and the cell stays open.
    pub(super) fn stop_editing(&mut self) -> bool {
        let cx = self.row_context();
        let Some(field) = self.fields.get_mut(self.focus) else {
            return true;
        };
        let Input::Rows(rows) = &mut field.input else {
            return true;
        };
        match rows.commit(cx) {
            Ok(()) => true,
            Err(message) => {
                field.errors = vec![message];
                false
            }
        }
    }

    /// Esc while typing in a row's cell: the cell as it was.
    pub(super) fn cancel_editing(&mut self) {
        if let Some(field) = self.fields.get_mut(self.focus)
            && let Input::Rows(rows) = &mut field.input
        {
            rows.cancel();
        }
    }

    /// Moves to the next or previous field, checking the one left.
    pub(super) fn move_focus(&mut self, forward: bool, wrap: bool) {
        let n = self.fields.len();
        if n == 0 || !self.stop_editing() {
            return;
        }
        self.complete_date(self.focus);
        self.check_left(self.focus);
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.leave();
        }
        self.focus = match (forward, wrap) {
            (true, true) => (self.focus + 1) % n,
            (false, true) => (self.focus + n - 1) % n,
            (true, false) => (self.focus + 1).min(n - 1),
            (false, false) => self.focus.saturating_sub(1),
        };
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.enter();
        }
    }

    /// A date typed without its year ("15.12.") is written out whole when the clerk
    /// leaves it, so that the year taken is seen before saving.
    fn complete_date(&mut self, index: usize) {
        let Some(today) = self.today else {
            return;
        };
        let Some(field) = self.fields.get_mut(index) else {
            return;
        };
        if let Input::Text {
            input,
            kind: TextKind::Date { .. },
        } = &mut field.input
        {
            let text = input.text();
            if !text.trim().is_empty()
                && !names_year(&text)
                && let Ok(date) = parse_date_on(field.label, &text, today)
            {
                input.set_text(&format_date(date));
            }
        }
    }
}
