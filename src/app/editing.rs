//! Opening forms (a new record with defaults from where the clerk stands, an edit) and
//! asking before a delete.

use crate::app::form::{Form, NewContext};
use crate::app::popups::{ConfirmLayer, FormLayer};
use crate::app::state::{App, Pending};
use crate::app::tabs::Tab;
use crate::model::{Record, grammar};
use crate::store::StoreError;

impl App {
    /// Defaults for a new record from where the clerk stands.
    pub(crate) fn context(&self) -> NewContext {
        let date = if self.tab == Tab::Calendar {
            self.calendar.cursor
        } else {
            self.today
        };
        let mut context = NewContext {
            date: Some(date),
            ..NewContext::default()
        };
        if let Some(r) = self.current()
            && let Ok(Some(stored)) = self.store.get(r)
        {
            match stored.record {
                Record::Region(x) => context.region = Some(x.id),
                Record::Project(x) => context.region = Some(x.region),
                Record::Document(x) => context.region = Some(x.region),
                Record::Group(x) => {
                    context.region = Some(x.region);
                    context.group = Some(x.id);
                }
                Record::Meeting(x) => {
                    context.region = Some(x.region);
                    context.group = x.group;
                }
                _ => {}
            }
        }
        context
    }

    /// A new record of the tab's kind; in a tab of two kinds (people and organisations)
    /// `n` makes the first (a person) and `N` the second (an organisation), whatever
    /// is selected.
    pub(crate) fn open_new(&mut self, other: bool) {
        let kinds = self.tab.kinds();
        let kind = match (other, kinds) {
            (true, [_, second, ..]) => *second,
            (_, [first, ..]) => *first,
            _ => return,
        };
        let form = Form::new(kind, &self.context(), self.store.as_ref(), self.lang);
        self.open_loaded_form(form);
    }

    /// Opens a form whose reads succeeded; otherwise says what could not be read and
    /// opens nothing (a form missing what it failed to read would save it away).
    pub(crate) fn open_loaded_form(&mut self, form: Result<Form, StoreError>) -> bool {
        match form {
            Ok(form) => {
                let form = form.with_today(self.today);
                self.layers.push(Box::new(FormLayer::new(form)));
                true
            }
            Err(e) => {
                let text = format!(
                    "{} {}",
                    self.lang.pick(
                        "Formulář nelze otevřít, protože se nepodařilo načíst jeho data:",
                        "The form cannot open because its data could not be read:"
                    ),
                    e.message(self.lang)
                );
                self.error(text);
                false
            }
        }
    }

    pub(crate) fn open_edit(&mut self) {
        let Some(r) = self.current() else {
            return;
        };
        match self.store.get(r) {
            Ok(Some(stored)) => {
                let form = Form::edit(stored, self.store.as_ref(), self.lang);
                self.open_loaded_form(form);
            }
            Ok(None) => self.refresh(),
            Err(e) => self.error(e.message(self.lang)),
        }
    }

    pub(crate) fn ask_delete(&mut self) {
        let Some(r) = self.current() else {
            return;
        };
        let stored = match self.store.get(r) {
            Ok(Some(stored)) => stored,
            Ok(None) => return self.refresh(),
            Err(e) => return self.error(e.message(self.lang)),
        };
        let question = grammar::delete_question(r.kind, &stored.record.title(), self.lang);
        self.layers.push(Box::new(ConfirmLayer::new(
            question,
            Pending::Delete {
                record: r,
                rev: stored.rev,
            },
        )));
    }
}
