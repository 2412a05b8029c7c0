//! The kinds of field a form is made of, one type each: text (one line, several lines,
//! dates, times, numbers, lists of lines), a choice from an official list, a reference to
//! another record, and the row editors of `rows.rs`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::form::describe::FieldKey;
use crate::app::form::draft::{DraftValue, FieldDraft};
use crate::app::form::input::TextInput;
use crate::app::form::rows::{RowContext, Rows};
use crate::model::text::fold;
use crate::model::{Field, Id, Kind, Labelled, Lang};

/// How a text field's content is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TextKind {
    Line,
    Multi,
    Date {
        required: bool,
    },
    Time,
    Number {
        min: i64,
        max: i64,
        year: bool,
    },
    /// One item per line (goals, municipalities, links, guests).
    Lines,
    /// One milestone per line: `2013–2015 text`.
    Timeline,
}

impl TextKind {
    fn multi(self) -> bool {
        matches!(self, TextKind::Multi | TextKind::Lines | TextKind::Timeline)
    }
}

/// A choice from a list of labelled values, with "—" first when it may be empty.
#[derive(Debug, Clone)]
pub(super) struct Choice {
    /// Czech and English labels, in the list's order.
    pub options: Vec<(&'static str, &'static str)>,
    pub index: Option<usize>,
    pub optional: bool,
}

impl Choice {
    pub fn of<T: Labelled + PartialEq>(value: Option<T>, optional: bool) -> Choice {
        let index = value.and_then(|v| T::ALL.iter().position(|x| *x == v));
        Choice {
            options: T::ALL
                .iter()
                .map(|v| (v.label_cs(), v.label_en()))
                .collect(),
            index: if optional { index } else { index.or(Some(0)) },
            optional,
        }
    }

    pub fn value<T: Labelled>(&self) -> Option<T> {
        self.index.and_then(|i| T::ALL.get(i).copied())
    }

    pub fn label(&self, lang: Lang) -> &'static str {
        match self.index.and_then(|i| self.options.get(i)) {
            Some(&(cs, en)) => lang.pick(cs, en),
            None => "—",
        }
    }

    /// The next (or previous) value; "—" counts as a value of an optional choice.
    pub fn cycle(&mut self, forward: bool) {
        let n = self.options.len();
        if n == 0 {
            return;
        }
        // Positions: 0 is "—" when optional, then the options.
        let offset = usize::from(self.optional);
        let count = n + offset;
        let at = self.index.map_or(0, |i| i + offset);
        let next = if forward {
            (at + 1) % count
        } else {
            (at + count - 1) % count
        };
        self.index = next.checked_sub(offset);
    }

    /// Jumps to the next value whose label starts with the letter typed.
    fn jump(&mut self, c: char, lang: Lang) -> bool {
        let letter = fold(&c.to_string());
        if letter.is_empty() {
            return false;
        }
        let n = self.options.len();
        let start = self.index.map_or(0, |i| i + 1);
        let found = (0..n).map(|k| (start + k) % n).find(|&i| {
            let (cs, en) = self.options[i];
            fold(lang.pick(cs, en)).starts_with(&letter)
        });
        if let Some(i) = found {
            self.index = Some(i);
        }
        found.is_some()
    }
}

/// A reference to another record, shown by its title.
#[derive(Debug, Clone)]
pub(super) struct Reference {
    pub kind: Kind,
    pub id: Option<Id>,
    pub title: String,
    pub optional: bool,
}

/// The value editor of a field.
#[derive(Debug, Clone)]
pub(super) enum Input {
    Text { input: TextInput, kind: TextKind },
    Choice(Choice),
    Reference(Reference),
    Rows(Rows),
}

/// Which way a picker's choice goes into its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickFor {
    /// The field's reference.
    Set,
    /// A new row.
    Add,
    /// The record of this row's column (a member's person or organisation, an output's
    /// document).
    Replace { row: usize, column: usize },
}

/// What a key did to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Effect {
    /// The field had no use for the key.
    Ignored,
    /// The key was used; the content may have changed.
    Used {
        changed: bool,
    },
    Next,
    Prev,
    Open(PickFor),
}

/// One labelled field of a form.
#[derive(Debug, Clone)]
pub(super) struct FormField {
    /// The field's key in its record's description.
    pub key: FieldKey,
    pub label: Field,
    /// The model's fields whose problems are shown here.
    pub matches: Vec<Field>,
    pub input: Input,
    /// Messages standing against the field.
    pub errors: Vec<String>,
}

impl FormField {
    fn with(key: FieldKey, label: Field, input: Input) -> FormField {
        FormField {
            key,
            label,
            matches: vec![label],
            input,
            errors: Vec::new(),
        }
    }

    pub fn text(key: FieldKey, label: Field, kind: TextKind, value: &str) -> FormField {
        let input = TextInput::new(value, kind.multi());
        FormField::with(key, label, Input::Text { input, kind })
    }

    pub fn choice(key: FieldKey, label: Field, choice: Choice) -> FormField {
        FormField::with(key, label, Input::Choice(choice))
    }

    pub fn reference(key: FieldKey, label: Field, reference: Reference) -> FormField {
        FormField::with(key, label, Input::Reference(reference))
    }

    pub fn rows(key: FieldKey, label: Field, rows: Rows) -> FormField {
        FormField::with(key, label, Input::Rows(rows))
    }

    /// Problems of these model fields are shown here too.
    pub fn also(mut self, fields: &[Field]) -> FormField {
        self.matches.extend_from_slice(fields);
        self
    }

    /// Whether the field is typing inside a row (an output's title).
    pub fn editing(&self) -> bool {
        matches!(&self.input, Input::Rows(rows) if rows.editing())
    }

    /// The field gets the focus: a one-line value is selected, to be replaced by typing.
    pub fn enter(&mut self) {
        if let Input::Text { input, .. } = &mut self.input {
            input.enter();
        }
    }

    /// The field loses the focus.
    pub fn leave(&mut self) {
        if let Input::Text { input, .. } = &mut self.input {
            input.leave();
        }
    }

    /// The key, for a field that is not a text editor or a row editor's own keys.
    pub fn handle_key(&mut self, key: KeyEvent, cx: RowContext) -> Effect {
        let lang = cx.lang;
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let ctrl_u =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('u');
        match &mut self.input {
            Input::Text { input, .. } => text_key(input, key),
            // Backspace leaves a choice or a reference alone: Del (or Ctrl-U) empties it,
            // as the hint row says.
            Input::Choice(_) | Input::Reference(_) if key.code == KeyCode::Backspace => {
                Effect::Used { changed: false }
            }
            Input::Choice(choice) if ctrl_u || key.code == KeyCode::Delete => {
                let changed = choice.optional && choice.index.is_some();
                if changed {
                    choice.index = None;
                }
                Effect::Used { changed }
            }
            Input::Reference(reference) if ctrl_u || key.code == KeyCode::Delete => {
                let changed = reference.optional && reference.id.is_some();
                if changed {
                    reference.id = None;
                    reference.title.clear();
                }
                Effect::Used { changed }
            }
            Input::Rows(rows) => {
                let effect = rows.handle_key(key, cx);
                if let Some(message) = rows.error.take() {
                    self.errors = vec![message];
                }
                effect
            }
            Input::Choice(choice) => match key.code {
                KeyCode::Right | KeyCode::Char(' ') if plain => {
                    choice.cycle(true);
                    Effect::Used { changed: true }
                }
                KeyCode::Left => {
                    choice.cycle(false);
                    Effect::Used { changed: true }
                }
                KeyCode::Char(c) if plain => Effect::Used {
                    changed: choice.jump(c, lang),
                },
                KeyCode::Enter | KeyCode::Down => Effect::Next,
                KeyCode::Up => Effect::Prev,
                _ => Effect::Ignored,
            },
            Input::Reference(_) => match key.code {
                KeyCode::Enter => Effect::Open(PickFor::Set),
                KeyCode::Char(_) if plain => Effect::Open(PickFor::Set),
                KeyCode::Down => Effect::Next,
                KeyCode::Up => Effect::Prev,
                _ => Effect::Ignored,
            },
        }
    }

    /// The pick key: opens the picker or cycles the choice.
    pub fn pick(&mut self) -> Effect {
        match &mut self.input {
            Input::Text { .. } => Effect::Ignored,
            Input::Choice(choice) => {
                choice.cycle(true);
                Effect::Used { changed: true }
            }
            Input::Reference(_) => Effect::Open(PickFor::Set),
            Input::Rows(rows) => rows.pick(),
        }
    }

    /// The field's raw content.
    pub fn draft(&self) -> FieldDraft {
        let value = match &self.input {
            Input::Text { input, .. } => DraftValue::Text(input.text()),
            Input::Choice(choice) => DraftValue::Choice(
                choice
                    .index
                    .and_then(|i| choice.options.get(i))
                    .map(|(cs, _)| (*cs).to_owned()),
            ),
            Input::Reference(reference) => DraftValue::Reference(reference.id),
            Input::Rows(rows) => rows.draft(),
        };
        FieldDraft {
            key: self.key,
            value,
        }
    }

    /// Puts back raw content kept in a draft; `title` names a referenced record.
    pub fn restore(&mut self, value: DraftValue, title: &dyn Fn(Kind, Id) -> String) {
        match (&mut self.input, value) {
            (Input::Text { input, .. }, DraftValue::Text(text)) => input.set_text(&text),
            (Input::Choice(choice), DraftValue::Choice(label)) => {
                let index = label.and_then(|l| choice.options.iter().position(|(cs, _)| *cs == l));
                if index.is_some() || choice.optional {
                    choice.index = index;
                }
            }
            (Input::Reference(reference), DraftValue::Reference(id)) => {
                reference.id = id;
                reference.title = id.map(|id| title(reference.kind, id)).unwrap_or_default();
            }
            (Input::Rows(rows), value) => rows.restore(value, title),
            _ => {}
        }
    }
}

/// Keys a text editor does not take: Enter on one line, Up and Down at its edges.
fn text_key(input: &mut TextInput, key: KeyEvent) -> Effect {
    let multi = input.is_multi();
    let last = input.lines().len().saturating_sub(1);
    match key.code {
        KeyCode::Enter if !multi && key.modifiers.is_empty() => Effect::Next,
        KeyCode::Up if !multi || input.row() == 0 => Effect::Prev,
        KeyCode::Down if !multi || input.row() >= last => Effect::Next,
        _ => Effect::Used {
            changed: input.input(key),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MeetingState, Represents};

    #[test]
    fn an_optional_choice_cycles_through_the_dash() {
        let mut c = Choice::of::<Represents>(None, true);
        assert_eq!(c.label(Lang::Cs), "—");
        c.cycle(true);
        assert_eq!(c.value::<Represents>(), Some(Represents::Commissioner));
        c.cycle(false);
        c.cycle(false);
        assert_eq!(c.value::<Represents>(), Some(Represents::Public));
        let mut s = Choice::of::<MeetingState>(None, false);
        assert_eq!(s.value::<MeetingState>(), Some(MeetingState::Planned));
        s.cycle(false);
        assert_eq!(s.value::<MeetingState>(), Some(MeetingState::Cancelled));
        assert!(s.jump('p', Lang::Cs));
        assert_eq!(s.value::<MeetingState>(), Some(MeetingState::Planned));
        assert!(s.jump('p', Lang::Cs));
        assert_eq!(s.value::<MeetingState>(), Some(MeetingState::Held));
    }
}
