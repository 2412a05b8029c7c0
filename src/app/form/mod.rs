//! Forms for every kind of record: one field type per kind of value (`fields.rs`,
//! `rows.rs`), the fields of each record (`specs.rs`), reading them back into a record
//! (`reader.rs`, `build.rs`), the reference picker (`picker.rs`) and drawing (`render.rs`).
//!
//! A form never writes: on save it hands the app a record that parses and passes the
//! model's checks, and shows every problem next to its field until then.

mod build;
mod check;
mod clip;
pub mod describe;
mod draft;
pub(crate) mod fields;
mod focus;
mod input;
pub(crate) mod labels;
mod lookup;
pub(crate) mod picker;
mod reader;
mod render;
mod render_rows;
mod rows;
mod rows_keys;
mod specs;

use std::cell::Cell;

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::{Action, Keymap, Mode};
use crate::model::{Id, Kind, Lang, Membership, Record, RecordRef, Versioned};
use crate::store::{Store, StoreError};

pub use describe::FieldKey;
pub use draft::{DraftValue, FieldDraft, FormDraft};
use fields::{Effect, FormField, Input, PickFor};
use picker::{Picker, PickerOutcome};
use rows::{RowContext, RowList};

/// A form over one record, new or stored.
pub struct Form {
    kind: Kind,
    rev: Option<u64>,
    /// The record as opened: what the form does not show is kept from it.
    base: Record,
    /// How the edited record was known when the form opened.
    name: String,
    lang: Lang,
    fields: Vec<FormField>,
    /// Every field's content when the form opened, to tell whether anything changed.
    initial: Vec<FieldDraft>,
    focus: usize,
    picker: Option<Picker>,
    /// Messages about the whole form (a failed write, a problem of no shown field).
    errors: Vec<String>,
    keys: Keys,
    /// The first row of fields shown; kept between frames so the view does not jump.
    scroll: Cell<usize>,
    /// The day dates without a year count from, and memberships end by; None until the
    /// app tells the form, and then such dates are refused as incomplete.
    today: Option<NaiveDate>,
}

/// What a key did to the form.
// The record is not boxed: the outcome lives for one key press, and the app matches on
// the variant's fields directly.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum FormOutcome {
    /// Keep the form open (the key was used, or ignored).
    Continue,
    /// Every field parsed and the record passes `Record::problems()`: the app writes it.
    /// `rev` is None for a new record (id 0), Some(rev) for an edit.
    /// `members` is Some only for a Group form: the full wanted list of that group's
    /// memberships (existing ones keep their id, new ones have id 0, removed ones are absent).
    Save {
        rev: Option<u64>,
        record: Record,
        members: Option<Vec<Membership>>,
    },
    /// Cancel on an unchanged form: close it.
    Close,
    /// Cancel on a changed form: the app asks whether to discard.
    AskDiscard,
}

/// Defaults for a new record, from where the clerk stands.
#[derive(Debug, Clone, Default)]
pub struct NewContext {
    pub region: Option<Id>,
    pub group: Option<Id>,
    pub date: Option<NaiveDate>,
}

/// The keys the hint row names, as the keymap has them.
#[derive(Debug, Clone)]
struct Keys {
    save: String,
    cancel: String,
    next: String,
    pick: String,
}

impl Keys {
    fn of(keymap: &Keymap) -> Keys {
        let key = |action| keymap.keys_of(Mode::Form, action).unwrap_or_default();
        Keys {
            save: key(Action::Save),
            cancel: key(Action::Cancel),
            next: key(Action::NextField),
            pick: key(Action::Pick),
        }
    }
}

impl Form {
    /// A form for a new record. Fails when a read the form needs fails.
    pub fn new(
        kind: Kind,
        context: &NewContext,
        store: &dyn Store,
        lang: Lang,
    ) -> Result<Form, StoreError> {
        Form::open(lookup::new_record(kind, context, store)?, None, store, lang)
    }

    /// A form for a new record prepared by the caller (a priority of the plan selected,
    /// numbered after its siblings).
    pub fn new_from(record: Record, store: &dyn Store, lang: Lang) -> Result<Form, StoreError> {
        Form::open(record, None, store, lang)
    }

    /// A form for a stored record. Fails when a read the form needs fails (a group's
    /// members): a form without them would delete them on save.
    pub fn edit(
        stored: Versioned<Record>,
        store: &dyn Store,
        lang: Lang,
    ) -> Result<Form, StoreError> {
        Form::open(stored.record, Some(stored.rev), store, lang)
    }

    pub fn from_draft(draft: FormDraft, store: &dyn Store, lang: Lang) -> Result<Form, StoreError> {
        let mut form = Form::open(draft.base, draft.rev, store, lang)?;
        let title = |kind, id| lookup::title_of(store, kind, id);
        for saved in draft.fields {
            if let Some(field) = form.fields.iter_mut().find(|f| f.key == saved.key) {
                field.restore(saved.value, &title);
            }
        }
        if let Some(field) = form.fields.get_mut(form.focus) {
            field.leave();
        }
        form.focus = draft.focus.min(form.fields.len().saturating_sub(1));
        if let Some(field) = form.fields.get_mut(form.focus) {
            field.enter();
        }
        Ok(form)
    }

    fn open(
        base: Record,
        rev: Option<u64>,
        store: &dyn Store,
        lang: Lang,
    ) -> Result<Form, StoreError> {
        let mut fields = specs::fields(&base, store, lang)?;
        if let Some(first) = fields.first_mut() {
            first.enter();
        }
        let name = match rev {
            Some(_) => lookup::name(&base, store),
            None => String::new(),
        };
        Ok(Form {
            kind: base.kind(),
            rev,
            name,
            lang,
            initial: fields.iter().map(FormField::draft).collect(),
            fields,
            base,
            focus: 0,
            picker: None,
            errors: Vec::new(),
            keys: Keys::of(&Keymap::defaults()),
            scroll: Cell::new(0),
            today: None,
        })
    }

    /// The form as seen on `today`: "15.12." is the coming 15 December, and members whose
    /// membership ended before today are shown as former.
    pub fn with_today(mut self, today: NaiveDate) -> Form {
        self.today = Some(today);
        self
    }

    fn row_context(&self) -> RowContext {
        RowContext {
            lang: self.lang,
            today: self.today,
        }
    }

    pub fn draft(&self) -> FormDraft {
        FormDraft {
            kind: self.kind,
            id: self.base.id(),
            rev: self.rev,
            base: self.base.clone(),
            focus: self.focus,
            fields: self.fields.iter().map(FormField::draft).collect(),
        }
    }

    /// "Nový projekt" / "Úprava projektu: <name>" (English with Lang::En).
    pub fn title(&self) -> String {
        self.title_in(self.lang)
    }

    fn title_in(&self, lang: Lang) -> String {
        let edited = self.rev.map(|_| self.name.as_str());
        labels::heading(self.kind, edited, lang)
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn is_dirty(&self) -> bool {
        self.fields
            .iter()
            .map(FormField::draft)
            .ne(self.initial.iter().cloned())
    }

    /// Shows an error from saving (e.g. a Conflict or a storage error) above the fields;
    /// the form stays open with everything typed.
    pub fn set_error(&mut self, message: String) {
        self.errors = vec![message];
    }

    pub fn handle_key(&mut self, key: KeyEvent, keymap: &Keymap, store: &dyn Store) -> FormOutcome {
        self.keys = Keys::of(keymap);
        let action = keymap.action(Mode::Form, &key);
        if let Some(picker) = &mut self.picker {
            match picker.handle_key(key, action == Some(Action::Cancel)) {
                PickerOutcome::Continue => {}
                PickerOutcome::Close => self.picker = None,
                PickerOutcome::Picked(id, title) => {
                    if let Some(picker) = self.picker.take() {
                        self.picked(&picker, id, title, store);
                    }
                }
            }
            return FormOutcome::Continue;
        }
        let editing = self.fields.get(self.focus).is_some_and(FormField::editing);
        if editing {
            let ends = matches!(
                action,
                Some(Action::Cancel | Action::Save | Action::NextField | Action::PrevField)
            );
            if !ends {
                return self.field_key(key, store);
            }
            if action == Some(Action::Cancel) {
                self.cancel_editing();
                return FormOutcome::Continue;
            }
            if !self.stop_editing() {
                return FormOutcome::Continue;
            }
        }
        match action {
            Some(Action::Save) => self.save(),
            Some(Action::Cancel) if self.is_dirty() => FormOutcome::AskDiscard,
            Some(Action::Cancel) => FormOutcome::Close,
            Some(Action::NextField) => {
                self.move_focus(true, true);
                FormOutcome::Continue
            }
            Some(Action::PrevField) => {
                self.move_focus(false, true);
                FormOutcome::Continue
            }
            Some(Action::Pick) => {
                let effect = match self.fields.get_mut(self.focus) {
                    Some(field) => field.pick(),
                    None => Effect::Ignored,
                };
                self.apply(effect, "", store);
                FormOutcome::Continue
            }
            _ => self.field_key(key, store),
        }
    }

    fn field_key(&mut self, key: KeyEvent, store: &dyn Store) -> FormOutcome {
        let cx = self.row_context();
        let Some(field) = self.fields.get_mut(self.focus) else {
            return FormOutcome::Continue;
        };
        let effect = field.handle_key(key, cx);
        // A letter typed on a reference (or a row's person) starts the picker's filter.
        let mut query = String::new();
        if let (Effect::Open(_), KeyCode::Char(c)) = (effect, key.code)
            && !key.modifiers.contains(KeyModifiers::CONTROL)
        {
            query.push(c);
        }
        self.apply(effect, &query, store);
        FormOutcome::Continue
    }

    fn apply(&mut self, effect: Effect, query: &str, store: &dyn Store) {
        match effect {
            Effect::Ignored => {}
            Effect::Used { changed: false } => {}
            Effect::Used { changed: true } => self.changed(self.focus, store),
            Effect::Next => self.move_focus(true, false),
            Effect::Prev => self.move_focus(false, false),
            Effect::Open(pick) => self.open_picker(pick, query, store),
        }
    }

    /// A field's content changed: its messages no longer stand.
    fn changed(&mut self, index: usize, store: &dyn Store) {
        let Some(field) = self.fields.get_mut(index) else {
            return;
        };
        field.errors.clear();
        if self.kind == Kind::Meeting && field.key == FieldKey::Group {
            self.group_changed(store);
        }
    }

    fn open_picker(&mut self, pick: PickFor, query: &str, store: &dyn Store) {
        let Some(field) = self.fields.get(self.focus) else {
            return;
        };
        let (kind, exclude) = match &field.input {
            Input::Reference(reference) => (reference.kind, Vec::new()),
            Input::Rows(rows) => match rows.pick_kind(pick) {
                Some(Kind::Person) => (Kind::Person, rows.taken()),
                Some(kind) => (kind, Vec::new()),
                None => return,
            },
            _ => return,
        };
        self.picker = Some(Picker::open(self.focus, pick, kind, store, &exclude, query));
    }

    fn picked(&mut self, picker: &Picker, id: Id, title: String, store: &dyn Store) {
        let Some(field) = self.fields.get_mut(picker.field) else {
            return;
        };
        match &mut field.input {
            Input::Reference(reference) => {
                reference.id = Some(id);
                reference.title = title;
            }
            Input::Rows(rows) => {
                let organisation = picker.organisation_of(id);
                rows.picked(picker.pick, id, title, organisation);
            }
            _ => return,
        }
        self.changed(picker.field, store);
    }

    /// A meeting's group changed: its members become the attendance rows (keeping what
    /// was recorded), and an empty region becomes the group's.
    fn group_changed(&mut self, store: &dyn Store) {
        let group = self.reference(FieldKey::Group);
        let stored = match group.map(|id| store.get(RecordRef::new(Kind::Group, id))) {
            Some(Err(e)) => {
                // The region and attendance stay as they are; the clerk hears why.
                self.set_error(e.message(self.lang));
                return;
            }
            Some(Ok(found)) => found.and_then(|v| match v.record {
                Record::Group(g) => Some(g),
                _ => None,
            }),
            None => None,
        };
        if let Some(g) = &stored
            && self.rev.is_none()
        {
            match crate::app::meeting_defaults::of_group(store, g, self.date(FieldKey::Date)) {
                Ok(defaults) => self.take_defaults(&defaults),
                Err(e) => self.set_error(e.message(self.lang)),
            }
        }
        if let Some(g) = &stored
            && self.reference(FieldKey::Region).is_none()
            && let Some(field) = self.fields.iter_mut().find(|f| f.key == FieldKey::Region)
            && let Input::Reference(region) = &mut field.input
        {
            region.id = Some(g.region);
            region.title = lookup::title_of(store, Kind::Region, g.region);
        }
        if let Some(field) = self
            .fields
            .iter_mut()
            .find(|f| f.key == FieldKey::Attendance)
            && let Input::Rows(rows) = &mut field.input
            && let RowList::Attendance(list) = &mut rows.list
        {
            let recorded: Vec<crate::model::Attendance> = list
                .iter()
                .filter_map(|a| {
                    a.presence.map(|presence| crate::model::Attendance {
                        person: a.person.id,
                        presence,
                    })
                })
                .collect();
            match lookup::attendance_rows(store, group, &recorded) {
                Ok(fresh) => {
                    *list = fresh;
                    rows.selected = 0;
                }
                // The rows stay as they were; the clerk is told why the members are missing.
                Err(e) => self.set_error(e.message(self.lang)),
            }
        }
    }

    /// A new meeting's group was chosen: its kind follows the group, and the time and
    /// place the clerk has not filled in come from the group's previous meeting.
    fn take_defaults(&mut self, defaults: &crate::app::meeting_defaults::MeetingDefaults) {
        let time = |t: Option<chrono::NaiveTime>| {
            t.map(crate::model::date::format_time).unwrap_or_default()
        };
        for field in &mut self.fields {
            match (&mut field.input, field.key) {
                (Input::Choice(choice), FieldKey::Kind)
                    if defaults.kind != crate::model::MeetingKind::Other =>
                {
                    *choice = fields::Choice::of(Some(defaults.kind), false);
                }
                (
                    Input::Text { input, .. },
                    key @ (FieldKey::Start | FieldKey::End | FieldKey::Place),
                ) if input.text().trim().is_empty() => {
                    let value = match key {
                        FieldKey::Start => time(defaults.start),
                        FieldKey::End => time(defaults.end),
                        _ => defaults.place.clone(),
                    };
                    input.set_text(&value);
                }
                _ => {}
            }
        }
    }

    /// The day typed in a date field, when it parses.
    fn date(&self, key: FieldKey) -> Option<NaiveDate> {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .and_then(|f| match &f.input {
                Input::Text { input, .. } => {
                    crate::model::date::parse_date(crate::model::meeting::DATE, &input.text()).ok()
                }
                _ => None,
            })
    }

    fn reference(&self, key: FieldKey) -> Option<Id> {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .and_then(|f| match &f.input {
                Input::Reference(r) => r.id,
                _ => None,
            })
    }
}

#[cfg(test)]
mod tests;
