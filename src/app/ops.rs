//! The application's writes: save a form, delete, undo, load the sample register.

use crate::app::form::Form;
use crate::app::popups::{FormLayer, MessageLayer};
use crate::app::state::{App, Undo};
use crate::model::plan::numbering::numbered;
use crate::model::{Group, Kind, Membership, Record, RecordRef};
use crate::store::{Change, ChangeSet, Store, StoreError};

impl App {
    /// Writes what a form produced: the record and, for a group, its members, as one
    /// change set. On failure the form stays open with everything typed and shows the
    /// store's message; nothing was written.
    pub(crate) fn save(
        &mut self,
        rev: Option<u64>,
        record: Record,
        members: Option<Vec<Membership>>,
    ) {
        let lang = self.lang;
        let kind = record.kind();
        // Kept for the conflict dialog's overwrite.
        let retry = rev.map(|_| record.clone());
        let result = save_set(self.store.as_ref(), rev, record, members.clone())
            .and_then(|set| self.store.apply(set));
        let applied = match result {
            Ok(applied) => applied,
            Err(e) => return self.save_failed(e, retry, members),
        };
        let Some(saved) = applied.first_of(kind).cloned() else {
            return self.error(lang.pick("Nic se neuložilo.", "Nothing was saved."));
        };
        self.undo = Some(Undo::of(&applied));
        self.clear_draft();
        self.layers.pop_if::<FormLayer>();
        let title = crate::model::text::sanitize_line(&saved.record.title());
        self.changed();
        self.show(saved.record.reference());
        let done = format!("{} „{title}“", lang.pick("Uloženo:", "Saved:"));
        match &saved.record {
            Record::Meeting(m) => self.report_clashes(m, done),
            _ => self.info(done),
        }
    }

    pub(crate) fn delete(&mut self, record: RecordRef, rev: u64) {
        let change = Change::Delete {
            record,
            rev,
            cascade: false,
        };
        // A priority, measure or activity closes the gap it leaves in the numbering.
        let set = match record.kind {
            Kind::Priority | Kind::Measure | Kind::Activity => {
                crate::store::plan_order::delete(self.store.as_ref(), record, rev, false)
            }
            _ => Ok(ChangeSet::one(change)),
        };
        match set.and_then(|set| self.store.apply(set)) {
            Ok(applied) => {
                let title = applied
                    .touched
                    .iter()
                    .filter_map(|t| t.before.as_ref())
                    .find(|b| b.record.reference() == record)
                    .map(|b| crate::model::text::sanitize_line(&b.record.title()))
                    .unwrap_or_default();
                self.undo = Some(Undo::of(&applied));
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
                self.layers.push(Box::new(MessageLayer::new(
                    self.lang.pick("Nelze smazat", "Cannot delete"),
                    e.message(self.lang),
                )));
            }
            Err(e) => self.error(e.message(self.lang)),
        }
    }

    /// Undoes the last change set as a whole: all of it or, if anything has changed
    /// since (another clerk's edit), none of it.
    pub(crate) fn undo(&mut self) {
        let Some(undo) = self.undo.take() else {
            self.info(self.lang.pick("Není co vrátit.", "Nothing to undo."));
            return;
        };
        match self.store.apply(undo.set.clone()) {
            Ok(applied) => {
                self.changed();
                // Show what came back or was put back; a created record just goes.
                if let Some(back) = applied.stored().next() {
                    self.show(back.record.reference());
                }
                self.info(
                    self.lang
                        .pick("Poslední změna vrácena.", "Last change undone."),
                );
            }
            Err(e) => {
                // Still the last change: the clerk may try again once the cause is gone.
                self.undo = Some(undo);
                self.error(e.message(self.lang));
            }
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
                self.info(crate::model::grammar::sample_loaded(n, self.lang));
            }
            Err(e) => self.error(e),
        }
    }

    /// Opens a form for a record kind, as `n` would (used by tests and the welcome).
    pub fn open_form(&mut self, form: Form) {
        self.layers.push(Box::new(FormLayer::new(form)));
    }
}

/// The change set that saves a form: the record and, for a group, the memberships that
/// make its members what the form listed.
fn save_set(
    store: &dyn Store,
    rev: Option<u64>,
    record: Record,
    members: Option<Vec<Membership>>,
) -> Result<ChangeSet, StoreError> {
    Ok(match (rev, record, members) {
        (None, Record::Group(group), Some(members)) => ChangeSet::new_group(group, members),
        (Some(rev), Record::Group(group), Some(members)) => {
            group_update(store, rev, group, members)?
        }
        // A new priority, measure or activity moves the later siblings up.
        (None, record, _) if numbered(&record).is_some() => {
            crate::store::plan_order::insert(store, record)?
        }
        (None, record, _) => ChangeSet::one(Change::Create(record)),
        (Some(rev), record, _) if numbered(&record).is_some() => {
            renumbered_update(store, rev, record)?
        }
        (Some(rev), record, _) => ChangeSet::one(Change::Update { rev, record }),
    })
}

/// A priority, measure or activity saved with another number: moved there, the siblings
/// in between renumbered, in the same set.
fn renumbered_update(store: &dyn Store, rev: u64, record: Record) -> Result<ChangeSet, StoreError> {
    let Some((_, wanted)) = numbered(&record) else {
        return Ok(ChangeSet::one(Change::Update { rev, record }));
    };
    let stored = store.get(record.reference())?;
    if stored
        .as_ref()
        .and_then(|v| numbered(&v.record))
        .map(|(_, n)| n)
        == Some(wanted)
    {
        return Ok(ChangeSet::one(Change::Update { rev, record }));
    }
    let moved = crate::store::plan_order::move_node(store, record.reference(), wanted)?;
    let mut set = ChangeSet::new();
    let mut own = false;
    for change in moved.changes {
        match change {
            Change::Update { record: r, .. } if r.reference() == record.reference() => {
                let mut edited = record.clone();
                if let Some((_, n)) = numbered(&r) {
                    crate::model::plan::numbering::set_number(&mut edited, n);
                }
                set.push(Change::Update {
                    rev,
                    record: edited,
                });
                own = true;
            }
            other => set.push(other),
        }
    }
    if !own {
        set.push(Change::Update { rev, record });
    }
    Ok(set)
}

/// A stored group changed and its members made what the form listed. The members stored
/// now are read first; a failed read fails the save rather than being taken for "no
/// members" (which would delete them all).
fn group_update(
    store: &dyn Store,
    rev: u64,
    group: Group,
    wanted: Vec<Membership>,
) -> Result<ChangeSet, StoreError> {
    let id = group.id;
    let existing = store.memberships_of_group(id)?;
    let mut set = ChangeSet::one(Change::Update {
        rev,
        record: Record::Group(group),
    });
    for old in &existing {
        if !wanted.iter().any(|m| m.id == old.record.id) {
            set.push(Change::Delete {
                record: RecordRef::new(Kind::Membership, old.record.id),
                rev: old.rev,
                cascade: false,
            });
        }
    }
    for mut member in wanted {
        member.group = id;
        match existing
            .iter()
            .find(|e| e.record.id == member.id && member.id != 0)
        {
            Some(old) if old.record != member => set.push(Change::Update {
                rev: old.rev,
                record: Record::Membership(member),
            }),
            Some(_) => {}
            None => {
                member.id = 0;
                set.push(Change::Create(Record::Membership(member)));
            }
        }
    }
    Ok(set)
}
