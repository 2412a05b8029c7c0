//! The application's writes: save a form, delete, undo, load the sample register.

use crate::app::form::Form;
use crate::app::state::{App, Popup, Undo};
use crate::model::{Id, Kind, Membership, Record, RecordRef};
use crate::store::{StoreError, StoreExt};

impl App {
    /// Writes what a form produced. On failure the form stays open with everything typed
    /// and shows the store's message.
    pub(crate) fn save(
        &mut self,
        rev: Option<u64>,
        record: Record,
        members: Option<Vec<Membership>>,
    ) {
        let lang = self.lang;
        let before = match rev {
            Some(_) => self.store.get(record.reference()).ok().flatten(),
            None => None,
        };
        // Kept for the conflict dialog's overwrite.
        let retry = rev.map(|_| record.clone());
        let result = match rev {
            None => self.store.create(record),
            Some(rev) => self.store.update(rev, record),
        };
        if let Ok(saved) = &result {
            self.undo = match before {
                Some(before) => Some(Undo::Updated {
                    before: before.record,
                    rev_after: saved.rev,
                }),
                None => Some(Undo::Created(saved.record.reference())),
            };
        }
        match result {
            Ok(saved) => {
                if let (Some(members), Record::Group(g)) = (members, &saved.record)
                    && let Err(e) = self.sync_members(g.id, members)
                {
                    self.error(e.message(lang));
                }
                self.clear_draft();
                if matches!(self.popups.last(), Some(Popup::Form(_))) {
                    self.popups.pop();
                }
                let title = crate::model::text::sanitize_line(&saved.record.title());
                self.changed();
                self.show(saved.record.reference());
                let done = format!("{} „{title}“", lang.pick("Uloženo:", "Saved:"));
                match &saved.record {
                    Record::Meeting(m) => self.report_clashes(m, done),
                    _ => self.info(done),
                }
            }
            Err(e) => self.save_failed(e, retry, members),
        }
    }

    /// Makes a group's memberships what the form listed.
    fn sync_members(&mut self, group: Id, wanted: Vec<Membership>) -> Result<(), StoreError> {
        let existing = self.store.memberships_of_group(group)?;
        for old in &existing {
            if !wanted.iter().any(|m| m.id == old.record.id) {
                let r = RecordRef::new(Kind::Membership, old.record.id);
                self.store.delete(r, old.rev, false)?;
            }
        }
        for mut member in wanted {
            member.group = group;
            match existing
                .iter()
                .find(|e| e.record.id == member.id && member.id != 0)
            {
                Some(old) if old.record != member => {
                    self.store.update_as(old.rev, member)?;
                }
                Some(_) => {}
                None => {
                    member.id = 0;
                    self.store.create_as(member)?;
                }
            }
        }
        Ok(())
    }

    pub(crate) fn delete(&mut self, record: RecordRef, rev: u64) {
        let before = self.store.get(record).ok().flatten();
        match self.store.delete(record, rev, false) {
            Ok(_) => {
                let title = before
                    .as_ref()
                    .map(|b| crate::model::text::sanitize_line(&b.record.title()))
                    .unwrap_or_default();
                self.undo = before.map(|b| Undo::Deleted(b.record));
                self.changed();
                let undo_keys = self
                    .keymap
                    .keys_of(crate::app::Mode::List, crate::app::Action::Undo)
                    .unwrap_or_default();
                self.info(format!(
                    "{} „{title}“ ({undo_keys} {})",
                    self.lang.pick("Smazáno:", "Deleted:"),
                    self.lang.pick("vrátí", "undoes")
                ));
            }
            Err(e @ StoreError::Referenced { .. }) => {
                self.popups.push(Popup::Message {
                    title: self.lang.pick("Nelze smazat", "Cannot delete").into(),
                    text: e.message(self.lang),
                });
            }
            Err(e) => self.error(e.message(self.lang)),
        }
    }

    pub(crate) fn undo(&mut self) {
        let Some(undo) = self.undo.take() else {
            self.info(self.lang.pick("Není co vrátit.", "Nothing to undo."));
            return;
        };
        let result = match &undo {
            Undo::Created(r) => self.store.delete(*r, 1, false).map(|_| *r),
            Undo::Updated { before, rev_after } => self
                .store
                .update(*rev_after, before.clone())
                .map(|v| v.record.reference()),
            Undo::Deleted(record) => self
                .store
                .restore(record.clone())
                .map(|v| v.record.reference()),
            Undo::CreatedMany(records) => records
                .iter()
                .rev()
                .try_for_each(|r| self.store.delete(*r, 1, false).map(|_| ()))
                .map(|()| {
                    records
                        .first()
                        .copied()
                        .unwrap_or(RecordRef::new(Kind::Meeting, 0))
                }),
        };
        match result {
            Ok(r) => {
                self.changed();
                if !matches!(undo, Undo::Created(_) | Undo::CreatedMany(_)) {
                    self.show(r);
                }
                self.info(
                    self.lang
                        .pick("Poslední změna vrácena.", "Last change undone."),
                );
            }
            Err(e) => self.error(e.message(self.lang)),
        }
    }

    pub(crate) fn load_sample(&mut self) {
        let result = crate::sample::sample_register()
            .map_err(|e| e.to_string())
            .and_then(|register| {
                self.store
                    .import(&register)
                    .map_err(|e| e.message(self.lang))
            });
        match result {
            Ok(n) => {
                self.welcome = false;
                self.calendar = crate::app::calendar::Calendar::new(self.calendar_start());
                self.changed();
                self.info(format!(
                    "{} {n} {}",
                    self.lang.pick("Nahráno", "Loaded"),
                    self.lang
                        .pick("záznamů ukázkového rejstříku.", "sample records.")
                ));
            }
            Err(e) => self.error(e),
        }
    }

    /// Opens a form for a record kind, as `n` would (used by tests and the welcome).
    pub fn open_form(&mut self, form: Form) {
        self.popups.push(Popup::Form(Box::new(form)));
    }
}
