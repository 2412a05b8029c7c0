//! Moving around: tabs, showing a record in its tab, jumps to related records and back.

use crate::app::calendar;
use crate::app::list::Select;
use crate::app::state::{App, Focus};
use crate::app::tabs::Tab;
use crate::model::{Kind, Record, RecordRef};

impl App {
    pub fn go_tab(&mut self, index: usize) {
        if let Some(&tab) = Tab::ALL.get(index) {
            self.tab = tab;
            self.focus = Focus::List;
            self.load_tab();
        }
    }

    /// Shows a record in its tab, remembering where the clerk was.
    pub fn show(&mut self, target: RecordRef) {
        let tab = Tab::of_kind(target.kind);
        if tab == Tab::Calendar
            && let Ok(Some(stored)) = self.store.get(target)
            && let Record::Meeting(m) = &stored.record
        {
            let before = self.calendar.range();
            self.calendar.cursor = m.date;
            if self.calendar.range() != before || self.calendar.view == calendar::View::Agenda {
                self.lists[Tab::Calendar.index()].invalidate();
            }
            // A meeting the filters hide is shown by dropping them.
            if !self.calendar.filters.admits(m) {
                self.calendar.filters = Default::default();
                self.lists[Tab::Calendar.index()].invalidate();
            }
        }
        self.reveal(target);
        self.tab = tab;
        self.focus = Focus::List;
        self.load_tab();
        let target = match target.kind {
            // A membership is shown on its group.
            Kind::Membership => match self.store.get(target) {
                Ok(Some(stored)) => match stored.record {
                    Record::Membership(m) => RecordRef::new(Kind::Group, m.group),
                    _ => target,
                },
                _ => target,
            },
            _ => target,
        };
        self.select_then(Select::Record(target));
    }

    pub(crate) fn jump(&mut self) {
        // Only a related record in view opens.
        let Some(target) = self.pane.selected() else {
            return;
        };
        self.jump_to(target);
    }

    /// Shows a record in its tab; Back returns where the clerk was.
    pub(crate) fn jump_to(&mut self, target: RecordRef) {
        if let Some(from) = self.current() {
            self.jumps.push((self.tab, from));
        }
        self.show(target);
    }

    pub(crate) fn back(&mut self) {
        if let Some((_, from)) = self.jumps.pop() {
            self.show(from);
        }
    }
}
